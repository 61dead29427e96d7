/* Fuzz Markdown into the model: rd_markdown_parse on arbitrary bytes
 * (given exactly, without a terminating NUL), then the model's own walks
 * over the tree. The document folder holds data, chart and image files
 * that fenced blocks and images may name, and hostile symlinks. */
#include "fuzz.h"

#include "../../src/read/read.h"

static void walk(ts_arena *a, const doc_node *n)
{
    /* Iterative pre-order walk: the tree's depth is the reader's to
     * bound, so the harness must not add recursion of its own. */
    const doc_node *x = n;
    while (x) {
        if (x->kind == DOC_HEADING || x->kind == DOC_FIGURE ||
            x->kind == DOC_LINK)
            (void)doc_plain_text(a, x);
        if (x->block) (void)doc_block_get(x->block, "data");
        if (x->first) { x = x->first; continue; }
        while (x && x != n && !x->next) x = x->parent;
        if (!x || x == n) break;
        x = x->next;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fuzz_dir[0]) fuzz_folder("markdown");
    ts_arena *a = ts_arena_new();
    ts_diag d;
    fuzz_diag(&d);
    doc_document *doc = rd_document_new(a, fuzz_dir);
    char *path = ts_path_join(a, fuzz_dir, "text/01.md");
    rd_markdown_parse(doc, &d, path, (const char *)data, size);
    walk(a, doc->root);
    doc_dump(fuzz_devnull, doc->root);
    ts_arena_drop(a);
    return 0;
}
