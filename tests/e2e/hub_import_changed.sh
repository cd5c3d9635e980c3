#!/bin/sh
# hub_import_changed.sh - the real eadr's hub import of a bundle file that
# changes while it is imported, as a stick pulled or a second program would
# change it: truncated, or with a length field rewritten, once eadr has
# checked it and is merging (stopped there with SIGSTOP, changed, resumed).
# Each is refused with a message naming the file, never a crash, and leaves
# the hub as it was; so is a bundle whose signature holds over a wrong
# checksum.  The same bundle left alone imports.
. "$EADR_SRCDIR/tests/lib.sh"
fix="$EADR_BUILDDIR/tests/e2e/bundle_fixture"
H="$T/hub.db"
N=4000
command -v sqlite3 >/dev/null || skip_all "the sqlite3 shell is not installed"
[ -r /proc/self/io ] || skip_all "no /proc/PID/io to see how far eadr has read"
dump() { sqlite3 "$1" .dump | cksum; }

"$EADR" --db "$H" hub init -o "$T/hub.pub" >/dev/null; ok $? "hub init"
key=$("$fix" "$T/good.bundle" "$N"); ok $? "a bundle of $N appraisals"
# The hub has approved the device (as 'eadr hub allow' would).
sqlite3 "$H" "INSERT INTO hub_devices(sign_key, device_id, first_seen, last_seen,
	max_seq, state) VALUES (x'$key', '0b6f3c1e-4a57-4d2c-9e3b-2f1a5c7d8e90', '', '',
	0, 'approved');"
before=$(dump "$H")
size=$(wc -c <"$T/good.bundle")

# refused CASE STATUS ERRFILE BUNDLE: the exit status, the message, the hub.
refused() {
	is "$2" 1 "$1: refused with status 1 (not a signal)"
	like "$(cat "$3")" "*$4*changed while it was being imported; nothing from it was kept*" \
		"$1: the message names the file and says it changed"
	is "$(dump "$H")" "$before" "$1: the hub is unchanged"
	[ ! -e "${4%.bundle}.ack" ]; ok $? "$1: no acknowledgement"
}

# mid_import CASE CHANGE...: import a copy of the good bundle; once eadr has
# read it once (the signature over the header, then the records checked)
# and is merging, stop it, run CHANGE on the copy, let it go on.
mid_import() {
	name=$1
	shift
	cp "$T/good.bundle" "$T/big.bundle"
	"$EADR" --db "$H" hub import "$T/big.bundle" >"$T/out" 2>"$T/err" &
	pid=$!
	want=$((size + size / 8)) got=0
	while kill -0 "$pid" 2>/dev/null; do
		got=$(sed -n 's/^rchar: //p' "/proc/$pid/io" 2>/dev/null)
		[ "${got:-0}" -gt "$want" ] && break
	done
	kill -STOP "$pid" 2>/dev/null
	caught=$?
	"$@"
	kill -CONT "$pid" 2>/dev/null
	wait "$pid"
	st=$?
	is "$caught" 0 "$name: eadr was stopped mid-import (read ${got:-0} of $((2 * size)) bytes)"
	[ "${got:-0}" -lt $((2 * size)) ]; ok $? "$name: stopped before the merge had read the file"
	refused "$name" "$st" "$T/err" "$T/big.bundle"
}

cut_half() { truncate -s $((size / 2)) "$T/big.bundle"; }
mid_import "truncated while it is imported" cut_half

# The length of an answer three quarters in, made to run past the file.
at=$(grep -obUa "MARK-$((N * 3 / 4))-5|" "$T/good.bundle" | cut -d: -f1)
rewrite() {
	printf '\177\377\377\360' | dd of="$T/big.bundle" bs=1 seek=$((at - 4)) \
		conv=notrunc 2>/dev/null
}
mid_import "a length rewritten while it is imported" rewrite

# Signed over a wrong checksum: damaged, as before the signature was
# checked in pieces.
"$fix" "$T/badsum.bundle" 5 badsum >/dev/null
"$EADR" --db "$H" hub import "$T/badsum.bundle" >"$T/out" 2>"$T/err"
is $? 1 "a signed wrong checksum: refused"
like "$(cat "$T/err")" "*badsum.bundle*damaged: the checksum does not match the content*" \
	"a signed wrong checksum: the message names the file and says it is damaged"
is "$(dump "$H")" "$before" "a signed wrong checksum: the hub is unchanged"

# Left alone, the same bundle imports.
cp "$T/good.bundle" "$T/big.bundle"
"$EADR" --db "$H" hub import "$T/big.bundle" >"$T/out" 2>"$T/err"
ok $? "the bundle left alone imports"
is "$(sqlite3 "$H" "SELECT count(*) FROM answers")" $((N * 10)) "all its answers are kept"
finish
