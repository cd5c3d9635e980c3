/*
 * test_pieces.c - a long answer saved in pieces (lib/store_pieces.c, issue
 * 17): every edit, at the start, in the middle and at the end, with
 * multibyte characters at the pieces' edges, reads back byte for byte; the
 * pieces are cut at characters; they go back into the row when the store is
 * closed or reopened after a crash; sealed ones leave no plain text.
 */
#include <sys/wait.h>

#include "testutil.h"
#include "lib/appr.h"
#include "lib/profile.h"
#include "lib/store_export.h"
#include "lib/store_int.h"
#include "lib/utf8.h"

static const char form_yaml[] =
	TU_FORM_FIRST_SECTION
	"      - { id: story, type: text, label: Story }\n"
	"      - { id: secret, type: text, label: Secret, private: true }\n";

#define PASS "correct horse battery staple"

struct fx {
	char *dir, *path;
	struct store *st;
	struct form *form;
	long long id;
};

static void fx_open(struct fx *f, int sealed)
{
	struct err err = ERR_INIT;
	struct diag d = DIAG_INIT;
	struct staff s = { "100234", "Zoë Ó Súilleabháin", "Paramedic", "6", "Northgate", "", NULL };

	f->dir = tu_tmpdir();
	f->path = tu_path(f->dir, "eadr.db");
	f->st = store_open(f->path, NULL, &err);
	assert_non_null(f->st);
	f->form = form_load_text("test.yaml", form_yaml, sizeof(form_yaml) - 1, &d);
	assert_non_null(f->form);
	diag_release(&d);
	if (sealed && profile_create(f->st, "Ffion", PASS, PASS, &err) < 0)
		fail_msg("%s", err_msg(&err));
	assert_int_equal(store_staff_put(f->st, &s, NULL, &err), 0);
	assert_int_equal(appr_start(f->st, f->form, "100234", "Ffion", &f->id, &err), 0);
}

static void fx_close(struct fx *f)
{
	form_free(f->form);
	store_close(f->st);
	free(f->path);
	tu_rmdir(f->dir);
}

static void put(struct fx *f, const char *path, const struct sbuf *v, int flags)
{
	struct err err = ERR_INIT;

	if (store_answer_set(f->st, f->id, path, v->buf, flags, &err) < 0)
		fail_msg("%s: %s", path, err_msg(&err));
}

static void check(struct fx *f, const char *path, const struct sbuf *want)
{
	struct err err = ERR_INIT;
	char *v = NULL;

	if (store_answer_get(f->st, f->id, path, &v, NULL, &err) != 1)
		fail_msg("%s: %s", path, err_msg(&err));
	assert_int_equal(strlen(v), want->len);
	assert_memory_equal(v, want->buf, want->len);
	free(v);
}

