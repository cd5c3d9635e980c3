/*
 * test_export.c - the TNA export, the PDP document and the reports, on a
 * database built through the store API (staff, final appraisals with
 * private answers, PDP goals, sign-offs, a draft on a kept form).
 */
#include "testutil.h"

#include <sys/stat.h>

#include "lib/export.h"
#include "lib/report.h"
#include "lib/store.h"

#define MARK "PRIVATE-MARKER-unit"

/* A small form with a PDP list, kept in the store for the draft. */
static const char form_yaml[] =
	"form: mini\n"
	"version: \"3\"\n"
	"title: Mini\n"
	"sections:\n"
	"  - id: wellbeing\n"
	"    title: Wellbeing\n"
	"    questions:\n"
	"      - { id: status, type: line, label: Status }\n"
	"      - { id: mental, type: text, label: Mental wellbeing, private: true }\n"
	"  - id: pdp\n"
	"    title: PDP\n"
	"    questions:\n"
	"      - id: goals\n"
	"        type: list\n"
	"        label: Goals\n"
	"        pdp: true\n"
	"        tna: { need: need, goal: goal, type: type, category: category,\n"
	"               priority: priority, target_date: target_date, support: support }\n"
	"        questions:\n"
	"          - { id: need, type: line, label: Need }\n"
	"          - { id: goal, type: line, label: Goal }\n"
	"          - { id: type, type: line, label: Type }\n"
	"          - { id: category, type: line, label: Category }\n"
	"          - { id: priority, type: line, label: Priority }\n"
	"          - { id: target_date, type: date, label: Target date }\n"
	"          - { id: support, type: text, label: Support }\n";
/* (A private TNA column is refused by the form checker; the draft's private
 * support answer below is private by its stored flag alone.) */

struct fx {
	char *dir;
	struct store *st;
	long long final_id, draft_id, bare_id;
};

static void staff_add(struct store *st, const char *num, const char *name,
		      const char *station, const char *due)
{
	struct staff s = { (char *)num, (char *)name, "Paramedic", "6",
		(char *)station, "", (char *)due };
	struct err err = ERR_INIT;

	assert_int_equal(store_staff_put(st, &s, NULL, &err), 0);
}

static long long appraisal(struct store *st, const char *num, const char *date,
			   const char *form_hash)
{
	struct store_appraisal a;
	struct err err = ERR_INIT;
	long long id;

	assert_int_equal(store_appraisal_new(st, num, "Ffion Llywelyn", "mini", "3",
					     form_hash, &a, &err), 0);
	id = a.id;
	store_appraisal_release(&a);
	assert_int_equal(store_appraisal_set_dates(st, id, date, NULL, &err), 0);
	return id;
}

static void answer(struct store *st, long long id, const char *path,
		   const char *value, int flags)
{
	struct err err = ERR_INIT;

	assert_int_equal(store_answer_set(st, id, path, value, flags, &err), 0);
}

