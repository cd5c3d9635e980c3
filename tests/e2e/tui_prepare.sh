#!/bin/sh
# tui_prepare.sh - what the staff member prepared with a code, at 80x24:
# the holder's sign-in on the TUI's first screen puts it into the draft;
# the walk shows it in place marked "(their own words)"; once the manager
# adds to it, the mark says "(their words, changed since)" and the audit
# log keeps who wrote what; plain mode shows the same marks.  F2 on the
# sign-in screen ("Prepare for my appraisal"): a wrong code is said, the
# right one opens only the prepared questions (nothing of wellbeing), each
# saved as typed (encrypted: in no file in clear), a clear end, and the
# holder's next sign-in finds the words in place; F1 lists the key.
# "eadr prepare" on a terminal (a pty): each prompt shows before its answer.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
need_tui

CANARY=E2E-TUI-PREPARE-CANARY
A="Ffion Llywelyn"
printf 'correct horse battery staple\n' > "$T/a.pass"
printf 'staff_number,name\n100,Alex Kowalski\n' > "$T/s.csv"
e() { "$EADR" --db "$DB" --forms "$FORMS" "$@"; }
asA() { e --user "$A" --passphrase-file "$T/a.pass" "$@"; }
"$EADR" --db "$T/base.db" staff import "$T/s.csv" >/dev/null 2>&1
"$EADR" --db "$T/base.db" --passphrase-file "$T/a.pass" profile add "$A" >/dev/null 2>&1
ok $? "a laptop with a manager's profile"

signin() {	# on the sign-in screen: A's name and passphrase
	wait_for "EADR: sign in" || return 1
	tui_text "$A"
	tui_keys Tab
	tui_text "correct horse battery staple"
	tui_keys Enter
}

case_begin "the TUI's sign-in collects; the walk marks the person's words" "$T/base.db"
code=$(asA prepare request 100 -o "$T/sheet.txt" | awk '/^Preparation code/ { print $NF; exit }')
printf '%s\n%s\nq\n' "$code" "$CANARY" | e prepare >/dev/null 2>&1
is "$(sql "SELECT count(*) FROM prepare_marks")" 0 "waiting for the holder"
eadr_tui 80 24
signin
wait_for "Alex Kowalski" 20
is "$(sql "SELECT count(*) FROM prepare_marks")" 1 "the TUI's sign-in put it into the draft"
tui_text alex
tui_keys Enter
wait_for "Section 1 of 7"
like "$(tui_screen)" "*How is the person today, really? (their own words)*$CANARY*" \
	"in place, marked as the person's own words"
tui_keys End
tui_text " and the manager adds this"
wait_for "(their words, changed since)"
ok $? "once the manager adds to it, the mark says so"
like "$(sql "SELECT detail FROM audit WHERE action = 'prepared-edited'")" \
	"welcome.checkin written by the staff member, changed by $A" \
	"the audit log keeps who wrote what"
is "$(sql "SELECT count(*) FROM audit WHERE action = 'prepared-edited'")" 1 "audited once, not per key"

case_begin "plain mode shows the marks" "$T/base.db"
code=$(asA prepare request 100 -o "$T/sheet.txt" | awk '/^Preparation code/ { print $NF; exit }')
printf '%s\n%s\nq\n' "$code" "$CANARY" | e prepare >/dev/null 2>&1
out=$(printf '100\n!quit\n' | asA --plain 2>&1)
like "$out" "*CURRENT: $CANARY
MARK: (their own words)*" "plain mode: MARK after CURRENT"
out=$(printf '100\nChanged by the manager\n.\n!quit\n' | asA --plain 2>&1)
out=$(printf '100\n!quit\n' | asA --plain 2>&1)
like "$out" "*CURRENT: Changed by the manager
MARK: (their words, changed since)*" "plain mode: changed since"
case_begin "eadr prepare on a terminal: each prompt before its answer" "$T/base.db"
code=$(asA prepare request 100 -o "$T/sheet.txt" | awk '/^Preparation code/ { print $NF; exit }')
tui_start 80 24 "$EADR" --db "$DB" --forms "$FORMS" prepare
wait_for "Your code (from the preparation sheet):"
tui_text "$code"
tui_keys Enter
wait_for "answer>"
like "$(tui_screen)" "*How are you, really?*answer>*" "the first prepared question, then its prompt"
tui_text "$CANARY on a terminal"
tui_keys Enter
wait_for "What would make the conversation useful for you?"
tui_text q
tui_keys Enter
wait_for "Hand back to your manager."
ok $? "q stops; saved, hand back"
out=$(printf '%s\n\n' "$code" | e prepare 2>&1)
like "$out" "*(now: $CANARY on a terminal; Enter keeps it)*" "what was typed on the terminal was saved"

