# screen.sh - whole-screen comparisons, tig style (sourced by e2e.sh's
# need_tui, after tmux.sh).  A screen is compared as plain text with
# tests/e2e/screens/NAME.screen, so a layout change shows as a diff.
#
#   assert_screen NAME ["test name"]
#       poll the pane (tmux capture-pane -p) until it equals the expected
#       file; on timeout fail and print the diff (expected, then got).
#
# Start the program with NO_COLOR=1 (colour is not in the text anyway, but
# the screens are made that way) and at 80x24; EADR_TODAY pins every date,
# so nothing is normalised but the " Saved HH:MM" clock if one shows
# (written as " Saved --:--").
#
# To write (or rewrite) the expected files after a deliberate change of a
# screen, run the tests with EADR_UPDATE_SCREENS=1, e.g.
#     EADR_UPDATE_SCREENS=1 make check TESTS=tests/e2e/tui_screens.sh
# then look at `git diff tests/e2e/screens` before committing.  In that mode
# assert_screen waits until the screen is steady (the same twice, 0.3 s
# apart), writes the file into the source tree and passes.

SCREENS="$EADR_SRCDIR/tests/e2e/screens"

screen_norm() {
	sed 's/\(Saved\) [0-2][0-9]:[0-5][0-9]/\1 --:--/'
}

_screen_get() {	# FILE
	tui_screen | screen_norm >"$1"
}

assert_screen() {	# NAME ["test name"]
	_want="$SCREENS/$1.screen"
	_got="$T/$1.screen"
	_name=${2:-"the $1 screen is as in screens/$1.screen"}
	if [ -n "${EADR_UPDATE_SCREENS:-}" ]; then
		_screen_get "$_got.prev"
		_sn=0
		while :; do
			sleep 0.3
			_screen_get "$_got"
			cmp -s "$_got" "$_got.prev" && break
			cp "$_got" "$_got.prev"
			_sn=$((_sn + 1))
			[ $_sn -gt 30 ] && break
		done
		mkdir -p "$SCREENS"
		cp "$_got" "$_want"
		_report 0 "$_name (written)"
		return 0
	fi
	if [ ! -f "$_want" ]; then
		_screen_get "$_got"
		_report 1 "$_name" "no file $_want; the screen was:
$(sed 's/^/|/' "$_got")"
		return 1
	fi
	_sl=$((TUI_TIMEOUT * 10))
	[ "$TUI_DERAILED" -eq 1 ] && _sl=1
	while :; do
		_screen_get "$_got"
		cmp -s "$_want" "$_got" && { _report 0 "$_name"; return 0; }
		_sl=$((_sl - 1))
		[ $_sl -le 0 ] && break
		sleep 0.1
	done
	_report 1 "$_name" "$(diff -u --label "expected screens/$1.screen" --label got "$_want" "$_got" | sed 's/^\(.\)/\1|/')"
	return 1
}
