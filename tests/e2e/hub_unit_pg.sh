#!/bin/sh
# hub_unit_pg.sh - the hub's unit tests (tests/unit/test_hub, which make
# check also runs on SQLite) run again on PostgreSQL: a throwaway server on
# loopback (tests/e2e/pg.sh) with the empty databases the tests open, one
# case here per case there.  SKIP (never PASS) without libpq or a server.
. "$EADR_SRCDIR/tests/lib.sh"
unit="$EADR_BUILDDIR/tests/unit/test_hub"
unset EADR_HUB PGHOST PGPORT PGUSER PGDATABASE PGPASSWORD PGSERVICE

[ -x "$unit" ] || skip_all "tests/unit/test_hub is not built"
. "$EADR_SRCDIR/tests/e2e/pg.sh"
pg_test_server hubt1 hubt2 hubt3 hubt4 hubt5 hubt6 hubt7 hubt8 hubt9 hubt10 hubt11
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
