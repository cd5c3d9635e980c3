#!/bin/sh
# tui_team_filter.sh - typing a filter on the team list shows the right
# rows, and the right number of them, now that a filter key reads a
# screenful and counts only when it must (issue 17): by state ("final",
# and "dr" for a draft, read from the state kept on each staff row),
# by "overdue", a filter extending one that showed nobody, Backspace
# back to a filter counted before, and End, which counts.  At 80x24.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
need_tui
make_demo

# tmux 3.3 sends End as ESC [ 4 ~, which xterm-256color does not name.
end_key() { tui_text "$(printf '\033OF')"; }
rows() {	# the names shown, one a line, in order
	tui_screen | sed -n '4,22p' | sed 's/^▶ //; s/^  //; s/  .*//; /^$/d' | tr '\n' ','
}
sel() {		# the selected row's name
	tui_screen | grep '▶' | sed 's/^▶ //; s/  .*//'
}

case_begin "filters by state and overdue, counted right"
eadr_tui 80 24
wait_for "Rhys Pritchard"
tui_text final
wait_for "Filter: final"
is "$(rows)" "Dafydd ap Gruffydd,Aoife Brennan,Mei-Ling Chén,Noémie Lefèvre," \
	"'final' shows the four final appraisals, in order"
end_key
sleep 0.3
is "$(sel)" "Noémie Lefèvre" "End goes to the fourth, the last"
tui_text x
wait_for "Nobody matches the filter"
ok $? "'finalx' shows nobody, and says so"
tui_text y
wait_for "Filter: finalxy"
like "$(tui_screen)" "*Nobody matches the filter*" "typing more still shows nobody"
tui_keys BSpace BSpace
wait_gone "Filter: finalx"
is "$(rows)" "Dafydd ap Gruffydd,Aoife Brennan,Mei-Ling Chén,Noémie Lefèvre," \
	"Backspace back to 'final': the four again"
end_key
sleep 0.3
is "$(sel)" "Noémie Lefèvre" "End: still the fourth"
tui_keys Escape
wait_for "Filter: type part"
tui_text ov
wait_for "Filter: ov"
is "$(rows)" "Siobhán Ní Bhriain,Zoë Ó Súilleabháin,Jürgen Bäcker,Rhys Pritchard," \
	"'ov' shows the four overdue"
tui_keys Down Down Down Down Down
sleep 0.3
is "$(sel)" "Rhys Pritchard" "Down stops at the last of them"
tui_keys Escape
wait_for "Filter: type part"
end_key
sleep 0.3
is "$(sel)" "Rhys Pritchard" "End with no filter: the last of all twelve"
# a filter and Enter typed at once (read before the list is drawn again)
tui_text "$(printf 'jurg\r')"
wait_for "Start an appraisal with Jürgen Bäcker now?"
ok $? "a filter and Enter typed at once open the person it shows"
tui_text n

case_begin "a draft found by its state"
eadr_tui 80 24
start_appraisal chidi "Chidi Okonkwo" >/dev/null
tui_keys Escape
wait_for "Filter: chidi"
tui_keys BSpace BSpace BSpace BSpace BSpace
wait_for "Filter: type part"
tui_text dr
wait_for "Filter: dr"
is "$(rows)" "Chidi Okonkwo," "'dr' shows the one draft"
tui_text a
wait_for "Filter: dra"
is "$(rows)" "Chidi Okonkwo," "'dra' too"
tui_keys BSpace BSpace BSpace
tui_text sig
wait_for "Filter: sig"
like "$(tui_screen)" "*Nobody matches the filter*" "'sig': nobody is signed"

tui_teardown
finish
