/* table.c: tables -> the vertical list: GFM pipe tables, and the
 * `indicators` and `table` blocks read from CSV files.
 *
 * Every kind becomes one description (a grid of cells, each text, inline
 * Markdown, or a number) set by one routine:
 *
 *   - column widths from the content, as HTML's automatic table layout:
 *     each column's minimum is its longest word, its preferred width its
 *     longest cell on one line. A table that fits is as wide as its
 *     content; one wider than the measure first narrows the columns that
 *     can wrap, sharing the narrowing so the rows stay short
 *     (choose_widths); when even the minimums do not fit the type is set
 *     smaller, down to the layout's [table] min-size; then it is an error
 *     naming the table.
 *   - numbers are right-aligned on the decimal comma (a column's fractions
 *     stand in a right-hand field as wide as its widest fraction), text is
 *     left-aligned and wraps, hyphenated in the body rows where that saves
 *     a line or a word is wider than its column (break_cell); the header
 *     row is styled and tagged TH.
 *   - a table of text and numbers (from CSV) keeps its rows as references
 *     (LO_ITEM_ROW) that are set again when their page is drawn: only the
 *     header and the rows weighed for the widths are held while the table
 *     is laid out, the others are measured a row at a time, and their
 *     lines counted again only when a cell does not fit on one line.
 *   - a row is one box, never split unless it is taller than a page; rows
 *     are separated by break points that carry a repeat box — "Tabell 3
 *     (forts.)" and the header row — drawn at the top of the next page.
 *     The caption, the header and the first two rows stay together; so do
 *     the last two rows and the source note, so no page holds a lone row.
 *
 * Lengths are sp; widths are shared out in 64-bit integers. Everything is
 * linear in the number of cells. */
#include "layout_internal.h"

#include <string.h>

/* ---- describing a table --------------------------------------------------- */

typedef enum cell_kind { CELL_TEXT, CELL_INLINE, CELL_NUMBER } cell_kind;

typedef struct tsrc {
    const char *text;        /* TEXT: as shown; NUMBER: formatted, or NULL
                                when `number` is to be formatted */
    const doc_node *inl;     /* INLINE: a pipe table cell */
    const char *actual;      /* or NULL: what the cell reads as (its TD's ActualText) */
    const doc_cell *number;  /* NUMBER from a CSV file: formatted only when
                                the cell is collected (a long table's
                                numbers would otherwise all be held as
                                strings), in a column of `years` ungrouped */
    const ts_pos *at;        /* where it came from (a stable position in the
                                document or the CSV file), or NULL */
    cell_kind kind;
    unsigned char bold;      /* NUMBER from a pipe table cell in **…** */
    unsigned char symbol;    /* 0, or 1 + lo_status, or 10 + lo_trend: drawn before the text */
    unsigned char years;
} tsrc;                      /* 48 bytes: a long table holds one per cell */

typedef struct tspec {
    int ncols, nrows;        /* rows including the header row */
    int header;              /* row 0 is the header */
    tsrc *cells;             /* nrows * ncols */
    doc_align *align;        /* per column: LEFT, RIGHT (decimal) or CENTER */
    int *decimal;            /* per column: numbers aligned on the comma */
    int number;              /* "Tabell N"; 0: unnumbered (pipe tables) */
    const char *caption;
    const char *source;
    const char *legend;      /* a note under the table (assessed statuses) */
    const char *name;        /* for messages: the caption or the file */
    ts_pos pos;
} tspec;

/* ---- cells as horizontal lists --------------------------------------------- */

typedef struct tcell {
    lo_hlist h;
    lo_lines lines;
    ts_sp int_w, frac_w;     /* NUMBER: widths before and from the decimal comma */
} tcell;

static void hpush_break(lo_ctx *c, lo_hlist *h)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 8;
        h->v = ts_arena_realloc(c->scratch, h->v, h->cap * sizeof *h->v, cap * sizeof *h->v);
        h->cap = cap;
    }
    memset(&h->v[h->n], 0, sizeof h->v[h->n]);
    h->v[h->n++].kind = LO_H_BREAK;
}

static ts_sp hwidth(const lo_hlist *h)
{
    ts_sp natural = 0;
    lo_hlist_widths(h, NULL, &natural);
    return natural;
}

/* The symbol's room before the text of a cell: one em. */
static ts_sp symbol_room(const rd_style *st) { return st->size * 11 / 10; }

static ts_pos cell_pos(const tsrc *s)
{
    static const ts_pos nowhere = { NULL, 0, 0 };
    return s->at ? *s->at : nowhere;
}

/* The text of a CSV number as a table shows it (csv_cell), in working
 * memory. */
static const char *number_text(lo_ctx *c, const tsrc *s)
{
    const doc_cell *cell = s->number;
    if (!cell) return "";
    const char *t = rd_number_format(c->scratch, cell->value, cell->decimals, s->years ? 0 : 4,
                                     cell->percent);
    return cell->plus ? ts_arena_printf(c->scratch, "+%s", t) : t;
}

/* The cell's text as a horizontal list. Text in the body rows is
 * hyphenated, as running text is, so a narrow column wraps without
 * ragged gaps; a header cell is not (nor are headings), nor a number. */
static void collect_cell(lo_ctx *c, tcell *tc, const tsrc *s, const rd_style *st, int body)
{
    int hyphenate = c->hyphenate;
    c->hyphenate = body && s->kind != CELL_NUMBER;
    dev_color color = lo_color(st->color);
    switch (s->kind) {
    case CELL_INLINE:
        lo_collect_inlines(c, &tc->h, s->inl, st);
        break;
    case CELL_NUMBER: {
        rd_face face = s->bold ? RD_FACE_BOLD : st->face;
        const char *t = s->text ? s->text : number_text(c, s);
        const char *comma = strchr(t, ',');
        if (!comma) comma = strstr(t, "\xC2\xA0%");
        size_t n = comma ? (size_t)(comma - t) : strlen(t);
        char *ip = ts_arena_strndup(c->scratch, t, n);
        lo_collect_string(c, &tc->h, ip, face, st->size, color, cell_pos(s));
        tc->int_w = hwidth(&tc->h);
        if (comma) lo_collect_string(c, &tc->h, comma, face, st->size, color, cell_pos(s));
        tc->frac_w = hwidth(&tc->h) - tc->int_w;
        break;
    }
    case CELL_TEXT: {
        /* a line end inside a CSV cell (Alt+Enter in Excel) is kept */
        const char *t = s->text ? s->text : "";
        for (;;) {
            const char *nl = strchr(t, '\n');
            size_t n = nl ? (size_t)(nl - t) : strlen(t);
            if (n) {
                char *piece = ts_arena_strndup(c->scratch, t, n);
                lo_collect_string(c, &tc->h, tx_typography(c->scratch, piece), st->face, st->size,
                                  color, cell_pos(s));
            }
            if (!nl) break;
            hpush_break(c, &tc->h);
            t = nl + 1;
        }
        break;
    }
    }
    c->hyphenate = hyphenate;
}

/* ---- column widths ---------------------------------------------------------- */

/* Column widths start as in HTML's automatic table layout (CSS 2.1,
 * 17.5.2.2): each column has a minimum (its longest word, or its numbers
 * aligned on the comma) and a preferred width (its longest cell on one
 * line), padding included, and never gets less than its minimum.
 * choose_widths (below, with the cells at hand) picks among the ways to
 * share the room; these two are the ends of the range it picks from, for
 * a measure between the sum of the minimums and that of the preferred
 * widths. Both fill the measure exactly; widths in sp. */

/* CSS's share: each column its minimum, the rest in proportion to how much
 * more it wants (preferred − minimum). Every column that can wrap is
 * narrowed by the same fraction of its range, so a column of short cells
 * ("Mål 2026", "Kan inte bedömas") wraps too, while a column of long
 * cells keeps much of its width. */
static void widths_proportional(int ncols, const int64_t *min_w, const int64_t *max_w,
                                ts_sp total, ts_sp *out)
{
    int64_t sum_min = 0, sum_range = 0, used = 0;
    for (int k = 0; k < ncols; k++) {
        sum_min += min_w[k];
        sum_range += max_w[k] - min_w[k];
    }
    for (int k = 0; k < ncols; k++) {
        int64_t w = min_w[k];
        if (sum_range > 0) w += (total - sum_min) * (max_w[k] - min_w[k]) / sum_range;
        out[k] = (ts_sp)w;
        used += w;
    }
    out[ncols - 1] += (ts_sp)(total - used);   /* the rounding */
}

/* The balanced share: every column its preferred width up to one common
 * line length L, the widest with which the table fits, and never less
 * than its minimum. Short columns stay on one line; the long ones wrap at
 * the same width, so no column's lines are much shorter than another's. */
