/*
 * yaml_parse.c - the whole-process peer of 'eadr check-form' for
 * bench/form_process.sh: a program linked with libyaml alone that reads a
 * file and runs libyaml's event parser over it once, keeping nothing.
 *
 *   bench/yaml_parse FILE.yaml
 */
#include <stdio.h>

#include <yaml.h>

int main(int argc, char **argv)
{
	yaml_parser_t p;
	yaml_event_t ev;
	FILE *f;
	int done = 0;

	if (argc != 2 || !(f = fopen(argv[1], "rb"))) {
		fprintf(stderr, "usage: yaml_parse FILE.yaml\n");
		return 2;
	}
	if (!yaml_parser_initialize(&p))
		return 1;
	yaml_parser_set_input_file(&p, f);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			fprintf(stderr, "yaml_parse: %s\n", p.problem ? p.problem : "error");
			return 1;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	fclose(f);
	return 0;
}
