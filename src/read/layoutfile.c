/* Layout files (*.layout): page, fonts, paragraph styles, colours and the
 * words a document prints. Every section and key is documented in
 * layouts/README.md; the table below is the one list of them.
 *
 * A layout file may `inherit = ` another, which is read first; the child
 * then overrides exactly the keys it sets. */
#include "read.h"
#include "inifile.h"

#include <ctype.h>
#include <dirent.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Deeper inheritance than this is certainly a mistake. */
#define MAX_INHERIT 16

/* ---- lengths and colours ---------------------------------------------- */

typedef enum len_result {
    LEN_OK, LEN_BAD, LEN_NO_UNIT, LEN_BAD_UNIT, LEN_NEGATIVE, LEN_TOO_BIG
} len_result;

/* Longest length accepted: well inside ts_sp (32767 pt) and larger than
 * any page a printer takes. */
#define MAX_LENGTH_PT 14400

/* Exact decimal arithmetic, no floating point, so a layout gives the same
 * sp on every machine: the number is read as millionths, and
 * sp = millionths * num/den * 65536/10^6, where 65536/10^6 = 1024/15625
 * and num/den is the unit in points (1 mm = 72/25.4 pt = 360/127 pt). */
static len_result parse_length(const char *s, ts_sp *out)
{
    while (*s == ' ' || *s == '\t') s++;
    if (*s == '-') return LEN_NEGATIVE;
    if (*s == '+') s++;
    int64_t whole = 0, frac = 0, scale = 1000000;
    int digits = 0;
    while (isdigit((unsigned char)*s)) {
        if (whole > 99999) return LEN_TOO_BIG;
        whole = whole * 10 + (*s++ - '0');
        digits++;
    }
    if (*s == '.' || *s == ',') {
        s++;
        while (isdigit((unsigned char)*s)) {
            if (scale > 1) {
                scale /= 10;
                frac += (*s - '0') * scale;
            }
            s++;
            digits++;
        }
    }
    if (digits == 0) return LEN_BAD;
    while (*s == ' ' || *s == '\t') s++;
    if (!*s) return LEN_NO_UNIT;

    int64_t num, den;
    char unit[3] = { 0 };
    for (int i = 0; i < 2 && isalpha((unsigned char)s[i]); i++)
        unit[i] = (char)tolower((unsigned char)s[i]);
    if (strcmp(unit, "pt") == 0) { num = 1; den = 1; }
    else if (strcmp(unit, "mm") == 0) { num = 360; den = 127; }
    else if (strcmp(unit, "cm") == 0) { num = 3600; den = 127; }
    else if (strcmp(unit, "in") == 0) { num = 72; den = 1; }
    else return isalpha((unsigned char)*s) ? LEN_BAD_UNIT : LEN_BAD;
    s += 2;
    if (isalpha((unsigned char)*s)) return LEN_BAD_UNIT;
    while (*s == ' ' || *s == '\t') s++;
    if (*s) return LEN_BAD;

    int64_t micro = whole * 1000000 + frac;
    int64_t divisor = den * 15625;
    int64_t sp = (micro * num * 1024 + divisor / 2) / divisor;
    if (sp > (int64_t)MAX_LENGTH_PT * 65536) return LEN_TOO_BIG;
    *out = (ts_sp)sp;
    return LEN_OK;
}

int rd_parse_length(const char *s, ts_sp *out)
{
    return parse_length(s, out) == LEN_OK ? 0 : -1;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = (char)tolower((unsigned char)c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

static const char *skip_blanks(const char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    return s;
}

/* A percentage 0..100, whole numbers. */
static const char *parse_percent(const char *s, uint8_t *out)
{
    s = skip_blanks(s);
    int v = 0, n = 0;
    while (isdigit((unsigned char)*s) && n < 4) {
        v = v * 10 + (*s++ - '0');
        n++;
    }
    if (n == 0 || v > 100) return NULL;
    *out = (uint8_t)v;
    return skip_blanks(s);
}

/* When a colour gives no CMYK, the naive conversion (K from the lightest
 * channel, the rest relative to it) stands in; a print shop's values
 * should be written into the layout instead. */
static void cmyk_from_rgb(rd_color *c)
{
    int max = c->r > c->g ? c->r : c->g;
    if (c->b > max) max = c->b;
    if (max == 0) {
        c->c = c->m = c->y = 0;
        c->k = 100;
        return;
    }
    c->k = (uint8_t)(100 - (max * 100 + 127) / 255);
    c->c = (uint8_t)((100 * (max - c->r) + max / 2) / max);
    c->m = (uint8_t)((100 * (max - c->g) + max / 2) / max);
    c->y = (uint8_t)((100 * (max - c->b) + max / 2) / max);
}

int rd_parse_color(const char *s, rd_color *out)
{
    s = skip_blanks(s);
    if (*s != '#') return -1;
    int v[6];
    for (int i = 0; i < 6; i++)
        if ((v[i] = hex_digit(s[1 + i])) < 0) return -1;
    rd_color c = { (uint8_t)(v[0] * 16 + v[1]), (uint8_t)(v[2] * 16 + v[3]),
                   (uint8_t)(v[4] * 16 + v[5]), 0, 0, 0, 0 };
    s = skip_blanks(s + 7);
    if (!*s) {
        cmyk_from_rgb(&c);
        *out = c;
        return 0;
    }
    if (strncmp(s, "cmyk(", 5) != 0 && strncmp(s, "CMYK(", 5) != 0) return -1;
    s += 5;
    uint8_t *part[4] = { &c.c, &c.m, &c.y, &c.k };
    for (int i = 0; i < 4; i++) {
        s = parse_percent(s, part[i]);
        if (!s || *s != (i < 3 ? ',' : ')')) return -1;
        s++;
    }
    if (*skip_blanks(s)) return -1;
    *out = c;
    return 0;
}

/* ---- hyphenation exceptions ------------------------------------------- */

int rd_check_hyphenation(ts_diag *d, ts_pos at, const char *list)
{
    int bad = 0;
    const char *p = list ? list : "";
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',') p++;
        const char *e = p;
        while (*e && *e != ',') e++;
        const char *end = e;
        while (end > p && (end[-1] == ' ' || end[-1] == '\t')) end--;
        if (end > p) {
            /* letters, and hyphens between letters */
            int ok = 1, prev_letter = 0, letters = 0;
            for (const char *q = p; q < end && ok;) {
                uint32_t cp;
                q += ts_utf8_decode(q, (size_t)(end - q), &cp);
                if (cp == '-') {
                    if (!prev_letter) ok = 0;
                    prev_letter = 0;
                } else if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
                           (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7)) {
                    prev_letter = 1;
                    letters++;
                } else {
                    ok = 0;
                }
            }
            if (!prev_letter || letters > 60) ok = 0;
            if (!ok) {
                ts_pos where = at;
                where.col += ts_utf8_column(list, (size_t)(p - list)) - 1;
                ts_error(d, where, "'%.*s' is not a word with its hyphenation points; "
                         "write letters with hyphens where the word may break, "
                         "e.g. trygg-hets-främ-jande", (int)(end - p), p);
                bad++;
            }
        }
        p = *e ? e + 1 : e;
    }
    return bad;
}

