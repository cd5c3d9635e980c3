/*
 * demo.c - the demo team (see demo.h): a dozen staff on two stations, last
 * year's appraisals on last year's form, and this year's, made through the
 * same steps as a real one (last year's goals carried, reviewed, signed
 * and finalised), so the TNA shows carried goals and last year's outcomes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "appr.h"
#include "demo.h"
#include "export.h"
#include "form.h"

struct person {
	const char *number, *name, *role, *band, *station, *email;
	long due_in;	/* days from today; negative: overdue */
};

static const struct person team[] = {
	{ "100234", "Zoë Ó Súilleabháin", "Paramedic", "6", "Northgate", "zoe.osuilleabhain@example.nhs.uk", -21 },
	{ "100251", "Dafydd ap Gruffydd", "Senior Paramedic", "7", "Northgate", "dafydd.apgruffydd@example.nhs.uk", 12 },
	{ "100307", "Agnieszka Wójcik", "Emergency Care Assistant", "4", "Northgate", "agnieszka.wojcik@example.nhs.uk", 45 },
	{ "100322", "Siobhán Ní Bhriain", "Paramedic", "6", "Northgate", "siobhan.nibhriain@example.nhs.uk", -3 },
	{ "100348", "Tomás Ferreira", "Ambulance Technician", "5", "Northgate", "tomas.ferreira@example.nhs.uk", 200 },
	{ "100361", "Chidi Okonkwo", "Paramedic", "6", "Northgate", "chidi.okonkwo@example.nhs.uk", 25 },
	{ "200117", "Ffion Llywelyn", "Team Leader", "7", "Riverside", "ffion.llywelyn@example.nhs.uk", 90 },
	{ "200128", "Jürgen Bäcker", "Paramedic", "6", "Riverside", "jurgen.backer@example.nhs.uk", -60 },
	{ "200135", "Mei-Ling Chén", "Emergency Medical Technician", "5", "Riverside", "meiling.chen@example.nhs.uk", 7 },
	{ "200142", "Aoife Brennan", "Specialist Paramedic", "7", "Riverside", "aoife.brennan@example.nhs.uk", 150 },
	{ "200159", "Rhys Pritchard", "Emergency Care Assistant", "3", "Riverside", "rhys.pritchard@example.nhs.uk", -1 },
	{ "200166", "Noémie Lefèvre", "Paramedic", "6", "Riverside", "noemie.lefevre@example.nhs.uk", 320 },
};

/* Dafydd's appraisal from last year, finished and signed. */
/* An answer of a demo appraisal. */
struct dans {
	const char *path, *value;
	int flags;
};

static const struct dans last_year[] = {
	{ "welcome.checkin", "Tired after a run of nights but glad to be here.", 0 },
	{ "welcome.hopes", "To talk about the team leader development programme.", 0 },
	{ "performance.went_well", "Led the scene at the M6 multi-vehicle collision calmly; mentored two newly qualified paramedics.", 0 },
	{ "performance.was_hard", "Handover delays at the emergency department; keeping on top of CPD.", 0 },
	{ "performance.objectives[0].objective", "Complete the practice educator course", 0 },
	{ "performance.objectives[0].measure", "Course certificate; two students supported", 0 },
	{ "performance.objectives[0].target_date", "", 0 },
	{ "performance.objectives[1].objective", "Reduce on-scene time for non-conveyed patients", 0 },
	{ "performance.objectives[1].measure", "Average on-scene time under 60 minutes, from ePR data", 0 },
	{ "values.care.rating", "strong", 0 },
	{ "values.care.evidence", "Stayed with a frightened patient's family until their neighbour arrived.", 0 },
	{ "talent.performance", "high", 0 },
	{ "talent.potential", "high", 0 },
	{ "talent.readiness", "1-2 years", 0 },
	{ "talent.interest", "mentoring\nshadowing", 0 },
	{ "wellbeing.status", "held", 0 },
	{ "wellbeing.mental", "Private: what was said stays between the two people.", STORE_PRIVATE },
	{ "pdp.goals[0].need", "Clinical supervision skills", 0 },
	{ "pdp.goals[0].goal", "Practice educator qualification", 0 },
	{ "pdp.goals[0].type", "formal", 0 },
	{ "pdp.goals[0].category", "Education and mentoring", 0 },
	{ "pdp.goals[0].priority", "high", 0 },
	{ "pdp.goals[0].support", "Study leave, 5 days", 0 },
	{ "pdp.goals[1].need", "Leadership at major incidents", 0 },
	{ "pdp.goals[1].goal", "Shadow a tactical commander for two shifts", 0 },
	{ "pdp.goals[1].type", "others", 0 },
	{ "pdp.goals[1].category", "Leadership and management", 0 },
	{ "pdp.goals[1].priority", "medium", 0 },
	{ "pdp.goals[1].support", "Rota swap agreed by the station officer", 0 },
	{ "summary.comments", "A fair and supportive conversation. Thank you.", 0 },
	{ "summary.agreed", "yes", 0 },
};


