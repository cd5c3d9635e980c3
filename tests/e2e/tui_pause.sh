#!/bin/sh
# tui_pause.sh - a pause in typing saves what is waiting, while the program
# runs on: the words reach the database with no key pressed after them (no
# Ctrl-S, no quit).  Quick on purpose: tests/mutants/run breaks the save on
# a pause and needs a test that fails fast (tui_save.sh also covers it).
. "$EADR_SRCDIR/tests/lib.sh"
. "$EADR_SRCDIR/tests/e2e/tmux.sh"

command -v sqlite3 >/dev/null 2>&1 || skip_all "the sqlite3 shell is not installed"
DB="$T/eadr.db"
export EADR_TODAY=2026-11-22
"$EADR" --db "$DB" demo >"$T/demo.out" 2>&1
ok $? "demo team made"

q() {	# the answer at path in Chidi's appraisal
	sqlite3 "$DB" "SELECT value FROM answers a JOIN appraisals p ON p.id = a.appraisal_id
		WHERE p.staff_number = '100361' AND a.path = '$1'" 2>/dev/null
}
saved() {	# path want: poll the database (not the screen) for up to 8 s
	_w=0
	while [ "$(q "$1")" != "$2" ] && [ $_w -lt 160 ]; do _w=$((_w + 1)); sleep 0.05; done
	is "$(q "$1")" "$2" "$3"
}

tui_start 80 24 "$EADR" --db "$DB" --forms "$EADR_SRCDIR/forms"
wait_for "Chidi Okonkwo"
tui_text "chidi"
tui_keys Enter
wait_for "Start an appraisal with Chidi"
tui_text y
wait_for "Section 1 of 7"
ok $? "appraisal started"

# One burst of keys, then nothing: only the pause can save it.
tui_text "Typed in one burst"
wait_for "in one burst"
ok $? "the words are on screen"
saved welcome.checkin "Typed in one burst" "the pause saved them, with no key after"
tui_text ", and more"
saved welcome.checkin "Typed in one burst, and more" "the next pause saves the change"
tui_kill 9
wait_exit
ok $? "kill -9"
is "$(q welcome.checkin)" "Typed in one burst, and more" "after kill -9 the words are there"

finish
