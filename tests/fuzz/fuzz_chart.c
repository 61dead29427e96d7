/* Fuzz chart files: the input is split at the first NUL byte into a chart
 * file (charts/a.chart) and the CSV it may name (data/a.csv, or the
 * fixed data/b.csv). A fixed text names the chart twice: by `file =` and
 * with the keys in the block itself (the chart file's first 40 lines, so
 * both readers see the same keys). The folder is read, laid out in the
 * bokslut layout and drawn through the trace device into /dev/null. */
#include "fuzz.h"

#include "../../src/layout/layout.h"
#include "../../src/read/read.h"
#include "../../src/text/text.h"

static ts_arena *keep;
static rd_layout *layout;
static tx_fonts *fonts;

static void drop_fonts(void)
{
    tx_fonts_drop(fonts);
    ts_arena_drop(keep);
}

static void setup(void)
{
    fuzz_folder("chart");
    fuzz_puts("document.ini",
              "[document]\ntitle = Diagram\ndate = 2027-03-15\n"
              "[contents]\ntext = text/01.md\n");
    keep = ts_arena_new();
    ts_diag d;
    ts_diag_init(&d, stderr);
    const char *data_dir = rd_data_dir(keep);
    char *real = realpath(fuzz_dir, NULL);
    ts_pos at = { "document.ini", 1, 1 };
    layout = rd_layout_load(keep, &d, at, "bokslut", fuzz_dir, real, data_dir);
    free(real);
    if (!layout) abort();
    fonts = tx_fonts_new(&d, at, layout);
    if (!fonts) abort();
    atexit(drop_fonts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!keep) setup();
    const uint8_t *nul = memchr(data, '\0', size);
    size_t chart_len = nul ? (size_t)(nul - data) : size;
    fuzz_put("charts/a.chart", data, chart_len);
    if (nul) fuzz_put("data/a.csv", nul + 1, size - chart_len - 1);
    else fuzz_puts("data/a.csv", "År;Ärenden\n2024;15 120\n2025;12 450\n");

    /* The same keys inline: fenced-block lines cannot hold a fence, so
     * lines starting with ``` are left out. */
    ts_buf md = { 0 };
    ts_buf_puts(&md, "# Diagram\n\n```chart\nfile = ../charts/a.chart\ncaption = Figur\n```\n\n"
                     "```chart\n");
    size_t i = 0;
    for (int line = 0; line < 40 && i < chart_len; line++) {
        size_t j = i;
        while (j < chart_len && data[j] != '\n') j++;
        if (!(j - i >= 3 && memcmp(data + i, "```", 3) == 0)) {
            ts_buf_append(&md, data + i, j - i);
            ts_buf_putc(&md, '\n');
        }
        i = j + 1;
    }
    ts_buf_puts(&md, "```\n");
    fuzz_put("text/01.md", md.data, md.len);
    ts_buf_free(&md);

    ts_arena *a = ts_arena_new();
    ts_diag d;
    fuzz_diag(&d);
    doc_document *doc = rd_document_load(a, &d, fuzz_dir);
    if (doc && !d.errors) {
        lo_result *r = lo_layout(doc, layout, fonts, &d);
        if (r && !d.errors) {
            dev_device *dev = dev_trace_new(fuzz_devnull);
            lo_render(r, dev);
            dev_drop(dev);
        }
    }
    ts_arena_drop(a);
    return 0;
}
