/*
 * plain.c - `eadr --plain`: the same walk as the screens, as questions and
 * answers on standard input and output, one line each, for screen readers
 * and for scripts.  Every line eadr writes starts with a capital word, the
 * line's kind (the table is in doc/eadr.1, PLAIN MODE): QUESTION, HINT,
 * OPTION, CURRENT ... describe; ASK is the one line after which eadr reads
 * (there is no "> " prompt, so no answer or message ever shares a line with
 * one).  Answers: one line; a blank line keeps; options by number, value or
 * label; text ends with "."; commands (!help) work on any line.  A value is
 * checked before it is saved: what is refused is never saved.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/answer.h"
#include "lib/appr.h"
#include "lib/name_match.h"
#include "lib/prepare.h"
#include "lib/staff.h"
#include "lib/store.h"
#include "lib/store_appr.h"
#include "lib/utf8.h"
#include "plain.h"

#define MAX_TRIES 3	/* a question is asked again at most this often */

static void help(void)
{
	static const char *const lines[] = {
		"!skip: keep the saved answer and go on (at a yes/no question: no)",
		"!clear: clear the answer",
		"!back: go back to the question before",
		"!section N: go to section N",
		"!quit: save what was typed and stop",
		"!help: list these commands",
		"!!: start a line of text with \"!\" (\"!!word\" is kept as \"!word\")",
		"the commands work on any line, inside a long answer too; a blank line "
		"keeps the current answer; a long answer ends with a line holding only \".\"",
	};

	for (size_t i = 0; i < sizeof(lines) / sizeof(*lines); i++)
		printf("HELP: %s\n", lines[i]);
}

/* !section N: 0 and p->nav set, or -1 after saying why not. */
static int nav_section(struct plain *p, const char *arg)
{
	char *end;
	long n = strtol(arg, &end, 10);

	if (!*arg || *end || n < 1 || !p->ap || (size_t)n > p->ap->form->nsections) {
		printf("PROBLEM: give a section number from 1 to %zu\n",
		       p->ap ? p->ap->form->nsections : (size_t)0);
		return -1;
	}
	if (!appr_section_visible(p->ap, (size_t)n - 1)) {
		printf("PROBLEM: section %ld is not asked in this appraisal\n", n);
		return -1;
	}
	p->nav = NAV_SECTION;
	p->nav_sec = (size_t)n - 1;
	return 0;
}

/* A line starting with "!": 0 hand it over, 1 read again, -1 stop (quit, move). */
static int command(struct plain *p)
{
	char *l = p->line;

	if (l[1] == '!') {		/* "!!text": the text "!text" */
		memmove(l, l + 1, strlen(l));
		return 0;
	}
	if (!strcmp(l, "!skip") || !strcmp(l, "!clear"))
		return 0;
	if (!strcmp(l, "!quit")) {
		p->quit = 1;
		return -1;
	}
	if (!strcmp(l, "!help")) {
		help();
		return 1;
	}
	if (!strcmp(l, "!back") || !strncmp(l, "!section", 8)) {
		if (!p->walking) {
			printf("PROBLEM: %s moves between the questions of a draft "
			       "appraisal; not here\n", l);
			return 1;
		}
		if (l[1] == 'b') {
			/* Typed at a question: the one before it is the target. */
			if (p->asking && p->nhist && !strcmp(p->hist[p->nhist - 1], p->asking))
				free(p->hist[--p->nhist]);
			p->nav = NAV_BACK;
			return -1;
		}
		return nav_section(p, l + 8 + strspn(l + 8, " ")) < 0 ? 1 : -1;
	}
	printf("PROBLEM: %s is not a command (!help lists them); it was not kept\n", l);
	return 1;
}

