/* Fuzz CSV files and Swedish numbers: rd_csv_parse on arbitrary bytes
 * (given exactly, without a terminating NUL), then every cell's number
 * formatted back; and the input's first line through rd_number_parse with
 * either decimal sign. */
#include "fuzz.h"

#include "../../src/read/read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fuzz_devnull) fuzz_devnull = fopen("/dev/null", "w");
    ts_arena *a = ts_arena_new();
    ts_diag d;
    fuzz_diag(&d);

    doc_table *t = rd_csv_parse(a, &d, "data/a.csv", (const char *)data, size);
    if (t) {
        for (int r = 0; r < t->nrows; r++)
            for (int c = 0; c < t->ncols; c++) {
                const doc_cell *cell = doc_table_cell(t, r, c);
                if (cell->kind == DOC_CELL_NUMBER)
                    (void)rd_number_format(a, cell->value, cell->decimals, 4,
                                           cell->percent);
            }
    }

    size_t n = 0;
    while (n < size && n < 256 && data[n] != '\n' && data[n] != '\0') n++;
    char *cell_text = ts_arena_strndup(a, (const char *)data, n);
    doc_cell cell;
    for (int k = 0; k < 2; k++) {
        memset(&cell, 0, sizeof cell);
        if (rd_number_parse(cell_text, k ? '.' : ',', &cell) == DOC_CELL_NUMBER)
            (void)rd_number_format(a, cell.value, cell.decimals, 5, cell.percent);
    }
    ts_arena_drop(a);
    return 0;
}
