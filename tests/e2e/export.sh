#!/bin/sh
# export.sh - "eadr export" and "eadr report" end to end on the real binary:
# every format and filter, spreadsheet-safe cells, the workbook's insides,
# the privacy of private answers, and every bad input (clear message, exit
# status, no file left behind).
. "${EADR_SRCDIR:-.}/tests/lib.sh"

FORM="$EADR_SRCDIR/forms/eadr.yaml"
MAKEDB="$EADR_BUILDDIR/tests/unit/test_export"
[ -f "$FORM" ] || skip_all "no default form at $FORM"
[ -x "$MAKEDB" ] || skip_all "tests/unit/test_export is not built"
if command -v unzip >/dev/null 2>&1; then
	zipcat() { unzip -p "$1" "$2"; }
	zipall() { unzip -p "$1"; }
elif command -v python3 >/dev/null 2>&1; then
	zipcat() { python3 -c 'import sys,zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' "$1" "$2"; }
	zipall() { python3 -c 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); [sys.stdout.buffer.write(z.read(n)) for n in z.namelist()]' "$1"; }
else
	skip_all "neither unzip nor python3 to look inside an xlsx"
fi

export EADR_TODAY=2026-05-01
DB="$T/eadr.db"
"$MAKEDB" --make-db "$DB" "$FORM" >"$T/mk.out" 2>&1
ok $? "fixture database built through the store API"
# The fixture's appraisals span two TNA years: "export tna" here takes
# --year all (the default period, the current year, is tested in tna.sh).
e() {
	if [ "$1 $2" = "export tna" ]; then
		shift 2
		set -- export tna --year all "$@"
	fi
	"$EADR" --db "$DB" --forms "$EADR_SRCDIR/forms" "$@"
}

# ---- TNA: csv ---------------------------------------------------------------
e export tna >"$T/tna.csv" 2>"$T/err"
ok $? "export tna (csv) succeeds"
is "$(head -n 1 "$T/tna.csv" | tr -d '\r')" \
   "staff_number,name,role,band,station,appraiser,appraisal_date,tna_year,form_version,appraisal_uuid,goal_uuid,development_need,goal,type_70_20_10,type_70_20_10_label,tna_category,tna_category_label,priority,priority_label,target_date,support_needed,estimated_cost,funder,funder_label,goal_state,follows_up,follows_up_uuid,appraisal_state" \
   "csv header names every column"
is "$(grep -c 'final' "$T/tna.csv")" 5 "one row per PDP goal of the final appraisals"
like "$(cat "$T/tna.csv")" "*,\"'=1+2\",\"'+SUM(A1:A2)\",formal,*" "= and + cells are written as text"
like "$(cat "$T/tna.csv")" "*\"'-5 days study leave\"*" "a - cell is written as text"
like "$(cat "$T/tna.csv")" "*\"'@mention\"*" "an @ cell is written as text"
like "$(cat "$T/tna.csv")" "*\"'	Tabbed goal\"*" "a tab cell is written as text"
like "$(cat "$T/tna.csv")" "*\"'$(printf '\r')Carriage return\"*" "a CR cell is written as text"
like "$(cat "$T/tna.csv")" "*\"'@Jürgen Bäcker\"*" "a name starting with @ is written as text"
is "$(head -c 3 "$T/tna.csv" | od -An -tx1 | tr -d ' ')" "737461" "no byte order mark by default"
e export tna --excel >"$T/x.csv"
is "$(head -c 3 "$T/x.csv" | od -An -tx1 | tr -d ' ')" "efbbbf" "--excel starts with a byte order mark"
like "$(tail -c 2 "$T/tna.csv" | od -An -tx1)" "*0d 0a*" "records end with CRLF"

# ---- filters -----------------------------------------------------------------
n() { e export tna "$@" | tail -n +2 | wc -l | tr -d ' '; }
is "$(n --station Northgate)" 2 "--station Northgate"
is "$(n --station riverside)" 3 "--station ignores case"
is "$(n --category Driving)" 2 "--category Driving"
is "$(n --from 2026-01-01)" 2 "--from"
is "$(n --to 2025-12-31)" 3 "--to"
is "$(n --from 2026-03-10 --to 2026-03-10)" 2 "--from and --to include both ends"
is "$(n --all)" 6 "--all adds the draft's goals"
like "$(e export tna --all | tail -n 1)" "100251,Dafydd ap Gruffydd,*,draft?" "the draft's row is marked"
is "$(n --all --category Clinical\ skills --station Northgate)" 2 "--all with filters"

