#!/bin/sh
# tui_prepare.sh - what the staff member prepared with a code, at 80x24:
# the holder's sign-in on the TUI's first screen puts it into the draft;
# the walk shows it in place marked "(their own words)"; once the manager
# adds to it, the mark says "(their words, changed since)" and the audit
# log keeps who wrote what; plain mode shows the same marks.
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
code=$(asA prepare request 100 | awk '/^Preparation code/ { print $NF; exit }')
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
code=$(asA prepare request 100 | awk '/^Preparation code/ { print $NF; exit }')
printf '%s\n%s\nq\n' "$code" "$CANARY" | e prepare >/dev/null 2>&1
out=$(printf '100\n!quit\n' | asA --plain 2>&1)
like "$out" "*CURRENT: $CANARY
MARK: (their own words)*" "plain mode: MARK after CURRENT"
out=$(printf '100\nChanged by the manager\n.\n!quit\n' | asA --plain 2>&1)
out=$(printf '100\n!quit\n' | asA --plain 2>&1)
like "$out" "*CURRENT: Changed by the manager
MARK: (their words, changed since)*" "plain mode: changed since"
finish
