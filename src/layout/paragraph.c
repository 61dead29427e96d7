/* paragraph.c: inline content -> horizontal list -> lines.
 *
 * Contract: lo_collect_inlines turns a node's inline children into boxes
 * (one per word fragment in one style, shaped with tx_shape), glue (word
 * spaces, in the width of a space of the surrounding style) and forced
 * breaks. Words break only at U+0020 (and line ends in the source); no-break
 * spaces (U+00A0, U+202F) stay inside their word so `12 450` and `45 %`
 * never split. lo_break_lines breaks the list into lines no wider than the
 * measure; lo_emit_line draws one line. All lengths are sp. */
#include "layout_internal.h"

#include <string.h>

/* ---- items -------------------------------------------------------------- */

lo_item *lo_items_push(ts_arena *a, lo_items *l, lo_item_kind kind)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        l->v = ts_arena_realloc(a, l->v, l->cap * sizeof *l->v, cap * sizeof *l->v);
        l->cap = cap;
    }
    lo_item *it = &l->v[l->n++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    return it;
}

void lo_items_rect(ts_arena *a, lo_items *l, ts_sp x, ts_sp y, ts_sp w, ts_sp h,
                   int fill, dev_color fill_color, int stroke,
                   dev_color stroke_color, ts_sp line_width)
{
    dev_path_seg *s = ts_arena_alloc(a, 5 * sizeof *s);
    s[0].op = DEV_MOVE; s[0].x[0] = x;     s[0].y[0] = y;
    s[1].op = DEV_LINE; s[1].x[0] = x + w; s[1].y[0] = y;
    s[2].op = DEV_LINE; s[2].x[0] = x + w; s[2].y[0] = y + h;
    s[3].op = DEV_LINE; s[3].x[0] = x;     s[3].y[0] = y + h;
    s[4].op = DEV_CLOSE;
    lo_item *it = lo_items_push(a, l, LO_ITEM_PATH);
    it->u.path.count = 5;
    it->u.path.segs = s;
    it->u.path.fill = fill;
    it->u.path.fill_color = fill_color;
    it->u.path.stroke = stroke;
    it->u.path.stroke_color = stroke_color;
    it->u.path.line_width = line_width;
}

void lo_items_line(ts_arena *a, lo_items *l, ts_sp x0, ts_sp y0, ts_sp x1,
                   ts_sp y1, dev_color color, ts_sp line_width)
{
    dev_path_seg *s = ts_arena_alloc(a, 2 * sizeof *s);
    s[0].op = DEV_MOVE; s[0].x[0] = x0; s[0].y[0] = y0;
    s[1].op = DEV_LINE; s[1].x[0] = x1; s[1].y[0] = y1;
    lo_item *it = lo_items_push(a, l, LO_ITEM_PATH);
    it->u.path.count = 2;
    it->u.path.segs = s;
    it->u.path.stroke = 1;
    it->u.path.stroke_color = color;
    it->u.path.line_width = line_width;
}

void lo_items_struct(ts_arena *a, lo_items *l, const char *role, const char *alt)
{
    lo_item *it = lo_items_push(a, l, LO_ITEM_STRUCT_BEGIN);
    it->u.st.role = role;
    it->u.st.alt = alt;
}

void lo_items_end_struct(ts_arena *a, lo_items *l)
{
    lo_items_push(a, l, LO_ITEM_STRUCT_END);
}

dev_color lo_color(rd_color c)
{
    dev_color d = { c.r, c.g, c.b };
    return d;
}

ts_sp lo_style_baseline_face(lo_ctx *c, rd_face face, ts_sp size, ts_sp leading)
{
    ts_sp asc = tx_ascent(c->f, face, size);
    ts_sp desc = tx_descent(c->f, face, size);
    return (leading - asc - desc) / 2 + asc;
}

ts_sp lo_style_baseline(lo_ctx *c, const rd_style *style)
{
    return lo_style_baseline_face(c, style->face, style->size, style->leading);
}

/* ---- collecting --------------------------------------------------------- */

