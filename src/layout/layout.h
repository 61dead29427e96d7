/* layout: lines, pages, lists, quotes, tables, footers.
 *
 * Prefix lo_. Lays the whole document out first (so that "2 (12)" knows the
 * page count and the contents know their pages), then draws the result
 * through a device. All lengths are sp, so breaks are identical on every
 * machine. */
#ifndef TS_LAYOUT_H
#define TS_LAYOUT_H

#include <stdatomic.h>

#include "../device/device.h"
#include "../model/model.h"
#include "../read/read.h"
#include "../text/text.h"

typedef struct lo_result lo_result;

/* Lay out `doc` in `layout`. Text problems (a character no font has, a word
 * wider than the measure) are reported through d. The result lives in an
 * arena of its own that the document's arena drops with it, or
 * lo_result_drop before: a long document's pages, once drawn, need not be
 * held while the PDF is saved. */
lo_result *lo_layout(doc_document *doc, const rd_layout *layout, tx_fonts *fonts,
                     ts_diag *d);
void lo_result_drop(lo_result *r);

/* How far a layout has come, read by another thread for a progress line
 * (-v): the document's top-level blocks laid out of all of them, then the
 * pages made. */
typedef struct lo_progress {
    atomic_int blocks_done, blocks;
    atomic_int pages;
} lo_progress;
/* lo_layout, counting in *progress as it goes. */
lo_result *lo_layout_progress(doc_document *doc, const rd_layout *layout, tx_fonts *fonts,
                              ts_diag *d, lo_progress *progress);

int lo_page_count(const lo_result *r);
int lo_table_count(const lo_result *r);
int lo_chart_count(const lo_result *r);

/* Draw every page through dev, in order. */
void lo_render(const lo_result *r, dev_device *dev);

#endif
