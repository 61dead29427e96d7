/* table.c: tables -> the vertical list: GFM pipe tables now; the
 * `indicators` and `table` blocks read from CSV files.
 *
 * A table row is one box, never split; rows are separated by break points
 * that carry the header row, so it comes again at the top of the next
 * page. */
#include "layout_internal.h"

/* ---- GFM tables --------------------------------------------------------- */

/* Column widths from content: each column wants at least its longest word
 * and at most its whole text on one line (plus padding). When everything
 * fits on one line the extra width is shared in proportion to the wanted
 * width; otherwise what is left above the minimums is shared in
 * proportion to how much more each column wants. The table always spans
 * the column. Integer arithmetic in 64 bits. */
static void column_widths(int ncols, const int64_t *min_w, const int64_t *max_w,
                          ts_sp total, ts_sp *out)
{
    int64_t sum_min = 0, sum_max = 0;
    for (int k = 0; k < ncols; k++) {
        sum_min += min_w[k];
        sum_max += max_w[k];
    }
    int64_t used = 0;
    for (int k = 0; k < ncols; k++) {
        int64_t w;
        if (sum_max <= 0)
            w = total / ncols;
        else if (sum_max <= total)
            w = max_w[k] + (total - sum_max) * max_w[k] / sum_max;
        else if (sum_min <= total && sum_max > sum_min)
            w = min_w[k] + (total - sum_min) * (max_w[k] - min_w[k]) / (sum_max - sum_min);
        else
            w = sum_min > 0 ? total * min_w[k] / sum_min : total / ncols;
        out[k] = (ts_sp)w;
        used += w;
    }
    out[ncols - 1] += (ts_sp)(total - used);
}

typedef struct table_cell {
    lo_hlist h;
    lo_lines lines;
} table_cell;

/* One row as one box: header background, each cell's lines padded inside
 * its column, a hairline under the row (and over it when it is the first).
 * Structure TR > TH|TD is inside the box, so a row is never split. */
static lo_vnode *table_row_box(lo_ctx *c, table_cell *cells, int ncols,
                               const ts_sp *widths, const doc_align *align,
                               int is_header, int first_row)
{
    const rd_style *st = is_header ? &c->L->table_header : &c->L->table;
    ts_sp pad = c->L->table_cell_padding;
    size_t most = 1;
    for (int k = 0; k < ncols; k++)
        if (cells[k].lines.n > most)
            most = cells[k].lines.n;
    lo_vnode *box = lo_vnew(c, LO_V_BOX, (ts_sp)most * st->leading + 2 * pad);
    ts_sp base = lo_style_baseline(c, st);
    box->baseline = pad + base;
    dev_color rule = lo_color(c->L->rule);
    ts_sp total = 0;
    for (int k = 0; k < ncols; k++)
        total += widths[k];
    if (is_header)
        lo_items_rect(c->a, &box->items, c->left, 0, total, box->height, 1,
                      lo_color(c->L->table_header_bg), 0, rule, 0);
    lo_items_struct(c->a, &box->items, "TR", NULL);
    ts_sp x = c->left;
    for (int k = 0; k < ncols; k++) {
        lo_items_struct(c->a, &box->items, is_header ? "TH" : "TD", NULL);
        ts_sp measure = widths[k] - 2 * pad;
        for (size_t i = 0; i < cells[k].lines.n; i++) {
            ts_sp top = pad + (ts_sp)i * st->leading;
            lo_emit_line(c, &box->items, &cells[k].h, &cells[k].lines.v[i], x + pad,
                         measure, align ? align[k] : DOC_ALIGN_LEFT, top, st->leading,
                         top + base);
        }
        lo_items_end_struct(c->a, &box->items);
        x += widths[k];
    }
    lo_items_end_struct(c->a, &box->items);
    /* rules are decoration: artifacts */
    lo_items_push(c->a, &box->items, LO_ITEM_ARTIFACT_BEGIN);
    if (first_row)
        lo_items_line(c->a, &box->items, c->left, 0, c->left + total, 0, rule,
                      c->L->rule_width);
    lo_items_line(c->a, &box->items, c->left, box->height, c->left + total, box->height,
                  rule, c->L->rule_width);
    lo_items_push(c->a, &box->items, LO_ITEM_ARTIFACT_END);
    return box;
}

