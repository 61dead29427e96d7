/* Total-fit line breaking (Knuth and Plass, "Breaking paragraphs into
 * lines", 1981), in integer sp.
 *
 * The breaker walks the items once. At every legal breakpoint it looks at
 * each *active* node (a break from which a line could still reach here)
 * and computes the badness of the line from it: how far the line's glue
 * must stretch or shrink (plus, ragged right, how far the line falls short
 * of the measure against the rag's allowance). Lines within the tolerance
 * become candidates; the best candidate per (fitness class, hyphenated
 * lines in a row[, line number]) becomes a new active node. A node whose
 * line would now be overfull is deactivated. At the end the active node
 * with the fewest total demerits gives the breaks, read back through the
 * chain of nodes.
 *
 * Demerits of a line: (line_penalty + badness)² + penalty² (minus for a
 * negative penalty), plus hyphen_demerits for a second hyphenated line in
 * a row, final_hyphen_demerits when the last-but-one line is hyphenated,
 * adj_demerits when its fitness class is more than one away from the
 * previous line's (a loose line beside a tight one: an uneven rag or
 * uneven spacing). All in int64, so the choice is the same everywhere.
 *
 * More than max_hyphens_in_row hyphenated lines in a row are not a
 * candidate at all (Swedish practice: at most two).
 *
 * Passes: 1 without hyphenation at pretolerance; 2 with hyphenation at
 * tolerance; 3 the same with emergency stretch added to every line; 4
 * anything that does not run past the measure, and if even that fails at
 * some point, the least bad overfull line (the caller prevents that by
 * splitting over-long words first).
 *
 * The active list is capped (MAX_ACTIVE): beyond it the node with the most
 * demerits is dropped, so a paragraph of zero-width items cannot make the
 * breaker quadratic. */
#include "text.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ACTIVE 256
#define AWFUL_BAD ((int64_t)1 << 60)

int tx_badness(ts_sp shortfall, ts_sp stretch, ts_sp shrink)
{
    int64_t t, s;
    if (shortfall == 0) return 0;
    if (shortfall > 0) { t = shortfall; s = stretch; }
    else {
        t = -(int64_t)shortfall;
        s = shrink;
        if (t > s) return TX_INF + 1;   /* overfull: cannot shrink enough */
    }
    if (s <= 0) return TX_INF;
    /* ratio in units of 1/297 (297³ ≈ 100 · 2^18), then cubed: 100 r³ */
    int64_t r = t * 297 / s;
    if (r > 1290) return TX_INF;       /* 1290³ / 2^18 > 10000 */
    int64_t b = (r * r * r + ((int64_t)1 << 17)) >> 18;
    return b > TX_INF ? TX_INF : (int)b;
}

tx_bparams tx_bparams_default(ts_sp measure, ts_sp em, int justify)
{
    tx_bparams p;
    memset(&p, 0, sizeof p);
    p.measure = measure;
    p.line_penalty = 10;
    p.hyphen_demerits = 10000;
    p.final_hyphen_demerits = 5000;
    p.adj_demerits = 10000;
    p.max_hyphens_in_row = 2;
    p.pretolerance = 100;
    p.tolerance = 200;
    if (justify) {
        /* the glue itself stretches; a narrow measure needs more help */
        p.line_stretch = 0;
        p.emergency_stretch = em * 3 / 2;
    } else {
        /* Ragged right: every line may fall 4 em short of the measure at
         * badness 100. Shorter falls cost little, so words stay whole
         * unless a long one would leave a hole in the rag. */
        p.line_stretch = em * 4;
        p.emergency_stretch = em * 3;
    }
    return p;
}

/* ---- nodes ------------------------------------------------------------- */

typedef struct totals {
    int64_t w, y, z;     /* width, stretch, shrink */
    int fil;             /* infinitely stretchable glue */
} totals;

typedef struct bnode bnode;
struct bnode {
    size_t pos;          /* item index of the break; (size_t)-1 for the start */
    int line;            /* lines before this break */
    int fitness;         /* 0 very loose, 1 loose, 2 decent, 3 tight */
    int hyph_run;        /* hyphenated lines in a row ending here */
    int flagged;         /* this break is a hyphen */
    int64_t demerits;    /* total from the start */
    totals after;        /* sums up to the first item of the next line */
    const bnode *prev;
};

