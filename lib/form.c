/*
 * form.c - loading a form (file or text), its content hash, freeing it, and
 * finding the newest version of a form in the form folders.  The building
 * of the model is in form_build.c, the checks across it in form_check.c.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "fileio.h"
#include "form_int.h"

static void hash_hex(const char *text, size_t len, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char h[32];

	if (sodium_init() < 0)
		abort();	/* no usable random source: libsodium itself refuses */
	crypto_generichash(h, sizeof(h), (const unsigned char *)text, len, NULL, 0);
	for (size_t i = 0; i < sizeof(h); i++) {
		out[2 * i] = hex[h[i] >> 4];
		out[2 * i + 1] = hex[h[i] & 15];
	}
	out[64] = '\0';
}

/* File order: by line, then column, then the order they were found. */
static int by_position(const void *a, const void *b)
{
	const struct diag_item *x = *(const struct diag_item *const *)a;
	const struct diag_item *y = *(const struct diag_item *const *)b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x < y ? -1 : x > y;
}

static void move_problems(struct lctx *c, struct diag *out)
{
	const struct diag_item **order = xcalloc(c->d.n + 1, sizeof(*order));
	size_t last = c->d.n;

	/* the "too many problems" note stays last */
	if (c->nproblems > FORM_MAX_PROBLEMS && last)
		last--;
	for (size_t i = 0; i < c->d.n; i++)
		order[i] = &c->d.items[i];
	qsort(order, last, sizeof(*order), by_position);
	for (size_t i = 0; i < c->d.n; i++)
		diag_add(out, order[i]->level, order[i]->file, order[i]->line,
			 order[i]->col, "%s", order[i]->msg);
	free(order);
}

struct form *form_load_text(const char *name, const char *text, size_t len,
			    struct diag *diag)
{
	struct lctx c;
	struct ynode *root;
	struct form *f = xcalloc(1, sizeof(*f));

	memset(&c, 0, sizeof(c));
	c.name = name;
	c.f = f;
	f->name = xstrdup(name);
	f->source = xmalloc(len + 1);
	if (len)
		memcpy(f->source, text, len);
	f->source[len] = '\0';
	f->source_len = len;
	hash_hex(text, len, f->hash);
	if ((root = ytree_parse(&c, f->source, len))) {
		form_build(&c, root);
		form_check_pending(&c);
	}
	arena_free(&c);
	free(c.pend);
	move_problems(&c, diag);
	diag_release(&c.d);
	if (c.nproblems) {
		form_free(f);
		return NULL;
	}
	return f;
}

struct form *form_load_file(const char *path, struct diag *diag)
{
	struct sbuf sb = SBUF_INIT;
	struct err err = ERR_INIT;
	struct form *f = NULL;

	if (file_read(path, &sb, FORM_MAX_BYTES, &err) < 0) {
		/* file_read names the file itself; keep only the reason */
		const char *m = err_msg(&err);
		size_t pl = strlen(path);

		if (!strncmp(m, path, pl) && !strncmp(m + pl, ": ", 2))
			m += pl + 2;
		diag_add(diag, DIAG_ERROR, path, 0, 0, "%s", m);
	} else {
		f = form_load_text(path, sb.buf, sb.len, diag);
	}
	sbuf_release(&sb);
	err_release(&err);
	return f;
}

static void choicelist_release(struct form_choicelist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].value);
		free(l->items[i].label);
		free(l->items[i].hint);
	}
	free(l->items);
	free(l->name);
}

static void question_release(struct form_question *q)
{
	free(q->id);
	free(q->label);
	free(q->hint);
	free(q->prepare_label);
	free(q->required_msg);
	expr_free(q->constraint);
	free(q->constraint_msg);
	free(q->default_value);
	expr_free(q->when);
	if (q->choices && !q->choices->name) {	/* inline: the question's own */
		struct form_choicelist *own = (struct form_choicelist *)q->choices;

		choicelist_release(own);
		free(own);
	}
	free(q->item);
	free(q->carry);
	for (size_t i = 0; i < q->nquestions; i++)
		question_release(&q->questions[i]);
	free(q->questions);
	free(q->path);
}

void form_free(struct form *f)
{
	if (!f)
		return;
	if (f->shared) {
		f->shared--;
		return;
	}
	for (size_t i = 0; i < f->nsections; i++) {
		struct form_section *s = &f->sections[i];

		free(s->id);
		free(s->title);
		free(s->intro);
		for (size_t j = 0; j < s->nguide; j++)
			free(s->guide[j]);
		free(s->guide);
		expr_free(s->when);
		for (size_t j = 0; j < s->nquestions; j++)
			question_release(&s->questions[j]);
		free(s->questions);
	}
	free(f->sections);
	for (size_t i = 0; i < f->nlists; i++)
		choicelist_release(&f->lists[i]);
	free(f->lists);
	free(f->name);
	free(f->id);
	free(f->version);
	free(f->title);
	free(f->intro);
	free(f->source);
	free(f);
}

/* ---- the cache of parsed forms ---- */

#define FORM_CACHE 4
static struct form *cache[FORM_CACHE];	/* most recently used first */

void form_cache_put(struct form *f)
{
	if (cache[FORM_CACHE - 1])
		form_free(cache[FORM_CACHE - 1]);	/* the cache's hold */
	memmove(cache + 1, cache, (FORM_CACHE - 1) * sizeof(*cache));
	cache[0] = f;
	f->shared++;
}

