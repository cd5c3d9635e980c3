#!/bin/sh
# prepare_away.sh - a preparation code used on a laptop that does not hold
# the appraisal: laptop b asks the prepared questions of its form and keeps
# the answers encrypted under the code (a canary in no file in clear, nor in
# b's bundle, nor at the hub); a's bundle tells the hub the code's hash,
# b's carries the answers; hub import writes a signed file for a, which
# sync pull takes, and the holder's next sign-in puts them in the draft,
# marked as the person's words.  A mistyped code is refused on b; a code no
# laptop issued never reaches anyone; an expired code's answers are refused
# at the hub; nothing of the wellbeing conversation is asked.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3

cd "$T" || exit 1
CANARY=E2E-AWAY-CANARY
A="Ffion Llywelyn"
printf 'correct horse battery staple\n' > a.pass
ea() { "$EADR" --db a.db --forms "$FORMS" "$@"; }
eb() { "$EADR" --db b.db --forms "$FORMS" "$@"; }
hub() { "$EADR" --db hub.db "$@"; }
mkdir stick
hub hub init -o hub.key >/dev/null 2>&1
printf 'staff_number,name\n100,Alex Kowalski\n' > s.csv
ea staff import s.csv >/dev/null 2>&1
ea sync trust hub.key >/dev/null 2>&1
eb sync trust hub.key >/dev/null 2>&1
ea --passphrase-file a.pass profile add "$A" >/dev/null 2>&1
code=$(ea --user "$A" --passphrase-file a.pass prepare request 100 | awk '/^Preparation code/ { print $NF; exit }')
like "$code" "A????-?????-?????" "a: the holder made a code"
on_disk() {	# FILE...: how many hold the canary in clear
	grep -a -l -- "$CANARY" "$@" 2>/dev/null | wc -l | tr -d ' '
}
allow_all() {
	hub hub import stick > imp.out 2>&1
	sed -n "s/.*then run: eadr hub allow '\([^']*\)'.*/\1/p" imp.out | while read -r fp; do
		hub hub allow "$fp" >/dev/null 2>&1
	done
}

case_begin "b: a mistyped code refused, the right one opens the prepared questions" /dev/null
swapped=$(mistype "$code")
out=$(printf '%s\n' "$swapped" | eb prepare 2>&1; echo "exit=$?")
like "$out" "*does not check out*exit=1" "a mistyped code: refused on b"
out=$(printf '%s\n%s\nq\n' "$code" "$CANARY" | eb prepare 2>&1; echo "exit=$?")
like "$out" "*How are you, really?*does not hold*through the*hub to your manager*exit=0" \
	"b: the code is not b's; the person answers, told where the words go"
is "$(on_disk b.db b.db-wal b.db-shm)" 0 "b: the canary is in no file in clear"
is "$(sqlite3 b.db "SELECT count(*) FROM prepare_away")" 1 "b: kept, encrypted under the code"
all=$(printf '%s\n' "$code"; i=0; while [ $i -lt 20 ]; do echo; i=$((i + 1)); done)
out=$(printf '%s\n' "$all" | eb prepare 2>&1)
like "$out" "*Your saved answers are back.*(now: $CANARY; Enter keeps it)*" \
	"b: the same code carries on"
found=0
case $out in *"Wellbeing conversation"*|*"== Wellbeing"*|*"Values and behaviours"*) found=1 ;; esac
is "$found" 0 "b: nothing of the wellbeing conversation is asked"

case_begin "through the hub to a, marked as the person's words" /dev/null
like "$(ea sync push stick 2>&1; echo "exit=$?")" "*1 code*exit=0" "a: its bundle tells the hub the code"
like "$(eb sync push stick 2>&1; echo "exit=$?")" "*1 typed here for another laptop*exit=0" \
	"b: its bundle carries the answers"
