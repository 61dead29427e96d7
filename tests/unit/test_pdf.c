/* Unit tests for src/pdf: a document drawn through the PDF device is saved
 * and checked with the PDF tools the build installs (qpdf, pdffonts,
 * pdftotext, pdfinfo), as a reader would see it: a clean file, fonts
 * embedded and subset, the Swedish text extracted exactly, kerning in the
 * TJ arrays, links, bookmarks, information, byte-identical repeats and no
 * file at all when saving fails; PDF/A-2b (tests/pdfa_check.py, the XMP
 * and its escaping), the print variant (boxes, CMYK, crop marks, bleed),
 * the structure tree (tagged PDF, PDF/UA),
 * and the errors the archival rules add (.notdef, the colour profile).
 *
 * Glyphs come from HarfBuzz directly (the text stage is tested on its own),
 * shaped with its default features, as the text stage does. Run from the
 * repository root (fonts/ after `make fonts`), or with TRYCKSAK_DATA set.
 * KEEP=1 in the environment leaves the temporary folders for inspection. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <hb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../src/pdf/pdf_internal.h"

/* ---- helpers -------------------------------------------------------------- */

static char font_regular[4096], font_dejavu[4096], checker[4096];

static void find_fonts(void)
{
    const char *data = getenv("TRYCKSAK_DATA");
    snprintf(checker, sizeof checker, "%s/tests/pdfa_check.py", data && *data ? data : ".");
    snprintf(font_regular, sizeof font_regular, "%s/fonts/OpenSans-Regular.ttf",
             data && *data ? data : ".");
    snprintf(font_dejavu, sizeof font_dejavu, "%s/fonts/DejaVuSans.ttf",
             data && *data ? data : ".");
}

