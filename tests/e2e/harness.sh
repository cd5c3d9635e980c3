#!/bin/sh
# harness.sh - the terminal test harness (tmux.sh) tested on the team list:
# start at 80x24, see a demo name, resize and see it re-laid out, type,
# quit with q and find the terminal restored; kill with signals.
# Independent cases, each on a fresh copy of the demo team.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_tui
FORMS=
NAME="Zoë Ó Súilleabháin"
make_demo "demo database made"

case_begin "start at 80x24; the harness's waits"
eadr_tui 80 24
wait_for "$NAME"
ok $? "the team list shows $NAME at 80x24"
is "$(tui_size)" "80 24" "the window is 80x24"
tui_screen >"$T/s80"
is "$(wc -l <"$T/s80" | tr -d ' ')" 24 "capture gives 24 rows"

# a wrong wait must fail (and say why), or every test would pass
out=$(wait_for "no such text on this screen" 1)
st=$?
is "$st" 1 "wait_for times out on text that is not there"
like "$out" "*timed out*$NAME*" "the timeout prints the last screen"
wait_gone "no such text" 1
ok $? "wait_gone on absent text returns at once"
# after a failed wait the case is derailed: the next wait looks only once
out=$(wait_for "no such text" 1 >/dev/null
	s0=$(date +%s)
	wait_for "still no such text" 30 >/dev/null
	echo "$? $(($(date +%s) - s0))")
like "$out" "1 [01]" "after a failed wait, the next one fails at once ($out)"

pos=$(tui_cursor)
like "$pos" "[0-9]* [0-9]*" "the cursor position is known ($pos)"
pid=$(tui_pid)
kill -0 "$pid" 2>/dev/null
ok $? "the program runs as pid $pid"

case_begin "assert_screen passes on the same screen, fails with a diff on another"
eadr_tui 80 24 NO_COLOR=1
wait_for "$NAME" >/dev/null
mkdir "$T/screens"
tui_screen >"$T/screens/same.screen"
tui_screen | sed 's/Filter:/Filtre:/' >"$T/screens/wrong.screen"
out=$(SCREENS="$T/screens" EADR_UPDATE_SCREENS= TUI_TIMEOUT=1; assert_screen same)
like "$out" "ok [0-9]* - the same screen*" "assert_screen: the same screen passes"
out=$(SCREENS="$T/screens" EADR_UPDATE_SCREENS= TUI_TIMEOUT=1; assert_screen wrong)
like "$out" "not ok [0-9]* - *-| Filtre:*+| Filter:*" "assert_screen: another screen fails, with the diff"

case_begin "resizing re-lays out the screen"
eadr_tui 80 24
wait_for "$NAME" >/dev/null
tui_screen >"$T/s80"
# rows that fit only at the larger size come into view, and go again
tui_resize 200 60
wait_for "$NAME"
ok $? "200x60 still shows $NAME"
is "$(tui_size)" "200 60" "the window is 200x60"
tui_screen >"$T/s200"
is "$(wc -l <"$T/s200" | tr -d ' ')" 60 "capture gives 60 rows"
# the footer (or whatever is last) moves below row 24: a re-layout, not
# the old screen left in a bigger window
_tui_poll 10 '[ "$(printf "%s\n" "$_scr" | awk "NF { n = NR } END { print n + 0 }")" -gt 24 ]'
st=$?
[ $st -ne 0 ] && tui_diag "nothing drawn below row 24"
ok $st "200x60: the screen is laid out to use rows below 24"

# shrinking without a redraw would leave the old screen cut down (tmux
# keeps either the top or the bottom rows): the program must draw anew
tui_resize 40 12
top=$(head -n 12 "$T/s80" | cut -c 1-40 | sed 's/ *$//')
bottom=$(tail -n 12 "$T/s80" | cut -c 1-40 | sed 's/ *$//')
_tui_poll 10 'now=$(printf "%s\n" "$_scr" | sed "s/ *\$//")
	[ "$now" != "$top" ] && [ "$now" != "$bottom" ] && [ -n "$now" ]'
st=$?
[ $st -ne 0 ] && tui_diag "no redraw at 40x12"
ok $st "40x12: the program redrew the smaller screen"
is "$(tui_size)" "40 12" "the window is 40x12"

tui_resize 80 24
_tui_poll 10 'case $_scr in *"$NAME"*) [ "$(printf "%s\n" "$_scr" | awk "NF { n = NR } END { print n + 0 }")" -eq 24 ] ;; *) false ;; esac'
st=$?
[ $st -ne 0 ] && tui_diag "no re-layout back at 80x24"
ok $st "back at 80x24: $NAME shows and the last row is used again"

case_begin "q quits and restores the terminal"
eadr_tui 80 24
wait_for "$NAME" >/dev/null
pid=$(tui_pid)
# q quits the team list; where typing filters, q is text and Ctrl-C
# quits (the issue allows both), so fall back to Ctrl-C once
tui_keys q
if ! _tui_poll 3 tui_ended; then
	echo "# q did not quit (a filter?); sending Ctrl-C"
	tui_keys C-c
fi
wait_exit
ok $? "q (or Ctrl-C) ends the program"
# (no exit status check: tmux 3.3a does not always reap a dead pane's
# program promptly, so #{pane_dead_status} may stay empty)
tui_restored
ok $? "the terminal is restored (normal screen, keypad modes off)"
tui_gone "$pid"
ok $? "the process $pid is gone"

# signals by pid: HUP, TERM and KILL all end it
for sig in HUP TERM 9; do
	case_begin "SIG$sig ends the program"
	eadr_tui 80 24
	wait_for "$NAME"
	ok $? "restarted for SIG$sig"
	pid=$(tui_pid)
	tui_kill "$sig"
	wait_exit
	ok $? "SIG$sig ends the program"
	tui_gone "$pid"
	ok $? "pid $pid is gone after SIG$sig"
done
tui_teardown

finish
