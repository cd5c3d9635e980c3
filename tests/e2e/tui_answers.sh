#!/bin/sh
# tui_answers.sh - answers as a new manager gives them (issue 12, items 5
# to 10, 12, 13): dates written the UK way or as "today" and "+6m", read
# back in words as they are typed and kept as YYYY-MM-DD; the agreed date
# of the next review is when the person is next due (and in the PDP copy).
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
need_tui
make_demo


case_begin "item 5: a date as people write it, shown in words as it is typed"
eadr_tui 80 24 NO_COLOR=1
start_appraisal wójc "Agnieszka Wójcik"
tui_keys C-n
wait_for "Section 2 of 7"
tui_keys Tab Tab Tab Enter
wait_for "Objective 1 of 1"
tui_text "Complete the practice educator course"
tui_keys Tab Tab
wait_for "Type a date: 31/03/2027"
ok $? "an empty date says how to write one, and today in words"
tui_text "31/0"
wait_for "Not a date yet"
ok $? "a date half typed says so as it is typed"
tui_text "3/2027"
wait_for "= Wed 31 March 2027"
ok $? "31/03/2027 reads back as Wed 31 March 2027 as it is typed"
wait_answer 100307 "performance.objectives[0].target_date" 2027-03-31
ok $? "and is kept as 2027-03-31"
tui_keys C-u
tui_text "+6m"
wait_for "= Sat 22 May 2027"
wait_answer 100307 "performance.objectives[0].target_date" 2027-05-22
ok $? "+6m is six months from today"
tui_keys C-u
tui_text "today"
wait_for "= Sun 22 November 2026"
ok $? "today reads as today"
tui_keys BTab
wait_for "Sun 22 November 2026 (2026-11-22)"
ok $? "out of focus the date shows in words too"

case_begin "item 6: a paste of several lines into a one-line answer is one answer"
eadr_tui 80 24 NO_COLOR=1
start_appraisal wójc "Agnieszka Wójcik"
tui_keys C-n
wait_for "Section 2 of 7"
tui_keys Tab Tab Tab
wait_for "Add a new objective"
_s=$(tui_screen | grep "Add a new objective" | tail -1)
case $_s in *"▶"*) r=0 ;; *) r=1 ;; esac
ok $r "item 12: the focused [+] has the focus marker, not only reverse video"
tui_keys Enter
wait_for "Objective 1 of 1"
_tm set-buffer "Lead a debrief
after major incidents"
_tm paste-buffer -p -t "$TUI_SESSION"
wait_answer 100307 "performance.objectives[0].objective" "Lead a debrief after major incidents"
ok $? "the pasted lines are one objective"
is "$(answer 100307 "performance.objectives[0].measure")" "" \
	"nothing spilled into the next question"

case_begin "item 7: every option has keys (the 10th and 11th category); an ignored key says why"
eadr_tui 80 24 NO_COLOR=1
start_appraisal wójc "Agnieszka Wójcik"
tui_keys C-t
wait_for "Go to section"
tui_text 6
wait_for "Section 6 of 7"
tui_keys Tab Enter
wait_for "Goal 1 of 1"
tui_keys Tab Tab Tab
wait_for "Other"
tui_text 11
wait_answer 100307 "pdp.goals[0].category" "Other"
ok $? "1 then 1 picks the 11th category"
tui_text 10
wait_answer 100307 "pdp.goals[0].category" "Career development"
ok $? "1 then 0 picks the 10th"
tui_text 3
wait_answer 100307 "pdp.goals[0].category" "Driving"
ok $? "a single digit still picks its option"
tui_text x
wait_for "Pick an option with its number"
ok $? "a key that does nothing on options says what to press"

case_begin "item 8: Ctrl-E with no EDITOR set opens nano, never vi"
mkdir -p "$T/bin"
printf '#!/bin/sh\nprintf "Written in nano\\n" >"$1"\n' >"$T/bin/nano"
printf '#!/bin/sh\nprintf "Written in vi\\n" >"$1"\n' >"$T/bin/vi"
chmod +x "$T/bin/nano" "$T/bin/vi"
eadr_tui 80 24 -u VISUAL -u EDITOR PATH="$T/bin:$PATH"
start_appraisal wójc "Agnieszka Wójcik"
tui_keys C-e
wait_answer 100307 welcome.checkin "Written in nano"
ok $? "nano was run"
case_begin "item 8: with no editor at all, Ctrl-E says how to set one"
rm -f "$T/bin/nano"
eadr_tui 80 24 -u VISUAL -u EDITOR PATH="$T/bin:/usr/bin:/bin"
start_appraisal wójc "Agnieszka Wójcik"
if command -v nano >/dev/null 2>&1; then
	ok 0 "# SKIP nano is installed on this machine"
