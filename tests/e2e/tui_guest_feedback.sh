#!/bin/sh
# tui_guest_feedback.sh - "Give feedback" (F3 on the sign-in screen), at 80x24:
# a 360 rater types the code from their slip (a typo is said), is told
# before the first question that nobody on the laptop can read the
# answers, picks ratings with a number (saved, and on to the next), types
# the open answers (saved as typed, under the code: in no file in clear),
# and submits: the answers are sealed for the hub, the slip's code is
# counted, and nothing readable stays.  Esc before submitting keeps the
# draft, which the same code resumes.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
need_tui

MARKER=E2E-TUI-FEEDBACK-MARKER
printf 'correct horse battery staple\n' > "$T/a.pass"
printf 'staff_number,name\n100,Alex Kowalski\n' > "$T/s.csv"
e() { "$EADR" --db "$DB" --forms "$FORMS" "$@"; }
"$EADR" --db "$T/hub.db" hub init -o "$T/hub.key" >/dev/null 2>&1
"$EADR" --db "$T/base.db" sync trust "$T/hub.key" >/dev/null 2>&1
"$EADR" --db "$T/base.db" staff import "$T/s.csv" >/dev/null 2>&1
"$EADR" --db "$T/base.db" --passphrase-file "$T/a.pass" profile add "Ffion Llywelyn" >/dev/null 2>&1
ok $? "a laptop with a manager's profile, trusting a hub"
on_disk() { grep -a -l -- "$MARKER" "$DB" "$DB-wal" "$DB-shm" 2>/dev/null | wc -l | tr -d ' '; }

case_begin "F3: give feedback, sealed on submission" "$T/base.db"
(cd "$T" && e feedback request 100 --peers 5 --close 2099-01-01 > req.out 2>&1)
code=$(awk '$1 == "peers" { print $2; exit }' "$T/req.out")
eadr_tui 80 24 NO_COLOR=1
wait_for "F3 feedback"
tui_keys F3
wait_for "as soon as you submit them: nobody on this laptop can read them, and the"
ok $? "told before the first question that the laptop cannot read the answers"
assert_screen guest_feedback_code \
	"the form's intro wraps as one paragraph at 80x24, no line broken mid-sentence (screens/guest_feedback_code.screen)"
swapped=$(mistype "$code")
tui_text "$swapped"
tui_keys Enter
wait_for "does not check out"
ok $? "a typo: a clear message"
tui_keys C-u
tui_text "$code"
tui_keys Enter
wait_for "question 1 of 17"
assert_screen guest_feedback "a rating question at 80x24 (screens/guest_feedback.screen)"
i=1
while [ $i -le 14 ]; do
	wait_for "question $i of 17" || break
	tui_text 3
	i=$((i + 1))
done
wait_for "question 15 of 17"
ok $? "each rating picked with a number, and on to the next"
tui_text "$MARKER keep"
wait_for "$MARKER keep"
tui_keys Escape
wait_for "Saved, encrypted under your code"
ok $? "Esc: the draft stays, under the code"
is "$(on_disk)" 0 "the draft is in no file in clear"
tui_keys x
wait_for "F3 feedback"
tui_keys F3
wait_for "the code on your invitation slip"
tui_text "$code"
tui_keys Enter
wait_for "question 1 of 17"
like "$(tui_screen)" "*(x) 3  Strong*" "the same code resumes: the rating is back"
tui_keys F10
wait_for "Submit your feedback now?"
tui_keys y
wait_for "Your feedback is sealed for the trust's hub"
ok $? "submitted and sealed"
is "$(on_disk)" 0 "nothing readable stays on the laptop"
like "$(e feedback status 100)" "*peers*invited  5, answered on this laptop 1*" \
	"the answer is counted, as with 'eadr feedback'"
is "$(sql "SELECT count(*) FROM feedback_drafts")" 0 "no draft left"
finish
