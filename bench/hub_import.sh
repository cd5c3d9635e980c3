#!/bin/sh
# hub_import.sh - the hub importing one bundle of N final appraisals (with
# answers, PDP goals and sign-offs) into an empty hub, against bench/hub_peer,
# which inserts the same rows (the hub's history, owners and bundle rows
# included) with prepared statements in one transaction and the same
# durability, but verifies, decrypts and checks nothing; and against the
# same peer given the bundle too ("peer+v"), which first checks it with
# libsodium as any importer of a signed bundle must (one call each over the
# mapped file: format 2's signature over the header, the records'
# checksum, the bundle id).  For each size:
# median wall time, CPU time (user + system: steadier than wall time on a
# shared machine) and peak memory (maximum resident set) of each, the
# ratios, and a check that the databases hold the same rows per table.
# Run by 'make bench-sync'.
#   SIZES="10000 50000 100000" ANSWERS=20 RUNS=3 SEAL=1 (environment)
set -eu
: "${EADR:?set EADR to the eadr binary}" "${GEN:?set GEN to bench/gen_bundle}"
: "${PEER:?set PEER to bench/hub_peer}"
SIZES=${SIZES:-10000 50000 100000} ANSWERS=${ANSWERS:-20} RUNS=${RUNS:-3}
SEAL=${SEAL:-0}
command -v sqlite3 >/dev/null || { echo "bench: the sqlite3 shell is needed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time (GNU time) is needed" >&2; exit 1; }
d=$(mktemp -d "${TMPDIR:-/tmp}/eadr-bench.XXXXXX")
trap 'rm -rf "$d"' EXIT

TABLES="staff hub_staff appraisals answers pdp_goals signoffs forms hub_revisions
	hub_revision_bundles hub_owners hub_current hub_conflicts hub_bundles hub_waiting"
