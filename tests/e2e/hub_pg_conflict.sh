#!/bin/sh
# hub_pg_conflict.sh - the PostgreSQL hub's pipelined import (64 appraisals
# a round trip, lib/hubpg_pipe.c) where the rules bite, against a SQLite hub
# given the same bundles:
#  - one appraisal and its staff member edited on two copies of a laptop
#    (the same revision, the same updated_at, other content): every hub
#    keeps the lower content hash, in either order of import, so every hub
#    converges; the TNA export is byte for byte the same from all four;
#  - a bundle of more appraisals than one round trip carries, most of them
#    owned by another device (held), the rest new: the same held count and
#    the same rows as a SQLite hub.
# SKIP (never PASS) without libpq or a server.
. "$EADR_SRCDIR/tests/lib.sh"
export EADR_TODAY=2026-11-22
fix="$EADR_BUILDDIR/tests/e2e/sync_fixture"
form="$EADR_SRCDIR/forms/eadr.yaml"
unset EADR_HUB PGHOST PGPORT PGUSER PGDATABASE PGPASSWORD PGSERVICE

need_sqlite3
. "$EADR_SRCDIR/tests/e2e/pg.sh"
pg_test_server ac ca own
url() { echo "postgresql://eadr@127.0.0.1:$PG_PORT/$1"; }
fp_of() { "$EADR" --db "$1" sync status | sed -n "s/^this laptop's fingerprint: \([0-9a-f ]*\) (device .*/\1/p"; }
# hub TARGET SQL: one value from a SQLite file or a PostgreSQL database
val() {
	case $1 in
	postgresql:*) psql -X -A -t -d "${1##*/}" -c "$2" ;;
	*) sqlite3 "$1" "$2" ;;
	esac
}

# ---- one revision edited on two copies of one laptop ----
A="$T/a.db" C="$T/c.db" s0="$T/s0" sa="$T/sa" sc="$T/sc"
mkdir "$s0" "$sa" "$sc"
"$fix" "$A" final 100 "Zoë Ó Súilleabháin" M1 "Practice educator course" -f "$form" 2>/dev/null &&
	"$fix" "$A" final 101 "Chidi Okonkwo" M1 "Blue light driving" -f "$form" 2>/dev/null &&
	"$EADR" --db "$A" sync push "$s0" >/dev/null 2>&1
ok $? "laptop A: two final appraisals, pushed"
sqlite3 "$A" ".backup '$C'"
for x in A C; do
	[ $x = A ] && db=$A st=$sa || db=$C st=$sc
	"$fix" "$db" reopen 100 "Edited on $x" &&
		sqlite3 "$db" "UPDATE staff SET name = 'Zoë as on $x', updated_at = '2030-01-01T09:00:00Z',
			revision = 7 WHERE staff_number = '100'" &&
		"$EADR" --db "$db" sync push "$st" >/dev/null 2>&1 || break
done
ok $? "the appraisal and its staff member edited on A and on a copy of A (the same revision and time)"
fpa=$(fp_of "$A")
# story TARGET FIRST SECOND: the first bundle, A's device allowed, then the
# two edits in the order given
story() {
	{ "$EADR" --hub "$1" hub import "$s0" && "$EADR" --hub "$1" hub allow "$fpa" &&
		"$EADR" --hub "$1" hub import "$2" && "$EADR" --hub "$1" hub import "$3"; } >/dev/null 2>&1
}
SQ_AC="$T/ac.db" SQ_CA="$T/ca.db" PG_AC=$(url ac) PG_CA=$(url ca)
for h in "$SQ_AC" "$SQ_CA" "$PG_AC" "$PG_CA"; do
	"$EADR" --hub "$h" hub init -o "$T/hub.pub" >/dev/null 2>&1 || break
done
ok $? "four hubs: SQLite and PostgreSQL, each for both orders"
story "$SQ_AC" "$sa" "$sc"; ok $? "SQLite: A's edit, then C's"
story "$SQ_CA" "$sc" "$sa"; ok $? "SQLite: C's edit, then A's"
# On PostgreSQL, each content hash as the hub saw it first
story "$PG_AC" "$sa" "$s0" &&
	ha=$(val "$PG_AC" "SELECT content_hash FROM hub_staff WHERE staff_number = '100'") &&
	"$EADR" --hub "$PG_AC" hub import "$sc" >/dev/null 2>&1
ok $? "PostgreSQL: A's edit, then C's"
story "$PG_CA" "$sc" "$s0" &&
	hc=$(val "$PG_CA" "SELECT content_hash FROM hub_staff WHERE staff_number = '100'") &&
	"$EADR" --hub "$PG_CA" hub import "$sa" >/dev/null 2>&1
ok $? "PostgreSQL: C's edit, then A's"
like "$ha:$hc" "[0-9a-f]*[0-9a-f]:[0-9a-f]*[0-9a-f]" "the two staff records' hashes"
[ "$ha" != "$hc" ]; ok $? "(they differ)"
if [ "$ha" \< "$hc" ]; then low=A lowh=$ha; else low=C lowh=$hc; fi
CUR="SELECT h.content_hash FROM hub_current h JOIN appraisals a ON a.uuid = h.appraisal_uuid
	WHERE a.staff_number = '100'"
