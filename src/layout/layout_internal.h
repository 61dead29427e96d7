/* layout internals: shared by paragraph.c, blocks.c, pages.c, render.c.
 *
 * The layout works in three steps, each with its own list:
 *
 *   1. inline content -> a horizontal list (lo_hlist) of boxes (shaped word
 *      fragments), glue (word spaces) and forced breaks; a line breaker
 *      turns it into lines (lo_line ranges). The breaker sees only widths,
 *      so the greedy one here can be replaced by a total-fit one.
 *   2. blocks -> a vertical list (lo_vnode): boxes (a line, a table row, a
 *      figure) that are never split, glue (space between blocks, dropped at
 *      a page break), break points (between lines) and zero-height marks
 *      (structure begin/end). A page may end only at glue or at a break
 *      point whose can_break is set; keeping a heading with what follows,
 *      widows, orphans and unsplittable rows are all expressed that way.
 *   3. the page builder fills pages from the vertical list, then adds the
 *      header and footer now that the page count is known.
 *
 * Drawing items inside boxes have absolute x (from the page's left edge)
 * and y relative to the top of their box; a page holds (item, dy) pairs.
 * All lengths are ts_sp. */
#ifndef TS_LAYOUT_INTERNAL_H
#define TS_LAYOUT_INTERNAL_H

#include "layout.h"

#define LO_MAX_DEPTH 32         /* nested block containers (quotes, lists) */
#define LO_MAX_INLINE_DEPTH 64  /* nested inline spans (emph in link in …) */

/* ---- drawing items ------------------------------------------------------ */

typedef enum lo_item_kind {
    LO_ITEM_TEXT,
    LO_ITEM_PATH,
    LO_ITEM_IMAGE,
    LO_ITEM_LINK,
    LO_ITEM_BOOKMARK,
    LO_ITEM_STRUCT_BEGIN,
    LO_ITEM_STRUCT_END,
    LO_ITEM_ARTIFACT_BEGIN,
    LO_ITEM_ARTIFACT_END,
    LO_ITEM_ROW           /* a table row drawn from its cells when its page
                             is drawn (lo_table_row_items) */
} lo_item_kind;

typedef struct lo_bookmark {
    int level;
    const char *title;
    ts_sp y;
} lo_bookmark;

/* A row of a long table, kept as a reference instead of its drawing: its
 * cells are set again (the same widths, so the same lines) when the page
 * that holds it is drawn. A 100 000-row table would otherwise hold every
 * row's glyphs and structure marks, about 2.7 KB a row, until the last
 * page is drawn. Lines [from, to) of row `row`; y from the row's top. */
typedef struct lo_row_ref {
    const struct lo_table *table;   /* table.c's plan of the table */
    int row;
    int from, to;
    unsigned char stripe, rule_above, rule_below;
} lo_row_ref;

/* One device call, with y relative to its box (or page) top. */
typedef struct lo_item {
    lo_item_kind kind;
    union {
        dev_text text;
        dev_path path;
        dev_image image;
        dev_link link;
        dev_struct st;
        lo_bookmark bookmark;
        lo_row_ref row;
    } u;
} lo_item;

typedef struct lo_items {
    lo_item *v;
    size_t n, cap;
} lo_items;

lo_item *lo_items_push(ts_arena *a, lo_items *l, lo_item_kind kind);
/* Move l's items into a (an exact-size copy) when they were gathered
 * elsewhere, e.g. in the working arena: lo_items_push grows a list into
 * a by doubling, which leaves most of a short list's room unused. */
void lo_items_settle(ts_arena *a, lo_items *l);
#define LO_LINE_ITEMS 32  /* room a line's items gather in first */
/* Convenience builders; y is relative to the owner's top. */
void lo_items_rect(ts_arena *a, lo_items *l, ts_sp x, ts_sp y, ts_sp w, ts_sp h,
                   int fill, dev_color fill_color, int stroke,
                   dev_color stroke_color, ts_sp line_width);
