#!/bin/sh
# tui_text.sh - text and terminals: UTF-8 answers with combining and wide
# characters wrap and save exactly; a question shown by what is typed shows
# while it is typed; resizing to 80x24, 200x60 and 40x12 in
# the middle of editing loses nothing; the number widget; help; NO_COLOR
# keeps every signal; a non-UTF-8 locale still works, with a warning.
# Independent cases, each on a fresh copy of the demo team.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
need_tui

FORMS="$T/forms"
mkdir "$FORMS"
cat >"$FORMS/eadr.yaml" <<'EOF'
form: eadr
version: "9999"
title: Text and terminals
sections:
  - id: s
    title: Words
    guide:
      - What would you like to say?
    questions:
      - { id: long, type: text, label: A long answer }
      - { id: hours, type: number, label: Hours of CPD, min: 0, max: 100 }
      - { id: short, type: line, label: One line }
      - { id: why, type: line, label: Why so many hours, when: "s.hours > 40" }
EOF
make_demo

q() {
	answer 100234 "$1"
}
zoe() {	# COLS ROWS [VAR=VAL...]: Zoë's appraisal, quietly
	eadr_tui "$@"
	start_appraisal zoë "Zoë Ó Súilleabháin" >/dev/null
}

# UTF-8 with combining and wide characters, in a narrow window
W1="Café"	# e + U+0301 COMBINING ACUTE ACCENT
W2="漢字テスト"
TEXT="$W1 Llongyfarchiadau ŵ ŷ. Zażółć gęślą jaźń. $W2 は 🚑 ambulance 救急車 and more words to make it wrap over several lines in sixty columns."

# The rows of the long answer on the screen $1, without their indent.
answer_rows() {	# SCREEN
	# (a focused long answer's rows start with a bar: "    │")
	printf '%s\n' "$1" | awk 'f { sub(/^    │/, ""); sub(/^     /, ""); if ($0 ~ /^ *$/) exit; print }
		/A long answer/ { f = 1 }'
}

# The long answer fills the width it was given and no more: its rows,
# spaces aside, give back the whole text in order (a row laid out wider
# than the window loses its end at the edge), and no word in Latin letters
# is split between rows.  (Not "no row is wider than 60": capture-pane
# never returns a row wider than the pane, so that could never fail.)
wrapped_within() {	# SCREEN
	_rows=$(answer_rows "$1")
	_st=0
	[ "$(printf '%s\n' "$_rows" | wc -l)" -ge 3 ] || { _st=1; echo "# fewer than 3 rows"; }
	[ "$(printf '%s' "$_rows" | tr -d ' \n')" = "$(printf '%s' "$TEXT" | tr -d ' ')" ] ||
		{ _st=1; echo "# the rows do not give back the text"; }
	set -f
	for _w in $TEXT; do
		case $_w in "$W2"|は|🚑|救急車) continue ;; esac
		printf '%s\n' "$_rows" | grep -qF -- "$_w" || { _st=1; echo "# '$_w' is not whole on a row"; }
	done
	set +f
	[ $_st -eq 0 ] || printf '%s\n' "$_rows" | sed 's/^/#   |/'
	return $_st
}

case_begin "NO_COLOR: words and bold, no colour; ? is help"
eadr_tui 80 24 NO_COLOR=1
wait_for "OVERDUE"
ok $? "overdue staff are marked in words"
row=$(tui_screen -e | grep "Jürgen Bäcker")
case $row in
*'[1m'*|*'[1;'*) st=0 ;;
*) st=1 ;;
esac
ok $st "an overdue row is bold"
tui_screen -e >"$T/colours"
grep -q '\[3[0-7]m\|\[3[0-7];\|38;5;' "$T/colours"
[ $? -ne 0 ]
ok $? "NO_COLOR: no colours are drawn"
tui_text '?'
wait_for "Keys: Team list"
ok $? "? opens the help of the team list"
tui_keys Escape
wait_for "your team"
tui_keys C-c
wait_exit

