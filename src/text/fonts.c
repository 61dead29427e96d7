/* Fonts: loading (FreeType), shaping with kerning (HarfBuzz), fallback.
 *
 * Each distinct font file is read once into a HarfBuzz blob; FreeType opens
 * the same bytes for validation, names and vertical metrics, HarfBuzz shapes
 * with them. HarfBuzz works at a scale of one unit per font unit
 * (units_per_EM), and every advance is converted to sp once per glyph with
 * 64-bit integers, so widths are identical on every compiler and machine. */
#include "text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H
#include <hb.h>

/* Faces plus the two fallbacks: the most fonts a layout can name. */
#define TX_MAX_FONTS (RD_FACE_COUNT + 2)

typedef struct tx_font {
    char *path;            /* as the layout names it (heap copy) */
    char *name;            /* unique PostScript name (heap) */
    hb_blob_t *blob;       /* the file's bytes, shared by FreeType and HarfBuzz */
    FT_Face ft;
    hb_font_t *hb;         /* scale = units_per_EM: advances in font units */
    int upem;
    dev_t dev;             /* identity of the file, to load it only once */
    ino_t ino;
} tx_font;

/* What shaping knows about one code point kept for shaping. */
typedef struct tx_cp_info {
    int font;              /* index into fonts[], or -1: in no font */
    int line, col;         /* source position of the character */
} tx_cp_info;

/* A shaped word in the cache: its key and its runs, glyphs after them. */
typedef struct tx_shaped {
    uint64_t hash;
    rd_face face;
    ts_sp size;
    size_t len;
    const char *text;
    int nruns;
    tx_run *runs;
} tx_shaped;

/* Words longer than this (bytes) are shaped every time; so is everything
 * once the cache holds TX_SHAPED_MAX words (its memory stays bounded). */
#define TX_SHAPED_LEN 64
#define TX_SHAPED_MAX ((size_t)1 << 18)

struct tx_fonts {
    FT_Library ft;
    tx_font font[TX_MAX_FONTS];
    int count;
    int face_font[RD_FACE_COUNT];  /* primary font of each face */
    int fallback_font;             /* -1 when the layout names none */
    int fallback_bold_font;

    /* Shaping state reused by every call, so measuring a word does not
     * allocate once the scratch arrays have grown to the longest text. */
    hb_buffer_t *buf;
    hb_language_t lang;
    hb_feature_t features[6];
    unsigned feature_count;
    uint32_t *cps;                 /* code points kept for shaping */
    tx_cp_info *info;              /* parallel to cps */
    size_t cap;

    /* Words shaped before, by face, size and bytes: running text repeats
     * its words, and HarfBuzz was a fifth of a long document's time. A
     * hit copies the stored runs, so callers own their glyphs as before. */
    tx_shaped **shaped;            /* open addressing, NULL = empty slot */
    size_t shaped_slots, shaped_count;
    ts_arena *shaped_arena;        /* the entries and their glyphs */
};

/* ---- units ------------------------------------------------------------- */

/* Font units to sp at `size` (sp per em): units * size / upem, rounded to
 * nearest with halves away from zero, in 64-bit so nothing overflows. */
static ts_sp units_to_sp(int64_t units, ts_sp size, int upem)
{
    int64_t num = units * (int64_t)size;
    int64_t half = upem / 2;
    int64_t q = num >= 0 ? (num + half) / upem : -((-num + half) / upem);
    if (q > INT32_MAX) return INT32_MAX;
    if (q < INT32_MIN) return INT32_MIN;
    return (ts_sp)q;
}

/* a + b, held at the ends of ts_sp's range instead of overflowing: a run
 * of many thousand glyphs (a long line of code) can be wider than the
 * 32 767 pt that sp can express; layout then sees the widest width there
 * is, never a wrapped-around one. */
static ts_sp add_sp(ts_sp a, ts_sp b)
{
    int64_t s = (int64_t)a + b;
    if (s > INT32_MAX) return INT32_MAX;
    if (s < INT32_MIN) return INT32_MIN;
    return (ts_sp)s;
}

/* ---- loading ----------------------------------------------------------- */

