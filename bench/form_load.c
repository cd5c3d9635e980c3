/*
 * form_load.c - how much does eadr's form loader cost over just reading the
 * YAML?  Times form_load_text (parse, build the model, check every rule,
 * hash) against a bare libyaml event parse of the same bytes, in one run,
 * and prints both and their ratio (the aim is under 2x).
 *
 *   bench/form_load [FORM.yaml [ITERATIONS]]     (make bench-form)
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <yaml.h>

#include "lib/fileio.h"
#include "lib/form.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The peer: libyaml's event parser over the whole file, nothing kept. */
static size_t bare_parse(const char *text, size_t len)
{
	yaml_parser_t p;
	yaml_event_t ev;
	size_t events = 0;
	int done = 0;

	if (!yaml_parser_initialize(&p))
		abort();
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			fprintf(stderr, "form_load: libyaml refused the file\n");
			exit(1);
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		events++;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return events;
}

static int load(const char *text, size_t len)
{
	struct diag d = DIAG_INIT;
	struct form *f = form_load_text("bench.yaml", text, len, &d);
	int ok = f != NULL;

	form_free(f);
	diag_release(&d);
	return ok;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "forms/eadr.yaml";
	long iters = argc > 2 ? atol(argv[2]) : 2000;
	struct sbuf src = SBUF_INIT;
	struct err err = ERR_INIT;
	double t0, bare, full;
	size_t events = 0;

	if (file_read(path, &src, 1 << 20, &err) < 0) {
		fprintf(stderr, "form_load: %s\n", err_msg(&err));
		return 1;
	}
	if (!load(src.buf, src.len)) {
		fprintf(stderr, "form_load: %s is not a valid form (eadr check-form %s)\n",
			path, path);
		return 1;
	}
	/* warm up both, then alternate rounds so that neither gets a warmer cache */
	bare_parse(src.buf, src.len);
	bare = full = 0;
	for (int round = 0; round < 4; round++) {
		t0 = now();
		for (long i = 0; i < iters / 4; i++)
			events += bare_parse(src.buf, src.len);
		bare += now() - t0;
		t0 = now();
		for (long i = 0; i < iters / 4; i++)
			load(src.buf, src.len);
		full += now() - t0;
	}
	iters = iters / 4 * 4;
	printf("file: %s (%zu bytes, %zu YAML events)\n", path, src.len,
	       events / (size_t)iters);
	printf("libyaml event parse:        %8.1f us per file (%ld runs)\n",
	       bare / (double)iters * 1e6, iters);
	printf("eadr load + validate + hash: %7.1f us per file (%ld runs)\n",
	       full / (double)iters * 1e6, iters);
	printf("ratio: %.2fx the bare parse (aim: under 2x)\n", full / bare);
	sbuf_release(&src);
	return 0;
}
