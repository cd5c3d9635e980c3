/*
 * fuzz_form.c - libFuzzer target of the form loader: any bytes must give a
 * form or a list of problems, never a crash, a leak or a hang.  Built by
 * configure --enable-fuzzing CC=clang; run by tests/fuzz/run.sh.
 */
#include <stddef.h>
#include <stdint.h>

#include "lib/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag diag = DIAG_INIT;
	struct form *f = form_load_text("fuzz.yaml", (const char *)data, size, &diag);

	if (f) {
		/* exercise the lookups the TUI uses on a valid form */
		struct sbuf sb = SBUF_INIT;

		for (size_t i = 0; i < f->nsections; i++)
			for (size_t j = 0; j < f->sections[i].nquestions; j++) {
				const struct form_question *q = &f->sections[i].questions[j];
				size_t idx[1] = { 1 };

				sbuf_reset(&sb);
				form_answer_path(q, idx, 1, &sb);
				if (form_find(f, sb.buf) != q)
					__builtin_trap();
			}
		sbuf_release(&sb);
	} else if (!diag.n) {
		__builtin_trap();	/* refused without saying why */
	}
	form_free(f);
	diag_release(&diag);
	return 0;
}
