/* Unit tests for Swedish numbers (src/read/numbers.c): reading cells as
 * Excel and people write them, and writing them the Swedish way. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "../../src/read/read.h"

#define NNBSP "\xE2\x80\xAF"
#define NBSP "\xC2\xA0"
#define MINUS "\xE2\x88\x92"

static void expect_number(const char *text, char decimal, double value,
                          int decimals, int percent)
{
    doc_cell c;
    memset(&c, 0, sizeof c);
    doc_cell_kind k = rd_number_parse(text, decimal, &c);
    if (k != DOC_CELL_NUMBER) fail_msg("'%s' was not read as a number", text);
    if (fabs(c.value - value) > 1e-9 * (fabs(value) + 1))
        fail_msg("'%s' read as %.17g, not %.17g", text, c.value, value);
    assert_int_equal(c.decimals, decimals);
    assert_int_equal(c.percent, percent);
}

static void expect_kind(const char *text, char decimal, doc_cell_kind kind)
{
    doc_cell c;
    memset(&c, 0, sizeof c);
    doc_cell_kind k = rd_number_parse(text, decimal, &c);
    if (k != kind) fail_msg("'%s' (decimal '%c') read as kind %d, not %d", text, decimal, k, kind);
}

static void test_parse_plain(void **state)
{
    (void)state;
    expect_number("12450", ',', 12450, 0, 0);
    expect_number("0", ',', 0, 0, 0);
    expect_number("38,4", ',', 38.4, 1, 0);
    expect_number("38.4", '.', 38.4, 1, 0);
    expect_number("3,10", ',', 3.1, 2, 0);
    expect_number("0,05", ',', 0.05, 2, 0);
    expect_number("  17  ", ',', 17, 0, 0);
    expect_number("2024", ',', 2024, 0, 0);
}

static void test_parse_groups(void **state)
{
    (void)state;
    expect_number("12 450", ',', 12450, 0, 0);
    expect_number("12" NBSP "450", ',', 12450, 0, 0);
    expect_number("12" NNBSP "450", ',', 12450, 0, 0);
    expect_number("12\xE2\x80\x89" "450", ',', 12450, 0, 0);   /* thin space */
    expect_number("1 234 567,5", ',', 1234567.5, 1, 0);
    expect_number("1 234 567.25", '.', 1234567.25, 2, 0);
    /* not groups of three: two numbers, or a typo */
    expect_kind("1 2", ',', DOC_CELL_TEXT);
    expect_kind("12 45", ',', DOC_CELL_TEXT);
    expect_kind("1234 567", ',', DOC_CELL_TEXT);
    expect_kind("12 4500", ',', DOC_CELL_TEXT);
    expect_kind("12  450", ',', DOC_CELL_TEXT);
}

static void test_parse_signs(void **state)
{
    (void)state;
    expect_number("-3", ',', -3, 0, 0);
    expect_number(MINUS "3", ',', -3, 0, 0);
    expect_number(MINUS "2,5", ',', -2.5, 1, 0);
    expect_number("-1 200", ',', -1200, 0, 0);
    doc_cell c;
    memset(&c, 0, sizeof c);
    assert_int_equal(rd_number_parse("+3,2", ',', &c), DOC_CELL_NUMBER);
    assert_true(c.plus);
    assert_true(fabs(c.value - 3.2) < 1e-12);
    expect_kind("--3", ',', DOC_CELL_TEXT);
    expect_kind("3-", ',', DOC_CELL_TEXT);
}

static void test_parse_percent(void **state)
{
    (void)state;
    expect_number("45 %", ',', 45, 0, 1);
    expect_number("45%", ',', 45, 0, 1);
    expect_number("74,5" NBSP "%", ',', 74.5, 1, 1);
    expect_number(MINUS "3,5 %", ',', -3.5, 1, 1);
    expect_kind("%", ',', DOC_CELL_TEXT);
    expect_kind("45 %%", ',', DOC_CELL_TEXT);
    expect_kind("45 % st", ',', DOC_CELL_TEXT);
}

static void test_parse_missing(void **state)
{
    (void)state;
    expect_kind("", ',', DOC_CELL_EMPTY);
    expect_kind("   ", ',', DOC_CELL_EMPTY);
    expect_kind("..", ',', DOC_CELL_EMPTY);
    expect_kind("\xE2\x80\x93", ',', DOC_CELL_EMPTY);   /* – */
    expect_kind("-", ',', DOC_CELL_EMPTY);
    expect_kind(NULL, ',', DOC_CELL_EMPTY);
}

