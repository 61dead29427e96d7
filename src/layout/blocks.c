/* blocks.c: the document's blocks -> the vertical list.
 *
 * Each block becomes zero-height structure marks around unsplittable boxes
 * (lines, table rows, figures) with break points between them. The space
 * between two blocks is one glue: the larger of the first's space after
 * and the second's space before (so a paragraph after a paragraph gets the
 * paragraph space once), except that after a heading only the heading's
 * space after counts, keeping the heading close to what it introduces.
 * Glue is where pages may end; it vanishes at a page break. */
#include "layout_internal.h"

#include <string.h>

/* ---- the vertical list -------------------------------------------------- */

static lo_vnode *vnew(lo_ctx *c, lo_vkind kind, ts_sp height)
{
    lo_vnode *v = ts_arena_alloc(c->a, sizeof *v);
    v->kind = kind;
    v->height = height;
    return v;
}

/* Append v. While a heading is being kept with what follows, its break
 * points are disabled; boxes and glue inside block quotes get the quote's
 * rule beside them; a list label waiting for its line takes the first
 * box's baseline. */
static void vappend(lo_ctx *c, lo_vnode *v)
{
    if ((v->kind == LO_V_GLUE || v->kind == LO_V_BREAK) && c->keep_boxes > 0)
        v->can_break = 0;
    if (v->kind == LO_V_BOX) {
        if (c->keep_boxes > 0)
            c->keep_boxes--;
        if (c->label_mark) {
            lo_items *li = &c->label_mark->items;
            for (size_t i = 0; i < li->n; i++)
                if (li->v[i].kind == LO_ITEM_TEXT)
                    li->v[i].u.text.y += v->baseline;
            c->label_mark = NULL;
        }
    }
    if ((v->kind == LO_V_BOX || v->kind == LO_V_GLUE) && v->height > 0)
        for (int q = 0; q < c->nquote; q++)
            lo_items_line(c->a, &v->items, c->quote_rule_x[q], 0, c->quote_rule_x[q],
                          v->height, lo_color(c->L->accent), c->L->rule_width * 3);
    if (c->vn == c->vcap) {
        size_t cap = c->vcap ? c->vcap * 2 : 64;
        c->vlist = ts_arena_realloc(c->a, c->vlist, c->vcap * sizeof *c->vlist,
                                    cap * sizeof *c->vlist);
        c->vcap = cap;
    }
    c->vlist[c->vn++] = v;
}

static void mark_struct(lo_ctx *c, const char *role, const char *alt)
{
    lo_vnode *m = vnew(c, LO_V_MARK, 0);
    lo_items_struct(c->a, &m->items, role, alt);
    vappend(c, m);
}

static void mark_end(lo_ctx *c)
{
    lo_vnode *m = vnew(c, LO_V_MARK, 0);
    lo_items_end_struct(c->a, &m->items);
    vappend(c, m);
}

static void break_point(lo_ctx *c, int can_break)
{
    lo_vnode *b = vnew(c, LO_V_BREAK, 0);
    b->can_break = can_break;
    vappend(c, b);
}

/* Space between paragraphs here: none inside a tight list. */
static ts_sp block_space(const lo_ctx *c)
{
    return c->tight ? 0 : c->L->paragraph_space;
}

static void begin_block(lo_ctx *c, ts_sp before)
{
    if (c->any_block && !c->suppress_space) {
        ts_sp space = c->pending_space;
        if (!c->after_heading && before > space)
            space = before;
        lo_vnode *g = vnew(c, LO_V_GLUE, space);
        g->can_break = 1;
        vappend(c, g);
    }
    c->any_block = 1;
    c->suppress_space = 0;
    c->after_heading = 0;
    c->pending_space = 0;
}

static void end_block(lo_ctx *c, ts_sp after)
{
    c->pending_space = after;
}

/* ---- lines -------------------------------------------------------------- */

/* Break h into lines of `st` in the current column and append them as
 * boxes. keep_together forbids page breaks between the lines (headings,
 * captions); otherwise a paragraph of four lines or more never leaves its
 * first line alone at the foot of a page or its last at the head of one.
 * The first box gets `bookmark` (if any) and `chapter`. */
