/* pages.c: the vertical list -> pages, then the page furniture.
 *
 * The page builder is greedy: it fills a page node by node and, when a box
 * no longer fits the text height, ends the page at the last place a page
 * may end (breakable glue or break point, after at least one box). Glue and
 * break points at the top of a page are dropped. When no such place exists
 * on the page (a long run of lines kept together) the page ends right
 * before the box that does not fit. A box taller than a whole page stands
 * alone on its page and is reported. Every page consumes at least one box,
 * so the builder always ends. */
#include "layout_internal.h"

#include <string.h>

static const lo_item artifact_begin = { .kind = LO_ITEM_ARTIFACT_BEGIN };
static const lo_item artifact_end = { .kind = LO_ITEM_ARTIFACT_END };

static void place(lo_ctx *c, lo_page *p, const lo_item *it, ts_sp dy)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        p->v = ts_arena_realloc(c->a, p->v, p->cap * sizeof *p->v, cap * sizeof *p->v);
        p->cap = cap;
    }
    p->v[p->n].item = it;
    p->v[p->n].dy = dy;
    p->n++;
}

static void place_node(lo_ctx *c, lo_page *p, const lo_vnode *v, ts_sp dy)
{
    for (size_t k = 0; k < v->items.n; k++)
        place(c, p, &v->items.v[k], dy);
}

/* A repeated table header: the same drawing, as an artifact (the header
 * cells are tagged once, where the table starts). */
static void place_repeat(lo_ctx *c, lo_page *p, const lo_vnode *v, ts_sp dy)
{
    place(c, p, &artifact_begin, dy);
    for (size_t k = 0; k < v->items.n; k++) {
        lo_item_kind kind = v->items.v[k].kind;
        if (kind == LO_ITEM_STRUCT_BEGIN || kind == LO_ITEM_STRUCT_END ||
            kind == LO_ITEM_ARTIFACT_BEGIN || kind == LO_ITEM_ARTIFACT_END ||
            kind == LO_ITEM_BOOKMARK || kind == LO_ITEM_LINK)
            continue;
        place(c, p, &v->items.v[k], dy);
    }
    place(c, p, &artifact_end, dy);
}

static lo_page *new_page(lo_ctx *c, lo_result *r, int *cap)
{
    if (r->npages == *cap) {
        int ncap = *cap ? *cap * 2 : 16;
        r->pages = ts_arena_realloc(c->a, r->pages, (size_t)*cap * sizeof *r->pages,
                                    (size_t)ncap * sizeof *r->pages);
        *cap = ncap;
    }
    lo_page *p = &r->pages[r->npages++];
    memset(p, 0, sizeof *p);
    return p;
}

/* ---- furniture ---------------------------------------------------------- */

/* Fill in {page} {pages} {title} {date} {dnr} {chapter}; anything else in
 * braces is printed as written. */
static char *expand(lo_ctx *c, const char *tpl, int page, int pages, const char *chapter)
{
    ts_buf b = { 0 };
    const doc_meta *m = &c->doc->meta;
    for (const char *p = tpl; *p;) {
        const char *val = NULL;
        size_t skip = 0;
        char num[16];
        if (*p == '{') {
            static const char *const keys[] = { "{page}", "{pages}", "{title}",
                                                "{date}", "{dnr}", "{chapter}" };
            for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
                size_t len = strlen(keys[k]);
                if (strncmp(p, keys[k], len) != 0)
                    continue;
                skip = len;
                switch (k) {
                case 0: snprintf(num, sizeof num, "%d", page); val = num; break;
                case 1: snprintf(num, sizeof num, "%d", pages); val = num; break;
                case 2: val = m->title; break;
                case 3: val = m->date_text; break;
                case 4: val = m->dnr; break;
                default: val = chapter; break;
                }
                if (!val)
                    val = "";
                break;
            }
        }
        if (skip) {
            ts_buf_puts(&b, val);
            p += skip;
        } else {
            ts_buf_putc(&b, *p++);
        }
    }
    char *s = ts_arena_strdup(c->a, b.len ? ts_buf_cstr(&b) : "");
    ts_buf_free(&b);
    return s;
}

static int blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t')
            return 0;
    return 1;
}

/* Lines of furniture text from `top` (absolute), aligned in the text
 * width; returns the height used. */
static ts_sp furniture_text(lo_ctx *c, lo_items *dst, const char *text, rd_face face,
                            const rd_style *st, dev_color color, doc_align align,
                            ts_sp top)
{
    lo_hlist h = { 0 };
    lo_collect_string(c, &h, text, face, st->size, color, (ts_pos){ 0 });
    lo_split_long_words(c, &h, c->text_width, 0);
    lo_lines lines = { 0 };
    lo_break_lines(c, &h, c->text_width, &lines);
    ts_sp base = lo_style_baseline_face(c, face, st->size, st->leading);
    for (size_t i = 0; i < lines.n; i++) {
        ts_sp t = top + (ts_sp)i * st->leading;
        lo_emit_line(c, dst, &h, &lines.v[i], c->L->margin_left, c->text_width, align, t,
                     st->leading, t + base);
    }
    return (ts_sp)lines.n * st->leading;
}

