#!/bin/sh
# handover.sh - handing an appraisal to another manager (issue 13): a
# hand-over that cannot be received (its sealed text altered) no longer
# fails every sign-in: the manager is told what happened and what to do,
# every time, and can refuse it, which hands it back (audited); and the
# hand-over from the TUI's team list, confirmed naming both managers.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
make_demo

A="Ffion Llywelyn"
B="Sam Okafor"
CANARY="CANARY-handover-3b1"
printf 'kettle harbour violet seven\n' >"$T/a.pass"
printf 'apple river moon castle\n' >"$T/b.pass"
e() { "$EADR" --db "$DB" --forms "$FORMS" "$@"; }
asA() { e --user "$A" --passphrase-file "$T/a.pass" "$@"; }
asB() { e --user "$B" --passphrase-file "$T/b.pass" "$@"; }
holder() { sql "SELECT coalesce(p.name, '-') FROM appraisals a LEFT JOIN profiles p ON p.id = a.holder
	WHERE a.staff_number = '$1' ORDER BY a.id DESC LIMIT 1"; }

DB="$T/base.db"
cp "$_DEMO" "$DB"
e --passphrase-file "$T/a.pass" profile add "$A" >/dev/null
e --passphrase-file "$T/b.pass" profile add "$B" >/dev/null
printf '100348\n%s typed\n.\n!quit\n' "$CANARY" | asA --plain >/dev/null 2>&1
is "$(holder 100348)" "$A" "A holds an appraisal of 100348"

case_begin "a hand-over that cannot be received: said clearly, then refused" "$T/base.db"
asA profile hand-over 100348 --to "$B" >/dev/null 2>&1
ok $? "A hands 100348 to B"
sql "UPDATE handovers SET sealed = randomblob(length(sealed))"
asB staff list >/dev/null 2>"$T/e"
ok $? "B still signs in"
like "$(cat "$T/e")" "*warning: The appraisal of Tomás Ferreira (100348) that $A handed to you does not open with your key*$A can still read it*eadr profile refuse 100348*" \
	"B is told what happened and what to do"
asB staff list >/dev/null 2>"$T/e2"
is "$(cat "$T/e2")" "$(cat "$T/e")" "the same at every sign-in until it is dealt with"
is "$(sql "SELECT count(*) FROM handovers")" 1 "it is still waiting"
asA profile refuse 100348 >"$T/o" 2>"$T/e"
is "$?" 1 "A cannot refuse a hand-over that is not for A"
like "$(cat "$T/e")" "*no appraisal of 100348 handed over is waiting for you*nothing was changed*" "said so"
asB profile refuse 100348 >"$T/o" 2>"$T/e"
ok $? "B refuses it"
like "$(cat "$T/o")" "*handed back to $A*" "said so"
is "$(holder 100348)" "$A" "A holds it again"
is "$(sql "SELECT count(*) FROM handovers")" 0 "nothing waits any more"
is "$(sql "SELECT count(*) FROM audit WHERE action = 'handover-refused' AND detail LIKE 'refused by $B, back to $A%'")" 1 \
	"the refusal is audited"
asB staff list >/dev/null 2>"$T/e"
is "$(cat "$T/e")" "" "B's next sign-in says nothing more"
printf '100348\nno\n!quit\n' | asA --plain >"$T/back" 2>&1
like "$(cat "$T/back")" "*$CANARY typed*" "A reads the appraisal again, every word"
if command -v tmux >/dev/null 2>&1; then
	need_tui
	signin() {	# NAME PASSPHRASE
		wait_for "EADR: sign in" || return 1
		tui_text "$1"
		tui_keys Tab
		tui_text "$2"
		tui_keys Enter
	}
	case_begin "the TUI offers to hand back a hand-over that cannot be received" "$T/base.db"
	asA profile hand-over 100348 --to "$B" >/dev/null 2>&1
	sql "UPDATE handovers SET sealed = randomblob(length(sealed))"
	eadr_tui 80 24
	signin "$B" "apple river moon castle"
	wait_for "does not open with your key" 20
	ok $? "after B signs in, the screen says the hand-over cannot be received"
	like "$(tui_screen)" "*The appraisal of Tomás Ferreira (100348) that $A*" \
		"naming the person whose appraisal it is, and the staff number"
	wait_for "back to $A now?"
	ok $? "and offers to hand it back to $A"
	tui_keys Enter
	wait_for "Handed back to $A" 10
	ok $? "Enter hands it back"
	tui_keys C-q
	wait_exit
	is "$(holder 100348)" "$A" "A holds it again"
	is "$(sql "SELECT count(*) FROM audit WHERE action = 'handover-refused'")" 1 "audited"

	case_begin "Ctrl-O on the team list hands an appraisal over, naming both managers" "$T/base.db"
	eadr_tui 80 24
	signin "$A" "kettle harbour violet seven"
	wait_for "Ferreira" 20
	tui_text "tomas"
	wait_for "Tomás Ferreira"
	tui_keys C-o
	wait_for "Hand the appraisal of Tomás Ferreira to"
	ok $? "Ctrl-O asks to whom"
	wait_for "1  $B"
	ok $? "the other manager is offered (not $A)"
	tui_keys 1
	wait_for "from $A to Sam"
	ok $? "the confirmation names both managers"
	assert_screen handover_confirm
	tui_keys y
	wait_for "now held by $B" 10
	ok $? "confirmed: the team list says who holds it now"
	is "$(holder 100348)" "$B" "B holds it"
	is "$(sql "SELECT count(*) FROM audit WHERE action = 'handed-over' AND detail LIKE 'from $A to $B;%'")" 1 \
		"audited"
	tui_keys C-o
	wait_for "You hold no appraisal of Tomás Ferreira" 10
	ok $? "A cannot hand it over again: A no longer holds it"
	tui_keys BSpace BSpace BSpace BSpace BSpace
	tui_text "chidi"
	wait_for "Filter: chidi"
	tui_keys C-o
	wait_for "Chidi Okonkwo has no appraisal yet: there is nothing to hand over" 10
	ok $? "Ctrl-O on Chidi, who has no appraisal at all, says so (not that another manager holds it)"
	tui_keys C-q
	wait_exit
	printf '100348\nno\n!quit\n' | asB --plain >"$T/back" 2>&1
	like "$(cat "$T/back")" "*$CANARY typed*" "B reads it after signing in"
fi
finish
