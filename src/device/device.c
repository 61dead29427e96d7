/* The device wrappers and the trace device.
 *
 * The trace is the layout's golden record: one line per call, lengths in
 * points with two decimals (sp are exact integers, so the printed values are
 * stable across machines), text as UTF-8 in quotes with its font and size
 * and every glyph's advance, so a kerning change shows up in the diff. */
#include "device.h"

#include <stdlib.h>
#include <string.h>

void dev_begin_page(dev_device *dev, ts_sp width, ts_sp height)
{
    if (dev->begin_page) dev->begin_page(dev, width, height);
}
void dev_end_page(dev_device *dev)
{
    if (dev->end_page) dev->end_page(dev);
}
void dev_draw_text(dev_device *dev, const dev_text *t)
{
    if (dev->text && t->count > 0) dev->text(dev, t);
}
void dev_draw_path(dev_device *dev, const dev_path *p)
{
    if (dev->path && p->count > 0) dev->path(dev, p);
}
void dev_draw_image(dev_device *dev, const dev_image *im)
{
    if (dev->image) dev->image(dev, im);
}
void dev_add_link(dev_device *dev, const dev_link *l)
{
    if (dev->link) dev->link(dev, l);
}
void dev_add_bookmark(dev_device *dev, int level, const char *title, ts_sp y)
{
    if (dev->bookmark) dev->bookmark(dev, level, title, y);
}
void dev_begin_struct(dev_device *dev, const dev_struct *s)
{
    if (dev->begin_struct) dev->begin_struct(dev, s);
}
void dev_end_struct(dev_device *dev)
{
    if (dev->end_struct) dev->end_struct(dev);
}
void dev_begin_artifact(dev_device *dev)
{
    if (dev->begin_artifact) dev->begin_artifact(dev);
}
void dev_end_artifact(dev_device *dev)
{
    if (dev->end_artifact) dev->end_artifact(dev);
}
void dev_drop(dev_device *dev)
{
    if (dev && dev->drop) dev->drop(dev);
}

void dev_page_labels(dev_device *dev, int first, int start)
{
    if (dev && dev->page_labels) dev->page_labels(dev, first, start);
}

void dev_rect(dev_device *dev, ts_sp x, ts_sp y, ts_sp w, ts_sp h, int fill,
              dev_color fill_color, int stroke, dev_color stroke_color,
              ts_sp line_width)
{
    dev_path_seg segs[5] = {
        {DEV_MOVE, {x}, {y}},
        {DEV_LINE, {x + w}, {y}},
        {DEV_LINE, {x + w}, {y + h}},
        {DEV_LINE, {x}, {y + h}},
        {DEV_CLOSE, {0}, {0}},
    };
    dev_path p = {0};
    p.count = 5;
    p.segs = segs;
    p.fill = fill;
    p.fill_color = fill_color;
    p.stroke = stroke;
    p.stroke_color = stroke_color;
    p.line_width = line_width;
    dev_draw_path(dev, &p);
}

void dev_line(dev_device *dev, ts_sp x0, ts_sp y0, ts_sp x1, ts_sp y1,
              dev_color color, ts_sp line_width)
{
    dev_path_seg segs[2] = {
        {DEV_MOVE, {x0}, {y0}},
        {DEV_LINE, {x1}, {y1}},
    };
    dev_path p = {0};
    p.count = 2;
    p.segs = segs;
    p.stroke = 1;
    p.stroke_color = color;
    p.line_width = line_width;
    dev_draw_path(dev, &p);
}

/* ---- the trace device ------------------------------------------------- */

typedef struct trace_device {
    dev_device base;
    FILE *out;
    int page;
    int depth;    /* structure nesting, for indentation */
} trace_device;

/* Lengths as points with two decimals, from integers only, so every libc
 * prints the same digits. */