static void set_lines(lo_ctx *c, lo_hlist *h, const rd_style *st, int keep_together,
                      const lo_bookmark *bookmark, const char *chapter)
{
    lo_split_long_words(c, h, c->width, 1);
    lo_lines lines = { 0 };
    lo_break_lines(c, h, c->width, &lines);
    ts_sp base = lo_style_baseline(c, st);
    size_t n = lines.n;
    for (size_t i = 0; i < n; i++) {
        if (i > 0) {
            int widow_orphan = n >= 4 && (i == 1 || i == n - 1);
            break_point(c, !keep_together && !widow_orphan);
        }
        lo_vnode *box = vnew(c, LO_V_BOX, st->leading);
        box->baseline = base;
        if (lines.v[i].first < h->n)
            box->pos = h->v[lines.v[i].first].pos;
        if (i == 0 && bookmark) {
            lo_item *bm = lo_items_push(c->a, &box->items, LO_ITEM_BOOKMARK);
            bm->u.bookmark = *bookmark;
        }
        if (i == 0)
            box->chapter = chapter;
        lo_emit_line(c, &box->items, h, &lines.v[i], c->left, c->width, DOC_ALIGN_LEFT,
                     0, st->leading, base);
        vappend(c, box);
    }
}

/* An empty line, so that a list label with nothing after it still shows. */
static void empty_line(lo_ctx *c, const rd_style *st)
{
    lo_vnode *box = vnew(c, LO_V_BOX, st->leading);
    box->baseline = lo_style_baseline(c, st);
    vappend(c, box);
}

static void do_blocks(lo_ctx *c, const doc_node *parent);

/* ---- headings and paragraphs -------------------------------------------- */

static void flush_notes(lo_ctx *c);

static void do_heading(lo_ctx *c, const doc_node *n)
{
    static const char *const roles[6] = { "H1", "H2", "H3", "H4", "H5", "H6" };
    int level = n->level < 1 ? 1 : n->level > 6 ? 6 : n->level;
    const rd_style *st = &c->L->heading[level - 1];
    int top_level = c->depth == 1 && !c->in_notes;

    if (level == 1 && top_level)
        flush_notes(c);
    begin_block(c, st->space_before);
    if (level == 1 && top_level && c->L->chapter_new_page && c->vn > 0) {
        lo_vnode *b = vnew(c, LO_V_BREAK, 0);
        b->force = 1;
        b->can_break = 1;
        vappend(c, b);
    }
    mark_struct(c, roles[level - 1], NULL);
    char *title = doc_plain_text(c->a, n);
    lo_bookmark bm = { level, tx_typography(c->a, title ? title : ""), 0 };
    lo_hlist h = { 0 };
    lo_collect_inlines(c, &h, n, st);
    set_lines(c, &h, st, 1, &bm, level == 1 && top_level ? bm.title : NULL);
    mark_end(c);
    end_block(c, st->space_after);
    c->after_heading = 1;
    /* never alone at the foot of a page: keep with two lines of what follows */
    c->keep_boxes = 2;
}

static void do_paragraph(lo_ctx *c, const doc_node *n)
{
    begin_block(c, block_space(c));
    mark_struct(c, "P", NULL);
    lo_hlist h = { 0 };
    lo_collect_inlines(c, &h, n, c->para_style);
    set_lines(c, &h, c->para_style, 0, NULL, NULL);
    mark_end(c);
    end_block(c, block_space(c));
}

/* ---- lists and quotes --------------------------------------------------- */

/* A zero-height mark holding a label (list number, bullet, note number)
 * right-aligned to end `gap` before the content's left edge, between the
 * structure items `before` and `after` (either may be NULL). Its text gets
 * the baseline of the first box that follows. */
static void label_mark(lo_ctx *c, const char *before_role, const char *lbl_role,
                       const char *text, const rd_style *st, ts_sp content_left,
                       const char *after_role)
{
    lo_vnode *m = vnew(c, LO_V_MARK, 0);
    if (before_role)
        lo_items_struct(c->a, &m->items, before_role, NULL);
    if (lbl_role)
        lo_items_struct(c->a, &m->items, lbl_role, NULL);
    lo_hlist h = { 0 };
    rd_face face = st->face == RD_FACE_MONO ? RD_FACE_REGULAR : st->face;
    lo_collect_string(c, &h, text, face, st->size, lo_color(st->color), (ts_pos){ 0 });
    ts_sp natural = 0;
    lo_hlist_widths(&h, NULL, &natural);
    lo_line ln = { 0, h.n, natural };
    ts_sp gap = st->size / 2;
    lo_emit_line(c, &m->items, &h, &ln, content_left - gap - natural, natural,
                 DOC_ALIGN_LEFT, 0, 0, 0);
    if (lbl_role)
        lo_items_end_struct(c->a, &m->items);
    if (after_role)
        lo_items_struct(c->a, &m->items, after_role, NULL);
    vappend(c, m);
    c->label_mark = m;
}

