#!/bin/sh
# tui_input.sh - what is typed is what is kept, and only what was meant:
# under a locale that is not UTF-8 every letter typed is saved exactly (none
# dropped) and the warning says so; keys typed before a question showed
# (at start, or right after the key that opened it) never answer it.
. "$EADR_SRCDIR/tests/lib.sh"
. "$EADR_SRCDIR/tests/e2e/tmux.sh"

command -v sqlite3 >/dev/null 2>&1 || skip_all "the sqlite3 shell is not installed"

DB="$T/eadr.db"
EADR_TODAY=2026-11-22
export EADR_TODAY
mkdir "$T/forms"
cat >"$T/forms/eadr.yaml" <<'EOF'
form: eadr
version: "9999"
title: Input
sections:
  - id: s
    title: Words
    questions:
      - { id: long, type: text, label: A long answer }
      - { id: short, type: line, label: One line }
EOF
"$EADR" --db "$DB" demo >"$T/demo.out" 2>&1
ok $? "demo team made"

q() {	# staff number, path
	sqlite3 "$DB" "SELECT value FROM answers a JOIN appraisals p ON p.id = a.appraisal_id
		WHERE p.staff_number = '$1' AND a.path = '$2'"
}

# ---- a locale that is not UTF-8: every byte typed is kept ----
tui_start 80 24 env LANG=C LC_ALL=C "$EADR" --db "$DB" --forms "$T/forms"
wait_for "Chidi Okonkwo"
like "$(tui_screen)" "*Locale not UTF-8*what you type is saved exactly*" \
	"the warning says what is true: letters may show as '?', typing is saved"
tui_text "zo"
tui_keys Enter
wait_for "Start an appraisal with"
tui_text y
wait_for "Section 1 of 1"
ok $? "the walk opens under LANG=C"
# in bursts, as a person types: each burst has letters past ASCII
TXT="Zoë says hello — Siobhán, Jürgen, 陳美玲 and 😀: ça va?"
tui_text "Zoë says hello"
wait_for "says hello"
tui_text " — Siobhán, Jürgen, 陳美玲 and 😀: ça va?"
wait_for "a va?"
ok $? "the text is on screen (with '?' for what the terminal cannot show)"
tui_keys Tab
tui_text "Noémie"
wait_for "No?mie"
tui_keys Tab
wait_for "Saved"
is "$(q 100234 s.long)" "$TXT" "the long answer is saved byte for byte"
is "$(q 100234 s.short)" "Noémie" "the one-line answer is saved byte for byte"
tui_keys C-c
wait_exit
ok $? "quits"
tui_teardown

# ---- keys typed before a question showed do not answer it ----
# A draft of Siobhán's appraisal, left open: the next start offers to resume.
tui_start 80 24 "$EADR" --db "$DB" --forms "$T/forms"
wait_for "Resume Zo"
tui_text n
wait_for "Chidi Okonkwo"
tui_text "siob"
tui_keys Enter
wait_for "Start an appraisal with Siobh"
tui_text y
wait_for "Section 1 of 1"
tui_text "Draft words."
tui_keys Tab
wait_for "Saved"
tui_keys C-c
wait_exit
tui_teardown

nanswers() {
	sqlite3 "$DB" "SELECT count(*) FROM answers a JOIN appraisals p ON p.id = a.appraisal_id
		WHERE p.staff_number = '100322'"
}
before=$(nanswers)
# "rhys" and Enter are typed while the program is still starting (the
# shell's sleep), as a manager types into the filter after a restart.
tui_start 80 24 sh -c 'sleep 1; exec "$0" "$@"' "$EADR" --db "$DB" --forms "$T/forms"
tui_text "rhys"
tui_keys Enter
wait_for "Resume Siobh"
ok $? "the resume question shows"
seen() {	# every key typed so far has been read: F1's help shows, Esc closes it
	tui_keys F1
	wait_for "Keys: $1" && tui_keys Escape && wait_gone "Keys: $1"
}
seen Question
like "$(tui_screen)" "*Resume Siobh*" "typed-ahead keys did not answer it (its y)"
is "$(nanswers)" "$before" "nothing was added to her appraisal"
tui_text n
wait_for "Chidi Okonkwo"
ok $? "n answers it once it has shown"

tui_keys C-c
wait_exit
tui_teardown

# A menu and a question opened by a key, with keys typed right behind it:
# the program is stopped while they are typed, so they are all waiting.
tui_start 80 24 "$EADR" --db "$DB" --forms "$T/forms"
wait_for "Resume Siobh"
tui_text n
wait_for "Chidi Okonkwo"
tui_text "dafydd"
wait_for "Filter: dafydd"
kill -STOP "$(tui_pid)"
tui_keys Enter v
kill -CONT "$(tui_pid)"
wait_for "View it (read-only)"
ok $? "the menu shows"
seen Menu
like "$(tui_screen)" "*View it (read-only)*" "the typed-ahead v did not pick from the menu"
tui_keys Escape
wait_gone "View it"
tui_keys Escape
wait_for "Chidi Okonkwo"
tui_text "rhys"
wait_for "Filter: rhys"
kill -STOP "$(tui_pid)"
tui_keys Enter y
kill -CONT "$(tui_pid)"
wait_for "Start an appraisal with Rhys"
ok $? "the question shows"
seen Question
like "$(tui_screen)" "*Start an appraisal with Rhys*" "the typed-ahead y did not answer it"
is "$(sqlite3 "$DB" "SELECT count(*) FROM appraisals WHERE staff_number = '200159'")" 0 \
	"no appraisal was started"
tui_text y
wait_for "Section 1 of 1"
ok $? "y answers it once it has shown"
tui_keys C-c
wait_exit
ok $? "quits"

finish
