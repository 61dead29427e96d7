/* toc.c: the contents (Innehåll).
 *
 * Headings of levels 1..[contents] depth at the top of the document (not
 * in lists, quotes or footnotes) are remembered as the block walk meets
 * them; the page builder notes the page each lands on. The contents are
 * then set after the cover: `Innehåll` in the h1 style, and per heading
 * one entry — its text, indented by level, a dot leader, its printed page
 * number right-aligned, and a link to the heading over the whole entry.
 *
 * The numbers sit in a column as wide as "000", so an entry breaks into
 * lines the same whatever its number: the contents are laid out once to
 * count their pages (which moves every number), then again with the
 * real numbers, taking the same room. A document with fewer than two
 * entries has no contents page: one line leads nowhere. */
#include "layout_internal.h"

#include <string.h>

#define LO_TOC_MIN_ENTRIES 2

lo_toc_entry *lo_toc_add(lo_ctx *c, int level, const char *title)
{
    if (!c->L->contents_page || level > c->L->contents_depth || c->in_notes ||
        c->depth != 1)
        return NULL;
    lo_toc_entry *e = ts_arena_alloc(c->a, sizeof *e);
    e->level = level;
    e->title = title;
    e->page = -1;
    if (!c->toc_tail)
        c->toc_tail = &c->toc;
    *c->toc_tail = e;
    c->toc_tail = &e->next;
    return e;
}

static int placed_entries(const lo_ctx *c)
{
    int n = 0;
    for (const lo_toc_entry *e = c->toc; e; e = e->next)
        if (e->page >= 0)
            n++;
    return n;
}

/* Dots on a grid of `step` from the text area's left edge, so the leaders
 * of all entries line up in columns (as TeX's \leaders): a dashed line of
 * square dots, `dot` wide, resting on the baseline. Decoration. */
static void leader(lo_ctx *c, lo_items *dst, ts_sp x0, ts_sp x1, ts_sp baseline,
                   ts_sp size, dev_color color)
{
    ts_sp step = size * 9 / 20, dot = size / 10;
    ts_sp origin = c->L->margin_left;
    ts_sp start = origin + (x0 - origin + step - 1) / step * step;
    ts_sp end = origin + (x1 - origin) / step * step;
    if (end - start < step)
        return;
    ts_sp *dash = ts_arena_alloc(c->a, 2 * sizeof *dash);
    dash[0] = dot;
    dash[1] = step - dot;
    lo_items_push(c->a, dst, LO_ITEM_ARTIFACT_BEGIN);
    lo_items_line(c->a, dst, start, baseline - dot / 2, end + dot, baseline - dot / 2, color,
                  dot);
    dst->v[dst->n - 1].u.path.dash_count = 2;
    dst->v[dst->n - 1].u.path.dash = dash;
    lo_items_push(c->a, dst, LO_ITEM_ARTIFACT_END);
}

