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

lo_vnode *lo_vnew(lo_ctx *c, lo_vkind kind, ts_sp height)
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
void lo_vappend(lo_ctx *c, lo_vnode *v)
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

void lo_mark_struct(lo_ctx *c, const char *role, const char *alt)
{
    lo_vnode *m = lo_vnew(c, LO_V_MARK, 0);
    lo_items_struct(c->a, &m->items, role, alt);
    lo_vappend(c, m);
}

void lo_mark_end(lo_ctx *c)
{
    lo_vnode *m = lo_vnew(c, LO_V_MARK, 0);
    lo_items_end_struct(c->a, &m->items);
    lo_vappend(c, m);
}

void lo_break_point(lo_ctx *c, int can_break)
{
    lo_vnode *b = lo_vnew(c, LO_V_BREAK, 0);
    b->can_break = can_break;
    lo_vappend(c, b);
}

/* Space between paragraphs here: none inside a tight list. */
ts_sp lo_block_space(const lo_ctx *c)
{
    return c->tight ? 0 : c->L->paragraph_space;
}

void lo_begin_block(lo_ctx *c, ts_sp before)
{
    if (c->any_block && !c->suppress_space) {
        ts_sp space = c->pending_space;
        if (!c->after_heading && before > space)
            space = before;
        lo_vnode *g = lo_vnew(c, LO_V_GLUE, space);
        g->can_break = 1;
        lo_vappend(c, g);
    }
    c->any_block = 1;
    c->suppress_space = 0;
    c->after_heading = 0;
    c->pending_space = 0;
}

void lo_end_block(lo_ctx *c, ts_sp after)
{
    c->pending_space = after;
}

/* ---- lines -------------------------------------------------------------- */

static lo_note *build_note(lo_ctx *c, const doc_node *def);

/* The footnotes referenced in line `ln` of h, laid out (each once, at its
 * first reference) and chained for the box. Inside a note, references are
 * only remembered: those notes follow the one being laid out. */
lo_note *lo_line_notes(lo_ctx *c, const lo_hlist *h, const lo_line *ln)
{
    lo_note *first = NULL, **tail = &first;
    for (size_t k = ln->first; k < ln->last && k < h->n; k++) {
        const doc_node *def = h->v[k].note;
        if (!def || def->number <= 0 || def->number > c->note_max ||
            c->note_built[def->number])
            continue;
        if (c->in_notes) {
            c->note_built[def->number] = 1;
            ts_ptrvec_push(c->a, &c->nested_notes, (void *)def);
            continue;
        }
        lo_note *note = build_note(c, def);
        *tail = note;
        tail = &note->next;
        /* notes referenced inside it, in order (each built once, so this
         * ends after at most note_max rounds) */
        for (size_t q = 0; q < c->nested_notes.len; q++) {
            lo_note *inner = build_note(c, c->nested_notes.items[q]);
            while (*tail) tail = &(*tail)->next;
            *tail = inner;
            tail = &inner->next;
        }
        c->nested_notes.len = 0;
        while (*tail) tail = &(*tail)->next;
    }
    return first;
}

/* Append the lines of h as boxes with break points between them. A page
 * never ends after a paragraph's first line (an orphan, or club line) or
 * before its last (a widow): a paragraph of two or three lines is never
 * split, a longer one leaves at least two lines on each page;
 * keep_together forbids every break (headings, captions). A page ending
 * after a hyphenated line costs a penalty (the reader would turn the page
 * mid-word). Footnotes referenced in a line ride on its box when
 * `notes` is set. */
