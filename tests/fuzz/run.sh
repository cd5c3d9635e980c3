#!/bin/sh
# run.sh BUILD_DIR SECONDS - run every libFuzzer target BUILD_DIR/fuzz/fuzz_*
# for SECONDS each, seeded with its corpus, and print TAP (one case per
# target).  A crash, a leak, a timeout or a sanitizer report fails the case;
# the reproducer is kept in BUILD_DIR/fuzz/NAME-artifacts/.
#
# Seeds: tests/fuzz/NAME/ (NAME without "fuzz_") when it exists, and
# tests/forms/ for fuzz_form.  Build the targets with
#   configure --enable-fuzzing CC=clang && make
set -u
here=$(cd "$(dirname "$0")" && pwd)
srcdir=$(cd "$here/../.." && pwd)
build=${1:?usage: run.sh BUILD_DIR SECONDS}
secs=${2:?usage: run.sh BUILD_DIR SECONDS}

targets=$(ls "$build"/fuzz/fuzz_* 2>/dev/null | grep -v '\.[a-z]*$' || true)
if [ -z "$targets" ]; then
	echo "1..0 # SKIP no fuzz targets in $build/fuzz (configure --enable-fuzzing CC=clang)"
	exit 0
fi

n=0
failed=0
for t in $targets; do
	[ -f "$t" ] && [ -x "$t" ] || continue
	name=$(basename "$t")
	short=${name#fuzz_}
	n=$((n + 1))
	work=$(mktemp -d "${TMPDIR:-/tmp}/eadr-fuzz.XXXXXX")
	corpus="$work/corpus"
	mkdir -p "$corpus"
	# seeds: copy, so that the fuzzer's new inputs never land in the source tree
	[ -d "$here/$short" ] && find "$here/$short" -type f -exec cp {} "$corpus/" \;
	if [ "$short" = form ]; then
		for f in "$srcdir"/tests/forms/*/*.yaml "$srcdir"/forms/*.yaml; do
			[ -f "$f" ] && cp "$f" "$corpus/$(basename "$(dirname "$f")")-$(basename "$f")"
		done
	fi
	art="$build/fuzz/$name-artifacts"
	mkdir -p "$art"
	"$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-print_final_stats=1 -artifact_prefix="$art/" "$corpus" \
		> "$work/log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
	if [ $rc -eq 0 ] && ! grep -q 'ERROR: \(AddressSanitizer\|LeakSanitizer\|libFuzzer\)\|runtime error:' "$work/log"; then
		echo "ok $n - $name: ${runs:-?} runs in ${secs}s, no crash, no leak"
	else
		failed=$((failed + 1))
		echo "not ok $n - $name: exit $rc (reproducer in $art)"
		grep -m 20 'ERROR\|runtime error\|SUMMARY\|Test unit written' "$work/log" | sed 's/^/#   /'
	fi
	rm -rf "$work"
done
echo "1..$n"
[ $failed -eq 0 ]