MIN="SELECT min(content_hash) FROM hub_revisions WHERE revision = 2 AND staff_number = '100'"
NREV="SELECT count(*) FROM hub_revisions WHERE revision = 2 AND staff_number = '100'"
for h in "$SQ_AC" "$SQ_CA" "$PG_AC" "$PG_CA"; do
	w=$(case $h in postgresql:*) echo "PostgreSQL (${h##*/})" ;; *) echo "SQLite (${h##*/})" ;; esac)
	is "$(val "$h" "SELECT name FROM staff WHERE staff_number = '100'")" "Zoë as on $low" \
		"$w: the staff record with the lower hash is kept (from $low)"
	is "$(val "$h" "SELECT content_hash FROM hub_staff WHERE staff_number = '100'")" "$lowh" "$w: (its hash)"
	is "$(val "$h" "$NREV")" 2 "$w: both edits of the appraisal are in its history"
	is "$(val "$h" "$CUR")" "$(val "$h" "$MIN")" "$w: the edit with the lower hash is current"
	"$EADR" --hub "$h" export tna --year all >"$T/tna.${h##*/}.$w" 2>&1 &&
		"$EADR" --hub "$h" hub conflicts >"$T/conf.${h##*/}.$w" 2>&1
	ok $? "$w: export tna and hub conflicts"
done
set -- "$T"/tna.*
is "$#" 4 "four exports"
for f in "$@"; do
	cmp -s "$1" "$f"; ok $? "export tna: $(basename "$f") is byte for byte $(basename "$1")"
done
like "$(cat "$1")" "*Chidi Okonkwo*Zoë as on $low*Practice educator course*" "(the TNA names the kept staff record)"
set -- "$T"/conf.*
for f in "$@"; do
	cmp -s "$1" "$f"; ok $? "hub conflicts: $(basename "$f") is the same as $(basename "$1")"
done
like "$(cat "$1")" "*revision 2: staff 100*version*version*" "(the edit conflict is listed)"

# ---- more than one round trip of appraisals another device owns ----
# X finalises 70 (more than the 64 of one round trip); Y, a copy of X with
# a key of its own, sends the same 70 (another device's: held) and 10 new.
X="$T/x.db" Y="$T/y.db" sx="$T/sx" sy="$T/sy" sq="$T/own.db" pg=$(url own)
mkdir "$sx" "$sy"
i=400
while [ $i -lt 470 ]; do
	"$fix" "$X" final $i "Staff $i" M$i "Goal $i" 2>/dev/null || break
	i=$((i + 1))
done
ok $? "laptop X: 70 final appraisals"
sqlite3 "$X" ".backup '$Y'" && sqlite3 "$Y" "DELETE FROM sync_keys WHERE name = 'device-sign'"
ok $? "laptop Y: a copy of X with a key of its own"
"$EADR" --db "$X" sync push "$sx" >/dev/null 2>&1 || echo "X's push failed"
i=500
while [ $i -lt 510 ]; do
	"$fix" "$Y" final $i "Staff $i" M$i "Goal $i" 2>/dev/null || break
	i=$((i + 1))
done
"$EADR" --db "$Y" sync push "$sy" >/dev/null 2>&1
ok $? "Y: 10 more, and a bundle of 80"
fpx=$(fp_of "$X") fpy=$(fp_of "$Y")
[ -n "$fpx" ] && [ -n "$fpy" ] && [ "$fpx" != "$fpy" ]; ok $? "two devices"
for h in "$sq" "$pg"; do
	k=${h##*/}
	{ "$EADR" --hub "$h" hub init -o "$T/own.pub" && "$EADR" --hub "$h" hub import "$sx" &&
		"$EADR" --hub "$h" hub allow "$fpx" && "$EADR" --hub "$h" hub import "$sx"; } >/dev/null 2>&1 &&
		"$EADR" --hub "$h" hub import "$sy" >"$T/$k.imp1" 2>&1 &&
		"$EADR" --hub "$h" hub allow "$fpy" >"$T/$k.allow" 2>&1 &&
		"$EADR" --hub "$h" hub import "$sy" "$sx" >"$T/$k.imp2" 2>&1 &&
		"$EADR" --hub "$h" hub conflicts >"$T/$k.conf" 2>&1
	ok $? "${k}: X's bundle, then Y's (waiting, allowed), then both again"
done
like "$(cat "$T/own.db.allow")" "*70 appraisals are another device's*" "SQLite: Y's 70 copies of X's appraisals are held"
for f in imp1 allow imp2 conf; do
	is "$(cat "$T/own.$f")" "$(cat "$T/own.db.$f")" "PostgreSQL says the same as SQLite: $f"
done
ROWS="SELECT count(*) FROM appraisals; SELECT count(*) FROM hub_conflicts WHERE reason = 'owner';
	SELECT count(*) FROM hub_owners; SELECT count(*) FROM hub_revisions; SELECT count(*) FROM hub_current;
	SELECT count(*) FROM answers; SELECT count(*) FROM pdp_goals; SELECT count(*) FROM signoffs"
is "$(psql -X -A -t -d own -c "$ROWS" 2>&1 | tr '\n' ' ')" "$(sqlite3 "$sq" "$ROWS" | tr '\n' ' ')" \
	"the same counts of appraisals, held revisions, owners, history and records"
is "$(val "$pg" "SELECT count(*) FROM hub_conflicts WHERE reason = 'owner'")" 70 "(70 held)"
is "$(val "$pg" "SELECT count(*) FROM appraisals")" 80 "(80 appraisals: X's 70 and Y's 10)"
finish
