#!/bin/sh
# feedback.sh - 360-degree feedback at the hub (issue 14), each against the
# ordinary bundle import of the same number of rows, in one run:
#   1. 'hub import' of a laptop's bundle of 1,000 sealed responses (and
#      their 7 requests), against 'hub import' of a bundle of 1,000 final
#      appraisals (17 answers each, as a response has 17 answers);
#   2. 'hub feedback-report' building the report from 50 responses, against
#      'hub import' of a bundle of 50 appraisals.
# The responses are given on a demo laptop through the library's own calls
# (bench/gen_feedback) and travel by 'sync push'; the appraisals are
# bench/gen_bundle's.  Each command starts from a copy of the same hub, and
# the copy is timed on both sides.  Median wall and CPU seconds, peak memory
# and the ratios.  Run by 'make bench-feedback'.
#   RUNS=5 KEEP=1 (environment; KEEP leaves the scratch folder)
set -eu
: "${EADR:?set EADR to the eadr binary}" "${GEN:?set GEN to bench/gen_feedback}"
: "${GENB:?set GENB to bench/gen_bundle}" "${FORMS:?set FORMS to the forms folder}"
RUNS=${RUNS:-5}
command -v sqlite3 >/dev/null || { echo "bench: the sqlite3 shell is needed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time (GNU time) is needed" >&2; exit 1; }
d=$(mktemp -d "${TMPDIR:-/tmp}/eadr-bench.XXXXXX")
[ -n "${KEEP:-}" ] && echo "bench: keeping $d" || trap 'rm -rf "$d"' EXIT
A="Ffion Llywelyn"
printf 'riverside demo kettle\n' >"$d/a.pass"
q() { "$@" >/dev/null 2>&1; }

# ---- the laptop (the demo) known to the hub, its first bundle acknowledged ----
EADR_DEMO_MANAGERS= q "$EADR" --db "$d/l.db" --forms "$FORMS" demo
q "$EADR" --db "$d/base.db" hub init -o "$d/hub.pub"
q "$EADR" --db "$d/l.db" sync trust "$d/hub.pub"
mkdir "$d/s0" "$d/s50" "$d/s1000"
q "$EADR" --db "$d/l.db" --user "$A" --passphrase-file "$d/a.pass" sync push "$d/s0"
"$EADR" --db "$d/base.db" hub import "$d/s0" >"$d/imp" 2>&1
fp=$(sed -n "s/.*then run: eadr hub allow '\([^']*\)'.*/\1/p" "$d/imp" | head -1)
q "$EADR" --db "$d/base.db" hub allow "$fp"
q "$EADR" --db "$d/base.db" hub import "$d/s0"
q "$EADR" --db "$d/l.db" sync pull "$d/s0"

# ---- 50 and 1,000 responses, each in a bundle of their own ----
cp "$d/l.db" "$d/l50.db"
req50=$("$GEN" "$d/l50.db" 100251 50)
q "$EADR" --db "$d/l50.db" --user "$A" --passphrase-file "$d/a.pass" sync push "$d/s50"
"$GEN" "$d/l.db" 100251 1000 >/dev/null
q "$EADR" --db "$d/l.db" --user "$A" --passphrase-file "$d/a.pass" sync push "$d/s1000"
cp "$d/base.db" "$d/hub50.db"
q "$EADR" --db "$d/hub50.db" hub import "$d/s50"
n=$(sqlite3 "$d/hub50.db" "SELECT count(*) FROM hub_feedback_responses")
[ "$n" = 50 ] || { echo "bench: the hub took $n of 50 responses" >&2; exit 1; }
"$EADR" --db "$d/hub50.db" --forms "$FORMS" hub feedback-report "$req50" >"$d/rep" 2>&1 ||
	{ cat "$d/rep" >&2; echo "bench: no report" >&2; exit 1; }