/* Indent of a nested container, never leaving less than a quarter of the
 * text width for the content. */
static ts_sp container_indent(const lo_ctx *c, ts_sp wanted)
{
    ts_sp room = c->width - c->text_width / 4;
    if (room < 0)
        room = 0;
    return wanted < room ? wanted : room;
}

static void do_list(lo_ctx *c, const doc_node *n)
{
    begin_block(c, block_space(c));
    mark_struct(c, "L", NULL);
    int saved_tight = c->tight;
    ts_sp saved_left = c->left, saved_width = c->width;
    c->tight = n->tight;
    ts_sp indent = container_indent(c, c->L->list_indent);
    int number = n->start;
    int first = 1;
    c->suppress_space = 1;
    for (const doc_node *item = n->first; item; item = item->next) {
        if (!first)
            c->pending_space = 0;
        begin_block(c, c->tight ? 0 : c->L->list_item_space);
        first = 0;
        char label[24];
        if (n->ordered)
            snprintf(label, sizeof label, "%d.", number++);
        else
            snprintf(label, sizeof label, "•");
        label_mark(c, "LI", "Lbl", label, c->para_style, saved_left + indent, "LBody");
        lo_vnode *mine = c->label_mark;
        c->left = saved_left + indent;
        c->width = saved_width - indent;
        c->suppress_space = 1;
        do_blocks(c, item);
        if (c->label_mark == mine)
            empty_line(c, c->para_style);
        c->left = saved_left;
        c->width = saved_width;
        mark_end(c);   /* LBody */
        mark_end(c);   /* LI */
    }
    c->tight = saved_tight;
    mark_end(c);
    end_block(c, block_space(c));
}

static void do_quote(lo_ctx *c, const doc_node *n)
{
    begin_block(c, block_space(c));
    mark_struct(c, "BlockQuote", NULL);
    ts_sp saved_left = c->left, saved_width = c->width;
    const rd_style *saved_style = c->para_style;
    ts_sp indent = container_indent(c, c->L->quote_indent);
    /* the rule's left edge on the column's edge */
    c->quote_rule_x[c->nquote++] = c->left + c->L->rule_width * 3 / 2;
    c->left += indent;
    c->width -= indent;
    c->para_style = &c->L->quote;
    c->suppress_space = 1;
    do_blocks(c, n);
    c->nquote--;
    c->left = saved_left;
    c->width = saved_width;
    c->para_style = saved_style;
    mark_end(c);
    end_block(c, block_space(c));
}

/* ---- code blocks and rules ---------------------------------------------- */

/* A light grey behind code: the layout has no colour for it yet. */
static const dev_color code_background = { 0xF2, 0xF2, 0xF2 };

