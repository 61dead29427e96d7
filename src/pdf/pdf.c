/* The PDF device: device calls to libharu 2.3.0.
 *
 * This is the only file that includes hpdf.h. libharu builds the document
 * objects, embeds and subsets the TrueType fonts and serialises the file;
 * where it falls short we write through its object API or into the page
 * content stream ourselves, and say why at each place:
 *
 *  - Text. libharu applies no kerning and can only show text through its
 *    own encoding, so the device writes kerned TJ arrays straight into the
 *    page's content stream and chooses the codes itself (see "Fonts").
 *  - Fonts. libharu's UTF-8 mode makes every TrueType font a Type0 font
 *    with /Encoding /Identity-H whose 2-byte codes are Unicode code points
 *    (CID = UCS-2 value), a CIDFontType2 with a /CIDToGIDMap stream built
 *    from the font's cmap over the whole BMP, a /W array for the same, and
 *    a ToUnicode stream that is not a valid ToUnicode CMap (it holds a
 *    `begincidrange` <0000> <FFFF> 0, which maps nothing). At save time the
 *    device replaces all three with its own, covering only the codes it
 *    used (see pdf_font).
 *  - Dates, /Lang, /ViewerPreferences, text strings and /ID are written
 *    through the object API: libharu's date setter fails on 'Z', it has no
 *    /Lang or DisplayDocTitle, and it writes no /ID without encryption.
 *  - PDF/A-2b (ISO 19005-2): the XMP packet, the sRGB output intent and
 *    ICCBased colour for RGB images (pdfa.c builds the bytes), the header
 *    version 1.7, /F 4 (print) on every annotation, no .notdef. What
 *    libharu already does right and is kept: the binary comment after the
 *    header (6.1.2), Flate and DCT filters only, never LZW (6.1.7.2),
 *    complete FontFile2 programs for every font (6.2.11.4.1), no
 *    encryption, JavaScript or external references.
 *  - Print (pdf_info.print): DeviceCMYK colours, TrimBox and BleedBox,
 *    crop marks; see pdf.h.
 *  - Structure elements (tags.c). A long table has hundreds of thousands;
 *    they are not libharu objects but numbered after libharu's last
 *    object and written by tags.c, and pdf_device_save puts them between
 *    libharu's objects and a cross-reference table it writes for the
 *    whole file (see write_document).
 *
 * Coordinates: the device interface is in sp from the top-left corner of
 * the trimmed page with y growing downward; PDF user space is in pt from
 * the bottom-left of the MediaBox with y upward: x_pdf = off + x_device,
 * y_pdf = off + trimmed height - y_device, where off is 0, or the slug
 * around the trimmed page in the print variant (px, py below).
 *
 * Errors: every libharu error goes through one handler that records it;
 * the call site then reports it with context via ts_diag and the document
 * is marked failed, so pdf_device_save refuses to write it. */
#include "pdf_internal.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_encoder.h>
#include <hpdf_encrypt.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include <png.h>

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- state --------------------------------------------------------------- */

/* One glyph as shown: the code written into the content stream for a
 * (code point, glyph) pair of one font. */
typedef struct pdf_code {
    uint32_t cp;
    uint16_t gid;
    uint16_t code;
} pdf_code;

/* An embedded font. Codes: a glyph showing code point cp gets code cp when
 * cp fits in 16 bits and no other glyph has it yet (the common case, and
 * the convention libharu uses, so content streams stay readable); any
 * other (cp, gid) pair gets a free code counting up from 0xE000. Because
 * each code names exactly one glyph and one code point, the rewritten
 * CIDToGIDMap shows exactly the glyph the shaper chose (also alternates
 * not reachable from the cmap), and the ToUnicode maps every code to the
 * character it stands for (a space and a no-break space sharing one glyph
 * keep distinct codes). */
typedef struct pdf_font {
    char *path;
    HPDF_Font font;           /* NULL when loading failed (reported once) */
    HPDF_TTFontDefAttr tt;    /* libharu's parsed font: glyph table, metrics */
    pdf_code *codes;          /* in order of first use */
    size_t ncodes, capcodes;
    uint32_t *slots;          /* open hash of (cp, gid): index+1 into codes */
    size_t nslots;
    uint8_t code_taken[65536 / 8];
    uint32_t next_free;       /* where the search for a spare code resumes */
    int bad_gid_reported;
} pdf_font;

typedef struct pdf_image {
    char *path;
    HPDF_Image image;         /* NULL when loading failed (reported once) */
} pdf_image;

/* An internal link, created at save time because its target page may not
 * exist yet when the link is drawn. */
typedef struct pdf_pending_link {
    int page;                 /* page the link sits on (0-based) */
    HPDF_Rect rect;           /* PDF coordinates */
    int dest_page;
    ts_sp dest_y;
    pdf_tag *tag;             /* the structure element it belongs to */
} pdf_pending_link;

#define PDF_MAX_OUTLINE_DEPTH 16

typedef struct pdf_dev {
    dev_device base;          /* first member: the device calls */
    ts_diag *d;
    HPDF_Doc doc;

    char *title, *subject, *author, *keywords, *language, *srgb_profile;
    long long created;
    int draft;
    int print;                /* the print variant: CMYK, bleed, crop marks */
    double off;               /* the slug around the trimmed page, pt (0 unless print) */

    HPDF_Page page;           /* current page, NULL between pages */
    double page_h;            /* its trimmed height in pt */
    ts_sp page_wsp, page_hsp; /* its trimmed size in sp */
    HPDF_Page *pages;
    double *heights;          /* each page's trimmed height in pt */
    int npages, cappages, capheights;
    HPDF_Dict srgb;           /* the sRGB ICC profile stream, once loaded */

    pdf_font *fonts;
    int nfonts, capfonts;
    pdf_image *images;
    int nimages, capimages;
    pdf_pending_link *links;
    int nlinks, caplinks;

    HPDF_Outline outline_stack[PDF_MAX_OUTLINE_DEPTH];
    int outline_level[PDF_MAX_OUTLINE_DEPTH];
    int outline_depth;
    int has_outlines;

    int struct_depth;         /* begin_struct minus end_struct */
    int artifact_depth;
    pdf_tags *tags;           /* the structure tree (tags.c) */

    HPDF_STATUS err;          /* recorded by the error handler, 0 when none */
    HPDF_STATUS err_detail;
    int failed;               /* something went wrong: refuse to save */
    int saved;                /* save ran (it rewrites fonts: only once) */
    pdf_deflater *deflater;   /* page streams on their way to deflate.c's
                                 worker, NULL until the first page ends */
    ts_buf text_ops;          /* pdf_text's text object, reused from call to call */
    const pdf_font *text_font;/* the page's current font and size (Tf) and */
    ts_sp text_size;          /* fill colour, as pdf_text last set them; */
    dev_color fill;           /* unknown at a page's start */
    int fill_known;
    int *codes;               /* pdf_text's character codes, likewise */
    int capcodes;
} pdf_dev;

static void *grow(void *p, int *cap, int need, size_t size)
{
    if (need <= *cap) return p;
    int n = *cap ? *cap * 2 : 8;
    while (n < need) n *= 2;
    *cap = n;
    return ts_xrealloc(p, (size_t)n * size);
}

static char *xstrdup(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *r = ts_xmalloc(n);
    memcpy(r, s, n);
    return r;
}

/* ---- errors ---------------------------------------------------------------- */

/* libharu calls this for every error; it must not longjmp or exit, so it
 * only records the first error for the call site to report. */
static void on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no,
                          void *user_data)
{
    pdf_dev *p = user_data;
    if (!p->err) {
        p->err = error_no;
        p->err_detail = detail_no;
    }
}

/* A plain explanation of the libharu error numbers we can meet. */
static const char *hpdf_error_text(HPDF_STATUS e)
{
    switch (e) {
    case HPDF_FAILD_TO_ALLOC_MEM: return "out of memory";
    case HPDF_FILE_IO_ERROR: return "cannot read or write the file";
    case HPDF_FILE_OPEN_ERROR: return "cannot open the file";
    case HPDF_INVALID_FONTDEF_DATA: return "the font's data is not usable";
    case HPDF_INVALID_IMAGE: return "not a usable image";
    case HPDF_INVALID_JPEG_DATA: return "not a valid JPEG file";
    case HPDF_UNSUPPORTED_JPEG_FORMAT: return "unsupported JPEG format (use baseline RGB, greyscale or CMYK)";
    case HPDF_INVALID_PNG_IMAGE: return "not a valid PNG file";
    case HPDF_LIBPNG_ERROR: return "the PNG file could not be decoded";
    case HPDF_INVALID_PARAMETER: return "invalid parameter";
    case HPDF_INVALID_TTC_FILE: return "not a valid TrueType collection";
    case HPDF_TTF_CANNOT_EMBEDDING_FONT: return "the font's licence does not allow embedding";
    case HPDF_TTF_INVALID_CMAP: return "the font has no usable Unicode cmap";
    case HPDF_TTF_INVALID_FOMAT: return "not a TrueType font";
    case HPDF_TTF_MISSING_TABLE: return "the font lacks a required TrueType table (is it CFF-flavoured OpenType?)";
    case HPDF_UNSUPPORTED_FONT_TYPE: return "unsupported font type";
    case HPDF_PAGE_INVALID_SIZE: return "page size out of range (3 to 14400 pt)";
    case HPDF_PAGE_INVALID_FONT_SIZE: return "font size out of range (up to 600 pt)";
    case HPDF_PAGE_INVALID_GMODE: return "operator in the wrong graphics mode";
    case HPDF_PAGE_CANNOT_RESTORE_GSTATE: return "unbalanced graphics state";
    case HPDF_EXCEED_GSTATE_LIMIT: return "graphics states nested too deeply";
    case HPDF_INVALID_DESTINATION: return "invalid link destination";
    case HPDF_INVALID_URI: return "invalid link address";
    case HPDF_REAL_OUT_OF_RANGE: return "number out of range";
    case HPDF_STRING_OUT_OF_RANGE: return "string too long";
    case HPDF_ZLIB_ERROR: return "compression failed";
    case HPDF_INVALID_OBJECT: return "invalid object";
    case HPDF_INVALID_DOCUMENT: return "invalid document";
    case HPDF_XREF_COUNT_ERR: return "more objects than a PDF may have (8 388 607)";
    default: return "internal error in libharu";
    }
}

/* Report a recorded libharu error, if any, with `what` saying what was
 * being done; returns 1 when there was one. The document is then failed. */
static int check(pdf_dev *p, ts_pos at, const char *what)
{
    if (!p->err) return 0;
    ts_error(p->d, at, "PDF: %s: %s (libharu error 0x%04X, detail %u)", what,
             hpdf_error_text(p->err), (unsigned)p->err, (unsigned)p->err_detail);
    p->err = 0;
    p->err_detail = 0;
    p->failed = 1;
    HPDF_ResetError(p->doc);
    return 1;
}

