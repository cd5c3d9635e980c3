#!/bin/sh
# crypt_save.sh - the cost of encryption at rest (issue 13, schema/security.md):
# instructions per saved keystroke burst with a manager signed in (every save
# encrypted) against an unprotected database, counted by callgrind over the
# saves alone; the ratio is printed (aim: at most 1.2x).  Then the time of a
# sign-in (Argon2id at the profile's limits): best wall and mean CPU time of 5.
#
#   bench/crypt_save.sh [path/to/bench/crypt_save] [SAVES] [BURST]
set -eu
prog=${1:-./bench/crypt_save}
saves=${2:-200}
burst=${3:-10}
command -v valgrind >/dev/null 2>&1 || { echo "crypt_save: valgrind is not installed" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/eadr-crypt.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

per_save() {	# plain|crypt -> instructions per save
	valgrind --tool=callgrind --toggle-collect=saves \
		--callgrind-out-file="$tmp/cg.out" "$prog" "$tmp" "$1" "$saves" "$burst" \
		>"$tmp/run.out" 2>"$tmp/vg.err" || { cat "$tmp/vg.err" >&2; exit 1; }
	ir=$(awk '/^(summary|totals):/ { print $2; exit }' "$tmp/cg.out")
	echo $((ir / saves))
}

plain=$(per_save plain)
crypt=$(per_save crypt)
echo "instructions per saved burst ($saves saves, $burst keys each, answer up to $((saves * burst)) characters), callgrind:"
printf '  %-28s %10s\n' "unprotected" "$plain"
printf '  %-28s %10s   ratio %s (aim: at most 1.2)\n' "signed in, encrypted" "$crypt" \
	"$(awk "BEGIN { printf \"%.3f\", $crypt / $plain }")"
set -- $("$prog" "$tmp" signin 5)
echo "sign-in (Argon2id, opslimit 3, 128 MiB), 5 tries: best $1 s wall, mean $2 s CPU"
