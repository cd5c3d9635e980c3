#!/bin/sh
# voice.sh - "eadr voice" and "eadr report voice" (schema/voice.md, How it
# went): refused without a trusted hub key or before signing, nothing
# asked and nothing kept; the screen says the manager cannot read the
# answers before the first statement; Enter skips; a canary typed into the
# free text is in none of the laptop's files (database, -wal, -shm, the
# temporary folder) byte for byte after submission; the answers wait until
# 5 can travel, ride in a bundle to the hub, and the hub's report shows a
# station once it has 5 answers (text, CSV, JSON, and a section of the
# board's report), with the canary among the comments; a PostgreSQL hub
# that does not answer gets a clear message.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3

cd "$T" || exit 1
mkdir -p tmp stick
TMPDIR="$T/tmp" SQLITE_TMPDIR="$T/tmp"
export TMPDIR SQLITE_TMPDIR
CANARY="CANARY-voice-e2e-91c2"
DB="$T/lap.db"
e() { "$EADR" --db "$DB" --forms "$FORMS" "$@"; }
{
	echo "staff_number,name,role,band,station,email,due"
	for n in 1 2 3 4 5 6; do echo "50$n,Person $n,Paramedic,6,Riverside,,2027-01-01"; done
} >staff.csv
e staff import staff.csv >/dev/null 2>&1
ok $? "six staff at Riverside"

case_begin "not signed yet, no hub key: refused, nothing asked, nothing kept" "$DB"
DB="$T/lap.db"
plain_fill 506 "Person 6"
out=$(printf '4\n4\n4\n\ny\n' | e voice 506 2>&1; echo "exit=$?")
like "$out" "*trusts no hub key*exit=1" "no trusted hub key: a clear message, exit 1"
case $out in *"It helped me"*) ok 1 "no statement asked" ;; *) ok 0 "no statement asked" ;; esac
is "$(sql "SELECT count(*) FROM voice_outbox")" 0 "nothing kept"
"$EADR" --db hub.db hub init -o hub.key >/dev/null 2>&1
e sync trust hub.key >/dev/null 2>&1
ok $? "the laptop trusts the hub"
out=$(printf "4\n" | e voice 506 2>&1; echo "exit=$?")
like "$out" "*not signed yet*exit=1" "a draft: refused until both have signed"
is "$(sql "SELECT count(*) FROM voice_outbox")" 0 "nothing kept"

case_begin "signed: the canary is in no file of the laptop" "$DB"
DB="$T/lap.db"
for n in 1 2 3 4 5; do plain_fill "50$n" "Person $n" sign; done
is "$(sql "SELECT count(*) FROM appraisals WHERE state = 'final'")" 5 "five appraisals signed and final"
out=$(printf '5\nagree\n\n%s typed by the staff member\ny\n' "$CANARY" | e voice 501 2>&1; echo "exit=$?")
like "$out" "*How did it go? (for the staff member)*nobody on this laptop can read them afterwards,*your manager included*It helped me to improve*exit=0" \
	"the screen says the manager cannot read them, before the first statement"
like "$out" "*sealed for the trust's hub*" "sealed"
found=$(grep -a -l -- "$CANARY" "$DB" "$DB-wal" "$DB-shm" 2>/dev/null | wc -l | tr -d ' ')
is "$found" 0 "the canary is in none of the database, -wal, -shm"
found=$(find "$T/tmp" -type f -exec grep -a -l -- "$CANARY" {} + 2>/dev/null | wc -l | tr -d ' ')
is "$found" 0 "the canary is in no temporary file"
is "$(sql "SELECT count(*) FROM voice_outbox WHERE length(submitted_on) = 10")" 1 \
	"one sealed answer kept, with the date only"
# Enter skips: a person answering only one statement
out=$(printf '\n\n3\n\ny\n' | e voice 502 2>&1; echo "exit=$?")
like "$out" "*sealed*exit=0" "Enter skips a statement"
out=$(printf '\n\n\n\ny\n' | e voice 503 2>&1; echo "exit=$?")
like "$out" "*nothing was answered, so nothing is kept*exit=1" "nothing answered: nothing kept"
out=$(printf '4\nmaybe\n2\n\n\nn\n' | e voice 503 2>&1; echo "exit=$?")
like "$out" "*'maybe' is not one of the answers*Nothing was kept.*exit=0" \
	"a word eadr does not know is asked again; not sealing keeps nothing"
for n in 3 4; do printf '4\n4\n4\n\ny\n' | e voice "50$n" >/dev/null 2>&1; done
out=$(e sync push stick 2>&1)
like "$out" "*4 answers of how it went wait here until 5 can travel together*" \
	"four answers wait on the laptop"
