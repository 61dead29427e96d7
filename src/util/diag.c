/* Diagnostics in the form compilers use, and "did you mean" suggestions. */
#include "util.h"

#include <ctype.h>
#include <libintl.h>
#include <string.h>

const char *ts_gettext(const char *msgid)
{
    return dgettext(TS_TEXTDOMAIN, msgid);
}

const char *ts_ngettext(const char *one, const char *many, unsigned long n)
{
    return dngettext(TS_TEXTDOMAIN, one, many, n);
}

void ts_diag_init(ts_diag *d, FILE *out)
{
    memset(d, 0, sizeof *d);
    d->out = out ? out : stderr;
}

void ts_diag_vreport(ts_diag *d, ts_severity sev, ts_pos pos, const char *fmt,
                     va_list ap)
{
    /* Counting happens first and always, so the exit status is right even
     * when nothing is printed. */
    int stopped_before = d->max_errors > 0 && d->errors > d->max_errors;
    if (sev == TS_ERROR) d->errors++;
    else d->warnings++;

    if (stopped_before || !d->out) return;
    /* The progress line of -v comes from another thread: a message is
     * printed whole. */
    flockfile(d->out);
    if (sev == TS_ERROR && d->max_errors > 0 && d->errors > d->max_errors) {
        fputs(_("too many errors, stopping the list here"), d->out);
        fputc('\n', d->out);
    } else if (sev == TS_ERROR || !d->quiet) {
        /* The position stays first in every language, so editors can
         * jump to it; the word after it and the message are translated. */
        const char *label = sev == TS_ERROR ? _("error") : _("warning");
        if (!pos.file) fprintf(d->out, "trycksak: %s: ", label);
        else if (pos.line <= 0) fprintf(d->out, "%s: %s: ", pos.file, label);
        else if (pos.col <= 0) fprintf(d->out, "%s:%d: %s: ", pos.file, pos.line, label);
        else fprintf(d->out, "%s:%d:%d: %s: ", pos.file, pos.line, pos.col, label);
        vfprintf(d->out, ts_gettext(fmt), ap);
        fputc('\n', d->out);
    }
    fflush(d->out);
    funlockfile(d->out);
}

void ts_diag_report(ts_diag *d, ts_severity sev, ts_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ts_diag_vreport(d, sev, pos, fmt, ap);
    va_end(ap);
}

/* Words longer than this (bytes) get no suggestion: keys and names in
 * documents are short, and the bound keeps the table on the stack. */
#define SUGGEST_MAX 64

/* Optimal-string-alignment distance (Levenshtein plus swapping two
 * neighbouring letters), ASCII case folded; both lengths <= SUGGEST_MAX. */
static size_t edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
    size_t rows[3][SUGGEST_MAX + 1];
    size_t *before = rows[0], *prev = rows[1], *cur = rows[2];

    for (size_t j = 0; j <= lb; j++) prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        int ca = tolower((unsigned char)a[i - 1]);
        for (size_t j = 1; j <= lb; j++) {
            int cb = tolower((unsigned char)b[j - 1]);
            size_t best = prev[j - 1] + (ca != cb);
            if (prev[j] + 1 < best) best = prev[j] + 1;
            if (cur[j - 1] + 1 < best) best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == cb && before[j - 2] + 1 < best)
                best = before[j - 2] + 1;
            cur[j] = best;
        }
        size_t *spare = before;
        before = prev;
        prev = cur;
        cur = spare;
    }
    return prev[lb];
}

/* Close enough: at most one edit per three letters of the word, and
 * always at least one. Ties go to the earlier candidate. */
const char *ts_suggest(const char *word, const char *const *candidates)
{
    size_t lw = strlen(word);
    if (lw == 0 || lw > SUGGEST_MAX || !candidates) return NULL;
    size_t limit = lw / 3 > 1 ? lw / 3 : 1;

    const char *best = NULL;
    size_t best_distance = limit + 1;
    for (size_t k = 0; candidates[k]; k++) {
        size_t lc = strlen(candidates[k]);
        if (lc > SUGGEST_MAX) continue;
        size_t gap = lc > lw ? lc - lw : lw - lc;
        if (gap > limit) continue;
        size_t dist = edit_distance(word, lw, candidates[k], lc);
        if (dist < best_distance) {
            best = candidates[k];
            best_distance = dist;
        }
    }
    return best;
}