static void widths_balanced(int ncols, const int64_t *min_w, const int64_t *max_w,
                            ts_sp total, ts_sp *out)
{
    int64_t widest = 0;
    for (int k = 0; k < ncols; k++)
        if (max_w[k] > widest) widest = max_w[k];
    /* the sum grows with L: binary search in sp, sum(lo) <= total < sum(hi) */
    int64_t lo = 0, hi = widest;
    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2, sum = 0;
        for (int k = 0; k < ncols; k++)
            sum += max_w[k] < mid ? max_w[k] : min_w[k] > mid ? min_w[k] : mid;
        if (sum <= total) lo = mid;
        else hi = mid;
    }
    int64_t used = 0;
    for (int k = 0; k < ncols; k++) {
        int64_t w = max_w[k] < lo ? max_w[k] : min_w[k] > lo ? min_w[k] : lo;
        out[k] = (ts_sp)w;
        used += w;
    }
    /* the few sp left, fewer than the columns at L, one each to those */
    for (int k = 0; k < ncols && used < total; k++)
        if (out[k] == lo && max_w[k] > lo) {
            out[k]++;
            used++;
        }
    out[ncols - 1] += (ts_sp)(total - used);
}

/* Lines a cell's text takes in `measure` when broken first-fit: an
 * estimate of what the line breaker makes of it, for comparing widths.
 * A word wider than the measure is cut into measure-wide pieces, as
 * lo_split_long_words does. */
static int64_t estimate_lines(const lo_hlist *h, ts_sp measure)
{
    if (measure < 1) measure = 1;
    int64_t lines = 1, line = 0, word = 0, space = 0;
    for (size_t i = 0; i <= h->n; i++) {
        const lo_hitem *it = i < h->n ? &h->v[i] : NULL;
        if (it && (it->kind == LO_H_BOX ||
                   (it->kind == LO_H_GLUE && it->penalty >= TX_INF))) {
            word += it->width;   /* a no-break space joins its words */
            continue;
        }
        if (it && it->kind == LO_H_PENALTY) continue;
        if (word > 0) {   /* the word ends here: on this line, or the next */
            if (line > 0 && line + space + word <= measure) {
                line += space + word;
            } else {
                if (line > 0) lines++;
                lines += (word - 1) / measure;
                line = (word - 1) % measure + 1;
            }
            word = 0;
        }
        if (!it) break;
        if (it->kind == LO_H_GLUE) {
            space = it->width;
        } else if (it->kind == LO_H_BREAK) {
            lines++;
            line = 0;
        }
    }
    return lines;
}

/* ---- symbols ------------------------------------------------------------------ */

static dev_path_seg *segs_new(lo_ctx *c, int n)
{
    return ts_arena_alloc(c->a, (size_t)n * sizeof(dev_path_seg));
}

static void push_path(lo_ctx *c, lo_items *dst, dev_path_seg *s, int n, int fill,
                      dev_color fc, int stroke, dev_color sc, ts_sp lw)
{
    lo_item *it = lo_items_push(c->a, dst, LO_ITEM_PATH);
    it->u.path.count = n;
    it->u.path.segs = s;
    it->u.path.fill = fill;
    it->u.path.fill_color = fc;
    it->u.path.stroke = stroke;
    it->u.path.stroke_color = sc;
    it->u.path.line_width = lw;
}

/* A status symbol: its own shape per status (circle, triangle, square,
 * bar) filled with the layout's colour and outlined in the text colour,
 * centred at (cx, cy), `r` from centre to edge. Decoration: the word beside
 * it carries the meaning for screen readers and text extraction. */
static void draw_status(lo_ctx *c, lo_items *dst, lo_status s, ts_sp cx, ts_sp cy, ts_sp r)
{
    dev_color fill = lo_color(c->L->status_color[s]);
    dev_color line = lo_color(c->L->table.color);
    ts_sp lw = r / 6;
    dev_path_seg *g;
    int n;
    switch (s) {
    case LO_STATUS_MET: {   /* circle: four Béziers, k = 0.5523 */
        ts_sp k = (ts_sp)((int64_t)r * 5523 / 10000);
        g = segs_new(c, 6);
        g[0].op = DEV_MOVE; g[0].x[0] = cx + r; g[0].y[0] = cy;
        g[1].op = DEV_CURVE;
        g[1].x[0] = cx + r; g[1].y[0] = cy + k; g[1].x[1] = cx + k; g[1].y[1] = cy + r;
        g[1].x[2] = cx; g[1].y[2] = cy + r;
        g[2].op = DEV_CURVE;
        g[2].x[0] = cx - k; g[2].y[0] = cy + r; g[2].x[1] = cx - r; g[2].y[1] = cy + k;
        g[2].x[2] = cx - r; g[2].y[2] = cy;
        g[3].op = DEV_CURVE;
        g[3].x[0] = cx - r; g[3].y[0] = cy - k; g[3].x[1] = cx - k; g[3].y[1] = cy - r;
        g[3].x[2] = cx; g[3].y[2] = cy - r;
        g[4].op = DEV_CURVE;
        g[4].x[0] = cx + k; g[4].y[0] = cy - r; g[4].x[1] = cx + r; g[4].y[1] = cy - k;
        g[4].x[2] = cx + r; g[4].y[2] = cy;
        g[5].op = DEV_CLOSE;
        n = 6;
        break;
    }
    case LO_STATUS_PROGRESS:   /* triangle, point up */
        g = segs_new(c, 4);
        g[0].op = DEV_MOVE; g[0].x[0] = cx; g[0].y[0] = cy - r * 11 / 10;
        g[1].op = DEV_LINE; g[1].x[0] = cx + r * 12 / 10; g[1].y[0] = cy + r * 9 / 10;
        g[2].op = DEV_LINE; g[2].x[0] = cx - r * 12 / 10; g[2].y[0] = cy + r * 9 / 10;
        g[3].op = DEV_CLOSE;
        n = 4;
        break;
    case LO_STATUS_NOT_MET:    /* square */
    case LO_STATUS_UNKNOWN:    /* a flat bar */
    default: {
        ts_sp hw = s == LO_STATUS_NOT_MET ? r * 9 / 10 : r;
        ts_sp hh = s == LO_STATUS_NOT_MET ? r * 9 / 10 : r * 5 / 10;
        g = segs_new(c, 5);
        g[0].op = DEV_MOVE; g[0].x[0] = cx - hw; g[0].y[0] = cy - hh;
        g[1].op = DEV_LINE; g[1].x[0] = cx + hw; g[1].y[0] = cy - hh;
        g[2].op = DEV_LINE; g[2].x[0] = cx + hw; g[2].y[0] = cy + hh;
        g[3].op = DEV_LINE; g[3].x[0] = cx - hw; g[3].y[0] = cy + hh;
        g[4].op = DEV_CLOSE;
        n = 5;
        break;
    }
    }
    push_path(c, dst, g, n, 1, fill, 1, line, lw);
}

/* A trend arrow in the text colour: up to the right (Förbättrad), level
 * (Oförändrad), down to the right (Försämrad) — the direction of "better",
 * not of the value, so "lower is better" rows read the same way. */
static void draw_trend(lo_ctx *c, lo_items *dst, lo_trend t, ts_sp cx, ts_sp cy, ts_sp r)
{
    if (t == LO_TREND_NONE) return;
    dev_color col = lo_color(c->L->table.color);
    ts_sp dy = t == LO_TREND_BETTER ? -r * 7 / 10 : t == LO_TREND_WORSE ? r * 7 / 10 : 0;
    ts_sp x0 = cx - r, y0 = cy - dy, x1 = cx + r, y1 = cy + dy;
    dev_path_seg *g = segs_new(c, 2);
    g[0].op = DEV_MOVE; g[0].x[0] = x0; g[0].y[0] = y0;
    g[1].op = DEV_LINE; g[1].x[0] = x1; g[1].y[0] = y1;
    push_path(c, dst, g, 2, 0, col, 1, col, r / 4);
    /* the head: a filled triangle at (x1, y1) pointing along the shaft */
    int64_t ux = x1 - x0, uy = y1 - y0;
    int64_t len = ux * ux + uy * uy, l = 1;
    while (l * l < len) l++;   /* integer square root, a few dozen steps at most */
    ts_sp hl = r * 7 / 10, hw = r * 5 / 10;
    ts_sp bx = (ts_sp)(x1 - ux * hl / l), by = (ts_sp)(y1 - uy * hl / l);
    ts_sp px = (ts_sp)(-uy * hw / l), py = (ts_sp)(ux * hw / l);
    g = segs_new(c, 4);
    g[0].op = DEV_MOVE; g[0].x[0] = x1 + (ts_sp)(ux * r / 8 / l); g[0].y[0] = y1 + (ts_sp)(uy * r / 8 / l);
    g[1].op = DEV_LINE; g[1].x[0] = bx + px; g[1].y[0] = by + py;
    g[2].op = DEV_LINE; g[2].x[0] = bx - px; g[2].y[0] = by - py;
    g[3].op = DEV_CLOSE;
    push_path(c, dst, g, 4, 1, col, 0, col, 0);
}

