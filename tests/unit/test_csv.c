/* Unit tests for CSV reading (src/read/csv.c): encodings, separators, line
 * ends, quoting, and every error with its file:line:col. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../../src/read/read.h"

typedef struct run {
    ts_arena *a;
    ts_diag d;
    FILE *out;
    char msg[4096];
    doc_table *t;
} run;

static run *parse(const char *bytes, size_t len)
{
    run *r = calloc(1, sizeof *r);
    r->a = ts_arena_new();
    r->out = tmpfile();
    ts_diag_init(&r->d, r->out);
    r->t = rd_csv_parse(r->a, &r->d, "x.csv", bytes, len);
    fflush(r->out);
    rewind(r->out);
    size_t got = fread(r->msg, 1, sizeof r->msg - 1, r->out);
    r->msg[got] = '\0';
    return r;
}

static run *parse_s(const char *s) { return parse(s, strlen(s)); }

static void done(run *r)
{
    fclose(r->out);
    ts_arena_drop(r->a);
    free(r);
}

static void expect_msg(const run *r, const char *want)
{
    if (!strstr(r->msg, want)) fail_msg("expected '%s' in:\n%s", want, r->msg);
}

static void test_semicolon_utf8(void **state)
{
    (void)state;
    run *r = parse_s("Nyckeltal;Enhet;2025;2026\nKlotter;st;11 600;10 400\nTid;dagar;2,6;2,9\n");
    assert_non_null(r->t);
    assert_int_equal(r->t->ncols, 4);
    assert_int_equal(r->t->nrows, 2);
    assert_int_equal(r->t->separator, ';');
    assert_int_equal(r->t->decimal, ',');
    assert_string_equal(r->t->header[0].text, "Nyckeltal");
    const doc_cell *c = doc_table_cell(r->t, 1, 3);
    assert_int_equal(c->kind, DOC_CELL_NUMBER);
    assert_true(c->value > 2.89 && c->value < 2.91);
    assert_int_equal(c->decimals, 1);
    assert_int_equal(c->pos.line, 3);
    assert_int_equal(c->pos.col, 15);
    assert_int_equal(doc_table_cell(r->t, 0, 2)->value, 11600);
    assert_int_equal(r->t->col_kind[0], DOC_CELL_TEXT);
    assert_int_equal(r->t->col_kind[2], DOC_CELL_NUMBER);
    assert_int_equal(r->d.errors, 0);
    done(r);
}

static void test_comma_and_tab(void **state)
{
    (void)state;
    run *r = parse_s("Name,Value\r\n\"Malmö, city\",38.4\r\nLund,\"1,5\"\r\nYstad,2\r\n");
    /* "1,5" in a comma file is not a number (decimal point there): an error */
    assert_null(r->t);
    expect_msg(r, "x.csv:3:6: error: '1,5' is written with a decimal comma");
    done(r);
    r = parse_s("Name,Value\r\n\"Malmö, city\",38.4\r\nLund,2\r\n");
    assert_non_null(r->t);
    assert_int_equal(r->t->separator, ',');
    assert_string_equal(doc_table_cell(r->t, 0, 0)->text, "Malmö, city");
    assert_true(doc_table_cell(r->t, 0, 1)->value == 38.4);
    done(r);
    r = parse_s("A\tB\tC\n1\t2,5\t\n");
    assert_non_null(r->t);
    assert_int_equal(r->t->separator, '\t');
    assert_int_equal(r->t->ncols, 3);
    assert_int_equal(doc_table_cell(r->t, 0, 2)->kind, DOC_CELL_EMPTY);
    done(r);
}

static void test_separator_inside_numbers(void **state)
{
    (void)state;
    /* decimal commas in a ;-file must not make it look comma-separated */
    run *r = parse_s("År;Värde\n2024;2,5\n2025;3,75\n");
    assert_non_null(r->t);
    assert_int_equal(r->t->separator, ';');
    assert_int_equal(r->t->ncols, 2);
    done(r);
}

