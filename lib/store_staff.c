/*
 * store_staff.c - staff records in the store (see store.h).
 */
#include <stdlib.h>
#include <string.h>

#include "sbuf.h"
#include "store_int.h"

void staff_release(struct staff *s)
{
	if (!s)
		return;
	free(s->staff_number);
	free(s->name);
	free(s->role);
	free(s->band);
	free(s->station);
	free(s->email);
	free(s->due);
	memset(s, 0, sizeof(*s));
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

int store_staff_put(struct store *st, const struct staff *p, int *created,
		    struct err *err)
{
	static const char find[] = "SELECT 1 FROM staff WHERE staff_number = ?1";
	static const char ins[] =
		"INSERT INTO staff(staff_number, uuid, name, role, band, station, email,"
		" due, device_id, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)";
	/* Only a real change makes a new revision. */
	static const char upd[] =
		"UPDATE staff SET name = ?2, role = ?3, band = ?4, station = ?5,"
		" email = ?6, due = ?7, revision = revision + 1, updated_at = ?8"
		" WHERE staff_number = ?1 AND (name IS NOT ?2 OR role IS NOT ?3"
		" OR band IS NOT ?4 OR station IS NOT ?5 OR email IS NOT ?6"
		" OR due IS NOT ?7)";
	char now[STAMP_LEN + 1], uuid[UUID_LEN + 1];
	sqlite3_stmt *s;
	int exists, rc;

	if (!p->staff_number || !*p->staff_number || !p->name || !*p->name)
		return err_set(err, "a staff member needs a staff number and a name");
	if (!(s = store_prep(st, find, err)))
		return -1;
	store_bind_text(s, 1, p->staff_number);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_dberr(st, err, "reading staff");
	exists = rc == SQLITE_ROW;
	time_stamp(now);
	if (exists) {
		if (!(s = store_prep(st, upd, err)))
			return -1;
		store_bind_text(s, 1, p->staff_number);
		store_bind_text(s, 2, p->name);
		store_bind_text(s, 3, nz(p->role));
		store_bind_text(s, 4, nz(p->band));
		store_bind_text(s, 5, nz(p->station));
		store_bind_text(s, 6, nz(p->email));
		store_bind_text(s, 7, p->due && *p->due ? p->due : NULL);
		store_bind_text(s, 8, now);
	} else {
		if (uuid_new(uuid, err) < 0 || !(s = store_prep(st, ins, err)))
			return -1;
		store_bind_text(s, 1, p->staff_number);
		store_bind_text(s, 2, uuid);
		store_bind_text(s, 3, p->name);
		store_bind_text(s, 4, nz(p->role));
		store_bind_text(s, 5, nz(p->band));
		store_bind_text(s, 6, nz(p->station));
		store_bind_text(s, 7, nz(p->email));
		store_bind_text(s, 8, p->due && *p->due ? p->due : NULL);
		store_bind_text(s, 9, st->device_id);
		store_bind_text(s, 10, now);
	}
	if (store_step_done(st, s, err, "saving the staff member") < 0)
		return -1;
	if (created)
		*created = !exists;
	return 0;
}

/* "Alex Smith (Paramedic, Northgate)": who holds a staff number. */
static void describe(const struct staff *p, struct sbuf *out)
{
	const char *role = nz(p->role), *station = nz(p->station);

	sbuf_adds(out, p->name);
	if (*role || *station)
		sbuf_addf(out, " (%s%s%s)", role, *role && *station ? ", " : "", station);
}

int store_staff_add(struct store *st, const struct staff *p, struct err *err)
{
	struct staff old = { 0 };
	struct sbuf who = SBUF_INIT;
	int found;

	if (!p->staff_number || !*p->staff_number || !p->name || !*p->name)
		return err_set(err, "a staff member needs a staff number and a name");
	if (store_begin(st, err) < 0)
		return -1;
	found = store_staff_get(st, p->staff_number, &old, err);
	if (found == 1) {
		describe(&old, &who);
		err_set(err, "staff number %s is already %s; a new person needs a "
			"number of their own (to change %s, edit them instead)",
			p->staff_number, who.buf, old.name);
		sbuf_release(&who);
		staff_release(&old);
	}
	if (found != 0 || store_staff_put(st, p, NULL, err) < 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}

static void fill_staff(sqlite3_stmt *s, struct staff *p)
{
	p->staff_number = store_col_dup(s, 0);
	p->name = store_col_dup(s, 1);
	p->role = store_col_dup(s, 2);
	p->band = store_col_dup(s, 3);
	p->station = store_col_dup(s, 4);
	p->email = store_col_dup(s, 5);
	p->due = store_col_dup(s, 6);
}

int store_staff_get(struct store *st, const char *staff_number,
		    struct staff *p, struct err *err)
{
	static const char sql[] =
		"SELECT staff_number, name, role, band, station, email, due"
		" FROM staff WHERE staff_number = ?1";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc;

	if (!s)
		return -1;
	store_bind_text(s, 1, staff_number);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		fill_staff(s, p);
	return store_one(st, s, rc, err, "reading staff");
}

int store_staff_each(struct store *st,
		     int (*fn)(const struct staff_status *, void *), void *arg,
		     struct err *err)
{
	/* The latest appraisal of each staff member, and the date of the
	 * latest final one, in one pass over the appraisals index. */
	static const char sql[] =
		"SELECT s.staff_number, s.name, s.role, s.band, s.station, s.email, s.due,"
		" a.state, a.id, a.revision <= a.synced_revision,"
		" (SELECT coalesce(f.meeting_date, substr(f.updated_at, 1, 10))"
		"    FROM appraisals f WHERE f.staff_number = s.staff_number"
		"    AND f.state = 'final' ORDER BY f.created_at DESC, f.id DESC LIMIT 1)"
		" FROM staff s LEFT JOIN appraisals a ON a.id = ("
		"   SELECT id FROM appraisals l WHERE l.staff_number = s.staff_number"
		"   ORDER BY l.created_at DESC, l.id DESC LIMIT 1)"
		" ORDER BY s.station, s.name, s.staff_number";
	sqlite3_stmt *s = store_prep(st, sql, err);
	int rc, stop = 0;

	if (!s)
		return -1;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct staff_status ss;

		memset(&ss, 0, sizeof(ss));
		ss.s.staff_number = (char *)sqlite3_column_text(s, 0);
		ss.s.name = (char *)sqlite3_column_text(s, 1);
		ss.s.role = (char *)sqlite3_column_text(s, 2);
		ss.s.band = (char *)sqlite3_column_text(s, 3);
		ss.s.station = (char *)sqlite3_column_text(s, 4);
		ss.s.email = (char *)sqlite3_column_text(s, 5);
		ss.s.due = (char *)sqlite3_column_text(s, 6);
		ss.state = (const char *)sqlite3_column_text(s, 7);
		ss.appraisal_id = sqlite3_column_int64(s, 8);
		ss.synced = ss.state && !strcmp(ss.state, "final") &&
			    sqlite3_column_int(s, 9);
		ss.last_final = (const char *)sqlite3_column_text(s, 10);
		stop = fn(&ss, arg);
	}
	return store_each_end(st, s, rc, stop, err, "reading staff");
}
