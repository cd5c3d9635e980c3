#!/bin/sh
# tui_typeahead.sh - the questions at start after an unclean stop (resume
# where you were) take no key typed before they showed (issue 17): a name
# typed just after the passphrase, meant for the team list's filter
# ("rhys": its 'y' would say yes, its 's' would go into an answer), opens
# nothing and changes nothing, and the question waits for its answer; nor
# does the rest of that name typed as the question appears (its first
# second on the screen).  A question nobody typed ahead of takes keys at
# once (tui_save.sh).  At 80x24.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
need_tui

MGR="$T/managers.db"
EADR_DEMO_MANAGERS= "$EADR" --db "$MGR" --forms "$FORMS" demo >/dev/null 2>&1
ok $? "the demo with its managers"

signin() {	# then Enter, and TEXT typed at once (while the key is derived)
	wait_for "EADR: sign in" || return 1
	tui_text "Sam Okafor"
	tui_keys Tab
	tui_text "northgate demo lantern"
	tui_keys Enter
	[ -z "$1" ] || tui_text "$1"
}

# An unclean stop in Chidi's appraisal (Sam's team): an answer saved, then
# kill -9; then Sam signs in again and types TEXT at once.
stopped() {	# TEXT
	eadr_tui 80 24
	signin ""
	start_appraisal chidi "Chidi Okonkwo" >/dev/null
	tui_text "Said before the stop."
	wait_for "Saved" >/dev/null	# (held by Sam: the answer is sealed)
	tui_kill 9
	wait_exit >/dev/null
	tui_teardown
	eadr_tui 80 24
	signin "$1"
}

nothing_opened() {	# what
	s=$(tui_screen)
	like "$s" "*Resume Chidi Okonkwo's appraisal where you were*" \
		"the offer still waits for its answer ($1)"
	case $s in *"Section 1 of"*) st=1 ;; *) st=0 ;; esac
	ok $st "no appraisal was opened by the 'y' ($1)"
}

case_begin "typed ahead of the resume offer" "$MGR"
stopped rhys
wait_for "Resume Chidi Okonkwo's appraisal where you were" 20
ok $? "the resume offer shows"
sleep 1.5
nothing_opened "rhys typed ahead"
tui_text n
wait_gone "where you were"
ok $? "n answers the offer"
s=$(tui_screen)
like "$s" "*Filter: type part of a name*" "the filter is empty: the typed-ahead name went nowhere"
case $s in *"Section 1 of"*) st=1 ;; *) st=0 ;; esac
ok $st "still on the team list"

case_begin "typed as the resume offer appears" "$MGR"
stopped rh
wait_for "Resume Chidi Okonkwo's appraisal where you were" 20
ok $? "the resume offer shows"
tui_text ys
wait_for "were not taken" 5
ok $? "it says the keys typed as it appeared were not taken"
nothing_opened "ys typed as it appeared"
tui_text y
wait_for "Section 1 of"
ok $? "y, once the question has been read, resumes"
s=$(tui_screen)
like "$s" "*Said before the stop.
*" "the answer is as it was: no 's' went into it"
case $s in *"stop.s"*|*"stop.ys"*) st=1 ;; *) st=0 ;; esac
ok $st "nothing typed ahead is in the answer"

tui_teardown
finish
