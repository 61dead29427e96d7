/* Unit tests for indicator status and trend (src/layout/indicators.c).
 * Expected values are derived by hand from DESIGN.md's rules, one case per
 * edge, and for the sample's four tables from an independent reading of
 * the CSV files (a short script over them gave the same counts as the
 * sample's author: Uppnått 5, På väg 6, Ej uppnått 4, Kan inte bedömas 5). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "../../src/layout/layout_internal.h"

typedef struct want { lo_status status; lo_trend trend; int assessed; } want;

static void check(const char *csv, const want *w, int n, int want_warnings)
{
    ts_arena *a = ts_arena_new();
    ts_diag d;
    FILE *out = tmpfile();
    ts_diag_init(&d, out);
    doc_table *t = rd_csv_parse(a, &d, "x.csv", csv, strlen(csv));
    assert_non_null(t);
    assert_int_equal(t->nrows, n);
    lo_indicator_cols ic;
    assert_int_equal(lo_indicator_columns(&d, t, &ic), 0);
    for (int r = 0; r < n; r++) {
        lo_assessment as;
        assert_int_equal(lo_indicator_assess(&d, t, &ic, r, &as), 0);
        if (as.status != w[r].status || as.trend != w[r].trend || as.assessed != w[r].assessed)
            fail_msg("row %d (%s): got %s/%s%s, want %s/%s%s", r + 1,
                     doc_table_cell(t, r, 0)->text, lo_status_words[as.status],
                     lo_trend_words[as.trend], as.assessed ? " (assessed)" : "",
                     lo_status_words[w[r].status], lo_trend_words[w[r].trend],
                     w[r].assessed ? " (assessed)" : "");
    }
    assert_int_equal(d.errors, 0);
    assert_int_equal(d.warnings, want_warnings);
    fclose(out);
    ts_arena_drop(a);
}

#define M LO_STATUS_MET
#define P LO_STATUS_PROGRESS
#define N LO_STATUS_NOT_MET
#define U LO_STATUS_UNKNOWN
#define T0 LO_TREND_NONE
#define TB LO_TREND_BETTER
#define TS LO_TREND_SAME
#define TW LO_TREND_WORSE

static void test_edge_cases(void **state)
{
    (void)state;
    const char *csv =
        "Nyckeltal;Enhet;Riktning;2024;2025;2026;Mål 2026\n"
        "equal to target;st;högre;10;12;15;15\n"          /* met: equality counts */
        "higher, not met, better;%;högre;40,5;41,0;42,5;50,0\n"
        "higher, equal to last year;st;högre;5;7;7;9\n"   /* not better: not met, unchanged */
        "lower, met;dagar;lägre;3,1;2,8;2,0;2,5\n"
        "lower, better;st;lägre;14 200;12 900;11 600;10 000\n"
        "lower, worse;st;lägre;4;3;5;2\n"
        "no latest value;%;högre;61;66;..;75\n"
        "no previous value;%;högre;61;–;70;75\n"         /* not met and not shown better */
        "no previous, met;%;högre;;;80;75\n"
        "no target;st;högre;1;2;3;\n"
        "negative, better;%;högre;−3,5;-2,0;−1,5;0,0\n"
        "negative, lower met;%;lägre;-1;-2;-3;-3\n"
        "lower, equal to last year, met;st;LÄGRE;2;2;2;2\n";
    const want w[] = {
        { M, TB, 0 }, { P, TB, 0 }, { N, TS, 0 }, { M, TB, 0 }, { P, TB, 0 }, { N, TW, 0 },
        { U, T0, 0 }, { N, T0, 0 }, { M, T0, 0 }, { U, TB, 0 }, { P, TB, 0 }, { M, TB, 0 },
        { M, TS, 0 },
    };
    check(csv, w, (int)(sizeof w / sizeof w[0]), 0);
}

static void test_assessed_overrides(void **state)
{
    (void)state;
    const char *csv =
        "Nyckeltal;Riktning;2025;2026;Mål 2026;Bedömning\n"
        "a;högre;1;2;3;På väg\n"
        "b;högre;1;2;3;\n"
        "c;lägre;5;4;3;uppnått\n"
        "d;högre;;;;Kan inte bedömas\n";
    const want w[] = { { P, TB, 1 }, { P, TB, 0 }, { M, TB, 1 }, { U, T0, 1 } };
    check(csv, w, 4, 0);
}

