#!/bin/sh
# tui_nosave.sh - when eadr cannot save, it says so and never claims
# otherwise: a locked database after an option is picked (the indicator
# and the status line agree, and the pick is saved once the lock ends), a
# file-size limit (SIGXFSZ ignored: the write fails and is said), a full
# disk then SIGTERM (a private rescue file in the first place that works,
# its name on stderr, a non-zero exit), and the sign-off's comments kept
# through Esc, SIGTERM, SIGHUP and Ctrl-C.
. "$EADR_SRCDIR/tests/lib.sh"
. "$EADR_SRCDIR/tests/e2e/tmux.sh"

command -v sqlite3 >/dev/null 2>&1 || skip_all "the sqlite3 shell is not installed"

EADR_TODAY=2026-11-22
export EADR_TODAY
unset EADR_APPRAISER
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

# start Chidi's appraisal on DB, in the walk on the yes/no question
begin() {	# DB [sh -c prefix]
	tui_start 80 24 "$@" "$EADR" --db "$DB" --forms "$T/forms"
	wait_for "Chidi Okonkwo" || return 1
	tui_text "chidi"
	tui_keys Enter
	wait_for "Start an appraisal with Chidi" || return 1
	tui_text y
	wait_for "Is all well"
}
# The wrapper shell (begin's prefix) writes eadr's exit status to $T/rc;
# signals go to eadr itself, its child.
kill_eadr() {	# SIGNAL
	kill -"$1" "$(pgrep -P "$(tui_pid)" | head -n 1)"
}
q() {	# the answer at path
	sqlite3 "$DB" "SELECT value FROM answers WHERE path = '$1'"
}

# ---- a locked database, then an option picked ----
DB="$T/lock.db"
"$EADR" --db "$DB" demo >/dev/null 2>&1
begin
ok $? "the walk is open"
mkfifo "$T/lock"
sqlite3 "$DB" <"$T/lock" >"$T/lock.out" 2>&1 &
lockpid=$!
exec 3>"$T/lock"
printf 'BEGIN EXCLUSIVE;\nSELECT 1;\n' >&3
n=0
while [ "$(cat "$T/lock.out")" != 1 ] && [ $n -lt 200 ]; do n=$((n + 1)); sleep 0.05; done
is "$(cat "$T/lock.out")" 1 "another program holds the database"
tui_text y
wait_for "Not saved:" 15
ok $? "the status line says the pick is not saved"
sleep 3	# several pauses and retries
scr=$(tui_screen)
case $scr in
*"Saved"*"Not saved:"*) st=1 ;;
*"NOT SAVED"*"Not saved:"*) st=0 ;;
*) st=1 ;;
esac
ok $st "after several pauses the indicator still agrees: NOT SAVED beside 'Not saved'"
[ $st -ne 0 ] && printf '%s\n' "$scr" | sed 's/^/#   |/'
printf 'COMMIT;\n' >&3
exec 3>&-
wait "$lockpid"
wait_gone "Not saved:" 15
ok $? "once the lock ends, the retry saves the pick"
wait_for "Saved"
is "$(q only.ok)" "yes" "the pick is in the database"
tui_keys C-c
wait_exit
tui_teardown

# ---- a file-size limit (ulimit -f): SIGXFSZ must not kill eadr ----
DB="$T/fsize.db"
"$EADR" --db "$DB" demo >/dev/null 2>&1
blocks=$(( $(stat -c %s "$DB") / 512 + 24 ))
begin sh -c "ulimit -f $blocks; \"\$0\" \"\$@\"; echo \$? >'$T/rc'"
ok $? "the walk is open under ulimit -f $blocks"
tui_keys Tab
wait_for "A long answer"
k=0
while [ $k -lt 40 ]; do
	tui_text "Words typed under a file-size limit, burst $k. "
	k=$((k + 1))
	tui_screen | grep -q "NOT SAVED" && break
	sleep 0.2
done
wait_for "NOT SAVED" 10
ok $? "the write over the limit fails and the indicator says NOT SAVED"
tui_ended
ok $((1 - $?)) "eadr is still running (SIGXFSZ did not kill it)"
kill_eadr TERM
wait_exit
ok $? "SIGTERM ends it"
scr=$(tui_screen)
like "$scr" "*NOT everything typed was saved*" "it says not everything was saved"
case $scr in *"everything typed was saved"*"NOT"*|*"; everything typed was saved"*) st=1 ;; *) st=0 ;; esac
ok $st "and never that everything was saved"
f=$(ls "$T"/eadr-unsaved-*.txt 2>/dev/null | head -n 1)
ok "$([ -n "$f" ] && echo 0 || echo 1)" "the words are in a file beside the database"
like "$(cat "$f" 2>/dev/null)" "*burst 0. *" "the rescue file holds the words"
is "$(cat "$T/rc")" "1" "exit status 1"
tui_teardown

