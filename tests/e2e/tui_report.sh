#!/bin/sh
# tui_report.sh - the completion screen (F3 or Ctrl-Y on the team list):
# the same figures as 'eadr report completion --format csv', a bar per
# station, overdue in bold words; NO_COLOR, a non-UTF-8 locale, resizing
# (a different layout at 200x60 and at 60x16), help, and back with Esc.
# Independent cases, each on a fresh copy of the demo team.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_tui
FORMS=	# the forms eadr finds by itself, as a user starts it

# Under --enable-asan, a sanitizer report from the program in tmux would
# go to a terminal nobody reads: write it here instead, and fail on it.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$T/asan"
UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$T/ubsan"
export ASAN_OPTIONS UBSAN_OPTIONS

make_demo
case_begin "the CSV report, the reference for the screen"
"$EADR" --db "$DB" report completion --format csv >"$T/csv" 2>"$T/csv.err"
ok $? "eadr report completion --format csv"

# "staff appraised drafts due_30 overdue pct" of a CSV line (station or "")
want() {	# STATION
	tr -d '\r' <"$T/csv" | awk -F, -v st="$1" 'NR > 1 && $1 == st {
		print $2, $4, $5, $6, $7, $8 }' | tail -1
}

# The same figures as the screen shows them for station NAME: its row
# starts in column 1; the words may be on the next one or two lines.
figures() {	# SCREEN NAME
	printf '%s\n' "$1" | awk -v name="$2" '
	found && n < 2 && line !~ /due in 30 days/ { line = line " " $0; n++; next }
	!found && index($0, " " name " ") == 1 { found = 1; line = $0; next }
	function num(re, k,   a) {
		if (!match(line, re))
			return "?"
		split(substr(line, RSTART, RLENGTH), a, " ")
		return a[k]
	}
	END {
		if (!found)
			exit 1
		pct = match(line, /[0-9]+\.[0-9]%/) ? substr(line, RSTART, RLENGTH - 1) : "?"
		print num("[0-9]+ of [0-9]+ appraised", 3), num("[0-9]+ of [0-9]+ appraised", 1),
		      num("[0-9]+ drafts?", 1), num("[0-9]+ due in 30 days", 1),
		      num("[0-9]+ (OVERDUE|overdue)", 1), pct
	}'
}

# wait until station NAME shows the figures of the CSV
wait_figures() {	# NAME CSV-STATION
	_wname=$1
	_wwant=$(want "$2")
	_tui_poll "" '[ "$(figures "$_scr" "$_wname")" = "$_wwant" ]' && return 0
	tui_diag "timed out waiting for $_wname: $_wwant (screen: $(figures "$_scr" "$_wname"))"
	return 1
}

# wait until the screen (in $_scr) passes a shell test
layout_is() {	# TEST
	_tui_poll "" "$1" && return 0
	tui_diag "timed out waiting for the layout"
	return 1
}

# the screen row that starts with station NAME
row_of() {	# NAME
	tui_screen | grep "^ $1 " | head -1
}

# The layout fits the width it was given: each station's bar row ends with
# its whole percentage and each row of words with "due in 30 days", so a
# bar or words laid out too wide lose their end at the edge and fail.
# (Not "no row is wider than the window": capture-pane never returns a row
# wider than the pane, so that could never fail.)
fits() {	# SCREEN
	printf '%s\n' "$1" | awk '
	/^ (Northgate|Riverside|All stations) / { bars++; if ($0 ~ /[0-9]\.[0-9]%$/) okb++; else print "# cut: " $0 }
	/ appraised / { det++; if ($0 ~ /due in 30 days$/) okd++; else print "# cut: " $0 }
	END { exit !(bars == 3 && okb == 3 && det == 3 && okd == 3) }'
}

# the team list, then F3
completion() {	# COLS ROWS [VAR=VAL...]
	eadr_tui "$@"
	wait_for "Filter:" >/dev/null
	tui_keys F3
}

is "$(want Northgate)" "6 1 0 2 2 16.7" "the CSV has Northgate's figures"

case_begin "80x24 in colour: the figures, the bars, OVERDUE"
eadr_tui 80 24
wait_for "F3 completion"
ok $? "the team list's footer names F3"
tui_keys F3
wait_for "Completion on 2026-11-22"
ok $? "F3 opens the completion screen, dated"
wait_figures Northgate Northgate
ok $? "Northgate: the same figures as the CSV"
wait_figures Riverside Riverside
ok $? "Riverside: the same figures as the CSV"
wait_figures "All stations" ""
ok $? "the total: the same figures as the CSV"
scr=$(tui_screen)
case $scr in
*"all stations in this database"*) st=0 ;;
*) st=1 ;;
esac
ok $st "it says which stations it shows"

# the bar: whole blocks for the rate (to within one), shade for the rest
north=$(row_of Northgate)
full=$(printf '%s' "$north" | grep -o '█' | wc -l)
bar=$(printf '%s' "$north" | grep -o '[█▏▎▍▌▋▊▉░]' | wc -l)
expect=$((167 * bar / 1000))
[ "$bar" -ge 10 ] && [ "$full" -ge $((expect - 1)) ] && [ "$full" -le $((expect + 1)) ]
ok $? "Northgate's bar is 16.7% full ($full of $bar, want about $expect)"
river=$(row_of Riverside)
case $river in
*█*) st=1 ;;
*░░░░░░░░░░*) st=0 ;;
*) st=1 ;;
esac
ok $st "Riverside's bar (0%) is empty"
case $scr in
*"! 2 OVERDUE"*"! 2 OVERDUE"*"! 4 OVERDUE"*) st=0 ;;
*) st=1 ;;
esac
ok $st "overdue counts say OVERDUE"
tui_screen -e >"$T/colour"
grep -q '\[3[0-7]m\|\[3[0-7];\|38;5;' "$T/colour"
ok $? "with colours, colour is used (so the NO_COLOR check below can fail)"
fits "$(tui_screen)"
ok $? "fits in 80 columns: every bar row ends with its percentage, every row of words whole"

