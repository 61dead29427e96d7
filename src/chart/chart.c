/* chart.c: a chart block -> validated series -> geometry -> device calls.
 *
 * ch_build validates every value (the key names were checked when the
 * Markdown was read), then lays the chart out top to bottom:
 *
 *   title            [chart-title] style, wrapped to the width
 *   legend           when there is more than one series
 *   axis title       the unit, above the value axis (not for %: there
 *                    every tick label carries " %")
 *   plot             gridlines at nice ticks, bars from zero or lines
 *                    with markers, the dashed target line
 *   category labels  wrapped under their slot (vertical charts) or
 *                    beside their row (horizontal-bar)
 *
 * and records what it draws as a list of text runs and paths, which
 * ch_draw replays through a device. Value labels are placed only where
 * they collide with nothing already placed (bars, markers, line segments,
 * other labels, the target line and its label); the rest are left out. */
#include "chart.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- the chart ------------------------------------------------------------ */

typedef struct ch_op {
    int is_text;
    dev_text text;
    dev_path path;
} ch_op;

typedef struct ch_series {
    const char *name;
    int col;
    double *v;               /* ncat values */
    unsigned char *has;      /* whether the value is given */
    unsigned char *dec;      /* decimals as written, per value (labels) */
    int decimals;            /* the most decimals written in the column */
} ch_series;

typedef struct ch_rect { ts_sp x0, y0, x1, y1; } ch_rect;

/* One column of the label index: which occupied rectangles (entry 2*i)
 * and line segments (entry 2*k+1, the k-th segment) reach into it. */
typedef struct ch_bucket {
    uint32_t *v;
    uint32_t n, cap;
} ch_bucket;

struct ch_chart {
    ts_arena *a;
    ts_diag *d;
    tx_fonts *f;
    const rd_layout *L;
    ts_pos at;               /* for text problems */
    ch_type type;
    const char *title, *unit, *target_label, *alt;
    int has_target;
    double target;
    int target_decimals;     /* as written */
    int percent;             /* values are percentages: labels end in " %" */
    int ncat;
    const char **cats;
    int nser;
    ch_series *ser;
    ts_sp width, height;
    ch_ticks ticks;

    ch_op *ops;
    size_t nops, cap;
    ch_rect target_r;        /* the target line's area, once drawn */
    int target_drawn;
    ch_rect *occ;            /* occupied areas, for value labels */
    size_t nocc, occ_cap;
    ts_sp *seg;              /* line segments (x0 y0 x1 y1 …), for value labels */
    size_t nseg, seg_cap;
    /* occ and seg indexed by x: the chart's width cut into nbuckets equal
     * columns, each listing what reaches into it, so that placing a label
     * looks only at its neighbours and a chart of n points costs about n
     * tests, not n² (a 100 000-point line took seconds). */
    ch_bucket *bucket;
    int nbuckets;
};

ts_sp ch_width(const ch_chart *ch) { return ch ? ch->width : 0; }
ts_sp ch_height(const ch_chart *ch) { return ch ? ch->height : 0; }
const char *ch_alt(const ch_chart *ch) { return ch ? ch->alt : NULL; }

static ts_sp rnd(double v) { return (ts_sp)llround(v); }
static ts_sp pt(double v) { return TS_SP_FROM_PT(v); }

static dev_color color(rd_color c)
{
    dev_color d = { c.r, c.g, c.b };
    return d;
}

static const dev_color white = { 0xff, 0xff, 0xff };

static ch_op *push_op(ch_chart *ch, int is_text)
{
    if (ch->nops == ch->cap) {
        size_t cap = ch->cap ? ch->cap * 2 : 64;
        ch->ops = ts_arena_realloc(ch->a, ch->ops, ch->cap * sizeof *ch->ops,
                                   cap * sizeof *ch->ops);
        ch->cap = cap;
    }
    ch_op *op = &ch->ops[ch->nops++];
    memset(op, 0, sizeof *op);
    op->is_text = is_text;
    return op;
}

/* The first and last bucket that the x range [x0, x1] reaches; things
 * left or right of the chart fall into the outermost buckets. */
static void bucket_range(const ch_chart *ch, ts_sp x0, ts_sp x1, int *b0, int *b1)
{
    int64_t w = ch->width > 0 ? ch->width : 1;
    int64_t lo = (int64_t)x0 * ch->nbuckets / w, hi = (int64_t)x1 * ch->nbuckets / w;
    if (lo > hi) { int64_t t = lo; lo = hi; hi = t; }
    *b0 = lo < 0 ? 0 : lo >= ch->nbuckets ? ch->nbuckets - 1 : (int)lo;
    *b1 = hi < 0 ? 0 : hi >= ch->nbuckets ? ch->nbuckets - 1 : (int)hi;
}

static void index_add(ch_chart *ch, ts_sp x0, ts_sp x1, uint32_t entry)
{
    int b0, b1;
    bucket_range(ch, x0, x1, &b0, &b1);
    for (int b = b0; b <= b1; b++) {
        ch_bucket *k = &ch->bucket[b];
        if (k->n == k->cap) {
            uint32_t cap = k->cap ? k->cap * 2 : 8;
            k->v = ts_arena_realloc(ch->a, k->v, k->cap * sizeof *k->v, cap * sizeof *k->v);
            k->cap = cap;
        }
        k->v[k->n++] = entry;
    }
}

/* Make the label index for a chart of ncat categories: about two columns
 * per category, at least 16, at most 1024 (a column then still holds a
 * few points of the densest chart allowed, CH_MAX_POINTS). */
static void index_init(ch_chart *ch)
{
    int n = ch->ncat * 2;
    ch->nbuckets = n < 16 ? 16 : n > 1024 ? 1024 : n;
    ch->bucket = ts_arena_alloc(ch->a, (size_t)ch->nbuckets * sizeof *ch->bucket);
    memset(ch->bucket, 0, (size_t)ch->nbuckets * sizeof *ch->bucket);
}

static void occupy(ch_chart *ch, ts_sp x0, ts_sp y0, ts_sp x1, ts_sp y1)
{
    if (ch->nocc == ch->occ_cap) {
        size_t cap = ch->occ_cap ? ch->occ_cap * 2 : 32;
        ch->occ = ts_arena_realloc(ch->a, ch->occ, ch->occ_cap * sizeof *ch->occ,
                                   cap * sizeof *ch->occ);
        ch->occ_cap = cap;
    }
    ch_rect r = { x0 < x1 ? x0 : x1, y0 < y1 ? y0 : y1, x0 < x1 ? x1 : x0,
                  y0 < y1 ? y1 : y0 };
    index_add(ch, r.x0, r.x1, (uint32_t)(2 * ch->nocc));
    ch->occ[ch->nocc++] = r;
}

static void add_segment(ch_chart *ch, ts_sp x0, ts_sp y0, ts_sp x1, ts_sp y1)
{
    if (ch->nseg + 4 > ch->seg_cap) {
        size_t cap = ch->seg_cap ? ch->seg_cap * 2 : 64;
        ch->seg = ts_arena_realloc(ch->a, ch->seg, ch->seg_cap * sizeof *ch->seg,
                                   cap * sizeof *ch->seg);
        ch->seg_cap = cap;
    }
    index_add(ch, x0, x1, (uint32_t)(2 * (ch->nseg / 4) + 1));
    ch->seg[ch->nseg++] = x0;
    ch->seg[ch->nseg++] = y0;
    ch->seg[ch->nseg++] = x1;
    ch->seg[ch->nseg++] = y1;
}

/* Does the segment cross the rectangle? (Liang–Barsky clipping.) */
static int segment_hits(const ch_rect *r, double x0, double y0, double x1, double y1)
{
    double t0 = 0, t1 = 1, dx = x1 - x0, dy = y1 - y0;
    double p[4] = { -dx, dx, -dy, dy };
    double q[4] = { x0 - r->x0, r->x1 - x0, y0 - r->y0, r->y1 - y0 };
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return 0;
            continue;
        }
        double t = q[i] / p[i];
        if (p[i] < 0) {
            if (t > t1) return 0;
            if (t > t0) t0 = t;
        } else {
            if (t < t0) return 0;
            if (t < t1) t1 = t;
        }
    }
    return 1;
}