static lo_hitem *hpush(lo_ctx *c, lo_hlist *h, lo_hkind kind)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 32;
        h->v = ts_arena_realloc(c->a, h->v, h->cap * sizeof *h->v, cap * sizeof *h->v);
        h->cap = cap;
    }
    lo_hitem *it = &h->v[h->n++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    return it;
}

/* The look of the inline text being collected. */
typedef struct span {
    rd_face base;         /* the block style's face */
    int emph, strong, code;
    ts_sp size;
    ts_sp raise;
    dev_color color;
    const char *link;
    int strike;
} span;

/* Emphasis and strong combine with the block's face: emphasis in a bold
 * heading is bold italic; a semibold face stays semibold unless strong. */
static rd_face span_face(const span *s)
{
    if (s->code || s->base == RD_FACE_MONO)
        return RD_FACE_MONO;
    int italic = s->emph || s->base == RD_FACE_ITALIC || s->base == RD_FACE_BOLD_ITALIC;
    if (s->base == RD_FACE_SEMIBOLD && !s->strong)
        return italic ? RD_FACE_BOLD_ITALIC : RD_FACE_SEMIBOLD;
    int bold = s->strong || s->base == RD_FACE_BOLD || s->base == RD_FACE_BOLD_ITALIC ||
               s->base == RD_FACE_SEMIBOLD;
    if (bold && italic)
        return RD_FACE_BOLD_ITALIC;
    if (bold)
        return RD_FACE_BOLD;
    return italic ? RD_FACE_ITALIC : RD_FACE_REGULAR;
}

/* Width of a word space, remembered for the last face and size asked. */
typedef struct space_cache {
    rd_face face;
    ts_sp size;
    ts_sp width;
    int valid;
} space_cache;

static ts_sp space_width(lo_ctx *c, space_cache *sc, rd_face face, ts_sp size)
{
    if (!sc->valid || sc->face != face || sc->size != size) {
        sc->face = face;
        sc->size = size;
        sc->width = tx_measure(c->f, face, size, " ", 1);
        if (sc->width <= 0)
            sc->width = size / 4;   /* a font without a space: a quarter em */
        sc->valid = 1;
    }
    return sc->width;
}

static void push_glue(lo_ctx *c, lo_hlist *h, space_cache *sc, const span *s)
{
    /* one space between words however many the source has */
    if (h->n == 0 || h->v[h->n - 1].kind != LO_H_BOX)
        return;
    lo_hitem *g = hpush(c, h, LO_H_GLUE);
    g->width = space_width(c, sc, span_face(s), s->size);
    g->size = s->size;
    g->color = s->color;
    g->link = s->link;
    g->strike = s->strike;
}

static void push_word(lo_ctx *c, lo_hlist *h, const span *s, const char *w,
                      size_t len, ts_pos pos)
{
    tx_run *runs = NULL;
    int n = tx_shape(c->f, c->a, c->d, pos, span_face(s), s->size, w, len, &runs);
    if (n <= 0)
        return;
    lo_hitem *b = hpush(c, h, LO_H_BOX);
    b->nruns = n;
    b->runs = runs;
    for (int i = 0; i < n; i++)
        b->width += runs[i].width;
    b->size = s->size;
    b->raise = s->raise;
    b->color = s->color;
    b->link = s->link;
    b->strike = s->strike;
    b->pos = pos;
}

/* Split text at U+0020 (tabs and line ends count as spaces too) into
 * words and glue. `pos` is where the text starts; each word is reported at
 * its own column. */
static void push_text(lo_ctx *c, lo_hlist *h, space_cache *sc, const span *s,
                      const char *text, ts_pos pos)
{
    size_t i = 0, len = strlen(text);
    int col = pos.col;
    while (i < len) {
        char ch = text[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            push_glue(c, h, sc, s);
            i++;
            col++;
            continue;
        }
        size_t start = i;
        int start_col = col;
        while (i < len && text[i] != ' ' && text[i] != '\t' && text[i] != '\n' &&
               text[i] != '\r') {
            if (((unsigned char)text[i] & 0xC0) != 0x80)
                col++;
            i++;
        }
        ts_pos wp = pos;
        if (wp.col > 0)
            wp.col = start_col;
        push_word(c, h, s, text + start, i - start, wp);
    }
}

