#!/bin/sh
# tui_keys.sh - the keys a new manager meets (issue 12, items 1 to 4):
# the team filter finds names as people type them, q is a letter and
# Ctrl-Q quits, Esc from an appraisal says where you are and keeps a
# walk key out of the filter, Enter takes the highlighted answer of a
# question, and the keys, the footer and F1 agree (one table per screen).
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
need_tui
make_demo

filter_finds() {	# TYPED NAME: typing TYPED shows NAME and hides Agnieszka
	tui_keys Escape
	wait_for "Filter: type part" >/dev/null
	tui_text "$1"
	wait_for "$2" >/dev/null && wait_gone "Agnieszka" >/dev/null
	ok $? "'$1' finds $2"
}

case_begin "item 1: the filter ignores case, accents, apostrophes and spaces"
eadr_tui 80 24
wait_for "Agnieszka Wójcik"
filter_finds zoe "Zoë Ó Súilleabháin"
filter_finds "o suil" "Zoë Ó Súilleabháin"
filter_finds siobhan "Siobhán Ní Bhriain"
filter_finds jurgen "Jürgen Bäcker"
filter_finds NOEMIE "Noémie Lefèvre"
filter_finds "ni bhr" "Siobhán Ní Bhriain"

case_begin "item 2: q is a letter of the filter, Ctrl-Q quits"
eadr_tui 80 24
wait_for "Agnieszka Wójcik"
tui_text q
wait_for "Filter: q"
ok $? "q goes into the filter"
tui_ended
isnt $? 0 "q did not quit"
tui_keys Escape
wait_for "Filter: type part"
tui_keys Escape
wait_for "press Ctrl-Q"
ok $? "Esc on an empty filter says how to quit"
tui_keys F1
wait_for "Keys: Team list"
wait_for "Ctrl-Q, F10"
ok $? "help names Ctrl-Q"
tui_keys Escape
wait_for "^Q quit"
ok $? "the footer names ^Q"
tui_keys C-q
wait_exit
ok $? "Ctrl-Q quits"

case_begin "item 2: Esc from an appraisal says where you are; a walk key is not a filter"
eadr_tui 80 24
start_appraisal wójc "Agnieszka Wójcik"
tui_keys Escape
wait_for "Saved. Back to your team."
ok $? "Esc says it saved and where you are"
wait_for "Filter: wójc"
tui_keys Escape
wait_for "Filter: type part"
tui_keys Enter
wait_for "Section 1 of 7"
tui_keys Escape
wait_for "Back to your team"
tui_text 3
wait_for "'3' was not put in the filter"
ok $? "a digit typed just after leaving says it was not a filter"
wait_for "Filter: type part"
ok $? "the filter stayed empty"
tui_text 3
wait_for "Filter: 3"
ok $? "the next digit filters"

case_begin "item 4: Enter takes the highlighted answer (yes to start, no to delete)"
eadr_tui 80 24
wait_for "Agnieszka Wójcik"
tui_text wójc
tui_keys Enter
wait_for "Start an appraisal with Agnieszka Wójcik now?"
wait_for "[ Yes ]"
tui_keys Enter
wait_for "Section 1 of 7"
ok $? "Enter starts (Yes is highlighted)"
tui_keys C-n
wait_for "Section 2 of 7"
tui_keys Tab Tab Tab
wait_for "Add a new objective"
tui_keys Enter
wait_for "Objective 1 of 1"
tui_text "Lead a debrief"
tui_keys C-d
wait_for "Delete objective 1"
ok $? "Ctrl-D on a question of the item asks to delete it (item 3)"
tui_keys Enter
wait_gone "Delete objective 1"
wait_for "Objective 1 of 1"
ok $? "Enter on the delete question keeps the objective (No is highlighted)"
wait_answer 100307 "performance.objectives[0].objective" "Lead a debrief"
ok $? "the objective is kept"

case_begin "item 3: Tab goes on to the next section; the 9-box closes with its footer's key"
eadr_tui 80 24
start_appraisal wójc "Agnieszka Wójcik"
tui_keys Tab
tui_keys Tab
wait_for "Section 2 of 7"
ok $? "Tab on the last question goes to the next section"
tui_keys BTab
wait_for "Section 1 of 7"
ok $? "Shift-Tab on the first question goes back a section"
tui_keys C-b
wait_for "Talent 9-box"
wait_for "Enter back"
ok $? "the 9-box's footer says Enter"
tui_keys Enter
wait_for "Section 1 of 7"
ok $? "Enter closes the 9-box"

case_begin "item 3: on options, Down moves through them and F1 says so"
eadr_tui 80 24
start_appraisal wójc "Agnieszka Wójcik"
tui_keys C-n C-n C-n
wait_for "Section 4 of 7"
tui_keys Tab Tab Tab
tui_keys F1
wait_for "Keys: Appraisal"
_h=$(tui_screen | sed -n '/Keys: Appraisal/,/Elsewhere/p')
case $_h in *"the option above / below"*) r=0 ;; *) r=1 ;; esac
ok $r "F1 on options lists Up, Down as moving through them first"
tui_keys Escape
wait_gone "Keys: Appraisal"
tui_text 3
wait_answer 100307 talent.performance high
tui_keys Up
tui_text " "
wait_answer 100307 talent.performance medium
ok $? "Up moved to the option above, Space picked it"

case_begin "item 3: the footer keeps F1 help at 60x16; list items move from their questions"
eadr_tui 60 16
start_appraisal wójc "Agnieszka Wójcik"
wait_for "F1 help"
ok $? "60x16: the footer still says F1 help"
tui_keys C-n
wait_for "Section 2 of 7"
tui_keys Tab Tab Tab Enter
wait_for "Objective 1 of 1"
tui_text "First"
tui_keys Tab Tab Tab
wait_for "Add another objective"
tui_keys Enter
wait_for "Objective 2 of 2"
tui_text "Second"
wait_answer 100307 "performance.objectives[1].objective" "Second"
tui_keys BTab
tui_text "<"
wait_answer 100307 "performance.objectives[0].objective" "Second"
ok $? "< on the item's heading moves it up"

finish
