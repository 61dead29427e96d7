/* paragraph.c: inline content -> horizontal list -> lines.
 *
 * Contract: lo_collect_inlines turns a node's inline children into boxes
 * (one per word fragment in one style, shaped with tx_shape), glue (word
 * spaces, in the width of a space of the surrounding style) and forced
 * breaks. A word set in several styles (**trygg**hetsarbete) is hyphenated
 * as one word and its breaks mapped into its pieces. Words break only at
 * U+0020 (and line ends in the source); no-break
 * spaces (U+00A0, U+202F) stay inside their word so `12 450` and `45 %`
 * never split. lo_break_lines breaks the list into lines no wider than the
 * measure; lo_emit_line draws one line. All lengths are sp. */
#include "layout_internal.h"

#include <stdlib.h>
#include <string.h>

/* a + b held at the widest widths sp can express (about 11.5 m): sums
 * over a word of tens of thousands of characters would wrap around
 * otherwise (found by tests/broken.py); such a word is cut like any word
 * wider than the line. */
static ts_sp sp_add(ts_sp a, ts_sp b)
{
    int64_t sum = (int64_t)a + b;
    return (ts_sp)(sum > INT32_MAX ? INT32_MAX : sum < INT32_MIN ? INT32_MIN : sum);
}

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

void lo_items_settle(ts_arena *a, lo_items *l)
{
    lo_item *v = l->n ? ts_arena_alloc(a, l->n * sizeof *v) : NULL;
    if (l->n)
        memcpy(v, l->v, l->n * sizeof *v);
    l->v = v;
    l->cap = l->n;
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
    dev_color d = { .r = c.r, .g = c.g, .b = c.b, .has_cmyk = 1,
                    .c = c.c, .m = c.m, .y = c.y, .k = c.k };
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
        h->v = ts_arena_realloc(c->scratch, h->v, h->cap * sizeof *h->v, cap * sizeof *h->v);
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

/* A piece of a word in one style: the text of consecutive boxes with no
 * space between them (**trygg**hetsarbete is two pieces). */
typedef struct word_piece {
    span s;
    const char *text;
    size_t len;
    ts_pos pos;
} word_piece;

/* Most pieces a word is collected in; a word in more styles is cut (and
 * hyphenated) in parts of this many. */
#define LO_WORD_PIECES 16

/* The state of one collection: what is remembered between words, and the
 * word being collected. */
typedef struct collect_state {
    /* the width of a word space, for the last face and size asked */
    rd_face face;
    ts_sp size;
    ts_sp width;
    int valid;
    /* the hyphen drawn at a hyphenated line's end, for hy_face/hy_size */
    rd_face hy_face;
    ts_sp hy_size;
    tx_run *hy_runs;
    int hy_nruns;
    ts_sp hy_width;
    /* the space glyph drawn for a word space, for sp_face/sp_size */
    rd_face sp_face;
    ts_sp sp_size;
    tx_run *sp_runs;
    int sp_nruns;
    /* the word being collected: pieces with nothing between them yet */
    word_piece pieces[LO_WORD_PIECES];
    int npieces;
} collect_state;

static ts_sp space_width(lo_ctx *c, collect_state *cs, rd_face face, ts_sp size)
{
    if (!cs->valid || cs->face != face || cs->size != size) {
        cs->face = face;
        cs->size = size;
        cs->width = tx_measure(c->f, face, size, " ", 1);
        if (cs->width <= 0)
            cs->width = size / 4;   /* a font without a space: a quarter em */
        cs->valid = 1;
    }
    return cs->width;
}

/* Kinds of word space. A no-break space (U+00A0) is set as an ordinary
 * space that no line may end at, so it stretches with the others in
 * justified text and extracts as a plain space. A narrow no-break space
 * (U+202F, between the digit groups of 12 450) is a thin space (a sixth
 * of an em) that neither breaks nor stretches. */
enum { SPACE_NORMAL, SPACE_NOBREAK, SPACE_NARROW };

static void flush_word(lo_ctx *c, lo_hlist *h, collect_state *cs);

static void push_glue(lo_ctx *c, lo_hlist *h, collect_state *cs, const span *s, int kind)
{
    flush_word(c, h, cs);
    int nobreak = kind != SPACE_NORMAL;
    /* one space between words however many the source has */
    if (h->n == 0 || h->v[h->n - 1].kind != LO_H_BOX) {
        if (nobreak && h->n > 0 && h->v[h->n - 1].kind == LO_H_GLUE)
            h->v[h->n - 1].penalty = TX_INF;
        return;
    }
    lo_hitem *g = hpush(c, h, LO_H_GLUE);
    g->penalty = nobreak ? TX_INF : 0;
    g->width = space_width(c, cs, span_face(s), s->size);
    if (kind == SPACE_NARROW) {
        g->width = s->size / 6;
        g->flagged = 1;   /* fixed: not stretched or shrunk */
    }
    g->size = s->size;
    g->color = s->color;
    g->link = s->link;
    g->strike = s->strike;
    /* The space glyph itself, so that the space is a real character in
     * the PDF (ISO 14289-1 7.21.7 / PDF/A-2a: words separated by U+0020,
     * not only by distance): lo_emit_line draws it with the glue's set
     * width as its advance. */
    rd_face face = span_face(s);
    if (!cs->sp_runs || cs->sp_face != face || cs->sp_size != s->size) {
        cs->sp_face = face;
        cs->sp_size = s->size;
        cs->sp_nruns = tx_shape(c->f, c->scratch, c->d, (ts_pos){ 0 }, face, s->size, " ", 1,
                                &cs->sp_runs);
    }
    if (cs->sp_nruns == 1 && cs->sp_runs[0].count == 1) {
        g->runs = cs->sp_runs;
        g->nruns = 1;
    }
}

/* The shaped hyphen for `s`, remembered for the last face and size. */
static void hyphen_runs(lo_ctx *c, collect_state *cs, const span *s)
{
    rd_face face = span_face(s);
    if (cs->hy_runs && cs->hy_face == face && cs->hy_size == s->size)
        return;
    cs->hy_face = face;
    cs->hy_size = s->size;
    cs->hy_nruns = tx_shape(c->f, c->scratch, c->d, (ts_pos){ 0 }, face, s->size, "-", 1,
                            &cs->hy_runs);
    cs->hy_width = 0;
    for (int i = 0; i < cs->hy_nruns; i++)
        cs->hy_width += cs->hy_runs[i].width;
}

/* Cost of ending a line at a break of each kind (tx_hyph_kind), against a
 * line's badness (100: the rag four ems short). A compound's joint costs
 * little, an author's soft hyphen or written hyphen the same; a syllable
 * break inside a simple word more, so joints win where both would do. */
static int hyphen_penalty(int kind)
{
    switch (kind) {
    case TX_HYPH_JOINT:    return 50;
    case TX_HYPH_SOFT:     return 50;
    case TX_HYPH_EXPLICIT: return 50;
    default:               return 150;
    }
}

static lo_hitem *push_box(lo_ctx *c, lo_hlist *h, const span *s, tx_run *runs, int n,
                          ts_pos pos)
{
    lo_hitem *b = hpush(c, h, LO_H_BOX);
    b->nruns = n;
    b->runs = runs;
    for (int i = 0; i < n; i++)
        b->width = sp_add(b->width, runs[i].width);
    b->size = s->size;
    b->raise = s->raise;
    b->color = s->color;
    b->link = s->link;
    b->strike = s->strike;
    b->pos = pos;
    return b;
}

/* Glyphs [from, to) of a shaped word (counted across its runs) as runs of
 * their own, in the arena. Returns the number of runs. */
static int slice_runs(lo_ctx *c, const tx_run *runs, int n, int from, int to,
                      tx_run **out)
{
    tx_run *v = ts_arena_alloc(c->scratch, (size_t)n * sizeof *v);
    int k = 0, base = 0;
    for (int r = 0; r < n; r++) {
        int lo = from > base ? from - base : 0;
        int hi = to - base < runs[r].count ? to - base : runs[r].count;
        if (lo < hi) {
            tx_run *x = &v[k++];
            *x = runs[r];
            x->glyphs = runs[r].glyphs + lo;
            x->count = hi - lo;
            x->width = 0;
            for (int g = 0; g < x->count; g++)
                x->width = sp_add(x->width, x->glyphs[g].advance);
        }
        base += runs[r].count;
    }
    *out = v;
    return k;
}

/* A hyphenation point as a flagged penalty after the last box, in the look
 * of `s` (the text before the break), with the hyphen drawn unless the
 * break follows a hyphen written in the word. */
static void push_hyphen_penalty(lo_ctx *c, lo_hlist *h, collect_state *cs, const span *s,
                                int kind, ts_pos pos)
{
    hyphen_runs(c, cs, s);
    lo_hitem *p = hpush(c, h, LO_H_PENALTY);
    p->penalty = hyphen_penalty(kind);
    p->flagged = 1;
    p->size = s->size;
    p->color = s->color;
    p->link = s->link;
    p->strike = s->strike;
    p->pos = pos;
    if (kind != TX_HYPH_EXPLICIT && cs->hy_nruns > 0) {
        p->runs = cs->hy_runs;
        p->nruns = cs->hy_nruns;
        p->width = cs->hy_width;
    }
}

/* May the pieces of a word in style `s` be hyphenated at all? Not code,
 * not raised text (footnote marks), not outside running text (cs NULL). */
static int may_hyphenate(const lo_ctx *c, const collect_state *cs, const span *s)
{
    return c->hyphenate && c->hyph && cs && !s->code && s->raise == 0;
}

/* One word, in pieces of one style each (**trygg**hetsarbete is two):
 * each piece is shaped whole (kerning kept) into boxes; the word is
 * hyphenated whole, so the breaks are the word's and not each piece's
 * (trygg|hets|ar-be-te, not hets-ar-be-te on its own), and each break is
 * mapped into its piece: inside it the piece is cut into boxes with a
 * LO_H_PENALTY between them, at its start the penalty goes between the two
 * pieces with the hyphen in the look of the piece before. A piece whose
 * glyphs do not match its characters one to one (a character no font has)
 * is left whole. When a piece may not be hyphenated (code), each of the
 * others is hyphenated on its own, as a word of its own. */
static void push_pieces(lo_ctx *c, lo_hlist *h, collect_state *cs, const word_piece *pc,
                        int np)
{
    int whole = 1;
    for (int i = 0; i < np; i++)
        whole = whole && may_hyphenate(c, cs, &pc[i].s);
    if (!whole && np > 1) {
        for (int i = 0; i < np; i++)
            push_pieces(c, h, cs, &pc[i], 1);
        return;
    }
    tx_hyph_break br[64];
    int nb = 0;
    if (whole) {
        if (np == 1) {
            nb = tx_hyphenate(c->hyph, pc[0].text, pc[0].len, br, 64);
        } else {
            size_t total = 0;
            for (int i = 0; i < np; i++)
                total += pc[i].len;
            char *word = ts_arena_alloc(c->scratch, total + 1);
            size_t o = 0;
            for (int i = 0; i < np; i++) {
                memcpy(word + o, pc[i].text, pc[i].len);
                o += pc[i].len;
            }
            nb = tx_hyphenate(c->hyph, word, total, br, 64);
        }
    }
    int before = 0;   /* visible characters of the word before this piece */
    int k = 0;        /* the next break of br */
    for (int i = 0; i < np; i++) {
        const word_piece *p = &pc[i];
        int chars = tx_visible_chars(p->text, p->len);
        /* a break where this piece starts, after a box of the piece before */
        for (; k < nb && br[k].at <= before; k++)
            if (br[k].at == before && i > 0 && h->n > 0 && h->v[h->n - 1].kind == LO_H_BOX)
                push_hyphen_penalty(c, h, cs, &pc[i - 1].s, br[k].kind, pc[i - 1].pos);
        tx_run *runs = NULL;
        int n = tx_shape(c->f, c->scratch, c->d, p->pos, span_face(&p->s), p->s.size, p->text,
                         p->len, &runs);
        int glyphs = 0;
        for (int r = 0; r < n; r++)
            glyphs += runs[r].count;
        /* the breaks inside the piece, as glyph indices of the piece */
        tx_hyph_break inside[64];
        int ni = 0;
        for (; k < nb && br[k].at < before + chars; k++) {
            inside[ni] = br[k];
            inside[ni++].at -= before;
        }
        before += chars;
        if (n <= 0)
            continue;
        if (glyphs != chars)
            ni = 0;
        int from = 0;
        for (int q = 0; q <= ni; q++) {
            int to = q < ni ? inside[q].at : glyphs;
            if (to <= from || to > glyphs)
                continue;
            tx_run *part = NULL;
            int nparts = slice_runs(c, runs, n, from, to, &part);
            push_box(c, h, &p->s, part, nparts, p->pos);
            from = to;
            if (q == ni)
                break;
            push_hyphen_penalty(c, h, cs, &p->s, inside[q].kind, p->pos);
        }
    }
}

/* A word pushed now, on its own (a footnote mark, verbatim text). */
static void push_word(lo_ctx *c, lo_hlist *h, collect_state *cs, const span *s,
                      const char *w, size_t len, ts_pos pos)
{
    word_piece p = { *s, w, len, pos };
    push_pieces(c, h, cs, &p, 1);
}

/* Push the word being collected, if any (before a space, a line break, a
 * footnote mark and at the end). */
static void flush_word(lo_ctx *c, lo_hlist *h, collect_state *cs)
{
    if (cs->npieces == 0)
        return;
    int np = cs->npieces;
    cs->npieces = 0;
    push_pieces(c, h, cs, cs->pieces, np);
}

/* A piece of running text without spaces: it joins the piece before when
 * nothing came between them, so a word set in two styles is one word.
 * The text must stay valid until flush_word. */
static void queue_word(lo_ctx *c, lo_hlist *h, collect_state *cs, const span *s,
                       const char *w, size_t len, ts_pos pos)
{
    if (cs->npieces == LO_WORD_PIECES)
        flush_word(c, h, cs);     /* a word in more styles than this: cut */
    word_piece *p = &cs->pieces[cs->npieces++];
    p->s = *s;
    p->text = w;
    p->len = len;
    p->pos = pos;
}

/* Split text at U+0020 (tabs and line ends count as spaces too) into
 * words and glue. `pos` is where the text starts; each word is reported at
 * its own column. */
static void push_text(lo_ctx *c, lo_hlist *h, collect_state *cs, const span *s,
                      const char *text, ts_pos pos)
{
    size_t i = 0, len = strlen(text);
    int col = pos.col;
    while (i < len) {
        char ch = text[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            push_glue(c, h, cs, s, SPACE_NORMAL);
            i++;
            col++;
            continue;
        }
        if ((unsigned char)ch == 0xC2 && (unsigned char)text[i + 1] == 0xA0) {
            push_glue(c, h, cs, s, SPACE_NOBREAK);
            i += 2;
            col++;
            continue;
        }
        if ((unsigned char)ch == 0xE2 && (unsigned char)text[i + 1] == 0x80 &&
            (unsigned char)text[i + 2] == 0xAF) {
            push_glue(c, h, cs, s, SPACE_NARROW);
            i += 3;
            col++;
            continue;
        }
        size_t start = i;
        int start_col = col;
        while (i < len && text[i] != ' ' && text[i] != '\t' && text[i] != '\n' &&
               text[i] != '\r' &&
               !((unsigned char)text[i] == 0xC2 && (unsigned char)text[i + 1] == 0xA0) &&
               !((unsigned char)text[i] == 0xE2 && (unsigned char)text[i + 1] == 0x80 &&
                 (unsigned char)text[i + 2] == 0xAF)) {
            if (((unsigned char)text[i] & 0xC0) != 0x80)
                col++;
            i++;
        }
        ts_pos wp = pos;
        if (wp.col > 0)
            wp.col = start_col;
        queue_word(c, h, cs, s, text + start, i - start, wp);
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

static void collect(lo_ctx *c, lo_hlist *h, collect_state *cs, const doc_node *parent,
                    span s, int depth)
{
    if (depth > LO_MAX_INLINE_DEPTH) {
        ts_error(c->d, parent->pos,
                 "inline content is nested more than %d deep; the rest is left out",
                 LO_MAX_INLINE_DEPTH);
        return;
    }
    /* running text through tx_typography: of the text node before the
     * current one (NULL when that was no text), and of the next one when a
     * line end before it has already looked at it */
    const char *text_before = NULL, *text_ahead = NULL;
    for (const doc_node *n = parent->first; n; n = n->next) {
        span t = s;
        const char *typeset = NULL;
        switch (n->kind) {
        case DOC_TEXT:
            if (n->text) {
                typeset = text_ahead ? text_ahead : tx_typography(c->a, n->text);
                push_text(c, h, cs, &s, typeset, n->pos);
            }
            break;
        case DOC_CODE:
            t.code = 1;
            if (n->text)
                push_text(c, h, cs, &t, n->text, n->pos);
            break;
        case DOC_EMPH:
            t.emph = 1;
            collect(c, h, cs, n, t, depth + 1);
            break;
        case DOC_STRONG:
            t.strong = 1;
            collect(c, h, cs, n, t, depth + 1);
            break;
        case DOC_STRIKE:
            t.strike = 1;
            collect(c, h, cs, n, t, depth + 1);
            break;
        case DOC_LINK:
            t.link = n->url;
            t.color = lo_color(c->L->link);
            collect(c, h, cs, n, t, depth + 1);
            break;
        case DOC_IMAGE:
            /* an image inside running text: its alt text stands in */
            t.emph = 1;
            if (n->text)
                push_text(c, h, cs, &t, tx_typography(c->a, n->text), n->pos);
            break;
        case DOC_SOFTBREAK: {
            /* a line end in the source is a space, held like one written
             * on one line: 12\n450 is the number 12 450 */
            int kind = SPACE_NORMAL;
            if (text_before && n->next && n->next->kind == DOC_TEXT && n->next->text) {
                typeset = tx_typography(c->a, n->next->text);
                int hold = tx_hold_line_end(text_before, typeset);
                kind = hold == 2 ? SPACE_NARROW : hold == 1 ? SPACE_NOBREAK : SPACE_NORMAL;
            }
            push_glue(c, h, cs, &s, kind);
            break;
        }
        case DOC_LINEBREAK: {
            flush_word(c, h, cs);
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
            flush_word(c, h, cs);
            size_t before = h->n;
            push_word(c, h, cs, &t, num, strlen(num), n->pos);
            if (h->n > before)
                h->v[h->n - 1].note = n->def;   /* set at the foot of its page */
            note_reference(c, n->def);
            break;
        }
        default:
            /* block nodes do not occur here; collect what text they hold */
            collect(c, h, cs, n, t, depth + 1);
            break;
        }
        text_before = n->kind == DOC_TEXT ? typeset : NULL;
        text_ahead = n->kind == DOC_SOFTBREAK ? typeset : NULL;
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
    collect_state cs = { 0 };
    collect(c, h, &cs, parent, s, 0);
    flush_word(c, h, &cs);
}

void lo_collect_string(lo_ctx *c, lo_hlist *h, const char *utf8, rd_face face,
                       ts_sp size, dev_color color, ts_pos pos)
{
    span s;
    memset(&s, 0, sizeof s);
    s.base = face;
    s.size = size;
    s.color = color;
    collect_state cs = { 0 };
    push_text(c, h, &cs, &s, utf8, pos);
    flush_word(c, h, &cs);
}

void lo_collect_verbatim(lo_ctx *c, lo_hlist *h, const char *utf8, size_t len,
                         rd_face face, ts_sp size, dev_color color, ts_pos pos)
{
    span s;
    memset(&s, 0, sizeof s);
    s.base = face;
    s.size = size;
    s.color = color;
    push_word(c, h, NULL, &s, utf8, len, pos);
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
    p->runs = ts_arena_alloc(c->scratch, (size_t)(p->proto.nruns > 0 ? p->proto.nruns : 1) *
                                       sizeof *p->runs);
    p->nruns = 0;
    p->width = 0;
}

static void piece_start(lo_ctx *c, piece *p, const lo_hitem *box)
{
    p->proto = *box;
    p->runs = ts_arena_alloc(c->scratch, (size_t)(box->nruns > 0 ? box->nruns : 1) * sizeof *p->runs);
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

/* Characters after which an over-long word (a URL, a path, a long
 * identifier) is best broken: the reader sees where the pieces join. */
static int good_cut_after(uint32_t cp)
{
    return cp == '/' || cp == '.' || cp == '-' || cp == '_' || cp == '?' || cp == '&' ||
           cp == '=' || cp == '#' || cp == ':' || cp == ',' || cp == ';' || cp == 0x2013;
}

/* Cut the unbreakable stretch h[i..j) (boxes only) into chunks no wider
 * than measure, separated by zero-width LO_H_PENALTY items (breaks that
 * draw nothing). A chunk ends after the last good_cut_after character
 * that lets it fit, else after the last character that fits. */
static void split_word(lo_ctx *c, const lo_hlist *h, size_t i, size_t j,
                       ts_sp measure, lo_hlist *out)
{
    /* glyph advances and code points of the stretch, flattened */
    size_t total = 0;
    for (size_t k = i; k < j; k++)
        for (int r = 0; r < h->v[k].nruns; r++)
            total += (size_t)h->v[k].runs[r].count;
    ts_sp *adv = ts_arena_alloc(c->scratch, (total ? total : 1) * sizeof *adv);
    unsigned char *good = ts_arena_alloc(c->scratch, total ? total : 1);
    size_t g = 0;
    for (size_t k = i; k < j; k++)
        for (int r = 0; r < h->v[k].nruns; r++)
            for (int q = 0; q < h->v[k].runs[r].count; q++, g++) {
                adv[g] = h->v[k].runs[r].glyphs[q].advance;
                good[g] = (unsigned char)good_cut_after(h->v[k].runs[r].glyphs[q].cp);
            }
    /* cut[g] set: a break before glyph g. Greedy, each glyph looked at
     * at most twice. */
    unsigned char *cut = ts_arena_alloc(c->scratch, total + 1);
    size_t start = 0, last_good = 0;
    ts_sp w = 0;
    for (g = 0; g < total; g++) {
        if (g > start && w + adv[g] > measure) {
            size_t at = last_good > start ? last_good : g;
            cut[at] = 1;
            start = at;
            last_good = 0;
            w = 0;
            for (size_t q = at; q < g; q++) {
                w += adv[q];
                if (good[q] && q + 1 < g)
                    last_good = q + 1;
            }
        }
        w += adv[g];
        if (good[g])
            last_good = g + 1;
    }
    /* rebuild the boxes, cut where marked */
    g = 0;
    piece p;
    for (size_t k = i; k < j; k++) {
        const lo_hitem *box = &h->v[k];
        piece_start(c, &p, box);
        for (int r = 0; r < box->nruns; r++) {
            const tx_run *run = &box->runs[r];
            for (int q = 0; q < run->count; q++, g++) {
                if (cut[g]) {
                    piece_flush(c, out, &p);
                    lo_hitem *brk = hpush(c, out, LO_H_PENALTY);
                    brk->size = box->size;
                    brk->color = box->color;
                    brk->link = box->link;
                    brk->strike = box->strike;
                    brk->pos = box->pos;
                }
                piece_add_glyph(&p, run, q);
            }
        }
        piece_flush(c, out, &p);
    }
}

/* A stretch of boxes h[i..j) with no break between them: ends at glue, a
 * hard break or a penalty. */
static size_t stretch_end(const lo_hlist *h, size_t i, ts_sp *width)
{
    ts_sp w = 0;
    size_t j = i;
    while (j < h->n && h->v[j].kind == LO_H_BOX)
        w = sp_add(w, h->v[j++].width);
    *width = w;
    return j;
}

void lo_split_long_words(lo_ctx *c, lo_hlist *h, ts_sp measure, int warn)
{
    if (measure <= 0)
        return;
    /* first pass: is anything too wide? Usually not, and then no copy.
     * A stretch before a hyphen must leave room for the hyphen. */
    int any = 0;
    for (size_t i = 0; i < h->n && !any;) {
        if (h->v[i].kind != LO_H_BOX) { i++; continue; }
        ts_sp w;
        size_t j = stretch_end(h, i, &w);
        if (j < h->n && h->v[j].kind == LO_H_PENALTY)
            w = sp_add(w, h->v[j].width);
        if (w > measure)
            any = 1;
        i = j;
    }
    if (!any)
        return;

    lo_hlist out = { 0 };
    size_t warned_word = (size_t)-1;
    for (size_t i = 0; i < h->n;) {
        if (h->v[i].kind != LO_H_BOX) {
            *hpush(c, &out, h->v[i].kind) = h->v[i];
            i++;
            continue;
        }
        ts_sp w;
        size_t j = stretch_end(h, i, &w);
        ts_sp room = measure;
        if (j < h->n && h->v[j].kind == LO_H_PENALTY)
            room -= h->v[j].width;
        if (w <= room || room <= 0) {
            for (size_t k = i; k < j; k++)
                *hpush(c, &out, LO_H_BOX) = h->v[k];
        } else {
            /* the whole word (through its hyphenation points), for the
             * message: reported once */
            size_t ws = i, we = j;
            while (ws > 0 && (h->v[ws - 1].kind == LO_H_BOX || h->v[ws - 1].kind == LO_H_PENALTY))
                ws--;
            while (we < h->n && (h->v[we].kind == LO_H_BOX || h->v[we].kind == LO_H_PENALTY))
                we++;
            if (warn && warned_word != ws) {
                ts_warning(c->d, h->v[i].pos,
                           "the word '%s' is wider than the line; it is broken",
                           word_text(c, h, ws, we));
                warned_word = ws;
            }
            split_word(c, h, i, j, room, &out);
        }
        i = j;
    }
    *h = out;
}

void lo_hlist_widths(const lo_hlist *h, ts_sp *longest_word, ts_sp *natural)
{
    /* summed in 64 bits and held at the sp range: a long code block or
     * cell can be wider than 32 767 pt in all */
    int64_t longest = 0, total = 0, word = 0;
    for (size_t i = 0; i < h->n; i++) {
        const lo_hitem *it = &h->v[i];
        if (it->kind == LO_H_PENALTY)
            continue;   /* drawn only where a line ends; a word goes on */
        total += it->width;
        if (it->kind == LO_H_BOX || (it->kind == LO_H_GLUE && it->penalty >= TX_INF)) {
            /* a no-break space joins its words into one */
            word += it->width;
            if (word > longest)
                longest = word;
        } else {
            word = 0;
        }
    }
    if (longest_word)
        *longest_word = (ts_sp)(longest > INT32_MAX ? INT32_MAX : longest);
    if (natural)
        *natural = (ts_sp)(total > INT32_MAX ? INT32_MAX : total);
}

/* ---- the line breaker --------------------------------------------------- */

static void push_line(lo_ctx *c, lo_lines *out, const lo_line *ln)
{
    if (out->n == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 8;
        out->v = ts_arena_realloc(c->scratch, out->v, out->cap * sizeof *out->v, cap * sizeof *out->v);
        out->cap = cap;
    }
    out->v[out->n++] = *ln;
}

void lo_break_lines(lo_ctx *c, const lo_hlist *h, ts_sp measure, lo_lines *out)
{
    lo_break_opts o = { 0, 0 };
    lo_break_lines_opts(c, h, measure, &o, out);
}

/* The breaker's items for h: one per hlist item, so break indices are
 * hlist indices. Word spaces are fixed (ragged) or stretch by half and
 * shrink by a third of their width (justified); glue just before a hard
 * break or the end counts nothing, as TeX removes it; a hard break is a
 * forced break whose line may fall short. */
static tx_bitem *breaker_items(const lo_hlist *h, size_t n, int justify)
{
    /* scratch for one call of the breaker: on the heap, not in the
     * document's arena, where it would stay until the end of the run */
    tx_bitem *it = ts_xmalloc((n ? n : 1) * sizeof *it);
    memset(it, 0, (n ? n : 1) * sizeof *it);    /* as the arena's memory was */
    for (size_t i = 0; i < n; i++) {
        const lo_hitem *x = &h->v[i];
        tx_bitem *y = &it[i];
        switch (x->kind) {
        case LO_H_BOX:
            y->kind = TX_BOX;
            y->width = x->width;
            break;
        case LO_H_GLUE: {
            y->kind = TX_GLUE;
            size_t k = i + 1;
            while (k < n && h->v[k].kind == LO_H_GLUE)
                k++;
            if (k == n || h->v[k].kind == LO_H_BREAK)
                break;   /* trailing: width 0 */
            y->width = x->width;
            y->penalty = x->penalty;   /* TX_INF: a no-break space */
            if (justify && !x->flagged) {
                y->stretch = x->width / 2;
                y->shrink = x->width / 3;
            }
            break;
        }
        case LO_H_BREAK:
            y->kind = TX_PENALTY;
            y->penalty = -TX_INF;
            y->fil = 1;
            break;
        case LO_H_PENALTY:
            y->kind = TX_PENALTY;
            y->width = x->width;
            y->penalty = x->penalty;
            y->flagged = x->flagged;
            break;
        }
    }
    return it;
}

/* Total fit (tx_break_paragraph). The line from one break to the next
 * starts at the first box after the break (glue and penalties there are
 * dropped), ends before the glue or hard break it was broken at, or at the
 * penalty (then, when that draws a hyphen, the hyphen ends the line). */
void lo_break_lines_opts(lo_ctx *c, const lo_hlist *h, ts_sp measure,
                         const lo_break_opts *o, lo_lines *out)
{
    size_t n = h->n;
    int any_box = 0;
    for (size_t i = 0; i < n && !any_box; i++)
        any_box = h->v[i].kind == LO_H_BOX || h->v[i].kind == LO_H_BREAK;
    if (!any_box)
        return;
    /* a hard break at the very end ends the paragraph (no empty line) */
    if (h->v[n - 1].kind == LO_H_BREAK)
        n--;
    ts_sp em = 0;
    for (size_t i = 0; i < n && !em; i++)
        if (h->v[i].kind == LO_H_BOX)
            em = h->v[i].size;
    if (em <= 0)
        em = 11 * TS_PT;
    tx_bitem *items = breaker_items(h, n, o->justify);
    tx_bparams p = tx_bparams_default(measure, em, o->justify);
    p.looseness = o->looseness;
    size_t *breaks = NULL;
    size_t nb = tx_break_paragraph(c->scratch, items, n, &p, &breaks, NULL);
    free(items);

    size_t from = 0;
    for (size_t k = 0; k < nb; k++) {
        size_t b = breaks[k];
        /* the line's first item: skip what a break discards */
        size_t first = from;
        while (first < b && (h->v[first].kind == LO_H_GLUE || h->v[first].kind == LO_H_PENALTY))
            first++;
        lo_line ln;
        memset(&ln, 0, sizeof ln);
        ln.first = first;
        ln.last = b;
        if (b < n && h->v[b].kind == LO_H_PENALTY && h->v[b].nruns > 0)
            ln.hyphen = 1;
        /* no trailing glue or invisible penalties inside the line */
        while (ln.last > first && (h->v[ln.last - 1].kind == LO_H_GLUE ||
                                   h->v[ln.last - 1].kind == LO_H_PENALTY))
            ln.last--;
        if (ln.hyphen && ln.last != b)
            ln.hyphen = 0;   /* cannot happen: a hyphen follows a box */
        for (size_t i = first; i < ln.last; i++)
            if (h->v[i].kind == LO_H_BOX || h->v[i].kind == LO_H_GLUE)
                ln.width += h->v[i].width;
        if (ln.hyphen)
            ln.width += h->v[b].width;
        ln.justify = o->justify && b < n && h->v[b].kind != LO_H_BREAK;
        push_line(c, out, &ln);
        from = b < n ? b + 1 : n;
    }
}

/* ---- drawing a line ----------------------------------------------------- */

/* Copy the pending text item's glyphs (see lo_ctx.run_items) into the
 * arena at their final size. */
static void run_flush(lo_ctx *c)
{
    if (!c->run_items)
        return;
    dev_text *t = &c->run_items->v[c->run_index].u.text;
    size_t n = (size_t)t->count;
    uint32_t *cps = ts_arena_alloc(c->a, n * sizeof *cps);
    uint32_t *gids = ts_arena_alloc(c->a, n * sizeof *gids);
    ts_sp *adv = ts_arena_alloc(c->a, n * sizeof *adv);
    memcpy(cps, t->cps, n * sizeof *cps);
    memcpy(gids, t->gids, n * sizeof *gids);
    memcpy(adv, t->advances, n * sizeof *adv);
    if (t->y_offsets) {
        ts_sp *yoff = ts_arena_alloc(c->a, n * sizeof *yoff);
        memcpy(yoff, t->y_offsets, n * sizeof *yoff);
        t->y_offsets = yoff;
    }
    t->cps = cps;
    t->gids = gids;
    t->advances = adv;
    c->run_items = NULL;
}

/* Room for n glyphs in the pending arrays, keeping the first m. */
static void run_reserve(lo_ctx *c, size_t n, size_t m)
{
    if (n <= c->run_cap)
        return;
    size_t cap = c->run_cap ? c->run_cap : 128;
    while (cap < n)
        cap *= 2;
    c->run_cps = ts_arena_realloc(c->own, c->run_cps, m * sizeof *c->run_cps,
                                  cap * sizeof *c->run_cps);
    c->run_gids = ts_arena_realloc(c->own, c->run_gids, m * sizeof *c->run_gids,
                                   cap * sizeof *c->run_gids);
    c->run_adv = ts_arena_realloc(c->own, c->run_adv, m * sizeof *c->run_adv,
                                  cap * sizeof *c->run_adv);
    c->run_yoff = ts_arena_realloc(c->own, c->run_yoff, m * sizeof *c->run_yoff,
                                   cap * sizeof *c->run_yoff);
    c->run_cap = cap;
}

/* Append run r to the text item just before it in dst when it continues
 * it exactly (same font, size, colour and baseline, starting where it
 * ends): the pieces of a word cut at hyphenation points but not broken
 * there, and a word with the space after it, are drawn, and extracted,
 * as one. Returns 1 when merged. The item is then pending: its glyphs
 * live in the lo_ctx run arrays until run_flush. */
static int merge_run(lo_ctx *c, lo_items *dst, const tx_run *r, ts_sp x, ts_sp baseline,
                     dev_color color)
{
    if (dst->n == 0 || dst->v[dst->n - 1].kind != LO_ITEM_TEXT)
        return 0;
    dev_text *t = &dst->v[dst->n - 1].u.text;
    if (t->font != r->font || t->size != r->size || t->y != baseline ||
        memcmp(&t->color, &color, sizeof color) != 0)
        return 0;
    ts_sp end = t->x;
    for (int k = 0; k < t->count; k++)
        end += t->advances[k];
    if (end != x)
        return 0;
    size_t m = (size_t)t->count;
    size_t n = m + (size_t)r->count;
    int pending = c->run_items == dst && c->run_index == dst->n - 1;
    if (!pending) {
        run_flush(c);
        run_reserve(c, n, 0);
        memcpy(c->run_cps, t->cps, m * sizeof *c->run_cps);
        memcpy(c->run_gids, t->gids, m * sizeof *c->run_gids);
        memcpy(c->run_adv, t->advances, m * sizeof *c->run_adv);
        if (t->y_offsets)
            memcpy(c->run_yoff, t->y_offsets, m * sizeof *c->run_yoff);
        c->run_items = dst;
        c->run_index = dst->n - 1;
    } else {
        run_reserve(c, n, m);
    }
    int any_y = t->y_offsets != NULL;
    for (int k = 0; k < r->count; k++)
        any_y |= r->glyphs[k].y_offset != 0;
    if (any_y && !t->y_offsets)
        memset(c->run_yoff, 0, m * sizeof *c->run_yoff);
    for (int k = 0; k < r->count; k++) {
        c->run_cps[m + (size_t)k] = r->glyphs[k].cp;
        c->run_gids[m + (size_t)k] = r->glyphs[k].gid;
        c->run_adv[m + (size_t)k] = r->glyphs[k].advance;
        c->run_yoff[m + (size_t)k] = r->glyphs[k].y_offset;
    }
    t->cps = c->run_cps;
    t->gids = c->run_gids;
    t->advances = c->run_adv;
    t->y_offsets = any_y ? c->run_yoff : NULL;
    t->count = (int)n;
    return 1;
}

static void emit_run(lo_ctx *c, lo_items *dst, const tx_run *r, ts_sp x,
                     ts_sp baseline, dev_color color)
{
    if (r->count <= 0)
        return;
    if (merge_run(c, dst, r, x, baseline, color))
        return;
    /* A new item starts pending too, its glyphs in the run arrays: the
     * words that follow usually join it, and it is copied to the result
     * once, at its final length, by run_flush. */
    run_flush(c);
    size_t n = (size_t)r->count;
    run_reserve(c, n, 0);
    int any_y = 0;
    for (size_t k = 0; k < n; k++) {
        c->run_cps[k] = r->glyphs[k].cp;
        c->run_gids[k] = r->glyphs[k].gid;
        c->run_adv[k] = r->glyphs[k].advance;
        c->run_yoff[k] = r->glyphs[k].y_offset;
        any_y |= r->glyphs[k].y_offset != 0;
    }
    lo_item *it = lo_items_push(c->a, dst, LO_ITEM_TEXT);
    dev_text *t = &it->u.text;
    t->font = r->font;
    t->font_path = tx_font_path(c->f, r->font);
    t->size = r->size;
    t->x = x;
    t->y = baseline;
    t->color = color;
    t->count = r->count;
    t->cps = c->run_cps;
    t->gids = c->run_gids;
    t->advances = c->run_adv;
    t->y_offsets = any_y ? c->run_yoff : NULL;
    c->run_items = dst;
    c->run_index = dst->n - 1;
}

/* The link area of the text since x0, and the end of its Link element
 * (begun where the link's text began on this line). */
static void emit_link(lo_ctx *c, lo_items *dst, const char *url, ts_sp x0, ts_sp x1,
                      ts_sp top, ts_sp height)
{
    if (!url)
        return;
    if (x1 <= x0) {
        lo_items_end_struct(c->a, dst);
        return;
    }
    lo_item *it = lo_items_push(c->a, dst, LO_ITEM_LINK);
    it->u.link.x = x0;
    it->u.link.y = top;
    it->u.link.width = x1 - x0;
    it->u.link.height = height;
    it->u.link.url = url;
    lo_items_end_struct(c->a, dst);
}

/* Append the characters of the boxes in h[from, to) to b. */
static void boxes_text(ts_buf *b, const lo_hlist *h, size_t from, size_t to)
{
    for (size_t k = from; k < to && k < h->n; k++) {
        if (h->v[k].kind != LO_H_BOX)
            continue;
        for (int r = 0; r < h->v[k].nruns; r++)
            for (int g = 0; g < h->v[k].runs[r].count; g++) {
                char u[4];
                int n = ts_utf8_encode(h->v[k].runs[r].glyphs[g].cp, u);
                if (n > 0)
                    ts_buf_append(b, u, (size_t)n);
            }
    }
}

/* Where the word around a hyphenation point begins and ends: the boxes
 * before h[at] back to a word space or line end, and after it up to the
 * next. Returns 0 when a link starts or stops inside the word (its Link
 * element and the word's Span would then overlap). */
static int hyphenated_word(const lo_hlist *h, size_t at, size_t *from, size_t *to)
{
    size_t a = at, b = at + 1;
    while (a > 0 && h->v[a - 1].kind != LO_H_GLUE && h->v[a - 1].kind != LO_H_BREAK)
        a--;
    while (b < h->n && h->v[b].kind != LO_H_GLUE && h->v[b].kind != LO_H_BREAK)
        b++;
    for (size_t k = a; k < b; k++)
        if (h->v[k].link != h->v[at].link)
            return 0;
    *from = a;
    *to = b;
    return 1;
}

void lo_emit_line(lo_ctx *c, lo_items *dst, const lo_hlist *h, const lo_line *ln,
                  ts_sp x, ts_sp measure, doc_align align, ts_sp top,
                  ts_sp height, ts_sp baseline)
{
    /* A word hyphenated at a line end reads as the whole word (ISO 14289-1
     * 7.2, ISO 32000-1 14.9.4): its first part and the hyphen go in a Span
     * whose ActualText is the word, its second part (at the start of the
     * next line) in a Span whose ActualText is empty. */
    size_t span_begin = SIZE_MAX, span_end = SIZE_MAX;
    const char *span_text = NULL;
    size_t wa, wb;
    if (ln->hyphen && ln->last < h->n && h->v[ln->last].nruns > 0 &&
        hyphenated_word(h, ln->last, &wa, &wb)) {
        ts_buf b = { 0 };
        boxes_text(&b, h, wa, wb);
        span_text = ts_arena_strdup(c->a, ts_buf_cstr(&b));
        ts_buf_free(&b);
        span_begin = wa > ln->first ? wa : ln->first;
        span_end = ln->last;          /* after the hyphen */
    } else if (ln->first > 0 && ln->first < h->n && h->v[ln->first - 1].kind == LO_H_PENALTY &&
               h->v[ln->first - 1].nruns > 0 &&
               hyphenated_word(h, ln->first - 1, &wa, &wb)) {
        span_text = "";
        span_begin = ln->first;
        span_end = wb < ln->last ? wb : ln->last;
    }

    ts_sp slack = measure - ln->width;
    if (slack < 0)
        slack = 0;
    ts_sp xx = x;
    if (align == DOC_ALIGN_RIGHT)
        xx += slack;
    else if (align == DOC_ALIGN_CENTER)
        xx += slack / 2;

    /* Justified: the difference to the measure (positive or negative) is
     * shared by the word spaces in proportion to their widths; the running
     * sum makes the last space end the line exactly at the measure. */
    int64_t adjust = 0, glue_total = 0, glue_seen = 0, given = 0;
    if (ln->justify) {
        for (size_t k = ln->first; k < ln->last; k++)
            if (h->v[k].kind == LO_H_GLUE && !h->v[k].flagged)
                glue_total += h->v[k].width;
        if (glue_total > 0)
            adjust = (int64_t)measure - ln->width;
    }

    const char *link = NULL;
    ts_sp link_x0 = 0, link_x1 = 0;
    int strike = 0;
    ts_sp strike_x0 = 0, strike_x1 = 0, strike_size = 0;
    dev_color strike_color = { 0, 0, 0 };

    int span_open = 0;
    for (size_t k = ln->first; k < ln->last; k++) {
        const lo_hitem *it = &h->v[k];
        if (span_open && k == span_end && !ln->hyphen) {
            lo_items_end_struct(c->a, dst);
            span_open = 0;
        }
        if (it->kind == LO_H_BREAK || it->kind == LO_H_PENALTY)
            continue;
        if (it->link != link) {
            emit_link(c, dst, link, link_x0, link_x1, top, height);
            link = it->link;
            link_x0 = link_x1 = xx;
            /* a link's text and its annotation in one Link element
             * (ISO 14289-1 7.18.5) */
            if (link)
                lo_items_struct(c->a, dst, "Link", NULL);
        }
        if (k >= span_begin && !span_open && span_text) {
            lo_items_struct(c->a, dst, "Span", NULL);
            dst->v[dst->n - 1].u.st.actual_text = span_text;
            span_open = 1;
            span_text = NULL;       /* once */
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
            /* a footnote's mark: a Reference element (ISO 14289-1 7.9) */
            if (it->note)
                lo_items_struct(c->a, dst, "Reference", NULL);
            for (int r = 0; r < it->nruns; r++) {
                emit_run(c, dst, &it->runs[r], rx, baseline - it->raise, it->color);
                rx += it->runs[r].width;
            }
            if (it->note)
                lo_items_end_struct(c->a, dst);
        }
        ts_sp glue_x = xx;
        xx += it->width;
        if (it->kind == LO_H_GLUE && adjust && !it->flagged) {
            glue_seen += it->width;
            int64_t share = adjust * glue_seen / glue_total;
            xx += (ts_sp)(share - given);
            given = share;
        }
        if (it->kind == LO_H_GLUE && it->nruns == 1 && xx > glue_x) {
            /* the space as a glyph as wide as the space is set: it joins
             * the word before it when that ends here (merge_run) */
            tx_glyph g = it->runs[0].glyphs[0];
            g.advance = xx - glue_x;
            g.x_offset = g.y_offset = 0;
            tx_run sp = it->runs[0];
            sp.glyphs = &g;
            sp.count = 1;
            sp.width = g.advance;
            emit_run(c, dst, &sp, glue_x, baseline - it->raise, it->color);
        }
        link_x1 = xx;
        strike_x1 = xx;
        if (it->size > strike_size)
            strike_size = it->size;
    }
    if (ln->hyphen && ln->last < h->n) {
        /* the hyphen of a hyphenated line, in its word's colour and link */
        const lo_hitem *hy = &h->v[ln->last];
        ts_sp rx = xx;
        for (int r = 0; r < hy->nruns; r++) {
            emit_run(c, dst, &hy->runs[r], rx, baseline - hy->raise, hy->color);
            rx += hy->runs[r].width;
        }
        xx = rx;
        link_x1 = xx;
        strike_x1 = xx;
    }
    if (span_open)
        lo_items_end_struct(c->a, dst);
    emit_link(c, dst, link, link_x0, link_x1, top, height);
    if (strike)
        lo_items_line(c->a, dst, strike_x0, baseline - strike_size * 3 / 10, strike_x1,
                      baseline - strike_size * 3 / 10, strike_color, strike_size / 18);
    if (!ln->hyphen && ln->last < h->n && h->v[ln->last].kind == LO_H_GLUE &&
        h->v[ln->last].nruns == 1 && h->v[ln->last].runs[0].count == 1) {
        /* The word space the line ended at, drawn after its last word (past
         * the measure, where it shows nothing): without it a reader that
         * takes the text from the page joins the last word of one line to
         * the first of the next ("förnågot"), as poppler and pdf.js did
         * (ISO 14289-1 7.21.7: words are separated by spaces). Outside any
         * link or strike-through; it joins the line's last text run. */
        const lo_hitem *g = &h->v[ln->last];
        emit_run(c, dst, &g->runs[0], xx, baseline - g->raise, g->color);
    }
    run_flush(c);
}
