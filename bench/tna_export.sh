#!/bin/sh
# tna_export.sh - the TNA export of a large trust (GOALS PDP goals over ten
# years; --year all) written to a file, against its same-work peer
# bench/tna_peer (eadr's own query text, the same bytes, checked with cmp,
# to a temporary file synced and renamed), alternated, best of REPS; then
# the peak memory of both (GNU time) and of the XLSX export.
#
#   bench/tna_export.sh EADR GEN_GOALS TNA_PEER [GOALS] [REPS]   (make bench-export)
set -eu
USAGE="usage: tna_export.sh EADR GEN_GOALS TNA_PEER [GOALS] [REPS]"
EADR=${1:?$USAGE}
GEN=${2:?$USAGE}
PEER=${3:?$USAGE}
GOALS=${4:-100000}
REPS=${5:-5}
[ -x /usr/bin/time ] || { echo "tna_export: needs GNU time (/usr/bin/time) for peak memory" >&2; exit 1; }
D=$(mktemp -d "${TMPDIR:-/tmp}/eadr-bench.XXXXXX")
trap 'rm -rf "$D"' EXIT
DB="$D/trust.db"

"$GEN" "$DB" "$GOALS"

now() { date +%s%N; }
# Best of REPS, in milliseconds, alternating the two so that both see the
# same cache and machine load.
best_e=999999999 best_p=999999999
i=0
while [ "$i" -lt "$REPS" ]; do
	t0=$(now); "$EADR" --db "$DB" export tna --year all --format csv -o "$D/eadr.csv" 2>/dev/null; t1=$(now)
	"$PEER" "$DB" "$D/peer.csv" 2>/dev/null; t2=$(now)
	e=$(( (t1 - t0) / 1000000 )) p=$(( (t2 - t1) / 1000000 ))
	[ "$e" -lt "$best_e" ] && best_e=$e
	[ "$p" -lt "$best_p" ] && best_p=$p
	i=$((i + 1))
done
same=identical
cmp -s "$D/eadr.csv" "$D/peer.csv" || same="DIFFERENT (not the same work)"
/usr/bin/time -f '%M' -o "$D/mem_e" "$EADR" --db "$DB" export tna --year all --format csv -o "$D/eadr.csv" 2>/dev/null
/usr/bin/time -f '%M' -o "$D/mem_p" "$PEER" "$DB" "$D/peer.csv" 2>/dev/null
echo "TNA csv to a file, $GOALS PDP goals ($(wc -c <"$D/eadr.csv") bytes, $same), best of $REPS:"
printf '  eadr export tna -o FILE        %6d ms  peak %6d KiB\n' "$best_e" "$(cat "$D/mem_e")"
printf '  tna_peer (same query, bytes)   %6d ms  peak %6d KiB\n' "$best_p" "$(cat "$D/mem_p")"
awk -v e="$best_e" -v p="$best_p" 'BEGIN { printf "  ratio eadr / peer              %6.2fx  (aim: at most 1.10x)\n", (p > 0 ? e / p : 0) }'

# XLSX: time and peak resident memory (VmHWM, via GNU time's %M).
/usr/bin/time -f '%e %M' -o "$D/time" "$EADR" --db "$DB" export tna --year all --format xlsx -o "$D/tna.xlsx"
read -r secs kb <"$D/time"
echo "TNA xlsx (constant memory), $GOALS PDP goals:"
printf '  time %s s, peak memory %d KiB, file %d bytes\n' "$secs" "$kb" "$(wc -c <"$D/tna.xlsx")"
