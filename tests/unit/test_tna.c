/*
 * test_tna.c - the TNA year, and a year on: last year's PDP goals carried
 * into this year's plan through the real steps (start, review, keep,
 * change, close, sign, finalise), their link and outcomes in the export,
 * codes with labels, cost and funder, --category, and privacy on the way.
 */
#include "testutil.h"

#include "lib/appr.h"
#include "lib/export.h"
#include "lib/store.h"

#define MARK "PRIVATE-MARKER-tna"

static const char form_yaml[] =
	"form: mini\n"
	"version: \"2026.2\"\n"
	"title: Mini\n"
	"lists:\n"
	"  kind:\n"
	"    - { value: experience, label: \"Experience (70)\" }\n"
	"    - { value: formal, label: \"Formal (10)\" }\n"
	"  cat:\n"
	"    - { value: clinical, label: Clinical skills }\n"
	"    - { value: driving, label: Driving }\n"
	"  prio: [ { value: high, label: High }, { value: low, label: Low } ]\n"
	"  fund: [ { value: trust, label: Trust training budget }, { value: self, label: Self-funded } ]\n"
	"  outcome:\n"
	"    - { value: achieved, label: Achieved }\n"
	"    - { value: in progress, label: In progress }\n"
	"    - { value: no longer relevant, label: No longer relevant }\n"
	"sections:\n"
	"  - id: wellbeing\n"
	"    title: Wellbeing\n"
	"    questions:\n"
	"      - { id: notes, type: text, label: \"What keeps them well? Their signs\",\n"
	"          private: true }\n"
	"  - id: pdp\n"
	"    title: PDP\n"
	"    questions:\n"
	"      - id: followup\n"
	"        type: list\n"
	"        label: Last year's goals\n"
	"        carry: pdp.goals\n"
	"        questions:\n"
	"          - { id: goal, type: line, label: Goal }\n"
	"          - { id: outcome, type: choice, label: Outcome, choices: outcome }\n"
	"          - { id: comment, type: text, label: Comment }\n"
	"      - id: goals\n"
	"        type: list\n"
	"        label: Goals\n"
	"        carry: pdp.goals\n"
	"        pdp: true\n"
	"        tna: { need: need, goal: goal, type: type, category: category,\n"
	"               priority: priority, target_date: target_date, support: support }\n"
	"        questions:\n"
	"          - { id: need, type: line, label: Need }\n"
	"          - { id: goal, type: line, label: Goal }\n"
	"          - { id: type, type: choice, label: Type, choices: kind }\n"
	"          - { id: category, type: choice, label: Category, choices: cat }\n"
	"          - { id: priority, type: choice, label: Priority, choices: prio }\n"
	"          - { id: target_date, type: date, label: Target date }\n"
	"          - { id: support, type: text, label: Support }\n"
	"          - { id: cost, type: number, label: Cost, min: 0 }\n"
	"          - { id: funder, type: choice, label: Funder, choices: fund }\n";

struct fx {
	char *dir;
	struct store *st;
	struct form *f;
};

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	struct err err = ERR_INIT;
	struct diag d = DIAG_INIT;
	char *path;

	setenv("EADR_TODAY", "2026-07-01", 1);
	fx->dir = tu_tmpdir();
	path = tu_path(fx->dir, "t.db");
	fx->st = store_open(path, NULL, &err);
	free(path);
	assert_non_null(fx->st);
	fx->f = form_load_text("mini.yaml", form_yaml, strlen(form_yaml), &d);
	assert_non_null(fx->f);
	diag_release(&d);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	form_free(fx->f);
	store_close(fx->st);
	tu_rmdir(fx->dir);
	free(fx);
	return 0;
}

static void staff(struct store *st, const char *num, const char *name, const char *station)
{
	struct staff s = { (char *)num, (char *)name, "Paramedic", "6", (char *)station,
		"", NULL };
	struct err err = ERR_INIT;

	assert_int_equal(store_staff_put(st, &s, NULL, &err), 0);
}

static void set(struct appr *ap, const char *path, const char *value)
{
	struct err err = ERR_INIT;

	if (appr_set(ap, path, value, &err) < 0)
		fail_msg("%s: %s", path, err_msg(&err));
}

