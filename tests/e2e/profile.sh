#!/bin/sh
# profile.sh - a shared laptop end to end (issue 13, schema/security.md):
# manager A's canary is in no file byte for byte (after save, kill -9,
# finalising, reopening); manager B, or nobody, is refused A's appraisal
# in plain mode and the batch commands with A's name, changing nothing;
# the TUI asks who signs in and refuses a wrong passphrase.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
make_demo

A="Ffion Llywelyn"
B="Sam Okafor"
CANARY="CANARY-e2e-7f3a"
printf 'kettle harbour violet seven\n' >"$T/a.pass"
printf 'apple river moon castle\n' >"$T/b.pass"
printf 'not the passphrase at all\n' >"$T/bad.pass"
e() { "$EADR" --db "$DB" --forms "$FORMS" "$@"; }
asA() { e --user "$A" --passphrase-file "$T/a.pass" "$@"; }
asB() { e --user "$B" --passphrase-file "$T/b.pass" "$@"; }
on_disk() {	# how many files of the case's database hold the canary
	grep -a -l -- "$CANARY" "$DB" "$DB-wal" "$DB-shm" 2>/dev/null | wc -l | tr -d ' '
}

case_begin "profiles, and A's canary in plain mode"
e --passphrase-file "$T/a.pass" profile add "$A" >/dev/null 2>"$T/err"
ok $? "profile add A (passphrase from a file)"
e --passphrase-file "$T/b.pass" profile add "$B" >/dev/null 2>&1
ok $? "profile add B"
is "$(e profile list | tr '\n' '|')" "$A|$B|" "profile list names both"
printf '100348\n%s typed into a private and a shared answer\n.\n!quit\n' "$CANARY" |
	asA --plain >"$T/out" 2>&1
is "$(sql "SELECT count(*) FROM answers a JOIN appraisals p ON p.id = a.appraisal_id
	WHERE p.staff_number = '100348' AND typeof(a.value) = 'blob'")" 1 "the answer is stored encrypted"
is "$(on_disk)" 0 "the canary is in no file after saving"
asA export pdp 100348 -o "$T/a.txt" >/dev/null 2>&1
is "$(sql "SELECT count(*) FROM appraisals WHERE holder IS NOT NULL")" \
	"$(sql "SELECT count(*) FROM appraisals WHERE appraiser = '$A' COLLATE NOCASE OR staff_number = '100348'")" \
	"A holds the new appraisal and the demo's own (those A appraised)"

before=$(sql "SELECT count(*) || '/' || max(updated_at) FROM answers")
printf '100348\n!quit\n' | asB --plain >"$T/outB" 2>&1
like "$(cat "$T/outB")" "*held by $A*" "plain mode: B is told A holds it"
is "$(sql "SELECT count(*) || '/' || max(updated_at) FROM answers")" "$before" "plain mode: nothing changed"
for cmd in "export pdp 100251" "sync push $T" ; do
	# shellcheck disable=SC2086
	asB $cmd >"$T/o" 2>"$T/e"
	is "$?" 1 "$cmd as B: status 1"
	like "$(cat "$T/e")" "*$A*" "$cmd as B: names the holder"
	# shellcheck disable=SC2086
	e $cmd >"$T/o" 2>"$T/e"
	is "$?" 1 "$cmd signed out: status 1"
done
is "$(sql "SELECT count(*) FROM sync_sent")" 0 "no bundle was recorded"
asB staff list >"$T/list" 2>&1
like "$(cat "$T/list")" "*Tomás Ferreira*draft*" "B still sees that the appraisal exists and its state"
e --user "$A" --passphrase-file "$T/bad.pass" staff list >/dev/null 2>"$T/e"
is "$?" 1 "a wrong passphrase: status 1"
like "$(cat "$T/e")" "*not $A's*" "a wrong passphrase: said so"
is "$(sql "SELECT failures FROM profiles WHERE name = '$A'")" 1 "the wrong try is counted in the database"
e --user "$A" staff list >/dev/null 2>"$T/e"
like "$(cat "$T/e")" "*passphrase file*" "--user without a passphrase file is refused"

