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
    int pdfa;                 /* claim PDF/A-2b (pdfaid:part 2, conformance B) */
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

#endif
