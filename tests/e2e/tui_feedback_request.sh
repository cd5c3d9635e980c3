#!/bin/sh
# tui_feedback_request.sh - asking for 360-degree feedback from the team
# list (Ctrl-F, issue 14): the screen at 80x24 without colour (compared
# whole), invitations per group and a close date typed, the codes made by
# the same lib functions as 'eadr feedback request' with only their hashes
# kept, the slips (text and HTML) written to the folder the screen shows
# ("360-slips" beside the database by default, or one typed; never the
# current folder) and named on the screen in full; a bad close date, a
# folder that cannot be made and a person whose appraisal the manager does
# not hold each get a clear message and make nothing.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
need_tui

ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$T/asan"
UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$T/ubsan"
export ASAN_OPTIONS UBSAN_OPTIONS

A="Ffion Llywelyn"
DB="$T/laptop.db"
EADR_DEMO_MANAGERS= "$EADR" --db "$DB" --forms "$FORMS" demo >/dev/null 2>&1
ok $? "the demo with its managers"
# eadr is started in another folder: no slip may land there
mkdir "$T/here" "$T/stick"
cd "$T/here" || exit 1

signin() {	# start eadr at 80x24 without colour, Ffion signed in
	eadr_tui 80 24 NO_COLOR=1
	wait_for "Passphrase" || return 1
	tui_text "$A"
	tui_keys Tab
	tui_text "riverside demo kettle"
	tui_keys Enter
}
nreq() { sql "SELECT count(*) FROM feedback_requests"; }

case_begin "Ctrl-F on Dafydd: the request screen, codes and slips" "$DB"
signin
wait_for "Dafydd ap Gruffydd"
tui_text dafydd
tui_keys C-f
wait_for "Invitations per group"
ok $? "Ctrl-F opens the request screen for the selected person"
tui_keys Down Down Down Down Down BSpace BSpace BSpace BSpace BSpace BSpace BSpace \
	BSpace BSpace BSpace
tui_text 2030-06-30
tui_keys Down C-u
tui_text /media/usb/360-slips
tui_keys Up Up Up
wait_for "2030-06-30"
assert_screen feedback_request "the request screen at 80x24: groups, close date, slips folder, why 5"
tui_keys Down Down Down C-u
tui_text "$T/stick/slips"
tui_keys Up Up Up
tui_keys BSpace
tui_text 3
tui_keys Up
tui_text 7
tui_keys Down Down
tui_text 6
tui_keys Up Up Up Up BSpace
tui_text 0
tui_text ++	# self: 0 or 1, so + twice is 1
tui_keys Down Down Down
tui_text -	# direct reports: 3, one fewer
tui_keys F10
wait_for "Made 17 one-time codes"
ok $? "F10 makes the codes"
scr=$(tui_screen)
like "$scr" "*Made 17 one-time codes for Dafydd ap Gruffydd, closing 2030-06-30*" \
	"the screen says how many codes, for whom, until when"
like "$scr" "*$T/stick/slips/feedback-100251-*.txt*$T/stick/slips/feedback-100251-*.html*" \
	"the screen names both slip files, in full, in the folder typed"
like "$scr" "*Note: fewer than 5 invitations in an anonymous group*" \
	"a group of 3 gets the note why 5 are recommended"
is "$(ls "$T/stick/slips" | grep -c '^feedback-100251-.*\.txt$')" 1 "the text slips are written"
is "$(ls "$T/stick/slips" | grep -c '^feedback-100251-.*\.html$')" 1 "the HTML slips are written"
is "$(ls -A "$T/here" | wc -l | tr -d ' ')" 0 "nothing is written to the folder eadr was started in"
is "$(stat -c %a "$T/stick/slips")" 700 "the folder made for the slips is the user's alone"
is "$(sql "SELECT n_self || n_manager || '/' || n_peer || '/' || n_report || '/' ||
	n_other || ' ' || close_on FROM feedback_requests WHERE staff_number = '100251'")" \
	"11/7/2/6 2030-06-30" "the request as typed: self 1 (+ twice, at most 1), manager 1, peers 7, reports 2 (-), others 6"
is "$(sql "SELECT count(*) FROM feedback_codes")" 17 "seventeen code hashes kept"
txt=$(cat "$T"/stick/slips/feedback-100251-*.txt)
code=$(printf '%s\n' "$txt" | grep -o 'P[0-9A-Z]\{4\}-[0-9A-Z]\{5\}-[0-9A-Z]\{5\}' | head -1)
like "$code" "P*" "a peer's code is on the slips"
if grep -rq "$code" "$DB"* 2>/dev/null; then r=1; else r=0; fi
is "$r" 0 "the code itself is nowhere in the database files"
tui_keys Enter
wait_for "Filter:"
ok $? "Enter goes back to the team list"
tui_keys C-q
wait_exit

