#!/bin/sh
# tui_term.sh - the screen never cuts an instruction (issue 12, item 11):
# at 60x16 the footer keeps "F1 help", a long message wraps onto a second
# row whole; and with no terminal to draw
# on (item 14: TERM dumb, unset, unknown) eadr says so in its own words
# and points to --plain instead of ncurses' "Error opening terminal".
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
need_tui
make_demo

# (what eadr says goes to a file: tmux may drop a dead pane's first line)
for _t in dumb unset vt999-unknown; do
	case_begin "item 14: TERM=$_t"
	rm -f "$T/said"
	if [ "$_t" = unset ]; then
		tui_start 80 24 sh -c 'unset TERM; "$0" --db "$1" 2>"$2"; echo "rc=$?" >>"$2"' \
			"$EADR" "$DB" "$T/said"
	else
		tui_start 80 24 sh -c 'TERM=$3 "$0" --db "$1" 2>"$2"; echo "rc=$?" >>"$2"' \
			"$EADR" "$DB" "$T/said" "$_t"
	fi
	wait_exit
	_s=$(cat "$T/said" 2>/dev/null)
	case $_s in *"use 'eadr --plain'"*|*"Use 'eadr --plain'"*) r=0 ;; *) r=1 ;; esac
	[ $r -eq 0 ] || printf '# said: %s\n' "$_s"
	ok $r "TERM=$_t: eadr points to --plain"
	case $_s in *"Error opening terminal"*) r=1 ;; *"rc=2"*) r=0 ;; *) r=1 ;; esac
	ok $r "TERM=$_t: not ncurses' bare error; exit status 2"
done

case_begin "item 11: 60x16, a long message wraps, the footer keeps F1 help"
plain_fill 100307 "Agnieszka Wójcik" sign
is "$(sql "SELECT state FROM appraisals WHERE staff_number = '100307'")" final \
	"plain mode made a final appraisal"
eadr_tui 60 16 NO_COLOR=1
wait_for "Agnieszka Wójcik"
tui_text wójc
tui_keys Enter
wait_for "View it"
tui_text v
wait_for "Every answer, read-only"
tui_text x
wait_for "reopen it."
ok $? "the whole message shows, wrapped"
wait_for "F1 help"
ok $? "the footer keeps F1 help at 60 columns"
tui_keys Escape
wait_for "Agnieszka Wójcik"
tui_resize 60 16
tui_keys C-n
wait_for "Staff number"
tui_text "123456789012345678901234567890123456789012345678901234567890123456789"
wait_for "Staff number"
tui_keys Escape

finish
