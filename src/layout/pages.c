/* pages.c: the vertical list -> pages, then the page furniture.
 *
 * The page builder chooses, like TeX's, the cheapest legal break among
 * those that fit (ragged-bottom badness plus the break's penalty), not
 * simply the last one. Glue and break points at the top of a page are
 * dropped. When no legal break exists on the page (a long run of lines
 * kept together) the page ends right before the box that does not fit. A
 * box taller than a whole page stands alone on its page and is reported.
 * Footnotes ride on the boxes of the lines that reference them and are set
 * at the foot of that page under a short rule; a long one continues at the
 * foot of the next page. Every page consumes at least one box or one line
 * of a waiting footnote, so the builder always ends. */
#include "layout_internal.h"

#include <string.h>

static const lo_item artifact_begin = { .kind = LO_ITEM_ARTIFACT_BEGIN };
static const lo_item artifact_end = { .kind = LO_ITEM_ARTIFACT_END };

void lo_place(lo_ctx *c, lo_page *p, const lo_item *it, ts_sp dy)
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
        lo_place(c, p, &v->items.v[k], dy);
}

/* A repeated table header: the same drawing, as an artifact (the header
 * cells are tagged once, where the table starts). */
static void place_repeat(lo_ctx *c, lo_page *p, const lo_vnode *v, ts_sp dy)
{
    lo_place(c, p, &artifact_begin, dy);
    for (size_t k = 0; k < v->items.n; k++) {
        lo_item_kind kind = v->items.v[k].kind;
        if (kind == LO_ITEM_STRUCT_BEGIN || kind == LO_ITEM_STRUCT_END ||
            kind == LO_ITEM_ARTIFACT_BEGIN || kind == LO_ITEM_ARTIFACT_END ||
            kind == LO_ITEM_BOOKMARK || kind == LO_ITEM_LINK)
            continue;
        lo_place(c, p, &v->items.v[k], dy);
    }
    lo_place(c, p, &artifact_end, dy);
}

/* The most pages one document may have: ten times the longest printed
 * report a förvaltning makes; beyond it a document is runaway data. */
#define LO_MAX_PAGES 20000

lo_page *lo_new_page(lo_ctx *c, lo_result *r)
{
    /* At most LO_MAX_PAGES pages: the first page beyond is an error, and
     * that one spare page is then cleared and handed out again for every
     * further page, so a runaway document fails in bounded memory. */
    if (r->npages > LO_MAX_PAGES) {
        lo_page *spare = &r->pages[r->npages - 1];
        memset(spare, 0, sizeof *spare);
        return spare;
    }
    if (r->npages == LO_MAX_PAGES) {
        ts_pos at = { c->doc && c->doc->dir ? c->doc->dir : "document", 0, 0 };
        ts_error(c->d, at, "the document runs to more than %d pages; split it into "
                 "several documents or shorten its tables", LO_MAX_PAGES);
    }
    if (r->npages == r->pages_cap) {
        int ncap = r->pages_cap ? r->pages_cap * 2 : 16;
        r->pages = ts_arena_realloc(c->a, r->pages, (size_t)r->pages_cap * sizeof *r->pages,
                                    (size_t)ncap * sizeof *r->pages);
        r->pages_cap = ncap;
    }
    lo_page *p = &r->pages[r->npages++];
    memset(p, 0, sizeof *p);
    if (c->progress)
        atomic_store(&c->progress->pages, r->npages);
    return p;
}

/* ---- pages -------------------------------------------------------------- */

/* The footnote area: notes and parts of notes waiting to be set, in order.
 * Each entry is a note with the index of its next line to set. */
typedef struct note_part {
    const lo_note *note;
    size_t next;          /* index into note->v of the first node not yet set */
    const char **roles;   /* structure elements open where it was split, */
    int nroles;           /* outermost first: reopened where it continues */
} note_part;

typedef struct note_queue {
    note_part *v;
    size_t n, cap;
} note_queue;

static note_part *queue_push(lo_ctx *c, note_queue *q, const lo_note *note, size_t next)
{
    if (q->n == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 8;
        q->v = ts_arena_realloc(c->a, q->v, q->cap * sizeof *q->v, cap * sizeof *q->v);
        q->cap = cap;
    }
    q->v[q->n].note = note;
    q->v[q->n].next = next;
    q->v[q->n].roles = NULL;
    q->v[q->n].nroles = 0;
    return &q->v[q->n++];
}