void lo_items_line(ts_arena *a, lo_items *l, ts_sp x0, ts_sp y0, ts_sp x1,
                   ts_sp y1, dev_color color, ts_sp line_width);
void lo_items_struct(ts_arena *a, lo_items *l, const char *role, const char *alt);
void lo_items_end_struct(ts_arena *a, lo_items *l);

/* ---- the horizontal list ---------------------------------------------- */

typedef enum lo_hkind {
    LO_H_BOX,     /* a shaped word or word fragment, never split by the breaker */
    LO_H_GLUE,    /* a word space: a line may end here (then it vanishes),
                     unless it is a no-break space (penalty TX_INF) */
    LO_H_BREAK,   /* a forced line end (hard line break) */
    LO_H_PENALTY  /* a place inside a word where a line may end: a
                     hyphenation point (runs: the hyphen drawn when the line
                     ends here, width: its width) or a break in an over-long
                     word (no runs, width 0). Invisible otherwise. */
} lo_hkind;

typedef struct lo_hitem {
    lo_hkind kind;
    ts_sp width;          /* natural width; 0 for a break */
    int nruns;            /* BOX: glyph runs from tx_shape */
    tx_run *runs;
    ts_sp size;           /* type size (for strike thickness) */
    ts_sp raise;          /* baseline shift upward (superscripts) */
    dev_color color;
    const char *link;     /* URL when inside a link, else NULL */
    int strike;
    ts_pos pos;           /* where the text came from */
    int penalty;          /* PENALTY: cost of ending a line here (0..9999);
                             GLUE: TX_INF for a no-break space */
    int flagged;          /* PENALTY: a hyphen: counts as a hyphenated line;
                             GLUE: fixed width (the thin space in 12 450) */
    const struct doc_node *note;  /* BOX: the footnote this reference mark
                                     stands for (its DOC_FOOTNOTE_DEF) */
} lo_hitem;

typedef struct lo_hlist {
    lo_hitem *v;
    size_t n, cap;
} lo_hlist;

/* A line: items [first, last) of an hlist, without the glue it ended at. */
typedef struct lo_line {
    size_t first, last;
    ts_sp width;          /* natural width of its items (and of the hyphen) */
    int hyphen;           /* the line ends at the LO_H_PENALTY item `last`,
                             whose runs (a hyphen) are drawn at its end */
    int justify;          /* stretch or shrink the word spaces to fill the
                             measure (justified text, not its last line) */
} lo_line;

typedef struct lo_lines {
    lo_line *v;
    size_t n, cap;
} lo_lines;

/* ---- the vertical list -------------------------------------------------- */

typedef enum lo_vkind { LO_V_BOX, LO_V_GLUE, LO_V_BREAK, LO_V_MARK } lo_vkind;

typedef struct lo_vnode lo_vnode;
struct lo_vnode {
    lo_vkind kind;
    ts_sp height;         /* BOX and GLUE; 0 for BREAK and MARK */
    ts_sp baseline;       /* BOX: its first baseline below its top */
    int can_break;        /* GLUE/BREAK: a page may end here */
    int penalty;          /* GLUE/BREAK with can_break: cost of ending a page
                             here, added to the page's badness (0 normal,
                             higher for a break the reader would rather not
                             see, e.g. after two lines of a paragraph) */
    struct lo_note *notes;/* BOX: footnotes referenced in this line, set at
                             the foot of the page that holds the box */
    int force;            /* BREAK: a new page starts here (unless at a page top) */
    lo_items items;       /* drawn when the node is placed (glue: only if not dropped) */
    const lo_vnode *repeat;  /* BREAK: drawn first on the next page when the
                                page ends here (a table's header row) */
    const char *chapter;  /* BOX: first line of an h1, its text */
    ts_pos pos;
    struct lo_toc_entry *toc;  /* BOX: first line of a heading the contents
                                  list; the page builder sets its page */
};

