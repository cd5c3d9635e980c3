#!/bin/sh
# cli.sh - the command line: help, version, exit codes, staff import and
# list, demo, database selection, and refusals that change nothing.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
data="$EADR_SRCDIR/tests/data"
db="$T/eadr.db"

out=$("$EADR" --help); ok $? "--help exits 0"
like "$out" "*Usage: eadr*staff*" "--help lists the commands"
out=$("$EADR" --version); ok $? "--version exits 0"
like "$out" "eadr [0-9]*" "--version prints the version"
for cmd in staff demo; do
	"$EADR" $cmd --help >/dev/null; ok $? "$cmd --help exits 0"
done

"$EADR" frobnicate 2>"$T/err"; is $? 2 "an unknown command is a usage error"
like "$(cat "$T/err")" "eadr: 'frobnicate' is not an eadr command*" "and says so on stderr"
"$EADR" --bogus 2>/dev/null; is $? 2 "an unknown option is a usage error"
"$EADR" --db "$db" staff 2>/dev/null; is $? 2 "staff with no subcommand is a usage error"
"$EADR" --db "$db" staff list --format xml 2>"$T/err"; is $? 2 "a bad --format is a usage error"

out=$("$EADR" --db "$db" staff import "$data/staff-good.csv"); ok $? "staff import of a good file"
like "$out" "*3 added, 0 updated, 0 unchanged" "import says what it did"
out=$("$EADR" --db "$db" staff import "$data/staff-good.csv"); ok $? "re-import"
like "$out" "*0 added, 0 updated, 3 unchanged" "re-import changes nothing"

out=$("$EADR" --db "$db" staff list)
like "$out" "*100234*Zoë Ó Súilleabháin*Northgate*not started*2026-11-01*overdue*" "list marks overdue"
like "$out" "*100251*ap Gruffydd, Dafydd*due soon*" "list marks due soon"
out=$("$EADR" staff list --db "$db" --format csv)
like "$out" "staff_number,name,role,band,station,state,due,status*" "csv list has a header"
like "$out" "*100251,\"ap Gruffydd, Dafydd\",Senior Paramedic,7,Northgate,not started,2026-12-04,due soon*" "csv list quotes fields"

before=$(sqlite3 "$db" "SELECT group_concat(staff_number || name, '|') FROM staff")
"$EADR" --db "$db" staff import "$data/staff-bad.csv" 2>"$T/err"; is $? 1 "a bad file is a data error"
is "$(cat "$T/err")" "$data/staff-bad.csv:3: error: staff number 1 appears again (first on line 2)
$data/staff-bad.csv:4: error: name is empty
$data/staff-bad.csv:4: error: due '2026-02-30' is not a date (write it as YYYY-MM-DD)
eadr: $data/staff-bad.csv: 3 problems; nothing was imported" "every bad row is reported as FILE:LINE"
is "$(sqlite3 "$db" "SELECT group_concat(staff_number || name, '|') FROM staff")" "$before" "a refused import changes nothing"
"$EADR" --db "$db" staff import "$T/missing.csv" 2>"$T/err"; is $? 1 "a missing file is a data error"
like "$(cat "$T/err")" "eadr: $T/missing.csv: No such file or directory" "and names the file"

out=$("$EADR" --db "$T/demo.db" demo); ok $? "demo fills a new database"
n=$(sqlite3 "$T/demo.db" "SELECT count(*) FROM staff"); is "$n" 12 "the demo team has a dozen staff"
is "$(sqlite3 "$T/demo.db" "SELECT count(DISTINCT station) FROM staff")" 2 "on two stations"
is "$(sqlite3 "$T/demo.db" "SELECT count(*) FROM appraisals WHERE state = 'final'")" 4 "with four appraisals finished last year"
is "$(sqlite3 "$T/demo.db" "SELECT count(*) FROM pdp_goals")" 8 "which have PDP goals"
out=$("$EADR" --db "$T/demo.db" staff list)
like "$out" "*overdue*" "some demo staff are overdue"
like "$out" "*due soon*" "some are due soon"
like "$out" "*final*" "one appraisal is final"
out=$("$EADR" --db "$T/demo.db" demo); ok $? "demo again on the demo database is fine"
like "$out" "*already holds the demo team" "and says so"
is "$(sqlite3 "$T/demo.db" "SELECT count(*) FROM staff")" 12 "without adding anyone twice"
"$EADR" --db "$db" demo 2>"$T/err"; is $? 1 "demo refuses a database with real staff"
like "$(cat "$T/err")" "*already holds 3 staff*" "and says why"

EADR_DB="$T/env.db" "$EADR" demo >/dev/null; ok $? "EADR_DB selects the database"
test -f "$T/env.db"; ok $? "the EADR_DB file exists"
XDG_DATA_HOME="$T/xdg" "$EADR" demo >/dev/null; ok $? "the default database is under XDG_DATA_HOME"
is "$(stat -c %a "$T/xdg/eadr")" 700 "its folder has mode 0700"
is "$(stat -c %a "$T/xdg/eadr/eadr.db")" 600 "the file has mode 0600"

cp "$T/demo.db" "$T/newer.db"
sqlite3 "$T/newer.db" "PRAGMA user_version = 999"
sum=$(cksum < "$T/newer.db")
"$EADR" --db "$T/newer.db" staff list 2>"$T/err"; is $? 1 "a newer database is refused"
like "$(cat "$T/err")" "eadr: *newer eadr*" "with a clear message"
is "$(cksum < "$T/newer.db")" "$sum" "and is not modified"
printf 'hello' > "$T/text.db"
"$EADR" --db "$T/text.db" staff list 2>"$T/err"; is $? 1 "a file that is not a database is refused"
like "$(cat "$T/err")" "eadr: $T/text.db: not an eadr database*" "and named"
finish
