/* Unit tests for the chart stage (src/chart): nice ticks, the palette's
 * contrast and colour-blind legibility, and charts built from tables made
 * in memory, drawn through a counting device. Run from the repository
 * root (fonts/ and layouts/ are read). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/chart/chart.h"

/* ---- ticks ------------------------------------------------------------------ */

/* Every labeling must: cover the data, step 1, 2 or 5 × 10^n, have 2..12
 * ticks, and land its ticks on multiples of the step. */
static void check_ticks(double mn, double mx, int want, ch_ticks *t)
{
    assert_int_equal(ch_nice_ticks(mn, mx, want, t), 0);
    assert_true(t->count >= 2 && t->count <= CH_MAX_TICKS);
    assert_true(t->lo <= mn + fabs(mn) * 1e-12);
    assert_true(t->hi >= mx - fabs(mx) * 1e-12);
    double e = floor(log10(t->step));
    double q = t->step / pow(10, e);
    assert_true(fabs(q - 1) < 1e-9 || fabs(q - 2) < 1e-9 || fabs(q - 5) < 1e-9);
    assert_true(fabs(ch_tick_value(t, 0) - t->lo) <= t->step * 1e-9);
    assert_true(fabs(ch_tick_value(t, t->count - 1) - t->hi) <= t->step * 1e-9);
}

static void test_ticks_typical(void **state)
{
    (void)state;
    ch_ticks t;
    check_ticks(0, 16030, 5, &t);
    assert_true(t.lo == 0);
    assert_true(t.step == 5000);
    assert_true(t.hi == 20000);
    assert_int_equal(t.decimals, 0);

    check_ticks(0, 47, 5, &t);
    assert_true(t.lo == 0 && t.hi == 50 && t.step == 10);

    /* more room, more ticks */
    ch_ticks few, many;
    check_ticks(0, 100, 3, &few);
    check_ticks(0, 100, 11, &many);
    assert_true(few.count < many.count);
}

static void test_ticks_all_equal(void **state)
{
    (void)state;
    ch_ticks t;
    check_ticks(5, 5, 5, &t);
    assert_true(t.lo < 5 && t.hi > 5);
    assert_true(t.lo >= 0);     /* a positive value keeps a positive axis */
    check_ticks(-7, -7, 5, &t);
    assert_true(t.lo < -7 && t.hi > -7 && t.hi <= 0);
}

static void test_ticks_all_zero(void **state)
{
    (void)state;
    ch_ticks t;
    check_ticks(0, 0, 5, &t);
    assert_true(t.lo == 0 && t.hi == 1);
}

static void test_ticks_negative(void **state)
{
    (void)state;
    ch_ticks t;
    check_ticks(-3, 8, 6, &t);
    assert_true(t.lo < 0 && t.hi > 0);
    /* zero is among the ticks */
    int zero = 0;
    for (int i = 0; i < t.count; i++)
        zero |= ch_tick_value(&t, i) == 0;
    assert_true(zero);
    check_ticks(-1250, -40, 5, &t);
    assert_true(t.hi >= -40);
    /* swapped bounds are accepted */
    check_ticks(8, -3, 6, &t);
}

static void test_ticks_large_and_small(void **state)
{
    (void)state;
    ch_ticks t;
    check_ticks(1.2e12, 3.7e12, 5, &t);
    assert_int_equal(t.decimals, 0);
    check_ticks(0, 4.2e15, 5, &t);
    check_ticks(1e-9, 5.3e-9, 5, &t);
    assert_true(t.decimals >= 9 && t.decimals <= 10);
    check_ticks(0.1, 0.7, 7, &t);
    assert_int_equal(t.decimals, 1);
    /* exact decimal ticks: 0.1 × 3 is 0.3, not 0.30000000000000004 */
    for (int i = 0; i < t.count; i++) {
        double v = ch_tick_value(&t, i);
        double k = t.first + i;
        assert_true(v == k / 10);
    }
    /* beyond what doubles hold: refused, a usable default given */
    assert_int_equal(ch_nice_ticks(-1e308, 1e308, 5, &t), -1);
    assert_true(t.lo == 0 && t.hi == 1);
    assert_int_equal(ch_nice_ticks(NAN, 1, 5, &t), -1);
    assert_int_equal(ch_nice_ticks(0, INFINITY, 5, &t), -1);
}

