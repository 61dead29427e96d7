/* cover.c: the pages and blocks that present the document rather than
 * its text: the cover, the back page, and a tjänsteskrivelse's letterhead.
 *
 * Everything here is content (tagged, in the text area), not furniture:
 * the title, the nämnd, the date and the diarienummer must reach every
 * reader. Only the logo, placed by furniture.c, stands outside the text
 * area, in the bottom right corner with its clear zone touching the
 * trimmed edge (Malmö's graphic manual). */
#include "layout_internal.h"

#include <string.h>

static int given(const char *s) { return s && *s; }

/* Lines of `text` in `face` of `st` inside a P element, at x in
 * `measure` from `top` (relative to dst's owner); returns the height. */
static ts_sp para(lo_ctx *c, lo_items *dst, const char *text, rd_face face,
                  const rd_style *st, ts_sp x, ts_sp measure, ts_sp top)
{
    lo_items_struct(c->a, dst, "P", NULL);
    ts_sp h = lo_text_lines(c, dst, tx_typography(c->a, text), face, st,
                            lo_color(st->color), DOC_ALIGN_LEFT, x, measure, top);
    lo_items_end_struct(c->a, dst);
    return h;
}

/* Label–value rows (Datum 2027-03-15): labels in the semibold face, the
 * values aligned in a column after the widest label, each row one P.
 * Rows whose value is empty are left out. Returns the height. */
typedef struct row { const char *label, *value; } row;

static ts_sp rows(lo_ctx *c, lo_items *dst, const row *r, int n, const rd_style *st,
                  ts_sp x, ts_sp measure, ts_sp top)
{
    ts_sp labels = 0;
    for (int i = 0; i < n; i++) {
        if (!given(r[i].value) || !given(r[i].label))
            continue;
        ts_sp w = tx_measure(c->f, RD_FACE_SEMIBOLD, st->size, r[i].label,
                             strlen(r[i].label));
        if (w > labels)
            labels = w;
    }
    ts_sp gap = st->size;   /* an em between label and value */
    ts_sp vx = labels > 0 ? labels + gap : 0;
    if (vx > measure / 2)
        vx = measure / 2;
    ts_sp y = top;
    for (int i = 0; i < n; i++) {
        if (!given(r[i].value))
            continue;
        lo_items_struct(c->a, dst, "P", NULL);
        if (given(r[i].label))
            lo_text_lines(c, dst, r[i].label, RD_FACE_SEMIBOLD, st, lo_color(st->color),
                          DOC_ALIGN_LEFT, x, vx - gap > 0 ? vx - gap : 1, y);
        y += lo_text_lines(c, dst, tx_typography(c->a, r[i].value), st->face, st,
                           lo_color(st->color), DOC_ALIGN_LEFT, x + vx, measure - vx, y);
        lo_items_end_struct(c->a, dst);
    }
    return y - top;
}

/* ---- the cover ------------------------------------------------------------ */

/* A short bar in the accent colour above the title: the one touch of the
 * city's red on the cover, as on its printed reports; decoration. */
static void accent_bar(lo_ctx *c, lo_items *dst, ts_sp x, ts_sp bottom)
{
    ts_sp h = TS_PT * 4, w = TS_MM_SP(25);
    lo_items_push(c->a, dst, LO_ITEM_ARTIFACT_BEGIN);
    lo_items_rect(c->a, dst, x, bottom - h, w, h, 1, lo_color(c->L->accent), 0,
                  lo_color(c->L->accent), 0);
    lo_items_push(c->a, dst, LO_ITEM_ARTIFACT_END);
}

/* Title from [cover] title-top (kept inside the text area), the subtitle
 * under it; at the foot of the text area the nämnd, Datum and
 * Diarienummer. The bottom block is measured first and set upward from
 * the text area's foot, so it never runs into the margin. */
void lo_cover_page(lo_ctx *c, lo_result *r)
{
    const rd_layout *L = c->L;
    const doc_meta *m = &c->doc->meta;
    lo_page *p = lo_new_page(c, r);
    p->kind = LO_PAGE_COVER;
    lo_items *it = ts_arena_alloc(c->a, sizeof *it);
    ts_sp x = L->margin_left, w = c->text_width;
    ts_sp area_top = L->margin_top, area_bottom = L->page_height - L->margin_bottom;

    /* the foot block, measured on scratch items */
    row foot[] = { { NULL, L->cover_committee },
                   { L->word_date, m->date_text },
                   { L->word_dnr, m->dnr } };
    lo_items scratch = { 0 };
    ts_sp committee_h = given(L->cover_committee)
                            ? para(c, &scratch, L->cover_committee, RD_FACE_SEMIBOLD,
                                   &L->cover, x, w, 0) + L->cover.leading / 2
                            : 0;
    ts_sp foot_h = committee_h + rows(c, &scratch, foot + 1, 2, &L->cover, x, w, 0);
    ts_sp foot_top = area_bottom - foot_h;

    ts_sp y = L->cover_title_top;
    if (y < area_top + TS_PT * 8)
        y = area_top + TS_PT * 8;   /* room for the accent bar */
    accent_bar(c, it, x, y - TS_PT * 4);
    y += para(c, it, m->title ? m->title : "", L->cover_title.face, &L->cover_title, x, w, y);
    if (given(m->subtitle)) {
        y += L->cover_title.space_after;
        y += para(c, it, m->subtitle, L->cover_subtitle.face, &L->cover_subtitle, x, w, y);
    }
    if (foot_top < y + L->cover.leading) {
        ts_pos at = { L->path, 0, 0 };
        ts_warning(c->d, at, "the cover's title and subtitle reach the date at its "
                   "foot; shorten them or set [cover] title-top higher");
    }
    y = foot_top;
    if (given(L->cover_committee)) {
        y += para(c, it, L->cover_committee, RD_FACE_SEMIBOLD, &L->cover, x, w, y);
        y += L->cover.leading / 2;
    }
    rows(c, it, foot + 1, 2, &L->cover, x, w, y);
    for (size_t k = 0; k < it->n; k++)
        lo_place(c, p, &it->v[k], 0);
}

