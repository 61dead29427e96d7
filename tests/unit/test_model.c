/* Unit tests for src/model: building the tree, names, plain text, dump. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "../../src/model/model.h"

static const char *dumped(const doc_node *n, char *out, size_t size)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    doc_dump(f, n);
    fflush(f);
    rewind(f);
    size_t got = fread(out, 1, size - 1, f);
    out[got] = '\0';
    fclose(f);
    return out;
}

static doc_node *text_node(ts_arena *a, int line, int col, const char *text)
{
    doc_node *n = doc_node_new(a, DOC_TEXT, (ts_pos){"a.md", line, col});
    n->text = text;
    return n;
}

static void test_new_and_append(void **state)
{
    (void)state;
    ts_arena *a = ts_arena_new();
    doc_node *root = doc_node_new(a, DOC_ROOT, (ts_pos){"a.md", 1, 1});
    assert_int_equal(root->kind, DOC_ROOT);
    assert_string_equal(root->pos.file, "a.md");
    assert_null(root->first);
    assert_null(root->parent);
    assert_null(root->text);
    assert_int_equal(root->level, 0);

    doc_node *kids[3];
    for (int i = 0; i < 3; i++) {
        kids[i] = doc_node_new(a, DOC_PARAGRAPH, (ts_pos){"a.md", i + 1, 1});
        doc_node_append(root, kids[i]);
    }
    assert_ptr_equal(root->first, kids[0]);
    assert_ptr_equal(root->last, kids[2]);
    assert_null(kids[0]->prev);
    assert_ptr_equal(kids[0]->next, kids[1]);
    assert_ptr_equal(kids[1]->prev, kids[0]);
    assert_ptr_equal(kids[1]->next, kids[2]);
    assert_ptr_equal(kids[2]->prev, kids[1]);
    assert_null(kids[2]->next);
    for (int i = 0; i < 3; i++) assert_ptr_equal(kids[i]->parent, root);

    int count = 0;
    for (doc_node *n = root->first; n; n = n->next) {
        assert_int_equal(n->pos.line, count + 1);
        count++;
    }
    assert_int_equal(count, 3);
    count = 0;
    for (doc_node *n = root->last; n; n = n->prev) count++;
    assert_int_equal(count, 3);
    ts_arena_drop(a);
}

static void test_kind_names(void **state)
{
    (void)state;
    assert_string_equal(doc_kind_name(DOC_ROOT), "root");
    assert_string_equal(doc_kind_name(DOC_HEADING), "heading");
    assert_string_equal(doc_kind_name(DOC_CODE_BLOCK), "code-block");
    assert_string_equal(doc_kind_name(DOC_THEMATIC_BREAK), "thematic-break");
    assert_string_equal(doc_kind_name(DOC_DATA_TABLE), "data-table");
    assert_string_equal(doc_kind_name(DOC_FOOTNOTE_DEF), "footnote-def");
    assert_string_equal(doc_kind_name(DOC_FOOTNOTE_REF), "footnote-ref");
    assert_string_equal(doc_kind_name(DOC_SOFTBREAK), "softbreak");
    /* Every kind has its own name. */
    for (int i = DOC_ROOT; i <= DOC_FOOTNOTE_REF; i++) {
        const char *name = doc_kind_name((doc_kind)i);
        assert_non_null(name);
        assert_string_not_equal(name, "unknown");
        for (int j = DOC_ROOT; j < i; j++)
            assert_string_not_equal(name, doc_kind_name((doc_kind)j));
    }
}

/* # Hej *där*\nvärld[^1] */
static doc_node *heading_fixture(ts_arena *a)
{
    doc_node *h = doc_node_new(a, DOC_HEADING, (ts_pos){"a.md", 1, 1});
    h->level = 1;
    doc_node_append(h, text_node(a, 1, 3, "Hej "));
    doc_node *em = doc_node_new(a, DOC_EMPH, (ts_pos){"a.md", 1, 7});
    doc_node_append(em, text_node(a, 1, 8, "där"));
    doc_node_append(h, em);
    doc_node_append(h, doc_node_new(a, DOC_SOFTBREAK, (ts_pos){"a.md", 1, 12}));
    doc_node_append(h, text_node(a, 2, 1, "värld"));
    doc_node *ref = doc_node_new(a, DOC_FOOTNOTE_REF, (ts_pos){"a.md", 2, 6});
    ref->label = "1";
    ref->number = 1;
    doc_node_append(h, ref);
    return h;
}

