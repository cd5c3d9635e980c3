/*
 * settings.h - the user's settings file, $XDG_CONFIG_HOME/eadr/config
 * (~/.config/eadr/config without it): lines "key = value", '#' comments.
 * Today it holds the trust's name for printed reports ("trust = ...").
 */
#ifndef EADR_SETTINGS_H
#define EADR_SETTINGS_H

#include "err.h"

/*
 * The value of key in the settings file, trimmed, in *value (caller
 * frees).  Returns 1 found, 0 when the file or the key is missing (then
 * *value is NULL), -1 and err ("FILE:LINE: ...") when the file cannot be
 * read or a line is neither a comment nor "key = value".  EADR_CONFIG in
 * the environment names another file.
 */
int settings_get(const char *key, char **value, struct err *err);

#endif