case_begin "resizing: beside the bar at 200x60, below it at 60x16"
completion 80 24
wait_figures Northgate Northgate >/dev/null
bar=$(row_of Northgate | grep -o '[█▏▎▍▌▋▊▉░]' | wc -l)
tui_resize 200 60
layout_is 'printf "%s\n" "$_scr" | grep -q "^ Northgate .*appraised"'
ok $? "200x60: the words beside the bar"
wait_figures Northgate Northgate
ok $? "200x60: Northgate's figures"
wait_figures "All stations" ""
ok $? "200x60: the total"
tui_resize 60 16
layout_is '[ "$(printf "%s\n" "$_scr" | grep -c "appraised")" -eq 3 ] &&
	! printf "%s\n" "$_scr" | grep -q "^ Northgate .*appraised"'
ok $? "60x16: the words below the bar"
wait_figures Northgate Northgate
ok $? "60x16: Northgate's figures"
wait_figures Riverside Riverside
ok $? "60x16: Riverside's figures"
wait_figures "All stations" ""
ok $? "60x16: the total"
north60=$(row_of Northgate | grep -o '[█▏▎▍▌▋▊▉░]' | wc -l)
[ "$north60" -ge 10 ] && [ "$north60" -lt "$bar" ]
ok $? "60x16: a narrower bar ($north60 < $bar)"
fits "$(tui_screen)"
ok $? "fits in 60 columns: every bar row ends with its percentage, every row of words whole"
tui_resize 50 12
wait_for "Make the window larger"
ok $? "50x12: 'Make the window larger'"
tui_resize 80 24
wait_figures Northgate Northgate
ok $? "back at 80x24, the figures again"

case_begin "help, Esc, Ctrl-Y and q"
completion 80 24
wait_for "Completion on 2026-11-22" >/dev/null
# help, then back to the team list
tui_text '?'
wait_for "Keys: Completion"
ok $? "? opens the help of this screen"
tui_keys Escape
wait_for "Completion on 2026-11-22"
tui_keys Escape
wait_for "Filter:"
ok $? "Esc goes back to the team list"
tui_text '?'
wait_for "F3, Ctrl-Y"
ok $? "the team list's help names F3 and Ctrl-Y"
tui_keys Escape
wait_for "Filter:"
tui_keys C-y
wait_for "Completion on 2026-11-22"
ok $? "Ctrl-Y opens it too"
tui_text q
wait_for "Filter:"
ok $? "q goes back"
tui_keys C-c
wait_exit
ok $? "quits"

case_begin "NO_COLOR: no colour, but still bold words"
completion 80 24 NO_COLOR=1
wait_figures Northgate Northgate
ok $? "NO_COLOR: the figures"
tui_screen -e >"$T/mono"
grep -q '\[3[0-7]m\|\[3[0-7];\|38;5;' "$T/mono"
[ $? -ne 0 ]
ok $? "NO_COLOR: no colours are drawn"
grep -q 'OVERDUE' "$T/mono"
ok $? "NO_COLOR: overdue still says OVERDUE"
# the escape right before "! 2 OVERDUE" turns bold on
grep -q '\[1m! 2 OVERDUE\|\[[0-9;]*;1m! 2 OVERDUE\|\[1;[0-9;]*m! 2 OVERDUE' "$T/mono"
ok $? "NO_COLOR: the overdue count is bold"
tui_keys C-c
wait_exit

case_begin "a non-UTF-8 locale: '#' bars"
completion 80 24 LANG=C LC_ALL=C
wait_figures Northgate Northgate
ok $? "C locale: the figures"
north=$(row_of Northgate)
case $north in
*'#'*'.....'*) st=0 ;;
*) st=1 ;;
esac
[ $st -eq 0 ] || printf '# the row: %s\n' "$north"
ok $st "C locale: the bar is drawn with '#'"
tui_keys C-c
wait_exit

case_begin "no staff: says so"
rm -f "$DB"
eadr_tui 80 24
wait_for "No staff yet"
tui_keys F3
wait_for "no figures"
ok $? "an empty database: no figures, and how to add staff"
tui_keys Escape
wait_for "Filter:"
tui_keys C-c
wait_exit

# ---- figures that cannot be read: said, and Ctrl-R tries again ----
if command -v sqlite3 >/dev/null 2>&1; then
	case_begin "figures that cannot be read: said, and Ctrl-R tries again"
	completion 80 24
	wait_figures Northgate Northgate
	sqlite3 "$DB" "ALTER TABLE staff RENAME TO staff_gone"
	tui_keys C-r
	wait_for "could not be read"
	ok $? "a read that fails is said on the screen"
	wait_for "no such table: staff"
	ok $? "with the reason"
	sqlite3 "$DB" "ALTER TABLE staff_gone RENAME TO staff"
	tui_keys C-r
	wait_figures Northgate Northgate
	ok $? "Ctrl-R reads the figures again"
	tui_keys C-c
	wait_exit
fi
tui_teardown

reports=$(ls "$T"/asan.* "$T"/ubsan.* 2>/dev/null)
[ -z "$reports" ] || head -20 $reports | sed 's/^/# /'
is "$reports" "" "no sanitizer reports (with --enable-asan)"

finish
