/*
 * synctest.h - what the sync tests share: scratch laptops and hubs, final
 * appraisals made through the store, push, import (approving a new device
 * as its keeper would), and the hub's content in a form to compare.
 */
#ifndef EADR_SYNCTEST_H
#define EADR_SYNCTEST_H

#include <sodium.h>

#include "testutil.h"
#include "lib/bundle.h"
#include "lib/fileio.h"
#include "lib/hub.h"
#include "lib/store_int.h"
#include "lib/store_sync.h"
#include "lib/sync.h"

#define MARKER "PRIVATE-MARKER-7f3a9c"

struct fx {
	char *dir;
};

static inline int sync_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));

	f->dir = tu_tmpdir();
	*state = f;
	return 0;
}

static inline int sync_teardown(void **state)
{
	struct fx *f = *state;

	tu_rmdir(f->dir);
	free(f);
	return 0;
}

static inline struct store *open_db(const char *dir, const char *name)
{
	struct err err = ERR_INIT;
	char *path = tu_path(dir, name);
	struct store *st = store_open(path, NULL, &err);

	if (!st)
		fail_msg("store_open: %s", err_msg(&err));
	free(path);
	return st;
}

static inline long long count(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	long long n;

	assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* The hub's content, without local row ids and import times, one line per
 * row: what must not depend on the order or number of imports. */
static inline char *canon(struct store *st)
{
	static const char *const q[] = {
		"SELECT staff_number, uuid, name, due, revision, updated_at FROM staff ORDER BY 1",
		"SELECT uuid, staff_number, form_hash, state, revision, device_id, updated_at,"
		" meeting_date FROM appraisals ORDER BY 1",
		"SELECT a.uuid, n.path, n.value, n.private, n.uuid FROM answers n JOIN"
		" appraisals a ON a.id = n.appraisal_id ORDER BY 1, 2",
		"SELECT a.uuid, g.uuid, g.position, g.goal, g.kind FROM pdp_goals g JOIN"
		" appraisals a ON a.id = g.appraisal_id ORDER BY 1, 3",
		"SELECT a.uuid, s.role, s.name, s.revision FROM signoffs s JOIN appraisals a"
		" ON a.id = s.appraisal_id ORDER BY 1, 4, 2",
		"SELECT hash, form_id, version FROM forms ORDER BY 1",
		"SELECT appraisal_uuid, revision, content_hash, hex(content) FROM hub_revisions ORDER BY 1, 2, 3",
		"SELECT * FROM hub_revision_bundles ORDER BY 1, 2",
		"SELECT * FROM hub_current ORDER BY 1",
		"SELECT * FROM hub_conflicts ORDER BY 1, 2, 3",
		"SELECT device_id, hex(sign_key), first_seen, last_seen, max_seq, state"
		" FROM hub_devices ORDER BY 1, 2",
		"SELECT appraisal_uuid, hex(sign_key) FROM hub_owners ORDER BY 1",
		"SELECT bundle_id, device_id, seq, created_at FROM hub_bundles ORDER BY 1",
	};
	struct sbuf out = SBUF_INIT;

	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		sqlite3_stmt *s;

		assert_int_equal(sqlite3_prepare_v2(st->db, q[i], -1, &s, NULL), SQLITE_OK);
		while (sqlite3_step(s) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(s); c++) {
				const unsigned char *t = sqlite3_column_text(s, c);

				sbuf_addf(&out, "%s|", t ? (const char *)t : "NULL");
			}
			sbuf_addch(&out, '\n');
		}
		sqlite3_finalize(s);
		sbuf_adds(&out, "--\n");
	}
	return sbuf_detach(&out);
}

