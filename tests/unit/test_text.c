/* Unit tests of the text stage against the real fonts in fonts/ (Open Sans
 * and DejaVu Sans, put there by `make fonts`). Run from the repository
 * root, or from a folder below it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H

#include "../../src/text/text.h"

static char font_dir[PATH_MAX + 16];

/* Absolute path of a file in fonts/, in the arena. */
static const char *font_path(ts_arena *a, const char *name)
{
    return ts_arena_printf(a, "%s/%s", font_dir, name);
}

/* Find fonts/ in the working directory or a parent of it. */
static int find_font_dir(void)
{
    char dir[PATH_MAX];
    if (!getcwd(dir, sizeof dir)) return -1;
    for (;;) {
        char probe[PATH_MAX + 64];
        snprintf(probe, sizeof probe, "%s/fonts/OpenSans-Regular.ttf", dir);
        if (access(probe, R_OK) == 0) {
            snprintf(font_dir, sizeof font_dir, "%s/fonts", dir);
            return 0;
        }
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir) return -1;
        *slash = '\0';
    }
}

typedef struct fixture {
    ts_arena *a;
    ts_diag d;
    FILE *messages;          /* what the diagnostics printed */
    rd_layout layout;
    tx_fonts *fonts;
} fixture;

static void standard_layout(fixture *fx)
{
    memset(&fx->layout, 0, sizeof fx->layout);
    fx->layout.face_file[RD_FACE_REGULAR] = font_path(fx->a, "OpenSans-Regular.ttf");
    fx->layout.face_file[RD_FACE_ITALIC] = font_path(fx->a, "OpenSans-Italic.ttf");
    fx->layout.face_file[RD_FACE_BOLD] = font_path(fx->a, "OpenSans-Bold.ttf");
    fx->layout.face_file[RD_FACE_BOLD_ITALIC] = font_path(fx->a, "OpenSans-BoldItalic.ttf");
    fx->layout.face_file[RD_FACE_SEMIBOLD] = font_path(fx->a, "OpenSans-Semibold.ttf");
    fx->layout.face_file[RD_FACE_MONO] = font_path(fx->a, "DejaVuSansMono.ttf");
    fx->layout.fallback = font_path(fx->a, "DejaVuSans.ttf");
    fx->layout.fallback_bold = font_path(fx->a, "DejaVuSans-Bold.ttf");
}

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx) return -1;
    fx->a = ts_arena_new();
    fx->messages = tmpfile();
    if (!fx->messages) return -1;
    ts_diag_init(&fx->d, fx->messages);
    standard_layout(fx);
    ts_pos at = { "test.layout", 1, 1 };
    fx->fonts = tx_fonts_new(&fx->d, at, &fx->layout);
    if (!fx->fonts) {
        fprintf(stderr, "cannot load the fonts in %s; run `make fonts`\n", font_dir);
        return -1;
    }
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    tx_fonts_drop(fx->fonts);
    ts_arena_drop(fx->a);
    fclose(fx->messages);
    free(fx);
    return 0;
}