static const lo_item struct_end = { .kind = LO_ITEM_STRUCT_END };

/* Place node x of a note and follow its structure: roles[] is the stack of
 * elements open in the note (at most LO_MAX_DEPTH + 2 deep). */
static void place_note_node(lo_ctx *c, lo_page *p, const lo_vnode *x, ts_sp y,
                            const char **roles, int *nroles)
{
    place_node(c, p, x, y);
    for (size_t k = 0; k < x->items.n; k++) {
        const lo_item *it = &x->items.v[k];
        if (it->kind == LO_ITEM_STRUCT_BEGIN && *nroles < LO_MAX_DEPTH + 2)
            roles[(*nroles)++] = it->u.st.role;
        else if (it->kind == LO_ITEM_STRUCT_END && *nroles > 0)
            (*nroles)--;
    }
}

/* Height of the first box of a note from `next` on (what must fit on the
 * page of the reference), and of all its rest. */
static ts_sp note_first_height(const lo_note *note, size_t next)
{
    ts_sp h = 0;
    for (size_t k = next; k < note->n; k++) {
        if (note->v[k]->kind == LO_V_BREAK)
            continue;
        h += note->v[k]->height;
        if (note->v[k]->kind == LO_V_BOX)
            break;
    }
    return h;
}

static ts_sp note_rest_height(const lo_note *note, size_t next)
{
    ts_sp h = 0;
    for (size_t k = next; k < note->n; k++)
        if (note->v[k]->kind != LO_V_BREAK)
            h += note->v[k]->height;
    return h;
}

/* Space above the footnote rule and the rule's own line. */
static ts_sp note_separation(const lo_ctx *c)
{
    return c->L->footnote.leading;
}

/* Ragged bottom: how bad a page filled to `used` of `H` is, like TeX's
 * badness with the empty quarter of a page as its stretch (100). */
static int page_badness(ts_sp used, ts_sp H)
{
    if (used >= H)
        return 0;
    return tx_badness(H - used, H / 4 > 0 ? H / 4 : 1, 0);
}

/* Set the footnotes of the page: first every note's first line (so each
 * starts on the page of its reference), then the rest of each in order
 * while there is room (`room` sp below the text). What does not fit stays
 * in the queue for the next page, in order. */
static void place_notes(lo_ctx *c, lo_page *p, note_queue *q, ts_sp room)
{
    if (q->n == 0)
        return;
    const rd_layout *L = c->L;
    ts_sp sep = note_separation(c);
    ts_sp first_total = 0;
    for (size_t k = 0; k < q->n; k++)
        first_total += note_first_height(q->v[k].note, q->v[k].next);
    /* what the notes take, capped at the room (the page builder checked
     * that every first line fits) */
    ts_sp want = 0;
    for (size_t k = 0; k < q->n; k++)
        want += note_rest_height(q->v[k].note, q->v[k].next);
    ts_sp avail = room - sep;
    ts_sp used_h = want < avail ? want : avail;
    if (used_h < first_total)
        used_h = first_total;
    ts_sp top = L->margin_top + c->text_height - used_h;

    /* the rule, a decoration */
    lo_items *rule = ts_arena_alloc(c->a, sizeof *rule);
    lo_items_push(c->a, rule, LO_ITEM_ARTIFACT_BEGIN);
    ts_sp ry = top - sep / 2;
    lo_items_line(c->a, rule, L->margin_left, ry, L->margin_left + L->footnote_rule, ry,
                  lo_color(L->rule), L->rule_width);
    lo_items_push(c->a, rule, LO_ITEM_ARTIFACT_END);
    for (size_t k = 0; k < rule->n; k++)
        lo_place(c, p, &rule->v[k], 0);

    /* the extra room beyond the first lines goes to the notes in order */
    ts_sp extra = used_h - first_total;
    ts_sp y = top;
    note_queue rest = { 0 };
    for (size_t k = 0; k < q->n; k++) {
        const lo_note *note = q->v[k].note;
        size_t i = q->v[k].next;
        /* A note split over two pages is two elements of the same roles,
         * each closed on its page, so the structure nests on both. */
        const char *roles[LO_MAX_DEPTH + 2];
        int nroles = 0;
        for (int r = 0; r < q->v[k].nroles; r++) {
            lo_item *begin = ts_arena_alloc(c->a, sizeof *begin);
            begin->kind = LO_ITEM_STRUCT_BEGIN;
            begin->u.st.role = q->v[k].roles[r];
            lo_place(c, p, begin, 0);
            roles[nroles++] = q->v[k].roles[r];
        }
        int boxes = 0;
        for (; i < note->n; i++) {
            const lo_vnode *x = note->v[i];
            if (x->kind == LO_V_BOX && boxes > 0) {
                if (x->height > extra)
                    break;
                extra -= x->height;
            }
            if (x->kind == LO_V_GLUE && boxes > 0) {
                if (x->height > extra)
                    break;
                extra -= x->height;
            }
            if (x->kind == LO_V_BREAK)
                continue;
            place_note_node(c, p, x, y, roles, &nroles);
            y += x->height;
            if (x->kind == LO_V_BOX)
                boxes++;
        }
        if (i < note->n) {
            /* continued on the next page: close here what is open */
            note_part *np = queue_push(c, &rest, note, i);
            np->roles = ts_arena_alloc(c->a, (size_t)(nroles ? nroles : 1) * sizeof *np->roles);
            for (int r = 0; r < nroles; r++)
                np->roles[r] = roles[r];
            np->nroles = nroles;
            for (int r = 0; r < nroles; r++)
                lo_place(c, p, &struct_end, 0);
        }
    }
    *q = rest;
}