/* Read one line (without its newline) into p->line; 0, or -1 at the end. */
int plain_get_line(struct plain *p)
{
	for (;;) {
		ssize_t n;
		int rc;

		fflush(stdout);
		if (p->eof || p->quit || p->nav)
			return -1;
		n = getline(&p->line, &p->cap, stdin);
		if (n < 0) {
			p->eof = 1;
			return -1;
		}
		while (n > 0 && (p->line[n - 1] == '\n' || p->line[n - 1] == '\r'))
			p->line[--n] = '\0';
		if (!utf8_valid(p->line, (size_t)n)) {
			printf("PROBLEM: that line is not valid UTF-8; it was not kept\n");
			p->line[0] = '\0';
		}
		if (p->line[0] != '!' || (rc = command(p)) == 0)
			return 0;
		if (rc < 0)
			return -1;
		if (p->ask)	/* the line is read again: say what for */
			printf("ASK: %s\n", p->ask);
	}
}

void plain_say_ask(struct plain *p, const char *text)
{
	char *copy = xstrdup(text);	/* text may be p->ask itself */

	free(p->ask);
	p->ask = copy;
	printf("ASK: %s\n", p->ask);
}

int plain_ask(struct plain *p, const char *prompt)
{
	plain_say_ask(p, prompt);
	return plain_get_line(p);
}

/* yes/no: 1, 0, or -1 at the end of input. */
int plain_ask_yes(struct plain *p, const char *prompt)
{
	for (;;) {
		struct sbuf q = SBUF_INIT;
		int rc;

		sbuf_addf(&q, "%s (yes/no)", prompt);
		rc = plain_ask(p, q.buf);
		sbuf_release(&q);
		if (rc < 0)
			return -1;
		if (!strcmp(p->line, "yes") || !strcmp(p->line, "y"))
			return 1;
		if (!strcmp(p->line, "no") || !strcmp(p->line, "n") ||
		    !strcmp(p->line, "!skip"))
			return 0;
		printf("PROBLEM: answer yes or no\n");
	}
}

/* Print text with each of its lines behind a prefix (a form's text or an
 * answer may hold newlines: every line still starts with its word). */
static void print_lines(const char *prefix, const char *text)
{
	const char *s = text;

	do {
		const char *e = strchr(s, '\n');
		int len = e ? (int)(e - s) : (int)strlen(s);

		printf("%s%.*s\n", prefix, len, s);
		s = e && e[1] ? e + 1 : NULL;	/* a last newline ends the text */
	} while (s);
}

/* ---- one question ---- */

/* The option a token names: a number from 1, a value or label, or for
 * yes/no its first letter.  Its index, or -1. */
static long opt_of(const struct form_question *q, const char *tok)
{
	size_t n = answer_noptions(q);
	char *end;
	long k = strtol(tok, &end, 10);

	if (*tok && !*end && k >= 1 && (size_t)k <= n)
		return k - 1;
	if (q->type == FORM_YESNO && tok[0] && !tok[1])
		for (size_t i = 0; i < n; i++)
			if (tok[0] == answer_option_value(q, i)[0])
				return (long)i;
	if ((k = answer_option_find(q, tok)) >= 0)
		return k;
	/* As people type: "talent pools", "Medium: Fully effective in the role" */
	for (size_t i = 0; i < n; i++)
		if (name_match(answer_option_label(q, i), tok) == NAME_MATCH_WHOLE ||
		    name_match(answer_option_value(q, i), tok) == NAME_MATCH_WHOLE)
			return (long)i;
	return -1;
}

