#!/bin/sh
# hub_pg.sh - the hub on PostgreSQL (issue 18): a throwaway server on
# loopback, started here as an unprivileged user; the same bundles imported
# into a SQLite hub and a PostgreSQL one give the same 'hub devices',
# 'hub conflicts' and import output, the same rows; two imports of one
# folder at the same time give the same database as one; a password in the
# connection string is refused.  SKIP (never PASS) without libpq or a server.
. "$EADR_SRCDIR/tests/lib.sh"
export EADR_TODAY=2026-11-22
fix="$EADR_BUILDDIR/tests/e2e/sync_fixture"
form="$EADR_SRCDIR/forms/eadr.yaml"
unset EADR_HUB PGHOST PGPORT PGUSER PGDATABASE PGPASSWORD PGSERVICE

need_sqlite3
. "$EADR_SRCDIR/tests/e2e/pg.sh"
pg_test_server hub1 hub2 hub3 mig1 mig2
port=$PG_PORT
url() { echo "postgresql://eadr@127.0.0.1:$port/$1"; }

# ---- the bundles: two laptops, a copy of one, a forged device ----
A="$T/a.db" B="$T/b.db" C="$T/c.db" F="$T/f.db"
s1="$T/stick1" s2="$T/stick2"
mkdir "$s1" "$s2"
"$fix" "$A" final 100 "Zoë Ó Súilleabháin" M1 "Practice educator course" "Mentor two students" -f "$form" 2>/dev/null &&
	"$fix" "$A" final 101 "Chidi Okonkwo" M1 "Blue light driving" -f "$form" 2>/dev/null &&
	"$fix" "$B" final 200 "Ffion Llywelyn" M2 "Leadership programme" "Shadow a tactical commander" 2>/dev/null
ok $? "laptops A and B: final appraisals"
"$EADR" --db "$A" sync push "$s1" >/dev/null 2>&1 && "$EADR" --db "$B" sync push "$s1" >/dev/null 2>&1
ok $? "both push"
sqlite3 "$B" ".backup '$F'"
sqlite3 "$F" "DELETE FROM sync_keys WHERE name = 'device-sign'"
"$fix" "$F" reopen 200 "Forged" && "$EADR" --db "$F" sync push "$s1" >/dev/null 2>&1
ok $? "a bundle in laptop B's name with another key"
"$fix" "$A" reopen 100 "Second thoughts" && "$EADR" --db "$A" sync push "$s2" >/dev/null 2>&1
ok $? "a second revision"
sqlite3 "$A" ".backup '$C'"
"$fix" "$A" reopen 101 "Edited on A" && "$fix" "$C" reopen 101 "Edited on C" &&
	"$EADR" --db "$A" sync push "$s2" >/dev/null 2>&1 && "$EADR" --db "$C" sync push "$s2" >/dev/null 2>&1
ok $? "one appraisal edited on two copies of one database"
fps() { for db in "$A" "$B" "$F"; do
	"$EADR" --db "$db" sync status | sed -n "s/^this laptop's fingerprint: \([0-9a-f ]*\) (device .*/\1/p"
done; }
fps >"$T/fps"
is "$(wc -l <"$T/fps" | tr -d ' ')" 3 "three devices"

# The same story on any hub: init, import (all wait), allow each device,
# import the later bundles, import everything again (acknowledgements).
story() {	# story OUTPREFIX --hub TARGET
	o=$1; shift
	"$EADR" "$@" hub init -o "$o.pub" >/dev/null || return 1
	"$EADR" "$@" hub import "$s1" >"$o.imp1" 2>&1 || return 1
	while read -r fp; do "$EADR" "$@" hub allow "$fp" >>"$o.allow" 2>&1 || return 1; done <"$T/fps"
	"$EADR" "$@" hub import "$s2" >"$o.imp2" 2>&1 || return 1
	"$EADR" "$@" hub import "$s1" "$s2" >"$o.imp3" 2>&1 || return 1
	"$EADR" "$@" hub devices >"$o.dev" 2>&1 || return 1
	"$EADR" "$@" hub conflicts >"$o.conf" 2>&1
}
story "$T/sq" --hub "$T/hub.db"; ok $? "the story on a SQLite hub"
story "$T/pg" --hub "$(url hub1)"; ok $? "the story on a PostgreSQL hub"
for f in imp1 allow imp2 imp3 dev conf; do
	is "$(cat "$T/pg.$f")" "$(cat "$T/sq.$f")" "the same output from either back end: $f"
