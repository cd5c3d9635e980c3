#!/bin/sh
# seal_signin.sh - an appraisal finalised before it could be sealed for the
# hub (no hub key trusted then, or before sealing existed) is sealed when
# its holder next signs in, in batch mode or on the TUI's sign-in screen,
# so that 'sync push' then needs nobody signed in (schema/security.md,
# "Sealing at finalisation").
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
make_demo

A="Ffion Llywelyn"
printf 'kettle harbour violet seven\n' >"$T/a.pass"
H="$T/hub.db"
"$EADR" --db "$H" hub init -o "$T/hub.pub" >/dev/null
e() { "$EADR" --db "$DB" --forms "$FORMS" "$@"; }
unsealed() {	# A's demo appraisal (final, claimed with A's profile) made before any hub key
	e --passphrase-file "$T/a.pass" profile add "$A" >/dev/null &&
	e sync trust "$T/hub.pub" >/dev/null
}
kept() { sql "SELECT count(*) FROM sync_travel"; }
held() { sql "SELECT count(*) FROM appraisals WHERE state = 'final' AND holder IS NOT NULL"; }

case_begin "batch: a sign-in seals A's final appraisal; push needs nobody then"
mkdir "$T/stick1"
e --passphrase-file "$T/a.pass" profile add "$A" >/dev/null
e sync push "$T/stick1" >/dev/null 2>"$T/e"
is "$?" 1 "no hub key trusted: push with nobody signed in is refused"
like "$(cat "$T/e")" "eadr: 4 final appraisals are held by $A, not signed in: no hub key is trusted here, so each must push theirs signed in (--user), or trust the hub's key first ('eadr sync trust') and sign in once; nothing was sent" \
	"saying how many, whose, and what to do"
e sync trust "$T/hub.pub" >/dev/null
ok $? "A's final appraisal held, no hub key when it was claimed"
is "$(kept)" 0 "nothing sealed yet"
e sync push "$T/stick1" >/dev/null 2>"$T/e"
is "$?" 1 "push with nobody signed in is refused"
like "$(cat "$T/e")" "eadr: 4 final appraisals are held by $A, not signed in: once they sign in (eadr, or any command with --user), theirs are sealed to the hub and any push sends them; nothing was sent" \
	"naming the holder and saying that their sign-in lets the push go"
is "$(ls "$T/stick1" | wc -l | tr -d ' ')" 0 "nothing was written"
e --user "$A" --passphrase-file "$T/a.pass" staff list >/dev/null
ok $? "A signs in (a batch command)"
is "$(held)" 4 "A holds the demo's four final appraisals"
is "$(kept)" 4 "the sign-in sealed each of them for the hub"
e sync push "$T/stick1" >"$T/o" 2>"$T/e"
ok $? "push with nobody signed in now succeeds"
"$EADR" --db "$H" hub import "$T/stick1" >/dev/null
"$EADR" --db "$H" hub allow "$("$EADR" --db "$DB" sync status |
	sed -n "s/^this laptop's fingerprint: \([0-9a-f ]*\) (device .*/\1/p")" >/dev/null
is "$(sqlite3 "$H" "SELECT count(*) FROM appraisals WHERE staff_number = '100251' AND state = 'final'")" 1 \
	"the hub merged the appraisal"
is "$(sqlite3 "$H" "SELECT a.value FROM answers a JOIN appraisals p ON p.id = a.appraisal_id
	WHERE p.staff_number = '100251' AND a.path = 'pdp.goals[0].goal'")" \
	"Practice educator qualification" "with its text, readable on the hub"
e --user "$A" --passphrase-file "$T/a.pass" staff list >/dev/null
is "$(kept)" 4 "signing in again seals nothing more"

if command -v tmux >/dev/null 2>&1; then
	need_tui
	case_begin "the TUI's sign-in seals it too"
	unsealed
	eadr_tui 80 24
	wait_for "EADR: sign in"
	tui_text "$A"
	tui_keys Tab
	tui_text "kettle harbour violet seven"
	tui_keys Enter
	wait_for "Ferreira" 20
	ok $? "A signs in on the TUI"
	tui_keys C-q
	wait_exit
	is "$(kept)" "$(held)" "the sign-in sealed A's final appraisals"
	mkdir "$T/stick2"
	e sync push "$T/stick2" >/dev/null 2>&1
	ok $? "push with nobody signed in succeeds"
fi
finish
