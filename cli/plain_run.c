/*
 * plain_run.c - plain mode's outer walk: the team as numbered STAFF lines,
 * choosing a person by name or number, starting or continuing an
 * appraisal, the review of what is still needed, sign-off and finalising
 * (the line protocol is in doc/eadr.1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/name_match.h"
#include "lib/staff.h"
#include "cli.h"
#include "plain.h"

/* ---- review, sign-off ---- */

static int review(struct plain *p, struct appr_problems *pr)
{
	appr_problems_release(pr);
	appr_problems(p->ap, (size_t)-1, pr);
	printf("REVIEW: %zu still needed\n", pr->n);
	for (size_t i = 0; i < pr->n; i++)
		printf("NEEDED %s: %s\n", pr->v[i].path, pr->v[i].msg);
	return (int)pr->n;
}

static int fix_problems(struct plain *p)
{
	struct appr_problems pr = { 0 };
	int rc = 0;

	while (review(p, &pr) > 0) {
		int yes = plain_ask_yes(p, "Answer what is still needed now?");

		if (yes <= 0) {
			rc = yes < 0 ? -1 : 1;
			break;
		}
		for (size_t i = 0; i < pr.n && rc == 0; i++) {
			const struct form_question *q = pr.v[i].q;

			if (q->type == FORM_LIST) {
				size_t idx[4];

				rc = plain_do_list(p, q, pr.v[i].path, idx, 0);
			} else {
				rc = plain_ask_question(p, q, pr.v[i].path);
			}
		}
		if (rc < 0)
			break;
	}
	appr_problems_release(&pr);
	return rc;
}

static int sign_off(struct plain *p)
{
	struct appr *ap = p->ap;
	struct err err = ERR_INIT;
	struct sbuf prompt = SBUF_INIT, comments = SBUF_INIT;
	char *mgr = NULL, *staff = NULL;
	int rc = -1, yes;

	if (!appr_is_signed(ap)) {
		if ((yes = plain_ask_yes(p, "Sign off now?")) <= 0)
			return yes;
		if (plain_ask(p, "Manager, type your name to sign") < 0)
			goto out;
		if (p->line[0] == '!')	/* !skip, !clear: not a name */
			goto skipped;
		mgr = xstrdup(p->line);
		sbuf_addf(&prompt, "Staff member, type your name to sign (as on the "
			  "record: %s, or the staff number)", ap->staff_name);
		if (plain_ask(p, prompt.buf) < 0)
			goto out;
		if (p->line[0] == '!')
			goto skipped;
		staff = xstrdup(p->line);
		if (plain_read_text(p, "Staff member's comments, if any; end them with a "
				    "line holding only \".\"", &comments) < 0)
			goto out;
		if (appr_signoff(ap, mgr, staff, comments.buf, NULL, &err) < 0) {
			printf("PROBLEM: not signed: %s\n", err_msg(&err));
			rc = 0;
			goto out;
		}
		printf("SIGNED by %s and %s\n", mgr, ap->staff_name);
		p->walking = 0;	/* signed: its answers can no longer change */
	}
	if ((yes = plain_ask_yes(p, "Make the appraisal final? It becomes read-only")) <= 0) {
		rc = yes;
		goto out;
	}
	if (appr_finalise(ap, &err) < 0)
		printf("PROBLEM: not made final: %s\n", err_msg(&err));
	else
		printf("FINAL: %s's appraisal is final\n", ap->staff_name);
	rc = 0;
	goto out;
skipped:
	printf("STOPPED before sign-off; everything is saved\n");
	rc = 0;
out:
	free(mgr);
	free(staff);
	sbuf_release(&prompt);
	sbuf_release(&comments);
	err_release(&err);
	return rc;
}

/* Take the hold to edit: 1 held, 0 open elsewhere (said), -1 error (said). */
static int hold(struct plain *p)
{
	struct appr_locker other = { 0 };
	struct err err = ERR_INIT;
	int rc = appr_lock(p->ap, &other, &err);

	if (rc == 0) {
		struct sbuf msg = SBUF_INIT;

		appr_locker_describe(&other, &msg);
		printf("HELD: %s's appraisal is %s; it is read-only here until it is "
		       "closed there\n", p->ap->staff_name, msg.buf);
		sbuf_release(&msg);
	} else if (rc < 0) {
		printf("PROBLEM: the appraisal could not be opened for editing: %s\n",
		       err_msg(&err));
	}
	appr_locker_release(&other);
	err_release(&err);
	return rc;
}