static char *heap_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = ts_xmalloc(n);
    memcpy(p, s, n);
    return p;
}

static int has_sfnt_table(FT_Face face, FT_ULong tag)
{
    FT_ULong length = 0;
    return FT_Load_Sfnt_Table(face, tag, 0, NULL, &length) == 0 && length > 0;
}

/* Give fonts[index] a PostScript name no earlier font has, so traces can
 * tell two files with the same internal name apart. */
static char *unique_name(const tx_fonts *f, FT_Face face, const char *path)
{
    const char *ps = FT_Get_Postscript_Name(face);
    if (!ps || !*ps) {
        const char *slash = strrchr(path, '/');
        ps = slash ? slash + 1 : path;
    }
    for (int suffix = 1;; suffix++) {
        char *candidate;
        if (suffix == 1) {
            candidate = heap_strdup(ps);
        } else {
            size_t n = strlen(ps) + 16;
            candidate = ts_xmalloc(n);
            snprintf(candidate, n, "%s-%d", ps, suffix);
        }
        int taken = 0;
        for (int i = 0; i < f->count; i++)
            if (strcmp(f->font[i].name, candidate) == 0) taken = 1;
        if (!taken) return candidate;
        free(candidate);
    }
}

/* Load `path` unless the same file is loaded already; returns its font
 * number, or -1 after reporting at `at`. */
static int load_font(tx_fonts *f, ts_diag *d, ts_pos at, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno == ENOENT)
            ts_error(d, at, "the font file '%s' does not exist; run `make deps` "
                     "to install the standard fonts", path);
        else
            ts_error(d, at, "cannot read the font file '%s': %s", path,
                     strerror(errno));
        return -1;
    }
    for (int i = 0; i < f->count; i++)
        if (strcmp(f->font[i].path, path) == 0 ||
            (f->font[i].dev == st.st_dev && f->font[i].ino == st.st_ino))
            return i;
    if (!S_ISREG(st.st_mode)) {
        ts_error(d, at, "the font file '%s' is not a regular file", path);
        return -1;
    }

    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob) {
        ts_error(d, at, "cannot read the font file '%s'; run `make deps` "
                 "to install the standard fonts", path);
        return -1;
    }
    unsigned int size = 0;
    const char *data = hb_blob_get_data(blob, &size);
    FT_Face ft = NULL;
    if (size == 0 ||
        FT_New_Memory_Face(f->ft, (const FT_Byte *)data, (FT_Long)size, 0, &ft) != 0) {
        ts_error(d, at, "'%s' is not a font file", path);
        hb_blob_destroy(blob);
        return -1;
    }
    /* libharu embeds TrueType ('glyf') outlines only; a CFF-flavoured
     * OpenType font would print as empty boxes or not at all. */
    if (!FT_IS_SFNT(ft) || !has_sfnt_table(ft, TTAG_glyf)) {
        if (FT_IS_SFNT(ft) && (has_sfnt_table(ft, TTAG_CFF) ||
                               has_sfnt_table(ft, TTAG_CFF2)))
            ts_error(d, at, "'%s' has CFF outlines; the PDF needs TrueType "
                     "(.ttf) fonts", path);
        else
            ts_error(d, at, "'%s' is not a TrueType font; the PDF needs "
                     "TrueType (.ttf) fonts", path);
        FT_Done_Face(ft);
        hb_blob_destroy(blob);
        return -1;
    }

    tx_font *font = &f->font[f->count];
    font->path = heap_strdup(path);
    font->name = unique_name(f, ft, path);
    font->blob = blob;
    font->ft = ft;
    font->upem = ft->units_per_EM ? ft->units_per_EM : 1000;
    hb_face_t *face = hb_face_create(blob, 0);
    font->hb = hb_font_create(face);
    hb_face_destroy(face);            /* the font holds its own reference */
    hb_font_set_scale(font->hb, font->upem, font->upem);
    font->dev = st.st_dev;
    font->ino = st.st_ino;
    return f->count++;
}