/* Turn the typed line into the stored value (choices: ticked one by one). */
static int parse_choice(const struct form_question *q, const char *line, struct sbuf *out)
{
	char *copy = xstrdup(line), *save = NULL, *value = xstrdup("");
	const char *seps = strpbrk(line, ",;") ? ",;" : " \t";
	int rc = 0;

	if (q->type != FORM_CHOICES || opt_of(q, line) >= 0) {
		long i = opt_of(q, line);

		if (i < 0)
			rc = -1;
		else
			sbuf_adds(out, answer_option_value(q, (size_t)i));
		goto out;
	}
	/* "1 3", "talent_pool coaching", or labels with spaces: "Talent pools, Coaching" */
	for (char *t = strtok_r(copy, seps, &save); t; t = strtok_r(NULL, seps, &save)) {
		long i;

		t += strspn(t, " \t");
		for (size_t e = strlen(t); e > 0 && (t[e - 1] == ' ' || t[e - 1] == '\t'); e--)
			t[e - 1] = '\0';
		if (!*t)
			continue;
		i = opt_of(q, t);

		if (i < 0) {
			rc = -1;
		} else if (!answer_picked(q, value, (size_t)i)) {
			char *next = answer_toggle(q, value, (size_t)i);

			free(value);
			value = next;
		}
	}
	if (rc == 0)
		sbuf_adds(out, value);
out:
	free(copy);
	free(value);
	return rc;
}

/* The answer as a person reads it: options by their labels. */
static void print_current(const struct form_question *q, const char *cur)
{
	struct sbuf labels = SBUF_INIT;

	if (!cur || !*cur)
		return;
	if (!answer_noptions(q)) {
		print_lines("CURRENT: ", cur);
		return;
	}
	answer_labels(q, cur, "; ", &labels);
	printf("CURRENT: %s\n", labels.buf);
	sbuf_release(&labels);
}

static void show_question(const struct form_question *q, const char *path, const char *cur,
			  int mark)
{
	printf("QUESTION %s (%s%s%s): %s\n", path, form_type_name(q->type),
	       q->required ? ", required" : "", q->private ? ", private" : "", q->label);
	if (q->hint)
		print_lines("HINT: ", q->hint);
	for (size_t i = 0; i < answer_noptions(q) && q->type != FORM_YESNO; i++)
		printf("OPTION %zu: %s\n", i + 1, answer_option_label(q, i));
	print_current(q, cur);
	if (mark > 0 && cur && *cur)	/* written by the staff member (prepare) */
		printf("MARK: %s\n", prepare_mark_words(mark));
}

/* What the ASK line of a question of q's type says. */
static const char *instruction(const struct form_question *q)
{
	switch (q->type) {
	case FORM_TEXT:
		return PLAIN_ASK_TEXT;
	case FORM_CHOICES:
		return "Answer with options (numbers or names, separated by commas), "
		       "a blank line keeps, !clear ticks none";
	case FORM_SCALE: case FORM_CHOICE:
		return "Answer with an option (its number or its name), "
		       "a blank line keeps, !clear clears";
	case FORM_YESNO:
		return "Answer yes or no, a blank line keeps, !clear clears";
	case FORM_DATE:
		return "Answer with a date YYYY-MM-DD, a blank line keeps, !clear clears";
	case FORM_NUMBER:
		return "Answer with a number, a blank line keeps, !clear clears";
	default:
		return "Answer on one line, a blank line keeps, !clear clears";
	}
}

/* Read a text answer up to ".": 1 new text in out, 0 keep, -1 end. */
int plain_read_text(struct plain *p, const char *ask, struct sbuf *out)
{
	int first = 1;

	plain_say_ask(p, ask);
	while (plain_get_line(p) == 0) {
		if (!strcmp(p->line, "."))
			return first ? 0 : 1;
		if (!strcmp(p->line, "!clear")) {
			sbuf_reset(out);
			return 1;
		}
		if (!strcmp(p->line, "!skip")) {
			sbuf_reset(out);
			return 0;
		}
		if (!first)
			sbuf_addch(out, '\n');
		sbuf_adds(out, p->line);
		if (first) {	/* a command from here on goes on with this answer */
			free(p->ask);
			p->ask = xstrdup("Go on with the answer; end it with a line "
					 "holding only \".\"");
		}
		first = 0;
	}
	/* The end of input, !quit or a move saves what was typed: never lose words. */
	return first ? -1 : 1;
}

