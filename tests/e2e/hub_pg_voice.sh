#!/bin/sh
# hub_pg_voice.sh - "how it went" (V records), preparations from another
# laptop (C and W) and 'hub recover' on a PostgreSQL hub (issue 18): one
# SQLite hub, copied with migrate-to into PostgreSQL while still empty (so
# both hold the same keys), imports the same bundles as the PostgreSQL one;
# 'report voice' (text, CSV, JSON), the board's report, the import output,
# the preparation files sent back and 'hub recover' come out the same from
# either (cmp).  A later answer replaces an earlier one; an expired code's
# answers are refused; the holder's laptop takes the PostgreSQL hub's
# preparation, and a manager resets a passphrase with its reset file.
# SQLite is the reference.  SKIP (never PASS) without libpq or a server.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
export EADR_TODAY=2026-05-11
unset EADR_HUB PGHOST PGPORT PGUSER PGDATABASE PGPASSWORD PGSERVICE

. "$EADR_SRCDIR/tests/e2e/pg.sh"
pg_test_server hubv
PG="postgresql://eadr@127.0.0.1:$PG_PORT/hubv"

cd "$T" || exit 1
fix="$EADR_BUILDDIR/tests/e2e/sync_fixture"
A="Ffion Llywelyn"
CANARY=PG-AWAY-CANARY
printf 'kettle harbour violet seven\n' > a.pass
printf 'a brand new passphrase now\n' > new.pass
sq() { "$EADR" --db hub.db "$@"; }
pg() { "$EADR" --hub "$PG" "$@"; }
ev() { "$EADR" --db v.db --forms "$FORMS" "$@"; }
ea() { "$EADR" --db a.db --forms "$FORMS" "$@"; }
eb() { "$EADR" --db b.db --forms "$FORMS" "$@"; }
fp_of() { "$EADR" --db "$1" sync status | sed -n "s/^this laptop's fingerprint: \([0-9a-f ]*\) (device .*/\1/p"; }
same() {	# FILE_SQ FILE_PG WHAT: byte for byte, the PostgreSQL side's paths
	sed "s|stick_pg|stick|g; s|$PG|HUB|g" "$2" > "$2.n"
	sed "s|stick_sq|stick|g; s|hub\.db|HUB|g" "$1" > "$1.n"
	cmp "$1.n" "$2.n" >/dev/null
	ok $? "the same from either back end: $3"
	[ -s "$1.n" ] || ok 1 "($3 is not empty)"
}

sq hub init -o hub.pub >/dev/null 2>&1 && sq hub migrate-to "$PG" >/dev/null 2>&1
ok $? "a SQLite hub, copied while empty into PostgreSQL (the same keys)"

# ---- the bundles: answers of how it went (one given twice), a code and
# ---- the answers typed for it on another laptop ----
mkdir stick
ev sync trust hub.pub >/dev/null 2>&1
for n in 501 502 503 504 505 506; do
	"$fix" v.db final "$n" "Person $n" M1 "Goal $n" 2>/dev/null || break
done
ok $? "laptop v: six final appraisals"
for n in 501 502 503 504 505; do printf '4\n4\n5\n\ny\n' | ev voice "$n" >/dev/null 2>&1; done
printf '2\n1\n2\n\ny\n' | ev voice 501 >/dev/null 2>&1
ok $? "laptop v: five answers of how it went, 501 answered again (disagreeing)"
ev sync push stick >/dev/null 2>&1
printf 'staff_number,name\n100,Alex Kowalski\n' > s.csv
ea staff import s.csv >/dev/null 2>&1 && ea sync trust hub.pub >/dev/null 2>&1 &&
	eb sync trust hub.pub >/dev/null 2>&1 &&
	ea --passphrase-file a.pass profile add "$A" >/dev/null 2>&1
code=$(ea --user "$A" --passphrase-file a.pass prepare request 100 | awk '/^Preparation code/ { print $NF; exit }')
like "$code" "A????-?????-?????" "laptop a: the holder made a code"
printf '%s\n%s\nq\n' "$code" "$CANARY" | eb prepare >/dev/null 2>&1
ok $? "laptop b: the person answers under a's code"
ea sync push stick >/dev/null 2>&1 && eb sync push stick >/dev/null 2>&1
ok $? "a and b push"
is "$(ls stick/*.bundle | wc -l | tr -d ' ')" 3 "three bundles"