/* One entry as a box: its lines, the leader after the last, the number. */
static lo_vnode *entry_box(lo_ctx *c, const lo_toc_entry *e, int number, int dest_page)
{
    const rd_layout *L = c->L;
    const rd_style *st = e->level == 1 ? &L->contents_chapter : &L->contents;
    ts_sp right = L->margin_left + c->text_width;
    ts_sp x0 = L->margin_left + (ts_sp)(e->level - 1) * L->contents_indent;
    ts_sp numw = tx_measure(c->f, st->face, st->size, "000", 3);
    ts_sp gap = st->size;
    ts_sp measure = right - numw - 2 * gap - x0;
    if (measure < c->text_width / 4)
        measure = c->text_width / 4;

    lo_vnode *box = lo_vnew(c, LO_V_BOX, 0);
    lo_items *it = &box->items;
    lo_items_struct(c->a, it, "TOCI", NULL);
    /* the entry is one link: its text, number and annotation (tags) */
    lo_items_struct(c->a, it, "Link", NULL);
    lo_hlist h = { 0 };
    lo_collect_string(c, &h, e->title, st->face, st->size, lo_color(st->color), (ts_pos){ 0 });
    lo_split_long_words(c, &h, measure, 0);
    lo_lines lines = { 0 };
    lo_break_lines(c, &h, measure, &lines);
    ts_sp base = lo_style_baseline(c, st);
    ts_sp last_w = 0;
    for (size_t i = 0; i < lines.n; i++) {
        ts_sp t = (ts_sp)i * st->leading;
        lo_emit_line(c, it, &h, &lines.v[i], x0, measure, DOC_ALIGN_LEFT, t, st->leading,
                     t + base);
        last_w = lines.v[i].width;
    }
    size_t nl = lines.n ? lines.n : 1;
    ts_sp last_top = (ts_sp)(nl - 1) * st->leading;
    char num[16];
    snprintf(num, sizeof num, "%d", number);
    ts_sp w = tx_measure(c->f, st->face, st->size, num, strlen(num));
    leader(c, it, x0 + last_w + st->size / 2, right - w - st->size / 2, last_top + base,
           st->size, lo_color(st->color));
    lo_text_lines(c, it, num, st->face, st, lo_color(st->color), DOC_ALIGN_RIGHT,
                  right - numw, numw, last_top);
    box->height = (ts_sp)nl * st->leading;
    box->baseline = base;
    if (dest_page >= 0) {
        lo_item *ln = lo_items_push(c->a, it, LO_ITEM_LINK);
        ln->u.link.x = x0;
        ln->u.link.y = 0;
        ln->u.link.width = right - x0;
        ln->u.link.height = box->height;
        ln->u.link.url = NULL;
        ln->u.link.dest_page = dest_page;
        ln->u.link.dest_y = e->y;
    }
    lo_items_end_struct(c->a, it);
    lo_items_end_struct(c->a, it);
    return box;
}

/* Lay the contents out into `out` (appended), numbers for a body that
 * starts at page index `body_offset`; dest < 0 leaves the links out. */
static void build(lo_ctx *c, lo_result *out, int body_offset, int links)
{
    const rd_layout *L = c->L;
    /* a vertical list of its own: the body's is done */
    lo_vnode **saved_v = c->vlist;
    size_t saved_n = c->vn, saved_cap = c->vcap, saved_paras = c->nparas;
    c->vlist = NULL;
    c->vn = c->vcap = 0;
    c->nparas = 0;
    c->keep_boxes = 0;

    const rd_style *hs = &L->heading[0];
    lo_mark_struct(c, "TOC", NULL);
    lo_vnode *head = lo_vnew(c, LO_V_BOX, 0);
    lo_items_struct(c->a, &head->items, "H1", NULL);
    head->height = lo_text_lines(c, &head->items, L->word_contents, hs->face, hs,
                                 lo_color(hs->color), DOC_ALIGN_LEFT, L->margin_left,
                                 c->text_width, 0);
    lo_items_end_struct(c->a, &head->items);
    head->baseline = lo_style_baseline(c, hs);
    lo_vappend(c, head);
    c->keep_boxes = 2;   /* the heading stays with the first entries */
    ts_sp space = hs->space_after;
    int first = 1;
    for (const lo_toc_entry *e = c->toc; e; e = e->next) {
        if (e->page < 0)
            continue;
        const rd_style *st = e->level == 1 ? &L->contents_chapter : &L->contents;
        lo_vnode *g = lo_vnew(c, LO_V_GLUE, first ? space : st->space_before);
        g->can_break = 1;
        lo_vappend(c, g);
        first = 0;
        int page = body_offset + e->page;
        lo_vappend(c, entry_box(c, e, out->first_number + page, links ? page : -1));
    }
    lo_mark_end(c);
    lo_build_pages(c, out);

    c->vlist = saved_v;
    c->vn = saved_n;
    c->vcap = saved_cap;
    c->nparas = saved_paras;
}

int lo_contents_count(lo_ctx *c)
{
    if (!c->L->contents_page || placed_entries(c) < LO_TOC_MIN_ENTRIES)
        return 0;
    lo_result scratch;
    memset(&scratch, 0, sizeof scratch);
    scratch.first_number = 1;
    build(c, &scratch, 0, 0);
    return scratch.npages;
}

void lo_contents_pages(lo_ctx *c, lo_result *r, int body_offset)
{
    if (!c->L->contents_page || placed_entries(c) < LO_TOC_MIN_ENTRIES)
        return;
    int first = r->npages;
    build(c, r, body_offset, 1);
    for (int i = first; i < r->npages; i++) {
        r->pages[i].kind = LO_PAGE_CONTENTS;
        r->pages[i].chapter = NULL;
    }
}