/* Start an appraisal of num held on day `met`; the caller fills it. */
static struct appr *start(struct fx *fx, const char *num, const char *met)
{
	struct err err = ERR_INIT;
	long long id;
	struct appr *ap;

	assert_int_equal(appr_start(fx->st, fx->f, num, "Ffion Llywelyn", &id, &err), 0);
	assert_int_equal(store_appraisal_set_dates(fx->st, id, met, NULL, &err), 0);
	ap = appr_open(fx->st, id, NULL, 0, &err);
	assert_non_null(ap);
	return ap;
}

static void finish(struct appr *ap, const char *name)
{
	struct err err = ERR_INIT;

	assert_int_equal(appr_sign(ap, "appraiser", "Ffion Llywelyn", "", &err), 0);
	assert_int_equal(appr_sign(ap, "appraisee", name, "", &err), 0);
	assert_int_equal(appr_finalise(ap, &err), 0);
	appr_free(ap);
}

static void goal(struct appr *ap, int i, const char *need, const char *g,
		 const char *type, const char *cat, const char *prio)
{
	char p[64];

	snprintf(p, sizeof(p), "pdp.goals[%d].need", i);
	set(ap, p, need);
	snprintf(p, sizeof(p), "pdp.goals[%d].goal", i);
	set(ap, p, g);
	snprintf(p, sizeof(p), "pdp.goals[%d].type", i);
	set(ap, p, type);
	snprintf(p, sizeof(p), "pdp.goals[%d].category", i);
	set(ap, p, cat);
	snprintf(p, sizeof(p), "pdp.goals[%d].priority", i);
	set(ap, p, prio);
}

/* Last year (2025/26): three goals.  This year (2026/27): the first was
 * achieved (closed), the second is kept (its priority changed), the third
 * no longer fits (closed), and one new goal with a cost and a funder. */
static void two_years(struct fx *fx)
{
	struct err err = ERR_INIT;
	struct appr *ap;

	staff(fx->st, "100234", "Zoë Ó Súilleabháin", "Northgate");
	staff(fx->st, "200117", "Ffion Llywelyn", "Riverside");
	staff(fx->st, "300001", "Nobody Yet", "Seaside");

	ap = start(fx, "100234", "2025-06-02");
	goal(ap, 0, "Airway", "Airway course", "formal", "clinical", "high");
	goal(ap, 1, "Driving", "Blue-light refresher", "formal", "driving", "low");
	goal(ap, 2, "Paediatrics", "Shadow a specialist", "experience", "clinical", "low");
	set(ap, "wellbeing.notes", MARK);
	finish(ap, "Zoë Ó Súilleabháin");

	ap = start(fx, "100234", "2026-06-01");
	/* Carried: the plan and the review both start from last year's goals. */
	assert_int_equal(appr_count(ap, "pdp.goals"), 3);
	assert_int_equal(appr_count(ap, "pdp.followup"), 3);
	assert_string_equal(appr_get(ap, "pdp.goals[1].goal"), "Blue-light refresher");
	assert_string_equal(appr_get(ap, "pdp.followup[2].goal"), "Shadow a specialist");
	set(ap, "pdp.followup[0].outcome", "achieved");
	set(ap, "pdp.followup[0].comment", "Done in March");
	set(ap, "pdp.followup[1].outcome", "in progress");
	set(ap, "pdp.followup[2].outcome", "no longer relevant");
	assert_int_equal(appr_item_delete(ap, "pdp.goals", 2, &err), 0);
	assert_int_equal(appr_item_delete(ap, "pdp.goals", 0, &err), 0);
	set(ap, "pdp.goals[0].priority", "high");	/* kept, changed */
	goal(ap, 1, "Leadership", "Managers' course", "formal", "clinical", "low");
	set(ap, "pdp.goals[1].cost", "450");
	set(ap, "pdp.goals[1].funder", "trust");
	set(ap, "wellbeing.notes", MARK " this year");
	finish(ap, "Zoë Ó Súilleabháin");
	err_release(&err);
}

