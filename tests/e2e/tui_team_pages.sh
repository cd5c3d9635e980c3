#!/bin/sh
# tui_team_pages.sh - a team longer than the screen: the team list holds
# only the rows it shows and reads the others from the store as the
# selection moves (lib/store_team.c), so every move (Down, Up, PgDn, PgUp,
# Home, End, across the edges of what was read and across stations) and
# every filter must land on the same person, in the same order, as a list
# held whole would.
. "$EADR_SRCDIR/tests/lib.sh"
. "$EADR_SRCDIR/tests/e2e/tmux.sh"

DB="$T/eadr.db"
EADR_TODAY=2026-11-22
export EADR_TODAY
# 200 people, Person 001 .. Person 200, listed in reverse so that only the
# list's own order (station, name, number) puts them in order: 1-100 at
# Depot-A, 101-200 at Depot-B.
{
	echo "staff_number,name,station,due"
	i=200
	while [ "$i" -ge 1 ]; do
		st=A
		[ "$i" -gt 100 ] && st=B
		printf '%d,Person %03d,Depot-%s,2026-12-01\n' $((5000 + i)) "$i" "$st"
		i=$((i - 1))
	done
} >"$T/staff.csv"
"$EADR" --db "$DB" staff import "$T/staff.csv" >"$T/import.out" 2>&1
ok $? "200 staff imported"

# tmux 3.3 sends End and Home as ESC [ 4 ~ and ESC [ 1 ~, which the
# xterm-256color entry does not name: send the entry's own keys.
end_key() { tui_text "$(printf '\033OF')"; }
home_key() { tui_text "$(printf '\033OH')"; }

# Enter on the selected row asks about that person: who is selected.
selected() {	# NAME "test name"
	tui_keys Enter
	wait_for "Start an appraisal with $1 now?"
	ok $? "$2"
	tui_text n
	wait_gone "Start an appraisal with"
}

tui_start 80 24 "$EADR" --db "$DB"
wait_for "Person 001"
like "$(tui_screen)" "*Person 001*Person 002*Person 003*" "the first rows, in order"
selected "Person 001" "the first person is selected at start"
tui_keys Down Down
selected "Person 003" "Down moves one row"
end_key
wait_for "Person 200"
selected "Person 200" "End goes to the last person"
like "$(tui_screen)" "*Person 198*Person 199*Person 200*" "the last rows, in order"
tui_keys Up
selected "Person 199" "Up from the last"
tui_keys PPage
selected "Person 181" "PgUp moves a screenful (18 rows) up"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18; do tui_keys Up; done
selected "Person 163" "Up past the top of the screen reads the row before"
home_key
wait_for "Person 001"
selected "Person 001" "Home goes to the first person"
tui_keys NPage NPage NPage NPage NPage NPage
selected "Person 109" "six PgDn cross from Depot-A into Depot-B"
tui_keys Down
selected "Person 110" "Down after PgDn"
tui_text "depot-b"
wait_for "Filter: depot-b"
selected "Person 101" "a filter starts at the first person it shows"
end_key
selected "Person 200" "End within the filter"
home_key
tui_keys NPage
selected "Person 119" "PgDn within the filter"
tui_keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace
wait_for "type part of a name or number"
tui_text "person 07"
wait_for "Filter: person 07"
like "$(tui_screen)" "*Person 070*Person 079*" "the filter shows Person 070 to 079"
case $(tui_screen) in *"Person 080"* | *"Person 069"* | *"Person 170"*) bad=1 ;; *) bad=0 ;; esac
is "$bad" 0 "and nobody else"
end_key
selected "Person 079" "End within a short filter"
tui_text "x"
wait_for "Nobody matches the filter"
ok $? "a filter that shows nobody says so"
tui_keys C-q
wait_exit
finish
