/* furniture.c: what stands on a page besides its text — running header,
 * footer with "2 (12)", the logo, and the UTKAST watermark of a draft.
 *
 * Furniture is drawn first on each page, inside one artifact (render.c),
 * so it is decoration to assistive technology and lies under the text.
 * Nothing important lives only here (Malmö's accessible-PDF guide): the
 * title is on the cover, the chapter in its heading.
 *
 * By page kind (lo_page_kind):
 *   cover     the logo and the watermark; no header, no number: the cover
 *             is counted as page 1 but carries no number (Swedish practice)
 *   contents  header, footer, watermark
 *   body      header (not beside the letterhead block), footer, watermark
 *   back      the logo, footer, watermark; no header
 * Every page but the cover thus prints its number "N (M)", M the whole
 * count, cover and back page included, so a reader can tell nothing is
 * missing and the printed numbers equal the viewer's page labels. */
#include "layout_internal.h"

#include <math.h>
#include <string.h>

char *lo_expand(lo_ctx *c, const char *tpl, int page, int pages, const char *chapter)
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

ts_sp lo_text_lines(lo_ctx *c, lo_items *dst, const char *text, rd_face face,
                    const rd_style *st, dev_color color, doc_align align, ts_sp x,
                    ts_sp measure, ts_sp top)
{
    ts_arena_mark working = ts_arena_mark_now(c->scratch);
    lo_hlist h = { 0 };
    lo_collect_string(c, &h, text, face, st->size, color, (ts_pos){ 0 });
    lo_split_long_words(c, &h, measure, 0);
    lo_lines lines = { 0 };
    lo_break_lines(c, &h, measure, &lines);
    ts_sp base = lo_style_baseline_face(c, face, st->size, st->leading);
    for (size_t i = 0; i < lines.n; i++) {
        ts_sp t = top + (ts_sp)i * st->leading;
        lo_emit_line(c, dst, &h, &lines.v[i], x, measure, align, t, st->leading, t + base);
    }
    ts_arena_release(c->scratch, working);   /* every page's header and footer */
    return (ts_sp)lines.n * st->leading;
}

/* ---- the logo --------------------------------------------------------------- */

/* The placeholder wordmark: a rule the logo's width, and under it the
 * [logo] text in the bold face, sized so that it spans the same width.
 * Plainly a stand-in, with the city's name in text: it imitates nothing
 * of the griffin. Its box is logo_width wide; returns its height. */
static ts_sp wordmark(lo_ctx *c, lo_items *dst, ts_sp x, ts_sp bottom, int draw)
{
    const rd_layout *L = c->L;
    const char *words = L->logo_text && *L->logo_text ? L->logo_text : "Malmö stad";
    ts_sp one = tx_measure(c->f, RD_FACE_BOLD, TS_PT * 10, words, strlen(words));
    if (one <= 0)
        return 0;
    /* the size that makes the words exactly logo_width wide (10 pt scaled) */
    ts_sp size = (ts_sp)((int64_t)TS_PT * 10 * L->logo_width / one);
    ts_sp asc = tx_ascent(c->f, RD_FACE_BOLD, size);
    ts_sp rule = size / 8, gap = size / 4;
    ts_sp cap = asc * 3 / 4;   /* the capital's height: Open Sans's is ~0.71 em */
    ts_sp height = rule + gap + cap;
    if (!draw)
        return height;
    ts_sp top = bottom - height;
    lo_items_rect(c->a, dst, x, top, L->logo_width, rule, 1, lo_color(L->logo_color), 0,
                  lo_color(L->logo_color), 0);
    lo_hlist h = { 0 };
    lo_collect_string(c, &h, words, RD_FACE_BOLD, size, lo_color(L->logo_color),
                      (ts_pos){ 0 });
    ts_sp natural = 0;
    lo_hlist_widths(&h, NULL, &natural);
    lo_line ln = { .first = 0, .last = h.n, .width = natural };
    lo_emit_line(c, dst, &h, &ln, x, L->logo_width, DOC_ALIGN_LEFT, bottom - cap, cap,
                 bottom);
    return height;
}

void lo_logo(lo_ctx *c, lo_items *dst)
{
    const rd_layout *L = c->L;
    ts_sp right = L->page_width - L->logo_clear;
    ts_sp bottom = L->page_height - L->logo_clear;
    ts_sp x = right - L->logo_width;
    uint32_t iw, ih;
    if (L->logo_file && *L->logo_file && lo_image_size(L->logo_file, &iw, &ih) == 0) {
        ts_sp h = (ts_sp)((int64_t)L->logo_width * ih / iw);
        lo_item *it = lo_items_push(c->a, dst, LO_ITEM_IMAGE);
        it->u.image.path = L->logo_file;
        it->u.image.x = x;
        it->u.image.y = bottom - h;
        it->u.image.width = L->logo_width;
        it->u.image.height = h;
        return;
    }
    if (L->logo_file && *L->logo_file) {
        ts_pos at = { L->path, 0, 0 };
        ts_warning(c->d, at, "the logo '%s' is not a readable PNG or JPEG; the "
                   "placeholder wordmark stands in", L->logo_file);
    }
    wordmark(c, dst, x, bottom, 1);
}

