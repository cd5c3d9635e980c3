#!/bin/sh
# prepare.sh - "eadr prepare": the manager's request prints a code and
# writes the sheet (text, HTML, -o); the staff member, with no manager
# signed in, answers only the prepared questions with the code (a wrong
# code is refused and asked again; nothing of the wellbeing conversation
# is asked); the answers reach the draft marked as their own words, at
# once on a laptop without profiles, at the holder's next sign-in on one
# with profiles (in no file in clear before or after); a code of a signed
# appraisal has expired and changes nothing.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3

cd "$T" || exit 1
CANARY=E2E-PREPARE-CANARY
e() { "$EADR" --db "$DB" --forms "$FORMS" "$@"; }
marks() { sql "SELECT count(*) FROM prepare_marks"; }
printf 'staff_number,name\n100,Alex Kowalski\n200,Zoë Ó Súilleabháin\n' > s.csv
"$EADR" --db plain.db staff import s.csv >/dev/null 2>&1

case_begin "the request: code, sheet as text and HTML" "$T/plain.db"
out=$(e prepare request 100 2>&1; echo "exit=$?")
like "$out" "Preparation code for Alex Kowalski (100): A????-?????-?????*Sheet written to prepare-100.txt*exit=0" \
	"request: the code printed, the sheet written, exit 0"
code=$(printf '%s\n' "$out" | awk '/^Preparation code/ { print $NF; exit }')
like "$(cat prepare-100.txt)" "*Preparing for your appraisal: Alex Kowalski*$code*What has gone well for you this year that you are proud of?*" \
	"the text sheet holds the name, the code and a prepared question"
found=0; grep -q "Wellbeing conversation\|mental health" prepare-100.txt && found=1
is "$found" 0 "the sheet asks nothing of the wellbeing conversation"
out=$(e prepare request 200 --format html -o sheet.html 2>&1; echo "exit=$?")
like "$out" "*Sheet written to sheet.html*exit=0" "--format html -o FILE"
like "$(cat sheet.html)" "<!DOCTYPE html>*Zoë Ó Súilleabháin*<h3>What has gone well for you this year that you are proud of?</h3>*" \
	"the HTML sheet"
ok $(grep -c "$code" "$DB" >/dev/null 2>&1; [ $? -eq 1 ]; echo $?) "the database keeps no code"
like "$(e prepare request 100 --format pdf 2>&1; echo "exit=$?")" "*not a sheet format*exit=2" \
	"an unknown format: usage error"
like "$(e prepare request 999 2>&1; echo "exit=$?")" "*999*exit=1" "an unknown staff number: refused"

case_begin "no profiles: a wrong code asked again, answers in the draft, marked" "$T/plain.db"
code=$(e prepare request 100 | awk '/^Preparation code/ { print $NF; exit }')
before=$(sql "SELECT count(*) FROM answers")
out=$(printf 'AAAAA-BBBBB-CCCCC\n' | e prepare 2>&1; echo "exit=$?")
like "$out" "*does not check out*exit=1" "a wrong code and the end of input: exit 1"
is "$(sql "SELECT count(*) FROM answers")" "$before" "a wrong code changed nothing"
"$EADR" --db other.db staff import s.csv >/dev/null 2>&1
elsewhere=$("$EADR" --db other.db --forms "$FORMS" prepare request 100 | awk '/^Preparation code/ { print $NF; exit }')
out=$(printf '%s\nq\n' "$elsewhere" | e prepare 2>&1; echo "exit=$?")
like "$out" "*does not hold*through the*hub*exit=0" \
	"a code of another laptop: kept for the hub (tests/e2e/prepare_away.sh)"
is "$(sql "SELECT count(*) FROM answers")" "$before" "a code of another laptop changed no draft"
printf '%s\n%s\n' "$code" "$CANARY" > in.txt
printf 'q\n' >> in.txt
swapped=$(mistype "$code")
out=$({ echo "$swapped"; cat in.txt; } | e prepare 2>&1; echo "exit=$?")
like "$out" "*does not check out*How are you, really?*Stopped: come back*marked as your own words*exit=0" \
	"a typo caught, the right code then taken; q stops"
