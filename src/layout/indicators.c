/* indicators.c: what an indicator table says about each nyckeltal.
 *
 * DESIGN.md "Indicator tables": columns are found by their headers; for
 * each row the status (Uppnått, På väg, Ej uppnått, Kan inte bedömas) and
 * the trend (Förbättrad, Oförändrad, Försämrad) are computed from the
 * latest year, unless a `Bedömning` cell sets the status by hand. Only
 * numbers and words here; table.c draws them. */
#include "layout_internal.h"

#include <string.h>

const char *const lo_status_words[LO_STATUS_COUNT] = {
    "Uppnått", "På väg", "Ej uppnått", "Kan inte bedömas"
};
const char *const lo_trend_words[LO_TREND_COUNT] = {
    "", "Förbättrad", "Oförändrad", "Försämrad"
};

/* ASCII case folding is enough for the header words (Enhet, Riktning, Mål,
 * Bedömning); the Swedish letters in them are compared as written and in
 * the capital forms a spreadsheet might produce. */
static int lower_eq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y) return 0;
    }
    return *a == *b;
}

static int is_target_header(const char *h, int *year)
{
    *year = 0;
    const char *rest = NULL;
    if (strncmp(h, "Mål", 4) == 0 || strncmp(h, "mål", 4) == 0 || strncmp(h, "MÅL", 4) == 0)
        rest = h + 4;
    if (!rest) return 0;
    while (*rest == ' ') rest++;
    if (!*rest) return 1;
    *year = rd_header_year(rest);
    return 1;   /* "Mål 2026", or "Mål (andel)": a target for the latest year */
}

int lo_indicator_columns(ts_diag *d, const doc_table *t, lo_indicator_cols *ic)
{
    memset(ic, 0, sizeof *ic);
    ic->unit = ic->direction = ic->assessed = ic->target = -1;
    ic->latest = ic->previous = -1;
    int errors = d->errors;
    int latest_year = 0, prev_year = 0;
    for (int k = 1; k < t->ncols; k++) {
        const char *h = t->header[k].text;
        int year;
        if (lower_eq(h, "Enhet")) ic->unit = k;
        else if (lower_eq(h, "Riktning")) ic->direction = k;
        else if (lower_eq(h, "Bedömning") || lower_eq(h, "BEDÖMNING")) ic->assessed = k;
        else if ((year = rd_header_year(h)) > 0) {
            if (year > latest_year) {
                prev_year = latest_year;
                ic->previous = ic->latest;
                latest_year = year;
                ic->latest = k;
            } else if (year > prev_year && year != latest_year) {
                prev_year = year;
                ic->previous = k;
            } else if (year == latest_year || year == prev_year) {
                ts_error(d, t->header[k].pos, "the year %d heads two columns", year);
            }
        }
    }
    ic->latest_year = latest_year;
    /* the target: the one for the latest year, else one without a year */
    int target_other = -1;
    for (int k = 1; k < t->ncols; k++) {
        int year;
        if (!is_target_header(t->header[k].text, &year)) continue;
        if (year == 0 || year == latest_year) {
            if (ic->target < 0 || year == latest_year) ic->target = k;
        } else if (target_other < 0) {
            target_other = k;
        }
    }
    if (ic->target < 0 && target_other >= 0) {
        ic->target_other = target_other;
        ts_warning(d, t->header[target_other].pos,
                   "'%s' is a target for another year than %d, the latest in the table; "
                   "the status cannot be assessed against it (Kan inte bedömas)",
                   t->header[target_other].text, latest_year);
    } else {
        ic->target_other = -1;
    }
    if (ic->latest < 0)
        ts_error(d, t->header[0].pos, "an indicator table needs columns headed by years "
                 "(2025;2026) holding the values");
    if (ic->direction < 0)
        ts_error(d, t->header[0].pos, "an indicator table needs a 'Riktning' column saying "
                 "which way is better: högre or lägre");
    return d->errors > errors ? -1 : 0;
}

