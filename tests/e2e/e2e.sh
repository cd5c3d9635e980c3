# e2e.sh - the shared prologue of the end-to-end scripts: TAP (tests/lib.sh),
# the pinned date, one demo database made per script and copied for each
# case, independent cases, answers read back from the database, and (with
# need_tui) the terminal harness tests/e2e/tmux.sh and tests/e2e/screen.sh.
#
#   . "$EADR_SRCDIR/tests/e2e/e2e.sh"
#   need_sqlite3                   skip the whole script without the sqlite3 shell (tests/lib.sh)
#   need_tui                       source tmux.sh and screen.sh (skips without tmux)
#   make_demo                      make the demo database once ("demo team made")
#   case_begin "name" [DBFILE]     start an independent case: end the last case's
#                                  programs, DB= a fresh copy of the demo (or of
#                                  DBFILE), CASE_N counts the cases; a failed
#                                  wait derails only its own case (tmux.sh)
#   eadr_tui COLS ROWS [VAR=VAL...] [-- ARGS...]
#                                  start eadr on $DB with --forms $FORMS (none
#                                  if FORMS is empty) at COLSxROWS; VAR=VAL go
#                                  to its environment
#   start_appraisal FILTER NAME    on the team list: filter, Enter, y, section 1
#   answer STAFF PATH              the value of answer PATH in STAFF's appraisal
#   sql "SQL"                      run SQL on $DB (sqlite3 shell)
#   wait_answer STAFF PATH VALUE   until answer STAFF PATH is VALUE (a setup step)
#
# EADR_TODAY is 2026-11-22 unless the script sets it after sourcing this.

. "$EADR_SRCDIR/tests/lib.sh"

EADR_TODAY=2026-11-22
export EADR_TODAY
FORMS="$EADR_SRCDIR/forms"
CASE_N=0
DB="$T/eadr.db"
_DEMO="$T/demo.master.db"
_TUI=0

need_tui() {
	. "$EADR_SRCDIR/tests/e2e/tmux.sh"
	. "$EADR_SRCDIR/tests/e2e/screen.sh"
	_TUI=1
}

make_demo() {	# ["name"]
	"$EADR" --db "$_DEMO" demo >"$T/demo.out" 2>&1
	ok $? "${1:-demo team made}"
}

case_begin() {	# "name" [DBFILE]
	if [ "$_TUI" -eq 1 ]; then
		tui_teardown
		TUI_DERAILED=0
	fi
	CASE_N=$((CASE_N + 1))
	printf '# case %d: %s\n' "$CASE_N" "$1"
	DB="$T/case$CASE_N.db"
	cp "${2:-$_DEMO}" "$DB"
}