static char *tna(struct fx *fx, struct tna_opts *o, enum export_format fmt, long *n)
{
	struct export_out out = EXPORT_OUT_INIT;
	struct err err = ERR_INIT;

	if (export_tna(HUBSTORE_SQLITE(fx->st), o, fmt, &out, n, &err) < 0)
		fail_msg("export: %s", err_msg(&err));
	return sbuf_detach(&out.buf);
}

static void test_year(void **state)
{
	struct tna_period p;
	struct err err = ERR_INIT;
	char y[8];

	(void)state;
	setenv("EADR_TODAY", "2027-03-31", 1);
	tna_year_of("2026-03-31", y);
	assert_string_equal(y, "2025/26");
	tna_year_of("2026-04-01", y);
	assert_string_equal(y, "2026/27");
	tna_year_of("2099-12-31", y);
	assert_string_equal(y, "2099/00");
	tna_year_of("nonsense", y);
	assert_string_equal(y, "");

	/* The default: today's TNA year (31 March is the year's last day). */
	assert_int_equal(tna_period_make(NULL, NULL, NULL, &p, &err), 0);
	assert_string_equal(p.year, "2026/27");
	assert_string_equal(p.from, "2026-04-01");
	assert_string_equal(p.to, "2027-03-31");
	assert_int_equal(tna_period_make("last", NULL, NULL, &p, &err), 0);
	assert_string_equal(p.from, "2025-04-01");
	assert_int_equal(tna_period_make("2024/25", NULL, NULL, &p, &err), 0);
	assert_string_equal(p.to, "2025-03-31");
	assert_int_equal(tna_period_make("2024-25", NULL, NULL, &p, &err), 0);
	assert_string_equal(p.year, "2024/25");
	assert_int_equal(tna_period_make("all", NULL, NULL, &p, &err), 0);
	assert_string_equal(p.from, "");
	assert_string_equal(p.year, "");
	/* --from / --to replace an end; alone, the other end is open. */
	assert_int_equal(tna_period_make("2026", "2026-06-01", NULL, &p, &err), 0);
	assert_string_equal(p.from, "2026-06-01");
	assert_string_equal(p.to, "2027-03-31");
	assert_string_equal(p.year, "");
	assert_int_equal(tna_period_make(NULL, NULL, "2026-01-31", &p, &err), 0);
	assert_string_equal(p.from, "");
	assert_string_equal(p.to, "2026-01-31");
	/* Refused. */
	assert_int_equal(tna_period_make("2024/26", NULL, NULL, &p, &err), -1);
	assert_non_null(strstr(err_msg(&err), "1 April to 31 March"));
	assert_int_equal(tna_period_make("26", NULL, NULL, &p, &err), -1);
	assert_int_equal(tna_period_make(NULL, "2026-02-30", NULL, &p, &err), -1);
	assert_int_equal(tna_period_make("2026", "2027-01-01", "2026-05-01", &p, &err), -1);
	assert_non_null(strstr(err_msg(&err), "is after"));
	err_release(&err);
	setenv("EADR_TODAY", "2026-07-01", 1);
}

/* A period as the command line makes it. */
static void period(struct tna_opts *o, struct tna_period *p, const char *year)
{
	struct err err = ERR_INIT;

	assert_int_equal(tna_period_make(year, NULL, NULL, p, &err), 0);
	o->filter.from = *p->from ? p->from : NULL;
	o->filter.to = *p->to ? p->to : NULL;
	o->period = p;
}

