#!/bin/sh
# check_form.sh - "eadr check-form": every bad form in tests/forms/bad gives
# exactly the lines in its .expected file and exit 1; every good form (and
# the shipped forms) passes with exit 0; usage errors exit 2.
. "$EADR_SRCDIR/tests/lib.sh"

forms="$EADR_SRCDIR/tests/forms"

# Each bad form, run from its own folder so that the file name in the
# messages is just NAME.yaml, as in the .expected file.
for f in "$forms"/bad/*.yaml; do
	name=$(basename "$f" .yaml)
	got=$(cd "$forms/bad" && "$EADR" check-form "$name.yaml" 2>&1; echo "exit=$?")
	want=$(cat "$forms/bad/$name.expected"; echo "exit=1")
	is "$got" "$want" "bad form $name: exact messages, exit 1"
done

for f in "$forms"/good/*.yaml "$EADR_SRCDIR"/forms/*.yaml; do
	[ -f "$f" ] || continue
	got=$("$EADR" check-form -q "$f" 2>&1; echo "exit=$?")
	is "$got" "exit=0" "good form $(basename "$f") passes"
done

# Several files in one run: every problem of every file, exit 1 if any is bad.
got=$(cd "$forms" && "$EADR" check-form good/minimal.yaml bad/empty.yaml bad/nul_byte.yaml 2>&1; echo "exit=$?")
want="good/minimal.yaml: ok: form minimal version 1, 1 sections
bad/empty.yaml:1:1: error: the file is empty; a form starts with 'form: ID' (see schema/forms.md)
bad/nul_byte.yaml:4:10: error: the file holds a NUL byte; it is not a text file
exit=1"
is "$got" "$want" "several files: each reported, exit 1"

got=$("$EADR" check-form "$T/missing.yaml" 2>&1; echo "exit=$?")
is "$got" "$T/missing.yaml: error: No such file or directory
exit=1" "a missing file is an error"

got=$("$EADR" check-form "$T" 2>&1; echo "exit=$?")
is "$got" "$T: error: is a folder, not a file
exit=1" "a folder is an error"

# A classic "billion laughs" (nine levels of nine aliases): refused at once,
# not expanded.  Expanding it would take gigabytes and minutes.
{
	echo 'form: t'
	echo 'version: 1'
	echo 'title: &l0 "lol"'
	prev=l0
	for i in 1 2 3 4 5 6 7 8 9; do
		printf 'x%d: &l%d [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n' \
			"$i" "$i" $prev $prev $prev $prev $prev $prev $prev $prev $prev
		prev=l$i
	done
	echo 'sections: [*l9]'
} > "$T/lol.yaml"
start=$(date +%s)
out=$("$EADR" check-form "$T/lol.yaml" 2>&1)
rc=$?
elapsed=$(( $(date +%s) - start ))
is "$rc" 1 "billion laughs: refused"
like "$out" "*aliases (\*l0) are not allowed*" "billion laughs: the aliases are named"
like "$out" "*too many problems*" "billion laughs: the problem list is capped"
ok "$([ "$elapsed" -le 5 ]; echo $?)" "billion laughs: answered in ${elapsed}s (at most 5)"

got=$("$EADR" check-form 2>&1; echo "exit=$?")
is "$got" "eadr: name at least one form file
Try 'eadr check-form --help'.
exit=2" "no file: usage error, exit 2"

got=$("$EADR" check-form --frobnicate x.yaml >/dev/null 2>&1; echo "$?")
is "$got" 2 "unknown option: exit 2"

out=$("$EADR" check-form --help; echo "exit=$?")
like "$out" "Usage: eadr check-form*exit=0" "--help: usage on stdout, exit 0"

finish