done
like "$(cat "$T/pg.imp1")" "*kept waiting, not merged*" "(the first import waits)"
like "$(cat "$T/pg.imp2")" "*in conflict*" "(the second finds the conflict)"
like "$(cat "$T/pg.conf")" "*revision 2: staff 101*version*version*" "(an edit conflict is listed)"
like "$(cat "$T/pg.conf")" "*sent by * a device the appraisal does not belong to*" "(and a stranger's revision)"
like "$(cat "$T/pg.imp3")" "*already imported; acknowledgement*0 refused" "(and a third import changes nothing)"

# ---- the same rows ----
CANON="
SELECT staff_number, uuid, name, revision, updated_at FROM staff ORDER BY 1;
SELECT uuid, staff_number, form_hash, state, revision, updated_at, synced_revision FROM appraisals ORDER BY 1;
SELECT a.uuid, n.path, n.value, n.uuid FROM answers n JOIN appraisals a ON a.id = n.appraisal_id ORDER BY 1, 2;
SELECT a.uuid, g.uuid, g.position, g.goal, g.category FROM pdp_goals g JOIN appraisals a ON a.id = g.appraisal_id ORDER BY 1, 3;
SELECT a.uuid, s.uuid, s.role, s.name FROM signoffs s JOIN appraisals a ON a.id = s.appraisal_id ORDER BY 1, 2;
SELECT hash, form_id, version, length(source) FROM forms ORDER BY 1;
SELECT appraisal_uuid, revision, content_hash, HEXOF(content) FROM hub_revisions ORDER BY 1, 2, 3;
SELECT * FROM hub_revision_bundles ORDER BY 1, 2;
SELECT * FROM hub_current ORDER BY 1;
SELECT appraisal_uuid, revision, content_hash, resolved_at, reason FROM hub_conflicts ORDER BY 1, 2, 3;
SELECT device_id, HEXOF(sign_key), first_seen, last_seen, max_seq, state FROM hub_devices ORDER BY 1, 2;
SELECT appraisal_uuid, HEXOF(sign_key) FROM hub_owners ORDER BY 1;
SELECT bundle_id, device_id, seq, created_at, file, encrypted, HEXOF(sign_key) FROM hub_bundles ORDER BY 1;
SELECT bundle_id, HEXOF(sign_key), device_id, seq, created_at, file FROM hub_waiting ORDER BY 1;
SELECT action, count(*) FROM audit WHERE action LIKE 'hub-%' GROUP BY 1 ORDER BY 1;"
sq_canon() { printf '%s\n' "$CANON" | sed 's/HEXOF(\([a-z_]*\))/lower(hex(\1))/g' | sqlite3 "$1"; }
pg_canon() { printf '%s\n' "$CANON" | sed "s/HEXOF(\([a-z_]*\))/encode(\1, 'hex')/g" | psql -X -q -A -t -d "$1"; }
sq_canon "$T/hub.db" >"$T/sq.rows"; pg_canon hub1 >"$T/pg.rows"
like "$(wc -l <"$T/sq.rows")" "[1-9][0-9]*" "the SQLite hub holds $(wc -l <"$T/sq.rows" | tr -d ' ') canonical rows"
is "$(cat "$T/pg.rows")" "$(cat "$T/sq.rows")" "the PostgreSQL hub holds the same rows, table by table"
for t in staff forms appraisals answers pdp_goals signoffs hub_bundles hub_revisions hub_revision_bundles \
	hub_current hub_staff hub_conflicts hub_devices hub_waiting hub_owners; do
	is "$(psql -X -A -t -d hub1 -c "SELECT count(*) FROM $t")" "$(sqlite3 "$T/hub.db" "SELECT count(*) FROM $t")" \
		"rows in $t: the same on both"
done
is "$(psql -X -A -t -d hub1 -c 'SELECT max(version) FROM hub_schema')" "$(ls "$EADR_SRCDIR"/schema/pg/[0-9]*.sql | wc -l | tr -d ' ')" \
	"the schema version is recorded (the number of schema/pg migrations)"