# ---- json --------------------------------------------------------------------
e export tna --format json >"$T/tna.json"
ok $? "export tna --format json"
if command -v python3 >/dev/null 2>&1; then
	is "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["count"], len(d["rows"]), d["rows"][0]["development_need"], d["rows"][1]["target_date"], d["rows"][1]["goal"])' "$T/tna.json")" \
	   "5 5 =1+2 None 	Tabbed goal" "json parses: count, rows, raw values, null date, escaped tab"
fi
like "$(cat "$T/tna.json")" '*"goal": "\\tTabbed goal"*' "a tab is escaped in json"
like "$(cat "$T/tna.json")" '*"support_needed": "\\rCarriage return"*' "a CR is escaped in json"
like "$(e export tna --format json --station Riverside)" '*"count": 3*' "json with a filter"

# ---- xlsx --------------------------------------------------------------------
# libxlsxwriter (like cairo, pango and libpq) is opened when first used
# (lib/lazy.c), not by every start of eadr: the dynamic loader's own account.
(LD_DEBUG=libs; export LD_DEBUG; "$EADR" --version) >/dev/null 2>"$T/ld.start"
is "$(grep -c 'calling init: .*\(libxlsxwriter\|libcairo\|libpango\|libpq\)' "$T/ld.start")" 0 \
	"a start of eadr loads none of libxlsxwriter, cairo, pango, libpq"
(LD_DEBUG=libs; export LD_DEBUG; e export tna --format xlsx -o "$T/tna.xlsx") >/dev/null 2>"$T/ld.xlsx"
ok $? "export tna --format xlsx -o FILE"
grep -q 'calling init: .*libxlsxwriter' "$T/ld.xlsx"
ok $? "the workbook's export loads libxlsxwriter"
is "$(stat -c %a "$T/tna.xlsx")" 600 "the workbook has mode 0600"
S1=$(zipcat "$T/tna.xlsx" xl/worksheets/sheet1.xml)
like "$S1" '*<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>*' "header row frozen"
like "$S1" '*<autoFilter ref="A1:AB6"/>*' "filters on every column and row"
like "$S1" '*<c r="G2" s="2"><v>46091</v></c>*' "appraisal date 2026-03-10 is a date cell (serial 46091)"
STY=$(zipcat "$T/tna.xlsx" xl/styles.xml)
like "$STY" '*<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>*' "with a date number format"
like "$STY" '*<cellXfs count="3">*<xf numFmtId="164"*' "style 2 uses the date format"
like "$S1" '*<col min="12" max="12" width="32.7109375" customWidth="1"/>*' "column widths are set"
like "$S1" '*<c r="L2" t="inlineStr"><is><t>=1+2</t></is></c>*' "=1+2 is a text cell"
case "$S1" in *"<f>"*) not_ok=1 ;; *) not_ok=0 ;; esac
is "$not_ok" 0 "no cell is a formula"
S2=$(zipcat "$T/tna.xlsx" xl/worksheets/sheet3.xml)
WB=$(zipcat "$T/tna.xlsx" xl/workbook.xml)
like "$WB" '*<sheet name="TNA"*<sheet name="Outcomes"*<sheet name="Counts"*' "three sheets: TNA (--year all), Outcomes and Counts"
like "$S2" '*<t>TNA category</t>*<t>Northgate</t>*<t>Riverside</t>*<t>Total</t>*' "counts: stations across"
like "$S2" '*<t>Clinical skills</t></is></c><c r="C4"><v>1</v></c><c r="D4"><v>2</v></c><c r="E4" s="1"><v>3</v></c>*' \
     "counts: Clinical skills is 1 at Northgate, 2 at Riverside, 3 in all"
like "$S2" '*<t>Driving</t></is></c><c r="C6"><v>1</v></c><c r="D6"><v>1</v></c><c r="E6" s="1"><v>2</v></c>*' \
     "counts: Driving is 1 and 1"
like "$S2" '*<c r="E15" s="1"><v>5</v></c>*' "counts: 5 goals in all"
e export tna --format xlsx >"$T/piped.xlsx"
ok $? "xlsx to a pipe or file redirect"
is "$(head -c 2 "$T/piped.xlsx")" "PK" "the redirected workbook is a zip"