/* ---- rows -------------------------------------------------------------------- */

typedef struct lo_table {
    const tspec *t;
    tcell *cells;            /* rows [0, held_rows) by row, then column */
    int held_rows;           /* every row, or (kept rows) the header and the
                                body rows weighed for the widths */
    int keep_rows;           /* rows are LO_ITEM_ROW references, set again
                                when drawn: a table of text and numbers only
                                (no inline Markdown, so no footnotes) */
    ts_sp left;              /* the table's left edge, absolute */
    ts_sp *widths;
    ts_sp *frac_max;         /* per column: the widest fraction */
    rd_style body, head;     /* at the size the table is set in */
    lo_hlist scratch;        /* reused while collecting a cell, then copied to
                                its exact size: a long table holds millions of
                                items, and growth by doubling would waste most */
    lo_lines scratch_lines;
    ts_sp hpad;              /* padding left and right in a cell: the layout's,
                                halved before a table too wide is set smaller */
    ts_sp total;
} tlayout;

/* The lines of a row: those of its tallest cell (one at least). */
static size_t row_lines(const tlayout *tl, const tcell *cells)
{
    size_t most = 1;
    for (int k = 0; k < tl->t->ncols; k++)
        if (cells[k].lines.n > most) most = cells[k].lines.n;
    return most;
}

/* Row r's cells, when the table holds them. */
static const tcell *row_cells(const tlayout *tl, int r)
{
    return &tl->cells[(size_t)r * (size_t)tl->t->ncols];
}

/* The drawing of row r's lines [from, to) into dst from y0 down; returns
 * the height. Header background or a zebra stripe behind, TR > TH|TD
 * structure, rules as artifacts. `tagged` is 0 for the copy repeated on
 * later pages (the page builder makes that an artifact anyway). */
static ts_sp row_items(lo_ctx *c, const tlayout *tl, lo_items *dst, const tcell *cells, int r,
                       size_t from, size_t to, ts_sp y0, int stripe, int rule_above,
                       int rule_below)
{
    const tspec *t = tl->t;
    int is_header = t->header && r == 0;
    const rd_style *st = is_header ? &tl->head : &tl->body;
    ts_sp pad = c->L->table_cell_padding;
    ts_sp height = (ts_sp)(to - from) * st->leading + 2 * pad;
    ts_sp base = lo_style_baseline(c, st);
    dev_color rule = lo_color(c->L->rule);

    if (is_header || stripe) {
        lo_items_push(c->a, dst, LO_ITEM_ARTIFACT_BEGIN);
        lo_items_rect(c->a, dst, c->left, y0, tl->total, height, 1,
                      lo_color(is_header ? c->L->table_header_bg : c->L->table_stripe), 0,
                      rule, 0);
        lo_items_push(c->a, dst, LO_ITEM_ARTIFACT_END);
    }
    lo_items_struct(c->a, dst, "TR", NULL);
    ts_sp x = c->left;
    for (int k = 0; k < t->ncols; k++) {
        const tsrc *s = &t->cells[(size_t)r * (size_t)t->ncols + (size_t)k];
        const tcell *tc = &cells[k];
        lo_items_struct(c->a, dst, is_header ? "TH" : "TD", NULL);
        if (s->actual) dst->v[dst->n - 1].u.st.actual_text = s->actual;
        ts_sp cx = x + tl->hpad, measure = tl->widths[k] - 2 * tl->hpad;
        if (s->symbol) {
            ts_sp room = symbol_room(st);
            if (from == 0) {
                ts_sp cy = y0 + pad + base - st->size * 36 / 100;   /* on the x-height's middle */
                ts_sp rad = st->size * 34 / 100;
                lo_items_push(c->a, dst, LO_ITEM_ARTIFACT_BEGIN);
                if (s->symbol >= 10)
                    draw_trend(c, dst, (lo_trend)(s->symbol - 10), cx + room / 2 - st->size / 20,
                               cy, rad);
                else
                    draw_status(c, dst, (lo_status)(s->symbol - 1), cx + rad, cy, rad);
                lo_items_push(c->a, dst, LO_ITEM_ARTIFACT_END);
            }
            cx += room;
            measure -= room;
        }
        doc_align align = t->align[k];
        if (t->decimal[k] && s->kind == CELL_NUMBER) {
            measure -= tl->frac_max[k] - tc->frac_w;   /* the comma on the column's line */
            align = DOC_ALIGN_RIGHT;
        } else if (t->decimal[k] && is_header) {
            align = DOC_ALIGN_RIGHT;
        }
        if (align == DOC_ALIGN_NONE) align = DOC_ALIGN_LEFT;
        for (size_t i = from; i < to && i < tc->lines.n; i++) {
            ts_sp top = y0 + pad + (ts_sp)(i - from) * st->leading;
            lo_emit_line(c, dst, &tc->h, &tc->lines.v[i], cx, measure, align, top,
                         st->leading, top + base);
        }
        lo_items_end_struct(c->a, dst);
        x += tl->widths[k];
    }
    lo_items_end_struct(c->a, dst);
    if (rule_above || rule_below) {
        lo_items_push(c->a, dst, LO_ITEM_ARTIFACT_BEGIN);
        if (rule_above)
            lo_items_line(c->a, dst, c->left, y0, c->left + tl->total, y0, rule,
                          c->L->rule_width);
        if (rule_below)
            lo_items_line(c->a, dst, c->left, y0 + height, c->left + tl->total, y0 + height,
                          rule, c->L->rule_width * (is_header ? 2 : 1));
        lo_items_push(c->a, dst, LO_ITEM_ARTIFACT_END);
    }
    return height;
}

/* A box with exact room for its items: rows are the bulk of a long table,
 * and the doubling growth of lo_items would waste a third of them. */
static lo_vnode *row_box(lo_ctx *c, size_t items_hint)
{
    lo_vnode *box = lo_vnew(c, LO_V_BOX, 0);
    box->items.v = ts_arena_alloc(c->a, items_hint * sizeof *box->items.v);
    box->items.cap = items_hint;
    return box;
}

/* The footnotes referenced in lines [from, to) of row r's cells, in
 * reading order (cell by cell, line by line): set at the foot of the page
 * that holds the row, as a line of running text does with its own. */
static lo_note *row_notes(lo_ctx *c, const tlayout *tl, const tcell *cells, size_t from,
                          size_t to)
{
    lo_note *first = NULL, **tail = &first;
    for (int k = 0; k < tl->t->ncols; k++) {
        const tcell *tc = &cells[k];
        for (size_t i = from; i < to && i < tc->lines.n; i++) {
            *tail = lo_line_notes(c, &tc->h, &tc->lines.v[i]);
            while (*tail) tail = &(*tail)->next;
        }
    }
    return first;
}

static void append_break(lo_ctx *c, int can_break, const lo_vnode *repeat)
{
    lo_vnode *b = lo_vnew(c, LO_V_BREAK, 0);
    b->can_break = can_break;
    b->repeat = repeat;
    lo_vappend(c, b);
}

/* The break points between the rows of one table are alike but for
 * can_break: one node of each kind serves them all (nothing changes a
 * break point once it is in the vertical list, unless lo_vappend takes
 * its can_break away while a heading is kept with what follows; then it
 * is a node of its own). A 100 000-row table saves 10 MB. */
static void append_row_break(lo_ctx *c, int can_break, const lo_vnode *repeat,
                             lo_vnode *shared[2])
{
    if (c->keep_boxes > 0) {
        append_break(c, can_break, repeat);
        return;
    }
    lo_vnode **b = &shared[can_break ? 1 : 0];
    if (!*b) {
        *b = lo_vnew(c, LO_V_BREAK, 0);
        (*b)->can_break = can_break ? 1 : 0;
        (*b)->repeat = repeat;
    }
    lo_vappend(c, *b);
}

/* ---- the whole table ------------------------------------------------------------ */

static rd_style scaled(const rd_style *s, ts_sp size, ts_sp base)
{
    rd_style o = *s;
    if (size != base) {
        o.size = (ts_sp)((int64_t)s->size * size / base);
        o.leading = (ts_sp)((int64_t)s->leading * size / base);
    }
    return o;
}

/* The preferred width of a cell: its longest line when nothing wraps, the
 * line ends kept in the cell (Alt+Enter in Excel) included. */