static void finalise(struct store *st, long long id, int both)
{
	struct err err = ERR_INIT;

	assert_int_equal(store_signoff_add(st, id, "appraiser", "Ffion Llywelyn",
					   "", &err), 0);
	if (both)
		assert_int_equal(store_signoff_add(st, id, "appraisee", "Zoë",
						   "Thanks " MARK "-not", &err), 0);
	assert_int_equal(store_appraisal_set_state(st, id, "final", &err), 0);
}

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	struct err err = ERR_INIT;
	struct form *f;
	struct diag d = DIAG_INIT;
	char *path;
	struct pdp_goal g[2] = {
		{ 0, "Clinical supervision", "=HYPERLINK(\"http://x\")", "formal",
		  "Education and mentoring", "high", "2026-06-02", "Study leave",
		  "new", NULL },
		{ 1, "Major incidents", "Shadow a commander\nfor two shifts", "others",
		  "Leadership and management", "medium", NULL, "-rota swap",
		  "carried", NULL },
	};

	setenv("EADR_TODAY", "2026-05-01", 1);
	fx->dir = tu_tmpdir();
	path = tu_path(fx->dir, "t.db");
	fx->st = store_open(path, NULL, &err);
	free(path);
	assert_non_null(fx->st);
	f = form_load_text("mini.yaml", form_yaml, strlen(form_yaml), &d);
	assert_non_null(f);
	assert_int_equal(store_form_put(fx->st, f->hash, f->id, f->version,
					f->source, &err), 0);

	staff_add(fx->st, "100234", "Zoë Ó Súilleabháin", "Northgate", "2026-05-20");
	staff_add(fx->st, "100251", "Dafydd ap Gruffydd", "Northgate", "2026-04-01");
	staff_add(fx->st, "200117", "Ffion \"Ffi\" Llywelyn", "Riverside", "2027-01-01");
	staff_add(fx->st, "300001", "Nobody Yet", "Riverside", NULL);

	/* Zoë: final, everything good, private answers.  Her form is not
	 * kept, so the PDP document uses the store's private flags alone. */
	fx->final_id = appraisal(fx->st, "100234", "2026-03-10", "not-kept");
	answer(fx->st, fx->final_id, "performance.went_well", "Calm at scenes", 0);
	answer(fx->st, fx->final_id, "performance.objectives[0].objective", "Mentor <b>students</b>", 0);
	answer(fx->st, fx->final_id, "performance.objectives[0].measure", "Two students", 0);
	answer(fx->st, fx->final_id, "performance.objectives[0].target_date", "2026-09-01", 0);
	answer(fx->st, fx->final_id, "values.care.rating", "strong", 0);
	answer(fx->st, fx->final_id, "talent.performance", "high", 0);
	answer(fx->st, fx->final_id, "wellbeing.status", "held", 0);
	answer(fx->st, fx->final_id, "wellbeing.mental", MARK " mental", STORE_PRIVATE);
	answer(fx->st, fx->final_id, "wellbeing.physical", MARK " physical", STORE_PRIVATE);
	answer(fx->st, fx->final_id, "summary.comments", "Fair and kind", 0);
	assert_int_equal(store_pdp_set(fx->st, fx->final_id, g, 2, &err), 0);
	finalise(fx->st, fx->final_id, 1);

	/* Ffion: final but thin: no objectives' dates, no PDP, one signature. */
	fx->bare_id = appraisal(fx->st, "200117", "2025-11-02", "not-kept");
	answer(fx->st, fx->bare_id, "performance.objectives[0].objective", "Something", 0);
	answer(fx->st, fx->bare_id, "performance.objectives[0].measure", "Some way", 0);
	finalise(fx->st, fx->bare_id, 0);

	/* Dafydd: a draft with two goals in its answers, one field private. */
	fx->draft_id = appraisal(fx->st, "100251", "2026-04-20", f->hash);
	answer(fx->st, fx->draft_id, "pdp.goals[0].need", "Driving", 0);
	answer(fx->st, fx->draft_id, "pdp.goals[0].goal", "Blue-light course", 0);
	answer(fx->st, fx->draft_id, "pdp.goals[0].category", "Driving", 0);
	answer(fx->st, fx->draft_id, "pdp.goals[0].support", MARK " support", STORE_PRIVATE);
	answer(fx->st, fx->draft_id, "pdp.goals[10].need", "Digital", 0);
	answer(fx->st, fx->draft_id, "pdp.goals[10].category", "Digital and data", 0);
	answer(fx->st, fx->draft_id, "pdp.goals[10].target_date", "2026-12-01", 0);

	form_free(f);
	diag_release(&d);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	store_close(fx->st);
	tu_rmdir(fx->dir);
	free(fx);
	return 0;
}

/* The export as text, or NULL with *nrows 0. */
static char *tna_text(struct store *st, const struct tna_opts *o,
		      enum export_format fmt, long *nrows)
{
	struct export_out out = EXPORT_OUT_INIT;
	struct err err = ERR_INIT;