static void do_code_block(lo_ctx *c, const doc_node *n)
{
    const rd_style *st = &c->L->code;
    ts_sp pad = st->size / 2;
    ts_sp measure = c->width - 2 * pad;
    begin_block(c, block_space(c));
    mark_struct(c, "Code", NULL);

    /* one hlist item per source line (spaces kept), tabs to 4 columns */
    const char *text = n->text ? n->text : "";
    lo_hlist h = { 0 };
    int line_no = 0;
    for (const char *p = text; *p || line_no == 0;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (!e && len == 0 && line_no > 0)
            break;   /* the newline that ends the last line */
        ts_buf b = { 0 };
        int col = 0;
        for (size_t i = 0; i < len; i++) {
            if (p[i] == '\t') {
                do { ts_buf_putc(&b, ' '); col++; } while (col % 4);
            } else if (p[i] != '\r') {
                ts_buf_putc(&b, p[i]);
                if (((unsigned char)p[i] & 0xC0) != 0x80)
                    col++;
            }
        }
        ts_pos pos = n->pos;
        if (pos.line > 0)
            pos.line += line_no + 1;   /* the fence is on n->pos.line */
        if (b.len)
            lo_collect_verbatim(c, &h, ts_buf_cstr(&b), b.len, st->face == RD_FACE_MONO ? st->face : RD_FACE_MONO,
                                st->size, lo_color(st->color), pos);
        ts_buf_free(&b);
        lo_hitem brk = { .kind = LO_H_BREAK };
        if (h.n == h.cap) {
            size_t cap = h.cap ? h.cap * 2 : 32;
            h.v = ts_arena_realloc(c->a, h.v, h.cap * sizeof *h.v, cap * sizeof *h.v);
            h.cap = cap;
        }
        h.v[h.n++] = brk;
        line_no++;
        if (!e)
            break;
        p = e + 1;
    }
    ts_sp longest = 0;
    lo_hlist_widths(&h, &longest, NULL);
    if (longest > measure)
        ts_warning(c->d, n->pos,
                   "a line of this code block is wider than the text; it is wrapped");
    lo_split_long_words(c, &h, measure, 0);
    lo_lines lines = { 0 };
    lo_break_lines(c, &h, measure, &lines);
    ts_sp base = lo_style_baseline_face(c, RD_FACE_MONO, st->size, st->leading);
    for (size_t i = 0; i < lines.n; i++) {
        ts_sp top_pad = i == 0 ? pad : 0;
        ts_sp bottom_pad = i + 1 == lines.n ? pad : 0;
        if (i > 0)
            break_point(c, 1);
        lo_vnode *box = vnew(c, LO_V_BOX, st->leading + top_pad + bottom_pad);
        box->baseline = top_pad + base;
        box->pos = n->pos;
        lo_items_rect(c->a, &box->items, c->left, 0, c->width, box->height, 1,
                      code_background, 0, code_background, 0);
        lo_emit_line(c, &box->items, &h, &lines.v[i], c->left + pad, measure,
                     DOC_ALIGN_LEFT, top_pad, st->leading, top_pad + base);
        vappend(c, box);
    }
    mark_end(c);
    end_block(c, block_space(c));
}

static void do_thematic_break(lo_ctx *c, const doc_node *n)
{
    begin_block(c, block_space(c));
    const rd_style *st = c->para_style;
    lo_vnode *box = vnew(c, LO_V_BOX, st->leading);
    box->baseline = lo_style_baseline(c, st);
    box->pos = n->pos;
    /* decoration, not content: an artifact */
    lo_items_push(c->a, &box->items, LO_ITEM_ARTIFACT_BEGIN);
    lo_items_line(c->a, &box->items, c->left + c->width / 3, st->leading / 2,
                  c->left + c->width - c->width / 3, st->leading / 2,
                  lo_color(c->L->rule), c->L->rule_width);
    lo_items_push(c->a, &box->items, LO_ITEM_ARTIFACT_END);
    vappend(c, box);
    end_block(c, block_space(c));
}

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
    lo_vnode *box = vnew(c, LO_V_BOX, (ts_sp)most * st->leading + 2 * pad);
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

static void do_table(lo_ctx *c, const doc_node *n)
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

    begin_block(c, block_space(c));
    mark_struct(c, "Table", NULL);
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
            lo_vnode *b = vnew(c, LO_V_BREAK, 0);
            b->can_break = 1;
            b->repeat = header;
            vappend(c, b);
        }
        vappend(c, box);
        if (r == 0 && row->header)
            header = box;
    }
    mark_end(c);
    end_block(c, block_space(c));
}

/* ---- placeholders for indicator tables, data tables and charts ---------- */

/* The caption lines of a box: laid out at `x`, `measure`, from `top`,
 * appended to dst; returns the height used. */
static ts_sp caption_lines(lo_ctx *c, lo_items *dst, const char *text, rd_face face,
                           const rd_style *st, ts_sp x, ts_sp measure, ts_sp top,
                           ts_pos pos, dev_color color)
{
    lo_hlist h = { 0 };
    lo_collect_string(c, &h, tx_typography(c->a, text), face, st->size, color, pos);
    lo_split_long_words(c, &h, measure, 1);
    lo_lines lines = { 0 };
    lo_break_lines(c, &h, measure, &lines);
    ts_sp base = lo_style_baseline_face(c, face, st->size, st->leading);
    for (size_t i = 0; i < lines.n; i++) {
        ts_sp t = top + (ts_sp)i * st->leading;
        lo_emit_line(c, dst, &h, &lines.v[i], x, measure, DOC_ALIGN_LEFT, t, st->leading,
                     t + base);
    }
    return (ts_sp)lines.n * st->leading;
}