static const ts_pos nowhere = {0, 0, 0};

/* Messages about a font or image file name the file itself. */
static ts_pos at_file(const char *path)
{
    ts_pos at = {path, 0, 0};
    return at;
}

/* ---- numbers and strings ------------------------------------------------- */

static double pt(ts_sp v) { return (double)v / 65536.0; }

/* A device position in PDF user space on the current page. */
static double px(const pdf_dev *p, ts_sp x) { return p->off + pt(x); }
static double py(const pdf_dev *p, ts_sp y) { return p->off + p->page_h - pt(y); }

/* ---- colours ---------------------------------------------------------------- */

/* A colour's CMYK, 0..1 each: the layout's own values when the colour has
 * them; else (a colour fixed in code) a neutral grey goes to black ink
 * only, so it prints without colour casts, and any other colour gets the
 * plain conversion with full grey-component replacement. */
static void cmyk_of(dev_color c, double out[4])
{
    if (c.has_cmyk) {
        out[0] = c.c / 100.0;
        out[1] = c.m / 100.0;
        out[2] = c.y / 100.0;
        out[3] = c.k / 100.0;
        for (int i = 0; i < 4; i++) out[i] = out[i] > 1 ? 1 : out[i];
        return;
    }
    double r = c.r / 255.0, g = c.g / 255.0, b = c.b / 255.0;
    double max = r > g ? (r > b ? r : b) : (g > b ? g : b);
    double k = 1 - max;
    out[3] = k;
    if (k >= 1 || (c.r == c.g && c.g == c.b)) {
        out[0] = out[1] = out[2] = 0;
        return;
    }
    out[0] = (1 - r - k) / (1 - k);
    out[1] = (1 - g - k) / (1 - k);
    out[2] = (1 - b - k) / (1 - k);
}

/* Fill or stroke colour: RGB (under the sRGB output intent) in the
 * archival PDF, CMYK in the print variant. */
static void set_color(pdf_dev *p, dev_color c, int stroke)
{
    if (p->print) {
        double k[4];
        cmyk_of(c, k);
        if (stroke)
            HPDF_Page_SetCMYKStroke(p->page, (HPDF_REAL)k[0], (HPDF_REAL)k[1],
                                    (HPDF_REAL)k[2], (HPDF_REAL)k[3]);
        else
            HPDF_Page_SetCMYKFill(p->page, (HPDF_REAL)k[0], (HPDF_REAL)k[1],
                                  (HPDF_REAL)k[2], (HPDF_REAL)k[3]);
    } else if (stroke) {
        HPDF_Page_SetRGBStroke(p->page, c.r / 255.0f, c.g / 255.0f, c.b / 255.0f);
    } else {
        HPDF_Page_SetRGBFill(p->page, c.r / 255.0f, c.g / 255.0f, c.b / 255.0f);
    }
}

/* A PDF text string for UTF-8 `s` (pdf_text_string, shared with tags.c). */
static void *text_string(pdf_dev *p, const char *s)
{
    return pdf_text_string(p->doc->mmgr, s);
}

/* Raw operators into the current page's content stream. */
static void put(pdf_dev *p, const char *s)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)p->page->attr;
    HPDF_Stream_WriteStr(attr->stream, s);
}

/* ---- pages --------------------------------------------------------------- */

/* [x0 y0 x1 y1] as a page box. */
static void add_box(pdf_dev *p, HPDF_Page page, const char *key, double x0, double y0,
                    double x1, double y1)
{
    HPDF_Array a = HPDF_Array_New(p->doc->mmgr);
    if (!a) return;
    HPDF_Array_AddReal(a, (HPDF_REAL)x0);
    HPDF_Array_AddReal(a, (HPDF_REAL)y0);
    HPDF_Array_AddReal(a, (HPDF_REAL)x1);
    HPDF_Array_AddReal(a, (HPDF_REAL)y1);
    HPDF_Dict_Add(page, key, a);
}

/* libharu's memory streams copy what is written a byte at a time
 * (HPDF_MemCpy), which was a sixth of a long table's run: the same
 * blocks, filled with memcpy. Same contract as HPDF_MemStream_WriteFunc:
 * blocks of buf_siz bytes in attr->buf, the last one being filled at
 * w_ptr; HPDF_Stream_Write adds `size` to the stream's size after. */
static HPDF_STATUS fast_mem_write(HPDF_Stream stream, const HPDF_BYTE *ptr, HPDF_UINT size)
{
    if (HPDF_Error_GetCode(stream->error) != HPDF_OK) return HPDF_THIS_FUNC_WAS_SKIPPED;
    HPDF_MemStreamAttr attr = (HPDF_MemStreamAttr)stream->attr;
    while (size > 0) {
        HPDF_UINT room = attr->buf_siz - attr->w_pos;
        if (room == 0) {
            HPDF_BYTE *block = HPDF_GetMem(stream->mmgr, attr->buf_siz);
            if (!block) return HPDF_Error_GetCode(stream->error);
            if (HPDF_List_Add(attr->buf, block) != HPDF_OK) {
                HPDF_FreeMem(stream->mmgr, block);
                return HPDF_Error_GetCode(stream->error);
            }
            attr->w_ptr = block;
            attr->w_pos = 0;
            room = attr->buf_siz;
        }
        HPDF_UINT n = size < room ? size : room;
        memcpy(attr->w_ptr, ptr, n);
        attr->w_ptr += n;
        attr->w_pos += n;
        ptr += n;
        size -= n;
    }
    return HPDF_OK;
}

/* A memory stream of libharu's, written with fast_mem_write. */
static void fast_stream(HPDF_Stream s)
{
    if (s && s->type == HPDF_STREAM_MEMORY)
        s->write_fn = fast_mem_write;
}

static void pdf_begin_page(dev_device *dev, ts_sp width, ts_sp height)
{
    pdf_dev *p = (pdf_dev *)dev;
    assert(!p->page && "begin_page inside a page");
    HPDF_Page page = HPDF_AddPage(p->doc);
    double w = pt(width), h = pt(height), off = p->off;
    if (page) {
        /* The print variant's MediaBox is the trimmed page with the slug
         * around it; TrimBox is the page as the layout made it, BleedBox
         * 3 mm more on every side (ISO 32000-1 14.11.2). */
        HPDF_Page_SetWidth(page, (HPDF_REAL)(w + 2 * off));
        HPDF_Page_SetHeight(page, (HPDF_REAL)(h + 2 * off));
        if (p->print) {
            double b = pt(PDF_BLEED);
            add_box(p, page, "BleedBox", off - b, off - b, off + w + b, off + h + b);
            add_box(p, page, "TrimBox", off, off, off + w, off + h);
        }
    }
    if (check(p, nowhere, "cannot add a page") || !page) {
        p->page = NULL;
        return;
    }
    fast_stream(((HPDF_PageAttr)page->attr)->stream);
    p->text_font = NULL;
    p->text_size = 0;
    p->fill_known = 0;
    p->page = page;
    p->page_h = h;
    p->page_wsp = width;
    p->page_hsp = height;
    p->pages = grow(p->pages, &p->cappages, p->npages + 1, sizeof *p->pages);
    p->heights = grow(p->heights, &p->capheights, p->npages + 1, sizeof *p->heights);
    p->heights[p->npages] = h;
    p->pages[p->npages++] = page;
    pdf_tags_begin_page(p->tags, page, p->npages - 1);
}

/* Crop marks: at each corner, a short line continuing each trimmed edge,
 * from 5 mm to 10 mm outside it, so the marks start beyond the 3 mm bleed
 * and the cut never touches them. 0.25 pt in all four inks (the usual
 * registration colour), so they show on every separation. */
static void crop_marks(pdf_dev *p)
{
    HPDF_Page pg = p->page;
    double w = pt(p->page_wsp), h = p->page_h, o = p->off;
    double from = pt(TS_MM_SP(5)), to = pt(TS_MM_SP(10));
    HPDF_Page_GSave(pg);
    HPDF_Page_SetLineWidth(pg, 0.25f);
    HPDF_Page_SetCMYKStroke(pg, 1, 1, 1, 1);
    for (int corner = 0; corner < 4; corner++) {
        double x = o + ((corner & 1) ? w : 0), y = o + ((corner & 2) ? h : 0);
        double dx = (corner & 1) ? 1 : -1, dy = (corner & 2) ? 1 : -1;
        HPDF_Page_MoveTo(pg, (HPDF_REAL)(x + dx * from), (HPDF_REAL)y);
        HPDF_Page_LineTo(pg, (HPDF_REAL)(x + dx * to), (HPDF_REAL)y);
        HPDF_Page_MoveTo(pg, (HPDF_REAL)x, (HPDF_REAL)(y + dy * from));
        HPDF_Page_LineTo(pg, (HPDF_REAL)x, (HPDF_REAL)(y + dy * to));
    }
    HPDF_Page_Stroke(pg);
    HPDF_Page_GRestore(pg);
    check(p, nowhere, "cannot draw the crop marks");
}

/* ---- page streams ------------------------------------------------------------ */

/* (declared in pdf_internal.h; tags.c reads a stream with it too) */
ts_span *pdf_stream_spans(HPDF_Stream s, size_t *count)
{
    size_t total = s->size, got = 0, n = 0;
    HPDF_UINT blocks = HPDF_MemStream_GetBufCount(s);
    ts_span *spans = ts_xmalloc((blocks ? blocks : 1) * sizeof *spans);
    for (HPDF_UINT i = 0; i < blocks && got < total; i++) {
        HPDF_UINT len = 0;
        HPDF_BYTE *block = HPDF_MemStream_GetBufPtr(s, i, &len);
        if (!block) break;
        if (len > total - got) len = (HPDF_UINT)(total - got);
        spans[n++] = (ts_span){ block, len };
        got += len;
    }
    if (got != total) {
        free(spans);
        return NULL;
    }
    *count = n;
    return spans;
}

/* libharu names a stream's filter itself only for a stream it compresses
 * when saving; a stream deflated before has its name written here. */