	assert_int_equal(export_tna(HUBSTORE_SQLITE(st), o, fmt, &out, nrows, &err), 0);
	return sbuf_detach(&out.buf);
}

static void test_tna_csv(void **state)
{
	struct fx *fx = *state;
	struct tna_opts o = { .excel = 1 };
	long n;
	char *csv = tna_text(fx->st, &o, EXPORT_CSV, &n);

	assert_int_equal(n, 2);
	assert_memory_equal(csv, "\xef\xbb\xbfstaff_number,name,", 20);
	/* The formula and the leading "-" are text, the line break quoted. */
	assert_non_null(strstr(csv, "\r\n100234,Zoë Ó Súilleabháin,Paramedic,6,Northgate,"
			       "Ffion Llywelyn,2026-03-10,2025/26,3,"));
	/* Codes and labels: the form is not kept, so each label is its code. */
	assert_non_null(strstr(csv, ",Clinical supervision,"
			       "\"'=HYPERLINK(\"\"http://x\"\")\",formal,formal,"
			       "Education and mentoring,Education and mentoring,"
			       "high,high,2026-06-02,Study leave,,,,new,,,final\r\n"));
	assert_non_null(strstr(csv, ",\"Shadow a commander\nfor two shifts\",others,others,"
			       "Leadership and management,Leadership and management,medium,medium,"
			       ",\"'-rota swap\",,,,carried,,,final\r\n"));
	assert_null(strstr(csv, "Dafydd"));	/* the draft is not final */
	assert_null(strstr(csv, MARK));
	free(csv);
}

static void test_tna_filters(void **state)
{
	struct fx *fx = *state;
	struct tna_opts o = { .filter = { .station = "northgate", .category = "LEADERSHIP AND MANAGEMENT" } };
	long n;
	char *s = tna_text(fx->st, &o, EXPORT_CSV, &n);

	assert_int_equal(n, 1);
	assert_non_null(strstr(s, "Shadow a commander"));
	free(s);
	o.filter = (struct export_filter){ .from = "2026-03-11" };
	s = tna_text(fx->st, &o, EXPORT_CSV, &n);
	assert_int_equal(n, 0);
	free(s);
	o.filter = (struct export_filter){ .from = "2026-03-10", .to = "2026-03-10" };
	s = tna_text(fx->st, &o, EXPORT_CSV, &n);
	assert_int_equal(n, 2);
	free(s);
	o.filter = (struct export_filter){ .station = "Riverside" };
	s = tna_text(fx->st, &o, EXPORT_CSV, &n);
	assert_int_equal(n, 0);
	free(s);
}

static void test_tna_all_drafts(void **state)
{
	struct fx *fx = *state;
	struct tna_opts o = { .all = 1 };
	long n;
	char *s = tna_text(fx->st, &o, EXPORT_CSV, &n);

	/* Items 0 and 10 of the draft, read through the kept form. */
	assert_int_equal(n, 4);
	assert_non_null(strstr(s, "100251,Dafydd ap Gruffydd,Paramedic,6,Northgate,"
			       "Ffion Llywelyn,2026-04-20,2026/27,3,"));
	assert_non_null(strstr(s, ",,Driving,Blue-light course,,,"
			       "Driving,Driving,,,,,,,,new,,,draft\r\n"));
	assert_non_null(strstr(s, ",,Digital,,,,Digital and data,Digital and data,,,"
			       "2026-12-01,,,,,new,,,draft\r\n"));
	assert_null(strstr(s, MARK));	/* the private support field */
	free(s);
	o.filter.category = "Driving";
	s = tna_text(fx->st, &o, EXPORT_CSV, &n);
	assert_int_equal(n, 1);
	free(s);
}

