#!/bin/sh
# team_filter.sh - how soon a filter key on the team list shows its rows,
# at 100,000 staff / 400,000 appraisals (tmux 80x24), against the sqlite3
# shell running the same work in the same terminal: for each prefix of
# what is typed, a screenful (22 rows) of the staff whose name, number,
# station or shown state of their latest appraisal contains it, or who are
# overdue when it is part of "overdue" (LIKE, in the team order: station,
# name, number).  The peer reads the state from the same column eadr reads
# (staff.team_state, kept by migration 022: NULL is "not started"), so
# both do the same work.
# Each key is sent, then the screen polled every 10 ms until it shows the
# result (eadr: "Filter: TYPED"; the shell: a marker printed after the
# rows).  Each filter is typed in a fresh program (the first key cold).
# The filters: "depot-07" (a station), "rhys" (a name), "dr" (could name
# a state, "draft"), "st" ("not started", which few are), "fi" ("final"),
# "qz" (nobody: everything is read).  Then for each filter in ENDS, End
# once it is typed: eadr counts and shows the last screenful (timed until
# the last person is selected); the peer runs the same count and the last
# screenful (ORDER BY ... DESC LIMIT 22).
#
#   EADR=./eadr GEN_DB=./bench/gen_db [RUNS=3] [STAFF=100000] [APPRAISALS=400000] \
#     [FILTERS="..."] [ENDS="fi dr"] [DBDIR=folder] sh bench/team_filter.sh
# The 100,000-staff database takes minutes to make and 1.5 GB: with DBDIR
# it is kept there (bench-STAFF-APPRAISALS.db) and reused.
set -u
: "${EADR:?set EADR to the eadr binary}"
: "${GEN_DB:?set GEN_DB to bench/gen_db}"
RUNS=${RUNS:-3}
STAFF=${STAFF:-100000}
APPRAISALS=${APPRAISALS:-400000}
FILTERS=${FILTERS:-"depot-07 rhys dr st fi qz"}
ENDS=${ENDS-"fi dr"}
src=$(cd "$(dirname "$0")/.." && pwd)
. "$src/tests/lib.sh"
. "$src/tests/e2e/tmux.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "team_filter: needs the sqlite3 shell" >&2; exit 1; }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

until_shows() {	# TEXT: poll every 10 ms; 1 after 60 s
	_u0=$(now_ms)
	while :; do
		case $(tui_screen 2>/dev/null) in *"$1"*) return 0 ;; esac
		[ $(( $(now_ms) - _u0 )) -gt 60000 ] && { tui_diag "no \"$1\"" >&2; return 1; }
		sleep 0.01
	done
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

DB="${DBDIR:-$T}/bench-$STAFF-$APPRAISALS.db"
[ -n "${DBDIR:-}" ] && [ -s "$DB" ] || "$GEN_DB" "$DB" "$STAFF" "$APPRAISALS" >/dev/null || exit 1
# a database made before migration 022 is brought up to date first
"$EADR" --db "$DB" staff list >/dev/null 2>&1
today=$(date +%Y-%m-%d)

where() {	# the peer's filter for TYPED
	printf "%s" "WHERE name LIKE '%$1%' OR staff_number LIKE '%$1%' OR station LIKE '%$1%' OR coalesce(team_state, 'not started') LIKE '%$1%' OR ('overdue' LIKE '%$1%' AND due < '$today')"
}

for f in $FILTERS; do
	: >"$T/eadr.$f" ; : >"$T/peer.$f"; : >"$T/eadr1.$f"; : >"$T/peer1.$f"
	: >"$T/eadrE.$f" ; : >"$T/peerE.$f"
