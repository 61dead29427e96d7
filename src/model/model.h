/* model: the document tree, one per document, allocated in its arena.
 *
 * Prefix doc_. The readers build it; layout reads it; nothing here knows
 * about files, fonts or PDF. Every node carries the file:line:col of the
 * source that made it, so later stages can report problems where the
 * author can fix them. */
#ifndef TS_MODEL_H
#define TS_MODEL_H

#include "../util/util.h"

typedef enum doc_kind {
    /* blocks */
    DOC_ROOT,            /* the whole narrative: children are blocks */
    DOC_HEADING,         /* level 1..6; inline children */
    DOC_PARAGRAPH,       /* inline children */
    DOC_LIST,            /* ordered/start/tight; children are DOC_ITEM */
    DOC_ITEM,            /* block children */
    DOC_QUOTE,           /* block quote; block children */
    DOC_CODE_BLOCK,      /* text = the code, verbatim */
    DOC_THEMATIC_BREAK,
    DOC_FIGURE,          /* a paragraph holding only an image: url, alt, title (caption) */
    DOC_TABLE,           /* GFM pipe table; children DOC_TABLE_ROW; ncols, align */
    DOC_TABLE_ROW,       /* header flag; children DOC_TABLE_CELL */
    DOC_TABLE_CELL,      /* inline children */
    DOC_INDICATORS,      /* fenced ```indicators: block props */
    DOC_DATA_TABLE,      /* fenced ```table: block props */
    DOC_CHART,           /* fenced ```chart: block props */
    DOC_FOOTNOTE_DEF,    /* number, label; block children */
    /* inlines */
    DOC_TEXT,            /* text */
    DOC_CODE,            /* inline code: text */
    DOC_EMPH,            /* children */
    DOC_STRONG,          /* children */
    DOC_STRIKE,          /* children */
    DOC_LINK,            /* url, title; children */
    DOC_IMAGE,           /* inline image: url, alt (in text), title */
    DOC_SOFTBREAK,       /* a line end inside a paragraph: a word space */
    DOC_LINEBREAK,       /* a hard line break */
    DOC_FOOTNOTE_REF     /* number, label; def points to the DOC_FOOTNOTE_DEF */
} doc_kind;

typedef enum doc_align { DOC_ALIGN_NONE, DOC_ALIGN_LEFT, DOC_ALIGN_CENTER, DOC_ALIGN_RIGHT } doc_align;

/* One `key = value` line of a fenced indicators/table/chart block or of a
 * chart file, with the position of its value. */
typedef struct doc_prop {
    const char *key;
    const char *value;
    ts_pos pos;
    struct doc_prop *next;
} doc_prop;

/* One cell of a CSV file, as written and as a number. */
typedef enum doc_cell_kind {
    DOC_CELL_EMPTY,       /* no value: empty, "..", "–" */
    DOC_CELL_NUMBER,      /* a Swedish number: 12 450, 38,4, −3, 45 % */
    DOC_CELL_TEXT         /* anything else */
} doc_cell_kind;

typedef struct doc_cell {  /* 48 bytes: a long table holds one per cell */
    const char *text;     /* as written, trimmed, UTF-8 */
    ts_pos pos;           /* file:line:col of the cell */
    double value;         /* DOC_CELL_NUMBER: the value (45 % is 45) */
    doc_cell_kind kind;
    int decimals;         /* DOC_CELL_NUMBER: digits after the decimal sign as written */
    unsigned char percent;/* DOC_CELL_NUMBER: written with % */
    unsigned char plus;   /* DOC_CELL_NUMBER: written with a leading + (a change) */
} doc_cell;

/* A CSV file, read by the read stage so that nothing downstream re-reads
 * it. The first row is the header. */
typedef struct doc_table {
    const char *path;     /* display path */
    int ncols;
    int nrows;            /* data rows, the header not counted */
    doc_cell *header;     /* ncols cells */
    doc_cell *cells;      /* nrows * ncols, row by row */
    /* Added by the CSV reader: */
    doc_cell_kind *col_kind;  /* ncols: DOC_CELL_NUMBER for a column of numbers
                                 (every non-empty cell is one), DOC_CELL_TEXT,
                                 or DOC_CELL_EMPTY when no row has a value */
    char separator;       /* ';' ',' or '\t', as detected */
    char decimal;         /* ',' or '.', the decimal sign that goes with it */
    int windows_1252;     /* the file was Windows-1252 (converted to UTF-8) */
} doc_table;

