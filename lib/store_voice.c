/*
 * store_voice.c - the SQL of "how it went": the laptop's ballot secret,
 * counter and outbox of sealed answers, and the hub's answers per ballot.
 * See store_voice.h and schema/voice.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "store_int.h"
#include "store_voice.h"

int store_voice_next(struct store *st, unsigned char secret[32], long long *number,
		     struct err *err)
{
	static const char make[] =
		"INSERT INTO voice_state(id, secret, counter) VALUES (1, ?1, 0)"
		" ON CONFLICT(id) DO NOTHING";
	static const char bump[] = "UPDATE voice_state SET counter = counter + 1 WHERE id = 1";
	static const char get[] = "SELECT secret, counter FROM voice_state WHERE id = 1";
	unsigned char fresh[32];
	sqlite3_stmt *s = store_prep(st, make, err);
	int rc;

	if (!s)
		return -1;
	randombytes_buf(fresh, sizeof fresh);
	sqlite3_bind_blob(s, 1, fresh, sizeof fresh, SQLITE_TRANSIENT);
	sodium_memzero(fresh, sizeof fresh);
	if (store_step_done(st, s, err, "keeping the ballot secret") < 0 ||
	    !(s = store_prep(st, bump, err)) ||
	    store_step_done(st, s, err, "counting the answers") < 0 ||
	    !(s = store_prep(st, get, err)))
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_bytes(s, 0) != 32) {
			sqlite3_reset(s);
			return err_set(err, "the ballot secret is damaged");
		}
		memcpy(secret, sqlite3_column_blob(s, 0), 32);
		*number = sqlite3_column_int64(s, 1);
	}
	rc = store_one(st, s, rc, err, "reading the ballot secret");
	return rc == 1 ? 0 : rc < 0 ? -1 : err_set(err, "the ballot secret is missing");
}

int store_voice_outbox_add(struct store *st, const char *id, const void *sealed,
			   size_t len, const char *date, struct err *err)
{
	static const char sql[] =
		"INSERT INTO voice_outbox(id, sealed, submitted_on) VALUES (?1, ?2, ?3)";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	store_bind_text(s, 1, id);
	sqlite3_bind_blob(s, 2, sealed, (int)len, SQLITE_TRANSIENT);
	store_bind_text(s, 3, date);
	return store_step_done(st, s, err, "keeping the sealed answers");
}

int store_voice_unsent_each(struct store *st,
			    int (*fn)(const char *id, const unsigned char *sealed,
				      size_t len, void *),
			    void *arg, struct err *err)
{
	static const char sql[] =
		"SELECT id, sealed FROM voice_outbox WHERE sent < 0 OR (sent = 0 AND"
		" (SELECT count(*) FROM voice_outbox WHERE sent <= 0) >= ?1) ORDER BY id";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, stop = 0;

	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, VOICE_BATCH);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW)
		stop = fn((const char *)sqlite3_column_text(s, 0), sqlite3_column_blob(s, 1),
			  (size_t)sqlite3_column_bytes(s, 1), arg);
	return store_each_end(st, s, rc, stop, err, "reading the sealed answers");
}

int store_voice_waiting(struct store *st, long long *n, struct err *err)
{
	static const char sql[] = "SELECT count(*) FROM voice_outbox WHERE sent <= 0";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	return store_one(st, s, rc, err, "counting the sealed answers") < 0 ? -1 : 0;
}

int store_voice_mark_pushed(struct store *st, unsigned long long seq, const char *id,
			    struct err *err)
{
	static const char sql[] = "UPDATE voice_outbox SET sent = -?1 WHERE id = ?2 AND sent <= 0";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)seq);
	store_bind_text(s, 2, id);
	return store_step_done(st, s, err, "marking the answers as sent");
}

int store_voice_acked(struct store *st, const char *bundle_id, struct err *err)
{
	static const char sql[] =
		"UPDATE voice_outbox SET sent = -sent WHERE sent < 0 AND -sent ="
		" (SELECT seq FROM sync_sent WHERE bundle_id = ?1)";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	store_bind_text(s, 1, bundle_id);
	return store_step_done(st, s, err, "marking the answers as delivered");
}

/* ---- the hub ---- */

int store_voice_hub_seen(struct store *st, const char *response_id, struct err *err)
{
	static const char sql[] = "SELECT 1 FROM hub_voice_seen WHERE response_id = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);

	if (!s)
		return -1;
	store_bind_text(s, 1, response_id);
	return store_one(st, s, sqlite3_step(s), err, "reading the answers seen");
}

int store_voice_hub_put(struct store *st, const struct voice_response *r,
			const char *response_id, const void *sealed, size_t len,
			int *result, struct err *err)
{
	static const char seen[] = "INSERT OR IGNORE INTO hub_voice_seen(response_id) VALUES (?1)";
	static const char get[] = "SELECT number, response_id FROM hub_voice WHERE ballot = ?1";
	static const char put[] =
		"INSERT OR REPLACE INTO hub_voice(ballot, response_id, number, station,"
		" quarter, sealed) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	sqlite3_stmt *s = store_prep(st, seen, err);
	long long number = 0;
	char *there = NULL;
	int rc;

	*result = 0;
	if (!s)
		return -1;
	store_bind_text(s, 1, response_id);
	if (store_step_done(st, s, err, "remembering the answers") < 0 ||
	    !(s = store_prep(st, get, err)))
		return -1;
	store_bind_text(s, 1, r->ballot);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		number = sqlite3_column_int64(s, 0);
		there = store_col_dup(s, 1);
	}
	if ((rc = store_one(st, s, rc, err, "reading the answers kept")) < 0)
		return -1;
	if (rc == 1) {
		int newer = r->number > number ||
			(r->number == number && strcmp(response_id, there) < 0);
		free(there);
		*result = newer ? 1 : 2;
		/* Audited without the ballot: the hub's log names no appraisal. */
		if (store_audit(st, NULL, NULL, newer ? "voice-replaced" : "voice-superseded",
				newer ? "a later answer on one appraisal replaces the earlier"
				: "an earlier answer on one appraisal arrived after the later",
				err) < 0)
			return -1;
		if (!newer)
			return 0;
	}
	if (!(s = store_prep(st, put, err)))
		return -1;
	store_bind_text(s, 1, r->ballot);
	store_bind_text(s, 2, response_id);
	sqlite3_bind_int64(s, 3, r->number);
	store_bind_text(s, 4, r->station);
	store_bind_text(s, 5, r->quarter);
	sqlite3_bind_blob(s, 6, sealed, (int)len, SQLITE_TRANSIENT);
	return store_step_done(st, s, err, "keeping the answers");
}

int store_voice_hub_each(struct store *st,
			 int (*fn)(const char *station, const char *quarter,
				   const unsigned char *sealed, size_t len, void *),
			 void *arg, struct err *err)
{
	static const char sql[] =
		"SELECT station, quarter, sealed FROM hub_voice ORDER BY ballot";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, stop = 0;

	if (!s)
		return -1;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW)
		stop = fn((const char *)sqlite3_column_text(s, 0),
			  (const char *)sqlite3_column_text(s, 1), sqlite3_column_blob(s, 2),
			  (size_t)sqlite3_column_bytes(s, 2), arg);
	return store_each_end(st, s, rc, stop, err, "reading the answers");
}