/* ---- the back page ---------------------------------------------------------- */

/* The sender at the foot of the text area, left: organisation (bold),
 * förvaltning (document.ini's department, else [sender] department),
 * address, and the web address, linked. The logo is furniture. */
void lo_back_page(lo_ctx *c, lo_result *r)
{
    const rd_layout *L = c->L;
    const doc_meta *m = &c->doc->meta;
    lo_page *p = lo_new_page(c, r);
    p->kind = LO_PAGE_BACK;
    lo_items *it = ts_arena_alloc(c->a, sizeof *it);
    ts_sp x = L->margin_left, w = c->text_width;
    const char *dept = given(m->department) ? m->department : L->sender_department;
    const char *lines[4] = { L->sender_organisation, dept, L->sender_address,
                             L->sender_web };
    int n = 0;
    for (int i = 0; i < 4; i++)
        if (given(lines[i]))
            n++;
    if (n == 0)
        return;
    lo_items scratch = { 0 };
    ts_sp h = 0;
    for (int i = 0; i < 4; i++)
        if (given(lines[i]))
            h += lo_text_lines(c, &scratch, lines[i], i == 0 ? RD_FACE_BOLD : L->back.face,
                               &L->back, lo_color(L->back.color), DOC_ALIGN_LEFT, x, w, 0);
    ts_sp y = L->page_height - L->margin_bottom - h;
    lo_items_struct(c->a, it, "P", NULL);
    for (int i = 0; i < 4; i++) {
        if (!given(lines[i]))
            continue;
        if (i == 3) {
            /* the web address, a link to it: text and annotation in one
             * Link element (tagged PDF) */
            lo_items_struct(c->a, it, "Link", NULL);
            ts_sp lw = tx_measure(c->f, L->back.face, L->back.size, lines[i],
                                  strlen(lines[i]));
            lo_item *ln = lo_items_push(c->a, it, LO_ITEM_LINK);
            ln->u.link.x = x;
            ln->u.link.y = y;
            ln->u.link.width = lw < w ? lw : w;
            ln->u.link.height = L->back.leading;
            ln->u.link.url = strstr(lines[i], "://")
                                 ? lines[i]
                                 : ts_arena_printf(c->a, "https://%s", lines[i]);
        }
        y += lo_text_lines(c, it, lines[i], i == 0 ? RD_FACE_BOLD : L->back.face, &L->back,
                           lo_color(L->back.color), DOC_ALIGN_LEFT, x, w, y);
        if (i == 3)
            lo_items_end_struct(c->a, it);
    }
    lo_items_end_struct(c->a, it);
    for (size_t k = 0; k < it->n; k++)
        lo_place(c, p, &it->v[k], 0);
}

/* ---- the letterhead of a tjänsteskrivelse -------------------------------- */

/* As Malmö stad's tjänsteskrivelser: on the left the organisation (bold)
 * and the förvaltning; on the right, from the middle of the text width,
 * the kind of document (bold) over Datum, Vår referens and Diarienummer;
 * under both the title in the h1 style. The page number "1 (4)" is the
 * header's right part ([header] right), at the top right of every page.
 * One box, never split; the first heading follows at its own distance. */
void lo_letterhead(lo_ctx *c)
{
    const rd_layout *L = c->L;
    const doc_meta *m = &c->doc->meta;
    const rd_style *st = &L->letterhead_style;
    lo_begin_block(c, 0);
    lo_vnode *box = lo_vnew(c, LO_V_BOX, 0);
    lo_items *it = &box->items;
    ts_sp x = L->margin_left, half = c->text_width / 2;

    ts_sp left = 0;
    if (given(L->sender_organisation))
        left += para(c, it, L->sender_organisation, RD_FACE_BOLD, st, x, half - st->size, 0);
    const char *dept = given(m->department) ? m->department : L->sender_department;
    if (given(dept))
        left += para(c, it, dept, st->face, st, x, half - st->size, left);

    ts_sp right = 0;
    if (given(L->letterhead_kind))
        right += para(c, it, L->letterhead_kind, RD_FACE_BOLD, st, x + half, half, 0);
    row meta[] = { { L->word_date, m->date_text },
                   { L->word_reference, m->reference },
                   { L->word_dnr, m->dnr } };
    right += rows(c, it, meta, 3, st, x + half, half, right);

    ts_sp y = (left > right ? left : right) + 2 * L->body.leading;
    const rd_style *ts = &L->heading[0];
    y += para(c, it, m->title ? m->title : "", ts->face, ts, x, c->text_width, y);
    box->height = y;
    box->baseline = lo_style_baseline(c, st);
    lo_vappend(c, box);
    lo_end_block(c, 2 * L->body.leading);
    /* the first section's heading follows at the letterhead's distance */
    c->after_heading = 1;
}
