/* Fuzz layout files: the input is written as custom.layout in a document
 * folder and loaded by rd_layout_load, as document.ini's
 * `layout = custom.layout` would, so `inherit =` is followed into the
 * installed layouts and into other files of the folder (one of which
 * inherits back, making a loop). */
#include "fuzz.h"

#include "../../src/read/read.h"

static ts_arena *keep;
static const char *data_dir, *root_real;

static void setup(void)
{
    fuzz_folder("layout");
    fuzz_puts("other.layout", "inherit = bokslut\n[page]\nmargin-top = 30mm\n");
    fuzz_puts("back.layout", "inherit = custom.layout\n");
    keep = ts_arena_new();
    data_dir = rd_data_dir(keep);
    char *real = realpath(fuzz_dir, NULL);
    root_real = ts_arena_strdup(keep, real);
    free(real);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!keep) setup();
    fuzz_put("custom.layout", data, size);

    ts_arena *a = ts_arena_new();
    ts_diag d;
    fuzz_diag(&d);
    ts_pos at = { "document.ini", 3, 10 };
    rd_layout_load(a, &d, at, "custom.layout", fuzz_dir, root_real, data_dir);
    ts_arena_drop(a);
    return 0;
}