typedef struct cand {
    int line, fitness, hyph_run;
    int64_t demerits;
    const bnode *prev;
    int flagged;
} cand;

/* The breaker's nodes live only while one paragraph is broken (the result
 * is copied out), so they come from a pool of its own rather than the
 * document's arena: the first LOCAL_NODES in the breaker itself (on the
 * stack; enough for most paragraphs and every table cell), then heap
 * blocks freed at the end. A table of 100 000 rows breaks half a million
 * cells; their working nodes no longer stay in memory to the end. */
#define LOCAL_NODES 128
#define BLOCK_NODES 1024
typedef struct nblock {
    struct nblock *next;
    size_t used;
    bnode node[BLOCK_NODES];
} nblock;

typedef struct breaker {
    ts_arena *a;
    const tx_bitem *it;
    size_t n;            /* items; a forced break is implied at n */
    const tx_bparams *p;
    int hyphens;         /* hyphen breaks allowed this pass */
    int tolerance;       /* TX_INF + 1: any line that fits */
    ts_sp extra_stretch; /* emergency stretch this pass */
    bnode *act[MAX_ACTIVE];  /* the active list, capped */
    size_t nact;
    cand cands[64];
    int ncand;
    bnode local[LOCAL_NODES];
    size_t nlocal;
    nblock *blocks;
} breaker;

static bnode *new_node(breaker *br)
{
    if (br->nlocal < LOCAL_NODES) return &br->local[br->nlocal++];
    if (!br->blocks || br->blocks->used == BLOCK_NODES) {
        nblock *b = ts_xmalloc(sizeof *b);
        b->next = br->blocks;
        b->used = 0;
        br->blocks = b;
    }
    return &br->blocks->node[br->blocks->used++];
}

static int fitness_of(int badness, int shrinking)
{
    if (shrinking) return badness > 12 ? 3 : 2;
    if (badness > 99) return 0;
    if (badness > 12) return 1;
    return 2;
}

/* Width, stretch etc. of item i as a sum term. */
static void add_item(totals *t, const tx_bitem *x)
{
    if (x->kind == TX_PENALTY) return;
    t->w += x->width;
    if (x->kind == TX_GLUE) {
        t->y += x->stretch;
        t->z += x->shrink;
        t->fil += x->fil != 0;
    }
}

/* Sums from the start to the first item of the line after a break at b
 * (sums_b: the sums before item b): the break item itself and the glue
 * and penalties after it are discarded. */
static totals totals_after(const breaker *br, size_t b, totals sums_b)
{
    totals t = sums_b;
    size_t j = b;
    if (b < br->n && br->it[b].kind == TX_GLUE)
        add_item(&t, &br->it[b]);
    for (j = b + 1; j < br->n; j++) {
        const tx_bitem *x = &br->it[j];
        if (x->kind == TX_BOX) break;
        if (x->kind == TX_PENALTY && x->penalty <= -TX_INF) break;
        add_item(&t, x);
    }
    return t;
}

static void add_cand(breaker *br, int line, int fitness, int hyph_run, int64_t d,
                     const bnode *prev, int flagged)
{
    int key_line = br->p->looseness ? line : 0;
    for (int k = 0; k < br->ncand; k++) {
        cand *c = &br->cands[k];
        if ((br->p->looseness ? c->line : 0) == key_line && c->fitness == fitness &&
            c->hyph_run == hyph_run) {
            if (d < c->demerits) {
                c->demerits = d;
                c->prev = prev;
                c->line = line;
            }
            return;
        }
    }
    if (br->ncand == (int)(sizeof br->cands / sizeof br->cands[0])) {
        /* full (many line numbers with looseness): replace the worst */
        int worst = 0;
        for (int k = 1; k < br->ncand; k++)
            if (br->cands[k].demerits > br->cands[worst].demerits) worst = k;
        if (br->cands[worst].demerits <= d) return;
        br->ncand--;
        br->cands[worst] = br->cands[br->ncand];
    }
    cand *c = &br->cands[br->ncand++];
    c->line = line;
    c->fitness = fitness;
    c->hyph_run = hyph_run;
    c->demerits = d;
    c->prev = prev;
    c->flagged = flagged;
}