# The same on either hub: import (all wait), allow, import, import again.
story() {	# SIDE (sq or pg)
	s=stick_$1
	rm -rf "$s"; cp -r stick "$s"
	$1 hub import "$s" > "$1.imp1" 2>&1
	for db in v.db a.db b.db; do $1 hub allow "$(fp_of "$db")" >> "$1.allow" 2>&1 || return 1; done
	$1 hub import "$s" > "$1.imp2" 2>&1 || return 1
	$1 hub import "$s" > "$1.imp3" 2>&1 || return 1
	$1 report voice > "$1.voice.txt" 2>&1 &&
		$1 report voice --format csv > "$1.voice.csv" 2>&1 &&
		$1 report voice --format json > "$1.voice.json" 2>&1 &&
		$1 report --format html -o "$T/$1.board.html" >/dev/null 2>&1 || return 1
	ls "$s"/*.prep > "$1.preps" 2>&1 || return 1
	for f in "$s"/*.prep; do grep -v '^made \|^signature ' "$f"; done > "$1.prep"
}
story sq; ok $? "the story on the SQLite hub"
story pg; ok $? "the story on the PostgreSQL hub"
for f in imp1 allow imp2 imp3 voice.txt voice.csv voice.json board.html preps prep; do
	same "sq.$f" "pg.$f" "$f"
done
like "$(cat pg.allow)" "*approved; 1 waiting bundle merged (6 appraisals)*" "(PostgreSQL: v's bundle merged)"
is "$(psql -X -A -t -d hubv -c "SELECT count(*) FROM hub_voice") $(psql -X -A -t -d hubv -c "SELECT count(*) FROM hub_voice_seen")" \
	"5 6" "(PostgreSQL: six answers seen, five count)"
like "$(cat pg.imp3)" "*already imported*1 preparation written for its laptop*" \
	"(importing again changes nothing, the preparation is written again)"
like "$(cat pg.voice.csv)" "*all,all,improve,5,0,1,0,4,0,5,80,shown*" \
	"(the later answer of 501 counts, not the earlier)"
like "$(tr -d '\n' < pg.board.html)" "*<section id=\"voice\">*" "(the board's report has its section)"
is "$(psql -X -A -t -d hubv -c "SELECT count(*) FROM audit WHERE action = 'voice-replaced'")" \
	"$(sqlite3 hub.db "SELECT count(*) FROM audit WHERE action = 'voice-replaced'")" \
	"the same audit of the replaced answer"
is "$(grep -a -l -- "$CANARY" stick_pg/* 2>/dev/null | wc -l | tr -d ' ')" 0 \
	"the PostgreSQL hub's file holds no answer in clear"
is "$(psql -X -A -t -d hubv -c "SELECT count(*) FROM hub_prepare_answers
	WHERE position(convert_to('$CANARY', 'UTF8') in box) > 0")" 0 "nor does its database"
out=$(ea sync pull stick_pg 2>&1; echo "exit=$?")
like "$out" "*preparations from the hub: 1 taken*exit=0" "a takes the PostgreSQL hub's preparation"
ea --user "$A" --passphrase-file a.pass staff list >/dev/null 2>&1
is "$(sqlite3 a.db "SELECT group_concat(path) FROM prepare_marks")" "welcome.checkin" \
	"a: the holder's sign-in put it in the draft"

# ---- an expired code: its answers refused on both ----
sqlite3 a.db "UPDATE appraisals SET state = 'signed'"
rm -f stick/*
mkdir stickb
ea sync push stick >/dev/null 2>&1
printf '%s\nlater words\nq\n' "$code" | eb prepare >/dev/null 2>&1
eb sync push stickb >/dev/null 2>&1
for side in sq pg; do	# a's bundle first: the code has expired
	rm -rf "stick_$side"; cp -r stick "stick_$side"; cp stickb/* "stick_$side"
	$side hub import "stick_$side"/eadr-"$(sqlite3 a.db "SELECT substr(value, 1, 8) FROM meta WHERE key = 'device_id'")"-*.bundle > "$side.imp4" 2>&1
	$side hub import "stick_$side" >> "$side.imp4" 2>&1
done
same sq.imp4 pg.imp4 "the import after the code expired"
like "$(cat pg.imp4)" "*has expired (the appraisal was signed): refused*" \
	"PostgreSQL: answers of an expired code refused, the bundle imported"
is "$(ls stick_pg/*.prep 2>/dev/null | wc -l | tr -d ' ')" 0 "nothing goes back to a"
is "$(cat sq.imp4 pg.imp4 | grep -c 'unknown error')" 0 "a code kept is not said as a problem"
is "$(psql -X -A -t -d hubv -c "SELECT count(*) FROM hub_prepare_answers")" 0 \
	"what waited for the expired code is gone"

# ---- migrate-to carries them: a copy of the SQLite hub as it is now ----
psql -q -d postgres -c "CREATE DATABASE hubm" >/dev/null
sq hub migrate-to "${PG%/hubv}/hubm" > mig.out 2>&1; ok $? "migrate-to the SQLite hub holding answers and preparations"
for t in hub_voice hub_voice_seen hub_prepare_requests hub_prepare_answers; do
	n=$(sqlite3 hub.db "SELECT count(*) FROM $t")
	like "$(grep "^$t " mig.out)" "$t *$n *$n" "migrate-to copies $t ($n rows)"
done
"$EADR" --hub "${PG%/hubv}/hubm" report voice --format csv > mig.voice.csv 2>&1
same sq.voice.csv mig.voice.csv "report voice from the copy"

# ---- hub recover ----
ea profile recovery-request "$A" -o a.request >/dev/null 2>&1
ok $? "a: a recovery request"
sq hub recover a.request -o sq.reset > sq.rec 2>&1; ok $? "hub recover on SQLite"
pg hub recover a.request -o pg.reset > pg.rec 2>&1; ok $? "hub recover on PostgreSQL"
sed -i 's/pg\.reset/RESET/' pg.rec; sed -i 's/sq\.reset/RESET/' sq.rec
same sq.rec pg.rec "hub recover's output"
is "$(psql -X -A -t -d hubv -c "SELECT count(*) FROM audit WHERE action = 'recovered' AND detail LIKE '%$A%'")" 1 \
	"the PostgreSQL hub audits the recovery"
ea --passphrase-file new.pass profile reset "$A" --file pg.reset > reset.out 2>&1
ok $? "a: profile reset with the PostgreSQL hub's reset file"
ea --user "$A" --passphrase-file new.pass staff list >/dev/null 2>&1
ok $? "a: signed in with the new passphrase"
out=$(pg hub recover /etc/passwd 2>&1; echo "exit=$?")
like "$out" "*exit=[12]" "PostgreSQL: a file that is no request is refused"

finish
