/* The CSV files a document's blocks name, read once each into the model so
 * that layout and charts never open a file. */
#include "read.h"

#include <stdlib.h>
#include <string.h>

/* Files already read, by path: an open-addressed hash table, so a document
 * with thousands of blocks is still linear. */
typedef struct data_seen {
    const char **path;
    doc_table **table;    /* NULL when the file could not be used */
    size_t cap, n;
} data_seen;

static size_t path_hash(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static size_t seen_slot(const data_seen *s, const char *path)
{
    size_t i = path_hash(path) & (s->cap - 1);
    while (s->path[i] && strcmp(s->path[i], path) != 0) i = (i + 1) & (s->cap - 1);
    return i;
}

static void seen_grow(data_seen *s)
{
    data_seen bigger = { 0 };
    bigger.cap = s->cap ? s->cap * 2 : 16;
    bigger.path = ts_xmalloc(bigger.cap * sizeof *bigger.path);
    bigger.table = ts_xmalloc(bigger.cap * sizeof *bigger.table);
    memset(bigger.path, 0, bigger.cap * sizeof *bigger.path);
    for (size_t i = 0; i < s->cap; i++)
        if (s->path[i]) {
            size_t j = seen_slot(&bigger, s->path[i]);
            bigger.path[j] = s->path[i];
            bigger.table[j] = s->table[i];
        }
    bigger.n = s->n;
    free(s->path);
    free(s->table);
    *s = bigger;
}

int rd_document_load_data(doc_document *doc, ts_diag *d)
{
    data_seen seen = { 0 };
    int failed = 0;
    /* every node, depth first, without recursion (lists nest deeply) */
    const doc_node *n = doc->root;
    while (n) {
        if ((n->kind == DOC_INDICATORS || n->kind == DOC_DATA_TABLE || n->kind == DOC_CHART) &&
            n->block && n->block->data) {
            doc_block *b = n->block;
            if (2 * (seen.n + 1) > seen.cap) seen_grow(&seen);
            size_t i = seen_slot(&seen, b->data);
            if (!seen.path[i]) {
                /* the file's bytes only while it is parsed: the table holds
                 * copies of its cells */
                ts_arena *raw = ts_arena_new();
                size_t len = 0;
                char *bytes = ts_read_file(raw, d, b->data_pos, b->data, &len);
                seen.path[i] = b->data;
                seen.table[i] = bytes ? rd_csv_parse(doc->arena, d, b->data, bytes, len) : NULL;
                ts_arena_drop(raw);
                seen.n++;
                if (!seen.table[i]) failed = 1;
            }
            b->table = seen.table[i];
        }
        if (n->first) { n = n->first; continue; }
        while (n && !n->next) n = n->parent;
        if (n) n = n->next;
    }
    free(seen.path);
    free(seen.table);
    return failed ? -1 : 0;
}
