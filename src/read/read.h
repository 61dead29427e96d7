/* read: every input file of a document into the model, and layout files.
 *
 * Prefix rd_. Readers report problems through ts_diag as
 * `path:line:col: error: …` and keep going where they can, so one run shows
 * several problems. A reader returns failure (NULL or -1) only when it
 * cannot produce anything useful; callers check d->errors before going on.
 * The *_parse functions take text already in memory (for tests and fuzz
 * harnesses); the *_load functions read files. */
#ifndef TS_READ_H
#define TS_READ_H

#include "../model/model.h"

/* ---- the document folder ---------------------------------------------- */

/* Read DOCUMENT_DIR: document.ini, then every text file it names, in order,
 * into one tree. Paths in fenced blocks are resolved and confined. Returns
 * NULL only when nothing could be read (no folder, no document.ini); check
 * d->errors for problems found on the way. */
doc_document *rd_document_load(ts_arena *a, ts_diag *d, const char *dir);

/* An empty document for `dir` (root_real resolved when the folder exists,
 * else dir itself), ready for the parse functions below. */
doc_document *rd_document_new(ts_arena *a, const char *dir);

/* Parse document.ini text (shown as `path` in messages) into doc->meta.
 * Unknown sections and keys are errors with a suggestion; `title` and
 * `date` are required; `text =` paths are resolved and confined against
 * the ini's folder. Returns 0, or -1 when the text is not INI at all. */
int rd_docini_parse(doc_document *doc, ts_diag *d, const char *path,
                    const char *text);

/* Parse one Markdown file's text (UTF-8; `path` for messages and as the
 * base for relative links and block paths) and append its blocks to
 * doc->root. Footnotes are numbered through the document. */
int rd_markdown_parse(doc_document *doc, ts_diag *d, const char *path,
                      const char *text, size_t len);

/* ---- CSV files and Swedish numbers ------------------------------------- */

/* Read every `data` CSV named by the document's indicators, table and chart
 * blocks into their doc_block->table (each file once). Called by
 * rd_document_load after the Markdown. Returns 0, or -1 when some file
 * could not be read (reported). */
int rd_document_load_data(doc_document *doc, ts_diag *d);

/* Parse CSV bytes (shown as `path` in messages): separator and encoding
 * detected as DESIGN.md says, the first row the header. Every cell gets its
 * file:line:col and its number (rd_number_parse with the file's decimal
 * sign); col_kind says which columns hold numbers (the header is a year or
 * "Mål …", or most values are numbers), and any other value in such a
 * column is an error. Rows of only empty cells are left out. Ragged rows,
 * stray or unterminated quotes, undecodable bytes, more than 500 columns,
 * 2 000 000 cells, 64 KiB in a cell or 32 MB in the file are errors.
 * Returns NULL after reporting when the file is not a usable table. */
doc_table *rd_csv_parse(ts_arena *a, ts_diag *d, const char *path,
                        const char *bytes, size_t len);

/* The year a header cell names ("2024": 2024), or 0 when it is not exactly
 * four digits. Years head value columns in indicator tables. */
int rd_header_year(const char *text);

/* Parse one cell as a Swedish number. `decimal` is ',' or '.', the decimal
 * sign of the file (by its separator). Returns DOC_CELL_NUMBER and fills
 * value/decimals/percent, DOC_CELL_EMPTY for "", "..", "–", "-", else
 * DOC_CELL_TEXT. Surrounding spaces (any kind) are ignored. Digit groups
 * may be separated by any space (U+0020, U+00A0, U+2007–U+200A, U+202F)
 * and must be groups of three after the first; the sign may be '-',
 * U+2212 or '+' (sets `plus`); `%` may follow, with or without a space.
 * `out` may be NULL; only the number fields are written. */
doc_cell_kind rd_number_parse(const char *text, char decimal, doc_cell *out);

