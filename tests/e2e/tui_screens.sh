#!/bin/sh
# tui_screens.sh - the key screens at 80x24 compared whole with the files in
# tests/e2e/screens (tig style): team list, help, completion, a walk
# section, the 9-box, the review and the sign-off dialog.  Each case starts
# its own eadr on its own database.  Rewrite the files after a deliberate
# change with EADR_UPDATE_SCREENS=1 (see tests/e2e/screen.sh).
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
need_tui
make_demo

case_begin "team list"
eadr_tui 80 24 NO_COLOR=1
wait_for "Rhys Pritchard"
assert_screen team_list

case_begin "help (F1 on the team list)"
eadr_tui 80 24 NO_COLOR=1
wait_for "Filter:"
tui_keys F1
wait_for "Keys: Team list"
assert_screen help

case_begin "completion (F3)"
eadr_tui 80 24 NO_COLOR=1
wait_for "Filter:"
tui_keys F3
wait_for "All stations"
assert_screen completion

case_begin "a walk section (section 1)"
eadr_tui 80 24 NO_COLOR=1
start_appraisal wójc "Agnieszka Wójcik"
wait_for "What do they want from today"
assert_screen walk_section

case_begin "the sections menu (Ctrl-T)"
eadr_tui 80 24 NO_COLOR=1
start_appraisal wójc "Agnieszka Wójcik"
tui_keys C-t
wait_for "Go to section"
assert_screen sections_menu

case_begin "a date being typed, read back in words"
eadr_tui 80 24 NO_COLOR=1
start_appraisal wójc "Agnieszka Wójcik"
tui_keys C-t
wait_for "Go to section"
tui_text 7
wait_for "Section 7 of 7"
tui_keys Tab Tab
wait_for "Date of the next review"
tui_text "20/5/27"
wait_for "Thu 20 May 2027"
assert_screen walk_date

case_begin "the 9-box (Ctrl-B)"
eadr_tui 80 24 NO_COLOR=1
start_appraisal wójc "Agnieszka Wójcik"
tui_keys C-n C-n C-n
wait_for "Section 4 of 7"
tui_keys Tab Tab Tab
tui_text 3
tui_keys Tab
tui_text 2
tui_keys Tab
tui_keys C-b
wait_for "Talent 9-box"
assert_screen ninebox

case_begin "the review (Ctrl-R), with answers still needed"
eadr_tui 80 24 NO_COLOR=1
start_appraisal wójc "Agnieszka Wójcik"
tui_keys C-r
wait_for "Still needed (4)"
assert_screen review

case_begin "the sign-off dialog"
plain_fill 100307 "Agnieszka Wójcik"
is "$(sql "SELECT state FROM appraisals WHERE staff_number = '100307'")" draft \
	"plain mode answered everything needed, not signed"
eadr_tui 80 24 NO_COLOR=1
wait_for "Agnieszka Wójcik"
tui_keys Enter
wait_for "Section 7 of 7"
tui_keys C-r
wait_for "Nothing still needed"
tui_text s
wait_for "Manager: type your name to sign"
assert_screen signoff

finish
