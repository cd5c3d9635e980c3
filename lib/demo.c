/*
 * demo.c - the demo team (see demo.h).
 */
#include <string.h>

#include "demo.h"
#include "store_export.h"

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
static const struct { const char *path, *value; int flags; } last_year[] = {
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

static int finished_appraisal(struct store *st, const struct demo_form *f,
			      struct err *err)
{
	char today[DATE_LEN + 1], met[DATE_LEN + 1], due1[DATE_LEN + 1],
	     due2[DATE_LEN + 1], next[DATE_LEN + 1];
	struct store_appraisal a;
	struct pdp_goal goals[2];
	int rc = -1;

	date_today(today);
	date_add(today, -353, met);
	date_add(met, 180, due1);
	date_add(met, 270, due2);
	date_add(met, 365, next);
	if (store_appraisal_new(st, "100251", "Ffion Llywelyn", f->id, f->version,
				f->hash, &a, err) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(last_year) / sizeof(last_year[0]); i++) {
		const char *v = last_year[i].value;

		if (strstr(last_year[i].path, "target_date"))
			v = strstr(last_year[i].path, "[0]") ? due1 : due2;
		if (store_answer_set(st, a.id, last_year[i].path, v,
				     last_year[i].flags, err) < 0)
			goto out;
	}
	memset(goals, 0, sizeof(goals));
	goals[0] = (struct pdp_goal){ 0, "Clinical supervision skills",
		"Practice educator qualification", "formal", "Education and mentoring",
		"high", due1, "Study leave, 5 days", "new", NULL };
	goals[1] = (struct pdp_goal){ 1, "Leadership at major incidents",
		"Shadow a tactical commander for two shifts", "others",
		"Leadership and management", "medium", due2,
		"Rota swap agreed by the station officer", "new", NULL };
	if (store_answer_set(st, a.id, "pdp.goals[0].target_date", due1, 0, err) < 0 ||
	    store_answer_set(st, a.id, "pdp.goals[1].target_date", due2, 0, err) < 0 ||
	    store_answer_set(st, a.id, "summary.next_review", next, 0, err) < 0 ||
	    store_pdp_set(st, a.id, goals, 2, err) < 0 ||
	    store_appraisal_set_dates(st, a.id, met, next, err) < 0 ||
	    store_signoff_add(st, a.id, "appraiser", "Ffion Llywelyn", "", err) < 0 ||
	    store_signoff_add(st, a.id, "appraisee", "Dafydd ap Gruffydd",
			      "A fair and supportive conversation. Thank you.", err) < 0 ||
	    store_appraisal_set_state(st, a.id, "signed", err) < 0 ||
	    store_appraisal_set_state(st, a.id, "final", err) < 0)
		goto out;
	rc = 0;
out:
	store_appraisal_release(&a);
	return rc;
}

int demo_fill(struct store *st, const struct demo_form *form, struct err *err)
{
	static const struct demo_form placeholder = { "eadr", "1", "demo", NULL };
	const struct demo_form *f = form ? form : &placeholder;
	char today[DATE_LEN + 1], due[DATE_LEN + 1];
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
	date_today(today);
	if (store_begin(st, err) < 0)
		return -1;
	if (f->source && store_form_put(st, f->hash, f->id, f->version, f->source, err) < 0)
		goto fail;
	for (size_t i = 0; i < sizeof(team) / sizeof(team[0]); i++) {
		struct staff s = {
			(char *)team[i].number, (char *)team[i].name, (char *)team[i].role,
			(char *)team[i].band, (char *)team[i].station, (char *)team[i].email,
			due,
		};

		date_add(today, team[i].due_in, due);
		if (store_staff_put(st, &s, NULL, err) < 0)
			goto fail;
	}
	if (finished_appraisal(st, f, err) < 0 ||
	    store_audit(st, NULL, NULL, "demo", "demo team added", err) < 0)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}
