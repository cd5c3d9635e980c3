#!/bin/sh
# bite.sh - promises of the batch commands whose deliberate breakage once
# went unnoticed (issue 19): every CSV a command writes is safe to open in
# a spreadsheet (staff list, report completion, report quality), and every
# file written with -o, and every bundle, has mode 0600.
# tests/mutants/run breaks each guard on purpose and runs this file.
. "$EADR_SRCDIR/tests/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || skip_all "the sqlite3 shell is not installed"
export EADR_TODAY=2026-11-22
umask 022	# a file created without an explicit mode would show as 0644
DB="$T/eadr.db"
e() { "$EADR" --db "$DB" --forms "$EADR_SRCDIR/forms" "$@"; }

e demo >"$T/demo.out" 2>&1
ok $? "demo team made"
# Hostile names and stations, as an HR file could bring them: the one
# final appraisal's person, and someone without one.
sqlite3 "$DB" "UPDATE staff SET name = '=HYPERLINK(\"http://x\")', station = '+Station'
		WHERE staff_number = (SELECT staff_number FROM appraisals WHERE state = 'final');
	UPDATE staff SET name = '-2+3', station = '@Depot' WHERE staff_number = '200117';
	UPDATE appraisals SET appraiser = '@boss' WHERE state = 'final'"
ok $? "hostile names, stations and appraiser set"

# ---- formula safety of every CSV --------------------------------------------
out=$(e staff list --format csv)
ok $? "staff list --format csv"
like "$out" "*,\"'=HYPERLINK(\"\"http://x\"\")\",*,\"'+Station\",final,*" \
	"staff list csv: = name and + station are text"
like "$out" "*,\"'-2+3\",*,\"'@Depot\",*" "staff list csv: - name and @ station are text"

out=$(e report completion --format csv)
ok $? "report completion --format csv"
like "$out" "*\"'+Station\",1,1,1,*" "completion csv: a + station is text"
like "$out" "*\"'@Depot\",1,0,*" "completion csv: an @ station is text"

out=$(e report quality --format csv)
ok $? "report quality --format csv"
like "$out" "*,\"'=HYPERLINK(\"\"http://x\"\")\",\"'+Station\",\"'@boss\",*" \
	"quality csv: name, station and appraiser are text"

# No raw formula anywhere: a cell never starts with = + - @ unquoted.
e staff list --format csv >"$T/staff.csv"
e report completion --format csv >"$T/completion.csv"
e report quality --format csv >"$T/quality.csv"
is "$(grep -E '(^|,)[=+@-]' "$T/staff.csv" "$T/completion.csv" "$T/quality.csv")" "" \
	"no cell in any CSV starts with = + - or @"

# ---- mode 0600 for every file written ---------------------------------------
mode() { stat -c %a "$1" 2>/dev/null || echo "missing"; }
e export tna --all -o "$T/tna.csv" 2>"$T/err"
ok $? "export tna -o FILE (csv)"
is "$(mode "$T/tna.csv")" 600 "export tna csv: mode 0600"
e export tna --all --format json -o "$T/tna.json" 2>"$T/err"
ok $? "export tna --format json -o FILE"
is "$(mode "$T/tna.json")" 600 "export tna json: mode 0600"
for f in table csv json; do
	e report completion --format $f -o "$T/completion.$f" 2>"$T/err"
	ok $? "report completion --format $f -o FILE"
	is "$(mode "$T/completion.$f")" 600 "report completion $f: mode 0600"
	e report quality --format $f -o "$T/quality.$f" 2>"$T/err"
	ok $? "report quality --format $f -o FILE"
	is "$(mode "$T/quality.$f")" 600 "report quality $f: mode 0600"
done
# -o over an existing, readable file: the new file is 0600 all the same.
printf 'old\n' >"$T/old.csv"; chmod 644 "$T/old.csv"
e report completion --format csv -o "$T/old.csv"
is "$(mode "$T/old.csv")" 600 "-o over a 0644 file leaves a 0600 file"

mkdir "$T/stick"
e sync push "$T/stick" >"$T/push.out" 2>&1
ok $? "sync push"
n=0
for b in "$T"/stick/*.bundle; do
	[ -f "$b" ] || continue
	n=$((n + 1))
	is "$(mode "$b")" 600 "bundle $(basename "$b"): mode 0600"
done
is "$n" 1 "one bundle written"

finish
