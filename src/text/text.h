/* text: fonts (FreeType), shaping with kerning (HarfBuzz), font fallback,
 * Swedish typographic rules.
 *
 * Prefix tx_. Turns UTF-8 strings into positioned glyphs in sp. Knows the
 * layout's faces but nothing of pages or PDF. Every glyph it returns maps
 * to exactly one Unicode code point (ligatures are off), so the PDF can
 * map glyphs back to text and a reader hears the words as written. */
#ifndef TS_TEXT_H
#define TS_TEXT_H

#include "../read/read.h"

typedef struct tx_fonts tx_fonts;

/* Load the layout's faces and fallbacks. A missing or unusable font file
 * (not TrueType-flavoured, since the PDF embeds TrueType outlines only) is
 * an error reported at `at`; returns NULL then. */
tx_fonts *tx_fonts_new(ts_diag *d, ts_pos at, const rd_layout *layout);
void tx_fonts_drop(tx_fonts *f);

/* Fonts are numbered 0..count-1 in load order: the faces first, then the
 * fallbacks. Glyph runs name their font by this number. */
int tx_font_count(const tx_fonts *f);
const char *tx_font_path(const tx_fonts *f, int font);
/* Unique PostScript name of a loaded font (for traces). */
const char *tx_font_name(const tx_fonts *f, int font);

/* Vertical metrics of a face's primary font at `size`, in sp: ascender
 * above the baseline (positive), descender below it (positive). */
ts_sp tx_ascent(const tx_fonts *f, rd_face face, ts_sp size);
ts_sp tx_descent(const tx_fonts *f, rd_face face, ts_sp size);

typedef struct tx_glyph {
    uint32_t cp;          /* the code point this glyph shows */
    uint32_t gid;         /* glyph index in its font */
    ts_sp advance;        /* horizontal advance at the run's size, kerning included */
    ts_sp x_offset;       /* from GPOS, usually 0 */
    ts_sp y_offset;
} tx_glyph;

/* A sequence of glyphs from one font. */
typedef struct tx_run {
    int font;
    ts_sp size;
    ts_sp width;          /* sum of advances */
    int count;
    tx_glyph *glyphs;     /* in the arena */
} tx_run;

/* Shape utf8[0..len) in `face` at `size` with kerning, splitting into runs
 * where a character must come from a fallback font. A character that no
 * font has is an error reported at `pos` advanced by the characters before
 * it (pos is where utf8 begins in the source); it is left out. Returns the
 * number of runs (0 for empty text) and sets *runs (arena memory). */
int tx_shape(tx_fonts *f, ts_arena *a, ts_diag *d, ts_pos pos, rd_face face,
             ts_sp size, const char *utf8, size_t len, tx_run **runs);

/* Width of utf8 in face at size, in sp (no diagnostics; missing
 * characters count as zero). */
ts_sp tx_measure(tx_fonts *f, rd_face face, ts_sp size, const char *utf8,
                 size_t len);

/* Swedish typography for running text (not code): straight double quotes
 * become ” (Swedish uses the same mark to open and close), straight single
 * quotes and apostrophes ’, "--" an en dash –, "---" an em dash —, a
 * hyphen-minus directly before a digit that follows a space or starts the
 * text a real minus −. Returns arena memory; the input is not changed. */
char *tx_typography(ts_arena *a, const char *utf8);

#endif