static void note_reference(lo_ctx *c, const doc_node *def)
{
    if (!def || def->number <= 0 || def->number > c->note_max)
        return;
    if (c->note_seen[def->number])
        return;
    c->note_seen[def->number] = 1;
    ts_ptrvec_push(c->a, &c->notes, (void *)def);
}

static void collect(lo_ctx *c, lo_hlist *h, space_cache *sc, const doc_node *parent,
                    span s, int depth)
{
    if (depth > LO_MAX_INLINE_DEPTH) {
        ts_error(c->d, parent->pos,
                 "inline content is nested more than %d deep; the rest is left out",
                 LO_MAX_INLINE_DEPTH);
        return;
    }
    for (const doc_node *n = parent->first; n; n = n->next) {
        span t = s;
        switch (n->kind) {
        case DOC_TEXT:
            if (n->text)
                push_text(c, h, sc, &s, tx_typography(c->a, n->text), n->pos);
            break;
        case DOC_CODE:
            t.code = 1;
            if (n->text)
                push_text(c, h, sc, &t, n->text, n->pos);
            break;
        case DOC_EMPH:
            t.emph = 1;
            collect(c, h, sc, n, t, depth + 1);
            break;
        case DOC_STRONG:
            t.strong = 1;
            collect(c, h, sc, n, t, depth + 1);
            break;
        case DOC_STRIKE:
            t.strike = 1;
            collect(c, h, sc, n, t, depth + 1);
            break;
        case DOC_LINK:
            t.link = n->url;
            t.color = lo_color(c->L->link);
            collect(c, h, sc, n, t, depth + 1);
            break;
        case DOC_IMAGE:
            /* an image inside running text: its alt text stands in */
            t.emph = 1;
            if (n->text)
                push_text(c, h, sc, &t, tx_typography(c->a, n->text), n->pos);
            break;
        case DOC_SOFTBREAK:
            push_glue(c, h, sc, &s);
            break;
        case DOC_LINEBREAK: {
            lo_hitem *b = hpush(c, h, LO_H_BREAK);
            b->pos = n->pos;
            break;
        }
        case DOC_FOOTNOTE_REF: {
            /* superscript number: two thirds of the size, raised a third */
            char num[16];
            snprintf(num, sizeof num, "%d", n->number);
            t.size = s.size * 2 / 3;
            t.raise = s.raise + s.size / 3;
            push_word(c, h, &t, num, strlen(num), n->pos);
            note_reference(c, n->def);
            break;
        }
        default:
            /* block nodes do not occur here; collect what text they hold */
            collect(c, h, sc, n, t, depth + 1);
            break;
        }
    }
}

void lo_collect_inlines(lo_ctx *c, lo_hlist *h, const doc_node *parent,
                        const rd_style *style)
{
    span s;
    memset(&s, 0, sizeof s);
    s.base = style->face;
    s.size = style->size;
    s.color = lo_color(style->color);
    space_cache sc = { 0 };
    collect(c, h, &sc, parent, s, 0);
}

void lo_collect_string(lo_ctx *c, lo_hlist *h, const char *utf8, rd_face face,
                       ts_sp size, dev_color color, ts_pos pos)
{
    span s;
    memset(&s, 0, sizeof s);
    s.base = face;
    s.size = size;
    s.color = color;
    space_cache sc = { 0 };
    push_text(c, h, &sc, &s, utf8, pos);
}

void lo_collect_verbatim(lo_ctx *c, lo_hlist *h, const char *utf8, size_t len,
                         rd_face face, ts_sp size, dev_color color, ts_pos pos)
{
    span s;
    memset(&s, 0, sizeof s);
    s.base = face;
    s.size = size;
    s.color = color;
    push_word(c, h, &s, utf8, len, pos);
}

/* ---- words wider than the line ------------------------------------------ */