/* ---- defaults ----------------------------------------------------------- */

static rd_style style(rd_face face, double size_pt, double leading_pt,
                      double before_pt, double after_pt, rd_color color)
{
    rd_style s = { face, TS_SP_FROM_PT(size_pt), TS_SP_FROM_PT(leading_pt),
                   TS_SP_FROM_PT(before_pt), TS_SP_FROM_PT(after_pt), color };
    return s;
}

/* The defaults are the malmo-stad layout's values, so a layout file that
 * says little still gives a readable A4 document; malmo-stad.layout
 * explains each number. Font names are bare file names, found in the data
 * folder's fonts/ when the layout is loaded. */
void rd_layout_defaults(rd_layout *l)
{
    memset(l, 0, sizeof *l);
    rd_color text = { 0x1a, 0x1a, 0x1a, 0, 0, 0, 90 };

    l->page_width = TS_MM_SP(210);
    l->page_height = TS_MM_SP(297);
    l->margin_top = TS_MM_SP(25);
    l->margin_bottom = TS_MM_SP(30);
    l->margin_left = TS_MM_SP(30);
    l->margin_right = TS_MM_SP(40);

    l->face_file[RD_FACE_REGULAR] = "OpenSans-Regular.ttf";
    l->face_file[RD_FACE_ITALIC] = "OpenSans-Italic.ttf";
    l->face_file[RD_FACE_BOLD] = "OpenSans-Bold.ttf";
    l->face_file[RD_FACE_BOLD_ITALIC] = "OpenSans-BoldItalic.ttf";
    l->face_file[RD_FACE_SEMIBOLD] = "OpenSans-Semibold.ttf";
    l->face_file[RD_FACE_MONO] = "DejaVuSansMono.ttf";
    l->fallback = "DejaVuSans.ttf";
    l->fallback_bold = "DejaVuSans-Bold.ttf";

    l->body = style(RD_FACE_REGULAR, 11, 16.5, 0, 0, text);
    l->heading[0] = style(RD_FACE_BOLD, 22, 28, 30, 12, text);
    l->heading[1] = style(RD_FACE_BOLD, 16, 22, 24, 8, text);
    l->heading[2] = style(RD_FACE_SEMIBOLD, 13, 18, 18, 6, text);
    l->heading[3] = style(RD_FACE_SEMIBOLD, 11, 16.5, 14, 4, text);
    l->heading[4] = style(RD_FACE_SEMIBOLD, 11, 16.5, 12, 2, text);
    l->heading[5] = style(RD_FACE_SEMIBOLD, 11, 16.5, 12, 2, text);
    l->quote = style(RD_FACE_ITALIC, 11, 16.5, 0, 0, text);
    l->code = style(RD_FACE_MONO, 9.5, 14, 0, 0, text);
    l->table = style(RD_FACE_REGULAR, 9.5, 13, 0, 0, text);
    l->table_header = style(RD_FACE_SEMIBOLD, 9.5, 13, 0, 0, text);
    l->caption = style(RD_FACE_SEMIBOLD, 10, 14, 12, 6, text);
    l->footnote = style(RD_FACE_REGULAR, 8.5, 12, 0, 0, text);
    l->header = style(RD_FACE_REGULAR, 8.5, 12, 0, 0, text);
    l->footer = style(RD_FACE_REGULAR, 8.5, 12, 0, 0, text);

    l->paragraph_space = TS_SP_FROM_PT(8.25);
    l->list_indent = TS_MM_SP(6);
    l->list_item_space = TS_SP_FROM_PT(4);
    l->quote_indent = TS_MM_SP(8);
    l->table_cell_padding = TS_SP_FROM_PT(4);
    l->table_min_size = TS_SP_FROM_PT(7.5);
    l->table_stripes = 0;
    l->table_stripe = (rd_color){ 0xf4, 0xf4, 0xf4, 0, 0, 0, 4 };
    l->status_color[0] = (rd_color){ 0x2e, 0x8b, 0x3e, 75, 0, 90, 20 };
    l->status_color[1] = (rd_color){ 0xf2, 0xc1, 0x00, 0, 20, 100, 5 };
    l->status_color[2] = (rd_color){ 0xd7, 0x28, 0x2f, 0, 100, 85, 0 };
    l->status_color[3] = (rd_color){ 0xb3, 0xb3, 0xb3, 0, 0, 0, 30 };
    l->rule_width = TS_SP_FROM_PT(0.5);

    l->text = text;
    l->link = (rd_color){ 0x00, 0x78, 0x96, 100, 20, 0, 41 };
    l->accent = (rd_color){ 0xd7, 0x28, 0x2f, 0, 100, 85, 0 };
    l->rule = (rd_color){ 0x8c, 0x8c, 0x8c, 0, 0, 0, 45 };
    l->table_header_bg = (rd_color){ 0xef, 0xef, 0xef, 0, 0, 0, 6 };
    l->placeholder_bg = (rd_color){ 0xe6, 0xe6, 0xe6, 0, 0, 0, 10 };

    l->header_text = "";
    l->footer_text = "{page} ({pages})";
    l->chapter_new_page = 0;

    /* ragged right, hyphenated with two letters either side (Swedish
     * practice); the rule above footnotes a quarter of the text width */
    l->justify = 0;
    l->hyphenate = 1;
    l->hyphen_min_left = 2;
    l->hyphen_min_right = 2;
    l->hyphen_exceptions = "";
    l->footnote_rule = TS_MM_SP(35);

    /* charts: malmo-stad.layout explains the palette */
    l->chart = style(RD_FACE_REGULAR, 8.5, 11, 12, 12, text);
    l->chart_title = style(RD_FACE_SEMIBOLD, 10, 14, 0, 0, text);
    l->chart_height = TS_MM_SP(75);
    l->chart_line_width = TS_SP_FROM_PT(2);
    l->chart_grid_width = TS_SP_FROM_PT(0.5);
    l->chart_grid = (rd_color){ 0xd9, 0xd9, 0xd9, 0, 0, 0, 15 };
    l->chart_axis = (rd_color){ 0x59, 0x59, 0x59, 0, 0, 0, 65 };
    l->chart_target = text;
    l->chart_background = (rd_color){ 0xff, 0xff, 0xff, 0, 0, 0, 0 };
    static const rd_color palette[] = {
        { 0x00, 0x78, 0x96, 100, 20, 0, 41 },   /* malmo.se's teal */
        { 0xd5, 0x5e, 0x00, 0, 56, 100, 16 },   /* vermilion */
        { 0x5e, 0x3c, 0x99, 39, 61, 0, 40 },    /* purple */
        { 0x33, 0x33, 0x33, 0, 0, 0, 80 },      /* dark grey */
        { 0xc2, 0x18, 0x5b, 0, 88, 53, 24 },    /* magenta */
        { 0x8a, 0x6d, 0x3b, 0, 21, 57, 46 },    /* brown */
    };
    for (size_t i = 0; i < sizeof palette / sizeof palette[0]; i++)
        l->palette[i] = palette[i];
    l->palette_count = (int)(sizeof palette / sizeof palette[0]);

    l->word_contents = "Innehåll";
    l->word_table = "Tabell";
    l->word_figure = "Figur";
    l->word_source = "Källa";
    l->word_continued = "forts.";
    l->word_status = "Status";
    l->word_trend = "Trend";
    l->word_status_met = "Uppnått";
    l->word_status_progress = "På väg";
    l->word_status_not_met = "Ej uppnått";
    l->word_status_unknown = "Kan inte bedömas";
    l->word_trend_better = "Förbättrad";
    l->word_trend_same = "Oförändrad";
    l->word_trend_worse = "Försämrad";
    l->word_assessed = "bedömd av förvaltningen";
    l->word_assessed_note = "Status bedömd av förvaltningen, inte beräknad från utfall och mål.";
    l->word_all_rows = "alla rader";
    l->word_draft = "UTKAST";
    l->word_chart_data = "Diagramdata";
    l->word_chart_data_for = "Data för";
    l->word_chart_data_in = "Siffrorna finns i";

    /* The document's own pages are off in the base: a plain document is
     * its text. bokslut and strategi turn on the cover, contents and back
     * page; tjansteskrivelse the letterhead. */
    l->header_right = "";
    l->draft_color = (rd_color){ 0xeb, 0xeb, 0xeb, 0, 0, 0, 8 };
    l->cover_page = 0;
    l->cover = style(RD_FACE_REGULAR, 11, 16.5, 0, 0, text);
    l->cover_title = style(RD_FACE_BOLD, 30, 38, 0, 12, text);
    l->cover_subtitle = style(RD_FACE_REGULAR, 16, 22, 0, 0, text);
    l->cover_title_top = TS_MM_SP(95);
    l->cover_committee = "";
    l->contents_page = 0;
    l->contents_depth = 2;
    l->contents_indent = TS_MM_SP(6);
    l->contents = style(RD_FACE_REGULAR, 11, 16.5, 3, 0, text);
    l->contents_chapter = style(RD_FACE_SEMIBOLD, 11, 16.5, 12, 0, text);
    l->back_page = 0;
    l->back = style(RD_FACE_REGULAR, 9.5, 14, 0, 0, text);
    l->sender_organisation = "Malmö stad";
    l->sender_department = "";
    l->sender_address = "";
    l->sender_web = "";
    l->logo_file = "";
    l->logo_width = TS_MM_SP(20);
    l->logo_clear = TS_MM_SP(8);
    l->logo_text = "Malmö stad";
    l->logo_color = text;
    l->letterhead = 0;
    l->letterhead_kind = "Tjänsteskrivelse";
    l->letterhead_style = style(RD_FACE_REGULAR, 9.5, 14, 0, 0, text);
    l->word_date = "Datum";
    l->word_reference = "Vår referens";
    l->word_dnr = "Diarienummer";
}