/* START: where the walk of a draft begins, the same every time (--resume). */
static size_t start_at(struct plain *p)
{
	const char *at = p->ap->rec.resume_at;
	const struct form_question *q = at ? form_find(p->ap->form, at) : NULL;

	if (p->resume && q) {
		printf("START: at %s, where you were\n", at);
		p->skip_to = xstrdup(at);
		return q->section->index;
	}
	if (q)
		printf("START: at the first question (you were at %s; "
		       "eadr --plain --resume starts there)\n", at);
	else
		printf("START: at the first question\n");
	return 0;
}

/* Walk a draft from section `from`, the review, sign-off: 0, or -1 to stop. */
static int walk_draft(struct plain *p, size_t from)
{
	int rc = 0;

	p->walking = 1;
	for (;;) {
		rc = 0;
		for (size_t s = from; s < p->ap->form->nsections && rc == 0; s++)
			rc = plain_walk_section(p, s);
		if (rc == 0)
			rc = fix_problems(p);
		if (rc > 0) {
			printf("STOPPED before sign-off; everything is saved\n");
			rc = 0;
			break;
		}
		if (rc == 0)
			rc = sign_off(p);
		if (rc < 0 && p->nav) {		/* !back, !section N */
			from = plain_nav_target(p);
			continue;
		}
		break;
	}
	p->walking = 0;
	return rc;
}

static int run_appraisal(struct plain *p, long long id)
{
	struct err err = ERR_INIT;
	int rc = 0;

	p->ap = appr_open(p->st, id, (const char *const *)p->dirs,
			  p->ndirs, &err);
	if (!p->ap) {
		printf("PROBLEM: %s\n", err_msg(&err));
		err_release(&err);
		return 0;
	}
	printf("APPRAISAL %s (%s), form %s %s, %s\n", p->ap->staff_name,
	       p->ap->rec.staff_number, p->ap->form->id, p->ap->form->version,
	       p->ap->rec.state);
	if (appr_is_final(p->ap))
		printf("FINAL: %s's appraisal is final and read-only\n", p->ap->staff_name);
	else if (hold(p) != 1)
		;
	else if (!appr_is_signed(p->ap))
		rc = walk_draft(p, start_at(p));
	else
		rc = sign_off(p);
	plain_hist_free(p);
	free(p->skip_to);
	p->skip_to = NULL;
	appr_free(p->ap);
	p->ap = NULL;
	return rc < 0 ? -1 : 0;
}

/* ---- the team ---- */

struct team_row {
	char *number, *name, *state;
	char *line;	/* its STAFF line, to say again among the matches */
	long long id;
};

struct team {
	struct team_row *v;
	size_t n;
	char today[DATE_LEN + 1];
};

static int team_add(const struct staff_status *ss, void *arg)
{
	struct team *t = arg;
	enum due_status d = staff_due_status(ss->s.due, t->today);
	struct sbuf line = SBUF_INIT;

	sbuf_addf(&line, "STAFF %zu: %s (%s), %s, %s, due %s%s", t->n + 1, ss->s.name,
		  ss->s.staff_number,
		  ss->s.station && *ss->s.station ? ss->s.station : "no station",
		  staff_state_name(ss), ss->s.due ? ss->s.due : "not set",
		  d == DUE_OVERDUE && (!ss->state || strcmp(ss->state, "final")) ?
		  ", OVERDUE" : "");
	t->v = xrealloc(t->v, (t->n + 1) * sizeof(*t->v));
	t->v[t->n].number = xstrdup(ss->s.staff_number);
	t->v[t->n].name = xstrdup(ss->s.name);
	t->v[t->n].state = xstrdup(staff_state_name(ss));
	t->v[t->n].line = sbuf_detach(&line);
	t->v[t->n].id = ss->appraisal_id;
	printf("%s\n", t->v[t->n].line);
	t->n++;
	return 0;
}