/* Would a label inside a bar at r cross the target line? */
static int crosses_target(const ch_chart *ch, ch_rect r)
{
    const ch_rect *o = &ch->target_r;
    return ch->target_drawn && r.x0 < o->x1 && o->x0 < r.x1 && r.y0 < o->y1 && o->y0 < r.y1;
}

/* Is the rectangle free of everything placed so far? Only the buckets
 * the rectangle reaches are looked at: whatever overlaps it reaches one
 * of them too. */
static int is_free(const ch_chart *ch, ch_rect r)
{
    int b0, b1;
    bucket_range(ch, r.x0, r.x1, &b0, &b1);
    for (int b = b0; b <= b1; b++) {
        const ch_bucket *k = &ch->bucket[b];
        for (uint32_t j = 0; j < k->n; j++) {
            uint32_t e = k->v[j];
            if ((e & 1) == 0) {
                const ch_rect *o = &ch->occ[e / 2];
                if (r.x0 < o->x1 && o->x0 < r.x1 && r.y0 < o->y1 && o->y0 < r.y1)
                    return 0;
            } else {
                const ts_sp *g = &ch->seg[(size_t)(e / 2) * 4];
                if (segment_hits(&r, g[0], g[1], g[2], g[3]))
                    return 0;
            }
        }
    }
    return 1;
}

/* ---- text ---------------------------------------------------------------- */

static ts_sp measure(ch_chart *ch, rd_face face, ts_sp size, const char *s)
{
    return tx_measure(ch->f, face, size, s, strlen(s));
}

/* Shape s and record it with the left end of its baseline at (x, y).
 * Returns its width. */
static ts_sp put_text(ch_chart *ch, rd_face face, ts_sp size, dev_color col,
                      const char *s, ts_sp x, ts_sp y)
{
    tx_run *runs = NULL;
    int n = tx_shape(ch->f, ch->a, ch->d, ch->at, face, size, s, strlen(s), &runs);
    ts_sp xx = x;
    for (int i = 0; i < n; i++) {
        const tx_run *r = &runs[i];
        if (r->count <= 0)
            continue;
        uint32_t *cps, *gids;
        ts_sp *adv, *yoff;
        tx_run_arrays(ch->a, r, &cps, &gids, &adv, &yoff);
        ch_op *op = push_op(ch, 1);
        dev_text *t = &op->text;
        t->font = r->font;
        t->font_path = tx_font_path(ch->f, r->font);
        t->size = r->size;
        t->x = xx;
        t->y = y;
        t->color = col;
        t->count = r->count;
        t->cps = cps;
        t->gids = gids;
        t->advances = adv;
        t->y_offsets = yoff;
        xx += r->width;
    }
    return xx - x;
}

/* The baseline of a line of `st` below the line's top: the ascent plus
 * half of what the leading leaves over, as paragraphs do. */
static ts_sp baseline_of(ch_chart *ch, const rd_style *st)
{
    ts_sp asc = tx_ascent(ch->f, st->face, st->size);
    ts_sp desc = tx_descent(ch->f, st->face, st->size);
    ts_sp extra = st->leading - asc - desc;
    return asc + (extra > 0 ? extra / 2 : 0);
}

/* Height of digits and capitals above the baseline (Open Sans and DejaVu
 * both have caps at about 0.71 em), for centring labels on a point. */
static ts_sp cap_height(ts_sp size) { return (ts_sp)((int64_t)size * 71 / 100); }

typedef struct ch_lines {
    const char **v;
    int n;
} ch_lines;

static void lines_push(ch_chart *ch, ch_lines *l, const char *s, size_t len)
{
    const char **nv = ts_arena_alloc(ch->a, (size_t)(l->n + 1) * sizeof *nv);
    if (l->n)
        memcpy(nv, l->v, (size_t)l->n * sizeof *nv);
    nv[l->n++] = ts_arena_strndup(ch->a, s, len);
    l->v = nv;
}

/* Greedy word wrap of s into lines no wider than w. A word wider than w
 * is cut between characters (and *cut set), so nothing overlaps. */
static ch_lines wrap(ch_chart *ch, rd_face face, ts_sp size, const char *s, ts_sp w,
                     int *cut)
{
    ch_lines out = { NULL, 0 };
    ts_buf line = { 0 };
    const char *p = s;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        size_t wl = strcspn(p, " ");
        ts_buf trial = { 0 };
        if (line.len) {
            ts_buf_append(&trial, line.data, line.len);
            ts_buf_putc(&trial, ' ');
        }
        ts_buf_append(&trial, p, wl);
        if (!line.len || measure(ch, face, size, ts_buf_cstr(&trial)) <= w) {
            ts_buf_free(&line);
            line = trial;
        } else {
            ts_buf_free(&trial);
            lines_push(ch, &out, line.data, line.len);
            line.len = 0;
            ts_buf_append(&line, p, wl);
        }
        p += wl;
        /* a single word wider than w: cut it between characters */
        while (measure(ch, face, size, ts_buf_cstr(&line)) > w) {
            size_t keep = 0, off = 0;
            while (off < line.len) {
                uint32_t cp;
                int nb = ts_utf8_decode(line.data + off, line.len - off, &cp);
                char *head = ts_arena_strndup(ch->a, line.data, off + (size_t)nb);
                if (off > 0 && measure(ch, face, size, head) > w)
                    break;
                off += (size_t)nb;
                keep = off;
            }
            if (keep == 0 || keep >= line.len)
                break;
            if (cut)
                *cut = 1;
            lines_push(ch, &out, line.data, keep);
            memmove(line.data, line.data + keep, line.len - keep);
            line.len -= keep;
        }
    }
    if (line.len)
        lines_push(ch, &out, line.data, line.len);
    ts_buf_free(&line);
    if (out.n == 0)
        lines_push(ch, &out, "", 0);
    return out;
}

/* ---- paths --------------------------------------------------------------- */

static dev_path *put_path(ch_chart *ch, int count)
{
    ch_op *op = push_op(ch, 0);
    dev_path_seg *segs = ts_arena_alloc(ch->a, (size_t)count * sizeof *segs);
    op->path.count = count;
    op->path.segs = segs;
    return &op->path;
}

static dev_path_seg *segs_of(dev_path *p) { return (dev_path_seg *)p->segs; }

static void put_rect(ch_chart *ch, ts_sp x0, ts_sp y0, ts_sp x1, ts_sp y1, dev_color fill)
{
    if (x1 < x0) { ts_sp t = x0; x0 = x1; x1 = t; }
    if (y1 < y0) { ts_sp t = y0; y0 = y1; y1 = t; }
    dev_path *p = put_path(ch, 5);
    dev_path_seg *s = segs_of(p);
    s[0].op = DEV_MOVE; s[0].x[0] = x0; s[0].y[0] = y0;
    s[1].op = DEV_LINE; s[1].x[0] = x1; s[1].y[0] = y0;
    s[2].op = DEV_LINE; s[2].x[0] = x1; s[2].y[0] = y1;
    s[3].op = DEV_LINE; s[3].x[0] = x0; s[3].y[0] = y1;
    s[4].op = DEV_CLOSE;
    p->fill = 1;
    p->fill_color = fill;
}

static void put_line(ch_chart *ch, ts_sp x0, ts_sp y0, ts_sp x1, ts_sp y1,
                     dev_color col, ts_sp width, int dash_count, const ts_sp *dash)
{
    dev_path *p = put_path(ch, 2);
    dev_path_seg *s = segs_of(p);
    s[0].op = DEV_MOVE; s[0].x[0] = x0; s[0].y[0] = y0;
    s[1].op = DEV_LINE; s[1].x[0] = x1; s[1].y[0] = y1;
    p->stroke = 1;
    p->stroke_color = col;
    p->line_width = width;
    p->dash_count = dash_count;
    p->dash = dash;
}