/* A heading listed in the contents: its level and text, and where the page
 * builder put it (page index among the body pages, the top of its first
 * line on that page, absolute sp). */
typedef struct lo_toc_entry {
    int level;
    const char *title;
    int page;             /* -1 until placed */
    ts_sp y;
    struct lo_toc_entry *next;
} lo_toc_entry;

/* A footnote's body, laid out once in the footnote column: its lines as
 * boxes with break points between them (its own vertical list). The page
 * builder sets it under the rule of the page that holds the referencing
 * line; what does not fit continues at the foot of the next page. */
typedef struct lo_note {
    int number;
    lo_vnode **v;
    size_t n;
    ts_sp height;         /* sum of its boxes and glue */
    struct lo_note *next; /* the next note referenced in the same line */
} lo_note;

/* Page-break penalties (added to a page's badness; TeX's values). */
#define LO_PAGE_BROKEN_PENALTY 100   /* after a line that ends in a hyphen */
#define LO_PAGE_NOTE_SPLIT_PENALTY 100  /* per footnote line moved to the next page */

/* A paragraph of running text whose lines the page builder may exchange
 * for the same text set one line longer or shorter (TeX's looseness), to
 * fill a page that a widow or orphan rule would leave short. Only
 * paragraphs of at most a page of lines get variants (variant_max_lines
 * in blocks.c). */
typedef struct lo_para {
    size_t first;         /* index in the vertical list of its first line */
    size_t count;         /* its line boxes and the break points between them */
    lo_vnode **alt[2];    /* the lines set one line shorter [0], longer [1];
                             NULL when the paragraph cannot be */
    size_t nalt[2];
} lo_para;

/* ---- the whole state ---------------------------------------------------- */

typedef struct lo_placed {
    const lo_item *item;
    ts_sp dy;             /* add to the item's y */
} lo_placed;

/* What a page is: the furniture differs (furniture.c). */
typedef enum lo_page_kind {
    LO_PAGE_BODY,         /* the text: header, footer */
    LO_PAGE_COVER,        /* counted as page 1, no number printed, the logo */
    LO_PAGE_CONTENTS,     /* Innehåll: header, footer */
    LO_PAGE_BACK          /* the sender and the logo; the footer's number */
} lo_page_kind;

typedef struct lo_page {
    lo_page_kind kind;
    int letterhead;       /* the letterhead block stands on it: no left
                             running header (the block names the document) */
    lo_placed *v;
    size_t n, cap;
    const char *chapter;  /* {chapter}: the h1 in effect on this page */
    lo_items furniture;   /* header, footer, draft mark: absolute y, drawn
                             first, inside an artifact */
} lo_page;

struct lo_result {
    ts_arena *arena;      /* everything laid out, the result itself included */
    const rd_layout *layout;
    ts_sp page_width, page_height;
    lo_page *pages;
    int npages;
    int tables, charts;
    int first_number;     /* the number printed on (or counted for) the first
                             page: page labels count from it (1) */
    int pages_cap;        /* allocated entries of pages */
    struct lo_ctx *ctx;   /* the layout's state, kept for the rows drawn
                             only when their page is (LO_ITEM_ROW) */
};

