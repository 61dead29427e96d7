/* Unit tests for Swedish hyphenation (src/text/hyphen.c), the total-fit
 * line breaker (src/text/linebreak.c) and the no-break spaces of Swedish
 * typography (src/text/typography.c). The breaker is tested on synthetic
 * boxes and glue, so its results do not depend on fonts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/text/text.h"

/* ---- hyphenation ---------------------------------------------------------- */

/* The word with a '-' at every break, for readable assertions. */
static void shown(tx_hyph *h, const char *word, char *out, size_t cap)
{
    tx_hyph_break br[64];
    int n = tx_hyphenate(h, word, strlen(word), br, 64);
    size_t o = 0;
    int chars = 0, k = 0;
    for (size_t i = 0; word[i] && o + 8 < cap;) {
        uint32_t cp;
        int len = ts_utf8_decode(word + i, strlen(word + i), &cp);
        if (cp != 0xAD) {
            while (k < n && br[k].at == chars) {
                if (br[k].kind != TX_HYPH_EXPLICIT)
                    out[o++] = br[k].kind == TX_HYPH_JOINT ? '|' : '-';
                k++;
            }
            chars++;
            memcpy(out + o, word + i, (size_t)len);
            o += (size_t)len;
        }
        i += (size_t)len;
    }
    out[o] = '\0';
}

static void expect(tx_hyph *h, const char *word, const char *want)
{
    char got[512];
    shown(h, word, got, sizeof got);
    if (strcmp(got, want) != 0)
        fail_msg("%s: got %s, want %s", word, got, want);
}

static void test_hyphenation_basics(void **state)
{
    (void)state;
    ts_pos at = { "test", 1, 1 };
    tx_hyph *h = tx_hyph_new(NULL, at, 2, 2);
    /* the compound's joint is marked '|', syllable breaks '-' */
    expect(h, "trygghetsfrämjande", "trygg-hets|främ-jan-de");
    expect(h, "Trygghetsfrämjande,", "Trygg-hets|främ-jan-de,");
    expect(h, "fastighetskontoret", "fas-tig-hets|kon-to-ret");
    /* a joint the patterns miss, and the wrong pattern breaks beside it dropped */
    expect(h, "klotterärenden", "klot-ter|ären-den");
    /* two letters at least on each side */
    expect(h, "ungdomar", "ung-do-mar");
    expect(h, "över", "över");
    /* not words: numbers, acronyms, short words */
    expect(h, "2026", "2026");
    expect(h, "MSB", "MSB");
    expect(h, "och", "och");
    /* a written hyphen is the only break */
    expect(h, "e-postadressen", "e-postadressen");
    expect(h, "polis-samverkan", "polis-samverkan");
    tx_hyph_drop(h);
}

/* Compounds whose first part stands in a linking form (fogemorfem): the
 * joint is where Swedish morphology puts it, marked '|', whether or not
 * the patterns have a break there, and pattern breaks beside it go. */
static void test_hyphenation_linking_forms(void **state)
{
    (void)state;
    ts_pos at = { "test", 1, 1 };
    tx_hyph *h = tx_hyph_new(NULL, at, 2, 2);
    /* -a as -u- or -o-: gata, kvinna, människa */
    expect(h, "gatubelysning", "ga-tu|be-lys-ning");
    expect(h, "gatustädningen", "ga-tu|städ-ning-en");   /* patterns: gatus-täd */
    expect(h, "Gatuombyggnaden", "Ga-tu|om-bygg-na-den"); /* patterns: gatuom */
    expect(h, "kvinnofridsbrott", "kvin-no|frids|brott");
    expect(h, "kvinnojour", "kvin-no|jour");
    expect(h, "människohandel", "män-ni-sko|han-del");
    /* -a or -e dropped: flicka, skola, krona, pojke; arbete before -s- */
    expect(h, "flickskola", "flick|sko-la");              /* patterns: flicksko-la */
    expect(h, "skolvägen", "skol|vä-gen");
    expect(h, "trädkrontäckning", "träd|kron|täck-ning");
    expect(h, "pojkgrupp", "pojk|grupp");
    expect(h, "arbetsmaskiner", "ar-bets|ma-ski-ner");
    /* a linking -e-: tjänst, lön */
    expect(h, "tjänsteskrivelse", "tjäns-te|skri-vel-se");
    expect(h, "lönekartläggningen", "lö-ne|kart-lägg-ning-en");
    /* the linking -s- as before, several joints in one word */
    expect(h, "trafiksäkerhetsarbete", "tra-fik|sä-ker-hets|ar-be-te");
    /* inflections are no compounds: a verb's stem before -ande, -ingen,
     * -eras (dämpa, vattna, regla), a three-letter stem (sopa), a name
     * (Nina) as a stem: syllable breaks only */
    expect(h, "dämpande", "däm-pan-de");
    expect(h, "vattningen", "vatt-ning-en");
    expect(h, "regleras", "re-gle-ras");
    expect(h, "sopningen", "sop-ning-en");
    expect(h, "röjningen", "röj-ning-en");
    tx_hyph_drop(h);
}

