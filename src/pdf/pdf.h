/* pdf: the PDF device, the only part of trycksak that calls libharu.
 *
 * Prefix pdf_. Embeds and subsets the TrueType fonts named by text runs
 * (libharu's UTF-8 mode), writes kerned TJ arrays into the page stream,
 * replaces libharu's ToUnicode CMap with a valid one, and sets document
 * information. PDF/A, tags and the print variant come with their issues. */
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
    int draft;
} pdf_info;

/* A new PDF device; errors (a font libharu cannot load, an image it cannot
 * read) are reported through d. */
dev_device *pdf_device_new(const pdf_info *info, ts_diag *d);

/* Finish the document and write it to `path` atomically (ts_write_atomic).
 * Returns 0 on success, -1 after reporting a failure (then no file, and any
 * earlier file at path is untouched). The device is still to be dropped. */
int pdf_device_save(dev_device *dev, const char *path);

#endif