/* ---- the sections and keys ------------------------------------------- */

typedef enum key_kind {
    K_LENGTH,      /* ts_sp, zero allowed */
    K_SIZE,        /* ts_sp, more than zero */
    K_FACE,        /* rd_face */
    K_COLOR,       /* rd_color */
    K_STYLE_COLOR, /* rd_color of a style */
    K_TEXT_COLOR,  /* [colors] text: also the colour of unset style colours */
    K_BOOL,        /* int: yes/no */
    K_WORD,        /* const char *, any text */
    K_TEMPLATE,    /* const char *, with {placeholders} */
    K_FONT,        /* const char *: resolved font file */
    K_PAGE_SIZE,   /* sets page_width and page_height */
    K_ALIGN,       /* int: left (0) | justify (1) */
    K_LETTERS,     /* int: a count of letters, 1..9 */
    K_HYPHEN_LIST, /* const char *: hyphenation exceptions, checked */
    K_PALETTE,     /* rd_color in palette[]: also raises palette_count */
    K_LEVEL,       /* int: a heading level, 1..6 */
    K_IMAGE        /* const char *: a PNG or JPEG file beside the layout or
                      in the data folder's layouts/; "" for none */
} key_kind;

typedef struct key_def {
    const char *key;
    key_kind kind;
    size_t off;            /* into rd_layout, or into the section's style */
} key_def;

/* The most keys a section has, its {NULL} end included ([words] has most). */
#define SECTION_KEYS_MAX 40

typedef struct section_def {
    const char *name;
    int has_style;
    size_t style_off;      /* into rd_layout, when has_style */
    key_def keys[SECTION_KEYS_MAX];   /* the section's own keys, ending with {NULL} */
} section_def;

#define L(field) offsetof(rd_layout, field)
#define STYLE(name, field, ...) { name, 1, L(field), { __VA_ARGS__ } }

