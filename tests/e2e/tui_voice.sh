#!/bin/sh
# tui_voice.sh - after the sign-off in the TUI, at 80x24: the offer "How did
# it go? (for the staff member)" says before any statement that the manager
# cannot read the answers; n (or Enter) skips it and nothing is kept; y
# opens the statements, a word eadr does not know is refused on its field,
# and Seal seals them for the hub: a canary typed there is in no file of
# the laptop.  A laptop that trusts no hub key offers nothing.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
need_tui

cd "$T" || exit 1
CANARY="CANARY-tui-voice-3b7e"
{
	echo "staff_number,name,role,band,station,email,due"
	echo "501,Rhian Morgan,Paramedic,6,Riverside,,2027-01-01"
} >staff.csv
DB="$T/master.db"
"$EADR" --db "$DB" staff import staff.csv >/dev/null 2>&1
plain_fill 501 "Rhian Morgan"
is "$(sql "SELECT state FROM appraisals")" draft "a complete draft, ready to sign"
"$EADR" --db hub.db hub init -o hub.key >/dev/null 2>&1
cp "$DB" "$T/untrusted.db"
"$EADR" --db "$DB" sync trust hub.key >/dev/null 2>&1
ok $? "the laptop trusts the hub"

press_until_gone() {	# KEY TEXT: type KEY until TEXT leaves the screen; a key
	# that comes while a question is still being put up is dropped on
	# purpose (typeahead never answers a question), so it is typed again
	# after 2 s -- slow builds (ASan) hit that window
	_pn=0
	while [ $_pn -lt 5 ]; do
		tui_text "$1"
		_pm=0
		while [ $_pm -lt 20 ]; do
			tui_screen | grep -qF -- "$2" || return 0
			sleep 0.1
			_pm=$((_pm + 1))
		done
		_pn=$((_pn + 1))
	done
	return 1
}

press_until_shown() {	# KEY TEXT: press KEY until TEXT shows (as above)
	_pn=0
	while [ $_pn -lt 5 ]; do
		tui_keys "$1"
		_pm=0
		while [ $_pm -lt 20 ]; do
			tui_screen | grep -qF -- "$2" && return 0
			sleep 0.1
			_pm=$((_pm + 1))
		done
		_pn=$((_pn + 1))
	done
	tui_diag "pressed $1 five times; \"$2\" never showed"
	return 1
}

sign_and_finalise() {	# open Rhian's appraisal, sign, make it final
	eadr_tui 80 24 NO_COLOR=1
	wait_for "Rhian Morgan" >/dev/null
	tui_text rhian
	tui_keys Enter
	wait_for "Section 1 of 7" >/dev/null
	tui_keys C-r
	wait_for "Nothing still needed" >/dev/null
	tui_text s
	wait_for "Manager: type your name to sign" >/dev/null
	tui_text "Ffion Llywelyn"
	tui_keys Enter
	tui_text "Rhian Morgan"
	tui_keys Enter
	tui_keys Tab
	# Sign is a button: an Enter typed ahead never presses it, so it is
	# pressed until the question it leads to shows (it failed once so
	# in distcheck under load).
	press_until_shown Enter "Make the appraisal final now?" >/dev/null
	press_until_gone y "Make the appraisal final now?"
}

case_begin "the offer, skipped: nothing kept" "$T/master.db"
sign_and_finalise
wait_for "How did it go? (for the staff member)"
ok $? "after the sign-off: How did it go? (for the staff member)"
assert_screen voice_offer "the offer at 80x24 says the manager cannot read the answers"
press_until_gone n "How did it go?"
ok $? "n skips it"
is "$(sql "SELECT state FROM appraisals")" final "the appraisal is final"
is "$(sql "SELECT count(*) FROM voice_outbox")" 0 "nothing kept"

case_begin "the offer, answered and sealed" "$T/master.db"
sign_and_finalise
wait_for "How did it go? (for the staff member)" >/dev/null
press_until_gone y "Answer now?"
wait_for "It helped me to improve how I do my job."
ok $? "y opens the statements"
assert_screen voice_dialog "the statements at 80x24"
tui_text 4
tui_keys Enter
tui_text maybe
tui_keys Enter
tui_text 5
tui_keys Enter
tui_text "$CANARY in my words"
tui_keys Enter
# Seal is a button: an Enter typed ahead never presses it (under load the
# keys above can reach eadr in one burst), so it is pressed again until
# the answer to it shows.
press_until_shown Enter "'maybe' is not one of the answers"
ok $? "a word eadr does not know is refused on its field"
is "$(sql "SELECT count(*) FROM voice_outbox")" 0 "nothing kept while it is refused"
tui_keys Up Up Up
tui_keys C-u
tui_text agree
tui_keys Tab Tab Tab
press_until_shown Enter "sealed for the trust's hub"
ok $? "Seal: sealed for the hub"
is "$(sql "SELECT count(*) FROM voice_outbox")" 1 "one sealed answer kept"
found=$(grep -a -l -- "$CANARY" "$DB" "$DB-wal" "$DB-shm" 2>/dev/null | wc -l | tr -d ' ')
is "$found" 0 "the canary is in none of the database, -wal, -shm"

case_begin "no hub key: nothing offered" "$T/untrusted.db"
sign_and_finalise
wait_for "The appraisal is final"
ok $? "made final"
case $(tui_screen) in *"How did it go?"*) ok 1 "no offer" ;; *) ok 0 "no offer" ;; esac

finish