static void test_quoted_newline_and_quotes(void **state)
{
    (void)state;
    run *r = parse_s("A;B\n\"two\r\nlines\";\"say \"\"hej\"\"\"\nx;y\n");
    assert_non_null(r->t);
    assert_int_equal(r->t->nrows, 2);
    assert_string_equal(doc_table_cell(r->t, 0, 0)->text, "two\nlines");
    assert_string_equal(doc_table_cell(r->t, 0, 1)->text, "say \"hej\"");
    /* the row after a two-line cell starts on line 4 */
    assert_int_equal(doc_table_cell(r->t, 1, 0)->pos.line, 4);
    assert_int_equal(doc_table_cell(r->t, 1, 1)->pos.col, 3);
    done(r);
}

static void test_blank_rows_and_no_final_newline(void **state)
{
    (void)state;
    run *r = parse_s("A;B\n\n1;2\n;\n3;4");
    assert_non_null(r->t);
    assert_int_equal(r->t->nrows, 2);
    assert_int_equal(doc_table_cell(r->t, 1, 1)->value, 4);
    assert_int_equal(doc_table_cell(r->t, 1, 1)->pos.line, 5);
    done(r);
}

static void test_ragged(void **state)
{
    (void)state;
    run *r = parse_s("A;B;C\n1;2;3\n1;2\n1;2;3;4\n");
    assert_null(r->t);
    expect_msg(r, "x.csv:3:4: error: this row has 2 cells but the header has 3");
    expect_msg(r, "x.csv:4:7: error: this row has 4 cells but the header has 3");
    assert_int_equal(r->d.errors, 2);
    done(r);
}

static void test_unterminated_quote(void **state)
{
    (void)state;
    run *r = parse_s("A;B\n1;\"open\n2;3\n");
    assert_null(r->t);
    expect_msg(r, "x.csv:2:3: error: the quoted cell that starts here is never closed");
    done(r);
}

static void test_stray_quote(void **state)
{
    (void)state;
    run *r = parse_s("A;B\n1;12\"3\n");
    assert_null(r->t);
    expect_msg(r, "x.csv:2:5: error: a quote (\") inside a cell that is not quoted");
    done(r);
    r = parse_s("A;B\n1;\"12\"x\n");
    assert_null(r->t);
    expect_msg(r, "x.csv:2:7: error: a quote");
    done(r);
}

static void test_not_a_number(void **state)
{
    (void)state;
    run *r = parse_s("Nyckeltal;2025;2026\nA;12;13\nB;14;ca 15\nC;38.4;1\n");
    assert_null(r->t);
    expect_msg(r, "x.csv:3:6: error: 'ca 15' is not a number, but column '2026' holds numbers");
    expect_msg(r, "x.csv:4:3: error: '38.4' is written with a decimal point");
    done(r);
}

static void test_bom_and_1252_identical(void **state)
{
    (void)state;
    const char utf8[] = "\xEF\xBB\xBFNyckeltal;Enhet;2026\r\nRenhållning – städat;%;74,5\r\n"
                        "Ärenden “nya”;st;12 450\r\n";
    const char w1252[] = "Nyckeltal;Enhet;2026\r\nRenh\xE5llning \x96 st\xE4" "dat;%;74,5\r\n"
                         "\xC4renden \x93nya\x94;st;12 450\r\n";
    run *u = parse_s(utf8);
    run *w = parse_s(w1252);
    assert_non_null(u->t);
    assert_non_null(w->t);
    assert_false(u->t->windows_1252);
    assert_true(w->t->windows_1252);
    assert_int_equal(u->t->ncols, w->t->ncols);
    assert_int_equal(u->t->nrows, w->t->nrows);
    for (int k = 0; k < u->t->ncols; k++)
        assert_string_equal(u->t->header[k].text, w->t->header[k].text);
    for (int r = 0; r < u->t->nrows; r++)
        for (int k = 0; k < u->t->ncols; k++) {
            const doc_cell *a = doc_table_cell(u->t, r, k), *b = doc_table_cell(w->t, r, k);
            assert_string_equal(a->text, b->text);
            assert_int_equal(a->kind, b->kind);
            assert_true(a->value == b->value);
            assert_int_equal(a->pos.line, b->pos.line);
            assert_int_equal(a->pos.col, b->pos.col);
        }
    assert_string_equal(doc_table_cell(w->t, 1, 0)->text, "Ärenden \xE2\x80\x9Cnya\xE2\x80\x9D");
    done(u);
    done(w);
}

