#!/bin/sh
# tui_text.sh - text and terminals: UTF-8 answers with combining and wide
# characters wrap and save exactly; resizing to 80x24, 200x60 and 40x12 in
# the middle of editing loses nothing; the number widget; help; NO_COLOR
# keeps every signal; a non-UTF-8 locale still works, with a warning.
. "$EADR_SRCDIR/tests/lib.sh"
. "$EADR_SRCDIR/tests/e2e/tmux.sh"

command -v sqlite3 >/dev/null 2>&1 || skip_all "the sqlite3 shell is not installed"

DB="$T/eadr.db"
EADR_TODAY=2026-11-22
export EADR_TODAY
mkdir "$T/forms"
cat >"$T/forms/eadr.yaml" <<'EOF'
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
EOF
"$EADR" --db "$DB" demo >"$T/demo.out" 2>&1
ok $? "demo team made"

q() {
	sqlite3 "$DB" "SELECT value FROM answers a JOIN appraisals p ON p.id = a.appraisal_id
		WHERE p.staff_number = '100234' AND a.path = '$1'"
}

# NO_COLOR: overdue rows are bold and say OVERDUE; no colour at all
tui_start 80 24 env NO_COLOR=1 "$EADR" --db "$DB" --forms "$T/forms"
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
tui_teardown

# UTF-8 with combining and wide characters, in a narrow window
W1="Café"	# e + U+0301 COMBINING ACUTE ACCENT
W2="漢字テスト"
TEXT="$W1 Llongyfarchiadau ŵ ŷ. Zażółć gęślą jaźń. $W2 は 🚑 ambulance 救急車 and more words to make it wrap over several lines in sixty columns."
tui_start 60 20 "$EADR" --db "$DB" --forms "$T/forms"
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
# no screen line is wider than the window
wide=$(printf '%s\n' "$scr" | while IFS= read -r l; do
	printf '%s' "$l" | LC_ALL=C.UTF-8 wc -L
done | sort -n | tail -1)
[ "$wide" -le 60 ]
ok $? "no line is wider than 60 columns ($wide)"
wait_for "Saved"
is "$(q s.long)" "$TEXT" "saved byte for byte"

# the cursor moves two columns for each wide character
tui_keys Tab Tab
wait_for "One line"
x0=$(tui_cursor)
x0=${x0% *}
tui_text "漢字漢字"
wait_for "漢字漢字"
x1=$(tui_cursor)
x1=${x1% *}
is "$((x1 - x0))" 8 "four wide characters move the cursor eight columns"

# the number widget: saved as typed, flagged when out of range
tui_keys BTab
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

# resize in the middle of editing the long answer
tui_keys BTab BTab
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
is "$(q s.long)" "$TEXT Resize one. Typed while small." "every word saved"
is "$(q s.hours)" "12" "the number was corrected"
tui_keys F1
wait_for "Keys: Appraisal"
ok $? "F1 opens the help of the walk"
tui_keys Escape
tui_keys C-c
wait_exit
tui_teardown

# a non-UTF-8 locale: a warning, and it still works
tui_start 80 24 env LANG=C LC_ALL=C "$EADR" --db "$DB" --forms "$T/forms"
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