static void hist_push(struct plain *p, const char *path)
{
	if (p->nhist && !strcmp(p->hist[p->nhist - 1], path))
		return;
	p->hist = xrealloc(p->hist, (p->nhist + 1) * sizeof(*p->hist));
	p->hist[p->nhist++] = xstrdup(path);
}

void plain_hist_free(struct plain *p)
{
	for (size_t i = 0; i < p->nhist; i++)
		free(p->hist[i]);
	free(p->hist);
	p->hist = NULL;
	p->nhist = 0;
}

/* Read the answer to q: 1 a new value in val, 0 keep, -1 end; 2 ask again. */
static int read_answer(struct plain *p, const struct form_question *q, struct sbuf *val)
{
	int rc;

	if (q->type == FORM_TEXT) {
		rc = plain_read_text(p, instruction(q), val);
		return rc;
	}
	if (plain_ask(p, instruction(q)) < 0)
		return -1;
	if (!p->line[0] || !strcmp(p->line, "!skip"))
		return 0;
	if (!strcmp(p->line, "!clear"))
		return 1;
	if (q->type == FORM_LINE || q->type == FORM_DATE || q->type == FORM_NUMBER) {
		sbuf_adds(val, p->line);
		return 1;
	}
	if (parse_choice(q, p->line, val) < 0) {
		printf("PROBLEM: answer with an option's number (1 to %zu) or its name\n",
		       answer_noptions(q));
		return 2;
	}
	return 1;
}

/*
 * The place (the resume point, path) and the answer (value, or NULL when
 * kept or refused) saved in one transaction: one commit per answer, not
 * one for the place and another for the answer; then made safe on disk
 * (store_flush: one sync of the log), so SAVED means a power cut keeps
 * it: one sync per answer.  0, or -1 and err (then neither is saved, or
 * the answer is saved but may not survive a power cut).
 */
static int save_at(struct appr *ap, const char *path, const char *value,
		   struct err *err)
{
	if (store_begin(ap->st, err) < 0)
		return -1;
	if (appr_set_resume(ap, path, err) < 0 ||
	    (value && appr_set(ap, path, value, err) < 0)) {
		store_rollback(ap->st);
		return -1;
	}
	if (store_commit(ap->st, err) < 0)
		return -1;
	return store_flush(ap->st, err);
}

/*
 * Ask q at path until its answer is acceptable or kept.  The value is
 * checked first: a refused one is never saved.  The place is saved with
 * each answer (after it is read: a wait for a line holds no lock).  -1 at
 * the end of input, on !quit, or on a move (after saving what was typed,
 * if acceptable).
 */
int plain_ask_question(struct plain *p, const struct form_question *q, const char *path)
{
	struct appr *ap = p->ap;
	int rc = 0;

	hist_push(p, path);
	p->asking = path;
	for (int tries = 0; tries < MAX_TRIES; tries++) {
		struct sbuf val = SBUF_INIT, msg = SBUF_INIT;
		struct err err = ERR_INIT;

		show_question(q, path, appr_get(ap, path),
			      prepare_marked(ap->st, ap->rec.id, path, NULL));
		rc = read_answer(p, q, &val);
		if (rc == 1 && appr_check(ap, q, path, val.buf, &msg)) {
			printf("PROBLEM: not saved: %s\n", msg.buf);
			save_at(ap, path, NULL, NULL);
			rc = 2;
		} else if (save_at(ap, path, rc == 1 ? val.buf : NULL, &err) < 0) {
			if (rc == 1) {
				printf("PROBLEM: not saved: %s\n", err_msg(&err));
				rc = 2;
			}
		} else if (rc == 1 && answer_noptions(q) && val.len) {
			struct sbuf labels = SBUF_INIT;	/* say what was understood */

			answer_labels(q, val.buf, "; ", &labels);
			printf("SAVED %s: %s\n", path, labels.buf);
			sbuf_release(&labels);
		} else if (rc == 1) {
			printf("SAVED %s\n", path);
		}
		err_release(&err);
		sbuf_release(&msg);
		sbuf_release(&val);
		if (rc != 2 || p->eof || p->quit || p->nav)
			break;
	}
	p->asking = NULL;
	return rc < 0 || p->eof || p->quit || p->nav ? -1 : 0;
}