/* Everything the diagnostics printed so far (arena memory). */
static const char *messages(fixture *fx)
{
    fflush(fx->messages);
    long n = ftell(fx->messages);
    char *text = ts_arena_alloc(fx->a, (size_t)n + 1);
    rewind(fx->messages);
    size_t got = fread(text, 1, (size_t)n, fx->messages);
    text[got] = '\0';
    fseek(fx->messages, 0, SEEK_END);
    return text;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int shape(fixture *fx, rd_face face, const char *text, tx_run **runs)
{
    ts_pos pos = { "text.md", 1, 1 };
    return tx_shape(fx->fonts, fx->a, &fx->d, pos, face, 12 * TS_PT, text,
                    strlen(text), runs);
}

/* ---- loading ----------------------------------------------------------- */

static void test_fonts_numbered_faces_then_fallbacks(void **state)
{
    fixture *fx = *state;
    assert_int_equal(tx_font_count(fx->fonts), 8);
    assert_true(ends_with(tx_font_path(fx->fonts, 0), "/OpenSans-Regular.ttf"));
    assert_true(ends_with(tx_font_path(fx->fonts, 5), "/DejaVuSansMono.ttf"));
    assert_true(ends_with(tx_font_path(fx->fonts, 6), "/DejaVuSans.ttf"));
    assert_true(ends_with(tx_font_path(fx->fonts, 7), "/DejaVuSans-Bold.ttf"));
    assert_string_equal(tx_font_name(fx->fonts, 0), "OpenSans");
    assert_string_equal(tx_font_name(fx->fonts, 6), "DejaVuSans");
    assert_null(tx_font_path(fx->fonts, 8));
}

static void test_missing_faces_use_regular_and_files_load_once(void **state)
{
    fixture *fx = *state;
    rd_layout layout;
    memset(&layout, 0, sizeof layout);
    layout.face_file[RD_FACE_REGULAR] = font_path(fx->a, "OpenSans-Regular.ttf");
    layout.face_file[RD_FACE_BOLD] = font_path(fx->a, "OpenSans-Bold.ttf");
    /* The same file under another spelling of its path. */
    layout.face_file[RD_FACE_SEMIBOLD] = font_path(fx->a, "../fonts/OpenSans-Bold.ttf");
    layout.fallback = font_path(fx->a, "DejaVuSans.ttf");
    ts_pos at = { "x.layout", 1, 1 };
    tx_fonts *f = tx_fonts_new(&fx->d, at, &layout);
    assert_non_null(f);
    assert_int_equal(fx->d.errors, 0);
    assert_int_equal(tx_font_count(f), 3);
    /* Italic is set in the regular font; bold without a bold fallback
     * falls back to the regular fallback. */
    assert_int_equal(tx_ascent(f, RD_FACE_ITALIC, 12 * TS_PT),
                     tx_ascent(f, RD_FACE_REGULAR, 12 * TS_PT));
    tx_run *runs;
    ts_pos pos = { "t.md", 1, 1 };
    int n = tx_shape(f, fx->a, &fx->d, pos, RD_FACE_SEMIBOLD, 12 * TS_PT,
                     "\xE2\x86\x92", 3, &runs);
    assert_int_equal(n, 1);
    assert_int_equal(runs[0].font, 2);
    assert_int_equal(runs[0].glyphs[0].cp, 0x2192);
    tx_fonts_drop(f);
}

static void test_missing_font_file_is_an_error(void **state)
{
    fixture *fx = *state;
    rd_layout layout = fx->layout;
    layout.face_file[RD_FACE_BOLD] = font_path(fx->a, "NoSuchFont-Bold.ttf");
    ts_pos at = { "bokslut.layout", 7, 3 };
    tx_fonts *f = tx_fonts_new(&fx->d, at, &layout);
    assert_null(f);
    assert_int_equal(fx->d.errors, 1);
    const char *text = messages(fx);
    assert_non_null(strstr(text, "bokslut.layout:7:3"));
    assert_non_null(strstr(text, "NoSuchFont-Bold.ttf"));
    assert_non_null(strstr(text, "make deps"));
}

static void test_non_font_file_is_refused(void **state)
{
    fixture *fx = *state;
    const char *path = ts_arena_printf(fx->a, "%s/../Makefile", font_dir);
    rd_layout layout = fx->layout;
    layout.face_file[RD_FACE_ITALIC] = path;
    ts_pos at = { "x.layout", 1, 1 };
    assert_null(tx_fonts_new(&fx->d, at, &layout));
    assert_int_equal(fx->d.errors, 1);
    assert_non_null(strstr(messages(fx), "is not a font file"));
}

/* The first CFF-flavoured OpenType font under dir, or 0 when none. */
static int find_otf(const char *dir, char *out, size_t size, int depth)
{
    DIR *dp = opendir(dir);
    if (!dp) return 0;
    struct dirent *e;
    int found = 0;
    while (!found && (e = readdir(dp))) {
        if (e->d_name[0] == '.') continue;
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t n = strlen(e->d_name);
        if (n > 4 && strcmp(e->d_name + n - 4, ".otf") == 0) {
            snprintf(out, size, "%s", path);
            found = 1;
        } else if (depth < 6) {
            found = find_otf(path, out, size, depth + 1);
        }
    }
    closedir(dp);
    return found;
}

static void test_cff_font_is_refused(void **state)
{
    fixture *fx = *state;
    char otf[PATH_MAX];
    if (!find_otf("/usr/share/fonts", otf, sizeof otf, 0)) {
        skip();   /* no .otf on this machine; nothing is installed for it */
        return;
    }
    rd_layout layout = fx->layout;
    layout.face_file[RD_FACE_ITALIC] = otf;
    ts_pos at = { "x.layout", 1, 1 };
    tx_fonts *f = tx_fonts_new(&fx->d, at, &layout);
    if (f) {            /* a .otf with TrueType outlines is fine */
        tx_fonts_drop(f);
        return;
    }
    assert_non_null(strstr(messages(fx), "the PDF needs TrueType (.ttf) fonts"));
}

/* ---- shaping ----------------------------------------------------------- */

static ts_sp nominal_advance(const char *file, uint32_t cp, ts_sp size)
{
    FT_Library lib;
    FT_Face face;
    assert_int_equal(FT_Init_FreeType(&lib), 0);
    assert_int_equal(FT_New_Face(lib, file, 0, &face), 0);
    FT_Fixed units = 0;
    assert_int_equal(FT_Get_Advance(face, FT_Get_Char_Index(face, cp),
                                    FT_LOAD_NO_SCALE, &units), 0);
    int upem = face->units_per_EM;
    FT_Done_Face(face);
    FT_Done_FreeType(lib);
    return (ts_sp)(((int64_t)units * size + upem / 2) / upem);
}

static void test_kerning_AV(void **state)
{
    fixture *fx = *state;
    tx_run *runs;
    assert_int_equal(shape(fx, RD_FACE_REGULAR, "AV", &runs), 1);
    assert_int_equal(runs[0].font, 0);
    assert_int_equal(runs[0].count, 2);
    assert_int_equal(runs[0].glyphs[0].cp, 'A');
    assert_int_equal(runs[0].glyphs[1].cp, 'V');
    ts_sp nominal = nominal_advance(fx->layout.face_file[RD_FACE_REGULAR], 'A',
                                    12 * TS_PT);
    assert_true(runs[0].glyphs[0].advance < nominal);
    assert_int_equal(runs[0].glyphs[1].advance,
                     nominal_advance(fx->layout.face_file[RD_FACE_REGULAR], 'V',
                                     12 * TS_PT));
    assert_int_equal(runs[0].width,
                     runs[0].glyphs[0].advance + runs[0].glyphs[1].advance);
    /* The pair's whole kerning is in A's advance, none in offsets. */
    assert_int_equal(runs[0].glyphs[0].x_offset, 0);
    assert_int_equal(runs[0].glyphs[1].x_offset, 0);
}

static void test_swedish_letters_one_glyph_each(void **state)
{
    fixture *fx = *state;
    tx_run *runs;
    const uint32_t want[] = { 0xC5, ' ', 0xE4, ' ', 0xF6, ' ', 0xE9 };
    assert_int_equal(shape(fx, RD_FACE_REGULAR, "Å ä ö é", &runs), 1);
    assert_int_equal(runs[0].count, 7);
    for (int i = 0; i < 7; i++) {
        assert_int_equal(runs[0].glyphs[i].cp, want[i]);
        assert_int_not_equal(runs[0].glyphs[i].gid, 0);
        assert_true(runs[0].glyphs[i].advance > 0);
    }
    assert_int_equal(fx->d.errors, 0);
}

static void test_fallback_for_a_character_open_sans_lacks(void **state)
{
    fixture *fx = *state;
    tx_run *runs;
    /* U+2192 → is not in Open Sans; DejaVu Sans has it. */
    assert_int_equal(shape(fx, RD_FACE_REGULAR, "a \xE2\x86\x92 b", &runs), 3);
    assert_int_equal(runs[0].font, 0);
    assert_int_equal(runs[0].count, 2);
    assert_true(ends_with(tx_font_path(fx->fonts, runs[1].font), "/DejaVuSans.ttf"));
    assert_int_equal(runs[1].count, 1);
    assert_int_equal(runs[1].glyphs[0].cp, 0x2192);
    assert_int_not_equal(runs[1].glyphs[0].gid, 0);
    assert_int_equal(runs[2].font, 0);
    assert_int_equal(runs[2].glyphs[1].cp, 'b');
    assert_int_equal(fx->d.errors, 0);
}

static void test_bold_faces_use_the_bold_fallback(void **state)
{
    fixture *fx = *state;
    const rd_face bold[] = { RD_FACE_BOLD, RD_FACE_BOLD_ITALIC, RD_FACE_SEMIBOLD };
    for (int i = 0; i < 3; i++) {
        tx_run *runs;
        assert_int_equal(shape(fx, bold[i], "\xE2\x98\x91", &runs), 1);  /* ☑ */
        assert_true(ends_with(tx_font_path(fx->fonts, runs[0].font),
                              "/DejaVuSans-Bold.ttf"));
    }
    tx_run *runs;
    assert_int_equal(shape(fx, RD_FACE_ITALIC, "\xE2\x98\x91", &runs), 1);
    assert_true(ends_with(tx_font_path(fx->fonts, runs[0].font), "/DejaVuSans.ttf"));
    assert_int_equal(shape(fx, RD_FACE_BOLD, "Ok", &runs), 1);
    assert_true(ends_with(tx_font_path(fx->fonts, runs[0].font), "/OpenSans-Bold.ttf"));
}

static void test_character_in_no_font_is_an_error_at_its_column(void **state)
{
    fixture *fx = *state;
    tx_run *runs;
    /* U+E000 (private use) is in none of the fonts; "åb" before it is two
     * characters but three bytes, so the column counts characters. */
    const char *text = "\xC3\xA5" "b\xEE\x80\x80" "c";
    ts_pos pos = { "kap.md", 4, 10 };
    int n = tx_shape(fx->fonts, fx->a, &fx->d, pos, RD_FACE_REGULAR, 12 * TS_PT,
                     text, strlen(text), &runs);
    assert_int_equal(fx->d.errors, 1);
    assert_non_null(strstr(messages(fx), "kap.md:4:12: error: the character U+E000 "));
    assert_non_null(strstr(messages(fx), "is in none of the layout's fonts"));
    /* The character is left out; the text around it is still shaped. */
    assert_int_equal(n, 2);
    assert_int_equal(runs[0].count, 2);
    assert_int_equal(runs[1].count, 1);
    assert_int_equal(runs[1].glyphs[0].cp, 'c');
    /* Measuring counts it as nothing and reports nothing. */
    assert_int_equal(tx_measure(fx->fonts, RD_FACE_REGULAR, 12 * TS_PT, text,
                                strlen(text)),
                     runs[0].width + runs[1].width);
    assert_int_equal(fx->d.errors, 1);
}

static void test_error_column_after_a_line_break(void **state)
{
    fixture *fx = *state;
    tx_run *runs;
    const char *text = "ab\ncd\xEE\x80\x80";
    ts_pos pos = { "kap.md", 4, 10 };
    tx_shape(fx->fonts, fx->a, &fx->d, pos, RD_FACE_REGULAR, 12 * TS_PT, text,
             strlen(text), &runs);
    assert_non_null(strstr(messages(fx), "kap.md:5:3: error"));
}

static void test_soft_hyphen_and_controls_are_not_shaped(void **state)
{
    fixture *fx = *state;
    tx_run *runs;
    const char *text = "tr\xC3\xA4\xC2\xAD" "d\t";   /* trä­d + tab */
    assert_int_equal(shape(fx, RD_FACE_REGULAR, text, &runs), 1);
    assert_int_equal(runs[0].count, 4);
    assert_int_equal(runs[0].glyphs[3].cp, 'd');
    assert_int_equal(tx_measure(fx->fonts, RD_FACE_REGULAR, 12 * TS_PT, text,
                                strlen(text)),
                     tx_measure(fx->fonts, RD_FACE_REGULAR, 12 * TS_PT, "träd",
                                strlen("träd")));
    assert_int_equal(fx->d.errors, 0);
}

static void test_spaces_all_have_glyphs(void **state)
{
    fixture *fx = *state;
    /* space, no-break space, thin space, narrow no-break space */
    const char *text = "1 2\xC2\xA0" "3\xE2\x80\x89" "4\xE2\x80\xAF" "5";
    tx_run *runs;
    int n = shape(fx, RD_FACE_REGULAR, text, &runs);
    assert_int_equal(fx->d.errors, 0);
    int glyphs = 0;
    for (int r = 0; r < n; r++)
        for (int i = 0; i < runs[r].count; i++, glyphs++) {
            assert_int_not_equal(runs[r].glyphs[i].gid, 0);
            if (runs[r].glyphs[i].cp > '9') assert_true(runs[r].glyphs[i].advance > 0);
        }
    assert_int_equal(glyphs, 9);
}

static void test_combining_mark_keeps_one_glyph_per_character(void **state)
{
    fixture *fx = *state;
    tx_run *runs;
    /* e + COMBINING ACUTE ACCENT: HarfBuzz would compose it into é. */
    assert_int_equal(shape(fx, RD_FACE_REGULAR, "Caf" "e\xCC\x81", &runs), 1);
    assert_int_equal(runs[0].count, 5);
    assert_int_equal(runs[0].glyphs[3].cp, 'e');
    assert_int_equal(runs[0].glyphs[4].cp, 0x301);
    assert_int_not_equal(runs[0].glyphs[4].gid, 0);
    /* The letters before the mark are shaped as without it. */
    tx_run *plain;
    assert_int_equal(shape(fx, RD_FACE_REGULAR, "Cafe", &plain), 1);
    assert_memory_equal(runs[0].glyphs, plain[0].glyphs, 4 * sizeof(tx_glyph));
}

static void test_measure_is_the_sum_of_advances(void **state)
{
    fixture *fx = *state;
    const char *texts[] = { "Trygghets- och säkerhetsbokslut",
                            "AVATAR Tv\xC3\xA5 \xE2\x86\x92 V\xC3\xA4rde",
                            "", "12\xE2\x80\xAF" "450 kr", "WAVE" };
    const rd_face faces[] = { RD_FACE_REGULAR, RD_FACE_BOLD, RD_FACE_ITALIC };
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++)
        for (size_t s = 0; s < 3; s++) {
            tx_run *runs;
            int n = shape(fx, faces[s], texts[t], &runs);
            ts_sp sum = 0;
            for (int r = 0; r < n; r++) {
                ts_sp run_sum = 0;
                for (int i = 0; i < runs[r].count; i++)
                    run_sum += runs[r].glyphs[i].advance;
                assert_int_equal(run_sum, runs[r].width);
                assert_int_equal(runs[r].size, 12 * TS_PT);
                sum += run_sum;
            }
            assert_int_equal(tx_measure(fx->fonts, faces[s], 12 * TS_PT,
                                        texts[t], strlen(texts[t])),
                             sum);
        }
    tx_run *runs = (tx_run *)1;
    assert_int_equal(shape(fx, RD_FACE_REGULAR, "", &runs), 0);
    assert_null(runs);
}