static void test_bad_encodings(void **state)
{
    (void)state;
    run *r = parse("\xFF\xFE" "A\0;\0", 6);
    assert_null(r->t);
    expect_msg(r, "x.csv:1:1: error: the file is UTF-16");
    done(r);
    r = parse_s("A;B\n1;\x81\n");
    assert_null(r->t);
    expect_msg(r, "x.csv:2:3: error: byte 0x81 is neither UTF-8 nor Windows-1252");
    done(r);
    r = parse_s("A;B\n1;\x01\n");
    assert_null(r->t);
    expect_msg(r, "x.csv:2:3: error: a control character");
    done(r);
    r = parse_s("");
    assert_null(r->t);
    expect_msg(r, "x.csv:1:1: error: the file is empty");
    done(r);
}

static void test_limits(void **state)
{
    (void)state;
    /* 600 columns */
    ts_buf b = { 0 };
    for (int k = 0; k < 600; k++) ts_buf_puts(&b, k ? ";c" : "c");
    ts_buf_puts(&b, "\n");
    run *r = parse(b.data, b.len);
    assert_null(r->t);
    expect_msg(r, "more than 500 columns");
    done(r);
    ts_buf_free(&b);
    /* a cell of 70 000 bytes */
    ts_buf_puts(&b, "A\n\"");
    for (int k = 0; k < 70000; k++) ts_buf_putc(&b, 'x');
    ts_buf_puts(&b, "\"\n");
    r = parse(b.data, b.len);
    assert_null(r->t);
    expect_msg(r, "x.csv:2:1: error: this cell holds 70000 bytes");
    done(r);
    ts_buf_free(&b);
}

static void test_many_rows_linear(void **state)
{
    (void)state;
    ts_buf b = { 0 };
    ts_buf_puts(&b, "Rad;Värde;Text\n");
    for (int k = 0; k < 100000; k++) ts_buf_printf(&b, "%d;%d,%d;rad %d\n", k, k * 3, k % 10, k);
    run *r = parse(b.data, b.len);
    assert_non_null(r->t);
    assert_int_equal(r->t->nrows, 100000);
    assert_int_equal(doc_table_cell(r->t, 99999, 2)->pos.line, 100001);
    done(r);
    ts_buf_free(&b);
}

/* A header is a year only when it is exactly four digits; a long run of
 * digits (found by fuzzing) must not overflow on the way. */
static void test_header_year(void **state)
{
    (void)state;
    assert_int_equal(rd_header_year("2026"), 2026);
    assert_int_equal(rd_header_year("0999"), 0);
    assert_int_equal(rd_header_year("20261"), 0);
    assert_int_equal(rd_header_year("12345678901234567890123"), 0);
    assert_int_equal(rd_header_year("Mål 2026"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_semicolon_utf8),
        cmocka_unit_test(test_comma_and_tab),
        cmocka_unit_test(test_separator_inside_numbers),
        cmocka_unit_test(test_quoted_newline_and_quotes),
        cmocka_unit_test(test_blank_rows_and_no_final_newline),
        cmocka_unit_test(test_ragged),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_stray_quote),
        cmocka_unit_test(test_not_a_number),
        cmocka_unit_test(test_bom_and_1252_identical),
        cmocka_unit_test(test_bad_encodings),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_many_rows_linear),
        cmocka_unit_test(test_header_year),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