# ---- a full disk, then SIGTERM ----
# (The disk must hold the demo with its -wal until the demo closes; the
# filler below fills the rest.  At 800k a new migration tipped it over.)
if mkdir "$T/full" && mount -t tmpfs -o size=2m tmpfs "$T/full" 2>/dev/null; then
	trap 'tui_teardown; umount "$T/full" 2>/dev/null; rm -rf "$T"' EXIT
	DB="$T/full/eadr.db"
	"$EADR" --db "$DB" demo >/dev/null 2>&1
	begin sh -c "\"\$0\" \"\$@\"; echo \$? >'$T/rc'"
	ok $? "the walk is open on a small disk"
	tui_keys Tab
	dd if=/dev/zero of="$T/full/filler" bs=4096 >/dev/null 2>&1
	k=0
	while [ $k -lt 40 ]; do
		tui_text "Private words on a full disk, burst $k. "
		k=$((k + 1))
		tui_screen | grep -q "NOT SAVED" && break
		sleep 0.2
	done
	wait_for "NOT SAVED" 10
	ok $? "the disk is full: NOT SAVED"
	kill_eadr TERM
	wait_exit
	ok $? "SIGTERM ends it"
	scr=$(tui_screen)
	like "$scr" "*NOT everything typed was saved*" "stderr says not everything was saved"
	case $scr in *"; everything typed was saved"*) st=1 ;; *) st=0 ;; esac
	ok $st "and does not say everything typed was saved"
	f=$(ls "$T"/home/eadr-unsaved-*.txt 2>/dev/null | head -n 1)
	ok "$([ -n "$f" ] && echo 0 || echo 1)" "the database's folder is full: the file is in HOME"
	like "$scr" "*$T/home/eadr-unsaved-*" "stderr names the file"
	like "$f" "*-PRIVATE.txt" "its name says it is private"
	like "$(head -n 1 "$f")" "PRIVATE:*" "its first line says it is private"
	like "$(ls -l "$f")" "-rw-------*" "mode 0600"
	like "$(cat "$f")" "*Private words on a full disk, burst 0. *" "it holds the words"
	is "$(ls "$T/tmp")" "" "nothing in the temporary folder"
	is "$(cat "$T/rc")" "1" "exit status 1"
	tui_teardown
	umount "$T/full"
else
	ok 0 "# SKIP a small disk cannot be mounted here (not root)"
fi

# ---- the sign-off's comments: kept through Esc, signals and Ctrl-C ----
DB="$T/sign.db"
"$EADR" --db "$DB" demo >/dev/null 2>&1
comments() {
	sqlite3 "$DB" "SELECT value FROM meta WHERE key LIKE 'signoff.%.comments'"
}
begin
tui_keys C-f
wait_for "comments (optional)"
tui_keys Tab Tab
tui_text "Typed, then Esc."
wait_for "then Esc."
tui_keys Escape
wait_gone "comments (optional)"
is "$(comments)" "Typed, then Esc." "Esc: the comments are kept"
tui_keys C-f
wait_for "Typed, then Esc."
ok $? "and shown again when the dialog reopens"
for how in TERM HUP C-c; do
	tui_keys Tab Tab
	tui_text " $how."
	wait_for " $how."
	case $how in
	C-c) tui_keys C-c ;;
	*) tui_kill $how ;;
	esac
	wait_exit
	ok $? "$how ends eadr"
	like "$(comments)" "*$how." "$how: the comments are kept"
	tui_teardown
	tui_start 80 24 "$EADR" --db "$DB" --forms "$T/forms"
	wait_for "Resume Chidi"
	tui_text y
	wait_for "Is all well"
	tui_keys C-f
	wait_for "comments (optional)"
done
is "$(comments)" "Typed, then Esc. TERM. HUP. C-c." "every part kept, in order"
tui_text "Ffion Llywelyn"	# the manager's name is never pre-filled
tui_keys Tab
tui_text "chidi okonkwo"
tui_keys Tab Tab Enter
wait_for "Make the appraisal final now?"
ok $? "signed"
is "$(sqlite3 "$DB" "SELECT comments FROM signoffs WHERE role = 'appraisee' AND appraisal_id =
	(SELECT max(id) FROM appraisals WHERE staff_number = '100361')")" \
	"Typed, then Esc. TERM. HUP. C-c." "the signature holds the comments"
is "$(comments)" "" "and the draft is gone"
tui_keys C-c
wait_exit

finish
