/* render.c: the laid-out pages -> device calls.
 *
 * Contract: first the page labels (numbers as printed, the cover counted);
 * per page, begin_page; the furniture (header, footer, draft mark) inside
 * one artifact; then the page's items in layout order with their box
 * offsets applied (a table row kept as a reference is set again from its
 * cells here, render_row); end_page. Structure elements are balanced over
 * the whole document; an element split by a page break (a paragraph
 * running onto the next page) begins on one page and ends on a later one. */
#include "layout_internal.h"

#include <stdlib.h>
#include <string.h>

void lo_result_drop(lo_result *r)
{
    if (r)
        ts_arena_drop(r->arena);
}

int lo_page_count(const lo_result *r) { return r ? r->npages : 0; }
int lo_table_count(const lo_result *r) { return r ? r->tables : 0; }
int lo_chart_count(const lo_result *r) { return r ? r->charts : 0; }

static void render_item(dev_device *dev, const lo_item *it, ts_sp dy)
{
    switch (it->kind) {
    case LO_ITEM_TEXT: {
        dev_text t = it->u.text;
        t.y += dy;
        dev_draw_text(dev, &t);
        break;
    }
    case LO_ITEM_PATH: {
        dev_path p = it->u.path;
        dev_path_seg local[8];
        dev_path_seg *segs = p.count <= 8 ? local : ts_xmalloc((size_t)p.count * sizeof *segs);
        for (int k = 0; k < p.count; k++) {
            segs[k] = p.segs[k];
            for (int m = 0; m < 3; m++)
                segs[k].y[m] += dy;
        }
        p.segs = segs;
        dev_draw_path(dev, &p);
        if (segs != local)
            free(segs);
        break;
    }
    case LO_ITEM_IMAGE: {
        dev_image im = it->u.image;
        im.y += dy;
        dev_draw_image(dev, &im);
        break;
    }
    case LO_ITEM_LINK: {
        dev_link l = it->u.link;
        l.y += dy;
        dev_add_link(dev, &l);
        break;
    }
    case LO_ITEM_BOOKMARK:
        dev_add_bookmark(dev, it->u.bookmark.level, it->u.bookmark.title,
                         it->u.bookmark.y + dy);
        break;
    case LO_ITEM_STRUCT_BEGIN:
        dev_begin_struct(dev, &it->u.st);
        break;
    case LO_ITEM_STRUCT_END:
        dev_end_struct(dev);
        break;
    case LO_ITEM_ARTIFACT_BEGIN:
        dev_begin_artifact(dev);
        break;
    case LO_ITEM_ARTIFACT_END:
        dev_end_artifact(dev);
        break;
    case LO_ITEM_ROW:       /* render_row */
        break;
    }
}

/* A table row kept as a reference (LO_ITEM_ROW): its cells are set again
 * in working memory, drawn, and the memory given back, so a long table
 * holds one row's drawing at a time. */
static void render_row(const lo_result *r, dev_device *dev, const lo_item *it, ts_sp dy)
{
    lo_ctx *c = r->ctx;
    ts_arena_mark mark = ts_arena_mark_now(c->scratch);
    ts_arena *result = c->a;
    ts_diag *d = c->d;
    ts_diag counted_only = { 0 };   /* the layout reported the cells' problems */
    c->a = c->scratch;
    c->d = &counted_only;
    lo_items items = { 0 };
    lo_table_row_items(c, &it->u.row, &items);
    c->a = result;
    c->d = d;
    for (size_t k = 0; k < items.n; k++)
        render_item(dev, &items.v[k], dy);
    ts_arena_release(c->scratch, mark);
}

void lo_render(const lo_result *r, dev_device *dev)
{
    if (!r)
        return;
    /* the viewer's page numbers are the printed ones: the cover counts */
    if (r->npages > 0)
        dev_page_labels(dev, 0, r->first_number > 0 ? r->first_number : 1);
    for (int i = 0; i < r->npages; i++) {
        const lo_page *p = &r->pages[i];
        dev_begin_page(dev, r->page_width, r->page_height);
        if (p->furniture.n) {
            dev_begin_artifact(dev);
            for (size_t k = 0; k < p->furniture.n; k++)
                render_item(dev, &p->furniture.v[k], 0);
            dev_end_artifact(dev);
        }
        for (size_t k = 0; k < p->n; k++) {
            if (p->v[k].item->kind == LO_ITEM_ROW)
                render_row(r, dev, p->v[k].item, p->v[k].dy);
            else
                render_item(dev, p->v[k].item, p->v[k].dy);
        }
        dev_end_page(dev);
    }
}