static const key_def style_keys[] = {
    { "font", K_FACE, offsetof(rd_style, face) },
    { "size", K_SIZE, offsetof(rd_style, size) },
    { "leading", K_SIZE, offsetof(rd_style, leading) },
    { "space-before", K_LENGTH, offsetof(rd_style, space_before) },
    { "space-after", K_LENGTH, offsetof(rd_style, space_after) },
    { "color", K_STYLE_COLOR, offsetof(rd_style, color) },
    { NULL, K_LENGTH, 0 }
};

static const section_def section_defs[] = {
    { "page", 0, 0, {
        { "size", K_PAGE_SIZE, 0 },
        { "width", K_SIZE, L(page_width) },
        { "height", K_SIZE, L(page_height) },
        { "margin-top", K_LENGTH, L(margin_top) },
        { "margin-bottom", K_LENGTH, L(margin_bottom) },
        { "margin-left", K_LENGTH, L(margin_left) },
        { "margin-right", K_LENGTH, L(margin_right) },
        { NULL, K_LENGTH, 0 } } },
    { "fonts", 0, 0, {
        { "regular", K_FONT, L(face_file[RD_FACE_REGULAR]) },
        { "italic", K_FONT, L(face_file[RD_FACE_ITALIC]) },
        { "bold", K_FONT, L(face_file[RD_FACE_BOLD]) },
        { "bold-italic", K_FONT, L(face_file[RD_FACE_BOLD_ITALIC]) },
        { "semibold", K_FONT, L(face_file[RD_FACE_SEMIBOLD]) },
        { "mono", K_FONT, L(face_file[RD_FACE_MONO]) },
        { "fallback", K_FONT, L(fallback) },
        { "fallback-bold", K_FONT, L(fallback_bold) } } },
    STYLE("body", body, { "paragraph-space", K_LENGTH, L(paragraph_space) },
          { "align", K_ALIGN, L(justify) }),
    STYLE("h1", heading[0], { "new-page", K_BOOL, L(chapter_new_page) }),
    STYLE("h2", heading[1], { NULL, K_LENGTH, 0 }),
    STYLE("h3", heading[2], { NULL, K_LENGTH, 0 }),
    STYLE("h4", heading[3], { NULL, K_LENGTH, 0 }),
    STYLE("h5", heading[4], { NULL, K_LENGTH, 0 }),
    STYLE("h6", heading[5], { NULL, K_LENGTH, 0 }),
    { "list", 0, 0, {
        { "indent", K_LENGTH, L(list_indent) },
        { "item-space", K_LENGTH, L(list_item_space) },
        { NULL, K_LENGTH, 0 } } },
    STYLE("quote", quote, { "indent", K_LENGTH, L(quote_indent) }),
    STYLE("code", code, { NULL, K_LENGTH, 0 }),
    STYLE("table", table,
          { "cell-padding", K_LENGTH, L(table_cell_padding) },
          { "rule-width", K_LENGTH, L(rule_width) },
          { "min-size", K_SIZE, L(table_min_size) },
          { "stripes", K_BOOL, L(table_stripes) },
          { "stripe-color", K_COLOR, L(table_stripe) }),
    STYLE("table-header", table_header, { NULL, K_LENGTH, 0 }),
    STYLE("caption", caption, { NULL, K_LENGTH, 0 }),
    STYLE("footnote", footnote, { "rule-length", K_LENGTH, L(footnote_rule) }),
    { "hyphenation", 0, 0, {
        { "enabled", K_BOOL, L(hyphenate) },
        { "min-left", K_LETTERS, L(hyphen_min_left) },
        { "min-right", K_LETTERS, L(hyphen_min_right) },
        { "exceptions", K_HYPHEN_LIST, L(hyphen_exceptions) },
        { NULL, K_LENGTH, 0 } } },
    STYLE("header", header, { "text", K_TEMPLATE, L(header_text) },
          { "right", K_TEMPLATE, L(header_right) }),
    STYLE("footer", footer, { "text", K_TEMPLATE, L(footer_text) }),
    { "colors", 0, 0, {
        { "text", K_TEXT_COLOR, L(text) },
        { "link", K_COLOR, L(link) },
        { "accent", K_COLOR, L(accent) },
        { "rule", K_COLOR, L(rule) },
        { "table-header-bg", K_COLOR, L(table_header_bg) },
        { "placeholder-bg", K_COLOR, L(placeholder_bg) },
        { "draft", K_COLOR, L(draft_color) },
        { NULL, K_LENGTH, 0 } } },
    STYLE("cover", cover,
          { "page", K_BOOL, L(cover_page) },
          { "title-top", K_LENGTH, L(cover_title_top) },
          { "committee", K_WORD, L(cover_committee) }),
    STYLE("cover-title", cover_title, { NULL, K_LENGTH, 0 }),
    STYLE("cover-subtitle", cover_subtitle, { NULL, K_LENGTH, 0 }),
    STYLE("contents", contents,
          { "page", K_BOOL, L(contents_page) },
          { "depth", K_LEVEL, L(contents_depth) },
          { "indent", K_LENGTH, L(contents_indent) }),
    STYLE("contents-chapter", contents_chapter, { NULL, K_LENGTH, 0 }),
    STYLE("back", back, { "page", K_BOOL, L(back_page) }),
    { "sender", 0, 0, {
        { "organisation", K_WORD, L(sender_organisation) },
        { "department", K_WORD, L(sender_department) },
        { "address", K_WORD, L(sender_address) },
        { "web", K_WORD, L(sender_web) },
        { NULL, K_LENGTH, 0 } } },
    { "logo", 0, 0, {
        { "file", K_IMAGE, L(logo_file) },
        { "width", K_SIZE, L(logo_width) },
        { "clear-zone", K_LENGTH, L(logo_clear) },
        { "text", K_WORD, L(logo_text) },
        { "color", K_COLOR, L(logo_color) },
        { NULL, K_LENGTH, 0 } } },
    STYLE("letterhead", letterhead_style,
          { "enabled", K_BOOL, L(letterhead) },
          { "kind", K_WORD, L(letterhead_kind) }),
    STYLE("chart", chart,
          { "height", K_SIZE, L(chart_height) },
          { "line-width", K_SIZE, L(chart_line_width) },
          { "data-appendix", K_BOOL, L(chart_data) },
          { "grid-width", K_SIZE, L(chart_grid_width) },
          { "grid-color", K_COLOR, L(chart_grid) },
          { "axis-color", K_COLOR, L(chart_axis) },
          { "target-color", K_COLOR, L(chart_target) },
          { "background", K_COLOR, L(chart_background) }),
    STYLE("chart-title", chart_title, { NULL, K_LENGTH, 0 }),
    { "palette", 0, 0, {
        { "series-1", K_PALETTE, L(palette[0]) },
        { "series-2", K_PALETTE, L(palette[1]) },
        { "series-3", K_PALETTE, L(palette[2]) },
        { "series-4", K_PALETTE, L(palette[3]) },
        { "series-5", K_PALETTE, L(palette[4]) },
        { "series-6", K_PALETTE, L(palette[5]) },
        { "series-7", K_PALETTE, L(palette[6]) },
        { "series-8", K_PALETTE, L(palette[7]) } } },
    { "indicators", 0, 0, {
        { "met", K_COLOR, L(status_color[0]) },
        { "progress", K_COLOR, L(status_color[1]) },
        { "not-met", K_COLOR, L(status_color[2]) },
        { "unknown", K_COLOR, L(status_color[3]) },
        { NULL, K_LENGTH, 0 } } },
    { "words", 0, 0, {
        { "contents", K_WORD, L(word_contents) },
        { "table", K_WORD, L(word_table) },
        { "figure", K_WORD, L(word_figure) },
        { "source", K_WORD, L(word_source) },
        { "continued", K_WORD, L(word_continued) },
        { "status", K_WORD, L(word_status) },
        { "trend", K_WORD, L(word_trend) },
        { "status-met", K_WORD, L(word_status_met) },
        { "status-progress", K_WORD, L(word_status_progress) },
        { "status-not-met", K_WORD, L(word_status_not_met) },
        { "status-unknown", K_WORD, L(word_status_unknown) },
        { "trend-better", K_WORD, L(word_trend_better) },
        { "trend-same", K_WORD, L(word_trend_same) },
        { "trend-worse", K_WORD, L(word_trend_worse) },
        { "assessed", K_WORD, L(word_assessed) },
        { "assessed-note", K_WORD, L(word_assessed_note) },
        { "all-rows", K_WORD, L(word_all_rows) },
        { "draft", K_WORD, L(word_draft) },
        { "chart-data", K_WORD, L(word_chart_data) },
        { "chart-data-for", K_WORD, L(word_chart_data_for) },
        { "chart-data-in", K_WORD, L(word_chart_data_in) },
        { "date", K_WORD, L(word_date) },
        { "reference", K_WORD, L(word_reference) },
        { "dnr", K_WORD, L(word_dnr) },
        { NULL, K_LENGTH, 0 } } },
};
#define N_SECTIONS (sizeof section_defs / sizeof section_defs[0])