case_begin "kill -9 mid-typing, finalising, reopening: the canary is never on disk"
cp "$T/case1.db" "$DB"
mkfifo "$T/fifo"
asA --plain <"$T/fifo" >"$T/out" 2>&1 &
pid=$!
exec 4>"$T/fifo"
printf '100361\n%s half a sentence' "$CANARY" >&4
printf ' and more\n' >&4
printf '.\n' >&4
n=0
while [ "$(sql "SELECT count(*) FROM answers a JOIN appraisals p ON p.id = a.appraisal_id
	WHERE p.staff_number = '100361'")" -lt 1 ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
is "$(on_disk)" 0 "while eadr runs, the canary is in no file (-wal, -shm too)"
kill -9 $pid
wait $pid 2>/dev/null
exec 4>&-
is "$(on_disk)" 0 "after kill -9, the canary is in no file"
printf '100361\nno\n!quit\n' | asA --plain >"$T/back" 2>&1
like "$(cat "$T/back")" "*$CANARY half a sentence and more*" "A reads it back after the crash"
is "$(on_disk)" 0 "after reopening, the canary is in no file"

case_begin "A hands an appraisal to B: audited, private answers only with consent"
cp "$T/case1.db" "$DB"
asA profile hand-over 100348 --to "$B" --drop-private >"$T/o" 2>"$T/e"
ok $? "A hands 100348 over to B"
like "$(cat "$T/o")" "*now held by $B*" "said so"
is "$(sql "SELECT count(*) FROM audit WHERE action = 'handed-over' AND detail LIKE 'from $A to $B;%'")" 1 \
	"the hand-over is audited"
printf '100348\n!quit\n' | asA --plain >"$T/outA" 2>&1
like "$(cat "$T/outA")" "*held by $B*" "A can no longer open it, and is told B holds it"
printf '100348\nno\n!quit\n' | asB --plain >"$T/outB" 2>&1
like "$(cat "$T/outB")" "*$CANARY typed into*" "B reads it after signing in"
is "$(sql "SELECT count(*) FROM handovers")" 0 "received at B's sign-in"
is "$(sql "SELECT count(*) FROM answers WHERE typeof(value) = 'text'
	AND appraisal_id = (SELECT id FROM appraisals WHERE staff_number = '100348')")" 0 \
	"re-encrypted under B's keys, never in clear"
is "$(on_disk)" 0 "the canary is in no file after the hand-over"
asB profile hand-over 100348 --to "Nobody Here" >"$T/o" 2>"$T/e"
is "$?" 1 "a hand-over to no such manager: status 1"
like "$(cat "$T/e")" "*no manager called Nobody Here*nothing was changed*" "said so"

case_begin "eadr demo makes two demo managers and prints their passphrases"
EADR_DEMO_MANAGERS= "$EADR" --db "$T/managers.db" --forms "$FORMS" demo >"$T/demo2.out" 2>&1
ok $? "demo with managers"
pass=$(sed -n "s/^  $A *passphrase: //p" "$T/demo2.out")
like "$pass" "?????????????*" "the demo prints $A's passphrase"
printf '%s\n' "$pass" >"$T/demo.pass"
"$EADR" --db "$T/managers.db" --user "$A" --passphrase-file "$T/demo.pass" export pdp 100251 \
	-o "$T/d.txt" >/dev/null 2>&1
ok $? "$A signs in with the printed passphrase and reads the demo appraisal"
like "$(cat "$T/d.txt")" "*A fair and supportive conversation*" "its sign-off comments read back"
is "$(sqlite3 "$T/managers.db" "SELECT count(*) FROM profiles")" 2 "two demo managers"
is "$(sqlite3 "$T/managers.db" "SELECT count(*) FROM signoffs WHERE typeof(comments) = 'text'
	UNION ALL SELECT count(*) FROM pdp_goals WHERE typeof(goal) = 'text'" | tr '\n' ' ')" "0 0 " \
	"the demo appraisal's sign-offs and goals are encrypted"
"$EADR" --db "$T/nomgr.db" demo --no-managers >/dev/null 2>&1
is "$(sqlite3 "$T/nomgr.db" "SELECT count(*) FROM profiles")" 0 "demo --no-managers makes none"

if command -v tmux >/dev/null 2>&1; then
	need_tui
	case_begin "the demo's sign-in screen names its managers"
	tui_start 80 24 "$EADR" --db "$T/managers.db"
	wait_for "Demo: sign in as"
	ok $? "the demo's sign-in screen names its managers and their passphrases"
	case_begin "the TUI asks who signs in" "$T/case1.db"
	eadr_tui 80 24
	wait_for "EADR: sign in"
	ok $? "the sign-in screen comes before the team list"
	case $(tui_screen) in *"Demo: sign in as"*) st=1 ;; *) st=0 ;; esac
	ok $st "profiles made by hand: no demo passphrases offered"
	tui_text "$A"
	tui_keys Tab
	tui_text "not the passphrase at all"
	tui_keys Enter
	wait_for "not $A's" 20
	ok $? "a wrong passphrase is refused on the screen"
	tui_text "kettle harbour violet seven"
	tui_keys Enter
	wait_for "Tomás Ferreira" 20
	ok $? "the right one opens the team list"
	tui_keys C-c
	wait_exit

	case_begin "the idle lock: no text on the lock screen, nothing typed lost" "$T/case1.db"
	mkdir -p "$T/cfg/eadr"
	printf '# eadr settings\nlock_after = 5s\n' >"$T/cfg/eadr/config"
	eadr_tui 80 24 XDG_CONFIG_HOME="$T/cfg"
	wait_for "EADR: sign in"
	tui_text "$A"
	tui_keys Tab
	tui_text "kettle harbour violet seven"
	tui_keys Enter
	start_appraisal chidi "Chidi Okonkwo" >/dev/null
	tui_keys Tab
	tui_text "$CANARY typed before the lock"
	wait_for "EADR: locked" 30
	ok $? "the screen locks after lock_after without keys"
	is "$(tui_screen | grep -c -- "$CANARY")" 0 "the lock screen shows no appraisal text"
	is "$(on_disk)" 0 "locked: the canary is in no file"
	is "$(sql "SELECT count(*) FROM answers a JOIN appraisals p ON p.id = a.appraisal_id
		WHERE p.staff_number = '100361' AND typeof(a.value) = 'blob'")" 1 "what was typed was saved before locking"
	tui_text "not the passphrase at all"
	tui_keys Enter
	wait_for "not $A's" 20
	ok $? "a wrong passphrase does not unlock"
	tui_text "kettle harbour violet seven"
	tui_keys Enter
	wait_for "$CANARY typed before the lock" 20
	ok $? "the right one unlocks, with every word typed"
	tui_text " and after"
	wait_for "lock and after" 20
	ok $? "typing carries on after unlocking"
	tui_keys C-c
	wait_exit
	printf '100361\n!quit\n' | asA --plain --resume >"$T/back2" 2>&1
	like "$(cat "$T/back2")" "*$CANARY typed before the lock and after*" "all of it is in the database"
fi
finish