static void test_tna_json(void **state)
{
	struct fx *fx = *state;
	struct tna_opts o = { .filter = { .station = "Northgate" } };
	long n;
	char *s = tna_text(fx->st, &o, EXPORT_JSON, &n);

	assert_int_equal(n, 2);
	assert_non_null(strstr(s, "\"station\": \"Northgate\", \"category\": null"));
	assert_non_null(strstr(s, "\"goal\": \"=HYPERLINK(\\\"http://x\\\")\""));
	assert_non_null(strstr(s, "\"goal\": \"Shadow a commander\\nfor two shifts\""));
	assert_non_null(strstr(s, "\"target_date\": null"));
	assert_non_null(strstr(s, "\"count\": 2,\n  \"outcomes\": [],\n"
			       "  \"outcomes_count\": 0\n}\n"));
	assert_non_null(strstr(s, "\"format_version\": 2"));
	/* No period given: none said. */
	assert_non_null(strstr(s, "\"period\": {\"tna_year\": null, \"from\": null, \"to\": null}"));
	assert_non_null(strstr(s, "\"estimated_cost\": null, \"funder\": null"));
	assert_non_null(strstr(s, "\"tna_year\": \"2025/26\""));
	assert_null(strstr(s, MARK));
	free(s);
}

static void test_json_put(void **state)
{
	struct sbuf sb = SBUF_INIT;

	(void)state;
	json_put(&sb, "a\"b\\c\n\t\r\b\f\x01\x1f\x7f Zoë 😀 \xe2\x80\xa8 \xff\xc3");
	assert_string_equal(sb.buf, "\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\\u001f\x7f"
			    " Zoë 😀 \\u2028 \\ufffd\\ufffd\"");
	sbuf_reset(&sb);
	json_put(&sb, "");
	assert_string_equal(sb.buf, "\"\"");
	sbuf_reset(&sb);
	html_put(&sb, "<script>alert('x') & \"y\"</script>");
	assert_string_equal(sb.buf, "&lt;script&gt;alert(&#39;x&#39;) &amp; "
			    "&quot;y&quot;&lt;/script&gt;");
	sbuf_release(&sb);
}

static void test_tna_xlsx(void **state)
{
	struct fx *fx = *state;
	struct tna_opts o = { .all = 0 };
	struct err err = ERR_INIT;
	char *path = tu_path(fx->dir, "t.xlsx");
	size_t len;
	char *data;
	long n;

	assert_int_equal(export_tna_xlsx(HUBSTORE_SQLITE(fx->st), &o, path, &n, &err), 0);
	assert_int_equal(n, 2);
	data = tu_read(path, &len);
	assert_true(len > 1000);
	assert_memory_equal(data, "PK\x03\x04", 4);
	free(data);
	free(path);
}

/* The audit log's "exported" entries, "STAFF|detail" a line. */
static int exported_one(const struct audit_entry *a, void *arg)
{
	if (!strcmp(a->action, "exported"))
		sbuf_addf(arg, "%s|%s\n", a->staff_number ? a->staff_number : "-", a->detail);
	return 0;
}