void lo_do_table(lo_ctx *c, const doc_node *n)
{
    int ncols = n->ncols;
    if (ncols <= 0)
        for (const doc_node *row = n->first; row; row = row->next) {
            int k = 0;
            for (const doc_node *cell = row->first; cell; cell = cell->next)
                k++;
            if (k > ncols)
                ncols = k;
        }
    size_t nrows = 0;
    for (const doc_node *row = n->first; row; row = row->next)
        nrows++;
    if (ncols <= 0 || nrows == 0)
        return;
    if (ncols > 64) {
        ts_error(c->d, n->pos, "a table has %d columns; at most 64 fit on a page", ncols);
        return;
    }

    /* collect every cell's words in its row's style */
    table_cell *cells = ts_arena_alloc(c->a, nrows * (size_t)ncols * sizeof *cells);
    int64_t *min_w = ts_arena_alloc(c->a, (size_t)ncols * sizeof *min_w);
    int64_t *max_w = ts_arena_alloc(c->a, (size_t)ncols * sizeof *max_w);
    ts_sp pad = c->L->table_cell_padding;
    size_t r = 0;
    for (const doc_node *row = n->first; row; row = row->next, r++) {
        const rd_style *st = row->header ? &c->L->table_header : &c->L->table;
        int k = 0;
        for (const doc_node *cell = row->first; cell && k < ncols; cell = cell->next, k++) {
            table_cell *tc = &cells[r * (size_t)ncols + (size_t)k];
            lo_collect_inlines(c, &tc->h, cell, st);
            ts_sp longest = 0, natural = 0;
            lo_hlist_widths(&tc->h, &longest, &natural);
            if (longest + 2 * pad > min_w[k])
                min_w[k] = longest + 2 * pad;
            if (natural + 2 * pad > max_w[k])
                max_w[k] = natural + 2 * pad;
        }
    }
    ts_sp *widths = ts_arena_alloc(c->a, (size_t)ncols * sizeof *widths);
    column_widths(ncols, min_w, max_w, c->width, widths);

    lo_begin_block(c, lo_block_space(c));
    lo_mark_struct(c, "Table", NULL);
    const lo_vnode *header = NULL;
    r = 0;
    for (const doc_node *row = n->first; row; row = row->next, r++) {
        table_cell *rc = &cells[r * (size_t)ncols];
        for (int k = 0; k < ncols; k++) {
            ts_sp measure = widths[k] - 2 * pad;
            if (measure < 1)
                measure = 1;
            lo_split_long_words(c, &rc[k].h, measure, 1);
            lo_break_lines(c, &rc[k].h, measure, &rc[k].lines);
        }
        lo_vnode *box = table_row_box(c, rc, ncols, widths, n->align, row->header, r == 0);
        box->pos = row->pos;
        /* rows break between them, not inside; never between the header and
         * the first row; the header comes again at the top of the next page */
        if (r > 0 && !(r == 1 && header)) {
            lo_vnode *b = lo_vnew(c, LO_V_BREAK, 0);
            b->can_break = 1;
            b->repeat = header;
            lo_vappend(c, b);
        }
        lo_vappend(c, box);
        if (r == 0 && row->header)
            header = box;
    }
    lo_mark_end(c);
    lo_end_block(c, lo_block_space(c));
}

/* ---- indicator and data tables from CSV ---------------------------------- */

/* Drawn as numbered, framed placeholders until the CSV tables are set. */
void lo_do_indicators(lo_ctx *c, const doc_node *n)
{
    lo_placeholder(c, n);
}

void lo_do_data_table(lo_ctx *c, const doc_node *n)
{
    lo_placeholder(c, n);
}