/* Header (left) and draft mark (right) centred in the top margin; footer
 * (right, where Swedish documents put "2 (12)") centred in the bottom
 * margin. */
static void add_furniture(lo_ctx *c, lo_result *r)
{
    const rd_layout *L = c->L;
    int draft = c->doc->meta.status == DOC_STATUS_DRAFT && L->word_draft && *L->word_draft;
    for (int i = 0; i < r->npages; i++) {
        lo_page *p = &r->pages[i];
        if (L->header_text && *L->header_text) {
            char *s = expand(c, L->header_text, i + 1, r->npages, p->chapter);
            if (!blank(s))
                furniture_text(c, &p->furniture, s, L->header.face, &L->header,
                               lo_color(L->header.color), DOC_ALIGN_LEFT,
                               (L->margin_top - L->header.leading) / 2);
        }
        if (draft) {
            dev_color grey = { 0x99, 0x99, 0x99 };
            furniture_text(c, &p->furniture, L->word_draft, RD_FACE_BOLD, &L->header, grey,
                           DOC_ALIGN_RIGHT, (L->margin_top - L->header.leading) / 2);
        }
        if (L->footer_text && *L->footer_text) {
            char *s = expand(c, L->footer_text, i + 1, r->npages, p->chapter);
            if (!blank(s))
                furniture_text(c, &p->furniture, s, L->footer.face, &L->footer,
                               lo_color(L->footer.color), DOC_ALIGN_RIGHT,
                               L->page_height - L->margin_bottom +
                                   (L->margin_bottom - L->footer.leading) / 2);
        }
    }
}

/* ---- pages -------------------------------------------------------------- */

void lo_build_pages(lo_ctx *c, lo_result *r)
{
    lo_vnode **v = c->vlist;
    size_t n = c->vn, i = 0;
    ts_sp H = c->text_height, top = c->L->margin_top;
    int cap = 0;
    const lo_vnode *repeat = NULL;
    const char *chapter = NULL;
    lo_page *last = NULL;
    ts_sp last_y = 0;

    while (i < n) {
        while (i < n && (v[i]->kind == LO_V_GLUE || v[i]->kind == LO_V_BREAK))
            i++;
        if (i >= n)
            break;
        /* only marks left (structure ends): they close on the last page */
        size_t b = i;
        while (b < n && v[b]->kind != LO_V_BOX)
            b++;
        if (b == n && last) {
            for (; i < n; i++)
                place_node(c, last, v[i], top + last_y);
            break;
        }

        /* find where this page ends: nodes [i, end) */
        ts_sp y = repeat ? repeat->height : 0;
        int boxes = 0;
        size_t best = (size_t)-1, end = n, j;
        for (j = i; j < n; j++) {
            const lo_vnode *x = v[j];
            if (x->kind == LO_V_BOX) {
                if (boxes > 0 && y + x->height > H) {
                    end = best != (size_t)-1 ? best : j;
                    break;
                }
                if (boxes == 0 && y + x->height > H && !repeat)
                    ts_warning(c->d, x->pos,
                               "this block is taller than the page; it runs into the margin");
                y += x->height;
                boxes++;
            } else if (x->kind == LO_V_GLUE) {
                if (x->can_break && boxes > 0)
                    best = j;
                y += x->height;
            } else if (x->kind == LO_V_BREAK) {
                if (x->force && boxes > 0) {
                    end = j;
                    break;
                }
                if (x->can_break && boxes > 0)
                    best = j;
            }
        }

        lo_page *p = new_page(c, r, &cap);
        p->chapter = chapter;
        int chapter_here = 0;
        y = 0;
        if (repeat) {
            place_repeat(c, p, repeat, top);
            y = repeat->height;
            repeat = NULL;
        }
        for (j = i; j < end; j++) {
            const lo_vnode *x = v[j];
            if (x->kind == LO_V_BREAK)
                continue;
            place_node(c, p, x, top + y);
            if (x->kind == LO_V_BOX && x->chapter) {
                if (!chapter_here)
                    p->chapter = x->chapter;
                chapter_here = 1;
                chapter = x->chapter;
            }
            y += x->height;
        }
        if (end < n && v[end]->kind == LO_V_BREAK && v[end]->repeat)
            repeat = v[end]->repeat;
        last = p;
        last_y = y;
        i = end;
    }
    if (r->npages == 0) {
        /* an empty document still makes one (empty) page */
        lo_page *p = new_page(c, r, &cap);
        for (; i < n; i++)
            place_node(c, p, v[i], top);
    }
    add_furniture(c, r);
}