/* An export is written whole and recorded in the audit log, in one call. */
static void test_export_written_and_audited(void **state)
{
	struct fx *fx = *state;
	struct tna_opts o = { .all = 0 };
	struct err err = ERR_INIT;
	char *csv = tu_path(fx->dir, "tna.csv"), *xlsx = tu_path(fx->dir, "tna.xlsx");
	char *doc = tu_path(fx->dir, "pdp.md"), *data;
	struct export_dest to_csv = { csv, NULL }, to_xlsx = { xlsx, NULL }, to_doc = { doc, NULL };
	struct sbuf log = SBUF_INIT;
	size_t len;
	long n = -1;

	assert_int_equal(export_tna_to(HUBSTORE_SQLITE(fx->st), &o, EXPORT_CSV, &to_csv, &n, &err), 0);
	assert_int_equal(n, 2);
	data = tu_read(csv, &len);
	assert_non_null(strstr(data, "Clinical supervision"));
	free(data);
	assert_int_equal(export_tna_to(HUBSTORE_SQLITE(fx->st), &o, EXPORT_XLSX, &to_xlsx, &n, &err), 0);
	data = tu_read(xlsx, &len);
	assert_memory_equal(data, "PK\x03\x04", 4);
	free(data);
	assert_int_equal(export_pdp_to(fx->st, "100234", PDP_MARKDOWN, 0, NULL, &to_doc,
				       &err), 0);
	/* Matching nothing writes and records nothing. */
	o.filter.station = "Nowhere";
	assert_int_equal(export_tna_to(HUBSTORE_SQLITE(fx->st), &o, EXPORT_JSON, &to_csv, &n, &err), 0);
	assert_int_equal(n, 0);
	/* Not written: not recorded either. */
	assert_int_equal(export_pdp_to(fx->st, "999999", PDP_TEXT, 0, NULL, &to_doc, &err), -1);

	assert_int_equal(store_audit_each(fx->st, exported_one, &log, &err), 0);
	{
		struct sbuf want = SBUF_INIT;

		sbuf_addf(&want, "-|TNA csv, 2 PDP goals, to %s\n"
			  "-|TNA xlsx, 2 PDP goals, to %s\n"
			  "100234|PDP document markdown, to %s\n", csv, xlsx, doc);
		assert_string_equal(log.buf, want.buf);
		sbuf_release(&want);
	}
	sbuf_release(&log);
	free(csv);
	free(xlsx);
	free(doc);
	err_release(&err);
}

static char *pdp_doc(struct fx *fx, const char *num, enum pdp_format fmt, int flags)
{
	struct sbuf out = SBUF_INIT;
	struct err err = ERR_INIT;

	assert_int_equal(export_pdp(fx->st, num, fmt, flags, NULL, &out, &err), 0);
	return sbuf_detach(&out);
}

static void test_pdp_document(void **state)
{
	struct fx *fx = *state;
	char *t = pdp_doc(fx, "100234", PDP_TEXT, 0);
	char *h, *m, *p;

	assert_non_null(strstr(t, "Personal development plan: Zoë Ó Súilleabháin\n"));
	/* A question as a label takes no colon. */
	assert_non_null(strstr(t, "1. Mentor <b>students</b>\n   How will we know? Two students\n"
			       "   Target date: 2026-09-01\n"));
	assert_null(strstr(t, "?:"));
	assert_non_null(strstr(t, "   Development need: Clinical supervision\n"));
	assert_non_null(strstr(t, "Staff member\n   Name: Zoë\n"));
	assert_non_null(strstr(t, "Your comments\n-------------\nIn your own words: Fair and kind\n"));
	/* The stored state is not shown as such; a carried goal says what
	 * it continues (here: nothing known, so nothing). */
	assert_null(strstr(t, "State:"));
	assert_null(strstr(t, "carried"));
	assert_null(strstr(t, MARK " mental"));
	assert_null(strstr(t, "own copy"));

	h = pdp_doc(fx, "100234", PDP_HTML, 0);
	assert_non_null(strstr(h, "<!DOCTYPE html>"));
	assert_non_null(strstr(h, "Mentor &lt;b&gt;students&lt;/b&gt;"));
	assert_null(strstr(h, "<b>"));
	assert_null(strstr(h, MARK " mental"));
	assert_non_null(strstr(h, "</body>\n</html>\n"));

	m = pdp_doc(fx, "100234", PDP_MARKDOWN, 0);
	assert_non_null(strstr(m, "# Personal development plan: Zoë Ó Súilleabháin\n"));
	assert_non_null(strstr(m, "Mentor \\<b\\>students\\</b\\>"));

	p = pdp_doc(fx, "100234", PDP_TEXT, PDP_WITH_PRIVATE);
	assert_non_null(strstr(p, "This is your own copy."));
	assert_null(strstr(p, "staff member's"));
	assert_non_null(strstr(p, MARK " mental"));
	assert_non_null(strstr(p, MARK " physical"));
	free(t);
	free(h);
	free(m);
	free(p);
}