is "$(sql "SELECT count(*) FROM answers WHERE path = 'welcome.checkin' AND value LIKE '%$CANARY%'")" 1 \
	"the answer is in the draft"
is "$(sql "SELECT path FROM prepare_marks")" "welcome.checkin" "marked as the person's own words"
like "$(sql "SELECT detail FROM audit WHERE action = 'prepared'")" "welcome.checkin written by the staff member" \
	"audited: who wrote it"

case_begin "the whole walk: prepared questions only, a new goal" "$T/plain.db"
code=$(e prepare request 100 | awk '/^Preparation code/ { print $NF; exit }')
out=$({ echo "$code"; for i in 1 2 3 4 5; do echo "answer $i"; done
	echo "Paediatric confidence"; echo "Shadow a paediatric nurse"; echo; echo; } | e prepare 2>&1; echo "exit=$?")
like "$out" "*== Welcome and wellbeing check-in ==*== Performance ==*== Talent and career ==*== Personal development plan: Goal 1 ==*Goal 2*last question*exit=0" \
	"the walk goes through the prepared sections to the end"
found=0
case $out in *"Wellbeing conversation"*|*"Values and behaviours"*|*"Summary and sign-off"*|*"Last year"*) found=1 ;; esac
is "$found" 0 "nothing of the wellbeing conversation or of unprepared sections is asked"
is "$(sql "SELECT count(*) FROM prepare_marks")" 7 "five answers and one goal's two fields marked"
is "$(sql "SELECT value FROM answers WHERE path = 'pdp.goals[0].need'")" "Paediatric confidence" \
	"the goal is a new item of the PDP"

case_begin "expired: the appraisal was signed" "$T/plain.db"
code=$(e prepare request 100 | awk '/^Preparation code/ { print $NF; exit }')
sql "UPDATE appraisals SET state = 'signed'"
before=$(sql "SELECT count(*) FROM answers")
out=$(printf '%s\n%s\n' "$code" "$CANARY" | e prepare 2>&1; echo "exit=$?")
like "$out" "*that preparation code has expired: the appraisal has been signed*exit=1" \
	"a code of a signed appraisal: a clear message, exit 1"
is "$(sql "SELECT count(*) FROM answers")" "$before" "nothing was changed"
like "$(e prepare request 100 2>&1; echo "exit=$?")" "*already signed*exit=1" \
	"no new code for a signed appraisal"

A="Ffion Llywelyn"
printf 'correct horse battery staple\n' > a.pass
case_begin "profiles: waiting, encrypted, until the holder signs in" "$T/plain.db"
e --passphrase-file a.pass profile add "$A" >/dev/null 2>&1
code=$(e --user "$A" --passphrase-file a.pass prepare request 100 | awk '/^Preparation code/ { print $NF; exit }')
like "$code" "A????-?????-?????" "the holder made a code"
out=$(printf '%s\n%s\nq\n' "$code" "$CANARY" | e prepare 2>&1; echo "exit=$?")
like "$out" "*Saved, encrypted, for your manager*exit=0" "with no manager signed in, the answers wait"
on_disk() { grep -a -l -- "$CANARY" "$DB" "$DB-wal" "$DB-shm" 2>/dev/null | wc -l | tr -d ' '; }
is "$(on_disk)" 0 "the canary is in no file in clear"
is "$(marks)" 0 "not in the draft yet"
out=$(printf '%s\n\n' "$code" | e prepare 2>&1; echo "exit=$?")
like "$out" "*Your saved answers are back.*(now: $CANARY; Enter keeps it)*exit=0" \
	"the same code carries on: the saved answers are back"
e --user "$A" --passphrase-file a.pass staff list >/dev/null 2>&1
is "$(marks)" 1 "the holder's sign-in (--user, --passphrase-file) put it in the draft"
is "$(on_disk)" 0 "the canary is still in no file in clear"
finish
