/*
 * tna_peer.c - the same-work peer of 'eadr export tna --year all -o FILE'
 * for bench/tna_export.sh: a plain SQLite program that runs eadr's own TNA
 * query text (lib/store_export.c, with an eadr_value function passing plain
 * values through, as eadr's does for them), adds each row's TNA year and
 * labels (the codes: the bench database keeps no form), writes the same
 * spreadsheet-safe CSV to a temporary file, syncs it and renames it into
 * place.  Its output must be byte-identical to eadr's (the script checks).
 *
 *   tna_peer DB OUT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

static const char sql[] =
	"SELECT s.staff_number, s.name, s.role, s.band, s.station, a.appraiser,"
	" coalesce(a.meeting_date, substr(a.updated_at, 1, 10)), a.form_id,"
	" a.form_version, a.state, a.uuid,"
	" eadr_value(g.need, g.uuid, 'pdp.need', g.revision, 0, 0),"
	" eadr_value(g.goal, g.uuid, 'pdp.goal', g.revision, 0, 0),"
	" g.kind, g.category, g.priority, g.target_date,"
	" eadr_value(g.support, g.uuid, 'pdp.support', g.revision, 0, 0), g.status,"
	" coalesce(eadr_value(p.goal, p.uuid, 'pdp.goal', p.revision, 0, 0),"
	" g.follows_up), g.follows_up,"
	" g.position, a.form_hash, g.uuid"
	", eadr_value(xc.value, a.uuid, xc.path, xc.revision, 0, 0),"
	" eadr_value(xf.value, a.uuid, xf.path, xf.revision, 0, 0)"
	" FROM pdp_goals g"
	" JOIN appraisals a ON a.id = g.appraisal_id"
	" JOIN staff s ON s.staff_number = a.staff_number"
	" LEFT JOIN pdp_goals p ON p.uuid = g.follows_up"
	" LEFT JOIN json_each(?6) m ON m.key = a.form_hash"
	" LEFT JOIN answers xc ON xc.appraisal_id = a.id AND xc.private = 0"
	"  AND xc.path = m.value || '[' || g.position || '].cost'"
	" LEFT JOIN answers xf ON xf.appraisal_id = a.id AND xf.private = 0"
	"  AND xf.path = m.value || '[' || g.position || '].funder'"
	" WHERE a.state = 'final' AND"
	" (?1 IS NULL OR coalesce(a.meeting_date, substr(a.updated_at, 1, 10)) >= ?1)"
	" AND (?2 IS NULL OR coalesce(a.meeting_date, substr(a.updated_at, 1, 10)) <= ?2)"
	" AND (?3 IS NULL OR s.station = ?3 COLLATE NOCASE)"
	" AND (?4 IS NULL OR g.category = ?4 COLLATE NOCASE)"
	" ORDER BY s.station, s.name, s.staff_number, 7, a.id, g.position";

/* The CSV columns: a result column, or -1 for the TNA year, or -2-N for
 * the label of result column N (the code itself: no form is kept). */
static const struct { const char *key; int col; } cols[] = {
	{ "staff_number", 0 }, { "name", 1 }, { "role", 2 }, { "band", 3 },
	{ "station", 4 }, { "appraiser", 5 }, { "appraisal_date", 6 },
	{ "tna_year", -1 }, { "form_version", 8 }, { "appraisal_uuid", 10 },
	{ "goal_uuid", 23 }, { "development_need", 11 }, { "goal", 12 },
	{ "type_70_20_10", 13 }, { "type_70_20_10_label", -2 - 13 },
	{ "tna_category", 14 }, { "tna_category_label", -2 - 14 },
	{ "priority", 15 }, { "priority_label", -2 - 15 }, { "target_date", 16 },
	{ "support_needed", 17 }, { "estimated_cost", 24 }, { "funder", 25 },
	{ "funder_label", -2 - 25 }, { "goal_state", 18 }, { "follows_up", 19 },
	{ "follows_up_uuid", 20 }, { "appraisal_state", 9 },
};
#define NCOLS (sizeof(cols) / sizeof(cols[0]))

static void pass(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
	(void)argc;
	sqlite3_result_value(ctx, v[0]);
}

/* RFC 4180, with a leading = + - @ tab or CR made inert by a quote. */
static void put(FILE *fp, const char *s)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	int risky = s[0] && strchr("=+-@\t\r", s[0]);

	if (!quote && !risky) {
		fputs(s, fp);
		return;
	}
	putc('"', fp);
	if (risky)
		putc('\'', fp);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', fp);
		putc(*s, fp);
	}
	putc('"', fp);
}

/* "2026/27" for a date from 1 April 2026 to 31 March 2027. */
static void tna_year(const char *d, char out[8])
{
	int y;

	out[0] = '\0';
	if (strlen(d) != 10 || d[4] != '-' || d[7] != '-')
		return;
	y = atoi(d) - (strncmp(d + 5, "04", 2) < 0);
	snprintf(out, 8, "%04u/%02u", (unsigned)y % 9999u, ((unsigned)y % 9999u + 1) % 100);
}

static const char *text(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	return t ? t : "";
}

int main(int argc, char **argv)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	char tmp[4096], year[8];
	static char fbuf[1 << 16];
	FILE *fp;
	long n = 0;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: tna_peer DB OUT\n");
		return 2;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp-peer", argv[2]);
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "eadr_value", 6, SQLITE_UTF8, NULL, pass,
				    NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
		fprintf(stderr, "tna_peer: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	sqlite3_bind_text(s, 6, "{}", -1, SQLITE_STATIC);
	if (!(fp = fopen(tmp, "w"))) {
		perror(tmp);
		return 1;
	}
	setvbuf(fp, fbuf, _IOFBF, sizeof(fbuf));
	for (size_t i = 0; i < NCOLS; i++) {
		if (i)
			putc(',', fp);
		put(fp, cols[i].key);
	}
	fputs("\r\n", fp);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (size_t i = 0; i < NCOLS; i++) {
			int c = cols[i].col;

			if (i)
				putc(',', fp);
			if (c == -1) {
				tna_year(text(s, 6), year);
				put(fp, year);
			} else {
				put(fp, text(s, c >= 0 ? c : -2 - c));
			}
		}
		fputs("\r\n", fp);
		n++;
	}
	if (rc != SQLITE_DONE || fflush(fp) != 0 || fsync(fileno(fp)) != 0 ||
	    fclose(fp) != 0 || rename(tmp, argv[2]) != 0) {
		fprintf(stderr, "tna_peer: %s\n", rc != SQLITE_DONE ? sqlite3_errmsg(db)
			: "cannot write");
		return 1;
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	fprintf(stderr, "tna_peer: %ld PDP goals\n", n);
	return 0;
}
