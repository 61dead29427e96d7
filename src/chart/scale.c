/* scale.c: chart types, nice ticks and colour contrast. */
#include "chart.h"

#include <math.h>
#include <string.h>

/* ---- types --------------------------------------------------------------- */

static const struct {
    const char *name;
    const char *description;
} types[] = {
    [CH_BAR] = { "bar", "Stapeldiagram" },
    [CH_GROUPED_BAR] = { "grouped-bar", "Grupperat stapeldiagram" },
    [CH_STACKED_BAR] = { "stacked-bar", "Staplat stapeldiagram" },
    [CH_HORIZONTAL_BAR] = { "horizontal-bar", "Liggande stapeldiagram" },
    [CH_LINE] = { "line", "Linjediagram" },
};
#define N_TYPES ((int)(sizeof types / sizeof types[0]))

const char *ch_type_name(ch_type t)
{
    return (int)t >= 0 && (int)t < N_TYPES ? types[t].name : "?";
}

const char *ch_type_description(ch_type t)
{
    return (int)t >= 0 && (int)t < N_TYPES ? types[t].description : "Diagram";
}

int ch_type_parse(const char *name, ch_type *out)
{
    for (int i = 0; i < N_TYPES; i++)
        if (name && strcmp(name, types[i].name) == 0) {
            *out = (ch_type)i;
            return 0;
        }
    return -1;
}

/* ---- nice ticks ---------------------------------------------------------- */

/* The step mantissas in order of simplicity. */
static const double nice_q[] = { 1, 5, 2 };
#define N_Q 3

static void ticks_default(ch_ticks *out)
{
    memset(out, 0, sizeof *out);
    out->lo = 0;
    out->hi = 1;
    out->step = 0.2;
    out->first = 0;
    out->count = 6;
    out->decimals = 1;
}

/* 10^e for integer e, exact for |e| <= 22 and as good as pow beyond. */
static double pow10i(int e)
{
    double r = 1;
    int n = e < 0 ? -e : e;
    if (n > 22)
        return pow(10.0, (double)e);
    for (int i = 0; i < n; i++)
        r *= 10;
    return e < 0 ? 1 / r : r;
}

int ch_nice_ticks(double dmin, double dmax, int want, ch_ticks *out)
{
    if (!isfinite(dmin) || !isfinite(dmax)) {
        ticks_default(out);
        return -1;
    }
    if (dmin > dmax) {
        double t = dmin;
        dmin = dmax;
        dmax = t;
    }
    if (want < 2)
        want = 2;
    if (want > CH_MAX_TICKS)
        want = CH_MAX_TICKS;
    if (dmin == dmax) {
        if (dmin == 0) {
            ticks_default(out);
            return 0;
        }
        /* one value: put it in the middle of an axis half its size either
         * side, which keeps a positive value's axis at or above zero */
        double half = fabs(dmin) / 2;
        dmin -= half;
        dmax += half;
    }
    double range = dmax - dmin;
    if (!isfinite(range) || range <= 0) {
        ticks_default(out);
        return -1;
    }

    /* Candidates: q × 10^e around the step that would give `want` ticks;
     * each is scored as in Talbot et al. (weights 0.25 simplicity,
     * 0.2 coverage, 0.5 density), the labeling always covering the data. */
    int e0 = (int)floor(log10(range / (want - 1)));
    double best = -INFINITY;
    int found = 0;
    for (int e = e0 - 1; e <= e0 + 2; e++) {
        for (int i = 0; i < N_Q; i++) {
            double step = e < 0 ? nice_q[i] / pow10i(-e) : nice_q[i] * pow10i(e);
            if (!isfinite(step) || step <= 0)
                continue;
            /* a tolerance, so that 0.3 / 0.1 counts as 3 and not 2.9999… */
            double first = floor(dmin / step + 1e-9);
            double last = ceil(dmax / step - 1e-9);
            double n = last - first + 1;
            if (!(n >= 2 && n <= CH_MAX_TICKS))
                continue;
            double lo = first * step, hi = last * step;
            if (!isfinite(lo) || !isfinite(hi))
                continue;
            double simplicity = 1.0 - (double)i / (N_Q - 1) +
                                (first <= 0 && last >= 0 ? 1.0 : 0.0);
            double span = 0.1 * range;
            double coverage = 1.0 - 0.5 * ((dmax - hi) * (dmax - hi) +
                                           (dmin - lo) * (dmin - lo)) / (span * span);
            double ratio = (n - 1) / (double)(want - 1);
            double density = 2.0 - (ratio > 1 ? ratio : 1 / ratio);
            double score = 0.25 * simplicity + 0.2 * coverage + 0.5 * density;
            if (score > best + 1e-12) {
                best = score;
                found = 1;
                out->lo = lo;
                out->hi = hi;
                out->step = step;
                out->first = first;
                out->count = (int)n;
                out->decimals = e < 0 ? -e : 0;
            }
        }
    }
    if (!found) {
        ticks_default(out);
        return -1;
    }
    return 0;
}

double ch_tick_value(const ch_ticks *t, int i)
{
    double k = t->first + i;
    if (k == 0)
        return 0;
    if (t->decimals > 0) {
        /* k × (step × 10^d) is an integer: divide once, exactly rounded */
        double scale = pow10i(t->decimals);
        return k * nearbyint(t->step * scale) / scale;
    }
    return k * t->step;
}

/* ---- contrast ------------------------------------------------------------ */

static double channel(uint8_t v)
{
    double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(rd_color c)
{
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

double ch_contrast(rd_color a, rd_color b)
{
    double la = luminance(a), lb = luminance(b);
    if (la < lb) {
        double t = la;
        la = lb;
        lb = t;
    }
    return (la + 0.05) / (lb + 0.05);
}
