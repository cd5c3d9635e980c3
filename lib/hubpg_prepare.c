/*
 * hubpg_prepare.c - preparations from another laptop at a PostgreSQL hub
 * (the prep_* half of hubstore.h): store_prepare_away.c's hub statements in
 * PostgreSQL's dialect, with the same refusals (a code another laptop
 * told, an expired code, another form) and the same rows sent back, in
 * the same order.
 */
#include <stdlib.h>
#include <string.h>

#include "hubpg_int.h"
#include "store_prepare_away.h"
#include "util.h"

int hubpg_prep_request(struct hubstore *hs, const char *device,
		       const struct prep_travel *t, int expired, struct err *err)
{
	static const char q[] =
		"SELECT device_id FROM hub_prepare_requests WHERE code_hash = $1";
	static const char up[] =
		"INSERT INTO hub_prepare_requests(code_hash, device_id, appraisal_uuid,"
		" form_id, form_version, expired) VALUES ($1, $2, $3, $4, $5, $6)"
		" ON CONFLICT (code_hash) DO UPDATE SET"
		" expired = greatest(hub_prepare_requests.expired, excluded.expired)";
	static const char del[] = "DELETE FROM hub_prepare_answers WHERE code_hash = $1";
	struct hubpg *pg = HUBPG(hs);
	struct pgp p = { .n = 0 };
	PGresult *r;
	int other;

	pgp_text(&p, t->code_hash);
	if (!(r = hubpg_run(pg, q, &p, "reading the preparation codes", err)))
		return -1;
	other = PQntuples(r) > 0 && strcmp(PQgetvalue(r, 0, 0), device);
	PQclear(r);
	if (other)
		return err_set(err, "a preparation code another laptop issued: refused");
	pgp_text(&p, device);
	pgp_text(&p, t->who);
	pgp_text(&p, t->form_id);
	pgp_text(&p, t->form_version);
	pgp_int(&p, expired);
	if (hubpg_exec(pg, up, &p, "keeping the preparation code", err) < 0)
		return -1;
	if (!expired)
		return 0;
	/* Signed: what waits for it goes, and nothing goes back. */
	p.n = 1;
	return hubpg_exec(pg, del, &p, "dropping an expired preparation", err) < 0 ? -1 : 0;
}

int hubpg_prep_answers(struct hubstore *hs, const struct prep_travel *t,
		       struct err *err)
{
	static const char q[] =
		"SELECT expired, form_id, form_version FROM hub_prepare_requests"
		" WHERE code_hash = $1";
	static const char up[] =
		"INSERT INTO hub_prepare_answers(code_hash, from_device, form_id,"
		" form_version, saved_on, salt, box) VALUES ($1, $2, $3, $4, $5, $6, $7)"
		" ON CONFLICT (code_hash) DO UPDATE SET from_device = excluded.from_device,"
		" form_id = excluded.form_id, form_version = excluded.form_version,"
		" saved_on = excluded.saved_on, salt = excluded.salt, box = excluded.box"
		" WHERE excluded.saved_on > hub_prepare_answers.saved_on";
	struct hubpg *pg = HUBPG(hs);
	struct pgp p = { .n = 0 };
	PGresult *r;
	int expired = 0, same = 1;

	pgp_text(&p, t->code_hash);
	if (!(r = hubpg_run(pg, q, &p, "reading the preparation codes", err)))
		return -1;
	if (PQntuples(r) > 0) {
		expired = atoi(PQgetvalue(r, 0, 0));
		same = !strcmp(PQgetvalue(r, 0, 1), t->form_id) &&
		       !strcmp(PQgetvalue(r, 0, 2), t->form_version);
	}
	PQclear(r);
	if (expired)
		return err_set(err, "a preparation whose code has expired (the appraisal "
			       "was signed): refused");
	if (!same)
		return err_set(err, "a preparation on form %s %s, not the appraisal's: "
			       "refused", t->form_id, t->form_version);
	pgp_text(&p, t->who);
	pgp_text(&p, t->form_id);
	pgp_text(&p, t->form_version);
	pgp_text(&p, t->saved_on);
	pgp_blob(&p, t->salt, 16);
	pgp_blob(&p, t->box.buf ? t->box.buf : "", t->box.len);
	return hubpg_exec(pg, up, &p, "keeping the preparation", err) < 0 ? -1 : 0;
}

int hubpg_prep_back_each(struct hubstore *hs, const char *device,
			 int (*fn)(const struct prep_travel *, void *), void *arg,
			 struct err *err)
{
	static const char sql[] =
		"SELECT w.code_hash, w.from_device, w.form_id, w.form_version,"
		" w.saved_on, w.salt, w.box FROM hub_prepare_answers w"
		" JOIN hub_prepare_requests r ON r.code_hash = w.code_hash"
		" WHERE r.device_id = $1 AND r.expired = 0 AND r.form_id = w.form_id"
		" AND r.form_version = w.form_version ORDER BY w.code_hash";
	struct pgp p = { .n = 0 };
	PGresult *r;
	int stop = 0;

	pgp_text(&p, device);
	if (!(r = hubpg_run(HUBPG(hs), sql, &p, "reading the preparations to send back",
			    err)))
		return -1;
	for (int i = 0; !stop && i < PQntuples(r); i++) {
		struct prep_travel t = { 0 };
		size_t len;
		unsigned char *box;

		if (!hubpg_blob(r, i, 5, t.salt, sizeof t.salt))
			continue;	/* damaged: never travels */
		t.code_hash = xstrdup(PQgetvalue(r, i, 0));
		t.who = xstrdup(PQgetvalue(r, i, 1));
		t.form_id = xstrdup(PQgetvalue(r, i, 2));
		t.form_version = xstrdup(PQgetvalue(r, i, 3));
		t.saved_on = xstrdup(PQgetvalue(r, i, 4));
		box = hubpg_blob_dup(r, i, 6, &len);
		sbuf_add(&t.box, box, len);
		free(box);
		stop = fn(&t, arg);
		prep_travel_release(&t);
	}
	PQclear(r);
	return stop;
}
