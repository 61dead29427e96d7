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

/* A run as the flat arrays a device draws: one code point, glyph index and
 * advance per glyph; *y_offsets is NULL when every glyph sits on the
 * baseline. Arena memory. */
void tx_run_arrays(ts_arena *a, const tx_run *r, uint32_t **cps, uint32_t **gids,
                   ts_sp **advances, ts_sp **y_offsets);

/* Width of utf8 in face at size, in sp (no diagnostics; missing
 * characters count as zero). */
ts_sp tx_measure(tx_fonts *f, rd_face face, ts_sp size, const char *utf8,
                 size_t len);

/* ---- hyphenation (hyphen.c) ------------------------------------------- */

/* Where a word may break at a line end, and why. */
typedef enum tx_hyph_kind {
    TX_HYPH_SYLLABLE = 1, /* a pattern break inside a simple word: tryg-ghet */
    TX_HYPH_JOINT,        /* the joint of a compound: trygghets-främjande */
    TX_HYPH_EXPLICIT,     /* right after a hyphen written in the word: no
                             second hyphen is added there */
    TX_HYPH_SOFT          /* a soft hyphen in the source or an exception */
} tx_hyph_kind;

typedef struct tx_hyph_break {
    int at;               /* characters before the break, counting only the
                             ones that get a glyph (soft hyphens and other
                             invisible format characters are not counted),
                             so `at` is also a glyph index of the shaped word */
    int kind;             /* tx_hyph_kind */
} tx_hyph_break;

typedef struct tx_hyph tx_hyph;

/* A Swedish hyphenator: libhyphen with hyphen-sv's patterns, compound
 * joints from the wswedish word list, at least min_left letters before a
 * break and min_right after it. Missing patterns are a warning at `at`
 * (d may be NULL) and leave only soft hyphens, hyphens and exceptions. */
tx_hyph *tx_hyph_new(ts_diag *d, ts_pos at, int min_left, int min_right);
void tx_hyph_drop(tx_hyph *h);
/* Add exceptions: a comma-separated list of words with their breaks
 * marked by hyphens (`trygg-hets-främ-jande`); a word without hyphens is
 * never broken. Later lists override earlier ones word by word. The list
 * is expected to be checked already (rd_check_hyphenation). Returns the
 * number of words added. */
int tx_hyph_exceptions(tx_hyph *h, const char *list);
/* The breaks of one word (utf8[0..len), no spaces), in increasing order,
 * at most max. Soft hyphens in the word are its only breaks; a word with
 * a hyphen breaks only after it; otherwise exceptions, then patterns and
 * compound joints. Returns the count. */
int tx_hyphenate(tx_hyph *h, const char *utf8, size_t len, tx_hyph_break *out,
                 int max);
/* Characters of utf8[0..len) that tx_hyphenate counts (all but soft
 * hyphens and zero-width format characters); when a shaped word has as
 * many glyphs, a break's `at` is a glyph index. */
int tx_visible_chars(const char *utf8, size_t len);

/* ---- total-fit line breaking (linebreak.c) ---------------------------- */

/* The breaker's view of a paragraph: boxes, glue and penalties as in
 * Knuth and Plass, every length in sp. A line may end at glue that follows
 * a box (the glue vanishes) or at a penalty below TX_INF (a flagged one is
 * a hyphen, whose width then ends the line). Items after a break up to the
 * next box are discarded (glue and penalties). */
typedef enum tx_bkind { TX_BOX, TX_GLUE, TX_PENALTY } tx_bkind;

#define TX_INF 10000      /* penalty: never break here; -TX_INF: must */

typedef struct tx_bitem {
    tx_bkind kind;
    ts_sp width;
    ts_sp stretch;        /* GLUE: finite stretchability */
    ts_sp shrink;         /* GLUE */
    int fil;              /* GLUE: infinitely stretchable (end of paragraph,
                             hard line break): lines ending with it are never
                             underfull */
    int penalty;          /* PENALTY: cost, -TX_INF..TX_INF; GLUE: TX_INF
                             makes it a no-break space (never a break) */
    int flagged;          /* PENALTY: a hyphenation point */
} tx_bitem;

typedef struct tx_bparams {
    ts_sp measure;        /* line width */
    ts_sp line_stretch;   /* stretch every line gets at its end (ragged
                             right: the rag's allowance); 0 when justified */
    int tolerance;        /* largest badness accepted with hyphenation */
    int pretolerance;     /* first pass, without hyphenation; < 0: skip it */
    ts_sp emergency_stretch;  /* added to each line in the last pass */
    int line_penalty;     /* added to each line's badness (TeX: 10) */
    int hyphen_demerits;  /* two hyphenated lines in a row (TeX's
                             doublehyphendemerits) */
    int final_hyphen_demerits; /* the last-but-one line hyphenated */
    int adj_demerits;     /* neighbouring lines of very different fitness */
    int max_hyphens_in_row;   /* consecutive hyphenated lines allowed (2) */
    int looseness;        /* 0: optimum; +1/-1: one line more/fewer if possible */
} tx_bparams;

/* The defaults for a measure: justified when `justify`, else ragged right. */
tx_bparams tx_bparams_default(ts_sp measure, ts_sp em, int justify);

/* Break items[0..n) into lines. Sets *breaks (arena memory) to the item
 * index of each line's end (a glue or penalty index, or n for the end) and
 * returns the number of lines. Runs in time linear in n times the number of
 * active breakpoints, which is capped, so adversarial input stays linear.
 * A line runs past the measure only when a single unbreakable stretch of
 * boxes is wider than it (the caller splits such words first). *pass gets
 * the pass that succeeded: 1 without hyphens, 2 with, 3 with emergency
 * stretch, 4 anything that fits (may be NULL). */
size_t tx_break_paragraph(ts_arena *a, const tx_bitem *items, size_t n,
                          const tx_bparams *p, size_t **breaks, int *pass);

/* Badness of a line with `shortfall` sp to fill (negative: to shrink) and
 * `stretch`/`shrink` available, like TeX: about 100 (shortfall/stretch)^3,
 * at most TX_INF; a line that must shrink more than it can is TX_INF + 1. */
int tx_badness(ts_sp shortfall, ts_sp stretch, ts_sp shrink);

/* Swedish typography for running text (not code): straight double quotes
 * become ” (Swedish uses the same mark to open and close), straight single
 * quotes and apostrophes ’, "--" an en dash –, "---" an em dash —, a
 * hyphen-minus directly before a digit that follows a space or starts the
 * text a real minus −. Returns arena memory; the input is not changed. */
char *tx_typography(ts_arena *a, const char *utf8);

/* A line end in the source between the texts `before` and `after` (both
 * already through tx_typography) is a space; may a line break there? 0: yes,
 * an ordinary space; 1: no, a no-break space (38\nst, kl.\n9.00, before a
 * spaced dash); 2: no, the narrow no-break space between the digit groups
 * of a number (12\n450). The same rules as for a space written on one line. */
int tx_hold_line_end(const char *before, const char *after);

#endif
