#!/bin/sh
# tui_feedback.sh - the 360-degree feedback report in the walk (F4 in the
# values and behaviours section, issue 14): a report that came back from
# the hub through 'sync pull' shows as a text bar per dimension per group
# at 80x24 without colour (the whole screen compared), scrolls to the
# comments, changes none of the appraisal's answers, and Esc goes back to
# the walk; a person whose report has not come back is told so.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
need_tui

ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$T/asan"
UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$T/ubsan"
export ASAN_OPTIONS UBSAN_OPTIONS

A="Ffion Llywelyn"
printf 'riverside demo kettle\n' >"$T/a.pass"

# ---- the laptop (the demo, with its managers), the hub, a released report ----
L="$T/laptop.db"
EADR_DEMO_MANAGERS= "$EADR" --db "$L" --forms "$FORMS" demo >/dev/null 2>&1
ok $? "the demo with its managers"
"$EADR" --db "$T/hub.db" hub init -o "$T/hub.key" >/dev/null 2>&1
"$EADR" --db "$L" sync trust "$T/hub.key" >/dev/null 2>&1
"$EADR" --db "$L" --forms "$FORMS" feedback request 100251 --manager 0 --peers 3 \
	--close 2026-12-31 -o "$T" >"$T/req" 2>&1
ok $? "a request for Dafydd ap Gruffydd, whose appraisal Ffion holds"
give() {	# CODE RATING WORDS
	{ echo "$1"; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do echo "$2"; done
	  echo "keep $3"; echo "more $3"; echo "differently $3"; echo y; } |
		"$EADR" --db "$L" --forms "$FORMS" feedback >/dev/null 2>&1
}
n=0
for code in $(awk '$2 ~ /^[SP]....-/ { print $2 }' "$T/req"); do
	n=$((n + 1))
	give "$code" $((n % 4 + 1)) "rater $n"
done
is "$n" 4 "self and three peers answer"
mkdir "$T/stick"
"$EADR" --db "$L" --user "$A" --passphrase-file "$T/a.pass" sync push "$T/stick" >/dev/null 2>&1
"$EADR" --db "$T/hub.db" hub import "$T/stick" >"$T/imp" 2>&1
fp=$(sed -n "s/.*then run: eadr hub allow '\([^']*\)'.*/\1/p" "$T/imp" | head -1)
"$EADR" --db "$T/hub.db" hub allow "$fp" >/dev/null 2>&1
"$EADR" --db "$T/hub.db" hub import "$T/stick" >/dev/null 2>&1
req=$(awk '/^Feedback request/ { print $3; exit }' "$T/req")
"$EADR" --db "$T/hub.db" --forms "$FORMS" hub feedback-report "$req" --release >/dev/null 2>&1
ok $? "the hub releases the report"
"$EADR" --db "$T/hub.db" hub feedback-send "$req" "$T/stick" >/dev/null 2>&1
out=$("$EADR" --db "$L" sync pull "$T/stick" 2>&1)
like "$out" "*1 taken (1 with the report)*" "sync pull takes it"
printf 'northgate demo lantern\n' >"$T/b.pass"
out=$("$EADR" --db "$L" --user "$A" --passphrase-file "$T/a.pass" feedback report 100251 2>&1)
like "$out" "*360-degree feedback for Dafydd ap Gruffydd*peers (3)*rater 2*not a score*" \
	"feedback report: the holder reads it"
out=$("$EADR" --db "$L" --user "Sam Okafor" --passphrase-file "$T/b.pass" feedback report 100251 2>&1; echo "exit=$?")
like "$out" "*held by $A*exit=1" "feedback report: another manager is refused, the holder named"
out=$("$EADR" --db "$L" --user "$A" --passphrase-file "$T/a.pass" --forms "$FORMS" \
	export pdp 100251 --with-360 2>&1)
like "$out" "*Development plan*360-degree feedback (included at your request)*peers (3)*" \
	"export pdp --with-360: the report in the staff member's PDP"
out=$("$EADR" --db "$L" --user "$A" --passphrase-file "$T/a.pass" --forms "$FORMS" \
	export pdp 100251 2>&1)
case $out in *"360-degree feedback"*) r=1 ;; *) r=0 ;; esac
is "$r" 0 "export pdp without --with-360: no report"

signin() {	# start eadr on $DB at 80x24 without colour, Ffion signed in
	eadr_tui 80 24 NO_COLOR=1
	wait_for "Passphrase" || return 1
	tui_text "$A"
	tui_keys Tab
	tui_text "riverside demo kettle"
	tui_keys Enter
}

case_begin "F4 beside values and behaviours: bars per dimension and group" "$L"
signin
wait_for "Dafydd ap Gruffydd"
tui_text dafydd
tui_keys Enter
wait_for "Start a new appraisal"	# last year's is final
tui_text n
wait_for "Section 1 of 7"
tui_keys C-n
wait_for "Section 2 of 7"
tui_keys C-n
wait_for "F4 360"
ok $? "the values section's footer offers F4 360"
tui_keys F4
assert_screen feedback "the report at 80x24: a text bar per dimension per group, no colour"
# (End reaches eadr as another key through tmux's xterm-256color: PageDown)
tui_keys NPage NPage NPage NPage NPage
wait_for "What should they do differently?"
ok $? "it scrolls to the comments"
like "$(tui_screen)" "*- differently rater*" "the peers' comments, without a group label"
tui_keys Escape
wait_for "Section 3 of 7: Values and behaviours"
ok $? "Esc goes back to the walk"
is "$(sql "SELECT count(*) FROM answers a JOIN appraisals p ON p.id = a.appraisal_id
	WHERE p.staff_number = '100251' AND p.state = 'draft' AND a.path LIKE 'values.%'")" 0 \
	"nothing from the report is copied into the appraisal's ratings"
tui_keys C-c
wait_exit

case_begin "a person whose report has not come back" "$L"
signin
start_appraisal wójc "Agnieszka Wójcik" >/dev/null
tui_keys C-n
wait_for "Section 2 of 7"
tui_keys C-n
wait_for "F4 360"
tui_keys F4
wait_for "has come back"
ok $? "no report yet: said so, with the command that takes it"
tui_keys Escape
wait_for "Section 3 of 7"
tui_keys C-c
wait_exit

[ -e "$T/asan" ] || [ -e "$T/ubsan" ] && { cat "$T"/asan* "$T"/ubsan* >&2; ok 1 "no sanitizer report"; }
finish
