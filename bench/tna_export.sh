#!/bin/sh
# tna_export.sh - the TNA export of a large trust (100,000 PDP goals over ten
# years; --year all) against its named peer, the sqlite3 shell running the same query
# with -csv on the same database, in one run; then the XLSX export's time
# and peak memory (libxlsxwriter constant-memory mode).
#
#   bench/tna_export.sh EADR GEN_GOALS [GOALS] [REPS]     (make bench-export)
set -eu
EADR=${1:?usage: tna_export.sh EADR GEN_GOALS [GOALS] [REPS]}
GEN=${2:?usage: tna_export.sh EADR GEN_GOALS [GOALS] [REPS]}
GOALS=${3:-100000}
REPS=${4:-7}
command -v sqlite3 >/dev/null || { echo "tna_export: needs the sqlite3 shell" >&2; exit 1; }
D=$(mktemp -d "${TMPDIR:-/tmp}/eadr-bench.XXXXXX")
trap 'rm -rf "$D"' EXIT
DB="$D/trust.db"

"$GEN" "$DB" "$GOALS"

# The query eadr runs (lib/store_export.c, store_tna_each_with), with no
# filters; the PDP list's path, which eadr reads from each kept form, is
# written in.  (eadr also adds each row's TNA year and the codes' labels.)
cat >"$D/tna.sql" <<'EOF'
SELECT s.staff_number, s.name, s.role, s.band, s.station, a.appraiser,
 coalesce(a.meeting_date, substr(a.updated_at, 1, 10)), a.form_id, a.form_version,
 a.state, a.uuid, g.need, g.goal, g.kind, g.category, g.priority, g.target_date,
 g.support, g.status, coalesce(p.goal, g.follows_up), g.follows_up, g.position,
 a.form_hash, g.uuid, xc.value, xf.value
FROM pdp_goals g
JOIN appraisals a ON a.id = g.appraisal_id
JOIN staff s ON s.staff_number = a.staff_number
LEFT JOIN pdp_goals p ON p.uuid = g.follows_up
LEFT JOIN answers xc ON xc.appraisal_id = a.id AND xc.private = 0
 AND xc.path = 'pdp.goals[' || g.position || '].cost'
LEFT JOIN answers xf ON xf.appraisal_id = a.id AND xf.private = 0
 AND xf.path = 'pdp.goals[' || g.position || '].funder'
WHERE a.state = 'final'
ORDER BY s.station, s.name, s.staff_number, 7, a.id, g.position;
EOF

now() { date +%s%N; }
# Best of REPS, in milliseconds, alternating the two so that both see the
# same cache and machine load.
best_e=999999999 best_s=999999999
i=0
while [ "$i" -lt "$REPS" ]; do
	t0=$(now); "$EADR" --db "$DB" export tna --year all --format csv >"$D/eadr.csv" 2>/dev/null; t1=$(now)
	sqlite3 -csv "$DB" <"$D/tna.sql" >"$D/sqlite.csv"; t2=$(now)
	e=$(( (t1 - t0) / 1000000 )) s=$(( (t2 - t1) / 1000000 ))
	[ "$e" -lt "$best_e" ] && best_e=$e
	[ "$s" -lt "$best_s" ] && best_s=$s
	i=$((i + 1))
done
rows_e=$(($(wc -l <"$D/eadr.csv") - 1))
rows_s=$(wc -l <"$D/sqlite.csv")
echo "TNA csv, $GOALS PDP goals, best of $REPS:"
printf '  eadr export tna --format csv   %6d ms  (%d rows, %d bytes)\n' "$best_e" "$rows_e" "$(wc -c <"$D/eadr.csv")"
printf '  sqlite3 -csv (same query)      %6d ms  (%d rows, %d bytes)\n' "$best_s" "$rows_s" "$(wc -c <"$D/sqlite.csv")"
awk -v e="$best_e" -v s="$best_s" 'BEGIN { printf "  ratio eadr / sqlite3           %6.2fx  (aim: at most 1.20x)\n", (s > 0 ? e / s : 0) }'
[ "$rows_e" -eq "$rows_s" ] || echo "  WARNING: the row counts differ"

# XLSX: time and peak resident memory (VmHWM, via GNU time's %M).
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%e %M' -o "$D/time" "$EADR" --db "$DB" export tna --year all --format xlsx -o "$D/tna.xlsx"
	read -r secs kb <"$D/time"
	/usr/bin/time -f '%e %M' -o "$D/time" "$EADR" --db "$DB" export tna --year all --format csv -o "$D/tna.csv"
	read -r csecs ckb <"$D/time"
	echo "TNA xlsx (constant memory), $GOALS PDP goals:"
	printf '  time %s s, peak memory %d KiB, file %d bytes\n' "$secs" "$kb" "$(wc -c <"$D/tna.xlsx")"
	printf '  (csv to a file: %s s, peak memory %d KiB: it is built in memory for the atomic write)\n' "$csecs" "$ckb"
else
	echo "TNA xlsx: /usr/bin/time (GNU time) is needed for peak memory" >&2
fi
