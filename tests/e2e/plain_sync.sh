#!/bin/sh
# plain_sync.sh - plain mode makes each answer safe on disk with one sync
# (issue 17): between the question and its SAVED line, exactly one fsync or
# fdatasync (the answer and the place are one commit, and the log is synced
# once), seen with strace.  No sync would let a power cut lose an answer
# plain mode said was SAVED; two would be the place saved on its own.
. "$EADR_SRCDIR/tests/lib.sh"

command -v strace >/dev/null 2>&1 || skip_all "strace is not installed"
strace -f -o /dev/null true 2>/dev/null || skip_all "strace cannot trace here (ptrace not allowed)"

DB="$T/eadr.db"
EADR_TODAY=2026-11-22
export EADR_TODAY
"$EADR" --db "$DB" demo >"$T/demo.out" 2>&1
ok $? "demo team made"

# Chidi Okonkwo: two long answers, then stop at the third question.
printf '%s\n' 100361 "Well, and glad to talk." . "To lead a crew." . '!quit' >"$T/in"
# (LeakSanitizer cannot run under ptrace: off for an ASan build's run)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	strace -f -e trace=fsync,fdatasync,write -o "$T/trace" \
	"$EADR" --db "$DB" --forms "$EADR_SRCDIR/forms" --plain <"$T/in" >"$T/out" 2>"$T/err"
ok $? "plain mode ran under strace"
is "$(grep -c '^SAVED' "$T/out")" 2 "both answers SAVED"

# For each SAVED line: the syncs since the line before it (its question).
syncs=$(awk '/fsync\(|fdatasync\(/ { n++ }
	/write\(1, "SAVED/ { printf "%s%d", sep, n; sep = " " }
	/write\(1, / { n = 0 }' "$T/trace")
is "$syncs" "1 1" "one sync per answer, before it is said SAVED"

finish