static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream stream)
{
    (void)dict;
    return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

/* A deflated page stream back from the worker: it replaces the (emptied)
 * stream, whose filter libharu must then not apply again. A stream that
 * came back raw gets its bytes back and libharu deflates it on saving. */
static void install_contents(void *ctx, void *key, const unsigned char *data,
                             size_t len, int compressed)
{
    pdf_dev *p = ctx;
    HPDF_Dict contents = key;
    HPDF_Stream_Write(contents->stream, data, (HPDF_UINT)len);
    if (compressed) {
        contents->filter = HPDF_STREAM_FILTER_NONE;
        contents->write_fn = write_flate_filter;
    }
    check(p, nowhere, "cannot compress a page");
}

/* A finished page's content stream goes to the deflater as the page ends
 * rather than waiting for the document to be saved: libharu would
 * otherwise hold every page's drawing operators uncompressed to the end
 * (about 20 KB a page of text, four times what they take deflated), and
 * deflate them all on one thread. Same zlib level as libharu's own, so
 * the file is the same. */
static void deflate_contents(pdf_dev *p, HPDF_Page page)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    HPDF_Dict contents = attr ? attr->contents : NULL;
    HPDF_Stream s = attr ? attr->stream : NULL;
    if (!contents || !s || contents->stream != s || contents->write_fn ||
        contents->filter != HPDF_STREAM_FILTER_FLATE_DECODE || s->size == 0)
        return;
    size_t nspans = 0;
    ts_span *spans = pdf_stream_spans(s, &nspans);
    if (!spans) return;     /* left to libharu */
    size_t total = s->size, at = 0;
    unsigned char *raw = ts_xmalloc(total);
    for (size_t i = 0; i < nspans; i++) {
        memcpy(raw + at, spans[i].data, spans[i].len);
        at += spans[i].len;
    }
    free(spans);
    HPDF_MemStream_FreeData(s);
    if (!p->deflater)
        p->deflater = pdf_deflater_new();
    pdf_deflater_push(p->deflater, contents, raw, total);
    pdf_deflater_collect(p->deflater, 0, install_contents, p);
}

static void pdf_end_page(dev_device *dev)
{
    pdf_dev *p = (pdf_dev *)dev;
    if (p->page) {
        /* Every drawing call leaves the page in page-description mode. */
        assert(HPDF_Page_GetGMode(p->page) == HPDF_GMODE_PAGE_DESCRIPTION);
        if (p->print) {
            pdf_tags_begin_artifact(p->tags);
            pdf_tags_paint(p->tags, NULL);
            crop_marks(p);
            pdf_tags_end_artifact(p->tags);
        }
        pdf_tags_end_page(p->tags);
        deflate_contents(p, p->page);
    }
    p->page = NULL;
}

/* ---- fonts --------------------------------------------------------------- */

static uint32_t hash_key(uint32_t cp, uint32_t gid)
{
    uint64_t k = ((uint64_t)cp << 16) ^ gid;
    k *= 0x9E3779B97F4A7C15ull;
    return (uint32_t)(k >> 32);
}

static void font_rehash(pdf_font *f, size_t nslots)
{
    free(f->slots);
    f->slots = calloc(nslots, sizeof *f->slots);
    if (!f->slots) ts_oom();
    f->nslots = nslots;
    for (size_t i = 0; i < f->ncodes; i++) {
        size_t s = hash_key(f->codes[i].cp, f->codes[i].gid) & (nslots - 1);
        while (f->slots[s]) s = (s + 1) & (nslots - 1);
        f->slots[s] = (uint32_t)i + 1;
    }
}

/* The code for glyph gid showing cp, assigned on first use; -1 when the
 * font has run out of 2-byte codes. */
static int font_code(pdf_font *f, uint32_t cp, uint16_t gid)
{
    if (f->nslots == 0) font_rehash(f, 256);
    size_t s = hash_key(cp, gid) & (f->nslots - 1);
    while (f->slots[s]) {
        const pdf_code *c = &f->codes[f->slots[s] - 1];
        if (c->cp == cp && c->gid == gid) return c->code;
        s = (s + 1) & (f->nslots - 1);
    }

    uint32_t code;
    if (cp >= 1 && cp <= 0xFFFF && !(f->code_taken[cp >> 3] & (1u << (cp & 7)))) {
        code = cp;
    } else {
        uint32_t tries = 0;
        code = f->next_free;
        while (code == 0 || (f->code_taken[code >> 3] & (1u << (code & 7)))) {
            code = (code + 1) & 0xFFFF;
            if (++tries > 0x10000) return -1;
        }
        f->next_free = (code + 1) & 0xFFFF;
    }
    f->code_taken[code >> 3] |= (uint8_t)(1u << (code & 7));

    if (f->ncodes == f->capcodes) {
        f->capcodes = f->capcodes ? f->capcodes * 2 : 64;
        f->codes = ts_xrealloc(f->codes, f->capcodes * sizeof *f->codes);
    }
    f->codes[f->ncodes++] = (pdf_code){cp, gid, (uint16_t)code};
    if (f->ncodes * 2 > f->nslots) font_rehash(f, f->nslots * 2);
    else f->slots[s] = (uint32_t)f->ncodes;
    return (int)code;
}

/* The glyph's advance in millionths of an em. /W gets it in thousandths
 * with its fraction, so that the TJ adjustments measured against it are
 * the shaper's kerning and nothing else (whole-number widths would add a
 * ±1 correction after almost every glyph). */
static long long glyph_width(const pdf_font *f, uint16_t gid)
{
    long long upem = f->tt->header.units_per_em;
    long long adv = f->tt->h_metric[gid].advance_width;
    return (adv * 1000000 + upem / 2) / upem;
}

/* libharu's Type0 font for a loaded TrueType font. For the UTF-8 encoder
 * libharu fills the font's /W and /CIDToGIDMap from all 65 536 code
 * points, a search of the font's cmap for each (a third of a one-page
 * run), and finish_font replaces both with the codes the document used.
 * So while the font is made, the encoder is given its table-driven
 * behaviour with a table of one entry (the space), and then restored. */
static HPDF_Font get_font(pdf_dev *p, const char *name)
{
    HPDF_Encoder enc = HPDF_GetEncoder(p->doc, "UTF-8");
    if (!enc || enc->type != HPDF_ENCODER_TYPE_DOUBLE_BYTE || !enc->attr)
        return HPDF_GetFont(p->doc, name, "UTF-8");
    HPDF_CMapEncoderAttr ea = (HPDF_CMapEncoderAttr)enc->attr;
    HPDF_Encoder_ToUnicode_Func to_unicode = enc->to_unicode_fn;
    HPDF_UINT16 *saved = ts_xmalloc(sizeof ea->cid_map);
    memcpy(saved, ea->cid_map, sizeof ea->cid_map);
    HPDF_UNICODE space = ea->unicode_map[0][0x20];
    memset(ea->cid_map, 0, sizeof ea->cid_map);
    ea->cid_map[0][0x20] = 0x20;
    ea->unicode_map[0][0x20] = 0x20;
    enc->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
    HPDF_Font font = HPDF_GetFont(p->doc, name, "UTF-8");
    enc->to_unicode_fn = to_unicode;
    ea->unicode_map[0][0x20] = space;
    memcpy(ea->cid_map, saved, sizeof ea->cid_map);
    free(saved);
    return font;
}

static pdf_font *font_for(pdf_dev *p, const char *path)
{
    for (int i = 0; i < p->nfonts; i++)
        if (strcmp(p->fonts[i].path, path) == 0) return &p->fonts[i];

    p->fonts = grow(p->fonts, &p->capfonts, p->nfonts + 1, sizeof *p->fonts);
    pdf_font *f = &p->fonts[p->nfonts++];
    memset(f, 0, sizeof *f);
    f->path = xstrdup(path);
    f->next_free = 0xE000;

    /* Embedding on: libharu then subsets, writing only the glyphs whose
     * flag is set in its glyph table (see mark_glyph). */
    const char *name = HPDF_LoadTTFontFromFile(p->doc, path, HPDF_TRUE);
    HPDF_Font font = name ? get_font(p, name) : NULL;
    ts_pos at = at_file(path);
    if (check(p, at, "cannot embed this font") || !font) {
        if (!font && !p->failed) {
            ts_error(p->d, at, "PDF: cannot embed this font");
            p->failed = 1;
        }
        return f;
    }
    HPDF_FontAttr fattr = (HPDF_FontAttr)font->attr;
    if (fattr->type != HPDF_FONT_TYPE0_TT || !fattr->map_stream ||
        !fattr->cmap_stream || !fattr->descendant_font) {
        ts_error(p->d, at, "PDF: libharu did not make a Type0 TrueType font of this file");
        p->failed = 1;
        return f;
    }
    f->font = font;
    f->tt = (HPDF_TTFontDefAttr)fattr->fontdef->attr;
    return f;
}

/* Append the hex form of a 2-byte code. */
/* "> N " closing a glyph string with a TJ adjustment; what
 * ts_buf_printf(b, "> %lld ", n) wrote, without formatting a string for
 * each of a page's thousands of kerning pairs. */
static void put_adjustment(ts_buf *b, long long n)
{
    char s[32];
    int at = (int)sizeof s;
    s[--at] = ' ';
    unsigned long long a = n < 0 ? 0ull - (unsigned long long)n : (unsigned long long)n;
    do {
        s[--at] = (char)('0' + a % 10);
        a /= 10;
    } while (a);
    if (n < 0) s[--at] = '-';
    s[--at] = ' ';
    s[--at] = '>';
    ts_buf_append(b, s + at, sizeof s - (size_t)at);
}

static void put_code(ts_buf *b, int code)
{
    static const char hex[] = "0123456789ABCDEF";
    char s[4] = {hex[(code >> 12) & 15], hex[(code >> 8) & 15],
                 hex[(code >> 4) & 15], hex[code & 15]};
    ts_buf_append(b, s, 4);
}

/* v with at most `decimals` decimals, trailing zeros dropped ("12.5",
 * "-0.125", "3"), without printf (so whatever the C locale): text
 * positions are written for every run. */
static void put_fixed(ts_buf *b, double v, int decimals)
{
    long long scale = 1;
    for (int i = 0; i < decimals; i++) scale *= 10;
    double r = v * (double)scale;
    long long n = (long long)(r < 0 ? r - 0.5 : r + 0.5);
    if (n < 0) {
        ts_buf_putc(b, '-');
        n = -n;
    }
    long long ip = n / scale, fp = n % scale;
    char digits[24];
    int k = 0;
    do {
        digits[k++] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip > 0);
    while (k > 0) ts_buf_putc(b, digits[--k]);
    if (fp == 0) return;
    int places = decimals;
    while (fp % 10 == 0) {
        fp /= 10;
        places--;
    }
    ts_buf_putc(b, '.');
    for (int i = places - 1; i >= 0; i--) {
        long long d = fp;
        for (int j = 0; j < i; j++) d /= 10;
        ts_buf_putc(b, (char)('0' + d % 10));
    }
}

/* The fill colour operator for c: rg, or k in the print variant. */
static void put_fill(const pdf_dev *p, ts_buf *b, dev_color c)
{
    if (p->print) {
        double k[4];
        cmyk_of(c, k);
        for (int i = 0; i < 4; i++) {
            put_fixed(b, k[i], 5);
            ts_buf_putc(b, ' ');
        }
        ts_buf_puts(b, "k\n");
        return;
    }
    put_fixed(b, c.r / 255.0, 5);
    ts_buf_putc(b, ' ');
    put_fixed(b, c.g / 255.0, 5);
    ts_buf_putc(b, ' ');
    put_fixed(b, c.b / 255.0, 5);
    ts_buf_puts(b, " rg\n");
}

