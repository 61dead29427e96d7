/* device: what layout draws through.
 *
 * Prefix dev_. Layout never knows whether it is making a PDF or a trace.
 * Coordinates are sp from the top-left corner of the page, y growing
 * downward; a text position is the left end of the baseline. A device
 * implementation embeds dev_device as its first member (as mupdf's
 * fz_device) and fills in the calls it supports; the dev_* wrappers below
 * skip calls left NULL. */
#ifndef TS_DEVICE_H
#define TS_DEVICE_H

#include "../util/util.h"

/* A colour: r, g, b for the screen (sRGB). For the print variant the
 * layout also gives its own CMYK values (percent, 0..100) and sets
 * has_cmyk; a colour without them (one fixed in code rather than taken
 * from the layout) is converted by the PDF device for print. The CMYK
 * fields come after r, g, b so that an initialiser {r, g, b} keeps its
 * meaning (the rest is zero: no CMYK given). */
typedef struct dev_color {
    uint8_t r, g, b;
    uint8_t has_cmyk;
    uint8_t c, m, y, k;
} dev_color;

typedef struct dev_text {
    int font;                 /* font number (tx_ numbering) */
    const char *font_path;    /* the TrueType file to embed */
    ts_sp size;
    ts_sp x, y;               /* left end of the baseline */
    dev_color color;
    int count;
    const uint32_t *cps;      /* one code point per glyph */
    const uint32_t *gids;     /* glyph index per glyph */
    const ts_sp *advances;    /* advance per glyph, kerning included */
    const ts_sp *y_offsets;   /* per glyph, usually 0; may be NULL */
    int angle;                /* degrees counterclockwise about (x, y), -359..359:
                                 the baseline and the glyphs turn together
                                 (the UTKAST watermark); 0 for ordinary text */
} dev_text;

typedef enum dev_op { DEV_MOVE, DEV_LINE, DEV_CURVE, DEV_CLOSE } dev_op;

typedef struct dev_path_seg {
    dev_op op;
    ts_sp x[3], y[3];         /* MOVE/LINE use [0]; CURVE uses all three */
} dev_path_seg;

typedef struct dev_path {
    int count;
    const dev_path_seg *segs;
    int fill;                 /* fill with fill_color (nonzero rule) */
    int stroke;               /* stroke with stroke_color */
    dev_color fill_color, stroke_color;
    ts_sp line_width;
    int dash_count;           /* 0: solid */
    const ts_sp *dash;
} dev_path;

typedef struct dev_image {
    const char *path;         /* PNG or JPEG file */
    ts_sp x, y, width, height;
} dev_image;

typedef struct dev_link {
    ts_sp x, y, width, height;  /* the clickable area */
    const char *url;            /* external link, or NULL */
    int dest_page;              /* internal: 0-based page, when url is NULL */
    ts_sp dest_y;
} dev_link;

/* A structure element for tagged PDF: role is the standard structure type
 * ("P", "H1", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD",
 * "Figure", "Caption", "BlockQuote", "Note", "Link", "TOC", "TOCI", …). */
typedef struct dev_struct {
    const char *role;
    const char *alt;          /* Figure alt text, or NULL */
    const char *lang;         /* when different from the document's */
    const char *actual_text;  /* or NULL */
} dev_struct;

typedef struct dev_device dev_device;
struct dev_device {
    void (*begin_page)(dev_device *dev, ts_sp width, ts_sp height);
    void (*end_page)(dev_device *dev);
    void (*text)(dev_device *dev, const dev_text *t);
    void (*path)(dev_device *dev, const dev_path *p);
    void (*image)(dev_device *dev, const dev_image *im);
    void (*link)(dev_device *dev, const dev_link *l);
    /* an outline entry at this page and height */
    void (*bookmark)(dev_device *dev, int level, const char *title, ts_sp y);
    void (*begin_struct)(dev_device *dev, const dev_struct *s);
    void (*end_struct)(dev_device *dev);
    /* page furniture (headers, footers, decorations) */
    void (*begin_artifact)(dev_device *dev);
    void (*end_artifact)(dev_device *dev);
    void (*drop)(dev_device *dev);
    /* Page labels, what a viewer shows as a page's number: from page
     * `first` (0-based) on, decimal numbers counting from `start`. Called
     * before the first begin_page; later calls start new ranges. */
    void (*page_labels)(dev_device *dev, int first, int start);
};

void dev_begin_page(dev_device *dev, ts_sp width, ts_sp height);
void dev_end_page(dev_device *dev);
void dev_draw_text(dev_device *dev, const dev_text *t);
void dev_draw_path(dev_device *dev, const dev_path *p);
void dev_draw_image(dev_device *dev, const dev_image *im);
void dev_add_link(dev_device *dev, const dev_link *l);
void dev_add_bookmark(dev_device *dev, int level, const char *title, ts_sp y);
void dev_begin_struct(dev_device *dev, const dev_struct *s);
void dev_end_struct(dev_device *dev);
void dev_begin_artifact(dev_device *dev);
void dev_end_artifact(dev_device *dev);
void dev_drop(dev_device *dev);
void dev_page_labels(dev_device *dev, int first, int start);

/* Convenience: a filled and/or stroked rectangle. */
void dev_rect(dev_device *dev, ts_sp x, ts_sp y, ts_sp w, ts_sp h, int fill,
              dev_color fill_color, int stroke, dev_color stroke_color,
              ts_sp line_width);
/* Convenience: a straight line. */
void dev_line(dev_device *dev, ts_sp x0, ts_sp y0, ts_sp x1, ts_sp y1,
              dev_color color, ts_sp line_width);

/* The trace device: prints every call, one per line, lengths in pt with
 * two decimals, text as its UTF-8 string, so golden files are readable and
 * stable. Does not close `out`. */
dev_device *dev_trace_new(FILE *out);

#endif