typedef struct lo_ctx {
    ts_arena *a;          /* the result: what the pages draw, kept to the end;
                             while a kept table row is drawn, working memory */
    ts_arena *own;        /* the result's arena always: the run arrays below */
    ts_arena *scratch;    /* working memory of one block at a time: horizontal
                             lists, shaped words, line breaks. A paragraph or
                             heading gives back what it took (ts_arena_release)
                             once its lines are boxes; nothing drawn may point
                             into it, except a table row's items while the row
                             is drawn. A child of `a`. */
    ts_diag *d;
    tx_fonts *f;
    const rd_layout *L;
    doc_document *doc;

    ts_sp text_width;     /* page width minus margins */
    ts_sp text_height;    /* page height minus margins */
    ts_sp left;           /* current content left edge, absolute */
    ts_sp width;          /* current content width */
    const rd_style *para_style;   /* style of paragraphs here: body, quote, footnote */
    int tight;            /* inside a tight list: no space between paragraphs */
    int depth;            /* block nesting */

    lo_vnode **vlist;
    size_t vn, vcap;

    ts_sp pending_space;  /* space_after of the previous block */
    int suppress_space;   /* the next block starts a container: no space */
    int after_heading;    /* the previous block was a heading */
    int any_block;        /* something was emitted */
    int keep_boxes;       /* the next this many boxes stay with what precedes */

    ts_sp quote_rule_x[LO_MAX_DEPTH];  /* quote rules drawn beside every box */
    int nquote;

    lo_vnode *label_mark; /* list label waiting for its first line's baseline */

    tx_hyph *hyph;        /* the document's hyphenator (layout and document
                             exceptions), NULL while none is made */
    int hyphenate;        /* inlines collected now may be hyphenated: running
                             text, not headings, captions or table headers */
    int justify;          /* [body] align = justify: running text justified */
    lo_para *paras;       /* running-text paragraphs with variants, in order */
    size_t nparas, cap_paras;

    int tables, charts;
    int kept_rows;        /* a table keeps its rows as references (LO_ITEM_ROW) */
    int figure_number;    /* the last "Figur N" given: charts and captioned images share it */

    int in_notes;         /* laying out the notes of a chapter */
    ts_ptrvec notes;      /* doc_node* footnote defs referenced in this chapter */
    unsigned char *note_seen;  /* by footnote number */
    int note_max;
    unsigned char *note_built; /* by footnote number: set at a page's foot */
    ts_ptrvec nested_notes;    /* doc_node* defs referenced inside a note
                                  being laid out, set after it */

    lo_toc_entry *toc;         /* headings for the contents, in order */
    lo_toc_entry **toc_tail;

    lo_progress *progress;     /* counted in as blocks and pages are done, or NULL */

    ts_ptrvec chart_refs;      /* lo_chart_ref*: the charts drawn, in order,
                                  for the Diagramdata appendix (chartdata.c) */
    int heading_level;         /* the last heading's level outside notes, 0 none */

    /* The text item a line is extending word by word (paragraph.c,
     * merge_run): its glyphs grow here, in arrays reused from line to
     * line, and are copied into the arena at their final size once the
     * line is drawn, rather than copied whole at every word. */
    lo_items *run_items;       /* NULL when none is pending */
    size_t run_index, run_cap;
    uint32_t *run_cps, *run_gids;
    ts_sp *run_adv, *run_yoff;
} lo_ctx;

/* ---- paragraph.c -------------------------------------------------------- */

dev_color lo_color(rd_color c);
/* Baseline of a line of `style` below the line's top: half the leading
 * left over after ascent + descent, then the ascent (as CSS does), so text
 * sits in the middle of its line whatever the leading. */
ts_sp lo_style_baseline(lo_ctx *c, const rd_style *style);
ts_sp lo_style_baseline_face(lo_ctx *c, rd_face face, ts_sp size, ts_sp leading);

/* Append the inline children of `parent` in `style` to h. Typography is
 * applied to text (not code); footnote references become superscript
 * numbers and their definitions are remembered for the chapter's notes. */
void lo_collect_inlines(lo_ctx *c, lo_hlist *h, const doc_node *parent,
                        const rd_style *style);
/* Append text as one box, spaces and all (a line of code). */
void lo_collect_verbatim(lo_ctx *c, lo_hlist *h, const char *utf8, size_t len,
                         rd_face face, ts_sp size, dev_color color, ts_pos pos);
/* Append one string as words (split at U+0020) in a plain face. */
void lo_collect_string(lo_ctx *c, lo_hlist *h, const char *utf8, rd_face face,
                       ts_sp size, dev_color color, ts_pos pos);