static const char *const section_names[] = {
    "indicators",
    "page", "fonts", "body", "h1", "h2", "h3", "h4", "h5", "h6", "list",
    "quote", "code", "table", "table-header", "caption", "footnote", "header",
    "footer", "hyphenation", "colors", "chart", "chart-title", "palette", "words",
    "cover", "cover-title", "cover-subtitle", "contents", "contents-chapter", "back",
    "sender", "logo", "letterhead", NULL
};

static const char *const face_names[] = {
    "regular", "italic", "bold", "bold-italic", "semibold", "mono", NULL
};

static const char *const placeholders[] = {
    "title", "chapter", "page", "pages", "date", "dnr", NULL
};

static const section_def *find_section(const char *name)
{
    for (size_t i = 0; i < N_SECTIONS; i++)
        if (strcmp(section_defs[i].name, name) == 0) return &section_defs[i];
    return NULL;
}

/* Every style colour that still is the text colour follows a new text
 * colour, so [colors] text recolours everything not coloured on purpose. */
static rd_style *styles(rd_layout *l, size_t i)
{
    rd_style *all[] = { &l->body, &l->heading[0], &l->heading[1], &l->heading[2],
                        &l->heading[3], &l->heading[4], &l->heading[5], &l->quote,
                        &l->code, &l->table, &l->table_header, &l->caption,
                        &l->footnote, &l->header, &l->footer, &l->chart,
                        &l->chart_title, &l->cover, &l->cover_title,
                        &l->cover_subtitle, &l->contents, &l->contents_chapter,
                        &l->back, &l->letterhead_style };
    return i < sizeof all / sizeof all[0] ? all[i] : NULL;
}

static int same_color(rd_color a, rd_color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.c == b.c && a.m == b.m &&
           a.y == b.y && a.k == b.k;
}

/* ---- one file's entries ------------------------------------------------ */

/* A layout file is first read into a list of entries, so that the layout
 * it inherits can be applied before them. */
typedef struct entry {
    const char *section, *key, *value;
    ts_pos key_pos, value_pos;
    struct entry *next;
} entry;

typedef struct record_ctx {
    ts_arena *a;
    ts_diag *d;
    entry *first, **tail;
} record_ctx;

static void record_section(void *user, const char *name, ts_pos pos)
{
    record_ctx *c = user;
    if (find_section(name)) return;
    const char *s = ts_suggest(name, section_names);
    if (s)
        ts_error(c->d, pos, "unknown section [%s]; did you mean [%s]?", name, s);
    else
        ts_error(c->d, pos, "unknown section [%s]; see layouts/README.md for "
                 "the sections a layout has", name);
}

static void record_pair(void *user, const rd_ini_pair *p)
{
    record_ctx *c = user;
    entry *e = ts_arena_alloc(c->a, sizeof *e);
    e->section = ts_arena_strdup(c->a, p->section);
    e->key = ts_arena_strdup(c->a, p->key);
    e->value = ts_arena_strdup(c->a, p->value);
    e->key_pos = p->key_pos;
    e->value_pos = p->value_pos;
    *c->tail = e;
    c->tail = &e->next;
}

static entry *record(ts_arena *a, ts_diag *d, const char *path, const char *text)
{
    record_ctx c = { a, d, NULL, NULL };
    c.tail = &c.first;
    rd_ini_callbacks cb = { record_section, record_pair };
    rd_ini_parse(d, path, text, &cb, &c);
    return c.first;
}

/* ---- applying entries ------------------------------------------------- */

typedef struct apply_ctx {
    ts_arena *a;
    ts_diag *d;
    rd_layout *out;
    const char *path;
    const char *dir;          /* the layout file's folder */
    const char *data_dir;
} apply_ctx;