static ts_sp preferred_width(const lo_hlist *h)
{
    int64_t widest = 0, line = 0;
    for (size_t i = 0; i < h->n; i++) {
        if (h->v[i].kind == LO_H_BREAK) {
            line = 0;
            continue;
        }
        if (h->v[i].kind != LO_H_PENALTY) line += h->v[i].width;
        if (line > widest) widest = line;
    }
    return (ts_sp)(widest > INT32_MAX ? INT32_MAX : widest);
}

/* The room for the text of cell `s` in column k: the column less its
 * padding and the status or trend symbol before the text. */
static ts_sp cell_measure(const tlayout *tl, int k, const tsrc *s, const rd_style *st)
{
    ts_sp measure = tl->widths[k] - 2 * tl->hpad - (s->symbol ? symbol_room(st) : 0);
    return measure < 1 ? 1 : measure;
}

/* Does the cell's text hold a line end of its own (Alt+Enter in Excel)? */
static int has_line_end(const lo_hlist *h)
{
    for (size_t i = 0; i < h->n; i++)
        if (h->v[i].kind == LO_H_BREAK) return 1;
    return 0;
}

/* Lay out every cell at the size in tl; column minimums and preferences
 * into min_w/max_w (padding included). The cells of rows [0, held_rows)
 * stay in tl->cells; those of the other rows (a table whose rows are
 * kept as references) are measured a row at a time and given back, and
 * only each cell's width on one line is kept, in `one_line` (INT32_MAX
 * for a cell with line ends of its own), so that its lines can be counted
 * later without collecting it again when it fits. */
static void measure_cells(lo_ctx *c, tlayout *tl, int64_t *min_w, int64_t *max_w,
                          ts_sp *one_line)
{
    const tspec *t = tl->t;
    ts_sp pad = tl->hpad;
    int64_t *int_max = ts_arena_alloc(c->scratch, (size_t)t->ncols * sizeof *int_max);
    for (int k = 0; k < t->ncols; k++) {
        min_w[k] = max_w[k] = 2 * pad;
        tl->frac_max[k] = 0;
    }
    for (int r = 0; r < t->nrows; r++) {
        const rd_style *st = t->header && r == 0 ? &tl->head : &tl->body;
        int held = r < tl->held_rows;
        ts_arena_mark row_mark = ts_arena_mark_now(c->scratch);
        for (int k = 0; k < t->ncols; k++) {
            size_t i = (size_t)r * (size_t)t->ncols + (size_t)k;
            tcell passing, *tc = held ? &tl->cells[i] : &passing;
            memset(tc, 0, sizeof *tc);
            if (held) {
                tl->scratch.n = 0;
                tc->h = tl->scratch;
                collect_cell(c, tc, &t->cells[i], st, st == &tl->body);
                tl->scratch = tc->h;   /* it may have grown */
                tc->h.v = ts_arena_alloc(c->scratch, (tc->h.n ? tc->h.n : 1) * sizeof *tc->h.v);
                if (tc->h.n) memcpy(tc->h.v, tl->scratch.v, tc->h.n * sizeof *tc->h.v);
                tc->h.cap = tc->h.n;
            } else {
                collect_cell(c, tc, &t->cells[i], st, st == &tl->body);
            }
            ts_sp longest = 0;
            lo_hlist_widths(&tc->h, &longest, NULL);
            ts_sp natural = preferred_width(&tc->h);
            if (one_line) one_line[i] = has_line_end(&tc->h) ? INT32_MAX : natural;
            ts_sp extra = 2 * pad + (t->cells[i].symbol ? symbol_room(st) : 0);
            if (t->cells[i].kind == CELL_NUMBER && t->decimal[k]) {
                if (tc->int_w > int_max[k]) int_max[k] = tc->int_w;
                if (tc->frac_w > tl->frac_max[k]) tl->frac_max[k] = tc->frac_w;
                continue;
            }
            if (longest + extra > min_w[k]) min_w[k] = longest + extra;
            if (natural + extra > max_w[k]) max_w[k] = natural + extra;
        }
        if (!held) ts_arena_release(c->scratch, row_mark);
    }
    for (int k = 0; k < t->ncols; k++) {
        int64_t aligned = int_max[k] + tl->frac_max[k] + 2 * pad;
        if (aligned > min_w[k]) min_w[k] = aligned;
        if (aligned > max_w[k]) max_w[k] = aligned;
        if (min_w[k] > max_w[k]) max_w[k] = min_w[k];
    }
}

/* Break a cell's text into lines. A cell is hyphenated only where that
 * saves it a line, or where a word is wider than the column: in a column
 * a few words wide a hyphen that only evens the rag costs more in
 * reading than it gives (the rows stay as tall). So the lines are found
 * once with the hyphenation points and, when some line ends at one, once
 * without them; the second wins unless it is longer or a line
 * overflows. Lines are appended to `out` (emptied first). */
static void break_cell(lo_ctx *c, lo_hlist *h, ts_sp measure, lo_lines *out)
{
    out->n = 0;
    lo_break_lines(c, h, measure, out);
    int hyphenated = 0;
    for (size_t i = 0; i < out->n && !hyphenated; i++)
        hyphenated = out->v[i].hyphen;
    if (!hyphenated) return;
    /* the hyphenation points made unbreakable, for a moment */
    int *kept = ts_arena_alloc(c->scratch, h->n * sizeof *kept);
    for (size_t i = 0; i < h->n; i++) {
        kept[i] = h->v[i].penalty;
        if (h->v[i].kind == LO_H_PENALTY && h->v[i].nruns > 0) h->v[i].penalty = TX_INF;
    }
    lo_lines whole = { 0 };
    lo_break_lines(c, h, measure, &whole);
    for (size_t i = 0; i < h->n; i++) h->v[i].penalty = kept[i];
    if (whole.n > out->n) return;
    for (size_t i = 0; i < whole.n; i++)
        if (whole.v[i].width > measure) return;
    if (whole.n > out->cap) {
        out->v = ts_arena_realloc(c->scratch, out->v, out->cap * sizeof *out->v,
                                  whole.n * sizeof *out->v);
        out->cap = whole.n;
    }
    if (whole.n) memcpy(out->v, whole.v, whole.n * sizeof *whole.v);
    out->n = whole.n;
}

/* Collect and break the cells of row r into cells[] (working memory):
 * as the table's layout did, or (warn 0) as it is drawn again. */
static void set_row_cells(lo_ctx *c, const tlayout *tl, int r, tcell *cells, int warn)
{
    const tspec *t = tl->t;
    const rd_style *st = t->header && r == 0 ? &tl->head : &tl->body;
    for (int k = 0; k < t->ncols; k++) {
        const tsrc *s = &t->cells[(size_t)r * (size_t)t->ncols + (size_t)k];
        memset(&cells[k], 0, sizeof cells[k]);
        collect_cell(c, &cells[k], s, st, st == &tl->body);
        ts_sp measure = cell_measure(tl, k, s, st);
        lo_split_long_words(c, &cells[k].h, measure, warn);
        break_cell(c, &cells[k].h, measure, &cells[k].lines);
    }
}

void lo_table_row_items(lo_ctx *c, const lo_row_ref *row, lo_items *out)
{
    const tlayout *tl = row->table;
    tcell *cells = ts_arena_alloc(c->a, (size_t)tl->t->ncols * sizeof *cells);
    set_row_cells(c, tl, row->row, cells, 0);
    ts_sp left = c->left;
    c->left = tl->left;
    row_items(c, tl, out, cells, row->row, (size_t)row->from, (size_t)row->to, 0, row->stripe,
              row->rule_above, row->rule_below);
    c->left = left;
}

/* At most this many body rows are weighed when choosing widths: enough to
 * judge a table's text, and a table of thousands of rows costs no more. */
#define TABLE_WEIGH_ROWS 400

/* The height of the table's rows (the header and up to TABLE_WEIGH_ROWS
 * body rows) with these widths, from the estimated lines of every cell. */
static int64_t weigh_widths(const tlayout *tl, const ts_sp *widths)
{
    const tspec *t = tl->t;
    int64_t height = 0;
    int rows = t->nrows < TABLE_WEIGH_ROWS + 1 ? t->nrows : TABLE_WEIGH_ROWS + 1;
    for (int r = 0; r < rows; r++) {
        const rd_style *st = t->header && r == 0 ? &tl->head : &tl->body;
        int64_t most = 1;
        for (int k = 0; k < t->ncols; k++) {
            size_t i = (size_t)r * (size_t)t->ncols + (size_t)k;
            if (t->cells[i].kind == CELL_NUMBER && t->decimal[k]) continue;
            ts_sp measure = widths[k] - 2 * tl->hpad - (t->cells[i].symbol ? symbol_room(st) : 0);
            int64_t n = estimate_lines(&tl->cells[i].h, measure);
            if (n > most) most = n;
        }
        height += most * st->leading;
    }
    return height;
}

