/* Unit tests for layout files (src/read/layoutfile.c): lengths, colours,
 * every section's keys, messages, inheritance, and the shipped layouts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/read/read.h"

/* ---- fixture: a document folder and a data folder with dummy fonts ---- */

typedef struct fx {
    char root[256];
    char doc[300];        /* root/doc: the document folder */
    char data[300];       /* root/data: layouts/ and fonts/ */
    char *doc_real;
    ts_arena *a;
    ts_diag d;
    char *msgs;
    size_t msgs_len;
    FILE *out;
} fx;

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static const char *const default_fonts[] = {
    "OpenSans-Regular.ttf", "OpenSans-Italic.ttf", "OpenSans-Bold.ttf",
    "OpenSans-BoldItalic.ttf", "OpenSans-Semibold.ttf", "DejaVuSansMono.ttf",
    "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", NULL
};

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    const char *tmp = getenv("TMPDIR");
    snprintf(f->root, sizeof f->root, "%s/trycksak-layout-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    assert_non_null(mkdtemp(f->root));
    snprintf(f->doc, sizeof f->doc, "%s/doc", f->root);
    snprintf(f->data, sizeof f->data, "%s/data", f->root);
    char p[400];
    assert_int_equal(mkdir(f->doc, 0755), 0);
    assert_int_equal(mkdir(f->data, 0755), 0);
    snprintf(p, sizeof p, "%s/layouts", f->data);
    assert_int_equal(mkdir(p, 0755), 0);
    snprintf(p, sizeof p, "%s/fonts", f->data);
    assert_int_equal(mkdir(p, 0755), 0);
    for (int i = 0; default_fonts[i]; i++) write_file(p, default_fonts[i], "not really a font");
    f->doc_real = realpath(f->doc, NULL);
    f->a = ts_arena_new();
    f->out = open_memstream(&f->msgs, &f->msgs_len);
    ts_diag_init(&f->d, f->out);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    fclose(f->out);
    free(f->msgs);
    free(f->doc_real);
    ts_arena_drop(f->a);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->root);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

static const char *messages(fx *f)
{
    fflush(f->out);
    return f->msgs ? f->msgs : "";
}

static void assert_message(fx *f, const char *want)
{
    const char *got = messages(f);
    if (!strstr(got, want)) fail_msg("expected message\n  %s\ngot\n%s", want, got);
}

/* Parse `text` as DOC/t.layout over the defaults. */
static rd_layout *parse(fx *f, const char *text)
{
    rd_layout *l = ts_arena_alloc(f->a, sizeof *l);
    rd_layout_defaults(l);
    char path[400];
    snprintf(path, sizeof path, "%s/t.layout", f->doc);
    write_file(f->doc, "t.layout", text);
    rd_layout_parse(f->a, &f->d, l, ts_arena_strdup(f->a, path), text, f->data, NULL, NULL);
    return l;
}

static rd_layout *load(fx *f, const char *name)
{
    ts_pos at = { "document.ini", 2, 10 };
    return rd_layout_load(f->a, &f->d, at, name, f->doc, f->doc_real, f->data);
}

#define PT(x) TS_SP_FROM_PT(x)

/* ---- lengths ----------------------------------------------------------- */