static char *temp_dir(void)
{
    const char *tmp = getenv("TMPDIR");
    char *path = malloc(4096);
    assert_non_null(path);
    snprintf(path, 4096, "%s/trycksak-pdf-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    assert_non_null(mkdtemp(path));
    return path;
}

static char *path_in(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static void remove_tree(const char *dir)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* Run a shell command; its standard output (malloc'd) and exit status. */
static char *run(const char *cmd, int *status)
{
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    size_t cap = 4096, len = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    size_t n;
    while ((n = fread(out + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2) {
            cap *= 2;
            out = realloc(out, cap);
            assert_non_null(out);
        }
    }
    out[len] = 0;
    int st = pclose(f);
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return out;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = 0;
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* strstr over a whole file that may hold NUL bytes (font data). */
static char *find(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; n <= len && i <= len - n; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, n) == 0) return (char *)hay + i;
    return NULL;
}

/* A shaped run, as the text stage would give it. */
typedef struct run_glyphs {
    int count;
    uint32_t cps[128], gids[128];
    ts_sp advances[128];
} run_glyphs;

static void shape(const char *font, ts_sp size, const char *utf8, run_glyphs *r)
{
    hb_blob_t *blob = hb_blob_create_from_file(font);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_font_t *hbf = hb_font_create(face);
    unsigned upem = hb_face_get_upem(face);
    assert_true(upem > 0);
    hb_font_set_scale(hbf, (int)upem, (int)upem);

    hb_buffer_t *buf = hb_buffer_create();
    hb_buffer_add_utf8(buf, utf8, -1, 0, -1);
    hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
    hb_buffer_set_script(buf, HB_SCRIPT_LATIN);
    hb_buffer_set_language(buf, hb_language_from_string("sv", -1));
    hb_feature_t no_liga[2];
    hb_feature_from_string("-liga", -1, &no_liga[0]);
    hb_feature_from_string("-clig", -1, &no_liga[1]);
    hb_shape(hbf, buf, no_liga, 2);

    unsigned n;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &n);
    assert_true(n < 128);
    r->count = (int)n;
    for (unsigned i = 0; i < n; i++) {
        uint32_t cp;
        ts_utf8_decode(utf8 + info[i].cluster, strlen(utf8 + info[i].cluster), &cp);
        assert_int_not_equal(info[i].codepoint, 0);      /* no .notdef */
        r->cps[i] = cp;
        r->gids[i] = info[i].codepoint;
        r->advances[i] = (ts_sp)(((long long)pos[i].x_advance * size + upem / 2) / upem);
    }
    hb_buffer_destroy(buf);
    hb_font_destroy(hbf);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
}

static void draw_text(dev_device *dev, const char *font, ts_sp size, double x_pt,
                      double y_pt, const char *utf8)
{
    run_glyphs r;
    shape(font, size, utf8, &r);
    dev_text t = {
        .font = 0, .font_path = font, .size = size,
        .x = TS_SP_FROM_PT(x_pt), .y = TS_SP_FROM_PT(y_pt),
        .color = {0x1a, 0x1a, 0x1a}, .count = r.count, .cps = r.cps,
        .gids = r.gids, .advances = r.advances, .y_offsets = NULL,
    };
    dev_draw_text(dev, &t);
}

static const pdf_info test_info = {
    .title = "Trygghets- och säkerhetsbokslut 2026",
    .subject = "Tekniska nämnden",
    .author = "Fastighets- och gatukontoret",
    .keywords = "trygghet, säkerhet",
    .language = "sv-SE",
    .created = 1773532800,       /* 2026-03-15 00:00 UTC */
    .draft = 1,
};

#define LINE1 "Trygghet och säkerhet: å ä ö Å Ä Ö é"
#define LINE2 "”Citat” 2023–2026 och −3 grader"
#define LINE3 "AVAVA"
#define LINE4 "Källa: Malmö stad"

/* The sample document: two A4 pages with text in two fonts, paths, an
 * image when png is given, an external and a forward internal link, and
 * nested bookmarks; tagged as the layout tags: a heading, links in Link
 * elements, a paragraph running onto the next page, a Figure with alt
 * text around the drawing, a page number as an artifact. */
static void draw_document(dev_device *dev, const char *png)
{
    ts_sp a4w = TS_MM_SP(210), a4h = TS_MM_SP(297);
    dev_begin_page(dev, a4w, a4h);
    dev_add_bookmark(dev, 1, "Sammanfattning – ”år” 2026", TS_SP_FROM_PT(72));
    dev_begin_struct(dev, &(dev_struct){.role = "H1"});
    draw_text(dev, font_regular, 18 * TS_PT, 72, 90, LINE1);
    dev_end_struct(dev);
    dev_begin_struct(dev, &(dev_struct){.role = "P"});
    dev_begin_struct(dev, &(dev_struct){.role = "Link"});
    draw_text(dev, font_regular, 11 * TS_PT, 72, 130, LINE2);
    dev_link ext = {TS_SP_FROM_PT(72), TS_SP_FROM_PT(110), TS_SP_FROM_PT(100),
                    TS_SP_FROM_PT(14), "https://malmo.se/trygghet", 0, 0};
    dev_add_link(dev, &ext);
    dev_end_struct(dev);
    dev_begin_struct(dev, &(dev_struct){.role = "Link"});
    draw_text(dev, font_regular, 24 * TS_PT, 72, 180, LINE3);
    dev_link internal = {TS_SP_FROM_PT(72), TS_SP_FROM_PT(160), TS_SP_FROM_PT(100),
                         TS_SP_FROM_PT(24), NULL, 1, TS_SP_FROM_PT(72)};
    dev_add_link(dev, &internal);
    dev_end_struct(dev);
    dev_end_struct(dev);
    dev_add_bookmark(dev, 2, "Nyckeltal", TS_SP_FROM_PT(200));
    dev_begin_struct(dev, &(dev_struct){.role = "P"});   /* ends on page 2 */
    draw_text(dev, font_dejavu, 10 * TS_PT, 72, 220, LINE4);
    dev_begin_struct(dev, &(dev_struct){.role = "Figure", .alt = "En röd ruta och en kurva"});

    dev_color red = {0xc8, 0x10, 0x2e}, teal = {0x00, 0x78, 0x96};
    dev_rect(dev, TS_SP_FROM_PT(72), TS_SP_FROM_PT(260), TS_SP_FROM_PT(200),
             TS_SP_FROM_PT(40), 1, red, 1, teal, TS_SP_FROM_PT(0.5));
    dev_path_seg segs[4] = {
        {.op = DEV_MOVE, .x = {TS_SP_FROM_PT(72)}, .y = {TS_SP_FROM_PT(320)}},
        {.op = DEV_CURVE,
         .x = {TS_SP_FROM_PT(120), TS_SP_FROM_PT(160), TS_SP_FROM_PT(200)},
         .y = {TS_SP_FROM_PT(300), TS_SP_FROM_PT(340), TS_SP_FROM_PT(320)}},
        {.op = DEV_LINE, .x = {TS_SP_FROM_PT(260)}, .y = {TS_SP_FROM_PT(330)}},
        {.op = DEV_CLOSE},
    };
    ts_sp dash[2] = {TS_SP_FROM_PT(3), TS_SP_FROM_PT(1.5)};
    dev_path path = {.count = 4, .segs = segs, .stroke = 1, .stroke_color = teal,
                     .line_width = TS_SP_FROM_PT(1), .dash_count = 2, .dash = dash};
    dev_draw_path(dev, &path);

    if (png) {
        dev_image im = {png, TS_SP_FROM_PT(300), TS_SP_FROM_PT(260),
                        TS_SP_FROM_PT(40), TS_SP_FROM_PT(80)};
        dev_draw_image(dev, &im);
    }
    dev_end_struct(dev);
    dev_end_page(dev);

    dev_begin_page(dev, a4w, a4h);
    dev_begin_artifact(dev);
    draw_text(dev, font_regular, 9 * TS_PT, 72, 800, "2 (2)");
    dev_end_artifact(dev);
    /* a word hyphenated at a line end reads as the whole word */
    dev_begin_struct(dev, &(dev_struct){.role = "Span", .actual_text = "gatukontoret"});
    draw_text(dev, font_regular, 11 * TS_PT, 72, 72, "gatu-");
    dev_end_struct(dev);
    dev_end_struct(dev);
    dev_add_bookmark(dev, 1, "Renhållning", TS_SP_FROM_PT(72));
    dev_end_page(dev);
}

static const unsigned char tiny_png[] = {
    0x89,0x50,0x4e,0x47,0x0d,0x0a,0x1a,0x0a,0x00,0x00,0x00,0x0d,0x49,0x48,0x44,0x52,
    0x00,0x00,0x00,0x01,0x00,0x00,0x00,0x02,0x08,0x02,0x00,0x00,0x00,0x16,0xe3,0x21,
    0x70,0x00,0x00,0x00,0x10,0x49,0x44,0x41,0x54,0x78,0xda,0x63,0x38,0x21,0xa0,0xc7,
    0xc0,0x50,0x31,0x0d,0x00,0x08,0x4c,0x02,0x15,0xf8,0xad,0x54,0x88,0x00,0x00,0x00,
    0x00,0x49,0x45,0x4e,0x44,0xae,0x42,0x60,0x82,
};

static void write_bytes(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* A 2 × 2 palette PNG: libharu makes it [/Indexed /DeviceRGB 1 <…>]. */
static const unsigned char palette_png[] = {
    0x89,0x50,0x4e,0x47,0x0d,0x0a,0x1a,0x0a,0x00,0x00,0x00,0x0d,0x49,0x48,0x44,0x52,
    0x00,0x00,0x00,0x02,0x00,0x00,0x00,0x02,0x08,0x03,0x00,0x00,0x00,0x45,0x68,0xfd,
    0x16,0x00,0x00,0x00,0x06,0x50,0x4c,0x54,0x45,0xd7,0x28,0x2f,0x00,0x78,0x96,0x5d,
    0x36,0x8b,0x7a,0x00,0x00,0x00,0x0c,0x49,0x44,0x41,0x54,0x78,0x9c,0x63,0x60,0x60,
    0x04,0x42,0x00,0x00,0x0c,0x00,0x03,0x2b,0x63,0xcb,0x50,0x00,0x00,0x00,0x00,0x49,
    0x45,0x4e,0x44,0xae,0x42,0x60,0x82
};

/* Save the sample document drawn through a device made with `info` into
 * dir/name, its image a palette PNG when `palette`; returns the path
 * (malloc'd). */
static char *make_document_with(const pdf_info *info, const char *dir, const char *name,
                                int palette, FILE *diag_out)
{
    ts_diag d;
    ts_diag_init(&d, diag_out);
    char *png = path_in(dir, "bild.png");
    if (palette) write_bytes(png, palette_png, sizeof palette_png);
    else write_bytes(png, tiny_png, sizeof tiny_png);
    dev_device *dev = pdf_device_new(info, &d);
    assert_non_null(dev);
    draw_document(dev, png);
    char *out = path_in(dir, name);
    assert_int_equal(pdf_device_save(dev, out), 0);
    dev_drop(dev);
    assert_int_equal(d.errors, 0);
    free(png);
    return out;
}

static char *make_document(const char *dir, const char *name, FILE *diag_out)
{
    return make_document_with(&test_info, dir, name, 0, diag_out);
}

/* The checker's verdict on pdf: its exit status, its output in *out. */
static int pdfa_check(const char *pdf, int print, char **out)
{
    char cmd[9000];
    int st;
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' %s'%s' 2>&1", checker,
             print ? "--print " : "", pdf);
    *out = run(cmd, &st);
    if (st != 0) fprintf(stderr, "%s", *out);
    return st;
}

/* qpdf's QDF form of pdf (uncompressed, one object per line), malloc'd. */
static char *qdf_of(const char *dir, const char *pdf, size_t *len)
{
    char *qdf = path_in(dir, "q.pdf");
    char cmd[9000];
    int st;
    snprintf(cmd, sizeof cmd, "qpdf --qdf --object-streams=disable '%s' '%s'", pdf, qdf);
    free(run(cmd, &st));
    assert_int_equal(st, 0);
    char *q = read_all(qdf, len);
    free(qdf);
    return q;
}

/* ---- tests ---------------------------------------------------------------- */

static void test_qpdf_check(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char *pdf = make_document(dir, "a.pdf", stderr);
    char cmd[8400];
    int st;
    snprintf(cmd, sizeof cmd, "qpdf --check '%s' 2>&1", pdf);
    char *out = run(cmd, &st);
    if (st != 0) fprintf(stderr, "%s", out);
    assert_int_equal(st, 0);
    assert_null(strstr(out, "WARNING"));
    free(out);
    free(pdf);
    if (!getenv("KEEP")) remove_tree(dir);
    free(dir);
}

static void test_fonts_embedded_and_subset(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char *pdf = make_document(dir, "a.pdf", stderr);
    char cmd[8400];
    int st;
    snprintf(cmd, sizeof cmd, "pdffonts '%s' 2>&1", pdf);
    char *out = run(cmd, &st);
    assert_int_equal(st, 0);
    /* After the two header lines, one line per font:
     * name type... encoding emb sub uni object ID */
    int fonts = 0;
    char *line = strtok(out, "\n");
    for (int i = 0; line; line = strtok(NULL, "\n"), i++) {
        if (i < 2) continue;
        fonts++;
        if (!strstr(line, " yes yes yes ")) fprintf(stderr, "pdffonts: %s\n", line);
        assert_non_null(strstr(line, "CID TrueType"));
        assert_non_null(strstr(line, "Identity-H"));
        assert_non_null(strstr(line, " yes yes yes "));     /* emb sub uni */
        assert_true(line[6] == '+');                          /* ABCDEF+ */
    }
    assert_int_equal(fonts, 2);
    free(out);

    /* Subset: the embedded Open Sans is far smaller than the file. */
    snprintf(cmd, sizeof cmd, "wc -c < '%s'", pdf);
    out = run(cmd, &st);
    assert_true(atol(out) < 120000);
    free(out);
    free(pdf);
    if (!getenv("KEEP")) remove_tree(dir);
    free(dir);
}

static void test_text_extracts_exactly(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char *pdf = make_document(dir, "a.pdf", stderr);
    char cmd[8400];
    int st;
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 -f 1 -l 1 '%s' - 2>&1", pdf);
    char *out = run(cmd, &st);
    assert_int_equal(st, 0);
    if (!strstr(out, LINE1 "\n") || !strstr(out, LINE2 "\n") || !strstr(out, "\n" LINE3 "\n"))
        fprintf(stderr, "pdftotext gave:\n%s\n", out);
    assert_non_null(strstr(out, LINE1 "\n"));
    assert_non_null(strstr(out, LINE2 "\n"));
    assert_non_null(strstr(out, "\n" LINE3 "\n"));
    assert_non_null(strstr(out, LINE4 "\n"));
    assert_null(strstr(out, "Syntax"));
    free(out);
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 -f 2 -l 2 '%s' - 2>&1", pdf);
    out = run(cmd, &st);
    assert_non_null(strstr(out, "2 (2)"));
    free(out);
    free(pdf);
    if (!getenv("KEEP")) remove_tree(dir);
    free(dir);
}

/* The kerned pair A-V shows up as adjustments in the TJ array of the
 * AVAVA run, and the text position is where the device put it. */
static void test_kerning_in_tj(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char *pdf = make_document(dir, "a.pdf", stderr);
    char *qdf = path_in(dir, "q.pdf");
    char cmd[8400];
    int st;
    snprintf(cmd, sizeof cmd, "qpdf --qdf --object-streams=disable '%s' '%s'", pdf, qdf);
    free(run(cmd, &st));
    assert_int_equal(st, 0);
    size_t len;
    char *q = read_all(qdf, &len);
    /* A V A V A as codes 0041 0056, with a nonzero adjustment after each
     * glyph but the last. */
    char *tj = find(q, len, "[<0041> ");
    assert_non_null(tj);
    char *end = strstr(tj, "] TJ");
    assert_non_null(end);
    *end = 0;
    int adjustments = 0;
    for (char *s = tj; (s = strstr(s, "> ")) != NULL; s += 2) adjustments++;
    assert_int_equal(adjustments, 4);
    *end = ']';
    /* Without kerning no adjustments: the /W widths are exact, so the
     * ordinary text has none between unkerned pairs. */
    assert_non_null(find(q, len, "[<00320020002800320029>] TJ"));
    /* 72 pt from the left, 180 pt from the top of A4 (841.89 pt high). */
    assert_non_null(find(q, len, "72 661.88"));
    /* The ToUnicode is a valid CMap: bfchar, no cidrange. */
    assert_non_null(find(q, len, "beginbfchar"));
    assert_null(find(q, len, "begincidrange"));
    free(q);
    free(qdf);
    free(pdf);
    if (!getenv("KEEP")) remove_tree(dir);
    free(dir);
}

static void test_links_bookmarks_info(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char *pdf = make_document(dir, "a.pdf", stderr);
    char *qdf = path_in(dir, "q.pdf");
    char cmd[8400];
    int st;
    snprintf(cmd, sizeof cmd, "qpdf --qdf --object-streams=disable '%s' '%s'", pdf, qdf);
    free(run(cmd, &st));
    assert_int_equal(st, 0);
    size_t len;
    char *q = read_all(qdf, &len);
    assert_non_null(find(q, len, "/URI (https://malmo.se/trygghet)"));
    assert_non_null(find(q, len, "/Border ["));
    assert_non_null(find(q, len, "/XYZ"));
    assert_non_null(find(q, len, "/PageMode /UseOutlines"));
    assert_non_null(find(q, len, "/Lang (sv-SE)"));
    assert_non_null(find(q, len, "/DisplayDocTitle true"));
    assert_non_null(find(q, len, "/Outlines"));
    assert_non_null(find(q, len, "/CreationDate (D:20260315000000+00'00')"));
    assert_non_null(find(q, len, "/Producer (trycksak " TS_VERSION " \\(libharu " HPDF_VERSION_TEXT "\\))"));
    assert_non_null(find(q, len, "/ID [<"));
    free(q);

    snprintf(cmd, sizeof cmd, "pdfinfo '%s' 2>&1", pdf);
    char *out = run(cmd, &st);
    assert_int_equal(st, 0);
    assert_non_null(strstr(out, "Title:           Trygghets- och säkerhetsbokslut 2026\n"));
    assert_non_null(strstr(out, "Subject:         Tekniska nämnden\n"));
    assert_non_null(strstr(out, "Creator:         trycksak\n"));
    assert_non_null(strstr(out, "Pages:           2\n"));
    free(out);

    /* Both bookmark levels, titles intact (UTF-16 in the file). */
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c 'import pikepdf,sys\n"
             "p=pikepdf.open(sys.argv[1])\n"
             "with p.open_outline() as o:\n"
             "  for t in o.root:\n"
             "    print(t.title)\n"
             "    for c in t.children: print(\" \"+c.title)\n"
             "' '%s' 2>&1", pdf);
    out = run(cmd, &st);
    assert_int_equal(st, 0);
    assert_string_equal(out, "Sammanfattning – ”år” 2026\n Nyckeltal\nRenhållning\n");
    free(out);
    free(qdf);
    free(pdf);
    if (!getenv("KEEP")) remove_tree(dir);
    free(dir);
}

/* A glyph that is not the font's own for its character (as an alternate
 * form from the shaper would be) keeps its shape and its meaning: the
 * second 'x' below is drawn with the glyph of 'y' but still extracts as
 * 'x', through a private code. */
static void test_glyph_not_from_cmap(void **state)
{
    (void)state;
    char *dir = temp_dir();
    run_glyphs xy;
    shape(font_regular, 20 * TS_PT, "xy", &xy);
    uint32_t cps[3] = {'x', 'x', 'y'};
    uint32_t gids[3] = {xy.gids[0], xy.gids[1], xy.gids[1]};
    ts_sp adv[3] = {xy.advances[0], xy.advances[1], xy.advances[1]};
    ts_sp yoff[3] = {0, -TS_PT * 3, 0};
    ts_diag d;
    ts_diag_init(&d, stderr);
    dev_device *dev = pdf_device_new(&test_info, &d);
    dev_begin_page(dev, TS_MM_SP(210), TS_MM_SP(297));
    dev_text t = {.font_path = font_regular, .size = 20 * TS_PT, .x = TS_PT * 72,
                  .y = TS_PT * 100, .count = 3, .cps = cps, .gids = gids,
                  .advances = adv, .y_offsets = yoff};
    dev_draw_text(dev, &t);
    dev_end_page(dev);
    char *pdf = path_in(dir, "x.pdf");
    assert_int_equal(pdf_device_save(dev, pdf), 0);
    dev_drop(dev);
    assert_int_equal(d.errors, 0);

    char cmd[8400];
    int st;
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' - 2>&1", pdf);
    char *out = run(cmd, &st);
    assert_int_equal(st, 0);
    assert_non_null(strstr(out, "xxy"));
    free(out);
    char *qdf = path_in(dir, "q.pdf");
    snprintf(cmd, sizeof cmd, "qpdf --qdf --object-streams=disable '%s' '%s'", pdf, qdf);
    free(run(cmd, &st));
    assert_int_equal(st, 0);
    size_t len;
    char *q = read_all(qdf, &len);
    assert_non_null(find(q, len, "<E000> <0078>"));
    /* The raised glyph: a text rise of 3 pt, then back to 0 (qpdf writes
     * hex strings in lower case). */
    assert_non_null(find(q, len, "<0078>] TJ\n3 Ts\n[<e000>] TJ\n0 Ts\n[<0079>] TJ"));
    free(q);
    free(qdf);
    free(pdf);
    if (!getenv("KEEP")) remove_tree(dir);
    free(dir);
}

static void test_reproducible(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char *a = make_document(dir, "a.pdf", stderr);
    char *b = make_document(dir, "b.pdf", stderr);
    size_t la, lb;
    char *da = read_all(a, &la), *db = read_all(b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(da, db, la);
    free(da);
    free(db);
    free(a);
    free(b);
    if (!getenv("KEEP")) remove_tree(dir);
    free(dir);
}

static void test_save_into_missing_folder(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char *missing = path_in(dir, "finns-inte");
    char *target = path_in(missing, "x.pdf");
    ts_diag d;
    ts_diag_init(&d, stderr);
    dev_device *dev = pdf_device_new(&test_info, &d);
    draw_document(dev, NULL);
    assert_int_equal(pdf_device_save(dev, target), -1);
    dev_drop(dev);
    struct stat sb;
    assert_int_not_equal(stat(missing, &sb), 0);
    assert_int_not_equal(stat(target, &sb), 0);
    free(target);
    free(missing);
    if (!getenv("KEEP")) remove_tree(dir);
    free(dir);
}

/* An earlier PDF stays untouched when a later save fails. */
static void test_failed_save_keeps_earlier_file(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char *pdf = make_document(dir, "a.pdf", stderr);
    size_t before_len;
    char *before = read_all(pdf, &before_len);

    FILE *msgs = tmpfile();
    ts_diag d;
    ts_diag_init(&d, msgs);
    dev_device *dev = pdf_device_new(&test_info, &d);
    char *missing = path_in(dir, "saknas.png");
    dev_begin_page(dev, TS_MM_SP(210), TS_MM_SP(297));
    dev_image im = {missing, 0, 0, TS_PT * 10, TS_PT * 10};
    dev_draw_image(dev, &im);
    dev_end_page(dev);
    assert_int_equal(pdf_device_save(dev, pdf), -1);
    dev_drop(dev);

    size_t after_len;
    char *after = read_all(pdf, &after_len);
    assert_int_equal(before_len, after_len);
    assert_memory_equal(before, after, before_len);
    fclose(msgs);
    free(before);
    free(after);
    free(missing);
    free(pdf);
    if (!getenv("KEEP")) remove_tree(dir);
    free(dir);
}

static void test_bad_images_reported(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char *missing = path_in(dir, "saknas.png");
    char *broken = path_in(dir, "trasig.png");
    char *notimage = path_in(dir, "text.jpg");
    /* A PNG signature followed by garbage. */
    unsigned char bad[64];
    memcpy(bad, tiny_png, 8);
    memset(bad + 8, 0x5a, sizeof bad - 8);
    write_bytes(broken, bad, sizeof bad);
    write_bytes(notimage, "hej\n", 4);

    FILE *msgs = tmpfile();
    assert_non_null(msgs);
    ts_diag d;
    ts_diag_init(&d, msgs);
    dev_device *dev = pdf_device_new(&test_info, &d);
    dev_begin_page(dev, TS_MM_SP(210), TS_MM_SP(297));
    const char *paths[3] = {missing, broken, notimage};
    for (int i = 0; i < 3; i++) {
        dev_image im = {paths[i], 0, 0, TS_PT * 10, TS_PT * 10};
        dev_draw_image(dev, &im);
        dev_draw_image(dev, &im);     /* reported once, not twice */
    }
    dev_end_page(dev);
    assert_int_equal(d.errors, 3);
    char *out = path_in(dir, "x.pdf");
    assert_int_equal(pdf_device_save(dev, out), -1);
    dev_drop(dev);
    struct stat sb;
    assert_int_not_equal(stat(out, &sb), 0);

    char text[4096];
    fflush(msgs);
    rewind(msgs);
    size_t n = fread(text, 1, sizeof text - 1, msgs);
    text[n] = 0;
    fclose(msgs);
    for (int i = 0; i < 3; i++) {
        char want[4200];
        snprintf(want, sizeof want, "%s: error: PDF: ", paths[i]);
        if (!strstr(text, want)) fprintf(stderr, "messages:\n%s", text);
        assert_non_null(strstr(text, want));
    }
    assert_non_null(strstr(text, "trycksak: error: PDF: "));
    free(out);
    free(missing);
    free(broken);
    free(notimage);
    if (!getenv("KEEP")) remove_tree(dir);
    free(dir);
}

static void test_bad_font_reported(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char *fake = path_in(dir, "inte-en-font.ttf");
    write_bytes(fake, "not a font at all, just text\n", 29);
    FILE *msgs = tmpfile();
    ts_diag d;
    ts_diag_init(&d, msgs);
    dev_device *dev = pdf_device_new(&test_info, &d);
    dev_begin_page(dev, TS_MM_SP(210), TS_MM_SP(297));
    uint32_t cps[1] = {'A'}, gids[1] = {36};
    ts_sp adv[1] = {TS_PT * 7};
    dev_text t = {.font_path = fake, .size = 12 * TS_PT, .x = TS_PT * 72,
                  .y = TS_PT * 72, .count = 1, .cps = cps, .gids = gids,
                  .advances = adv};
    dev_draw_text(dev, &t);
    dev_draw_text(dev, &t);
    dev_end_page(dev);
    assert_int_equal(d.errors, 1);
    char *out = path_in(dir, "x.pdf");
    assert_int_equal(pdf_device_save(dev, out), -1);
    dev_drop(dev);
    fclose(msgs);
    free(out);
    free(fake);
    if (!getenv("KEEP")) remove_tree(dir);
    free(dir);
}

/* ---- tagged PDF ------------------------------------------------------------ */

/* The structure tree as poppler reads it: the elements in the order they
 * began, the paragraph that runs onto page 2 one element, the Figure with
 * its alt text, links in Link elements; the annotation's /Contents is the
 * link's text; the hyphenated word reads whole in the page's own text;
 * furniture is no part of the tree. */
static void test_structure_tree(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char *pdf = make_document(dir, "a.pdf", stderr);
    char cmd[9000];
    int st;
    snprintf(cmd, sizeof cmd, "pdfinfo -struct '%s' 2>&1", pdf);
    char *out = run(cmd, &st);
    assert_int_equal(st, 0);
    const char *order[] = {"Document", "H1", "P", "Link", "Link", "P", "Figure", "Span"};
    const char *at = out;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        char want[40];
        snprintf(want, sizeof want, "%s", order[i]);
        at = strstr(at, want);
        if (!at) fprintf(stderr, "%s missing or out of order in:\n%s", order[i], out);
        assert_non_null(at);
        at += strlen(want);
    }
    assert_null(strstr(out, "Artifact"));
    free(out);

    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c 'import pikepdf,sys\n"
             "p=pikepdf.open(sys.argv[1])\n"
             "for pg in p.pages:\n"
             "  for a in pg.obj.get(\"/Annots\", []):\n"
             "    print(str(a.get(\"/Contents\")))\n"
             "def walk(e):\n"
             "  if str(e.get(\"/S\"))==\"/Figure\": print(str(e.Alt))\n"
             "  k=e.get(\"/K\")\n"
             "  for c in (k if isinstance(k,pikepdf.Array) else [k]):\n"
             "    if isinstance(c,pikepdf.Dictionary) and \"/S\" in c: walk(c)\n"
             "walk(p.Root.StructTreeRoot.K)\n"
             "' '%s' 2>&1", pdf);
    out = run(cmd, &st);
    assert_int_equal(st, 0);
    assert_string_equal(out, LINE2 "\n" LINE3 "\nEn röd ruta och en kurva\n");
    free(out);

    snprintf(cmd, sizeof cmd, "pdftotext -f 2 -l 2 '%s' - 2>&1", pdf);
    out = run(cmd, &st);
    assert_int_equal(st, 0);
    assert_non_null(strstr(out, "gatukontoret"));
    assert_null(strstr(out, "gatu-"));
    free(out);

    free(pdf);
    if (!getenv("KEEP")) remove_tree(dir);
    free(dir);
}

