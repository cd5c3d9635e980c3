#!/bin/sh
# report_html.sh - the board's HTML report (eadr report --format html) on
# two large databases, against its named peer: the sqlite3 shell computing
# the same figures (completion by station, final appraisals by month, the
# quality indicators from the answers, the TNA by category and station,
# 70:20:10, priority, last year's outcomes) with -csv, in one run.  Then
# the PDF of one plan (export pdp --format pdf), which should take under
# 100 ms.
#
#   bench/report_html.sh EADR GEN_DB GEN_GOALS [REPS]     (make bench-report)
set -eu
EADR=${1:?usage: report_html.sh EADR GEN_DB GEN_GOALS [REPS]}
GEN_DB=${2:?usage: report_html.sh EADR GEN_DB GEN_GOALS [REPS]}
GEN_GOALS=${3:?usage: report_html.sh EADR GEN_DB GEN_GOALS [REPS]}
REPS=${4:-7}
command -v sqlite3 >/dev/null || { echo "report_html: needs the sqlite3 shell" >&2; exit 1; }
D=$(mktemp -d "${TMPDIR:-/tmp}/eadr-bench.XXXXXX")
trap 'rm -rf "$D"' EXIT

now() { date +%s%N; }

# The figures eadr computes (lib/report_board.c, lib/quality.c), as SQL:
# TODAY, FROM (first day of the month 11 months back), PREV (12 before).
figures_sql() {	# TODAY FROM PREV
	cat <<EOS
SELECT s.station, count(*), sum(coalesce(c.finals, 0) > 0), sum(coalesce(c.open, 0)),
 sum(s.due >= '$1' AND s.due <= date('$1', '+30 days')), sum(s.due < '$1')
FROM staff s LEFT JOIN (SELECT a.staff_number,
  sum(a.state = 'final' AND coalesce(a.meeting_date, substr(a.updated_at, 1, 10)) > date('$1', '-12 months')
      AND coalesce(a.meeting_date, substr(a.updated_at, 1, 10)) <= '$1') AS finals,
  sum(a.state <> 'final') AS open FROM appraisals a GROUP BY a.staff_number) c
 ON c.staff_number = s.staff_number GROUP BY s.station ORDER BY s.station;
CREATE TEMP TABLE p AS SELECT a.id, a.revision, s.station,
 coalesce(a.meeting_date, substr(a.updated_at, 1, 10)) AS d
 FROM appraisals a JOIN staff s ON s.staff_number = a.staff_number
 WHERE a.state = 'final' AND d >= '$2' AND d <= '$1';
SELECT substr(d, 1, 7), count(*) FROM p GROUP BY 1 ORDER BY 1;
SELECT sum(perf AND val AND tal AND wb), sum(wbs), sum(items > 0 AND measured = items AND dated = items),
 sum(goals > 0), sum(comments), sum(signers = 2), sum(fu), sum(ach), sum(prog), sum(nlr)
FROM (SELECT p.id,
 max(n.path GLOB 'performance.*' AND trim(n.value) <> '') AS perf,
 max(n.path GLOB 'values.*' AND trim(n.value) <> '') AS val,
 max(n.path GLOB 'talent.*' AND trim(n.value) <> '') AS tal,
 max(n.path GLOB 'wellbeing.*' AND trim(n.value) <> '') AS wb,
 max(n.path = 'wellbeing.status' AND trim(n.value) <> '') AS wbs,
 count(DISTINCT CASE WHEN n.path GLOB 'performance.objectives\[*\].*'
   THEN substr(n.path, 1, instr(n.path, ']')) END) AS items,
 sum(n.path GLOB 'performance.objectives\[*\].measure' AND trim(n.value) <> '') AS measured,
 sum(n.path GLOB 'performance.objectives\[*\].target_date'
   AND n.value GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]') AS dated,
 max(n.path = 'summary.comments' AND trim(n.value) <> '') AS comments,
 count(DISTINCT CASE WHEN n.path GLOB 'pdp.followup\[*\].*'
   THEN substr(n.path, 1, instr(n.path, ']')) END) AS fu,
 sum(n.path GLOB 'pdp.followup\[*\].outcome' AND n.value = 'achieved') AS ach,
 sum(n.path GLOB 'pdp.followup\[*\].outcome' AND n.value = 'in progress') AS prog,
 sum(n.path GLOB 'pdp.followup\[*\].outcome' AND n.value = 'no longer relevant') AS nlr,
 (SELECT count(*) FROM pdp_goals g WHERE g.appraisal_id = p.id) AS goals,
 (SELECT count(DISTINCT role) FROM signoffs x WHERE x.appraisal_id = p.id
   AND x.revision = p.revision) AS signers
 FROM p LEFT JOIN answers n ON n.appraisal_id = p.id AND n.private = 0 GROUP BY p.id);
CREATE TEMP TABLE t AS SELECT s.station, g.category, g.kind, g.priority,
 coalesce(a.meeting_date, substr(a.updated_at, 1, 10)) AS d
 FROM pdp_goals g JOIN appraisals a ON a.id = g.appraisal_id
 JOIN staff s ON s.staff_number = a.staff_number
 WHERE a.state = 'final' AND d >= '$3' AND d <= '$1';
SELECT station, category, count(*) FROM t WHERE d >= '$2' GROUP BY 1, 2 ORDER BY 1, 2;
SELECT kind, count(*) FROM t WHERE d >= '$2' GROUP BY 1;
SELECT priority, count(*) FROM t WHERE d >= '$2' GROUP BY 1;
SELECT count(*) FROM t WHERE d < '$2';
EOS
}

