/* start: a new document folder from a template (`trycksak new`).
 *
 * Prefix st_. A template is a complete document folder kept in the data
 * folder as templates/NAME/ (document.ini, text/, data/, charts/, …), one
 * per layout, NAME being the layout it uses. Its files are copied as they
 * are, except that `{date}` in a text file (.ini .md .csv .chart .txt) is
 * replaced by the creation date. Nothing here reads a document: this stage
 * only writes a new one, which the read stage then reads like any other.
 *
 * Every failure is a usage or system error: the functions print
 * `trycksak: error: …` saying what to do and return -1; main exits 2. */
#ifndef TS_START_H
#define TS_START_H

#include "../util/util.h"

/* The templates in data_dir/templates, sorted, as "a, b, c" for messages
 * (arena memory); "" when there are none. */
char *st_template_names(ts_arena *a, const char *data_dir);

/* The date a new document starts with, as YYYY-MM-DD in out[11]: the day of
 * SOURCE_DATE_EPOCH (UTC) when it is set, so a new folder can be made
 * reproducibly, else today in the local time zone. This is the one place
 * trycksak reads the clock: the date is the author's starting text in
 * document.ini (a required key the author then sets), never part of a PDF
 * by itself. Returns 0, or -1 after a message when SOURCE_DATE_EPOCH is not
 * a number of seconds. */
int st_start_date(char out[11]);

/* Create the document folder `dir` from the template `name` in data_dir,
 * with `date` for {date}. `dir` may not exist yet (its parent must) or may
 * be an empty folder; anything else is refused, so nothing an author wrote
 * is ever overwritten. The folder is built under a temporary name beside
 * `dir` and renamed into place, so a failure leaves nothing half-made.
 * Returns 0, or -1 after a message. */
int st_new(ts_arena *a, const char *dir, const char *name, const char *data_dir,
           const char *date);

#endif