tx_fonts *tx_fonts_new(ts_diag *d, ts_pos at, const rd_layout *layout)
{
    tx_fonts *f = ts_xmalloc(sizeof *f);
    memset(f, 0, sizeof *f);
    f->fallback_font = f->fallback_bold_font = -1;
    if (FT_Init_FreeType(&f->ft) != 0) {
        ts_error(d, at, "cannot start the font library FreeType");
        free(f);
        return NULL;
    }

    int ok = 1;
    const char *regular = layout->face_file[RD_FACE_REGULAR];
    if (!regular || !*regular) {
        ts_error(d, at, "the layout names no regular font");
        ok = 0;
    } else {
        /* Faces first, in rd_face order; a face the layout leaves out is
         * set in the regular font. Every problem is reported, not only the
         * first, so one run lists all missing files. */
        for (int face = 0; face < RD_FACE_COUNT; face++) {
            const char *path = layout->face_file[face];
            if (!path || !*path) path = regular;
            f->face_font[face] = load_font(f, d, at, path);
            if (f->face_font[face] < 0) ok = 0;
        }
    }
    if (layout->fallback && *layout->fallback) {
        f->fallback_font = load_font(f, d, at, layout->fallback);
        if (f->fallback_font < 0) ok = 0;
    }
    /* Without a bold fallback, bold faces use the regular one. */
    if (layout->fallback_bold && *layout->fallback_bold) {
        f->fallback_bold_font = load_font(f, d, at, layout->fallback_bold);
        if (f->fallback_bold_font < 0) ok = 0;
    } else {
        f->fallback_bold_font = f->fallback_font;
    }
    if (!ok) {
        tx_fonts_drop(f);
        return NULL;
    }

    f->buf = hb_buffer_create();
    if (!hb_buffer_allocation_successful(f->buf)) ts_oom();
    f->lang = hb_language_from_string("sv", -1);
    /* Kerning on; every ligature and contextual alternate off, so each
     * glyph shows exactly one character and text extracts as written. */
    static const char *const features[] = { "kern", "-liga", "-clig",
                                            "-dlig", "-hlig", "-calt" };
    for (unsigned i = 0; i < sizeof features / sizeof features[0]; i++)
        hb_feature_from_string(features[i], -1, &f->features[f->feature_count++]);
    return f;
}

void tx_fonts_drop(tx_fonts *f)
{
    if (!f) return;
    for (int i = 0; i < f->count; i++) {
        hb_font_destroy(f->font[i].hb);
        FT_Done_Face(f->font[i].ft);     /* before the bytes it reads */
        hb_blob_destroy(f->font[i].blob);
        free(f->font[i].path);
        free(f->font[i].name);
    }
    if (f->buf) hb_buffer_destroy(f->buf);
    free(f->shaped);
    ts_arena_drop(f->shaped_arena);
    FT_Done_FreeType(f->ft);
    free(f->cps);
    free(f->info);
    free(f);
}

int tx_font_count(const tx_fonts *f) { return f->count; }

const char *tx_font_path(const tx_fonts *f, int font)
{
    return font >= 0 && font < f->count ? f->font[font].path : NULL;
}

const char *tx_font_name(const tx_fonts *f, int font)
{
    return font >= 0 && font < f->count ? f->font[font].name : NULL;
}

static int valid_face(rd_face face) { return (int)face >= 0 && face < RD_FACE_COUNT; }

ts_sp tx_ascent(const tx_fonts *f, rd_face face, ts_sp size)
{
    if (!valid_face(face)) face = RD_FACE_REGULAR;
    const tx_font *font = &f->font[f->face_font[face]];
    return units_to_sp(font->ft->ascender, size, font->upem);
}

ts_sp tx_descent(const tx_fonts *f, rd_face face, ts_sp size)
{
    if (!valid_face(face)) face = RD_FACE_REGULAR;
    const tx_font *font = &f->font[f->face_font[face]];
    return units_to_sp(-(int64_t)font->ft->descender, size, font->upem);
}

/* ---- choosing a font per character ------------------------------------- */

/* Characters that have no appearance of their own and are left out of
 * shaping: C0 and C1 controls, the soft hyphen (a hyphenation point, shown
 * only where a line breaks), and Unicode's default-ignorable format
 * characters (zero-width space and joiners, bidi marks, word joiner,
 * variation selectors, byte order mark, tags). Leaving them out keeps the
 * one-glyph-per-character contract: HarfBuzz would otherwise show them as
 * an invisible space glyph that also stands for U+0020. */