/* ---- PDF/A-2b and the print variant ------------------------------------------ */

/* The archival PDF passes the conformance script, with an RGB and a
 * palette image (both given the sRGB profile), and says what it is. */
static void test_pdfa_conformance(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char *rgb = make_document_with(&test_info, dir, "rgb.pdf", 0, stderr);
    char *pal = make_document_with(&test_info, dir, "pal.pdf", 1, stderr);
    char *out;
    assert_int_equal(pdfa_check(rgb, 0, &out), 0);
    free(out);
    assert_int_equal(pdfa_check(pal, 0, &out), 0);
    free(out);

    size_t len;
    char *q = qdf_of(dir, pal, &len);
    assert_true(len > 9 && memcmp(q, "%PDF-1.7\n", 9) == 0);
    assert_non_null(find(q, len, "/S /GTS_PDFA1"));
    assert_non_null(find(q, len, "/OutputConditionIdentifier (sRGB IEC61966-2.1)"));
    assert_non_null(find(q, len, "/ICCBased"));
    /* The palette's base replaced: DeviceRGB only as the profile's
     * /Alternate, the one place it may stand. */
    char *alt = find(q, len, "/Alternate /DeviceRGB");
    assert_non_null(alt);
    size_t skip = strlen("/Alternate /DeviceRGB"), before = (size_t)(alt - q);
    assert_null(find(q, before, "/DeviceRGB"));
    assert_null(find(alt + skip, len - before - skip, "/DeviceRGB"));
    assert_non_null(find(q, len, "/Indexed"));
    assert_non_null(find(q, len, "/F 4"));
    assert_non_null(find(q, len, "/Ordering (Identity)"));
    assert_non_null(find(q, len, "<pdfaid:part>2</pdfaid:part>"));
    assert_non_null(find(q, len, "<pdfaid:conformance>A</pdfaid:conformance>"));
    assert_non_null(find(q, len, "<pdfuaid:part>1</pdfuaid:part>"));
    assert_non_null(find(q, len, "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"));
    assert_non_null(find(q, len, "/Marked true"));
    assert_non_null(find(q, len, "/Tabs /S"));
    assert_non_null(find(q, len, "<trycksak:status>draft</trycksak:status>"));
    assert_non_null(find(q, len, "/Status /draft"));
    assert_non_null(find(q, len, "<xmp:CreateDate>2026-03-15T00:00:00+00:00</xmp:CreateDate>"));
    assert_non_null(find(q, len, "<rdf:li>trygghet</rdf:li>"));
    assert_non_null(find(q, len, "<rdf:li>säkerhet</rdf:li>"));
    free(q);
    free(rgb);
    free(pal);
    if (!getenv("KEEP")) remove_tree(dir);
    free(dir);
}

