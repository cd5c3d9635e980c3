#!/bin/sh
# tui_walk.sh - a whole appraisal on the default form, from the team list
# to final, through every section and every widget the form uses (text,
# line, scale, choice, choices, yes/no, date, note, group, list); the
# database must hold every answer exactly as typed.  Independent cases:
# each starts its own eadr on a fresh copy of the demo team.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
need_tui
make_demo

q() {	# the answer at path in Agnieszka's appraisal
	answer 100307 "$1"
}
walk() {	# start Agnieszka's appraisal at 100x30, quietly
	eadr_tui 100 30
	start_appraisal wójc "Agnieszka Wójcik" >/dev/null
}
to_section() {	# FROM TO: Ctrl-N from section FROM until section TO shows
	_i=$1
	while [ "$_i" -lt "$2" ]; do
		tui_keys C-n
		_i=$((_i + 1))
		wait_for "Section $_i of 7" >/dev/null
	done
}
quit_saving() {	# Ctrl-C saves and quits
	tui_keys C-c
	wait_exit
}

case_begin "the team list filters and starts an appraisal"
eadr_tui 100 30
wait_for "Agnieszka Wójcik"
ok $? "team list"
# filter by typing, then Enter starts (after a question)
tui_text "wójc"
wait_for "Filter: wójc"
ok $? "typing filters"
wait_gone "Chidi Okonkwo"
ok $? "the filter hides the others"
tui_keys Enter
wait_for "Start an appraisal with Agnieszka Wójcik now?"
ok $? "Enter asks before starting"
tui_text y
wait_for "Section 1 of 7"
ok $? "section 1"
wait_for "How are you, really?"
ok $? "the guide prompts show"

case_begin "sections 1-3: text, a list with dates, a group"
walk
# 1 text (multi-line), text
tui_text "Tired after nights, but glad to be here."
tui_keys Enter
tui_text "Wants to talk about the future."
tui_keys Tab
tui_text "A plan for next year"
wait_for "A plan for next year"
tui_keys C-n
wait_for "Section 2 of 7: Performance"
ok $? "Ctrl-N: section 2"

# 2 text, list with line/line/date items
tui_keys Tab
tui_text "Led the scene at a multi-vehicle collision."
tui_keys Tab Tab
wait_for "Add a new objective"
tui_keys Enter
wait_for "Objective 1 of 1"
ok $? "Enter on [+] adds an objective"
tui_text "Complete the practice educator course"
tui_keys Enter
tui_text "Course certificate"
tui_keys Enter
tui_text "2027-13-01"
tui_keys Enter
wait_for "YYYY-MM-DD"
ok $? "a bad date is flagged inline on leaving the field"
tui_keys BTab
tui_keys C-u
tui_text "2027-06-30"
tui_keys Tab
wait_gone "YYYY-MM-DD"
ok $? "the message goes when the date is right"
# a second item, deleted again (confirmed), leaves one
tui_keys Enter
wait_for "Objective 2 of 2"
tui_text "To be deleted"
tui_keys BTab
wait_for "d delete"
tui_text d
wait_for "Delete objective 2"
ok $? "deleting an item asks first"
tui_text y
wait_gone "Objective 2 of 2"
ok $? "the item is deleted"
tui_keys C-n
wait_for "Section 3 of 7: Values"
ok $? "section 3"

# 3 group with scale and text
tui_text 3
tui_keys Tab
tui_text "Stayed with a frightened family."
tui_keys C-n
wait_for "Section 4 of 7: Talent"
ok $? "section 4"
quit_saving
is "$(q welcome.checkin)" "Tired after nights, but glad to be here.
Wants to talk about the future." "welcome.checkin (two lines)"
is "$(q welcome.hopes)" "A plan for next year" "welcome.hopes"
is "$(q performance.went_well)" "Led the scene at a multi-vehicle collision." "performance.went_well"
is "$(q 'performance.objectives[0].objective')" "Complete the practice educator course" "objective"
is "$(q 'performance.objectives[0].measure')" "Course certificate" "measure"
is "$(q 'performance.objectives[0].target_date')" "2027-06-30" "target date"
is "$(q 'performance.objectives[1].objective')" "" "the deleted objective is gone"
is "$(q values.care.rating)" "strong" "values.care.rating (scale)"
is "$(q values.care.evidence)" "Stayed with a frightened family." "values.care.evidence"

case_begin "sections 4-5: the 9-box, choices, 'when', a note, a private answer"
walk
to_section 1 4
# 4 text x3, scale x2 (9-box), choice, choices
tui_text "Paramedic, two years"
tui_keys Tab
tui_text "Specialist paramedic"
tui_keys Tab
tui_text "Urgent care course"
tui_keys Tab
tui_text 3
tui_keys Tab
tui_text 2
tui_keys Tab
wait_for ">> HERE <<"
ok $? "the 9-box shows the person's box"
tui_keys Down Space
tui_keys Tab
tui_text 1
tui_text 3
wait_for "[x] Coaching"
ok $? "choices tick by number"
tui_keys C-n
wait_for "Section 5 of 7: Wellbeing"
ok $? "section 5"

