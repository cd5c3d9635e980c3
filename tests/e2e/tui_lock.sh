#!/bin/sh
# tui_lock.sh - one eadr edits an appraisal at a time: a second TUI (in a
# second tmux) opens it read-only, says who holds it and since when, and
# cannot change a word; plain mode is refused the same way; closing gives
# the hold back; kill -9 leaves a hold that the next opener takes over.
. "$EADR_SRCDIR/tests/lib.sh"
. "$EADR_SRCDIR/tests/e2e/tmux.sh"

command -v sqlite3 >/dev/null 2>&1 || skip_all "the sqlite3 shell is not installed"

DB="$T/eadr.db"
EADR_TODAY=2026-11-22
export EADR_TODAY
"$EADR" --db "$DB" demo >"$T/demo.out" 2>&1
ok $? "demo team made"

q() {	# the answer at path in Chidi's appraisal
	sqlite3 "$DB" "SELECT value FROM answers a JOIN appraisals p ON p.id = a.appraisal_id
		WHERE p.staff_number = '100361' AND a.path = '$1'"
}
holder() {	# the pid holding Chidi's appraisal, or nothing
	sqlite3 "$DB" "SELECT h.pid FROM locks h JOIN appraisals p ON p.id = h.appraisal_id
		WHERE p.staff_number = '100361'"
}
wait_db() {	# PATH VALUE: until the database holds VALUE at PATH
	_w=$((TUI_TIMEOUT * 20))
	while [ "$(q "$1")" != "$2" ] && [ $_w -gt 0 ]; do
		sleep 0.05
		_w=$((_w - 1))
	done
	is "$(q "$1")" "$2" "$3"
}
# Two programs at once: tmux.sh keeps one socket per tui_start; switch
# between them by setting TUI_SOCK back.
start() {	# start a TUI; its socket is then in $TUI_SOCK
	tui_start 80 24 "$EADR" --db "$DB" --forms "$EADR_SRCDIR/forms"
}
open_chidi() {	# from the team list
	wait_for "Chidi Okonkwo" || return 1
	case $(tui_screen) in
	*"Filter: chidi"*) ;;
	*) tui_text "chidi" ;;
	esac
	tui_keys Enter
}

# ---- A opens Chidi's appraisal and types ----
start
A=$TUI_SOCK
open_chidi
wait_for "Start an appraisal with Chidi"
tui_text y
wait_for "Section 1 of 7"
tui_text "Words from A"
wait_db welcome.checkin "Words from A" "A's words are saved"
pid_a=$(tui_pid)
is "$(holder)" "$pid_a" "A holds the appraisal"

# ---- B, a second TUI on the same database, opens it too ----
start
B=$TUI_SOCK
# A marked Chidi's appraisal as where the program was: B offers to resume it.
wait_for "Resume Chidi Okonkwo's appraisal where you were"
tui_text y
wait_for "Read-only: open in another eadr since "
ok $? "B is told the appraisal is open elsewhere, and since when"
like "$(tui_screen)" "*Chidi Okonkwo (read-only) - Welcome*" "B's title says read-only"
like "$(tui_screen)" "*Words from A*" "B shows A's words"
tui_keys C-a C-k
tui_text "Words from B"
tui_keys Tab
tui_text "More from B"
wait_gone "Read-only: open in"
case $(tui_screen) in
*"Words from B"*|*"More from B"*) st=1 ;;
*) st=0 ;;
esac
ok $st "B's keys did not go into an answer on screen"
tui_keys Escape		# leaving the walk saves what it has: nothing here
wait_for "eadr - your team"
is "$(q welcome.checkin)" "Words from A" "B's typing changed nothing"
is "$(q welcome.hopes)" "" "(nor the next answer)"

# ---- A goes on; nothing of B's overwrites it ----
TUI_SOCK=$A
tui_text " and more"
wait_for "Words from A and more"
wait_db welcome.checkin "Words from A and more" "A keeps saving"

# ---- plain mode while A holds it: HELD, read-only, nothing written ----
printf '100361\nyes\nWords from plain\n.\n!quit\n' | "$EADR" --db "$DB" --forms "$EADR_SRCDIR/forms" \
	--plain >"$T/plain.out" 2>&1
like "$(cat "$T/plain.out")" "*HELD: Chidi Okonkwo's appraisal is open in another eadr since *(process $pid_a of *" \
	"plain mode is told who holds it"
is "$(q welcome.checkin)" "Words from A and more" "plain mode wrote nothing"

# ---- A closes it (back to the team): B may now open it to edit ----
tui_keys Escape
wait_for "eadr - your team"
is "$(holder)" "" "closing gives the hold back"
TUI_SOCK=$B
open_chidi
wait_for "Section 1 of 7"
wait_for "Words from A and more"
case $(tui_screen) in
*"read-only"*|*"Read-only"*) st=1 ;;
*) st=0 ;;
esac
ok $st "B now opens it to edit"
tui_keys End
tui_text " / B was here"
wait_db welcome.checkin "Words from A and more / B was here" "B's words are saved"
pid_b=$(tui_pid)
is "$(holder)" "$pid_b" "B holds it now"

# ---- kill -9 B: its hold is stale, A takes it over ----
tui_kill 9
wait_exit
ok $? "B killed with -9"
is "$(holder)" "$pid_b" "the hold of a killed TUI stays behind"
TUI_SOCK=$A
open_chidi
wait_for "Section 1 of 7"
wait_for "B was here"
case $(tui_screen) in
*"read-only"*|*"Read-only"*) st=1 ;;
*) st=0 ;;
esac
ok $st "A takes over the hold of the killed TUI"
is "$(holder)" "$pid_a" "A holds it"

finish