static void test_pdp_errors(void **state)
{
	struct fx *fx = *state;
	struct sbuf out = SBUF_INIT;
	struct err err = ERR_INIT;

	assert_int_equal(export_pdp(fx->st, "999999", PDP_TEXT, 0, NULL, &out, &err), -1);
	assert_string_equal(err_msg(&err), "no staff member with staff number 999999");
	assert_int_equal(out.len, 0);
	assert_int_equal(export_pdp(fx->st, "100251", PDP_TEXT, 0, NULL, &out, &err), -1);
	assert_non_null(strstr(err_msg(&err), "has no final appraisal yet"));
	assert_int_equal(out.len, 0);
	err_release(&err);
	sbuf_release(&out);
}

static void test_completion(void **state)
{
	struct fx *fx = *state;
	struct completion c;
	struct err err = ERR_INIT;

	assert_int_equal(report_completion(HUBSTORE_SQLITE(fx->st), NULL, &c, &err), 0);
	assert_string_equal(c.today, "2026-05-01");
	assert_int_equal(c.n, 2);
	assert_string_equal(c.rows[0].station, "Northgate");
	/* Zoë: final 2026-03-10, due the year after (finalising moved it);
	 * Dafydd: draft, due 2026-04-01 (overdue). */
	assert_int_equal(c.rows[0].staff, 2);
	assert_int_equal(c.rows[0].final_12m, 1);
	assert_int_equal(c.rows[0].appraised, 1);
	assert_int_equal(c.rows[0].drafts, 1);
	assert_int_equal(c.rows[0].overdue, 1);
	assert_int_equal(c.rows[0].due_30, 0);
	assert_true(c.rows[0].rate > 0.49 && c.rows[0].rate < 0.51);
	/* Ffion final 2025-11-02; Nobody has no due date. */
	assert_string_equal(c.rows[1].station, "Riverside");
	assert_int_equal(c.rows[1].staff, 2);
	assert_int_equal(c.rows[1].final_12m, 1);
	assert_int_equal(c.total.staff, 4);
	assert_int_equal(c.total.final_12m, 2);
	assert_int_equal(c.total.drafts, 1);
	assert_null(c.total.station);
	completion_release(&c);

	assert_int_equal(report_completion(HUBSTORE_SQLITE(fx->st), "riverside", &c, &err), 0);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.total.staff, 2);
	completion_release(&c);

	setenv("EADR_TODAY", "2027-03-11", 1);	/* Zoë's final is 12 months + 1 day old */
	assert_int_equal(report_completion(HUBSTORE_SQLITE(fx->st), "Northgate", &c, &err), 0);
	assert_int_equal(c.rows[0].final_12m, 0);
	completion_release(&c);
	setenv("EADR_TODAY", "2026-05-01", 1);
}

static void test_quality(void **state)
{
	struct fx *fx = *state;
	struct quality q;
	struct err err = ERR_INIT;
	size_t nind;
	const struct quality_indicator *ind = quality_indicators(&nind);

	assert_int_equal(nind, 6);
	assert_string_equal(ind[5].key, "signed_by_both");
	assert_int_equal(report_quality(HUBSTORE_SQLITE(fx->st), NULL, &q, &err), 0);
	assert_int_equal(q.n, 2);
	/* Northgate (Zoë) first: everything met. */
	assert_string_equal(q.rows[0].staff_number, "100234");
	assert_int_equal(q.rows[0].score, 6);
	/* Ffion: no areas, no wellbeing, objective without a date, no PDP,
	 * no comments, one signature. */
	assert_string_equal(q.rows[1].staff_number, "200117");
	assert_int_equal(q.rows[1].score, 0);
	assert_int_equal(q.met[0], 1);
	assert_int_equal(q.met[3], 1);
	quality_release(&q);
}

