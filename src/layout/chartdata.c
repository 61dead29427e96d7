/* chartdata.c: the Diagramdata appendix — every chart's data also as a
 * table, for readers who cannot see the charts (issue 9).
 *
 * lo_do_chart remembers each chart it draws; after the last chapter (and
 * its notes) this lays out one more chapter, headed by the layout's
 * `[words] chart-data`, with a table per chart in figure order (its `x`
 * column and series, numbers as in the other tables, captioned
 * `[words] chart-data-for` "Data för figur 3. …"), and adds a sentence to
 * each chart's alt text naming that table (`[words] chart-data-in`,
 * "Siffrorna finns i Diagramdata, tabell 6."). The back page, when the
 * layout has one, still comes last: it is placed after the body. */
#include "layout_internal.h"

#include <string.h>

void lo_chart_data_remember(lo_ctx *c, const doc_node *n, lo_vnode *box, int number)
{
    if (!c->L->chart_data || !n->block || !n->block->table) return;
    lo_chart_ref *r = ts_arena_alloc(c->a, sizeof *r);
    memset(r, 0, sizeof *r);
    r->node = n;
    r->box = box;
    r->number = number;
    ts_ptrvec_push(c->a, &c->chart_refs, r);
}

void lo_chart_data_appendix(lo_ctx *c)
{
    if (!c->L->chart_data || c->chart_refs.len == 0) return;
    const char *word = c->L->word_chart_data && *c->L->word_chart_data
                           ? c->L->word_chart_data : "Diagramdata";
    ts_pos at = { c->L->path, 0, 0 };
    doc_node *h = ts_arena_alloc(c->a, sizeof *h);
    doc_node *t = ts_arena_alloc(c->a, sizeof *t);
    memset(h, 0, sizeof *h);
    memset(t, 0, sizeof *t);
    h->kind = DOC_HEADING;
    h->level = 1;
    h->pos = at;
    h->first = h->last = t;
    t->kind = DOC_TEXT;
    t->text = word;
    t->pos = at;
    t->parent = h;
    lo_chapter_heading(c, h);
    for (size_t i = 0; i < c->chart_refs.len; i++) {
        const lo_chart_ref *r = c->chart_refs.items[i];
        int before = c->tables;
        lo_chart_data_table(c, r);
        if (c->tables == before || !r->box || r->box->items.n == 0) continue;
        lo_item *fig = &r->box->items.v[0];
        if (fig->kind != LO_ITEM_STRUCT_BEGIN) continue;
        char *tword = ts_arena_strdup(c->a, c->L->word_table ? c->L->word_table : "Tabell");
        if (tword[0] >= 'A' && tword[0] <= 'Z') tword[0] = (char)(tword[0] - 'A' + 'a');
        const char *in = c->L->word_chart_data_in ? c->L->word_chart_data_in
                                                  : "Siffrorna finns i";
        fig->u.st.alt = ts_arena_printf(c->a, "%s %s %s, %s %d.",
                                        fig->u.st.alt ? fig->u.st.alt : "", in, word,
                                        tword, c->tables);
    }
}