# A device or pipe as -o is written in place, never renamed over (as root,
# a rename would turn /dev/null into a file); a FIFO stands in for it.
fifo() {	# fifo NAME -- command...
	name=$1; shift 2
	rm -f "$T/fifo" "$T/fifo.out"
	mkfifo "$T/fifo"
	cat "$T/fifo" >"$T/fifo.out" & catpid=$!
	"$@" -o "$T/fifo" 2>"$T/e"
	is "$?" 0 "$name: -o FIFO succeeds"
	[ -p "$T/fifo" ]; r=$?
	# A command that failed before opening the FIFO leaves cat waiting
	# for a writer: opening it read-write (never blocks on Linux) and
	# closing it gives cat its end of file, so the test fails, not hangs.
	if [ "$r" -eq 0 ]; then
		exec 3<>"$T/fifo"
		exec 3>&-
	else
		kill "$catpid" 2>/dev/null
	fi
	wait "$catpid" 2>/dev/null
	is "$r" 0 "$name: the FIFO is still a FIFO"
}
fifo "csv" -- e export tna
is "$(grep -c final "$T/fifo.out")" 5 "csv: the rows went through the FIFO"
fifo "xlsx" -- e export tna --format xlsx
is "$(head -c 2 "$T/fifo.out")" "PK" "xlsx: the workbook went through the FIFO"
fifo "pdp" -- e export pdp 100234
fifo "report" -- e report completion
like "$(cat "$T/fifo.out")" "*All stations*" "report: went through the FIFO"

# ---- PDP document ------------------------------------------------------------
e export pdp 100234 >"$T/pdp.txt"
ok $? "export pdp (text)"
like "$(cat "$T/pdp.txt")" "Personal development plan: Zoë Ó Súilleabháin*Agreed objectives*Development plan*Sign-off*" "text document has its parts"
e export pdp 100234 --format markdown >"$T/pdp.md"
like "$(head -n 1 "$T/pdp.md")" "# Personal development plan: Zoë*" "markdown"
e export pdp 100234 --format html -o "$T/pdp.html"
ok $? "export pdp --format html -o FILE"
like "$(cat "$T/pdp.html")" "<!DOCTYPE html>*@media print*</html>" "a self-contained printable page"
is "$(stat -c %a "$T/pdp.html")" 600 "the document has mode 0600"
e export pdp 100234 --private >"$T/own.txt"
like "$(cat "$T/own.txt")" "*This is your own copy.*" "--private says it is the staff member's own copy"

# ---- privacy: no private marker in anything that leaves -----------------------
priv=$(sqlite3 "$DB" "SELECT count(DISTINCT value) FROM answers WHERE private = 1 AND value LIKE 'PRIVATE-MARKER-%'" 2>/dev/null || echo "?")
form_priv=$(grep -c 'private: true' "$FORM")
[ "$priv" != "?" ] && [ "$priv" -ge "$form_priv" ]
ok $? "every private question holds a marker ($priv answers, $form_priv private: true in the form)"
O="$T/out"; mkdir -p "$O"
for f in csv json; do
	e export tna --format $f >"$O/tna.$f"
	e export tna --all --format $f >"$O/tna-all.$f"
done
e export tna --excel >"$O/tna-excel.csv"
e export tna --format xlsx -o "$O/tna.xlsx" && zipall "$O/tna.xlsx" >"$O/tna.xlsx.xml"
e export tna --all --format xlsx -o "$O/tna-all.xlsx" && zipall "$O/tna-all.xlsx" >"$O/tna-all.xlsx.xml"
for f in text markdown html; do
	for s in 100234 200128; do
		e export pdp $s --format $f >"$O/pdp-$s.$f"
	done
done
for f in table csv json; do
	e report completion --format $f >"$O/completion.$f"
	e report quality --format $f >"$O/quality.$f"
	e report quality --sample 1 --seed 7 --format $f >"$O/sample.$f"
done
is "$(ls "$O" | wc -l | tr -d ' ')" 24 "every export and report in every format was written"
is "$(grep -l PRIVATE-MARKER "$O"/* | tr '\n' ' ')" "" "no private marker in any export or report"
grep -l 'Answer to wellbeing.status' "$O"/pdp-100234.text >/dev/null 2>&1
is $? 1 "(the wellbeing answers are not in the plan at all)"
mk=$(grep -o 'PRIVATE-MARKER-[a-z_.]*' "$T/own.txt" | sort -u | wc -l | tr -d ' ')
is "$mk" "$priv" "--private shows every private answer ($priv)"