static void pdf_text(dev_device *dev, const dev_text *t)
{
    pdf_dev *p = (pdf_dev *)dev;
    if (!p->page || t->count <= 0) return;
    pdf_font *f = font_for(p, t->font_path);
    if (!f->font) return;
    if (t->size <= 0) return;

    /* Codes first. A glyph the font does not have is reported (the
     * document then fails) and written as code 0, which shows .notdef. */
    p->codes = grow(p->codes, &p->capcodes, t->count, sizeof *p->codes);
    int *codes = p->codes;
    for (int i = 0; i < t->count; i++) {
        uint32_t gid = t->gids[i];
        codes[i] = -1;
        if (gid == 0) {
            /* ISO 19005-2 6.2.11.8: no text may show .notdef. The text
             * stage falls back to another font before it gets here. */
            if (!f->bad_gid_reported)
                ts_error(p->d, at_file(t->font_path),
                         "PDF: no glyph for U+%04X in this font (it would show as "
                         ".notdef, which PDF/A forbids)", (unsigned)t->cps[i]);
            p->failed = 1;
            f->bad_gid_reported = 1;
            continue;
        } else if (gid < f->tt->num_glyphs) {
            codes[i] = font_code(f, t->cps[i], (uint16_t)gid);
        }
        if (codes[i] < 0 && !f->bad_gid_reported) {
            ts_error(p->d, at_file(t->font_path),
                     "PDF: glyph %u (for U+%04X) is not in this font or the font has too many glyphs",
                     (unsigned)gid, (unsigned)t->cps[i]);
            f->bad_gid_reported = 1;
            p->failed = 1;
        }
    }

    pdf_tags_paint(p->tags, t);
    /* The text object is written here, operators and TJ array in one
     * piece, rather than through libharu's BeginText, SetFontAndSize,
     * SetRGBFill, MoveTextPos and EndText, each of which formats its
     * numbers and clears a buffer a byte at a time: a long table draws a
     * few text runs per cell. Font, size and fill colour are written only
     * when they differ from the page's current ones: they persist from
     * one text object to the next, and paths and images change theirs
     * only inside q … Q. */
    const char *font_name = HPDF_Page_GetLocalFontName(p->page, f->font);
    if (!font_name) {
        check(p, at_file(t->font_path), "cannot set text");
        HPDF_ResetError(p->doc);
        p->err = 0;
        return;
    }
    ts_buf *b = &p->text_ops;
    b->len = 0;
    if (t->angle) {
        /* Turned text is the UTKAST watermark, decoration: an empty
         * ActualText keeps its letters out of copied and extracted text,
         * where they would land among the lines they cross. */
        ts_buf_puts(b, "/Span <</ActualText ()>> BDC\n");
    }
    ts_buf_puts(b, "BT\n");
    if (p->text_font != f || p->text_size != t->size) {
        ts_buf_putc(b, '/');
        ts_buf_puts(b, font_name);
        ts_buf_putc(b, ' ');
        put_fixed(b, pt(t->size), 5);
        ts_buf_puts(b, " Tf\n");
        p->text_font = f;
        p->text_size = t->size;
    }
    if (!p->fill_known || memcmp(&p->fill, &t->color, sizeof t->color) != 0) {
        put_fill(p, b, t->color);
        p->fill = t->color;
        p->fill_known = 1;
    }
    if (t->angle) {
        /* the text matrix rotates the baseline counterclockwise about its
         * start: the same turn in PDF's y-up space as on the y-down device */
        double a = t->angle * 3.14159265358979323846 / 180.0;
        double m[6] = { cos(a), sin(a), -sin(a), cos(a), px(p, t->x), py(p, t->y) };
        for (int i = 0; i < 6; i++) {
            put_fixed(b, m[i], 5);
            ts_buf_putc(b, ' ');
        }
        ts_buf_puts(b, "Tm\n");
    } else {
        put_fixed(b, px(p, t->x), 5);
        ts_buf_putc(b, ' ');
        put_fixed(b, py(p, t->y), 5);
        ts_buf_puts(b, " Td\n");
    }

    /* The TJ array. A glyph moves the pen by its /W width minus the number
     * after it (both in thousandths of an em); the shaper's advance
     * includes the kerning. Positions are tracked in millionths of an em
     * against the cumulative target, so rounding never accumulates: after
     * glyph i the pen is within half a thousandth of (advances 0..i). */
    ts_buf_puts(b, "[<");
    long long target_sp = 0;    /* sum of advances so far, sp */
    long long pen = 0;          /* pen position, millionths of an em */
    ts_sp rise = 0;             /* current text rise, sp (device y-down) */
    int open = 1;               /* inside a <…> string */
    for (int i = 0; i < t->count; i++) {
        ts_sp yo = t->y_offsets ? t->y_offsets[i] : 0;
        if (yo != rise) {
            /* A vertical offset: end the array, change the text rise
             * (PDF y is up, device y down), continue. */
            ts_buf_puts(b, open ? ">] TJ\n" : "] TJ\n");
            put_fixed(b, -pt(yo), 3);
            ts_buf_puts(b, " Ts\n[<");
            open = 1;
            rise = yo;
        }
        if (!open) {
            ts_buf_putc(b, '<');
            open = 1;
        }
        uint16_t gid = (uint16_t)t->gids[i];
        put_code(b, codes[i] < 0 ? 0 : codes[i]);
        if (i + 1 == t->count) break;
        long long w = codes[i] < 0 ? 0 : glyph_width(f, gid);
        target_sp += t->advances[i];
        long long tnum = target_sp * 1000000;
        long long target = (tnum >= 0 ? tnum + t->size / 2 : tnum - t->size / 2) / t->size;
        long long adj = pen + w - target;                     /* millionths */
        long long adj_thou = (adj >= 0 ? adj + 500 : adj - 500) / 1000;
        if (adj_thou != 0) {
            /* Whole thousandths: 0.012 pt at 12 pt, finer than any device,
             * and the remainder is carried to the next glyph. */
            put_adjustment(b, adj_thou);
            open = 0;
        }
        pen += w - adj_thou * 1000;
    }
    ts_buf_puts(b, open ? ">] TJ\n" : "] TJ\n");
    if (rise != 0) ts_buf_puts(b, "0 Ts\n");
    ts_buf_puts(b, "ET\n");
    if (t->angle) ts_buf_puts(b, "EMC\n");
    HPDF_Stream_Write(((HPDF_PageAttr)p->page->attr)->stream, (const HPDF_BYTE *)b->data,
                      (HPDF_UINT)b->len);
    check(p, at_file(t->font_path), "cannot write text");
}

/* Mark glyph gid as used in libharu's glyph table, which decides what the
 * subset keeps, and with it the components of a composite glyph (å may be
 * drawn as a + ring). libharu marks composites only for glyphs it reaches
 * from a code point; ours come from the shaper, so the device reads the
 * glyf entries itself from the font file. */
static void mark_glyph(pdf_font *f, FILE *fp, uint16_t gid, int depth)
{
    HPDF_TTFontDefAttr tt = f->tt;
    if (gid >= tt->num_glyphs || depth > 8) return;
    if (tt->glyph_tbl.flgs[gid] && depth > 0) return;
    tt->glyph_tbl.flgs[gid] = 1;
    if (!fp) return;

    long m = tt->header.index_to_loc_format == 0 ? 2 : 1;
    long start = (long)tt->glyph_tbl.base_offset + (long)tt->glyph_tbl.offsets[gid] * m;
    long end = (long)tt->glyph_tbl.base_offset + (long)tt->glyph_tbl.offsets[gid + 1] * m;
    if (end - start < 10 || end - start > 65536) return;
    size_t len = (size_t)(end - start);
    uint8_t *buf = ts_xmalloc(len);
    if (fseek(fp, start, SEEK_SET) != 0 || fread(buf, 1, len, fp) != len ||
        (int16_t)(buf[0] << 8 | buf[1]) >= 0) {
        free(buf);      /* unreadable, or a simple glyph */
        return;
    }

    /* Composite: a list of components, each flags, glyphIndex, then
     * arguments and an optional transform whose sizes the flags give. */
    size_t pos = 10;
    for (;;) {
        if (pos + 4 > len) break;
        unsigned flags = (unsigned)(buf[pos] << 8 | buf[pos + 1]);
        uint16_t comp = (uint16_t)(buf[pos + 2] << 8 | buf[pos + 3]);
        pos += 4;
        mark_glyph(f, fp, comp, depth + 1);
        pos += (flags & 0x0001) ? 4 : 2;          /* ARG_1_AND_2_ARE_WORDS */
        if (flags & 0x0008) pos += 2;             /* WE_HAVE_A_SCALE */
        else if (flags & 0x0040) pos += 4;        /* WE_HAVE_AN_X_AND_Y_SCALE */
        else if (flags & 0x0080) pos += 8;        /* WE_HAVE_A_TWO_BY_TWO */
        if (!(flags & 0x0020)) break;             /* MORE_COMPONENTS */
    }
    free(buf);
}

static int cmp_code(const void *a, const void *b)
{
    const pdf_code *x = a, *y = b;
    return (x->code > y->code) - (x->code < y->code);
}

/* Replace a stream's data. */
static void restream(HPDF_Dict stream, const void *data, size_t len)
{
    HPDF_MemStream_FreeData(stream->stream);
    HPDF_Stream_Write(stream->stream, data, (HPDF_UINT)len);
}

/* Append cp as UTF-16BE hex. */
static void put_utf16(ts_buf *b, uint32_t cp)
{
    if (cp >= 0x10000) {
        uint32_t v = cp - 0x10000;
        put_code(b, (int)(0xD800 + (v >> 10)));
        put_code(b, (int)(0xDC00 + (v & 0x3FF)));
    } else {
        put_code(b, (int)cp);
    }
}

/* Rewrite one font's /W, /CIDToGIDMap and /ToUnicode for the codes used,
 * and mark its glyphs for the subset. */