is "$(ls stick | grep -c bundle)" 1 "(the appraisals travel)"
out=$("$EADR" --db hub.db hub import stick 2>&1)
fp=$(printf '%s\n' "$out" | sed -n "s/.*eadr hub allow '\([^']*\)'.*/\1/p" | head -1)
"$EADR" --db hub.db hub allow "$fp" >/dev/null 2>&1
ok $? "(the hub approves the laptop)"
"$EADR" --db hub.db hub import stick >/dev/null 2>&1
e sync pull stick >/dev/null 2>&1
printf '2\n2\n2\n\ny\n' | e voice 505 >/dev/null 2>&1
out=$(e sync push stick 2>&1)
like "$out" "*and 5 sealed answers of how it went*" "with the fifth, they travel"
found=$(grep -a -l -- "$CANARY" stick/* 2>/dev/null | wc -l | tr -d ' ')
is "$found" 0 "the canary is not on the stick in clear"
out=$("$EADR" --db hub.db hub import stick 2>&1)
like "$out" "*how it went: 5 answers taken, 0 already here, 0 refused*" "the hub takes them"
out=$("$EADR" --db hub.db report voice 2>&1; echo "exit=$?")
like "$out" "*Riverside                   5        75%        75%        50%          -*exit=0" "the hub's report shows Riverside with 5 answers"
like "$out" "*$CANARY typed by the staff member (Riverside)*" "the comment, with its station shown"
"$EADR" report voice --hub hub.db --format csv -o voice.csv 2>&1
ok $? "report voice --hub HUB --format csv -o FILE (the README's words)"
like "$(cat voice.csv)" "*station,Riverside,improve,5,0,1,0,2,1,4,75,shown*" "CSV: counts per point (one skipped)"
is "$(stat -c %a voice.csv)" 600 "the file is mode 0600"
out=$("$EADR" --hub hub.db report voice --format json 2>&1)
like "$out" "*\"cell\": \"Riverside\", \"shown\": true, \"answers\": 5*" "JSON"
"$EADR" --db hub.db report --format html -o board.html >/dev/null 2>&1
ok $? "the board's report on the hub"
out=$(tr -d '\n' <board.html)
like "$out" "*<section id=\"voice\">*<th scope=\"row\">Riverside</th><td>5</td><td>75%</td><td>75%</td><td>50%</td><td>-</td>*" \
	"the board's report has a section How it went, with Riverside's figures"
case $out in *"$CANARY"*) ok 1 "no comment in the board's report" ;; *) ok 0 "no comment in the board's report" ;; esac
out=$("$EADR" --hub postgresql://nobody@127.0.0.1:1/x report voice 2>&1; echo "exit=$?")
like "$out" "*cannot open the hub postgresql://*exit=1" \
	"a PostgreSQL hub that does not answer: a clear message (hub_pg_voice.sh: one that does)"
out=$("$EADR" --hub hub.db report voice --format xml 2>&1; echo "exit=$?")
like "$out" "*unknown format 'xml'*exit=2" "an unknown format: usage error"

# A laptop whose first bundle carries five answers of how it went waits for
# approval: 'hub allow' merges them and says how many.
case_begin "hub allow: the waiting answers of how it went are merged and counted" "$T/lap2.db"
fix="$EADR_BUILDDIR/tests/e2e/sync_fixture"
e2() { "$EADR" --db "$T/lap2.db" --forms "$FORMS" "$@"; }
"$EADR" --db hub2.db hub init -o hub2.key >/dev/null 2>&1
e2 sync trust hub2.key >/dev/null 2>&1
for n in 501 502 503 504 505; do
	"$fix" lap2.db final "$n" "Person $n" M1 "Goal $n" >/dev/null 2>&1 || break
	printf '4\n4\n5\n\ny\n' | e2 voice "$n" >/dev/null 2>&1 || break
done
ok $? "five final appraisals, each with an answer of how it went"
mkdir stick2
out=$(e2 sync push stick2 2>&1)
like "$out" "*and 5 sealed answers of how it went*" "they travel in the first bundle"
out=$("$EADR" --db hub2.db hub import stick2 2>&1)
fp=$(printf '%s\n' "$out" | sed -n "s/.*eadr hub allow '\([^']*\)'.*/\1/p" | head -1)
out=$("$EADR" --db hub2.db hub allow "$fp" 2>&1; echo "exit=$?")
like "$out" "*approved; 1 waiting bundle merged (5 appraisals)*its waiting bundles: how it went: 5 answers taken, 0 already here, 0 refused*exit=0" \
	"hub allow says how many answers of how it went it merged"
out=$("$EADR" --db hub2.db report voice --format csv 2>&1)
like "$out" "*station,*,5,*" "the hub holds the five"

finish
