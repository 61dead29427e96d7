/* Unit tests for the layout stage (src/layout): documents built in memory,
 * laid out with the default layout and the project's fonts (run from the
 * repository root after `make fonts`), inspected through a capturing
 * device. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/layout/layout.h"

/* ---- a device that remembers every call --------------------------------- */

typedef enum rec_kind {
    R_PAGE, R_END_PAGE, R_TEXT, R_PATH, R_IMAGE, R_LINK, R_BOOKMARK,
    R_BEGIN, R_END, R_ART, R_END_ART
} rec_kind;

typedef struct rec {
    rec_kind kind;
    int page;             /* 0-based */
    int artifact;         /* inside begin/end_artifact */
    char role[16];        /* innermost structure role (text), or the role begun */
    char text[256];       /* text as UTF-8, role, bookmark title */
    ts_sp x, y, w, h;     /* text: x, baseline y, width; others: their box */
    ts_sp size;
} rec;

typedef struct cap_dev {
    dev_device dev;
    rec *v;
    size_t n, cap;
    int page;
    int artifact;
    char stack[64][16];
    int depth;
    int max_artifact_nesting;
    int negative_depth;
} cap_dev;

static rec *rec_push(cap_dev *c, rec_kind k)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 256;
        c->v = realloc(c->v, c->cap * sizeof *c->v);
        assert_non_null(c->v);
    }
    rec *r = &c->v[c->n++];
    memset(r, 0, sizeof *r);
    r->kind = k;
    r->page = c->page;
    r->artifact = c->artifact;
    if (c->depth > 0)
        snprintf(r->role, sizeof r->role, "%s", c->stack[c->depth - 1]);
    return r;
}

static void cap_begin_page(dev_device *d, ts_sp w, ts_sp h)
{
    cap_dev *c = (cap_dev *)d;
    rec *r = rec_push(c, R_PAGE);
    r->w = w;
    r->h = h;
}

static void cap_end_page(dev_device *d)
{
    cap_dev *c = (cap_dev *)d;
    rec_push(c, R_END_PAGE);
    c->page++;
}

static void cap_text(dev_device *d, const dev_text *t)
{
    cap_dev *c = (cap_dev *)d;
    rec *r = rec_push(c, R_TEXT);
    size_t o = 0;
    ts_sp w = 0, ink = 0;   /* ink: without spaces at the end, which show nothing */
    for (int i = 0; i < t->count; i++) {
        char enc[4];
        int n = ts_utf8_encode(t->cps[i], enc);
        if (o + (size_t)n < sizeof r->text - 1) {
            memcpy(r->text + o, enc, (size_t)n);
            o += (size_t)n;
        }
        w += t->advances[i];
        if (t->cps[i] != ' ') ink = w;
    }
    r->text[o] = '\0';
    r->x = t->x;
    r->y = t->y;
    r->w = ink;
    r->size = t->size;
    assert_non_null(t->font_path);
}

static void cap_path(dev_device *d, const dev_path *p)
{
    cap_dev *c = (cap_dev *)d;
    rec *r = rec_push(c, R_PATH);
    ts_sp x0 = INT32_MAX, y0 = INT32_MAX, x1 = INT32_MIN, y1 = INT32_MIN;
    for (int i = 0; i < p->count; i++) {
        if (p->segs[i].op == DEV_CLOSE)
            continue;
        if (p->segs[i].x[0] < x0) x0 = p->segs[i].x[0];
        if (p->segs[i].y[0] < y0) y0 = p->segs[i].y[0];
        if (p->segs[i].x[0] > x1) x1 = p->segs[i].x[0];
        if (p->segs[i].y[0] > y1) y1 = p->segs[i].y[0];
    }
    r->x = x0;
    r->y = y0;
    r->w = x1 - x0;
    r->h = y1 - y0;
}

static void cap_image(dev_device *d, const dev_image *im)
{
    cap_dev *c = (cap_dev *)d;
    rec *r = rec_push(c, R_IMAGE);
    r->x = im->x;
    r->y = im->y;
    r->w = im->width;
    r->h = im->height;
}

