/*
 * form_yaml.c - from bytes to a small positioned tree, through libyaml's
 * event parser.  Aliases are refused rather than expanded, so a "billion
 * laughs" file costs no more than its own size; nesting is capped so that
 * no input can exhaust the stack of the later recursive walks.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "form_int.h"
#include "utf8.h"

void lint_at(struct lctx *c, int line, int col, const char *path,
	     const char *fmt, ...)
{
	struct sbuf sb = SBUF_INIT;
	va_list ap;

	if (c->nproblems > FORM_MAX_PROBLEMS)
		return;
	if (++c->nproblems > FORM_MAX_PROBLEMS) {
		diag_add(&c->d, DIAG_ERROR, c->name, line, col,
			 "too many problems (more than %d); stopping here",
			 FORM_MAX_PROBLEMS);
		return;
	}
	if (path && *path)
		sbuf_addf(&sb, "%s: ", path);
	va_start(ap, fmt);
	sbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_add(&c->d, DIAG_ERROR, c->name, line, col, "%s", sb.buf);
	sbuf_release(&sb);
}

void lint(struct lctx *c, const struct ynode *at, const char *path,
	  const char *fmt, ...)
{
	struct sbuf sb = SBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	lint_at(c, at ? at->line : 0, at ? at->col : 0, path, "%s", sb.buf);
	sbuf_release(&sb);
}

/* Optimal string alignment distance: a swap of two letters counts as one. */
int edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int d[61][61];

	if (la > 60 || lb > 60)
		return 9;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			int best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[la][lb] > 9 ? 9 : d[la][lb];
}

const char *near_miss(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	int bestd = 9;
	size_t wl = strlen(word);
	/* one slip in a short word, two in a longer one, three in a long path */
	int limit = wl <= 4 ? 1 : wl <= 12 ? 2 : 3;

	for (size_t i = 0; i < n; i++) {
		int d = edit_distance(word, cands[i]);

		if (d > 0 && d <= limit && d < bestd) {
			best = cands[i];
			bestd = d;
		}
	}
	return best;
}

/* Position of the first byte that is not UTF-8 (or a NUL): 1, else 0. */
static int text_problem(const char *text, size_t len, size_t *at)
{
	const char *nul = memchr(text, '\0', len);

	*at = utf8_valid_prefix(text, nul ? (size_t)(nul - text) : len);
	return *at < len;
}

static void byte_pos(const char *text, size_t off, int *line, int *col)
{
	int l = 1, c = 1;

	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n')
			l++, c = 1;
		else if (((unsigned char)text[i] & 0xc0) != 0x80)
			c++;
	}
	*line = l;
	*col = c;
}

/*
 * The tree is many small pieces made and dropped together: an arena keeps
 * that to a few allocations (freeing a node at a time cost more than the
 * YAML parse itself).
 */
static void *arena_alloc(struct lctx *c, size_t n)
{
	struct arena *a = c->arena;
	size_t align = sizeof(max_align_t);
	void *p;

	n = (n + align - 1) / align * align;
	if (!a || a->size - a->used < n) {
		/*
		 * One chunk big enough for the whole tree, usually: glibc then
		 * serves it by mmap once and raises its thresholds, where many
		 * small chunks would be trimmed and faulted in on every load.
		 */
		size_t size = a ? 65536 : c->arena_hint;

		if (size < n)
			size = n;

		a = xmalloc(sizeof(*a) + size);
		a->size = size;
		a->used = 0;
		a->next = c->arena;
		c->arena = a;
	}
	p = (char *)a->data + a->used;
	a->used += n;
	return p;
}

void arena_free(struct lctx *c)
{
	while (c->arena) {
		struct arena *next = c->arena->next;

		free(c->arena);
		c->arena = next;
	}
}