static void do_placeholder(lo_ctx *c, const doc_node *n)
{
    const doc_block *blk = n->block;
    int chart = n->kind == DOC_CHART;
    int number = chart ? ++c->charts : ++c->tables;
    const char *word = chart ? c->L->word_figure : c->L->word_table;
    if (!word)
        word = chart ? "Figur" : "Tabell";
    const char *caption = blk ? blk->caption : NULL;
    if (chart && (!caption || !*caption) && blk)
        caption = blk->title;
    const char *what = NULL;
    if (blk)
        what = chart && blk->chart_file ? blk->chart_file : blk->data;
    char *line1 = caption && *caption
                      ? ts_arena_printf(c->a, "%s %d. %s", word, number, caption)
                      : ts_arena_printf(c->a, "%s %d", word, number);
    char *line2 = ts_arena_printf(c->a, chart ? "(diagrammet ritas här: %s)"
                                              : "(tabellen ritas här: %s)",
                                  what ? what : "–");

    const rd_style *st = &c->L->caption;
    ts_sp pad = st->size;
    ts_sp measure = c->width - 2 * pad;
    if (measure < 1)
        measure = 1;
    begin_block(c, block_space(c));
    lo_vnode *box = vnew(c, LO_V_BOX, 0);
    box->pos = n->pos;
    /* the frame first (behind the text), as decoration */
    lo_items_push(c->a, &box->items, LO_ITEM_ARTIFACT_BEGIN);
    size_t frame = box->items.n;
    lo_items_rect(c->a, &box->items, c->left, 0, c->width, 0, 1,
                  lo_color(c->L->placeholder_bg), 1, lo_color(c->L->rule),
                  c->L->rule_width);
    lo_items_push(c->a, &box->items, LO_ITEM_ARTIFACT_END);
    lo_items_struct(c->a, &box->items, "Div", NULL);
    lo_items_struct(c->a, &box->items, "Caption", NULL);
    ts_sp y = pad;
    rd_face bold = RD_FACE_BOLD;
    y += caption_lines(c, &box->items, line1, bold, st, c->left + pad, measure, y, n->pos,
                       lo_color(st->color));
    lo_items_end_struct(c->a, &box->items);
    lo_items_struct(c->a, &box->items, "P", NULL);
    y += caption_lines(c, &box->items, line2, RD_FACE_ITALIC, st, c->left + pad, measure,
                       y, n->pos, lo_color(st->color));
    lo_items_end_struct(c->a, &box->items);
    lo_items_end_struct(c->a, &box->items);
    ts_sp height = y + pad;
    if (height < 5 * st->leading)
        height = 5 * st->leading;   /* modest, but visibly a space kept free */
    box->height = height;
    box->baseline = pad + lo_style_baseline_face(c, bold, st->size, st->leading);
    /* the frame's height is known only now */
    dev_path_seg *segs = (dev_path_seg *)box->items.v[frame].u.path.segs;
    segs[2].y[0] = height;
    segs[3].y[0] = height;
    vappend(c, box);
    end_block(c, block_space(c));
}

/* ---- figures ------------------------------------------------------------ */

