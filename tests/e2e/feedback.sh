#!/bin/sh
# feedback.sh - "eadr feedback": a request prints codes and writes the slips
# (text and HTML); a rater's typo is caught at once and the right code then
# accepted; stopping with q saves a draft the same code resumes; a
# submission leaves nothing readable in the database; status counts it; a
# laptop that trusts no hub takes no feedback; the request and the sealed
# responses of two laptops ride in their bundles to the hub, which takes
# them (in either order, imported twice: the same), refuses a forged code
# without refusing the bundle, and the report is built from them.
. "$EADR_SRCDIR/tests/lib.sh"

EADR_FORMS="$EADR_SRCDIR/forms"; export EADR_FORMS
cd "$T" || exit 1
"$EADR" --db hub.db hub init -o hub.key >/dev/null 2>&1
"$EADR" --db a.db sync trust hub.key >/dev/null 2>&1
printf 'staff_number,name\n100,Alex Kowalski\n' > s.csv
"$EADR" --db a.db staff import s.csv >/dev/null

out=$("$EADR" --db a.db feedback request 100 --peers 5 --close 2099-01-01 2>&1; echo "exit=$?")
like "$out" "*peers*exit=0" "request: codes printed, exit 0"
code=$(printf '%s\n' "$out" | awk '$1 == "peers" { print $2; exit }')
code2=$(printf '%s\n' "$out" | awk '$1 == "peers" { if (++n == 2) print $2 }')
code3=$(printf '%s\n' "$out" | awk '$1 == "peers" { if (++n == 3) print $2 }')
request=$(printf '%s\n' "$out" | awk '/^Feedback request/ { print $3; exit }')
like "$code" "P????-?????-?????" "a peer's code looks like P7KM3-XQ9TR-2WHHC"
ok $(ls feedback-100-*.txt feedback-100-*.html >/dev/null 2>&1; echo $?) "slips written as text and HTML"
like "$(cat feedback-100-*.txt)" "*Your code: $code*" "the text slip holds the code"
like "$(cat feedback-100-*.html)" "*<p class=\"code\">$code</p>*" "the HTML slip holds the code"
# Each slip's last words fit whom it is for: the person's own slip does
# not say "nobody can read them, including" them; a peer's does.
slip() { awk -v g="$1" '/^---- /{on=0} /^You are asked as: /{on=(index($0, ": " g ".") > 0)} on' feedback-100-*.txt | tr '\n' ' '; }
case "$(slip self)" in
*"including Alex"*) ok 1 "the self slip does not say 'including Alex Kowalski'" ;;
*"your manager included"*) ok 0 "the self slip says the manager cannot read it, not the person" ;;
*) ok 1 "the self slip says who cannot read it" ;;
esac
like "$(slip peers)" "*nobody on the laptop can read them, including Alex Kowalski.*at least 3 answered*" \
	"a peer's slip names the person among those who cannot read the answers"
like "$(slip "line manager")" "*including Alex Kowalski.*on their own, as the line manager's*" \
	"the line manager's slip says the report shows it on its own, not pooled"
html_self=$(cat feedback-100-*.html | tr '\n' ' ' | sed 's/<div class="slip">/\n/g' | grep '<b>self</b>')
like "$html_self" "*your manager included*" "the HTML self slip is worded for the person too"
ok $(grep -c "$code" a.db >/dev/null 2>&1; [ $? -eq 1 ]; echo $?) "the database keeps no code"

# A swapped pair is caught at once; the right code is then taken; q saves.
swapped=$(mistype "$code")
out=$(printf '%s\n%s\n3\nq\n' "$swapped" "$code" | "$EADR" --db a.db feedback 2>&1; echo "exit=$?")
like "$out" "*does not check out*You are giving feedback as: peers.*Saved, encrypted*exit=0" \
	"a typo caught at once, the code then accepted, q saves"