static inline const doc_cell *doc_table_cell(const doc_table *t, int row, int col)
{
    return &t->cells[(size_t)row * (size_t)t->ncols + (size_t)col];
}

/* What a fenced block names. Paths are already resolved and confined to
 * the document folder (display form, see ts_path_confine); NULL when not
 * given. */
typedef struct doc_block {
    doc_prop *props;          /* every key as written, in order */
    const char *data;         /* `data` (the CSV file) */
    ts_pos data_pos;
    const char *chart_file;   /* `file` of a chart block; its keys are in props */
    const char *caption;
    const char *source;       /* printed as "Källa: …" */
    const char *alt;          /* chart alt text */
    const char *title;        /* chart title */
    const char *type;         /* chart type */
    doc_table *table;         /* the `data` CSV, read; NULL until read or when unreadable */
} doc_block;

typedef struct doc_node doc_node;
struct doc_node {
    doc_kind kind;
    ts_pos pos;
    doc_node *parent, *first, *last, *next, *prev;

    const char *text;     /* DOC_TEXT, DOC_CODE, DOC_CODE_BLOCK; alt of images */
    const char *url;      /* DOC_LINK, DOC_IMAGE, DOC_FIGURE (resolved path for images) */
    const char *title;    /* DOC_LINK title; DOC_IMAGE/DOC_FIGURE caption */
    const char *label;    /* DOC_FOOTNOTE_REF / DEF label as written */

    int level;            /* DOC_HEADING: 1..6; DOC_LIST: nesting depth from 1 */
    int ordered;          /* DOC_LIST */
    int start;            /* DOC_LIST: first number */
    int tight;            /* DOC_LIST */
    int number;           /* DOC_FOOTNOTE_REF/DEF: 1.. through the document */
    int header;           /* DOC_TABLE_ROW: the header row */
    int ncols;            /* DOC_TABLE */
    doc_align *align;     /* DOC_TABLE: ncols entries */
    doc_node *def;        /* DOC_FOOTNOTE_REF: its definition */
    doc_block *block;     /* DOC_INDICATORS, DOC_DATA_TABLE, DOC_CHART */
};

typedef enum doc_status { DOC_STATUS_DRAFT, DOC_STATUS_FINAL } doc_status;

typedef struct doc_date { int year, month, day; } doc_date;

/* document.ini, validated. Strings are NULL when not given. */
typedef struct doc_meta {
    const char *layout;       /* name or path as written */
    ts_pos layout_pos;
    const char *title;
    const char *subtitle;
    const char *author;
    doc_date date;
    const char *date_text;    /* as written, ISO 8601 */
    const char *dnr;
    const char *language;     /* default "sv-SE" */
    doc_status status;        /* default draft */
    const char *keywords;
    const char *department;
    const char *reference;
    const char *hyphenation;  /* hyphenation exceptions (trygg-hets-främ-jande, …) */
    ts_pos hyphenation_pos;
    ts_ptrvec texts;          /* const char *: resolved text file paths, in order */
    ts_ptrvec text_pos;       /* ts_pos *: where each `text =` was written */
} doc_meta;

/* One document: its folder, metadata and narrative tree. */
typedef struct doc_document {
    ts_arena *arena;          /* owns everything below */
    const char *dir;          /* DOCUMENT_DIR as given */
    const char *root_real;    /* realpath of dir, for confinement */
    doc_meta meta;
    doc_node *root;           /* DOC_ROOT: every text file's blocks, in order */
    int footnotes;            /* number of footnote definitions */
} doc_document;

doc_node *doc_node_new(ts_arena *a, doc_kind kind, ts_pos pos);
void doc_node_append(doc_node *parent, doc_node *child);
/* Name of a kind, for traces and messages ("heading", "paragraph", …). */
const char *doc_kind_name(doc_kind kind);
/* Concatenated text of a node's inline descendants (for headings in
 * outlines, alt text, messages); softbreaks become spaces. */
char *doc_plain_text(ts_arena *a, const doc_node *n);
/* Value of `key` in a block's props, or NULL. */
const char *doc_block_get(const doc_block *b, const char *key);
/* Print the tree, one node per line with its position, for tests. */
void doc_dump(FILE *out, const doc_node *n);

#endif
