/* chart: vector charts from a chart block and its CSV data.
 *
 * Prefix ch_. Reads a doc_block (its props and its doc_table), validates
 * the values of its keys (the read stage has already checked the key
 * names), and computes the chart's geometry: nice ticks, bars, lines with
 * markers, the target line, the legend and labels that fit. The result is
 * drawn through a dev_device as paths and shaped text in the layout's
 * fonts, so a chart prints sharp and its words extract as text.
 *
 * The caption ("Figur 2. …") and the source note ("Källa: …") are not
 * drawn here: layout sets them with the other captions and numbers them.
 *
 * Coordinates are sp, y growing downward, from the chart's top-left
 * corner; ch_draw adds the place on the page. Arithmetic on data values is
 * double; every position is rounded to sp once (llround), so a chart is
 * the same on every machine that has IEEE doubles. */
#ifndef TS_CHART_H
#define TS_CHART_H

#include "../device/device.h"
#include "../model/model.h"
#include "../read/read.h"
#include "../text/text.h"

typedef enum ch_type {
    CH_BAR,              /* vertical bars, one series (more are drawn grouped) */
    CH_GROUPED_BAR,      /* vertical bars side by side per category */
    CH_STACKED_BAR,      /* vertical bars stacked per category; no negatives */
    CH_HORIZONTAL_BAR,   /* bars along the x axis, categories as rows */
    CH_LINE              /* one line per series with markers */
} ch_type;

/* The chart file's name of a type ("stacked-bar"), and its Swedish
 * description for alt text ("Staplat stapeldiagram"). */
const char *ch_type_name(ch_type t);
const char *ch_type_description(ch_type t);
/* Parse a type name; -1 when unknown. */
int ch_type_parse(const char *name, ch_type *out);

/* ---- scales ------------------------------------------------------------ */

/* Ticks of a value axis: `count` values first*step, (first+1)*step, …,
 * from lo to hi inclusive. step is 1, 2 or 5 × 10^n; `decimals` is the
 * number of decimals that shows every tick exactly (0 for steps ≥ 1). */
typedef struct ch_ticks {
    double lo, hi;       /* the axis range: the first and last tick */
    double step;
    double first;        /* lo / step, an integer held in a double */
    int count;           /* number of ticks, 2 .. CH_MAX_TICKS */
    int decimals;
} ch_ticks;

#define CH_MAX_TICKS 12

/* Nice ticks covering [dmin, dmax] with about `want` ticks (clamped to
 * 2 .. CH_MAX_TICKS), chosen by scoring simplicity (1 before 5 before 2,
 * zero among the ticks), coverage (little empty axis beyond the data)
 * and density (closeness to `want`), in the manner of Talbot, Lin and
 * Hanrahan's extension of Wilkinson's method, restricted to the steps
 * 1, 2, 5 × 10^n and to labelings that cover the data. An empty range
 * (all values equal) is widened around the value; all zero gives 0..1.
 * Non-finite input gives 0..1. Returns 0, or -1 when the range could not
 * be covered (values beyond ±1e300); out is then 0..1. */
int ch_nice_ticks(double dmin, double dmax, int want, ch_ticks *out);
/* The i-th tick value, computed from integers so that 0.1 * 3 prints as
 * 0,3 and a tick meant to be 0 is exactly 0. */
double ch_tick_value(const ch_ticks *t, int i);

/* ---- colours ------------------------------------------------------------- */

/* WCAG 2 contrast ratio of two colours' sRGB values, 1 .. 21. */
double ch_contrast(rd_color a, rd_color b);

/* ---- charts ---------------------------------------------------------------- */

typedef struct ch_chart ch_chart;

/* What a chart is built from. `block` carries the props and the CSV
 * (block->table, NULL when it could not be read: then nothing is drawn
 * and NULL returned without a further message). `at` is where the chart
 * block stands, for messages about keys that are missing. `width` is the
 * width to fill; `max_height` the most the chart may take (a page's text
 * height less its caption), so that it is never split. */
typedef struct ch_input {
    ts_arena *a;
    ts_diag *d;
    tx_fonts *fonts;
    const rd_layout *layout;
    const doc_block *block;
    ts_pos at;
    ts_sp width;
    ts_sp max_height;
    int omit_title;     /* the title is the caption: do not draw it twice */
} ch_input;

/* The most values (rows × series) one chart may draw. A 160 mm wide
 * line chart of 10 000 points already puts 60 of them in a millimetre;
 * more cannot be told apart in print, only slow the program down. */
#define CH_MAX_POINTS 10000

/* Validate the chart's values and lay it out. Problems are reported as
 * file:line:col errors (unknown type, a missing column, a value that is
 * not a number, no data, a negative value in a stacked bar, more series
 * than the palette has colours, more than CH_MAX_POINTS values, a bad
 * height or target) and NULL is
 * returned; warnings (no alt text, long category names) do not stop it.
 * Arena memory. */
ch_chart *ch_build(const ch_input *in);

/* The chart's size in sp. */
ts_sp ch_width(const ch_chart *ch);
ts_sp ch_height(const ch_chart *ch);
/* The alt text: the chart's `alt`, typographed, or the description made
 * from the data (type, title, range, first and last values). */
const char *ch_alt(const ch_chart *ch);

/* Draw the chart with its top-left corner at (x, y): text runs and paths
 * only. The dev_text/dev_path arrays passed to dev stay valid as long as
 * the arena; the segments of paths are passed in a buffer valid only for
 * the call. */
void ch_draw(const ch_chart *ch, dev_device *dev, ts_sp x, ts_sp y);

#endif