out=$(printf '%s\n\n' "$code" | "$EADR" --db a.db feedback 2>&1)
like "$out" "*Your saved answers are back.*(now: strong; Enter keeps it)*" "the same code resumes the draft"

marker=E2E-FEEDBACK-MARKER
{ echo "$code"; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do echo 2; done
  echo "$marker one"; echo "$marker two"; echo "$marker three"; echo y; } |
	"$EADR" --db a.db feedback > give.out 2>&1
like "$(cat give.out)" "*sealed for the trust's hub*" "submitted and sealed"
found=0
for f in a.db a.db-wal a.db-shm; do
	[ -f "$f" ] && grep -q "$marker" "$f" && found=1
done
is "$found" 0 "the answers are nowhere in the database files"
like "$("$EADR" --db a.db feedback status 100)" "*peers*invited  5, answered on this laptop 1*" \
	"status counts the answer given here"

"$EADR" --db b.db staff list >/dev/null 2>&1
out=$(printf '%s\n' "$code" | "$EADR" --db b.db feedback 2>&1; echo "exit=$?")
like "$out" "*trusts no hub key*exit=1" "a laptop trusting no hub takes no feedback"

out=$("$EADR" --db a.db feedback request 100 --peers 60 --close 2099-01-01 2>&1; echo "exit=$?")
like "$out" "*not a number of invitations*exit=2" "too many invitations: usage error"
# ---- the bundles: laptop a (the request, one response), laptop c (two
# responses, one on a forged code) ----
"$EADR" --db c.db sync trust hub.key >/dev/null 2>&1
give() { # DB CODE TEXT
	{ echo "$2"; for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do echo 3; done
	  echo "$3 one"; echo "$3 two"; echo "$3 three"; echo y; } |
		"$EADR" --db "$1" feedback >/dev/null 2>&1
}
give c.db "$code2" "$marker c"
give c.db "$code3" "$marker c3"
# A forged code: well formed, of a request the hub never receives.
"$EADR" --db x.db staff import s.csv >/dev/null 2>&1
forged=$("$EADR" --db x.db feedback request 100 --peers 1 --close 2099-01-01 2>/dev/null |
	awk '$1 == "peers" { print $2; exit }')
give c.db "$forged" "$marker forged"
mkdir stick
like "$("$EADR" --db c.db sync push stick 2>&1)" "*0 requests, 3 sealed responses*" \
	"push: c's sealed responses travel"
like "$("$EADR" --db a.db sync push stick 2>&1)" "*1 request, 1 sealed response*" \
	"push: a's request and its response travel"
found=0; grep -q "$marker" stick/* && found=1
is "$found" 0 "the answers are nowhere on the stick"
"$EADR" --db hub.db hub import stick > imp.out 2>&1
sed -n "s/.*then run: eadr hub allow '\([^']*\)'.*/\1/p" imp.out | while read -r fp; do
	"$EADR" --db hub.db hub allow "$fp" 2>&1
done >allow.out
# The two laptops are allowed in the order of their device ids (random):
# c first, its three responses wait for a's request, which takes them with
# a's own; or a first, with its own response, then c's two for it are
# taken and its forged one waits.
case $(cat allow.out) in
*"feedback: 0 requests, 0 responses taken, 0 already here, 0 refused, 3 responses waiting for their request (kept sealed)"*"feedback: 1 request, 3 responses taken, 0 already here, 0 refused"*) r=0 ;;
*"feedback: 1 request, 1 response taken, 0 already here, 0 refused"*"feedback: 0 requests, 2 responses taken, 0 already here, 0 refused, 1 response waiting for its request (kept sealed)"*) r=0 ;;
*) r=1; sed 's/^/# /' allow.out ;;
esac
ok $r "hub allow says what each laptop's waiting 360 records did: taken, or waiting for their request"
is "$(grep -c "^its waiting bundles: 360 feedback:" allow.out)" 2 "one such line for each laptop"
out=$("$EADR" --db hub.db hub import stick 2>&1; echo "exit=$?")
like "$out" "*360 feedback: 0 requests, 0 responses taken, 2 already here, 0 refused*" \
	"imported again, a's records are already there"