static void test_hyphenation_soft_and_exceptions(void **state)
{
    (void)state;
    ts_pos at = { "test", 1, 1 };
    tx_hyph *h = tx_hyph_new(NULL, at, 2, 2);
    /* soft hyphens are the author's breaks, and the only ones */
    expect(h, "sam\xC2\xAD" "verkans\xC2\xAD" "avtalet", "sam-verkans-avtalet");
    assert_int_equal(tx_hyph_exceptions(h, "trygg-hetsfrämjande, Malmö, ny-ckel"), 3);
    expect(h, "trygghetsfrämjande", "trygg-hetsfrämjande");
    expect(h, "Malmö", "Malmö");
    /* a later list overrides an earlier one word by word */
    tx_hyph_exceptions(h, "tryggh-etsfrämjande");
    expect(h, "Trygghetsfrämjande", "Tryggh-etsfrämjande");
    /* the visible characters, which are the glyph indices */
    assert_int_equal(tx_visible_chars("a\xC2\xAD" "b", 4), 2);
    tx_hyph_drop(h);

    /* min-left and min-right from the layout */
    tx_hyph *h3 = tx_hyph_new(NULL, at, 3, 3);
    expect(h3, "säkerhet", "säker-het");
    tx_hyph_drop(h3);
}

/* ---- the breaker ------------------------------------------------------------ */

#define PT TS_PT

typedef struct para {
    tx_bitem v[4096];
    size_t n;
} para;

static void box(para *p, ts_sp w)
{
    tx_bitem *x = &p->v[p->n++];
    memset(x, 0, sizeof *x);
    x->kind = TX_BOX;
    x->width = w;
}

static void glue(para *p, ts_sp w, ts_sp y, ts_sp z)
{
    tx_bitem *x = &p->v[p->n++];
    memset(x, 0, sizeof *x);
    x->kind = TX_GLUE;
    x->width = w;
    x->stretch = y;
    x->shrink = z;
}

static void hyphen(para *p, ts_sp w, int penalty)
{
    tx_bitem *x = &p->v[p->n++];
    memset(x, 0, sizeof *x);
    x->kind = TX_PENALTY;
    x->width = w;
    x->penalty = penalty;
    x->flagged = 1;
}

/* Width of the line from the item after `from` (a break) to `to`, as the
 * breaker defines it. */
static ts_sp line_width(const para *p, size_t from, size_t to)
{
    size_t i = from;
    while (i < to && p->v[i].kind != TX_BOX) i++;
    ts_sp w = 0;
    for (; i < to; i++)
        if (p->v[i].kind != TX_PENALTY) w += p->v[i].width;
    if (to < p->n && p->v[to].kind == TX_PENALTY) w += p->v[to].width;
    return w;
}

static void test_badness(void **state)
{
    (void)state;
    assert_int_equal(tx_badness(0, 0, 0), 0);
    assert_int_equal(tx_badness(10 * PT, 10 * PT, 0), 100);
    assert_true(tx_badness(5 * PT, 10 * PT, 0) >= 12 && tx_badness(5 * PT, 10 * PT, 0) <= 13);
    assert_in_range(tx_badness(30 * PT, 10 * PT, 0), 2650, 2750);   /* 100 · 3³ */
    assert_int_equal(tx_badness(50 * PT, 10 * PT, 0), TX_INF);
    assert_int_equal(tx_badness(-5 * PT, 0, 2 * PT), TX_INF + 1);
    assert_int_equal(tx_badness(3 * PT, 0, 0), TX_INF);
}

/* The classic: greedy would fill the first line and leave a short second
 * line and a very short third; total fit evens the rag. */
static void test_total_fit_evens_the_rag(void **state)
{
    (void)state;
    ts_arena *a = ts_arena_new();
    para *p = calloc(1, sizeof *p);
    ts_sp words[] = { 30, 30, 30, 30, 10, 60, 30, 30, 30, 30 };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        if (i) glue(p, 5 * PT, 0, 0);
        box(p, words[i] * PT);
    }
    tx_bparams bp = tx_bparams_default(150 * PT, 10 * PT, 0);
    size_t *br;
    size_t n = tx_break_paragraph(a, p->v, p->n, &bp, &br, NULL);
    assert_true(n >= 2);
    size_t from = 0;
    for (size_t k = 0; k < n; k++) {
        assert_true(line_width(p, from, br[k]) <= 150 * PT);
        from = br[k] + 1;
    }
    assert_int_equal(br[n - 1], p->n);
    free(p);
    ts_arena_drop(a);
}