/* Break every stretch of boxes wider than `measure` (a word, or the part
 * of one between hyphenation points) into pieces that fit, preferring a
 * cut after / . - _ ? & = # : (URLs, paths), else at a character; pieces
 * are joined by zero-width LO_H_PENALTY breaks that draw nothing. Warns
 * once per word (at its file:line:col) when `warn` is set. */
void lo_split_long_words(lo_ctx *c, lo_hlist *h, ts_sp measure, int warn);
/* The line breaker: total fit (Knuth–Plass, tx_break_paragraph), ragged
 * right. No line is wider than the measure unless a single stretch of
 * boxes is (split those first with lo_split_long_words). At most two
 * hyphenated lines in a row. Lines ending at a hyphenation point get
 * `hyphen` and their width includes the hyphen. */
void lo_break_lines(lo_ctx *c, const lo_hlist *h, ts_sp measure, lo_lines *out);
typedef struct lo_break_opts {
    int justify;          /* justified lines (the last line stays ragged) */
    int looseness;        /* 0 optimum; +1 / -1: one line more / fewer if the
                             paragraph can be set so (used against widows) */
} lo_break_opts;
void lo_break_lines_opts(lo_ctx *c, const lo_hlist *h, ts_sp measure,
                         const lo_break_opts *o, lo_lines *out);
/* Append a line's drawing items to dst: text runs, link areas, strike
 * lines. x is the left of the measure, top/height the line's extent and
 * baseline its baseline (all relative to dst's owner). */
void lo_emit_line(lo_ctx *c, lo_items *dst, const lo_hlist *h, const lo_line *ln,
                  ts_sp x, ts_sp measure, doc_align align, ts_sp top,
                  ts_sp height, ts_sp baseline);
/* Widest word (consecutive boxes) and the whole natural width. */
void lo_hlist_widths(const lo_hlist *h, ts_sp *longest_word, ts_sp *natural);

/* ---- blocks.c ----------------------------------------------------------- */

lo_vnode *lo_vnew(lo_ctx *c, lo_vkind kind, ts_sp height);
/* Append v to the vertical list. While a heading is being kept with what
 * follows, its break points are disabled; boxes and glue inside block
 * quotes get the quote's rule beside them; a list label waiting for its
 * line takes the first box's baseline. */
void lo_vappend(lo_ctx *c, lo_vnode *v);
/* Zero-height marks that open and close a structure element. */
void lo_mark_struct(lo_ctx *c, const char *role, const char *alt);
void lo_mark_end(lo_ctx *c);
/* A place between two boxes where a page may (can_break) or may not end. */
void lo_break_point(lo_ctx *c, int can_break);
/* Space between paragraphs here: none inside a tight list. */
ts_sp lo_block_space(const lo_ctx *c);
/* Start a block: one glue for the space between it and the previous block
 * (the larger of the previous space after and `before`, except after a
 * heading). End it, remembering its space after. */
void lo_begin_block(lo_ctx *c, ts_sp before);
void lo_end_block(lo_ctx *c, ts_sp after);
/* Break h into lines of `st` in the current column and append them as
 * boxes. keep_together forbids page breaks between the lines (headings,
 * captions). The first box gets `bookmark` (if any) and `chapter`. */
void lo_set_lines(lo_ctx *c, lo_hlist *h, const rd_style *st, int keep_together,
                  const lo_bookmark *bookmark, const char *chapter);
/* The footnotes referenced in line `ln` of h, each laid out at its first
 * reference and chained, for the `notes` of the box that holds the line
 * (a line of text, a table row); NULL when none. */
lo_note *lo_line_notes(lo_ctx *c, const lo_hlist *h, const lo_line *ln);
/* Caption text laid out at x in `measure` from `top`, appended to dst;
 * returns the height used. */
ts_sp lo_caption_lines(lo_ctx *c, lo_items *dst, const char *text, rd_face face,
                       const rd_style *st, ts_sp x, ts_sp measure, ts_sp top,
                       ts_pos pos, dev_color color);
