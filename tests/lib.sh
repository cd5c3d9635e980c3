# lib.sh - a tiny TAP producer for eadr's shell tests (source it).
#
#   plan N | (no plan: finish prints it)    ok COND_EXIT_STATUS "name"
#   is "$got" "$want" "name"                like "$got" "glob" "name"
#   skip_all "reason"                       finish
#
# Each test gets its own scratch folder in $T, removed on exit.

set -u
_tap_n=0
_tap_failed=0
T=$(mktemp -d "${TMPDIR:-/tmp}/eadr-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
: "${EADR:?EADR (the eadr binary) is not set; run through make check}"

_report() {	# status name [diagnostics]
	_tap_n=$((_tap_n + 1))
	if [ "$1" -eq 0 ]; then
		printf 'ok %d - %s\n' "$_tap_n" "$2"
	else
		_tap_failed=$((_tap_failed + 1))
		printf 'not ok %d - %s\n' "$_tap_n" "$2"
		[ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/#   /'
	fi
	return 0
}

ok() {		# ok STATUS "name"  (pass $? of a command)
	_report "$1" "$2"
}

is() {		# is GOT WANT "name"
	if [ "$1" = "$2" ]; then
		_report 0 "$3"
	else
		_report 1 "$3" "$(printf 'got:  %s\nwant: %s' "$1" "$2")"
	fi
}

like() {	# like GOT GLOB "name"   (shell pattern, e.g. "*overdue*")
	case "$1" in
	$2) _report 0 "$3" ;;
	*) _report 1 "$3" "$(printf 'got:  %s\nwant: %s' "$1" "$2")" ;;
	esac
}

# A code as mistyped: from its third character on, the first two
# neighbouring characters that differ (dashes aside) swapped, so the result
# is never the code itself (swapping a fixed pair gave the same code when
# its two characters were equal).
mistype() {	# CODE
	printf '%s' "$1" | awk '{
		n = length($0)
		for (i = 3; i < n; i++) {
			a = substr($0, i, 1); b = substr($0, i + 1, 1)
			if (a != "-" && b != "-" && a != b) {
				print substr($0, 1, i - 1) b a substr($0, i + 2); exit
			}
		}
		print $0 "X" }'
}

skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

need_sqlite3() {	# skip the whole script without the sqlite3 shell
	command -v sqlite3 >/dev/null 2>&1 || skip_all "the sqlite3 shell is not installed"
}

finish() {
	echo "1..$_tap_n"
	[ "$_tap_failed" -eq 0 ]
}