static void finish_font(pdf_dev *p, pdf_font *f)
{
    if (!f->font) return;
    HPDF_FontAttr fattr = (HPDF_FontAttr)f->font->attr;
    HPDF_MMgr mmgr = p->doc->mmgr;
    ts_pos at = at_file(f->path);

    pdf_code *sorted = ts_xmalloc((f->ncodes ? f->ncodes : 1) * sizeof *sorted);
    if (f->ncodes) memcpy(sorted, f->codes, f->ncodes * sizeof *sorted);
    qsort(sorted, f->ncodes, sizeof *sorted, cmp_code);

    /* Subset: .notdef and every glyph shown, with components. */
    FILE *fp = fopen(f->path, "rb");
    f->tt->glyph_tbl.flgs[0] = 1;
    for (size_t i = 0; i < f->ncodes; i++) mark_glyph(f, fp, sorted[i].gid, 0);
    if (fp) fclose(fp);

    /* /W: runs of consecutive codes, c [w1 w2 …]. */
    HPDF_Array w = HPDF_Array_New(mmgr);
    HPDF_Array run = NULL;
    for (size_t i = 0; w && i < f->ncodes; i++) {
        if (!run || sorted[i].code != sorted[i - 1].code + 1) {
            HPDF_Array_AddNumber(w, sorted[i].code);
            run = HPDF_Array_New(mmgr);
            if (!run) break;
            HPDF_Array_Add(w, run);
        }
        HPDF_Array_AddReal(run, (HPDF_REAL)(glyph_width(f, sorted[i].gid) / 1000.0));
    }
    if (w) HPDF_Dict_Add(fattr->descendant_font, "W", w);

    /* libharu names the ordering "Identity-H" (the encoding's name); the
     * conventional value for an Identity-H font is "Identity". ISO 19005-2
     * 6.2.11.3.1 accepts any with Identity-H; this one reads right. */
    HPDF_Dict info = HPDF_Dict_GetItem(fattr->descendant_font, "CIDSystemInfo", HPDF_OCLASS_DICT);
    if (info) HPDF_Dict_Add(info, "Ordering", HPDF_String_New(mmgr, "Identity", NULL));

    /* /CIDToGIDMap: two bytes per code from 0 to the highest used. */
    size_t maxcode = f->ncodes ? sorted[f->ncodes - 1].code : 0;
    uint8_t *map = calloc(maxcode + 1, 2);
    if (!map) ts_oom();
    for (size_t i = 0; i < f->ncodes; i++) {
        map[sorted[i].code * 2] = (uint8_t)(sorted[i].gid >> 8);
        map[sorted[i].code * 2 + 1] = (uint8_t)sorted[i].gid;
    }
    restream(fattr->map_stream, map, (maxcode + 1) * 2);
    free(map);

    /* /ToUnicode: a valid CMap (bfchar entries, at most 100 per block, as
     * the CMap format requires) mapping every code to its character. The
     * CMap-dictionary keys libharu gave its stream describe the broken
     * original and go. */
    ts_buf b = {0};
    ts_buf_puts(&b,
                "/CIDInit /ProcSet findresource begin\n"
                "12 dict begin\n"
                "begincmap\n"
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                "/CMapName /Adobe-Identity-UCS def\n"
                "/CMapType 2 def\n"
                "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    for (size_t i = 0; i < f->ncodes; i += 100) {
        size_t n = f->ncodes - i < 100 ? f->ncodes - i : 100;
        ts_buf_printf(&b, "%zu beginbfchar\n", n);
        for (size_t j = i; j < i + n; j++) {
            ts_buf_putc(&b, '<');
            put_code(&b, sorted[j].code);
            ts_buf_puts(&b, "> <");
            put_utf16(&b, sorted[j].cp);
            ts_buf_puts(&b, ">\n");
        }
        ts_buf_puts(&b, "endbfchar\n");
    }
    ts_buf_puts(&b,
                "endcmap\n"
                "CMapName currentdict /CMap defineresource pop\n"
                "end\n"
                "end\n");
    restream(fattr->cmap_stream, b.data, b.len);
    ts_buf_free(&b);
    HPDF_Dict_RemoveElement(fattr->cmap_stream, "Type");
    HPDF_Dict_RemoveElement(fattr->cmap_stream, "CMapName");
    HPDF_Dict_RemoveElement(fattr->cmap_stream, "CIDSystemInfo");
    HPDF_Dict_RemoveElement(fattr->cmap_stream, "WMode");
    free(sorted);
    check(p, at, "cannot finish this font");
}

/* libharu makes a font's FontDescriptor and FontFile2 (with its /Length:
 * three objects) only as it writes the font. They are made here, after
 * finish_font marked the subset, so that every object libharu will write
 * exists when the structure elements are numbered after its last one
 * (pdf_tags_finish); when libharu writes the font it finds the descriptor
 * made and only sets the font's names again. Called just before
 * pdf_tags_finish, so the other objects keep the numbers they had when
 * libharu made these last. */
static void make_font_descriptors(pdf_dev *p)
{
    for (int i = 0; i < p->nfonts && !p->err; i++) {
        HPDF_Font font = p->fonts[i].font;
        if (font && font->before_write_fn && font->before_write_fn(font) != HPDF_OK && !p->err)
            p->err = HPDF_FAILD_TO_ALLOC_MEM;
    }
    check(p, nowhere, "cannot embed the fonts");
}

/* ---- paths ----------------------------------------------------------------- */

/* A filled path's x in PDF space. In the print variant a point on the
 * trimmed page's left or right edge moves out by the bleed, so a
 * background drawn to the edge still covers it after an imprecise cut. */
static double path_x(const pdf_dev *p, const dev_path *path, ts_sp x)
{
    if (p->print && path->fill) {
        if (x <= 0) x -= PDF_BLEED;
        else if (x >= p->page_wsp) x += PDF_BLEED;
    }
    return px(p, x);
}

static double path_y(const pdf_dev *p, const dev_path *path, ts_sp y)
{
    if (p->print && path->fill) {
        if (y <= 0) y -= PDF_BLEED;
        else if (y >= p->page_hsp) y += PDF_BLEED;
    }
    return py(p, y);
}

static void pdf_path(dev_device *dev, const dev_path *path)
{
    pdf_dev *p = (pdf_dev *)dev;
    if (!p->page || path->count <= 0) return;
    HPDF_Page pg = p->page;

    pdf_tags_paint(p->tags, NULL);
    /* q … Q so width, colours and dash stay with this path. */
    HPDF_Page_GSave(pg);
    if (path->stroke) {
        HPDF_Page_SetLineWidth(pg, (HPDF_REAL)pt(path->line_width));
        set_color(p, path->stroke_color, 1);
        if (path->dash_count > 0 && path->dash) {
            /* libharu's SetDash takes whole points only: written here. */
            ts_buf b = {0};
            ts_buf_putc(&b, '[');
            for (int i = 0; i < path->dash_count; i++) {
                if (i) ts_buf_putc(&b, ' ');
                put_fixed(&b, pt(path->dash[i]), 3);
            }
            ts_buf_puts(&b, "] 0 d\n");
            put(p, ts_buf_cstr(&b));
            ts_buf_free(&b);
        }
    }
    if (path->fill) set_color(p, path->fill_color, 0);

    int started = 0;
    for (int i = 0; i < path->count; i++) {
        const dev_path_seg *s = &path->segs[i];
        switch (s->op) {
        case DEV_MOVE:
            HPDF_Page_MoveTo(pg, (HPDF_REAL)path_x(p, path, s->x[0]),
                             (HPDF_REAL)path_y(p, path, s->y[0]));
            started = 1;
            break;
        case DEV_LINE:
            if (started)
                HPDF_Page_LineTo(pg, (HPDF_REAL)path_x(p, path, s->x[0]),
                                 (HPDF_REAL)path_y(p, path, s->y[0]));
            break;
        case DEV_CURVE:
            if (started)
                HPDF_Page_CurveTo(pg, (HPDF_REAL)path_x(p, path, s->x[0]),
                                  (HPDF_REAL)path_y(p, path, s->y[0]),
                                  (HPDF_REAL)path_x(p, path, s->x[1]),
                                  (HPDF_REAL)path_y(p, path, s->y[1]),
                                  (HPDF_REAL)path_x(p, path, s->x[2]),
                                  (HPDF_REAL)path_y(p, path, s->y[2]));
            break;
        case DEV_CLOSE:
            if (started) HPDF_Page_ClosePath(pg);
            break;
        }
    }
    if (started) {
        if (path->fill && path->stroke) HPDF_Page_FillStroke(pg);
        else if (path->fill) HPDF_Page_Fill(pg);
        else if (path->stroke) HPDF_Page_Stroke(pg);
        else HPDF_Page_EndPath(pg);
    }
    HPDF_Page_GRestore(pg);
    check(p, nowhere, "cannot draw a path");
    if (!started) {
        ts_error(p->d, nowhere, "PDF: a path does not begin with a move");
        p->failed = 1;
    }
}

/* ---- images ---------------------------------------------------------------- */

/* libharu 2.3.0 reads PNG files with libpng but sets no error handler, so
 * a corrupt file makes libpng abort() the program. Each PNG is therefore
 * decoded once here first, with errors caught; only a file libpng reads
 * cleanly goes to libharu. Returns NULL when it is fine, else libpng's
 * message (copied into msg). */
typedef struct png_check {
    jmp_buf jmp;
    char msg[200];
} png_check;

static void png_check_error(png_structp png, png_const_charp message)
{
    png_check *c = png_get_error_ptr(png);
    snprintf(c->msg, sizeof c->msg, "%s", message);
    longjmp(c->jmp, 1);
}

static void png_check_warning(png_structp png, png_const_charp message)
{
    (void)png;
    (void)message;      /* ancillary problems: libpng copes */
}

static const char *png_problem(FILE *fp, png_check *c)
{
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, c,
                                             png_check_error, png_check_warning);
    if (!png) return "out of memory";
    png_infop info = png_create_info_struct(png);
    png_bytep volatile row = NULL;
    if (!info || setjmp(c->jmp)) {
        png_destroy_read_struct(&png, info ? &info : NULL, NULL);
        free(row);
        return c->msg[0] ? c->msg : "out of memory";
    }
    png_init_io(png, fp);
    png_read_info(png, info);
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    png_uint_32 height = png_get_image_height(png, info);
    size_t rowbytes = png_get_rowbytes(png, info);
    row = malloc(rowbytes ? rowbytes : 1);
    if (!row) {
        snprintf(c->msg, sizeof c->msg, "out of memory");
        longjmp(c->jmp, 1);
    }
    for (int pass = 0; pass < passes; pass++)
        for (png_uint_32 y = 0; y < height; y++) png_read_row(png, row, NULL);
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    free(row);
    return NULL;
}