eadr_tui() {	# COLS ROWS [VAR=VAL...] [-- ARGS...]
	_ec=$1
	_er=$2
	shift 2
	_envs=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		_envs="$_envs $1"
		shift
	done
	[ $# -gt 0 ] && shift
	# (word splitting of $_envs is wanted: VAR=VAL words without spaces)
	# shellcheck disable=SC2086
	tui_start "$_ec" "$_er" env $_envs "$EADR" --db "$DB" \
		${FORMS:+--forms} ${FORMS:+"$FORMS"} "$@"
}

start_appraisal() {	# FILTER NAME
	wait_for "$2" || return 1
	tui_text "$1"
	tui_keys Enter
	wait_for "Start an appraisal with $2" || return 1
	tui_text y
	wait_for "Section 1 of"
}

answer() {	# STAFF PATH
	sqlite3 "$DB" "SELECT value FROM answers a JOIN appraisals p ON p.id = a.appraisal_id
		WHERE p.staff_number = '$1' AND a.path = '$2'"
}

sql() {
	sqlite3 "$DB" "$1"
}

# ---- plain mode, scripted (tests/e2e/tui_plain.sh; preparing databases) ----
#   plain_drive HOOK [ARGS...]   run eadr --plain [ARGS] on $DB; for each line
#                                it writes (prompts "> " stripped, kept in
#                                $T/transcript) call HOOK "$line", with $path
#                                and $type of the last QUESTION and $list of
#                                the last LIST; HOOK answers with say, ends the
#                                run by returning 1; "BYE" ends it too.
#                                Returns eadr's exit status.
#   say "line"                   send one line (kept in $T/sent)
#   plain_fill STAFF NAME [sign] answer what STAFF's appraisal needs (one
#                                objective, wellbeing declined, one PDP goal,
#                                a next review date); with "sign", sign off
#                                as Ffion Llywelyn and NAME and make it final.

say() {
	printf '%s\n' "$1" >&3
	printf '%s\n' "$1" >>"$T/sent"
}

plain_drive() {	# HOOK [ARGS...]
	_hook=$1
	shift
	rm -f "$T/plain.in" "$T/plain.out" "$T/transcript" "$T/sent"
	mkfifo "$T/plain.in" "$T/plain.out"
	"$EADR" --db "$DB" --forms "$FORMS" --plain "$@" <"$T/plain.in" >"$T/plain.out" \
		2>"$T/plain.err" &
	_ppid=$!
	exec 3>"$T/plain.in" 4<"$T/plain.out"
	list='' path='' type=''
	while IFS= read -r line <&4; do
		while :; do	# a prompt "> " precedes the next line eadr writes
			case $line in
			"> "*) line=${line#> } ;;
			*) break ;;
			esac
		done
		printf '%s\n' "$line" >>"$T/transcript"
		case $line in
		"QUESTION "*)
			path=${line#QUESTION }
			path=${path%% *}
			type=${line#*(}
			type=${type%%[,)]*}
			;;
		"LIST "*)
			list=${line#LIST }
			list=${list%%:*}
			;;
		esac
		"$_hook" "$line" || break
		case $line in "BYE"*) break ;; esac
	done
	exec 3>&- 4<&-
	wait $_ppid
}

_fill_line() {
	case $1 in
	"ASK: Choose a person"*)
		if [ "$_fchose" -eq 0 ]; then say "$_fstaff"; _fchose=1; else say '!quit'; fi ;;
	"ASK: Add a new "*)
		case $list in
		performance.objectives|pdp.goals) say yes ;;
		*) say no ;;
		esac ;;
	"ASK: Sign off now?"*) if [ -n "$_fsign" ]; then say yes; else say no; fi ;;
	"ASK: Make the appraisal final?"*) say yes ;;
	"ASK: "*"(yes/no)") say no ;;
	"ASK: Manager, type your name"*) say "Ffion Llywelyn" ;;
	"ASK: Staff member, type your name"*) say "$_fname" ;;
	"ASK: Staff member's comments"*) say "." ;;
	"ASK: Type the answer"*) say "." ;;
	"ASK: Answer "*)
		case $path in
		"performance.objectives[0].objective") say "Complete the practice educator course" ;;
		wellbeing.status) say declined ;;
		"pdp.goals[0].need") say "Leadership at major incidents" ;;
		"pdp.goals[0].goal") say "Shadow a tactical commander" ;;
		"pdp.goals[0].type") say 2 ;;
		"pdp.goals[0].category") say 1 ;;
		summary.next_review) say "2027-05-20" ;;
		*) say "" ;;
		esac ;;
	esac
	return 0
}

plain_fill() {	# STAFF NAME [sign]
	_fstaff=$1 _fname=$2 _fsign=${3:-} _fchose=0
	plain_drive _fill_line >/dev/null 2>&1
}

wait_answer() {	# STAFF PATH VALUE: until the database holds VALUE there
	_wl=$((${TUI_TIMEOUT:-10} * 20))
	while [ "$(answer "$1" "$2")" != "$3" ]; do
		_wl=$((_wl - 1))
		if [ $_wl -le 0 ]; then
			printf '# timed out waiting for %s of %s to be saved\n' "$2" "$1"
			return 1
		fi
		sleep 0.05
	done
}