static uint32_t be16(const unsigned char *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Pixel size from a PNG's IHDR or a JPEG's start-of-frame segment; 0 on
 * success. Reads a few bytes; walks at most 1000 JPEG segments. */
static int image_size(const char *path, uint32_t *w, uint32_t *h)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    unsigned char b[32];
    int rc = -1;
    if (fread(b, 1, 24, f) != 24)
        goto out;
    if (!memcmp(b, "\x89PNG\r\n\x1a\n", 8) && !memcmp(b + 12, "IHDR", 4)) {
        *w = be32(b + 16);
        *h = be32(b + 20);
        rc = *w && *h ? 0 : -1;
        goto out;
    }
    if (b[0] != 0xFF || b[1] != 0xD8)
        goto out;
    long off = 2;
    for (int seg = 0; seg < 1000; seg++) {
        if (fseek(f, off, SEEK_SET) != 0 || fread(b, 1, 4, f) != 4)
            goto out;
        if (b[0] != 0xFF)
            goto out;
        unsigned marker = b[1];
        if (marker == 0xFF) {   /* fill byte */
            off += 1;
            continue;
        }
        if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
            off += 2;
            continue;
        }
        uint32_t len = be16(b + 2);
        if (len < 2 || marker == 0xD9 || marker == 0xDA)
            goto out;
        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
            marker != 0xCC) {
            if (fread(b, 1, 5, f) != 5)
                goto out;
            *h = be16(b + 1);
            *w = be16(b + 3);
            rc = *w && *h ? 0 : -1;
            goto out;
        }
        off += 2 + (long)len;
    }
out:
    fclose(f);
    return rc;
}

static void do_figure(lo_ctx *c, const doc_node *n)
{
    const char *alt = n->text && *n->text ? n->text : NULL;
    const char *caption = n->title && *n->title ? n->title : NULL;
    if (!alt)
        ts_warning(c->d, n->pos,
                   "the image has no alt text; describe it between the brackets of ![…](…)");
    const rd_style *cs = &c->L->caption;
    uint32_t iw = 3, ih = 2;
    int readable = n->url && image_size(n->url, &iw, &ih) == 0;
    if (!readable && n->url)
        ts_error(c->d, n->pos, "the image '%s' cannot be read as PNG or JPEG; "
                 "save it again as .png or .jpg from an image program", n->url);
    /* the text width, keeping the aspect ratio; never taller than what is
     * left of a page under the caption */
    int64_t w = c->width;
    int64_t h = w * (int64_t)ih / (int64_t)iw;
    int64_t max_h = c->text_height - (caption ? 3 * cs->leading : 0);
    if (max_h < c->text_height / 4)
        max_h = c->text_height / 4;
    if (h > max_h) {
        h = max_h;
        w = h * (int64_t)iw / (int64_t)ih;
    }
    begin_block(c, block_space(c));
    mark_struct(c, "Figure", alt ? tx_typography(c->a, alt) : (caption ? caption : ""));
    lo_vnode *box = vnew(c, LO_V_BOX, (ts_sp)h);
    box->pos = n->pos;
    ts_sp x = c->left + (c->width - (ts_sp)w) / 2;
    if (readable) {
        lo_item *im = lo_items_push(c->a, &box->items, LO_ITEM_IMAGE);
        im->u.image.path = n->url;
        im->u.image.x = x;
        im->u.image.y = 0;
        im->u.image.width = (ts_sp)w;
        im->u.image.height = (ts_sp)h;
    } else {
        lo_items_rect(c->a, &box->items, x, 0, (ts_sp)w, (ts_sp)h, 1,
                      lo_color(c->L->placeholder_bg), 1, lo_color(c->L->rule),
                      c->L->rule_width);
    }
    vappend(c, box);
    if (caption) {
        lo_vnode *g = vnew(c, LO_V_GLUE, cs->leading / 2);
        g->can_break = 0;   /* the caption stays with its image */
        vappend(c, g);
        mark_struct(c, "Caption", NULL);
        lo_hlist hl = { 0 };
        lo_collect_string(c, &hl, tx_typography(c->a, caption), cs->face, cs->size,
                          lo_color(cs->color), n->pos);
        set_lines(c, &hl, cs, 1, NULL, NULL);
        mark_end(c);
    }
    mark_end(c);
    end_block(c, block_space(c));
}

/* ---- notes -------------------------------------------------------------- */

/* The notes referenced in the chapter so far, after a short rule, each
 * with its number hanging left of its text. Called before each top-level
 * h1 and at the end of the document. */