static HPDF_Image image_for(pdf_dev *p, const char *path)
{
    for (int i = 0; i < p->nimages; i++)
        if (strcmp(p->images[i].path, path) == 0) return p->images[i].image;

    p->images = grow(p->images, &p->capimages, p->nimages + 1, sizeof *p->images);
    pdf_image *im = &p->images[p->nimages++];
    im->path = xstrdup(path);
    im->image = NULL;
    ts_pos at = at_file(path);

    /* The kind by its first bytes, not its name. */
    unsigned char magic[8] = {0};
    FILE *fp = fopen(path, "rb");
    size_t got = fp ? fread(magic, 1, sizeof magic, fp) : 0;
    if (fp) fclose(fp);
    if (!fp) {
        ts_error(p->d, at, "PDF: cannot read this image");
        p->failed = 1;
        return NULL;
    }
    static const unsigned char png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    HPDF_Image image = NULL;
    if (got == 8 && memcmp(magic, png, 8) == 0) {
        png_check c;
        c.msg[0] = 0;
        FILE *pf = fopen(path, "rb");
        const char *problem = pf ? png_problem(pf, &c) : "cannot open it";
        if (pf) fclose(pf);
        if (problem) {
            ts_error(p->d, at, "PDF: this PNG image cannot be read: %s", problem);
            p->failed = 1;
            return NULL;
        }
        image = HPDF_LoadPngImageFromFile(p->doc, path);
    } else if (got >= 3 && magic[0] == 0xFF && magic[1] == 0xD8 && magic[2] == 0xFF) {
        image = HPDF_LoadJpegImageFromFile(p->doc, path);
    } else {
        ts_error(p->d, at, "PDF: this image is neither PNG nor JPEG");
        p->failed = 1;
        return NULL;
    }
    if (check(p, at, "cannot use this image") || !image) {
        if (!p->failed) {
            ts_error(p->d, at, "PDF: cannot use this image");
            p->failed = 1;
        }
        return NULL;
    }
    im->image = image;
    return image;
}

static void pdf_image_draw(dev_device *dev, const dev_image *in)
{
    pdf_dev *p = (pdf_dev *)dev;
    if (!p->page) return;
    HPDF_Image image = image_for(p, in->path);
    if (!image) return;
    pdf_tags_paint(p->tags, NULL);
    HPDF_Page_DrawImage(p->page, image, (HPDF_REAL)px(p, in->x),
                        (HPDF_REAL)py(p, in->y + in->height),
                        (HPDF_REAL)pt(in->width), (HPDF_REAL)pt(in->height));
    check(p, at_file(in->path), "cannot place this image");
}

/* ---- links and bookmarks --------------------------------------------------- */

/* [page /XYZ 0 top null]: the top of the view at `top`, zoom unchanged
 * (libharu's SetXYZ refuses a null zoom). */
static HPDF_Destination make_dest(pdf_dev *p, HPDF_Page page, double top)
{
    HPDF_Destination dst = HPDF_Page_CreateDestination(page);
    if (!dst) return NULL;
    HPDF_Array_Clear(dst);
    HPDF_Array_Add(dst, page);
    HPDF_Array_AddName(dst, "XYZ");
    HPDF_Array_AddReal(dst, 0);
    HPDF_Array_AddReal(dst, (HPDF_REAL)(top < 0 ? 0 : top));
    HPDF_Array_Add(dst, HPDF_Null_New(p->doc->mmgr));
    return dst;
}

/* Percent-encode what may not stand in a URI as written (non-ASCII bytes,
 * spaces, controls), so the /URI string is 7-bit ASCII as PDF requires. */
static char *uri_ascii(const char *url)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(url);
    char *r = ts_xmalloc(n * 3 + 1), *o = r;
    for (const unsigned char *s = (const unsigned char *)url; *s; s++) {
        if (*s <= 0x20 || *s >= 0x7F) {
            *o++ = '%';
            *o++ = hex[*s >> 4];
            *o++ = hex[*s & 15];
        } else {
            *o++ = (char)*s;
        }
    }
    *o = 0;
    return r;
}

/* No border, and the print flag: ISO 19005-2 6.3.2 wants /F with Print
 * set (and Hidden, Invisible, NoView clear) on every annotation, so a
 * printed archival copy matches the screen. */
static void link_style(HPDF_Annotation a)
{
    if (!a) return;
    HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
    HPDF_Dict_AddNumber(a, "F", 4);
}

static void pdf_link(dev_device *dev, const dev_link *l)
{
    pdf_dev *p = (pdf_dev *)dev;
    if (!p->page) return;
    HPDF_Rect r;
    r.left = (HPDF_REAL)px(p, l->x);
    r.right = (HPDF_REAL)px(p, l->x + l->width);
    r.top = (HPDF_REAL)py(p, l->y);
    r.bottom = (HPDF_REAL)py(p, l->y + l->height);
    if (l->url) {
        char *uri = uri_ascii(l->url);
        HPDF_Annotation a = HPDF_Page_CreateURILinkAnnot(p->page, r, uri);
        link_style(a);
        pdf_tags_annot(p->tags, NULL, a, p->npages - 1, l->url);
        free(uri);
        check(p, nowhere, "cannot add a link");
        return;
    }
    p->links = grow(p->links, &p->caplinks, p->nlinks + 1, sizeof *p->links);
    p->links[p->nlinks++] = (pdf_pending_link){p->npages - 1, r, l->dest_page, l->dest_y,
                                               pdf_tags_current(p->tags)};
}

/* The internal links, now that every page exists. */
static void finish_links(pdf_dev *p)
{
    for (int i = 0; i < p->nlinks; i++) {
        const pdf_pending_link *l = &p->links[i];
        if (l->dest_page < 0 || l->dest_page >= p->npages) {
            ts_error(p->d, nowhere, "PDF: a link points to page %d, but the document has %d",
                     l->dest_page + 1, p->npages);
            p->failed = 1;
            continue;
        }
        HPDF_Page target = p->pages[l->dest_page];
        double top = p->off + p->heights[l->dest_page] - pt(l->dest_y);
        HPDF_Destination dst = make_dest(p, target, top);
        HPDF_Annotation a = dst ? HPDF_Page_CreateLinkAnnot(p->pages[l->page], l->rect, dst) : NULL;
        link_style(a);
        pdf_tags_annot(p->tags, l->tag, a, l->page, NULL);
        check(p, nowhere, "cannot add a link");
    }
}

static void pdf_bookmark(dev_device *dev, int level, const char *title, ts_sp y)
{
    pdf_dev *p = (pdf_dev *)dev;
    if (!p->page || !title) return;
    if (level < 1) level = 1;

    /* The parent is the latest entry of a smaller level. */
    while (p->outline_depth > 0 && p->outline_level[p->outline_depth - 1] >= level)
        p->outline_depth--;
    HPDF_Outline parent = p->outline_depth > 0 ? p->outline_stack[p->outline_depth - 1] : NULL;

    /* Created with an empty title, which is then replaced by a proper text
     * string (UTF-16BE when needed) through the object API. */
    HPDF_Outline o = HPDF_CreateOutline(p->doc, parent, "", NULL);
    if (o) {
        void *s = text_string(p, title);
        if (s) HPDF_Dict_Add(o, "Title", s);
        HPDF_Destination dst = make_dest(p, p->page, py(p, y));
        if (dst) HPDF_Outline_SetDestination(o, dst);
    }
    if (check(p, nowhere, "cannot add a bookmark") || !o) return;
    p->has_outlines = 1;
    if (p->outline_depth < PDF_MAX_OUTLINE_DEPTH) {
        p->outline_stack[p->outline_depth] = o;
        p->outline_level[p->outline_depth] = level;
        p->outline_depth++;
    }
}

/* ---- structure: tags.c ------------------------------------------------------ */

static void pdf_begin_struct(dev_device *dev, const dev_struct *s)
{
    pdf_dev *p = (pdf_dev *)dev;
    p->struct_depth++;
    pdf_tags_begin(p->tags, s);
}

static void pdf_end_struct(dev_device *dev)
{
    pdf_dev *p = (pdf_dev *)dev;
    assert(p->struct_depth > 0 && "end_struct without begin_struct");
    p->struct_depth--;
    pdf_tags_end(p->tags);
}

static void pdf_begin_artifact(dev_device *dev)
{
    pdf_dev *p = (pdf_dev *)dev;
    p->artifact_depth++;
    pdf_tags_begin_artifact(p->tags);
}

static void pdf_end_artifact(dev_device *dev)
{
    pdf_dev *p = (pdf_dev *)dev;
    assert(p->artifact_depth > 0 && "end_artifact without begin_artifact");
    p->artifact_depth--;
    pdf_tags_end_artifact(p->tags);
}

/* ---- page labels ------------------------------------------------------------ */

/* /PageLabels in the catalog: decimal numbers from `start` on page
 * `first` (0-based), so the viewer shows the numbers printed on the
 * pages. */
static void pdf_page_labels(dev_device *dev, int first, int start)
{
    pdf_dev *p = (pdf_dev *)dev;
    if (first < 0 || start < 1) return;
    HPDF_AddPageLabel(p->doc, (HPDF_UINT)first, HPDF_PAGE_NUM_STYLE_DECIMAL,
                      (HPDF_UINT)start, NULL);
    check(p, nowhere, "cannot add page labels");
}

/* ---- document -------------------------------------------------------------- */

static void pdf_drop(dev_device *dev)
{
    pdf_dev *p = (pdf_dev *)dev;
    if (!p) return;
    pdf_deflater_drop(p->deflater);
    ts_buf_free(&p->text_ops);
    free(p->codes);
    if (p->doc) HPDF_Free(p->doc);
    pdf_tags_free(p->tags);
    for (int i = 0; i < p->nfonts; i++) {
        free(p->fonts[i].path);
        free(p->fonts[i].codes);
        free(p->fonts[i].slots);
    }
    free(p->fonts);
    for (int i = 0; i < p->nimages; i++) free(p->images[i].path);
    free(p->images);
    free(p->links);
    free(p->pages);
    free(p->heights);
    free(p->srgb_profile);
    free(p->title);
    free(p->subject);
    free(p->author);
    free(p->keywords);
    free(p->language);
    free(p);
}

dev_device *pdf_device_new(const pdf_info *info, ts_diag *d)
{
    pdf_dev *p = calloc(1, sizeof *p);
    if (!p) ts_oom();
    p->base.begin_page = pdf_begin_page;
    p->base.end_page = pdf_end_page;
    p->base.text = pdf_text;
    p->base.path = pdf_path;
    p->base.image = pdf_image_draw;
    p->base.link = pdf_link;
    p->base.bookmark = pdf_bookmark;
    p->base.begin_struct = pdf_begin_struct;
    p->base.end_struct = pdf_end_struct;
    p->base.begin_artifact = pdf_begin_artifact;
    p->base.end_artifact = pdf_end_artifact;
    p->base.drop = pdf_drop;
    p->base.page_labels = pdf_page_labels;
    p->d = d;
    p->tags = pdf_tags_new();
    if (info) {
        p->title = xstrdup(info->title);
        p->subject = xstrdup(info->subject);
        p->author = xstrdup(info->author);
        p->keywords = xstrdup(info->keywords);
        p->language = xstrdup(info->language);
        p->created = info->created;
        p->draft = info->draft;
        p->print = info->print;
        p->srgb_profile = xstrdup(info->srgb_profile);
    }
    if (!p->srgb_profile) p->srgb_profile = xstrdup(PDF_SRGB_PROFILE);
    p->off = p->print ? pt(PDF_SLUG) : 0;

    p->doc = HPDF_New(on_hpdf_error, p);
    if (!p->doc) {
        ts_error(d, nowhere, "PDF: libharu could not start a document (out of memory?)");
        p->failed = 1;
        return &p->base;
    }
    HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(p->doc);
    check(p, nowhere, "cannot set up the document");
    return &p->base;
}