/* ---- series styles: colour, dash and marker --------------------------------- */

/* Line series differ by dash pattern and marker shape as well as colour,
 * so that a greyscale print and a reader who cannot tell the colours
 * apart still tell the lines apart. Lengths in pt. */
static const double dash_pt[8][4] = {
    { 0, 0, 0, 0 }, { 6, 3, 0, 0 }, { 1.5, 2.5, 0, 0 }, { 8, 3, 2, 3 },
    { 4, 2, 0, 0 }, { 10, 3, 0, 0 }, { 3, 2, 1, 2 }, { 12, 2, 2, 2 },
};
static const int dash_n[8] = { 0, 2, 2, 4, 2, 2, 4, 4 };

typedef enum marker { M_CIRCLE, M_SQUARE, M_TRIANGLE, M_DIAMOND, M_TRIANGLE_DOWN,
                      M_PENTAGON, M_HEXAGON, M_STAR } marker;

static const ts_sp *series_dash(ch_chart *ch, int s, int *count)
{
    int k = s % 8;
    *count = dash_n[k];
    if (!*count)
        return NULL;
    ts_sp *d = ts_arena_alloc(ch->a, 4 * sizeof *d);
    for (int i = 0; i < *count; i++)
        d[i] = pt(dash_pt[k][i]);
    return d;
}

static dev_color series_color(const ch_chart *ch, int s)
{
    int n = ch->L->palette_count > 0 ? ch->L->palette_count : 1;
    return color(ch->L->palette[s % n]);
}

/* A filled marker centred on (x, y) with radius r, outlined in white so
 * that it stands clear of lines and gridlines. */
static void put_marker(ch_chart *ch, int s, ts_sp x, ts_sp y, ts_sp r)
{
    marker m = (marker)(s % 8);
    dev_path *p;
    if (m == M_CIRCLE) {
        /* four cubic arcs; 0.5523 is the usual control distance */
        ts_sp k = (ts_sp)((int64_t)r * 5523 / 10000);
        p = put_path(ch, 6);
        dev_path_seg *g = segs_of(p);
        g[0].op = DEV_MOVE; g[0].x[0] = x + r; g[0].y[0] = y;
        ts_sp cx[4][3][2] = {
            { { x + r, y + k }, { x + k, y + r }, { x, y + r } },
            { { x - k, y + r }, { x - r, y + k }, { x - r, y } },
            { { x - r, y - k }, { x - k, y - r }, { x, y - r } },
            { { x + k, y - r }, { x + r, y - k }, { x + r, y } },
        };
        for (int i = 0; i < 4; i++) {
            g[1 + i].op = DEV_CURVE;
            for (int j = 0; j < 3; j++) {
                g[1 + i].x[j] = cx[i][j][0];
                g[1 + i].y[j] = cx[i][j][1];
            }
        }
        g[5].op = DEV_CLOSE;
    } else {
        /* polygons: vertex count and the angle of the first vertex; a
         * square reads smaller than a circle of the same radius, so it is
         * drawn slightly smaller, triangles slightly larger */
        int n = 4;
        double a0 = 45, scale = 0.9;
        int star = 0;
        switch (m) {
        case M_SQUARE: n = 4; a0 = 45; scale = 1.15; break;
        case M_TRIANGLE: n = 3; a0 = -90; scale = 1.3; break;
        case M_DIAMOND: n = 4; a0 = -90; scale = 1.3; break;
        case M_TRIANGLE_DOWN: n = 3; a0 = 90; scale = 1.3; break;
        case M_PENTAGON: n = 5; a0 = -90; scale = 1.15; break;
        case M_HEXAGON: n = 6; a0 = 0; scale = 1.1; break;
        case M_STAR: n = 10; a0 = -90; scale = 1.45; star = 1; break;
        default: break;
        }
        p = put_path(ch, n + 2);
        dev_path_seg *g = segs_of(p);
        for (int i = 0; i < n; i++) {
            double ang = (a0 + 360.0 * i / n) * M_PI / 180.0;
            double rr = r * scale * (star && (i & 1) ? 0.45 : 1.0);
            g[i].op = i ? DEV_LINE : DEV_MOVE;
            g[i].x[0] = x + rnd(rr * cos(ang));
            g[i].y[0] = y + rnd(rr * sin(ang));
        }
        g[n].op = DEV_LINE;
        g[n].x[0] = g[0].x[0];
        g[n].y[0] = g[0].y[0];
        g[n + 1].op = DEV_CLOSE;
    }
    p->fill = 1;
    p->fill_color = series_color(ch, s);
    p->stroke = 1;
    p->stroke_color = white;
    p->line_width = pt(0.75);
    occupy(ch, x - r * 3 / 2, y - r * 3 / 2, x + r * 3 / 2, y + r * 3 / 2);
}

/* ---- numbers --------------------------------------------------------------- */

static const char *fmt_value(ch_chart *ch, double v, int decimals)
{
    return rd_number_format(ch->a, v, decimals, 4, ch->percent);
}

static const char *fmt_tick(ch_chart *ch, int i)
{
    return fmt_value(ch, ch_tick_value(&ch->ticks, i), ch->ticks.decimals);
}

/* A value with its unit, for alt text: "10 400 st", "45 %". */
static const char *fmt_with_unit(ch_chart *ch, double v, int decimals)
{
    const char *n = rd_number_format(ch->a, v, decimals, 5, ch->percent);
    if (ch->percent || !ch->unit || !*ch->unit)
        return n;
    return ts_arena_printf(ch->a, "%s\u00a0%s", n, ch->unit);
}

/* ---- validation -------------------------------------------------------------- */

static const doc_prop *prop(const doc_block *b, const char *key)
{
    for (const doc_prop *p = b->props; p; p = p->next)
        if (strcmp(p->key, key) == 0 && p->value && *p->value)
            return p;
    return NULL;
}

/* Where to report something missing: the chart file's first line, or the
 * block. */
static ts_pos top_pos(const ch_input *in)
{
    if (in->block->chart_file) {
        ts_pos p = { in->block->chart_file, 1, 1 };
        return p;
    }
    return in->at;
}

static char *trim(ts_arena *a, const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) { s++; n--; }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    return ts_arena_strndup(a, s, n);
}

static const char *file_name(const char *path)
{
    const char *s = strrchr(path ? path : "", '/');
    return s ? s + 1 : (path ? path : "");
}

static int find_column(const doc_table *t, const char *name)
{
    for (int i = 0; i < t->ncols; i++)
        if (t->header[i].text && strcmp(t->header[i].text, name) == 0)
            return i;
    return -1;
}

static void missing_column(const ch_input *in, const doc_table *t, ts_pos at,
                           const char *key, const char *name)
{
    const char **names = ts_arena_alloc(in->a, (size_t)(t->ncols + 1) * sizeof *names);
    ts_buf list = { 0 };
    for (int i = 0; i < t->ncols; i++) {
        names[i] = t->header[i].text ? t->header[i].text : "";
        ts_buf_printf(&list, "%s%s", i ? ", " : "", names[i]);
    }
    const char *sug = ts_suggest(name, names);
    if (sug)
        ts_error(in->d, at, "%s: no column '%s' in %s; did you mean '%s'?", key, name,
                 file_name(t->path), sug);
    else
        ts_error(in->d, at, "%s: no column '%s' in %s; its columns are %s", key, name,
                 file_name(t->path), ts_buf_cstr(&list));
    ts_buf_free(&list);
}

/* Is every cell of column `col` a number or empty, with at least one number? */
static int numeric_column(const doc_table *t, int col)
{
    int numbers = 0;
    for (int r = 0; r < t->nrows; r++) {
        const doc_cell *c = doc_table_cell(t, r, col);
        if (c->kind == DOC_CELL_TEXT)
            return 0;
        numbers += c->kind == DOC_CELL_NUMBER;
    }
    return numbers > 0;
}

/* Read column `col` into a series; errors name each cell that is not a
 * number. Returns the number of errors. */