static void cap_link(dev_device *d, const dev_link *l)
{
    cap_dev *c = (cap_dev *)d;
    rec *r = rec_push(c, R_LINK);
    r->x = l->x;
    r->y = l->y;
    r->w = l->width;
    r->h = l->height;
    snprintf(r->text, sizeof r->text, "%s", l->url ? l->url : "");
}

static void cap_bookmark(dev_device *d, int level, const char *title, ts_sp y)
{
    cap_dev *c = (cap_dev *)d;
    rec *r = rec_push(c, R_BOOKMARK);
    r->y = y;
    r->size = level;
    snprintf(r->text, sizeof r->text, "%s", title);
}

static void cap_begin_struct(dev_device *d, const dev_struct *s)
{
    cap_dev *c = (cap_dev *)d;
    rec *r = rec_push(c, R_BEGIN);
    snprintf(r->text, sizeof r->text, "%s", s->role);
    assert_true(c->depth < 64);
    snprintf(c->stack[c->depth++], sizeof c->stack[0], "%s", s->role);
}

static void cap_end_struct(dev_device *d)
{
    cap_dev *c = (cap_dev *)d;
    rec_push(c, R_END);
    if (c->depth == 0)
        c->negative_depth = 1;
    else
        c->depth--;
}

static void cap_begin_artifact(dev_device *d)
{
    cap_dev *c = (cap_dev *)d;
    rec_push(c, R_ART);
    c->artifact++;
    if (c->artifact > c->max_artifact_nesting)
        c->max_artifact_nesting = c->artifact;
}

static void cap_end_artifact(dev_device *d)
{
    cap_dev *c = (cap_dev *)d;
    c->artifact--;
    rec_push(c, R_END_ART);
}

static void cap_init(cap_dev *c)
{
    memset(c, 0, sizeof *c);
    c->dev.begin_page = cap_begin_page;
    c->dev.end_page = cap_end_page;
    c->dev.text = cap_text;
    c->dev.path = cap_path;
    c->dev.image = cap_image;
    c->dev.link = cap_link;
    c->dev.bookmark = cap_bookmark;
    c->dev.begin_struct = cap_begin_struct;
    c->dev.end_struct = cap_end_struct;
    c->dev.begin_artifact = cap_begin_artifact;
    c->dev.end_artifact = cap_end_artifact;
}

static void cap_free(cap_dev *c) { free(c->v); }

/* ---- fixture: layout, fonts, a document from Markdown ------------------- */

typedef struct fx {
    ts_arena *a;
    ts_diag d;
    char *msgs;
    size_t msgs_len;
    FILE *out;
    rd_layout L;
    tx_fonts *fonts;
    doc_document *doc;
    lo_result *res;
    cap_dev cap;
} fx;

static void fx_open(fx *f)
{
    memset(f, 0, sizeof *f);
    f->a = ts_arena_new();
    f->out = open_memstream(&f->msgs, &f->msgs_len);
    ts_diag_init(&f->d, f->out);
    rd_layout_defaults(&f->L);
    f->L.face_file[RD_FACE_REGULAR] = "fonts/OpenSans-Regular.ttf";
    f->L.face_file[RD_FACE_ITALIC] = "fonts/OpenSans-Italic.ttf";
    f->L.face_file[RD_FACE_BOLD] = "fonts/OpenSans-Bold.ttf";
    f->L.face_file[RD_FACE_BOLD_ITALIC] = "fonts/OpenSans-BoldItalic.ttf";
    f->L.face_file[RD_FACE_SEMIBOLD] = "fonts/OpenSans-Semibold.ttf";
    f->L.face_file[RD_FACE_MONO] = "fonts/DejaVuSansMono.ttf";
    f->L.fallback = "fonts/DejaVuSans.ttf";
    f->L.fallback_bold = "fonts/DejaVuSans-Bold.ttf";
    ts_pos nowhere = { NULL, 0, 0 };
    f->fonts = tx_fonts_new(&f->d, nowhere, &f->L);
    assert_non_null(f->fonts);
    f->doc = rd_document_new(f->a, ".");
    f->doc->meta.title = "Testdokument";
    f->doc->meta.status = DOC_STATUS_FINAL;
}

static void fx_markdown(fx *f, const char *md)
{
    assert_int_equal(rd_markdown_parse(f->doc, &f->d, "test.md", md, strlen(md)), 0);
}