/* ---- the UTKAST watermark ---------------------------------------------------- */

/* The [words] draft word across the page, along the diagonal from the
 * bottom left to the top right, in the light [colors] draft colour: the
 * eye reads past it, but no page of a draft can be taken for the final
 * document. Its length is 60 % of the diagonal. The device has no
 * rotation but text's: the runs are laid out on a horizontal baseline and
 * then turned about the page centre (dev_text.angle). */
static void watermark(lo_ctx *c, lo_items *dst)
{
    const rd_layout *L = c->L;
    const char *word = L->word_draft;
    ts_sp W = L->page_width, H = L->page_height;
    double diag = sqrt((double)W * W + (double)H * H);
    double a = atan2((double)H, (double)W);
    int deg = (int)lround(a * 180.0 / M_PI);
    double ar = deg * M_PI / 180.0;   /* the angle the device will use */
    ts_sp ten = tx_measure(c->f, RD_FACE_BOLD, TS_PT * 10, word, strlen(word));
    if (ten <= 0)
        return;
    ts_sp size = (ts_sp)((int64_t)TS_PT * 10 * (int64_t)(diag * 0.6) / ten);
    if (size > TS_PT * 200)
        size = TS_PT * 200;
    ts_sp width = (ts_sp)((int64_t)ten * size / (TS_PT * 10));
    ts_sp cap = tx_ascent(c->f, RD_FACE_BOLD, size) * 3 / 4;
    rd_style st = { RD_FACE_BOLD, size, size, 0, 0, L->draft_color };
    size_t first = dst->n;
    lo_text_lines(c, dst, word, RD_FACE_BOLD, &st, lo_color(L->draft_color),
                  DOC_ALIGN_LEFT, 0, width + size, 0);
    /* start of the baseline: from the centre back half the width along
     * the baseline and half the capital height down across it (y grows
     * downward, so "up" along the turned text is (-sin, -cos)) */
    double cx = W / 2.0, cy = H / 2.0;
    double sx = cx - width / 2.0 * cos(ar) + cap / 2.0 * sin(ar);
    double sy = cy + width / 2.0 * sin(ar) + cap / 2.0 * cos(ar);
    for (size_t k = first; k < dst->n; k++) {
        if (dst->v[k].kind != LO_ITEM_TEXT)
            continue;
        dev_text *t = &dst->v[k].u.text;
        double along = t->x;   /* laid out from x = 0 */
        t->x = (ts_sp)lround(sx + along * cos(ar));
        t->y = (ts_sp)lround(sy - along * sin(ar));
        t->angle = deg;
    }
}

/* ---- every page ---------------------------------------------------------------- */

/* Header (left, and the right part) centred in the top margin; footer
 * (right, where Swedish documents put "2 (12)") centred in the bottom
 * margin. */
void lo_add_furniture(lo_ctx *c, lo_result *r)
{
    const rd_layout *L = c->L;
    int draft = c->doc->meta.status == DOC_STATUS_DRAFT && L->word_draft && *L->word_draft;
    ts_sp header_top = (L->margin_top - L->header.leading) / 2;
    ts_sp footer_top = L->page_height - L->margin_bottom +
                       (L->margin_bottom - L->footer.leading) / 2;
    for (int i = 0; i < r->npages; i++) {
        lo_page *p = &r->pages[i];
        lo_items *f = &p->furniture;
        int number = r->first_number + i;
        if (draft)
            watermark(c, f);
        if (p->kind == LO_PAGE_COVER || p->kind == LO_PAGE_BACK)
            lo_logo(c, f);
        if (p->kind == LO_PAGE_COVER)
            continue;
        if (p->kind != LO_PAGE_BACK && !p->letterhead && L->header_text &&
            *L->header_text) {
            char *s = lo_expand(c, L->header_text, number, r->npages, p->chapter);
            if (!blank(s))
                lo_text_lines(c, f, s, L->header.face, &L->header,
                              lo_color(L->header.color), DOC_ALIGN_LEFT, L->margin_left,
                              c->text_width, header_top);
        }
        if (L->header_right && *L->header_right) {
            char *s = lo_expand(c, L->header_right, number, r->npages, p->chapter);
            if (!blank(s))
                lo_text_lines(c, f, s, L->header.face, &L->header,
                              lo_color(L->header.color), DOC_ALIGN_RIGHT, L->margin_left,
                              c->text_width, header_top);
        }
        if (L->footer_text && *L->footer_text) {
            char *s = lo_expand(c, L->footer_text, number, r->npages, p->chapter);
            if (!blank(s))
                lo_text_lines(c, f, s, L->footer.face, &L->footer,
                              lo_color(L->footer.color), DOC_ALIGN_RIGHT, L->margin_left,
                              c->text_width, footer_top);
        }
    }
}