static void put_len(FILE *out, ts_sp v)
{
    long long hundredths = ((long long)v * 100 + (v < 0 ? -32768 : 32768)) / 65536;
    const char *sign = "";
    if (hundredths < 0) {
        sign = "-";
        hundredths = -hundredths;
    }
    fprintf(out, "%s%lld.%02lld", sign, hundredths / 100, hundredths % 100);
}

static void put_color(FILE *out, dev_color c)
{
    fprintf(out, "#%02x%02x%02x", c.r, c.g, c.b);
}

static void put_quoted(FILE *out, const char *s)
{
    fputc('"', out);
    for (; s && *s; s++) {
        if (*s == '"' || *s == '\\') fputc('\\', out);
        if (*s == '\n') fputs("\\n", out);
        else fputc(*s, out);
    }
    fputc('"', out);
}

static void indent(trace_device *t)
{
    for (int i = 0; i < t->depth; i++) fputs("  ", t->out);
}

static void trace_begin_page(dev_device *dev, ts_sp w, ts_sp h)
{
    trace_device *t = (trace_device *)dev;
    t->page++;
    fprintf(t->out, "page %d ", t->page);
    put_len(t->out, w);
    fputc(' ', t->out);
    put_len(t->out, h);
    fputc('\n', t->out);
}

static void trace_end_page(dev_device *dev)
{
    trace_device *t = (trace_device *)dev;
    fprintf(t->out, "end-page %d\n", t->page);
}

static void trace_text(dev_device *dev, const dev_text *tx)
{
    trace_device *t = (trace_device *)dev;
    indent(t);
    fputs("text ", t->out);
    put_len(t->out, tx->x);
    fputc(' ', t->out);
    put_len(t->out, tx->y);
    fprintf(t->out, " f%d ", tx->font);
    put_len(t->out, tx->size);
    fputc(' ', t->out);
    put_color(t->out, tx->color);
    fputc(' ', t->out);
    char utf8[5];
    fputc('"', t->out);
    for (int i = 0; i < tx->count; i++) {
        int n = ts_utf8_encode(tx->cps[i], utf8);
        if (tx->cps[i] == '"' || tx->cps[i] == '\\') fputc('\\', t->out);
        fwrite(utf8, 1, (size_t)n, t->out);
    }
    fputs("\" [", t->out);
    for (int i = 0; i < tx->count; i++) {
        if (i) fputc(' ', t->out);
        put_len(t->out, tx->advances[i]);
        if (tx->y_offsets && tx->y_offsets[i]) {
            fputc('^', t->out);
            put_len(t->out, tx->y_offsets[i]);
        }
    }
    fputc(']', t->out);
    if (tx->angle) fprintf(t->out, " rotate %d", tx->angle);
    fputc('\n', t->out);
}

static void trace_path(dev_device *dev, const dev_path *p)
{
    trace_device *t = (trace_device *)dev;
    indent(t);
    fputs("path", t->out);
    for (int i = 0; i < p->count; i++) {
        const dev_path_seg *s = &p->segs[i];
        static const char op_name[] = {'M', 'L', 'C', 'Z'};
        fprintf(t->out, " %c", op_name[s->op]);
        int points = s->op == DEV_CURVE ? 3 : s->op == DEV_CLOSE ? 0 : 1;
        for (int k = 0; k < points; k++) {
            fputc(' ', t->out);
            put_len(t->out, s->x[k]);
            fputc(',', t->out);
            put_len(t->out, s->y[k]);
        }
    }
    if (p->fill) {
        fputs(" fill ", t->out);
        put_color(t->out, p->fill_color);
    }
    if (p->stroke) {
        fputs(" stroke ", t->out);
        put_color(t->out, p->stroke_color);
        fputc(' ', t->out);
        put_len(t->out, p->line_width);
        for (int i = 0; i < p->dash_count; i++) {
            fputs(i ? "," : " dash ", t->out);
            put_len(t->out, p->dash[i]);
        }
    }
    fputc('\n', t->out);
}

