/* figure.c: figures -> the vertical list: images with their captions, and
 * charts.
 *
 * A figure is one box kept with its caption; it moves to the next page
 * rather than being split. */
#include "layout_internal.h"
#include "../chart/chart.h"

#include <string.h>

/* ---- figures ------------------------------------------------------------ */

static uint32_t be16(const unsigned char *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Pixel size from a PNG's IHDR or a JPEG's start-of-frame segment; 0 on
 * success. Reads a few bytes; walks at most 1000 JPEG segments. */
int lo_image_size(const char *path, uint32_t *w, uint32_t *h)
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

void lo_do_figure(lo_ctx *c, const doc_node *n)
{
    const char *alt = n->text && *n->text ? n->text : NULL;
    const char *caption = n->title && *n->title ? n->title : NULL;
    if (!alt)
        ts_warning(c->d, n->pos,
                   "the image has no alt text; describe it between the brackets of ![…](…)");
    const rd_style *cs = &c->L->caption;
    uint32_t iw = 3, ih = 2;
    int readable = n->url && lo_image_size(n->url, &iw, &ih) == 0;
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
    lo_begin_block(c, lo_block_space(c));
    lo_mark_struct(c, "Figure", alt ? tx_typography(c->a, alt) : (caption ? caption : ""));
    lo_vnode *box = lo_vnew(c, LO_V_BOX, (ts_sp)h);
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
    lo_vappend(c, box);
    if (caption) {
        lo_vnode *g = lo_vnew(c, LO_V_GLUE, cs->leading / 2);
        g->can_break = 0;   /* the caption stays with its image */
        lo_vappend(c, g);
        lo_mark_struct(c, "Caption", NULL);
        /* numbered with the charts: "Figur 3. Trygghetsvandring i Rosengård" */
        const char *word = c->L->word_figure ? c->L->word_figure : "Figur";
        char *numbered = ts_arena_printf(c->a, "%s %d. %s", word, ++c->figure_number,
                                         caption);
        lo_hlist hl = { 0 };
        lo_collect_string(c, &hl, tx_typography(c->a, numbered), cs->face, cs->size,
                          lo_color(cs->color), n->pos);
        lo_set_lines(c, &hl, cs, 1, NULL, NULL);
        lo_mark_end(c);
    }
    lo_mark_end(c);
    lo_end_block(c, lo_block_space(c));
}

/* ---- charts ------------------------------------------------------------ */

/* A device that turns the chart stage's drawing into the box's items:
 * x stays absolute, y becomes relative to the box top (ch_draw is given
 * the box's left and 0). Path segments are copied, since ch_draw lends
 * them only for the call; text arrays live in the arena already. */
typedef struct item_dev {
    dev_device dev;
    ts_arena *a;
    lo_items *dst;
} item_dev;

static void item_text(dev_device *d, const dev_text *t)
{
    item_dev *id = (item_dev *)d;
    lo_item *it = lo_items_push(id->a, id->dst, LO_ITEM_TEXT);
    it->u.text = *t;
}

static void item_path(dev_device *d, const dev_path *p)
{
    item_dev *id = (item_dev *)d;
    dev_path_seg *segs = ts_arena_alloc(id->a, (size_t)p->count * sizeof *segs);
    memcpy(segs, p->segs, (size_t)p->count * sizeof *segs);
    lo_item *it = lo_items_push(id->a, id->dst, LO_ITEM_PATH);
    it->u.path = *p;
    it->u.path.segs = segs;
}

/* A chart: one box holding the chart, its numbered caption and its source
 * note, so it is never split and moves to the next page whole. Tagged as
 * a Figure with the alt text, the caption and source inside it. When the
 * chart cannot be built (reported), the numbered placeholder stands in. */
void lo_do_chart(lo_ctx *c, const doc_node *n)
{
    const doc_block *blk = n->block;
    if (!blk || !blk->table) {
        lo_placeholder(c, n);
        return;
    }
    const rd_style *cs = &c->L->caption;
    const rd_style *ns = &c->L->chart;
    const char *caption = blk->caption && *blk->caption ? blk->caption : NULL;
    int title_as_caption = !caption && blk->title && *blk->title;
    if (title_as_caption)
        caption = blk->title;
    const char *word = c->L->word_figure ? c->L->word_figure : "Figur";
    const char *src_word = c->L->word_source ? c->L->word_source : "Källa";

    /* room for the caption and source (estimated at three lines each) */
    ts_sp below = cs->leading / 2 + 3 * cs->leading + 3 * ns->leading;
    ch_input in = {
        .a = c->a, .d = c->d, .fonts = c->f, .layout = c->L, .block = blk,
        .at = n->pos, .width = c->width, .max_height = c->text_height - below,
        .omit_title = title_as_caption,
    };
    ch_chart *ch = ch_build(&in);
    if (!ch) {
        lo_placeholder(c, n);
        return;
    }
    int number = ++c->figure_number;
    c->charts++;

    ts_sp before = ns->space_before > lo_block_space(c) ? ns->space_before : lo_block_space(c);
    lo_begin_block(c, before);
    lo_vnode *box = lo_vnew(c, LO_V_BOX, 0);
    box->pos = n->pos;
    lo_items_struct(c->a, &box->items, "Figure", ch_alt(ch));
    lo_chart_data_remember(c, n, box, number);
    item_dev dev = { .a = c->a, .dst = &box->items };
    dev.dev.text = item_text;
    dev.dev.path = item_path;
    ch_draw(ch, &dev.dev, c->left, 0);
    ts_sp y = ch_height(ch) + cs->leading / 2;

    lo_items_struct(c->a, &box->items, "Caption", NULL);
    char *line = caption ? ts_arena_printf(c->a, "%s %d. %s", word, number, caption)
                         : ts_arena_printf(c->a, "%s %d", word, number);
    y += lo_caption_lines(c, &box->items, line, cs->face, cs, c->left, c->width, y, n->pos,
                          lo_color(cs->color));
    if (blk->source && *blk->source) {
        char *src = ts_arena_printf(c->a, "%s: %s", src_word, blk->source);
        y += lo_caption_lines(c, &box->items, src, ns->face, ns, c->left, c->width, y,
                              n->pos, lo_color(ns->color));
    }
    lo_items_end_struct(c->a, &box->items);
    lo_items_end_struct(c->a, &box->items);
    box->height = y;
    box->baseline = lo_style_baseline_face(c, c->L->chart_title.face, c->L->chart_title.size,
                                           c->L->chart_title.leading);
    lo_vappend(c, box);
    ts_sp after = ns->space_after > lo_block_space(c) ? ns->space_after : lo_block_space(c);
    lo_end_block(c, after);
}
