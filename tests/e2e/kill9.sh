#!/bin/sh
# kill9.sh - kill -9 at a random moment while typing an answer, then while
# typing the sign-off's comments: every word that reached the screen (the
# pane's last picture, captured after the kill) is in the database.
# KILL9_TRIALS trials of each (default 3; run with 100 to measure), each on
# a fresh copy of the database; prints the counts.
. "$EADR_SRCDIR/tests/lib.sh"
. "$EADR_SRCDIR/tests/e2e/tmux.sh"

command -v sqlite3 >/dev/null 2>&1 || skip_all "the sqlite3 shell is not installed"

TRIALS=${KILL9_TRIALS:-3}
EADR_TODAY=2026-11-22
export EADR_TODAY
unset EADR_APPRAISER

# One optional long answer: nothing stands between the walk and the sign-off.
mkdir "$T/forms"
cat >"$T/forms/mini.yaml" <<'YAML'
form: zz-mini
version: 1
title: Mini
sections:
  - id: only
    title: Only section
    questions:
      - { id: note, type: text, label: A long answer }
YAML

rand() {	# a random number below $1
	echo $(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % $1 ))
}

# The base database: Chidi's appraisal started and left open (Ctrl-C keeps
# the offer to resume it), so that each trial starts in one step.
BASE="$T/base.db"
"$EADR" --db "$BASE" demo >/dev/null 2>&1
ok $? "demo team made"
tui_start 80 24 "$EADR" --db "$BASE" --forms "$T/forms"
wait_for "Chidi Okonkwo"
tui_text "chidi"
tui_keys Enter
wait_for "Start an appraisal with Chidi"
tui_text y
wait_for "A long answer"
ok $? "the appraisal is started"
tui_keys C-c
wait_exit
ok $? "and left open"
tui_teardown

# The words of the trial on the last screen row that has any: from the
# trial's first token on that row to the end of the row.
on_screen() {	# TAG
	tui_screen | grep "$1" | tail -n 1 | sed "s/^[^k]*\\($1\\)/\\1/; s/[[:space:]]*\$//"
}

# One trial: resume, get to the field (KEYS), type TAG1 TAG2 ... while a
# kill -9 comes at a random moment; then what the screen shows must be in
# the value SQL reads.  0 kept, 1 lost (diagnostics printed).
trial() {	# N KIND SQL KEYS...
	_i=$1 _kind=$2 _sql=$3
	shift 3
	cp "${TRIAL_BASE:-$BASE}" "$T/trial.db"
	tui_start 80 24 "$EADR" --db "$T/trial.db" --forms "$T/forms"
	wait_for "Resume Chidi Okonkwo" || return 1
	tui_text y
	wait_for "A long answer" || return 1
	[ $# -gt 0 ] && { tui_keys "$@"; wait_for "$WAIT_FIELD" || return 1; }
	_tag="k${_i}n"
	(
		_n=1
		while [ $_n -le 150 ]; do
			tui_text "$_tag$_n " 2>/dev/null || exit 0
			# now and then a short pause, as a person types
			[ "$(rand 4)" = 0 ] && sleep "0.$(rand 4)$(rand 10)"
			_n=$((_n + 1))
		done
	) &
	_typer=$!
	sleep "$(rand 2).$(rand 10)$(rand 10)"
	tui_kill 9
	kill "$_typer" 2>/dev/null
	wait "$_typer" 2>/dev/null
	wait_exit || return 1
	_shown=$(on_screen "$_tag")
	# the next start of eadr (here a batch command) has what was typed
	if [ -n "${REOPEN:-}" ]; then
		_pieces=$(sqlite3 "$T/trial.db" "SELECT count(*) FROM answer_pieces")
		"$EADR" --db "$T/trial.db" staff list >/dev/null 2>&1
	fi
	_db=$(sqlite3 "$T/trial.db" "$_sql")
	tui_teardown
	case $_db in
	*"$_shown"*) return 0 ;;
	esac
	printf '# %s trial %s: on the screen "%s", in the database "%s"\n' \
		"$_kind" "$_i" "$_shown" "$_db"
	return 1
}