/* A word shaped again comes from the cache: the same glyphs, in memory of
 * the caller's own (changing one copy leaves the next shaping alone); a
 * different size or face is shaped on its own; a word with a character
 * no font has is reported at every place it occurs, not only the first. */
static void test_shaped_words_are_remembered_per_face_and_size(void **state)
{
    fixture *fx = *state;
    const char *word = "Trygghetsvandringar";
    tx_run *first, *second, *bigger, *bold;
    int n = shape(fx, RD_FACE_REGULAR, word, &first);
    assert_int_equal(n, 1);
    tx_glyph saved = first[0].glyphs[3];
    first[0].glyphs[3].gid = 0;
    first[0].glyphs[3].advance = 1;
    assert_int_equal(shape(fx, RD_FACE_REGULAR, word, &second), 1);
    assert_ptr_not_equal(second[0].glyphs, first[0].glyphs);
    assert_memory_equal(&second[0].glyphs[3], &saved, sizeof saved);
    assert_int_equal(second[0].count, (int)strlen(word));
    ts_pos pos = { "text.md", 1, 1 };
    assert_int_equal(tx_shape(fx->fonts, fx->a, &fx->d, pos, RD_FACE_REGULAR, 24 * TS_PT,
                              word, strlen(word), &bigger), 1);
    assert_int_equal(bigger[0].width, 2 * second[0].width);
    assert_int_equal(shape(fx, RD_FACE_BOLD, word, &bold), 1);
    assert_true(bold[0].width > second[0].width);

    const char *odd = "x\xEE\x80\x80";
    tx_run *runs;
    shape(fx, RD_FACE_REGULAR, odd, &runs);
    shape(fx, RD_FACE_REGULAR, odd, &runs);
    assert_int_equal(fx->d.errors, 2);
}

