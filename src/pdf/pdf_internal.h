/* Private to src/pdf: what the PDF device (pdf.c) and the archival part
 * (pdfa.c: XMP metadata, ICC colour profiles) share. Nothing outside
 * src/pdf includes this. */
#ifndef TS_PDF_INTERNAL_H
#define TS_PDF_INTERNAL_H

#include "pdf.h"

#include <hpdf.h>

/* The sRGB profile from Debian's icc-profiles-free: an ICC v2.3 display
 * ('mntr') profile. PDF/A-2 accepts profiles up to ICC.1:2004-10 (v4.2);
 * v2 is what every reader since PDF 1.3 understands. (colord-data's
 * sRGB.icc is v4.4, newer than PDF/A-2 names, so it is not used.) */
#define PDF_SRGB_PROFILE "/usr/share/color/icc/sRGB.icc"

/* What the metadata says about the document. Every string is UTF-8 or
 * NULL. */
typedef struct pdf_meta {
    const char *title, *subject, *author, *keywords, *language;
    const char *creator;      /* Info /Creator, xmp:CreatorTool */
    const char *producer;     /* Info /Producer, pdf:Producer */
    long long created;        /* seconds since 1970 UTC; also the modification date */
    int draft;                /* status draft (else final) */
    int pdfa;                 /* claim PDF/A-2a (pdfaid:part 2, conformance A) */
    int pdfua;                /* claim PDF/UA-1 (pdfuaid:part 1) */
} pdf_meta;

/* "D:YYYYMMDDHHmmSS+00'00'", the document information dictionary's form. */
void pdf_date_info(char *buf, size_t size, long long t);
/* "YYYY-MM-DDTHH:MM:SS+00:00", XMP's form of the same instant. */
void pdf_date_xmp(char *buf, size_t size, long long t);

/* Append s as XML character data or attribute value: & < > " ' escaped,
 * and the characters XML 1.0 forbids (C0 controls other than tab, line
 * feed and carriage return) dropped. s is UTF-8. */
void pdf_xml_escape(ts_buf *b, const char *s);

/* The XMP packet (UTF-8, no bytes= or encoding= in its header, as
 * ISO 19005-2 6.6.2.1 requires) for m, with every value consistent with
 * the document information dictionary pdf.c writes from the same m. */
void pdf_xmp_build(ts_buf *out, const pdf_meta *m);

/* NULL when data is an ICC profile PDF can use as an output intent or
 * ICCBased colour space with `components` colour components (3: RGB,
 * 4: CMYK): the header's size, 'acsp' signature, major version 2..4,
 * device class display or output (ISO 19005-2 6.2.3) and colour space
 * agree. Otherwise what is wrong. */
const char *pdf_icc_problem(const unsigned char *data, size_t len, int components);

/* The comma-separated keywords as a list, each trimmed; empty ones
 * skipped. Calls fn for each (not NUL-terminated: ptr and length). */
void pdf_each_keyword(const char *keywords, void (*fn)(void *ctx, const char *s, size_t n),
                      void *ctx);

/* ---- tagged PDF (tags.c) ----------------------------------------------
 *
 * The structure tree, built while the pages are drawn (ISO 32000-1 14.7,
 * 14.8; ISO 14289-1 7). The device forwards its structure and artifact
 * calls here and calls pdf_tags_paint before anything it paints; tags.c
 * then keeps every painting operator inside exactly one marked-content
 * sequence: `/Role <</MCID n>> BDC … EMC` owned by the innermost open
 * structure element (the Document element when none is open), or
 * `/Artifact BMC … EMC` while an artifact is open. A sequence is opened
 * lazily at the first paint and closed at the next structure or artifact
 * call and at the end of the page, so it never crosses a page, a BT/ET
 * or a q/Q pair the device opened. */
typedef struct pdf_tags pdf_tags;
typedef struct pdf_tag pdf_tag;           /* one structure element */

pdf_tags *pdf_tags_new(void);
void pdf_tags_free(pdf_tags *t);
/* A new page (0-based index): gives it /StructParents index and /Tabs /S
 * (ISO 14289-1 7.18.3). */
void pdf_tags_begin_page(pdf_tags *t, HPDF_Page page, int index);
/* Close what is open on the page; the page must not be painted again. */
void pdf_tags_end_page(pdf_tags *t);
/* Before a painting operator: open the sequence it belongs in. `text`,
 * when the paint shows text, is remembered for the /Contents of a Link
 * annotation inside the element. */
