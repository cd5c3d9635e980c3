#!/bin/sh
# export_pieces.sh - a draft's long answer left in pieces by a program that
# was typing it (issue 17, found in review): a manager's eadr types a PDP
# need of 6 KiB and a private wellbeing answer, and stops as by kill -9
# (tests/e2e/pieces_fixture), so the pieces are not joined back into their
# rows; another eadr, signed in as the holder, exports the TNA with drafts:
# the need is there whole, with the last words typed, and nothing of the
# wellbeing answer is.
. "$EADR_SRCDIR/tests/e2e/e2e.sh"
need_sqlite3

cd "$T" || exit 1
fix="$EADR_BUILDDIR/tests/e2e/pieces_fixture"
A="Ffion Llywelyn"
MARK=LAST-WORDS-TYPED-e2e
e() { "$EADR" --db "$T/lap.db" --forms "$FORMS" "$@"; }
printf 'correct horse battery staple\n' > a.pass
printf 'staff_number,name\n100,Alex Kowalski\n' > s.csv
e staff import s.csv >/dev/null 2>&1 && e --passphrase-file a.pass profile add "$A" >/dev/null 2>&1
ok $? "a laptop with a manager's profile"
awk 'BEGIN { while (length(t) < 6000) t = t "Zoë leads the 🚑 crew at major incidents. "; printf "%s", t }' > need.txt

case_begin "export tna --all of a draft whose long answer is in pieces" "$T/lap.db"
"$fix" "$DB" "$FORMS/eadr.yaml" "$A" a.pass 100 need.txt "$MARK"
ok $? "the manager's eadr typed the long answers and stopped without closing"
pieces=$(sql "SELECT count(*) FROM answer_pieces")
ok "$([ "$pieces" -gt 10 ] && echo 0 || echo 1)" "the answers are in pieces ($pieces), not joined"
out=$("$EADR" --db "$DB" --forms "$FORMS" --user "$A" --passphrase-file a.pass export tna --all 2>"$T/err"; echo "exit=$?")
like "$out" "*Alex Kowalski*Zoë leads the 🚑 crew at major incidents.*$MARK*exit=0" \
	"the draft's need is exported with the last words typed"
is "$(printf '%s' "$out" | grep -o 'Zoë leads the' | wc -l | tr -d ' ')" \
	"$(grep -o 'Zoë leads the' need.txt | wc -l | tr -d ' ')" "and whole"
case $out in *PRIVATE-*) bad=1 ;; *) bad=0 ;; esac
ok "$bad" "nothing of the private wellbeing answer is exported"
finish