period() {	# TODAY -> FROM PREV
	y=${1%%-*}; m=$(echo "$1" | cut -d- -f2); m=${m#0}
	fm=$((m - 11)); fy=$y; [ $fm -ge 1 ] || { fm=$((fm + 12)); fy=$((fy - 1)); }
	pm=$((m - 23)); py=$y
	while [ $pm -lt 1 ]; do pm=$((pm + 12)); py=$((py - 1)); done
	printf '%04d-%02d-01 %04d-%02d-01\n' "$fy" "$fm" "$py" "$pm"
}

# Best of REPS, in milliseconds, alternating the two so that both see the
# same cache and machine load.
run() {	# NAME DB TODAY
	name=$1 db=$2 today=$3
	set -- $(period "$today")
	figures_sql "$today" "$1" "$2" >"$D/figures.sql"
	best_e=999999999 best_s=999999999
	i=0
	while [ "$i" -lt "$REPS" ]; do
		t0=$(now); EADR_TODAY=$today "$EADR" --db "$db" report --format html -o "$D/report.html"
		t1=$(now); sqlite3 -csv "$db" <"$D/figures.sql" >"$D/figures.csv"; t2=$(now)
		e=$(( (t1 - t0) / 1000000 )) s=$(( (t2 - t1) / 1000000 ))
		[ "$e" -lt "$best_e" ] && best_e=$e
		[ "$s" -lt "$best_s" ] && best_s=$s
		i=$((i + 1))
	done
	echo "$name, as of $today, best of $REPS:"
	printf '  eadr report --format html       %6d ms  (%d bytes)\n' "$best_e" "$(wc -c <"$D/report.html")"
	printf '  sqlite3 -csv (same figures)     %6d ms  (%d lines)\n' "$best_s" "$(wc -l <"$D/figures.csv")"
	awk -v e="$best_e" -v s="$best_s" 'BEGIN { printf "  ratio eadr / sqlite3            %6.2fx  (aim: at most 1.50x)\n", (s > 0 ? e / s : 0) }'
}

"$GEN_DB" "$D/team.db" 5000 20000 >/dev/null
run "5,000 staff, 20,000 appraisals with answers" "$D/team.db" "$(date +%F)"
"$GEN_GOALS" "$D/trust.db" 100000 >/dev/null
run "100,000 PDP goals over ten years" "$D/trust.db" 2025-12-31

# The PDF of one plan: the demo's finished appraisal.
"$EADR" --db "$D/demo.db" demo >/dev/null 2>&1
best=999999999
i=0
while [ "$i" -lt "$REPS" ]; do
	t0=$(now)
	if ! "$EADR" --db "$D/demo.db" export pdp 100251 --format pdf -o "$D/plan.pdf" 2>"$D/err"; then
		echo "PDF of one plan: $(cat "$D/err")"
		exit 0
	fi
	t1=$(now)
	e=$(( (t1 - t0) / 1000000 ))
	[ "$e" -lt "$best" ] && best=$e
	i=$((i + 1))
done
printf 'PDF of one plan (export pdp --format pdf), best of %d:\n  %d ms, %d bytes  (aim: under 100 ms)\n' \
	"$REPS" "$best" "$(wc -c <"$D/plan.pdf")"
