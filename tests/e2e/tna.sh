#!/bin/sh
# tna.sh - the TNA year on the real binary and the demo's two years: the
# default period and --year, the period said on stderr, in the JSON and the
# workbook (never as a CSV comment), carried goals linked to last year's,
# last year's outcomes, codes with labels, cost and funder, --category
# listing the valid ones, and the Counts sheet with every station.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
if command -v unzip >/dev/null 2>&1; then
	zipcat() { unzip -p "$1" "$2"; }
elif command -v python3 >/dev/null 2>&1; then
	zipcat() { python3 -c 'import sys,zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' "$1" "$2"; }
else
	skip_all "neither unzip nor python3 to look inside an xlsx"
fi

EADR_TODAY=2026-12-01	# TNA year 2026/27: 2026-04-01 to 2027-03-31
export EADR_TODAY
DB="$T/demo.db"
"$EADR" --db "$DB" --forms "$FORMS" demo >"$T/demo.out" 2>&1
ok $? "the demo, on the shipped form"
e() { "$EADR" --db "$DB" "$@"; }

# ---- the demo's two years -----------------------------------------------------
versions=$(sqlite3 "$DB" "SELECT form_version || ':' || count(*) FROM appraisals WHERE state = 'final' GROUP BY form_version ORDER BY form_version" | tr '\n' ' ')
cur=$(sed -n 's/^version: "\(.*\)"$/\1/p' "$FORMS/eadr.yaml")
is "$versions" "2025.1:4 $cur:2 " "four appraisals on last year's form version, two on this year's ($cur)"
is "$(sqlite3 "$DB" "SELECT count(*) FROM forms")" 2 "both versions of the form are kept"
is "$(sqlite3 "$DB" "SELECT count(*) FROM appraisals a JOIN signoffs s ON s.appraisal_id = a.id WHERE a.form_version = '2025.1' AND substr(s.signed_at, 1, 10) <= '2025-12-13'")" 8 \
   "last year's were signed a year ago (both signatures each)"
is "$(sqlite3 "$DB" "SELECT count(*) FROM signoffs WHERE signed_at >= '2026-12-01'")" 0 "nothing signed on the day the demo was made"
is "$(sqlite3 "$DB" "SELECT count(*) FROM pdp_goals WHERE status = 'carried' AND follows_up IN (SELECT uuid FROM pdp_goals)")" 2 \
   "this year's kept goals are linked to last year's"
is "$(sqlite3 "$DB" "SELECT count(*) FROM answers WHERE private = 1")" 1 "the private answer stays (and stays private)"

# ---- the period ---------------------------------------------------------------
e export tna >"$T/tna.csv" 2>"$T/err"
ok $? "export tna: the current TNA year by default"
is "$(cat "$T/err")" "eadr: 4 PDP goals, TNA year 2026/27 (2026-04-01 to 2027-03-31)" "the period is said on stderr"
is "$(head -c 13 "$T/tna.csv")" "staff_number," "the CSV's first line is its header: no comment line"
is "$(grep -c '^#' "$T/tna.csv")" 0 "no line starts with #"
is "$(tail -n +2 "$T/tna.csv" | cut -d, -f8 | sort -u | tr -d '\r')" "2026/27" "every row has its tna_year"
e export tna --year last >"$T/last.csv" 2>"$T/err"
is "$(tail -n +2 "$T/last.csv" | wc -l | tr -d ' ')" 8 "--year last: last year's goals"
is "$(cat "$T/err")" "eadr: 8 PDP goals, TNA year 2025/26 (2025-04-01 to 2026-03-31)" "--year last: said"
is "$(e export tna --year 2025/26 2>/dev/null | wc -l | tr -d ' ')" 9 "--year 2025/26 is the same year"
is "$(e export tna --year all 2>/dev/null | tail -n +2 | wc -l | tr -d ' ')" 12 "--year all: every goal"
e export tna --to 2026-03-31 >/dev/null 2>"$T/err"
is "$(cat "$T/err")" "eadr: 8 PDP goals, everything up to 2026-03-31" "--to alone: the start is open"
e export tna --year 2024 -o "$T/none.csv" 2>"$T/err"
is $? 1 "a year with nothing: exit 1"
is "$(cat "$T/err")" "eadr: no PDP goals in TNA year 2024/25 (2024-04-01 to 2025-03-31); nothing was written (--year all: every year)" \
   "a year with nothing: says which year"