static void test_plain_text(void **state)
{
    (void)state;
    ts_arena *a = ts_arena_new();
    doc_node *h = heading_fixture(a);
    assert_string_equal(doc_plain_text(a, h), "Hej där värld");
    /* Only the node's own subtree: a sibling after it adds nothing. */
    doc_node *root = doc_node_new(a, DOC_ROOT, (ts_pos){"a.md", 1, 1});
    doc_node_append(root, h);
    doc_node *p = doc_node_new(a, DOC_PARAGRAPH, (ts_pos){"a.md", 4, 1});
    doc_node_append(p, text_node(a, 4, 1, "Stycke"));
    doc_node *strong = doc_node_new(a, DOC_STRONG, (ts_pos){"a.md", 4, 8});
    doc_node_append(p, strong);                   /* empty inline */
    doc_node_append(p, doc_node_new(a, DOC_LINEBREAK, (ts_pos){"a.md", 4, 12}));
    doc_node *code = doc_node_new(a, DOC_CODE, (ts_pos){"a.md", 5, 1});
    code->text = "x = 1";
    doc_node_append(p, code);
    doc_node_append(root, p);
    assert_string_equal(doc_plain_text(a, h), "Hej där värld");
    assert_string_equal(doc_plain_text(a, p), "Stycke x = 1");
    /* Blocks are separated by a space. */
    assert_string_equal(doc_plain_text(a, root), "Hej där värld Stycke x = 1");
    /* An image gives its alt text. */
    doc_node *img = doc_node_new(a, DOC_IMAGE, (ts_pos){"a.md", 6, 1});
    img->text = "Karta över Malmö";
    img->url = "images/karta.png";
    assert_string_equal(doc_plain_text(a, img), "Karta över Malmö");
    /* Nothing at all. */
    doc_node *empty = doc_node_new(a, DOC_PARAGRAPH, (ts_pos){"a.md", 7, 1});
    assert_string_equal(doc_plain_text(a, empty), "");
    ts_arena_drop(a);
}

static void test_block_get(void **state)
{
    (void)state;
    ts_arena *a = ts_arena_new();
    doc_block *b = ts_arena_alloc(a, sizeof *b);
    assert_null(doc_block_get(b, "data"));
    doc_prop *caption = ts_arena_alloc(a, sizeof *caption);
    doc_prop *data = ts_arena_alloc(a, sizeof *data);
    data->key = "data";
    data->value = "../data/renhallning.csv";
    data->next = caption;
    caption->key = "caption";
    caption->value = "Nyckeltal för renhållning";
    b->props = data;
    assert_string_equal(doc_block_get(b, "data"), "../data/renhallning.csv");
    assert_string_equal(doc_block_get(b, "caption"), "Nyckeltal för renhållning");
    assert_null(doc_block_get(b, "source"));
    assert_null(doc_block_get(b, "Data"));
    assert_null(doc_block_get(NULL, "data"));
    ts_arena_drop(a);
}