/* Where a page starting at node i ends. */
typedef struct page_scan {
    size_t end;           /* the page holds nodes [i, end) */
    int64_t cost;         /* of ending there (badness + penalties) */
    ts_sp used;           /* text and footnotes on the page, sp */
    int overflow;         /* the scan stopped at a box that did not fit (not
                             at a forced break or the end of the list) */
    size_t stop;          /* the node the scan stopped at */
} page_scan;

/* Scan the vertical list from node i: keep the text height, the
 * footnotes of the boxes so far, and the best place to end the page: the
 * legal break (glue or a break point with can_break, after at least one
 * box) with the least cost = ragged-bottom badness of the page + the
 * break's penalty + the footnote lines it would push to the next page; of
 * equal costs the later. Stops at the first box that does not fit with
 * the first lines of its footnotes, or at a forced break. Without any
 * legal break the page ends before the box that did not fit. */
static void scan_page(lo_ctx *c, size_t i, const lo_vnode *repeat, const note_queue *carry,
                      page_scan *out)
{
    lo_vnode **v = c->vlist;
    size_t n = c->vn;
    ts_sp H = c->text_height, sep = note_separation(c);
    ts_sp notes_first = 0, notes_full = 0;
    for (size_t k = 0; k < carry->n; k++) {
        notes_first += note_first_height(carry->v[k].note, carry->v[k].next);
        notes_full += note_rest_height(carry->v[k].note, carry->v[k].next);
    }
    ts_sp y = repeat ? repeat->height : 0;
    int boxes = 0;
    size_t best = (size_t)-1, j;
    int64_t best_cost = 0;
    ts_sp best_used = 0;
    out->end = n;
    out->overflow = 0;
    for (j = i; j < n; j++) {
        const lo_vnode *x = v[j];
        if (x->kind == LO_V_BOX) {
            ts_sp nf = 0, nr = 0;
            for (const lo_note *note = x->notes; note; note = note->next) {
                nf += note_first_height(note, 0);
                nr += note->height;
            }
            ts_sp need_notes = notes_first + nf;
            ts_sp foot = need_notes > 0 ? need_notes + sep : 0;
            if (boxes > 0 && y + x->height + foot > H) {
                out->end = best != (size_t)-1 ? best : j;
                out->overflow = 1;
                break;
            }
            if (boxes == 0 && y + x->height + foot > H && !repeat)
                ts_warning(c->d, x->pos,
                           "this block is taller than the page; it runs into the margin");
            y += x->height;
            notes_first += nf;
            notes_full += nr;
            boxes++;
        } else if ((x->kind == LO_V_GLUE || x->kind == LO_V_BREAK) && x->force &&
                   boxes > 0) {
            out->end = j;
            break;
        } else if ((x->kind == LO_V_GLUE || x->kind == LO_V_BREAK) && x->can_break &&
                   boxes > 0) {
            /* the page if it ended here: text, then as much of the notes
             * as there is room for */
            ts_sp foot = notes_full > 0 ? notes_full + sep : 0;
            ts_sp used = y + foot;
            int64_t cost = (int64_t)x->penalty;
            if (used > H) {
                /* footnote lines that would have to wait for the next
                 * page: each costs like a poor page, so a long note is
                 * kept whole by ending the text earlier when that does
                 * not leave the page too empty */
                ts_sp lead = c->L->footnote.leading > 0 ? c->L->footnote.leading : 1;
                cost += (int64_t)LO_PAGE_NOTE_SPLIT_PENALTY * ((used - H + lead - 1) / lead);
                used = H;
            } else {
                cost += page_badness(used, H);
            }
            if (best == (size_t)-1 || cost <= best_cost) {
                best = j;
                best_cost = cost;
                best_used = used;
            }
            if (x->kind == LO_V_GLUE)
                y += x->height;
        } else if (x->kind == LO_V_GLUE) {
            y += x->height;
        }
    }
    out->stop = j;
    out->cost = best_cost;
    out->used = best != (size_t)-1 && out->end == best ? best_used : y;
}