static char *word_text(lo_ctx *c, const lo_hlist *h, size_t i, size_t j)
{
    ts_buf b = { 0 };
    int chars = 0;
    for (size_t k = i; k < j; k++)
        for (int r = 0; r < h->v[k].nruns; r++)
            for (int g = 0; g < h->v[k].runs[r].count; g++) {
                if (chars++ == 40) {
                    ts_buf_puts(&b, "…");
                    goto done;
                }
                char enc[4];
                int n = ts_utf8_encode(h->v[k].runs[r].glyphs[g].cp, enc);
                ts_buf_append(&b, enc, (size_t)n);
            }
done:;
    char *s = ts_arena_strdup(c->a, b.len ? ts_buf_cstr(&b) : "");
    ts_buf_free(&b);
    return s;
}

/* The piece of a box being cut: glyph sub-ranges of its runs. */
typedef struct piece {
    lo_hitem proto;
    tx_run *runs;
    int nruns;
    ts_sp width;
} piece;

static void piece_flush(lo_ctx *c, lo_hlist *out, piece *p)
{
    if (p->nruns == 0)
        return;
    lo_hitem *b = hpush(c, out, LO_H_BOX);
    *b = p->proto;
    b->runs = p->runs;
    b->nruns = p->nruns;
    b->width = p->width;
    p->runs = ts_arena_alloc(c->a, (size_t)(p->proto.nruns > 0 ? p->proto.nruns : 1) *
                                       sizeof *p->runs);
    p->nruns = 0;
    p->width = 0;
}

static void piece_start(lo_ctx *c, piece *p, const lo_hitem *box)
{
    p->proto = *box;
    p->runs = ts_arena_alloc(c->a, (size_t)(box->nruns > 0 ? box->nruns : 1) * sizeof *p->runs);
    p->nruns = 0;
    p->width = 0;
}

static void piece_add_glyph(piece *p, const tx_run *r, int g)
{
    tx_run *last = p->nruns ? &p->runs[p->nruns - 1] : NULL;
    if (!last || last->glyphs + last->count != r->glyphs + g) {
        last = &p->runs[p->nruns++];
        last->font = r->font;
        last->size = r->size;
        last->width = 0;
        last->count = 0;
        last->glyphs = r->glyphs + g;
    }
    last->count++;
    last->width += r->glyphs[g].advance;
    p->width += r->glyphs[g].advance;
}

/* Cut the word h[i..j) into chunks no wider than measure, separated by
 * zero-width glue (a break the line breaker will take). */
static void split_word(lo_ctx *c, const lo_hlist *h, size_t i, size_t j,
                       ts_sp measure, lo_hlist *out)
{
    ts_sp chunk = 0;
    piece p;
    for (size_t k = i; k < j; k++) {
        const lo_hitem *box = &h->v[k];
        piece_start(c, &p, box);
        for (int r = 0; r < box->nruns; r++) {
            const tx_run *run = &box->runs[r];
            for (int g = 0; g < run->count; g++) {
                ts_sp adv = run->glyphs[g].advance;
                if (chunk > 0 && chunk + adv > measure) {
                    piece_flush(c, out, &p);
                    lo_hitem *glue = hpush(c, out, LO_H_GLUE);
                    glue->width = 0;
                    glue->size = box->size;
                    glue->color = box->color;
                    glue->link = box->link;
                    glue->strike = box->strike;
                    chunk = 0;
                }
                piece_add_glyph(&p, run, g);
                chunk += adv;
            }
        }
        piece_flush(c, out, &p);
    }
}