/* A numbered, framed placeholder for a block not yet drawn (Tabell N /
 * Figur N with its caption and data file). */
void lo_placeholder(lo_ctx *c, const doc_node *n);

/* ---- table.c ------------------------------------------------------------ */

void lo_do_table(lo_ctx *c, const doc_node *n);         /* GFM pipe table */
void lo_do_indicators(lo_ctx *c, const doc_node *n);    /* ```indicators */
void lo_do_data_table(lo_ctx *c, const doc_node *n);    /* ```table */
/* The drawing of a row kept as an LO_ITEM_ROW, appended to out: its cells
 * collected and broken again, as when the table was laid out. Everything
 * it allocates (the items included) comes from c->a, which the caller
 * points at working memory it gives back once the items are drawn.
 * Reports nothing: the layout reported the cells' problems already. */
void lo_table_row_items(lo_ctx *c, const lo_row_ref *row, lo_items *out);

/* ---- indicators.c ------------------------------------------------------- */

typedef enum lo_status {
    LO_STATUS_MET, LO_STATUS_PROGRESS, LO_STATUS_NOT_MET, LO_STATUS_UNKNOWN,
    LO_STATUS_COUNT
} lo_status;
typedef enum lo_trend {
    LO_TREND_NONE, LO_TREND_BETTER, LO_TREND_SAME, LO_TREND_WORSE, LO_TREND_COUNT
} lo_trend;
extern const char *const lo_status_words[LO_STATUS_COUNT];  /* "Uppnått", … */
extern const char *const lo_trend_words[LO_TREND_COUNT];    /* "", "Förbättrad", … */

/* The columns of an indicator table, by header (DESIGN.md): column 0 the
 * name; Enhet, Riktning, Bedömning; the years (latest and the one before
 * it); the target for the latest year ("Mål 2026", or "Mål" alone). -1 when
 * absent. target_other is a "Mål" column for another year, which makes the
 * status Kan inte bedömas (warned). */
typedef struct lo_indicator_cols {
    int unit, direction, assessed, target, target_other;
    int latest, previous;
    int latest_year;
} lo_indicator_cols;

/* Status and trend of one row, from the latest year: Uppnått when the
 * latest value meets the target (equal counts), else På väg when it is
 * better than the year before, else Ej uppnått; Kan inte bedömas without a
 * target or a latest value. Trend compares the latest value with the one
 * before in the direction of Riktning; none when either is missing. A
 * Bedömning cell overrides the status and sets `assessed`. */
typedef struct lo_assessment {
    lo_status status;
    lo_trend trend;
    int assessed;
} lo_assessment;

/* Find the columns; reports what is missing. 0, or -1 after errors. */
int lo_indicator_columns(ts_diag *d, const doc_table *t, lo_indicator_cols *ic);
/* Assess row `row`; reports a bad Riktning or Bedömning. 0, or -1. */
int lo_indicator_assess(ts_diag *d, const doc_table *t, const lo_indicator_cols *ic,
                        int row, lo_assessment *out);
/* The legend under an indicator table as it is read aloud: the text with
 * each `*` marker (at the start, or after a blank, and followed by one)
 * left out, for the legend's ActualText; in the arena. */
const char *lo_indicator_legend_reading(ts_arena *a, const char *legend);

/* ---- figure.c ----------------------------------------------------------- */

void lo_do_figure(lo_ctx *c, const doc_node *n);        /* an image alone in its paragraph */
void lo_do_chart(lo_ctx *c, const doc_node *n);         /* ```chart */

/* ---- chartdata.c: the Diagramdata appendix ---------------------------- */

/* A chart drawn as figure `number`, in `box` (whose first item begins its
 * Figure element). */
typedef struct lo_chart_ref {
    const doc_node *node;
    lo_vnode *box;
    int number;
} lo_chart_ref;
void lo_chart_data_remember(lo_ctx *c, const doc_node *n, lo_vnode *box, int number);
/* When the layout asks for it ([chart] data-appendix) and a chart was
 * drawn: a last chapter, `[words] chart-data`, with each chart's data as
 * a table, and a sentence in each chart's alt text naming its table. */
