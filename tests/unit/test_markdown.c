/* Unit tests for src/read/markdown.c: Markdown into the document tree.
 *
 * Each test works in its own temporary document folder (the current
 * directory while it runs), so paths in messages are short and fixed. */
#define _XOPEN_SOURCE 700     /* nftw */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/read/read.h"

typedef struct fixture {
    char cwd[4096];
    char dir[64];
    ts_arena *a;
    doc_document *doc;
    ts_diag d;
    char *msgs;
    size_t msgs_len;
    FILE *msgs_out;
} fixture;

static void put_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(text, 1, strlen(text), f);
    fclose(f);
}

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(getcwd(fx->cwd, sizeof fx->cwd));
    strcpy(fx->dir, "/tmp/test_markdown.XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    assert_int_equal(chdir(fx->dir), 0);
    mkdir("text", 0755);
    mkdir("data", 0755);
    mkdir("charts", 0755);
    mkdir("images", 0755);
    put_file("data/x.csv", "År;Antal\n2025;1\n");
    put_file("data/y.csv", "År;Antal\n2025;2\n");
    put_file("images/a.png", "not really a png");
    put_file("images/b.jpg", "not really a jpeg");
    put_file("images/c.gif", "GIF89a");
    fx->a = ts_arena_new();
    fx->doc = rd_document_new(fx->a, ".");
    fx->msgs_out = open_memstream(&fx->msgs, &fx->msgs_len);
    ts_diag_init(&fx->d, fx->msgs_out);
    *state = fx;
    return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int teardown(void **state)
{
    fixture *fx = *state;
    fclose(fx->msgs_out);
    free(fx->msgs);
    ts_arena_drop(fx->a);
    assert_int_equal(chdir(fx->cwd), 0);
    nftw(fx->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(fx);
    return 0;
}

static int parse(fixture *fx, const char *path, const char *md)
{
    return rd_markdown_parse(fx->doc, &fx->d, path, md, strlen(md));
}

static const char *messages(fixture *fx)
{
    fflush(fx->msgs_out);
    return fx->msgs ? fx->msgs : "";
}

/* The dump of every block below the root, without the root line. */
static char *dump(fixture *fx)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    for (doc_node *n = fx->doc->root->first; n; n = n->next) doc_dump(f, n);
    fclose(f);
    char *s = ts_arena_strdup(fx->a, buf);
    free(buf);
    return s;
}

static void assert_messages(fixture *fx, const char *expected)
{
    const char *got = messages(fx);
    if (strcmp(got, expected) != 0) {
        print_error("messages:\n%s\nexpected:\n%s\n", got, expected);
        fail();
    }
}

static void assert_dump(fixture *fx, const char *expected)
{
    const char *got = dump(fx);
    if (strcmp(got, expected) != 0) {
        print_error("dump:\n%s\nexpected:\n%s\n", got, expected);
        fail();
    }
}

/* ---- constructs -------------------------------------------------------- */

static void test_inlines_and_blocks(void **state)
{
    fixture *fx = *state;
    const char *md =
        "# Rubrik *en*\n"
        "\n"
        "Text med **fet**, ~~struken~~ och `kod`.\n"
        "Rad två  \n"
        "hård [länk](https://malmo.se \"Malmö\") och [rel](02.md).\n"
        "\n"
        "Setext\n"
        "------\n"
        "\n"
        "***\n"
        "\n"
        "    indraget\n"
        "\n"
        "```python\n"
        "print(1)\n"
        "```\n"
        "\n"
        "> citat\n";
    assert_int_equal(parse(fx, "text/01.md", md), 0);
    assert_messages(fx, "");
    assert_dump(fx,
        "heading 1:1 level=1\n"
        "  text 1:3 \"Rubrik \"\n"
        "  emph 1:10\n"
        "    text 1:11 \"en\"\n"
        "paragraph 3:1\n"
        "  text 3:1 \"Text med \"\n"
        "  strong 3:10\n"
        "    text 3:12 \"fet\"\n"
        "  text 3:17 \", \"\n"
        "  strike 3:19\n"
        "    text 3:21 \"struken\"\n"
        "  text 3:30 \" och \"\n"
        "  code 3:36 \"kod\"\n"
        "  text 3:40 \".\"\n"
        "  softbreak 3:1\n"
        "  text 4:1 \"Rad två\"\n"
        "  linebreak 3:1\n"
        "  text 5:1 \"hård \"\n"
        "  link 5:6 url=\"https://malmo.se\" title=\"Malmö\"\n"
        "    text 5:7 \"länk\"\n"
        "  text 5:38 \" och \"\n"
        "  link 5:43 url=\"02.md\"\n"
        "    text 5:44 \"rel\"\n"
        "  text 5:55 \".\"\n"
        "heading 7:1 level=2\n"
        "  text 7:1 \"Setext\"\n"
        "thematic-break 10:1\n"
        "code-block 12:5 \"indraget\\n\"\n"
        "code-block 14:1 \"print(1)\\n\"\n"
        "quote 18:1\n"
        "  paragraph 18:3\n"
        "    text 18:3 \"citat\"\n");
}

static void test_lists(void **state)
{
    fixture *fx = *state;
    const char *md =
        "- a\n"
        "- b\n"
        "\n"
        "  3. c\n"
        "  4. d\n"
        "\n"
        "     e\n"
        "\n"
        "* x\n"
        "* y\n";
    assert_int_equal(parse(fx, "text/01.md", md), 0);
    assert_messages(fx, "");
    assert_dump(fx,
        "list 1:1 level=1 ordered=0 start=0 tight=0\n"
        "  item 1:1\n"
        "    paragraph 1:3\n"
        "      text 1:3 \"a\"\n"
        "  item 2:1\n"
        "    paragraph 2:3\n"
        "      text 2:3 \"b\"\n"
        "    list 4:3 level=2 ordered=1 start=3 tight=0\n"
        "      item 4:3\n"
        "        paragraph 4:6\n"
        "          text 4:6 \"c\"\n"
        "      item 5:3\n"
        "        paragraph 5:6\n"
        "          text 5:6 \"d\"\n"
        "        paragraph 7:6\n"
        "          text 7:6 \"e\"\n"
        "list 9:1 level=1 ordered=0 start=0 tight=1\n"
        "  item 9:1\n"
        "    paragraph 9:3\n"
        "      text 9:3 \"x\"\n"
        "  item 10:1\n"
        "    paragraph 10:3\n"
        "      text 10:3 \"y\"\n");
}

static void test_table(void **state)
{
    fixture *fx = *state;
    const char *md =
        "| År | Antal | Mitt | Ingen |\n"
        "|:---|------:|:----:|-------|\n"
        "| 2025 | *12* | x | |\n";
    assert_int_equal(parse(fx, "text/01.md", md), 0);
    assert_messages(fx, "");
    assert_dump(fx,
        "table 1:1 ncols=4 align=lrc-\n"
        "  table-row 1:1 header=1\n"
        "    table-cell 1:2\n"
        "      text 1:3 \"År\"\n"
        "    table-cell 1:7\n"
        "      text 1:8 \"Antal\"\n"
        "    table-cell 1:15\n"
        "      text 1:16 \"Mitt\"\n"
        "    table-cell 1:22\n"
        "      text 1:23 \"Ingen\"\n"
        "  table-row 3:1 header=0\n"
        "    table-cell 3:2\n"
        "      text 3:3 \"2025\"\n"
        "    table-cell 3:9\n"
        "      emph 3:10\n"
        "        text 3:11 \"12\"\n"
        "    table-cell 3:16\n"
        "      text 3:17 \"x\"\n"
        "    table-cell 3:20\n");
}

static void test_columns_in_characters(void **state)
{
    fixture *fx = *state;
    assert_int_equal(parse(fx, "text/01.md", "Åäö *x*\n"), 0);
    doc_node *emph = fx->doc->root->first->first->next;
    assert_int_equal(emph->kind, DOC_EMPH);
    assert_int_equal(emph->pos.line, 1);
    assert_int_equal(emph->pos.col, 5);
    assert_string_equal(emph->pos.file, "text/01.md");
}

static void test_adjacent_text_joined(void **state)
{
    fixture *fx = *state;
    assert_int_equal(parse(fx, "text/01.md", "a [b] c *d [^x] e\n"), 0);
    assert_messages(fx, "");
    assert_dump(fx,
        "paragraph 1:1\n"
        "  text 1:1 \"a [b] c *d [^x] e\"\n");
}

/* ---- footnotes -------------------------------------------------------- */

static void test_footnotes_across_files(void **state)
{
    fixture *fx = *state;
    const char *one =
        "Ett[^b] två[^a] igen[^b].\n"
        "\n"
        "[^a]: Not a med[^c].\n"
        "[^b]: Not b.\n"
        "[^c]: Not c.\n"
        "[^oanvänd]: Ingen hänvisar hit.\n"
        "\n"
        "```\n"
        "[^kod]: inte en fotnot\n"
        "```\n";
    const char *two = "Tre[^a].\n\n[^a]: En annan a.\n";
    assert_int_equal(parse(fx, "text/01.md", one), 0);
    assert_int_equal(parse(fx, "text/02.md", two), 0);
    assert_messages(fx,
        "text/01.md:6:1: warning: footnote '[^oanvänd]' is never referred to\n");
    assert_int_equal(fx->doc->footnotes, 4);
    assert_dump(fx,
        "paragraph 1:1\n"
        "  text 1:1 \"Ett\"\n"
        "  footnote-ref 1:4 number=1 label=\"b\"\n"
        "  text 1:8 \" två\"\n"
        "  footnote-ref 1:12 number=2 label=\"a\"\n"
        "  text 1:16 \" igen\"\n"
        "  footnote-ref 1:21 number=1 label=\"b\"\n"
        "  text 1:25 \".\"\n"
        "code-block 8:1 \"[^kod]: inte en fotnot\\n\"\n"
        "footnote-def 4:1 number=1 label=\"b\"\n"
        "  paragraph 4:7\n"
        "    text 4:7 \"Not b.\"\n"
        "footnote-def 3:1 number=2 label=\"a\"\n"
        "  paragraph 3:7\n"
        "    text 3:7 \"Not a med\"\n"
        "    footnote-ref 3:16 number=3 label=\"c\"\n"
        "    text 3:20 \".\"\n"
        "footnote-def 5:1 number=3 label=\"c\"\n"
        "  paragraph 5:7\n"
        "    text 5:7 \"Not c.\"\n"
        "paragraph 1:1\n"
        "  text 1:1 \"Tre\"\n"
        "  footnote-ref 1:4 number=4 label=\"a\"\n"
        "  text 1:8 \".\"\n"
        "footnote-def 3:1 number=4 label=\"a\"\n"
        "  paragraph 3:7\n"
        "    text 3:7 \"En annan a.\"\n");
    /* References point at their definitions, per file. */
    doc_node *p1 = fx->doc->root->first;
    doc_node *ref_b = p1->first->next;
    assert_int_equal(ref_b->kind, DOC_FOOTNOTE_REF);
    assert_non_null(ref_b->def);
    assert_string_equal(ref_b->def->pos.file, "text/01.md");
    assert_int_equal(ref_b->def->number, 1);
    doc_node *ref_a2 = fx->doc->root->last->prev->first->next;
    assert_int_equal(ref_a2->kind, DOC_FOOTNOTE_REF);
    assert_ptr_equal(ref_a2->def, fx->doc->root->last);
    assert_string_equal(ref_a2->def->pos.file, "text/02.md");
}

/* ---- fenced blocks ---------------------------------------------------- */

static void test_fenced_blocks(void **state)
{
    fixture *fx = *state;
    put_file("charts/k.chart",
             "; en kommentar\n"
             "type   = bar\n"
             "title  = Klotter ; per år\n"
             "data   = ../data/y.csv\n"
             "caption = Från filen\n"
             "alt    = Stapeldiagram\n");
    const char *md =
        "```indicators\n"
        "data    = ../data/x.csv\n"
        "caption = Nyckeltal 2023–2026 ; kommentar\n"
        "; hela raden\n"
        "\n"
        "source  = Malmö;stad\n"
        "```\n"
        "\n"
        "> ```table\n"
        ">   data = ../data/y.csv\n"
        "> ```\n"
        "\n"
        "```chart\n"
        "file = ../charts/k.chart\n"
        "caption = Från blocket\n"
        "```\n"
        "\n"
        "  ```chart\n"
        "  type = line\n"
        "  data = ../data/x.csv\n"
        "  ```\n";
    assert_int_equal(parse(fx, "text/01.md", md), 0);
    assert_messages(fx, "");
    assert_dump(fx,
        "indicators 1:1 data=\"../data/x.csv\" caption=\"Nyckeltal 2023–2026\" "
        "source=\"Malmö;stad\"\n"
        "quote 9:1\n"
        "  data-table 9:3 data=\"../data/y.csv\"\n"
        "chart 13:1 file=\"../charts/k.chart\" caption=\"Från blocket\" type=\"bar\" "
        "title=\"Klotter\" data=\"../data/y.csv\" alt=\"Stapeldiagram\"\n"
        "chart 18:3 type=\"line\" data=\"../data/x.csv\"\n");

    doc_node *ind = fx->doc->root->first;
    doc_block *b = ind->block;
    assert_string_equal(b->data, "data/x.csv");
    assert_int_equal(b->data_pos.line, 2);
    assert_int_equal(b->data_pos.col, 11);
    assert_string_equal(b->caption, "Nyckeltal 2023–2026");
    assert_string_equal(b->source, "Malmö;stad");
    assert_int_equal(b->props->next->pos.line, 3);
    assert_int_equal(b->props->next->pos.col, 11);
    assert_int_equal(b->props->next->next->pos.line, 6);

    doc_block *t = ind->next->first->block;
    assert_string_equal(t->data, "data/y.csv");
    assert_int_equal(t->data_pos.line, 10);
    assert_int_equal(t->data_pos.col, 12);
    assert_null(t->caption);

    doc_block *c = ind->next->next->block;
    assert_string_equal(c->chart_file, "charts/k.chart");
    assert_string_equal(c->data, "data/y.csv");
    assert_string_equal(c->data_pos.file, "charts/k.chart");
    assert_int_equal(c->data_pos.line, 4);
    assert_int_equal(c->data_pos.col, 10);
    assert_string_equal(c->caption, "Från blocket");
    assert_string_equal(c->title, "Klotter");
    assert_string_equal(c->type, "bar");
    assert_string_equal(c->alt, "Stapeldiagram");
    assert_null(c->source);
    const doc_prop *title = c->props->next->next->next;
    assert_string_equal(title->key, "title");
    assert_string_equal(title->pos.file, "charts/k.chart");
    assert_int_equal(title->pos.line, 3);
    assert_int_equal(title->pos.col, 10);

    doc_block *inl = fx->doc->root->last->block;
    assert_null(inl->chart_file);
    assert_string_equal(inl->data, "data/x.csv");
    assert_int_equal(inl->data_pos.line, 20);
    assert_int_equal(inl->data_pos.col, 10);
    assert_string_equal(inl->type, "line");
}

static void test_block_errors(void **state)
{
    fixture *fx = *state;
    const char *md =
        "```table\n"                              /* 1 */
        "data = ../data/x.csv\n"
        "captoin = Fel\n"
        "colour = röd\n"
        "```\n"
        "\n"
        "```indicators\n"                         /* 7 */
        "data = ../data/x.csv\n"
        "data = ../data/y.csv\n"
        "caption\n"
        "```\n"
        "\n"
        "```table\n"                              /* 13 */
        "caption = Ingen data\n"
        "```\n"
        "\n"
        "```table\n"                              /* 17 */
        "data = ../data/saknas.csv\n"
        "```\n"
        "\n"
        "```table\n"                              /* 21 */
        "data = ../../etc/passwd\n"
        "```\n"
        "\n"
        "```chart\n"                              /* 25 */
        "file = ../charts/bad.chart\n"
        "type = bar\n"
        "```\n"
        "\n"
        "```chart\n"                              /* 30 */
        "caption = x\n"
        "```\n"
        "\n"
        "```table\n"                              /* 34 */
        "data =\n"
        "```\n";
    put_file("charts/bad.chart",
             "type = bar\n"
             "tilte = X\n"
             "data = ../data/borta.csv\n"
             "[chart]\n");
    assert_int_equal(parse(fx, "text/01.md", md), 0);
    assert_messages(fx,
        "text/01.md:3:1: error: unknown key 'captoin' in table block; did you mean 'caption'?\n"
        "text/01.md:4:1: error: unknown key 'colour' in table block; the keys are data, caption, source\n"
        "text/01.md:9:1: error: 'data' is given twice in indicators block (first on line 8); keep one\n"
        "text/01.md:10:1: error: expected key = value\n"
        "text/01.md:13:1: error: the table block has no 'data'; add data = path/to/file.csv\n"
        "text/01.md:18:8: error: cannot find data file '../data/saknas.csv'\n"
        "text/01.md:22:8: error: '../../etc/passwd' lies outside the document folder\n"
        "text/01.md:27:1: error: 'type' cannot stand beside 'file' in a chart block; put it in the chart file\n"
        "charts/bad.chart:2:1: error: unknown key 'tilte' in chart file; did you mean 'title'?\n"
        "charts/bad.chart:4:1: error: expected key = value\n"
        "charts/bad.chart:3:8: error: cannot find data file '../data/borta.csv'\n"
        "text/01.md:30:1: error: the chart block has neither 'file' nor 'data'; add file = path/to/x.chart, or the chart keys with data = path/to/file.csv\n"
        "text/01.md:35:7: error: 'data' has no value; write data = …\n");
    assert_int_equal(fx->d.errors, 13);
}

static void test_chart_file_problems(void **state)
{
    fixture *fx = *state;
    put_file("charts/nodata.chart", "type = bar\n");
    put_file("charts/latin1.chart", "title = Gr\xF6nska\n");
    const char *md =
        "```chart\n"
        "file = ../charts/nodata.chart\n"
        "```\n"
        "\n"
        "```chart\n"
        "file = ../charts/latin1.chart\n"
        "```\n"
        "\n"
        "```chart\n"
        "file = ../charts/borta.chart\n"
        "```\n";
    assert_int_equal(parse(fx, "text/01.md", md), 0);
    assert_messages(fx,
        "charts/nodata.chart:1:1: error: the chart file has no 'data'; add data = path/to/file.csv\n"
        "charts/latin1.chart:1:11: error: the file is not UTF-8; save it as UTF-8\n"
        "text/01.md:10:8: error: cannot find chart file '../charts/borta.chart'\n");
}

/* ---- images ----------------------------------------------------------- */

static void test_images(void **state)
{
    fixture *fx = *state;
    const char *md =
        "![Alt *text*](../images/a.png \"Bildtext\")\n"
        "\n"
        "Se ![liten](../images/b.jpg) här.\n"
        "\n"
        "![saknas](../images/borta.png)\n"
        "\n"
        "![gif](../images/c.gif)\n"
        "\n"
        "![webb](https://example.org/x.png)\n"
        "\n"
        "![ut](../../x.png)\n";
    assert_int_equal(parse(fx, "text/01.md", md), 0);
    assert_messages(fx,
        "text/01.md:5:1: error: cannot find image '../images/borta.png'\n"
        "text/01.md:7:1: error: image '../images/c.gif' is not a PNG or JPEG file; save it as .png or .jpg\n"
        "text/01.md:9:1: error: image 'https://example.org/x.png' is a web address; put the image in the document folder and name its file\n"
        "text/01.md:11:1: error: '../../x.png' lies outside the document folder\n");
    assert_dump(fx,
        "figure 1:1 url=\"images/a.png\" alt=\"Alt text\" title=\"Bildtext\"\n"
        "paragraph 3:1\n"
        "  text 3:1 \"Se \"\n"
        "  image 3:4 url=\"images/b.jpg\" alt=\"liten\"\n"
        "  text 3:29 \" här.\"\n"
        "figure 5:1 alt=\"saknas\"\n"
        "figure 7:1 alt=\"gif\"\n"
        "figure 9:1 alt=\"webb\"\n"
        "figure 11:1 alt=\"ut\"\n");
}

/* ---- input checks ----------------------------------------------------- */

static void test_not_utf8(void **state)
{
    fixture *fx = *state;
    assert_int_equal(parse(fx, "text/01.md", "# Rubrik\n\nGr\xF6nska\n"), -1);
    assert_messages(fx, "text/01.md:3:3: error: the file is not UTF-8; save it as UTF-8\n");
    assert_null(fx->doc->root->first);
}

static void test_nul_byte(void **state)
{
    fixture *fx = *state;
    const char md[] = "ab\ncd\0ef\n";
    assert_int_equal(rd_markdown_parse(fx->doc, &fx->d, "text/01.md", md, sizeof md - 1), -1);
    assert_messages(fx,
        "text/01.md:2:3: error: the file contains a NUL byte; save it as plain UTF-8 text\n");
}

static void test_bom_and_crlf(void **state)
{
    fixture *fx = *state;
    assert_int_equal(parse(fx, "text/01.md", "\xEF\xBB\xBF# Ö *r*\r\n\r\n```table\r\ndata = ../data/x.csv\r\n```\r\n"), 0);
    assert_messages(fx, "");
    assert_dump(fx,
        "heading 1:1 level=1\n"
        "  text 1:3 \"Ö \"\n"
        "  emph 1:5\n"
        "    text 1:6 \"r\"\n"
        "data-table 3:1 data=\"../data/x.csv\"\n");
    assert_int_equal(fx->doc->root->last->block->data_pos.line, 4);
    assert_int_equal(fx->doc->root->last->block->data_pos.col, 8);
}

static void test_html_left_out(void **state)
{
    fixture *fx = *state;
    const char *md =
        "<div>\n"
        "block\n"
        "</div>\n"
        "\n"
        "<!-- en anteckning -->\n"
        "\n"
        "a <b>fet</b> c <!-- x -->\n";
    assert_int_equal(parse(fx, "text/01.md", md), 0);
    assert_messages(fx,
        "text/01.md:1:1: warning: HTML is not supported and is left out\n"
        "text/01.md:7:3: warning: HTML is not supported and is left out\n"
        "text/01.md:7:9: warning: HTML is not supported and is left out\n");
    assert_dump(fx,
        "paragraph 7:1\n"
        "  text 7:1 \"a fet c \"\n");
}

static void test_deep_nesting(void **state)
{
    fixture *fx = *state;
    char md[4096];
    size_t n = 0;
    for (int i = 0; i < 1000; i++) md[n++] = '>';
    memcpy(md + n, " djupt\n", 8);
    assert_int_equal(parse(fx, "text/01.md", md), 0);
    assert_int_equal(fx->d.errors, 1);
    assert_non_null(strstr(messages(fx), "error: nesting deeper than 32 levels"));

    int depth = 0;
    for (doc_node *q = fx->doc->root->first; q; q = q->first) depth++;
    assert_true(depth <= 32);
}

/* A line longer than TS_MAX_LINE_BYTES is an error at the place the
 * limit is passed, and nothing of the file is kept; a line of exactly the
 * limit is fine. */
static void test_line_too_long(void **state)
{
    fixture *fx = *state;
    size_t n = TS_MAX_LINE_BYTES;
    char *md = malloc(n + 32);
    memcpy(md, "# R\n", 4);
    memset(md + 4, 'a', n);
    strcpy(md + 4 + n, "\n");
    assert_int_equal(parse(fx, "text/01.md", md), 0);
    assert_messages(fx, "");

    memcpy(md + 4 + n, "aa\n", 4);
    assert_int_equal(parse(fx, "text/02.md", md), -1);
    char want[160];
    snprintf(want, sizeof want, "text/02.md:2:%u: error: line 2 is %u bytes long; "
             "a line may be at most 64 KB", TS_MAX_LINE_BYTES + 1, TS_MAX_LINE_BYTES + 2);
    assert_non_null(strstr(messages(fx), want));
    assert_int_equal(fx->d.errors, 1);
    free(md);
}

static void test_empty(void **state)
{
    fixture *fx = *state;
    assert_int_equal(parse(fx, "text/01.md", ""), 0);
    assert_int_equal(parse(fx, "text/02.md", "\n\n"), 0);
    assert_messages(fx, "");
    assert_null(fx->doc->root->first);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_inlines_and_blocks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_columns_in_characters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_adjacent_text_joined, setup, teardown),
        cmocka_unit_test_setup_teardown(test_footnotes_across_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fenced_blocks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_block_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chart_file_problems, setup, teardown),
        cmocka_unit_test_setup_teardown(test_images, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_utf8, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nul_byte, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bom_and_crlf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_html_left_out, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deep_nesting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_line_too_long, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