static void emit_lines(lo_ctx *c, const lo_hlist *h, const rd_style *st,
                       const lo_lines *lines, int keep_together,
                       const lo_bookmark *bookmark, const char *chapter, int notes)
{
    ts_sp base = lo_style_baseline(c, st);
    size_t n = lines->n;
    for (size_t i = 0; i < n; i++) {
        if (i > 0) {
            int widow_orphan = i == 1 || i == n - 1;
            lo_break_point(c, !keep_together && !widow_orphan);
            if (lines->v[i - 1].hyphen || (lines->v[i - 1].last < h->n &&
                                           h->v[lines->v[i - 1].last].kind == LO_H_PENALTY))
                c->vlist[c->vn - 1]->penalty = LO_PAGE_BROKEN_PENALTY;
        }
        lo_vnode *box = lo_vnew(c, LO_V_BOX, st->leading);
        box->baseline = base;
        if (lines->v[i].first < h->n)
            box->pos = h->v[lines->v[i].first].pos;
        /* the line's items gather in working memory, then move to the
         * result at their final count: most lines draw two or three */
        box->items.cap = LO_LINE_ITEMS;
        box->items.v = ts_arena_alloc(c->scratch, LO_LINE_ITEMS * sizeof *box->items.v);
        if (i == 0 && bookmark) {
            lo_item *bm = lo_items_push(c->a, &box->items, LO_ITEM_BOOKMARK);
            bm->u.bookmark = *bookmark;
        }
        if (i == 0)
            box->chapter = chapter;
        lo_emit_line(c, &box->items, h, &lines->v[i], c->left, c->width, DOC_ALIGN_LEFT,
                     0, st->leading, base);
        lo_items_settle(c->a, &box->items);
        if (notes)
            box->notes = lo_line_notes(c, h, &lines->v[i]);
        lo_vappend(c, box);
    }
}

static int has_note_refs(const lo_hlist *h)
{
    for (size_t k = 0; k < h->n; k++)
        if (h->v[k].note)
            return 1;
    return 0;
}

/* The lines of h set with `looseness` as a node array, built like the
 * real ones (same keep state, quote rules) on a scratch list; NULL when
 * the paragraph does not come out exactly one line longer or shorter. */
static lo_vnode **variant(lo_ctx *c, const lo_hlist *h, const rd_style *st, size_t lines_n,
                          int looseness, int keep_boxes, size_t *count)
{
    lo_lines alt = { 0 };
    lo_break_opts opts = { c->hyphenate && c->justify, looseness };
    lo_break_lines_opts(c, h, c->width, &opts, &alt);
    if ((int64_t)alt.n != (int64_t)lines_n + looseness || alt.n < 1)
        return NULL;
    lo_vnode **saved_v = c->vlist;
    size_t saved_n = c->vn, saved_cap = c->vcap;
    int saved_keep = c->keep_boxes;
    lo_vnode *saved_label = c->label_mark;
    c->vlist = NULL;
    c->vn = c->vcap = 0;
    c->keep_boxes = keep_boxes;
    c->label_mark = NULL;
    emit_lines(c, h, st, &alt, 0, NULL, NULL, 0);
    lo_vnode **out = c->vlist;
    *count = c->vn;
    c->vlist = saved_v;
    c->vn = saved_n;
    c->vcap = saved_cap;
    c->keep_boxes = saved_keep;
    c->label_mark = saved_label;
    return out;
}

/* The most lines a paragraph in `st` may have and still get variants: as
 * many as a page's text area holds at its leading. The page builder only
 * exchanges a paragraph that stands wholly on the page it builds
 * (try_paragraph_variants in pages.c), so the variants of a longer one are
 * never used, while setting them costs two more breakings of the whole
 * paragraph: with no limit, bench/breaking.sh's one-paragraph documents
 * take 2.6 times as long at 5 000 words and 7 times at 200 000 (0.19 s →
 * 0.90 s at 20 000 words); up to a page, the corpus of ordinary
 * paragraphs costs the same (the old fixed limit of 30 lines left out the
 * paragraphs of 31 lines to a page, which the page builder can use). */
static size_t variant_max_lines(const lo_ctx *c, const rd_style *st)
{
    if (st->leading <= 0)
        return 0;
    return (size_t)(c->text_height / st->leading);
}

/* Break h into lines of `st` in the current column and append them
 * (emit_lines). Running text without footnote references, of at most a
 * page of lines (variant_max_lines), also gets its variants one line
 * shorter and longer, for the page builder. The first box gets `bookmark`
 * (if any) and `chapter`. */