/* Markup characters in the metadata: the XMP stays well-formed and still
 * equals the information dictionary (the script parses one and compares
 * it with the other); status final is recorded as such. */
static void test_xmp_escaped_and_final(void **state)
{
    (void)state;
    char *dir = temp_dir();
    pdf_info info = test_info;
    info.title = "Mål & medel: <ökad> ”trygghet” 'nu' \"här\"";
    info.author = "Fastighets- & gatukontoret";
    info.subject = "a < b > c";
    info.keywords = "trygghet & säkerhet, <taggar>";
    info.draft = 0;
    char *pdf = make_document_with(&info, dir, "x.pdf", 0, stderr);
    char *out;
    assert_int_equal(pdfa_check(pdf, 0, &out), 0);
    free(out);

    size_t len;
    char *q = qdf_of(dir, pdf, &len);
    assert_non_null(find(q, len, "Mål &amp; medel: &lt;ökad&gt; ”trygghet” &apos;nu&apos; "
                                 "&quot;här&quot;</rdf:li>"));
    assert_non_null(find(q, len, "<rdf:li>Fastighets- &amp; gatukontoret</rdf:li>"));
    assert_non_null(find(q, len, "<rdf:li>&lt;taggar&gt;</rdf:li>"));
    assert_non_null(find(q, len, "<trycksak:status>final</trycksak:status>"));
    assert_non_null(find(q, len, "/Status /final"));
    free(q);
    free(pdf);
    if (!getenv("KEEP")) remove_tree(dir);
    free(dir);
}

