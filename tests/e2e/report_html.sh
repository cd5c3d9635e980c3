#!/bin/sh
# report_html.sh - "eadr report --format html", the board's report, in a
# real browser: chromium renders it headless to a PNG (not blank) and to
# a PDF whose text (pdftotext) holds the same figures as "report
# completion --format csv", "export tna" and "report quality"; hostile
# names stay text; the page fetches nothing.  SKIPs without chromium.
. "${EADR_SRCDIR:-.}/tests/lib.sh"

FORM="$EADR_SRCDIR/forms/eadr.yaml"
MAKEDB="$EADR_BUILDDIR/tests/unit/test_export"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || skip_all "chromium is not installed (Debian package chromium)"
command -v pdftotext >/dev/null 2>&1 || skip_all "pdftotext is not installed (Debian package poppler-utils)"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is not installed"
command -v sqlite3 >/dev/null 2>&1 || skip_all "the sqlite3 shell is not installed"
[ -x "$MAKEDB" ] || skip_all "tests/unit/test_export is not built"

# The period of a report made on 2026-05-01: June 2025 to that day.
export EADR_TODAY=2026-05-01
FROM=2025-06-01
TO=2026-05-01
DB="$T/eadr.db"
"$MAKEDB" --make-db "$DB" "$FORM" >"$T/mk.out" 2>&1
ok $? "fixture database built through the store API"
e() { "$EADR" --db "$DB" --forms "$EADR_SRCDIR/forms" "$@"; }

# Hostile names: markup, quotes and ampersands in the name of an appraised
# staff member (so it is in the dip sample) and in a new station.
printf '%s\n' 'staff_number,name,role,band,station,email,due' \
	'200128,"<script>alert(1)</script> O'"'"'Brien ""Q"" & Co",Paramedic,6,Riverside,q@example.org,2026-04-01' \
	'300001,Rhys Pritchard,Paramedic,6,"Quay & <Dock> ""7""",r@example.org,2026-04-01' \
	>"$T/hostile.csv"
e staff import "$T/hostile.csv" >/dev/null
ok $? "a hostile name and a hostile station"
# Last year's goals reviewed this year: the fixture records one achieved
# on each final appraisal; Zoë's reviews two more, one with no outcome.
sqlite3 "$DB" "INSERT INTO answers (appraisal_id, path, value, uuid, device_id, updated_at)
	SELECT a.id, p, v, 'u-' || p, 'test', '2026-03-10T00:00:00Z' FROM appraisals a,
	(SELECT 'pdp.followup[1].goal' AS p, 'Other goal' AS v UNION ALL
	 SELECT 'pdp.followup[1].outcome', 'in progress' UNION ALL
	 SELECT 'pdp.followup[2].goal', 'Unreviewed goal')
	WHERE a.staff_number = '100234' AND a.state = 'final'"
ok $? "last year's outcomes recorded"

R="$T/report.html"
e report --format html --trust 'Trust & <Co>' -o "$R" 2>"$T/err"
ok $? "report --format html -o FILE"
is "$(stat -c %a "$R")" 600 "the report has mode 0600"
is "$(grep -c '<script' "$R")" 0 "no script element, not even from a hostile name"
like "$(cat "$R")" "*&lt;script&gt;alert(1)&lt;/script&gt; O&#39;Brien &quot;Q&quot; &amp; Co*" \
	"the hostile name is escaped"
like "$(cat "$R")" "*Trust &amp; &lt;Co&gt;*" "the trust's name is escaped"
is "$(grep -c -i -E 'src=|href=|url\(|@import|<link|<iframe|<object' "$R")" 0 \
	"nothing is fetched: no src, href, url() or @import"
is "$(grep -c '<svg role="img" aria-labelledby=' "$R")" 7 "seven charts, each an image with a text alternative"
is "$(grep -c '<desc id=' "$R")" 7 "each chart describes its figures"
is "$(grep -c '<table' "$R")" 8 "eight tables: every chart's figures, the heat table, the sample"
like "$(cat "$R")" "*@page{size:A4*" "A4 pages in print"

# ---- in the browser ------------------------------------------------------------
# With no network, a profile of its own, and a time limit: a script that
# got through (an alert() from a hostile name) would block it for ever.
chrome() {
	timeout -k 5 "${CHROMIUM_TIMEOUT:-90}" "$CHROMIUM" --headless --no-sandbox \
		--disable-gpu --disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --disable-breakpad \
		--disable-crash-reporter --disable-dev-shm-usage \
		--user-data-dir="$T/profile" "$@" >>"$T/chromium.log" 2>&1
}
chrome --screenshot="$T/report.png" --window-size=900,1400 "file://$R"
ok $? "chromium renders the page to a PNG"
is "$(python3 - "$T/report.png" <<'PY'
import sys, zlib, struct
# Count the colours of a PNG without any library: decode the IDAT stream.
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n'
pos, idat, w, h, ct = 8, b'', 0, 0, 0
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b'IHDR':
        w, h, depth, ct = struct.unpack('>IIBB', body[:10])
    elif kind == b'IDAT':
        idat += body
    pos += 12 + n
bpp = {2: 3, 6: 4}[ct]
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
colours = set()
i = 0
for y in range(h):
    f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = line
    if y % 4 == 0:
        for x in range(0, stride, bpp * 4):
            colours.add(bytes(line[x:x + 3]))
print('many' if len(colours) > 20 else 'few: %d' % len(colours))
PY
)" many "the PNG is not blank (many colours)"