/* The column widths (into tl->widths) and the table's width (tl->total):
 *
 *   - every column fits on one line (the preferred widths sum to at most
 *     the measure): each gets its preferred width and the table is as wide
 *     as its content, as HTML's tables are. Stretched to the measure, a
 *     figure would stand far from its label and the columns of numbers
 *     would be wider than their numbers.
 *   - the columns must wrap: the wrapping columns share the narrowing.
 *     Of the shares between CSS's proportional one and the balanced one
 *     (eight steps from one to the other) the one with the shortest rows
 *     wins — the estimated height of the table — and on a tie the more
 *     balanced one, whose lines are the more even. So a column is not
 *     squeezed to a word a line while another keeps its whole width, nor
 *     a short column unwrapped at the cost of taller rows.
 *   - the minimums do not fit (the caller has set the type as small as it
 *     may): each column its share of the measure in proportion to its
 *     minimum; the long words are then cut. */
#define TABLE_WIDTH_STEPS 8
static void choose_widths(lo_ctx *c, tlayout *tl, const int64_t *min_w, const int64_t *max_w)
{
    const tspec *t = tl->t;
    int n = t->ncols;
    ts_sp total = c->width;
    int64_t sum_min = 0, sum_max = 0;
    for (int k = 0; k < n; k++) {
        sum_min += min_w[k];
        sum_max += max_w[k];
    }
    if (sum_max <= total) {
        for (int k = 0; k < n; k++) tl->widths[k] = (ts_sp)max_w[k];
        tl->total = (ts_sp)sum_max;
        return;
    }
    tl->total = total;
    if (sum_min > total) {
        int64_t used = 0;
        for (int k = 0; k < n; k++) {
            tl->widths[k] = (ts_sp)(sum_min > 0 ? total * min_w[k] / sum_min : total / n);
            used += tl->widths[k];
        }
        tl->widths[n - 1] += (ts_sp)(total - used);
        return;
    }
    ts_sp *prop = ts_arena_alloc(c->scratch, 3 * (size_t)n * sizeof *prop);
    ts_sp *bal = prop + n, *mix = bal + n;
    widths_proportional(n, min_w, max_w, total, prop);
    widths_balanced(n, min_w, max_w, total, bal);
    int64_t best = -1;
    for (int step = TABLE_WIDTH_STEPS; step >= 0; step--) {
        /* both sum to the measure and hold every minimum: so does a mix */
        int64_t used = 0;
        int roomiest = 0;   /* takes the rounding: it is furthest above its minimum */
        for (int k = 0; k < n; k++) {
            mix[k] = (ts_sp)(prop[k] + ((int64_t)bal[k] - prop[k]) * step / TABLE_WIDTH_STEPS);
            used += mix[k];
            if (mix[k] - min_w[k] > mix[roomiest] - min_w[roomiest]) roomiest = k;
        }
        mix[roomiest] += (ts_sp)(total - used);
        int64_t height = weigh_widths(tl, mix);
        if (best < 0 || height < best) {
            best = height;
            memcpy(tl->widths, mix, (size_t)n * sizeof *mix);
        }
    }
}

/* Caption lines ("Tabell 3. …" or "Tabell 3 (forts.)") into dst from y0;
 * returns the height including the caption's space after. */
static ts_sp caption_items(lo_ctx *c, lo_items *dst, const char *text, ts_sp y0, ts_pos pos)
{
    const rd_style *st = &c->L->caption;
    ts_sp h = lo_caption_lines(c, dst, text, st->face, st, c->left, c->width, y0, pos,
                               lo_color(st->color));
    return h + st->space_after;
}

static void set_table_in(lo_ctx *c, const tspec *t);

/* The table's working memory (every cell's measured text and lines, the
 * widths) is given back once its rows are boxes: a document with a table
 * on every page held all of them to the end. */
static void set_table(lo_ctx *c, const tspec *t)
{
    ts_arena_mark working = ts_arena_mark_now(c->scratch);
    set_table_in(c, t);
    ts_arena_release(c->scratch, working);
}