void lo_set_lines(lo_ctx *c, lo_hlist *h, const rd_style *st, int keep_together,
                  const lo_bookmark *bookmark, const char *chapter)
{
    lo_split_long_words(c, h, c->width, 1);
    lo_lines lines = { 0 };
    lo_break_opts opts = { c->hyphenate && c->justify, 0 };
    lo_break_lines_opts(c, h, c->width, &opts, &lines);
    int keep_before = c->keep_boxes;
    size_t first = c->vn;
    emit_lines(c, h, st, &lines, keep_together, bookmark, chapter, 1);
    if (!c->hyphenate || keep_together || c->in_notes || lines.n < 2 ||
        lines.n > variant_max_lines(c, st) || has_note_refs(h))
        return;
    lo_para pp;
    memset(&pp, 0, sizeof pp);
    pp.first = first;
    pp.count = c->vn - first;
    pp.alt[0] = variant(c, h, st, lines.n, -1, keep_before, &pp.nalt[0]);
    pp.alt[1] = variant(c, h, st, lines.n, +1, keep_before, &pp.nalt[1]);
    if (!pp.alt[0] && !pp.alt[1])
        return;
    if (c->nparas == c->cap_paras) {
        size_t cap = c->cap_paras ? c->cap_paras * 2 : 64;
        c->paras = ts_arena_realloc(c->a, c->paras, c->cap_paras * sizeof *c->paras,
                                    cap * sizeof *c->paras);
        c->cap_paras = cap;
    }
    c->paras[c->nparas++] = pp;
}

/* An empty line, so that a list label with nothing after it still shows. */
static void empty_line(lo_ctx *c, const rd_style *st)
{
    lo_vnode *box = lo_vnew(c, LO_V_BOX, st->leading);
    box->baseline = lo_style_baseline(c, st);
    lo_vappend(c, box);
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
    /* a level skipped going down (# then ###): readers that list the
     * headings show a gap, and PDF/UA (Matterhorn 14-003) fails it */
    if (!c->in_notes) {
        if (c->heading_level > 0 && level > c->heading_level + 1)
            ts_warning(c->d, n->pos, "a level-%d heading after a level-%d one skips a level; "
                       "make it level %d (%.*s)", level, c->heading_level,
                       c->heading_level + 1, c->heading_level + 1, "######");
        c->heading_level = level;
    }
    /* the new page first, so the space above the chapter's heading falls
     * at the top of the new page (and vanishes there) rather than taking
     * room at the foot of the last one, where footnotes may need it */
    if (level == 1 && top_level && c->L->chapter_new_page && c->vn > 0) {
        lo_vnode *b = lo_vnew(c, LO_V_BREAK, 0);
        b->force = 1;
        b->can_break = 1;
        lo_vappend(c, b);
    }
    lo_begin_block(c, st->space_before);
    lo_mark_struct(c, roles[level - 1], NULL);
    char *title = doc_plain_text(c->a, n);
    lo_bookmark bm = { level, tx_typography(c->a, title ? title : ""), 0 };
    lo_hlist h = { 0 };
    lo_collect_inlines(c, &h, n, st);
    size_t first_node = c->vn;
    lo_set_lines(c, &h, st, 1, &bm, level == 1 && top_level ? bm.title : NULL);
    /* the contents list it (when the layout lists its level): its first
     * line tells the page builder to note where the heading fell */
    lo_toc_entry *entry = lo_toc_add(c, level, bm.title);
    for (size_t k = first_node; entry && k < c->vn; k++)
        if (c->vlist[k]->kind == LO_V_BOX) {
            c->vlist[k]->toc = entry;
            break;
        }
    lo_mark_end(c);
    lo_end_block(c, st->space_after);
    c->after_heading = 1;
    /* never alone at the foot of a page: keep with two lines of what follows */
    c->keep_boxes = 2;
}

void lo_chapter_heading(lo_ctx *c, const doc_node *n)
{
    int depth = c->depth;
    c->depth = 1;
    do_heading(c, n);
    c->depth = depth;
}

