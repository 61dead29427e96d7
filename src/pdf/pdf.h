/* pdf: the PDF device, the only part of trycksak that calls libharu.
 *
 * Prefix pdf_. Embeds and subsets the TrueType fonts named by text runs
 * (libharu's UTF-8 mode), writes kerned TJ arrays into the page stream,
 * replaces libharu's ToUnicode CMap with a valid one, and writes the
 * document information and XMP metadata itself.
 *
 * Two variants:
 *  - the default, archival PDF: PDF/A-2b (ISO 19005-2; level a once the
 *    structure tree is written): XMP metadata matching the information
 *    dictionary, an sRGB output intent with its ICC profile, every font
 *    embedded, no .notdef, links printable, /ID from the content;
 *  - print (pdf_info.print): for the print shop: colours in the layout's
 *    CMYK (DeviceCMYK), each page's trimmed size (the TrimBox) with a
 *    3 mm bleed (the BleedBox) and crop marks outside it on a larger
 *    MediaBox. Not PDF/A (PDF/A-2 allows DeviceCMYK only with a CMYK ICC
 *    output intent, and Debian has no free profile for European offset
 *    printing) and not PDF/X: see README.md.
 * Both are byte-identical for identical input: no clock, no randomness. */
#ifndef TS_PDF_H
#define TS_PDF_H

#include "../device/device.h"

typedef struct pdf_info {
    const char *title;
    const char *subject;      /* the subtitle */
    const char *author;
    const char *keywords;
    const char *language;     /* BCP 47, e.g. "sv-SE" */
    long long created;        /* seconds since 1970 UTC: SOURCE_DATE_EPOCH or the document's date */
    int draft;                /* status draft (else final), in /Info and the XMP */
    int print;                /* the print-shop variant (see above) */
    const char *srgb_profile; /* the sRGB ICC profile; NULL: icc-profiles-free's */
} pdf_info;

/* The print variant's margins around the trimmed page, in sp: the bleed
 * that backgrounds reaching the trimmed edge extend into, and the distance
 * from the trimmed edge to the outer edge of the MediaBox, which leaves
 * room for crop marks beyond the bleed. */
#define PDF_BLEED TS_MM_SP(3)
#define PDF_SLUG TS_MM_SP(12)

/* A new PDF device; errors (a font libharu cannot load, an image it cannot
 * read) are reported through d. */
dev_device *pdf_device_new(const pdf_info *info, ts_diag *d);

/* Finish the document and write it to `path` atomically (ts_write_atomic).
 * Returns 0 on success, -1 after reporting a failure (then no file, and any
 * earlier file at path is untouched). The device is still to be dropped. */
int pdf_device_save(dev_device *dev, const char *path);

#endif
