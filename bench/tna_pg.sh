#!/bin/sh
# tna_pg.sh - the TNA export of GOALS PDP goals (--year all, CSV to a file)
# from a PostgreSQL hub, against psql --csv running the very query eadr
# sent (taken from the server's log, its parameters put in as literals)
# into a file.  A large trust's database (bench/gen_goals) is copied into a
# throwaway server (tests/e2e/pg.sh) by 'eadr hub migrate-to'; the same
# export from the SQLite file must be byte for byte the same.  Median wall
# time and peak memory of RUNS each, alternated; the ratio (aim: at most
# 1.2x).  Run by 'make bench-pg-tna'.   GOALS=1000000 RUNS=3
set -eu
: "${EADR:?set EADR to the eadr binary}" "${GEN:?set GEN to bench/gen_goals}"
: "${SRCDIR:?set SRCDIR to the source tree}"
GOALS=${GOALS:-1000000} RUNS=${RUNS:-3}
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time (GNU time) is needed" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/eadr-bench.XXXXXX")
chmod 755 "$work"
. "$SRCDIR/tests/e2e/pg.sh"
trap 'pg_stop; rm -rf "$work"' EXIT
pg_start || { echo "bench: $PG_WHY" >&2; exit 1; }
url="postgresql://eadr@127.0.0.1:$PG_PORT/trust"
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

"$GEN" "$work/trust.db" "$GOALS" >/dev/null
q -d postgres -c "CREATE DATABASE trust"
"$EADR" --db "$work/trust.db" hub migrate-to "$url" >/dev/null
q -d trust -c "VACUUM ANALYZE"
"$EADR" --db "$work/trust.db" export tna --year all -o "$work/sq.csv" 2>/dev/null

# The first export, logged: the query as eadr sent it, with its parameters.
q -d trust -c "ALTER DATABASE trust SET log_statement = 'all'"
"$EADR" --hub "$url" export tna --year all -o "$work/pg.csv" 2>/dev/null
q -d trust -c "ALTER DATABASE trust RESET log_statement"
grep -A1 'execute <unnamed>: SELECT s.staff_number' "$PGDIR/server.log" | tail -n 2 >"$work/logged"
awk 'NR == 1 { sub(/.*execute <unnamed>: /, ""); s = $0; next }
     { sub(/.*DETAIL:  parameters: \$1 = /, ""); n = split($0, v, /, \$[0-9]+ = /)
       for (i = n; i >= 1; i--) { k = "$" i
         while ((j = index(s, k)) > 0) s = substr(s, 1, j - 1) v[i] substr(s, j + length(k)) }
       print s }' "$work/logged" >"$work/query.sql"
grep -q '^SELECT s.staff_number' "$work/query.sql" && ! grep -q '\$[0-9]' "$work/query.sql" ||
	{ echo "bench: could not read eadr's query from the server's log" >&2; exit 1; }

same=identical
cmp -s "$work/sq.csv" "$work/pg.csv" || same="DIFFERENT"
rm -f "$work/e.t" "$work/p.t"
i=0
while [ $i -lt "$RUNS" ]; do
	i=$((i + 1))
	/usr/bin/time -f '%e %M' -a -o "$work/e.t" "$EADR" --hub "$url" export tna --year all -o "$work/pg.csv" 2>/dev/null
	/usr/bin/time -f '%e %M' -a -o "$work/p.t" psql -X -q --csv -d trust -f "$work/query.sql" -o "$work/peer.csv"
done
rows_e=$(($(wc -l <"$work/pg.csv") - 1)) rows_p=$(($(wc -l <"$work/peer.csv") - 1))
et=$(cut -d' ' -f1 "$work/e.t" | median) pt=$(cut -d' ' -f1 "$work/p.t" | median)
em=$(cut -d' ' -f2 "$work/e.t" | median) pm=$(cut -d' ' -f2 "$work/p.t" | median)
echo "TNA csv to a file from a PostgreSQL hub, $GOALS PDP goals, median of $RUNS:"
printf '  eadr export tna --hub URL -o FILE   %7.2f s  peak %8d KiB  %d rows\n' "$et" "$em" "$rows_e"
printf '  psql --csv, the same query -o FILE  %7.2f s  peak %8d KiB  %d rows\n' "$pt" "$pm" "$rows_p"
awk -v a="$et" -v b="$pt" 'BEGIN { printf "  ratio eadr / psql                   %7.2fx  (aim: at most 1.2x)\n", (b > 0 ? a / b : 0) }'
echo "  the same export from the SQLite file: $same"
echo "PostgreSQL $(q -d postgres -c 'SHOW server_version') on loopback; eadr adds the labels, the TNA year and CSV quoting to the rows psql prints"
[ "$same" = identical ] && [ "$rows_e" = "$rows_p" ]