static int regular_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A file a layout names: beside the layout file, then in the data
 * folder's `sub` folder (fonts/ for fonts, layouts/ for the logo).
 * Returns the absolute path, or NULL (not reported). */
static const char *find_file(ts_arena *a, const char *layout_dir,
                             const char *data_dir, const char *sub, const char *name)
{
    const char *tries[2] = {
        layout_dir ? ts_path_join(a, layout_dir, name) : NULL,
        data_dir ? ts_path_join(a, ts_path_join(a, data_dir, sub), name) : NULL,
    };
    for (int i = 0; i < 2; i++) {
        if (!tries[i] || !regular_file(tries[i])) continue;
        char *real = realpath(tries[i], NULL);
        if (!real) continue;
        char *copy = ts_arena_strdup(a, real);
        free(real);
        return copy;
    }
    return NULL;
}

static void check_template(apply_ctx *c, const entry *e)
{
    const char *v = e->value;
    for (const char *s = v; *s; s++) {
        if (*s == '}') {
            ts_pos at = e->value_pos;
            at.col += ts_utf8_column(v, (size_t)(s - v)) - 1;
            ts_error(c->d, at, "'}' without '{'; placeholders are written {page}");
            return;
        }
        if (*s != '{') continue;
        ts_pos at = e->value_pos;
        at.col += ts_utf8_column(v, (size_t)(s - v)) - 1;
        const char *close = strchr(s, '}');
        if (!close) {
            ts_error(c->d, at, "'{' is not closed; placeholders are written {page}");
            return;
        }
        char *name = ts_arena_strndup(c->a, s + 1, (size_t)(close - s - 1));
        int known = 0;
        for (int i = 0; placeholders[i]; i++)
            if (strcmp(placeholders[i], name) == 0) known = 1;
        if (!known) {
            const char *sug = ts_suggest(name, placeholders);
            if (sug)
                ts_error(c->d, at, "unknown placeholder {%s}; did you mean {%s}?",
                         name, sug);
            else
                ts_error(c->d, at, "unknown placeholder {%s}; the placeholders are "
                         "{title} {chapter} {page} {pages} {date} {dnr}", name);
        }
        s = close;
    }
}

static void length_error(apply_ctx *c, const entry *e, len_result r)
{
    switch (r) {
    case LEN_NO_UNIT:
        ts_error(c->d, e->value_pos, "'%s' has no unit; a length needs a unit: "
                 "25mm or 25pt", e->value);
        break;
    case LEN_NEGATIVE:
        ts_error(c->d, e->value_pos, "'%s': %s cannot be negative", e->value, e->key);
        break;
    case LEN_BAD_UNIT:
        ts_error(c->d, e->value_pos, "'%s' has an unknown unit; use pt, mm, cm "
                 "or in", e->value);
        break;
    case LEN_TOO_BIG:
        ts_error(c->d, e->value_pos, "'%s' is too large for a length (at most "
                 "%d pt)", e->value, MAX_LENGTH_PT);
        break;
    default:
        ts_error(c->d, e->value_pos, "'%s' is not a length; write e.g. 25mm or "
                 "11pt", e->value);
        break;
    }
}

static void apply_key(apply_ctx *c, const entry *e, const key_def *k, char *base)
{
    void *field = base + k->off;
    const char *v = e->value;
    switch (k->kind) {
    case K_LENGTH:
    case K_SIZE: {
        ts_sp sp;
        len_result r = parse_length(v, &sp);
        if (r != LEN_OK) length_error(c, e, r);
        else if (k->kind == K_SIZE && sp == 0)
            ts_error(c->d, e->value_pos, "%s must be more than 0", e->key);
        else *(ts_sp *)field = sp;
        break;
    }
    case K_FACE: {
        for (int i = 0; face_names[i]; i++)
            if (strcmp(face_names[i], v) == 0) {
                *(rd_face *)field = (rd_face)i;
                return;
            }
        const char *s = ts_suggest(v, face_names);
        if (s)
            ts_error(c->d, e->value_pos, "unknown font '%s'; did you mean '%s'?", v, s);
        else
            ts_error(c->d, e->value_pos, "unknown font '%s'; write regular, italic, "
                     "bold, bold-italic, semibold or mono", v);
        break;
    }
    case K_COLOR:
    case K_STYLE_COLOR:
    case K_TEXT_COLOR:
    case K_PALETTE: {
        rd_color col;
        if (rd_parse_color(v, &col) != 0) {
            ts_error(c->d, e->value_pos, "'%s' is not a colour; write #rrggbb, "
                     "optionally followed by cmyk(c, m, y, k) in percent", v);
            break;
        }
        if (k->kind == K_TEXT_COLOR) {
            rd_style *s;
            for (size_t i = 0; (s = styles(c->out, i)); i++)
                if (same_color(s->color, c->out->text)) s->color = col;
        }
        *(rd_color *)field = col;
        if (k->kind == K_PALETTE) {
            int idx = (int)((k->off - L(palette[0])) / sizeof(rd_color));
            if (c->out->palette_count < idx + 1) c->out->palette_count = idx + 1;
        }
        break;
    }
    case K_BOOL:
        if (strcmp(v, "yes") == 0) *(int *)field = 1;
        else if (strcmp(v, "no") == 0) *(int *)field = 0;
        else ts_error(c->d, e->value_pos, "%s must be yes or no, not '%s'", e->key, v);
        break;
    case K_TEMPLATE:
        check_template(c, e);
        *(const char **)field = ts_arena_strdup(c->a, v);
        break;
    case K_WORD:
        *(const char **)field = ts_arena_strdup(c->a, v);
        break;
    case K_ALIGN:
        if (strcmp(v, "left") == 0) *(int *)field = 0;
        else if (strcmp(v, "justify") == 0) *(int *)field = 1;
        else ts_error(c->d, e->value_pos, "align must be left (ragged right) or "
                      "justify, not '%s'", v);
        break;
    case K_LETTERS:
        if (v[0] >= '1' && v[0] <= '9' && v[1] == '\0') *(int *)field = v[0] - '0';
        else ts_error(c->d, e->value_pos, "%s must be a number of letters from 1 "
                      "to 9, not '%s'", e->key, v);
        break;
    case K_LEVEL:
        if (v[0] >= '1' && v[0] <= '6' && v[1] == '\0') *(int *)field = v[0] - '0';
        else ts_error(c->d, e->value_pos, "%s must be a heading level from 1 to 6, "
                      "not '%s'", e->key, v);
        break;
    case K_IMAGE: {
        if (!v[0]) {
            *(const char **)field = "";
            break;
        }
        size_t len = strlen(v);
        int png = len > 4 && strcasecmp(v + len - 4, ".png") == 0;
        int jpg = (len > 4 && strcasecmp(v + len - 4, ".jpg") == 0) ||
                  (len > 5 && strcasecmp(v + len - 5, ".jpeg") == 0);
        if (v[0] == '/' || (!png && !jpg)) {
            ts_error(c->d, e->value_pos, "'%s': name a PNG or JPEG file relative to "
                     "the layout, e.g. logo.png (empty: the placeholder wordmark)", v);
            break;
        }
        const char *found = find_file(c->a, c->dir, c->data_dir, "layouts", v);
        if (found) {
            *(const char **)field = found;
            break;
        }
        ts_error(c->d, e->value_pos, "cannot find the image '%s' beside the layout "
                 "(in %s) or in %s/layouts", v, c->dir,
                 c->data_dir ? c->data_dir : "the data folder");
        break;
    }
    case K_HYPHEN_LIST:
        if (rd_check_hyphenation(c->d, e->value_pos, v) == 0)
            *(const char **)field = ts_arena_strdup(c->a, v);
        break;
    case K_FONT: {
        if (!v[0] || v[0] == '/') {
            ts_error(c->d, e->value_pos, "name the font file relative to the "
                     "layout, e.g. OpenSans-Regular.ttf");
            break;
        }
        const char *found = find_file(c->a, c->dir, c->data_dir, "fonts", v);
        if (found) {
            *(const char **)field = found;
            break;
        }
        ts_error(c->d, e->value_pos, "cannot find font file '%s' beside the layout "
                 "(in %s) or in %s/fonts; run `make deps` to install the fonts",
                 v, c->dir, c->data_dir ? c->data_dir : "the data folder");
        break;
    }
    case K_PAGE_SIZE: {
        static const struct { const char *name; double w_mm, h_mm; } sizes[] = {
            { "A4", 210, 297 }, { "A5", 148, 210 }, { "letter", 215.9, 279.4 }
        };
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
            if (strcasecmp(sizes[i].name, v) == 0) {
                c->out->page_width = TS_MM_SP(sizes[i].w_mm);
                c->out->page_height = TS_MM_SP(sizes[i].h_mm);
                return;
            }
        ts_error(c->d, e->value_pos, "unknown page size '%s'; write A4, A5 or "
                 "letter, or give width and height", v);
        break;
    }
    }
}