chrome --print-to-pdf="$T/report.pdf" --no-pdf-header-footer "file://$R"
ok $? "chromium prints the page to a PDF"
pdftotext -layout "$T/report.pdf" "$T/report.txt"
ok $? "pdftotext reads the PDF"
pages=$(pdfinfo "$T/report.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
[ "${pages:-0}" -ge 3 ]
ok $? "the printout has a page per part (got ${pages:-?} pages)"

e report completion --format csv >"$T/completion.csv"
e export tna --from "$FROM" --to "$TO" >"$T/tna.csv"
e report quality --from "$FROM" --to "$TO" --format csv >"$T/quality.csv"
python3 - "$T/report.txt" "$T/completion.csv" "$T/tna.csv" "$T/quality.csv" >"$T/cmp.out" 2>&1 <<'PY'
import csv, re, sys
text = open(sys.argv[1], encoding='utf-8').read()
lines = [re.sub(r'\s+', ' ', l).strip() for l in text.splitlines()]
def has(want, what):
    ok = want in lines
    print(('ok   ' if ok else 'FAIL ') + what + ': ' + want)
    return ok
good = True
# Completion: every station's row, in the CSV's columns.
rows = list(csv.reader(open(sys.argv[2], encoding='utf-8', newline='')))
for r in rows[1:]:
    name = r[0] or 'All stations'
    good &= has(' '.join([name] + r[1:7] + [r[7] + '%']), 'completion')
# TNA: goals by station and category, in the report's order.
tna = list(csv.DictReader(open(sys.argv[3], encoding='utf-8', newline='')))
cats = sorted({g['tna_category'] for g in tna}, key=lambda c: (c in ('Other', ''), c))
stations = [r[0] for r in rows[1:] if r[0]]
for s in stations:
    counts = [sum(1 for g in tna if g['station'] == s and g['tna_category'] == c) for c in cats]
    good &= has(' '.join([s] + [str(n) for n in counts] + [str(sum(counts))]), 'TNA heat row')
good &= has(' '.join(['Total'] + [str(sum(1 for g in tna if g['tna_category'] == c)) for c in cats]
                     + [str(len(tna))]), 'TNA heat totals')
for code, label in (('experience', 'Experience (70): on the job'),
                    ('others', 'Others (20): from other people'),
                    ('formal', 'Formal (10): courses and education')):
    n = sum(1 for g in tna if g['type_70_20_10'] == code)
    good &= has('%s %d %.1f%%' % (label, n, 100.0 * n / len(tna)), '70:20:10')
for code in ('high', 'medium', 'low'):
    n = sum(1 for g in tna if g['priority'] == code)
    good &= has('%s %d %.1f%%' % (code.capitalize(), n, 100.0 * n / len(tna)), 'priority')
# Quality: each indicator's count over the period's final appraisals.
q = list(csv.DictReader(open(sys.argv[4], encoding='utf-8', newline='')))
titles = {'areas_discussed': 'All four areas discussed',
          'wellbeing_offered': 'Wellbeing conversation offered',
          'objectives_measured': 'Objectives have a measure and a date',
          'pdp_goal': 'At least one PDP goal',
          'appraisee_comments': 'Appraisee comments present',
          'signed_by_both': 'Signed by both'}
for key, title in titles.items():
    n = sum(1 for r in q if r[key] == 'yes')
    good &= any(l.startswith('%s %d %.1f%%' % (title, n, 100.0 * n / len(q))) for l in lines) \
        or has('%s %d %.1f%%' % (title, n, 100.0 * n / len(q)), 'quality')
sys.exit(0 if good else 1)
PY
rc=$?
ok $rc "the printout's figures equal report completion, export tna and report quality"
[ $rc -eq 0 ] || grep FAIL "$T/cmp.out" | sed 's/^/#   /'

txt=$(cat "$T/report.txt")
like "$txt" "*<script>alert(1)</script> O'Brien \"Q\" & Co*" "the hostile name prints as text"
like "$txt" "*Quay & <Dock> \"7\"*" "the hostile station prints as text"
sq=$(tr -s ' ' <"$T/report.txt")
like "$sq" "*4 of last year's goals were reviewed*" "last year's goals: 4 reviewed"
like "$sq" "*Achieved 2 50.0%*" "last year's goals: 2 achieved"
like "$sq" "*In progress 1 25.0%*" "last year's goals: 1 in progress"
like "$sq" "*No outcome recorded 1 25.0%*" "last year's goals: 1 with no outcome"
like "$sq" "*Final 0 0 0 1 0 0 0 0 0 1 0 0 2*" \
	"the trend: one final appraisal in Sep 2025 and one in Mar 2026"
like "$txt" "*360-degree feedback*" "the note says what is not there yet"

# ---- bad input -----------------------------------------------------------------
"$EADR" --db "$T/empty.db" report --format html -o "$T/none.html" 2>"$T/err"
is "$?" 1 "an empty database: exit 1"
like "$(cat "$T/err")" "*holds no staff yet*" "... with a clear message"
[ ! -e "$T/none.html" ]
ok $? "... and no file"
e report completion --format html >/dev/null 2>"$T/err"
is "$?" 2 "report completion --format html is a usage error"
e report --format html --station Nowhere -o "$T/none.html" 2>"$T/err"
like "$(cat "$T/err")" "*no staff at station 'Nowhere'*" "an unknown station"
e report --format html --station riverside -o "$T/one.html"
ok $? "one station's report"
like "$(cat "$T/one.html")" "*<h1>Appraisal and development report</h1>*Riverside.*" \
	"... names the station"
finish
