#!/bin/sh
# startup.sh - how soon eadr takes a key, against dialog --menu with the
# same items (tag and "name  station" of every staff member), at 5,000
# staff / 20,000 appraisals and at 100,000 staff / 400,000 appraisals (both
# in tmux at 80x24, polling the screen every 10 ms): the time from start to
# the first screen, and the time from start to the program's end when a
# quitting key (eadr: q; dialog: Enter) is sent the moment the first screen
# shows: a program that draws and then works before it reads keys is slow
# here.  Then eadr's peak memory (VmHWM) at each size after a key and its
# idle-time file check, and after moving through the list and filtering it;
# and how soon each key of a filter typed a key at a time shows.
#
#   EADR=./eadr GEN_DB=./bench/gen_db [RUNS=5] [SIZES="5000:20000 100000:400000"] \
#     [DBDIR=folder] sh bench/startup.sh
# The 100,000-staff database takes minutes to make and 1.5 GB: with DBDIR,
# each database is kept there (bench-STAFF-APPRAISALS.db) and reused.
set -u
: "${EADR:?set EADR to the eadr binary}"
: "${GEN_DB:?set GEN_DB to bench/gen_db}"
RUNS=${RUNS:-5}
SIZES=${SIZES:-"5000:20000 100000:400000"}
src=$(cd "$(dirname "$0")/.." && pwd)
. "$src/tests/lib.sh"
. "$src/tests/e2e/tmux.sh"
command -v dialog >/dev/null 2>&1 || { echo "startup: dialog is not installed" >&2; exit 1; }
command -v sqlite3 >/dev/null 2>&1 || { echo "startup: needs the sqlite3 shell" >&2; exit 1; }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# One run: "FIRST END": ms from tmux starting the program to TEXT on the
# screen, and to the program's end after KEY was sent at that moment.
run_once() {	# TEXT KEY CMD...
	_text=$1 _key=$2
	shift 2
	_t0=$(now_ms)
	tui_start 80 24 "$@"
	while :; do
		case $(tui_screen 2>/dev/null) in
		*"$_text"*) break ;;
		esac
		if [ $(( $(now_ms) - _t0 )) -gt 60000 ] || [ "$(_tui_fmt '#{pane_dead}')" = 1 ]; then
			echo "startup: no \"$_text\" on the screen" >&2
			tui_diag "gave up" >&2
			return 1
		fi
		sleep 0.01
	done
	_t1=$(now_ms)
	tui_keys "$_key"
	while [ "$(_tui_fmt '#{pane_dead}')" != 1 ]; do
		if [ $(( $(now_ms) - _t0 )) -gt 60000 ]; then
			echo "startup: the program did not end after $_key" >&2
			tui_diag "gave up" >&2
			return 1
		fi
		sleep 0.01
	done
	_t2=$(now_ms)
	tui_teardown
	echo "$((_t1 - _t0)) $((_t2 - _t0))"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

for size in $SIZES; do
	STAFF=${size%%:*} APPRAISALS=${size#*:}
	DB="${DBDIR:-$T}/bench-$STAFF-$APPRAISALS.db"
	[ -n "${DBDIR:-}" ] && [ -s "$DB" ] ||
		"$GEN_DB" "$DB" "$STAFF" "$APPRAISALS" >/dev/null || exit 1
	# the same rows for dialog: tag and "name  station", from the db, in
	# a file read with --file (100,000 items are too long a command line)
	sqlite3 "$DB" "SELECT staff_number, name || '  ' || station FROM staff ORDER BY name" |
		awk -F'|' 'BEGIN { print "--menu Team 0 0 0" }
			{ gsub(/"/, "\\\"", $2); printf "\"%s\" \"%s\"\n", $1, $2 }' >"$T/dialog.args"
	echo "exec dialog --file '$T/dialog.args'" >"$T/dialog.sh"
	: >"$T/eadr.ms"
	: >"$T/dialog.ms"
	for i in $(seq "$RUNS"); do
		run_once "Depot-" C-q "$EADR" --db "$DB" >>"$T/eadr.ms" || exit 1
		run_once "Depot-" Enter sh "$T/dialog.sh" >>"$T/dialog.ms" || exit 1
	done
	ef=$(cut -d' ' -f1 "$T/eadr.ms" | median) ek=$(cut -d' ' -f2 "$T/eadr.ms" | median)
	df=$(cut -d' ' -f1 "$T/dialog.ms" | median) dk=$(cut -d' ' -f2 "$T/dialog.ms" | median)
	echo "$STAFF staff + $APPRAISALS past appraisals ($(du -k "$DB" | cut -f1) kB), tmux 80x24, median of $RUNS:"
	printf '  %-30s first screen %6s ms, a key taken and quit %6s ms\n' "eadr --db DB" "$ef" "$ek"
	printf '  %-30s first screen %6s ms, a key taken and quit %6s ms\n' "dialog --menu ($STAFF items)" "$df" "$dk"
	printf '  ratio eadr/dialog: first screen %s, key taken %s (aim: <= 1)\n' \
		"$(awk "BEGIN { printf \"%.2f\", $ef / ($df ? $df : 1) }")" \
		"$(awk "BEGIN { printf \"%.2f\", $ek / ($dk ? $dk : 1) }")"
	# The peak after a key and the idle-time check (seconds of no key);
	# then after moving through the list and filtering it.
	tui_start 80 24 "$EADR" --db "$DB"
	wait_for "Depot-" 60 >/dev/null || exit 1
	tui_keys F1
	wait_for "Ctrl-Q" >/dev/null || exit 1
	sleep 3
	hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$(tui_pid)/status")
	tui_text q
	wait_gone "Ctrl-Q" >/dev/null
	tui_keys NPage NPage NPage
	tui_text "$(printf '\033OF')"	# End, as xterm-256color names it
	# the filter typed a key at a time, each waiting for its screen
	: >"$T/filter.ms"
	typed=
	for c in d e p o t - 0 7; do
		typed=$typed$c
		_t0=$(now_ms)
		tui_text "$c"
		wait_for "Filter: $typed" 60 >/dev/null || exit 1
		echo $(($(now_ms) - _t0)) >>"$T/filter.ms"
	done
	hwm2=$(awk '/^VmHWM/ { print $2 }' "/proc/$(tui_pid)/status")
	tui_teardown
	printf '  eadr peak memory (VmHWM): %s kB after a key and its file check, %s kB after PgDn, End and a filter\n' "$hwm" "$hwm2"
	printf '  a filter key (depot-07 typed a key at a time) on the screen in %s ms (median; slowest %s ms)\n' \
		"$(median <"$T/filter.ms")" "$(sort -n "$T/filter.ms" | tail -1)"
	[ -n "${DBDIR:-}" ] || rm -f "$DB" "$DB-wal" "$DB-shm"
done
