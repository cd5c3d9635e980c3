/*
 * sync_fixture.c - makes final appraisals through the store API for
 * tests/e2e/sync.sh (eadr has no batch command that finalises one):
 *
 *   sync_fixture DB final STAFF NAME MARKER GOAL... [-f FORM.yaml]
 *       a final appraisal with public answers, MARKER typed into private
 *       answers (with -f: into every private question of the form), and
 *       one PDP goal per GOAL
 *   sync_fixture DB reopen STAFF TEXT
 *       reopen STAFF's latest appraisal, change an answer to TEXT, finalise
 *   sync_fixture HUBDB open BUNDLE
 *       print the bundle's records, decrypted with the hub's key
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/bundle.h"
#include "lib/fileio.h"
#include "lib/form.h"
#include "lib/store.h"
#include "lib/store_sync.h"

struct walk {
	struct store *st;
	long long id;
	const char *marker;
	int n;
	struct err *err;
};

/* MARKER into every private question; a plain answer into the others. */
static int answer_q(const struct form_question *q, void *arg)
{
	struct walk *w = arg;
	struct sbuf path = SBUF_INIT, value = SBUF_INIT;
	size_t idx[1] = { 0 };
	int rc;

	if (q->type == FORM_NOTE || q->type == FORM_LIST || q->type == FORM_GROUP)
		return 0;
	form_answer_path(q, idx, 1, &path);
	if (q->private)
		sbuf_addf(&value, "%s in %s", w->marker, path.buf);
	else
		sbuf_addf(&value, "public answer to %s", path.buf);
	rc = store_answer_set(w->st, w->id, path.buf, value.buf,
			      q->private ? STORE_PRIVATE : 0, w->err);
	w->n += q->private;
	sbuf_release(&path);
	sbuf_release(&value);
	return rc < 0;
}

static int final(struct store *st, int argc, char **argv, struct err *err)
{
	struct staff s = { argv[0], argv[1], "Paramedic", "6", "Northgate", "", NULL };
	const char *marker = argv[2], *formfile = NULL;
	struct pdp_goal goals[16];
	struct form *form = NULL;
	struct store_appraisal a;
	struct diag d = DIAG_INIT;
	size_t n = 0;
	int rc = -1;

	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "-f") && i + 1 < argc)
			formfile = argv[++i];
		else if (n < 16)
			goals[n++] = (struct pdp_goal){ (int)n, "A need", argv[i], "formal",
				"Clinical skills", "high", "2027-03-31", "", "new", NULL };
	}
	if (formfile && !(form = form_load_file(formfile, &d))) {
		err_set(err, "%s: the form does not load", formfile);
		goto out;
	}
	if (store_staff_put(st, &s, NULL, err) < 0)
		goto out;
	if (form && store_form_put(st, form->hash, form->id, form->version,
				   form->source, err) < 0)
		goto out;
	if (store_appraisal_new(st, argv[0], "Ffion Llywelyn", form ? form->id : "eadr",
				form ? form->version : "1", form ? form->hash : "nohash",
				&a, err) < 0)
		goto out;
	if (form) {
		struct walk w = { st, a.id, marker, 0, err };

		if (form_each_question(form, answer_q, &w) != 0)
			goto out_a;
		if (w.n == 0) {
			err_set(err, "%s has no private question", formfile);
			goto out_a;
		}
		fprintf(stderr, "sync_fixture: marker in %d private questions\n", w.n);
	} else if (store_answer_set(st, a.id, "performance.went_well",
				    "Calm at the scene", 0, err) < 0 ||
		   store_answer_set(st, a.id, "wellbeing.mental", marker,
				    STORE_PRIVATE, err) < 0) {
		goto out_a;
	}
	if (store_pdp_set(st, a.id, goals, n, err) < 0 ||
	    store_signoff_add(st, a.id, "appraiser", "Ffion Llywelyn", "", err) < 0 ||
	    store_signoff_add(st, a.id, "appraisee", argv[1], "Agreed", err) < 0 ||
	    store_appraisal_set_state(st, a.id, "signed", err) < 0 ||
	    store_appraisal_set_state(st, a.id, "final", err) < 0)
		goto out_a;
	rc = 0;
out_a:
	store_appraisal_release(&a);
out:
	form_free(form);
	diag_release(&d);
	return rc;
}

static int reopen(struct store *st, const char *staff, const char *text,
		  struct err *err)
{
	struct store_appraisal a;
	int rc;

	if ((rc = store_appraisal_latest(st, staff, &a, err)) != 1)
		return rc == 0 ? err_set(err, "no appraisal for %s", staff) : -1;
	rc = store_appraisal_set_state(st, a.id, "draft", err) < 0 ||
	     store_answer_set(st, a.id, "performance.went_well", text, 0, err) < 0 ||
	     store_appraisal_set_state(st, a.id, "signed", err) < 0 ||
	     store_appraisal_set_state(st, a.id, "final", err) < 0 ? -1 : 0;
	store_appraisal_release(&a);
	return rc;
}

static int open_bundle(struct store *st, const char *file, struct err *err)
{
	unsigned char pk[BUNDLE_PK], sk[BUNDLE_BOX_SK];
	struct sbuf data = SBUF_INIT;
	struct bundle b;
	int rc = -1;

	if (bundle_crypto_init(err) < 0 ||
	    store_sync_key_get(st, "hub-box", pk, sizeof(pk), sk, sizeof(sk), err) != 1 ||
	    file_read(file, &data, BUNDLE_MAX + BUNDLE_HEADER + BUNDLE_SIG, err) < 0 ||
	    bundle_read(file, (unsigned char *)data.buf, data.len, pk, sk, &b, err) < 0)
		goto out;
	fwrite(b.content, 1, b.content_len, stdout);
	bundle_release(&b);
	rc = 0;
out:
	sbuf_release(&data);
	return rc;
}

int main(int argc, char **argv)
{
	struct err err = ERR_INIT;
	struct store *st;
	int rc = -1;

	if (argc < 3) {
		fprintf(stderr, "usage: sync_fixture DB final|reopen ARGS...\n");
		return 2;
	}
	if (!(st = store_open(argv[1], NULL, &err))) {
		fprintf(stderr, "sync_fixture: %s\n", err_msg(&err));
		return 1;
	}
	if (!strcmp(argv[2], "final") && argc >= 6)
		rc = final(st, argc - 3, argv + 3, &err);
	else if (!strcmp(argv[2], "open") && argc == 4)
		rc = open_bundle(st, argv[3], &err);
	else if (!strcmp(argv[2], "reopen") && argc == 5)
		rc = reopen(st, argv[3], argv[4], &err);
	else
		err_set(&err, "bad arguments");
	if (rc < 0)
		fprintf(stderr, "sync_fixture: %s\n", err_msg(&err));
	store_close(st);
	err_release(&err);
	return rc < 0;
}