/* A long run of hyphenatable words on a narrow measure: never more than
 * two hyphenated lines in a row, every line within the measure. */
static void test_two_hyphens_in_a_row_at_most(void **state)
{
    (void)state;
    ts_arena *a = ts_arena_new();
    para *p = calloc(1, sizeof *p);
    for (int i = 0; i < 200; i++) {
        if (i) glue(p, 4 * PT, 0, 0);
        box(p, 23 * PT);
        hyphen(p, 3 * PT, 50);
        box(p, 21 * PT);
        hyphen(p, 3 * PT, 50);
        box(p, 19 * PT);
    }
    tx_bparams bp = tx_bparams_default(100 * PT, 10 * PT, 0);
    size_t *br;
    int pass = 0;
    size_t n = tx_break_paragraph(a, p->v, p->n, &bp, &br, &pass);
    assert_true(n > 10);
    int run = 0;
    size_t from = 0;
    for (size_t k = 0; k < n; k++) {
        assert_true(line_width(p, from, br[k]) <= 100 * PT);
        int hyph = br[k] < p->n && p->v[br[k]].kind == TX_PENALTY;
        run = hyph ? run + 1 : 0;
        assert_true(run <= 2);
        from = br[k] + 1;
    }
    free(p);
    ts_arena_drop(a);
}

/* Justified text shrinks and stretches its spaces within bounds. */
static void test_justified(void **state)
{
    (void)state;
    ts_arena *a = ts_arena_new();
    para *p = calloc(1, sizeof *p);
    for (int i = 0; i < 300; i++) {
        if (i) glue(p, 4 * PT, 2 * PT, PT + PT / 3);
        box(p, (ts_sp)((10 + (i * 7) % 23) * PT));
    }
    tx_bparams bp = tx_bparams_default(200 * PT, 10 * PT, 1);
    size_t *br;
    size_t n = tx_break_paragraph(a, p->v, p->n, &bp, &br, NULL);
    size_t from = 0;
    for (size_t k = 0; k + 1 < n; k++) {
        /* natural width minus all the shrink fits the measure */
        ts_sp w = line_width(p, from, br[k]), z = 0;
        for (size_t i = from; i < br[k]; i++)
            if (p->v[i].kind == TX_GLUE && i > from) z += p->v[i].shrink;
        assert_true(w - z <= 200 * PT);
        from = br[k] + 1;
    }
    free(p);
    ts_arena_drop(a);
}

/* Looseness: one line more than the optimum when it can be had. */
static void test_looseness(void **state)
{
    (void)state;
    ts_arena *a = ts_arena_new();
    para *p = calloc(1, sizeof *p);
    for (int i = 0; i < 120; i++) {
        if (i) glue(p, 4 * PT, 0, 0);
        box(p, (ts_sp)((12 + (i * 5) % 17) * PT));
    }
    tx_bparams bp = tx_bparams_default(220 * PT, 10 * PT, 0);
    size_t *br;
    size_t best = tx_break_paragraph(a, p->v, p->n, &bp, &br, NULL);
    bp.looseness = 1;
    size_t more = tx_break_paragraph(a, p->v, p->n, &bp, &br, NULL);
    assert_int_equal(more, best + 1);
    free(p);
    ts_arena_drop(a);
}

/* A box wider than the measure: the last pass still ends, with that one
 * overfull line, and every other line fits. */
static void test_overfull_box_still_ends(void **state)
{
    (void)state;
    ts_arena *a = ts_arena_new();
    para *p = calloc(1, sizeof *p);
    box(p, 20 * PT);
    glue(p, 4 * PT, 0, 0);
    box(p, 500 * PT);
    glue(p, 4 * PT, 0, 0);
    box(p, 20 * PT);
    tx_bparams bp = tx_bparams_default(100 * PT, 10 * PT, 0);
    size_t *br;
    int pass = 0;
    size_t n = tx_break_paragraph(a, p->v, p->n, &bp, &br, &pass);
    assert_int_equal(n, 3);
    assert_int_equal(pass, 4);
    free(p);
    ts_arena_drop(a);
}

/* Zero-width items everywhere (adversarial): the capped active list keeps
 * the breaker fast; it just has to finish. */
