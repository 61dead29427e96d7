/* Fuzz document.ini: rd_docini_parse on arbitrary text, in a document
 * folder that holds text files, a folder named like a text file, and
 * symlinks leading out of it, into a loop and to a device. */
#include "fuzz.h"

#include "../../src/read/read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fuzz_dir[0]) fuzz_folder("docini");
    /* The parser takes NUL-terminated text, as ts_read_file gives it. */
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';

    ts_arena *a = ts_arena_new();
    ts_diag d;
    fuzz_diag(&d);
    doc_document *doc = rd_document_new(a, fuzz_dir);
    char *path = ts_path_join(a, fuzz_dir, "document.ini");
    rd_docini_parse(doc, &d, path, text);
    ts_arena_drop(a);
    free(text);
    return 0;
}