static void set_table_in(lo_ctx *c, const tspec *t)
{
    if (t->ncols <= 0 || t->nrows <= 0) return;
    if (t->ncols > 64) {
        ts_error(c->d, t->pos, "%s has %d columns; at most 64 fit on a page",
                 t->name, t->ncols);
        return;
    }
    tlayout tl;
    memset(&tl, 0, sizeof tl);
    tl.t = t;
    tl.left = c->left;
    tl.keep_rows = 1;
    for (size_t i = 0; i < (size_t)t->nrows * (size_t)t->ncols && tl.keep_rows; i++)
        tl.keep_rows = t->cells[i].kind != CELL_INLINE;
    tl.held_rows = tl.keep_rows && t->nrows > TABLE_WEIGH_ROWS + 1 ? TABLE_WEIGH_ROWS + 1
                                                                   : t->nrows;
    tl.cells = ts_arena_alloc(c->scratch, (size_t)tl.held_rows * (size_t)t->ncols * sizeof *tl.cells);
    /* what a kept row is drawn from again outlives the table's working memory */
    ts_arena *plan_arena = tl.keep_rows ? c->a : c->scratch;
    tl.widths = ts_arena_alloc(plan_arena, (size_t)t->ncols * sizeof *tl.widths);
    tl.frac_max = ts_arena_alloc(plan_arena, (size_t)t->ncols * sizeof *tl.frac_max);
    ts_sp *one_line = tl.held_rows < t->nrows
        ? ts_arena_alloc(c->scratch, (size_t)t->nrows * (size_t)t->ncols * sizeof *one_line)
        : NULL;
    int64_t *min_w = ts_arena_alloc(c->scratch, (size_t)t->ncols * sizeof *min_w);
    int64_t *max_w = ts_arena_alloc(c->scratch, (size_t)t->ncols * sizeof *max_w);

    /* the size: the layout's, or smaller when the minimums do not fit */
    ts_sp base = c->L->table.size, size = base;
    tl.hpad = c->L->table_cell_padding;
    ts_sp floor = c->L->table_min_size > 0 ? c->L->table_min_size : base;
    if (floor > base) floor = base;
    for (int attempt = 0;; attempt++) {
        tl.body = scaled(&c->L->table, size, base);
        tl.head = scaled(&c->L->table_header, size, base);
        measure_cells(c, &tl, min_w, max_w, one_line);
        int64_t sum_min = 0;
        for (int k = 0; k < t->ncols; k++) sum_min += min_w[k];
        if (sum_min <= c->width) break;
        if (tl.hpad > c->L->table_cell_padding / 2) {
            tl.hpad = c->L->table_cell_padding / 2;
            continue;
        }
        if (size <= floor || attempt > 40) {
            ts_error(c->d, t->pos, "%s is too wide: even at %.1f pt its columns need %.0f mm "
                     "and the text is %.0f mm wide; leave out columns, shorten the longest "
                     "words in them, or split the table",
                     t->name, ts_sp_to_pt(size), ts_sp_to_pt((ts_sp)(sum_min > INT32_MAX ? INT32_MAX : sum_min)) * 25.4 / 72,
                     ts_sp_to_pt(c->width) * 25.4 / 72);
            return;
        }
        /* widths scale with the size; step to a quarter point below the
         * size that would just fit, then check again */
        int64_t want = (int64_t)size * c->width / sum_min;
        ts_sp quarter = TS_PT / 4;
        ts_sp next = (ts_sp)(want / quarter * quarter);
        if (next >= size) next = size - quarter;
        size = next < floor ? floor : next;
    }
    if (size < base)
        ts_warning(c->d, t->pos, "%s is set in %.2f pt instead of %.2f pt to fit the width "
                   "of the text", t->name, ts_sp_to_pt(size), ts_sp_to_pt(base));
    choose_widths(c, &tl, min_w, max_w);

    /* lines in every cell held; of the other rows only how many: one for
     * a row whose cells all fit on a line, else counted from its cells
     * collected again */
    ts_sp pad = c->L->table_cell_padding;
    size_t *nlines = ts_arena_alloc(c->scratch, (size_t)t->nrows * sizeof *nlines);
    for (int r = 0; r < t->nrows; r++) {
        const rd_style *st = t->header && r == 0 ? &tl.head : &tl.body;
        if (r >= tl.held_rows) {
            int fits = 1;
            for (int k = 0; k < t->ncols && fits; k++) {
                size_t i = (size_t)r * (size_t)t->ncols + (size_t)k;
                fits = one_line[i] <= cell_measure(&tl, k, &t->cells[i], st);
            }
            nlines[r] = 1;
            if (!fits) {
                ts_arena_mark row_mark = ts_arena_mark_now(c->scratch);
                tcell *cells = ts_arena_alloc(c->scratch, (size_t)t->ncols * sizeof *cells);
                set_row_cells(c, &tl, r, cells, 1);
                nlines[r] = row_lines(&tl, cells);
                ts_arena_release(c->scratch, row_mark);
            }
            continue;
        }
        for (int k = 0; k < t->ncols; k++) {
            size_t i = (size_t)r * (size_t)t->ncols + (size_t)k;
            ts_sp measure = cell_measure(&tl, k, &t->cells[i], st);
            lo_split_long_words(c, &tl.cells[i].h, measure, 1);
            break_cell(c, &tl.cells[i].h, measure, &tl.scratch_lines);
            lo_lines *ln = &tl.cells[i].lines;
            ln->n = ln->cap = tl.scratch_lines.n;
            ln->v = ts_arena_alloc(c->scratch, (ln->n ? ln->n : 1) * sizeof *ln->v);
            if (ln->n) memcpy(ln->v, tl.scratch_lines.v, ln->n * sizeof *ln->v);
        }
        nlines[r] = row_lines(&tl, row_cells(&tl, r));
    }
    /* the plan kept rows are drawn from: the description and the widths,
     * none of the working memory */
    const tlayout *plan = NULL;
    if (tl.keep_rows) {
        c->kept_rows = 1;
        tspec *spec = ts_arena_alloc(c->a, sizeof *spec);
        *spec = *t;
        tlayout *p = ts_arena_alloc(c->a, sizeof *p);
        *p = tl;
        p->t = spec;
        p->cells = NULL;
        p->held_rows = 0;
        memset(&p->scratch, 0, sizeof p->scratch);
        memset(&p->scratch_lines, 0, sizeof p->scratch_lines);
        plan = p;
    }

    int stripes = c->L->table_stripes;
    lo_begin_block(c, c->L->caption.space_before);
    lo_mark_struct(c, "Table", NULL);

    /* the caption, above the table */
    const char *word = c->L->word_table ? c->L->word_table : "Tabell";
    ts_sp cap_h = 0;
    if (t->number) {
        char *text = t->caption && *t->caption
                         ? ts_arena_printf(c->a, "%s %d. %s", word, t->number, t->caption)
                         : ts_arena_printf(c->a, "%s %d", word, t->number);
        lo_vnode *cap = lo_vnew(c, LO_V_BOX, 0);
        cap->pos = t->pos;
        lo_items_struct(c->a, &cap->items, "Caption", NULL);
        cap_h = caption_items(c, &cap->items, text, 0, t->pos);
        lo_items_end_struct(c->a, &cap->items);
        cap->height = cap_h;
        cap->baseline = lo_style_baseline(c, &c->L->caption);
        lo_vappend(c, cap);
        append_break(c, 0, NULL);
    }

    /* the repeat: "Tabell 3 (forts.)" and the header row, for later pages */
    lo_vnode *repeat = NULL;
    if (t->header) {
        repeat = lo_vnew(c, LO_V_BOX, 0);
        ts_sp y = 0;
        if (t->number) {
            const char *cont = c->L->word_continued ? c->L->word_continued : "forts.";
            y = caption_items(c, &repeat->items,
                              ts_arena_printf(c->a, "%s %d (%s)", word, t->number, cont), 0,
                              t->pos);
        }
        y += row_items(c, &tl, &repeat->items, row_cells(&tl, 0), 0, 0, nlines[0], y, 0, 1, 1);
        repeat->height = y;
    }

    /* what a page holds besides rows: room for the repeat at its top */
    ts_sp page_room = c->text_height - (repeat ? repeat->height : 0);
    /* TR, TH|TD per cell, a text run per line and cell (more only when a
     * line mixes fonts: then lo_items grows), stripe and rules */
    size_t items_per_row = 2 + 2 * (size_t)t->ncols + 6;
    lo_vnode *row_breaks[2] = { NULL, NULL };
    int body_rows = t->nrows - (t->header ? 1 : 0);
    for (int r = 0; r < t->nrows; r++) {
        int is_header = t->header && r == 0;
        int body_index = r - (t->header ? 1 : 0);   /* 0 for the first body row */
        /* THead holds the header row (tagged once: its copies on later
         * pages are artifacts), TBody the rest */
        if (is_header) lo_mark_struct(c, "THead", NULL);
        if (body_index == 0) lo_mark_struct(c, "TBody", NULL);
        const rd_style *st = is_header ? &tl.head : &tl.body;
        size_t nl = nlines[r];
        /* a row taller than a page is split between its lines */
        size_t per = nl;
        ts_sp full = (ts_sp)nl * st->leading + 2 * pad;
        if (full > page_room && st->leading > 0) {
            int64_t fit = ((int64_t)page_room - 2 * pad) / st->leading;
            per = fit < 1 ? 1 : (size_t)fit;
        }
        for (size_t from = 0; from < nl; from += per) {
            size_t to = from + per < nl ? from + per : nl;
            if (r > 0 || from > 0) {
                /* never between the caption, the header and the first two
                 * rows, nor before the last row or the source note */
                int can = !is_header && body_index >= 2 && body_index <= body_rows - 1 &&
                          !(body_index == body_rows - 1 && from == 0 && body_rows > 1);
                if (from > 0) can = 1;
                if (body_index == 1 && from == 0) can = 0;
                /* a row split because it is taller than a page cannot be
                 * kept with the rows around it: the page may end before
                 * it (and the next begins with the header, as after any
                 * break between rows) */
                if (per < nl && from == 0 && !is_header) can = 1;
                append_row_break(c, can, repeat, row_breaks);
            }
            int stripe = stripes && !is_header && body_index % 2 == 1;
            int above = r == 0 && from == 0;
            int below = (is_header || !stripes || r == t->nrows - 1) && to == nl;
            lo_vnode *box;
            if (plan) {
                box = row_box(c, 1);
                lo_item *it = lo_items_push(c->a, &box->items, LO_ITEM_ROW);
                it->u.row = (lo_row_ref){ plan, r, (int)from, (int)to, (unsigned char)stripe,
                                          (unsigned char)above, (unsigned char)below };
                /* as row_items measures it */
                box->height = (ts_sp)(to - from) * st->leading + 2 * pad;
            } else {
                box = row_box(c, items_per_row + (to - from) * (size_t)t->ncols);
                box->height = row_items(c, &tl, &box->items, row_cells(&tl, r), r, from, to, 0,
                                        stripe, above, below);
                box->notes = row_notes(c, &tl, row_cells(&tl, r), from, to);
            }
            box->pos = cell_pos(&t->cells[(size_t)r * (size_t)t->ncols]);
            if (box->pos.line == 0) box->pos = t->pos;
            box->baseline = pad + lo_style_baseline(c, st);
            lo_vappend(c, box);
        }
        if (is_header || r == t->nrows - 1) lo_mark_end(c);   /* THead, TBody */
    }
    lo_mark_end(c);

    /* the source note and the legend, kept with the last row */
    if ((t->source && *t->source) || t->legend) {
        const rd_style *st = &c->L->footnote;
        lo_vnode *note = lo_vnew(c, LO_V_BOX, 0);
        note->pos = t->pos;
        ts_sp y = st->leading / 3;
        if (t->legend) {
            lo_items_struct(c->a, &note->items, "P", NULL);
            /* read without its "*" markers (see indicators.c); a Span, as
             * text extraction honours ActualText there */
            const char *reading = lo_indicator_legend_reading(c->a, t->legend);
            int marked = strcmp(reading, t->legend) != 0;
            if (marked) {
                lo_items_struct(c->a, &note->items, "Span", NULL);
                note->items.v[note->items.n - 1].u.st.actual_text = reading;
            }
            y += lo_caption_lines(c, &note->items, t->legend, st->face, st, c->left, c->width,
                                  y, t->pos, lo_color(st->color));
            if (marked) lo_items_end_struct(c->a, &note->items);
            lo_items_end_struct(c->a, &note->items);
        }
        if (t->source && *t->source) {
            const char *src = c->L->word_source ? c->L->word_source : "Källa";
            lo_items_struct(c->a, &note->items, "P", NULL);
            y += lo_caption_lines(c, &note->items,
                                  ts_arena_printf(c->a, "%s: %s", src, t->source), st->face,
                                  st, c->left, c->width, y, t->pos, lo_color(st->color));
            lo_items_end_struct(c->a, &note->items);
        }
        note->height = y;
        note->baseline = st->leading / 3 + lo_style_baseline(c, st);
        append_break(c, 0, NULL);
        lo_vappend(c, note);
    }
    lo_end_block(c, lo_block_space(c));
}