like "$out" "*360 feedback: 0 requests, 0 responses taken, 3 already here, 0 refused*exit=0" \
	"imported again, c's three responses are there, the forged one among them"
is "$(sqlite3 hub.db "SELECT count(*) FROM hub_feedback_waiting")" 1 \
	"the forged code's response waits, sealed, for a request that never comes"
out=$("$EADR" --db hub.db hub import stick 2>&1; echo "exit=$?")
like "$out" "*360 feedback progress of 1 request written for its laptop*" \
	"hub import writes the progress for the laptop that asked, beside its acknowledgement"
is "$(sqlite3 hub.db "SELECT count(*) FROM hub_feedback_responses")" 3 \
	"the hub keeps a's and c's three responses, sealed"
out=$("$EADR" --db hub.db hub feedback-report "$request" 2>&1)
like "$out" "*peers (3): Essential 0, Proficient 1, Strong 2*$marker c one*" \
	"the report is built from the three responses that travelled from a and c"
out=$("$EADR" --db a.db sync pull stick 2>&1; echo "exit=$?")
like "$out" "*360 feedback from the hub: 1 taken (0 with the report)*exit=0" \
	"sync pull takes it with the acknowledgements"
like "$("$EADR" --db a.db sync push stick 2>&1)" "nothing to send*" \
	"acknowledged: the feedback travels no more"

# ---- the way back: progress per group, then the report, to laptop a ----
out=$("$EADR" --db hub.db hub feedback-status "$request" 2>&1; echo "exit=$?")
like "$out" "*not released yet*peers           invited  5, responded 3*never shown*exit=0" \
	"hub feedback-status: invited and responded per group"
mkdir back
out=$("$EADR" --db hub.db hub feedback-send "$request" back 2>&1; echo "exit=$?")
like "$out" "back/eadr-360-*.360: request $request, progress (the report is not released yet)*exit=0" \
	"hub feedback-send writes the progress for the laptop"
found=0; grep -q "$request" back/* && found=1
is "$found" 0 "the file on the stick does not show the request"
out=$("$EADR" --db c.db sync pull back 2>&1; echo "exit=$?")
like "$out" "*exit=0" "another laptop leaves it alone"
out=$("$EADR" --db a.db sync pull back 2>&1; echo "exit=$?")
like "$out" "*360 feedback from the hub: *, 0 refused*exit=0" \
	"sync pull takes the progress (or has it already, written the same second)"
like "$("$EADR" --db a.db feedback status 100)" "*peers*answered on this laptop 1, at the hub 3*" \
	"feedback status shows the hub's counts"
out=$("$EADR" --db a.db feedback report 100 2>&1; echo "exit=$?")
like "$out" "*no 360-degree feedback report of 100 has come back*exit=1" "no report yet: said so"
"$EADR" --db hub.db hub feedback-report "$request" --release >/dev/null 2>&1
"$EADR" --db hub.db hub feedback-send "$request" back >/dev/null 2>&1
out=$("$EADR" --db a.db sync pull back 2>&1; echo "exit=$?")
like "$out" "*360 feedback from the hub: 1 taken (1 with the report)*exit=0" "sync pull takes the report"
out=$("$EADR" --db a.db feedback report 100 2>&1; echo "exit=$?")
like "$out" "*360-degree feedback for 100*peers (3)*$marker c one*not a score*exit=0" \
	"feedback report prints it"
sed 's/^made 2/made 3/' back/*.360 > forged.tmp && cat forged.tmp > back/$(ls back | head -1)
out=$("$EADR" --db a.db sync pull back 2>&1; echo "exit=$?")
like "$out" "*bad signature*1 refused*exit=1" "a changed file is refused, status 1"
finish