static void push_active(breaker *br, bnode *nd, size_t *cap)
{
    if (br->nact == MAX_ACTIVE) {
        /* drop the costliest: a bounded list keeps the time linear */
        size_t worst = 0;
        for (size_t k = 1; k < br->nact; k++)
            if (br->act[k]->demerits > br->act[worst]->demerits) worst = k;
        if (br->act[worst]->demerits <= nd->demerits) return;
        br->act[worst] = br->act[--br->nact];
    }
    (void)cap;
    br->act[br->nact++] = nd;
}

/* Try every active node against the breakpoint b (item index, or n for the
 * end), whose penalty, width and flag are given; sums are before item b. */
static void try_break(breaker *br, size_t b, totals sums, int penalty, ts_sp pen_width,
                      int flagged, int pen_fil, int final, size_t *cap)
{
    const tx_bparams *p = br->p;
    int forced = penalty <= -TX_INF;
    br->ncand = 0;
    const bnode *best_removed = NULL;
    for (size_t k = 0; k < br->nact;) {
        bnode *a = br->act[k];
        int64_t width = sums.w - a->after.w + pen_width;
        int64_t stretch = sums.y - a->after.y + p->line_stretch + br->extra_stretch;
        int64_t shrink = sums.z - a->after.z;
        int fil = sums.fil - a->after.fil + pen_fil;
        int64_t diff = (int64_t)p->measure - width;
        int bad;
        int shrinking = diff < 0;
        if (diff >= 0 && fil > 0) bad = 0;
        else {
            if (diff > INT32_MAX) diff = INT32_MAX;
            if (diff < INT32_MIN) diff = INT32_MIN;
            if (stretch > INT32_MAX) stretch = INT32_MAX;
            if (shrink > INT32_MAX) shrink = INT32_MAX;
            bad = tx_badness((ts_sp)diff, (ts_sp)stretch, (ts_sp)shrink);
        }
        int overfull = bad > TX_INF;
        int deactivate = overfull || forced;
        if (!overfull && bad <= br->tolerance) {
            int hr = flagged ? a->hyph_run + 1 : 0;
            if (hr <= p->max_hyphens_in_row) {
                int64_t base = (int64_t)p->line_penalty + bad;
                int64_t d = base * base;
                if (penalty > 0) d += (int64_t)penalty * penalty;
                else if (penalty > -TX_INF) d -= (int64_t)penalty * penalty;
                if (flagged && a->flagged) d += p->hyphen_demerits;
                if (final && a->flagged) d += p->final_hyphen_demerits;
                int fit = fitness_of(bad, shrinking);
                if (a->pos != (size_t)-1 && (fit - a->fitness > 1 || a->fitness - fit > 1))
                    d += p->adj_demerits;
                add_cand(br, a->line + 1, fit, hr, a->demerits + d, a, flagged);
            }
        }
        if (deactivate) {
            /* the latest one: its overfull line holds the least */
            if (!best_removed || a->pos + 1 > best_removed->pos + 1 ||
                (a->pos == best_removed->pos && a->demerits < best_removed->demerits))
                best_removed = a;
            br->act[k] = br->act[--br->nact];
        } else {
            k++;
        }
    }
    /* the last pass never ends without a way on: an overfull line from the
     * latest node just lost */
    if (br->ncand == 0 && br->nact == 0 && best_removed && br->tolerance > TX_INF)
        add_cand(br, best_removed->line + 1, 2, 0,
                 best_removed->demerits + (int64_t)TX_INF * TX_INF, best_removed, flagged);
    if (br->ncand == 0) return;
    totals after = totals_after(br, b, sums);
    for (int k = 0; k < br->ncand; k++) {
        const cand *c = &br->cands[k];
        bnode *nd = new_node(br);
        nd->pos = b;
        nd->line = c->line;
        nd->fitness = c->fitness;
        nd->hyph_run = c->hyph_run;
        nd->flagged = c->flagged;
        nd->demerits = c->demerits;
        nd->after = after;
        nd->prev = c->prev;
        push_active(br, nd, cap);
    }
}