/* Put `count` nodes `with` in place of the paragraph's lines in the
 * vertical list; the paragraphs after it move by the difference. */
static void splice_lines(lo_ctx *c, size_t para, lo_vnode **with, size_t count)
{
    lo_para *pp = &c->paras[para];
    size_t old = pp->count;
    if (count > old && c->vn + (count - old) > c->vcap) {
        size_t cap = c->vcap * 2 + (count - old);
        c->vlist = ts_arena_realloc(c->a, c->vlist, c->vcap * sizeof *c->vlist,
                                    cap * sizeof *c->vlist);
        c->vcap = cap;
    }
    memmove(c->vlist + pp->first + count, c->vlist + pp->first + old,
            (c->vn - pp->first - old) * sizeof *c->vlist);
    memcpy(c->vlist + pp->first, with, count * sizeof *with);
    c->vn = c->vn + count - old;
    pp->count = count;
    for (size_t k = para + 1; k < c->nparas; k++)
        c->paras[k].first = c->paras[k].first + count - old;
}

/* Try the paragraphs on the page (the nearest to its end first, at most
 * a few) set one line longer, then one line shorter; keep the first
 * change that leaves the page fuller by at least half a line at no
 * higher cost. A kept change is final: the paragraph has no variants
 * after it. */
static void try_paragraph_variants(lo_ctx *c, size_t i, const lo_vnode *repeat,
                                   const note_queue *carry, page_scan *sc)
{
    int tries = 0;
    for (size_t k = c->nparas; k-- > 0 && tries < 6;) {
        lo_para *pp = &c->paras[k];
        if (pp->first + pp->count > sc->stop)
            continue;           /* not (wholly) on this page */
        if (pp->first < i)
            break;              /* earlier pages are done */
        tries++;
        for (int alt = 1; alt >= 0; alt--) {
            if (!pp->alt[alt])
                continue;
            lo_vnode **orig = ts_arena_alloc(c->a, pp->count * sizeof *orig);
            size_t orig_n = pp->count;
            memcpy(orig, c->vlist + pp->first, orig_n * sizeof *orig);
            splice_lines(c, k, pp->alt[alt], pp->nalt[alt]);
            page_scan again;
            scan_page(c, i, repeat, carry, &again);
            if (again.used >= sc->used + c->L->body.leading / 2 && again.cost <= sc->cost) {
                *sc = again;
                pp->alt[0] = pp->alt[1] = NULL;
                return;
            }
            splice_lines(c, k, orig, orig_n);
        }
    }
}

/* The page builder: for each page, scan_page finds where it ends (and
 * try_paragraph_variants may set a paragraph on it one line longer or
 * shorter); then its nodes are placed, its footnotes set at its foot, and
 * what of them does not fit is carried to the next page. */