static void apply(apply_ctx *c, const entry *list)
{
    /* Each (section, key) once per file: a second one is an error. */
    for (const entry *e = list; e; e = e->next) {
        const entry *first = NULL;
        for (const entry *p = list; p != e && !first; p = p->next)
            if (strcmp(p->section, e->section) == 0 && strcmp(p->key, e->key) == 0)
                first = p;

        if (!e->section[0]) {
            if (strcmp(e->key, "inherit") == 0) {
                if (first)
                    ts_error(c->d, e->key_pos, "'inherit' is given twice (first on "
                             "line %d); a layout inherits one other", first->key_pos.line);
                continue;
            }
            ts_error(c->d, e->key_pos, "unknown key '%s' before the first section; "
                     "only `inherit = NAME` stands there", e->key);
            continue;
        }
        const section_def *s = find_section(e->section);
        if (!s) continue;      /* reported when read */

        const key_def *k = NULL;
        char *base = (char *)c->out;
        const char *cands[sizeof style_keys / sizeof style_keys[0] + SECTION_KEYS_MAX + 1];
        size_t n = 0;
        if (s->has_style) {
            for (const key_def *sk = style_keys; sk->key; sk++) {
                cands[n++] = sk->key;
                if (strcmp(sk->key, e->key) == 0) {
                    k = sk;
                    base = (char *)c->out + s->style_off;
                }
            }
        }
        for (const key_def *ok = s->keys; ok < s->keys + SECTION_KEYS_MAX && ok->key; ok++) {
            cands[n++] = ok->key;
            if (strcmp(ok->key, e->key) == 0) k = ok;
        }
        cands[n] = NULL;
        if (!k) {
            const char *sug = ts_suggest(e->key, cands);
            if (sug)
                ts_error(c->d, e->key_pos, "unknown key '%s' in [%s]; did you mean "
                         "'%s'?", e->key, e->section, sug);
            else
                ts_error(c->d, e->key_pos, "unknown key '%s' in [%s]; see "
                         "layouts/README.md for its keys", e->key, e->section);
            continue;
        }
        if (first) {
            ts_error(c->d, e->key_pos, "'%s' is given twice in [%s] (first on line "
                     "%d); keep one", e->key, e->section, first->key_pos.line);
            continue;
        }
        apply_key(c, e, k, base);
    }
}

int rd_layout_parse(ts_arena *a, ts_diag *d, rd_layout *out, const char *path,
                    const char *text, const char *data_dir,
                    const char **inherit, ts_pos *inherit_pos)
{
    int before = d->errors;
    entry *list = record(a, d, path, text);
    if (inherit) *inherit = NULL;
    for (const entry *e = list; e; e = e->next)
        if (!e->section[0] && strcmp(e->key, "inherit") == 0) {
            if (inherit) *inherit = e->value;
            if (inherit_pos) *inherit_pos = e->value_pos;
            break;
        }
    apply_ctx c = { a, d, out, path, ts_path_dirname(a, path), data_dir };
    apply(&c, list);
    out->path = path;
    return d->errors > before ? -1 : 0;
}

/* ---- loading a layout and what it inherits ---------------------------- */

typedef struct load_ctx {
    ts_arena *a;
    ts_diag *d;
    const char *doc_root_real;
    const char *data_dir;
    const char *chain_real[MAX_INHERIT + 1];   /* realpaths, outermost first */
    const char *chain_name[MAX_INHERIT + 1];
    int depth;
} load_ctx;

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