# ---- audit -------------------------------------------------------------------
AUD=$(sqlite3 "$DB" "SELECT coalesce(staff_number, '-') || ' ' || detail FROM audit WHERE action = 'exported' ORDER BY id" 2>/dev/null)
like "$AUD" "- TNA csv, 5 PDP goals, to standard output*" "a TNA export is in the audit log"
like "$AUD" "*- TNA xlsx, 5 PDP goals, to $T/tna.xlsx*" "with the file it went to"
like "$AUD" "*100234 PDP document, own copy with private answers text, to standard output*" "a PDP export is in the audit log"
case "$AUD" in *PRIVATE-MARKER*) r=1 ;; *) r=0 ;; esac
is "$r" 0 "the audit log holds no private answer"

# ---- reports -----------------------------------------------------------------
# Northgate: Zoë final (due moved a year on), Dafydd a draft due in 19
# days; Riverside: Jürgen final, Ffion overdue since 2026-04-01.
is "$(e report completion | sed -n 4,6p | tr -s ' ')" "Northgate 2 1 1 1 0 50.0%
Riverside 2 1 0 0 1 50.0%
All stations 4 2 1 1 1 50.0%" "completion table"
is "$(e report completion --format csv | tr -d '\r' | sed -n 2,4p | tr '\n' ' ')" \
   "Northgate,2,1,1,1,1,0,50.0 Riverside,2,1,1,0,0,1,50.0 ,4,2,2,1,1,1,50.0 " "completion csv"
like "$(e report completion --format json)" '*"total":*"staff": 4, "final_12m": 2, "appraised": 2, "drafts": 1*' "completion json"
like "$(e report completion --station riverside)" "*Riverside*" "completion for one station"
is "$(e report quality --format csv | tr -d '\r' | cut -d, -f2,7- | tail -n 2 | tr '\n' ' ')" \
   "100234,yes,yes,yes,yes,yes,yes,6 200128,yes,yes,yes,yes,yes,no,5 " "quality indicators per appraisal"
a=$(e report quality --sample 1 --seed 7 --format csv)
b=$(e report quality --sample 1 --seed 7 --format csv)
is "$a" "$b" "the same seed gives the same sample"
like "$(e report quality --sample 1 --seed 7)" "*dip sample: 1 of 2*--seed 7*" "the sample says how to repeat it"

# ---- bad input ---------------------------------------------------------------
fails() {	# fails STATUS GLOB NAME -- command...
	want=$1 glob=$2 name=$3
	shift 4
	"$@" >"$T/o" 2>"$T/e"
	is "$?" "$want" "$name: exit $want"
	like "$(cat "$T/e")" "$glob" "$name: message"
}
fails 1 "eadr: no staff member with staff number 999999*" "unknown staff number" -- e export pdp 999999
fails 1 "eadr: *100251*has no final appraisal yet*" "staff with no final appraisal" -- e export pdp 100251
fails 1 "eadr: no PDP goals match --station 'Nowhere' in every year; nothing was written*" "filter matching nothing" -- e export tna --station Nowhere -o "$T/none.csv"
[ ! -e "$T/none.csv" ]; ok $? "filter matching nothing: no file"
fails 1 "eadr: no PDP goals match*" "filter matching nothing (xlsx)" -- e export tna --format xlsx --station Nowhere -o "$T/none.xlsx"
[ ! -e "$T/none.xlsx" ]; ok $? "filter matching nothing (xlsx): no file"
fails 1 "eadr: --from and --to take a date written YYYY-MM-DD*2026-02-30*" "bad date" -- e export tna --from 2026-02-30 -o "$T/bad.csv"
[ ! -e "$T/bad.csv" ]; ok $? "bad date: no file"
fails 1 "eadr: --from and --to take a date*" "bad date (report)" -- e report quality --to yesterday
fails 1 "eadr: --from 2026-05-01 is after --to 2026-01-01*" "dates the wrong way round" -- e export tna --from 2026-05-01 --to 2026-01-01
for f in csv json xlsx; do
	fails 1 "eadr: $T/no/such/dir/t.$f: cannot write*" "unwritable path ($f)" -- e export tna --format $f -o "$T/no/such/dir/t.$f"