static void test_sample(void **state)
{
	struct quality q;
	uint64_t s = 0;
	char a[64], b[64];

	(void)state;
	/* The reference values of splitmix64 from seed 0. */
	assert_true(report_splitmix64(&s) == 0xe220a8397b1dcdafu);
	assert_true(report_splitmix64(&s) == 0x6e789e6aa1b965f4u);

	for (int round = 0; round < 3; round++) {
		memset(&q, 0, sizeof(q));
		q.met = calloc(6, sizeof(*q.met));
		q.rows = calloc(20, sizeof(*q.rows));
		for (int i = 0; i < 20; i++) {
			char num[8];

			snprintf(num, sizeof(num), "%d", i);
			q.rows[i].staff_number = strdup(num);
		}
		q.n = q.population = 20;
		quality_sample(&q, 5, round < 2 ? 42 : 43);
		assert_int_equal(q.n, 5);
		snprintf(round ? (round == 1 ? b : a) : a, 64, "%s %s %s %s %s",
			 q.rows[0].staff_number, q.rows[1].staff_number,
			 q.rows[2].staff_number, q.rows[3].staff_number,
			 q.rows[4].staff_number);
		if (round == 1)
			assert_string_equal(a, b);	/* same seed, same sample */
		if (round == 2)
			assert_string_not_equal(a, b);
		for (size_t i = 1; i < q.n; i++)	/* in report order */
			assert_true(atoi(q.rows[i - 1].staff_number) <
				    atoi(q.rows[i].staff_number));
		quality_release(&q);
	}
}

/* ---- the end-to-end fixture: test_export --make-db DB FORM.yaml ----
 * tests/e2e/export.sh runs the real binary on this database.  Every
 * question of the form gets an answer as the TUI would save it (private
 * flag from the form); every private one holds "PRIVATE-MARKER-<path>". */

struct fill {
	struct store *st;
	const struct form *f;
	long long id;
	int failed;
};

static int fill_one(const struct form_question *q, void *arg)
{
	struct fill *fl = arg;
	struct sbuf path = SBUF_INIT, value = SBUF_INIT;
	struct err err = ERR_INIT;
	size_t idx[1] = { 0 };
	int priv;

	if (!form_type_answerable(q->type))
		return 0;
	form_answer_path(q, idx, 1, &path);
	priv = form_path_private(fl->f, path.buf) != 0;
	if (priv)
		sbuf_addf(&value, "PRIVATE-MARKER-%s", path.buf);
	else if (q->type == FORM_DATE)
		sbuf_adds(&value, "2026-09-01");
	else if (q->type == FORM_NUMBER)
		sbuf_adds(&value, q->has_min ? "0" : "1");
	else if (q->type == FORM_YESNO)
		sbuf_adds(&value, "yes");
	else if (q->choices && q->choices->n)
		sbuf_adds(&value, q->choices->items[0].value);
	else
		sbuf_addf(&value, "Answer to %s", path.buf);
	if (store_answer_set(fl->st, fl->id, path.buf, value.buf,
			     priv ? STORE_PRIVATE : 0, &err) < 0) {
		fprintf(stderr, "%s: %s\n", path.buf, err_msg(&err));
		fl->failed = 1;
	}
	err_release(&err);
	sbuf_release(&path);
	sbuf_release(&value);
	return fl->failed;
}