/* The XMP builder on its own: escaping (controls XML forbids dropped), no
 * bytes=/encoding= in the header, the PDF/A claim only when asked for. */
static void test_xmp_build(void **state)
{
    (void)state;
    ts_buf b = {0};
    pdf_xml_escape(&b, "a&b<c>d\"e'f\x01g\th");
    assert_string_equal(ts_buf_cstr(&b), "a&amp;b&lt;c&gt;d&quot;e&apos;fg\th");
    ts_buf_free(&b);

    pdf_meta m = {.title = "T", .created = 0, .draft = 1, .pdfa = 0};
    pdf_xmp_build(&b, &m);
    const char *x = ts_buf_cstr(&b);
    assert_true(strncmp(x, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>",
                        53) == 0);
    assert_null(strstr(x, "pdfaid"));
    assert_null(strstr(x, "encoding="));
    assert_non_null(strstr(x, "<xmp:CreateDate>1970-01-01T00:00:00+00:00</xmp:CreateDate>"));
    assert_null(strstr(x, "dc:creator"));            /* no author, no entry */
    ts_buf_free(&b);

    char date[40];
    pdf_date_info(date, sizeof date, 1773532800);
    assert_string_equal(date, "D:20260315000000+00'00'");
}

/* --print: TrimBox the page, BleedBox 3 mm more, the MediaBox around
 * both, colour only in CMYK with the layout's values, crop marks outside
 * the bleed, a background at the trimmed edge carried into the bleed, no
 * PDF/A claim; the script's print rules pass. */