case_begin "UTF-8 text, wide and combining, in 60 columns"
eadr_tui 60 20
wait_for "Zoë Ó Súilleabháin"
tui_text "zoë"
tui_keys Enter
wait_for "Start an appraisal"
tui_text y
wait_for "Section 1 of 1: Words"
ok $? "a form with a number field"
tui_text "$TEXT"
wait_for "several lines"
ok $? "the UTF-8 text is on screen"
scr=$(tui_screen)
st=0
for ch in 漢 字 テ ス ト は 🚑 救 急 車 ż ó ł ć ŵ ŷ; do
	case $scr in
	*"$ch"*) ;;
	*) st=1; echo "# $ch is missing" ;;
	esac
done
ok $st "every wide and accented character is whole on screen"
case $scr in
*"$W1"*) st=0 ;;
*) st=1 ;;
esac
ok $st "the combining accent stays with its letter"
wrapped_within "$scr"
ok $? "60 columns: the answer is wrapped inside the window, whole, no word split"
wait_for "Saved"
wait_answer 100234 s.long "$TEXT"
is "$(q s.long)" "$TEXT" "saved byte for byte"

# the cursor moves two columns for each wide character
tui_keys Tab Tab
wait_for "▶ One line"
x0=$(tui_cursor)
x0=${x0% *}
tui_text "漢字漢字"
wait_for "漢字漢字"
x1=$(tui_cursor)
x1=${x1% *}
is "$((x1 - x0))" 8 "four wide characters move the cursor eight columns"

case_begin "the number widget: saved as typed, flagged when out of range"
zoe 60 20
tui_keys Tab
tui_text "250"
tui_keys Tab
tui_keys C-r
wait_for "Still needed (1)"
ok $? "the review lists the number out of range"
wait_for "Hours of CPD"
is "$(q s.hours)" "250" "the number is saved as typed"
tui_keys Enter
wait_for "Section 1 of 1"
tui_keys C-u
tui_text "12"
tui_keys Tab
wait_answer 100234 s.hours 12
is "$(q s.hours)" "12" "the number was corrected"

case_begin "a question shown by what is being typed shows while it is typed"
zoe 80 24
tui_keys Tab
tui_text "45"
wait_for "Why so many hours"
ok $? "typing 45 shows the question that asks why, before the field is left"
tui_keys BSpace BSpace
tui_text "5"
wait_gone "Why so many hours"
ok $? "typing 5 instead hides it again"

case_begin "resizing in the middle of editing loses nothing"
zoe 60 20
tui_text "$TEXT"
wait_for "several lines"
tui_text " Resize one."
wait_for "Resize one."
tui_resize 80 24
wait_for "Resize one."
ok $? "80x24: the text is still there"
tui_resize 200 60
wait_for "Resize one."
ok $? "200x60: the text is still there"
tui_resize 40 12
wait_for "Make the window larger"
ok $? "40x12: 'Make the window larger'"
tui_text " Typed while small."
tui_resize 80 24
wait_for "Typed while small."
ok $? "back at 80x24, what was typed while small is there"
wait_for "Saved"
wait_answer 100234 s.long "$TEXT Resize one. Typed while small."
is "$(q s.long)" "$TEXT Resize one. Typed while small." "every word saved"
tui_keys F1
wait_for "Keys: Appraisal"
ok $? "F1 opens the help of the walk"
tui_keys Escape
tui_keys C-c
wait_exit

case_begin "a non-UTF-8 locale: a warning, and it still works"
# Zoë's appraisal left by Ctrl-C, so that the next start offers to resume
zoe 80 24
tui_text "Begun"
tui_keys C-c
wait_exit >/dev/null
tui_teardown
eadr_tui 80 24 LANG=C LC_ALL=C
wait_for "Resume"
tui_text n
wait_for "not UTF-8"
ok $? "a non-UTF-8 locale is warned about"
wait_for "Chidi Okonkwo"
ok $? "the team list still shows"
tui_text "zo"
tui_keys Enter
wait_for "Section 1 of 1"
ok $? "the walk opens"
tui_keys C-c
wait_exit
ok $? "and quits"

finish
