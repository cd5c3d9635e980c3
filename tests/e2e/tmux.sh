# tmux.sh - run the real eadr in a detached tmux and look at its screen
# (source it after tests/lib.sh).  Each test has its own tmux server on a
# socket in $T, so tests never touch a user's tmux and can run in parallel;
# no terminal is needed (CI runs as root with none).  Never sleep a fixed
# time: wait_for polls the screen until what you expect is there.
#
#   tui_start COLS ROWS CMD [ARGS...]   start CMD (e.g. "$EADR" --db "$DB")
#   tui_text "literal text"             type text (UTF-8 as it is)
#   tui_keys KEY...                     named keys: Enter Up C-e M-b BSpace...
#   tui_screen [-e]                     the screen as text (-e: with attributes)
#   wait_for "text" [SECONDS]           until the screen shows text (default 10)
#   wait_gone "text" [SECONDS]          until it no longer does
#   wait_exit [SECONDS]                 until the program has ended
#   tui_ended                           0 if the program has ended
#   tui_gone PID                        0 if no process PID runs (zombies count)
#   tui_status                          its exit status if tmux has reaped it
#                                       (tmux 3.3a may not: best effort)
#   tui_resize COLS ROWS                resize the window (the program sees SIGWINCH)
#   tui_size                            "COLS ROWS" of the window
#   tui_cursor                          "X Y" of the terminal cursor (from 0)
#   tui_pid                             pid of the program
#   tui_kill SIGNAL                     kill -SIGNAL the program (9, HUP, TERM)
#   tui_restored                        0 if the terminal was left as found
#                                       (normal screen, keypad modes off)
#
# Failing waits print the last screen as TAP diagnostics ("# ...") and set
# TUI_DERAILED=1: from then on each wait looks at the screen once instead
# of waiting its time out, so a case that went wrong early fails quickly
# instead of timing out at every step.  e2e.sh's case_begin sets it to 0.

TUI_N=0
TUI_SOCK="$T/tmux.0.sock"
TUI_TIMEOUT=${TUI_TIMEOUT:-10}
TUI_DERAILED=0
TUI_SESSION=eadr

command -v tmux >/dev/null 2>&1 || skip_all "tmux is not installed"

_tm() {
	tmux -S "$TUI_SOCK" "$@"
}

tui_teardown() {	# every server this test started, not only the last
	for _s in "$T"/tmux.*.sock; do
		[ -S "$_s" ] && tmux -S "$_s" kill-server >/dev/null 2>&1
	done
	return 0
}
trap 'tui_teardown; rm -rf "$T"' EXIT

tui_start() {	# COLS ROWS CMD [ARGS...]
	_cols=$1
	_rows=$2
	shift 2
	# a new socket each time: a server being killed may still hold the
	# old one, and a client reaching it fails ("server exited unexpectedly")
	TUI_N=$((TUI_N + 1))
	TUI_SOCK="$T/tmux.$TUI_N.sock"
	# status off: the program gets every row; remain-on-exit: the pane
	# (and its exit status and final screen) stays after the program ends.
	# (window-size manual here crashes tmux 3.3a; resize-window sets it.)
	cat >"$T/tmux.conf" <<-'EOF'
		set -g status off
		set -g remain-on-exit on
		set -g default-terminal xterm-256color
		set -g history-limit 0
		set -g escape-time 0
	EOF
	LANG=C.UTF-8 LC_ALL=C.UTF-8 tmux -u -S "$TUI_SOCK" -f "$T/tmux.conf" \
		new-session -d -s "$TUI_SESSION" -x "$_cols" -y "$_rows" -- \
		env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 "$@"
}

tui_text() {
	_tm send-keys -t "$TUI_SESSION" -l -- "$1"
}

tui_keys() {
	_tm send-keys -t "$TUI_SESSION" "$@"
}

tui_screen() {	# [-e]
	_tm capture-pane -p ${1:+"$1"} -t "$TUI_SESSION"
}

_tui_fmt() {
	_tm display-message -p -t "$TUI_SESSION" "$1"
}

tui_pid() { _tui_fmt '#{pane_pid}'; }
tui_cursor() { _tui_fmt '#{cursor_x} #{cursor_y}'; }
tui_size() { _tui_fmt '#{window_width} #{window_height}'; }
tui_status() { _tui_fmt '#{pane_dead_status}'; }

tui_resize() {	# COLS ROWS
	_tm resize-window -t "$TUI_SESSION" -x "$1" -y "$2"
}

tui_kill() {	# SIGNAL
	kill -"$1" "$(tui_pid)"
}

tui_restored() {
	# (not cursor_flag: tmux 3.3a reports the cursor hidden after a
	# resize in the alternate screen even when nothing hid it)
	_modes=$(_tui_fmt 'alternate_on=#{alternate_on} keypad_cursor_flag=#{keypad_cursor_flag} keypad_flag=#{keypad_flag}')
	[ "$_modes" = "alternate_on=0 keypad_cursor_flag=0 keypad_flag=0" ] && return 0
	printf '# terminal modes left: %s\n' "$_modes"
	return 1
}

# Print the screen as TAP diagnostics, framed so blank rows show.
tui_diag() {	# why
	[ "$TUI_DERAILED" -eq 1 ] && printf '# (an earlier wait failed: looked once)\n'
	TUI_DERAILED=1
	printf '# %s; the screen was:\n' "$1"
	printf '%s\n' "${_scr:-$(tui_screen 2>&1)}" | sed 's/^/#   |/'
}

# Poll until "$2" (a shell test on the screen in $_scr) holds, every 50 ms.
_tui_poll() {	# SECONDS TEST
	_left=$(( ${1:-$TUI_TIMEOUT} * 20 ))
	[ "$TUI_DERAILED" -eq 1 ] && _left=1
	while :; do
		_scr=$(tui_screen 2>/dev/null) || {
			_tm has-session 2>/dev/null || { _scr="(no tmux server)"; return 1; }
		}
		eval "$2" && return 0
		_left=$((_left - 1))
		[ "$_left" -le 0 ] && return 1
		sleep 0.05
	done
}

wait_for() {	# "text" [SECONDS]
	_want=$1
	_tui_poll "${2:-}" 'case $_scr in *"$_want"*) true ;; *) false ;; esac' && return 0
	tui_diag "timed out waiting for \"$_want\""
	return 1
}

wait_gone() {	# "text" [SECONDS]
	_want=$1
	_tui_poll "${2:-}" 'case $_scr in *"$_want"*) false ;; *) true ;; esac' && return 0
	tui_diag "timed out waiting for \"$_want\" to go"
	return 1
}

# Gone: no such process, or only a zombie (tmux 3.3a leaves a program
# killed by a signal unreaped for a while; it has ended all the same).
tui_gone() {	# PID
	[ -r "/proc/$1/stat" ] || return 0
	[ "$(sed 's/^.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null)" = Z ]
}

# Ended: the pane is dead and its program is gone.
tui_ended() {
	[ "$(_tui_fmt '#{pane_dead}')" = 1 ] && tui_gone "$(tui_pid)"
}

wait_exit() {	# [SECONDS]
	_tui_poll "${1:-}" 'tui_ended' && return 0
	tui_diag "timed out waiting for the program to end"
	return 1
}
