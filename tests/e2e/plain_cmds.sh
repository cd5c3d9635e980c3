#!/bin/sh
# plain_cmds.sh - plain mode never overwrites a good answer: commands work
# on any line (inside a long answer too), a refused value is never saved
# (PROBLEM, never SAVED), and a script's start is the same every time,
# whether the person has a draft or not (--resume chooses otherwise).
. "$EADR_SRCDIR/tests/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || skip_all "the sqlite3 shell is not installed"

DB="$T/eadr.db"
EADR_TODAY=2026-11-22
export EADR_TODAY
"$EADR" --db "$DB" demo >"$T/demo.out" 2>&1
ok $? "demo team made"

q() {	# STAFF PATH: the answer at PATH in STAFF's appraisal
	sqlite3 "$DB" "SELECT value FROM answers a JOIN appraisals p ON p.id = a.appraisal_id
		WHERE p.staff_number = '$1' AND a.path = '$2'"
}

lines() {	# the output's lines, without the "> " prompts before them
	sed 's/^\(> \)*//' "$T/out"
}

plain() {	# [OPTION...] -- LINE...: run plain mode with these input lines
	_opts=
	while [ "$1" != -- ]; do _opts="$_opts $1"; shift; done
	shift
	printf '%s\n' "$@" | "$EADR" --db "$DB" --forms "$EADR_SRCDIR/forms" --plain $_opts \
		>"$T/out" 2>"$T/err"
}

# ---- !skip first in a long answer keeps the saved answer ----
plain -- 100307 '!skip' "Said about hopes" . '!quit'
is "$(q 100307 welcome.checkin)" "" "!skip first in a long answer: not stored as text"
is "$(q 100307 welcome.hopes)" "Said about hopes" "the next lines answer the next question"
plain -- 100361 "Well, and glad to talk." "Second line." . '!quit'
is "$(q 100361 welcome.checkin)" "Well, and glad to talk.
Second line." "a two-line answer saved"
plain -- 100361 '!skip' "This line must not replace it" . '!quit'
is "$(q 100361 welcome.checkin)" "Well, and glad to talk.
Second line." "!skip as the first line keeps the saved answer"
lines | grep -q '^QUESTION welcome.hopes'
ok $? "!skip goes on to the next question"
is "$(q 100361 welcome.hopes)" "This line must not replace it" \
	"the lines after !skip answer the next question"
plain -- 100361 "Half an answer" '!skip' '!quit'
is "$(q 100361 welcome.checkin)" "Well, and glad to talk.
Second line." "!skip inside a long answer drops its lines and keeps the saved one"

# ---- !help and "!!" inside a long answer; an unknown command is not text ----
plain -- 100361 "One" '!help' '!!bang, as text' '!nonsense' "Two" . '!quit'
is "$(q 100361 welcome.checkin)" "One
!bang, as text
Two" "!help inside an answer does not end it; !! starts a line with !"
lines | grep -q '^HELP: !skip'
ok $? "!help lists the commands"
lines | grep -q '^PROBLEM: !nonsense is not a command'
ok $? "an unknown command is refused, not kept as text"

# ---- !help lists every command, then says the question again ----
plain -- 100361 '!help' . '!quit'
for c in '!skip' '!clear' '!back' '!section N' '!quit' '!help' '!!'; do
	lines | grep -q "^HELP: $c: "
	ok $? "!help lists $c"
done
sed -n '/^HELP: /,$p' "$T/out" | grep -v '^HELP: ' | head -1 >"$T/after"
like "$(cat "$T/after")" "ASK: Type the answer*" "after the help, the ASK line is said again"

# ---- a person by name, as people type it ----
for who in "zoe:Zoë Ó Súilleabháin" "siobhan:Siobhán Ní Bhriain" "jurgen:Jürgen Bäcker" \
	"noemie:Noémie Lefèvre" "o suil:Zoë Ó Súilleabháin" "NÍ BHRIAIN:Siobhán Ní Bhriain"; do
	plain -- "${who%%:*}" '!skip' '!quit'
	# the next line names the person: APPRAISAL, STARTED, or "...'s last
	# appraisal is final" (whatever the demo made of them)
	like "$(sed -n '/^ASK: Choose/{n;p;q;}' "$T/out")" "*${who#*:}*" \
		"'${who%%:*}' chooses ${who#*:}"
done
plain -- ch 2 '!quit'
is "$(sed -n '/^MATCHES: /,/^ASK: /p' "$T/out" | sed 's/ (.*//')" "MATCHES: 2 people match 'ch'; type more of the name, or the number
STAFF 2: Chidi Okonkwo
STAFF 10: Mei-Ling Chén
ASK: Choose a person: a name, the number before it, or a staff number" \
	"several match: they are listed and the person is asked for again"
grep -q '^APPRAISAL Chidi Okonkwo (' "$T/out"
ok $? "then a number chooses"
is "$(grep -c '^TEAM$' "$T/out")" 1 "the whole team is not listed again"
plain -- nobody '!quit'
lines | grep -q "^PROBLEM: no one in the team matches 'nobody'$"
ok $? "no match: a PROBLEM, and the person is asked for again"