done
fails 1 "eadr: $T/no/pdp.txt: cannot write*" "unwritable path (pdp)" -- e export pdp 100234 -o "$T/no/pdp.txt"
mkdir "$T/isdir"
fails 1 "eadr: $T/isdir: cannot write*" "output path is a folder" -- e export tna -o "$T/isdir"
fails 1 "eadr: $T/isdir: cannot write*" "output path is a folder (xlsx)" -- e export tna --format xlsx -o "$T/isdir"
is "$(ls -A "$T" | grep -c 'tmp-')" 0 "no temporary file left behind"
printf 'old\n' >"$T/keep.csv"
e export tna --station Nowhere -o "$T/keep.csv" 2>/dev/null
is "$(cat "$T/keep.csv")" "old" "a failed export leaves the old file as it was"

EMPTY="$T/empty.db"
fails 1 "eadr: $EMPTY holds no staff and no appraisals yet*" "empty database (tna)" -- "$EADR" --db "$EMPTY" export tna -o "$T/e.csv"
[ ! -e "$T/e.csv" ]; ok $? "empty database: no file"
fails 1 "eadr: $EMPTY holds no staff yet*" "empty database (completion)" -- "$EADR" --db "$EMPTY" report completion
fails 1 "eadr: no final appraisals to report on*" "empty database (quality)" -- "$EADR" --db "$EMPTY" report quality
fails 1 "eadr: no staff member*" "empty database (pdp)" -- "$EADR" --db "$EMPTY" export pdp 100234
fails 1 "eadr: no staff at station 'Nowhere'*" "completion for an unknown station" -- e report completion --station Nowhere

NEWER="$T/newer.db"
cp "$DB" "$NEWER"
sqlite3 "$NEWER" "PRAGMA user_version = 999" 2>/dev/null
fails 1 "eadr: *newer eadr*" "database of a newer version" -- "$EADR" --db "$NEWER" export tna -o "$T/n.csv"
[ ! -e "$T/n.csv" ]; ok $? "newer database: no file"
fails 1 "eadr: *newer eadr*" "database of a newer version (report)" -- "$EADR" --db "$NEWER" report completion

LOST="$T/lost.db"
cp "$DB" "$LOST"
sqlite3 "$LOST" "UPDATE appraisals SET form_hash = 'gone', form_version = '9' WHERE state = 'draft'" 2>/dev/null
fails 1 "eadr: the draft appraisal of Dafydd ap Gruffydd (100251) uses form eadr version 9, which is neither kept*--forms DIR*" \
      "--all with a draft whose form is nowhere" -- "$EADR" --db "$LOST" export tna --all -o "$T/lost.csv"
[ ! -e "$T/lost.csv" ]; ok $? "draft whose form is nowhere: no file"

fails 2 "eadr: unknown TNA format 'pdf'*Try 'eadr export --help'*" "unknown format" -- e export tna --format pdf
fails 2 "eadr: --excel is for --format csv*" "--excel with json" -- e export tna --format json --excel
fails 2 "eadr: --private is for 'export pdp'*" "--private on the TNA" -- e export tna --private
fails 2 "eadr: which staff member?*" "pdp without a staff number" -- e export pdp
fails 2 "eadr: unknown export 'everything'*" "unknown export" -- e export everything
fails 2 "eadr: --sample takes a number*" "bad sample size" -- e report quality --sample -3
fails 2 "eadr: --seed goes with --sample N*" "seed without sample" -- e report quality --seed 4
fails 2 "eadr: unknown report 'speed'*" "unknown report" -- e report speed
if command -v script >/dev/null 2>&1; then
	script -qec "$EADR --db $DB export tna --format xlsx" /dev/null >"$T/tty.out" 2>&1
	is "$?" 2 "xlsx to a terminal is refused"
	like "$(cat "$T/tty.out")" "*not for the terminal*" "xlsx to a terminal: message"
fi

e export --help >"$T/h"; ok $? "export --help"
like "$(cat "$T/h")" "Usage: eadr export tna*" "export --help text"
e report --help >"$T/h"; ok $? "report --help"
like "$(cat "$T/h")" "Usage: eadr report completion*" "report --help text"

finish