static void test_ticks_labels(void **state)
{
    (void)state;
    ts_arena *a = ts_arena_new();
    ch_ticks t;
    check_ticks(0, 16030, 5, &t);
    /* as the axis prints them: groups of three from four digits */
    assert_string_equal(rd_number_format(a, ch_tick_value(&t, 2), t.decimals, 4, 0),
                        "10\u202f000");
    check_ticks(10, 13, 7, &t);
    assert_int_equal(t.decimals, 1);
    assert_string_equal(rd_number_format(a, 12.5, t.decimals, 4, 0), "12,5");
    assert_string_equal(rd_number_format(a, 45, 0, 4, 1), "45\u00a0%");
    ts_arena_drop(a);
}

/* ---- colours ---------------------------------------------------------------- */

static void test_contrast(void **state)
{
    (void)state;
    rd_color white = { 255, 255, 255, 0, 0, 0, 0 }, black = { 0, 0, 0, 0, 0, 0, 100 };
    assert_true(fabs(ch_contrast(white, black) - 21) < 1e-9);
    assert_true(fabs(ch_contrast(black, white) - 21) < 1e-9);
    assert_true(fabs(ch_contrast(white, white) - 1) < 1e-9);
    rd_color grey = { 0x76, 0x76, 0x76, 0, 0, 0, 0 };   /* the known 4.5:1 grey */
    double c = ch_contrast(grey, white);
    assert_true(c > 4.5 && c < 4.6);
}

/* sRGB -> linear, a colour-vision-deficiency simulation (Machado, Oliveira
 * and Fernandes 2009, severity 1.0, on linear RGB) and CIELAB, to check
 * that the palette's colours stay apart for readers who confuse red and
 * green (protan, deutan) or blue and yellow (tritan). */