/* A PDP goal of the demo: need, goal, type, category, priority, support. */
struct dgoal {
	const char *need, *goal, *type, *category, *priority, *support;
};

/* Others' appraisals: last year's (two goals), and for some this year's,
 * where last year's goals get their outcomes and one new goal is added. */
static const struct past {
	const char *number, *name, *appraiser, *objective;
	long days_ago;			/* this year's meeting, before today;
					   with no appraisal this year, last year's */
	struct dgoal g[2];
	const char *outcome[2];		/* this year: last year's outcomes; NULL:
					   no appraisal this year yet */
	struct dgoal next;		/* this year's new goal */
	const char *cost, *funder;	/* of the new goal */
} others[] = {
	{ "200135", "Mei-Ling Chén", "Ffion Llywelyn",
	  "Complete the paramedic preceptorship portfolio", 372,
	  { { "Paediatric assessment", "PROMPT paediatric course", "formal",
	      "Clinical skills", "high", "Study leave, 2 days" },
	    { "Confidence with difficult conversations", "Shadow the safeguarding lead",
	      "others", "Career development", "medium", "" } },
	  { NULL, NULL }, { NULL, NULL, NULL, NULL, NULL, NULL }, NULL, NULL },
	{ "200142", "Aoife Brennan", "Ffion Llywelyn",
	  "Lead the station's handover quality improvement project", 210,
	  { { "Advanced airway management", "Supraglottic airway update", "formal",
	      "Clinical skills", "high", "" },
	    { "Quality improvement skills", "Run a PDSA cycle on handover times",
	      "experience", "Quality improvement", "medium", "Two hours a month" } },
	  { "achieved", "in progress" },
	  { "First-line management", "Trust's new managers programme", "formal",
	    "Leadership and management", "medium", "Release for six half days" },
	  "450", "cpd" },
	{ "200166", "Noémie Lefèvre", "Ffion Llywelyn",
	  "Become a practice educator for student paramedics", 45,
	  { { "Mental health crisis care", "Mental health first aid course",
	      "formal", "Health and wellbeing", "medium", "" },
	    { "Digital skills", "Learn the new ePR reporting tools", "experience",
	      "Digital and data", "low", "" } },
	  { "in progress", "no longer relevant" },
	  { "Blue-light driving", "C1 emergency driving refresher", "formal",
	    "Driving", "high", "Backfill for five days" }, "850", "trust" },
};

/* "2026-05-04" + "T14:30:00Z": when the demo says it was signed. */
static void stamp_of(const char *day, char out[STAMP_LEN + 1])
{
	snprintf(out, STAMP_LEN + 1, "%.10sT14:30:00Z", day);
}

/* Last year's form: this year's text under the version before it
 * ("2026.2" -> "2025.1"), as a trust keeps the form it used a year ago. */
static int last_year_form(const struct demo_form *f, struct demo_form *out,
			  struct form **keep, struct err *err)
{
	struct diag d = DIAG_INIT;
	struct sbuf src = SBUF_INIT, ver = SBUF_INIT, old = SBUF_INIT;
	const char *at;
	int y = atoi(f->version);

