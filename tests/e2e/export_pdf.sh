#!/bin/sh
# export_pdf.sh - "eadr export pdp STAFF --format pdf": an A4 PDF whose
# text (pdftotext) holds the whole PDP document of "--format text", the
# trust's name from the settings file, a signature block, and Welsh,
# Polish and Irish names exactly.  SKIPs without pdftotext, or in a build
# without PDF support once its message is checked.
. "${EADR_SRCDIR:-.}/tests/lib.sh"

command -v pdftotext >/dev/null 2>&1 || skip_all "pdftotext is not installed (Debian package poppler-utils)"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is not installed"
# Under AddressSanitizer: fontconfig (under pango) keeps its caches until
# the program ends, which LeakSanitizer reports; those are not eadr's.
printf 'leak:libfontconfig.so\n' >"$T/lsan.supp"
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$T/lsan.supp:print_suppressions=0"
export LSAN_OPTIONS
export EADR_TODAY=2026-11-22
export XDG_CONFIG_HOME="$T/config"
unset EADR_CONFIG
DB="$T/eadr.db"
e() { "$EADR" --db "$DB" --forms "$EADR_SRCDIR/forms" "$@"; }
"$EADR" --db "$DB" demo >"$T/demo.out" 2>&1 || { echo "1..0 # SKIP the demo could not be made"; exit 0; }

# Dafydd (100251) has the demo's final appraisal: give him a name with
# Welsh, Polish and Irish letters, and markup that must stay text.
NAME='Siân Ŵyn Łukasiewicz-Żółć Ó Súilleabháin <b>&amp;'
printf 'staff_number,name,role,band,station,email,due\n100251,"%s",Senior Paramedic,7,Northgate,d@example.org,2026-12-04\n' \
	"$NAME" >"$T/staff.csv"
e staff import "$T/staff.csv" >/dev/null

if ! e export pdp 100251 --format pdf -o "$T/plan.pdf" 2>"$T/err"; then
	case $(cat "$T/err") in
	*"has no PDF support"*"libcairo2-dev"*"--format html"*)
		skip_all "this build has no PDF support (configure found no cairo and pango)" ;;
	*)
		echo "not ok 1 - export pdp --format pdf"; sed 's/^/#   /' "$T/err"
		echo "1..1"; exit 1 ;;
	esac
fi
ok 0 "export pdp --format pdf -o FILE (no settings file)"
is "$(head -c 5 "$T/plan.pdf")" "%PDF-" "it is a PDF"
is "$(stat -c %a "$T/plan.pdf")" 600 "with mode 0600"

mkdir -p "$XDG_CONFIG_HOME/eadr"
TRUST="Ymddiriedolaeth GIG Gwasanaethau Ambiwlans Cymru & Pogotowie Ratunkowe Łódź"
printf '# eadr settings\n\ntrust = %s  \n' "$TRUST" >"$XDG_CONFIG_HOME/eadr/config"
e export pdp 100251 --format pdf -o "$T/plan.pdf" 2>"$T/err"
ok $? "export pdp --format pdf with the trust's name in the settings file"
if command -v pdfinfo >/dev/null 2>&1; then
	like "$(pdfinfo "$T/plan.pdf")" "*Page size:*595.2*x 841.8*pts (A4)*" "A4 pages"
fi
pdftotext -raw "$T/plan.pdf" "$T/plan.txt"
ok $? "pdftotext reads it"
txt=$(tr -s '\n ' '  ' <"$T/plan.txt")	# wrapped lines joined
like "$txt" "Page 1 $TRUST Personal development plan*" "the trust's name heads the first page, accents and all"
like "$txt" "*Personal development plan: $NAME About this plan*" "the title: Welsh, Polish and Irish letters, markup as text"
like "$txt" "*Name $NAME Role Senior Paramedic*" "the name in the details"
like "$txt" "*Next review 2026-*" "the next review date"
like "$txt" "*Agreed objectives*Complete the practice educator course*" "the agreed objectives"
like "$txt" "*Development plan*Practice educator qualification*" "the development plan"
like "$txt" "*A fair and supportive conversation. Thank you.*" "the staff member's own comments"
like "$txt" "*Signatures*Staff member*Signature*Date*Appraiser*Signature*Date*" "a signature block"

# The whole document: every line of --format text is in the PDF's text.
e export pdp 100251 --format text >"$T/plan.text"
python3 - "$T/plan.text" "$T/plan.txt" >"$T/cmp.out" <<'PY'
import re, sys
norm = lambda s: re.sub(r'\s+', ' ', s).strip()
pdf = norm(open(sys.argv[2], encoding='utf-8').read())
missing = 0
for line in open(sys.argv[1], encoding='utf-8'):
    line = line.rstrip('\n')
    if not line.strip() or set(line.strip()) <= set('=-'):
        continue
    # "Label: value" is drawn as a label and a value: any ": " may be it.
    parts = line.split(': ')
    wants = [norm(line)] + [norm(': '.join(parts[:i]) + ' ' + ': '.join(parts[i:]))
                            for i in range(1, len(parts))]
    if not any(w in pdf for w in wants):
        missing += 1
        print('missing: ' + norm(line))
sys.exit(1 if missing else 0)
PY
rc=$?
ok $rc "every line of the text document is in the PDF"
[ $rc -eq 0 ] || sed 's/^/#   /' "$T/cmp.out"

e export pdp 100251 --format pdf --private -o "$T/own.pdf"
ok $? "the staff member's own copy as PDF"
like "$(pdftotext -raw "$T/own.pdf" - | tr -s '\n ' '  ')" "*own copy*Private notes*" "... says so, with the private notes"
is "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'exported' AND detail LIKE '%pdf%'" 2>/dev/null || echo 3)" 3 \
	"the three PDFs are in the audit log"

# ---- bad input -------------------------------------------------------------------
e export pdp 999999 --format pdf -o "$T/none.pdf" 2>"$T/err"
is "$?" 1 "an unknown staff number: exit 1"
like "$(cat "$T/err")" "*no staff member with staff number 999999*" "... with a clear message"
[ ! -e "$T/none.pdf" ]
ok $? "... and no file"
printf 'trust = Fine\nthis line is wrong\n' >"$XDG_CONFIG_HOME/eadr/config"
e export pdp 100251 --format pdf -o "$T/none.pdf" 2>"$T/err"
is "$?" 1 "a broken settings file: exit 1"
like "$(cat "$T/err")" "*$XDG_CONFIG_HOME/eadr/config:2: expected 'key = value'*" "... says which line"
[ ! -e "$T/none.pdf" ]
ok $? "... and no file"
finish