void lo_split_long_words(lo_ctx *c, lo_hlist *h, ts_sp measure, int warn)
{
    if (measure <= 0)
        return;
    /* first pass: is anything too wide? Usually not, and then no copy */
    int any = 0;
    for (size_t i = 0; i < h->n && !any;) {
        if (h->v[i].kind != LO_H_BOX) { i++; continue; }
        ts_sp w = 0;
        size_t j = i;
        while (j < h->n && h->v[j].kind == LO_H_BOX)
            w += h->v[j++].width;
        if (w > measure)
            any = 1;
        i = j;
    }
    if (!any)
        return;

    lo_hlist out = { 0 };
    for (size_t i = 0; i < h->n;) {
        if (h->v[i].kind != LO_H_BOX) {
            *hpush(c, &out, h->v[i].kind) = h->v[i];
            i++;
            continue;
        }
        ts_sp w = 0;
        size_t j = i;
        while (j < h->n && h->v[j].kind == LO_H_BOX)
            w += h->v[j++].width;
        if (w <= measure) {
            for (size_t k = i; k < j; k++)
                *hpush(c, &out, LO_H_BOX) = h->v[k];
        } else {
            if (warn)
                ts_warning(c->d, h->v[i].pos,
                           "the word '%s' is wider than the line; it is broken",
                           word_text(c, h, i, j));
            split_word(c, h, i, j, measure, &out);
        }
        i = j;
    }
    *h = out;
}

void lo_hlist_widths(const lo_hlist *h, ts_sp *longest_word, ts_sp *natural)
{
    ts_sp longest = 0, total = 0, word = 0;
    for (size_t i = 0; i < h->n; i++) {
        const lo_hitem *it = &h->v[i];
        total += it->width;
        if (it->kind == LO_H_BOX) {
            word += it->width;
            if (word > longest)
                longest = word;
        } else {
            word = 0;
        }
    }
    if (longest_word)
        *longest_word = longest;
    if (natural)
        *natural = total;
}

/* ---- the line breaker --------------------------------------------------- */

static void push_line(lo_ctx *c, lo_lines *out, size_t first, size_t last, ts_sp width)
{
    if (out->n == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 8;
        out->v = ts_arena_realloc(c->a, out->v, out->cap * sizeof *out->v, cap * sizeof *out->v);
        out->cap = cap;
    }
    out->v[out->n].first = first;
    out->v[out->n].last = last;
    out->v[out->n].width = width;
    out->n++;
}

/* Greedy first fit: put words on the line while they fit, end the line at
 * the last word space otherwise. Each item is looked at no more than twice
 * (once more after the line ended before it), so the time is linear in the
 * paragraph. A box alone wider than the measure (only when words were not
 * split first) stands on its own line. */
void lo_break_lines(lo_ctx *c, const lo_hlist *h, ts_sp measure, lo_lines *out)
{
    size_t i = 0, n = h->n;
    while (i < n) {
        while (i < n && h->v[i].kind == LO_H_GLUE)
            i++;
        if (i >= n)
            break;
        size_t start = i, j = i;
        size_t last_glue = (size_t)-1;
        ts_sp w = 0, w_at_box = 0, w_line_at_glue = 0;
        size_t end_at_box = start, end_at_glue = start;
        size_t next = n, line_end = n;
        ts_sp line_w = 0;
        int ended = 0;
        for (; j < n; j++) {
            const lo_hitem *it = &h->v[j];
            if (it->kind == LO_H_BREAK) {
                line_end = end_at_box;
                line_w = w_at_box;
                next = j + 1;
                ended = 1;
                break;
            }
            if (it->kind == LO_H_GLUE) {
                last_glue = j;
                w_line_at_glue = w_at_box;
                end_at_glue = end_at_box;
                w += it->width;
                continue;
            }
            if (w + it->width > measure && last_glue != (size_t)-1) {
                line_end = end_at_glue;
                line_w = w_line_at_glue;
                next = last_glue + 1;
                ended = 1;
                break;
            }
            w += it->width;
            w_at_box = w;
            end_at_box = j + 1;
        }
        if (!ended) {
            line_end = end_at_box;
            line_w = w_at_box;
            next = n;
        }
        /* two hard breaks in a row make an empty line, which keeps its
         * height: the next round starts at the second break */
        push_line(c, out, start, line_end, line_w);
        i = next;
    }
}

/* ---- drawing a line ----------------------------------------------------- */