static void team_free(struct team *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].number);
		free(t->v[i].name);
		free(t->v[i].state);
		free(t->v[i].line);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static int start(struct plain *p, const struct team_row *r, long long *id)
{
	struct err err = ERR_INIT;
	char *form = NULL;
	int rc = appr_begin(p->st, (const char *const *)p->dirs, p->ndirs, r->number,
			    id, &form, &err);

	if (rc < 0)
		printf("PROBLEM: the appraisal could not be started: %s\n", err_msg(&err));
	else
		printf("STARTED an appraisal with %s on form %s\n", r->name, form);
	free(form);
	err_release(&err);
	return rc;
}

/*
 * The person the typed line names: a staff number, the number before a
 * STAFF line, or a name as people type it (name_match: the best matches;
 * several are listed again and NULL returned).  NULL after saying why.
 */
static struct team_row *find_person(struct team *t, const char *typed)
{
	enum name_match best = NAME_MATCH_NONE;
	size_t nbest = 0, pick = 0;
	char *end;
	long k = strtol(typed, &end, 10);

	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].number, typed))
			return &t->v[i];
	if (*typed && !*end && k >= 1 && (size_t)k <= t->n)
		return &t->v[k - 1];
	if (!typed[strspn(typed, " \t")]) {
		printf("PROBLEM: type a name, the number before it or a staff number\n");
		return NULL;
	}
	for (size_t i = 0; i < t->n; i++) {
		enum name_match m = name_match(t->v[i].name, typed);

		if (m > best) {
			best = m;
			nbest = 0;
		}
		if (m == best && m != NAME_MATCH_NONE) {
			nbest++;
			pick = i;
		}
	}
	if (nbest == 1)
		return &t->v[pick];
	if (!nbest) {
		printf("PROBLEM: no one in the team matches '%s'\n", typed);
		return NULL;
	}
	printf("MATCHES: %zu people match '%s'; type more of the name, or the number\n",
	       nbest, typed);
	for (size_t i = 0; i < t->n; i++)
		if (name_match(t->v[i].name, typed) == best)
			printf("%s\n", t->v[i].line);
	return NULL;
}

static int choose(struct plain *p, struct team *t)
{
	struct team_row *r = NULL;
	long long id;

	while (!r) {
		if (plain_ask(p, "Choose a person: a name, the number before it, or a "
			      "staff number (!quit ends)") < 0)
			return -1;
		r = find_person(t, p->line);
	}
	id = r->id;
	if (!id || !appr_state_open(r->state)) {
		if (id) {
			struct sbuf q = SBUF_INIT;
			int yes;

			sbuf_addf(&q, "%s's last appraisal is final. Start a new one?", r->name);
			yes = plain_ask_yes(p, q.buf);
			sbuf_release(&q);
			if (yes < 0)
				return -1;
			if (!yes)
				return 0;
		}
		if (start(p, r, &id) < 0)
			return 0;
	}
	if (run_appraisal(p, id) < 0) {
		p->cut = p->eof;
		return -1;
	}
	return 0;
}

int plain_main(struct cli *cli)
{
	struct plain p = { 0 };
	struct err err = ERR_INIT;
	int rc = 0;

	p.resume = cli->plain_resume;
	if (!(p.st = cli_open_store(cli)))
		return EXIT_DATA;
	p.ndirs = session_form_dirs(&cli->opts, &p.dirs);

	printf("EADR: plain mode. Every line starts with its kind; eadr reads a line "
	       "after each ASK line. A blank line keeps the current answer; !help lists "
	       "the commands; !quit saves and stops.\n");
	while (rc == 0 && !p.quit && !p.eof) {
		struct team t = { NULL, 0, "" };

		date_today(t.today);
		printf("TEAM\n");
		if (store_staff_each(p.st, team_add, &t, &err) < 0) {
			printf("PROBLEM: %s\n", err_msg(&err));
			rc = -1;
		} else if (t.n == 0) {
			printf("PROBLEM: no staff yet: add them with 'eadr staff import FILE.csv'\n");
			rc = -1;
		} else {
			rc = choose(&p, &t);
		}
		team_free(&t);
	}
	free(p.line);
	free(p.ask);
	err_release(&err);
	session_form_dirs_free(p.dirs, p.ndirs);
	store_close(p.st);
	printf("BYE: everything is saved\n");
	fflush(stdout);
	if (p.cut) {
		cli_error("the input ended in the middle of an appraisal; everything "
			  "answered so far is saved");
		return EXIT_DATA;
	}
	return rc < 0 && !p.quit && !p.eof ? EXIT_DATA : EXIT_OK;
}
