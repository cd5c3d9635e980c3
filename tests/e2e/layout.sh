#!/bin/sh
# layout.sh - each folder's one rule (doc/ARCHITECTURE.md), checked on the
# source tree: lib/ never includes curses and never prints; cli/ never
# includes curses; tui/ never runs SQL; only lib/store*.c reach SQLite; no
# C file is over 800 lines.  Each rule is checked to find what breaks it,
# so a new file that breaks a rule fails here by name.
. "$EADR_SRCDIR/tests/lib.sh"
cd "$EADR_SRCDIR" || exit 1

hits() {	# hits PATTERN FILE... : the lines of the files matching PATTERN
	grep -nE "$1" "$@" /dev/null 2>/dev/null
	return 0
}

is "$(hits '#[[:space:]]*include[[:space:]]*<(n?curses|ncursesw/[a-z]+|term|panel|form|menu)\.h>' lib/*.c lib/*.h)" "" \
	"lib/ includes no curses header"
# The library returns data and errors; the program's edge prints them.
# sbuf.c's out-of-memory abort is the one exception.
is "$(hits '(^|[^a-z_])(printf|puts|putchar|perror)[[:space:]]*\(|(fprintf|fputs|fputc|fwrite|vfprintf)[[:space:]]*\([^;]*(stdout|stderr)' \
	$(ls lib/*.c | grep -v '^lib/sbuf\.c$'))" "" \
	"lib/ never writes to stdout or stderr"
is "$(hits '#[[:space:]]*include[[:space:]]*<(n?curses|ncursesw/[a-z]+|term|panel|form|menu)\.h>|[^a-z_](initscr|endwin|newwin|wrefresh)[[:space:]]*\(' cli/*.c cli/*.h)" "" \
	"cli/ includes no curses header and calls no curses function"
is "$(hits 'sqlite3|store_int\.h|(SELECT|INSERT|UPDATE|DELETE)[[:space:]]+[A-Z*]' tui/*.c tui/*.h)" "" \
	"tui/ runs no SQL and reaches no SQLite handle"
is "$(hits 'sqlite3\.h|store_int\.h|sqlite3_' $(ls lib/*.c lib/*.h cli/*.c cli/*.h | grep -v '^lib/store'))" "" \
	"only lib/store*.c include store_int.h or call SQLite"
is "$(hits 'libpq-fe\.h|[^a-z_]PQ[a-z]+[[:space:]]*\(' $(ls lib/*.c lib/*.h cli/*.c cli/*.h tui/*.c tui/*.h | grep -v '^lib/hubpg'))" "" \
	"only lib/hubpg*.c talk to PostgreSQL"
is "$(hits '#[[:space:]]*include[[:space:]]*"(cli|tui)/' lib/*.c lib/*.h)" "" \
	"lib/ includes nothing from cli/ or tui/"
is "$(hits '#[[:space:]]*include[[:space:]]*"(cli/|main\.h|cli\.h)' tui/*.c tui/*.h)" "" \
	"tui/ includes nothing from cli/"
long=$(wc -l lib/*.c cli/*.c tui/*.c | awk '$2 != "total" && $1 > 800 { print $2 " " $1 }')
is "$long" "" "no C file is over 800 lines"
finish