case_begin "F2 on the sign-in screen: the staff member prepares" "$T/base.db"
code=$(asA prepare request 100 -o "$T/sheet.txt" | awk '/^Preparation code/ { print $NF; exit }')
eadr_tui 80 24 NO_COLOR=1
wait_for "EADR: sign in"
like "$(tui_screen)" "*F2 prepare  F3 feedback  F1 help*" "the sign-in footer names F2, F3 and F1"
tui_keys F1
wait_for "F2: prepare for my appraisal"
ok $? "F1 on the sign-in screen lists the new key"
tui_keys x
wait_for "EADR: sign in"
tui_keys F2
wait_for "Your manager gave you a code"
tui_text "AAAAA-BBBBB-CCCCC"
tui_keys Enter
wait_for "does not check out"
ok $? "a wrong code: a clear message"
tui_keys C-u
tui_text "$code"
tui_keys Enter
wait_for "question 1 of 9"
assert_screen guest_prepare "the guest walk at 80x24 (screens/guest_prepare.screen)"
tui_text "$CANARY typed by the person"
_w=100
while [ "$(sql "SELECT count(*) FROM prepare_inbox")" != 1 ] && [ $_w -gt 0 ]; do
	sleep 0.1; _w=$((_w - 1))
done
is "$(sql "SELECT count(*) FROM prepare_inbox")" 1 "saved as typed, before leaving the question"
found=0; grep -a -q -- "$CANARY" "$DB" "$DB-wal" 2>/dev/null && found=1
is "$found" 0 "saved encrypted: the words are in no file in clear"
heads=
for i in 2 3 4 5 6 7 8 9; do
	tui_keys Tab
	wait_for "question $i of 9"
	heads="$heads|$(tui_screen | sed -n 2p | sed 's/ - question.*//; s/^ *//')"
done
is "$heads" "|Welcome and wellbeing check-in|Performance|Performance|Talent and career|Personal development plan: Goal 1|Personal development plan: Goal 1|Personal development plan: Goal 2|Personal development plan: Goal 2" \
	"only the prepared questions, nothing of the wellbeing conversation"
tui_keys F10
wait_for "hand the laptop back to your manager"
ok $? "a clear end: saved, hand back to the manager"
tui_keys x
signin
wait_for "Alex Kowalski" 20
tui_text alex
tui_keys Enter
wait_for "Section 1 of 7"
like "$(tui_screen)" "*(their own words)*$CANARY typed by the person*" \
	"the holder signs in: the words are in the walk, marked"
case_begin "F2 with a code of another laptop: kept for the hub" "$T/base.db"
"$EADR" --db "$T/other.db" staff import "$T/s.csv" >/dev/null 2>&1
code=$("$EADR" --db "$T/other.db" --forms "$FORMS" prepare request 100 -o "$T/sheet2.txt" | awk '/^Preparation code/ { print $NF; exit }')
eadr_tui 80 24 NO_COLOR=1
wait_for "EADR: sign in"
tui_keys F2
wait_for "Your manager gave you a code"
tui_text "$code"
tui_keys Enter
wait_for "question 1 of 9"
ok $? "a code this laptop did not issue opens the prepared questions"
tui_text "$CANARY away"
_w=100
while [ "$(sql "SELECT count(*) FROM prepare_away")" != 1 ] && [ $_w -gt 0 ]; do
	sleep 0.1; _w=$((_w - 1))
done
is "$(sql "SELECT count(*) FROM prepare_away")" 1 "saved as typed, for the hub"
found=0; grep -a -q -- "$CANARY away" "$DB" "$DB-wal" 2>/dev/null && found=1
is "$found" 0 "the words are in no file in clear"
tui_keys F10
wait_for "through the hub"
ok $? "the end says where the words go"
finish
