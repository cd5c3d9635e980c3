#!/bin/sh
# recovery.sh - a forgotten passphrase reset through the hub (issue 13,
# schema/security.md "Recovery through the hub"): the laptop's request,
# 'eadr hub recover', 'eadr profile reset'.  What is not private is
# readable again; the private canary is gone from every file; a forged,
# another laptop's, another profile's or an earlier request's reset file
# is refused with a clear message and nothing changed.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
make_demo

A="Ffion Llywelyn"
B="Sam Okafor"
SHARED="SHARED-CANARY-51c9"
PRIV="PRIVATE-CANARY-8e2d"
printf 'kettle harbour violet seven\n' >"$T/a.pass"
printf 'apple river moon castle\n' >"$T/b.pass"
printf 'a brand new passphrase now\n' >"$T/new.pass"
H="$T/hub.db"
"$EADR" --db "$H" hub init -o "$T/hub.pub" >/dev/null
ok $? "hub init"
e() { "$EADR" --db "$DB" --forms "$FORMS" "$@"; }
asA() { e --user "$A" --passphrase-file "$T/a.pass" "$@"; }
on_disk() {	# how many of the database's files hold $1
	grep -a -l -- "$1" "$DB" "$DB-wal" "$DB-shm" 2>/dev/null | wc -l | tr -d ' '
}
keys() { sql "SELECT hex(salt) || hex(private_key) || hex(shared_key) FROM profiles ORDER BY id"; }
fp_of() { "$EADR" --db "$1" sync status | sed -n "s/^this laptop's fingerprint: \([0-9a-f ]*\) (device .*/\1/p"; }

# A laptop that trusts the hub, with A (and B), A's appraisal of 100348
# holding a shared and a private canary, known to and approved by the hub.
laptop() {	# DB
	DB=$1
	"$EADR" --db "$DB" --forms "$FORMS" demo >/dev/null 2>&1 &&	# its own identity
	e sync trust "$T/hub.pub" >/dev/null &&
	e --passphrase-file "$T/a.pass" profile add "$A" >/dev/null &&
	e --passphrase-file "$T/b.pass" profile add "$B" >/dev/null &&
	printf '100348\n%s said\n.\n!section 5\n1\n\n%s slept\n.\n!quit\n' "$SHARED" "$PRIV" |
		asA --plain >"$T/typed" 2>&1 &&
	mkdir -p "$T/stick" && asA sync push "$T/stick" >/dev/null &&
	"$EADR" --db "$H" hub import "$T/stick" >/dev/null &&
	"$EADR" --db "$H" hub allow "$(fp_of "$DB")" >/dev/null
}

case_begin "the hub restores what is not private; the private answers are gone"
laptop "$T/l1.db"
ok $? "a laptop trusting the hub, A's canaries typed, the laptop approved"
is "$(sql "SELECT count(*) FROM answers WHERE private = 1 AND appraisal_id =
	(SELECT id FROM appraisals WHERE staff_number = '100348')")" 1 "A's private canary is stored"
cp "$DB" "$T/l1.master.db"
e profile recovery-request "$A" -o "$T/a.request" >"$T/o" 2>"$T/e"
ok $? "recovery-request needs no sign-in"
like "$(cat "$T/o")" "*hub recover*profile reset*" "says what to do next"
is "$(grep -a -c -- "$SHARED\|$PRIV" "$T/a.request")" 0 "the request holds no answer"
is "$(stat -c %a "$T/a.request")" 600 "the request is 0600"
"$EADR" --db "$H" hub recover "$T/a.request" >"$T/o" 2>"$T/e"
ok $? "hub recover"
like "$(cat "$T/o")" "*$T/a.reset*$A*private answers are lost by design*" \
	"the hub writes A.reset beside the request and says private answers are lost"
is "$(sqlite3 "$H" "SELECT count(*) FROM audit WHERE action = 'recovered' AND detail LIKE '%$A%'")" 1 \
	"the hub audits the recovery"
e --passphrase-file "$T/new.pass" profile reset "$A" --file "$T/a.reset" >"$T/o" 2>"$T/e"
ok $? "profile reset"
like "$(sed -n 1p "$T/o")" "*Private answers are gone by design*will be deleted*" \
	"before: says plainly that private answers are gone by design"
like "$(sed -n 2p "$T/o")" "*new passphrase*not private is readable again*could not be recovered (by design)*" \
	"after: says what came back and what did not"