# ---- options: shown by label, answered by number, value or label ----
plain -- 100361 '!section 4' . . . "medium: FULLY effective in the role" high \
	"happy in their current role" "Talent pools, coaching" '!quit'
is "$(q 100361 talent.performance)" "medium" "a scale by its label, as typed"
is "$(q 100361 talent.readiness)" "happy in role" "a choice by its label"
is "$(q 100361 talent.interest)" "talent_pool
coaching" "choices by labels, separated by commas"
lines | grep -q '^SAVED talent.interest: Talent pools; Coaching$'
ok $? "SAVED says what was understood, by label"
plain -- 100361 '!section 4' . . . "" "" "" "" '!quit'
lines | grep -q '^CURRENT: Talent pools; Coaching$'
ok $? "CURRENT shows options by label, not number"
lines | grep -q '^CURRENT: Medium: fully effective in the role$'
ok $? "(a scale's too)"

# ---- --resume inside a value: the section and the value's heading again ----
plain -- 100361 '!section 3' 2 . "" '!quit'
plain --resume -- 100361 '!quit'
sed -n '/^START: /,/^ASK: /p' "$T/out" | sed -n 's/^\(SECTION\|GROUP\|QUESTION\) \([^ ]*\).*/\1 \2/p' >"$T/heads"
is "$(cat "$T/heads")" "SECTION 3/7:
GROUP values.teamwork:
QUESTION values.teamwork.evidence" "--resume: the section and the value's heading come before the question"

# ---- check first, then save: a refused value is never saved ----
plain -- 100361 '!section 7' . "" 2027-05-20 '!quit'
is "$(q 100361 summary.next_review)" "2027-05-20" "!section 7 goes to the summary"
plain -- 100361 '!section 7' . "" 2027-02-30 '!quit'
is "$(q 100361 summary.next_review)" "2027-05-20" "a refused date does not replace the good one"
lines | grep -q '^SAVED summary.next_review'
ok $((! $?)) "no SAVED line for a refused value"
lines | grep -q '^PROBLEM: not saved: .*date'
ok $? "PROBLEM says it was not saved"
plain -- 100361 '!section 7' . "" '!clear' '!quit'
is "$(q 100361 summary.next_review)" "2027-05-20" "a required answer is not cleared to a problem"

# ---- !back: to the question before, from inside a long answer ----
plain -- 100361 . "Hopes, first try" '!back' "Check-in again" . "Hopes again" . '!quit'
is "$(q 100361 welcome.checkin)" "Check-in again" "!back returns to the question before"
is "$(q 100361 welcome.hopes)" "Hopes again" "and the walk goes on from there"
lines | grep -q '^QUESTION welcome.hopes'
ok $? "(the walk reached welcome.hopes)"

# ---- commands on other prompts ----
plain -- 100361 '!section 9' '!section 2' '!quit'
lines | grep -q '^PROBLEM: give a section number from 1 to 7'
ok $? "!section out of range: a PROBLEM, the line read again"
plain -- '!back' '!quit'
lines | grep -q '^PROBLEM: !back moves between the questions of a draft'
ok $? "!back outside an appraisal: a PROBLEM"

# ---- the same start every time: a script does not fall out of step ----
# Tomás has no draft on the first run, a draft with a saved place on the
# second; the same script answers the same questions both times.
plain -- 100348 "Run one: check-in" . "Run one: hopes" . '!quit'
sed -n 's/^\(> \)*\(QUESTION [^ ]*\).*/\2/p; s/^\(> \)*\(START:\).*/\2/p' "$T/out" >"$T/run1"
is "$(q 100348 welcome.hopes)" "Run one: hopes" "first run saved"
plain -- 100348 "Run two: check-in" . "Run two: hopes" . '!quit'
sed -n 's/^\(> \)*\(QUESTION [^ ]*\).*/\2/p; s/^\(> \)*\(START:\).*/\2/p' "$T/out" >"$T/run2"
is "$(cat "$T/run2")" "$(cat "$T/run1")" "a person with a draft: the same questions, in the same order"
is "$(q 100348 welcome.checkin)" "Run two: check-in" "the second run's answers went where the script meant"
is "$(q 100348 welcome.hopes)" "Run two: hopes" "(both of them)"
grep -q 'Continue from where' "$T/out"
ok $((! $?)) "no question that appears only sometimes"
like "$(cat "$T/out")" "*START: at the first question (you were at welcome.*; eadr --plain --resume starts there)*" \
	"START names the saved place"

# --resume: where the manager was, chosen explicitly
plain --resume -- 100348 '!quit'
like "$(cat "$T/out")" "*START: at welcome.hopes, where you were*" "--resume starts at the saved place"
sed -n 's/^\(> \)*\(QUESTION [^ ]*\).*/\2/p' "$T/out" | head -1 >"$T/first"
is "$(cat "$T/first")" "QUESTION welcome.hopes" "its first question is that one"
"$EADR" --db "$DB" --resume >"$T/out" 2>"$T/err" </dev/null
is "$?" 2 "--resume without --plain: usage status"
like "$(cat "$T/err")" "*--resume and --restart go with --plain*" "and says why"

finish
