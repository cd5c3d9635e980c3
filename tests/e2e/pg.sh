# pg.sh - sourced by tests/e2e/hub_pg.sh and bench/hub_pg.sh: a throwaway
# PostgreSQL server in its own folder, loopback only, on a free port, run as
# nobody when we are root.  pg_start sets PGDIR, PG_PORT, PGBIN and exports
# PGHOST/PGPORT/PGUSER (user eadr, trust on loopback); it returns 1 with the
# reason in PG_WHY when it cannot (the caller SKIPs or stops).  pg_stop
# stops it and removes its folder.  pg_test_server (for tests/e2e, with
# tests/lib.sh sourced) does all of it for a test: SKIP without libpq in
# this build or without a server, else the server, stopped at exit, and the
# databases named, each an ok line.
PGDIR= PGBIN= PG_PORT= PG_WHY= PG_AS=
pg_start() {
	unset PGHOST PGPORT PGUSER PGDATABASE PGPASSWORD PGSERVICE
	for pg_d in $(command -v initdb 2>/dev/null | xargs -r dirname) /usr/lib/postgresql/*/bin; do
		[ -x "$pg_d/initdb" ] && [ -x "$pg_d/pg_ctl" ] && [ -x "$pg_d/postgres" ] && { PGBIN=$pg_d; break; }
	done
	[ -n "$PGBIN" ] || { PG_WHY="PostgreSQL is not installed (Debian: apt-get install postgresql)"; return 1; }
	command -v psql >/dev/null || { PG_WHY="psql is not installed"; return 1; }
	if [ "$(id -u)" = 0 ]; then
		command -v runuser >/dev/null || { PG_WHY="running as root without runuser"; return 1; }
		PG_AS="runuser -u nobody --"
	fi
	PGDIR=$(mktemp -d /tmp/eadr-pg.XXXXXX)
	chmod 755 "$PGDIR"
	[ -n "$PG_AS" ] && chown nobody "$PGDIR"
	PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
		echo $((20000 + $$ % 20000)))
	(cd "$PGDIR" && $PG_AS "$PGBIN/initdb" -D "$PGDIR/data" -U eadr -A trust -E UTF8 --no-locale) >"$PGDIR/initdb.log" 2>&1 ||
		{ PG_WHY="initdb failed: $(tail -1 "$PGDIR/initdb.log")"; return 1; }
	(cd "$PGDIR" && $PG_AS "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w \
		-o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PGDIR ${PG_OPTS:--c fsync=off}" start) >/dev/null 2>&1 ||
		{ PG_WHY="the PostgreSQL server did not start: $(tail -1 "$PGDIR/server.log" 2>/dev/null)"; return 1; }
	export PGHOST=127.0.0.1 PGPORT=$PG_PORT PGUSER=eadr
}
pg_stop() {
	[ -n "$PGDIR" ] || return 0
	[ -f "$PGDIR/data/postmaster.pid" ] &&
		$PG_AS "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate -w stop >/dev/null 2>&1
	rm -rf "$PGDIR"
	PGDIR=
}
pg_test_server() {	# DATABASE...
	"$EADR" --hub postgresql://eadr@127.0.0.1:1/none hub devices >/dev/null 2>"$T/pg-support"
	grep -q "no PostgreSQL support" "$T/pg-support" &&
		skip_all "this build has no PostgreSQL support (configure found no libpq)"
	trap 'pg_stop; rm -rf "$T"' EXIT
	pg_start || skip_all "$PG_WHY"
	for pg_db; do
		psql -q -d postgres -c "CREATE DATABASE $pg_db" >/dev/null
		ok $? "server on 127.0.0.1:$PG_PORT: database $pg_db"
	done
}