else
	tui_keys C-e
	wait_for "export EDITOR=nano"
	ok $? "it says how to set one"
	is "$(answer 100307 welcome.checkin)" "" "vi was not run"
fi

case_begin "item 10: last year's objectives show their measure and target date"
eadr_tui 80 30 NO_COLOR=1
wait_for "Dafydd ap Gruffydd"
tui_text "dafydd"
tui_keys Enter
wait_for "Start a new appraisal"
tui_text n
wait_for "Section 1 of 7"
tui_keys C-n
wait_for "Last year's objectives (2)"
wait_for "Course certificate"
ok $? "the measure shows under the objective to review"
wait_for "Target date: "
ok $? "and its target date, in words"
tui_keys C-o
wait_gone "Ask (Ctrl-O hides)"
tui_resize 80 16
tui_keys Tab Tab Tab Tab Tab Tab Tab
wait_gone "Last year's objectives (2)"
tui_keys BTab BTab BTab BTab BTab BTab BTab
wait_for "Objective 1 of 2   (d delete"
wait_for "Last year's objectives (2)"
ok $? "item 12: Shift-Tab back to the first item shows the list's title above it"

case_begin "item 12: the progress line ticks only sections looked at"
eadr_tui 80 24 NO_COLOR=1
start_appraisal wójc "Agnieszka Wójcik"
_p=$(tui_screen | sed -n 2p)
case $_p in *"3✓"*) r=1 ;; *) r=0 ;; esac
ok $r "an optional section never opened is not ticked"
tui_keys C-n C-n
wait_for "Section 3 of 7"
tui_keys C-p
wait_for "Section 2 of 7"
_p=$(tui_screen | sed -n 2p)
case $_p in *"3✓"*) r=0 ;; *) r=1 ;; esac
ok $r "once looked at, it is"

case_begin "item 12: a final appraisal's review does not offer to sign off"
plain_fill 100307 "Agnieszka Wójcik"
eadr_tui 80 24 NO_COLOR=1
wait_for "Agnieszka Wójcik"
tui_keys Enter
wait_for "Section 7 of 7"
tui_keys C-r
wait_for "ready to sign off (press s)"
tui_text s
wait_for "Manager: type your name to sign"
tui_text "Ffion Llywelyn"
tui_keys Tab
tui_text "Agnieszka Wójcik"
tui_keys C-s
wait_for "final"
wait_for "[ Yes ]"
tui_keys Enter
wait_for "review - final, read-only"
ok $? "Enter makes it final (item 4: Yes is highlighted after both signed)"
wait_for "This appraisal is final"
ok $? "the review of a final appraisal says it is final"
_s=$(tui_screen)
case $_s in *"ready to sign off"*|*"s sign off"*) r=1 ;; *) r=0 ;; esac
ok $r "and neither it nor its footer offers to sign it off"

case_begin "item 13: hiding the prompts (Ctrl-O) is remembered"
eadr_tui 80 24 NO_COLOR=1
start_appraisal wójc "Agnieszka Wójcik"
wait_for "Ask (Ctrl-O hides)"
tui_keys C-o
wait_gone "Ask (Ctrl-O hides)"
tui_keys C-q
wait_exit
eadr_tui 80 24 NO_COLOR=1
wait_for "Resume Agnieszka"
tui_text y
wait_for "Section 1 of 7"
wait_for "How is the person today"
_s=$(tui_screen)
case $_s in *"Ask (Ctrl-O hides)"*) r=1 ;; *) r=0 ;; esac
ok $r "the prompts stay hidden after a restart"
tui_keys C-o
wait_for "Ask (Ctrl-O hides)"
ok $? "Ctrl-O shows them again"

case_begin "item 9: the agreed next review wins for the due date and the PDP copy"
plain_fill 100307 "Agnieszka Wójcik" sign
is "$(sql "SELECT state FROM appraisals WHERE staff_number = '100307'")" final \
	"plain mode made a final appraisal"
is "$(sql "SELECT due FROM staff WHERE staff_number = '100307'")" 2027-05-20 \
	"the person is next due on the agreed date, not a year after signing"
"$EADR" --db "$DB" --forms "$FORMS" export pdp 100307 >"$T/pdp.txt" 2>"$T/pdp.err"
grep -q "Next review: 2027-05-20" "$T/pdp.txt"
ok $? "the PDP copy names the agreed date of the next review"
eadr_tui 80 24 NO_COLOR=1
wait_for "Agnieszka Wójcik"
_row=$(tui_screen | grep "Agnieszka Wójcik")
case $_row in *2027-05-20*) r=0 ;; *) r=1 ;; esac
ok $r "the team list shows the agreed date"

finish
