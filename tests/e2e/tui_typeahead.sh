#!/bin/sh
# tui_typeahead.sh - the questions at start after an unclean stop (resume
# where you were) take no key typed before they showed (issue 17): a name
# typed ahead for the team list's filter ("rhys": its 'y' would say yes,
# its 's' would go into an answer) opens nothing and changes nothing, and
# the question waits for its answer; nor does a key typed as it appears
# (in its first second on the screen).  At 80x24.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
need_tui
make_demo

# An unclean stop in Chidi's appraisal: an answer saved, then kill -9.
case_begin "typed ahead of the resume offer"
eadr_tui 80 24
start_appraisal chidi "Chidi Okonkwo" >/dev/null
tui_text "Said before the stop."
wait_answer 100361 welcome.checkin "Said before the stop."
tui_kill 9
wait_exit >/dev/null
tui_teardown

# The keys reach the terminal before eadr starts (the shell sleeps first):
# they are waiting when the question is drawn.
tui_start 80 24 sh -c 'sleep 1; exec "$0" "$@"' "$EADR" --db "$DB" --forms "$FORMS"
tui_text rhys
wait_for "Resume Chidi Okonkwo's appraisal where you were"
ok $? "the resume offer shows"
sleep 1
s=$(tui_screen)
like "$s" "*Resume Chidi Okonkwo's appraisal where you were*" \
	"the offer still waits for its answer after 'rhys' typed ahead"
case $s in *"Section 1 of"*) st=1 ;; *) st=0 ;; esac
ok $st "no appraisal was opened by the 'y' typed ahead"
is "$(answer 100361 welcome.checkin)" "Said before the stop." "no answer was changed"
tui_text n
wait_gone "where you were"
ok $? "n answers the offer"
s=$(tui_screen)
like "$s" "*Filter: type part of a name*" "the filter is empty: the typed-ahead name went nowhere"
case $s in *"Section 1 of"*) st=1 ;; *) st=0 ;; esac
ok $st "still on the team list"

# Typed as the question appears, before it could be read: not taken
# either (its first second on the screen), and it says so.
case_begin "typed as the resume offer appears"
eadr_tui 80 24
start_appraisal chidi "Chidi Okonkwo" >/dev/null
tui_text "Said before the stop."
wait_answer 100361 welcome.checkin "Said before the stop."
tui_kill 9
wait_exit >/dev/null
tui_teardown
eadr_tui 80 24
wait_for "Resume Chidi Okonkwo's appraisal where you were"
ok $? "the resume offer shows"
tui_text ys
wait_for "were not taken" 5
ok $? "it says the keys typed as it appeared were not taken"
s=$(tui_screen)
like "$s" "*Resume Chidi Okonkwo's appraisal where you were*" "the offer still waits"
case $s in *"Section 1 of"*) st=1 ;; *) st=0 ;; esac
ok $st "the 'y' typed as it appeared opened nothing"
is "$(answer 100361 welcome.checkin)" "Said before the stop." "no answer was changed"
tui_text y
wait_for "Section 1 of"
ok $? "y, once the question has been read, resumes"

tui_teardown
finish