counts() {
	q=""
	for t in $TABLES; do
		q="$q${q:+ || ' ' || }'$t=' || (SELECT count(*) FROM $t)"
	done
	sqlite3 "$1" "SELECT $q"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# peaks CMD...: run CMD, reading its /proc/PID/status every 20 ms; print the
# largest anonymous (heap, stacks) and file-backed (libraries, SQLite's
# mapped WAL index) resident kB seen.  Not timed: the reading costs CPU.
peaks() {
	"$@" >/dev/null &
	pid=$! pa=0 pf=0
	while kill -0 "$pid" 2>/dev/null; do
		set -- $(awk '/^RssAnon/ { a = $2 } /^RssFile/ { f = $2 }
			END { print a + 0, f + 0 }' "/proc/$pid/status" 2>/dev/null || echo 0 0)
		[ "$1" -gt "$pa" ] && pa=$1
		[ "$2" -gt "$pf" ] && pf=$2
		sleep 0.02
	done
	wait "$pid"
	echo "$pa $pf"
}
# run OUT CMD...: wall seconds, peak kB and CPU seconds of CMD appended to OUT
run() {
	out=$1
	shift
	/usr/bin/time -f '%e %M %U %S' -o "$d/t" "$@" >/dev/null
	cat "$d/t" >>"$out"
}

printf '%-10s %7s %7s %6s %8s %8s %6s %8s %6s %9s %9s %9s %9s\n' appraisals "eadr s" "peer s" ratio \
	"eadr cpu" "peer cpu" ratio "peer+v cpu" ratio "eadr kB" "peer kB" "anon kB" "file kB"
for n in $SIZES; do
	rm -f "$d"/empty.db* "$d"/hub.pub "$d"/e.times "$d"/p.times "$d"/v.times
	"$EADR" --db "$d/empty.db" hub init -o "$d/hub.pub" >/dev/null
	if [ "$SEAL" = 1 ]; then
		set -- "$d/hub.pub"
	else
		set --
	fi
	line=$("$GEN" "$n" "$ANSWERS" "$d/big.bundle" "$d/big.records" "$@" | tail -n 1)
	id=${line% *} key=${line#* }
	dev=$(dd if="$d/big.bundle" bs=1 skip=12 count=36 2>/dev/null)
	created=2026-01-01T00:00:00Z
	# The hub has approved the device (as 'eadr hub allow' would), so that
	# the import merges rather than waits.
	sqlite3 "$d/empty.db" "INSERT INTO hub_devices(sign_key, device_id, first_seen,
		last_seen, max_seq, state) VALUES (x'$key', '$dev', '', '', 0, 'approved');"
	sqlite3 "$d/empty.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
	i=0
	while [ $i -lt "$RUNS" ]; do
		i=$((i + 1))
		rm -f "$d"/e.db* "$d"/p.db* "$d"/v.db* "$d"/big.ack
		cp "$d/empty.db" "$d/e.db"
		cp "$d/empty.db" "$d/p.db"
		cp "$d/empty.db" "$d/v.db"
		run "$d/e.times" "$EADR" --db "$d/e.db" hub import "$d/big.bundle"
		run "$d/p.times" "$PEER" "$d/p.db" "$d/big.records" "$id" "$key" "$created"
		run "$d/v.times" "$PEER" "$d/v.db" "$d/big.records" "$id" "$key" "$created" \
			"$d/big.bundle"
	done
	ce=$(counts "$d/e.db") cp=$(counts "$d/p.db") cv=$(counts "$d/v.db")
	ea=-1 ef=-1
	if [ -r /proc/self/status ]; then
		rm -f "$d"/a.db* "$d"/big.ack
		cp "$d/empty.db" "$d/a.db"
		set -- $(peaks "$EADR" --db "$d/a.db" hub import "$d/big.bundle")
		ea=$1 ef=$2
	fi
	if [ "$ce" != "$cp" ] || [ "$ce" != "$cv" ]; then
		echo "bench: the databases differ at $n appraisals:" >&2
		echo "  eadr: $ce" >&2
		echo "  peer: $cp" >&2
		echo "  peer+v: $cv" >&2
		exit 1
	fi
	et=$(cut -d' ' -f1 "$d/e.times" | median) pt=$(cut -d' ' -f1 "$d/p.times" | median)
	em=$(cut -d' ' -f2 "$d/e.times" | median) pm=$(cut -d' ' -f2 "$d/p.times" | median)
	ec=$(awk '{ print $3 + $4 }' "$d/e.times" | median)
	pc=$(awk '{ print $3 + $4 }' "$d/p.times" | median)
	vc=$(awk '{ print $3 + $4 }' "$d/v.times" | median)
	awk -v n="$n" -v a="$et" -v b="$pt" -v c="$em" -v e="$pm" -v f="$ec" -v g="$pc" \
	    -v h="$vc" -v i="$ea" -v j="$ef" 'BEGIN {
		printf "%-10s %7.2f %7.2f %5.2fx %8.2f %8.2f %5.2fx %10.2f %5.2fx %9d %9d %9d %9d\n",
			n, a, b, (b > 0 ? a / b : 0), f, g, (g > 0 ? f / g : 0), h,
			(h > 0 ? f / h : 0), c, e, i, j }'
done
echo "rows per table: the same in both databases ($ce)"
echo "median of $RUNS runs; bundle $( [ "$SEAL" = 1 ] && echo sealed || echo signed, not sealed ), $ANSWERS answers, 3 PDP goals, 2 sign-offs per appraisal"
echo "eadr kB, peer kB: peak resident; anon kB, file kB: eadr's peak anonymous (heap) and file-backed (libraries, the mapped WAL index) resident, one more run read every 20 ms (-1: no /proc)"
echo "eadr: verify, decode, check, merge, history, acknowledgement; peer: the same rows, nothing checked; peer+v: the signature, checksum and id too (aim: at most 1.2x, linear, flat memory)"