	*keep = NULL;
	if (y > 1900)
		sbuf_addf(&ver, "%d.1", y - 1);
	else
		sbuf_addf(&ver, "%s-last-year", f->version);
	sbuf_addf(&old, "version: \"%s\"", f->version);
	if (!f->source || !(at = strstr(f->source, old.buf))) {
		*out = *f;
		goto done;
	}
	sbuf_adds(&src, "# Last year's version of the form, kept by the demo.\n");
	sbuf_add(&src, f->source, (size_t)(at - f->source));
	sbuf_addf(&src, "version: \"%s\"", ver.buf);
	sbuf_adds(&src, at + old.len);
	if (!(*keep = form_load_text("last-year.yaml", src.buf, src.len, &d))) {
		err_set(err, "the demo's copy of last year's form does not load");
		goto done;
	}
	*out = (struct demo_form){ (*keep)->id, (*keep)->version, (*keep)->hash,
		(*keep)->source };
done:
	diag_release(&d);
	sbuf_release(&src);
	sbuf_release(&ver);
	sbuf_release(&old);
	return err->msg ? -1 : 0;
}

/* A final appraisal held on day `met` on form f: the answers, PDP goals
 * and both signatures, all dated that day. */
static int past_final(struct store *st, const struct demo_form *f, const char *num,
		      const char *appraiser, const char *name, const char *met,
		      const struct pdp_goal *goals, size_t ngoals,
		      const struct dans *ans, size_t nans, struct err *err)
{
	char next[DATE_LEN + 1], when[STAMP_LEN + 1];
	struct store_appraisal a;
	int rc = -1;

	date_add(met, 365, next);
	stamp_of(met, when);
	if (store_appraisal_new(st, num, appraiser, f->id, f->version, f->hash, &a, err) < 0)
		return -1;
	for (size_t i = 0; i < nans; i++)
		if (store_answer_set(st, a.id, ans[i].path, ans[i].value, ans[i].flags,
				     err) < 0)
			goto out;
	for (size_t i = 0; i < ngoals; i++) {
		static const char *const fields[] = { "need", "goal", "type", "category",
			"priority", "target_date", "support" };
		const char *v[] = { goals[i].need, goals[i].goal, goals[i].kind,
			goals[i].category, goals[i].priority, goals[i].target_date,
			goals[i].support };

		for (size_t k = 0; k < 7; k++) {
			char path[64];

			snprintf(path, sizeof(path), "pdp.goals[%zu].%s", i, fields[k]);
			if (v[k] && *v[k] && store_answer_set(st, a.id, path, v[k], 0, err) < 0)
				goto out;
		}
	}
	if (store_answer_set(st, a.id, "summary.next_review", next, 0, err) < 0 ||
	    store_pdp_set(st, a.id, goals, ngoals, err) < 0 ||
	    store_appraisal_set_dates(st, a.id, met, next, err) < 0 ||
	    store_signoff_add(st, a.id, "appraiser", appraiser, "", err) < 0 ||
	    store_signoff_add(st, a.id, "appraisee", name,
			      "A fair and supportive conversation. Thank you.", err) < 0 ||
	    store_appraisal_set_state(st, a.id, "signed", err) < 0 ||
	    store_appraisal_set_state(st, a.id, "final", err) < 0 ||
	    store_demo_backdate(st, a.id, when, err) < 0)
		goto out;
	rc = 0;
out:
	store_appraisal_release(&a);
	return rc;
}