/* Format a number the Swedish way: `decimals` digits after a decimal comma,
 * a real minus sign (U+2212), digit groups of three separated by a narrow
 * no-break space (U+202F) when the integer part has at least `group_from`
 * digits (4 in tables so columns align, 5 in running text), and " %" with
 * a no-break space (U+00A0) when `percent`. Arena memory.
 * group_from <= 0 never groups (years, page numbers). Rounds
 * to nearest as printf does (an exact binary tie goes to even: 2.5 gives
 * "2"); a value that rounds to zero has no minus sign;
 * decimals are clamped to 0..15; a NaN or infinity prints as "–". */
char *rd_number_format(ts_arena *a, double value, int decimals, int group_from,
                       int percent);

/* ---- layouts ---------------------------------------------------------- */

typedef struct rd_color {
    uint8_t r, g, b;          /* screen (sRGB) */
    uint8_t c, m, y, k;       /* print, percent 0..100 */
} rd_color;

/* The faces a layout names. Bold faces fall back to the bold fallback. */
typedef enum rd_face {
    RD_FACE_REGULAR,
    RD_FACE_ITALIC,
    RD_FACE_BOLD,
    RD_FACE_BOLD_ITALIC,
    RD_FACE_SEMIBOLD,
    RD_FACE_MONO,
    RD_FACE_COUNT
} rd_face;

/* A paragraph style. Lengths in sp. */
typedef struct rd_style {
    rd_face face;
    ts_sp size;               /* type size */
    ts_sp leading;            /* baseline to baseline */
    ts_sp space_before;
    ts_sp space_after;
    rd_color color;
} rd_style;

