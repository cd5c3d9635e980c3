/*
 * store_demo.c - the one write the demo needs that no real use does: its
 * appraisals dated in the past (see demo.h), so that the demo database
 * looks like a trust's last two years.
 */
#include "demo.h"
#include "store_int.h"

int store_demo_backdate(struct store *st, long long appraisal_id,
			const char *stamp, struct err *err)
{
	static const char *const sql[] = {
		"UPDATE appraisals SET created_at = ?2, updated_at = ?2 WHERE id = ?1",
		"UPDATE answers SET updated_at = ?2 WHERE appraisal_id = ?1",
		"UPDATE pdp_goals SET created_at = ?2, updated_at = ?2 WHERE appraisal_id = ?1",
		"UPDATE signoffs SET signed_at = ?2 WHERE appraisal_id = ?1",
	};

	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		sqlite3_stmt *s = store_prep(st, sql[i], err);
		int rc;

		if (!s)
			return -1;
		sqlite3_bind_int64(s, 1, appraisal_id);
		store_bind_text(s, 2, stamp);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return store_dberr(st, err, "dating the demo appraisal");
	}
	return 0;
}