static void fx_run(fx *f)
{
    f->res = lo_layout(f->doc, &f->L, f->fonts, &f->d);
    assert_non_null(f->res);
    cap_init(&f->cap);
    lo_render(f->res, &f->cap.dev);
    fflush(f->out);
}

static void fx_close(fx *f)
{
    cap_free(&f->cap);
    tx_fonts_drop(f->fonts);
    ts_arena_drop(f->a);
    fclose(f->out);
    free(f->msgs);
}

/* Filler prose: n sentences of ordinary Swedish words. */
static char *filler(int sentences, int seed)
{
    static const char *const words[] = {
        "trygghet", "och", "säkerhet", "i", "Malmö", "stad", "är", "en", "fråga",
        "för", "hela", "nämnden", "under", "året", "har", "arbetet", "med",
        "belysning", "klotter", "renhållning", "fortsatt", "enligt", "planen" };
    size_t nw = sizeof words / sizeof *words;
    size_t cap = (size_t)sentences * 160 + 16, o = 0;
    char *s = malloc(cap);
    unsigned x = (unsigned)seed * 2654435761u + 1;
    for (int i = 0; i < sentences; i++) {
        int len = 8 + (int)(x % 7);
        for (int w = 0; w < len; w++) {
            x = x * 1103515245u + 12345u;
            const char *word = words[(x >> 8) % nw];
            o += (size_t)snprintf(s + o, cap - o, "%s%s", w ? " " : (i ? " " : ""), word);
        }
        o += (size_t)snprintf(s + o, cap - o, ".");
    }
    return s;
}

/* ---- invariants every layout must keep ---------------------------------- */

static void check_inside_text_area(fx *f)
{
    ts_sp left = f->L.margin_left, right = f->L.page_width - f->L.margin_right;
    ts_sp top = f->L.margin_top, bottom = f->L.page_height - f->L.margin_bottom;
    for (size_t i = 0; i < f->cap.n; i++) {
        rec *r = &f->cap.v[i];
        if (r->artifact && (r->kind == R_TEXT) && (r->y < top || r->y > bottom))
            continue;   /* header and footer live in the margins */
        if (r->kind == R_TEXT) {
            if (r->x < left || r->x + r->w > right || r->y > bottom || r->y < top)
                fail_msg("text '%s' on page %d at x %.2f..%.2f y %.2f leaves the text area",
                         r->text, r->page + 1, ts_sp_to_pt(r->x), ts_sp_to_pt(r->x + r->w),
                         ts_sp_to_pt(r->y));
        } else if (r->kind == R_PATH || r->kind == R_IMAGE || r->kind == R_LINK) {
            if (r->x < left - TS_PT || r->x + r->w > right + TS_PT || r->y < top - TS_PT ||
                r->y + r->h > bottom + TS_PT)
                fail_msg("a %s on page %d leaves the text area",
                         r->kind == R_PATH ? "path" : r->kind == R_IMAGE ? "image" : "link",
                         r->page + 1);
        }
    }
}

static void check_balanced(fx *f)
{
    assert_int_equal(f->cap.depth, 0);
    assert_false(f->cap.negative_depth);
    assert_int_equal(f->cap.artifact, 0);
    assert_int_equal(f->cap.max_artifact_nesting, 1);
}

/* The content text runs of page `page` (not artifacts), in order. */
static size_t content_texts(fx *f, int page, rec **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < f->cap.n && n < max; i++)
        if (f->cap.v[i].kind == R_TEXT && !f->cap.v[i].artifact && f->cap.v[i].page == page)
            out[n++] = &f->cap.v[i];
    return n;
}

/* ---- tests -------------------------------------------------------------- */