static int name_cmp(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The names of the installed layouts, sorted, NULL-terminated. */
static const char **installed_layouts(ts_arena *a, const char *data_dir)
{
    ts_ptrvec names = { 0 };
    DIR *dir = data_dir ? opendir(ts_path_join(a, data_dir, "layouts")) : NULL;
    if (dir) {
        struct dirent *de;
        while ((de = readdir(dir)))
            if (de->d_name[0] != '.' && ends_with(de->d_name, ".layout"))
                ts_ptrvec_push(a, &names, ts_arena_strndup(a, de->d_name,
                                         strlen(de->d_name) - strlen(".layout")));
        closedir(dir);
    }
    ts_ptrvec_push(a, &names, NULL);
    if (names.len > 1) qsort(names.items, names.len - 1, sizeof *names.items, name_cmp);
    return (const char **)names.items;
}

static void unknown_layout(load_ctx *c, ts_pos at, const char *name)
{
    const char **names = installed_layouts(c->a, c->data_dir);
    const char *sug = ts_suggest(name, names);
    if (sug) {
        ts_error(c->d, at, "unknown layout '%s'; did you mean '%s'?", name, sug);
        return;
    }
    ts_buf list = { 0 };
    for (size_t i = 0; names[i]; i++)
        ts_buf_printf(&list, "%s%s", i ? ", " : "", names[i]);
    if (list.len)
        ts_error(c->d, at, "unknown layout '%s'; the layouts are: %s, or a path "
                 "to a .layout file in the document folder", name, ts_buf_cstr(&list));
    else
        ts_error(c->d, at, "unknown layout '%s'; no layouts are installed (set "
                 "TRYCKSAK_DATA to the folder holding layouts/)", name);
    ts_buf_free(&list);
}

/* Load `name` (a name or a .layout path, as written at `at`) into `out`,
 * its parents first. `base_dir` is the folder of the file naming it;
 * `in_doc` says whether that file lies in the document folder, whose
 * paths are confined to it. */
static int load_one(load_ctx *c, ts_pos at, const char *name,
                    const char *base_dir, int in_doc, rd_layout *out)
{
    ts_arena *a = c->a;
    const char *path;
    int is_path = ends_with(name, ".layout") || strchr(name, '/');
    if (!name[0]) {
        ts_error(c->d, at, "the layout name is empty; write e.g. bokslut");
        return -1;
    }
    if (is_path) {
        if (in_doc) {
            path = ts_path_confine(a, c->d, at, c->doc_root_real, base_dir, name);
            if (!path) return -1;
        } else {
            path = ts_path_join(a, base_dir, name);
        }
        if (!regular_file(path)) {
            ts_error(c->d, at, "cannot find layout file '%s'", name);
            return -1;
        }
    } else {
        for (const char *s = name; *s; s++)
            if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_') {
                unknown_layout(c, at, name);
                return -1;
            }
        path = c->data_dir ? ts_arena_printf(a, "%s/layouts/%s.layout",
                                             c->data_dir, name) : NULL;
        if (!path || !regular_file(path)) {
            unknown_layout(c, at, name);
            return -1;
        }
        in_doc = 0;
    }

    char *real = realpath(path, NULL);
    const char *real_copy = ts_arena_strdup(a, real ? real : path);
    free(real);
    for (int i = 0; i < c->depth; i++) {
        if (strcmp(c->chain_real[i], real_copy) != 0) continue;
        ts_buf loop = { 0 };
        for (int j = i; j < c->depth; j++)
            ts_buf_printf(&loop, "%s -> ", c->chain_name[j]);
        ts_buf_puts(&loop, name);
        ts_error(c->d, at, "the layouts inherit in a loop (%s); remove one "
                 "`inherit =`", ts_buf_cstr(&loop));
        ts_buf_free(&loop);
        return -1;
    }
    if (c->depth >= MAX_INHERIT) {
        ts_error(c->d, at, "layouts inherit more than %d deep; shorten the chain",
                 MAX_INHERIT);
        return -1;
    }
    c->chain_real[c->depth] = real_copy;
    c->chain_name[c->depth] = name;
    c->depth++;

    char *text = ts_read_file(a, c->d, at, path, NULL);
    if (!text) return -1;
    entry *list = record(a, c->d, path, text);

    const entry *inherit = NULL;
    for (const entry *e = list; e; e = e->next)
        if (!e->section[0] && strcmp(e->key, "inherit") == 0) {
            inherit = e;
            break;
        }
    if (inherit) {
        if (load_one(c, inherit->value_pos, inherit->value,
                     ts_path_dirname(a, path), in_doc, out) != 0)
            return -1;
    } else {
        rd_layout_defaults(out);
    }
    apply_ctx ac = { a, c->d, out, path, ts_path_dirname(a, path), c->data_dir };
    apply(&ac, list);
    out->path = path;
    c->depth--;
    return 0;
}

rd_layout *rd_layout_load(ts_arena *a, ts_diag *d, ts_pos at,
                          const char *name_or_path, const char *doc_dir,
                          const char *doc_root_real, const char *data_dir)
{
    int before = d->errors;
    load_ctx c = { .a = a, .d = d, .doc_root_real = doc_root_real,
                   .data_dir = data_dir };
    rd_layout *out = ts_arena_alloc(a, sizeof *out);
    if (load_one(&c, at, name_or_path, doc_dir, 1, out) != 0) return NULL;
    out->name = ts_arena_strdup(a, name_or_path);

    /* Faces no file named are the defaults' bare names, looked up in the
     * data folder. */
    const char **files[RD_FACE_COUNT + 2];
    for (int i = 0; i < RD_FACE_COUNT; i++) files[i] = &out->face_file[i];
    files[RD_FACE_COUNT] = &out->fallback;
    files[RD_FACE_COUNT + 1] = &out->fallback_bold;
    for (int i = 0; i < RD_FACE_COUNT + 2; i++) {
        if ((*files[i])[0] == '/') continue;
        const char *found = find_file(a, NULL, data_dir, "fonts", *files[i]);
        if (found) *files[i] = found;
        else
            ts_error(d, at, "cannot find font file '%s' in %s/fonts; run `make "
                     "deps` to install the fonts", *files[i],
                     data_dir ? data_dir : "the data folder");
    }

    ts_sp text_width = out->page_width - out->margin_left - out->margin_right;
    ts_sp text_height = out->page_height - out->margin_top - out->margin_bottom;
    if (text_width < TS_MM_SP(20) || text_height < TS_MM_SP(20))
        ts_error(d, at, "layout '%s' leaves less than 20 mm for the text between "
                 "its margins; make the margins smaller", name_or_path);
    return d->errors > before ? NULL : out;
}