static void set_info(pdf_dev *p, const char *key, const char *value)
{
    if (!value || !*value) return;
    void *s = text_string(p, value);
    if (s) HPDF_Dict_Add(p->doc->info, key, s);
}

/* The whole of a small file (an ICC profile), or NULL with errno set. */
static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    ts_buf b = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < (1u << 24))
        ts_buf_append(&b, chunk, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        ts_buf_free(&b);
        return NULL;
    }
    *len = b.len;
    if (!b.data) return ts_xmalloc(1);
    return (unsigned char *)b.data;
}

/* The sRGB ICC profile as a stream (/N 3, Flate), loaded on first use;
 * NULL after reporting why it cannot be. */
static HPDF_Dict srgb_profile(pdf_dev *p)
{
    if (p->srgb) return p->srgb;
    ts_pos at = at_file(p->srgb_profile);
    size_t len = 0;
    unsigned char *data = slurp(p->srgb_profile, &len);
    if (!data) {
        ts_error(p->d, at, "PDF: cannot read the sRGB colour profile, which every PDF "
                 "embeds; it comes with Debian's icc-profiles-free (make deps installs it)");
        p->failed = 1;
        return NULL;
    }
    const char *problem = pdf_icc_problem(data, len, 3);
    if (problem) {
        ts_error(p->d, at, "PDF: not a usable sRGB colour profile: %s", problem);
        p->failed = 1;
        free(data);
        return NULL;
    }
    HPDF_Dict icc = HPDF_DictStream_New(p->doc->mmgr, p->doc->xref);
    if (icc) {
        icc->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
        HPDF_Dict_AddNumber(icc, "N", 3);
        HPDF_Dict_AddName(icc, "Alternate", "DeviceRGB");
        HPDF_Stream_Write(icc->stream, data, (HPDF_UINT)len);
    }
    free(data);
    if (check(p, at, "cannot embed the sRGB colour profile") || !icc) return NULL;
    p->srgb = icc;
    return icc;
}

/* [/ICCBased profile] */
static HPDF_Array iccbased(pdf_dev *p)
{
    HPDF_Dict icc = srgb_profile(p);
    HPDF_Array cs = icc ? HPDF_Array_New(p->doc->mmgr) : NULL;
    if (!cs) return NULL;
    HPDF_Array_AddName(cs, "ICCBased");
    HPDF_Array_Add(cs, icc);
    return cs;
}

/* An object as stored, a reference followed: libharu's own getters
 * (HPDF_Dict_GetItem, HPDF_Array_GetItem) want the class in advance and
 * leave a silent error behind that fails every later call when it
 * differs, so a value of unknown class is read here. */
static void *resolve(void *obj)
{
    HPDF_Obj_Header *h = obj;
    if (h && h->obj_class == HPDF_OCLASS_PROXY) return ((HPDF_Proxy)obj)->obj;
    return obj;
}

static void *dict_value(HPDF_Dict dict, const char *key)
{
    for (HPDF_UINT i = 0; i < dict->list->count; i++) {
        HPDF_DictElement e = HPDF_List_ItemAt(dict->list, i);
        if (e && strcmp(e->key, key) == 0) return resolve(e->value);
    }
    return NULL;
}