static void test_mixed_document_stays_inside(void **state)
{
    (void)state;
    fx f;
    fx_open(&f);
    char *p1 = filler(30, 1), *p2 = filler(12, 2), *p3 = filler(6, 3);
    char *md = malloc(strlen(p1) + strlen(p2) * 3 + strlen(p3) * 2 + 4096);
    sprintf(md,
            "# Sammanfattning\n\n%s\n\n## Renhållning\n\n%s *kursivt* och **fett** "
            "och `kod` och [en länk](https://malmo.se) och ~~struket~~.\n\n"
            "- första punkten %s\n- andra punkten\n  - inre punkt\n\n"
            "1. ett\n2. två %s\n\n> %s\n\n```\nint main(void) { return 0; }\n\tindrag\n```\n\n"
            "---\n\n| Område | Antal | Kommentar |\n|---|---:|---|\n| Centrum | 12 450 | %s |\n"
            "| Söder | 3 | kort |\n\nSista stycket med en fotnot.[^1]\n\n[^1]: Fotnotens text.\n",
            p1, p2, p3, p3, p2, p2);
    fx_markdown(&f, md);
    fx_run(&f);
    assert_int_equal(f.d.errors, 0);
    assert_true(lo_page_count(f.res) >= 2);
    check_inside_text_area(&f);
    check_balanced(&f);
    /* the footnote's text is set, after its reference */
    int note = 0, link = 0, bookmarks = 0;
    for (size_t i = 0; i < f.cap.n; i++) {
        if (f.cap.v[i].kind == R_TEXT && !strncmp(f.cap.v[i].text, "Fotnotens ", 10))
            note = 1;
        if (f.cap.v[i].kind == R_LINK && !strcmp(f.cap.v[i].text, "https://malmo.se"))
            link = 1;
        if (f.cap.v[i].kind == R_BOOKMARK)
            bookmarks++;
    }
    assert_true(note);
    assert_true(link);
    assert_int_equal(bookmarks, 2);
    free(md);
    free(p1);
    free(p2);
    free(p3);
    fx_close(&f);
}

static void test_footer_two_pages(void **state)
{
    (void)state;
    fx f;
    fx_open(&f);
    f.L.chapter_new_page = 1;
    fx_markdown(&f, "# Ett\n\nFörsta kapitlet.\n\n# Två\n\nAndra kapitlet.\n");
    fx_run(&f);
    assert_int_equal(lo_page_count(f.res), 2);
    int seen[2] = { 0, 0 };
    for (size_t i = 0; i < f.cap.n; i++) {
        rec *r = &f.cap.v[i];
        if (r->kind != R_TEXT || !r->artifact)
            continue;
        /* "1 (2)" is one text run, its word space a real space */
        if (!strcmp(r->text, "1 (2)") && r->page == 0)
            seen[0] = 1;
        if (!strcmp(r->text, "2 (2)") && r->page == 1)
            seen[1] = 1;
        /* the footer sits in the bottom margin, right-aligned */
        if (!strcmp(r->text, "1 (2)")) {
            assert_true(r->y > f.L.page_height - f.L.margin_bottom);
            assert_true(r->x + r->w <= f.L.page_width - f.L.margin_right);
        }
    }
    assert_true(seen[0]);
    assert_true(seen[1]);
    check_balanced(&f);
    fx_close(&f);
}

/* Whatever the amount of text before it, a heading is never the last thing
 * on a page, and comes with at least two lines of what follows. */
static void test_heading_not_last_on_page(void **state)
{
    (void)state;
    for (int n = 20; n < 60; n += 1) {
        fx f;
        fx_open(&f);
        char *before = filler(n, n), *after = filler(10, n + 100);
        char *md = malloc(strlen(before) + strlen(after) + 256);
        sprintf(md, "%s\n\n## En rubrik som ska hållas ihop\n\n%s\n", before, after);
        fx_markdown(&f, md);
        fx_run(&f);
        for (int p = 0; p < lo_page_count(f.res); p++) {
            rec *t[4096];
            size_t k = content_texts(&f, p, t, 4096);
            assert_true(k > 0);
            if (strcmp(t[k - 1]->role, "H2") == 0)
                fail_msg("with %d sentences the heading ends page %d", n, p + 1);
            /* lines after the heading on its page: at least two */
            size_t h = k;
            for (size_t i = 0; i < k; i++)
                if (!strcmp(t[i]->role, "H2")) {
                    h = i;
                    break;
                }
            if (h < k) {
                ts_sp last_heading_y = t[h]->y;
                int lines = 0;
                ts_sp y = last_heading_y;
                for (size_t i = h; i < k; i++)
                    if (strcmp(t[i]->role, "H2") && t[i]->y != y) {
                        lines++;
                        y = t[i]->y;
                    }
                if (lines < 2)
                    fail_msg("with %d sentences the heading has %d lines after it", n, lines);
            }
        }
        check_inside_text_area(&f);
        check_balanced(&f);
        free(md);
        free(before);
        free(after);
        fx_close(&f);
    }
}