[ ! -e "$T/none.csv" ]; ok $? "a year with nothing: no file"
e export tna --year 2026/28 2>"$T/err"
is $? 1 "a bad year: exit 1"
like "$(cat "$T/err")" "eadr: --year takes a TNA year, which runs from 1 April to 31 March*" "a bad year: message"

# ---- carried goals, codes and labels, cost and funder ---------------------------
if command -v python3 >/dev/null 2>&1; then
	cols() { python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
for r in rows:
    print("|".join(r[k] for k in sys.argv[2].split(",")))' "$@"; }
	is "$(cols "$T/tna.csv" name,goal,goal_state,follows_up)" \
"Aoife Brennan|Run a PDSA cycle on handover times|carried|Run a PDSA cycle on handover times
Aoife Brennan|Trust's new managers programme|new|
Noémie Lefèvre|Mental health first aid course|carried|Mental health first aid course
Noémie Lefèvre|C1 emergency driving refresher|new|" "kept goals are carried, with last year's goal; the others are new"
	is "$(cols "$T/tna.csv" type_70_20_10,type_70_20_10_label,priority,priority_label | sed -n 2p)" \
	   "formal|Formal (10): courses and formal education|medium|Medium" "code and label, side by side"
	is "$(cols "$T/tna.csv" estimated_cost,funder,funder_label | sed -n 4p)" "850|trust|Trust training budget" "cost and funder"
	like "$(cols "$T/tna.csv" appraisal_uuid | head -n 1)" "????????-????-????-????-????????????" "the appraisal id"
	# follows_up_uuid is last year's goal_uuid
	f=$(cols "$T/tna.csv" follows_up_uuid | head -n 1)
	is "$(cols "$T/last.csv" goal_uuid,goal | grep "^$f|")" "$f|Run a PDSA cycle on handover times" "follows_up_uuid is last year's goal_uuid"

	# ---- last year's outcomes ----
	e export tna --outcomes >"$T/out.csv" 2>"$T/err"
	ok $? "export tna --outcomes"
	is "$(cat "$T/err")" "eadr: 4 reviewed goals, TNA year 2026/27 (2026-04-01 to 2027-03-31)" "--outcomes: said"
	is "$(cols "$T/out.csv" name,last_year_goal,outcome,outcome_label,tna_category)" \
"Aoife Brennan|Supraglottic airway update|achieved|Achieved|Clinical skills
Aoife Brennan|Run a PDSA cycle on handover times|in progress|In progress|Quality improvement
Noémie Lefèvre|Mental health first aid course|in progress|In progress|Health and wellbeing
Noémie Lefèvre|Learn the new ePR reporting tools|no longer relevant|No longer relevant|Digital and data" \
	   "every reviewed goal with its outcome and last year's category"

	e export tna --format json >"$T/tna.json" 2>/dev/null
	is "$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(d["format_version"], d["period"]["tna_year"], d["period"]["from"], d["period"]["to"], d["count"], d["outcomes_count"],
      [r["estimated_cost"] for r in d["rows"]], d["outcomes"][0]["outcome_label"], d["rows"][1]["tna_category_label"])' "$T/tna.json")" \
	   "2 2026/27 2026-04-01 2027-03-31 4 4 [None, 450, None, 850] Achieved Leadership and management" \
	   "json: the period, both tables, the cost as a number"
fi

# ---- --category -------------------------------------------------------------------
e export tna --category 'Drving' -o "$T/cat.csv" 2>"$T/err"
is $? 1 "an unknown category: exit 1"
like "$(cat "$T/err")" "eadr: no TNA category 'Drving'; the categories are: 'Clinical skills', 'Emergency preparedness and resilience', 'Driving',*'Other'" \
     "an unknown category lists the valid ones"