static int direction_of(ts_diag *d, const doc_cell *c)
{
    if (lower_eq(c->text, "högre") || lower_eq(c->text, "HÖGRE")) return 1;
    if (lower_eq(c->text, "lägre") || lower_eq(c->text, "LÄGRE")) return -1;
    ts_error(d, c->pos, "Riktning is '%s'; write högre (higher is better) or lägre "
             "(lower is better)", c->text);
    return 0;
}

int lo_indicator_assess(ts_diag *d, const doc_table *t, const lo_indicator_cols *ic,
                        int row, lo_assessment *out)
{
    memset(out, 0, sizeof *out);
    out->status = LO_STATUS_UNKNOWN;
    out->trend = LO_TREND_NONE;
    int errors = d->errors;
    int dir = direction_of(d, doc_table_cell(t, row, ic->direction));
    const doc_cell *last = ic->latest >= 0 ? doc_table_cell(t, row, ic->latest) : NULL;
    const doc_cell *prev = ic->previous >= 0 ? doc_table_cell(t, row, ic->previous) : NULL;
    const doc_cell *goal = ic->target >= 0 ? doc_table_cell(t, row, ic->target) : NULL;
    int have_last = last && last->kind == DOC_CELL_NUMBER;
    int have_prev = prev && prev->kind == DOC_CELL_NUMBER;
    int have_goal = goal && goal->kind == DOC_CELL_NUMBER;

    /* "better" is in the direction of Riktning; equal is not better */
    int better = 0;
    if (dir && have_last && have_prev) {
        double diff = (last->value - prev->value) * dir;
        better = diff > 0;
        out->trend = diff > 0 ? LO_TREND_BETTER : diff < 0 ? LO_TREND_WORSE : LO_TREND_SAME;
    }
    if (dir && have_last && have_goal) {
        double margin = (last->value - goal->value) * dir;
        out->status = margin >= 0 ? LO_STATUS_MET : better ? LO_STATUS_PROGRESS
                                                           : LO_STATUS_NOT_MET;
    }
    if (ic->assessed >= 0) {
        const doc_cell *a = doc_table_cell(t, row, ic->assessed);
        if (a->text[0]) {
            int found = -1;
            for (int s = 0; s < LO_STATUS_COUNT; s++)
                if (lower_eq(a->text, lo_status_words[s])) found = s;
            if (found < 0) {
                static const char *const words[] = { "Uppnått", "På väg", "Ej uppnått",
                                                     "Kan inte bedömas", NULL };
                const char *sug = ts_suggest(a->text, words);
                if (sug)
                    ts_error(d, a->pos, "Bedömning '%s' is not a status; did you mean '%s'?",
                             a->text, sug);
                else
                    ts_error(d, a->pos, "Bedömning '%s' is not a status; write Uppnått, "
                             "På väg, Ej uppnått or Kan inte bedömas, or leave it empty",
                             a->text);
            } else {
                out->status = (lo_status)found;
                out->assessed = 1;
            }
        }
    }
    return d->errors > errors ? -1 : 0;
}

/* An assessed status is printed "Uppnått*" and the legend under the table
 * explains the mark: "* Status bedömd av förvaltningen, inte beräknad från
 * utfall och mål." The mark only ties the two together for the eye. A
 * listener already hears each marked cell as "Uppnått (bedömd av
 * förvaltningen)" (its ActualText), so the legend reads as its sentence
 * alone: "asterisk" read aloud would be noise pointing at nothing. The
 * mark stays printed; the legend's text is a Span that carries this
 * reading as ActualText (ISO 32000-1 14.9.4), which screen readers and
 * text extraction use instead of the glyphs. An artifact would do the same for
 * the mark, but the legend is one run of text, set by the caption code. */
const char *lo_indicator_legend_reading(ts_arena *a, const char *legend)
{
    size_t n = strlen(legend);
    char *out = ts_arena_alloc(a, n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        int marker = legend[i] == '*' && (i == 0 || legend[i - 1] == ' ') &&
                     legend[i + 1] == ' ';
        if (marker) {
            i++;                          /* the blank after it as well */
            continue;
        }
        out[o++] = legend[i];
    }
    out[o] = '\0';
    return out;
}