/* ---- GFM pipe tables ------------------------------------------------------------ */

static int has_strong(const doc_node *n)
{
    for (const doc_node *k = n->first; k; k = k->next)
        if (k->kind == DOC_STRONG || has_strong(k)) return 1;
    return 0;
}

static int is_year_header(const char *h)
{
    return strcmp(h, "År") == 0 || strcmp(h, "år") == 0 || strcmp(h, "Årtal") == 0 ||
           strcmp(h, "Year") == 0 || strcmp(h, "year") == 0;
}

void lo_do_table(lo_ctx *c, const doc_node *n)
{
    int ncols = n->ncols;
    int nrows = 0;
    for (const doc_node *row = n->first; row; row = row->next) {
        int k = 0;
        for (const doc_node *cell = row->first; cell; cell = cell->next) k++;
        if (k > ncols) ncols = k;
        nrows++;
    }
    if (ncols <= 0 || nrows == 0) return;
    tspec t;
    memset(&t, 0, sizeof t);
    t.ncols = ncols;
    t.nrows = nrows;
    t.header = n->first && n->first->header;
    t.cells = ts_arena_alloc(c->a, (size_t)nrows * (size_t)ncols * sizeof *t.cells);
    t.align = ts_arena_alloc(c->a, (size_t)ncols * sizeof *t.align);
    t.decimal = ts_arena_alloc(c->a, (size_t)ncols * sizeof *t.decimal);
    /* an unnumbered table: named by its position, which the message
     * gives first, so "tabellen är för bred" reads whole in Swedish */
    t.name = _("the table");
    t.pos = n->pos;
    int *nums = ts_arena_alloc(c->a, (size_t)ncols * sizeof *nums);
    int *texts = ts_arena_alloc(c->a, (size_t)ncols * sizeof *texts);
    /* a column headed År holds years: never grouped (2026, not 2 026) */
    int *years = ts_arena_alloc(c->a, (size_t)ncols * sizeof *years);
    if (n->first && n->first->header) {
        int k = 0;
        for (const doc_node *cell = n->first->first; cell && k < ncols; cell = cell->next, k++)
            years[k] = is_year_header(doc_plain_text(c->a, cell));
    }
    int r = 0;
    for (const doc_node *row = n->first; row; row = row->next, r++) {
        int k = 0;
        for (const doc_node *cell = row->first; cell && k < ncols; cell = cell->next, k++) {
            tsrc *s = &t.cells[(size_t)r * (size_t)ncols + (size_t)k];
            s->kind = CELL_INLINE;
            s->inl = cell;
            s->at = &cell->pos;
            if (row->header) continue;
            doc_cell num;
            char *plain = doc_plain_text(c->a, cell);
            doc_cell_kind kind = rd_number_parse(plain, ',', &num);
            if (kind == DOC_CELL_NUMBER) {
                nums[k]++;
                s->kind = CELL_NUMBER;
                s->bold = has_strong(cell);
                s->text = rd_number_format(c->a, num.value, num.decimals, years[k] ? 0 : 4,
                                           num.percent);
                if (num.plus) s->text = ts_arena_printf(c->a, "+%s", s->text);
            } else if (kind == DOC_CELL_TEXT) {
                texts[k]++;
            }
        }
        for (; k < ncols; k++) {
            tsrc *s = &t.cells[(size_t)r * (size_t)ncols + (size_t)k];
            s->kind = CELL_TEXT;
            s->text = "";
            s->at = &row->pos;
        }
    }
    /* a column of numbers (unless the author aligned it left or centred)
     * is aligned on the decimal comma; elsewhere numbers stay as written */
    for (int k = 0; k < ncols; k++) {
        doc_align a = n->align && k < n->ncols ? n->align[k] : DOC_ALIGN_NONE;
        t.align[k] = a;
        t.decimal[k] = nums[k] > texts[k] && (a == DOC_ALIGN_NONE || a == DOC_ALIGN_RIGHT);
        if (!t.decimal[k])
            for (int rr = 0; rr < nrows; rr++) {
                tsrc *s = &t.cells[(size_t)rr * (size_t)ncols + (size_t)k];
                if (s->kind == CELL_NUMBER) s->kind = CELL_INLINE;
            }
    }
    set_table(c, &t);
}

/* ---- indicator and data tables from CSV ----------------------------------------- */

/* A CSV cell as shown: numbers in the Swedish form (groups from four digits
 * in tables, except in a column of years), no value as written ("..",
 * "–"), text as written. */
static tsrc csv_cell(const doc_cell *cell, int numeric, int years)
{
    tsrc s;
    memset(&s, 0, sizeof s);
    s.at = &cell->pos;
    s.kind = CELL_TEXT;
    s.text = cell->text;
    if (numeric && cell->kind == DOC_CELL_NUMBER) {
        s.kind = CELL_NUMBER;
        s.text = NULL;          /* formatted when collected: number_text */
        s.number = cell;
        s.years = years;
    } else if (numeric) {
        s.kind = CELL_NUMBER;   /* no value: aligned with the numbers */
        s.text = strcmp(cell->text, "-") == 0 ? "\xE2\x80\x93" : cell->text;
    }
    return s;
}

static const char *table_name(lo_ctx *c, const doc_node *n, int number)
{
    const char *word = c->L->word_table ? c->L->word_table : "Tabell";
    const doc_block *b = n->block;
    if (b && b->caption && *b->caption)
        return ts_arena_printf(c->a, "%s %d ('%s')", word, number, b->caption);
    return ts_arena_printf(c->a, "%s %d (%s)", word, number, b && b->data ? b->data : "?");
}

static void csv_spec(lo_ctx *c, const doc_node *n, tspec *t, int ncols, int nrows)
{
    memset(t, 0, sizeof *t);
    t->ncols = ncols;
    t->nrows = nrows + 1;
    t->header = 1;
    t->cells = ts_arena_alloc(c->a, (size_t)t->nrows * (size_t)ncols * sizeof *t->cells);
    t->align = ts_arena_alloc(c->a, (size_t)ncols * sizeof *t->align);
    t->decimal = ts_arena_alloc(c->a, (size_t)ncols * sizeof *t->decimal);
    t->number = ++c->tables;
    t->caption = n->block->caption;
    t->source = n->block->source;
    t->pos = n->pos;
    t->name = table_name(c, n, t->number);
    if (!t->caption || !*t->caption)
        ts_warning(c->d, n->pos, "%s has no caption; add caption = … so readers know what "
                   "it shows", t->name);
}

void lo_do_data_table(lo_ctx *c, const doc_node *n)
{
    const doc_table *d = n->block ? n->block->table : NULL;
    if (!d) {
        lo_placeholder(c, n);   /* the file could not be read: already reported */
        return;
    }
    tspec t;
    csv_spec(c, n, &t, d->ncols, d->nrows);
    for (int k = 0; k < d->ncols; k++) {
        int numeric = d->col_kind && d->col_kind[k] == DOC_CELL_NUMBER;
        int years = is_year_header(d->header[k].text);
        t.decimal[k] = numeric;
        t.cells[k] = (tsrc){ .kind = CELL_TEXT, .text = d->header[k].text, .at = &d->header[k].pos };
        for (int r = 0; r < d->nrows; r++)
            t.cells[(size_t)(r + 1) * (size_t)d->ncols + (size_t)k] =
                csv_cell(doc_table_cell(d, r, k), numeric, years);
    }
    set_table(c, &t);
}

/* The layout's word ([words]) for a status or a trend; the built-in
 * Swedish one for a layout made without the reader's defaults. */
static const char *status_word(const lo_ctx *c, lo_status s)
{
    const rd_layout *L = c->L;
    const char *w = s == LO_STATUS_MET        ? L->word_status_met
                    : s == LO_STATUS_PROGRESS ? L->word_status_progress
                    : s == LO_STATUS_NOT_MET  ? L->word_status_not_met
                                              : L->word_status_unknown;
    return w ? w : lo_status_words[s];
}

static const char *trend_word(const lo_ctx *c, lo_trend t)
{
    const rd_layout *L = c->L;
    const char *w = t == LO_TREND_BETTER ? L->word_trend_better
                    : t == LO_TREND_SAME ? L->word_trend_same
                    : t == LO_TREND_WORSE ? L->word_trend_worse
                                          : NULL;
    return w ? w : lo_trend_words[t];
}

static const char *word_or(const char *word, const char *fallback)
{
    return word ? word : fallback;
}