typedef struct rd_layout {
    const char *name;         /* as named in document.ini */
    const char *path;         /* the .layout file read */

    /* [page] */
    ts_sp page_width, page_height;
    ts_sp margin_top, margin_bottom, margin_left, margin_right;

    /* [fonts]: absolute paths, found beside the layout, then in the data
     * folder's fonts/. fallback[] is searched for characters the face
     * lacks: fallback for regular/italic/mono faces, fallback_bold for
     * bold and semibold ones. */
    const char *face_file[RD_FACE_COUNT];
    const char *fallback;
    const char *fallback_bold;

    /* styles */
    rd_style body;            /* [body] */
    rd_style heading[6];      /* [h1] … [h6] */
    rd_style quote;           /* [quote] */
    rd_style code;            /* [code] */
    rd_style table;           /* [table] body cells */
    rd_style table_header;    /* [table-header] */
    rd_style caption;         /* [caption] "Tabell 1. …" */
    rd_style footnote;        /* [footnote] */
    rd_style header;          /* [header] running header */
    rd_style footer;          /* [footer] */

    ts_sp paragraph_space;    /* [body] space between paragraphs */
    ts_sp list_indent;        /* [list] indent per level */
    ts_sp list_item_space;    /* [list] space between items of a loose list */
    ts_sp quote_indent;       /* [quote] indent */
    ts_sp table_cell_padding; /* [table] padding inside cells */
    ts_sp table_min_size;     /* [table] min-size: the smallest type a table too
                                 wide for the measure may be set in */
    int table_stripes;        /* [table] stripes = yes: zebra stripes on body rows
                                 instead of a rule under every row */
    rd_color table_stripe;    /* [table] stripe-color */
    rd_color status_color[4]; /* [indicators] met, progress, not-met, unknown:
                                 fills of the status symbols (Uppnått, På väg,
                                 Ej uppnått, Kan inte bedömas) */
    ts_sp rule_width;         /* [colors]/[table] hairline width */

    /* [colors] */
    rd_color text, link, accent, rule, table_header_bg, placeholder_bg;

    /* [header] / [footer] templates: {title} {chapter} {page} {pages}
     * {date} {dnr}; NULL or "" for none. */
    const char *header_text;
    const char *footer_text;

    int chapter_new_page;     /* [h1] new-page = yes */

    /* running text: [body] align, [hyphenation], [footnote] rule-length */
    int justify;              /* [body] align = justify; default left (ragged right) */
    int hyphenate;            /* [hyphenation] enabled = yes|no (yes) */
    int hyphen_min_left;      /* [hyphenation] min-left: letters before a break (2) */
    int hyphen_min_right;     /* [hyphenation] min-right: letters after a break (2) */
    const char *hyphen_exceptions;  /* [hyphenation] exceptions: trygg-hets-främ-jande, … */
    ts_sp footnote_rule;      /* [footnote] rule-length: the rule above footnotes */

    /* [chart], [chart-title], [palette]: charts (src/chart). Lengths sp. */
    rd_style chart;           /* [chart] tick, legend, value labels, source note */
    rd_style chart_title;     /* [chart-title] the title above a chart */
    ts_sp chart_height;       /* [chart] height: a chart's height without its caption */
    ts_sp chart_line_width;   /* [chart] line-width: the lines of a line chart */
    int chart_data;           /* [chart] data-appendix = yes: every chart's data
                                 as a table in a last chapter (Diagramdata) */
    ts_sp chart_grid_width;   /* [chart] grid-width: gridlines and the axis */
    rd_color chart_grid;      /* [chart] grid-color */
    rd_color chart_axis;      /* [chart] axis-color: the zero line */
    rd_color chart_target;    /* [chart] target-color: the dashed target line */
    rd_color chart_background;/* [chart] background: the paper charts stand on,
                                 for contrast (not drawn) */
#define RD_PALETTE_MAX 8
    rd_color palette[RD_PALETTE_MAX];   /* [palette] series-1 … series-8, in order */
    int palette_count;        /* colours given: the most series a chart may have */

    /* [words]: what the document prints */
    const char *word_contents;    /* Innehåll */
    const char *word_table;       /* Tabell */
    const char *word_figure;      /* Figur */
    const char *word_source;      /* Källa */
    const char *word_continued;   /* forts. */
    /* [words] of indicator tables: the headers of the computed columns,
     * the status and trend words printed in them (the Bedömning column of
     * a CSV file is still read in Swedish, DESIGN.md), the mark of an
     * assessed status and the note on a column the same in every row */
    const char *word_status;          /* Status */
    const char *word_trend;           /* Trend */
    const char *word_status_met;      /* Uppnått */
    const char *word_status_progress; /* På väg */
    const char *word_status_not_met;  /* Ej uppnått */
    const char *word_status_unknown;  /* Kan inte bedömas */
    const char *word_trend_better;    /* Förbättrad */
    const char *word_trend_same;      /* Oförändrad */
    const char *word_trend_worse;     /* Försämrad */
    const char *word_assessed;        /* bedömd av förvaltningen: "Uppnått (…)" read aloud */
    const char *word_assessed_note;   /* the note under the table on the assessed mark */
    const char *word_all_rows;        /* alla rader: "Källa (alla rader): …" */
    const char *word_draft;       /* UTKAST */
    const char *word_chart_data;  /* Diagramdata: the appendix of chart data */
    const char *word_chart_data_for;  /* Data för: "Data för figur 3. …", its tables' captions */
    const char *word_chart_data_in;   /* Siffrorna finns i: a chart's alt text names its table */

    /* ---- the document's own pages and furniture (issue 7) ---- */
    const char *header_right;     /* [header] right: template set right-aligned
                                     in the header line ("1 (4)" at the top
                                     right of a tjänsteskrivelse); "" none */
    rd_color draft_color;         /* [colors] draft: the UTKAST watermark */

    /* [cover]: the first page (title, subtitle, nämnd, date, diarienummer,
     * logo); the style sets the small lines (nämnd, date, dnr). */
    int cover_page;               /* [cover] page = yes */
    rd_style cover;               /* [cover] */
    rd_style cover_title;         /* [cover-title] */
    rd_style cover_subtitle;      /* [cover-subtitle] */
    ts_sp cover_title_top;        /* [cover] title-top: trimmed top edge to the
                                     top of the title's first line */
    const char *cover_committee;  /* [cover] committee: the nämnd ("" none) */

    /* [contents]: Innehåll after the cover, entries with dot leaders */
    int contents_page;            /* [contents] page = yes */
    int contents_depth;           /* [contents] depth: heading levels listed, 1..6 */
    ts_sp contents_indent;        /* [contents] indent: per level below 1 */
    rd_style contents;            /* [contents]: entries below chapter level */
    rd_style contents_chapter;    /* [contents-chapter]: chapter (h1) entries */

    /* [back]: the last page: the sender's lines and the logo */
    int back_page;                /* [back] page = yes */
    rd_style back;                /* [back] */

    /* [sender]: who sends the document (back page, tjänsteskrivelse block) */
    const char *sender_organisation;  /* Malmö stad */
    const char *sender_department;    /* default förvaltning; document.ini
                                         `department` wins */
    const char *sender_address;       /* postal address line */
    const char *sender_web;           /* malmo.se: printed, and linked */

    /* [logo]: bottom right of the cover and back page */
    const char *logo_file;        /* PNG or JPEG, absolute; NULL or "": draw the
                                     placeholder wordmark */
    ts_sp logo_width;             /* 20 mm on A4 */
    ts_sp logo_clear;             /* clear zone: trimmed edge to the logo */
    const char *logo_text;        /* the placeholder wordmark's words */
    rd_color logo_color;          /* the placeholder wordmark's colour */

    /* [letterhead]: a tjänsteskrivelse's first-page header block */
    int letterhead;               /* [letterhead] enabled = yes */
    const char *letterhead_kind;  /* Tjänsteskrivelse */
    rd_style letterhead_style;    /* [letterhead]: its lines */

    /* [words] for the cover and the letterhead */
    const char *word_date;        /* Datum */
    const char *word_reference;   /* Vår referens */
    const char *word_dnr;         /* Diarienummer */
} rd_layout;

