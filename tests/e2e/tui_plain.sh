#!/bin/sh
# tui_plain.sh - `eadr --plain` completes an appraisal from a script: the
# script reads each line eadr writes and answers the prompts it knows by
# their answer path, keeps the rest (blank line, or "." for text), signs
# off and finalises; then the database holds what the script typed.
# Independent cases, each on a fresh copy of the demo team.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
make_demo

q() {	# the answer at path in Tomás's appraisal
	answer 100348 "$1"
}

chose=0 date_tries=0 asked_fix=0 finals=0
tomas() {	# LINE: the answers of this script (plain_drive's hook)
	case $1 in
	"ASK: Choose a person"*)
		if [ $chose -eq 0 ]; then say 100348; chose=1; else say '!quit'; fi
		;;
	"ASK: Add a new "*)
		case $list in
		performance.objectives|pdp.goals) say yes ;;
		*) say no ;;
		esac
		;;
	"ASK: "*"(yes/no)")
		case $1 in
		"ASK: Answer what is still needed now?"*) asked_fix=1; say no ;;
		"ASK: Sign off now?"*) say yes ;;
		"ASK: Make the appraisal final?"*) say yes ;;
		*) say no ;;
		esac
		;;
	"ASK: Manager, type your name"*) say "Ffion Llywelyn" ;;
	"ASK: Staff member, type your name"*) say "Tomás Ferreira" ;;
	"ASK: Staff member's comments"*) say "Thank you, Ffion."; say "." ;;
	"ASK: Type the answer"*)
		case $path in
		welcome.checkin) say "Glad to be back after leave."; say "Ready to talk."; say "." ;;
		talent.want) say "Zażółć gęślą jaźń — 救急車 🚑"; say "." ;;
		*) say "." ;;
		esac
		;;
	"ASK: Answer "*)
		case $path in
		"performance.objectives[0].objective") say "Complete the driving course" ;;
		"performance.objectives[0].target_date") say "2027-06-30" ;;
		talent.performance) say 2 ;;
		talent.potential) say high ;;
		talent.interest) say "1 3" ;;
		wellbeing.status) say declined ;;
		"pdp.goals[0].need") say "Blue-light driving" ;;
		"pdp.goals[0].goal") say "Pass the C1 course" ;;
		"pdp.goals[0].type") say 3 ;;
		"pdp.goals[0].category") say Driving ;;
		"pdp.goals[0].target_date")
			date_tries=$((date_tries + 1))
			if [ $date_tries -eq 1 ]; then say "2027-02-30"; else say "2027-03-31"; fi
			;;
		summary.agreed) say yes ;;
		summary.next_review) say "2027-05-20" ;;
		*) say "" ;;
		esac
		;;
	"FINAL:"*) finals=$((finals + 1)) ;;
	esac
	return 0
}

case_begin "a whole appraisal, scripted"
plain_drive tomas
is "$?" 0 "plain mode ends with status 0"
is "$finals" 1 "the script reached FINAL"
is "$asked_fix" 0 "nothing was left to fix before signing"
grep -q '^TEAM$' "$T/transcript"
ok $? "the team is listed"
grep -q '^STAFF [0-9]*: Tomás Ferreira (100348), Northgate, not started' "$T/transcript"
ok $? "each person on a STAFF line"
grep -q '^SECTION 7/7: ' "$T/transcript"
ok $? "every section is walked"
grep -q 'PROBLEM: .*date' "$T/transcript"
ok $? "a bad date gets a PROBLEM line and is asked again"
grep -q '^SAVED pdp.goals\[0\].target_date$' "$T/transcript"
ok $? "SAVED lines confirm each answer"

is "$(q welcome.checkin)" "Glad to be back after leave.
Ready to talk." "a two-line text answer"
is "$(q talent.want)" "Zażółć gęślą jaźń — 救急車 🚑" "UTF-8 kept exactly"
is "$(q 'performance.objectives[0].objective')" "Complete the driving course" "a list item"
is "$(q talent.performance)" "medium" "a scale by number"
is "$(q talent.potential)" "high" "a scale by value"
is "$(q talent.interest)" "talent_pool
coaching" "choices by numbers"
is "$(q wellbeing.status)" "declined" "a choice by value"
is "$(q 'pdp.goals[0].priority')" "medium" "a blank line keeps the default"
is "$(q 'pdp.goals[0].target_date')" "2027-03-31" "the corrected date"
is "$(q summary.agreed)" "yes" "yes/no"
is "$(sql "SELECT state FROM appraisals WHERE staff_number = '100348'")" "final" "final"
is "$(sql "SELECT need || '|' || kind || '|' || category || '|' || priority FROM pdp_goals g
	JOIN appraisals p ON p.id = g.appraisal_id WHERE p.staff_number = '100348'")" \
	"Blue-light driving|formal|Driving|medium" "the PDP goal row"
is "$(sql "SELECT comments FROM signoffs s JOIN appraisals p ON p.id = s.appraisal_id
	WHERE p.staff_number = '100348' AND role = 'appraisee'")" "Thank you, Ffion." "the appraisee's comments"

case_begin "every line of a whole run starts with a word of the manual's table"
# The same answers again, typed ahead on a pipe (no one reads the lines
# first): what eadr prints is then exactly its output, nothing stripped.
sed -n '/^\.SH PLAIN MODE/,/^\.SH /p' "$EADR_SRCDIR/doc/eadr.1" |
	sed -n '/^\.TP/{n;p}' | sed -n 's/^\.BI* "*\([A-Z][A-Z]*\).*/\1/p' | sort -u >"$T/words"
is "$(wc -l <"$T/words" | tr -d ' ')" "$(grep -c . "$T/words")" "(the manual's table read)"
like "$(tr '\n' ' ' <"$T/words")" "*ASK *BYE *QUESTION *SAVED *TEAM*" "the manual's table names the line words"
"$EADR" --db "$DB" --forms "$FORMS" --plain <"$T/sent" >"$T/raw" 2>"$T/rawerr"
is "$?" 0 "the replayed run ends well"
grep -q '^FINAL: ' "$T/raw"
ok $? "it reaches FINAL"
bad=$(grep -v -E '^[A-Z]+(:| |$)' "$T/raw" | head -3)
is "$bad" "" "every line starts with a capital word (then a space, a colon or nothing)"
bad=$(sed -n 's/^\([A-Z][A-Z]*\).*/\1/p' "$T/raw" | sort -u | grep -v -x -F -f "$T/words")
is "$bad" "" "every line's word is in the manual's table"

case_begin "input that ends in the middle: what was answered is kept, status 1"
printf '100361\nFirst words before the end\n' | "$EADR" --db "$DB" --forms "$FORMS" --plain \
	>"$T/out2" 2>"$T/err2"
is "$?" 1 "input ending mid-appraisal: status 1"
like "$(cat "$T/err2")" "*input ended*saved*" "it says so on stderr"
is "$(answer 100361 welcome.checkin)" "First words before the end" \
	"the unfinished text answer was saved"

case_begin "no terminal and no --plain: a clear message, not a broken screen"
"$EADR" --db "$DB" </dev/null >"$T/out3" 2>"$T/err3"
is "$?" 2 "the TUI without a terminal: usage status"
like "$(cat "$T/err3")" "*--plain*" "and a pointer to --plain"

finish