static void test_dump(void **state)
{
    (void)state;
    ts_arena *a = ts_arena_new();
    doc_node *root = doc_node_new(a, DOC_ROOT, (ts_pos){"a.md", 1, 1});
    doc_node_append(root, heading_fixture(a));

    doc_node *list = doc_node_new(a, DOC_LIST, (ts_pos){"a.md", 4, 1});
    list->level = 1;
    list->ordered = 1;
    list->start = 3;
    list->tight = 1;
    doc_node *item = doc_node_new(a, DOC_ITEM, (ts_pos){"a.md", 4, 1});
    doc_node *para = doc_node_new(a, DOC_PARAGRAPH, (ts_pos){"a.md", 4, 4});
    doc_node *link = doc_node_new(a, DOC_LINK, (ts_pos){"a.md", 4, 4});
    link->url = "https://malmo.se/";
    doc_node_append(link, text_node(a, 4, 5, "Malmö \"stad\""));
    doc_node_append(para, link);
    doc_node_append(item, para);
    doc_node_append(list, item);
    doc_node_append(root, list);

    doc_node *code = doc_node_new(a, DOC_CODE_BLOCK, (ts_pos){"a.md", 6, 1});
    code->text = "a\tb\n";
    doc_node_append(root, code);

    doc_node *chart = doc_node_new(a, DOC_CHART, (ts_pos){"a.md", 9, 1});
    chart->block = ts_arena_alloc(a, sizeof *chart->block);
    doc_prop *file = ts_arena_alloc(a, sizeof *file);
    file->key = "file";
    file->value = "../charts/klotter.chart";
    chart->block->props = file;
    doc_node_append(root, chart);

    doc_node *table = doc_node_new(a, DOC_TABLE, (ts_pos){"a.md", 12, 1});
    table->ncols = 3;
    table->align = ts_arena_alloc(a, 3 * sizeof *table->align);
    table->align[0] = DOC_ALIGN_LEFT;
    table->align[1] = DOC_ALIGN_NONE;
    table->align[2] = DOC_ALIGN_RIGHT;
    doc_node *row = doc_node_new(a, DOC_TABLE_ROW, (ts_pos){"a.md", 12, 1});
    row->header = 1;
    doc_node_append(row, doc_node_new(a, DOC_TABLE_CELL, (ts_pos){"a.md", 12, 2}));
    doc_node_append(table, row);
    doc_node_append(root, table);

    doc_node_append(root, doc_node_new(a, DOC_THEMATIC_BREAK, (ts_pos){"a.md", 14, 1}));

    char out[4096];
    assert_string_equal(dumped(root, out, sizeof out),
        "root 1:1\n"
        "  heading 1:1 level=1\n"
        "    text 1:3 \"Hej \"\n"
        "    emph 1:7\n"
        "      text 1:8 \"där\"\n"
        "    softbreak 1:12\n"
        "    text 2:1 \"värld\"\n"
        "    footnote-ref 2:6 number=1 label=\"1\"\n"
        "  list 4:1 level=1 ordered=1 start=3 tight=1\n"
        "    item 4:1\n"
        "      paragraph 4:4\n"
        "        link 4:4 url=\"https://malmo.se/\"\n"
        "          text 4:5 \"Malmö \\\"stad\\\"\"\n"
        "  code-block 6:1 \"a\\tb\\n\"\n"
        "  chart 9:1 file=\"../charts/klotter.chart\"\n"
        "  table 12:1 ncols=3 align=l-r\n"
        "    table-row 12:1 header=1\n"
        "      table-cell 12:2\n"
        "  thematic-break 14:1\n");

    /* A subtree dumps from depth 0 and stops at its own end. */
    assert_string_equal(dumped(list, out, sizeof out),
        "list 4:1 level=1 ordered=1 start=3 tight=1\n"
        "  item 4:1\n"
        "    paragraph 4:4\n"
        "      link 4:4 url=\"https://malmo.se/\"\n"
        "        text 4:5 \"Malmö \\\"stad\\\"\"\n");
    ts_arena_drop(a);
}

/* A tree far deeper than any document must not exhaust the stack. */
static void test_deep_tree(void **state)
{
    (void)state;
    ts_arena *a = ts_arena_new();
    doc_node *root = doc_node_new(a, DOC_QUOTE, (ts_pos){"a.md", 1, 1});
    doc_node *n = root;
    for (int i = 0; i < 100000; i++) {
        doc_node *child = doc_node_new(a, DOC_EMPH, (ts_pos){"a.md", 1, 1});
        doc_node_append(n, child);
        n = child;
    }
    doc_node_append(n, text_node(a, 1, 1, "djupt"));
    assert_string_equal(doc_plain_text(a, root), "djupt");
    ts_arena_drop(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_and_append),
        cmocka_unit_test(test_kind_names),
        cmocka_unit_test(test_plain_text),
        cmocka_unit_test(test_block_get),
        cmocka_unit_test(test_dump),
        cmocka_unit_test(test_deep_tree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