psql -X -q -d hub1 -c "UPDATE audit SET detail = ''" >/dev/null 2>&1; is $? 1 "the audit log is append-only"

# ---- eadr hub migrate-to: the SQLite hub copied into PostgreSQL ----
TABLES="sync_keys staff forms appraisals answers pdp_goals signoffs audit hub_devices hub_bundles
	hub_revisions hub_revision_bundles hub_current hub_staff hub_conflicts hub_waiting hub_owners"
"$EADR" --db "$T/hub.db" hub migrate-to "$(url mig1)" >"$T/mig" 2>&1; ok $? "migrate-to an empty database"
like "$(cat "$T/mig")" "*copied into postgresql://*every count matches*" "says so"
for t in $TABLES; do
	n=$(sqlite3 "$T/hub.db" "SELECT count(*) FROM $t")
	like "$(grep "^$t " "$T/mig")" "$t *$n *$n" "migrate-to prints $t: $n on both sides"
	[ "$t" = audit ] && n=$((n + 1))
	is "$(psql -X -A -t -d mig1 -c "SELECT count(*) FROM $t")" "$n" "rows in $t after migrate-to"
done
is "$(pg_canon mig1 | grep -v '^hub-migrate|')" "$(cat "$T/sq.rows")" "the copy holds the SQLite hub's rows"
is "$(psql -X -A -t -d mig1 -c "SELECT count(*) FROM audit WHERE action = 'hub-migrate'")" 1 "the copy is audited"
is "$(psql -X -A -t -d mig1 -c "SELECT value FROM meta WHERE key = 'device_id'")" \
	"$(sqlite3 "$T/hub.db" "SELECT value FROM meta WHERE key = 'device_id'")" "the hub keeps its identity"
"$EADR" --hub "$(url mig1)" hub devices >"$T/mig.dev" 2>&1 && "$EADR" --hub "$(url mig1)" hub conflicts >"$T/mig.conf" 2>&1
ok $? "the copy answers hub devices and hub conflicts"
is "$(cat "$T/mig.dev")" "$(cat "$T/sq.dev")" "hub devices: the same as the SQLite hub's"
is "$(cat "$T/mig.conf")" "$(cat "$T/sq.conf")" "hub conflicts: the same as the SQLite hub's"
a0=$(psql -X -A -t -d mig1 -c "SELECT count(*) FROM audit")
"$EADR" --db "$T/hub.db" hub migrate-to "$(url mig1)" >"$T/mig2" 2>&1; is $? 1 "migrate-to a database holding a hub is refused"
like "$(cat "$T/mig2")" "eadr: postgresql://*mig1 is not empty (* rows in *): give --replace*nothing copied" "saying why and what to do"
is "$(psql -X -A -t -d mig1 -c "SELECT count(*) FROM audit")" "$a0" "and nothing changes"
"$EADR" --db "$T/hub.db" hub migrate-to --replace "$(url mig1)" >"$T/mig3" 2>&1; ok $? "--replace empties it and copies again"
is "$(pg_canon mig1 | grep -v '^hub-migrate|')" "$(cat "$T/sq.rows")" "(the same rows)"
s3="$T/stick3"; mkdir "$s3"
"$fix" "$B" reopen 200 "After the move" && "$EADR" --db "$B" sync push "$s3" >/dev/null 2>&1 &&
	"$EADR" --hub "$(url mig1)" hub import "$s3" >"$T/mig.imp" 2>&1
ok $? "the copy imports a new revision (its row ids moved on)"
like "$(cat "$T/mig.imp")" "*1 bundle imported*0 refused" "(merged)"
"$EADR" --hub "$(url mig2)" hub devices >/dev/null 2>&1 &&
	"$EADR" --db "$T/hub.db" hub migrate-to "$(url mig2)" >/dev/null 2>&1
ok $? "a database with the hub's schema but no rows counts as empty"
"$EADR" --db "$T/hub.db" hub migrate-to "$T/other.db" >/dev/null 2>&1; is $? 2 "migrate-to a file: a usage error"

# ---- two imports of one folder at the same time: as one ----
for h in hub2 hub3; do
	"$EADR" --hub "$(url $h)" hub init -o "$T/$h.pub" >/dev/null && "$EADR" --hub "$(url $h)" hub import "$s1" >/dev/null 2>&1
	while read -r fp; do "$EADR" --hub "$(url $h)" hub allow "$fp" >/dev/null || break; done <"$T/fps"
