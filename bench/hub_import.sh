#!/bin/sh
# hub_import.sh - the hub importing one bundle of 10,000 final appraisals
# (with answers, PDP goals and sign-offs) into an empty hub, against the
# sqlite3 shell inserting the same rows in one transaction into the same
# empty database.  Run by 'make bench-sync'; prints both times and the ratio.
#   N=10000 ANSWERS=20 RUNS=3 (environment)
set -eu
: "${EADR:?set EADR to the eadr binary}" "${GEN:?set GEN to bench/gen_bundle}"
N=${N:-10000} ANSWERS=${ANSWERS:-20} RUNS=${RUNS:-3}
command -v sqlite3 >/dev/null || { echo "bench: the sqlite3 shell is needed" >&2; exit 1; }
d=$(mktemp -d "${TMPDIR:-/tmp}/eadr-bench.XXXXXX")
trap 'rm -rf "$d"' EXIT

"$GEN" "$N" "$ANSWERS" "$d/big.bundle" "$d/same.sql"
# An empty hub (schema, keys), copied fresh for every run of either side,
# that has approved the bundle's device (as 'eadr hub allow' would), so that
# the import merges rather than waits.
"$EADR" --db "$d/empty.db" hub init -o "$d/hub.pub" >/dev/null
key=$(od -An -tx1 -j48 -N32 "$d/big.bundle" | tr -d ' \n')
dev=$(dd if="$d/big.bundle" bs=1 skip=12 count=36 2>/dev/null)
sqlite3 "$d/empty.db" "INSERT INTO hub_devices(sign_key, device_id, first_seen, last_seen,
	max_seq, state) VALUES (x'$key', '$dev', '', '', 0, 'approved');"
sqlite3 "$d/empty.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null

now() { date +%s%N; }
best_eadr= best_sql=
i=0
while [ $i -lt "$RUNS" ]; do
	i=$((i + 1))
	rm -f "$d"/run.db* "$d"/big.ack
	cp "$d/empty.db" "$d/run.db"
	t0=$(now)
	"$EADR" --db "$d/run.db" hub import "$d/big.bundle" >/dev/null
	t1=$(now)
	e=$(( (t1 - t0) / 1000000 ))
	rows=$(sqlite3 "$d/run.db" "SELECT (SELECT count(*) FROM answers) + (SELECT count(*) FROM pdp_goals)")
	[ "$rows" -eq $((N * ANSWERS + N * 3)) ] || { echo "bench: eadr imported $rows rows" >&2; exit 1; }

	rm -f "$d"/run.db*
	cp "$d/empty.db" "$d/run.db"
	t0=$(now)
	sqlite3 "$d/run.db" <"$d/same.sql"
	t1=$(now)
	s=$(( (t1 - t0) / 1000000 ))
	rows=$(sqlite3 "$d/run.db" "SELECT (SELECT count(*) FROM answers) + (SELECT count(*) FROM pdp_goals)")
	[ "$rows" -eq $((N * ANSWERS + N * 3)) ] || { echo "bench: sqlite3 inserted $rows rows" >&2; exit 1; }

	echo "run $i: eadr hub import ${e} ms, sqlite3 shell ${s} ms"
	[ -z "$best_eadr" ] || [ "$e" -lt "$best_eadr" ] && best_eadr=$e
	[ -z "$best_sql" ] || [ "$s" -lt "$best_sql" ] && best_sql=$s
done
echo "best of $RUNS: eadr hub import ${best_eadr} ms (verify, decode, merge, history, acknowledgement)"
echo "best of $RUNS: sqlite3 shell   ${best_sql} ms (the same rows, one transaction)"
awk -v a="$best_eadr" -v b="$best_sql" 'BEGIN { printf "ratio eadr/sqlite3: %.2f (aim: at most 2.00)\n", (b > 0 ? a / b : 0) }'