static void test_list_labels_hang(void **state)
{
    (void)state;
    fx f;
    fx_open(&f);
    char *p = filler(5, 7);
    char *md = malloc(strlen(p) * 2 + 256);
    sprintf(md, "- %s\n- kort\n  - inre\n\n1. ett\n2. %s\n", p, p);
    fx_markdown(&f, md);
    fx_run(&f);
    int labels = 0;
    for (size_t i = 0; i < f.cap.n; i++) {
        rec *r = &f.cap.v[i];
        if (r->kind != R_TEXT || strcmp(r->role, "Lbl"))
            continue;
        /* the next text run is the item's first word, on the same baseline,
         * to the right of the label */
        size_t j = i + 1;
        while (j < f.cap.n && f.cap.v[j].kind != R_TEXT)
            j++;
        assert_true(j < f.cap.n);
        rec *body = &f.cap.v[j];
        assert_int_equal(body->y, r->y);
        assert_true(r->x + r->w < body->x);
        /* and every line of the item starts at the body's left edge */
        labels++;
    }
    assert_int_equal(labels, 5);
    /* the bullet is "•", the numbers "1." "2." */
    int bullets = 0, numbers = 0;
    for (size_t i = 0; i < f.cap.n; i++) {
        if (f.cap.v[i].kind != R_TEXT || strcmp(f.cap.v[i].role, "Lbl"))
            continue;
        if (!strcmp(f.cap.v[i].text, "•"))
            bullets++;
        if (!strcmp(f.cap.v[i].text, "1.") || !strcmp(f.cap.v[i].text, "2."))
            numbers++;
    }
    assert_int_equal(bullets, 3);
    assert_int_equal(numbers, 2);
    check_inside_text_area(&f);
    check_balanced(&f);
    free(md);
    free(p);
    fx_close(&f);
}

static void test_long_word_warns_and_breaks(void **state)
{
    (void)state;
    fx f;
    fx_open(&f);
    char md[1024];
    strcpy(md, "Före ");
    for (int i = 0; i < 20; i++)
        strcat(md, "trygghetsvandring");
    strcat(md, " efter.\n");
    fx_markdown(&f, md);
    fx_run(&f);
    assert_int_equal(f.d.errors, 0);
    assert_true(f.d.warnings >= 1);
    assert_non_null(strstr(f.msgs, "is wider than the line; it is broken"));
    assert_non_null(strstr(f.msgs, "test.md:1:6:"));
    check_inside_text_area(&f);
    fx_close(&f);
}

static void trace_string(fx *f, char **out, size_t *len)
{
    FILE *m = open_memstream(out, len);
    for (size_t i = 0; i < f->cap.n; i++) {
        rec *r = &f->cap.v[i];
        fprintf(m, "%d %d %s %s %d %d %d %d\n", r->kind, r->page, r->role, r->text, r->x, r->y,
                r->w, r->h);
    }
    fclose(m);
}

static void test_deterministic(void **state)
{
    (void)state;
    char *trace[2];
    size_t len[2];
    char *p = filler(40, 9);
    char *md = malloc(strlen(p) + 512);
    sprintf(md, "# Rubrik\n\n%s\n\n- a\n- b\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", p);
    for (int k = 0; k < 2; k++) {
        fx f;
        fx_open(&f);
        fx_markdown(&f, md);
        fx_run(&f);
        trace_string(&f, &trace[k], &len[k]);
        fx_close(&f);
    }
    assert_int_equal(len[0], len[1]);
    assert_memory_equal(trace[0], trace[1], len[0]);
    free(trace[0]);
    free(trace[1]);
    free(md);
    free(p);
}

