#!/bin/sh
# feedback_waiting.sh - 'eadr hub feedback-waiting': the 360 responses
# that wait at the hub for a request it has never seen (a forged code, or
# a request lost on its way) are listed by the first 8 digits of their
# code's hash, how many and since when, never what they say; with
# --purge-older-than DAYS those that waited longer are deleted, unread,
# without a question, each code audited; a bad DAYS is a usage error that
# changes nothing.  The same on a PostgreSQL copy of the hub (SKIP without
# a server).
. "$EADR_SRCDIR/tests/lib.sh"
command -v sqlite3 >/dev/null || skip_all "the sqlite3 shell is not installed"

EADR_FORMS="$EADR_SRCDIR/forms"; export EADR_FORMS
cd "$T" || exit 1
marker=E2E-FEEDBACK-WAITING-MARKER
printf 'staff_number,name\n100,Alex Kowalski\n' > s.csv
"$EADR" --db hub.db hub init -o hub.key >/dev/null 2>&1
"$EADR" --db c.db sync trust hub.key >/dev/null 2>&1
"$EADR" --db x.db staff import s.csv >/dev/null 2>&1
# x makes two requests that never reach the hub: their codes are "forged".
forged() { "$EADR" --db x.db feedback request 100 --peers 1 --close 2099-01-01 -o x 2>/dev/null |
	awk '$1 == "peers" { print $2; exit }'; }
mkdir x stick
old=$(forged)
new=$(forged)
give() { # CODE TEXT
	{ echo "$1"; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do echo 3; done
	  echo "$2 one"; echo "$2 two"; echo "$2 three"; echo y; } |
		"$EADR" --db c.db feedback >/dev/null 2>&1
}
give "$old" "$marker old"
"$EADR" --db c.db sync push stick >/dev/null 2>&1
"$EADR" --db hub.db hub import stick > imp.out 2>&1
fp=$(sed -n "s/.*then run: eadr hub allow '\([^']*\)'.*/\1/p" imp.out | head -1)
EADR_TODAY=2026-10-01 "$EADR" --db hub.db hub allow "$fp" >/dev/null 2>&1
ok $? "a response on a code whose request never comes reaches the hub on 2026-10-01"
give "$new" "$marker new"
"$EADR" --db c.db sync push stick >/dev/null 2>&1
EADR_TODAY=2026-11-20 "$EADR" --db hub.db hub import stick >/dev/null 2>&1
w() { sqlite3 hub.db "SELECT count(*) FROM hub_feedback_waiting"; }
is "$(w)" 2 "another on 2026-11-20: two responses wait"
h_old=$(sqlite3 hub.db "SELECT substr(code_hash, 1, 8) FROM hub_feedback_waiting WHERE arrived_on = '2026-10-01'")
h_new=$(sqlite3 hub.db "SELECT substr(code_hash, 1, 8) FROM hub_feedback_waiting WHERE arrived_on = '2026-11-20'")
like "$h_old$h_new" "????????????????" "each waiting response keeps the day it reached the hub"
cp hub.db before.db

export EADR_TODAY=2026-11-22
out=$("$EADR" --db hub.db hub feedback-waiting 2>&1; echo "exit=$?")
printf '%s\n' "$out" > list.out
like "$out" "*code hash  responses  waiting since   days*
  $h_old           1  2026-10-01        52
  $h_new           1  2026-11-20         2
2 responses of 2 codes wait, sealed and unread, for a request
the hub has not seen: it may still come, or the code was forged.*exit=0" \
	"listed oldest first: each code's hash (8 digits), how many, since when, how many days"
case "$out" in *"$marker"*|*"$old"*|*"$new"*) r=1 ;; *) r=0 ;; esac
ok $r "the list shows neither the answers nor the codes"
is "$(w)" 2 "listing changes nothing"

for bad in 0 -3 abc 7x ""; do
	out=$("$EADR" --db hub.db hub feedback-waiting --purge-older-than "$bad" 2>&1; echo "exit=$?")
	like "$out" "*--purge-older-than needs a whole number of days from 1 to 36500*exit=2" \
		"--purge-older-than '$bad': a usage error"
done
is "$(w)" 2 "a bad number of days purges nothing"
out=$("$EADR" --db hub.db hub feedback-waiting surprise 2>&1; echo "exit=$?")
like "$out" "*takes no arguments*exit=2" "a stray argument: a usage error"

out=$("$EADR" --db hub.db hub feedback-waiting --purge-older-than 60 2>&1; echo "exit=$?")
like "$out" "Purged 0 responses of 0 codes that waited more than 60 days*2 responses of 2 codes*exit=0" \
	"none waited more than 60 days: none purged"
