#!/bin/sh
# tui_slip_keys.sh - the 360 slips and the preparation sheet name the keys
# the screens show (issue 14 follow-up): the key before "feedback" and
# "prepare" in the sign-in screen's key bar, and the keys F1 help on the
# team list of a laptop without sign-in names for giving feedback and
# preparing, are read from the screens at 80x24; the slip and the sheet
# must name those keys, and each key must open its screen.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
need_tui

printf 'correct horse battery staple\n' > "$T/a.pass"
printf 'staff_number,name\n100,Alex Kowalski\n' > "$T/s.csv"
"$EADR" --db "$T/hub.db" hub init -o "$T/hub.key" >/dev/null 2>&1
"$EADR" --db "$T/bare.db" sync trust "$T/hub.key" >/dev/null 2>&1
"$EADR" --db "$T/bare.db" staff import "$T/s.csv" >/dev/null 2>&1
cp "$T/bare.db" "$T/prof.db"
"$EADR" --db "$T/prof.db" --passphrase-file "$T/a.pass" profile add "Ffion Llywelyn" >/dev/null 2>&1
ok $? "a laptop without profiles and one with a manager's profile"
"$EADR" --db "$T/bare.db" --forms "$FORMS" feedback request 100 --peers 5 \
	--close 2099-01-01 -o "$T/slips" >/dev/null 2>&1
ok $? "360 slips written"
slip=$(cat "$T"/slips/*.txt | tr -s ' \n' '  ')
(cd "$T" && "$EADR" --db "$T/bare.db" --forms "$FORMS" prepare request 100 >/dev/null 2>&1)
ok $? "a preparation sheet written"
sheet=$(tr -s ' \n' '  ' < "$T/prepare-100.txt")

case_begin "the sign-in screen's keys are the slip's and the sheet's" "$T/prof.db"
eadr_tui 80 24 NO_COLOR=1
wait_for "feedback"
bar=$(tui_screen | tail -n 1)
kf=$(printf '%s\n' "$bar" | sed -n 's/.* \(F[0-9][0-9]*\) feedback .*/\1/p')
kp=$(printf '%s\n' "$bar" | sed -n 's/.* \(F[0-9][0-9]*\) prepare .*/\1/p')
ok "$([ -n "$kf" ] && [ -n "$kp" ] && echo 0 || echo 1)" \
	"the key bar shows a key for feedback ($kf) and one for preparing ($kp)"
like "$slip" "*press $kf on the sign-in screen*" "the slip names $kf on the sign-in screen"
like "$sheet" "*press $kp (on the sign-in screen*" "the sheet names $kp on the sign-in screen"
tui_keys "$kf"
wait_for "nobody on this laptop can read them"
ok $? "$kf opens giving feedback"
tui_keys Escape
wait_for "feedback"
tui_keys Escape
wait_exit

case_begin "the team list's keys without sign-in are the slip's and the sheet's" "$T/bare.db"
eadr_tui 80 24 NO_COLOR=1
wait_for "Alex Kowalski"
tui_keys F1
wait_for "Keys: Team list"
wait_for "Up/Down scroll  Esc close"	# the whole help drawn, its key bar last
help=$(tui_screen)
kf=$(printf '%s\n' "$help" | sed -n 's/^ *\(F[0-9][0-9]*\)  *give 360-degree feedback.*/\1/p')
kp=$(printf '%s\n' "$help" | sed -n 's/^ *\(F[0-9][0-9]*\)  *prepare for my appraisal.*/\1/p')
ok "$([ -n "$kf" ] && [ -n "$kp" ] && echo 0 || echo 1)" \
	"F1 help names a key for feedback ($kf) and one for preparing ($kp)"
like "$slip" "*($kf on the team list of a laptop without sign-in)*" \
	"the slip names $kf on the team list without sign-in"
like "$sheet" "*press $kp (on the sign-in screen, or on the team list of a laptop without sign-in)*" \
	"the sheet names $kp on the team list without sign-in"
tui_keys Escape
wait_for "Filter:"
tui_keys "$kf"
wait_for "nobody on this laptop can read them"
ok $? "$kf opens giving feedback"
tui_keys Escape
wait_for "Filter:"
tui_keys "$kp"
wait_for "Your manager gave you a code on your preparation"
ok $? "$kp opens preparing"
tui_keys Escape
wait_for "Filter:"
tui_keys C-q
wait_exit
finish
