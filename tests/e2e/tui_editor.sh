#!/bin/sh
# tui_editor.sh - Ctrl-E hands a long answer to $VISUAL: the main loop gives
# the terminal back to the shell's mode while the outside editor runs (it
# sees a canonical tty), then takes it again and redraws the whole screen;
# the edited text is on screen and saved.
. "$EADR_SRCDIR/tests/lib.sh"
. "$EADR_SRCDIR/tests/e2e/tmux.sh"

command -v sqlite3 >/dev/null 2>&1 || skip_all "the sqlite3 shell is not installed"

DB="$T/eadr.db"
EADR_TODAY=2026-11-22
export EADR_TODAY
"$EADR" --db "$DB" demo >"$T/demo.out" 2>&1
ok $? "demo team made"

# The outside editor: notes the terminal's mode, then appends to the file.
cat >"$T/visual.sh" <<-EOF2
	#!/bin/sh
	stty -a </dev/tty >"$T/stty" 2>&1
	printf ' and from outside' >>"\$1"
EOF2
chmod +x "$T/visual.sh"

tui_start 80 24 env VISUAL="$T/visual.sh" "$EADR" --db "$DB" --forms "$EADR_SRCDIR/forms"
wait_for "Chidi Okonkwo"
tui_text "chidi"
tui_keys Enter
wait_for "Start an appraisal with Chidi"
tui_text y
wait_for "Section 1 of 7"
ok $? "appraisal started"
tui_text "Typed here"
wait_for "Typed here"
tui_keys C-e
wait_for "Typed here and from outside"
ok $? "the text from the outside editor is on screen"
grep -Eq '(^| )icanon( |;|$)' "$T/stty"
ok $? "the outside editor got the terminal in the shell's mode"
wait_for "Saved"
ok $? "the text is saved"
case $(tui_screen) in
*"Section 1 of 7"*) st=0 ;;
*) st=1 ;;
esac
ok $st "the screen is whole again"
is "$(sqlite3 "$DB" "SELECT value FROM answers a JOIN appraisals p ON p.id = a.appraisal_id
	WHERE p.staff_number = '100361' AND a.path = 'welcome.checkin'")" \
	"Typed here and from outside" "the edited text is in the database"
tui_keys C-c
wait_exit
tui_teardown
finish