done
"$EADR" --hub "$(url hub2)" hub import "$s2" >"$T/one" 2>&1; ok $? "one import of the later bundles"
EADR_HUB=$(url hub3) "$EADR" hub import "$s2" >"$T/c1" 2>&1 &
p1=$!
EADR_HUB=$(url hub3) "$EADR" hub import "$s2" >"$T/c2" 2>&1 &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
is "$r1:$r2" "0:0" "two at the same time (EADR_HUB): both succeed"
like "$(cat "$T/c1" "$T/c2")" "*0 refused*0 refused*" "neither refuses a bundle"
n1=$(sed -n 's/^\([0-9]*\) bundles* imported.*/\1/p' "$T/c1") n2=$(sed -n 's/^\([0-9]*\) bundles* imported.*/\1/p' "$T/c2")
is "$((n1 + n2))" "$(ls "$s2"/*.bundle | wc -l | tr -d ' ')" "each bundle merged once, by one of them ($n1 + $n2)"
is "$(pg_canon hub3)" "$(pg_canon hub2)" "the same rows as one import"

# ---- export tna and report read either hub: byte for byte the same ----
# A laptop with two years of one staff member (so last year's goals are
# reviewed), costs and funders; the same bundle into a new SQLite hub and a
# new PostgreSQL one; the review and cost answers the form's lists would
# hold are added to both by the same SQL.
D="$T/d.db" s4="$T/stick4"
mkdir "$s4"
"$fix" "$D" final 300 "Aled Jones" M3 "Goal one" "Goal two" -f "$form" 2>/dev/null &&
	"$fix" "$D" final 301 "Bethan Rees" M3 "Goal four" -f "$form" 2>/dev/null &&
	"$fix" "$D" final 300 "Aled Jones" M3 "Goal three" -f "$form" 2>/dev/null &&
	sqlite3 "$D" "UPDATE staff SET station = CASE staff_number WHEN '300' THEN 'Riverside'
		ELSE 'Northgate' END" &&
	"$EADR" --db "$D" sync push "$s4" >/dev/null 2>&1
ok $? "laptop D: two years of staff 300, pushed"
fpd=$("$EADR" --db "$D" sync status | sed -n "s/^this laptop's fingerprint: \([0-9a-f ]*\) (device .*/\1/p")
psql -q -d postgres -c "CREATE DATABASE tna1" >/dev/null
EXTRA="DELETE FROM answers WHERE path LIKE 'pdp.followup[%' OR path LIKE 'pdp.goals[1].%';
INSERT INTO answers(appraisal_id, path, value, private, uuid, device_id, revision, updated_at)
	SELECT g.appraisal_id, x.path, x.value, 0, x.uuid, a.device_id, a.revision, a.updated_at
	FROM pdp_goals g JOIN appraisals a ON a.id = g.appraisal_id,
	(SELECT 'Goal three' AS goal, 'pdp.followup[0].goal' AS path, 'Goal one' AS value, 'x1' AS uuid
	 UNION ALL SELECT 'Goal three', 'pdp.followup[0].outcome', 'achieved', 'x2'
	 UNION ALL SELECT 'Goal three', 'pdp.followup[0].comment', 'Done, and then some', 'x3'
	 UNION ALL SELECT 'Goal three', 'pdp.followup[1].goal', 'Goal two', 'x4'
	 UNION ALL SELECT 'Goal three', 'pdp.followup[1].outcome', 'partly', 'x5'
	 UNION ALL SELECT 'Goal one', 'pdp.goals[1].cost', '250', 'x6'
	 UNION ALL SELECT 'Goal one', 'pdp.goals[1].funder', 'trust', 'x7') x
	WHERE g.goal = x.goal;"
for h in "--db $T/tna.db" "--hub $(url tna1)"; do
	# shellcheck disable=SC2086
	{ "$EADR" $h hub init -o "$T/tna.pub" && "$EADR" $h hub import "$s4" && "$EADR" $h hub allow "$fpd" &&
		"$EADR" $h hub import "$s4"; } >/dev/null 2>&1 || break