grep -q "peers (48)" "$d/rep" || { cat "$d/rep" >&2; echo "bench: the report lacks the 48 peers (with self and line manager: 50)" >&2; exit 1; }

# ---- the ordinary bundles: 50 and 1,000 appraisals of 17 answers ----
approved() {	# BUNDLE KEYHEX OUT.db: the base hub, the bundle's device approved
	cp "$d/base.db" "$3"
	sqlite3 "$3" "INSERT INTO hub_devices(sign_key, device_id, first_seen, last_seen,
		max_seq, state) VALUES (x'$2', '$(dd if="$1" bs=1 skip=12 count=36 2>/dev/null)',
		'', '', 0, 'approved');"
}
for n in 50 1000; do
	line=$("$GENB" "$n" 17 "$d/b$n.bundle" "$d/b$n.records" "$d/hub.pub" | tail -n 1)
	approved "$d/b$n.bundle" "${line#* }" "$d/ord$n.db"
done

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
run() {	# OUT CMD...: wall seconds, peak kB and CPU seconds appended to OUT
	out=$1
	shift
	/usr/bin/time -f '%e %M %U %S' -o "$d/t" "$@" >/dev/null 2>&1
	cat "$d/t" >>"$out"
}
row() {	# NAME EADR.times PEER.times
	et=$(cut -d' ' -f1 "$2" | median) pt=$(cut -d' ' -f1 "$3" | median)
	em=$(cut -d' ' -f2 "$2" | median) pm=$(cut -d' ' -f2 "$3" | median)
	ec=$(awk '{ print $3 + $4 }' "$2" | median) pc=$(awk '{ print $3 + $4 }' "$3" | median)
	awk -v n="$1" -v a="$et" -v b="$pt" -v c="$em" -v e="$pm" -v f="$ec" -v g="$pc" 'BEGIN {
		printf "%-24s %7.3f %7.3f %5.2fx %8.3f %8.3f %5.2fx %8d %8d\n", n, a, b,
			(b > 0 ? a / b : 0), f, g, (g > 0 ? f / g : 0), c, e }'
}

printf '%-24s %7s %7s %6s %8s %8s %6s %8s %8s\n' "" "360 s" "peer s" ratio \
	"360 cpu" "peer cpu" ratio "360 kB" "peer kB"
i=0
while [ $i -lt "$RUNS" ]; do
	i=$((i + 1))
	run "$d/i.e" sh -c "cp '$d/base.db' '$d/x.db' && exec '$EADR' --db '$d/x.db' hub import '$d/s1000'"
	run "$d/i.p" sh -c "cp '$d/ord1000.db' '$d/y.db' && exec '$EADR' --db '$d/y.db' hub import '$d/b1000.bundle'"
	run "$d/r.e" sh -c "cp '$d/hub50.db' '$d/x.db' && exec '$EADR' --db '$d/x.db' --forms '$FORMS' hub feedback-report '$req50'"
	run "$d/r.p" sh -c "cp '$d/ord50.db' '$d/y.db' && exec '$EADR' --db '$d/y.db' hub import '$d/b50.bundle'"
done
row "import 1,000 responses" "$d/i.e" "$d/i.p"
row "report from 50 responses" "$d/r.e" "$d/r.p"
cp "$d/base.db" "$d/x.db"
q "$EADR" --db "$d/x.db" hub import "$d/s1000"
n=$(sqlite3 "$d/x.db" "SELECT count(*) FROM hub_feedback_responses")
[ "$n" = 1000 ] || { echo "bench: the hub took $n of 1000 responses" >&2; exit 1; }
echo "median of $RUNS runs, each from a copy of the same hub (the copy timed on both sides)"
echo "360: the hub opens each sealed response, checks its code against the request's hashes, keeps it sealed; the report opens 50 and applies the thresholds"
echo "peer: eadr's own 'hub import' of a sealed bundle of as many final appraisals (17 answers, 3 PDP goals, 2 sign-offs each)"