case_begin "the slips' folder: beside the database unless another is typed" "$DB"
before=$(nreq)
signin
wait_for "Dafydd ap Gruffydd"
tui_text dafydd
tui_keys C-f
wait_for "Invitations per group"
tui_keys Down Down Down Down Down Down C-u
tui_text "$T/no/such/folder"
tui_keys F10
wait_for "No codes made: the folder $T/no/such/folder cannot be made"
ok $? "a folder that cannot be made is said, before anything is made"
is "$(nreq)" "$before" "no request is made (no codes lost)"
tui_keys C-u
tui_text "$T/360-slips"
tui_keys F10
wait_for "Made 7 one-time codes"
like "$(tui_screen)" "*$T/360-slips/feedback-100251-*.txt*" "the slips, named in full"
tui_keys Enter
wait_for "Filter:"
tui_keys C-f
wait_for "Invitations per group"
like "$(tui_screen)" "*Slips folder     $T/360-slips*" \
	"the folder offered is 360-slips beside the database, in full"
tui_keys F10
wait_for "Made 7 one-time codes"
is "$(ls "$T/360-slips" | grep -c '\.txt$')" 2 "the default folder takes the slips"
is "$(ls -A "$T/here" | wc -l | tr -d ' ')" 0 "still nothing in the folder eadr was started in"
tui_keys Enter
wait_for "Filter:"
tui_keys C-q
wait_exit

case_begin "a close date that has passed: said, nothing made" "$DB"
before=$(nreq)
signin
wait_for "Dafydd ap Gruffydd"
tui_text dafydd
tui_keys C-f
wait_for "Invitations per group"
like "$(tui_screen)" "*Close date       2026-12-13*" \
	"the close date offered is three weeks on (EADR_TODAY is 2026-11-22)"
tui_keys Up Up Up BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
tui_text 2020-01-01
tui_keys F10
wait_for "is not after today"
ok $? "the close date 2020-01-01 is refused with a clear message"
is "$(nreq)" "$before" "no request is made"
tui_keys Escape
wait_for "Filter:"
ok $? "Esc goes back to the team list"
is "$(nreq)" "$before" "nothing is made"
tui_keys C-q
wait_exit

case_begin "a person whose appraisal the manager does not hold" "$DB"
before=$(nreq)
eadr_tui 80 24 NO_COLOR=1
wait_for "Passphrase"
tui_text "Sam Okafor"
tui_keys Tab
tui_text "northgate demo lantern"
tui_keys Enter
wait_for "Dafydd ap Gruffydd"
tui_text dafydd
tui_keys C-f
wait_for "You hold no appraisal of Dafydd ap Gruffydd"
ok $? "Sam, who does not hold Dafydd's appraisal (Ffion does), is refused, saying why"
like "$(tui_screen)" "*Filter: dafydd*" "still on the team list"
is "$(nreq)" "$before" "no request is made"
tui_keys F1
wait_for "Keys: Team list"
wait_for "Up/Down scroll  Esc close"	# the whole help drawn, its key bar last
like "$(tui_screen)" "*Ctrl-F*ask for 360-degree feedback on the selected person*" \
	"F1 help on the team list names Ctrl-F"
tui_keys Escape
tui_keys C-q
wait_exit

# A laptop without profiles: Ctrl-F on someone with no appraisal at all
# says to start one first (not that another manager holds it), and Enter
# then offers to start it.
printf 'staff_number,name\n100,Chidi Okonkwo\n' > "$T/s.csv"
"$EADR" --db "$T/bare.db" staff import "$T/s.csv" >/dev/null 2>&1
case_begin "no profiles: Ctrl-F on someone with no appraisal" "$T/bare.db"
eadr_tui 80 24 NO_COLOR=1
wait_for "Chidi Okonkwo"
tui_keys C-f
wait_for "Chidi Okonkwo has no appraisal yet"
ok $? "Ctrl-F on Chidi, who has no appraisal, says so"
like "$(tui_screen | tr -s ' \n' '  ')" "*press Enter to start one, then ask for 360-degree feedback*" \
	"and says to start one first"
case "$(tui_screen)" in *"hold no appraisal"*) bad=1 ;; *) bad=0 ;; esac
ok "$bad" "not that another manager holds it"
is "$(sql "SELECT count(*) FROM feedback_requests")" 0 "no request is made"
tui_keys Enter
wait_for "Start an appraisal with Chidi Okonkwo now?"
ok $? "Enter then offers to start one"
tui_keys C-q
wait_exit

[ -e "$T/asan" ] || [ -e "$T/ubsan" ] && { cat "$T"/asan* "$T"/ubsan* >&2; ok 1 "no sanitizer report"; }
finish
