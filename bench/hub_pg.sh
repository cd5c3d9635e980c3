#!/bin/sh
# hub_pg.sh - the hub on PostgreSQL importing one bundle of N final
# appraisals (answers, PDP goals, sign-offs) into an empty hub, against psql
# loading the same rows (every table the import wrote, taken from eadr's
# result) with \copy in one transaction into an empty hub of the same
# schema.  A throwaway server (tests/e2e/pg.sh) with its default
# durability.  Median wall time of RUNS each, the ratio (aim: at most 1.5x),
# and a check that both databases hold the same rows per table.
# OTHERS=M: both hubs already hold M appraisals another device owns (their
# hub_owners rows, put in before the clock starts), as a hub shared by many
# laptops would; the ownership check then has M rows to look at.
# Run by 'make bench-pg'.   SIZES="10000 100000" ANSWERS=20 RUNS=3 OTHERS=0
set -eu
: "${EADR:?set EADR to the eadr binary}" "${GEN:?set GEN to bench/gen_bundle}"
: "${SRCDIR:?set SRCDIR to the source tree}"
SIZES=${SIZES:-10000 100000} ANSWERS=${ANSWERS:-20} RUNS=${RUNS:-3} OTHERS=${OTHERS:-0}
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time (GNU time) is needed" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/eadr-bench.XXXXXX")
chmod 755 "$work"
PG_OPTS="-c fsync=on"
. "$SRCDIR/tests/e2e/pg.sh"
trap 'pg_stop; rm -rf "$work"' EXIT
pg_start || { echo "bench: $PG_WHY" >&2; exit 1; }
url() { echo "postgresql://eadr@127.0.0.1:$PG_PORT/$1"; }
export PGOPTIONS="-c client_min_messages=warning"
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }

# What the import writes, with the columns of schema/pg/001-hub.sql.
TABLES="staff hub_staff forms appraisals answers pdp_goals signoffs hub_devices
	hub_bundles hub_revisions hub_revision_bundles hub_owners hub_current audit"
counts() {
	for t in $TABLES; do printf '%s=%s ' "$t" "$(q -d "$1" -c "SELECT count(*) FROM $t")"; done
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# fresh DB CMD...: an empty database, its schema applied by eadr CMD
fresh() {
	db=$1
	shift
	q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
	"$EADR" --hub "$(url "$db")" hub "$@" >/dev/null
	# another device's appraisals (uuids gen_bundle never makes)
	q -d "$db" -c "INSERT INTO hub_owners(appraisal_uuid, sign_key, since)
		SELECT 'ffffffff-0000-4000-8000-' || lpad(to_hex(g), 12, '0'),
		decode('$OTHER_KEY', 'hex'), '' FROM generate_series(1, $OTHERS) g"
}
OTHER_KEY=$(printf 'ab%.0s' 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32)

printf '%-10s %8s %8s %6s\n' appraisals "eadr s" "psql s" ratio
for n in $SIZES; do
	line=$("$GEN" "$n" "$ANSWERS" "$work/big.bundle" "$work/big.records" | tail -n 1)
	key=${line#* }
	dev=$(dd if="$work/big.bundle" bs=1 skip=12 count=36 2>/dev/null)
	rm -f "$work/e.times" "$work/p.times"
	i=0
	while [ $i -lt "$RUNS" ]; do
		i=$((i + 1))
		# eadr: the hub has approved the device (as 'eadr hub allow' would)
		fresh e init -o "$work/hub.pub"
		q -d e -c "INSERT INTO hub_devices(sign_key, device_id, first_seen, last_seen,
			max_seq, state) VALUES ('\\x$key', '$dev', '', '', 0, 'approved')"
		rm -f "$work/big.ack"
		/usr/bin/time -f '%e' -o "$work/t" "$EADR" --hub "$(url e)" hub import "$work/big.bundle" >/dev/null
		cat "$work/t" >>"$work/e.times"
		# psql: the rows eadr wrote, out to files (not timed), then in
		if [ $i = 1 ]; then
			: >"$work/load.sql"
			for t in $TABLES; do
				# the rows eadr wrote (not the other device's, already in p)
				w=
				[ $t = hub_owners ] && w="WHERE sign_key <> decode('$OTHER_KEY', 'hex')"
				q -d e -c "\\copy (SELECT * FROM $t $w) TO '$work/$t.copy'"
				printf '\\copy %s FROM '"'"'%s'"'"'\n' "$t" "$work/$t.copy" >>"$work/load.sql"	# not echo: dash reads \c
			done
		fi
		fresh p devices
		q -d p -c "TRUNCATE meta"
		/usr/bin/time -f '%e' -o "$work/t" psql -X -q -v ON_ERROR_STOP=1 -1 -d p -f "$work/load.sql"
		cat "$work/t" >>"$work/p.times"
	done
	ce=$(counts e) cp=$(counts p)
	if [ "$ce" != "$cp" ]; then
		printf 'bench: the databases differ at %s appraisals:\n  eadr: %s\n  psql: %s\n' "$n" "$ce" "$cp" >&2
		exit 1
	fi
	et=$(median <"$work/e.times") pt=$(median <"$work/p.times")
	awk -v n="$n" -v a="$et" -v b="$pt" 'BEGIN {
		printf "%-10s %8.2f %8.2f %5.2fx\n", n, a, b, (b > 0 ? a / b : 0) }'
done
echo "rows per table: the same in both databases ($ce)"
echo "median of $RUNS runs; $OTHERS appraisals of another device in each hub before; one signed bundle, $ANSWERS answers, 3 PDP goals, 2 sign-offs per appraisal; PostgreSQL $(q -d postgres -c 'SHOW server_version') on loopback, fsync on"
printf '%s\n' "eadr: verify, decode, check, merge, history, acknowledgement; psql: \\copy of the same rows in one transaction (aim: at most 1.5x)"
