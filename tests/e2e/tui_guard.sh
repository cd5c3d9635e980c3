#!/bin/sh
# tui_guard.sh - nothing overwritten, nothing shown or signed by mistake:
# Ctrl-N on the team list never replaces a person already in the list;
# viewing a final appraisal folds its private answers away until p is
# pressed; the sign-off never fills in a signature with anyone's name.
. "$EADR_SRCDIR/tests/lib.sh"
. "$EADR_SRCDIR/tests/e2e/tmux.sh"

command -v sqlite3 >/dev/null 2>&1 || skip_all "the sqlite3 shell is not installed"

DB="$T/eadr.db"
EADR_TODAY=2026-11-22
export EADR_TODAY
unset EADR_APPRAISER
"$EADR" --db "$DB" demo >"$T/demo.out" 2>&1
ok $? "demo team made"

staff() {	# the whole row of staff number $1
	sqlite3 "$DB" "SELECT name, role, band, station, email, due FROM staff
		WHERE staff_number = '$1'"
}
PRIVATE="Private: what was said stays between the two people."

# a window tall enough for the whole of an appraisal on one screen
tui_start 120 200 "$EADR" --db "$DB" --forms "$EADR_SRCDIR/forms"
wait_for "Chidi Okonkwo"

# ---- Ctrl-N with a staff number that is someone's: refused ----
chidi=$(staff 100361)
tui_keys C-n
wait_for "Add a staff member"
tui_text "100361"
tui_keys Enter
tui_text "Someone Else"
tui_keys Enter
tui_text "Cook"
tui_keys C-s
wait_for "Not added: staff number 100361 is already Chidi Okonkwo"
ok $? "a staff number already in the list is refused, naming its person"
is "$(staff 100361)" "$chidi" "that person is left exactly as they were"
like "$(tui_screen)" "*Add a staff member*" "the dialog stays open to correct the number"
tui_keys C-a C-k
tui_text "300001"
tui_keys C-s
wait_for "Someone Else added."
ok $? "with a new number the person is added"
is "$(staff 300001)" "Someone Else|Cook||||" "the new person is stored"
is "$(staff 100361)" "$chidi" "and Chidi is still as he was"

# ---- v on a final appraisal: private answers folded away ----
tui_text "dafydd"
wait_for "Filter: dafydd"
tui_keys Enter
wait_for "View it (read-only)"
tui_text v
wait_for "Private answers hidden: press p to show them (only with the staff member's consent)"
ok $? "the view warns that private answers are hidden, and how to show them"
wait_for "Mental wellbeing"
ok $? "the private question is listed"
wait_for "Summary"
scr=$(tui_screen)
case $scr in
*"$PRIVATE"*) st=1 ;;
*) st=0 ;;
esac
ok $st "the private answer is not on the screen"
like "$scr" "*Tired after a run of nights*" "the answers that are not private are shown"
tui_text p
wait_for "$PRIVATE"
ok $? "p shows the private answers"
tui_text p
wait_gone "$PRIVATE"
ok $? "p hides them again"
tui_keys Escape
wait_for "Filter: dafydd"
ok $? "Esc goes back to the team list"

# ---- sign-off: the manager's name is never filled in ----
tui_keys Enter
wait_for "Reopen it to change it"
tui_text r
wait_for "Reopen this final appraisal?"
tui_text y
wait_for "Section 1 of"
tui_keys C-f
wait_for "Manager: type your name to sign"
ok $? "the sign-off dialog opens"
scr=$(tui_screen)
like "$scr" "*(The appraiser recorded here is Ffion Llywelyn.)*" \
	"the recorded appraiser is offered as a hint"
is "$(printf '%s\n' "$scr" | grep -c 'Ffion Llywelyn')" 1 \
	"and nowhere else: the signature field is empty"
# tabbing through to the button, the staff member signing
tui_keys Tab
tui_text "Dafydd ap Gruffydd"
tui_keys Tab Tab Enter
wait_for "The manager types their name to sign."
ok $? "tabbing through does not sign for the manager: the name is asked for"
like "$(tui_screen)" "*Manager: type your name to sign*" "the sign-off stays open"
is "$(sqlite3 "$DB" "SELECT count(*) FROM signoffs s JOIN appraisals p ON p.id = s.appraisal_id
	WHERE p.staff_number = '100251' AND s.revision = p.revision")" 0 \
	"nobody has signed the reopened appraisal"
tui_keys C-c
wait_exit
ok $? "quits"

finish
