#!/bin/sh
# sync.sh - sync by bundle files with the real binary: two laptops and a
# hub; push, import (waiting until the hub's keeper allows each laptop by
# its fingerprint) in reverse order and twice, pull; a new revision and its
# history; a database copied to two laptops; every refused bundle leaves the
# hub unchanged; the attacks of issue 11 as a person would try them at the
# command line; and no private answer is ever in a bundle.
. "$EADR_SRCDIR/tests/lib.sh"
export EADR_TODAY=2026-11-22
fix="$EADR_BUILDDIR/tests/e2e/sync_fixture"
form="$EADR_SRCDIR/forms/eadr.yaml"
A="$T/a.db" B="$T/b.db" C="$T/c.db" H="$T/hub.db" H2="$T/hub2.db"
stick="$T/stick"
M1="PRIVMARK-ALPHA-1c9e7"
M2="PRIVMARK-BRAVO-5d2f3"
mkdir "$stick" "$T/bad"
command -v sqlite3 >/dev/null || skip_all "the sqlite3 shell is not installed"

# The hub's content without local row ids and import times: what must not
# depend on the order or the number of imports.
canon() {
	sqlite3 "$1" "
	SELECT staff_number, uuid, name, revision, updated_at FROM staff ORDER BY 1;
	SELECT uuid, staff_number, form_hash, state, revision, updated_at FROM appraisals ORDER BY 1;
	SELECT a.uuid, n.path, n.value, n.uuid FROM answers n JOIN appraisals a ON a.id = n.appraisal_id ORDER BY 1, 2;
	SELECT a.uuid, g.uuid, g.position, g.goal FROM pdp_goals g JOIN appraisals a ON a.id = g.appraisal_id ORDER BY 1, 3;
	SELECT a.uuid, s.uuid, s.role FROM signoffs s JOIN appraisals a ON a.id = s.appraisal_id ORDER BY 1, 2;
	SELECT hash FROM forms ORDER BY 1;
	SELECT appraisal_uuid, revision, content_hash, hex(content) FROM hub_revisions ORDER BY 1, 2, 3;
	SELECT * FROM hub_revision_bundles ORDER BY 1, 2;
	SELECT * FROM hub_current ORDER BY 1;
	SELECT * FROM hub_conflicts ORDER BY 1, 2, 3;
	SELECT device_id, hex(sign_key), first_seen, last_seen, max_seq, state FROM hub_devices ORDER BY 1, 2;
	SELECT appraisal_uuid, hex(sign_key) FROM hub_owners ORDER BY 1;
	SELECT bundle_id, device_id, seq, created_at FROM hub_bundles ORDER BY 1;" | cksum
}
dump() { sqlite3 "$1" .dump | cksum; }
# What the hub's exports and reports see, and who owns what.
tables() {
	sqlite3 "$1" "
	SELECT staff_number, name, revision FROM staff ORDER BY 1;
	SELECT uuid, revision, updated_at FROM appraisals ORDER BY 1;
	SELECT a.uuid, n.path, n.value FROM answers n JOIN appraisals a ON a.id = n.appraisal_id ORDER BY 1, 2;
	SELECT a.uuid, g.position, g.goal FROM pdp_goals g JOIN appraisals a ON a.id = g.appraisal_id ORDER BY 1, 2;
	SELECT * FROM hub_current ORDER BY 1;
	SELECT * FROM hub_conflicts ORDER BY 1, 2, 3;
	SELECT appraisal_uuid, hex(sign_key) FROM hub_owners ORDER BY 1;" | cksum
}

# ---- the commands' surface ----
for c in sync hub; do
	"$EADR" $c --help >/dev/null; ok $? "$c --help exits 0"
	"$EADR" --db "$A" $c 2>/dev/null; is $? 2 "$c with no subcommand is a usage error"
	"$EADR" --db "$A" $c frob 2>"$T/err"; is $? 2 "$c frob is a usage error"