[ ! -e "$T/cat.csv" ]; ok $? "an unknown category: no file"
is "$(e export tna --category driving 2>/dev/null | tail -n +2 | wc -l | tr -d ' ')" 1 "--category ignores case"

# ---- the workbook ---------------------------------------------------------------
e export tna --format xlsx -o "$T/tna.xlsx" 2>/dev/null
ok $? "export tna --format xlsx"
WB=$(zipcat "$T/tna.xlsx" xl/workbook.xml)
like "$WB" '*<sheet name="TNA 2026-27"*<sheet name="Outcomes"*<sheet name="Counts"*' "sheets: the goals named by the TNA year, Outcomes, Counts"
like "$(zipcat "$T/tna.xlsx" docProps/core.xml)" "*<dc:title>Training needs analysis, TNA year 2026/27 (2026-04-01 to 2027-03-31)</dc:title>*" \
     "the workbook's title says the period"
S3=$(zipcat "$T/tna.xlsx" xl/worksheets/sheet3.xml)
like "$S3" "*<t>PDP goals by station, TNA year 2026/27 (2026-04-01 to 2027-03-31)</t>*" "Counts: its first line says the period"
like "$S3" "*<t>Code</t>*<t>TNA category</t>*<t>Northgate</t>*<t>Riverside</t>*<t>Total</t>*" "Counts: every station, Northgate with no goals too"
like "$S3" '*<t>Clinical skills</t></is></c><c r="C4"><v>0</v></c><c r="D4"><v>0</v></c><c r="E4" s="1"><v>0</v></c>*' \
     "Counts: a category with no goal is a row of zeros"
like "$S3" '*<t>Driving</t></is></c><c r="C6"><v>0</v></c><c r="D6"><v>1</v></c><c r="E6" s="1"><v>1</v></c>*' \
     "Counts: Driving is 0 at Northgate, 1 at Riverside"
like "$S3" "*<t>70:20:10 type</t>*<t>Priority</t>*<t>Last year's outcome</t>*" "Counts: type, priority and outcomes too"
like "$S3" "*<t>formal</t></is></c><c r=\"B*\" t=\"inlineStr\"><is><t>Formal (10): courses and formal education</t>*" "Counts: codes with their labels"
S2=$(zipcat "$T/tna.xlsx" xl/worksheets/sheet2.xml)
like "$S2" "*<t>Supraglottic airway update</t>*<t>achieved</t>*<t>Achieved</t>*" "Outcomes sheet"
e export tna --station northgate --format xlsx -o "$T/n.xlsx" 2>"$T/err"
is $? 1 "Northgate has no goals this year"

# ---- the PDP documents ------------------------------------------------------------
e export pdp 200142 >"$T/pdp.txt"
ok $? "export pdp of a second-year plan"
like "$(cat "$T/pdp.txt")" "*Continues last year's goal: Run a PDSA cycle on handover times*" "a kept goal says what it continues"
like "$(cat "$T/pdp.txt")" "*Estimated cost (£): 450*Funded by: Continuing professional development (CPD) fund*" "cost and funder, labelled"
case "$(cat "$T/pdp.txt")" in *"State:"*|*"?:"*) r=1 ;; *) r=0 ;; esac
is "$r" 0 "no 'State:' and no label ending in '?:'"
is "$(grep -c 'Thank you; a good year' "$T/pdp.txt")" 1 "the comments appear once"
e export pdp 100251 >"$T/dafydd.txt"
is "$(grep -c 'A fair and supportive conversation' "$T/dafydd.txt")" 1 \
   "comments written in the form and again at sign-off appear once"
e export pdp 100251 --private >"$T/own.txt"
like "$(cat "$T/own.txt")" "*This is your own copy.*" "the own copy speaks to its reader"
case "$(cat "$T/own.txt")" in *"staff member's"*|*" them"*|*" their "*|*" they "*) r=1 ;; *) r=0 ;; esac
is "$r" 0 "and never of 'them'"

finish