static char *arena_strndup(struct lctx *c, const char *s, size_t n)
{
	char *p = arena_alloc(c, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

struct ynode *ymap_get(const struct ynode *n, const char *key, const struct ynode **keynode)
{
	if (!n || n->kind != Y_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < n->n; i += 2)
		if (n->kids[i]->s && !strcmp(n->kids[i]->s, key)) {
			if (keynode)
				*keynode = n->kids[i];
			return n->kids[i + 1];
		}
	return NULL;
}

static struct ynode *ynode_new(struct lctx *c, enum ykind k, const yaml_event_t *ev)
{
	struct ynode *n = arena_alloc(c, sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->kind = k;
	n->line = (int)ev->start_mark.line + 1;
	n->col = (int)ev->start_mark.column + 1;
	n->end_line = (int)ev->end_mark.line + 1;
	n->end_col = (int)ev->end_mark.column + 1;
	return n;
}

static void add_kid(struct lctx *c, struct ynode *parent, struct ynode *kid)
{
	if (parent->n == parent->alloc) {
		struct ynode **old = parent->kids;

		parent->alloc = parent->alloc ? parent->alloc * 2 : 8;
		parent->kids = arena_alloc(c, parent->alloc * sizeof(*parent->kids));
		if (parent->n)
			memcpy(parent->kids, old, parent->n * sizeof(*old));
	}
	parent->kids[parent->n++] = kid;
}

/*
 * A map's key: only plain text keys.  A repeated key is marked here and
 * reported by the builder, which knows the path of the place it is in.
 */
static void check_key(struct lctx *c, struct ynode *map, struct ynode *key)
{
	if (key->kind != Y_SCALAR) {
		if (!key->bad)
			lint(c, key, NULL, "a key must be a plain word, not a %s",
			     key->kind == Y_MAP ? "mapping" : "list");
		key->bad = 1;
		return;
	}
	for (size_t i = 0; i + 1 < map->n; i += 2)
		if (map->kids[i]->s && !strcmp(map->kids[i]->s, key->s)) {
			key->bad = 2;
			key->first_line = map->kids[i]->line;
			return;
		}
}

static void refuse_anchor(struct lctx *c, const yaml_event_t *ev, const yaml_char_t *anchor)
{
	if (anchor)
		lint_at(c, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1, NULL,
			"anchors (&%s) are not allowed in a form; write the text out "
			"(reuse choices with named lists)", (const char *)anchor);
}

/* Attach a finished node to the open collection (or make it the root). */
static void attach(struct lctx *c, struct ynode **stack, size_t depth,
		   struct ynode **root, struct ynode *n)
{
	struct ynode *top;

	if (!depth) {
		if (!*root)
			*root = n;
		return;
	}
	top = stack[depth - 1];
	if (top->kind == Y_MAP && top->n % 2 == 0)
		check_key(c, top, n);
	add_kid(c, top, n);
}

static void yaml_problem(struct lctx *c, const yaml_parser_t *p)
{
	const char *what = p->problem ? p->problem : "cannot read this";

	if (p->error == YAML_MEMORY_ERROR)
		what = "out of memory";
	if (p->context)
		lint_at(c, (int)p->problem_mark.line + 1, (int)p->problem_mark.column + 1,
			NULL, "YAML syntax: %s %s (line %d)", p->context, what,
			(int)p->context_mark.line + 1);
	else
		lint_at(c, (int)p->problem_mark.line + 1, (int)p->problem_mark.column + 1,
			NULL, "YAML syntax: %s", what);
}

struct ynode *ytree_parse(struct lctx *c, const char *text, size_t len)
{
	struct ynode *stack[FORM_MAX_DEPTH + 1], *root = NULL, *n;
	size_t depth = 0, bad_at;
	int docs = 0, done = 0, line, col;
	yaml_parser_t p;
	yaml_event_t ev;

	if (len > FORM_MAX_BYTES) {
		lint_at(c, 0, 0, NULL, "the file is too large (more than %d bytes)",
			FORM_MAX_BYTES);
		return NULL;
	}
	if (text_problem(text, len, &bad_at)) {
		byte_pos(text, bad_at, &line, &col);
		if (text[bad_at])
			lint_at(c, line, col, NULL, "the file is not UTF-8 text (byte 0x%02x "
				"here); save it as UTF-8", (unsigned char)text[bad_at]);
		else
			lint_at(c, line, col, NULL, "the file holds a NUL byte; it is not a text file");
		return NULL;
	}
	if (!yaml_parser_initialize(&p)) {
		lint_at(c, 0, 0, NULL, "out of memory");
		return NULL;
	}
	c->arena_hint = 8 * len + 16384;	/* nodes, texts and lists of a typical form */
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			yaml_problem(c, &p);
			goto fail;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				lint_at(c, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
					NULL, "a form file holds one YAML document; a second one starts here");
				yaml_event_delete(&ev);
				goto fail;
			}
			break;
		case YAML_SCALAR_EVENT:
			refuse_anchor(c, &ev, ev.data.scalar.anchor);
			n = ynode_new(c, Y_SCALAR, &ev);
			n->s = arena_strndup(c, (const char *)ev.data.scalar.value,
					     ev.data.scalar.length);
			n->len = strlen(n->s);
			switch (ev.data.scalar.style) {
			case YAML_SINGLE_QUOTED_SCALAR_STYLE:
			case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
				n->quoted = 1;
				break;
			case YAML_LITERAL_SCALAR_STYLE:
			case YAML_FOLDED_SCALAR_STYLE:
				n->quoted = 2;
				break;
			default:
				break;
			}
			attach(c, stack, depth, &root, n);
			break;
		case YAML_ALIAS_EVENT:
			lint_at(c, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1, NULL,
				"aliases (*%s) are not allowed in a form; write the text out "
				"(reuse choices with named lists)", (const char *)ev.data.alias.anchor);
			n = ynode_new(c, Y_SCALAR, &ev);
			n->s = arena_strndup(c, "", 0);
			n->bad = 1;
			attach(c, stack, depth, &root, n);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			refuse_anchor(c, &ev, ev.type == YAML_SEQUENCE_START_EVENT ?
				      ev.data.sequence_start.anchor : ev.data.mapping_start.anchor);
			if (depth == FORM_MAX_DEPTH) {
				lint_at(c, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
					NULL, "nested too deeply (more than %d levels)", FORM_MAX_DEPTH);
				yaml_event_delete(&ev);
				goto fail;
			}
			n = ynode_new(c, ev.type == YAML_SEQUENCE_START_EVENT ? Y_SEQ : Y_MAP, &ev);
			stack[depth++] = n;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			n = stack[--depth];
			n->end_line = (int)ev.end_mark.line + 1;
			n->end_col = (int)ev.end_mark.column + 1;
			attach(c, stack, depth, &root, n);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	if (!root || (root->kind == Y_SCALAR && !root->quoted && !*root->s)) {
		if (!c->nproblems)
			lint_at(c, 1, 1, NULL, "the file is empty; a form starts with "
				"'form: ID' (see schema/forms.md)");
		return NULL;
	}
	return root;
fail:
	yaml_parser_delete(&p);
	return NULL;
}

void ypos(const struct ynode *n, size_t off, int *line, int *col)
{
	size_t chars;

	*line = n->line;
	*col = n->col;
	if (n->quoted == 2 || n->line != n->end_line)
		return;
	chars = utf8_chars(n->s, off < n->len ? off : n->len);
	/* only when the source shows the text unchanged (no escapes, no folding) */
	if ((size_t)(n->end_col - n->col) != utf8_chars(n->s, n->len) + (n->quoted ? 2 : 0))
		return;
	*col = n->col + (n->quoted ? 1 : 0) + (int)chars;
}