static int is_invisible(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD ||
           cp == 0x34F || (cp >= 0x180B && cp <= 0x180F) ||
           (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x206F) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
           cp == 0xFEFF || (cp >= 0xE0000 && cp <= 0xE0FFF);
}

static int font_has(const tx_fonts *f, int font, uint32_t cp)
{
    hb_codepoint_t gid;
    return font >= 0 && hb_font_get_nominal_glyph(f->font[font].hb, cp, &gid) &&
           gid != 0;
}

static int fallback_for(const tx_fonts *f, rd_face face)
{
    int bold = face == RD_FACE_BOLD || face == RD_FACE_BOLD_ITALIC ||
               face == RD_FACE_SEMIBOLD;
    return bold ? f->fallback_bold_font : f->fallback_font;
}

static void grow_scratch(tx_fonts *f, size_t n)
{
    if (n <= f->cap) return;
    size_t cap = f->cap ? f->cap : 64;
    while (cap < n) cap *= 2;
    f->cps = ts_xrealloc(f->cps, cap * sizeof *f->cps);
    f->info = ts_xrealloc(f->info, cap * sizeof *f->info);
    f->cap = cap;
}

/* Decode utf8 into f->cps/f->info, leaving out invisible characters, and
 * choose each character's font: the face's own font when its cmap has the
 * character, else the fallback. Returns the number kept. */
static size_t decode_and_assign(tx_fonts *f, ts_pos pos, rd_face face,
                                const char *utf8, size_t len)
{
    grow_scratch(f, len + 1);        /* at most one code point per byte */
    int primary = f->face_font[face], fallback = fallback_for(f, face);
    int line = pos.line, col = pos.col;
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += (size_t)ts_utf8_decode(utf8 + i, len - i, &cp);
        if (!is_invisible(cp)) {
            f->cps[n] = cp;
            f->info[n].font = font_has(f, primary, cp)    ? primary
                              : font_has(f, fallback, cp) ? fallback
                                                          : -1;
            f->info[n].line = line;
            f->info[n].col = col;
            n++;
        }
        /* The position of the next character: columns count characters
         * and restart after a line break; 0 stays "unknown". */
        if (cp == '\n' && line > 0) {
            line++;
            col = col > 0 ? 1 : 0;
        } else if (col > 0) {
            col++;
        }
    }
    return n;
}

/* ---- shaping ----------------------------------------------------------- */

/* The script HarfBuzz should shape a run as: the first character with a
 * script of its own, Latin when there is none (digits, punctuation). */
static hb_script_t run_script(const uint32_t *cps, size_t n)
{
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
    for (size_t i = 0; i < n; i++) {
        hb_script_t s = hb_unicode_script(uf, cps[i]);
        if (s != HB_SCRIPT_COMMON && s != HB_SCRIPT_INHERITED &&
            s != HB_SCRIPT_UNKNOWN)
            return s;
    }
    return HB_SCRIPT_LATIN;
}

/* Combining marks: where a run is split when shaping merged characters. */
static int is_mark(uint32_t cp)
{
    hb_unicode_general_category_t c =
        hb_unicode_general_category(hb_unicode_funcs_get_default(), cp);
    return c == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
           c == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
           c == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
}

/* Shape cps[start .. start+n) (all in `font`) into out[0..n) at `size`;
 * returns the sum of the advances. The whole text is given to HarfBuzz as
 * context. Should shaping ever not give one glyph per character in order
 * (a base letter and a combining mark composed into one precomposed glyph,
 * or a character decomposed into two), the run is shaped again in pieces
 * split before each mark (when may_split), and a piece that still does not
 * map one to one is set glyph by glyph from the cmap with nominal
 * advances, so the contract always holds. */