done
"$EADR" --db "$A" sync push 2>/dev/null; is $? 2 "sync push needs a DIR"
"$EADR" --db "$A" sync push "$T/nowhere" >/dev/null 2>"$T/err"; is $? 1 "sync push to a missing folder fails"
like "$(cat "$T/err")" "eadr: $T/nowhere: No such file or directory*" "naming the folder"
out=$("$EADR" --db "$A" sync push "$stick"); ok $? "a push with nothing final succeeds"
like "$out" "nothing to send*" "and says there is nothing to send"
is "$(ls "$stick")" "" "and writes no bundle"

# ---- two laptops with final appraisals ----
"$fix" "$A" final 100 "Zoë Ó Súilleabháin" "$M1" "Practice educator course" "Mentor two students" -f "$form" 2>"$T/fix"
ok $? "laptop A: a final appraisal on the default form"
like "$(cat "$T/fix")" "*marker in [0-9]* private questions*" "with the marker in every private question"
"$fix" "$A" final 101 "Chidi Okonkwo" "$M1" "Blue light driving" -f "$form" 2>/dev/null
ok $? "laptop A: a second"
"$fix" "$B" final 200 "Ffion Llywelyn" "$M2" "Leadership programme" "Shadow a tactical commander"
ok $? "laptop B: a final appraisal"
n=$(sqlite3 "$A" "SELECT count(*) FROM answers WHERE private = 1 AND value LIKE '%$M1%'")
like "$n" "[1-9]*" "laptop A holds the marker in $n private answers"

out=$("$EADR" --db "$A" sync status); ok $? "sync status"
like "$out" "*Waiting to go*Chidi Okonkwo*revision 1*2 waiting to go, 0 sent*" "status lists what waits"
fpA=$(printf '%s\n' "$out" | sed -n "s/^this laptop's fingerprint: \([0-9a-f ]*\) (device .*/\1/p")
like "$fpA" "[0-9a-f][0-9a-f][0-9a-f][0-9a-f] * [0-9a-f][0-9a-f][0-9a-f][0-9a-f]" "status shows the laptop's own fingerprint"
fpB=$("$EADR" --db "$B" sync status | sed -n "s/^this laptop's fingerprint: \([0-9a-f ]*\) (device .*/\1/p")

"$EADR" --db "$H" hub init -o "$T/hub.pub" >"$T/out"; ok $? "hub init"
like "$(cat "$T/out")" "*made a hub key pair*fingerprint*" "hub init makes a key pair and shows its fingerprint"
"$EADR" --db "$H" hub init -o "$T/hub-again.pub" >"$T/out"; ok $? "hub init again"
like "$(cat "$T/out")" "*already a hub, key unchanged*" "keeps the key"
is "$(cat "$T/hub.pub")" "$(cat "$T/hub-again.pub")" "and writes the same public key"
sqlite3 "$H" ".backup '$H2'"	# a second hub with the same keys

out=$("$EADR" --db "$A" sync push "$stick" 2>"$T/err"); ok $? "laptop A pushes"
like "$out" "*.bundle: 2 appraisals (* answers, 3 PDP goals, 4 sign-offs), 2 staff, 1 form: * records" \
	"push says how many records it wrote"