static void test_print_variant(void **state)
{
    (void)state;
    char *dir = temp_dir();
    pdf_info info = test_info;
    info.print = 1;
    ts_diag d;
    ts_diag_init(&d, stderr);
    dev_device *dev = pdf_device_new(&info, &d);
    ts_sp a4w = TS_MM_SP(210), a4h = TS_MM_SP(297);
    dev_begin_page(dev, a4w, a4h);
    /* A full-width band at the top in the layout's red (its CMYK given). */
    dev_color red = {.r = 0xd7, .g = 0x28, .b = 0x2f, .has_cmyk = 1,
                     .c = 0, .m = 100, .y = 85, .k = 0};
    dev_rect(dev, 0, 0, a4w, TS_MM_SP(20), 1, red, 0, red, 0);
    dev_begin_struct(dev, &(dev_struct){.role = "Link"});
    draw_text(dev, font_regular, 11 * TS_PT, 72, 130, LINE2);   /* #1a1a1a, no CMYK */
    dev_link ext = {TS_SP_FROM_PT(72), TS_SP_FROM_PT(110), TS_SP_FROM_PT(100),
                    TS_SP_FROM_PT(14), "https://malmo.se/trygghet", 0, 0};
    dev_add_link(dev, &ext);
    dev_end_struct(dev);
    dev_end_page(dev);
    char *pdf = path_in(dir, "tryck.pdf");
    assert_int_equal(pdf_device_save(dev, pdf), 0);
    dev_drop(dev);
    assert_int_equal(d.errors, 0);

    char *out;
    assert_int_equal(pdfa_check(pdf, 1, &out), 0);
    free(out);

    char cmd[9000];
    int st;
    snprintf(cmd, sizeof cmd, "pdfinfo -box '%s'", pdf);
    out = run(cmd, &st);
    assert_int_equal(st, 0);
    /* Slug 12 mm = 34.02 pt; A4 595.28 × 841.89; bleed 3 mm = 8.50 pt. */
    assert_non_null(strstr(out, "MediaBox:            0.00     0.00   663.31   909.92"));
    assert_non_null(strstr(out, "TrimBox:            34.02    34.02   629.29   875.91"));
    assert_non_null(strstr(out, "BleedBox:           25.51    25.51   637.80   884.41"));
    free(out);

    size_t len;
    char *q = qdf_of(dir, pdf, &len);
    assert_null(find(q, len, " rg\n"));
    assert_null(find(q, len, " RG\n"));
    assert_non_null(find(q, len, "0 1 0.85 0 k\n"));        /* the layout's CMYK */
    assert_non_null(find(q, len, "0 0 0 0.89804 k\n"));       /* grey without CMYK: black only */
    assert_non_null(find(q, len, "1 1 1 1 K\n"));           /* the crop marks */
    /* The band runs from 3 mm left of the trimmed edge (34.02 − 8.50) to
     * 3 mm right of it (629.29 + 8.50) and 3 mm above the top (884.41). */
    assert_non_null(find(q, len, "25.51181 884.40942 m\n"));
    assert_non_null(find(q, len, "637.79529 884.40942 l\n"));
    assert_null(find(q, len, "pdfaid"));
    assert_null(find(q, len, "GTS_PDFA1"));
    assert_non_null(find(q, len, "/F 4"));
    free(q);
    free(pdf);
    if (!getenv("KEEP")) remove_tree(dir);
    free(dir);
}