static void test_parse_wrong_decimal_sign(void **state)
{
    (void)state;
    /* The decimal sign is the file's: a point in a ;-file and a comma in a
     * ,-file are not guessed at (12.450 could be a German twelve thousand). */
    expect_kind("38.4", ',', DOC_CELL_TEXT);
    expect_kind("38,4", '.', DOC_CELL_TEXT);
    expect_kind("5,", ',', DOC_CELL_TEXT);
    expect_kind(",5", ',', DOC_CELL_TEXT);
    expect_kind("1,2,3", ',', DOC_CELL_TEXT);
    expect_kind("12 st", ',', DOC_CELL_TEXT);
    expect_kind("Malmö", ',', DOC_CELL_TEXT);
    expect_kind("1e5", ',', DOC_CELL_TEXT);
    expect_kind("0x10", ',', DOC_CELL_TEXT);
    expect_kind("inf", ',', DOC_CELL_TEXT);
    expect_kind("nan", ',', DOC_CELL_TEXT);
}

static void test_parse_long(void **state)
{
    (void)state;
    char big[400];
    memset(big, '9', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    expect_kind(big, ',', DOC_CELL_TEXT);            /* absurdly long: not a number */
    expect_number("123456789012345678", ',', 123456789012345678.0, 0, 0);
    expect_number("0,1234567890123456789", ',', 0.1234567890123456789, 19, 0);
}

static void expect_format(double v, int decimals, int group_from, int percent,
                          const char *want)
{
    ts_arena *a = ts_arena_new();
    char *got = rd_number_format(a, v, decimals, group_from, percent);
    if (strcmp(got, want) != 0) fail_msg("%.17g with %d decimals: got '%s', want '%s'", v, decimals, got, want);
    ts_arena_drop(a);
}

static void test_format(void **state)
{
    (void)state;
    expect_format(12450, 0, 5, 0, "12" NNBSP "450");
    expect_format(1245, 0, 5, 0, "1245");              /* running text: from five digits */
    expect_format(1245, 0, 4, 0, "1" NNBSP "245");     /* tables: from four */
    expect_format(1234567.5, 1, 4, 0, "1" NNBSP "234" NNBSP "567,5");
    expect_format(38.4, 1, 4, 0, "38,4");
    expect_format(3.1, 2, 4, 0, "3,10");
    expect_format(-3, 0, 4, 0, MINUS "3");
    expect_format(-12450.25, 2, 4, 0, MINUS "12" NNBSP "450,25");
    expect_format(45, 0, 4, 1, "45" NBSP "%");
    expect_format(74.5, 1, 4, 1, "74,5" NBSP "%");
    expect_format(2026, 0, 0, 0, "2026");              /* years never grouped */
    expect_format(123456, 0, 0, 0, "123456");
    expect_format(0, 0, 4, 0, "0");
    expect_format(-0.04, 1, 4, 0, "0,0");              /* no "−0,0" */
    expect_format(-0.0, 0, 4, 0, "0");
    expect_format(2.5, 0, 4, 0, "2");                  /* printf: half to even on ties of binary values */
    expect_format(0.25, 1, 4, 0, "0,2");
    expect_format(999.96, 1, 4, 0, "1" NNBSP "000,0"); /* rounding grows the integer part */
    expect_format(NAN, 1, 4, 0, "\xE2\x80\x93");
    expect_format(INFINITY, 1, 4, 0, "\xE2\x80\x93");
    expect_format(1.5, -3, 4, 0, "2");
}

static void test_round_trip(void **state)
{
    (void)state;
    /* What the formatter writes, the reader reads back to the same value. */
    const double values[] = { 0, 1, -1, 12450, -12450.5, 38.4, 1234567.89, 0.05, -999.9 };
    const int decimals[] = { 0, 0, 0, 0, 1, 1, 2, 2, 1 };
    ts_arena *a = ts_arena_new();
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        for (int pct = 0; pct <= 1; pct++) {
            char *s = rd_number_format(a, values[i], decimals[i], 4, pct);
            doc_cell c;
            memset(&c, 0, sizeof c);
            assert_int_equal(rd_number_parse(s, ',', &c), DOC_CELL_NUMBER);
            assert_true(fabs(c.value - values[i]) < 1e-9);
            assert_int_equal(c.decimals, decimals[i]);
            assert_int_equal(c.percent, pct);
        }
    }
    ts_arena_drop(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_plain),
        cmocka_unit_test(test_parse_groups),
        cmocka_unit_test(test_parse_signs),
        cmocka_unit_test(test_parse_percent),
        cmocka_unit_test(test_parse_missing),
        cmocka_unit_test(test_parse_wrong_decimal_sign),
        cmocka_unit_test(test_parse_long),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