/* ---- walking the form ---- */

static int walk_qs(struct plain *p, const struct form_question *qs, size_t nq,
		   size_t *idx, size_t nidx);

static void skip_clear(struct plain *p)
{
	free(p->skip_to);
	p->skip_to = NULL;
}

/* Passing questions up to p->skip_to: the index of its item in the list
 * at path, or -1 when it is not in this list. */
static long skip_item(const struct plain *p, const char *path)
{
	size_t n = strlen(path);

	if (!p->skip_to || strncmp(p->skip_to, path, n) || p->skip_to[n] != '[')
		return -1;
	return strtol(p->skip_to + n + 1, NULL, 10);
}

/* Is p->skip_to inside the group at path? */
static int skip_into(const struct plain *p, const char *path)
{
	size_t n = strlen(path);

	return p->skip_to && !strncmp(p->skip_to, path, n) &&
	       (p->skip_to[n] == '.' || p->skip_to[n] == '[');
}

int plain_do_list(struct plain *p, const struct form_question *q, const char *path,
		   size_t *idx, size_t nidx)
{
	struct err err = ERR_INIT;
	const char *item = q->item ? q->item : q->label;
	long n = appr_count(p->ap, path);

	printf("LIST %s: %s (%ld item%s", path, q->label, n, n == 1 ? "" : "s");
	if (q->has_min)
		printf("; at least %.0f", q->min);
	if (q->has_max)
		printf("; at most %.0f", q->max);
	printf(")\n");
	if (q->hint)
		print_lines("HINT: ", q->hint);
	for (long k = 0; k < appr_count(p->ap, path); k++) {
		struct sbuf prompt = SBUF_INIT;
		long target = skip_item(p, path);

		if (target > k)
			continue;	/* moving to a later item */
		printf("ITEM %s[%ld]: %s %ld of %ld\n", path, k, item, k + 1,
		       appr_count(p->ap, path));
		if (target == k) {	/* moving into this item: no prompt */
			idx[nidx] = (size_t)k;
			if (walk_qs(p, q->questions, q->nquestions, idx, nidx + 1) < 0)
				return -1;
			continue;
		}
		sbuf_addf(&prompt, "A blank line goes through this %s, \"delete\" deletes it", item);
		if (plain_ask(p, prompt.buf) < 0) {
			sbuf_release(&prompt);
			return -1;
		}
		sbuf_release(&prompt);
		if (!strcmp(p->line, "!skip"))
			continue;	/* past this item, unchanged */
		if (!strcmp(p->line, "delete")) {
			if (appr_item_delete(p->ap, path, k, &err) < 0)
				printf("PROBLEM: %s\n", err_msg(&err));
			else
				printf("DELETED %s[%ld]\n", path, k--);
			err_release(&err);
			continue;
		}
		idx[nidx] = (size_t)k;
		if (walk_qs(p, q->questions, q->nquestions, idx, nidx + 1) < 0)
			return -1;
	}
	if (skip_item(p, path) >= 0)
		skip_clear(p);	/* its item is gone: go on from here */
	for (;;) {
		struct sbuf prompt = SBUF_INIT;
		long k;
		int yes;

		n = appr_count(p->ap, path);
		if (q->has_max && n >= (long)q->max)
			break;
		sbuf_addf(&prompt, "Add %s %c%s?", n ? "another" : "a new",
			  item[0] >= 'A' && item[0] <= 'Z' ? item[0] + 32 : item[0],
			  item + (item[0] ? 1 : 0));
		yes = plain_ask_yes(p, prompt.buf);
		sbuf_release(&prompt);
		if (yes < 0)
			return -1;
		if (!yes)
			break;
		if (appr_item_add(p->ap, q, path, &k, &err) < 0) {
			printf("PROBLEM: %s\n", err_msg(&err));
			err_release(&err);
			break;
		}
		printf("ITEM %s[%ld]: %s %ld of %ld\n", path, k, item, k + 1, k + 1);
		idx[nidx] = (size_t)k;
		if (walk_qs(p, q->questions, q->nquestions, idx, nidx + 1) < 0)
			return -1;
	}
	{
		struct sbuf msg = SBUF_INIT;

		if (form_list_check(q, appr_count(p->ap, path), &msg))
			printf("PROBLEM: %s\n", msg.buf);
		sbuf_release(&msg);
	}
	return 0;
}