/* Dafydd's appraisal from last year, in detail. */
static int dafydd(struct store *st, const struct demo_form *f, struct err *err)
{
	char today[DATE_LEN + 1], met[DATE_LEN + 1], due1[DATE_LEN + 1],
	     due2[DATE_LEN + 1];
	struct dans ans[sizeof(last_year) / sizeof(last_year[0])];
	struct pdp_goal goals[2];
	size_t n = sizeof(last_year) / sizeof(last_year[0]);

	date_today(today);
	date_add(today, -353, met);
	date_add(met, 180, due1);
	date_add(met, 270, due2);
	for (size_t i = 0; i < n; i++) {
		ans[i] = last_year[i];
		if (strstr(ans[i].path, "target_date"))
			ans[i].value = strstr(ans[i].path, "[0]") ? due1 : due2;
	}
	memset(goals, 0, sizeof(goals));
	goals[0] = (struct pdp_goal){ 0, "Clinical supervision skills",
		"Practice educator qualification", "formal", "Education and mentoring",
		"high", due1, "Study leave, 5 days", "new", NULL };
	goals[1] = (struct pdp_goal){ 1, "Leadership at major incidents",
		"Shadow a tactical commander for two shifts", "others",
		"Leadership and management", "medium", due2,
		"Rota swap agreed by the station officer", "new", NULL };
	return past_final(st, f, "100251", "Ffion Llywelyn", "Dafydd ap Gruffydd", met,
			  goals, 2, ans, n, err);
}

/* This year's appraisal of p, through the steps a real one takes. */
static int this_year(struct store *st, const struct form *form, const struct past *p,
		     const char *met, struct err *err)
{
	char next[DATE_LEN + 1], when[STAMP_LEN + 1], path[64], target[DATE_LEN + 1];
	struct appr *ap = NULL;
	long long id;
	long n;
	int rc = -1;

	date_add(met, 365, next);
	stamp_of(met, when);
	if (appr_start(st, form, p->number, p->appraiser, &id, err) < 0 ||
	    store_appraisal_set_dates(st, id, met, next, err) < 0 ||
	    !(ap = appr_open(st, id, NULL, 0, err)))
		goto out;
	if (appr_set(ap, "welcome.checkin", "Well; busy, and glad of the time to talk.", err) < 0 ||
	    appr_set(ap, "performance.review[0].rating", "met", err) < 0 ||
	    appr_set(ap, "performance.objectives[0].objective", p->objective, err) < 0 ||
	    appr_set(ap, "wellbeing.status", "held elsewhere", err) < 0)
		goto out;
	/* Last year's goals: their outcomes; those achieved leave the plan. */
	for (int i = 1; i >= 0; i--) {
		int going = !strcmp(p->outcome[i], "in progress");

		snprintf(path, sizeof(path), "pdp.followup[%d].comment", i);
		if (appr_set(ap, path, going ? "Started; we carry it on this year."
			     : "Done, and it shows in day-to-day work.", err) < 0)
			goto out;
		snprintf(path, sizeof(path), "pdp.followup[%d].outcome", i);
		if (appr_set(ap, path, p->outcome[i], err) < 0 ||
		    (!going && appr_item_delete(ap, "pdp.goals", i, err) < 0))
			goto out;
	}
	/* The goals kept get a new target date. */
	n = appr_count(ap, "pdp.goals");
	date_add(met, 240, target);
	for (long i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "pdp.goals[%ld].target_date", i);
		if (appr_set(ap, path, target, err) < 0)
			goto out;
	}
	{
		const char *f[][2] = {
			{ "need", p->next.need }, { "goal", p->next.goal },
			{ "type", p->next.type }, { "category", p->next.category },
			{ "priority", p->next.priority }, { "support", p->next.support },
			{ "cost", p->cost }, { "funder", p->funder },
		};

		for (size_t k = 0; k < sizeof(f) / sizeof(f[0]); k++) {
			snprintf(path, sizeof(path), "pdp.goals[%ld].%s", n, f[k][0]);
			if (appr_set(ap, path, f[k][1], err) < 0)
				goto out;
		}
	}
	if (appr_set(ap, "summary.comments", "Thank you; a good year to build on.", err) < 0 ||
	    appr_set(ap, "summary.agreed", "yes", err) < 0 ||
	    appr_set(ap, "summary.next_review", next, err) < 0 ||
	    appr_reload(ap, err) < 0 ||
	    appr_signoff(ap, p->appraiser, p->name, "", NULL, err) < 0 ||
	    appr_finalise(ap, err) < 0 ||
	    store_demo_backdate(st, id, when, err) < 0)
		goto out;
	rc = 0;
out:
	appr_free(ap);
	return rc;
}