printf '100348\nno\n!quit\n' | e --user "$A" --passphrase-file "$T/new.pass" --plain >"$T/back" 2>&1
like "$(cat "$T/back")" "*CURRENT: $SHARED said*" "the non-private answer reads back under the new passphrase"
is "$(sql "SELECT count(*) FROM answers a JOIN appraisals p ON p.id = a.appraisal_id
	WHERE p.holder = (SELECT id FROM profiles WHERE name = '$A') AND a.private = 1")" 0 \
	"A's private answers are deleted"
is "$(on_disk "$PRIV")" 0 "the private canary is in no file of the database"
is "$(grep -a -c -- "$PRIV" "$T/a.request" "$T/a.reset" | grep -vc ':0$')" 0 \
	"nor in the request or the reset file"
is "$(on_disk "$SHARED")" 0 "the shared canary is still only encrypted"
e --user "$A" --passphrase-file "$T/a.pass" staff list >/dev/null 2>"$T/e"
is "$?" 1 "the old passphrase no longer opens A's profile"
is "$(sql "SELECT count(*) FROM audit WHERE action = 'profile-reset' AND detail LIKE '$A:%lost%'")" 1 \
	"the reset is audited"
e --passphrase-file "$T/new.pass" profile reset "$A" --file "$T/a.reset" >"$T/o" 2>"$T/e"
is "$?" 1 "a reset file is used once"
like "$(cat "$T/e")" "*no recovery request of $A is waiting*nothing was changed*" "said so"

case_begin "a forged, another laptop's, another profile's or an old reset file is refused"
cp "$T/l1.master.db" "$T/l1.db"
DB="$T/l1.db"
e profile recovery-request "$A" -o "$T/old.request" >/dev/null
"$EADR" --db "$H" hub recover "$T/old.request" >/dev/null
e profile recovery-request "$A" -o "$T/a.request" >/dev/null
e profile recovery-request "$B" -o "$T/b.request" >/dev/null
"$EADR" --db "$H" hub recover "$T/a.request" >/dev/null &&
"$EADR" --db "$H" hub recover "$T/b.request" -o "$T/b.reset" >/dev/null
ok $? "the hub answers A's and B's requests"
before=$(keys)
audit=$(sql "SELECT count(*) FROM audit")
refused() {	# FILE PATTERN NAME
	e --passphrase-file "$T/new.pass" profile reset "$A" --file "$1" >"$T/o" 2>"$T/e"
	is "$?" 1 "$3: status 1"
	like "$(cat "$T/e")" "$2*nothing was changed*" "$3: a clear message"
	is "$(cat "$T/o")" "" "$3: nothing said as if it went ahead"
	is "$(keys)" "$before" "$3: the profiles' keys are unchanged"
}
# The key's first byte made another (00, or ff when it was 00 already: one
# reset file in 256 began so, and was then left unchanged and accepted).
sed '/^key /{s/^key 00/key ff/;t;s/^key ../key 00/;}' "$T/a.reset" >"$T/forged.reset"
! cmp -s "$T/a.reset" "$T/forged.reset"
ok $? "the forged reset file differs from the genuine one"
refused "$T/forged.reset" "*bad signature*" "a reset file with its key changed"
sed "s/^profile .*/profile $A/" "$T/b.reset" >"$T/renamed.reset"
refused "$T/renamed.reset" "*bad signature*" "B's reset file renamed to A"
refused "$T/b.reset" "*made for $B's profile, not $A's*" "B's reset file for A"
refused "$T/old.reset" "*an earlier recovery request of $A*" "the reset file of an earlier request"
printf 'EADR-RECOVERY-RESET 1\ndevice x\n' >"$T/junk.reset"
refused "$T/junk.reset" "*junk.reset:2: the device is not a UUID*" "a file that is no reset file"
refused "$T/missing.reset" "*missing.reset*" "a reset file that is not there"
laptop "$T/l2.db"
ok $? "a second laptop trusting the same hub"
e profile recovery-request "$A" -o "$T/l2.request" >/dev/null
"$EADR" --db "$H" hub recover "$T/l2.request" >/dev/null
ok $? "the hub answers the second laptop's request"
DB="$T/l1.db"
refused "$T/l2.reset" "*made for another laptop*not this one*" "the second laptop's reset file on the first"
"$EADR" --db "$T/hub2.db" hub init -o "$T/hub2.pub" >/dev/null
"$EADR" --db "$T/hub2.db" hub recover "$T/a.request" >/dev/null 2>"$T/e"
is "$?" 1 "another hub cannot answer the request"
like "$(cat "$T/e")" "*never sent a bundle to this hub*no reset file was written*" "said so"
is "$(sql "SELECT count(*) FROM audit")" "$audit" "nothing was audited on the laptop"
e --passphrase-file "$T/new.pass" profile reset "$A" --file "$T/a.reset" >/dev/null 2>&1
ok $? "the genuine reset file still works after the refusals"

