/*
 * lazy.c - opening an optional library when it is first used (lazy.h).
 */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "lazy.h"

#define MAX_LIBS 8

static struct {
	const char *soname;	/* borrowed: the callers' string constants */
	void *handle;
} libs[MAX_LIBS];

static void *handle_of(const char *soname)
{
	for (size_t i = 0; i < MAX_LIBS && libs[i].soname; i++)
		if (!strcmp(libs[i].soname, soname))
			return libs[i].handle;
	return NULL;
}

int lazy_open(const char *soname, struct err *err)
{
	void *h;
	size_t i;

	if (handle_of(soname))
		return 0;
	if (!(h = dlopen(soname, RTLD_NOW | RTLD_LOCAL))) {
		const char *why = dlerror();

		return err_set(err, "the library %s could not be loaded: %s", soname,
			       why ? why : "not found");
	}
	for (i = 0; i < MAX_LIBS && libs[i].soname; i++)
		;
	if (i == MAX_LIBS)
		abort();	/* more libraries than this table: a bug */
	libs[i].soname = soname;
	libs[i].handle = h;
	return 0;
}

void *lazy_sym(const char *soname, const char *name)
{
	void *h = handle_of(soname), *f;

	if (!h || !(f = dlsym(h, name)))
		abort();	/* not opened first, or not in it: a bug */
	return f;
}