static void test_carried_and_linked(void **state)
{
	struct fx *fx = *state;
	struct tna_opts o;
	struct tna_period p;
	long n;
	char *s, *last;

	two_years(fx);
	memset(&o, 0, sizeof(o));
	period(&o, &p, NULL);
	s = tna(fx, &o, EXPORT_CSV, &n);
	/* This year's two goals only: last year's are not counted again. */
	assert_int_equal(n, 2);
	assert_null(strstr(s, "Airway"));
	/* The kept goal: carried, linked to last year's by text and id. */
	assert_non_null(strstr(s, ",Driving,Blue-light refresher,formal,Formal (10),"
			       "driving,Driving,high,High,,,,,,carried,Blue-light refresher,"));
	/* The new one: its cost, funder code and label. */
	assert_non_null(strstr(s, ",Leadership,Managers' course,formal,Formal (10),"
			       "clinical,Clinical skills,low,Low,,,450,trust,"
			       "Trust training budget,new,,,final\r\n"));
	assert_non_null(strstr(s, ",2026-06-01,2026/27,2026.2,"));
	assert_null(strstr(s, MARK));

	/* follows_up_uuid is last year's goal_uuid. */
	o.period = NULL;
	o.filter.from = NULL;
	o.filter.to = "2026-03-31";
	last = tna(fx, &o, EXPORT_CSV, &n);
	assert_int_equal(n, 3);
	{
		const char *row = strstr(last, ",Driving,Blue-light refresher,");
		const char *uuid;
		char id[37];

		assert_non_null(row);
		/* goal_uuid is the column before development_need. */
		uuid = row - 36;
		memcpy(id, uuid, 36);
		id[36] = '\0';
		assert_non_null(strstr(s, id));
	}
	free(last);
	free(s);
}

static void test_outcomes(void **state)
{
	struct fx *fx = *state;
	struct tna_opts o;
	struct tna_period p;
	long n;
	char *s;

	two_years(fx);
	memset(&o, 0, sizeof(o));
	period(&o, &p, "2026");
	o.outcomes = 1;
	s = tna(fx, &o, EXPORT_CSV, &n);
	assert_int_equal(n, 3);
	assert_memory_equal(s, "staff_number,name,role,band,station,appraiser,appraisal_date,"
			    "tna_year,appraisal_uuid,last_year_goal,outcome,outcome_label,", 120);
	assert_non_null(strstr(s, ",Airway course,achieved,Achieved,Done in March,"));
	assert_non_null(strstr(s, ",2025-06-02,Airway,formal,Formal (10),clinical,"
			       "Clinical skills,high,High\r\n"));
	assert_non_null(strstr(s, ",Blue-light refresher,in progress,In progress,,"));
	assert_non_null(strstr(s, ",Shadow a specialist,no longer relevant,No longer relevant,,"));
	free(s);

	/* --category picks by last year's goal's category, code or label. */
	o.filter.category = "Clinical Skills";
	s = tna(fx, &o, EXPORT_CSV, &n);
	assert_int_equal(n, 2);
	assert_null(strstr(s, "Blue-light"));
	free(s);

	/* JSON holds both, with the period; the cost is a number. */
	o.outcomes = 0;
	o.filter.category = NULL;
	s = tna(fx, &o, EXPORT_JSON, &n);
	assert_int_equal(n, 2);
	assert_non_null(strstr(s, "\"period\": {\"tna_year\": \"2026/27\", "
			       "\"from\": \"2026-04-01\", \"to\": \"2027-03-31\"}"));
	assert_non_null(strstr(s, "\"estimated_cost\": 450, \"funder\": \"trust\", "
			       "\"funder_label\": \"Trust training budget\""));
	assert_non_null(strstr(s, "\"outcome\": \"achieved\", \"outcome_label\": \"Achieved\""));
	assert_non_null(strstr(s, "\"outcomes_count\": 3\n}\n"));
	free(s);
}

static void test_category(void **state)
{
	struct fx *fx = *state;
	struct export_out out = EXPORT_OUT_INIT;
	struct err err = ERR_INIT;
	struct tna_opts o;
	long n = -1;
	char *s;

	two_years(fx);
	memset(&o, 0, sizeof(o));
	o.filter.category = "Driving";		/* a label: its code is used */
	s = tna(fx, &o, EXPORT_CSV, &n);
	assert_int_equal(n, 2);			/* last year's and this year's */
	free(s);
	o.filter.category = "Drving";
	assert_int_equal(export_tna(HUBSTORE_SQLITE(fx->st), &o, EXPORT_CSV, &out, &n, &err), -1);
	assert_string_equal(err_msg(&err), "no TNA category 'Drving'; the categories "
			    "are: 'clinical', 'driving'");
	assert_int_equal(n, 0);
	export_out_release(&out);
	err_release(&err);
}

