#!/bin/sh
# rescue.sh - words eadr could not save (a file-size limit) are kept in a
# rescue file and put back at the next start: offered, restored exactly,
# the file removed; a restore refused (the answer changed since) keeps the
# file; with managers, manager A's rescue file holds no readable words and
# manager B cannot put them back.
. "$EADR_SRCDIR/tests/lib.sh"
. "$EADR_SRCDIR/tests/e2e/tmux.sh"

command -v sqlite3 >/dev/null 2>&1 || skip_all "the sqlite3 shell is not installed"

EADR_TODAY=2026-11-22
export EADR_TODAY
unset EADR_APPRAISER EADR_USER EADR_PASSPHRASE_FILE
mkdir "$T/forms" "$T/home" "$T/tmp"
HOME="$T/home"
TMPDIR="$T/tmp"
export HOME TMPDIR
cat >"$T/forms/mini.yaml" <<'YAML'
form: zz-mini
version: 1
title: Mini
sections:
  - id: only
    title: Only section
    questions:
      - { id: ok, type: yesno, label: Is all well }
      - { id: note, type: text, label: A long answer, private: true }
YAML
A="Ffion Llywelyn"
B="Sam Okafor"
printf 'kettle harbour violet seven\n' >"$T/a.pass"
printf 'apple river moon castle\n' >"$T/b.pass"
CANARY="Zoë-canary-7731"

# Under a file-size limit, start Chidi's appraisal on DB (extra eadr
# options after DB), type into the private answer until NOT SAVED, then
# SIGTERM: the words typed are in $exp.
rescue_words() {	# DB [OPTION...]
	_db=$1
	shift
	blocks=$(( $(stat -c %s "$_db") / 512 + 24 ))
	tui_start 80 24 sh -c "ulimit -f $blocks; \"\$0\" \"\$@\"; echo \$? >'$T/rc'" \
		"$EADR" --db "$_db" --forms "$T/forms" "$@"
	wait_for "Chidi Okonkwo" 20 || return 1
	tui_text "chidi"
	tui_keys Enter
	wait_for "Start an appraisal with Chidi" || return 1
	tui_text y
	wait_for "Is all well" || return 1
	tui_keys Tab
	wait_for "A long answer" || return 1
	exp=""
	k=0
	while [ $k -lt 40 ]; do
		w="$CANARY Siobhán's words, burst $k. "
		tui_text "$w"
		exp="$exp$w"
		k=$((k + 1))
		tui_screen | grep -q "NOT SAVED" && break
		sleep 0.2
	done
	wait_for "NOT SAVED" 10 || return 1
	kill -TERM "$(pgrep -P "$(tui_pid)" | head -n 1)"
	wait_exit
	tui_teardown
}
q() {	# DB PATH: the answer (plain databases)
	sqlite3 "$1" "SELECT value FROM answers WHERE path = '$2'"
}

# ---- no managers: offered at the next start, put back exactly, removed ----
DB="$T/plain.db"
"$EADR" --db "$DB" demo >/dev/null 2>&1
rescue_words "$DB"
ok $? "words typed until NOT SAVED, then SIGTERM"
f=$(ls "$T"/eadr-unsaved-*.txt 2>/dev/null | head -n 1)
ok "$([ -n "$f" ] && echo 0 || echo 1)" "a rescue file beside the database"
like "$(head -n 1 "$f")" "PRIVATE:*" "without managers it is marked private"
like "$(cat "$f")" "*eadr-rescue 1*" "and holds the part eadr reads back"
like "$("$EADR" --db "$DB" rescue list)" "*$f*the answer to only.note*" "rescue list names it"
tui_start 80 24 "$EADR" --db "$DB" --forms "$T/forms"
wait_for "Words that could not be saved on" 20
ok $? "the next start offers to put the words back"
like "$(tui_screen | tr -d '\n')" "*Chidi Okonkwo*" "naming whose appraisal"
tui_text y
wait_for "Put back:" 15
ok $? "yes: put back, and said so"
tui_keys C-c
wait_exit
tui_teardown
got=$(q "$DB" only.note)
is "$got" "$exp" "the answer in the database is the words exactly (accents too)"
ok "$([ -e "$f" ] && echo 1 || echo 0)" "the rescue file is gone"

# ---- a restore refused (the answer changed since) keeps the file ----
DB="$T/changed.db"
"$EADR" --db "$DB" demo >/dev/null 2>&1
rescue_words "$DB"
f=$(ls "$T"/eadr-unsaved-*.txt 2>/dev/null | head -n 1)
ok "$([ -n "$f" ] && echo 0 || echo 1)" "a second rescue file"
sqlite3 "$DB" "UPDATE answers SET value = 'changed elsewhere' WHERE path = 'only.note'"
"$EADR" --db "$DB" --forms "$T/forms" rescue restore "$f" >"$T/out" 2>"$T/err"
is "$?" 1 "rescue restore refuses: status 1"
like "$(cat "$T/err")" "*was changed after*" "saying the answer changed since"
ok "$([ -e "$f" ] && echo 0 || echo 1)" "and the file is kept"
is "$(q "$DB" only.note)" "changed elsewhere" "the newer answer is untouched"
rm -f "$f"

# ---- managers: A's rescue file is encrypted, and not B's to restore ----
DB="$T/managers.db"
"$EADR" --db "$DB" demo >/dev/null 2>&1
"$EADR" --db "$DB" --passphrase-file "$T/a.pass" profile add "$A" >/dev/null 2>&1
"$EADR" --db "$DB" --passphrase-file "$T/b.pass" profile add "$B" >/dev/null 2>&1
rescue_words "$DB" --user "$A" --passphrase-file "$T/a.pass"
ok $? "A's words typed until NOT SAVED, then SIGTERM"
f=$(ls "$T"/eadr-unsaved-*.txt 2>/dev/null | head -n 1)
ok "$([ -n "$f" ] && echo 0 || echo 1)" "a rescue file for A"
grep -a -q "$CANARY" "$f"
is "$?" 1 "the canary is nowhere in it (grep -a)"
grep -a -q "Siobh" "$f"
is "$?" 1 "nor any other word typed"
like "$(cat "$f")" "*only $A*" "it says only $A can put them back"
"$EADR" --db "$DB" --user "$B" --passphrase-file "$T/b.pass" --forms "$T/forms" \
	rescue restore "$f" >"$T/out" 2>"$T/err"
is "$?" 1 "B cannot restore it"
like "$(cat "$T/err")" "*only $A can put them back*" "told whose it is"
ok "$([ -e "$f" ] && echo 0 || echo 1)" "the file is kept"
"$EADR" --db "$DB" --user "$A" --passphrase-file "$T/a.pass" --forms "$T/forms" \
	rescue restore "$f" >"$T/out" 2>"$T/err"
is "$?" 0 "A restores it"
ok "$([ -e "$f" ] && echo 1 || echo 0)" "then the file is gone"
cat "$DB"* | grep -a -q "$CANARY"
is "$?" 1 "and the words are encrypted in the database"

finish