is "$(on_disk stick/* b.db b.db-wal)" 0 "the canary is in no bundle in clear"
allow_all
out=$(hub hub import stick 2>&1; echo "exit=$?")
like "$out" "*1 preparation written for its laptop*exit=0" "hub import writes the file for a"
is "$(on_disk hub.db hub.db-wal stick/*)" 0 "the hub cannot read the answers"
is "$(sqlite3 hub.db "SELECT count(*) FROM hub_prepare_answers")" 1 "the hub keeps them, under the code"
is "$(ls stick/*.prep | wc -l | tr -d ' ')" 1 "one file for a"
mkdir forged
for f in stick/*.prep; do sed 's/^saved \(.*\)$/saved 2099-01-01T00:00:00Z/' "$f" > "forged/${f#stick/}"; done
out=$(ea sync pull forged 2>&1; echo "exit=$?")
like "$out" "*bad signature*0 taken*1 not taken*exit=1" "a: a file changed after the hub signed it is refused"
is "$(sqlite3 a.db "SELECT count(*) FROM prepare_inbox")" 0 "a: nothing taken from it"
out=$(ea sync pull stick 2>&1; echo "exit=$?")
like "$out" "*preparations from the hub: 1 taken*exit=0" "a: sync pull takes it"
is "$(sqlite3 a.db "SELECT count(*) FROM prepare_marks")" 0 "a: not in the draft before the holder signs in"
like "$(ea sync push stick 2>&1)" "nothing to send*" "a: acknowledged, the code is not told again"
like "$(eb sync push stick 2>&1)" "*1 typed here for another laptop*" "b: sent again until the hub acknowledges it"
eb sync pull stick >/dev/null 2>&1
like "$(eb sync push stick 2>&1)" "nothing to send*" "b: acknowledged, the answers travel no more"
ea --user "$A" --passphrase-file a.pass staff list >/dev/null 2>&1
is "$(sqlite3 a.db "SELECT group_concat(path) FROM prepare_marks")" "welcome.checkin" \
	"a: the holder's sign-in put it in the draft, marked as the person's words"
like "$(sqlite3 a.db "SELECT detail FROM audit WHERE action = 'prepared'")" \
	"welcome.checkin written by the staff member" "a: audited"
is "$(on_disk a.db a.db-wal)" 0 "a: the canary is in no file in clear"
out=$(ea sync pull stick 2>&1; echo "exit=$?")
case $out in *"1 taken"*) found=1 ;; *) found=0 ;; esac
is "$found" 0 "a: the same file pulled again changes nothing"
is "$(sqlite3 a.db "SELECT count(*) FROM prepare_inbox")" 0 "a: nothing waits again"

case_begin "a code no laptop issued reaches nobody; an expired code is refused" /dev/null
"$EADR" --db c.db staff import s.csv >/dev/null 2>&1
stranger=$("$EADR" --db c.db --forms "$FORMS" prepare request 100 | awk '/^Preparation code/ { print $NF; exit }')
out=$(printf '%s\nstranger words\nq\n' "$stranger" | eb prepare 2>&1; echo "exit=$?")
like "$out" "*through the*hub*exit=0" "b cannot tell a code no laptop issued: it keeps the words"
eb sync push stick >/dev/null 2>&1
hub hub import stick >/dev/null 2>&1
is "$(sqlite3 hub.db "SELECT count(*) FROM hub_prepare_answers w WHERE NOT EXISTS
	(SELECT 1 FROM hub_prepare_requests r WHERE r.code_hash = w.code_hash)")" 1 \
	"the hub keeps them unmatched, under their code"
out=$(ea sync pull stick 2>&1; echo "exit=$?")
case $out in *"1 taken"*) found=1 ;; *) found=0 ;; esac
is "$found" 0 "an unknown code's answers reach no laptop"
is "$(sqlite3 a.db "SELECT count(*) FROM prepare_inbox")" 0 "a: nothing waits"
sqlite3 a.db "UPDATE appraisals SET state = 'signed'"
like "$(ea sync push stick 2>&1)" "*1 code*" "a: tells the hub the code has expired"
hub hub import stick >/dev/null 2>&1
is "$(sqlite3 hub.db "SELECT count(*) FROM hub_prepare_answers a JOIN hub_prepare_requests r
	USING (code_hash) WHERE r.expired")" 0 "hub: what waited for the expired code is gone"
rm -f stick/*.prep
printf '%s\nlater words\nq\n' "$code" | eb prepare >/dev/null 2>&1
eb sync push stick >/dev/null 2>&1
out=$(hub hub import stick 2>&1; echo "exit=$?")
like "$out" "*has expired (the appraisal was signed): refused*exit=0" \
	"hub: answers of an expired code refused, the bundle imported"
is "$(ls stick/*.prep 2>/dev/null | wc -l | tr -d ' ')" 0 "nothing goes back to a"

finish