static int read_series(const ch_input *in, const doc_table *t, int col, ch_series *s,
                       int *percent)
{
    int errors = 0;
    s->name = t->header[col].text;
    s->col = col;
    s->v = ts_arena_alloc(in->a, (size_t)(t->nrows + 1) * sizeof *s->v);
    s->has = ts_arena_alloc(in->a, (size_t)(t->nrows + 1));
    s->dec = ts_arena_alloc(in->a, (size_t)(t->nrows + 1));
    int all_percent = 1, numbers = 0;
    for (int r = 0; r < t->nrows; r++) {
        const doc_cell *c = doc_table_cell(t, r, col);
        if (c->kind == DOC_CELL_NUMBER) {
            s->v[r] = c->value;
            s->has[r] = 1;
            s->dec[r] = (unsigned char)(c->decimals < 0 ? 0 : c->decimals > 12 ? 12 : c->decimals);
            if (c->decimals > s->decimals)
                s->decimals = c->decimals;
            all_percent &= c->percent != 0;
            numbers++;
        } else if (c->kind == DOC_CELL_TEXT) {
            ts_error(in->d, c->pos, "'%s' in column '%s' is not a number; write it "
                     "like 12 450 or 38,4, or leave the cell empty (or ..) when "
                     "there is no value", c->text, s->name);
            errors++;
        }
    }
    if (numbers == 0 && !errors) {
        ts_error(in->d, t->header[col].pos, "column '%s' has no values to draw", s->name);
        errors++;
    }
    *percent = numbers > 0 && all_percent;
    return errors;
}

/* ---- the legend ----------------------------------------------------------- */

/* Swatches and names in rows across the width from y; returns the y below. */
static ts_sp put_legend(ch_chart *ch, ts_sp y)
{
    const rd_style *st = &ch->L->chart;
    ts_sp fs = st->size, lead = st->leading;
    ts_sp base = baseline_of(ch, st);
    int lines = ch->type == CH_LINE;
    ts_sp sw = lines ? pt(20) : fs * 8 / 10;       /* swatch width */
    ts_sp gap = fs / 2, item_gap = fs * 2;
    ts_sp x = 0;
    int row = 0;
    for (int s = 0; s < ch->nser; s++) {
        const char *name = tx_typography(ch->a, ch->ser[s].name);
        ts_sp w = sw + gap + measure(ch, st->face, fs, name);
        if (x > 0 && x + w > ch->width) {
            x = 0;
            row++;
        }
        ts_sp top = y + row * lead;
        ts_sp mid = top + base - cap_height(fs) / 2;
        if (lines) {
            int dn;
            const ts_sp *dash = series_dash(ch, s, &dn);
            put_line(ch, x, mid, x + sw, mid, series_color(ch, s), ch->L->chart_line_width,
                     dn, dash);
            put_marker(ch, s, x + sw / 2, mid, fs * 35 / 100);
        } else {
            put_rect(ch, x, mid - sw / 2, x + sw, mid + sw / 2, series_color(ch, s));
        }
        put_text(ch, st->face, fs, color(st->color), name, x + sw + gap, top + base);
        x += w + item_gap;
    }
    /* the legend is not a place for value labels */
    ch->nocc = 0;
    return y + (row + 1) * lead;
}

/* ---- vertical charts: bar, grouped-bar, stacked-bar, line --------------------- */

typedef struct vgeom {
    ts_sp x0, x1, y0, y1;    /* the plot area */
    double lo, hi;
} vgeom;

static ts_sp vy(const vgeom *g, double v)
{
    double t = (v - g->lo) / (g->hi - g->lo);
    return g->y1 - rnd(t * (double)(g->y1 - g->y0));
}

static ts_sp hx(const vgeom *g, double v)
{
    double t = (v - g->lo) / (g->hi - g->lo);
    return g->x0 + rnd(t * (double)(g->x1 - g->x0));
}