void lo_do_indicators(lo_ctx *c, const doc_node *n)
{
    const doc_table *d = n->block ? n->block->table : NULL;
    lo_indicator_cols ic;
    if (!d || lo_indicator_columns(c->d, d, &ic) != 0) {
        lo_placeholder(c, n);
        return;
    }
    /* the columns shown, in order: name, unit, years and targets as in the
     * file, status, trend, then any other column (Källa, Kommentar) */
    int *show = ts_arena_alloc(c->a, ((size_t)d->ncols + 2) * sizeof *show);
    int ns = 0;
    enum { COL_STATUS = -2, COL_TREND = -3 };
    show[ns++] = 0;
    if (ic.unit >= 0) show[ns++] = ic.unit;
    for (int k = 1; k < d->ncols; k++) {
        const char *h = d->header[k].text;
        if (rd_header_year(h) || strncmp(h, "Mål", 4) == 0 || strncmp(h, "mål", 4) == 0)
            show[ns++] = k;
    }
    show[ns++] = COL_STATUS;
    show[ns++] = COL_TREND;
    /* a text column with the same value in every row (Källa: the same
     * source throughout) says it once, under the table, not in every row */
    ts_buf folded = { 0 };
    for (int k = 1; k < d->ncols; k++) {
        int taken = k == ic.unit || k == ic.direction || k == ic.assessed;
        for (int j = 0; j < ns && !taken; j++) taken = show[j] == k;
        if (taken) continue;
        int same = d->nrows > 1 && d->col_kind && d->col_kind[k] == DOC_CELL_TEXT;
        for (int r = 1; r < d->nrows && same; r++)
            same = strcmp(doc_table_cell(d, r, k)->text, doc_table_cell(d, 0, k)->text) == 0;
        if (same) {
            ts_buf_printf(&folded, "%s%s (%s): %s.", folded.len ? " " : "",
                          d->header[k].text, word_or(c->L->word_all_rows, "alla rader"),
                          doc_table_cell(d, 0, k)->text);
            continue;
        }
        show[ns++] = k;
    }

    tspec t;
    csv_spec(c, n, &t, ns, d->nrows);
    int assessed_any = 0;
    int errors = c->d->errors;
    lo_assessment *as = ts_arena_alloc(c->a, ((size_t)d->nrows + 1) * sizeof *as);
    for (int r = 0; r < d->nrows; r++) {
        lo_indicator_assess(c->d, d, &ic, r, &as[r]);
        assessed_any |= as[r].assessed;
    }
    if (c->d->errors > errors) {
        ts_buf_free(&folded);
        return;
    }
    for (int j = 0; j < ns; j++) {
        int k = show[j];
        tsrc *h = &t.cells[j];
        h->kind = CELL_TEXT;
        h->at = &n->pos;
        if (k == COL_STATUS) { h->text = word_or(c->L->word_status, "Status"); continue; }
        if (k == COL_TREND) { h->text = word_or(c->L->word_trend, "Trend"); continue; }
        h->text = d->header[k].text;
        h->at = &d->header[k].pos;
        int numeric = d->col_kind && d->col_kind[k] == DOC_CELL_NUMBER && k != 0;
        t.decimal[j] = numeric;
        for (int r = 0; r < d->nrows; r++)
            t.cells[(size_t)(r + 1) * (size_t)ns + (size_t)j] =
                csv_cell(doc_table_cell(d, r, k), numeric, 0);
    }
    for (int r = 0; r < d->nrows; r++)
        for (int j = 0; j < ns; j++) {
            tsrc *s = &t.cells[(size_t)(r + 1) * (size_t)ns + (size_t)j];
            if (show[j] == COL_STATUS) {
                s->kind = CELL_TEXT;
                s->symbol = 1 + (int)as[r].status;
                const char *word = status_word(c, as[r].status);
                s->text = as[r].assessed ? ts_arena_printf(c->a, "%s*", word) : word;
                /* the mark read as what it means, not as "asterisk" */
                if (as[r].assessed)
                    s->actual = ts_arena_printf(
                        c->a, "%s (%s)", word,
                        word_or(c->L->word_assessed, "bedömd av förvaltningen"));
                s->at = &doc_table_cell(d, r, 0)->pos;
            } else if (show[j] == COL_TREND) {
                s->kind = CELL_TEXT;
                s->symbol = 10 + (int)as[r].trend;
                s->text = as[r].trend == LO_TREND_NONE ? "\xE2\x80\x93" : trend_word(c, as[r].trend);
                s->at = &doc_table_cell(d, r, 0)->pos;
            }
        }
    if (assessed_any)
        ts_buf_printf(&folded, "%s* %s", folded.len ? " " : "",
                      word_or(c->L->word_assessed_note, "Status bedömd av förvaltningen, inte "
                                                        "beräknad från utfall och mål."));
    if (folded.len) t.legend = ts_arena_strdup(c->a, ts_buf_cstr(&folded));
    ts_buf_free(&folded);
    set_table(c, &t);
}

/* ---- a chart's data (the Diagramdata appendix) ---------------------------------- */

static int column_named(const doc_table *d, const char *name, size_t n)
{
    for (int k = 0; k < d->ncols; k++)
        if (d->header[k].text && strlen(d->header[k].text) == n &&
            strncmp(d->header[k].text, name, n) == 0)
            return k;
    return -1;
}

/* The columns the chart drew: its `x` column (the first when not named)
 * and its `series`, or every other column of numbers, as the chart stage
 * reads them; the chart was built, so they exist. */
void lo_chart_data_table(lo_ctx *c, const lo_chart_ref *ref)
{
    const doc_block *b = ref->node->block;
    const doc_table *d = b ? b->table : NULL;
    if (!d || d->ncols < 1) return;
    int *cols = ts_arena_alloc(c->a, (size_t)d->ncols * sizeof *cols + sizeof *cols);
    int nc = 0, xcol = 0;
    const char *series = NULL;
    for (const doc_prop *p = b->props; p; p = p->next) {
        if (strcmp(p->key, "x") == 0) {
            int k = column_named(d, p->value, strlen(p->value));
            if (k >= 0) xcol = k;
        } else if (strcmp(p->key, "series") == 0) {
            series = p->value;
        }
    }
    cols[nc++] = xcol;
    if (series) {
        for (const char *s = series; *s && nc < d->ncols + 1;) {
            size_t n = strcspn(s, ",");
            const char *e = s + n;
            while (s < e && *s == ' ') s++;
            while (e > s && e[-1] == ' ') e--;
            int k = column_named(d, s, (size_t)(e - s));
            if (k >= 0 && k != xcol) cols[nc++] = k;
            s += strcspn(s, ",");
            if (*s == ',') s++;
        }
    } else {
        for (int k = 0; k < d->ncols; k++)
            if (k != xcol && d->col_kind && d->col_kind[k] == DOC_CELL_NUMBER)
                cols[nc++] = k;
    }

    tspec t;
    memset(&t, 0, sizeof t);
    t.ncols = nc;
    t.nrows = d->nrows + 1;
    t.header = 1;
    t.cells = ts_arena_alloc(c->a, (size_t)t.nrows * (size_t)nc * sizeof *t.cells);
    t.align = ts_arena_alloc(c->a, (size_t)nc * sizeof *t.align);
    t.decimal = ts_arena_alloc(c->a, (size_t)nc * sizeof *t.decimal);
    t.number = ++c->tables;
    t.pos = ref->node->pos;
    const char *what = b->caption && *b->caption ? b->caption
                       : b->title && *b->title ? b->title : NULL;
    const char *fig = c->L->word_figure ? c->L->word_figure : "Figur";
    /* "Data för figur 3. …": the figure word in running text */
    char *figl = ts_arena_strdup(c->a, fig);
    if (figl[0] >= 'A' && figl[0] <= 'Z') figl[0] = (char)(figl[0] - 'A' + 'a');
    const char *data_for = c->L->word_chart_data_for ? c->L->word_chart_data_for : "Data för";
    t.caption = what ? ts_arena_printf(c->a, "%s %s %d. %s", data_for, figl, ref->number, what)
                     : ts_arena_printf(c->a, "%s %s %d", data_for, figl, ref->number);
    t.source = b->source;
    t.name = ts_arena_printf(c->a, "%s %d (%s)", c->L->word_table ? c->L->word_table : "Tabell",
                             t.number, t.caption);
    for (int j = 0; j < nc; j++) {
        int k = cols[j];
        int numeric = j > 0 && d->col_kind && d->col_kind[k] == DOC_CELL_NUMBER;
        int years = is_year_header(d->header[k].text);
        t.decimal[j] = numeric;
        t.cells[j] = (tsrc){ .kind = CELL_TEXT, .text = d->header[k].text, .at = &d->header[k].pos };
        for (int r = 0; r < d->nrows; r++)
            t.cells[(size_t)(r + 1) * (size_t)nc + (size_t)j] =
                csv_cell(doc_table_cell(d, r, k), numeric, years);
    }
    set_table(c, &t);
}