/* One pass; returns the best final node or NULL. */
static const bnode *pass(breaker *br)
{
    size_t cap = 0;
    br->nact = 0;
    bnode *start = new_node(br);
    memset(start, 0, sizeof *start);
    start->pos = (size_t)-1;
    start->fitness = 2;
    /* the first line starts at the first box */
    totals zero = { 0, 0, 0, 0 };
    start->after = zero;
    for (size_t j = 0; j < br->n && br->it[j].kind != TX_BOX; j++) {
        if (br->it[j].kind == TX_PENALTY && br->it[j].penalty <= -TX_INF) break;
        add_item(&start->after, &br->it[j]);
    }
    push_active(br, start, &cap);

    totals sums = zero;
    for (size_t i = 0; i < br->n && br->nact > 0; i++) {
        const tx_bitem *x = &br->it[i];
        if (x->kind == TX_GLUE) {
            if (i > 0 && br->it[i - 1].kind == TX_BOX && x->penalty < TX_INF)
                try_break(br, i, sums, 0, 0, 0, 0, 0, &cap);
        } else if (x->kind == TX_PENALTY && x->penalty < TX_INF &&
                   (!x->flagged || br->hyphens)) {
            try_break(br, i, sums, x->penalty, x->width, x->flagged, x->fil, 0, &cap);
        }
        add_item(&sums, x);
    }
    if (br->nact == 0) return NULL;
    /* the paragraph's end: a forced break whose line has infinite stretch */
    try_break(br, br->n, sums, -TX_INF, 0, 0, 1, 1, &cap);
    const bnode *best = NULL;
    for (size_t k = 0; k < br->nact; k++)
        if (!best || br->act[k]->demerits < best->demerits) best = br->act[k];
    if (best && br->p->looseness) {
        /* the node nearest best's line count + looseness, then the cheapest */
        int want = best->line + br->p->looseness;
        const bnode *pick = best;
        for (size_t k = 0; k < br->nact; k++) {
            const bnode *c = br->act[k];
            int dc = c->line - want, dp = pick->line - want;
            if (dc < 0) dc = -dc;
            if (dp < 0) dp = -dp;
            if (dc < dp || (dc == dp && c->demerits < pick->demerits)) pick = c;
        }
        best = pick;
    }
    return best;
}

size_t tx_break_paragraph(ts_arena *a, const tx_bitem *items, size_t n,
                          const tx_bparams *p, size_t **breaks, int *pass_out)
{
    breaker br;     /* about 14 KB, on the stack; its node pool unzeroed */
    memset(&br, 0, offsetof(breaker, local));
    br.nlocal = 0;
    br.blocks = NULL;
    br.a = a;
    br.it = items;
    br.n = n;
    br.p = p;
    int any_hyphen = 0;
    for (size_t i = 0; i < n && !any_hyphen; i++)
        any_hyphen = items[i].kind == TX_PENALTY && items[i].flagged;

    const bnode *best = NULL;
    int used = 0;
    for (int ps = 1; ps <= 4 && !best; ps++) {
        br.hyphens = ps > 1;
        br.extra_stretch = ps >= 3 ? p->emergency_stretch : 0;
        br.tolerance = ps == 1 ? p->pretolerance : ps == 4 ? TX_INF + 1 : p->tolerance;
        if (ps == 1 && p->pretolerance < 0) continue;
        if (ps == 2 && !any_hyphen && p->pretolerance >= p->tolerance) continue;
        if (ps == 3 && p->emergency_stretch <= 0) continue;
        best = pass(&br);
        used = ps;
    }
    if (pass_out) *pass_out = used;
    size_t count = 0;
    for (const bnode *b = best; b && b->pos != (size_t)-1; b = b->prev) count++;
    size_t *out = ts_arena_alloc(a, (count ? count : 1) * sizeof *out);
    size_t k = count;
    for (const bnode *b = best; b && b->pos != (size_t)-1; b = b->prev) out[--k] = b->pos;
    *breaks = out;
    while (br.blocks) {
        nblock *next = br.blocks->next;
        free(br.blocks);
        br.blocks = next;
    }
    return count;
}