static double lin(uint8_t v)
{
    double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static void to_lab(const double rgb[3], double lab[3])
{
    double X = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
    double Y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    double Z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
    double f[3], v[3] = { X, Y, Z };
    for (int i = 0; i < 3; i++)
        f[i] = v[i] > 0.008856 ? cbrt(v[i]) : 7.787 * v[i] + 16.0 / 116;
    lab[0] = 116 * f[1] - 16;
    lab[1] = 500 * (f[0] - f[1]);
    lab[2] = 200 * (f[1] - f[2]);
}

static const double cvd[3][3][3] = {
    { { 0.152286, 1.052583, -0.204868 }, { 0.114503, 0.786281, 0.099216 },
      { -0.003882, -0.048116, 1.051998 } },                                 /* protan */
    { { 0.367322, 0.860646, -0.227968 }, { 0.280085, 0.672501, 0.047413 },
      { -0.011820, 0.042940, 0.968881 } },                                  /* deutan */
    { { 1.255528, -0.076749, -0.178779 }, { -0.078411, 0.930809, 0.147602 },
      { 0.004733, 0.691367, 0.303900 } },                                   /* tritan */
};

static void seen_as(rd_color c, int kind, double lab[3])
{
    double rgb[3] = { lin(c.r), lin(c.g), lin(c.b) }, out[3];
    for (int i = 0; i < 3; i++) {
        out[i] = rgb[i];
        if (kind >= 0) {
            out[i] = 0;
            for (int j = 0; j < 3; j++)
                out[i] += cvd[kind][i][j] * rgb[j];
            out[i] = out[i] < 0 ? 0 : out[i] > 1 ? 1 : out[i];
        }
    }
    to_lab(out, lab);
}

static rd_layout *load_layout(ts_arena *a, ts_diag *d, const char *name)
{
    ts_pos at = { "test", 1, 1 };
    return rd_layout_load(a, d, at, name, ".", ".", ".");
}

static void test_palette(void **state)
{
    (void)state;
    ts_arena *a = ts_arena_new();
    ts_diag d;
    ts_diag_init(&d, stderr);
    const char *layouts[] = { "malmo-stad", "bokslut" };
    for (size_t l = 0; l < 2; l++) {
        rd_layout *L = load_layout(a, &d, layouts[l]);
        assert_non_null(L);
        assert_true(L->palette_count >= 5);
        for (int i = 0; i < L->palette_count; i++) {
            double c = ch_contrast(L->palette[i], L->chart_background);
            if (c < 3)
                fail_msg("%s: series-%d has contrast %.2f:1 against the background",
                         layouts[l], i + 1, c);
        }
        /* every pair stays apart (CIE76 ΔE ≥ 10) in normal vision and in
         * each simulated deficiency */
        for (int kind = -1; kind < 3; kind++)
            for (int i = 0; i < L->palette_count; i++)
                for (int j = i + 1; j < L->palette_count; j++) {
                    double p[3], q[3];
                    seen_as(L->palette[i], kind, p);
                    seen_as(L->palette[j], kind, q);
                    double de = sqrt((p[0] - q[0]) * (p[0] - q[0]) +
                                     (p[1] - q[1]) * (p[1] - q[1]) +
                                     (p[2] - q[2]) * (p[2] - q[2]));
                    if (de < 10)
                        fail_msg("%s: series-%d and series-%d are %.1f apart for "
                                 "vision kind %d", layouts[l], i + 1, j + 1, de, kind);
                }
        /* the grid is quieter than the axis, the axis than the text */
        assert_true(ch_contrast(L->chart_grid, L->chart_background) <
                    ch_contrast(L->chart_axis, L->chart_background));
        assert_true(ch_contrast(L->chart.color, L->chart_background) >= 4.5);
    }
    assert_int_equal(d.errors, 0);
    ts_arena_drop(a);
}

/* ---- charts from tables -------------------------------------------------------- */

typedef struct counter {
    dev_device dev;
    int texts, paths, dashed;
    char text[4096];
} counter;

static void count_text(dev_device *dv, const dev_text *t)
{
    counter *c = (counter *)dv;
    c->texts++;
    size_t n = strlen(c->text);
    for (int i = 0; i < t->count && n + 5 < sizeof c->text; i++)
        n += (size_t)ts_utf8_encode(t->cps[i], c->text + n);
    if (n + 1 < sizeof c->text)
        c->text[n++] = '|';
    c->text[n] = 0;
}

static void count_path(dev_device *dv, const dev_path *p)
{
    counter *c = (counter *)dv;
    c->paths++;
    c->dashed += p->dash_count > 0;
}

typedef struct fx {
    ts_arena *a;
    ts_diag d;
    char *msgs;
    size_t msgs_len;
    FILE *out;
    rd_layout *L;
    tx_fonts *fonts;
    doc_block b;
    doc_prop *last;
} fx;

static void fx_open(fx *f)
{
    memset(f, 0, sizeof *f);
    f->a = ts_arena_new();
    f->out = open_memstream(&f->msgs, &f->msgs_len);
    ts_diag_init(&f->d, f->out);
    f->L = load_layout(f->a, &f->d, "malmo-stad");
    assert_non_null(f->L);
    ts_pos nowhere = { NULL, 0, 0 };
    f->fonts = tx_fonts_new(&f->d, nowhere, f->L);
    assert_non_null(f->fonts);
}

static void fx_close(fx *f)
{
    tx_fonts_drop(f->fonts);
    fclose(f->out);
    free(f->msgs);
    ts_arena_drop(f->a);
}

static void fx_prop(fx *f, const char *key, const char *value)
{
    doc_prop *p = ts_arena_alloc(f->a, sizeof *p);
    p->key = key;
    p->value = value;
    p->pos = (ts_pos){ "x.chart", 1, 10 };
    if (f->last) f->last->next = p;
    else f->b.props = p;
    f->last = p;
    if (strcmp(key, "title") == 0) f->b.title = value;
    if (strcmp(key, "alt") == 0) f->b.alt = value;
    if (strcmp(key, "type") == 0) f->b.type = value;
}

/* A table from rows of ';'-separated cells, the first the header; cells
 * are numbers when rd_number_parse says so. */
static void fx_table(fx *f, const char *const *rows, int nrows)
{
    doc_table *t = ts_arena_alloc(f->a, sizeof *t);
    t->path = "data.csv";
    t->nrows = nrows - 1;
    char *first = ts_arena_strdup(f->a, rows[0]);
    int ncols = 1;
    for (char *s = first; *s; s++) ncols += *s == ';';
    t->ncols = ncols;
    t->header = ts_arena_alloc(f->a, (size_t)ncols * sizeof *t->header);
    t->cells = ts_arena_alloc(f->a, (size_t)(ncols * (nrows - 1) + 1) * sizeof *t->cells);
    for (int r = 0; r < nrows; r++) {
        char *line = ts_arena_strdup(f->a, rows[r]);
        char *save = NULL;
        int c = 0;
        for (char *tok = strtok_r(line, ";", &save); tok && c < ncols;
             tok = strtok_r(NULL, ";", &save), c++) {
            doc_cell *cell = r == 0 ? &t->header[c] : &t->cells[(r - 1) * ncols + c];
            cell->text = tok;
            cell->pos = (ts_pos){ "data.csv", r + 1, c + 1 };
            if (r > 0)
                cell->kind = rd_number_parse(tok, ',', cell);
            else
                cell->kind = DOC_CELL_TEXT;
            cell->text = tok;
        }
    }
    f->b.table = t;
    f->b.data = "data.csv";
    f->b.data_pos = (ts_pos){ "x.chart", 3, 10 };
}

static ch_chart *fx_build(fx *f)
{
    ch_input in = { .a = f->a, .d = &f->d, .fonts = f->fonts, .layout = f->L,
                    .block = &f->b, .at = { "t.md", 5, 1 }, .width = TS_MM_SP(140),
                    .max_height = TS_MM_SP(200) };
    ch_chart *ch = ch_build(&in);
    fflush(f->out);
    return ch;
}

static const char *const klotter[] = {
    "År;Anmälda;Källa", "2019;15120;x", "2020;16030;x", "2021;15480;x", "2022;14950;x",
};

static void test_chart_bar(void **state)
{
    (void)state;
    fx f;
    fx_open(&f);
    fx_prop(&f, "type", "bar");
    fx_prop(&f, "title", "Klotter per år");
    fx_prop(&f, "unit", "st");
    fx_prop(&f, "target", "10 000");
    fx_prop(&f, "target-label", "Mål 2026");
    fx_prop(&f, "alt", "Stapeldiagram.");
    fx_table(&f, klotter, 5);
    ch_chart *ch = fx_build(&f);
    assert_non_null(ch);
    assert_int_equal(f.d.errors, 0);
    assert_int_equal(f.d.warnings, 0);
    assert_true(ch_height(ch) > TS_MM_SP(40));
    assert_string_equal(ch_alt(ch), "Stapeldiagram.");
    counter c = { 0 };
    c.dev.text = count_text;
    c.dev.path = count_path;
    ch_draw(ch, &c.dev, 0, 0);
    assert_int_equal(c.dashed, 1);                 /* the target line */
    assert_non_null(strstr(c.text, "Klotter per år|"));
    assert_non_null(strstr(c.text, "Mål 2026|"));
    assert_non_null(strstr(c.text, "2019|"));
    assert_non_null(strstr(c.text, "st|"));
    /* a value label (its narrow no-break space may come from another font) */
    char joined[4096];
    size_t n = 0;
    for (const char *p = c.text; *p; p++)
        if (*p != '|') joined[n++] = *p;
    joined[n] = 0;
    assert_non_null(strstr(joined, "16\u202f030"));
    fx_close(&f);
}

static void test_chart_generated_alt(void **state)
{
    (void)state;
    fx f;
    fx_open(&f);
    fx_prop(&f, "type", "line");
    fx_prop(&f, "title", "Klotter");
    fx_prop(&f, "series", "Anmälda");
    fx_prop(&f, "unit", "st");
    fx_table(&f, klotter, 5);
    ch_chart *ch = fx_build(&f);
    assert_non_null(ch);
    assert_int_equal(f.d.warnings, 1);
    assert_non_null(strstr(f.msgs, "has no 'alt'"));
    const char *alt = ch_alt(ch);
    assert_non_null(strstr(alt, "Linjediagram: Klotter."));
    assert_non_null(strstr(alt, "från 15\u202f120\u00a0st (2019) till 14\u202f950\u00a0st (2022)"));
    assert_non_null(strstr(alt, "högst 16\u202f030\u00a0st (2020)"));
    fx_close(&f);
}

static void expect_error(const char *type, const char *series, const char *const *rows,
                         int n, const char *message)
{
    fx f;
    fx_open(&f);
    fx_prop(&f, "type", type);
    if (series)
        fx_prop(&f, "series", series);
    fx_prop(&f, "alt", "x");
    fx_table(&f, rows, n);
    assert_null(fx_build(&f));
    if (!strstr(f.msgs, message))
        fail_msg("expected '%s' in:\n%s", message, f.msgs);
    fx_close(&f);
}

static void test_chart_errors(void **state)
{
    (void)state;
    expect_error("staple", NULL, klotter, 5, "x.chart:1:10: error: unknown chart type 'staple'");
    expect_error("bar", "Anmälda, Rättade", klotter, 5, "x.chart:1:19: error: series: no column 'Rättade'");
    static const char *const text[] = { "År;A", "2019;12", "2020;tolv" };
    expect_error("bar", "A", text, 3, "data.csv:3:2: error: 'tolv' in column 'A' is not a number");
    static const char *const empty[] = { "År;A" };
    expect_error("bar", "A", empty, 1, "x.chart:3:10: error: data.csv has no rows");
    static const char *const neg[] = { "År;A;B", "2019;12;3", "2020;4;-2" };
    expect_error("stacked-bar", NULL, neg, 3, "data.csv:3:3: error: a stacked bar cannot show");
    static const char *const wide[] = { "K;a;b;c;d;e;f;g", "x;1;2;3;4;5;6;7" };
    expect_error("grouped-bar", NULL, wide, 2, "the layout's palette has 6 colours");
}

static void test_chart_all_zero_and_one_row(void **state)
{
    (void)state;
    static const char *const zero[] = { "År;A;B", "2019;0;0", "2020;0;0" };
    static const char *const one[] = { "År;A", "2019;7" };
    const char *types[] = { "bar", "grouped-bar", "stacked-bar", "horizontal-bar", "line" };
    for (int t = 0; t < 5; t++) {
        for (int k = 0; k < 2; k++) {
            fx f;
            fx_open(&f);
            fx_prop(&f, "type", types[t]);
            fx_prop(&f, "alt", "x");
            fx_table(&f, k ? one : zero, k ? 2 : 3);
            ch_chart *ch = fx_build(&f);
            if (!ch)
                fail_msg("%s: %s", types[t], f.msgs);
            counter c = { 0 };
            c.dev.text = count_text;
            c.dev.path = count_path;
            ch_draw(ch, &c.dev, 0, 0);
            assert_true(c.texts > 3 && c.paths > 2);
            fx_close(&f);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ticks_typical),
        cmocka_unit_test(test_ticks_all_equal),
        cmocka_unit_test(test_ticks_all_zero),
        cmocka_unit_test(test_ticks_negative),
        cmocka_unit_test(test_ticks_large_and_small),
        cmocka_unit_test(test_ticks_labels),
        cmocka_unit_test(test_contrast),
        cmocka_unit_test(test_palette),
        cmocka_unit_test(test_chart_bar),
        cmocka_unit_test(test_chart_generated_alt),
        cmocka_unit_test(test_chart_errors),
        cmocka_unit_test(test_chart_all_zero_and_one_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