done
ok $? "the bundle merged into both hubs"
printf '%s\n' "$EXTRA" | sqlite3 "$T/tna.db" && printf '%s\n' "$EXTRA" | psql -X -q -d tna1 -v ON_ERROR_STOP=1 >/dev/null
ok $? "the review and cost answers added to both"
k=0
for args in "export tna" "export tna --year all" "export tna --year all --outcomes" \
	"export tna --year all --station riverSIDE" "export tna --year all --category clinical skills" \
	"export tna --year all --format json" "export tna --year all --excel" "export tna --all --year all" \
	"report completion" "report completion --format csv" "report completion --format json" \
	"report quality" "report quality --format csv" "report quality --format json --station northgate" \
	"report --format html" "report --format html --sample 2 --seed 7"; do
	k=$((k + 1))
	# shellcheck disable=SC2086
	"$EADR" --db "$T/tna.db" $args >"$T/x$k.sq" 2>"$T/x$k.sqe"; r1=$?
	# shellcheck disable=SC2086
	EADR_HUB=$(url tna1) "$EADR" $args >"$T/x$k.pg" 2>"$T/x$k.pge"; r2=$?
	# the JSON TNA's generated_at is the second it was made
	sed -i 's/^  "generated_at": .*//' "$T/x$k.sq" "$T/x$k.pg"
	is "$r2:$(wc -c <"$T/x$k.pg" | tr -d ' ')" "$r1:$(wc -c <"$T/x$k.sq" | tr -d ' ')" "$args: the same status and size from PostgreSQL"
	cmp -s "$T/x$k.sq" "$T/x$k.pg"; ok $? "$args: byte for byte the same"
	is "$(cat "$T/x$k.pge")" "$(cat "$T/x$k.sqe")" "$args: the same words on stderr"
done
like "$(cat "$T/x2.pg")" "*Aled Jones*Goal one*,250,trust,Trust training budget,*Goal three*" "(the TNA holds the goals, the cost and the funder's label)"
like "$(cat "$T/x3.pg")" "*Goal one*Achieved*Done, and then some*Goal two*" "(the outcomes hold last year's goals as reviewed)"
like "$(cat "$T/x4.pg")" "*Riverside*" "(--station ignores case)"
is "$(grep -c 'Northgate' "$T/x4.pg")" 0 "(and filters)"
like "$(cat "$T/x13.pg")" "*Aled Jones*" "(the quality report lists the appraisals)"
"$EADR" --hub "$(url tna1)" export tna --format xlsx -o "$T/pg.xlsx" --year all 2>/dev/null &&
	"$EADR" --hub "$T/tna.db" export tna --format xlsx -o "$T/sq.xlsx" --year all 2>/dev/null
ok $? "export tna --format xlsx from both"
for part in xl/worksheets/sheet1.xml xl/worksheets/sheet2.xml xl/worksheets/sheet3.xml xl/workbook.xml; do
	is "$(unzip -p "$T/pg.xlsx" "$part" | md5sum)" "$(unzip -p "$T/sq.xlsx" "$part" | md5sum)" "xlsx $part: the same"
done
EADR_HUB=$(url tna1) "$EADR" export tna --year all --station nowhere >/dev/null 2>"$T/err"
is $? 1 "a filter matching nothing on PostgreSQL"
like "$(cat "$T/err")" "eadr: no PDP goals match --station 'nowhere'*nothing was written" "says so"
n=$(sqlite3 "$T/tna.db" "SELECT count(*) FROM audit WHERE action = 'exported'")
like "$n" "[1-9]*" "the SQLite hub's audit log has $n exports"
is "$(psql -X -A -t -d tna1 -c "SELECT count(*) FROM audit WHERE action = 'exported'")" "$n" "each TNA export written is in the PostgreSQL hub's audit log"
is "$(psql -X -A -t -d tna1 -c "SELECT detail FROM audit WHERE action = 'exported' ORDER BY id LIMIT 1")" \
	"$(sqlite3 "$T/tna.db" "SELECT detail FROM audit WHERE action = 'exported' ORDER BY id LIMIT 1")" "(in the same words)"