static void trace_image(dev_device *dev, const dev_image *im)
{
    trace_device *t = (trace_device *)dev;
    indent(t);
    fputs("image ", t->out);
    put_len(t->out, im->x);
    fputc(' ', t->out);
    put_len(t->out, im->y);
    fputc(' ', t->out);
    put_len(t->out, im->width);
    fputc(' ', t->out);
    put_len(t->out, im->height);
    fputc(' ', t->out);
    /* Only the file name: traces must not depend on where the tree lies. */
    const char *base = im->path ? strrchr(im->path, '/') : NULL;
    put_quoted(t->out, base ? base + 1 : im->path);
    fputc('\n', t->out);
}

static void trace_link(dev_device *dev, const dev_link *l)
{
    trace_device *t = (trace_device *)dev;
    indent(t);
    fputs("link ", t->out);
    put_len(t->out, l->x);
    fputc(' ', t->out);
    put_len(t->out, l->y);
    fputc(' ', t->out);
    put_len(t->out, l->width);
    fputc(' ', t->out);
    put_len(t->out, l->height);
    fputc(' ', t->out);
    if (l->url) {
        put_quoted(t->out, l->url);
    } else {
        fprintf(t->out, "page %d ", l->dest_page + 1);
        put_len(t->out, l->dest_y);
    }
    fputc('\n', t->out);
}

static void trace_bookmark(dev_device *dev, int level, const char *title, ts_sp y)
{
    trace_device *t = (trace_device *)dev;
    indent(t);
    fprintf(t->out, "bookmark %d ", level);
    put_len(t->out, y);
    fputc(' ', t->out);
    put_quoted(t->out, title);
    fputc('\n', t->out);
}

static void trace_begin_struct(dev_device *dev, const dev_struct *s)
{
    trace_device *t = (trace_device *)dev;
    indent(t);
    fprintf(t->out, "<%s", s->role);
    if (s->alt) {
        fputs(" alt=", t->out);
        put_quoted(t->out, s->alt);
    }
    if (s->lang) fprintf(t->out, " lang=%s", s->lang);
    if (s->actual_text) {
        fputs(" actual=", t->out);
        put_quoted(t->out, s->actual_text);
    }
    fputs(">\n", t->out);
    t->depth++;
}

static void trace_end_struct(dev_device *dev)
{
    trace_device *t = (trace_device *)dev;
    if (t->depth > 0) t->depth--;
    indent(t);
    fputs("</>\n", t->out);
}

static void trace_begin_artifact(dev_device *dev)
{
    trace_device *t = (trace_device *)dev;
    indent(t);
    fputs("<artifact>\n", t->out);
    t->depth++;
}

static void trace_end_artifact(dev_device *dev)
{
    trace_device *t = (trace_device *)dev;
    if (t->depth > 0) t->depth--;
    indent(t);
    fputs("</artifact>\n", t->out);
}

static void trace_drop(dev_device *dev)
{
    free(dev);
}

/* "page-labels FIRST START", FIRST counted from 1 like the pages. */
static void trace_page_labels(dev_device *dev, int first, int start)
{
    trace_device *t = (trace_device *)dev;
    fprintf(t->out, "page-labels %d %d\n", first + 1, start);
}

dev_device *dev_trace_new(FILE *out)
{
    trace_device *t = ts_xmalloc(sizeof *t);
    memset(t, 0, sizeof *t);
    t->out = out;
    t->base.begin_page = trace_begin_page;
    t->base.end_page = trace_end_page;
    t->base.text = trace_text;
    t->base.path = trace_path;
    t->base.image = trace_image;
    t->base.link = trace_link;
    t->base.bookmark = trace_bookmark;
    t->base.begin_struct = trace_begin_struct;
    t->base.end_struct = trace_end_struct;
    t->base.begin_artifact = trace_begin_artifact;
    t->base.end_artifact = trace_end_artifact;
    t->base.drop = trace_drop;
    t->base.page_labels = trace_page_labels;
    return &t->base;
}