static ts_sp shape_run(tx_fonts *f, int font_index, ts_sp size, size_t total,
                       size_t start, size_t n, tx_glyph *out, int may_split)
{
    tx_font *font = &f->font[font_index];
    hb_buffer_t *buf = f->buf;
    hb_buffer_clear_contents(buf);
    hb_buffer_add_codepoints(buf, f->cps, (int)total, (unsigned)start, (int)n);
    hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
    hb_buffer_set_script(buf, run_script(f->cps + start, n));
    hb_buffer_set_language(buf, f->lang);
    hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_CHARACTERS);
    hb_buffer_set_flags(buf, HB_BUFFER_FLAG_DO_NOT_INSERT_DOTTED_CIRCLE |
                             (start == 0 ? HB_BUFFER_FLAG_BOT : 0) |
                             (start + n == total ? HB_BUFFER_FLAG_EOT : 0));
    hb_shape(font->hb, buf, f->features, f->feature_count);
    if (!hb_buffer_allocation_successful(buf)) ts_oom();

    unsigned count = 0;
    hb_glyph_info_t *gi = hb_buffer_get_glyph_infos(buf, &count);
    hb_glyph_position_t *gp = hb_buffer_get_glyph_positions(buf, &count);
    int one_to_one = count == n;
    for (unsigned i = 0; one_to_one && i < count; i++)
        if (gi[i].cluster != start + i || gi[i].codepoint == 0) one_to_one = 0;
    if (!one_to_one && may_split) {
        /* Shape again in pieces that each end before a combining mark, so
         * HarfBuzz cannot compose a letter and its mark (decomposed text,
         * as macOS and some PDFs give it); only the kerning at those
         * joints is lost, not the whole run's. */
        ts_sp width = 0;
        for (size_t piece = 0; piece < n;) {
            size_t end = piece + 1;
            while (end < n && !is_mark(f->cps[start + end])) end++;
            width = add_sp(width, shape_run(f, font_index, size, total, start + piece,
                                            end - piece, out + piece, 0));
            piece = end;
        }
        return width;
    }
    /* HarfBuzz applies a legacy 'kern' table pair (Open Sans kerns this
     * way) half to the first glyph's advance and half to the second's
     * advance with a matching x_offset. Moving each horizontal offset into
     * the advance before it puts every glyph exactly where HarfBuzz does and
     * leaves the offsets at 0, so a device can set a run with advances
     * alone (PDF TJ adjustments). Done in font units, before rounding. */
    if (one_to_one)
        for (unsigned i = 1; i < count; i++) {
            gp[i - 1].x_advance += gp[i].x_offset;
            gp[i].x_advance -= gp[i].x_offset;
            gp[i].x_offset = 0;
        }

    /* y_offset keeps HarfBuzz's sense: positive moves the glyph up. */
    ts_sp width = 0;
    for (size_t i = 0; i < n; i++) {
        tx_glyph *g = &out[i];
        g->cp = f->cps[start + i];
        if (one_to_one) {
            g->gid = gi[i].codepoint;
            g->advance = units_to_sp(gp[i].x_advance, size, font->upem);
            g->x_offset = units_to_sp(gp[i].x_offset, size, font->upem);
            g->y_offset = units_to_sp(gp[i].y_offset, size, font->upem);
        } else {
            hb_codepoint_t gid = 0;
            hb_font_get_nominal_glyph(font->hb, g->cp, &gid);
            g->gid = gid;
            g->advance = units_to_sp(hb_font_get_glyph_h_advance(font->hb, gid),
                                     size, font->upem);
            g->x_offset = g->y_offset = 0;
        }
        width = add_sp(width, g->advance);
    }
    return width;
}

/* The end of the run starting at cps[start]: characters in the same font,
 * up to a font change or a character in no font. */
static size_t run_end(const tx_fonts *f, size_t start, size_t n)
{
    size_t end = start + 1;
    while (end < n && f->info[end].font == f->info[start].font) end++;
    return end;
}

/* FNV-1a over the key. */
static uint64_t shaped_hash(rd_face face, ts_sp size, const char *utf8, size_t len)
{
    uint64_t h = 1469598103934665603u;
    h = (h ^ (uint64_t)face) * 1099511628211u;
    h = (h ^ (uint64_t)(uint32_t)size) * 1099511628211u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)utf8[i]) * 1099511628211u;
    return h;
}