void lo_chart_data_appendix(lo_ctx *c);
/* The table of chart `r`'s data (table.c): its x column and series. */
void lo_chart_data_table(lo_ctx *c, const lo_chart_ref *r);
/* A level-1 heading laid out as a chapter's (blocks.c). */
void lo_chapter_heading(lo_ctx *c, const doc_node *n);

/* Pixel size of a PNG or JPEG file; 0 on success. */
int lo_image_size(const char *path, uint32_t *w, uint32_t *h);

/* ---- pages.c ------------------------------------------------------------ */

/* Fill pages from c's vertical list into r (appended after its pages).
 * Sets the page (an index into r->pages) and y of every contents entry
 * whose heading it places. No furniture. */
void lo_build_pages(lo_ctx *c, lo_result *r);
/* The whole document: the body's pages from c's vertical list, then the
 * cover, contents and back page the layout asks for around them, then
 * every page's furniture. */
void lo_build_document(lo_ctx *c, lo_result *r);
/* A new, empty page at the end of r. */
lo_page *lo_new_page(lo_ctx *c, lo_result *r);
/* Place one item on page p at offset dy (arena memory; the item must
 * outlive the result). */
void lo_place(lo_ctx *c, lo_page *p, const lo_item *it, ts_sp dy);

/* ---- furniture.c -------------------------------------------------------- */

/* Fill in {page} {pages} {title} {date} {dnr} {chapter} in a header or
 * footer template; anything else in braces is printed as written. */
char *lo_expand(lo_ctx *c, const char *tpl, int page, int pages, const char *chapter);
/* Lines of plain text (words split at spaces, no hyphenation) at x in
 * `measure`, from `top`, aligned; appended to dst. Returns the height. */
ts_sp lo_text_lines(lo_ctx *c, lo_items *dst, const char *text, rd_face face,
                    const rd_style *st, dev_color color, doc_align align, ts_sp x,
                    ts_sp measure, ts_sp top);
/* The logo in the bottom right corner, its clear zone touching the
 * trimmed edge: the layout's file, or the placeholder wordmark drawn from
 * [logo] text and color. Appended to dst (absolute page coordinates). */
void lo_logo(lo_ctx *c, lo_items *dst);
/* Header, footer, logo and UTKAST watermark of every page of r, by kind. */
void lo_add_furniture(lo_ctx *c, lo_result *r);

/* ---- cover.c ------------------------------------------------------------ */

/* The cover as a new page at the end of r: title, subtitle, nämnd, date,
 * diarienummer in the text area; the logo is furniture. */
void lo_cover_page(lo_ctx *c, lo_result *r);
/* The back page at the end of r: the sender's lines at the foot of the
 * text area (organisation, department, address, web). */
void lo_back_page(lo_ctx *c, lo_result *r);
/* The letterhead of a tjänsteskrivelse at the head of c's vertical list:
 * organisation and förvaltning; the kind, Datum, Vår referens; the title
 * and the diarienummer. */
void lo_letterhead(lo_ctx *c);

/* ---- toc.c -------------------------------------------------------------- */

/* Remember heading `title` of `level` for the contents, when the layout
 * lists that level; returns the entry for the heading's first box, or
 * NULL. */
lo_toc_entry *lo_toc_add(lo_ctx *c, int level, const char *title);
/* The contents pages, appended to r: `Innehåll`, then one entry per
 * heading with a dot leader, its printed page number (body page index +
 * body_offset + r->first_number) and a link to it. */
void lo_contents_pages(lo_ctx *c, lo_result *r, int body_offset);
/* Pages the contents take (laid out with dummy numbers: the numbers sit
 * in a fixed column, so the real ones take the same room). */
int lo_contents_count(lo_ctx *c);

#endif
