#!/bin/sh
# startup.sh - time from start to first screen of the team list with 5,000
# staff and 20,000 past appraisals, against dialog --menu with 5,000 items
# (both in tmux at 80x24, polling the screen every 10 ms), and eadr's peak
# memory (VmHWM) against the 10 MB target (issue 4, "Speed and size").
#
#   EADR=./eadr GEN_DB=./bench/gen_db [RUNS=7] sh bench/startup.sh
set -u
: "${EADR:?set EADR to the eadr binary}"
: "${GEN_DB:?set GEN_DB to bench/gen_db}"
RUNS=${RUNS:-7}
STAFF=${STAFF:-5000}
APPRAISALS=${APPRAISALS:-20000}
src=$(cd "$(dirname "$0")/.." && pwd)
. "$src/tests/lib.sh"
. "$src/tests/e2e/tmux.sh"
command -v dialog >/dev/null 2>&1 || { echo "startup: dialog is not installed" >&2; exit 1; }

DB="$T/bench.db"
"$GEN_DB" "$DB" "$STAFF" "$APPRAISALS" || exit 1

# the same 5,000 rows for dialog: tag and "name  station", from the db
sqlite3 "$DB" "SELECT staff_number, name || '  ' || station FROM staff ORDER BY name" |
	awk -F'|' 'BEGIN { printf "exec dialog --menu Team 0 0 0" }
		{ gsub(/\047/, "\047\\\047\047", $2); printf " \047%s\047 \047%s\047", $1, $2 }' >"$T/dialog.sh"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# One run: ms from tmux starting the program to TEXT on screen.
first_screen() {	# TEXT CMD...
	_text=$1
	shift
	_t0=$(now_ms)
	tui_start 80 24 "$@"
	while :; do
		case $(tui_screen 2>/dev/null) in
		*"$_text"*) break ;;
		esac
		if [ $(( $(now_ms) - _t0 )) -gt 30000 ] || [ "$(_tui_fmt '#{pane_dead}')" = 1 ]; then
			echo "startup: no \"$_text\" on the screen" >&2
			tui_diag "gave up" >&2
			return 1
		fi
		sleep 0.01
	done
	_t1=$(now_ms)
	echo $((_t1 - _t0))
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

: >"$T/eadr.ms"
: >"$T/dialog.ms"
for i in $(seq "$RUNS"); do
	first_screen "Depot-" "$EADR" --db "$DB" >>"$T/eadr.ms" || exit 1
	if [ "$i" = 1 ]; then
		# The peak after eadr has handled a key: by then it has also run
		# its whole-file check, which comes after the first screen.
		tui_keys F1
		wait_for "Ctrl-Q" >/dev/null || exit 1
		pid=$(tui_pid)
		hwm_eadr=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
	fi
	tui_teardown
	first_screen "Depot-" sh "$T/dialog.sh" >>"$T/dialog.ms" || exit 1
	if [ "$i" = 1 ]; then
		pid=$(tui_pid)
		hwm_dialog=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
	fi
	tui_teardown
done
e=$(median <"$T/eadr.ms")
d=$(median <"$T/dialog.ms")
echo "start to first screen, $STAFF staff + $APPRAISALS past appraisals, tmux 80x24, median of $RUNS:"
printf '  %-28s %6s ms   (runs: %s)\n' "eadr --db DB" "$e" "$(tr '\n' ' ' <"$T/eadr.ms")"
printf '  %-28s %6s ms   (runs: %s)\n' "dialog --menu ($STAFF items)" "$d" "$(tr '\n' ' ' <"$T/dialog.ms")"
printf '  ratio eadr/dialog: %s (aim: <= 1)\n' "$(awk "BEGIN { printf \"%.2f\", $e / ($d ? $d : 1) }")"
echo "peak memory (VmHWM; eadr's after its first key, dialog's at its first screen):"
printf '  %-28s %6s kB   (target < 10240 kB: %s)\n' "eadr" "$hwm_eadr" \
	"$([ "$hwm_eadr" -lt 10240 ] && echo met || echo MISSED)"
printf '  %-28s %6s kB\n' "dialog" "$hwm_dialog"
echo "database: $(du -k "$DB" | cut -f1) kB"