static void test_lengths(void **state)
{
    (void)state;
    ts_sp v;
    assert_int_equal(rd_parse_length("11pt", &v), 0);
    assert_int_equal(v, 11 * 65536);
    assert_int_equal(rd_parse_length("16.5pt", &v), 0);
    assert_int_equal(v, 16 * 65536 + 32768);
    assert_int_equal(rd_parse_length(" 25 mm ", &v), 0);
    assert_true(abs(v - TS_MM_SP(25)) <= 1);
    ts_sp mm25 = v;
    assert_int_equal(rd_parse_length("2.5cm", &v), 0);
    assert_int_equal(v, mm25);
    assert_int_equal(rd_parse_length("1in", &v), 0);
    assert_int_equal(v, 72 * 65536);
    assert_int_equal(rd_parse_length("0.5in", &v), 0);
    assert_int_equal(v, 36 * 65536);
    assert_int_equal(rd_parse_length("25.4mm", &v), 0);
    assert_int_equal(v, 72 * 65536);
    assert_int_equal(rd_parse_length("1,5mm", &v), 0);   /* decimal comma */
    assert_true(abs(v - TS_MM_SP(1.5)) <= 1);
    assert_int_equal(rd_parse_length(".5pt", &v), 0);
    assert_int_equal(v, 32768);
    assert_int_equal(rd_parse_length("0pt", &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(rd_parse_length("11PT", &v), 0);
    assert_int_equal(v, 11 * 65536);

    v = 42;
    assert_int_equal(rd_parse_length("25", &v), -1);
    assert_int_equal(rd_parse_length("-3mm", &v), -1);
    assert_int_equal(rd_parse_length("3px", &v), -1);
    assert_int_equal(rd_parse_length("3 mmm", &v), -1);
    assert_int_equal(rd_parse_length("", &v), -1);
    assert_int_equal(rd_parse_length("mm", &v), -1);
    assert_int_equal(rd_parse_length("1.2.3mm", &v), -1);
    assert_int_equal(rd_parse_length("3mm x", &v), -1);
    assert_int_equal(rd_parse_length("99999999pt", &v), -1);
    assert_int_equal(rd_parse_length("20000pt", &v), -1);
    assert_int_equal(v, 42);
}

static void test_length_messages(void **state)
{
    fx *f = *state;
    parse(f, "[page]\nmargin-top = 25\nmargin-left = -3mm\nmargin-right = 3px\n"
             "margin-bottom = wide\n[body]\nsize = 0pt\n");
    assert_message(f, "t.layout:2:14: error: '25' has no unit; a length needs a unit: 25mm or 25pt");
    assert_message(f, "t.layout:3:15: error: '-3mm': margin-left cannot be negative");
    assert_message(f, "t.layout:4:16: error: '3px' has an unknown unit; use pt, mm, cm or in");
    assert_message(f, "t.layout:5:17: error: 'wide' is not a length; write e.g. 25mm or 11pt");
    assert_message(f, "t.layout:7:8: error: size must be more than 0");
    assert_int_equal(f->d.errors, 5);
}

/* ---- colours ------------------------------------------------------------ */

static void test_colors(void **state)
{
    (void)state;
    rd_color c;
    assert_int_equal(rd_parse_color("#007896", &c), 0);
    assert_int_equal(c.r, 0x00);
    assert_int_equal(c.g, 0x78);
    assert_int_equal(c.b, 0x96);
    /* derived CMYK: K from the lightest channel */
    assert_int_equal(c.c, 100);
    assert_int_equal(c.m, 20);
    assert_int_equal(c.y, 0);
    assert_int_equal(c.k, 41);

    assert_int_equal(rd_parse_color("#D7282f cmyk(0, 100, 85, 0)", &c), 0);
    assert_int_equal(c.r, 0xd7);
    assert_int_equal(c.g, 0x28);
    assert_int_equal(c.b, 0x2f);
    assert_int_equal(c.c, 0);
    assert_int_equal(c.m, 100);
    assert_int_equal(c.y, 85);
    assert_int_equal(c.k, 0);

    assert_int_equal(rd_parse_color("#000000", &c), 0);
    assert_int_equal(c.k, 100);
    assert_int_equal(rd_parse_color("#ffffff", &c), 0);
    assert_int_equal(c.k + c.c + c.m + c.y, 0);
    assert_int_equal(rd_parse_color("#112233cmyk(1,2,3,4)", &c), 0);
    assert_int_equal(c.k, 4);

    assert_int_equal(rd_parse_color("#12345", &c), -1);
    assert_int_equal(rd_parse_color("#gg0000", &c), -1);
    assert_int_equal(rd_parse_color("007896", &c), -1);
    assert_int_equal(rd_parse_color("#1234567", &c), -1);
    assert_int_equal(rd_parse_color("#112233 cmyk(1, 2, 3)", &c), -1);
    assert_int_equal(rd_parse_color("#112233 cmyk(1, 2, 3, 101)", &c), -1);
    assert_int_equal(rd_parse_color("#112233 cmyk(1, 2, 3, 4) x", &c), -1);
    assert_int_equal(rd_parse_color("red", &c), -1);
}

static void test_color_message_and_text_cascade(void **state)
{
    fx *f = *state;
    rd_layout *l = parse(f, "[h2]\ncolor = #d7282f\n[colors]\ntext = #000000\nlink = blue\n");
    assert_message(f, "t.layout:5:8: error: 'blue' is not a colour; write #rrggbb, "
                      "optionally followed by cmyk(c, m, y, k) in percent");
    assert_int_equal(f->d.errors, 1);
    assert_int_equal(l->text.r, 0);
    assert_int_equal(l->body.color.r, 0);        /* followed the text colour */
    assert_int_equal(l->heading[1].color.r, 0xd7);   /* set on purpose: kept */
}

/* ---- keys and sections ------------------------------------------------- */

static void test_every_section(void **state)
{
    fx *f = *state;
    rd_layout *l = parse(f,
        "; comment\n"
        "[page]\nsize = A5\nmargin-top = 1cm\n"
        "[fonts]\nregular = OpenSans-Bold.ttf\n"
        "[body]\nfont = semibold\nsize = 12pt ; inline\nleading = 18pt\nparagraph-space = 9pt\n"
        "[h1]\nnew-page = yes\nspace-before = 0pt\n"
        "[h6]\nfont = italic\n"
        "[list]\nindent = 5mm\nitem-space = 2pt\n"
        "[quote]\nindent = 1cm\n"
        "[code]\nfont = mono\n"
        "[table]\ncell-padding = 3pt\nrule-width = 1pt\n"
        "[table-header]\nfont = bold\n"
        "[caption]\nspace-after = 2pt\n"
        "[footnote]\nsize = 8pt\n"
        "[header]\ntext = {title} – {chapter}\n"
        "[footer]\ntext = Sida {page} av {pages}, {date} {dnr}\n"
        "[colors]\naccent = #ff0000 cmyk(0, 100, 100, 0)\ntable-header-bg = #eeeeee\n"
        "[words]\ncontents = Contents\ndraft = DRAFT\n");
    assert_string_equal(messages(f), "");
    assert_int_equal(f->d.errors, 0);
    assert_true(abs(l->page_width - TS_MM_SP(148)) <= 1);
    assert_true(abs(l->page_height - TS_MM_SP(210)) <= 1);
    assert_true(abs(l->margin_top - TS_MM_SP(10)) <= 1);
    assert_true(strstr(l->face_file[RD_FACE_REGULAR], "/fonts/OpenSans-Bold.ttf") != NULL);
    assert_int_equal(l->face_file[RD_FACE_REGULAR][0], '/');
    assert_int_equal(l->body.face, RD_FACE_SEMIBOLD);
    assert_int_equal(l->body.size, PT(12));
    assert_int_equal(l->body.leading, PT(18));
    assert_int_equal(l->paragraph_space, PT(9));
    assert_int_equal(l->chapter_new_page, 1);
    assert_int_equal(l->heading[0].space_before, 0);
    assert_int_equal(l->heading[5].face, RD_FACE_ITALIC);
    assert_int_equal(l->list_item_space, PT(2));
    assert_int_equal(l->table_cell_padding, PT(3));
    assert_int_equal(l->rule_width, PT(1));
    assert_int_equal(l->table_header.face, RD_FACE_BOLD);
    assert_int_equal(l->caption.space_after, PT(2));
    assert_int_equal(l->footnote.size, PT(8));
    assert_string_equal(l->header_text, "{title} – {chapter}");
    assert_string_equal(l->footer_text, "Sida {page} av {pages}, {date} {dnr}");
    assert_int_equal(l->accent.r, 0xff);
    assert_int_equal(l->accent.y, 100);
    assert_int_equal(l->table_header_bg.k, 7);
    assert_string_equal(l->word_contents, "Contents");
    assert_string_equal(l->word_draft, "DRAFT");
    assert_string_equal(l->word_table, "Tabell");      /* untouched default */
}

static void test_unknown_key_and_section(void **state)
{
    fx *f = *state;
    parse(f, "[body]\nsise = 12pt\nleading = 18pt\n[bdy]\nsize = 1pt\n"
             "[table]\ncell-paddin = 2pt\n[words]\nkapitel = Kapitel\n");
    assert_message(f, "t.layout:2:1: error: unknown key 'sise' in [body]; did you mean 'size'?");
    assert_message(f, "t.layout:4:2: error: unknown section [bdy]; did you mean [body]?");
    assert_message(f, "t.layout:7:1: error: unknown key 'cell-paddin' in [table]; did you mean 'cell-padding'?");
    assert_message(f, "t.layout:9:1: error: unknown key 'kapitel' in [words]; see layouts/README.md for its keys");
    assert_int_equal(f->d.errors, 4);
}

static void test_extra_keys_belong_to_their_section(void **state)
{
    fx *f = *state;
    parse(f, "[h2]\nnew-page = yes\n[body]\nindent = 3mm\n");
    assert_message(f, "t.layout:2:1: error: unknown key 'new-page' in [h2]");
    assert_message(f, "t.layout:4:1: error: unknown key 'indent' in [body]");
}

static void test_bad_values(void **state)
{
    fx *f = *state;
    parse(f, "[page]\nsize = A3\n[body]\nfont = bol\n[h1]\nnew-page = ja\n"
             "[header]\ntext = {titel} {sida\n[footer]\ntext = {x}\n");
    assert_message(f, "t.layout:2:8: error: unknown page size 'A3'; write A4, A5 or letter, or give width and height");
    assert_message(f, "t.layout:4:8: error: unknown font 'bol'; did you mean 'bold'?");
    assert_message(f, "t.layout:6:12: error: new-page must be yes or no, not 'ja'");
    assert_message(f, "t.layout:8:8: error: unknown placeholder {titel}; did you mean {title}?");
    assert_message(f, "t.layout:8:16: error: '{' is not closed; placeholders are written {page}");
    assert_message(f, "t.layout:10:8: error: unknown placeholder {x}; the placeholders are");
    assert_int_equal(f->d.errors, 6);
}

static void test_duplicates_and_top_level(void **state)
{
    fx *f = *state;
    const char *inherit = NULL;
    ts_pos ipos = { 0 };
    rd_layout *l = ts_arena_alloc(f->a, sizeof *l);
    rd_layout_defaults(l);
    const char *text = "inherit = malmo-stad\ncolour = red\n[body]\nsize = 10pt\nsize = 12pt\n";
    rd_layout_parse(f->a, &f->d, l, "x.layout", text, f->data, &inherit, &ipos);
    assert_string_equal(inherit, "malmo-stad");
    assert_int_equal(ipos.line, 1);
    assert_int_equal(ipos.col, 11);
    assert_message(f, "x.layout:2:1: error: unknown key 'colour' before the first section; "
                      "only `inherit = NAME` stands there");
    assert_message(f, "x.layout:5:1: error: 'size' is given twice in [body] (first on line 4); keep one");
    assert_int_equal(l->body.size, PT(10));
    assert_int_equal(f->d.errors, 2);
}

static void test_missing_font(void **state)
{
    fx *f = *state;
    parse(f, "[fonts]\nbold = Malmo-Bold.ttf\nitalic = /usr/share/x.ttf\n");
    char want[800];
    snprintf(want, sizeof want, "t.layout:2:8: error: cannot find font file 'Malmo-Bold.ttf' "
             "beside the layout (in %s) or in %s/fonts; run `make deps` to install the fonts",
             f->doc, f->data);
    assert_message(f, want);
    assert_message(f, "t.layout:3:10: error: name the font file relative to the layout");
}

static void test_font_beside_layout_wins(void **state)
{
    fx *f = *state;
    write_file(f->doc, "OpenSans-Regular.ttf", "a licensed face");
    rd_layout *l = parse(f, "[fonts]\nregular = OpenSans-Regular.ttf\n");
    assert_int_equal(f->d.errors, 0);
    char want[400];
    snprintf(want, sizeof want, "%s/OpenSans-Regular.ttf", f->doc_real);
    assert_string_equal(l->face_file[RD_FACE_REGULAR], want);
}

/* ---- loading and inheritance -------------------------------------------- */

static void test_inherit_overrides_one_key(void **state)
{
    fx *f = *state;
    char dir[400];
    snprintf(dir, sizeof dir, "%s/layouts", f->data);
    write_file(dir, "base.layout", "[body]\nsize = 12pt\nleading = 18pt\nfont = italic\n"
               "[footer]\ntext = {page}\n");
    write_file(f->doc, "mine.layout", "inherit = base\n[body]\nsize = 10pt\n");
    rd_layout *l = load(f, "mine.layout");
    assert_string_equal(messages(f), "");
    assert_non_null(l);
    assert_int_equal(l->body.size, PT(10));       /* the child's */
    assert_int_equal(l->body.leading, PT(18));    /* inherited */
    assert_int_equal(l->body.face, RD_FACE_ITALIC);
    assert_string_equal(l->footer_text, "{page}");
    assert_int_equal(l->heading[0].size, PT(22)); /* the defaults under both */
    assert_string_equal(l->name, "mine.layout");
    assert_non_null(strstr(l->path, "mine.layout"));
    for (int i = 0; i < RD_FACE_COUNT; i++) assert_int_equal(l->face_file[i][0], '/');
    assert_int_equal(l->fallback[0], '/');

    /* and by name from the data folder */
    l = load(f, "base");
    assert_non_null(l);
    assert_int_equal(l->body.size, PT(12));
}

static void test_inherit_loop(void **state)
{
    fx *f = *state;
    write_file(f->doc, "a.layout", "inherit = b.layout\n");
    write_file(f->doc, "b.layout", "inherit = a.layout\n[body]\nsize = 9pt\n");
    assert_null(load(f, "a.layout"));
    assert_message(f, "b.layout:1:11: error: the layouts inherit in a loop (a.layout -> "
                      "b.layout -> a.layout); remove one `inherit =`");
    write_file(f->doc, "c.layout", "inherit = c.layout\n");
    assert_null(load(f, "c.layout"));
    assert_message(f, "(c.layout -> c.layout)");
}

static void test_unknown_layouts(void **state)
{
    fx *f = *state;
    char dir[400];
    snprintf(dir, sizeof dir, "%s/layouts", f->data);
    write_file(dir, "bokslut.layout", "");
    write_file(dir, "strategi.layout", "");
    assert_null(load(f, "bokslt"));
    assert_message(f, "document.ini:2:10: error: unknown layout 'bokslt'; did you mean 'bokslut'?");
    assert_null(load(f, "nonexistent"));
    assert_message(f, "document.ini:2:10: error: unknown layout 'nonexistent'; the layouts are: "
                      "bokslut, strategi, or a path to a .layout file in the document folder");
    assert_null(load(f, "mine.layout"));
    assert_message(f, "document.ini:2:10: error: cannot find layout file 'mine.layout'");
    assert_null(load(f, "../outside.layout"));
    assert_message(f, "document.ini:2:10: error: '../outside.layout' lies outside the document folder");
    write_file(f->doc, "child.layout", "inherit = nothing-here\n");
    assert_null(load(f, "child.layout"));
    assert_message(f, "child.layout:1:11: error: unknown layout 'nothing-here'");
}

static void test_errors_in_child_fail_the_load(void **state)
{
    fx *f = *state;
    write_file(f->doc, "bad.layout", "[page]\nmargin-left = 25\n");
    assert_null(load(f, "bad.layout"));
    assert_message(f, "bad.layout:2:15: error: '25' has no unit; a length needs a unit: 25mm or 25pt");
    write_file(f->doc, "narrow.layout", "[page]\nmargin-left = 100mm\nmargin-right = 100mm\n");
    assert_null(load(f, "narrow.layout"));
    assert_message(f, "document.ini:2:10: error: layout 'narrow.layout' leaves less than 20 mm "
                      "for the text between its margins");
}

/* The layouts shipped in layouts/, read from the source tree with the
 * fonts `make fonts` puts in fonts/. */
static void test_shipped_layouts(void **state)
{
    fx *f = *state;
    const char *data = rd_data_dir(f->a);
    assert_non_null(data);
    ts_pos at = { "document.ini", 2, 10 };
    rd_layout *base = rd_layout_load(f->a, &f->d, at, "malmo-stad", f->doc, f->doc_real, data);
    rd_layout *l = rd_layout_load(f->a, &f->d, at, "bokslut", f->doc, f->doc_real, data);
    assert_string_equal(messages(f), "");
    assert_non_null(base);
    assert_non_null(l);

    assert_int_equal(base->chapter_new_page, 0);
    assert_int_equal(l->chapter_new_page, 1);
    /* the document's own pages: bokslut, strategi and tjansteskrivelse
     * on the base's plain pages */
    rd_layout *st = rd_layout_load(f->a, &f->d, at, "strategi", f->doc, f->doc_real, data);
    rd_layout *tj = rd_layout_load(f->a, &f->d, at, "tjansteskrivelse", f->doc,
                                   f->doc_real, data);
    assert_non_null(st);
    assert_non_null(tj);
    assert_int_equal(base->cover_page + base->contents_page + base->back_page, 0);
    assert_int_equal(l->cover_page + l->contents_page + l->back_page, 3);
    assert_int_equal(st->cover_page + st->contents_page + st->back_page, 3);
    assert_int_equal(tj->cover_page + tj->contents_page + tj->back_page, 0);
    assert_int_equal(tj->letterhead, 1);
    assert_string_equal(tj->header_right, "{page} ({pages})");
    assert_string_equal(l->cover_committee, "Tekniska nämnden");
    assert_string_equal(l->sender_web, "malmo.se");
    assert_int_equal(l->logo_width, TS_MM_SP(20));
    assert_string_equal(l->logo_file, "");
    assert_string_equal(base->header_text, "");
    assert_string_equal(l->header_text, "{title}");
    assert_string_equal(l->footer_text, "{page} ({pages})");

    /* the accessible-PDF guide's numbers */
    assert_int_equal(l->body.size, PT(11));
    assert_int_equal(l->body.leading, PT(16.5));
    assert_true(2 * l->body.leading >= 3 * l->body.size);
    assert_true(2 * (l->body.leading + l->paragraph_space) >= 3 * l->body.leading);
    for (int i = 0; i < 6; i++)
        assert_true(l->heading[i].space_before > l->heading[i].space_after);
    /* 50–80 characters of about 0.51 em each */
    double width_pt = ts_sp_to_pt(l->page_width - l->margin_left - l->margin_right);
    double chars = width_pt / (11 * 0.51);
    assert_true(chars >= 50 && chars <= 80);
    assert_true(abs(l->page_width - TS_MM_SP(210)) <= 1);

    assert_int_equal(l->link.r, 0x00);
    assert_int_equal(l->link.g, 0x78);
    assert_int_equal(l->link.b, 0x96);
    assert_string_equal(l->word_contents, "Innehåll");
    assert_string_equal(l->word_source, "Källa");
    assert_string_equal(l->word_continued, "forts.");
    assert_string_equal(l->word_draft, "UTKAST");
    assert_non_null(strstr(l->face_file[RD_FACE_SEMIBOLD], "OpenSans-Semibold.ttf"));
    /* the defaults agree with the base layout */
    rd_layout def;
    rd_layout_defaults(&def);
    assert_int_equal(def.body.leading, base->body.leading);
    assert_int_equal(def.paragraph_space, base->paragraph_space);
    assert_int_equal(def.margin_left, base->margin_left);
    assert_int_equal(def.heading[1].space_before, base->heading[1].space_before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_lengths),
        T(test_length_messages),
        T(test_colors),
        T(test_color_message_and_text_cascade),
        T(test_every_section),
        T(test_unknown_key_and_section),
        T(test_extra_keys_belong_to_their_section),
        T(test_bad_values),
        T(test_duplicates_and_top_level),
        T(test_missing_font),
        T(test_font_beside_layout_wins),
        T(test_inherit_overrides_one_key),
        T(test_inherit_loop),
        T(test_unknown_layouts),
        T(test_errors_in_child_fail_the_load),
        T(test_shipped_layouts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