static int walk_qs(struct plain *p, const struct form_question *qs, size_t nq,
		   size_t *idx, size_t nidx)
{
	struct expr_env env;

	appr_env(p->ap, &env);
	for (size_t i = 0; i < nq && !p->quit && !p->nav; i++) {
		const struct form_question *q = &qs[i];
		struct sbuf path = SBUF_INIT;
		int rc = 0;

		form_answer_path(q, idx, nidx, &path);
		if (p->skip_to && q->type != FORM_GROUP && q->type != FORM_LIST &&
		    strcmp(path.buf, p->skip_to)) {
			sbuf_release(&path);
			continue;
		}
		if (p->skip_to && q->type != FORM_GROUP && q->type != FORM_LIST)
			skip_clear(p);
		if (!form_visible(q, path.buf, &env)) {
			sbuf_release(&path);
			continue;
		}
		switch (q->type) {
		case FORM_NOTE:
			if (!p->skip_to)
				print_lines("NOTE: ", q->label);
			break;
		case FORM_GROUP:
			/* Moving (--resume, !back, !section) into a group still
			 * says which group: the heading of the value asked about. */
			if (!p->skip_to || skip_into(p, path.buf)) {
				printf("GROUP %s: %s\n", path.buf, q->label);
				if (q->hint)
					print_lines("HINT: ", q->hint);
			}
			rc = walk_qs(p, q->questions, q->nquestions, idx, nidx);
			break;
		case FORM_LIST:
			if (p->skip_to && skip_item(p, path.buf) < 0)
				break;	/* moving past this list */
			rc = nidx < 3 ? plain_do_list(p, q, path.buf, idx, nidx) : 0;
			break;
		default:
			rc = plain_ask_question(p, q, path.buf);
			break;
		}
		sbuf_release(&path);
		if (rc < 0)
			return -1;
	}
	return p->quit || p->nav ? -1 : 0;
}

int plain_walk_section(struct plain *p, size_t s)
{
	const struct form_section *sec = &p->ap->form->sections[s];
	const struct form_question *to = p->skip_to ? form_find(p->ap->form, p->skip_to) : NULL;
	size_t idx[4];
	int rc;

	if (!appr_section_visible(p->ap, s))
		return 0;
	if (to && to->section->index != s)
		return 0;
	printf("SECTION %zu/%zu: %s\n", s + 1, p->ap->form->nsections, sec->title);
	if (sec->intro)
		print_lines("INTRO: ", sec->intro);
	for (size_t i = 0; i < sec->nguide; i++)
		print_lines("GUIDE: ", sec->guide[i]);
	rc = walk_qs(p, sec->questions, sec->nquestions, idx, 0);
	if (rc == 0)
		skip_clear(p);	/* its question is no longer shown: go on from here */
	return rc;
}

size_t plain_nav_target(struct plain *p)
{
	const struct form_question *q;
	enum plain_nav nav = p->nav;

	p->nav = NAV_NONE;
	skip_clear(p);
	p->asking = NULL;
	if (nav == NAV_SECTION)
		return p->nav_sec;
	/* !back: the last question asked before (command() dropped the one
	 * being asked). */
	if (!p->nhist)
		return 0;
	p->skip_to = p->hist[--p->nhist];	/* asked again, it is pushed again */
	q = form_find(p->ap->form, p->skip_to);
	return q ? q->section->index : 0;
}