/* Pieces of the answer now: each cut at a character, none too long. */
static int pieces(struct fx *f, const char *path, int *blobs)
{
	sqlite3_stmt *s;
	int n = 0;

	assert_int_equal(sqlite3_prepare_v2(f->st->db, "SELECT piece FROM answer_pieces"
					    " WHERE appraisal_id = ?1 AND path = ?2", -1, &s, NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(s, 1, f->id);
	sqlite3_bind_text(s, 2, path, -1, SQLITE_STATIC);
	*blobs = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (sqlite3_column_type(s, 0) == SQLITE_BLOB) {
			(*blobs)++;
		} else {
			const char *t = (const char *)sqlite3_column_text(s, 0);
			size_t len = (size_t)sqlite3_column_bytes(s, 0);

			assert_true(utf8_valid(t, len));
			assert_true(len > 0 && len <= 1024);
		}
		n++;
	}
	sqlite3_finalize(s);
	return n;
}

static const char *const bits[] = {
	"a", " ", "Zoë", "🚑", "é", "\n", "Ó Súilleabháin ", "—", "日本語", "xyz",
};

/* A starting text of about n bytes with multibyte characters throughout. */
static void long_text(struct sbuf *t, size_t n)
{
	sbuf_reset(t);
	for (size_t i = 0; t->len < n; i++)
		sbuf_add(t, bits[i % 10], strlen(bits[i % 10]));
}

/* A character boundary at or before i. */
static size_t char_at(const struct sbuf *t, size_t i)
{
	while (i > 0 && i < t->len && ((unsigned char)t->buf[i] & 0xC0) == 0x80)
		i--;
	return i;
}

/* One edit like a key or a paste: insert, delete or replace at pos. */
static void edit(struct sbuf *t, unsigned r)
{
	size_t pos, end;
	struct sbuf n = SBUF_INIT;
	const char *ins = bits[r % 10];

	switch ((r >> 4) % 4) {
	case 0: pos = t->len; break;			/* at the end */
	case 1: pos = 0; break;				/* at the start */
	default: pos = (r >> 8) % (t->len + 1); break;	/* in the middle */
	}
	pos = char_at(t, pos);
	end = char_at(t, pos + ((r >> 20) % 3 == 0 ? (r >> 12) % 40 : 0));
	if ((r >> 22) % 50 == 0)
		end = char_at(t, pos + 3000);		/* a big cut */
	if (end > t->len)
		end = t->len;
	sbuf_add(&n, t->buf, pos);
	if ((r >> 24) % 4)
		sbuf_add(&n, ins, strlen(ins));
	if ((r >> 26) % 60 == 0)
		for (int k = 0; k < 300; k++)		/* a paste */
			sbuf_add(&n, bits[k % 10], strlen(bits[k % 10]));
	sbuf_add(&n, t->buf + end, t->len - end);
	sbuf_reset(t);
	sbuf_add(t, n.buf, n.len);
	sbuf_release(&n);
}

static unsigned rnd(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s ^ (*s >> 16);
}

static void typing(struct fx *f, const char *path, int flags, int sealed)
{
	struct sbuf t = SBUF_INIT;
	unsigned seed = 17;
	int blobs, n;

	long_text(&t, 20000);
	put(f, path, &t, flags);	/* a first save of the whole text */
	put(f, path, &t, flags);
	for (int i = 0; i < 600; i++) {
		edit(&t, rnd(&seed));
		put(f, path, &t, flags);
		check(f, path, &t);
		if (i % 97 == 0) {
			/* a second program reading the answer meanwhile */
			struct err err = ERR_INIT;
			struct store *o = store_open(f->path, NULL, &err);

			assert_non_null(o);
			store_close(o);
			check(f, path, &t);
		}
	}
	n = pieces(f, path, &blobs);
	if (t.len >= STORE_PIECES_MIN)
		assert_true(n > 10);
	assert_int_equal(blobs, sealed ? n : 0);
	/* Closed: back in the row, no pieces left. */
	store_close(f->st);
	{
		struct err err = ERR_INIT;

		f->st = store_open(f->path, NULL, &err);
		assert_non_null(f->st);
		if (sealed && profile_signin(f->st, "Ffion", PASS, NULL, &err) < 0)
			fail_msg("%s", err_msg(&err));
	}
	assert_int_equal(pieces(f, path, &blobs), 0);
	check(f, path, &t);
	sbuf_release(&t);
}

/*
 * A save of a long answer inside a change that is then rolled back (the
 * caller's transaction failing after the answer's own nested commit): the
 * next save must not trust what this connection thought the pieces held,
 * or the rolled-back edit's piece would be missing from the joined text.
 */
static void test_rollback_forgets(void **state)
{
	struct fx f = { 0 };
	struct sbuf t = SBUF_INIT, v = SBUF_INIT;
	struct err err = ERR_INIT;
	int blobs;

	(void)state;
	fx_open(&f, 0);
	long_text(&t, 6000);
	put(&f, "a.story", &t, 0);		/* the row, whole */
	sbuf_addch(&t, 'A');
	put(&f, "a.story", &t, 0);		/* now in pieces */
	assert_true(pieces(&f, "a.story", &blobs) > 2);
	/* An edit at the start, in a change rolled back. */
	assert_int_equal(store_begin(f.st, &err), 0);
	sbuf_addch(&v, 'X');
	sbuf_add(&v, t.buf, t.len);
	put(&f, "a.story", &v, 0);
	store_rollback(f.st);
	check(&f, "a.story", &t);
	/* The next key, at the end: the whole text the screen shows is kept. */
	sbuf_addch(&v, 'B');
	put(&f, "a.story", &v, 0);
	check(&f, "a.story", &v);
	store_close(f.st);
	f.st = store_open(f.path, NULL, &err);
	assert_non_null(f.st);
	check(&f, "a.story", &v);
	sbuf_release(&t);
	sbuf_release(&v);
	fx_close(&f);
}

static void test_edits_read_back(void **state)
{
	struct fx f = { 0 };

	(void)state;
	fx_open(&f, 0);
	typing(&f, "a.story", 0, 0);
	fx_close(&f);
}

/* A file's bytes (the database or its log) hold needle? */
static int file_has(const char *path, const char *needle)
{
	size_t len, k = strlen(needle);
	char *b = tu_read(path, &len);
	int found = 0;

	for (size_t i = 0; b && i + k <= len && !found; i++)
		found = !memcmp(b + i, needle, k);
	free(b);
	return found;
}

static void test_sealed_pieces(void **state)
{
	struct fx f = { 0 };
	struct sbuf t = SBUF_INIT, wal = SBUF_INIT;
	int blobs;

	(void)state;
	fx_open(&f, 1);
	typing(&f, "a.secret", STORE_PRIVATE, 1);
	/* A private text in pieces is sealed: no plain text in the files. */
	long_text(&t, 6000);
	sbuf_adds(&t, "UNSEALED-MARKER");
	put(&f, "a.secret", &t, STORE_PRIVATE);
	sbuf_adds(&t, " and more UNSEALED-MARKER");
	put(&f, "a.secret", &t, STORE_PRIVATE);
	assert_true(pieces(&f, "a.secret", &blobs) > 0);
	assert_true(blobs > 0);
	sbuf_addf(&wal, "%s-wal", f.path);
	assert_false(file_has(f.path, "UNSEALED-MARKER"));
	assert_false(file_has(wal.buf, "UNSEALED-MARKER"));
	check(&f, "a.secret", &t);
	sbuf_release(&wal);
	sbuf_release(&t);
	fx_close(&f);
}

/* Pieces typed before the first profile: the conversion to the holder's
 * keys joins them and seals the whole answer; no plain text is left. */
static void test_claim_joins(void **state)
{
	struct fx f = { 0 };
	struct sbuf t = SBUF_INIT, wal = SBUF_INIT;
	struct err err = ERR_INIT;
	int blobs;

	(void)state;
	fx_open(&f, 0);
	long_text(&t, 6000);
	sbuf_adds(&t, "PLAIN-MARKER");
	put(&f, "a.secret", &t, STORE_PRIVATE);
	sbuf_adds(&t, " and PLAIN-MARKER again");
	put(&f, "a.secret", &t, STORE_PRIVATE);
	assert_true(pieces(&f, "a.secret", &blobs) > 1);
	assert_int_equal(blobs, 0);
	if (profile_create(f.st, "Ffion", PASS, PASS, &err) < 0)
		fail_msg("%s", err_msg(&err));
	check(&f, "a.secret", &t);
	assert_int_equal(pieces(&f, "a.secret", &blobs), 0);
	sbuf_addf(&wal, "%s-wal", f.path);
	assert_false(file_has(f.path, "PLAIN-MARKER"));
	assert_false(file_has(wal.buf, "PLAIN-MARKER"));
	sbuf_release(&wal);
	sbuf_release(&t);
	fx_close(&f);
}

/* Pieces in the file, read with SQLite alone (no store_open: it joins them). */
static int raw_pieces(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	int n = -1;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM answer_pieces",
					    -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return n;
}

/* A program killed mid-typing: the next open has every key. */
static void test_crash(void **state)
{
	struct fx f = { 0 };
	struct sbuf t = SBUF_INIT;
	struct err err = ERR_INIT;
	unsigned seed = 5;
	int status, blobs;
	pid_t pid;

	(void)state;
	fx_open(&f, 0);
	long_text(&t, 12000);
	put(&f, "a.story", &t, 0);
	store_close(f.st);
	f.st = NULL;
	for (int i = 0; i < 50; i++)
		edit(&t, rnd(&seed));
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct store *st = store_open(f.path, NULL, &err);
		struct sbuf c = SBUF_INIT;
		unsigned s2 = 5;

		long_text(&c, 12000);
		for (int i = 0; i < 50 && st; i++) {
			edit(&c, rnd(&s2));
			if (store_answer_set(st, f.id, "a.story", c.buf, 0, &err) < 0)
				_exit(2);
		}
		_exit(st ? 0 : 3);	/* no close: as kill -9 */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(raw_pieces(f.path) > 1);	/* what the crash left */
	f.st = store_open(f.path, NULL, &err);
	assert_non_null(f.st);
	assert_int_equal(pieces(&f, "a.story", &blobs), 0);
	check(&f, "a.story", &t);
	sbuf_release(&t);
	fx_close(&f);
}

/* Through the appraisal, as the walk saves: what it holds in memory (a
 * key copies only what changed) and what the store reads are the text. */
static void test_appr_memory(void **state)
{
	struct fx f = { 0 };
	struct sbuf t = SBUF_INIT;
	struct err err = ERR_INIT;
	struct appr *ap;
	unsigned seed = 99;

	(void)state;
	fx_open(&f, 0);
	ap = appr_open(f.st, f.id, NULL, 0, &err);
	assert_non_null(ap);
	long_text(&t, 9000);
	for (int i = 0; i < 300; i++) {
		if (appr_set(ap, "a.story", t.buf, &err) < 0)
			fail_msg("%s", err_msg(&err));
		assert_int_equal(strlen(appr_get(ap, "a.story")), t.len);
		assert_memory_equal(appr_get(ap, "a.story"), t.buf, t.len);
		check(&f, "a.story", &t);
		edit(&t, rnd(&seed));
	}
	appr_free(ap);
	sbuf_release(&t);
	fx_close(&f);
}

struct seen {
	char *story;
	int secret;
};

static int seen_answers(const struct export_appraisal *a,
			const struct export_answer *ans, size_t n, void *arg)
{
	struct seen *w = arg;

	(void)a;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(ans[i].path, "a.story"))
			w->story = xstrdup(ans[i].value);
		if (!strcmp(ans[i].path, "a.secret") || strstr(ans[i].value, "SECRETMARK"))
			w->secret = 1;
	}
	return 0;
}

