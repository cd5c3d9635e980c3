/*
 * forms_dirs.h - where the program looks for form definitions: each
 * --forms DIR in the order given, then $EADR_FORMS, then a "forms" folder
 * beside the running executable (so ./eadr works in a build tree), then
 * the installed forms folder.
 */
#ifndef EADR_FORMS_DIRS_H
#define EADR_FORMS_DIRS_H

#include <stddef.h>

#include "cli.h"

/*
 * The form folders in search order (folders that do not exist are kept;
 * the loader skips them).  Returns the number of folders; *out is an
 * array the caller frees with forms_dirs_free.
 */
size_t forms_dirs(const struct cli *cli, char ***out);
void forms_dirs_free(char **dirs, size_t n);

#endif