static inline long long finalise(struct store *st, const char *number, const char *name,
			  const char *goal)
{
	struct staff s = { (char *)number, (char *)name, "Paramedic", "6",
		"Northgate", "", NULL };
	struct pdp_goal g = { 0, "Need", goal, "formal", "Education", "high",
		"2026-01-31", "", "new", NULL };
	struct store_appraisal a;
	struct err err = ERR_INIT;
	long long id;

	assert_int_equal(store_staff_put(st, &s, NULL, &err), 0);
	assert_int_equal(store_form_put(st, "formhash1", "eadr", "1", "id: eadr\n", &err), 0);
	assert_int_equal(store_appraisal_new(st, number, "Ffion", "eadr", "1",
					     "formhash1", &a, &err), 0);
	id = a.id;
	store_appraisal_release(&a);
	assert_int_equal(store_answer_set(st, id, "performance.went_well",
					  "Calm at the scene", 0, &err), 0);
	assert_int_equal(store_answer_set(st, id, "wellbeing.mental", MARKER " low mood",
					  STORE_PRIVATE, &err), 0);
	assert_int_equal(store_answer_set(st, id, "wellbeing.notes", "x " MARKER,
					  STORE_PRIVATE, &err), 0);
	assert_int_equal(store_pdp_set(st, id, &g, 1, &err), 0);
	assert_int_equal(store_signoff_add(st, id, "appraiser", "Ffion", "", &err), 0);
	assert_int_equal(store_signoff_add(st, id, "appraisee", name, "ok", &err), 0);
	assert_int_equal(store_appraisal_set_state(st, id, "signed", &err), 0);
	assert_int_equal(store_appraisal_set_state(st, id, "final", &err), 0);
	return id;
}

static inline char *push_ok(struct store *st, const char *dir, unsigned expect)
{
	struct sync_push_result r;
	struct err err = ERR_INIT;
	char *path;

	if (sync_push(st, dir, &r, &err) < 0)
		fail_msg("push: %s", err_msg(&err));
	assert_int_equal(r.appraisals, expect);
	path = r.path;
	r.path = NULL;
	sync_push_result_release(&r);
	return path;
}

/* Import a bundle; from a device the hub has not approved yet, approve it
 * (as the keeper would after the telephone check) and import again, which
 * writes the acknowledgement. */
static inline void import_ok(struct store *hub, const char *file, int already)
{
	struct hub_file_result r;
	struct hub_allow_result ar;
	struct err err = ERR_INIT;

	if (hub_import_file(HUBSTORE_SQLITE(hub), file, &r, &err) < 0)
		fail_msg("import: %s", err_msg(&err));
	if (r.waiting) {
		assert_null(r.ack_path);
		if (hub_allow(HUBSTORE_SQLITE(hub), r.device_fp, &ar, &err) < 0)
			fail_msg("allow: %s", err_msg(&err));
		hub_allow_result_release(&ar);
		hub_file_result_release(&r);
		if (hub_import_file(HUBSTORE_SQLITE(hub), file, &r, &err) < 0)
			fail_msg("import: %s", err_msg(&err));
		assert_int_equal(r.waiting, 0);
		assert_int_equal(r.already, 1);
	} else {
		assert_int_equal(r.already, already);
	}
	assert_non_null(r.ack_path);
	hub_file_result_release(&r);
}

static inline void trust_ok(struct store *lap, const char *pubfile)
{
	struct err err = ERR_INIT;
	char fp[25];
	int replaced;

	if (sync_trust(lap, pubfile, fp, &replaced, &err) < 0)
		fail_msg("trust: %s", err_msg(&err));
}

static inline struct store *new_hub(const char *dir, const char *name, char **pubfile)
{
	struct store *hub = open_db(dir, name);
	struct err err = ERR_INIT;
	struct sbuf p = SBUF_INIT;
	char fp[25];
	int created;

	sbuf_addf(&p, "%s/%s.pub", dir, name);
	assert_int_equal(hub_init(HUBSTORE_SQLITE(hub), p.buf, &created, fp, &err), 0);
	assert_int_equal(created, 1);
	if (pubfile)
		*pubfile = sbuf_detach(&p);
	sbuf_release(&p);
	return hub;
}

static inline void copy_file(const char *from, const char *to)
{
	struct sbuf data = SBUF_INIT;

	assert_int_equal(file_read(from, &data, 1u << 30, NULL), 0);
	assert_int_equal(file_write_atomic(to, data.buf, data.len, 0600, NULL), 0);
	sbuf_release(&data);
}

static inline void edit(struct store *st, long long id, const char *text)
{
	assert_int_equal(store_appraisal_set_state(st, id, "draft", NULL), 0);
	assert_int_equal(store_answer_set(st, id, "performance.went_well", text, 0, NULL), 0);
	assert_int_equal(store_appraisal_set_state(st, id, "signed", NULL), 0);
	assert_int_equal(store_appraisal_set_state(st, id, "final", NULL), 0);
}

#endif