/* The slot of the key, or of the empty slot where it would go. */
static tx_shaped **shaped_slot(tx_fonts *f, uint64_t h, rd_face face, ts_sp size,
                               const char *utf8, size_t len)
{
    size_t mask = f->shaped_slots - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        tx_shaped *e = f->shaped[i];
        if (!e || (e->hash == h && e->face == face && e->size == size && e->len == len &&
                   memcmp(e->text, utf8, len) == 0))
            return &f->shaped[i];
    }
}

static void shaped_grow(tx_fonts *f)
{
    size_t slots = f->shaped_slots ? f->shaped_slots * 2 : 4096;
    tx_shaped **old = f->shaped;
    size_t old_slots = f->shaped_slots;
    f->shaped = ts_xmalloc(slots * sizeof *f->shaped);
    memset(f->shaped, 0, slots * sizeof *f->shaped);
    f->shaped_slots = slots;
    for (size_t i = 0; i < old_slots; i++)
        if (old[i])
            *shaped_slot(f, old[i]->hash, old[i]->face, old[i]->size, old[i]->text,
                         old[i]->len) = old[i];
    free(old);
}

/* Copies of the runs (and glyphs) of `from` in a. */
static tx_run *copy_runs(ts_arena *a, const tx_run *from, int n)
{
    tx_run *out = ts_arena_alloc(a, (size_t)n * sizeof *out);
    for (int r = 0; r < n; r++) {
        out[r] = from[r];
        size_t bytes = (size_t)from[r].count * sizeof *from[r].glyphs;
        out[r].glyphs = ts_arena_alloc(a, bytes);
        memcpy(out[r].glyphs, from[r].glyphs, bytes);
    }
    return out;
}

static int shape_text(tx_fonts *f, ts_arena *a, ts_diag *d, ts_pos pos, rd_face face,
                      ts_sp size, const char *utf8, size_t len, tx_run **runs,
                      int *complete);

int tx_shape(tx_fonts *f, ts_arena *a, ts_diag *d, ts_pos pos, rd_face face,
             ts_sp size, const char *utf8, size_t len, tx_run **runs)
{
    *runs = NULL;
    if (!valid_face(face)) face = RD_FACE_REGULAR;
    if (len == 0 || len > TX_SHAPED_LEN)
        return shape_text(f, a, d, pos, face, size, utf8, len, runs, NULL);
    uint64_t h = shaped_hash(face, size, utf8, len);
    if (f->shaped_slots) {
        tx_shaped *e = *shaped_slot(f, h, face, size, utf8, len);
        if (e) {
            *runs = copy_runs(a, e->runs, e->nruns);
            return e->nruns;
        }
    }
    /* Only text every character of which a font has is remembered: a
     * missing one is reported at each place it occurs. */
    int complete = 0;
    int n = shape_text(f, a, d, pos, face, size, utf8, len, runs, &complete);
    if (!complete || n <= 0 || f->shaped_count >= TX_SHAPED_MAX)
        return n;
    if (2 * (f->shaped_count + 1) > f->shaped_slots)
        shaped_grow(f);
    if (!f->shaped_arena)
        f->shaped_arena = ts_arena_new();
    tx_shaped *e = ts_arena_alloc(f->shaped_arena, sizeof *e);
    e->hash = h;
    e->face = face;
    e->size = size;
    e->len = len;
    e->text = ts_arena_strndup(f->shaped_arena, utf8, len);
    e->nruns = n;
    e->runs = copy_runs(f->shaped_arena, *runs, n);
    *shaped_slot(f, h, face, size, utf8, len) = e;
    f->shaped_count++;
    return n;
}

/* tx_shape without the cache; *complete (when asked) is set when every
 * character had a font. */