# ---- 360-degree feedback: the same bundles, the same report on both ----
# A SQLite hub and its copy on PostgreSQL (the same keys); laptop FB's
# responses reach the hubs before FA's request (they wait, sealed, and count
# when it comes); every group, one merged below its threshold; the status,
# the report and its release, the way back to FA.
FA="$T/fa.db" FB="$T/fb.db" fhub="$T/fhub.db" fsa="$T/fsa" fsb="$T/fsb"
mkdir "$fsa" "$fsb"
psql -q -d postgres -c "CREATE DATABASE fb1" >/dev/null
"$EADR" --db "$fhub" hub init -o "$T/fhub.pub" >/dev/null 2>&1 &&
	"$EADR" --db "$fhub" hub migrate-to "$(url fb1)" >/dev/null 2>&1
ok $? "feedback: a SQLite hub and its copy on PostgreSQL, the same keys"
"$fix" "$FA" final 100 "Zoë Ó Súilleabháin" M1 "Practice educator course" -f "$form" 2>/dev/null &&
	"$EADR" --db "$FA" sync trust "$T/fhub.pub" >/dev/null 2>&1 &&
	"$EADR" --db "$FB" sync trust "$T/fhub.pub" >/dev/null 2>&1
ok $? "feedback: laptops FA (holding Zoë's appraisal) and FB trust the hub"
out=$(EADR_FORMS="$EADR_SRCDIR/forms" "$EADR" --db "$FA" feedback request 100 --self 1 \
	--manager 1 --peers 3 --reports 2 --others 1 --close 2026-11-23 -o "$T" 2>&1)
ok $? "feedback: FA asks, with codes of every group"
req=$(printf '%s\n' "$out" | awk '/^Feedback request/ { print $3; exit }')
codes() { printf '%s\n' "$out" | awk -v g="$1" '$1 == g { print $NF }'; }
give() { # DB CODE RATING: the anonymous groups' comments all alike, so that
	# their order (keyed at random per report) cannot differ
	{ echo "$2"; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do echo "$3"; done
	  echo "keep the calm"; echo "more teaching"; echo "fewer late shifts"; echo y; } |
		EADR_FORMS="$EADR_SRCDIR/forms" "$EADR" --db "$1" feedback >/dev/null 2>&1
}
give "$FA" "$(codes self)" 4 && give "$FA" "$(codes line)" 3
n=0; for c in $(codes peers); do n=$((n + 1)); give "$FB" "$c" $((n % 4 + 1)); done
for c in $(codes direct); do give "$FB" "$c" 2; done
give "$FA" "$(codes others)" 1
"$EADR" --db "$FB" sync push "$fsb" >/dev/null 2>&1 && "$EADR" --db "$FA" sync push "$fsa" >/dev/null 2>&1
ok $? "feedback: both push"
wcount() {	# wcount --hub URL | --db FILE: responses waiting for their request
	if [ "$1" = --hub ]; then psql -X -A -t -d fb1 -c "SELECT count(*) FROM hub_feedback_waiting"
	else sqlite3 "$2" "SELECT count(*) FROM hub_feedback_waiting"; fi
}
fstory() {	# fstory OUTPREFIX --hub TARGET: FB's bundle, then FA's
	o=$1; shift
	for db in "$FB" "$FA"; do	# each waits for approval, is allowed, imported again
		[ "$db" = "$FB" ] && st=$fsb x=impb || st=$fsa x=impa
		"$EADR" "$@" hub import "$st" >/dev/null 2>&1
		fp=$("$EADR" --db "$db" sync status | sed -n "s/^this laptop's fingerprint: \([0-9a-f ]*\) (device .*/\1/p")
		"$EADR" "$@" hub allow "$fp" >/dev/null 2>&1
		"$EADR" "$@" hub import "$st" >"$o.$x" 2>&1
		[ "$db" = "$FB" ] && wcount "$@" >"$o.waiting"
	done
	"$EADR" "$@" hub import "$fsb" "$fsa" >"$o.again" 2>&1
	"$EADR" "$@" hub feedback-status "$req" >"$o.status" 2>&1
	EADR_FORMS="$EADR_SRCDIR/forms" "$EADR" "$@" hub feedback-report "$req" >"$o.report" 2>&1
	EADR_TODAY=2026-11-23 EADR_FORMS="$EADR_SRCDIR/forms" "$EADR" "$@" hub feedback-report "$req" --release >"$o.release" 2>&1
	EADR_FORMS="$EADR_SRCDIR/forms" "$EADR" "$@" hub feedback-report "$req" >"$o.after" 2>&1
	"$EADR" "$@" hub feedback-status "$req" >"$o.status2" 2>&1
}
fstory "$T/fsq" --db "$fhub"
fstory "$T/fpg" --hub "$(url fb1)"
is "$(cat "$T/fpg.waiting")" 5 "feedback on PostgreSQL: FB's 5 responses, before their request, wait sealed"
like "$(cat "$T/fpg.impb")" "*360 feedback: 0 requests, 0 responses taken, 5 already here, 0 refused*" \
	"feedback on PostgreSQL: (imported again: already here)"