done
ends() { case " $ENDS " in *" $1 "*) return 0 ;; esac; return 1; }
for run in $(seq "$RUNS"); do
	for f in $FILTERS; do
		# eadr: typed a key at a time, each waiting for its screen
		tui_start 80 24 "$EADR" --db "$DB"
		until_shows "Depot-" || exit 1
		typed= k=0
		while [ $k -lt ${#f} ]; do
			c=$(printf '%s' "$f" | cut -c$((k + 1)))
			typed=$typed$c k=$((k + 1))
			t0=$(now_ms)
			tui_text "$c"
			until_shows "Filter: $typed" || exit 1
			t=$(( $(now_ms) - t0 ))
			echo "$t" >>"$T/eadr.$f"
			[ -n "${VERBOSE:-}" ] && echo "eadr $run $typed $t ms" >&2
			[ $k -eq 1 ] && echo "$t" >>"$T/eadr1.$f"
		done
		last=
		ends "$f" && last=$(sqlite3 "$DB" "SELECT substr(name, 1, 12) FROM staff $(where "$f") ORDER BY station DESC, name DESC, staff_number DESC LIMIT 1")
		if [ -n "$last" ]; then	# End: the last person selected (none: no End)
			t0=$(now_ms)
			tui_text "$(printf '\033OF')"
			until_shows "▶ $last" || exit 1
			t=$(( $(now_ms) - t0 ))
			echo "$t" >>"$T/eadrE.$f"
			[ -n "${VERBOSE:-}" ] && echo "eadr $run $typed End $t ms" >&2
		fi
		tui_teardown
		# the peer: the sqlite3 shell, the same rows for each prefix
		tui_start 80 24 sqlite3 "$DB"
		until_shows "sqlite>" || exit 1
		typed= k=0
		while [ $k -lt ${#f} ]; do
			c=$(printf '%s' "$f" | cut -c$((k + 1)))
			typed=$typed$c k=$((k + 1))
			q="SELECT staff_number, name, station, due, team_state FROM staff $(where "$typed") ORDER BY station, name, staff_number LIMIT 22; SELECT 'done' || '-$k'; "
			t0=$(now_ms)
			tui_text "$q"	# (ends with a space: tmux takes a last ";" as its own)
			tui_keys Enter
			until_shows "done-$k" || exit 1
			t=$(( $(now_ms) - t0 ))
			echo "$t" >>"$T/peer.$f"
			[ $k -eq 1 ] && echo "$t" >>"$T/peer1.$f"
		done
		if [ -n "$last" ]; then
			q="SELECT count(*) FROM staff $(where "$f"); SELECT staff_number, name, station, due, team_state FROM staff $(where "$f") ORDER BY station DESC, name DESC, staff_number DESC LIMIT 22; SELECT 'done' || '-end'; "
			t0=$(now_ms)
			tui_text "$q"
			tui_keys Enter
			until_shows "done-end" || exit 1
			t=$(( $(now_ms) - t0 ))
			echo "$t" >>"$T/peerE.$f"
		fi
		tui_teardown
	done
done
echo "$STAFF staff + $APPRAISALS appraisals, tmux 80x24, a key's screen, median of $RUNS runs (ms):"
printf '  %-10s %8s %8s %6s %10s %10s %10s %10s\n' filter eadr sqlite3 ratio \
	"eadr 1st" "sqlite3 1st" "eadr max" "sqlite3 max"
for f in $FILTERS; do
	e=$(median <"$T/eadr.$f") p=$(median <"$T/peer.$f")
	e1=$(median <"$T/eadr1.$f") p1=$(median <"$T/peer1.$f")
	printf '  %-10s %8s %8s %6s %10s %10s %10s %10s\n' "$f" "$e" "$p" \
		"$(awk "BEGIN { printf \"%.2f\", $e / ($p ? $p : 1) }")" "$e1" "$p1" \
		"$(sort -n "$T/eadr.$f" | tail -1)" "$(sort -n "$T/peer.$f" | tail -1)"
done
for f in $ENDS; do
	[ -s "$T/eadrE.$f" ] || continue
	e=$(median <"$T/eadrE.$f") p=$(median <"$T/peerE.$f")
	printf '  %-10s %8s %8s %6s   (runs: eadr %s; sqlite3 %s)\n' "End $f" "$e" "$p" \
		"$(awk "BEGIN { printf \"%.2f\", $e / ($p ? $p : 1) }")" \
		"$(sort -n "$T/eadrE.$f" | tr '\n' ' ')" "$(sort -n "$T/peerE.$f" | tr '\n' ' ')"
done
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  (slowest eadr key: $(cat "$T"/eadr.* | sort -n | tail -1) ms; sqlite3: $(cat "$T"/peer.* | sort -n | tail -1) ms)"
[ -n "${DBDIR:-}" ] || rm -f "$DB" "$DB-wal" "$DB-shm"