static int shape_text(tx_fonts *f, ts_arena *a, ts_diag *d, ts_pos pos, rd_face face,
                      ts_sp size, const char *utf8, size_t len, tx_run **runs,
                      int *complete)
{
    size_t n = decode_and_assign(f, pos, face, utf8, len);
    if (complete) {
        *complete = 1;
        for (size_t i = 0; i < n; i++)
            if (f->info[i].font < 0) *complete = 0;
    }

    /* Report characters no font has; they are left out of the runs. */
    int run_count = 0;
    for (size_t i = 0; i < n;) {
        if (f->info[i].font < 0) {
            char shown[5] = { 0 };
            ts_utf8_encode(f->cps[i], shown);
            ts_pos at = { pos.file, f->info[i].line, f->info[i].col };
            ts_error(d, at, "the character U+%04X '%s' is in none of the "
                     "layout's fonts", (unsigned)f->cps[i], shown);
            i++;
            continue;
        }
        run_count++;
        i = run_end(f, i, n);
    }
    if (run_count == 0) return 0;

    tx_run *out = ts_arena_alloc(a, (size_t)run_count * sizeof *out);
    int r = 0;
    for (size_t i = 0; i < n;) {
        if (f->info[i].font < 0) { i++; continue; }
        size_t end = run_end(f, i, n);
        tx_run *run = &out[r++];
        run->font = f->info[i].font;
        run->size = size;
        run->count = (int)(end - i);
        run->glyphs = ts_arena_alloc(a, (end - i) * sizeof *run->glyphs);
        run->width = shape_run(f, run->font, size, n, i, end - i,
                               run->glyphs, 1);
        i = end;
    }
    *runs = out;
    return run_count;
}

ts_sp tx_measure(tx_fonts *f, rd_face face, ts_sp size, const char *utf8,
                 size_t len)
{
    if (!valid_face(face)) face = RD_FACE_REGULAR;
    /* Text tx_shape has shaped is as wide as its runs (they were summed
     * the same way): a word space is measured once per table cell. */
    if (len > 0 && len <= TX_SHAPED_LEN && f->shaped_slots) {
        const tx_shaped *e = *shaped_slot(f, shaped_hash(face, size, utf8, len), face, size,
                                          utf8, len);
        if (e) {
            ts_sp width = 0;
            for (int k = 0; k < e->nruns; k++)
                width = add_sp(width, e->runs[k].width);
            return width;
        }
    }
    ts_pos nowhere = { NULL, 0, 0 };
    size_t n = decode_and_assign(f, nowhere, face, utf8, len);
    /* Same shaping as tx_shape, so a measured word is exactly as wide as
     * the shaped one. The glyphs go to a stack buffer; only a run longer
     * than it (not a word) takes memory from the heap. */
    ts_sp width = 0;
    tx_glyph local[64];
    for (size_t i = 0; i < n;) {
        if (f->info[i].font < 0) { i++; continue; }
        size_t end = run_end(f, i, n);
        if (end - i <= sizeof local / sizeof local[0]) {
            width = add_sp(width, shape_run(f, f->info[i].font, size, n, i,
                                            end - i, local, 1));
        } else {
            tx_glyph *heap = ts_xmalloc((end - i) * sizeof *heap);
            width = add_sp(width, shape_run(f, f->info[i].font, size, n, i,
                                            end - i, heap, 1));
            free(heap);
        }
        i = end;
    }
    return width;
}

void tx_run_arrays(ts_arena *a, const tx_run *r, uint32_t **cps, uint32_t **gids,
                   ts_sp **advances, ts_sp **y_offsets)
{
    size_t n = r->count > 0 ? (size_t)r->count : 0;
    uint32_t *cp = ts_arena_alloc(a, n * sizeof *cp);
    uint32_t *gid = ts_arena_alloc(a, n * sizeof *gid);
    ts_sp *adv = ts_arena_alloc(a, n * sizeof *adv);
    ts_sp *yoff = NULL;
    for (size_t k = 0; k < n; k++) {
        cp[k] = r->glyphs[k].cp;
        gid[k] = r->glyphs[k].gid;
        adv[k] = r->glyphs[k].advance;
        if (r->glyphs[k].y_offset && !yoff)
            yoff = ts_arena_alloc(a, n * sizeof *yoff);
    }
    if (yoff)
        for (size_t k = 0; k < n; k++)
            yoff[k] = r->glyphs[k].y_offset;
    *cps = cp;
    *gids = gid;
    *advances = adv;
    *y_offsets = yoff;
}
