#!/bin/sh
# hub_unit_pg.sh - the hub's unit tests (tests/unit/test_hub, which make
# check also runs on SQLite) run again on PostgreSQL: a throwaway server on
# loopback (tests/e2e/pg.sh) with the empty databases the tests open, one
# case here per case there.  SKIP (never PASS) without libpq or a server.
. "$EADR_SRCDIR/tests/lib.sh"
unit="$EADR_BUILDDIR/tests/unit/test_hub"
unset EADR_HUB PGHOST PGPORT PGUSER PGDATABASE PGPASSWORD PGSERVICE

"$EADR" --hub postgresql://eadr@127.0.0.1:1/none hub devices >/dev/null 2>"$T/err"
grep -q "no PostgreSQL support" "$T/err" && skip_all "this build has no PostgreSQL support (configure found no libpq)"
[ -x "$unit" ] || skip_all "tests/unit/test_hub is not built"
. "$EADR_SRCDIR/tests/e2e/pg.sh"
trap 'pg_stop; rm -rf "$T"' EXIT
pg_start || skip_all "$PG_WHY"
for i in 1 2 3 4 5 6 7 8 9; do
	psql -q -d postgres -c "CREATE DATABASE hubt$i" >/dev/null || break
done
ok $? "server on 127.0.0.1:$PG_PORT: databases hubt1 to hubt9"
EADR_TEST_HUB_PG="postgresql://eadr@127.0.0.1:$PG_PORT/hubt" CMOCKA_MESSAGE_OUTPUT=TAP \
	"$unit" >"$T/out" 2>&1
rc=$?
n=0
while read -r line; do
	case $line in
	"ok "*) ok 0 "on PostgreSQL: ${line#ok * - }"; n=$((n + 1)) ;;
	"not ok "*) ok 1 "on PostgreSQL: ${line#not ok * - }"; n=$((n + 1)) ;;
	esac
done <"$T/out"
is "$rc" 0 "test_hub on PostgreSQL exits 0$( [ "$rc" = 0 ] || printf ': %s' "$(tail -5 "$T/out" | tr '\n' ' ')")"
like "$n" "[1-9]*" "it ran $n cases"
is "$(grep -c '^ok' "$T/out")" "$(sed -n 's/^1\.\.//p' "$T/out")" "every case it planned passed"
is "$(psql -X -A -t -d hubt1 -c 'SELECT count(*) FROM appraisals')" 2 "(the cases wrote to PostgreSQL: hubt1 holds 2 appraisals)"
finish