like "$(cat "$T/err")" "*NOT encrypted*sync trust*" "and that it is not encrypted without a hub key"
bundle_a=$(ls "$stick"/*.bundle)

fp=$(sed -n 's/^# and check that it shows the fingerprint //p' "$T/hub.pub")
like "$(sed -n 's/^fingerprint \(.*\): give.*/\1/p' "$T/out")" "$fp" "hub init shows the fingerprint the key file holds"
is "$(stat -c %a "$T/hub.pub")" 600 "the key file is 0600"
# Finding 2: the box line replaced by another key.
sed 's/^box .*/box 5f9a2c4e7b1d3f6a8c0e2b4d6f8a1c3e5b7d9f0a2c4e6b8d1f3a5c7e9b0d2f4a/' "$T/hub.pub" >"$T/swapped.pub"
"$EADR" --db "$B" sync trust "$T/swapped.pub" >/dev/null 2>"$T/err"; is $? 1 "a key file with its box key swapped is refused"
like "$(cat "$T/err")" "eadr: $T/swapped.pub: bad signature: the key file was changed*; no key trusted" "saying why"
like "$("$EADR" --db "$B" sync status)" "*no hub key trusted*" "and nothing is trusted"
# Finding 4: an all-zero box key.
sed 's/^box .*/box 0000000000000000000000000000000000000000000000000000000000000000/' "$T/hub.pub" >"$T/zero.pub"
"$EADR" --db "$B" sync trust "$T/zero.pub" >/dev/null 2>"$T/err"; is $? 1 "an all-zero box key is refused"
like "$(cat "$T/err")" "eadr: $T/zero.pub: the box key is a low-order key*" "as a low-order key"
"$EADR" --db "$B" sync trust "$T/hub.pub" >"$T/out"; ok $? "laptop B trusts the hub key"
like "$(cat "$T/out")" "*trusting the hub key $fp*" "and shows its fingerprint"
printf 'staff_number,name\n' >"$T/notakey"
"$EADR" --db "$B" sync trust "$T/notakey" 2>"$T/err"; is $? 1 "trusting a file that is no key fails"
like "$(cat "$T/err")" "eadr: $T/notakey:1: not an eadr hub key file*" "naming the file"
out=$("$EADR" --db "$B" sync push "$stick" 2>"$T/err"); ok $? "laptop B pushes"
like "$out" "*1 appraisal*encrypted to the hub key $fp*" "encrypted to the trusted hub"
bundle_b=$(ls "$stick"/*.bundle | grep -v "^$bundle_a\$")

# ---- privacy: no marker in any bundle, decrypted or not ----
grep -l -r -F -e "$M1" -e "$M2" "$stick" >/dev/null; is $? 1 "no private marker in any file on the stick"
grep -q -F "public answer to performance" "$bundle_a"; ok $? "(the grep can see answers: public ones are there)"
"$fix" "$H" open "$bundle_b" >"$T/b.plain"; ok $? "the sealed bundle opens with the hub's key"
grep -q -F "Leadership programme" "$T/b.plain"; ok $? "and holds the PDP"
grep -q -F -e "$M1" -e "$M2" "$T/b.plain"; is $? 1 "but no private marker"
grep -q -F "Leadership programme" "$bundle_b"; is $? 1 "sealed: nothing readable on the stick"
"$fix" "$H" open "$bundle_a" >"$T/a.plain"
grep -q -F -e "$M1" "$T/a.plain"; is $? 1 "no marker in laptop A's records either"

# ---- a stick pulled half-way: a temporary file is not a bundle ----
head -c 300 "$bundle_a" >"$stick/eadr-half.bundle.tmp-Ab12Cd"

# ---- unknown laptops wait; allowed, they merge; imported in reverse order ----
before=$(canon "$H")
for f in $(ls "$stick"/*.bundle | sort -r); do
	"$EADR" --db "$H" hub import "$f" >>"$T/imp" 2>&1; ok $? "import $(basename "$f")"
done
like "$(cat "$T/imp")" "*from device*fingerprint $fpA, which this hub has not approved: kept waiting, not merged*eadr hub allow '$fpA'*" \
	"import names an unknown laptop, its fingerprint and the command to run"
like "$(cat "$T/imp")" "*0 bundles imported*1 waiting for approval*" "and counts it as waiting"
is "$(sqlite3 "$H" "SELECT count(*) FROM appraisals")" 0 "nothing is merged from unknown laptops"
is "$(ls "$stick"/*.ack 2>/dev/null | wc -l | tr -d ' ')" 0 "and nothing is acknowledged"
# Many bundles of one new laptop in a folder: each is said to wait, the
# keeper is told once what to check and run (on a copy of the hub).
mkdir "$T/two"
cp "$bundle_a" "$T/two/first.bundle"
cp "$bundle_a" "$T/two/second.bundle"
cp "$H" "$T/two.db"
"$EADR" --db "$T/two.db" hub import "$T/two" >"$T/out" 2>&1
is "$(grep -c "kept waiting, not merged" "$T/out")" 2 "two bundles of one new laptop: each said to wait"
is "$(grep -c "check by telephone.*eadr hub allow '$fpA'" "$T/out")" 1 "and what to check and run said once"
out=$("$EADR" --db "$H" hub devices); ok $? "hub devices"
like "$out" "*$fpA  waiting *" "lists laptop A as waiting"
like "$out" "*$fpB  waiting *" "and laptop B"
"$EADR" --db "$H" hub allow 'not a print' 2>"$T/err"; is $? 1 "allow with no fingerprint fails"
like "$(cat "$T/err")" "eadr: 'not a print' is not a device fingerprint*" "saying why"
"$EADR" --db "$H" hub allow 2>/dev/null; is $? 2 "allow needs a FINGERPRINT"
"$EADR" --db "$H" hub allow "$fpB" >"$T/out"; ok $? "allow laptop B"
like "$(cat "$T/out")" "*approved; 1 waiting bundle merged (1 appraisal)*" "merges what it sent"
"$EADR" --db "$H" hub allow $fpA >"$T/out"; ok $? "allow laptop A (fingerprint unquoted)"
like "$(cat "$T/out")" "*approved; 1 waiting bundle merged (2 appraisals)*import their folder again*" "merges what it sent"
out=$("$EADR" --db "$H" hub devices)
like "$out" "*$fpA  approved *" "laptop A is approved now"
like "$out" "*$fpB  approved *" "and laptop B"
out=$("$EADR" --db "$H" hub import "$stick"); ok $? "import the folder again"
like "$out" "*0 bundles imported (0 appraisals, 0 records), 2 already imported, 0 waiting for approval, 0 refused" "nothing imported twice"
is "$(ls "$stick"/*.ack | wc -l | tr -d ' ')" 2 "one acknowledgement per bundle"
is "$(stat -c %a $(ls "$stick"/*.ack "$stick"/*.bundle) | sort -u)" 600 "bundles and acknowledgements are 0600"
uuids=$(sqlite3 "$A" "SELECT uuid FROM appraisals")
for u in $uuids; do
	grep -q -F "$u" "$stick"/*.ack; is $? 1 "no acknowledgement names appraisal ${u%%-*}"
done
is "$(sqlite3 "$H" "SELECT group_concat(goal, '|') FROM (SELECT goal FROM pdp_goals ORDER BY goal)")" \
	"Blue light driving|Leadership programme|Mentor two students|Practice educator course|Shadow a tactical commander" \
	"the hub holds every PDP goal from both laptops exactly once"
is "$(sqlite3 "$H" "SELECT count(*) FROM answers WHERE private = 1 OR value LIKE '%PRIVMARK%'")" 0 \
	"and no private answer"
is "$(sqlite3 "$H" "SELECT count(*) FROM forms")" 1 "the form travelled with its appraisals"
is "$(sqlite3 "$H" "SELECT count(*) FROM hub_devices")" 2 "both devices are recorded"

"$EADR" --db "$H" export tna --format csv -o "$T/tna.csv" 2>"$T/err"
if [ $? -eq 0 ]; then
	for g in "Blue light driving" "Leadership programme" "Mentor two students" \
		"Practice educator course" "Shadow a tactical commander"; do
		is "$(grep -c -F "$g" "$T/tna.csv")" 1 "the hub's TNA export holds '$g' once"
	done
	grep -q -F PRIVMARK "$T/tna.csv"; is $? 1 "and no private marker"
else
	ok 1 "export tna on the hub: $(cat "$T/err")"
fi

# ---- the same bundles in the other order on another hub ----
for f in $(ls "$stick"/*.bundle | sort); do
	"$EADR" --db "$H2" hub import "$f" >/dev/null 2>&1
done
"$EADR" --db "$H2" hub allow "$fpA" >/dev/null && "$EADR" --db "$H2" hub allow "$fpB" >/dev/null
ok $? "the other hub allows both laptops (A first)"
is "$(canon "$H2")" "$(canon "$H")" "bundles in either order give the same hub"

# ---- pull ----
"$EADR" --db "$A" sync pull "$stick" >/dev/null 2>"$T/err"; is $? 1 "a laptop that trusts no hub key accepts no acknowledgement"
like "$(cat "$T/err")" "eadr: this laptop trusts no hub key, so it cannot tell the hub's acknowledgements from forged ones*" "and says why"
is "$(sqlite3 "$A" "SELECT max(synced_revision) FROM appraisals")" 0 "nothing is marked synced"
"$EADR" --db "$A" sync trust "$T/hub.pub" >/dev/null; ok $? "laptop A trusts the hub key"
out=$("$EADR" --db "$A" sync pull "$stick" 2>"$T/err"); ok $? "laptop A pulls"
like "$out" "*1 acknowledgement for this laptop: 2 appraisals marked synced; 1 for other laptops left alone" \
	"pull marks exactly its appraisals"
out=$("$EADR" --db "$B" sync pull "$stick"); ok $? "laptop B pulls"
like "$out" "*1 appraisal marked synced*" "laptop B's appraisal is synced"
like "$("$EADR" --db "$A" staff list)" "*101*Chidi Okonkwo*synced*100*Zoë Ó Súilleabháin*synced*" "laptop A's team list shows synced"
like "$("$EADR" --db "$B" staff list)" "*200*Ffion Llywelyn*synced*" "laptop B's too"
like "$("$EADR" --db "$A" sync status)" "*0 waiting to go, 0 sent and not yet acknowledged*" "nothing waits on laptop A"
like "$("$EADR" --db "$A" sync push "$stick")" "nothing to send*" "and a push sends nothing"

# ---- a reopened appraisal travels as a new revision ----
"$fix" "$A" reopen 100 "Second thoughts after reopening"; ok $? "reopen and finalise again on laptop A"
like "$("$EADR" --db "$A" staff list)" "*100*Zoë Ó Súilleabháin*final *" "no longer synced"
out=$("$EADR" --db "$A" sync push "$stick" 2>/dev/null); ok $? "push the new revision"
like "$out" "*: 1 appraisal (*" "only the changed appraisal goes"
"$EADR" --db "$H" hub import "$stick" >/dev/null; ok $? "the hub imports it"
uuid=$(sqlite3 "$A" "SELECT uuid FROM appraisals WHERE staff_number = '100'")
is "$(sqlite3 "$H" "SELECT group_concat(revision) FROM (SELECT revision FROM hub_revisions WHERE appraisal_uuid = '$uuid' ORDER BY 1)")" \
	"1,2" "the hub keeps both revisions in its history"
is "$(sqlite3 "$H" "SELECT a.revision || ':' || n.value FROM appraisals a JOIN answers n ON n.appraisal_id = a.id WHERE a.uuid = '$uuid' AND n.path = 'performance.went_well'")" \
	"2:Second thoughts after reopening" "and the latest in its tables"
"$EADR" --db "$A" sync pull "$stick" >/dev/null 2>&1; ok $? "pull again"
like "$("$EADR" --db "$A" staff list)" "*100*Zoë Ó Súilleabháin*synced*" "the new revision is synced"

# ---- a database copied to two laptops, edited differently ----
sqlite3 "$A" ".backup '$C'"
"$fix" "$A" reopen 101 "Edited on laptop A" && "$fix" "$C" reopen 101 "Edited on laptop C"
ok $? "one appraisal edited on two copies of one database"
"$EADR" --db "$A" sync push "$stick" >/dev/null 2>&1 && "$EADR" --db "$C" sync push "$stick" >/dev/null 2>&1
ok $? "both push"
out=$("$EADR" --db "$H" hub import "$stick"); ok $? "the hub imports both"
like "$out" "*appraisal is in conflict: see 'eadr hub conflicts'*" "and says there is a conflict"
out=$("$EADR" --db "$H" hub conflicts); ok $? "hub conflicts"
uuid=$(sqlite3 "$A" "SELECT uuid FROM appraisals WHERE staff_number = '101'")
like "$out" "appraisal $uuid, revision 2: staff 101 Chidi Okonkwo*version*version*" "lists both versions"
is "$(printf '%s\n' "$out" | grep -c '^  \*')" 1 "one marked as the one in use"
is "$(sqlite3 "$H" "SELECT count(*) FROM hub_revisions WHERE appraisal_uuid = '$uuid'")" 3 \
	"every version is kept (revision 1 and both revision 2s)"
is "$(sqlite3 "$H" "SELECT count(*) FROM hub_conflicts WHERE appraisal_uuid = '$uuid'")" 2 "both are in the conflicts table"

# ---- refusals: each whole, named, and the hub unchanged ----
cp "$bundle_a" "$T/bad/good.bundle"
size=$(wc -c <"$bundle_a")
head -c $((size - 100)) "$bundle_a" >"$T/bad/truncated.bundle"
flip() {	# flip FILE OFFSET OUT: copy with one byte changed
	cp "$1" "$3"
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "$(printf '\\%03o' $(((b ^ 1) & 255)))" | dd of="$3" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
flip "$bundle_a" $((size / 2)) "$T/bad/flipped.bundle"
flip "$bundle_a" $((size - 10)) "$T/bad/badsig.bundle"
cp "$bundle_a" "$T/bad/version.bundle"
printf '\003' | dd of="$T/bad/version.bundle" bs=1 seek=9 conv=notrunc 2>/dev/null
printf 'staff_number,name\n100,Zoë\n' >"$T/bad/notabundle.bundle"
: >"$T/bad/empty.bundle"
# A bundle in laptop B's name, signed with another key.
sqlite3 "$B" ".backup '$T/forged.db'"
sqlite3 "$T/forged.db" "DELETE FROM sync_keys WHERE name = 'device-sign'; DELETE FROM sync_keys WHERE name LIKE 'trusted-%'"
"$fix" "$T/forged.db" reopen 200 "Forged" && "$EADR" --db "$T/forged.db" sync push "$T/bad" >/dev/null 2>&1
ok $? "a bundle in laptop B's name with another key"
mv "$T"/bad/eadr-*.bundle "$T/bad/foreign.bundle"
mkfifo "$T/bad/fifo.bundle"
ln -s /dev/zero "$T/bad/zero.bundle"
mkdir "$T/bad/folder.bundle"

check_refused() {	# FILE GLOB name
	before=$(dump "$H")
	timeout 30 "$EADR" --db "$H" hub import "$T/bad/$1" >/dev/null 2>"$T/err"
	is $? 1 "$3: refused"
	like "$(cat "$T/err")" "eadr: $T/bad/$1: $2" "$3: the message names the file and says why"
	is "$(dump "$H")" "$before" "$3: the hub is unchanged"
	[ ! -e "$T/bad/${1%.bundle}.ack" ]; ok $? "$3: no acknowledgement"
}
check_refused truncated.bundle "truncated*" "truncated"
# (flipped.bundle keeps good.bundle's header and signature, so its bundle
# id, which the hub has seen: it is refused, not taken as already imported)
check_refused flipped.bundle "damaged: the checksum does not match*" "a flipped byte"
check_refused badsig.bundle "bad signature*" "a bad signature"
check_refused version.bundle "bundle format version 3; this eadr reads versions 1 to 2*" "an unknown format version"
check_refused notabundle.bundle "not an eadr bundle*" "not a bundle"
check_refused empty.bundle "empty file, not an eadr bundle*" "an empty file"
check_refused fifo.bundle "a FIFO (named pipe), not a file; refused" "a FIFO (finding 5)"
check_refused zero.bundle "a symbolic link; refused*" "a link to /dev/zero (finding 5)"
# Finding 1: another key in a known laptop's name waits, and changes nothing.
before=$(tables "$H")
"$EADR" --db "$H" hub import "$T/bad/foreign.bundle" >"$T/out" 2>&1; ok $? "another key in laptop B's name"
like "$(cat "$T/out")" "*kept waiting, not merged*device id * was used before by another key, $fpB*" \
	"waits, and the keeper is told its device id was another key's"
is "$(tables "$H")" "$before" "the hub's content is unchanged"
like "$("$EADR" --db "$H" hub conflicts)" "*appraisal * revision 2*" "(the copied database's conflict is still the only one)"
before=$(dump "$H")
timeout 60 "$EADR" --db "$H" hub import "$T/bad" >"$T/out" 2>"$T/err"; is $? 1 "a folder with bad bundles: exit 1"
like "$(cat "$T/out")" "*1 already imported, 1 waiting for approval, 9 refused" "the good one is taken, every bad one refused"
like "$(cat "$T/err")" "*eadr: $T/bad/folder.bundle: a folder, not a file; refused*" "a folder named *.bundle is refused"
is "$(dump "$H")" "$before" "and the hub is unchanged"

# ---- acknowledgements that are not the hub's ----
ack=$(ls "$stick"/*.ack | head -n 1)
cp "$ack" "$T/saved.ack"
sed 's/^item \(.*\) 1 /item \1 9 /' "$T/saved.ack" >"$ack"
"$EADR" --db "$A" sync pull "$stick" >/dev/null 2>"$T/err"; is $? 1 "a changed acknowledgement is refused"
like "$(cat "$T/err")" "*eadr: $ack: bad signature*" "naming the file"
cp "$T/saved.ack" "$ack"

# ---- a re-imaged laptop: its appraisals move only by 'hub transfer' ----
fpF=$(sed -n 's/.*from device [^,]*, fingerprint \([0-9a-f ]*\), which.*/\1/p' "$T/out" | head -n 1)
"$EADR" --db "$H" hub allow "$fpF" >"$T/out"; ok $? "the keeper allows the re-imaged laptop"
like "$(cat "$T/out")" "*1 appraisal is another device's: held as a conflict*" "its revision is held, not merged"
uuid=$(sqlite3 "$B" "SELECT uuid FROM appraisals WHERE staff_number = '200'")
is "$(sqlite3 "$H" "SELECT count(*) FROM answers n JOIN appraisals a ON a.id = n.appraisal_id WHERE a.uuid = '$uuid' AND n.value = 'Forged'")" 0 \
	"the hub's tables do not show it"
like "$("$EADR" --db "$H" hub conflicts)" "*sent by $fpF, a device the appraisal does not belong to*" "hub conflicts lists it"
"$EADR" --db "$H" hub transfer "$fpB" "$fpF" >"$T/out"; ok $? "hub transfer from laptop B to the re-imaged one"
like "$(cat "$T/out")" "1 appraisal moved from device * ($fpB) to device * ($fpF); 1 held revision merged" "says what moved"
is "$(sqlite3 "$H" "SELECT count(*) FROM answers n JOIN appraisals a ON a.id = n.appraisal_id WHERE a.uuid = '$uuid' AND n.value = 'Forged'")" 1 \
	"now the hub shows its revision"
is "$(sqlite3 "$H" "SELECT count(*) FROM audit WHERE action = 'hub-transfer' AND detail LIKE '%$fpB%$fpF%'")" 1 "audited"
"$EADR" --db "$H" hub revoke "$fpF" >"$T/out"; ok $? "hub revoke"
like "$(cat "$T/out")" "*revoked; its later bundles wait, what it sent before stays" "says what it means"

"$EADR" --db "$H" sync bogus 2>/dev/null; is $? 2 "bad sync subcommand"
finish