/* Indicator, table and chart blocks are numbered placeholders for now. */
static void test_placeholders_numbered(void **state)
{
    (void)state;
    fx f;
    fx_open(&f);
    ts_pos pos = { "test.md", 1, 1 };
    doc_kind kinds[3] = { DOC_INDICATORS, DOC_CHART, DOC_DATA_TABLE };
    for (int i = 0; i < 3; i++) {
        doc_node *n = doc_node_new(f.a, kinds[i], pos);
        n->block = ts_arena_alloc(f.a, sizeof *n->block);
        n->block->caption = i == 1 ? NULL : "Nyckeltal";
        n->block->title = "Klotter per år";
        n->block->data = "data/x.csv";
        doc_node_append(f.doc->root, n);
    }
    fx_run(&f);
    assert_int_equal(lo_table_count(f.res), 2);
    assert_int_equal(lo_chart_count(f.res), 1);
    int tabell2 = 0, figur1 = 0;
    for (size_t i = 0; i + 1 < f.cap.n; i++) {
        if (f.cap.v[i].kind != R_TEXT)
            continue;
        if (!strncmp(f.cap.v[i].text, "Tabell 2. ", 10))
            tabell2 = 1;
        if (!strncmp(f.cap.v[i].text, "Figur 1. ", 9))
            figur1 = 1;
    }
    assert_true(tabell2);
    assert_true(figur1);
    check_inside_text_area(&f);
    check_balanced(&f);
    fx_close(&f);
}

/* A long table breaks between rows and repeats its header row. */
static void test_table_header_repeats(void **state)
{
    (void)state;
    fx f;
    fx_open(&f);
    size_t cap = 200 * 64 + 256, o = 0;
    char *md = malloc(cap);
    o += (size_t)snprintf(md + o, cap - o, "| Område | Antal |\n|---|---:|\n");
    for (int i = 0; i < 120; i++)
        o += (size_t)snprintf(md + o, cap - o, "| Stadsdel %d | %d |\n", i, i * 7);
    fx_markdown(&f, md);
    fx_run(&f);
    assert_true(lo_page_count(f.res) >= 2);
    for (int p = 0; p < lo_page_count(f.res); p++) {
        rec *t[4096];
        size_t k = content_texts(&f, p, t, 4096);
        int first_is_header = 0;
        /* on later pages the header is an artifact, drawn first */
        for (size_t i = 0; i < f.cap.n; i++)
            if (f.cap.v[i].kind == R_TEXT && f.cap.v[i].page == p &&
                f.cap.v[i].y > f.L.margin_top && f.cap.v[i].y < f.L.margin_top + 20 * TS_PT) {
                first_is_header = !strcmp(f.cap.v[i].text, "Område");
                break;
            }
        assert_true(first_is_header);
        assert_true(k > 0);
    }
    check_inside_text_area(&f);
    check_balanced(&f);
    free(md);
    fx_close(&f);
}

/* A paragraph of four lines or more never leaves one line alone. */
static void test_widows_and_orphans(void **state)
{
    (void)state;
    for (int n = 30; n < 50; n++) {
        fx f;
        fx_open(&f);
        char *before = filler(n, n), *para = filler(6, 5);
        char *md = malloc(strlen(before) + strlen(para) + 16);
        sprintf(md, "%s\n\n%s\n", before, para);
        fx_markdown(&f, md);
        fx_run(&f);
        /* count the lines of each paragraph on each page */
        int lines_on[8] = { 0 };
        int para_index = -1;
        ts_sp y = -1;
        int page = -1;
        for (size_t i = 0; i < f.cap.n; i++) {
            rec *r = &f.cap.v[i];
            if (r->kind == R_BEGIN && !strcmp(r->text, "P")) {
                para_index++;
                y = -1;
            }
            if (r->kind == R_TEXT && !r->artifact && para_index == 1 && r->page < 8 &&
                (r->y != y || r->page != page)) {
                lines_on[r->page]++;
                y = r->y;
                page = r->page;
            }
        }
        for (int p = 0; p < 8; p++)
            if (lines_on[p] == 1)
                fail_msg("with %d sentences before, the paragraph has one line on page %d", n,
                         p + 1);
        free(md);
        free(before);
        free(para);
        fx_close(&f);
    }
}

/* A figure is scaled to the text width keeping its aspect ratio, read from
 * the PNG or JPEG header; its caption follows below. */