static void flush_notes(lo_ctx *c)
{
    if (c->notes.len == 0 || c->in_notes)
        return;
    c->in_notes = 1;
    const rd_style *st = &c->L->footnote;
    ts_sp saved_left = c->left, saved_width = c->width;
    const rd_style *saved_style = c->para_style;
    int saved_tight = c->tight;
    c->tight = 0;

    begin_block(c, c->L->paragraph_space);
    lo_vnode *rule = vnew(c, LO_V_BOX, st->leading / 2);
    lo_items_push(c->a, &rule->items, LO_ITEM_ARTIFACT_BEGIN);
    lo_items_line(c->a, &rule->items, c->left, st->leading / 4, c->left + c->text_width / 4,
                  st->leading / 4, lo_color(c->L->rule), c->L->rule_width);
    lo_items_push(c->a, &rule->items, LO_ITEM_ARTIFACT_END);
    vappend(c, rule);
    c->keep_boxes = 2;   /* the rule is not left alone */
    end_block(c, 0);
    c->after_heading = 1;

    ts_sp hang = container_indent(c, st->size * 2);
    /* notes may reference notes: the list grows while we walk it */
    for (size_t i = 0; i < c->notes.len; i++) {
        const doc_node *def = c->notes.items[i];
        begin_block(c, st->space_before);
        char num[16];
        snprintf(num, sizeof num, "%d", def->number);
        label_mark(c, "Note", NULL, num, st, saved_left + hang, NULL);
        lo_vnode *mine = c->label_mark;
        c->left = saved_left + hang;
        c->width = saved_width - hang;
        c->para_style = st;
        c->suppress_space = 1;
        do_blocks(c, def);
        if (c->label_mark == mine)
            empty_line(c, st);
        c->left = saved_left;
        c->width = saved_width;
        c->para_style = saved_style;
        mark_end(c);
        end_block(c, st->space_after);
    }
    c->notes.len = 0;
    c->tight = saved_tight;
    c->in_notes = 0;
    end_block(c, c->L->paragraph_space);
}

/* ---- the walk ----------------------------------------------------------- */

static void do_blocks(lo_ctx *c, const doc_node *parent)
{
    if (c->depth >= LO_MAX_DEPTH) {
        ts_error(c->d, parent->pos,
                 "lists and quotes are nested more than %d deep; the rest is left out",
                 LO_MAX_DEPTH);
        return;
    }
    c->depth++;
    for (const doc_node *n = parent->first; n; n = n->next) {
        switch (n->kind) {
        case DOC_HEADING:        do_heading(c, n); break;
        case DOC_PARAGRAPH:      do_paragraph(c, n); break;
        case DOC_LIST:           do_list(c, n); break;
        case DOC_ITEM:           do_blocks(c, n); break;
        case DOC_QUOTE:          do_quote(c, n); break;
        case DOC_CODE_BLOCK:     do_code_block(c, n); break;
        case DOC_THEMATIC_BREAK: do_thematic_break(c, n); break;
        case DOC_FIGURE:         do_figure(c, n); break;
        case DOC_TABLE:          do_table(c, n); break;
        case DOC_INDICATORS:
        case DOC_DATA_TABLE:
        case DOC_CHART:          do_placeholder(c, n); break;
        case DOC_FOOTNOTE_DEF:   break;   /* set with the chapter's notes */
        default:                 break;   /* inlines never stand alone */
        }
    }
    c->depth--;
}

lo_result *lo_layout(doc_document *doc, const rd_layout *layout, tx_fonts *fonts,
                     ts_diag *diag)
{
    lo_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    lo_ctx *c = &ctx;
    c->a = doc->arena;
    c->d = diag;
    c->f = fonts;
    c->L = layout;
    c->doc = doc;
    c->text_width = layout->page_width - layout->margin_left - layout->margin_right;
    c->text_height = layout->page_height - layout->margin_top - layout->margin_bottom;
    c->left = layout->margin_left;
    c->width = c->text_width;
    c->para_style = &layout->body;
    c->note_max = doc->footnotes > 0 ? doc->footnotes : 0;
    c->note_seen = ts_arena_alloc(c->a, (size_t)c->note_max + 1);

    lo_result *r = ts_arena_alloc(c->a, sizeof *r);
    r->layout = layout;
    r->page_width = layout->page_width;
    r->page_height = layout->page_height;
    if (c->text_width <= 0 || c->text_height <= 0) {
        ts_pos at = { layout->path, 0, 0 };
        ts_error(diag, at, "the page's margins leave no room for text");
        return r;
    }
    if (doc->root)
        do_blocks(c, doc->root);
    flush_notes(c);
    lo_build_pages(c, r);
    r->tables = c->tables;
    r->charts = c->charts;
    return r;
}