static void test_xlsx(void **state)
{
	struct fx *fx = *state;
	struct err err = ERR_INIT;
	struct tna_opts o;
	struct tna_period p;
	char *path = tu_path(fx->dir, "t.xlsx");
	long n;

	two_years(fx);
	memset(&o, 0, sizeof(o));
	period(&o, &p, NULL);
	assert_int_equal(export_tna_xlsx(HUBSTORE_SQLITE(fx->st), &o, path, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(access(path, F_OK), 0);
	free(path);
}

/* The PDP document of the second year: what the goal continues, no jargon. */
static void test_pdp_document(void **state)
{
	struct fx *fx = *state;
	struct sbuf out = SBUF_INIT;
	struct err err = ERR_INIT;

	two_years(fx);
	assert_int_equal(export_pdp(fx->st, "100234", PDP_TEXT, 0, NULL, &out, &err), 0);
	assert_non_null(strstr(out.buf, "   Category: Driving\n   Priority: High\n"
			       "   Continues last year's goal: Blue-light refresher\n"));
	assert_non_null(strstr(out.buf, "   Estimated cost (£): 450\n"
			       "   Funded by: Trust training budget\n"));
	assert_null(strstr(out.buf, "State"));
	assert_null(strstr(out.buf, "carried"));
	assert_null(strstr(out.buf, MARK));
	/* The own copy speaks to its reader, labels too. */
	sbuf_reset(&out);
	assert_int_equal(export_pdp(fx->st, "100234", PDP_TEXT, PDP_WITH_PRIVATE, NULL,
				    &out, &err), 0);
	assert_non_null(strstr(out.buf, "What keeps you well? Your signs: " MARK " this year\n"));
	assert_null(strstr(out.buf, "them"));
	sbuf_release(&out);
	err_release(&err);
}

/* The privacy rule: the checker refuses a shared plan carried from a
 * private list, and finalising never copies a private value. */
static void test_privacy(void **state)
{
	static const char bad[] =
		"form: bad\nversion: \"1\"\ntitle: Bad\nsections:\n"
		"  - id: s\n    title: S\n    questions:\n"
		"      - id: secret\n        type: list\n        label: Secret\n"
		"        private: true\n        questions:\n"
		"          - { id: goal, type: line, label: Goal }\n"
		"      - id: goals\n        type: list\n        label: Goals\n"
		"        carry: s.secret\n        questions:\n"
		"          - { id: goal, type: line, label: Goal }\n";
	struct fx *fx = *state;
	struct diag d = DIAG_INIT;
	struct err err = ERR_INIT;
	struct appr *ap;
	long n;
	char *s;

	assert_null(form_load_text("bad.yaml", bad, strlen(bad), &d));
	assert_true(d.n > 0);
	diag_release(&d);

	staff(fx->st, "100234", "Zoë Ó Súilleabháin", "Northgate");
	ap = start(fx, "100234", "2025-06-02");
	goal(ap, 0, "Airway", "Airway course", "formal", "clinical", "high");
	/* A value saved private (an older form, a tampered file): never copied. */
	assert_int_equal(store_answer_set(fx->st, ap->rec.id, "pdp.goals[0].support",
					  MARK, STORE_PRIVATE, &err), 0);
	assert_int_equal(store_answer_set(fx->st, ap->rec.id, "pdp.goals[0].cost",
					  "987654", STORE_PRIVATE, &err), 0);
	assert_int_equal(appr_reload(ap, &err), 0);
	finish(ap, "Zoë Ó Súilleabháin");
	ap = start(fx, "100234", "2026-06-01");
	{
		const char *v = appr_get(ap, "pdp.goals[0].support");

		assert_true(!v || !strstr(v, MARK));	/* not carried either */
	}
	finish(ap, "Zoë Ó Súilleabháin");
	{
		struct tna_opts o;

		memset(&o, 0, sizeof(o));
		s = tna(fx, &o, EXPORT_JSON, &n);
	}
	assert_int_equal(n, 2);
	assert_null(strstr(s, MARK));
	assert_null(strstr(s, "987654"));	/* a private cost is not exported */
	free(s);
	err_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_year),
		cmocka_unit_test_setup_teardown(test_carried_and_linked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outcomes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_category, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xlsx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pdp_document, setup, teardown),
		cmocka_unit_test_setup_teardown(test_privacy, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