case_begin "what the hub cannot recover, it says"
cp "$_DEMO" "$DB"
e --passphrase-file "$T/a.pass" profile add "$A" >/dev/null
e profile recovery-request "$A" -o "$T/none.request" >/dev/null 2>"$T/e"
is "$?" 1 "a profile made before the laptop trusted a hub: refused"
like "$(cat "$T/e")" "*before this laptop trusted a hub key*nothing can be recovered*" "said so"
[ ! -e "$T/none.request" ]
ok $? "no request written"
e sync trust "$T/hub.pub" >/dev/null
e --user "$A" --passphrase-file "$T/a.pass" staff list >/dev/null
e profile recovery-request "$A" -o "$T/later.request" >/dev/null 2>"$T/e"
ok $? "once the laptop trusts a hub, A's next sign-in makes A recoverable"
laptop "$T/l3.db"
printf 'EADR-RECOVERY-REQUEST 1\n' >"$T/cut.request"
"$EADR" --db "$H" hub recover "$T/cut.request" >/dev/null 2>"$T/e"
is "$?" 1 "a request cut short: refused"
like "$(cat "$T/e")" "*cut.request*cut short*no reset file*" "said so"
e profile recovery-request "$A" -o "$T/l3.request" >/dev/null
"$EADR" --db "$H" hub revoke "$(fp_of "$DB")" >/dev/null
"$EADR" --db "$H" hub recover "$T/l3.request" >/dev/null 2>"$T/e"
is "$?" 1 "a request from a revoked laptop: refused"
like "$(cat "$T/e")" "*not approved (it is revoked)*" "said so"
if command -v tmux >/dev/null 2>&1; then
	need_tui
	case_begin "the sign-in screen resets a forgotten passphrase (Ctrl-R)"
	laptop "$T/l4.db"
	e profile recovery-request "$A" -o "$T/l4.request" >/dev/null &&
	"$EADR" --db "$H" hub recover "$T/l4.request" >/dev/null
	ok $? "a reset file for A"
	before=$(keys)
	eadr_tui 80 24
	wait_for "EADR: sign in"
	case $(tui_screen) in *"^R forgot"*) st=0 ;; *) st=1 ;; esac
	ok $st "the sign-in screen offers Ctrl-R for a forgotten passphrase"
	tui_text "$A"
	tui_keys C-r
	wait_for "EADR: a forgotten passphrase"
	ok $? "Ctrl-R opens the reset screen"
	wait_for "Private answers are gone by design"
	ok $? "before: it says plainly that private answers are gone by design"
	tui_text "$T/nothing.reset"
	tui_keys Tab
	tui_text "a brand new passphrase now"
	tui_keys Tab
	tui_text "a brand new passphrase now"
	tui_keys Enter
	wait_for "nothing.reset: No such file" 20
	ok $? "a reset file that is not there: said so on the screen"
	is "$(keys)" "$before" "and nothing was changed"
	tui_keys C-u
	tui_text "$T/l4.reset"
	tui_keys Tab
	tui_text "a brand new passphrase now"
	tui_keys Tab
	tui_text "a brand new passphrase now"
	tui_keys Enter
	wait_for "Your passphrase is reset" 30
	ok $? "the reset is done on the screen"
	wait_for "2 private answers could not be recovered, by design"
	ok $? "after: it says how many private answers were lost, by design"
	tui_keys Space
	wait_for "Ferreira" 20
	ok $? "then the team list, signed in"
	tui_keys C-q
	wait_exit
	printf '100348\nno\n!quit\n' | e --user "$A" --passphrase-file "$T/new.pass" --plain >"$T/back" 2>&1
	like "$(cat "$T/back")" "*CURRENT: $SHARED said*" "the new passphrase reads the non-private answer"
	is "$(on_disk "$PRIV")" 0 "the private canary is in no file"
fi
finish