static void emit_run(lo_ctx *c, lo_items *dst, const tx_run *r, ts_sp x,
                     ts_sp baseline, dev_color color)
{
    if (r->count <= 0)
        return;
    size_t n = (size_t)r->count;
    uint32_t *cps = ts_arena_alloc(c->a, n * sizeof *cps);
    uint32_t *gids = ts_arena_alloc(c->a, n * sizeof *gids);
    ts_sp *adv = ts_arena_alloc(c->a, n * sizeof *adv);
    ts_sp *yoff = NULL;
    for (size_t k = 0; k < n; k++) {
        cps[k] = r->glyphs[k].cp;
        gids[k] = r->glyphs[k].gid;
        adv[k] = r->glyphs[k].advance;
        if (r->glyphs[k].y_offset && !yoff)
            yoff = ts_arena_alloc(c->a, n * sizeof *yoff);
    }
    if (yoff)
        for (size_t k = 0; k < n; k++)
            yoff[k] = r->glyphs[k].y_offset;
    lo_item *it = lo_items_push(c->a, dst, LO_ITEM_TEXT);
    dev_text *t = &it->u.text;
    t->font = r->font;
    t->font_path = tx_font_path(c->f, r->font);
    t->size = r->size;
    t->x = x;
    t->y = baseline;
    t->color = color;
    t->count = r->count;
    t->cps = cps;
    t->gids = gids;
    t->advances = adv;
    t->y_offsets = yoff;
}

static void emit_link(lo_ctx *c, lo_items *dst, const char *url, ts_sp x0, ts_sp x1,
                      ts_sp top, ts_sp height)
{
    if (!url || x1 <= x0)
        return;
    lo_item *it = lo_items_push(c->a, dst, LO_ITEM_LINK);
    it->u.link.x = x0;
    it->u.link.y = top;
    it->u.link.width = x1 - x0;
    it->u.link.height = height;
    it->u.link.url = url;
}

void lo_emit_line(lo_ctx *c, lo_items *dst, const lo_hlist *h, const lo_line *ln,
                  ts_sp x, ts_sp measure, doc_align align, ts_sp top,
                  ts_sp height, ts_sp baseline)
{
    ts_sp slack = measure - ln->width;
    if (slack < 0)
        slack = 0;
    ts_sp xx = x;
    if (align == DOC_ALIGN_RIGHT)
        xx += slack;
    else if (align == DOC_ALIGN_CENTER)
        xx += slack / 2;

    const char *link = NULL;
    ts_sp link_x0 = 0, link_x1 = 0;
    int strike = 0;
    ts_sp strike_x0 = 0, strike_x1 = 0, strike_size = 0;
    dev_color strike_color = { 0, 0, 0 };

    for (size_t k = ln->first; k < ln->last; k++) {
        const lo_hitem *it = &h->v[k];
        if (it->kind == LO_H_BREAK)
            continue;
        if (it->link != link) {
            emit_link(c, dst, link, link_x0, link_x1, top, height);
            link = it->link;
            link_x0 = link_x1 = xx;
        }
        if (it->strike != strike) {
            if (strike)
                lo_items_line(c->a, dst, strike_x0, baseline - strike_size * 3 / 10,
                              strike_x1, baseline - strike_size * 3 / 10, strike_color,
                              strike_size / 18);
            strike = it->strike;
            strike_x0 = strike_x1 = xx;
            strike_size = it->size;
            strike_color = it->color;
        }
        if (it->kind == LO_H_BOX) {
            ts_sp rx = xx;
            for (int r = 0; r < it->nruns; r++) {
                emit_run(c, dst, &it->runs[r], rx, baseline - it->raise, it->color);
                rx += it->runs[r].width;
            }
        }
        xx += it->width;
        link_x1 = xx;
        strike_x1 = xx;
        if (it->size > strike_size)
            strike_size = it->size;
    }
    emit_link(c, dst, link, link_x0, link_x1, top, height);
    if (strike)
        lo_items_line(c->a, dst, strike_x0, baseline - strike_size * 3 / 10, strike_x1,
                      baseline - strike_size * 3 / 10, strike_color, strike_size / 18);
}