void pdf_tags_paint(pdf_tags *t, const dev_text *text);
void pdf_tags_begin(pdf_tags *t, const dev_struct *s);
/* 0, or -1 when no element is open. */
int pdf_tags_end(pdf_tags *t);
void pdf_tags_begin_artifact(pdf_tags *t);
/* 0, or -1 when no artifact is open. */
int pdf_tags_end_artifact(pdf_tags *t);
/* Open elements and artifacts (both 0 when balanced). */
int pdf_tags_depth(const pdf_tags *t);
int pdf_tags_artifact_depth(const pdf_tags *t);
/* The innermost open element, for an annotation made later (NULL: the
 * Document element). */
pdf_tag *pdf_tags_current(pdf_tags *t);
/* Annotation `a` on page `page` (0-based) belongs to element `e` (NULL:
 * the current one): an OBJR kid of e, /StructParent on the annotation
 * (ISO 32000-1 14.7.4.3), and for a link /Contents from the text inside
 * the element, else `fallback` (ISO 14289-1 7.18.1). */
void pdf_tags_annot(pdf_tags *t, pdf_tag *e, HPDF_Annotation a, int page,
                    const char *fallback);
/* The structure tree root with its ParentTree, MarkInfo Marked true;
 * call once, after every page and annotation, before saving, and let
 * libharu make no object after it. It numbers the structure elements
 * that are written after libharu's objects (see pdf_tags_objects); they
 * are not libharu objects, pdf_tags_write_objects writes them. pages:
 * the page objects by index, held until the elements are written. 0, or
 * -1 when libharu failed. */
int pdf_tags_finish(pdf_tags *t, HPDF_Doc doc, HPDF_Page *pages, int npages);
/* After pdf_tags_finish: the elements are objects first .. first+count-1,
 * where first is the object count libharu had (its objects are 1 ..
 * first-1, 0 is the free head of the cross-reference table). */
void pdf_tags_objects(const pdf_tags *t, unsigned *first, unsigned *count);
/* The elements, in number order, as indirect objects, handed to `emit`
 * in pieces; offsets[i] (room for count entries) gets where element
 * first+i begins, counted from the first byte handed on, and *written
 * how many bytes were. 0, or -1 when libharu failed to escape a text
 * string. */
typedef void (*pdf_write_fn)(void *ctx, const void *data, size_t len);
int pdf_tags_write_objects(const pdf_tags *t, HPDF_MMgr mmgr, pdf_write_fn emit, void *ctx,
                           size_t *offsets, size_t *written);

/* A PDF text string for UTF-8 s: literal bytes when it is printable ASCII
 * (libharu escapes them), else UTF-16BE with a byte order mark, so any
 * character survives (PDFDocEncoding has no ” or −); NULL when libharu
 * failed. The one helper for pdf.c (Info, outline) and tags.c. */
void *pdf_text_string(HPDF_MMgr mmgr, const char *s);

/* The bytes libharu holds in memory stream s (a list of blocks, the last
 * one partly used), as spans covering exactly its size; malloc'd, *count
 * of them. NULL when the blocks do not add up to the size. The spans
 * point into the stream, valid until it is written to or freed. */
ts_span *pdf_stream_spans(HPDF_Stream s, size_t *count);

/* ---- deflate.c: page streams deflated on a second thread -------------- */

typedef struct pdf_deflater pdf_deflater;
pdf_deflater *pdf_deflater_new(void);
/* Deflate len bytes of data (malloc'd; the deflater owns them now) for
 * `key`, which it only hands back. */
void pdf_deflater_push(pdf_deflater *z, void *key, unsigned char *data, size_t len);
/* Called for each finished job in push order; `compressed` is 0 when the
 * bytes came back as they went in. The bytes are freed after the call. */
typedef void (*pdf_deflated_fn)(void *ctx, void *key, const unsigned char *data,
                                size_t len, int compressed);
/* Hand back the finished jobs at the head of the queue; with `wait`, every
 * job, waiting for those still running. Also waits for the oldest when
 * too many pages are pending. */
void pdf_deflater_collect(pdf_deflater *z, int wait, pdf_deflated_fn fn, void *ctx);
/* Stop the worker; jobs not collected are dropped. */
void pdf_deflater_drop(pdf_deflater *z);

#endif
