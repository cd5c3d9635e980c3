#!/bin/sh
# tui_guest_team.sh - a laptop without manager profiles has no sign-in
# screen, so its team list offers the guests' screens (issue 14/15
# follow-up): F1 help names F2 (prepare) and F4 (give 360 feedback); F4
# asks for the code, walks the feedback form and Esc keeps the draft under
# the code, back to the team list; F2 asks for a preparation code; a
# SIGTERM while the feedback screen is open ends eadr at once.  On a
# laptop with profiles, a signed-in manager's F4 opens nothing and says
# the sign-in screen has it.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
need_tui

printf 'staff_number,name\n100,Alex Kowalski\n' > "$T/s.csv"
"$EADR" --db "$T/hub.db" hub init -o "$T/hub.key" >/dev/null 2>&1
"$EADR" --db "$T/base.db" sync trust "$T/hub.key" >/dev/null 2>&1
"$EADR" --db "$T/base.db" staff import "$T/s.csv" >/dev/null 2>&1
ok $? "a laptop without profiles, trusting a hub"
e() { "$EADR" --db "$DB" --forms "$FORMS" "$@"; }

case_begin "no profiles: F4 on the team list gives feedback" "$T/base.db"
code=$(e feedback request 100 --peers 5 --close 2099-01-01 -o "$T" 2>/dev/null |
	awk '$1 == "peers" { print $2; exit }')
eadr_tui 80 24 NO_COLOR=1
wait_for "Alex Kowalski"
tui_keys F1
wait_for "Keys: Team list"
wait_for "Up/Down scroll  Esc close"	# the whole help drawn, its key bar last
scr=$(tui_screen)
like "$scr" "*F2 *prepare for my appraisal, with its code (if no sign-in)*" \
	"F1 help on the team list names F2, prepare"
like "$scr" "*F4 *give 360-degree feedback, with its code (if no sign-in)*" \
	"F1 help on the team list names F4, give feedback"
tui_keys Escape
wait_for "Filter:"
tui_keys F4
wait_for "nobody on this laptop can read them"
ok $? "F4: the rater is told before the first question that the laptop cannot read the answers"
tui_text "$code"
tui_keys Enter
wait_for "question 1 of 17"
ok $? "the code opens the feedback form"
tui_text 3
wait_for "question 2 of 17"
tui_keys Escape
wait_for "Saved, encrypted under your code"
ok $? "Esc: the draft stays, under the code"
is "$(sql "SELECT count(*) FROM feedback_drafts")" 1 "one draft, under the code"
tui_keys x
wait_for "Filter:"
ok $? "a key goes back to the team list"
tui_keys F2
wait_for "Your manager gave you a code on your preparation"
ok $? "F2: a staff member is asked for their preparation code"
tui_keys Escape
wait_for "Filter:"
ok $? "Esc goes back to the team list"
tui_keys C-q
wait_exit

case_begin "no profiles: SIGTERM while a rater answers from the team list" "$T/base.db"
code=$(e feedback request 100 --peers 5 --close 2099-01-01 -o "$T" 2>/dev/null |
	awk '$1 == "peers" { print $2; exit }')
eadr_tui 80 24 NO_COLOR=1
wait_for "Alex Kowalski"
tui_keys F4
wait_for "nobody on this laptop can read them"
tui_text "$code"
tui_keys Enter
wait_for "question 1 of 17"
tui_text 4
wait_for "question 2 of 17"
tui_kill TERM
wait_exit 5
ok $? "SIGTERM ends eadr while the feedback screen is open, not after it closes"
tui_restored
ok $? "the terminal is restored"
is "$(sql "SELECT count(*) FROM feedback_drafts")" 1 "the answer given is kept, under the code"

case_begin "with profiles: F4 of a signed-in manager opens nothing" "$T/base.db"
printf 'correct horse battery staple\n' > "$T/a.pass"
e --passphrase-file "$T/a.pass" profile add "Ffion Llywelyn" >/dev/null 2>&1
eadr_tui 80 24 NO_COLOR=1
wait_for "Passphrase"
tui_text "Ffion Llywelyn"
tui_keys Tab
tui_text "correct horse battery staple"
tui_keys Enter
wait_for "Alex Kowalski"
tui_keys F4
wait_for "is on the sign-in screen (F3 there)"
ok $? "F4 says that giving feedback is on the sign-in screen"
like "$(tui_screen)" "*Filter:*" "still on the team list"
tui_keys C-q
wait_exit
finish