/* The range the value axis must cover. */
static void data_range(const ch_chart *ch, double *mn, double *mx)
{
    int bars = ch->type != CH_LINE;
    double lo = bars ? 0 : INFINITY, hi = bars ? 0 : -INFINITY;
    for (int c = 0; c < ch->ncat; c++) {
        double sum = 0;
        for (int s = 0; s < ch->nser; s++) {
            if (!ch->ser[s].has[c])
                continue;
            double v = ch->ser[s].v[c];
            sum += v;
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        if (ch->type == CH_STACKED_BAR && sum > hi)
            hi = sum;
    }
    if (ch->has_target) {
        if (ch->target < lo) lo = ch->target;
        if (ch->target > hi) hi = ch->target;
    }
    if (!(lo <= hi))
        lo = hi = 0;
    /* a line chart's axis need not start at zero; a little room beyond the
     * data keeps the extreme points and a target off the plot's edges
     * (without crossing zero, so positive data keeps a positive axis) */
    if (!bars && hi > lo) {
        double pad = (hi - lo) / 20;
        lo = lo >= 0 && lo - pad < 0 ? 0 : lo - pad;
        hi = hi <= 0 && hi + pad > 0 ? 0 : hi + pad;
    }
    *mn = lo;
    *mx = hi;
}

static ts_sp widest_tick(ch_chart *ch)
{
    ts_sp w = 0;
    for (int i = 0; i < ch->ticks.count; i++) {
        ts_sp m = measure(ch, ch->L->chart.face, ch->L->chart.size, fmt_tick(ch, i));
        if (m > w) w = m;
    }
    return w;
}

static int clamp_int(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* Try a value label in rectangle r (baseline at r.y1 minus the descent
 * room); record and draw it when free. */
static int try_label(ch_chart *ch, const char *s, ts_sp x, ts_sp base, ts_sp w,
                     ch_rect limit, dev_color col)
{
    const rd_style *st = &ch->L->chart;
    ch_rect r = { x - pt(1), base - cap_height(st->size) - pt(1), x + w + pt(1),
                  base + st->size / 5 };
    if (r.x0 < limit.x0 || r.x1 > limit.x1 || r.y0 < limit.y0 || r.y1 > limit.y1)
        return 0;
    if (!is_free(ch, r))
        return 0;
    put_text(ch, st->face, st->size, col, s, x, base);
    occupy(ch, r.x0, r.y0, r.x1, r.y1);
    return 1;
}

/* White or the text colour, whichever reads better on `bg`. */
static dev_color label_on(const ch_chart *ch, dev_color bg)
{
    rd_color b = { bg.r, bg.g, bg.b, 0, 0, 0, 0 };
    rd_color w = { 0xff, 0xff, 0xff, 0, 0, 0, 0 };
    return ch_contrast(w, b) >= ch_contrast(ch->L->chart.color, b) ? white
                                                                   : color(ch->L->chart.color);
}

/* The title (when the chart draws its own) and, for more than one series,
 * the legend, from the top; returns the height they take. */
static ts_sp put_title_and_legend(ch_chart *ch, int draw_title)
{
    const rd_layout *L = ch->L;
    ts_sp lead = L->chart.leading;
    ts_sp y = 0;
    if (draw_title && ch->title) {
        const rd_style *ts = &L->chart_title;
        ch_lines tl = wrap(ch, ts->face, ts->size, ch->title, ch->width, NULL);
        ts_sp tb = baseline_of(ch, ts);
        for (int i = 0; i < tl.n; i++)
            put_text(ch, ts->face, ts->size, color(ts->color), tl.v[i], 0,
                     y + i * ts->leading + tb);
        y += tl.n * ts->leading + lead / 2;
    }
    if (ch->nser > 1)
        y = put_legend(ch, y) + lead / 2;
    return y;
}

static void layout_vertical(ch_chart *ch, ts_sp height, int draw_title)
{
    const rd_layout *L = ch->L;
    const rd_style *st = &L->chart;
    ts_sp fs = st->size, lead = st->leading, gap = fs / 2;
    ts_sp base = baseline_of(ch, st);
    ts_sp W = ch->width;
    dev_color text_col = color(st->color);
    ts_sp y = put_title_and_legend(ch, draw_title);
    ts_sp unit_top = -1;
    const char *unit_text = ch->unit && *ch->unit && !ch->percent ? ch->unit : NULL;
    if (unit_text) {
        unit_top = y;
        y += lead;
    }
    vgeom g;
    g.y0 = y + lead / 2;

    /* the target's label stands right of the plot, level with its line */
    const char *tlabel = NULL;
    ts_sp tlabel_w = 0;
    if (ch->has_target) {
        tlabel = ch->target_label ? ch->target_label
                                  : fmt_value(ch, ch->target, ch->target_decimals);
        tlabel_w = measure(ch, st->face, fs, tlabel);
        if (tlabel_w > W / 4) {
            tlabel_w = W / 4;
        }
    }
    ts_sp right = tlabel ? tlabel_w + gap : 0;

    /* ticks, the tick labels' width and the category labels' lines depend
     * on one another: settle them in a few rounds */
    double mn, mx;
    data_range(ch, &mn, &mx);
    ts_sp cat_h = 0, tw = 0, sw = 0;
    ch_lines *cl = ts_arena_alloc(ch->a, (size_t)ch->ncat * sizeof *cl);
    int cut = 0, maxl = 1;
    g.y1 = height - 2 * lead;
    for (int round = 0; round < 3; round++) {
        int want = clamp_int((int)((g.y1 - g.y0) / (3 * lead)) + 1, 3, 8);
        ch_nice_ticks(mn, mx, want, &ch->ticks);
        tw = widest_tick(ch);
        g.x0 = tw + gap;
        g.x1 = W - right;
        sw = (g.x1 - g.x0) / (ch->ncat > 0 ? ch->ncat : 1);
        maxl = 1;
        cut = 0;
        for (int c = 0; c < ch->ncat; c++) {
            cl[c] = wrap(ch, st->face, fs, ch->cats[c], sw - gap, &cut);
            if (cl[c].n > maxl) maxl = cl[c].n;
        }
        cat_h = lead / 3 + maxl * lead;
        g.y1 = height - cat_h;
        if (g.y1 - g.y0 < 4 * lead)
            g.y1 = g.y0 + 4 * lead;
    }
    ch->height = g.y1 + cat_h;
    if (cut || maxl > 3)
        ts_warning(ch->d, ch->at, "the category labels are too long for a %s chart "
                   "this wide and are broken over %d lines; type = horizontal-bar "
                   "gives them room", ch_type_name(ch->type), maxl);
    g.lo = ch->ticks.lo;
    g.hi = ch->ticks.hi;

    /* gridlines and tick labels */
    ts_sp zero_y = g.lo <= 0 && g.hi >= 0 ? vy(&g, 0) : g.y1;
    for (int i = 0; i < ch->ticks.count; i++) {
        ts_sp ty = vy(&g, ch_tick_value(&ch->ticks, i));
        if (ty != zero_y)
            put_line(ch, g.x0, ty, g.x1, ty, color(L->chart_grid), L->chart_grid_width, 0,
                     NULL);
        const char *s = fmt_tick(ch, i);
        ts_sp w = measure(ch, st->face, fs, s);
        put_text(ch, st->face, fs, text_col, s, g.x0 - gap - w, ty + cap_height(fs) / 2);
    }
    if (unit_text) {
        put_text(ch, st->face, fs, text_col, unit_text, 0, unit_top + base);
        occupy(ch, 0, unit_top, measure(ch, st->face, fs, unit_text) + gap, unit_top + lead);
    }

    /* bars */
    int grouped = ch->type == CH_GROUPED_BAR || (ch->type == CH_BAR && ch->nser > 1);
    ts_sp cap_w = pt(48);
    ts_sp bw, pitch;
    if (grouped) {
        ts_sp gw = sw * 8 / 10;
        if (gw > cap_w * ch->nser) gw = cap_w * ch->nser;
        pitch = gw / ch->nser;
        bw = pitch - (pitch / 8 > pt(1) ? pitch / 8 : pt(1));
    } else {
        bw = sw * 6 / 10;
        if (bw > cap_w) bw = cap_w;
        pitch = bw;
    }
    if (bw < pt(0.5)) bw = pt(0.5);
    ch_rect limit = { g.x0, g.y0 - lead / 2, g.x1, g.y1 + lead / 3 };

    if (ch->type != CH_LINE) {
        for (int c = 0; c < ch->ncat; c++) {
            ts_sp cx = g.x0 + sw * c + sw / 2;
            double acc = 0;
            for (int s = 0; s < ch->nser; s++) {
                if (!ch->ser[s].has[c])
                    continue;
                double v = ch->ser[s].v[c];
                ts_sp bx = grouped ? cx - pitch * ch->nser / 2 + pitch * s + (pitch - bw) / 2
                                   : cx - bw / 2;
                ts_sp ya, yb;
                if (ch->type == CH_STACKED_BAR) {
                    ya = vy(&g, acc);
                    yb = vy(&g, acc + v);
                    acc += v;
                } else {
                    ya = zero_y;
                    yb = vy(&g, v);
                }
                if (ya != yb)
                    put_rect(ch, bx, ya, bx + bw, yb, series_color(ch, s));
                if (ch->type == CH_STACKED_BAR && s > 0 && ya != yb)
                    put_line(ch, bx, ya, bx + bw, ya, white, pt(0.75), 0, NULL);
                occupy(ch, bx, ya, bx + bw, yb);
            }
        }
    }

    /* the zero line over the bars' feet */
    put_line(ch, g.x0, zero_y, g.x1, zero_y, color(L->chart_axis), L->chart_grid_width, 0,
             NULL);

    /* lines with markers */
    ts_sp mr = fs * 4 / 10;    /* marker radius */
    if (ch->type == CH_LINE) {
        for (int s = 0; s < ch->nser; s++) {
            int dn;
            const ts_sp *dash = series_dash(ch, s, &dn);
            /* one path, a new subpath after each missing value */
            dev_path *p = put_path(ch, ch->ncat);
            dev_path_seg *sg = segs_of(p);
            int n = 0, prev = 0;
            ts_sp px = 0, py = 0;
            for (int c = 0; c < ch->ncat; c++) {
                if (!ch->ser[s].has[c]) {
                    prev = 0;
                    continue;
                }
                ts_sp x = g.x0 + sw * c + sw / 2, yv = vy(&g, ch->ser[s].v[c]);
                sg[n].op = prev ? DEV_LINE : DEV_MOVE;
                sg[n].x[0] = x;
                sg[n].y[0] = yv;
                n++;
                if (prev)
                    add_segment(ch, px, py, x, yv);
                prev = 1;
                px = x;
                py = yv;
            }
            p->count = n;
            p->stroke = 1;
            p->stroke_color = series_color(ch, s);
            p->line_width = L->chart_line_width;
            p->dash_count = dn;
            p->dash = dash;
        }
        for (int s = 0; s < ch->nser; s++)
            for (int c = 0; c < ch->ncat; c++)
                if (ch->ser[s].has[c])
                    put_marker(ch, s, g.x0 + sw * c + sw / 2, vy(&g, ch->ser[s].v[c]), mr);
    }

    /* the target line, dashed, with its label right of the plot */
    if (ch->has_target) {
        ts_sp ty = vy(&g, ch->target);
        ts_sp *dash = ts_arena_alloc(ch->a, 2 * sizeof *dash);
        dash[0] = pt(4);
        dash[1] = pt(2.5);
        put_line(ch, g.x0, ty, g.x1, ty, color(L->chart_target), pt(1.25), 2, dash);
        occupy(ch, g.x0, ty - pt(1.5), g.x1, ty + pt(1.5));
        ch->target_r = (ch_rect){ g.x0, ty - pt(1.5), g.x1, ty + pt(1.5) };
        ch->target_drawn = 1;
        ch_lines tl = wrap(ch, st->face, fs, tlabel, tlabel_w, NULL);
        ts_sp first = ty + cap_height(fs) / 2 - (tl.n - 1) * lead / 2;
        for (int i = 0; i < tl.n; i++)
            put_text(ch, st->face, fs, color(L->chart_target), tl.v[i], g.x1 + gap,
                     first + i * lead);
    }

    /* category labels, centred under their slot */
    for (int c = 0; c < ch->ncat; c++) {
        ts_sp cx = g.x0 + sw * c + sw / 2;
        for (int i = 0; i < cl[c].n; i++) {
            ts_sp w = measure(ch, st->face, fs, cl[c].v[i]);
            put_text(ch, st->face, fs, text_col, cl[c].v[i], cx - w / 2,
                     g.y1 + lead / 3 + i * lead + base);
        }
    }

    /* value labels where they fit */
    for (int c = 0; c < ch->ncat; c++) {
        ts_sp cx = g.x0 + sw * c + sw / 2;
        double acc = 0;
        for (int s = 0; s < ch->nser; s++) {
            if (!ch->ser[s].has[c])
                continue;
            double v = ch->ser[s].v[c];
            const char *txt = fmt_value(ch, v, ch->ser[s].dec[c]);
            ts_sp w = measure(ch, st->face, fs, txt);
            if (ch->type == CH_LINE) {
                ts_sp yv = vy(&g, v);
                ts_sp above = yv - mr * 3 / 2 - pt(2);
                ts_sp below = yv + mr * 3 / 2 + pt(2) + cap_height(fs);
                if (!try_label(ch, txt, cx - w / 2, above, w, limit, text_col))
                    try_label(ch, txt, cx - w / 2, below, w, limit, text_col);
            } else if (ch->type == CH_STACKED_BAR) {
                ts_sp ya = vy(&g, acc), yb = vy(&g, acc + v);
                acc += v;
                ts_sp h = ya - yb;
                if (h < cap_height(fs) + pt(6) || w > bw - pt(4))
                    continue;
                ts_sp lb = yb + h / 2 + cap_height(fs) / 2;
                if (crosses_target(ch, (ch_rect){ cx - w / 2, lb - cap_height(fs), cx + w / 2, lb }))
                    continue;
                /* inside the segment: it is occupied by the bar itself */
                dev_color on = label_on(ch, series_color(ch, s));
                put_text(ch, st->face, fs, on, txt, cx - w / 2, yb + h / 2 + cap_height(fs) / 2);
            } else {
                ts_sp bx = grouped ? cx - pitch * ch->nser / 2 + pitch * s + pitch / 2 : cx;
                ts_sp room = grouped ? pitch + pitch / 4 : sw - gap;
                if (w > room)
                    continue;
                ts_sp yv = vy(&g, v);
                ts_sp b = v >= 0 ? yv - pt(2.5) : yv + pt(2.5) + cap_height(fs);
                if (try_label(ch, txt, bx - w / 2, b, w, limit, text_col))
                    continue;
                /* blocked outside: inside the bar's end when it is long
                 * and wide enough */
                ts_sp len = yv > zero_y ? yv - zero_y : zero_y - yv;
                ts_sp ib = v >= 0 ? yv + pt(3) + cap_height(fs) : yv - pt(3);
                ch_rect ir = { bx - w / 2, ib - cap_height(fs), bx + w / 2, ib };
                if (w <= bw - pt(4) && len >= cap_height(fs) + pt(8) && !crosses_target(ch, ir)) {
                    put_text(ch, st->face, fs, label_on(ch, series_color(ch, s)), txt,
                             bx - w / 2, ib);
                }
            }
        }
        if (ch->type == CH_STACKED_BAR && ch->nser > 1) {
            int any = 0;
            for (int s = 0; s < ch->nser; s++)
                any |= ch->ser[s].has[c];
            if (any) {
                const char *txt = fmt_value(ch, acc, ch->ser[0].decimals);
                ts_sp w = measure(ch, ch->L->chart_title.face, fs, txt);
                ch_rect r = { cx - w / 2 - pt(1), vy(&g, acc) - pt(2.5) - cap_height(fs) - pt(1),
                              cx + w / 2 + pt(1), vy(&g, acc) - pt(1) };
                if (w <= sw - gap && r.y0 >= limit.y0 && is_free(ch, r)) {
                    put_text(ch, ch->L->chart_title.face, fs, text_col, txt, cx - w / 2,
                             vy(&g, acc) - pt(2.5));
                    occupy(ch, r.x0, r.y0, r.x1, r.y1);
                }
            }
        }
    }
}

/* ---- horizontal bars ------------------------------------------------------ */

static void layout_horizontal(ch_chart *ch, ts_sp height, int fixed_height, int draw_title)
{
    const rd_layout *L = ch->L;
    const rd_style *st = &L->chart;
    ts_sp fs = st->size, lead = st->leading, gap = fs / 2;
    ts_sp base = baseline_of(ch, st);
    ts_sp W = ch->width;
    dev_color text_col = color(st->color);
    ts_sp y = put_title_and_legend(ch, draw_title);

    /* the category column: as wide as the widest label, at most 40 % */
    ts_sp lw = 0;
    for (int c = 0; c < ch->ncat; c++) {
        ts_sp w = measure(ch, st->face, fs, ch->cats[c]);
        if (w > lw) lw = w;
    }
    if (lw > W * 4 / 10) lw = W * 4 / 10;
    int cut = 0, maxl = 1;
    ch_lines *cl = ts_arena_alloc(ch->a, (size_t)ch->ncat * sizeof *cl);
    for (int c = 0; c < ch->ncat; c++) {
        cl[c] = wrap(ch, st->face, fs, ch->cats[c], lw, &cut);
        if (cl[c].n > maxl) maxl = cl[c].n;
    }
    if (cut)
        ts_warning(ch->d, ch->at, "a category label has a word too long for the chart; "
                   "it is broken between letters");

    vgeom g;
    g.y0 = y + (ch->has_target ? lead + pt(2) : 0);
    ts_sp pitch = maxl * lead + lead * 8 / 10;
    if (pitch < 2 * lead + lead / 5) pitch = 2 * lead + lead / 5;
    if (pitch < ch->nser * lead) pitch = ch->nser * lead;
    ts_sp below = gap + lead + (ch->unit && *ch->unit && !ch->percent ? lead : 0);
    if (fixed_height) {
        ts_sp room = height - g.y0 - below;
        ts_sp p = room / (ch->ncat > 0 ? ch->ncat : 1);
        if (p < lead) p = lead;
        pitch = p;
    }
    g.y1 = g.y0 + pitch * ch->ncat;
    ch->height = g.y1 + below;

    double mn, mx;
    data_range(ch, &mn, &mx);
    g.x0 = lw + gap;
    ts_sp right = 0;
    int want = clamp_int((int)((W - g.x0) / pt(60)) + 1, 3, 8);
    for (int round = 0; round < 6; round++) {
        ch_nice_ticks(mn, mx, want, &ch->ticks);
        ts_sp wt = widest_tick(ch);
        right = measure(ch, st->face, fs, fmt_tick(ch, ch->ticks.count - 1)) / 2;
        g.x1 = W - right;
        ts_sp space = (g.x1 - g.x0) / (ch->ticks.count > 1 ? ch->ticks.count - 1 : 1);
        if (space >= wt + 2 * gap || want <= 2)
            break;
        want--;
    }
    g.lo = ch->ticks.lo;
    g.hi = ch->ticks.hi;
    ts_sp zero_x = g.lo <= 0 && g.hi >= 0 ? hx(&g, 0) : g.x0;

    for (int i = 0; i < ch->ticks.count; i++) {
        ts_sp tx = hx(&g, ch_tick_value(&ch->ticks, i));
        if (tx != zero_x)
            put_line(ch, tx, g.y0, tx, g.y1, color(L->chart_grid), L->chart_grid_width, 0, NULL);
        const char *s = fmt_tick(ch, i);
        ts_sp w = measure(ch, st->face, fs, s);
        put_text(ch, st->face, fs, text_col, s, tx - w / 2, g.y1 + gap + base);
    }
    if (ch->unit && *ch->unit && !ch->percent) {
        ts_sp w = measure(ch, st->face, fs, ch->unit);
        put_text(ch, st->face, fs, text_col, ch->unit, W - w, g.y1 + gap + lead + base);
    }

    ts_sp gt = pitch * 65 / 100;            /* the bars of one row together */
    if (gt > pt(18) * ch->nser) gt = pt(18) * ch->nser;
    ts_sp bt = gt / ch->nser;               /* one bar's thickness */
    ts_sp inner = ch->nser > 1 ? (bt / 8 > pt(1) ? bt / 8 : pt(1)) : 0;
    for (int c = 0; c < ch->ncat; c++) {
        ts_sp cy = g.y0 + pitch * c + pitch / 2;
        ts_sp first = cy - cl[c].n * lead / 2 + base;
        for (int i = 0; i < cl[c].n; i++) {
            ts_sp w = measure(ch, st->face, fs, cl[c].v[i]);
            put_text(ch, st->face, fs, text_col, cl[c].v[i], g.x0 - gap - w, first + i * lead);
        }
        for (int s = 0; s < ch->nser; s++) {
            if (!ch->ser[s].has[c])
                continue;
            ts_sp by = cy - gt / 2 + bt * s;
            ts_sp xe = hx(&g, ch->ser[s].v[c]);
            if (xe != zero_x)
                put_rect(ch, zero_x, by, xe, by + bt - inner, series_color(ch, s));
            occupy(ch, zero_x, by, xe, by + bt - inner);
        }
    }
    put_line(ch, zero_x, g.y0, zero_x, g.y1, color(L->chart_axis), L->chart_grid_width, 0,
             NULL);

    if (ch->has_target) {
        ts_sp tx = hx(&g, ch->target);
        ts_sp *dash = ts_arena_alloc(ch->a, 2 * sizeof *dash);
        dash[0] = pt(4);
        dash[1] = pt(2.5);
        put_line(ch, tx, g.y0 - pt(2), tx, g.y1, color(L->chart_target), pt(1.25), 2, dash);
        occupy(ch, tx - pt(1.5), g.y0, tx + pt(1.5), g.y1);
        ch->target_r = (ch_rect){ tx - pt(1.5), g.y0, tx + pt(1.5), g.y1 };
        ch->target_drawn = 1;
        const char *tl = ch->target_label ? ch->target_label
                                          : fmt_value(ch, ch->target, ch->target_decimals);
        ts_sp w = measure(ch, st->face, fs, tl);
        ts_sp x = tx - w / 2;
        if (x + w > W) x = W - w;
        if (x < g.x0) x = g.x0;
        put_text(ch, st->face, fs, color(L->chart_target), tl, x, g.y0 - pt(4) - st->size / 5);
    }

    /* value labels: after the bar's end, else inside it, else left out */
    ch_rect limit = { g.x0, g.y0, W, g.y1 };
    for (int c = 0; c < ch->ncat; c++) {
        ts_sp cy = g.y0 + pitch * c + pitch / 2;
        for (int s = 0; s < ch->nser; s++) {
            if (!ch->ser[s].has[c])
                continue;
            double v = ch->ser[s].v[c];
            const char *txt = fmt_value(ch, v, ch->ser[s].dec[c]);
            ts_sp w = measure(ch, st->face, fs, txt);
            ts_sp by = cy - gt / 2 + bt * s;
            ts_sp mid = by + (bt - inner) / 2 + cap_height(fs) / 2;
            ts_sp xe = hx(&g, v);
            ts_sp out = v >= 0 ? xe + gap : xe - gap - w;
            if (bt - inner >= cap_height(fs) - pt(1) &&
                try_label(ch, txt, out, mid, w, limit, text_col))
                continue;
            ts_sp len = xe > zero_x ? xe - zero_x : zero_x - xe;
            ts_sp ix = v >= 0 ? xe - gap - w : xe + gap;
            if (bt - inner >= cap_height(fs) + pt(2) && len >= w + 2 * gap &&
                !crosses_target(ch, (ch_rect){ ix, mid - cap_height(fs), ix + w, mid }))
                put_text(ch, st->face, fs, label_on(ch, series_color(ch, s)), txt,
                         v >= 0 ? xe - gap - w : xe + gap, mid);
        }
    }
}

/* ---- alt text -------------------------------------------------------------- */

static const char *describe(ch_chart *ch)
{
    ts_buf b = { 0 };
    ts_buf_printf(&b, "%s", ch_type_description(ch->type));
    if (ch->title)
        ts_buf_printf(&b, ": %s", ch->title);
    ts_buf_puts(&b, ".");
    for (int s = 0; s < ch->nser; s++) {
        const ch_series *se = &ch->ser[s];
        int first = -1, last = -1, imin = -1, imax = -1;
        for (int c = 0; c < ch->ncat; c++) {
            if (!se->has[c])
                continue;
            if (first < 0) first = c;
            last = c;
            if (imin < 0 || se->v[c] < se->v[imin]) imin = c;
            if (imax < 0 || se->v[c] > se->v[imax]) imax = c;
        }
        if (first < 0)
            continue;
        ts_buf_printf(&b, " %s", tx_typography(ch->a, se->name));
        if (first == last) {
            ts_buf_printf(&b, ": %s (%s).", fmt_with_unit(ch, se->v[first], se->decimals),
                          ch->cats[first]);
            continue;
        }
        ts_buf_printf(&b, " från %s (%s) till %s (%s)",
                      fmt_with_unit(ch, se->v[first], se->decimals), ch->cats[first],
                      fmt_with_unit(ch, se->v[last], se->decimals), ch->cats[last]);
        ts_buf_printf(&b, ", lägst %s (%s) och högst %s (%s).",
                      fmt_with_unit(ch, se->v[imin], se->decimals), ch->cats[imin],
                      fmt_with_unit(ch, se->v[imax], se->decimals), ch->cats[imax]);
    }
    if (ch->has_target)
        ts_buf_printf(&b, " %s: %s.", ch->target_label ? ch->target_label : "Mål",
                      fmt_with_unit(ch, ch->target, ch->target_decimals));
    const char *out = ts_arena_strdup(ch->a, ts_buf_cstr(&b));
    ts_buf_free(&b);
    return out;
}

/* ---- building ------------------------------------------------------------- */

static const char *const type_names[] = {
    "bar", "grouped-bar", "stacked-bar", "horizontal-bar", "line", NULL
};

/* A number written in a chart file: either decimal sign, an optional %. */
static int parse_number(const char *s, double *out, int *decimals)
{
    doc_cell c;
    memset(&c, 0, sizeof c);
    if (rd_number_parse(s, ',', &c) == DOC_CELL_NUMBER ||
        rd_number_parse(s, '.', &c) == DOC_CELL_NUMBER) {
        *out = c.value;
        *decimals = c.decimals;
        return 0;
    }
    return -1;
}

ch_chart *ch_build(const ch_input *in)
{
    const doc_block *b = in->block;
    if (!b)
        return NULL;
    int errors = in->d->errors;
    ch_chart *ch = ts_arena_alloc(in->a, sizeof *ch);
    ch->a = in->a;
    ch->d = in->d;
    ch->f = in->fonts;
    ch->L = in->layout;
    ch->at = in->at;
    ch->width = in->width;

    /* type */
    const doc_prop *tp = prop(b, "type");
    if (!tp) {
        ts_error(in->d, top_pos(in), "the chart has no 'type'; add type = bar "
                 "(or grouped-bar, stacked-bar, horizontal-bar, line)");
    } else if (ch_type_parse(tp->value, &ch->type) != 0) {
        const char *sug = ts_suggest(tp->value, type_names);
        if (sug)
            ts_error(in->d, tp->pos, "unknown chart type '%s'; did you mean '%s'?",
                     tp->value, sug);
        else
            ts_error(in->d, tp->pos, "unknown chart type '%s'; the types are bar, "
                     "grouped-bar, stacked-bar, horizontal-bar and line", tp->value);
    }
    if (tp)
        ch->at = tp->pos;

    ch->title = b->title && *b->title ? tx_typography(in->a, b->title) : NULL;
    const doc_prop *up = prop(b, "unit");
    ch->unit = up ? up->value : NULL;
    if (ch->unit && strcmp(ch->unit, "%") == 0)
        ch->percent = 1;
    const doc_prop *tlp = prop(b, "target-label");
    ch->target_label = tlp ? tx_typography(in->a, tlp->value) : NULL;

    const doc_prop *tgp = prop(b, "target");
    if (tgp) {
        if (parse_number(tgp->value, &ch->target, &ch->target_decimals) != 0 || !isfinite(ch->target))
            ts_error(in->d, tgp->pos, "target '%s' is not a number; write it like "
                     "10000, 10 000 or 2,5", tgp->value);
        else
            ch->has_target = 1;
    } else if (tlp) {
        ts_warning(in->d, tlp->pos, "target-label without target; add target = the "
                   "value the line is drawn at");
    }

    /* the height: the layout's, or the chart's own */
    ts_sp height = in->layout->chart_height;
    int fixed_height = 0;
    const doc_prop *hp = prop(b, "height");
    if (hp) {
        ts_sp h;
        if (rd_parse_length(hp->value, &h) != 0 || h <= 0) {
            ts_error(in->d, hp->pos, "height '%s' is not a length; write it like "
                     "80mm or 200pt", hp->value);
        } else if (h < TS_MM_SP(30)) {
            ts_error(in->d, hp->pos, "height %s is too low for a chart; give at "
                     "least 30mm", hp->value);
        } else {
            height = h;
            fixed_height = 1;
        }
    }
    if (height > in->max_height) {
        if (hp)
            ts_warning(in->d, hp->pos, "height %s does not fit on a page with the "
                       "caption; the chart is made %.0f mm high", hp->value,
                       ts_sp_to_pt(in->max_height) * 25.4 / 72);
        height = in->max_height;
    }

    const doc_table *t = b->table;
    if (!t)
        return NULL;    /* reported when the file was read */

    /* the category column */
    int xcol = 0;
    const doc_prop *xp = prop(b, "x");
    if (xp) {
        xcol = find_column(t, xp->value);
        if (xcol < 0) {
            missing_column(in, t, xp->pos, "x", xp->value);
            return NULL;
        }
    }
    if (t->ncols < 1)
        return NULL;

    /* the series */
    const doc_prop *sp = prop(b, "series");
    ts_ptrvec cols = { 0 };
    int bad = 0;
    if (sp) {
        const char *s = sp->value;
        while (*s) {
            size_t n = strcspn(s, ",");
            char *name = trim(in->a, s, n);
            ts_pos at = sp->pos;
            at.col += ts_utf8_column(sp->value, (size_t)(s - sp->value)) - 1;
            while (*s == ' ' && n) { s++; n--; at.col++; }
            if (*name) {
                int col = find_column(t, name);
                if (col < 0) {
                    missing_column(in, t, at, "series", name);
                    bad = 1;
                } else {
                    ts_ptrvec_push(in->a, &cols, (void *)(intptr_t)(col + 1));
                }
            }
            s += n;
            if (*s == ',') s++;
        }
    } else {
        for (int c = 0; c < t->ncols; c++)
            if (c != xcol && numeric_column(t, c))
                ts_ptrvec_push(in->a, &cols, (void *)(intptr_t)(c + 1));
        if (cols.len == 0 && t->nrows > 0) {
            ts_error(in->d, b->data_pos, "%s has no column of numbers besides '%s' to "
                     "draw; name the value columns with series = …",
                     file_name(t->path), t->header[xcol].text);
            return NULL;
        }
    }
    if (bad)
        return NULL;
    if (t->nrows == 0) {
        ts_error(in->d, b->data_pos, "%s has no rows of data under its header; a chart "
                 "needs at least one", file_name(t->path));
        return NULL;
    }
    ch->nser = (int)cols.len;
    if (ch->nser == 0) {
        ts_error(in->d, sp ? sp->pos : b->data_pos, "the chart has no series to draw");
        return NULL;
    }
    int palette = in->layout->palette_count;
    if (ch->nser > palette) {
        ts_error(in->d, sp ? sp->pos : b->data_pos, "the chart has %d series but the "
                 "layout's palette has %d colours; draw at most %d (series = …) or "
                 "split the chart", ch->nser, palette, palette);
        return NULL;
    }
    if ((int64_t)t->nrows * ch->nser > CH_MAX_POINTS) {
        ts_error(in->d, b->data_pos, "%s gives the chart %lld values (%d rows × %d "
                 "series); a printed chart can show at most %d: sum or average the "
                 "data over longer periods, or split the chart",
                 file_name(t->path), (long long)t->nrows * ch->nser, t->nrows, ch->nser,
                 CH_MAX_POINTS);
        return NULL;
    }
    ch->ser = ts_arena_alloc(in->a, (size_t)ch->nser * sizeof *ch->ser);
    /* values all written with % are percentages even without unit = % */
    int all_percent = 1;
    for (int s = 0; s < ch->nser; s++) {
        int pc = 0;
        if (read_series(in, t, (int)(intptr_t)cols.items[s] - 1, &ch->ser[s], &pc))
            bad = 1;
        all_percent &= pc;
    }
    if (all_percent)
        ch->percent = 1;
    if (bad)
        return NULL;
    if (ch->type == CH_STACKED_BAR)
        for (int s = 0; s < ch->nser; s++)
            for (int r = 0; r < t->nrows; r++)
                if (ch->ser[s].has[r] && ch->ser[s].v[r] < 0) {
                    const doc_cell *c = doc_table_cell(t, r, ch->ser[s].col);
                    ts_error(in->d, c->pos, "a stacked bar cannot show the negative value "
                             "%s in column '%s'; use type = grouped-bar", c->text,
                             ch->ser[s].name);
                    bad = 1;
                }
    if (bad || in->d->errors > errors)
        return NULL;

    ch->ncat = t->nrows;
    ch->cats = ts_arena_alloc(in->a, (size_t)ch->ncat * sizeof *ch->cats);
    for (int r = 0; r < t->nrows; r++) {
        const char *txt = doc_table_cell(t, r, xcol)->text;
        ch->cats[r] = tx_typography(in->a, txt ? txt : "");
    }

    /* alt text */
    if (b->alt && *b->alt) {
        ch->alt = tx_typography(in->a, b->alt);
    } else {
        ch->alt = describe(ch);
        ts_warning(in->d, top_pos(in), "the chart has no 'alt'; a description was "
                   "made from the data (\"%s\"); write alt = … saying what the chart "
                   "shows", ch->alt);
    }

    index_init(ch);
    if (ch->type == CH_HORIZONTAL_BAR)
        layout_horizontal(ch, height, fixed_height, !in->omit_title);
    else
        layout_vertical(ch, height, !in->omit_title);
    if (ch->height > in->max_height && in->max_height > 0)
        ts_warning(in->d, ch->at, "the chart is taller than a page can hold (%d "
                   "categories); it may run into the margin", ch->ncat);
    return ch;
}

/* ---- drawing ---------------------------------------------------------------- */

void ch_draw(const ch_chart *ch, dev_device *dev, ts_sp x, ts_sp y)
{
    if (!ch)
        return;
    dev_path_seg local[16];
    for (size_t i = 0; i < ch->nops; i++) {
        const ch_op *op = &ch->ops[i];
        if (op->is_text) {
            dev_text t = op->text;
            t.x += x;
            t.y += y;
            dev_draw_text(dev, &t);
            continue;
        }
        dev_path p = op->path;
        if (p.count <= 0)
            continue;
        dev_path_seg *segs = p.count <= 16 ? local
                                           : ts_xmalloc((size_t)p.count * sizeof *segs);
        for (int k = 0; k < p.count; k++) {
            segs[k] = p.segs[k];
            for (int m = 0; m < 3; m++) {
                segs[k].x[m] += x;
                segs[k].y[m] += y;
            }
        }
        p.segs = segs;
        dev_draw_path(dev, &p);
        if (segs != local)
            free(segs);
    }
}
