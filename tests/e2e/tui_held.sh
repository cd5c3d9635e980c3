#!/bin/sh
# tui_held.sh - the team list says who holds an appraisal before offering
# anything (issue 17): a manager who does not hold a final appraisal is
# told at once who holds it ("held by NAME") and offered nothing, since
# viewing, reopening and starting the next one (which carries its answers)
# would all be refused; a draft held by another likewise; the holder
# still gets view, a new one and reopen.  At 80x24.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
need_tui

MGR="$T/managers.db"
EADR_DEMO_MANAGERS= "$EADR" --db "$MGR" --forms "$FORMS" demo >/dev/null 2>&1
ok $? "the demo with its managers"

signin() {	# NAME PASSPHRASE
	wait_for "EADR: sign in" 20 || return 1
	tui_text "$1"
	tui_keys Tab
	tui_text "$2"
	tui_keys Enter
}

case_begin "Sam on Ffion's final appraisal of Dafydd" "$MGR"
eadr_tui 80 24 NO_COLOR=1
signin "Sam Okafor" "northgate demo lantern"
wait_for "Rhys Pritchard" 20
tui_text dafydd
wait_for "Filter: dafydd"
tui_keys Enter
wait_for "(final) is held by Ffion Llywelyn"
ok $? "Enter says who holds it, at once"
s=$(tui_screen)
case $s in *"View it"*|*"Reopen"*|*"Start a new"*) st=1 ;; *) st=0 ;; esac
ok $st "no menu: view, reopen and a new one would all be refused"
like "$s" "*only Ffion*Llywelyn can open it or start the next one.*" "it says what only she can do"
assert_screen held_final

case_begin "a draft Ffion holds, Enter as Sam" "$MGR"
eadr_tui 80 24
signin "Ffion Llywelyn" "riverside demo kettle"
wait_for "Rhys Pritchard" 20
tui_text rhys
wait_for "Filter: rhys"
tui_keys Enter
wait_for "Start an appraisal with Rhys Pritchard now?"
tui_text y
wait_for "Section 1 of"
tui_keys C-q
wait_exit >/dev/null
tui_teardown
eadr_tui 80 24
signin "Sam Okafor" "northgate demo lantern"
wait_for "Rhys Pritchard" 20
tui_text rhys
wait_for "Filter: rhys"
tui_keys Enter
wait_for "(draft) is held by Ffion Llywelyn; only Ffion"
ok $? "Enter on a draft another holds says so at once"
s=$(tui_screen)
case $s in *"Section 1 of"*|*"Resume"*) st=1 ;; *) st=0 ;; esac
ok $st "and opens nothing"

case_begin "the holder still has every choice" "$MGR"
eadr_tui 80 24
signin "Ffion Llywelyn" "riverside demo kettle"
wait_for "Rhys Pritchard" 20
tui_text dafydd
wait_for "Filter: dafydd"
tui_keys Enter
wait_for "View it (read-only)"
ok $? "Ffion is offered view"
s=$(tui_screen)
like "$s" "*Reopen it to change it*" "and reopen"
case $s in *"held by"*) st=1 ;; *) st=0 ;; esac
ok $st "and is not told it is held"

tui_teardown
finish
