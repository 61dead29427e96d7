/* Fuzz the whole pipeline, from a document folder to drawing calls.
 *
 * The input is split at NUL bytes into up to four files of one document
 * folder: text/01.md, data/a.csv, charts/a.chart and text/02.md (a part
 * left out is written empty). document.ini is fixed and names both text
 * files, so fenced blocks in the Markdown can name the CSV and chart
 * files. The folder is then read, laid out in the bokslut layout and
 * drawn through the trace device into /dev/null, as `trycksak --trace`
 * does. The layout and its fonts are loaded once per process.
 *
 * With FUZZ_PDF=1 in the environment the pages go through the PDF device
 * too and are saved in the folder (slower; for the PDF writer). */
#include "fuzz.h"

#include "../../src/layout/layout.h"
#include "../../src/pdf/pdf.h"
#include "../../src/read/read.h"
#include "../../src/text/text.h"

static ts_arena *keep;
static rd_layout *layout;
static tx_fonts *fonts;
static int with_pdf;

static void drop_fonts(void)
{
    tx_fonts_drop(fonts);
    ts_arena_drop(keep);
}

static void setup(void)
{
    fuzz_folder("pipeline");
    fuzz_puts("document.ini",
              "[document]\nlayout = bokslut\ntitle = Provdokument\n"
              "date = 2027-03-15\ndnr = TN-2027-0001\n"
              "[contents]\ntext = text/01.md\ntext = text/02.md\n");
    keep = ts_arena_new();
    ts_diag d;
    ts_diag_init(&d, stderr);
    const char *data_dir = rd_data_dir(keep);
    char *real = realpath(fuzz_dir, NULL);
    ts_pos at = { "document.ini", 2, 10 };
    layout = rd_layout_load(keep, &d, at, "bokslut", fuzz_dir, real, data_dir);
    free(real);
    if (!layout) { fputs("fuzz_pipeline: cannot load the bokslut layout\n", stderr); abort(); }
    fonts = tx_fonts_new(&d, at, layout);
    if (!fonts) { fputs("fuzz_pipeline: cannot load the fonts\n", stderr); abort(); }
    atexit(drop_fonts);
    const char *env = getenv("FUZZ_PDF");
    with_pdf = env && env[0] == '1';
}

static const char *const parts[] = { "text/01.md", "data/a.csv", "charts/a.chart",
                                     "text/02.md" };
#define NPARTS (sizeof parts / sizeof parts[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!keep) setup();
    const uint8_t *p = data, *end = data + size;
    for (size_t i = 0; i < NPARTS; i++) {
        const uint8_t *nul = p < end ? memchr(p, '\0', (size_t)(end - p)) : NULL;
        const uint8_t *stop = i + 1 < NPARTS && nul ? nul : end;
        if (p > end) p = end;
        fuzz_put(parts[i], p, (size_t)(stop - p));
        p = stop + 1;
    }

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
            if (with_pdf) {
                pdf_info info = { .title = doc->meta.title, .language = "sv-SE",
                                  .created = 1773532800, .draft = 1 };
                dev = pdf_device_new(&info, &d);
                if (dev) {
                    lo_render(r, dev);
                    if (!d.errors)
                        pdf_device_save(dev, ts_path_join(a, fuzz_dir, "out.pdf"));
                    dev_drop(dev);
                }
            }
        }
    }
    ts_arena_drop(a);
    return 0;
}