/*
 * What reads a draft's answers for an export (`export tna --all`) while
 * another program is typing a long answer: the reader had opened the store
 * before the typing started, so nothing joined the pieces, and the row holds
 * the text as it was before them.  The reader must see the pieces joined,
 * and never the private answer (typed in pieces too).
 */
static void test_reader_sees_pieces(void **state)
{
	struct fx f = { 0 };
	struct sbuf t = SBUF_INIT, p = SBUF_INIT;
	struct err err = ERR_INIT;
	struct seen w = { NULL, 0 };
	unsigned seed = 41;
	int status;
	pid_t pid;

	(void)state;
	fx_open(&f, 0);
	long_text(&t, 9000);
	long_text(&p, 9000);
	sbuf_add(&p, "SECRETMARK", 10);
	put(&f, "a.story", &t, 0);
	put(&f, "a.secret", &p, STORE_PRIVATE);
	for (int i = 0; i < 40; i++)
		edit(&t, rnd(&seed));
	sbuf_add(&t, "TYPEDMARK", 9);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct store *st = store_open(f.path, NULL, &err);
		struct sbuf c = SBUF_INIT;
		unsigned s2 = 41;

		long_text(&c, 9000);
		for (int i = 0; i < 40 && st; i++) {
			edit(&c, rnd(&s2));
			if (store_answer_set(st, f.id, "a.story", c.buf, 0, &err) < 0 ||
			    store_answer_set(st, f.id, "a.secret", p.buf, STORE_PRIVATE, &err) < 0)
				_exit(2);
		}
		sbuf_add(&c, "TYPEDMARK", 9);
		if (st && store_answer_set(st, f.id, "a.story", c.buf, 0, &err) < 0)
			_exit(2);
		_exit(st ? 0 : 3);	/* no close: still typing, as far as anyone knows */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(raw_pieces(f.path) > 1);
	if (store_appraisals_each(f.st, STORE_EXPORT_OPEN, NULL, seen_answers, &w, &err) < 0)
		fail_msg("%s", err_msg(&err));
	assert_non_null(w.story);
	assert_int_equal(strlen(w.story), t.len);
	assert_memory_equal(w.story, t.buf, t.len);
	assert_int_equal(w.secret, 0);
	free(w.story);
	sbuf_release(&t);
	sbuf_release(&p);
	fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edits_read_back),
		cmocka_unit_test(test_sealed_pieces),
		cmocka_unit_test(test_crash),
		cmocka_unit_test(test_appr_memory),
		cmocka_unit_test(test_claim_joins),
		cmocka_unit_test(test_rollback_forgets),
		cmocka_unit_test(test_reader_sees_pieces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