/* The others' appraisals: last year's on the old form, this year's on f. */
static int others_appraisals(struct store *st, const struct demo_form *last,
			     const struct form *form, struct err *err)
{
	char today[DATE_LEN + 1], start[DATE_LEN + 1], met[DATE_LEN + 1],
	     before[DATE_LEN + 1], year[8];

	date_today(today);
	tna_year_of(today, year);
	snprintf(start, sizeof(start), "%.4s-04-01", year);
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		const struct past *p = &others[i];
		struct pdp_goal g[2];
		char due[2][DATE_LEN + 1];
		const struct dans ans[] = {
			{ "performance.objectives[0].objective", p->objective, 0 },
			{ "wellbeing.status", "declined", 0 },
			{ "summary.agreed", "yes", 0 },
		};

		/* This year's meeting inside this TNA year; last year's in the
		 * one before (364 days: never the same day a leap year on). */
		date_add(today, -p->days_ago, met);
		if (strcmp(met, start) < 0)
			memcpy(met, start, sizeof(met));
		if (p->outcome[0])
			date_add(met, -364, before);
		else
			date_add(today, -p->days_ago, before);
		date_add(before, 200, due[0]);
		date_add(before, 300, due[1]);
		for (int k = 0; k < 2; k++)
			g[k] = (struct pdp_goal){ k, p->g[k].need, p->g[k].goal,
				p->g[k].type, p->g[k].category, p->g[k].priority,
				due[k], p->g[k].support, "new", NULL };
		if (past_final(st, last, p->number, p->appraiser, p->name, before, g, 2,
			       ans, sizeof(ans) / sizeof(ans[0]), err) < 0)
			return -1;
		if (form && p->outcome[0] && this_year(st, form, p, met, err) < 0)
			return -1;
	}
	return 0;
}

/* The team, each due relative to today. */
static int put_team(struct store *st, const char *today, struct err *err)
{
	char due[DATE_LEN + 1];

	for (size_t i = 0; i < sizeof(team) / sizeof(team[0]); i++) {
		struct staff s = {
			(char *)team[i].number, (char *)team[i].name, (char *)team[i].role,
			(char *)team[i].band, (char *)team[i].station, (char *)team[i].email,
			due,
		};

		date_add(today, team[i].due_in, due);
		if (store_staff_put(st, &s, NULL, err) < 0)
			return -1;
	}
	return 0;
}

int demo_fill(struct store *st, const struct demo_form *form, struct err *err)
{
	static const struct demo_form placeholder = { "eadr", "1", "demo", NULL };
	const struct demo_form *f = form ? form : &placeholder;
	struct demo_form last;
	struct form *last_form = NULL, *this_form = NULL;
	char today[DATE_LEN + 1];
	long n = 0, demo = 0;

	if (store_audit_count(st, "demo", &demo, err) < 0 ||
	    store_counts(st, &n, NULL, err) < 0)
		return -1;
	if (demo > 0)
		return 1;
	if (n > 0)
		return err_set(err, "%s already holds %ld staff; the demo team goes "
			       "only into an empty database (try --db demo.db)",
			       store_path(st), n);
	if (last_year_form(f, &last, &last_form, err) < 0)
		return -1;
	if (f->source) {
		struct diag d = DIAG_INIT;

		this_form = form_load_text("demo.yaml", f->source, strlen(f->source), &d);
		diag_release(&d);
	}
	date_today(today);
	if (store_begin(st, err) < 0)
		goto fail_free;
	if (last.source && store_form_put(st, last.hash, last.id, last.version,
					  last.source, err) < 0)
		goto fail;
	if (put_team(st, today, err) < 0 ||
	    dafydd(st, &last, err) < 0 ||
	    others_appraisals(st, &last, this_form, err) < 0 ||
	    /* Finalising moved some due dates; the team's are the demo's. */
	    put_team(st, today, err) < 0 ||
	    store_audit(st, NULL, NULL, "demo", "demo team added", err) < 0)
		goto fail;
	form_free(last_form);
	form_free(this_form);
	return store_commit(st, err);
fail:
	store_rollback(st);
fail_free:
	form_free(last_form);
	form_free(this_form);
	return -1;
}