static void test_zero_widths_finish(void **state)
{
    (void)state;
    ts_arena *a = ts_arena_new();
    para *p = calloc(1, sizeof *p);
    for (int i = 0; i < 1000; i++) {
        box(p, 0);
        glue(p, 0, 0, 0);
        box(p, i % 50 == 0 ? 30 * PT : 0);
        hyphen(p, 0, 0);
    }
    tx_bparams bp = tx_bparams_default(100 * PT, 10 * PT, 0);
    size_t *br;
    size_t n = tx_break_paragraph(a, p->v, p->n, &bp, &br, NULL);
    assert_true(n >= 1);
    free(p);
    ts_arena_drop(a);
}

/* ---- typography: spaces that do not break ------------------------------------ */

#define NBSP "\xC2\xA0"
#define NNBSP "\xE2\x80\xAF"

static void check(ts_arena *a, const char *in, const char *want)
{
    const char *got = tx_typography(a, in);
    if (strcmp(got, want) != 0)
        fail_msg("'%s': got '%s', want '%s'", in, got, want);
}

static void test_no_break_spaces(void **state)
{
    (void)state;
    ts_arena *a = ts_arena_new();
    check(a, "12 450 ärenden", "12" NNBSP "450 ärenden");
    check(a, "1 234 567 kr", "1" NNBSP "234" NNBSP "567" NBSP "kr");
    check(a, "ökade till 74,5 %.", "ökade till 74,5" NBSP "%.");
    check(a, "38 st och 3 mm, 40 km/h.", "38" NBSP "st och 3" NBSP "mm, 40" NBSP "km/h.");
    check(a, "kl. 9.00 i rum nr 5 enligt § 3", "kl." NBSP "9.00 i rum nr" NBSP "5 enligt §" NBSP "3");
    /* years are not grouped, nor a number after a decimal part */
    check(a, "år 2026 450 personer", "år 2026 450 personer");
    check(a, "3,5 000", "3,5 000");
    /* a spaced dash never starts a line; a range stays one word */
    check(a, "trygghet -- och säkerhet", "trygghet" NBSP "\xE2\x80\x93 och säkerhet");
    check(a, "2023--2026", "2023\xE2\x80\x93" "2026");
    check(a, "", "");
    ts_arena_drop(a);
}

/* A line end in the Markdown source between two texts (each through
 * tx_typography, as the layout gets them): held exactly as a space written
 * on one line would be. */
static int line_end(ts_arena *a, const char *before, const char *after)
{
    return tx_hold_line_end(tx_typography(a, before), tx_typography(a, after));
}

static void test_no_break_at_source_line_ends(void **state)
{
    (void)state;
    ts_arena *a = ts_arena_new();
    /* 12\n450: the narrow no-break space of 12 450; also group by group */
    assert_int_equal(line_end(a, "sanerades 12", "450 kvadratmeter"), 2);
    assert_int_equal(line_end(a, "totalt 1 234", "567 kr"), 2);
    assert_int_equal(line_end(a, "totalt 1", "234 567 kr"), 2);
    /* a unit, kl. 9.00 and a spaced dash: a no-break space */
    assert_int_equal(line_end(a, "ökade med 88", "% under året"), 1);
    assert_int_equal(line_end(a, "sammanlagt 38", "st."), 1);
    assert_int_equal(line_end(a, "öppet från kl.", "9.00"), 1);
    assert_int_equal(line_end(a, "trygghet", "-- och säkerhet"), 1);
    /* a year, a decimal part, plain words: an ordinary space */
    assert_int_equal(line_end(a, "under 2026", "450 ärenden"), 0);
    assert_int_equal(line_end(a, "ökade med 3,5", "000"), 0);
    assert_int_equal(line_end(a, "12 ärenden", "450 besök"), 0);
    assert_int_equal(line_end(a, "trygghet och", "säkerhet"), 0);
    assert_int_equal(line_end(a, "", "450"), 0);
    assert_int_equal(line_end(a, "12", ""), 0);
    ts_arena_drop(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hyphenation_basics),
        cmocka_unit_test(test_hyphenation_linking_forms),
        cmocka_unit_test(test_hyphenation_soft_and_exceptions),
        cmocka_unit_test(test_badness),
        cmocka_unit_test(test_total_fit_evens_the_rag),
        cmocka_unit_test(test_two_hyphens_in_a_row_at_most),
        cmocka_unit_test(test_justified),
        cmocka_unit_test(test_looseness),
        cmocka_unit_test(test_overfull_box_still_ends),
        cmocka_unit_test(test_zero_widths_finish),
        cmocka_unit_test(test_no_break_spaces),
        cmocka_unit_test(test_no_break_at_source_line_ends),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