static void test_shaping_is_deterministic(void **state)
{
    fixture *fx = *state;
    const char *text = "Anmälda klotterärenden \xE2\x86\x92 15 120 (AVTAL)";
    tx_run *first, *second;
    int n = shape(fx, RD_FACE_SEMIBOLD, text, &first);
    assert_int_equal(shape(fx, RD_FACE_SEMIBOLD, text, &second), n);
    for (int r = 0; r < n; r++) {
        assert_int_equal(first[r].font, second[r].font);
        assert_int_equal(first[r].width, second[r].width);
        assert_int_equal(first[r].count, second[r].count);
        assert_memory_equal(first[r].glyphs, second[r].glyphs,
                            (size_t)first[r].count * sizeof(tx_glyph));
    }
}

/* A run wider than sp can express (about 11.5 m: a line of code several
 * thousand characters long) is held at the widest width, never wrapped
 * around to a negative one. Found by fuzzing. */
static void test_very_wide_run_does_not_overflow(void **state)
{
    fixture *fx = *state;
    size_t n = 12000;
    char *text = malloc(n + 1);
    memset(text, 'W', n);
    text[n] = '\0';
    tx_run *runs;
    int count = shape(fx, RD_FACE_BOLD, text, &runs);
    assert_int_equal(count, 1);
    assert_int_equal(runs[0].count, (int)n);
    assert_int_equal(runs[0].width, INT32_MAX);
    assert_int_equal(tx_measure(fx->fonts, RD_FACE_BOLD, 12 * TS_PT, text, n),
                     INT32_MAX);
    free(text);
}