static int make_db(const char *dbpath, const char *formpath)
{
	struct diag d = DIAG_INIT;
	struct err err = ERR_INIT;
	struct form *f = form_load_file(formpath, &d);
	struct store *st = store_open(dbpath, NULL, &err);
	struct store_appraisal a;
	struct fill fl;
	int rc = 1;
	static const struct { const char *num, *name, *station, *due; } people[] = {
		{ "100234", "Zoë Ó Súilleabháin", "Northgate", "2026-03-01" },
		{ "100251", "Dafydd ap Gruffydd", "Northgate", "2026-05-20" },
		{ "200117", "Ffion Llywelyn", "Riverside", "2026-04-01" },
		{ "200128", "@Jürgen Bäcker", "Riverside", "2026-04-30" },
	};
	const struct pdp_goal zoe[] = {
		{ 0, "=1+2", "+SUM(A1:A2)", "formal", "Clinical skills", "high",
		  "2026-09-01", "-5 days study leave", "new", NULL },
		{ 1, "@mention", "\tTabbed goal", "others", "Driving", "medium",
		  NULL, "\rCarriage return", "carried", NULL },
	};
	const struct pdp_goal jurgen[] = {
		{ 0, "Airway skills", "Course", "formal", "Clinical skills", "high",
		  "2026-01-15", "", "achieved", NULL },
		{ 1, "Paediatrics", "Shadow a specialist", "others", "Clinical skills",
		  "low", "2026-02-01", "", "new", NULL },
		{ 2, "Blue-light driving", "Refresher", "experience", "Driving",
		  "medium", "2026-03-01", "", "new", NULL },
	};
	const struct { const char *num, *date; const struct pdp_goal *g; size_t ng;
		int both; } finals[] = {
		{ "100234", "2026-03-10", zoe, 2, 1 },
		{ "200128", "2025-09-15", jurgen, 3, 0 },
		{ "100251", "2026-04-20", NULL, 0, -1 },	/* a draft */
	};

	memset(&a, 0, sizeof(a));
	if (!f || !st) {
		fprintf(stderr, "make-db: %s\n", st ? formpath : err_msg(&err));
		goto out;
	}
	if (store_form_put(st, f->hash, f->id, f->version, f->source, &err) < 0)
		goto out;
	for (size_t i = 0; i < sizeof(people) / sizeof(people[0]); i++) {
		struct staff s = { (char *)people[i].num, (char *)people[i].name,
			"Paramedic", "6", (char *)people[i].station, "",
			(char *)people[i].due };

		if (store_staff_put(st, &s, NULL, &err) < 0)
			goto out;
	}
	for (size_t i = 0; i < sizeof(finals) / sizeof(finals[0]); i++) {
		if (store_appraisal_new(st, finals[i].num, "Ffion Llywelyn", f->id,
					f->version, f->hash, &a, &err) < 0)
			goto out;
		fl = (struct fill){ st, f, a.id, 0 };
		if (form_each_question(f, fill_one, &fl) || fl.failed ||
		    store_appraisal_set_dates(st, a.id, finals[i].date, NULL, &err) < 0)
			goto out;
		if (finals[i].both >= 0 &&
		    (store_pdp_set(st, a.id, finals[i].g, finals[i].ng, &err) < 0 ||
		     store_signoff_add(st, a.id, "appraiser", "Ffion Llywelyn", "", &err) < 0 ||
		     (finals[i].both && store_signoff_add(st, a.id, "appraisee", "Zoë",
							 "Thank you", &err) < 0) ||
		     store_appraisal_set_state(st, a.id, "final", &err) < 0))
			goto out;
		store_appraisal_release(&a);
	}
	rc = 0;
out:
	if (rc && err.msg)
		fprintf(stderr, "make-db: %s\n", err_msg(&err));
	store_appraisal_release(&a);
	store_close(st);
	form_free(f);
	diag_release(&d);
	err_release(&err);
	return rc;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tna_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tna_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tna_all_drafts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tna_json, setup, teardown),
		cmocka_unit_test(test_json_put),
		cmocka_unit_test_setup_teardown(test_export_written_and_audited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tna_xlsx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pdp_document, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pdp_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_completion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quality, setup, teardown),
		cmocka_unit_test(test_sample),
	};

	if (argc == 4 && !strcmp(argv[1], "--make-db"))
		return make_db(argv[2], argv[3]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