static void do_paragraph(lo_ctx *c, const doc_node *n)
{
    lo_begin_block(c, lo_block_space(c));
    lo_mark_struct(c, "P", NULL);
    lo_hlist h = { 0 };
    ts_arena_mark working = ts_arena_mark_now(c->scratch);
    /* running text: hyphenated (and justified if the layout says so) */
    int saved = c->hyphenate;
    c->hyphenate = 1;
    lo_collect_inlines(c, &h, n, c->para_style);
    lo_set_lines(c, &h, c->para_style, 0, NULL, NULL);
    c->hyphenate = saved;
    ts_arena_release(c->scratch, working);
    lo_mark_end(c);
    lo_end_block(c, lo_block_space(c));
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
    lo_vnode *m = lo_vnew(c, LO_V_MARK, 0);
    if (before_role)
        lo_items_struct(c->a, &m->items, before_role, NULL);
    if (lbl_role)
        lo_items_struct(c->a, &m->items, lbl_role, NULL);
    lo_hlist h = { 0 };
    rd_face face = st->face == RD_FACE_MONO ? RD_FACE_REGULAR : st->face;
    lo_collect_string(c, &h, text, face, st->size, lo_color(st->color), (ts_pos){ 0 });
    ts_sp natural = 0;
    lo_hlist_widths(&h, NULL, &natural);
    lo_line ln = { .first = 0, .last = h.n, .width = natural };
    ts_sp gap = st->size / 2;
    lo_emit_line(c, &m->items, &h, &ln, content_left - gap - natural, natural,
                 DOC_ALIGN_LEFT, 0, 0, 0);
    if (lbl_role)
        lo_items_end_struct(c->a, &m->items);
    if (after_role)
        lo_items_struct(c->a, &m->items, after_role, NULL);
    lo_vappend(c, m);
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
    lo_begin_block(c, lo_block_space(c));
    lo_mark_struct(c, "L", NULL);
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
        lo_begin_block(c, c->tight ? 0 : c->L->list_item_space);
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
        lo_mark_end(c);   /* LBody */
        lo_mark_end(c);   /* LI */
    }
    c->tight = saved_tight;
    lo_mark_end(c);
    lo_end_block(c, lo_block_space(c));
}

static void do_quote(lo_ctx *c, const doc_node *n)
{
    lo_begin_block(c, lo_block_space(c));
    lo_mark_struct(c, "BlockQuote", NULL);
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
    lo_mark_end(c);
    lo_end_block(c, lo_block_space(c));
}

/* ---- code blocks and rules ---------------------------------------------- */

/* A light grey behind code: the layout has no colour for it yet. */
static const dev_color code_background = { 0xF2, 0xF2, 0xF2 };

static void do_code_block(lo_ctx *c, const doc_node *n)
{
    const rd_style *st = &c->L->code;
    ts_sp pad = st->size / 2;
    ts_sp measure = c->width - 2 * pad;
    lo_begin_block(c, lo_block_space(c));
    lo_mark_struct(c, "Code", NULL);

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
            lo_break_point(c, 1);
        lo_vnode *box = lo_vnew(c, LO_V_BOX, st->leading + top_pad + bottom_pad);
        box->baseline = top_pad + base;
        box->pos = n->pos;
        lo_items_rect(c->a, &box->items, c->left, 0, c->width, box->height, 1,
                      code_background, 0, code_background, 0);
        lo_emit_line(c, &box->items, &h, &lines.v[i], c->left + pad, measure,
                     DOC_ALIGN_LEFT, top_pad, st->leading, top_pad + base);
        lo_vappend(c, box);
    }
    lo_mark_end(c);
    lo_end_block(c, lo_block_space(c));
}

static void do_thematic_break(lo_ctx *c, const doc_node *n)
{
    lo_begin_block(c, lo_block_space(c));
    const rd_style *st = c->para_style;
    lo_vnode *box = lo_vnew(c, LO_V_BOX, st->leading);
    box->baseline = lo_style_baseline(c, st);
    box->pos = n->pos;
    /* decoration, not content: an artifact */
    lo_items_push(c->a, &box->items, LO_ITEM_ARTIFACT_BEGIN);
    lo_items_line(c->a, &box->items, c->left + c->width / 3, st->leading / 2,
                  c->left + c->width - c->width / 3, st->leading / 2,
                  lo_color(c->L->rule), c->L->rule_width);
    lo_items_push(c->a, &box->items, LO_ITEM_ARTIFACT_END);
    lo_vappend(c, box);
    lo_end_block(c, lo_block_space(c));
}

/* ---- placeholders for indicator tables, data tables and charts ---------- */

/* The caption lines of a box: laid out at `x`, `measure`, from `top`,
 * appended to dst; returns the height used. */