out=$("$EADR" --db hub.db hub feedback-waiting --purge-older-than 52 2>&1; echo "exit=$?")
like "$out" "Purged 0 responses*exit=0" "52 days is not more than 52 days: kept"
out=$("$EADR" --db hub.db hub feedback-waiting --purge-older-than 51 2>&1; echo "exit=$?")
printf '%s\n' "$out" > purge.out
like "$out" "Purged 1 response of 1 code that waited more than 51 days for a request, unread (audited: feedback-waiting-purged).
  code hash  responses  waiting since   days
  $h_new           1  2026-11-20         2
1 response of 1 code waits*exit=0" \
	"--purge-older-than 51: the one from 2026-10-01 is purged, without a question; the other stays"
is "$(w)" 1 "one response left waiting"
is "$(sqlite3 hub.db "SELECT substr(code_hash, 1, 8) FROM hub_feedback_waiting")" "$h_new" \
	"the one left is the newer"
cp -r stick stick2
"$EADR" --db hub.db hub import stick2 >/dev/null 2>&1
is "$(w)" 1 "the same bundles imported again: the purged response does not come back to wait"
is "$(sqlite3 hub.db "SELECT action || ': ' || detail FROM audit WHERE action LIKE 'feedback-waiting%'")" \
	"feedback-waiting-purged: code hash $h_old: 1 response waiting since 2026-10-01, purged unread" \
	"the hub's audit log names the code's hash, how many and since when"
"$EADR" --db hub.db hub feedback-waiting --purge-older-than 1 >/dev/null 2>&1
out=$("$EADR" --db hub.db hub feedback-waiting 2>&1; echo "exit=$?")
like "$out" "No 360-degree feedback responses are waiting for a request.*exit=0" \
	"once all are purged, the list says none wait"

# ---- the same on PostgreSQL: a copy of the hub as it was before ----
pg_same() {
	"$EADR" --db before.db hub migrate-to "postgresql://eadr@127.0.0.1:$PG_PORT/fbw" >/dev/null 2>&1
	ok $? "PostgreSQL: the hub copied with 'hub migrate-to'"
	{ "$EADR" --hub "postgresql://eadr@127.0.0.1:$PG_PORT/fbw" hub feedback-waiting 2>&1
	  echo "exit=$?"; } > pg.list
	ok $(cmp -s list.out pg.list; echo $?) "PostgreSQL: the same list (the days each reached the hub were copied)"
	out=$("$EADR" --hub "postgresql://eadr@127.0.0.1:$PG_PORT/fbw" hub feedback-waiting \
		--purge-older-than 52 2>&1; echo "exit=$?")
	like "$out" "Purged 0 responses*2 responses of 2 codes*exit=0" \
		"PostgreSQL: 52 days is not more than 52 days: kept"
	out=$("$EADR" --hub "postgresql://eadr@127.0.0.1:$PG_PORT/fbw" hub feedback-waiting \
		--purge-older-than 51 2>&1; echo "exit=$?")
	printf '%s\n' "$out" > pg.purge
	ok $(cmp -s purge.out pg.purge; echo $?) "PostgreSQL: the same purge, the same words"
	is "$(psql -X -A -t -d fbw -c "SELECT action || ': ' || detail FROM audit WHERE action LIKE 'feedback-waiting%'")" \
		"feedback-waiting-purged: code hash $h_old: 1 response waiting since 2026-10-01, purged unread" \
		"PostgreSQL: the same audit entry"
	is "$(psql -X -A -t -d fbw -c "SELECT count(*) FROM hub_feedback_waiting")" 1 \
		"PostgreSQL: one response left waiting"
	rm -rf stick3; cp -r stick stick3
	"$EADR" --hub "postgresql://eadr@127.0.0.1:$PG_PORT/fbw" hub import stick3 >/dev/null 2>&1
	is "$(psql -X -A -t -d fbw -c "SELECT count(*) FROM hub_feedback_waiting")" 1 \
		"PostgreSQL: imported again, the purged response does not come back to wait"
}
if "$EADR" --hub postgresql://eadr@127.0.0.1:1/none hub devices 2>&1 | grep -q "no PostgreSQL support"; then
	_report 0 "PostgreSQL # SKIP this build has no PostgreSQL support"
else
	. "$EADR_SRCDIR/tests/e2e/pg.sh"
	trap 'pg_stop; rm -rf "$T"' EXIT
	if pg_start; then
		psql -X -q -d postgres -c "CREATE DATABASE fbw" >/dev/null 2>&1
		pg_same
	else
		_report 0 "PostgreSQL # SKIP $PG_WHY"
	fi
fi
finish
