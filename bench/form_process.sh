#!/bin/sh
# form_process.sh - 'eadr check-form FORM' as a whole process (start-up,
# loading its shared libraries, load, every rule, exit) against
# bench/yaml_parse, a program linked with libyaml alone that parses the same
# file once.  Alternates blocks of 20 runs of each, RUNS runs in all, and
# prints the mean per run and the ratio.
#   form_process.sh EADR YAML_PARSE FORM [RUNS]
set -eu
eadr=$1 peer=$2 form=$3 runs=${4:-400}
"$eadr" check-form "$form" >/dev/null
"$peer" "$form"
now() { date +%s%N; }
block() {	# CMD...: 20 runs
	_i=0
	while [ $_i -lt 20 ]; do
		_i=$((_i + 1))
		"$@" >/dev/null
	done
}
te=0 tp=0 i=0
while [ $i -lt "$runs" ]; do
	i=$((i + 20))
	t0=$(now)
	block "$eadr" check-form "$form"
	t1=$(now)
	block "$peer" "$form"
	t2=$(now)
	te=$((te + t1 - t0)) tp=$((tp + t2 - t1))
done
awk -v e="$te" -v p="$tp" -v n="$i" 'BEGIN {
	printf "eadr check-form (whole process): %6.2f ms per run (%d runs)\n", e / n / 1e6, n
	printf "libyaml parse (whole process):   %6.2f ms per run\n", p / n / 1e6
	printf "ratio: %.2fx as a process\n", (p > 0 ? e / p : 0) }'