static void test_figure_scaled(void **state)
{
    (void)state;
    static const unsigned char png[24] = {
        0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
        0, 0, 0x01, 0x2c, 0, 0, 0, 0xc8 };                 /* 300 x 200 */
    static const unsigned char jpg[] = {
        0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
        0xFF, 0xC0, 0, 17, 8, 0x01, 0x90, 0x01, 0x90, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
    /* 400 x 400 */
    char dir[] = "/tmp/trycksak-layout-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char png_path[64], jpg_path[64];
    snprintf(png_path, sizeof png_path, "%s/a.png", dir);
    snprintf(jpg_path, sizeof jpg_path, "%s/b.jpg", dir);
    FILE *o = fopen(png_path, "wb");
    assert_non_null(o);
    fwrite(png, 1, sizeof png, o);
    fclose(o);
    o = fopen(jpg_path, "wb");
    assert_non_null(o);
    fwrite(jpg, 1, sizeof jpg, o);
    fclose(o);

    fx f;
    fx_open(&f);
    ts_pos pos = { "test.md", 3, 1 };
    const char *paths[2] = { png_path, jpg_path };
    for (int i = 0; i < 2; i++) {
        doc_node *n = doc_node_new(f.a, DOC_FIGURE, pos);
        n->url = paths[i];
        n->text = "En bild";
        n->title = "Bildtext";
        doc_node_append(f.doc->root, n);
    }
    fx_run(&f);
    ts_sp width = f.L.page_width - f.L.margin_left - f.L.margin_right;
    int images = 0;
    for (size_t i = 0; i < f.cap.n; i++) {
        rec *r = &f.cap.v[i];
        if (r->kind != R_IMAGE)
            continue;
        assert_string_equal(r->role, "Figure");
        if (images == 0) {
            assert_int_equal(r->w, width);
            assert_int_equal(r->h, (ts_sp)((int64_t)width * 200 / 300));
        } else {
            assert_int_equal(r->w, r->h);   /* square; may be limited by the page */
        }
        /* the caption comes right after, below the image */
        size_t j = i + 1;
        while (j < f.cap.n && f.cap.v[j].kind != R_TEXT)
            j++;
        assert_true(j < f.cap.n);
        /* numbered through the document, with the charts */
        assert_string_equal(f.cap.v[j].text, images == 0 ? "Figur 1. Bildtext"
                                                          : "Figur 2. Bildtext");
        assert_string_equal(f.cap.v[j].role, "Caption");
        assert_true(f.cap.v[j].y > r->y + r->h);
        images++;
    }
    assert_int_equal(images, 2);
    assert_int_equal(f.d.warnings, 0);
    check_inside_text_area(&f);
    check_balanced(&f);
    fx_close(&f);
    remove(png_path);
    remove(jpg_path);
    rmdir(dir);
}

/* ---- breaking (issue: paragraphs and pages of TeX quality) --------------- */

/* A footnote is set at the foot of the page that refers to it: its number
 * and text below every line of the page's text, on that page. */
static void test_footnote_at_foot_of_its_page(void **state)
{
    (void)state;
    fx f;
    fx_open(&f);
    char *p1 = filler(40, 7), *p2 = filler(30, 8);
    char *md = malloc(strlen(p1) + strlen(p2) + 512);
    sprintf(md, "# Kapitel\n\n%s Här är hänvisningen.[^a]\n\n%s\n\n[^a]: Fotnotstexten.\n", p1, p2);
    fx_markdown(&f, md);
    fx_run(&f);
    assert_int_equal(f.d.errors, 0);
    check_inside_text_area(&f);
    check_balanced(&f);
    int ref_page = -1, note_page = -1;
    ts_sp note_y = 0, lowest_body = 0;
    for (size_t i = 0; i < f.cap.n; i++) {
        rec *r = &f.cap.v[i];
        if (r->kind != R_TEXT || r->artifact)
            continue;
        /* the mark in the text: a Reference element */
        if (!strcmp(r->text, "1") && !strcmp(r->role, "Reference") && r->size < 9 * TS_PT &&
            ref_page < 0)
            ref_page = r->page;
        if (!strcmp(r->text, "Fotnotstexten.")) {
            note_page = r->page;
            note_y = r->y;
        }
    }
    assert_true(ref_page >= 0);
    assert_int_equal(note_page, ref_page);
    for (size_t i = 0; i < f.cap.n; i++) {
        rec *r = &f.cap.v[i];
        if (r->kind == R_TEXT && !r->artifact && r->page == note_page && r->size >= 11 * TS_PT &&
            r->y > lowest_body)
            lowest_body = r->y;
    }
    assert_true(note_y > lowest_body);
    free(md);
    free(p1);
    free(p2);
    fx_close(&f);
}

/* Long compounds on a narrow measure are hyphenated: a line ends in a
 * hyphen, the word goes on at the start of the next line, and never more
 * than two lines in a row end so. Headings are not hyphenated. */
static void test_hyphenation_in_running_text(void **state)
{
    (void)state;
    fx f;
    fx_open(&f);
    f.L.margin_left = TS_MM_SP(60);
    f.L.margin_right = TS_MM_SP(60);
    fx_markdown(&f, "# Trygghetsfrämjandeåtgärder och brottsförebyggande samverkan\n\n"
                    "Trygghetsfrämjande åtgärder, samhällsbyggnadsförvaltningens "
                    "trafiksäkerhetsprogram, brottsförebyggande samordning, "
                    "renhållningsentreprenörens kvalitetsuppföljning och "
                    "belysningsinventeringen är ord som en smal spalt måste klara, "
                    "liksom fastighetsförvaltningens trygghetsvandringar.\n");
    fx_run(&f);
    assert_int_equal(f.d.errors, 0);
    check_inside_text_area(&f);
    int hyphens = 0, run = 0, max_run = 0;
    for (size_t i = 0; i + 1 < f.cap.n; i++) {
        rec *r = &f.cap.v[i];
        if (r->kind != R_TEXT || r->artifact)
            continue;
        size_t len = strlen(r->text);
        int ends_line = f.cap.v[i + 1].kind != R_TEXT || f.cap.v[i + 1].y != r->y;
        if (!ends_line)
            continue;
        if (len > 1 && r->text[len - 1] == '-') {
            /* in the Span that reads it as the whole word (tagged PDF),
             * which only running text gets */
            assert_string_equal(r->role, "Span");
            hyphens++;
            run++;
        } else {
            run = 0;
        }
        if (run > max_run)
            max_run = run;
    }
    assert_true(hyphens >= 1);
    assert_true(max_run <= 2);
    fx_close(&f);
}

/* Numbers and their units stay on one line: 12 450 ärenden, 45 %. */
static void test_numbers_never_split(void **state)
{
    (void)state;
    fx f;
    fx_open(&f);
    f.L.margin_left = TS_MM_SP(70);
    f.L.margin_right = TS_MM_SP(70);
    fx_markdown(&f, "Antalet var 12 450 ärenden och andelen 45 % år 2026, "
                    "sträckan 3 mm kl. 9.00 enligt § 3 och nr 5, upprepat: "
                    "12 450 ärenden, 45 %, 3 mm, kl. 9.00, § 3, nr 5.\n");
    fx_run(&f);
    assert_int_equal(f.d.errors, 0);
    for (size_t i = 0; i + 1 < f.cap.n; i++) {
        rec *r = &f.cap.v[i], *nx = &f.cap.v[i + 1];
        if (r->kind != R_TEXT || nx->kind != R_TEXT || r->artifact)
            continue;
        if (nx->y == r->y)
            continue;   /* same line */
        /* r ends a line: it must not be a number followed by its group,
         * unit or sign on the next line */
        int number = r->text[0] >= '0' && r->text[0] <= '9';
        assert_false(number && (!strcmp(nx->text, "450") || !strcmp(nx->text, "%") ||
                                !strcmp(nx->text, "mm") || !strcmp(nx->text, "ärenden")));
        assert_false(!strcmp(r->text, "kl.") || !strcmp(r->text, "§") || !strcmp(r->text, "nr"));
    }
    fx_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mixed_document_stays_inside),
        cmocka_unit_test(test_footer_two_pages),
        cmocka_unit_test(test_heading_not_last_on_page),
        cmocka_unit_test(test_list_labels_hang),
        cmocka_unit_test(test_long_word_warns_and_breaks),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_placeholders_numbered),
        cmocka_unit_test(test_table_header_repeats),
        cmocka_unit_test(test_widows_and_orphans),
        cmocka_unit_test(test_figure_scaled),
        cmocka_unit_test(test_footnote_at_foot_of_its_page),
        cmocka_unit_test(test_hyphenation_in_running_text),
        cmocka_unit_test(test_numbers_never_split),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
