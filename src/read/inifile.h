/* inifile: the INI dialect shared by document.ini and layout files, on top
 * of inih, with the positions our messages need. Internal to src/read.
 *
 * inih gives the handler neither line numbers nor columns, and, as
 * Debian builds it, reads lines of at most 200 bytes and treats an
 * indented line as the continuation of the previous value. This wrapper
 * feeds inih one line at a time and so knows which line each pair came
 * from; it strips leading blanks (so an indented `key = value` is an
 * ordinary pair, never a continuation), carries values of long lines
 * past inih's line buffer, and reports every line inih rejects.
 *
 * The dialect: `[section]`, `key = value` (or `key: value`), whole-line
 * comments starting with `;` or `#`, inline comments starting with ` ;`
 * (a semicolon after a blank). Keys and values are trimmed; a value
 * wholly inside double quotes loses the quotes (so it may hold ` ;`).
 * The text must be UTF-8; a byte-order mark is allowed. */
#ifndef TS_READ_INIFILE_H
#define TS_READ_INIFILE_H

#include "../util/util.h"

typedef struct rd_ini_pair {
    const char *section;   /* "" before any [section] */
    const char *key;
    const char *value;     /* trimmed; only valid during the callback */
    ts_pos key_pos;        /* column of the key's first character */
    ts_pos value_pos;      /* column of the value's first character */
} rd_ini_pair;

typedef struct rd_ini_callbacks {
    /* A `[name]` line; pos is the column of the name. May be NULL. */
    void (*section)(void *user, const char *name, ts_pos pos);
    /* A `key = value` line. */
    void (*pair)(void *user, const rd_ini_pair *p);
} rd_ini_callbacks;

/* Parse `text` (shown as `path`) and call back for every section and pair
 * in order. Lines that are neither are reported as errors. Returns the
 * number of pairs seen, or -1 when the text is not UTF-8 (reported). */
int rd_ini_parse(ts_diag *d, const char *path, const char *text,
                 const rd_ini_callbacks *cb, void *user);

#endif
