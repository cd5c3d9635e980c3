/*
 * name_match.h - finding a person by what a manager types: case, accents,
 * apostrophes, hyphens, dots and spaces do not matter ("zoe" finds Zoë,
 * "o suil" finds Ó Súilleabháin, "obrien" finds O'Brien).  Plain mode's
 * choice of a person uses it.  Nothing here asks the locale.
 */
#ifndef EADR_NAME_MATCH_H
#define EADR_NAME_MATCH_H

/* How well a typed name matches a name, worst to best. */
enum name_match {
	NAME_MATCH_NONE,	/* not at all */
	NAME_MATCH_INSIDE,	/* from inside a word ("hidi" in Chidi) */
	NAME_MATCH_WORD,	/* from the start of a word ("o suil", "bhriain") */
	NAME_MATCH_WHOLE	/* the whole name ("zoe o suilleabhain") */
};

/*
 * s folded for matching: lower case, accents and other combining marks
 * dropped (ß as ss, æ as ae, ø as o, ł as l, þ as th ...), apostrophes
 * (' ’ ‘ ʼ `) left out, and every run of white space, hyphens, dots and
 * other ASCII punctuation left out too.  Letters the table does not know
 * (Greek, CJK, emoji) and invalid UTF-8 bytes are kept as they are.
 * If words is not NULL, *words is set to a string of the same length as
 * the result holding 'w' where a word starts and '.' elsewhere (caller
 * frees it too).  The caller frees the result; never NULL.
 */
char *name_match_fold(const char *s, char **words);

/*
 * How well typed matches name, both folded as above: WHOLE when they are
 * equal, WORD when typed occurs starting at the start of one of name's
 * words, INSIDE when it occurs elsewhere, NONE otherwise.  An empty typed
 * (or one that folds to nothing) matches every name as WORD.
 */
enum name_match name_match(const char *name, const char *typed);

/*
 * Whether folded (what was typed, already folded as above) occurs in name
 * folded: name_match(name, typed) != NAME_MATCH_NONE without allocating
 * (the team list's filter asks it of every staff member).
 */
int name_match_contains(const char *name, const char *folded);

#endif
