#!/bin/sh
# tui_save.sh - never lose a word: kill -9 in the middle of typing a long
# answer loses nothing the "saved" indicator had shown; SIGTERM, SIGHUP and
# Ctrl-C save what is on screen and restore the terminal; the next start
# offers to resume exactly there; a database that cannot be written is
# said plainly, the text stays, and the next pause saves it.  Independent
# cases, each on a fresh copy of the demo team.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
need_tui
make_demo

q() {	# the answer at path in Chidi's appraisal
	answer 100361 "$1"
}
start() {
	eadr_tui 80 24
}
# A fresh appraisal with Chidi; with SECTION 2, Ctrl-N to section 2; then
# Tab to the question after the first and type TEXT, and wait until the
# database holds it (a quiet setup step).
typed() {	# SECTION TEXT PATH
	start
	start_appraisal chidi "Chidi Okonkwo" >/dev/null
	if [ "$1" -eq 2 ]; then
		tui_keys C-n
		wait_for "Section 2 of 7" >/dev/null
	fi
	tui_keys Tab
	tui_text "$2"
	wait_answer 100361 "$3" "$2"
}
# Another program holds the database locked (opened after the start, so
# that eadr does not inherit the pipe); unlock ends it.
lock() {	# OUTFILE N: lock, and wait until the shell printed N
	rm -f "$T/lock"
	mkfifo "$T/lock"
	sqlite3 "$DB" <"$T/lock" >"$1" 2>&1 &
	lockpid=$!
	exec 3>"$T/lock"
	printf 'BEGIN EXCLUSIVE;\nSELECT %s;\n' "$2" >&3
	# wait until the lock is held (the shell prints N after BEGIN succeeded)
	_ln=0
	while [ "$(cat "$1")" != "$2" ] && [ $_ln -lt 200 ]; do _ln=$((_ln + 1)); sleep 0.05; done
}
unlock() {
	printf 'COMMIT;\n' >&3
	exec 3>&-
	wait "$lockpid"
}

# A long answer typed in parts: part 1, wait for "Saved", part 2, kill -9.
P1="Chidi has had a hard year on the road: a run of long night shifts, two difficult cardiac arrests in one week, and the move to the new station. He says the team kept him going, especially the crew mates who checked in after the arrests. He would like more predictable rotas and some time for CPD, which has slipped. End of part one."
P2=" Part two is typed but the program is killed before it can be saved, or perhaps just after."

case_begin "kill -9 keeps what was shown as saved"
start
wait_for "Chidi Okonkwo"
tui_text "chidi"
tui_keys Enter
wait_for "Start an appraisal with Chidi"
tui_text y
wait_for "Section 1 of 7"
ok $? "appraisal started"
tui_text "$P1"
wait_for "End of part one."
ok $? "part one is on screen"
wait_for "Saved"
ok $? "the saved indicator shows"
is "$(q welcome.checkin)" "$P1" "part one is in the database once 'Saved' shows"
tui_text "$P2"
tui_kill 9
wait_exit
ok $? "kill -9"
v=$(q welcome.checkin)
case $v in
"$P1"*) st=0 ;;
*) st=1 ;;
esac
ok $st "after kill -9, everything shown as saved is still there"