/* A glyph 0 (.notdef) is refused, once per font: PDF/A forbids showing it. */
static void test_notdef_refused(void **state)
{
    (void)state;
    char *dir = temp_dir();
    FILE *msgs = tmpfile();
    ts_diag d;
    ts_diag_init(&d, msgs);
    dev_device *dev = pdf_device_new(&test_info, &d);
    dev_begin_page(dev, TS_MM_SP(210), TS_MM_SP(297));
    uint32_t cps[2] = {0x4E00, 0x4E00}, gids[2] = {0, 0};
    ts_sp adv[2] = {TS_PT * 7, TS_PT * 7};
    dev_text t = {.font_path = font_regular, .size = 12 * TS_PT, .x = TS_PT * 72,
                  .y = TS_PT * 72, .count = 2, .cps = cps, .gids = gids, .advances = adv};
    dev_draw_text(dev, &t);
    dev_end_page(dev);
    assert_int_equal(d.errors, 1);
    char *out = path_in(dir, "x.pdf");
    assert_int_equal(pdf_device_save(dev, out), -1);
    dev_drop(dev);
    struct stat sb;
    assert_int_not_equal(stat(out, &sb), 0);
    char text[4096];
    fflush(msgs);
    rewind(msgs);
    size_t n = fread(text, 1, sizeof text - 1, msgs);
    text[n] = 0;
    fclose(msgs);
    assert_non_null(strstr(text, "error: PDF: no glyph for U+4E00 in this font (it would "
                                 "show as .notdef, which PDF/A forbids)"));
    free(out);
    if (!getenv("KEEP")) remove_tree(dir);
    free(dir);
}

