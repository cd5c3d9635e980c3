#!/bin/sh
# walk_keys.sh - what one key costs in the real TUI (issue 17): the eadr
# binary in tmux at 80x24 on the demo team with the shipped form, a key typed
# into an answer of the walk, sent one at a time (each waits until the
# cursor has moved, so every key is its own read, save and draw: nothing is
# batched).  Counted by callgrind over the typing alone (callgrind_control
# zeroes the counts before the first key and dumps them after the last),
# everything the process does included: the key, the commit of the answer,
# the walk's redraw and curses' output.  Then the bytes written to the
# terminal per key (tmux pipe-pane).  The peer is the same key into an empty answer: the aim
# is a long answer at no more than 1.2x.  Also: the instructions to open
# the appraisal (Enter on the resume offer until the walk shows).  Keys go
# at the end of the long answer (where the editor puts the cursor), and then
# in its middle: the cursor moved PGUP pages up (15: about the middle of
# 20,000 characters) and UP rows up, so that rows of the answer below the
# key are on the screen and reflow as it is typed.  Both ratios are printed.
#
#   EADR=./eadr [KEYS=60] [LENGTH=20000] [WHERE=welcome.checkin] [KEEP=folder] \
#     [PGUP=15] [UP=6] sh bench/walk_keys.sh
# KEEP keeps the callgrind files (open-LENGTH.cg, keys-LENGTH-PGUP.cg) there.
set -u
: "${EADR:?set EADR to the eadr binary}"
KEYS=${KEYS:-60}
LENGTH=${LENGTH:-20000}
WHERE=${WHERE:-welcome.checkin}
PGUP=${PGUP:-15}
UP=${UP:-6}
src=$(cd "$(dirname "$0")/.." && pwd)
. "$src/tests/lib.sh"
. "$src/tests/e2e/tmux.sh"
for c in valgrind callgrind_control sqlite3; do
	command -v $c >/dev/null 2>&1 || { echo "walk_keys: needs $c" >&2; exit 1; }
done
EADR_TODAY=2026-11-22
export EADR_TODAY
FORMS="$src/forms"

# A demo team, Zoë's appraisal started and an answer at $WHERE, the walk
# left there (the next start offers to resume at it).
EADR_DEMO_MANAGERS=no "$EADR" --db "$T/demo.db" --forms "$FORMS" demo >/dev/null || exit 1
tui_start 80 24 "$EADR" --db "$T/demo.db" --forms "$FORMS"
wait_for "Zoë Ó Súilleabháin" 30 >/dev/null || exit 1
tui_text zoë
tui_keys Enter
wait_for "Start an appraisal with" >/dev/null || exit 1
tui_text y
wait_for "Section 1 of" >/dev/null || exit 1
tui_text x
wait_for "Saved" >/dev/null || exit 1
tui_keys C-q
wait_exit 10 >/dev/null || exit 1
tui_teardown

# Text of LENGTH characters in sentences and paragraphs, as typed.
text_of() {	# LENGTH
	awk -v n="$1" 'BEGIN {
		s = "The crew handled a difficult call with real care and kept the family informed. "
		while (length(t) + length(s) <= n) { t = t s; if (++k % 6 == 0) t = t "\n" }
		while (length(t) < n) t = t "x"
		printf "%s", t }'
}