case_begin "after kill -9, the next start offers to resume exactly there"
start
start_appraisal chidi "Chidi Okonkwo" >/dev/null
tui_text "$P1"
wait_answer 100361 welcome.checkin "$P1"
tui_text "$P2"
tui_kill 9
wait_exit >/dev/null
tui_teardown
start
wait_for "Resume Chidi Okonkwo's appraisal where you were"
ok $? "the next start offers to resume"
wait_for "How is the person today"
tui_text y
wait_for "Section 1 of 7"
ok $? "resumed in section 1"
wait_for "End of part one."
ok $? "the saved text is on screen"
# the cursor is on the focused field (the end of the text)
cur=$(tui_cursor)
row=${cur#* }
[ "$row" -gt 3 ] && [ "$row" -lt 23 ]
ok $? "the cursor is in the text field (row $row)"

case_begin "SIGTERM saves what is on screen and restores the terminal"
start
start_appraisal chidi "Chidi Okonkwo" >/dev/null
tui_keys Tab
tui_text "Words typed just before SIGTERM"
wait_for "just before SIGTERM"
tui_kill TERM
wait_exit
ok $? "SIGTERM ends the program"
tui_restored
ok $? "the terminal is restored after SIGTERM"
is "$(q welcome.hopes)" "Words typed just before SIGTERM" "SIGTERM saved the text"

case_begin "SIGHUP (closed lid, dropped SSH) saves too"
typed 1 "Words typed just before SIGTERM" welcome.hopes
tui_kill TERM
wait_exit >/dev/null
tui_teardown
start
wait_for "Resume Chidi"
tui_text y
wait_for "Words typed just before SIGTERM"
ok $? "resumed on the question after SIGTERM"
tui_text " and SIGHUP"
wait_for "and SIGHUP"
tui_kill HUP
wait_exit
ok $? "SIGHUP ends the program"
is "$(q welcome.hopes)" "Words typed just before SIGTERM and SIGHUP" "SIGHUP saved the text"

case_begin "Ctrl-C saves and quits"
start
start_appraisal chidi "Chidi Okonkwo" >/dev/null
tui_keys C-n
wait_for "Section 2 of 7"
tui_keys Tab
tui_text "Typed, then Ctrl-C"
wait_for "then Ctrl-C"
tui_keys C-c
wait_exit
ok $? "Ctrl-C ends the program"
tui_restored
ok $? "the terminal is restored after Ctrl-C"
is "$(q performance.went_well)" "Typed, then Ctrl-C" "Ctrl-C saved the text"

case_begin "a locked database: NOT SAVED, said plainly, saved once free"
typed 2 "Typed, then Ctrl-C" performance.went_well
lock "$T/lock.out" 1
is "$(cat "$T/lock.out")" 1 "another program holds the database"
tui_text " - written while locked"
wait_for "NOT SAVED" 30
ok $? "the indicator says NOT SAVED"
wait_for "in use by another" 5
ok $? "the status line says why, plainly"
wait_for "written while locked"
ok $? "the text stays on screen"
unlock
wait_for "Saved" 30
ok $? "once the database can be written, the next pause saves"
is "$(q performance.went_well)" "Typed, then Ctrl-C - written while locked" "nothing was dropped"

case_begin "locked, and then SIGTERM: the words go to a file, and it says where"
typed 2 "Typed, then Ctrl-C - written while locked" performance.went_well
lock "$T/lock2.out" 2
tui_text " - then TERM"
wait_for "NOT SAVED" 30
ok $? "locked again: NOT SAVED"
tui_kill TERM
wait_exit 30
ok $? "SIGTERM ends the program even so"
wait_for "is kept in" 5
ok $? "it says where the unsaved words are"
cat "$T"/eadr-unsaved-*.txt >"$T/rescued" 2>/dev/null
like "$(cat "$T/rescued")" "*Typed, then Ctrl-C - written while locked - then TERM*" \
	"the unsaved answer is in the file, whole"
like "$(ls -l "$T"/eadr-unsaved-*.txt)" "-rw-------*" "the file is private (0600)"
unlock

case_begin "a damaged database"
# A damaged database: the team list may be drawn first (the check reads
# the whole file, so it runs after the first screen), but eadr then stops
# with a plain message and writes nothing to it.
BAD="$T/damaged.db"
"$EADR" --db "$BAD" demo >/dev/null 2>&1
{
	echo "staff_number,name,station"
	i=0
	while [ $i -lt 3000 ]; do
		echo "9$i,A person with a name long enough to fill pages $i,Westbank"
		i=$((i + 1))
	done
} >"$T/many.csv"
"$EADR" --db "$BAD" staff import "$T/many.csv" >/dev/null
pages=$(( $(stat -c %s "$BAD") / 4096 ))
ok "$([ "$pages" -gt 80 ] && echo 0 || echo 1)" "the damaged-database fixture has $pages pages"
# Scribble over data pages far from the schema and the tables' roots.
p=60
while [ $p -lt $((pages - 1)) ]; do
	dd if=/dev/urandom of="$BAD" bs=4096 seek=$p count=1 conv=notrunc 2>/dev/null
	p=$((p + 7))
done
sum=$(cksum <"$BAD")
tui_start 80 24 "$EADR" --db "$BAD" --forms "$FORMS"
wait_exit 20
ok $? "eadr stops on a damaged database"
wait_for "eadr will not write to it" 5
ok $? "and says the damaged database will not be written to"
is "$(cksum <"$BAD")" "$sum" "the damaged database was not written to"

finish