struct form *form_cache_get(const char *hash)
{
	for (size_t i = 0; hash && i < FORM_CACHE && cache[i]; i++)
		if (!strcmp(cache[i]->hash, hash)) {
			struct form *f = cache[i];

			memmove(cache + 1, cache, i * sizeof(*cache));
			cache[0] = f;
			f->shared++;
			return f;
		}
	return NULL;
}

/* ---- versions and form folders ---- */

int form_version_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		int da = *a >= '0' && *a <= '9', db = *b >= '0' && *b <= '9';

		if (da && db) {
			const char *ea, *eb;
			size_t la, lb;
			int c;

			while (*a == '0' && a[1] >= '0' && a[1] <= '9')
				a++;
			while (*b == '0' && b[1] >= '0' && b[1] <= '9')
				b++;
			for (ea = a; *ea >= '0' && *ea <= '9'; ea++)
				;
			for (eb = b; *eb >= '0' && *eb <= '9'; eb++)
				;
			la = (size_t)(ea - a);
			lb = (size_t)(eb - b);
			if (la != lb)
				return la < lb ? -1 : 1;
			if ((c = strncmp(a, b, la)))
				return c < 0 ? -1 : 1;
			a = ea;
			b = eb;
		} else {
			if (*a != *b)
				return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
			a++;
			b++;
		}
	}
	return *a ? 1 : *b ? -1 : 0;
}

static int yaml_name(const char *n)
{
	size_t l = strlen(n);

	return n[0] != '.' && ((l > 5 && !strcmp(n + l - 5, ".yaml")) ||
			       (l > 4 && !strcmp(n + l - 4, ".yml")));
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Call fn with every valid form in dirs (folder order, then file name
 * order).  fn takes ownership of the form.
 */
static int each_form(const char *const *dirs, size_t ndirs,
		     void (*fn)(struct form *f, const char *path, void *arg), void *arg)
{
	for (size_t d = 0; d < ndirs; d++) {
		DIR *dir = opendir(dirs[d]);
		struct dirent *de;
		char **names = NULL;
		size_t n = 0, alloc = 0;

		if (!dir)
			continue;
		while ((de = readdir(dir))) {
			if (!yaml_name(de->d_name))
				continue;
			if (n == alloc) {
				alloc = alloc ? alloc * 2 : 16;
				names = xrealloc(names, alloc * sizeof(*names));
			}
			names[n++] = xstrdup(de->d_name);
		}
		closedir(dir);
		if (n)	/* qsort(NULL, 0, ...) is undefined */
			qsort(names, n, sizeof(*names), by_name);
		for (size_t i = 0; i < n; i++) {
			struct sbuf path = SBUF_INIT;
			struct diag diag = DIAG_INIT;
			struct form *f;

			sbuf_addf(&path, "%s/%s", dirs[d], names[i]);
			if ((f = form_load_file(path.buf, &diag)))
				fn(f, path.buf, arg);
			diag_release(&diag);
			sbuf_release(&path);
			free(names[i]);
		}
		free(names);
	}
	return 0;
}

struct newest {
	const char *id;
	struct form *best;
};

static void keep_newest(struct form *f, const char *path, void *arg)
{
	struct newest *nw = arg;

	if (strcmp(f->id, nw->id) ||
	    (nw->best && form_version_cmp(f->version, nw->best->version) <= 0)) {
		form_free(f);
		return;
	}
	form_free(nw->best);
	nw->best = f;
}

int form_find_newest(const char *const *dirs, size_t ndirs, const char *id,
		     struct form **out, struct err *err)
{
	struct newest nw = { id, NULL };

	*out = NULL;
	if (each_form(dirs, ndirs, keep_newest, &nw) < 0)
		return err_set(err, "cannot search the form folders");
	*out = nw.best;
	return nw.best ? 1 : 0;
}

struct catalog {
	struct form_entry *e;
	size_t n;
};

static void keep_entry(struct form *f, const char *path, void *arg)
{
	struct catalog *cat = arg;
	struct form_entry *e = NULL;

	for (size_t i = 0; i < cat->n; i++)
		if (!strcmp(cat->e[i].id, f->id))
			e = &cat->e[i];
	if (e && form_version_cmp(f->version, e->version) <= 0) {
		form_free(f);
		return;
	}
	if (!e) {
		cat->e = xrealloc(cat->e, (cat->n + 1) * sizeof(*cat->e));
		e = &cat->e[cat->n++];
	} else {
		free(e->id);
		free(e->version);
		free(e->title);
		free(e->path);
	}
	e->id = xstrdup(f->id);
	e->version = xstrdup(f->version);
	e->title = xstrdup(f->title);
	e->path = xstrdup(path);
	form_free(f);
}

static int entry_by_id(const void *a, const void *b)
{
	return strcmp(((const struct form_entry *)a)->id, ((const struct form_entry *)b)->id);
}

int form_catalog(const char *const *dirs, size_t ndirs,
		 struct form_entry **out, size_t *nout, struct err *err)
{
	struct catalog cat = { NULL, 0 };

	if (each_form(dirs, ndirs, keep_entry, &cat) < 0)
		return err_set(err, "cannot search the form folders");
	if (cat.n)
		qsort(cat.e, cat.n, sizeof(*cat.e), entry_by_id);
	*out = cat.e;
	*nout = cat.n;
	return 0;
}

void form_catalog_free(struct form_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].id);
		free(e[i].version);
		free(e[i].title);
		free(e[i].path);
	}
	free(e);
}