void lo_build_pages(lo_ctx *c, lo_result *r)
{
    lo_vnode **v = c->vlist;
    size_t n = c->vn, i = 0;
    ts_sp H = c->text_height, top = c->L->margin_top;
    int first_page = r->npages;
    const lo_vnode *repeat = NULL;
    const char *chapter = NULL;
    lo_page *last = NULL;
    ts_sp last_y = 0;
    note_queue carry = { 0 };

    while (i < n || carry.n > 0) {
        while (i < n && (v[i]->kind == LO_V_GLUE || v[i]->kind == LO_V_BREAK))
            i++;
        /* only marks left (structure ends): they close on the last page */
        size_t b = i;
        while (b < n && v[b]->kind != LO_V_BOX)
            b++;
        if (b == n && last && carry.n == 0) {
            for (; i < n; i++)
                place_node(c, last, v[i], top + last_y);
            break;
        }

        page_scan sc;
        scan_page(c, i, repeat, &carry, &sc);
        /* A page left more than a line short because a widow, orphan or
         * keep rule moved its last lines on: set a paragraph on it one
         * line longer or shorter instead, when that fills the page. */
        if (sc.overflow && H - sc.used > c->L->body.leading)
            try_paragraph_variants(c, i, repeat, &carry, &sc);
        v = c->vlist;
        n = c->vn;
        size_t end = sc.end, j;
        ts_sp y;

        lo_page *p = lo_new_page(c, r);
        p->chapter = chapter;
        int chapter_here = 0;
        y = 0;
        if (repeat) {
            place_repeat(c, p, repeat, top);
            y = repeat->height;
            repeat = NULL;
        }
        note_queue q = carry;
        carry.v = NULL;
        carry.n = carry.cap = 0;
        for (j = i; j < end; j++) {
            const lo_vnode *x = v[j];
            if (x->kind == LO_V_BREAK)
                continue;
            place_node(c, p, x, top + y);
            if (x->kind == LO_V_BOX) {
                for (const lo_note *note = x->notes; note; note = note->next)
                    queue_push(c, &q, note, 0);
                if (x->toc) {
                    x->toc->page = r->npages - 1;
                    x->toc->y = top + y;
                }
                if (x->chapter) {
                    if (!chapter_here)
                        p->chapter = x->chapter;
                    chapter_here = 1;
                    chapter = x->chapter;
                }
            }
            y += x->height;
        }
        if (end < n && v[end]->kind == LO_V_BREAK && v[end]->repeat)
            repeat = v[end]->repeat;
        place_notes(c, p, &q, H - y);
        carry = q;
        last = p;
        last_y = y;
        i = end;
    }
    if (r->npages == first_page) {
        /* an empty document still makes one (empty) page */
        lo_page *p = lo_new_page(c, r);
        for (; i < n; i++)
            place_node(c, p, v[i], top);
    }
}

/* ---- the whole document --------------------------------------------------- */

/* The body is paginated first, on its own: its breaks never depend on the
 * pages before it (chapters start on new pages, nothing refers to an
 * absolute page number), so the contents can then be set knowing where
 * every heading fell. Order: cover, contents, body, back page. Page
 * numbers count the cover as page 1 (Swedish practice: the cover is
 * counted but carries no number), so the first contents page is 2. */
void lo_build_document(lo_ctx *c, lo_result *r)
{
    const rd_layout *L = c->L;
    lo_result body;
    memset(&body, 0, sizeof body);
    lo_build_pages(c, &body);

    r->first_number = 1;
    if (L->cover_page)
        lo_cover_page(c, r);
    int ncontents = lo_contents_count(c);
    if (ncontents > 0)
        lo_contents_pages(c, r, r->npages + ncontents);
    int first_body = r->npages;
    for (int i = 0; i < body.npages; i++) {
        lo_page *p = lo_new_page(c, r);
        *p = body.pages[i];
        p->kind = LO_PAGE_BODY;
    }
    if (L->letterhead && r->npages > first_body)
        r->pages[first_body].letterhead = 1;
    if (L->back_page)
        lo_back_page(c, r);
    lo_add_furniture(c, r);
}