# One run: the database with the answer at WHERE of LENGTH characters, the
# cursor PAGES pages and ROWS rows up from the end; prints "OPEN TYPING
# BYTES": instructions to open the walk, instructions over KEYS keys, bytes
# written to the terminal over them.
run() {	# LENGTH PAGES ROWS
	cp "$T/demo.db" "$T/run.db"
	text_of "$1" >"$T/text"
	zoe="appraisal_id = (SELECT id FROM appraisals WHERE staff_number = '100234' AND state = 'draft')"
	sqlite3 "$T/run.db" "UPDATE answers SET value = CAST(readfile('$T/text') AS TEXT)
		WHERE path = '$WHERE' AND $zoe;
		UPDATE appraisals SET resume_at = '$WHERE' WHERE staff_number = '100234' AND state = 'draft'" || exit 1
	[ "$(sqlite3 "$T/run.db" "SELECT length(value) FROM answers WHERE path = '$WHERE' AND $zoe")" = "$1" ] ||
		{ echo "walk_keys: the answer at $WHERE was not made" >&2; exit 1; }
	rm -f "$T"/cg.out*
	tui_start 80 24 sh -c 'exec "$@" 2>"$0"' "$T/vg.err" valgrind --tool=callgrind \
		--callgrind-out-file="$T/cg.out" "$EADR" --db "$T/run.db" --forms "$FORMS"
	wait_for "Resume" 120 >/dev/null || { cat "$T/vg.err" >&2; exit 1; }
	pid=$(tui_pid)
	callgrind_control -z "$pid" >/dev/null 2>&1
	tui_keys Enter
	wait_for "Section 1 of" 60 >/dev/null || exit 1
	wait_for "Saved" 60 >/dev/null || exit 1
	callgrind_control -d "$pid" >/dev/null 2>&1
	open=$(awk '/^(summary|totals):/ { print $2; exit }' "$T/cg.out.1")
	sleep 1.5	# past the pause's save, sync and file check
	if [ "$2" -gt 0 ] || [ "$3" -gt 0 ]; then
		i=0
		while [ $i -lt "$2" ]; do
			tui_keys PPage
			i=$((i + 1))
		done
		i=0
		while [ $i -lt "$3" ]; do
			tui_keys Up
			i=$((i + 1))
		done
		prev=
		while [ "$(tui_cursor; tui_screen)" != "$prev" ]; do
			prev=$(tui_cursor; tui_screen)
			sleep 1
		done
	fi
	: >"$T/out"
	_tm pipe-pane -o -t "$TUI_SESSION" "cat >>'$T/out'"
	callgrind_control -z "$pid" >/dev/null 2>&1
	prev=$(tui_cursor; tui_screen)
	i=0
	while [ $i -lt "$KEYS" ]; do
		# words of five letters (a word longer than a row wraps oddly)
		tui_text "$(echo "abcd efgh ijkl mnop qrst uvwx yz" | cut -c$((i % 32 + 1)))"
		n=0
		while [ "$(tui_cursor; tui_screen)" = "$prev" ]; do
			n=$((n + 1))
			[ $n -gt 2000 ] && { echo "walk_keys: key $i not shown" >&2; tui_diag x >&2; exit 1; }
			sleep 0.01
		done
		prev=$(tui_cursor; tui_screen)
		i=$((i + 1))
	done
	wait_for "Saved" 30 >/dev/null || exit 1
	callgrind_control -d "$pid" >/dev/null 2>&1
	_tm pipe-pane -t "$TUI_SESSION"
	bytes=$(wc -c <"$T/out")
	if [ -n "${KEEP:-}" ]; then
		cp "$T/cg.out.1" "$KEEP/open-$1.cg"
		cp "$T/cg.out.2" "$KEEP/keys-$1-$2.cg"
	fi
	typing=$(awk '/^(summary|totals):/ { print $2; exit }' "$T/cg.out.2")
	tui_keys C-q
	wait_exit 60 >/dev/null || exit 1
	tui_teardown
	echo "$open $typing $bytes"
}

set -- $(run 0 0 0)
eo=$1 ek=$(($2 / KEYS)) eb=$(($3 / KEYS))
set -- $(run "$LENGTH" 0 0)
lo=$1 lk=$(($2 / KEYS)) lb=$(($3 / KEYS))
set -- $(run "$LENGTH" "$PGUP" "$UP")
mk=$(($2 / KEYS)) mb=$(($3 / KEYS))
echo "a key typed into $WHERE in the real TUI (80x24, demo team, shipped form), $KEYS keys one at a time, callgrind:"
printf '  %-42s %10s instructions, %6s bytes to the terminal a key\n' "empty answer" "$ek" "$eb"
printf '  %-42s %10s instructions, %6s bytes to the terminal a key   ratio %s (aim: <= 1.2)\n' \
	"$LENGTH characters, at the end" "$lk" "$lb" "$(awk "BEGIN { printf \"%.2f\", $lk / $ek }")"
printf '  %-42s %10s instructions, %6s bytes to the terminal a key   ratio %s (aim: <= 1.2)\n' \
	"$LENGTH characters, middle ($PGUP pages, $UP rows up)" "$mk" "$mb" "$(awk "BEGIN { printf \"%.2f\", $mk / $ek }")"
printf '  opening the appraisal (resume offer to the walk): %s instructions (empty), %s (%s characters)\n' \
	"$eo" "$lo" "$LENGTH"