static void test_target_for_another_year(void **state)
{
    (void)state;
    /* "Mål 2025" in a table whose latest year is 2026: cannot be assessed
     * against, warned once */
    const char *csv = "Nyckeltal;Riktning;2025;2026;Mål 2025\nx;högre;5;6;5\n";
    const want w[] = { { U, TB, 0 } };
    check(csv, w, 1, 1);
    /* a target without a year is for the latest; years out of order */
    const char *csv2 = "Nyckeltal;Riktning;Mål;2026;2024;2025\nx;högre;6;6;9;5\n";
    const want w2[] = { { M, TB, 0 } };
    check(csv2, w2, 1, 0);
    /* two targets: the latest year's wins */
    const char *csv3 = "Nyckeltal;Riktning;2025;2026;Mål 2025;Mål 2026\nx;högre;5;6;4;7\n";
    const want w3[] = { { P, TB, 0 } };
    check(csv3, w3, 1, 0);
}

/* The sample's four indicator tables, row by row. */
static void test_sample(void **state)
{
    (void)state;
    static const struct { const char *file; want w[5]; } s[] = {
        { "samples/trygghetsbokslut-2026/data/renhallning.csv",
          { { P, TB, 0 }, { M, TB, 0 }, { N, TW, 0 }, { P, TB, 0 }, { U, TB, 0 } } },
        { "samples/trygghetsbokslut-2026/data/planarbete.csv",
          { { P, TB, 0 }, { M, TB, 0 }, { N, TW, 0 }, { M, TB, 0 }, { U, TB, 0 } } },
        { "samples/trygghetsbokslut-2026/data/trafikmiljo.csv",
          { { P, TB, 0 }, { N, TW, 0 }, { M, TB, 0 }, { U, T0, 0 }, { U, TB, 0 } } },
        { "samples/trygghetsbokslut-2026/data/befintlig-stad.csv",
          { { P, TW, 1 }, { M, TB, 1 }, { N, TB, 1 }, { P, TB, 1 }, { U, T0, 1 } } },
    };
    int count[LO_STATUS_COUNT] = { 0 };
    for (size_t f = 0; f < sizeof s / sizeof s[0]; f++) {
        ts_arena *a = ts_arena_new();
        ts_diag d;
        ts_diag_init(&d, stderr);
        size_t len;
        char *bytes = ts_read_file(a, &d, (ts_pos){ s[f].file, 0, 0 }, s[f].file, &len);
        assert_non_null(bytes);
        check(bytes, s[f].w, 5, 0);
        ts_arena_drop(a);
        for (int r = 0; r < 5; r++) count[s[f].w[r].status]++;
    }
    assert_int_equal(count[M], 5);
    assert_int_equal(count[P], 6);
    assert_int_equal(count[N], 4);
    assert_int_equal(count[U], 5);
}

/* The legend read aloud leaves out its "*" markers, and only those. */
static void test_legend_reading(void **state)
{
    (void)state;
    ts_arena *a = ts_arena_new();
    assert_string_equal(lo_indicator_legend_reading(a, "* Status bedömd av förvaltningen."),
                        "Status bedömd av förvaltningen.");
    assert_string_equal(lo_indicator_legend_reading(
                            a, "Källa (alla rader): SCB. * Status bedömd, inte beräknad."),
                        "Källa (alla rader): SCB. Status bedömd, inte beräknad.");
    /* a star inside a word or before a non-blank is text, not a marker */
    assert_string_equal(lo_indicator_legend_reading(a, "a*b 5 *x * "), "a*b 5 *x ");
    assert_string_equal(lo_indicator_legend_reading(a, ""), "");
    ts_arena_drop(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edge_cases),
        cmocka_unit_test(test_assessed_overrides),
        cmocka_unit_test(test_target_for_another_year),
        cmocka_unit_test(test_sample),
        cmocka_unit_test(test_legend_reading),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
