#!/bin/sh
# rules.sh - plain mode and the screens follow the same rules, because both
# call lib/ (appr_begin, appr_signoff): with no EADR form in the form
# folders both start on the first form of the catalogue, and both refuse a
# sign-off without the manager's name.
. "$EADR_SRCDIR/tests/lib.sh"
. "$EADR_SRCDIR/tests/e2e/tmux.sh"

command -v sqlite3 >/dev/null 2>&1 || skip_all "the sqlite3 shell is not installed"

DB="$T/eadr.db"
EADR_TODAY=2026-11-22
export EADR_TODAY
unset EADR_APPRAISER
"$EADR" --db "$DB" demo >"$T/demo.out" 2>&1
ok $? "demo team made"

# The only form: not the EADR form, one optional question.
mkdir "$T/forms"
cat >"$T/forms/mini.yaml" <<'YAML'
form: zz-mini
version: 1
title: Mini
sections:
  - id: only
    title: Only section
    questions:
      - { id: word, type: line, label: One word }
YAML

form_of() {	# the form of the staff member's latest appraisal
	sqlite3 "$DB" "SELECT form_id || ' ' || state FROM appraisals
		WHERE staff_number = '$1' ORDER BY id DESC LIMIT 1"
}
signoffs() {	# how many sign-offs the staff member's appraisals have
	sqlite3 "$DB" "SELECT count(*) FROM signoffs s JOIN appraisals p
		ON p.id = s.appraisal_id WHERE p.staff_number = '$1'"
}
plain() {	# the answer lines given, one an argument
	printf '%s\n' "$@" | "$EADR" --db "$DB" --forms "$T/forms" --plain >"$T/plain.out" 2>&1
}

# ---- plain mode ----
# Tomás: start (the fallback form), answer, sign with an empty manager name.
plain 100348 hello yes "" "Tomás Ferreira" "." '!quit'
ok $? "plain: the session ends well"
like "$(cat "$T/plain.out")" "*STARTED an appraisal with Tomás Ferreira on form zz-mini 1*" \
	"plain: no EADR form, so the first form of the catalogue is used"
is "$(form_of 100348)" "zz-mini draft" "plain: the appraisal is on that form"
like "$(cat "$T/plain.out")" "*PROBLEM: not signed: The manager types their name to sign.*" \
	"plain: an empty manager name is refused"
is "$(signoffs 100348)" 0 "plain: nothing was signed"

# Again: the draft is resumed, not started again; the staff member signs
# with the staff number; a wrong name is refused first.
plain 100348 no "" yes "Ffion Llywelyn" "Someone Else" "." '!quit'
like "$(cat "$T/plain.out")" "*PROBLEM: not signed: Type the name as on the staff record (Tomás Ferreira), or the staff number.*" \
	"plain: a name that is not the staff member's is refused"
is "$(signoffs 100348)" 0 "plain: still nothing signed"
plain 100348 no "" yes "Ffion Llywelyn" "100348" "." no '!quit'
like "$(cat "$T/plain.out")" "*SIGNED by Ffion Llywelyn and Tomás Ferreira*" "plain: signed with the staff number"
case $(cat "$T/plain.out") in *STARTED*) r=1 ;; *) r=0 ;; esac
ok $r "plain: the draft was resumed, not started again"
is "$(form_of 100348)" "zz-mini signed" "plain: signed"
is "$(signoffs 100348)" 2 "plain: both sign-offs"

# ---- the screens ----
tui_start 100 30 "$EADR" --db "$DB" --forms "$T/forms"
wait_for "Agnieszka Wójcik"
ok $? "tui: team list"
tui_text "wójc"
wait_gone "Chidi Okonkwo"
tui_keys Enter
wait_for "Start an appraisal with Agnieszka Wójcik now?"
ok $? "tui: Enter asks before starting"
tui_text y
wait_for "Only section"
ok $? "tui: started on the first form of the catalogue"
is "$(form_of 100307)" "zz-mini draft" "tui: the appraisal is on that form, as in plain mode"
tui_text "word"
tui_keys C-n
wait_for "Nothing still needed"
ok $? "tui: the review"
tui_text s
wait_for "Manager: type your name to sign"
ok $? "tui: sign-off"
tui_keys C-u Enter
tui_text "agnieszka wójcik"
tui_keys Enter Tab Enter
wait_for "The manager types their name to sign."
ok $? "tui: an empty manager name is refused, with plain mode's words"
is "$(signoffs 100307)" 0 "tui: nothing was signed"
tui_keys C-c
wait_exit
ok $? "tui: quits"

finish