is "$(psql -X -A -t -d fb1 -c "SELECT count(*) FROM hub_feedback_waiting")" 0 \
	"feedback on PostgreSQL: nothing waits once FA's request came"
like "$(cat "$T/fpg.again")" "*360 feedback: 0 requests, 0 responses taken, 5 already here, 0 refused*360 feedback: 0 requests, 0 responses taken, 4 already here, 0 refused*" \
	"feedback on PostgreSQL: both bundles again: replays, nothing changed"
like "$(cat "$T/fpg.status")" "*not released yet*self*invited  1, responded 1*peers*invited  3, responded 3*direct reports*invited  2, responded 2*others*invited  1, responded 1*" \
	"feedback on PostgreSQL: feedback-status counts every response, FB's that came first too"
for f in waiting impb impa again status report release after status2; do
	cmp -s "$T/fsq.$f" "$T/fpg.$f"; ok $? "feedback: the same $f output from the SQLite and the PostgreSQL hub"
done
like "$(cat "$T/fpg.report")" "360-degree feedback for Zoë Ó Súilleabháin (100)*Pooled: direct reports and others*peers (3):*all raters except self (7):*" \
	"feedback on PostgreSQL: the report under the thresholds (two groups pooled)"
is "$(psql -X -A -t -d fb1 -c "SELECT count(*) FROM hub_feedback_responses")" 0 \
	"feedback on PostgreSQL: the raw responses are deleted at the release"
is "$(psql -X -A -t -d fb1 -c "SELECT count(*) FROM hub_feedback_reports")" 1 "(the report is kept)"
is "$(psql -X -A -t -d fb1 -c "SELECT action FROM audit WHERE action LIKE 'feedback-%' ORDER BY id" | tr '\n' ' ')" \
	"$(sqlite3 "$fhub" "SELECT action FROM audit WHERE action LIKE 'feedback-%' ORDER BY id" | tr '\n' ' ')" \
	"feedback: the same audit entries on both hubs"
found=0; psql -X -A -t -d fb1 -c "SELECT string_agg(encode(sealed, 'escape'), '') FROM hub_feedback_responses" | grep -q "more teaching" && found=1
is "$found" 0 "feedback on PostgreSQL: no answer readable in the hub's tables"
mkdir "$T/fback"
out=$("$EADR" --hub "$(url fb1)" hub feedback-send "$req" "$T/fback" 2>&1; echo "exit=$?")
like "$out" "*progress and the released report*exit=0" "feedback-send from PostgreSQL: the report, sealed to FA"
out=$("$EADR" --db "$FA" sync pull "$T/fback" 2>&1; echo "exit=$?")
like "$out" "*360 feedback from the hub: 1 taken (1 with the report)*exit=0" "FA takes it"
out=$("$EADR" --db "$FA" feedback report 100 2>&1)
like "$out" "*Pooled: direct reports and others*" "FA reads the report that came from PostgreSQL"

# ---- what is refused ----
"$EADR" --hub "postgresql://eadr:secret@127.0.0.1:$port/hub1" hub devices >/dev/null 2>"$T/err"
is $? 1 "a password in the connection string is refused"
like "$(cat "$T/err")" "*holds a password: never give one on the command line*~/.pgpass*" "saying where it belongs"
"$EADR" --hub "host=127.0.0.1 port=$port dbname=hub1 password=x" hub devices >/dev/null 2>"$T/err"
is $? 1 "in the key=value form too"
"$EADR" --hub "postgresql://eadr@127.0.0.1:$port/nosuchdb" hub devices >/dev/null 2>"$T/err"
is $? 1 "a database that does not exist"
like "$(cat "$T/err")" "eadr: cannot open the hub postgresql://*nosuchdb*" "is named"
finish
