/*
 * match.h - finding a person by what a manager types: case, accents,
 * apostrophes, hyphens, dots and spaces do not matter ("zoe" finds Zoë,
 * "o suil" finds Ó Súilleabháin).  Used by the team list's filter and
 * meant for plain mode's choice of a person.
 */
#ifndef EADR_MATCH_H
#define EADR_MATCH_H

/*
 * s folded for matching: lower case, accents and other marks dropped
 * (ß as ss, æ as ae, ø as o, ł as l ...), apostrophes, hyphens, dots
 * and white space left out.  Invalid UTF-8 bytes are kept as they are.
 * The caller frees the result.
 */
char *match_fold(const char *s);

/* 1 when needle, as typed, occurs in hay once both are folded (an empty
 * needle occurs everywhere), else 0. */
int match_name(const char *hay, const char *needle);

#endif