/* The sRGB profile missing or not a profile: an error naming the file,
 * and no PDF. (Not reachable from a document folder: the profile is
 * Debian's, not the user's.) */
static void test_srgb_profile_errors(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char *missing = path_in(dir, "saknas.icc");
    char *bogus = path_in(dir, "trasig.icc");
    write_bytes(bogus, "not a colour profile\n", 21);
    const char *paths[2] = {missing, bogus};
    const char *want[2] = {
        "error: PDF: cannot read the sRGB colour profile, which every PDF embeds",
        "error: PDF: not a usable sRGB colour profile: too short for an ICC profile"};
    for (int i = 0; i < 2; i++) {
        FILE *msgs = tmpfile();
        ts_diag d;
        ts_diag_init(&d, msgs);
        pdf_info info = test_info;
        info.srgb_profile = paths[i];
        dev_device *dev = pdf_device_new(&info, &d);
        draw_document(dev, NULL);
        char *out = path_in(dir, "x.pdf");
        assert_int_equal(pdf_device_save(dev, out), -1);
        dev_drop(dev);
        struct stat sb;
        assert_int_not_equal(stat(out, &sb), 0);
        char text[4096];
        fflush(msgs);
        rewind(msgs);
        size_t n = fread(text, 1, sizeof text - 1, msgs);
        text[n] = 0;
        fclose(msgs);
        if (!strstr(text, want[i])) fprintf(stderr, "messages:\n%s", text);
        assert_non_null(strstr(text, want[i]));
        assert_non_null(strstr(text, paths[i]));
        free(out);
    }
    /* The checks on a profile's header. */
    size_t len;
    char *icc = read_all(PDF_SRGB_PROFILE, &len);
    assert_null(pdf_icc_problem((unsigned char *)icc, len, 3));
    assert_non_null(pdf_icc_problem((unsigned char *)icc, len, 4));
    assert_non_null(pdf_icc_problem((unsigned char *)icc, len - 1, 3));
    free(icc);
    free(missing);
    free(bogus);
    if (!getenv("KEEP")) remove_tree(dir);
    free(dir);
}

int main(void)
{
    find_fonts();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qpdf_check),
        cmocka_unit_test(test_fonts_embedded_and_subset),
        cmocka_unit_test(test_text_extracts_exactly),
        cmocka_unit_test(test_kerning_in_tj),
        cmocka_unit_test(test_links_bookmarks_info),
        cmocka_unit_test(test_glyph_not_from_cmap),
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_save_into_missing_folder),
        cmocka_unit_test(test_failed_save_keeps_earlier_file),
        cmocka_unit_test(test_bad_images_reported),
        cmocka_unit_test(test_bad_font_reported),
        cmocka_unit_test(test_pdfa_conformance),
        cmocka_unit_test(test_xmp_escaped_and_final),
        cmocka_unit_test(test_xmp_build),
        cmocka_unit_test(test_print_variant),
        cmocka_unit_test(test_notdef_refused),
        cmocka_unit_test(test_srgb_profile_errors),
        cmocka_unit_test(test_structure_tree),
    };
    return cmocka_run_group_tests_name("pdf", tests, NULL, NULL);
}