# 5 choice shows hidden questions (when), date, private text
wait_gone "Physical wellbeing"
tui_text 1
wait_for "Physical wellbeing"
ok $? "'when' shows the wellbeing questions once it was held"
tui_keys Tab
tui_text "2026-11-20"
tui_keys Tab
tui_text "Sleeping badly after nights"
# on to the last question: the note before it shows
tui_keys Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab
wait_for "Support you can signpost to"
ok $? "a note shows, read-only"
tui_text 1
tui_keys C-n
wait_for "Section 6 of 7: Personal"
ok $? "section 6"
quit_saving
is "$(q talent.now)" "Paramedic, two years" "talent.now"
is "$(q talent.performance)" "high" "talent.performance"
is "$(q talent.potential)" "medium" "talent.potential"
is "$(q talent.readiness)" "1-2 years" "talent.readiness (choice by arrows)"
is "$(q talent.interest)" "talent_pool
coaching" "talent.interest (choices)"
is "$(q wellbeing.status)" "held" "wellbeing.status"
is "$(q wellbeing.date)" "2026-11-20" "wellbeing.date"
is "$(q wellbeing.physical)" "Sleeping badly after nights" "wellbeing.physical"
is "$(q wellbeing.signposted)" "occupational_health" "wellbeing.signposted (choices)"
is "$(sql "SELECT private FROM answers WHERE path = 'wellbeing.physical'")" 1 \
	"the private answer is marked private"

case_begin "sections 6-7, the review, sign-off and final"
walk
# what the review needs from sections 2 and 5, quietly: an objective, and
# the wellbeing conversation declined
to_section 1 2
tui_keys Tab Tab Tab
wait_for "Add a new objective" >/dev/null
tui_keys Enter
wait_for "Objective 1 of 1" >/dev/null
tui_text "Complete the practice educator course"
to_section 2 5
tui_text 2
to_section 5 6
# 6 PDP list: line, line, choice, choice, default choice, date, text
tui_keys Tab
wait_for "Add a new goal"
tui_keys Enter
wait_for "Goal 1 of 1"
tui_text "Leadership at major incidents"
tui_keys Enter
tui_text "Shadow a tactical commander"
tui_keys Enter
tui_text 2
tui_keys Enter
tui_text 4
tui_keys Enter
tui_keys Enter
tui_text "2027-03-31"
tui_keys Enter
tui_text "Rota swap"
tui_keys C-n
wait_for "Section 7 of 7: Summary"
ok $? "section 7"

# 7 text, yes/no, date
tui_text "A fair conversation."
tui_keys Tab
tui_text y
tui_keys Tab
tui_text "2027-05-20"
tui_keys C-n
wait_for "Nothing still needed"
ok $? "after the last section, the review: nothing still needed"

# sign-off: both names, comments, then final
tui_text s
wait_for "Manager: type your name to sign"
ok $? "sign-off"
tui_keys C-u
tui_text "Ffion Llywelyn"
tui_keys Enter
tui_text "agnieszka wójcik"
tui_keys Enter
tui_keys Tab Enter
wait_for "Make the appraisal final now?"
ok $? "both signed; asked to make it final"
tui_text y
wait_for "final, read-only"
ok $? "the appraisal is final and read-only"
wait_for "Saved"
is "$(q 'pdp.goals[0].need')" "Leadership at major incidents" "pdp need"
is "$(q 'pdp.goals[0].type')" "others" "pdp type"
is "$(q 'pdp.goals[0].priority')" "medium" "pdp priority (default)"
is "$(q 'pdp.goals[0].support')" "Rota swap" "pdp support"
is "$(q summary.comments)" "A fair conversation." "summary.comments"
is "$(q summary.agreed)" "yes" "summary.agreed (yes/no)"
is "$(q summary.next_review)" "2027-05-20" "summary.next_review"
is "$(sql "SELECT state || ' ' || appraiser FROM appraisals WHERE staff_number = '100307'")" \
	"final Ffion Llywelyn" "state final, appraiser named"
is "$(sql "SELECT need || '|' || goal || '|' || kind || '|' || category || '|' || priority || '|' || target_date || '|' || status
	FROM pdp_goals g JOIN appraisals p ON p.id = g.appraisal_id WHERE p.staff_number = '100307'")" \
	"Leadership at major incidents|Shadow a tactical commander|others|Leadership and management|medium|2027-03-31|new" \
	"the PDP goal is written through the TNA mapping"
is "$(sql "SELECT role || ':' || name || ':' || comments FROM signoffs s
	JOIN appraisals p ON p.id = s.appraisal_id WHERE p.staff_number = '100307' ORDER BY role DESC")" \
	"appraiser:Ffion Llywelyn:
appraisee:Agnieszka Wójcik:A fair conversation." "both sign-offs, with comments"
is "$(sql "SELECT group_concat(action, ',') FROM audit WHERE staff_number = '100307'")" \
	"started,signed-by,signed-by,signed,final" "the audit log"
# back to the team list
tui_keys Escape
wait_for "Section 7 of 7"
tui_keys Escape
wait_for "your team"
ok $? "Esc goes back to the team list"

case_begin "reopening a final appraisal (made final in plain mode)"
plain_fill 100307 "Agnieszka Wójcik" sign
is "$(sql "SELECT state || ' ' || revision FROM appraisals WHERE staff_number = '100307'")" \
	"final 1" "plain mode made the appraisal final"
eadr_tui 100 30
wait_for "Agnieszka Wójcik"
tui_text "wójc"
wait_gone "Chidi Okonkwo"
wait_for "final "
tui_keys Enter
wait_for "Reopen it to change it"
tui_text r
wait_for "Reopen this final appraisal?"
ok $? "reopening asks first"
tui_text y
wait_for "Section"
is "$(sql "SELECT state || ' ' || revision FROM appraisals WHERE staff_number = '100307'")" \
	"draft 2" "reopened: a draft, revision 2"
is "$(sql "SELECT action FROM audit WHERE staff_number = '100307' ORDER BY id DESC LIMIT 1")" \
	"reopened" "the reopening is audited"
tui_keys C-c
wait_exit
ok $? "Ctrl-C quits"
tui_restored
ok $? "the terminal is restored"

finish