ts_sp lo_caption_lines(lo_ctx *c, lo_items *dst, const char *text, rd_face face,
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

void lo_placeholder(lo_ctx *c, const doc_node *n)
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
    lo_begin_block(c, lo_block_space(c));
    lo_vnode *box = lo_vnew(c, LO_V_BOX, 0);
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
    y += lo_caption_lines(c, &box->items, line1, bold, st, c->left + pad, measure, y, n->pos,
                       lo_color(st->color));
    lo_items_end_struct(c->a, &box->items);
    lo_items_struct(c->a, &box->items, "P", NULL);
    y += lo_caption_lines(c, &box->items, line2, RD_FACE_ITALIC, st, c->left + pad, measure,
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
    lo_vappend(c, box);
    lo_end_block(c, lo_block_space(c));
}

/* ---- notes -------------------------------------------------------------- */

/* A footnote's body as its own vertical list: the number hanging in the
 * margin of the note column, the text in the footnote style over the
 * whole text width. Built with the block walk on a fresh list; the state
 * of the main list is saved and restored around it. */
static lo_note *build_note(lo_ctx *c, const doc_node *def)
{
    lo_note *note = ts_arena_alloc(c->a, sizeof *note);
    note->number = def->number;
    c->note_built[def->number] = 1;

    lo_ctx saved = *c;
    c->vlist = NULL;
    c->vn = c->vcap = 0;
    c->in_notes = 1;
    c->tight = 0;
    c->nquote = 0;
    c->keep_boxes = 0;
    c->label_mark = NULL;
    c->any_block = 0;
    c->pending_space = 0;
    c->suppress_space = 1;
    c->after_heading = 0;
    c->depth = 1;
    const rd_style *st = &c->L->footnote;
    ts_sp hang = st->size * 2;
    if (hang > c->text_width / 4)
        hang = c->text_width / 4;
    char num[16];
    snprintf(num, sizeof num, "%d", def->number);
    label_mark(c, "Note", "Lbl", num, st, c->L->margin_left + hang, NULL);
    lo_vnode *mine = c->label_mark;
    c->left = c->L->margin_left + hang;
    c->width = c->text_width - hang;
    c->para_style = st;
    c->suppress_space = 1;
    do_blocks(c, def);
    if (c->label_mark == mine)
        empty_line(c, st);
    lo_mark_end(c);
    note->v = c->vlist;
    note->n = c->vn;
    for (size_t i = 0; i < note->n; i++)
        if (note->v[i]->kind != LO_V_BREAK)
            note->height += note->v[i]->height;
    ts_ptrvec nested = c->nested_notes;
    unsigned char *built = c->note_built;
    *c = saved;
    c->nested_notes = nested;
    c->note_built = built;
    return note;
}

/* The notes referenced in the chapter so far, after a short rule, each
 * with its number hanging left of its text. Called before each top-level
 * h1 and at the end of the document. */
static void flush_notes(lo_ctx *c)
{
    if (c->in_notes)
        return;
    /* notes set at the foot of their page are done; what is left was
     * referenced where no line carries it (a table cell): set here */
    size_t keep = 0;
    for (size_t i = 0; i < c->notes.len; i++) {
        const doc_node *def = c->notes.items[i];
        if (!c->note_built[def->number])
            c->notes.items[keep++] = c->notes.items[i];
    }
    c->notes.len = keep;
    if (c->notes.len == 0)
        return;
    c->in_notes = 1;
    const rd_style *st = &c->L->footnote;
    ts_sp saved_left = c->left, saved_width = c->width;
    const rd_style *saved_style = c->para_style;
    int saved_tight = c->tight;
    c->tight = 0;

    lo_begin_block(c, c->L->paragraph_space);
    lo_vnode *rule = lo_vnew(c, LO_V_BOX, st->leading / 2);
    lo_items_push(c->a, &rule->items, LO_ITEM_ARTIFACT_BEGIN);
    lo_items_line(c->a, &rule->items, c->left, st->leading / 4, c->left + c->text_width / 4,
                  st->leading / 4, lo_color(c->L->rule), c->L->rule_width);
    lo_items_push(c->a, &rule->items, LO_ITEM_ARTIFACT_END);
    lo_vappend(c, rule);
    c->keep_boxes = 2;   /* the rule is not left alone */
    lo_end_block(c, 0);
    c->after_heading = 1;

    ts_sp hang = container_indent(c, st->size * 2);
    /* notes may reference notes: the list grows while we walk it */
    for (size_t i = 0; i < c->notes.len; i++) {
        const doc_node *def = c->notes.items[i];
        c->note_built[def->number] = 1;
        lo_begin_block(c, st->space_before);
        char num[16];
        snprintf(num, sizeof num, "%d", def->number);
        label_mark(c, "Note", "Lbl", num, st, saved_left + hang, NULL);
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
        lo_mark_end(c);
        lo_end_block(c, st->space_after);
    }
    c->notes.len = 0;
    c->tight = saved_tight;
    c->in_notes = 0;
    lo_end_block(c, c->L->paragraph_space);
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
    int top = c->progress && parent == c->doc->root;
    int done = 0;
    for (const doc_node *n = parent->first; n; n = n->next) {
        if (top)
            atomic_store(&c->progress->blocks_done, done++);
        switch (n->kind) {
        case DOC_HEADING:        do_heading(c, n); break;
        case DOC_PARAGRAPH:      do_paragraph(c, n); break;
        case DOC_LIST:           do_list(c, n); break;
        case DOC_ITEM:           do_blocks(c, n); break;
        case DOC_QUOTE:          do_quote(c, n); break;
        case DOC_CODE_BLOCK:     do_code_block(c, n); break;
        case DOC_THEMATIC_BREAK: do_thematic_break(c, n); break;
        case DOC_FIGURE:         lo_do_figure(c, n); break;
        case DOC_TABLE:          lo_do_table(c, n); break;
        case DOC_INDICATORS:     lo_do_indicators(c, n); break;
        case DOC_DATA_TABLE:     lo_do_data_table(c, n); break;
        case DOC_CHART:          lo_do_chart(c, n); break;
        case DOC_FOOTNOTE_DEF:   break;   /* set with the chapter's notes */
        default:                 break;   /* inlines never stand alone */
        }
    }
    c->depth--;
}

lo_result *lo_layout(doc_document *doc, const rd_layout *layout, tx_fonts *fonts,
                     ts_diag *diag)
{
    return lo_layout_progress(doc, layout, fonts, diag, NULL);
}

static void drop_hyphenator(void *ctx)
{
    lo_ctx *c = ctx;
    tx_hyph_drop(c->hyph);
    c->hyph = NULL;
}

lo_result *lo_layout_progress(doc_document *doc, const rd_layout *layout, tx_fonts *fonts,
                              ts_diag *diag, lo_progress *progress)
{
    /* The context lives in the result's arena: a table's kept rows are
     * set again from it when their pages are drawn (render.c). */
    ts_arena *result_arena = ts_arena_new_child(doc->arena);
    lo_ctx *c = ts_arena_alloc(result_arena, sizeof *c);
    c->progress = progress;
    if (progress && doc->root) {
        int blocks = 0;
        for (const doc_node *n = doc->root->first; n; n = n->next)
            blocks++;
        atomic_store(&progress->blocks, blocks);
    }
    c->a = c->own = result_arena;
    c->scratch = ts_arena_new_child(result_arena);
    ts_arena_mark scratch_empty = ts_arena_mark_now(c->scratch);
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
    c->note_built = ts_arena_alloc(c->a, (size_t)c->note_max + 1);
    c->justify = layout->justify;
    if (layout->hyphenate) {
        ts_pos at = { layout->path, 0, 0 };
        c->hyph = tx_hyph_new(diag, at, layout->hyphen_min_left, layout->hyphen_min_right);
        tx_hyph_exceptions(c->hyph, layout->hyphen_exceptions);
        tx_hyph_exceptions(c->hyph, doc->meta.hyphenation);
        /* kept as long as the result when a table's rows are set again
         * as they are drawn (below) */
        if (c->hyph) ts_arena_on_drop(c->own, drop_hyphenator, c);
    }

    lo_result *r = ts_arena_alloc(c->a, sizeof *r);
    r->arena = c->a;
    r->layout = layout;
    r->page_width = layout->page_width;
    r->page_height = layout->page_height;
    r->ctx = c;
    if (c->text_width <= 0 || c->text_height <= 0) {
        ts_pos at = { layout->path, 0, 0 };
        ts_error(diag, at, "the page's margins leave no room for text");
        return r;
    }
    if (layout->letterhead)
        lo_letterhead(c);
    if (doc->root)
        do_blocks(c, doc->root);
    flush_notes(c);
    lo_chart_data_appendix(c);
    /* only a table's kept rows need the hyphenator after this (its word
     * list and patterns are a few MB) */
    if (!c->kept_rows && c->hyph) drop_hyphenator(c);
    lo_build_document(c, r);
    /* what is left is held until the result is dropped, for the rows;
     * the working memory of the last block is given back */
    c->progress = NULL;
    ts_arena_release(c->scratch, scratch_empty);
    r->tables = c->tables;
    r->charts = c->charts;
    return r;
}