static void test_ascent_and_descent(void **state)
{
    fixture *fx = *state;
    /* Open Sans: ascender 2189, descender -600, 2048 units per em. */
    ts_sp size = 11 * TS_PT;
    assert_int_equal(tx_ascent(fx->fonts, RD_FACE_REGULAR, size),
                     (ts_sp)(((int64_t)2189 * size + 1024) / 2048));
    assert_int_equal(tx_descent(fx->fonts, RD_FACE_REGULAR, size),
                     (ts_sp)(((int64_t)600 * size + 1024) / 2048));
    assert_true(tx_descent(fx->fonts, RD_FACE_MONO, size) > 0);
}

/* ---- typography -------------------------------------------------------- */

static void check_typography(fixture *fx, const char *in, const char *want)
{
    assert_string_equal(tx_typography(fx->a, in), want);
}

static void test_typography(void **state)
{
    fixture *fx = *state;
    /* the spaced dash holds to the word before it: it never starts a line */
    check_typography(fx, "Han sa \"hej\" -- och gick",
                     "Han sa \xE2\x80\x9Dhej\xE2\x80\x9D\xC2\xA0\xE2\x80\x93 och gick");
    check_typography(fx, "It's", "It\xE2\x80\x99s");
    check_typography(fx, "-5 grader", "\xE2\x88\x92" "5 grader");
    check_typography(fx, "mellan -5 och (-3) [-1]",
                     "mellan \xE2\x88\x92" "5 och (\xE2\x88\x92" "3) [\xE2\x88\x92" "1]");
    check_typography(fx, "2023--2026", "2023\xE2\x80\x93" "2026");
    check_typography(fx, "a---b", "a\xE2\x80\x94" "b");
    check_typography(fx, "a-b", "a-b");
    check_typography(fx, "E-5 x-5", "E-5 x-5");
    check_typography(fx, "\xC2\xA0-5", "\xC2\xA0\xE2\x88\x92" "5");
    check_typography(fx, "Åsa Öberg – räksmörgås ☃", "Åsa Öberg\xC2\xA0– räksmörgås ☃");
    check_typography(fx, "", "");
}

int main(void)
{
    if (find_font_dir() != 0) {
        fprintf(stderr, "test_text: no fonts/OpenSans-Regular.ttf here or above; "
                        "run `make fonts`\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_fonts_numbered_faces_then_fallbacks),
        T(test_missing_faces_use_regular_and_files_load_once),
        T(test_missing_font_file_is_an_error),
        T(test_non_font_file_is_refused),
        T(test_cff_font_is_refused),
        T(test_kerning_AV),
        T(test_swedish_letters_one_glyph_each),
        T(test_fallback_for_a_character_open_sans_lacks),
        T(test_bold_faces_use_the_bold_fallback),
        T(test_character_in_no_font_is_an_error_at_its_column),
        T(test_error_column_after_a_line_break),
        T(test_soft_hyphen_and_controls_are_not_shaped),
        T(test_spaces_all_have_glyphs),
        T(test_combining_mark_keeps_one_glyph_per_character),
        T(test_measure_is_the_sum_of_advances),
        T(test_shaping_is_deterministic),
        T(test_shaped_words_are_remembered_per_face_and_size),
        T(test_very_wide_run_does_not_overflow),
        T(test_ascent_and_descent),
        T(test_typography),
#undef T
    };
    return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
