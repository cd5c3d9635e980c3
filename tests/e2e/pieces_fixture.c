/*
 * pieces_fixture.c - a manager typing a long answer, stopped as by kill -9
 * (tests/e2e/export_pieces.sh, issue 17):
 *
 *   pieces_fixture DB FORM.yaml USER PASSFILE STAFF TEXTFILE MARKER
 *       signs in as USER, starts a draft of STAFF on FORM, answers
 *       pdp.goals[0].need and a private wellbeing question, then types
 *       MARKER onto the end of each: the answers of 4 KiB or more go into
 *       pieces as a key would, and the program ends without closing the
 *       store, so nothing joins them back into their rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/appr.h"
#include "lib/fileio.h"
#include "lib/form.h"
#include "lib/profile.h"
#include "lib/store.h"

static int die(const char *what, struct err *err)
{
	fprintf(stderr, "pieces_fixture: %s: %s\n", what, err_msg(err));
	_exit(1);
}

/* The answer at path as a typist leaves it: whole, then a word more. */
static void type(struct store *st, long long id, const char *path, int flags,
		 const struct sbuf *text, const char *marker, struct err *err)
{
	struct sbuf v = SBUF_INIT;

	sbuf_add(&v, text->buf, text->len);
	if (store_answer_set(st, id, path, v.buf, flags, err) < 0)
		die(path, err);
	sbuf_addf(&v, " %s", marker);
	if (store_answer_set(st, id, path, v.buf, flags, err) < 0)
		die(path, err);
	sbuf_release(&v);
}

int main(int argc, char **argv)
{
	struct err err = ERR_INIT;
	struct diag d = DIAG_INIT;
	struct sbuf pass = SBUF_INIT, text = SBUF_INIT, secret = SBUF_INIT;
	struct store *st;
	struct form *f;
	long long id;

	if (argc != 8) {
		fputs("usage: pieces_fixture DB FORM.yaml USER PASSFILE STAFF TEXTFILE MARKER\n",
		      stderr);
		return 2;
	}
	if (file_read(argv[4], &pass, 4096, &err) < 0 ||
	    file_read(argv[6], &text, 1 << 20, &err) < 0)
		die("reading", &err);
	while (pass.len && pass.buf[pass.len - 1] == '\n')
		sbuf_setlen(&pass, pass.len - 1);
	if (!(f = form_load_file(argv[2], &d))) {
		fprintf(stderr, "pieces_fixture: %s does not load\n", argv[2]);
		return 1;
	}
	if (!(st = store_open(argv[1], NULL, &err)))
		die(argv[1], &err);
	if (profile_signin(st, argv[3], pass.buf, NULL, &err) < 0)
		die("signing in", &err);
	if (appr_start(st, f, argv[5], argv[3], &id, &err) < 0)
		die("starting", &err);
	type(st, id, "pdp.goals[0].need", 0, &text, argv[7], &err);
	sbuf_addf(&secret, "PRIVATE-%s ", argv[7]);
	sbuf_add(&secret, text.buf, text.len);
	if (store_answer_set(st, id, "wellbeing.status", "held", 0, &err) < 0)
		die("wellbeing.status", &err);
	type(st, id, "wellbeing.mental", STORE_PRIVATE, &secret, argv[7], &err);
	_exit(0);	/* no close: as kill -9 while typing */
}