/* Where layouts and fonts are installed: $TRYCKSAK_DATA if set, else the
 * compiled-in data folder if it holds layouts/, else the folder of the
 * running binary (a source tree). NULL when none is found. */
const char *rd_data_dir(ts_arena *a);

/* Load the layout `name_or_path` as named in document.ini (at `at`): a name
 * is looked up as data_dir/layouts/NAME.layout; a path ending in .layout is
 * resolved against doc_dir and confined to it. `inherit =` is followed
 * (a loop is an error). Returns NULL after reporting when it cannot. */
rd_layout *rd_layout_load(ts_arena *a, ts_diag *d, ts_pos at,
                          const char *name_or_path, const char *doc_dir,
                          const char *doc_root_real, const char *data_dir);

/* Apply one layout file's text over *out as it stands (the caller fills it
 * first: rd_layout_defaults, or the inherited layout). `path` is for
 * messages and for finding fonts beside the file. `inherit` receives the
 * `inherit =` value if any, which is not followed here (rd_layout_load
 * does that). Returns 0, or -1 when the file had errors (reported). */
int rd_layout_parse(ts_arena *a, ts_diag *d, rd_layout *out, const char *path,
                    const char *text, const char *data_dir,
                    const char **inherit, ts_pos *inherit_pos);

/* Check a hyphenation exception list (layout [hyphenation] exceptions,
 * document.ini `hyphenation`): words separated by commas, each letters
 * with hyphens only between letters (`trygg-hets-främ-jande`; a word
 * without hyphens is never hyphenated). Reports each bad entry at its
 * column from `at` (the value's position); returns the number reported. */
int rd_check_hyphenation(ts_diag *d, ts_pos at, const char *list);

/* The built-in defaults every layout starts from. */
void rd_layout_defaults(rd_layout *out);

/* Parse a length with unit ("11pt", "25 mm", "1.5cm", "0.5in"); returns 0
 * and sets *out, or -1 when it is not one. */
int rd_parse_length(const char *s, ts_sp *out);
/* Parse "#rrggbb" optionally followed by "cmyk(c, m, y, k)" in percent. */
int rd_parse_color(const char *s, rd_color *out);

#endif
