/*
 * hubpg_lazy.c - libpq's functions, as lib/hubpg*.c use them, opened when
 * the first PostgreSQL hub is (hubstore_open_pg calls lazy_open): eadr
 * does not load libpq and what it loads at every start (lazy.h).
 */
#ifdef HAVE_LIBPQ

#include <libpq-fe.h>

#include "lazy.h"

#define SO EADR_PQ_SONAME

LAZY_VOID(SO, PQclear, (PGresult *res), (res))
LAZY(SO, char *, PQcmdTuples, (PGresult *res), (res))
LAZY(SO, PGconn *, PQconnectdb, (const char *conninfo), (conninfo))
LAZY_VOID(SO, PQconninfoFree, (PQconninfoOption *o), (o))
LAZY(SO, PQconninfoOption *, PQconninfoParse, (const char *conninfo, char **errmsg),
     (conninfo, errmsg))
LAZY(SO, char *, PQerrorMessage, (const PGconn *conn), (conn))
LAZY(SO, PGresult *, PQexec, (PGconn *conn, const char *query), (conn, query))
LAZY(SO, int, PQenterPipelineMode, (PGconn *conn), (conn))
LAZY(SO, PGresult *, PQexecParams,
     (PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
      const char *const *paramValues, const int *paramLengths, const int *paramFormats,
      int resultFormat),
     (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats,
      resultFormat))
LAZY(SO, int, PQexitPipelineMode, (PGconn *conn), (conn))
LAZY_VOID(SO, PQfinish, (PGconn *conn), (conn))
LAZY_VOID(SO, PQfreemem, (void *ptr), (ptr))
LAZY(SO, PGresult *, PQgetResult, (PGconn *conn), (conn))
LAZY(SO, int, PQgetisnull, (const PGresult *res, int tup, int field), (res, tup, field))
LAZY(SO, char *, PQgetvalue, (const PGresult *res, int tup, int field), (res, tup, field))
LAZY(SO, int, PQntuples, (const PGresult *res), (res))
LAZY(SO, int, PQpipelineSync, (PGconn *conn), (conn))
LAZY(SO, int, PQputCopyData, (PGconn *conn, const char *buffer, int nbytes),
     (conn, buffer, nbytes))
LAZY(SO, int, PQputCopyEnd, (PGconn *conn, const char *errormsg), (conn, errormsg))
LAZY(SO, char *, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode))
LAZY(SO, ExecStatusType, PQresultStatus, (const PGresult *res), (res))
LAZY(SO, int, PQsendPrepare,
     (PGconn *conn, const char *stmtName, const char *query, int nParams,
      const Oid *paramTypes),
     (conn, stmtName, query, nParams, paramTypes))
LAZY(SO, int, PQsendQueryParams,
     (PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
      const char *const *paramValues, const int *paramLengths, const int *paramFormats,
      int resultFormat),
     (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats,
      resultFormat))
LAZY(SO, int, PQsendQueryPrepared,
     (PGconn *conn, const char *stmtName, int nParams, const char *const *paramValues,
      const int *paramLengths, const int *paramFormats, int resultFormat),
     (conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat))
LAZY(SO, int, PQsetClientEncoding, (PGconn *conn, const char *encoding), (conn, encoding))
LAZY(SO, int, PQsetSingleRowMode, (PGconn *conn), (conn))
LAZY(SO, ConnStatusType, PQstatus, (const PGconn *conn), (conn))
LAZY(SO, PGTransactionStatusType, PQtransactionStatus, (const PGconn *conn), (conn))
LAZY(SO, unsigned char *, PQunescapeBytea, (const unsigned char *strtext, size_t *retbuflen),
     (strtext, retbuflen))

#endif
