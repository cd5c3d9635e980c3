#!/bin/sh
# signin.sh - opening the team list after signing in (issue 13), against
# today's first screen without profiles, on the 5,000-staff / 20,000-
# appraisal database (bench/gen_db).  Two copies of one database: one with
# no profile, one with a manager's profile holding every appraisal.  Each
# round measures, one after the other so that they meet the same load:
#
#  - in tmux at 80x24, polling the screen every 10 ms: with no profile,
#    from start to the team list (today's first screen); with the
#    profile, from Enter on the sign-in screen (passphrase typed) to the
#    team list;
#  - in one process (bench/team_open, the TUI's own calls): opening the
#    database and reading the team list's rows; with the profile, opening,
#    Argon2id (deriving the key, opening the wrapped keys), the rest of the
#    sign-in (the conversion, hand-overs, sealing), and the rows.
#
# The ratios are the medians of the rounds' ratios: the team list after
# sign-in (Argon2id taken out) against the first screen (aim: at most 1.1).
#
#   EADR=./eadr GEN_DB=./bench/gen_db TEAM_OPEN=./bench/team_open [RUNS=5] \
#     [STAFF=5000] [APPRAISALS=20000] sh bench/signin.sh
set -u
: "${EADR:?set EADR to the eadr binary}"
: "${GEN_DB:?set GEN_DB to bench/gen_db}"
: "${TEAM_OPEN:?set TEAM_OPEN to bench/team_open}"
RUNS=${RUNS:-5}
STAFF=${STAFF:-5000}
APPRAISALS=${APPRAISALS:-20000}
src=$(cd "$(dirname "$0")/.." && pwd)
. "$src/tests/lib.sh"
. "$src/tests/e2e/tmux.sh"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
col() { cut -d' ' -f"$1" "$2" | median; }

# Poll until TEXT shows (60 s at most); print the time it showed.
shows() {	# TEXT T0
	while :; do
		case $(tui_screen 2>/dev/null) in
		*"$1"*) now_ms; return 0 ;;
		esac
		if [ $(( $(now_ms) - $2 )) -gt 60000 ] || [ "$(_tui_fmt '#{pane_dead}')" = 1 ]; then
			echo "signin: no \"$1\" on the screen" >&2
			tui_diag "gave up" >&2
			return 1
		fi
		sleep 0.01
	done
}

PLAIN="$T/plain.db" PROT="$T/prot.db" NAME="Bench Manager"
"$GEN_DB" "$PLAIN" "$STAFF" "$APPRAISALS" >/dev/null || exit 1
cp "$PLAIN" "$PROT"
printf 'bench harbour violet seven\n' >"$T/pass"
"$EADR" --db "$PROT" --passphrase-file "$T/pass" profile add "$NAME" >/dev/null || exit 1
: >"$T/rounds"
for i in $(seq "$RUNS"); do
	t0=$(now_ms)
	tui_start 80 24 "$EADR" --db "$PLAIN"
	t1=$(shows "Depot-" "$t0") || exit 1
	tui_teardown
	p=$((t1 - t0))

	t0=$(now_ms)
	tui_start 80 24 "$EADR" --db "$PROT"
	shows "EADR: sign in" "$t0" >/dev/null || exit 1
	tui_text "$NAME"
	tui_keys Tab
	tui_text "bench harbour violet seven"
	t1=$(now_ms)
	tui_keys Enter
	t2=$(shows "Depot-" "$t1") || exit 1
	tui_teardown
	s=$((t2 - t1))

	set -- $("$TEAM_OPEN" "$PLAIN") $("$TEAM_OPEN" "$PROT" "$NAME" "$T/pass")
	[ $# -eq 6 ] || exit 1
	# p s | open rows | open argon rest rows | tui-ratio in-process-ratio
	echo "$p $s $1 $2 $3 $4 $5 $6" | awk '{ printf "%s %.3f %.3f\n", $0,
		($2 - $6) / ($1 ? $1 : 1), ($7 + $8) / ($3 + $4 ? $3 + $4 : 1) }' >>"$T/rounds"
done
R="$T/rounds"
echo "$STAFF staff + $APPRAISALS past appraisals ($(du -k "$PLAIN" | cut -f1) kB), median of $RUNS rounds:"
echo "  in tmux 80x24:"
printf '    %-48s %7s ms\n' "no profiles: start to the team list" "$(col 1 "$R")"
printf '    %-48s %7s ms\n' "signed in: Enter on sign-in to the team list" "$(col 2 "$R")"
echo "  in one process (bench/team_open):"
printf '    %-48s %7s ms\n' "no profiles: open + the team list's rows" \
	"$(awk '{ print $3 + $4 }' "$R" | median)"
printf '    %-48s %7s ms\n' "Argon2id (opslimit 3, 128 MiB)" "$(col 6 "$R")"
printf '    %-48s %7s ms\n' "the rest of the sign-in" "$(col 7 "$R")"
printf '    %-48s %7s ms\n' "signed in: the team list's rows" "$(col 8 "$R")"
echo "  ratio, the team list after sign-in (Argon2id out) / today's first screen:"
printf '    %s in one process, %s in tmux (aim: <= 1.1)\n' "$(col 10 "$R")" "$(col 9 "$R")"
echo "  rounds (tmux plain, signed in; plain open, rows; open, argon, rest, rows ms):"
cut -d' ' -f1-8 "$R" | sed 's/^/    /'