ANSWER="SELECT value FROM answers WHERE path = 'only.note'"
COMMENTS="SELECT value FROM meta WHERE key LIKE 'signoff.%.comments'"

lost=0 typed=0 i=1
WAIT_FIELD=""
while [ $i -le "$TRIALS" ]; do
	trial $i answer "$ANSWER" || lost=$((lost + 1))
	[ -n "$_shown" ] && typed=$((typed + 1))
	i=$((i + 1))
done
echo "# kill -9 while typing an answer: $TRIALS trials ($typed with words on the screen), $lost lost words that were on the screen"
is "$lost" 0 "kill -9 while typing an answer: nothing on the screen was lost ($TRIALS trials)"
ok "$([ "$typed" -gt 0 ] && echo 0 || echo 1)" "words reached the screen before the kill in $typed trials"

lost=0 typed=0 i=1
WAIT_FIELD="kept with the sign-off."
while [ $i -le "$TRIALS" ]; do
	trial $i sign-off "$COMMENTS" C-f Tab Tab || lost=$((lost + 1))
	[ -n "$_shown" ] && typed=$((typed + 1))
	i=$((i + 1))
done
echo "# kill -9 while typing the sign-off's comments: $TRIALS trials ($typed with words on the screen), $lost lost words that were on the screen"
is "$lost" 0 "kill -9 while typing the sign-off's comments: nothing on the screen was lost ($TRIALS trials)"
ok "$([ "$typed" -gt 0 ] && echo 0 || echo 1)" "words reached the screen before the kill in $typed trials"

# A long answer (20,000 characters, saved in pieces as it is typed): the
# next start joins the pieces, and every word on the screen is there.
LBASE="$T/long.db"
cp "$BASE" "$LBASE"
tui_start 80 24 "$EADR" --db "$LBASE" --forms "$T/forms"
wait_for "Resume Chidi Okonkwo"
tui_text y
wait_for "A long answer"
tui_text x
wait_for "Saved"
tui_keys C-c
wait_exit
tui_teardown
awk 'BEGIN { while (length(t) < 20000) t = t "Zoë handled the 🚑 call with care. "; printf "%s", substr(t, 1, 20000) }' >"$T/long.txt"
sqlite3 "$LBASE" "UPDATE answers SET value = CAST(readfile('$T/long.txt') AS TEXT) WHERE path = 'only.note'"
is "$(sqlite3 "$LBASE" "SELECT length(CAST(value AS BLOB)) FROM answers WHERE path = 'only.note'")" 20000 \
	"a 20,000-character answer to type into"
lost=0 typed=0 i=1 pieces=0
WAIT_FIELD=""
while [ $i -le "$TRIALS" ]; do
	TRIAL_BASE=$LBASE REOPEN=1 trial $i "long answer" "$ANSWER" || lost=$((lost + 1))
	[ -n "$_shown" ] && typed=$((typed + 1))
	[ "${_pieces:-0}" -gt 0 ] && pieces=$((pieces + 1))
	i=$((i + 1))
done
ok "$([ "$pieces" -gt 0 ] && echo 0 || echo 1)" "the kill left the long answer in pieces in $pieces trials"
echo "# kill -9 while typing a long answer: $TRIALS trials ($typed with words on the screen), $lost lost words that were on the screen"
is "$lost" 0 "kill -9 while typing a long answer: nothing on the screen was lost after the next start ($TRIALS trials)"
ok "$([ "$typed" -gt 0 ] && echo 0 || echo 1)" "words reached the screen before the kill in $typed trials"
is "$(sqlite3 "$T/trial.db" "SELECT count(*) FROM answer_pieces")" 0 "no pieces are left after the next start"
is "$(sqlite3 "$T/trial.db" "SELECT length(CAST(value AS BLOB)) >= 20000 AND instr(value, 'Zoë handled the 🚑 call') > 0 FROM answers WHERE path = 'only.note'")" 1 \
	"the rest of the long answer is whole"

finish