static int is_name(void *obj, const char *name)
{
    if (!obj) return 0;
    HPDF_Obj_Header *h = obj;
    return (h->obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_NAME &&
           strcmp(HPDF_Name_GetValue(obj), name) == 0;
}

/* An RGB image (PNG or JPEG, which libharu labels DeviceRGB, directly or
 * as the base of an indexed palette) gets the sRGB profile as its colour
 * space: that is what the pixels are, and it keeps the image calibrated
 * in the print variant, where no RGB output intent is present
 * (ISO 19005-2 6.2.4.3 allows DeviceRGB only under an RGB output intent).
 * Grey images stay DeviceGray, which the output intent covers. */
static void calibrate_image(pdf_dev *p, HPDF_Image image)
{
    void *cs = dict_value(image, "ColorSpace");
    if (!cs) return;
    if (is_name(cs, "DeviceRGB")) {
        HPDF_Array icc = iccbased(p);
        if (icc) HPDF_Dict_Add(image, "ColorSpace", icc);
        return;
    }
    HPDF_Obj_Header *h = cs;
    if ((h->obj_class & HPDF_OCLASS_ANY) != HPDF_OCLASS_ARRAY) return;
    HPDF_Array arr = cs;
    if (arr->list->count != 4 || !is_name(resolve(arr->list->obj[0]), "Indexed") ||
        !is_name(resolve(arr->list->obj[1]), "DeviceRGB"))
        return;
    /* [/Indexed base hival lookup]: the base replaced in place. The array
     * has no setter, so the new base goes to the end and trades places
     * with the old one, which is then dropped. */
    HPDF_Array icc = iccbased(p);
    if (!icc || HPDF_Array_Add(arr, icc) != HPDF_OK) return;
    HPDF_List list = arr->list;
    void *old = list->obj[1];
    list->obj[1] = list->obj[list->count - 1];
    list->obj[list->count - 1] = old;
    HPDF_List_RemoveByIndex(list, list->count - 1);
    HPDF_Obj_Free(p->doc->mmgr, old);
}

/* Information dictionary, XMP metadata, output intent, catalog entries,
 * outlines mode. Every Info entry has its XMP counterpart with the same
 * value (ISO 19005-1 6.7.3, carried into ISO 19005-2 6.6). */
static void finish_document(pdf_dev *p)
{
    HPDF_Doc doc = p->doc;
    HPDF_MMgr mmgr = doc->mmgr;

    /* The header says PDF 1.7, the version PDF/A-2 is built on (ISO
     * 19005-2 6.1.2 allows 1.0 to 1.7; libharu would write 1.3, older than
     * the XMP, output intents and /Lang the file holds). */
    doc->pdf_version = HPDF_VER_17;

    pdf_meta m = {
        .title = p->title, .subject = p->subject, .author = p->author,
        .keywords = p->keywords, .language = p->language,
        .creator = "trycksak",
        .producer = "trycksak " TS_VERSION " (libharu " HPDF_VERSION_TEXT ")",
        .created = p->created, .draft = p->draft, .pdfa = !p->print, .pdfua = 1,
    };

    /* This creates the Info dictionary (with libharu's Producer, replaced
     * below); the rest goes in through the object API. */
    HPDF_SetInfoAttr(doc, HPDF_INFO_CREATOR, m.creator);
    if (doc->info) {
        set_info(p, "Title", m.title);
        set_info(p, "Subject", m.subject);
        set_info(p, "Author", m.author);
        set_info(p, "Keywords", m.keywords);
        set_info(p, "Producer", m.producer);
        char date[40];
        pdf_date_info(date, sizeof date, m.created);
        HPDF_Dict_Add(doc->info, "CreationDate", HPDF_String_New(mmgr, date, NULL));
        HPDF_Dict_Add(doc->info, "ModDate", HPDF_String_New(mmgr, date, NULL));
        /* Not a standard key; XMP has it as trycksak:status. */
        HPDF_Dict_AddName(doc->info, "Status", m.draft ? "draft" : "final");
    }
    check(p, nowhere, "cannot set the document information");

    HPDF_Dict catalog = doc->catalog;

    /* XMP (ISO 19005-2 6.6.2.1): a Metadata stream of the catalog, not
     * compressed, so any tool can read it as it is. */
    ts_buf xmp = {0};
    pdf_xmp_build(&xmp, &m);
    HPDF_Dict meta = HPDF_DictStream_New(mmgr, doc->xref);
    if (meta) {
        meta->filter = HPDF_STREAM_FILTER_NONE;
        HPDF_Dict_AddName(meta, "Type", "Metadata");
        HPDF_Dict_AddName(meta, "Subtype", "XML");
        HPDF_Stream_Write(meta->stream, (const HPDF_BYTE *)xmp.data, (HPDF_UINT)xmp.len);
        HPDF_Dict_Add(catalog, "Metadata", meta);
    }
    ts_buf_free(&xmp);
    check(p, nowhere, "cannot add the XMP metadata");

    /* The output intent (ISO 19005-2 6.2.3): sRGB with its profile, which
     * makes the DeviceRGB (and DeviceGray) of the content device
     * independent (6.2.4.3). The print variant has none: see pdf.h. */
    if (!p->print) {
        HPDF_Dict icc = srgb_profile(p);
        HPDF_Dict intent = icc ? HPDF_Dict_New(mmgr) : NULL;
        HPDF_Array intents = intent ? HPDF_Array_New(mmgr) : NULL;
        if (intents) {
            HPDF_Dict_AddName(intent, "Type", "OutputIntent");
            HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
            HPDF_Dict_Add(intent, "OutputConditionIdentifier",
                          HPDF_String_New(mmgr, "sRGB IEC61966-2.1", NULL));
            HPDF_Dict_Add(intent, "RegistryName",
                          HPDF_String_New(mmgr, "http://www.color.org", NULL));
            HPDF_Dict_Add(intent, "Info", HPDF_String_New(mmgr, "sRGB IEC61966-2.1", NULL));
            HPDF_Dict_Add(intent, "DestOutputProfile", icc);
            HPDF_Array_Add(intents, intent);
            HPDF_Dict_Add(catalog, "OutputIntents", intents);
        }
        check(p, nowhere, "cannot add the output intent");
    }
    for (int i = 0; i < p->nimages; i++)
        if (p->images[i].image) calibrate_image(p, p->images[i].image);
    check(p, nowhere, "cannot give an image its colour profile");

    if (p->language && *p->language)
        HPDF_Dict_Add(catalog, "Lang", HPDF_String_New(mmgr, p->language, NULL));
    HPDF_Dict prefs = HPDF_Dict_New(mmgr);
    if (prefs) {
        HPDF_Dict_AddBoolean(prefs, "DisplayDocTitle", HPDF_TRUE);
        HPDF_Dict_Add(catalog, "ViewerPreferences", prefs);
    }
    if (p->has_outlines) HPDF_SetPageMode(doc, HPDF_PAGE_MODE_USE_OUTLINE);
    check(p, nowhere, "cannot set the document catalog");

    make_font_descriptors(p);
    /* Tagged PDF (ISO 32000-1 14.7, 14.8; ISO 19005-2 6.8; ISO 14289-1) */
    if (pdf_tags_finish(p->tags, doc, p->pages, p->npages) < 0 && !p->err)
        p->err = HPDF_FAILD_TO_ALLOC_MEM;
    check(p, nowhere, "cannot write the structure tree");
}

/* libharu's serialised document, as it holds it: a list of blocks. The
 * file is never copied whole; a long document's PDF would otherwise be in
 * memory two or three times while it is saved. */
typedef struct pdf_bytes {
    ts_span *parts;
    size_t nparts;
    size_t len;
} pdf_bytes;

static void bytes_free(pdf_bytes *b)
{
    free(b->parts);
    memset(b, 0, sizeof *b);
}

static int serialise(pdf_dev *p, pdf_bytes *out)
{
    memset(out, 0, sizeof *out);
    if (HPDF_SaveToStream(p->doc) != HPDF_OK || check(p, nowhere, "cannot write the document"))
        return -1;
    out->parts = pdf_stream_spans(p->doc->stream, &out->nparts);
    out->len = out->parts ? p->doc->stream->size : 0;
    if (!out->parts || check(p, nowhere, "cannot read back the document")) {
        bytes_free(out);
        if (!p->failed) {
            ts_error(p->d, nowhere, "PDF: the document could not be read back from libharu");
            p->failed = 1;
        }
        return -1;
    }
    return 0;
}

/* Copy bytes [from, from + n) of b into dst. */
static void bytes_copy(const pdf_bytes *b, size_t from, size_t n, HPDF_BYTE *dst)
{
    size_t at = 0;
    for (size_t i = 0; i < b->nparts && n > 0; i++) {
        size_t len = b->parts[i].len;
        if (from < at + len) {
            size_t off = from - at, take = len - off < n ? len - off : n;
            memcpy(dst, (const HPDF_BYTE *)b->parts[i].data + off, take);
            dst += take;
            from += take;
            n -= take;
        }
        at += len;
    }
}

/* Whether bytes [from, from + strlen(s)) of b are s. */
static int bytes_are(const pdf_bytes *b, size_t from, const char *s)
{
    size_t n = strlen(s);
    HPDF_BYTE got[64];
    if (n > sizeof got || from > b->len || n > b->len - from) return 0;
    bytes_copy(b, from, n, got);
    return memcmp(got, s, n) == 0;
}

/* The file being written: everything before the trailer also goes into
 * the MD5 that becomes the /ID. */
typedef struct pdf_out {
    ts_atomic *file;
    HPDF_MD5_CTX md5;
} pdf_out;

static void out_write(void *ctx, const void *data, size_t len)
{
    pdf_out *o = ctx;
    for (size_t done = 0; done < len;) {
        size_t n = len - done < 0x40000000 ? len - done : 0x40000000;
        HPDF_MD5Update(&o->md5, (const HPDF_BYTE *)data + done, (HPDF_UINT32)n);
        done += n;
    }
    ts_atomic_write(o->file, data, len);
}

/* Bytes [from, from + n) of b, from libharu's blocks. */
static void out_write_range(pdf_out *o, const pdf_bytes *b, size_t from, size_t n)
{
    size_t at = 0;
    for (size_t i = 0; i < b->nparts && n > 0; i++) {
        size_t len = b->parts[i].len;
        if (from < at + len) {
            size_t off = from - at, take = len - off < n ? len - off : n;
            out_write(o, (const HPDF_BYTE *)b->parts[i].data + off, take);
            from += take;
            n -= take;
        }
        at += len;
    }
}

/* A cross-reference entry: "oooooooooo ggggg n\r\n" (ISO 32000-1 7.5.4) */
#define XREF_ENTRY_LEN 20

/* Write the file from b, libharu's serialisation (its objects, its
 * cross-reference table, its trailer), and the structure elements tags.c
 * writes (numbered after libharu's objects, see pdf_tags_finish):
 *
 *   libharu's bytes up to its `xref`, the elements' objects,
 *   `xref` with one subsection 0 M+N: libharu's M entries as it wrote
 *   them, then the elements' N, the trailer with /Size M+N and /ID,
 *   startxref and %%EOF.
 *
 * So the file has one cross-reference table, as if libharu had written
 * every object; an incremental update would do, but one table is what
 * every reader and validator expects of a file written at once. Before
 * anything is written, libharu's table is checked to be where and as
 * long as assumed: it must have made no object after pdf_tags_finish,
 * else the elements' numbers would be taken. The elements go to the file
 * as they are made (a long table's are tens of megabytes); the file is
 * written atomically, so a failure on the way leaves nothing. /ID: two
 * copies of the MD5 of everything before the trailer, so identical input
 * gives an identical file (libharu would use the clock, and only when
 * encrypting). */
static int write_document(pdf_dev *p, const pdf_bytes *b, const char *path)
{
    HPDF_Xref xref = p->doc->xref;
    unsigned first = 0, nelems = 0;
    pdf_tags_objects(p->tags, &first, &nelems);
    size_t nlib = xref->entries->count;   /* libharu's objects 0 .. nlib-1 */
    size_t at = xref->addr;               /* where its table begins */
    char head[48];
    snprintf(head, sizeof head, "xref\0120 %zu\012", nlib);
    size_t entries = at + strlen(head);
    int ok = !xref->prev && xref->start_offset == 0 && nlib == first && at < b->len &&
             nlib <= (b->len - at) / XREF_ENTRY_LEN && bytes_are(b, at, head) &&
             bytes_are(b, entries + nlib * XREF_ENTRY_LEN, "trailer\012");
    if (!ok) {
        /* the detail: how many objects libharu wrote */
        p->err = HPDF_INVALID_OBJ_ID;
        p->err_detail = (HPDF_STATUS)nlib;
        check(p, nowhere, "libharu's objects do not end where the structure elements begin");
        return -1;
    }
    if ((unsigned long)first + nelems - 1 > HPDF_LIMIT_MAX_XREF_ELEMENT) {
        /* ISO 32000-1 C.2, ISO 19005-2 6.1.13: object numbers up to
         * 8 388 607, which libharu enforces for its own objects. */
        p->err = HPDF_XREF_COUNT_ERR;
        check(p, nowhere, "cannot number the structure elements");
        return -1;
    }

    pdf_out out;
    out.file = ts_atomic_open(path);
    HPDF_MD5Init(&out.md5);
    out_write_range(&out, b, 0, at);
    size_t *offsets = ts_xmalloc((nelems ? nelems : 1) * sizeof *offsets);
    size_t elems_len = 0;
    if (pdf_tags_write_objects(p->tags, p->doc->mmgr, out_write, &out, offsets,
                               &elems_len) != 0) {
        free(offsets);
        ts_atomic_close(out.file, 0);
        if (!p->err) p->err = HPDF_FAILD_TO_ALLOC_MEM;
        check(p, nowhere, "cannot write the structure elements");
        return -1;
    }
    size_t table_at = at + elems_len;
    char table[48];
    snprintf(table, sizeof table, "xref\0120 %zu\012", nlib + nelems);
    out_write(&out, table, strlen(table));
    out_write_range(&out, b, entries, nlib * XREF_ENTRY_LEN);
    /* the elements' entries, 4 096 to a write; an offset has ten digits
     * at most, which the object limit above keeps (libharu's part is
     * under 4 GB, its offsets being 32-bit) */
    char lines[4096 * XREF_ENTRY_LEN];
    size_t nlines = 0;
    for (unsigned i = 0; i < nelems; i++) {
        char *line = lines + nlines++ * XREF_ENTRY_LEN;
        memcpy(line, "0000000000 00000 n\015\012", XREF_ENTRY_LEN);
        unsigned long long offset = (unsigned long long)at + offsets[i];
        for (int d = 9; d >= 0; d--, offset /= 10) line[d] = (char)('0' + offset % 10);
        if (nlines == 4096 || i + 1 == nelems) {
            out_write(&out, lines, nlines * XREF_ENTRY_LEN);
            nlines = 0;
        }
    }
    free(offsets);
    HPDF_BYTE digest[16];
    HPDF_MD5Final(digest, &out.md5);

    HPDF_Array id = HPDF_Array_New(p->doc->mmgr);
    if (id) {
        HPDF_Array_Add(id, HPDF_Binary_New(p->doc->mmgr, digest, 16));
        HPDF_Array_Add(id, HPDF_Binary_New(p->doc->mmgr, digest, 16));
        HPDF_Dict_Add(p->doc->trailer, "ID", id);
    }
    HPDF_Dict_AddNumber(p->doc->trailer, "Size", (HPDF_INT32)(nlib + nelems));
    char tail[64];
    snprintf(tail, sizeof tail, "\012startxref\012%zu\012%%%%EOF\012", table_at);
    HPDF_Stream trailer = HPDF_MemStream_New(p->doc->mmgr, 1024);
    if (trailer && HPDF_Stream_WriteStr(trailer, "trailer\012") == HPDF_OK &&
        HPDF_Dict_Write(p->doc->trailer, trailer, NULL) == HPDF_OK)
        HPDF_Stream_WriteStr(trailer, tail);
    size_t ntrailer = 0;
    ts_span *trailer_spans = trailer && !p->err ? pdf_stream_spans(trailer, &ntrailer) : NULL;
    for (size_t i = 0; trailer_spans && i < ntrailer; i++)
        ts_atomic_write(out.file, trailer_spans[i].data, trailer_spans[i].len);
    free(trailer_spans);
    if (trailer) HPDF_Stream_Free(trailer);
    if (!trailer_spans) {
        ts_atomic_close(out.file, 0);
        if (!p->err) p->err = HPDF_FAILD_TO_ALLOC_MEM;
        check(p, nowhere, "cannot write the document trailer");
        return -1;
    }
    /* ts_atomic_close prints the reason of a failed write; a device target
     * such as /dev/full is written in place rather than renamed over */
    return ts_atomic_close(out.file, 1) == 0 ? 0 : -1;
}

int pdf_device_save(dev_device *dev, const char *path)
{
    pdf_dev *p = (pdf_dev *)dev;
    assert(p->struct_depth == 0 && "begin_struct without end_struct");
    assert(p->artifact_depth == 0 && "begin_artifact without end_artifact");
    assert(!p->page && "save inside a page");
    if (p->failed || !p->doc) {
        ts_error(p->d, nowhere, "PDF: %s not written because of the errors above", path);
        return -1;
    }
    if (p->saved) {
        ts_error(p->d, nowhere, "PDF: a document is saved only once");
        return -1;
    }
    if (p->npages == 0) {
        ts_error(p->d, nowhere, "PDF: the document has no pages; %s not written", path);
        return -1;
    }
    p->saved = 1;

    if (p->deflater)
        pdf_deflater_collect(p->deflater, 1, install_contents, p);
    for (int i = 0; i < p->nfonts; i++) finish_font(p, &p->fonts[i]);
    finish_links(p);
    finish_document(p);
    if (p->failed) {
        ts_error(p->d, nowhere, "PDF: %s not written because of the errors above", path);
        return -1;
    }

    /* the whole file (deflate and all) is serialised once, in memory;
     * write_document adds the structure elements, the table and the
     * trailer */
    pdf_bytes bytes;
    if (serialise(p, &bytes) != 0) return -1;
    int rc = write_document(p, &bytes, path);
    bytes_free(&bytes);
    HPDF_MemStream_FreeData(p->doc->stream);
    return rc;
}
