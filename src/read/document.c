/* The document folder: document.ini, then every text file it names, in
 * order, into one tree; and where the installed layouts and fonts are. */
#include "read.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

doc_document *rd_document_new(ts_arena *a, const char *dir)
{
    doc_document *doc = ts_arena_alloc(a, sizeof *doc);
    doc->arena = a;
    doc->dir = ts_arena_strdup(a, dir);
    char *real = realpath(dir, NULL);
    doc->root_real = ts_arena_strdup(a, real ? real : dir);
    free(real);
    doc->meta.language = "sv-SE";
    doc->meta.status = DOC_STATUS_DRAFT;
    ts_pos pos = { doc->dir, 0, 0 };
    doc->root = doc_node_new(a, DOC_ROOT, pos);
    return doc;
}

doc_document *rd_document_load(ts_arena *a, ts_diag *d, const char *dir)
{
    ts_pos nowhere = { NULL, 0, 0 };
    struct stat st;
    if (stat(dir, &st) != 0) {
        ts_error(d, nowhere, "cannot find the document folder '%s'", dir);
        return NULL;
    }
    if (!S_ISDIR(st.st_mode)) {
        ts_error(d, nowhere, "'%s' is not a folder; give the document folder "
                 "(the one holding document.ini)", dir);
        return NULL;
    }
    doc_document *doc = rd_document_new(a, dir);

    char *ini = ts_path_join(a, dir, "document.ini");
    if (stat(ini, &st) != 0) {
        ts_error(d, nowhere, "'%s' has no document.ini; write one, or start a "
                 "document with `trycksak new DIR`", dir);
        return NULL;
    }
    ts_pos at = { ini, 0, 0 };
    char *path = ts_path_confine(a, d, at, doc->root_real, dir, "document.ini");
    if (!path) return NULL;
    char *text = ts_read_file(a, d, at, path, NULL);
    if (!text) return NULL;

    rd_docini_parse(doc, d, path, text);

    for (size_t i = 0; i < doc->meta.texts.len; i++) {
        const char *file = doc->meta.texts.items[i];
        const ts_pos *named = doc->meta.text_pos.items[i];
        size_t len;
        char *md = ts_read_file(a, d, *named, file, &len);
        if (md) rd_markdown_parse(doc, d, file, md, len);
    }
    rd_document_load_data(doc, d);
    return doc;
}

static int has_layouts(ts_arena *a, const char *dir)
{
    struct stat st;
    return stat(ts_path_join(a, dir, "layouts"), &st) == 0 && S_ISDIR(st.st_mode);
}

/* In a source tree the binary is ./trycksak, build/trycksak or
 * build/tests/test_x, so the folder of the binary and up to three folders
 * above it are tried. */
const char *rd_data_dir(ts_arena *a)
{
    const char *env = getenv("TRYCKSAK_DATA");
    if (env && env[0]) return ts_arena_strdup(a, env);

    if (has_layouts(a, TS_DATADIR)) return TS_DATADIR;

    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return NULL;
    exe[n] = '\0';
    char *dir = ts_path_dirname(a, exe);
    /* Installed under another PREFIX than the one compiled in:
     * PREFIX/bin/trycksak finds PREFIX/share/trycksak. */
    char *relocated = ts_path_join(a, dir, "../share/trycksak");
    if (has_layouts(a, relocated)) return relocated;
    for (int up = 0; up <= 3; up++) {
        if (has_layouts(a, dir)) return dir;
        if (strcmp(dir, "/") == 0) break;
        dir = ts_path_dirname(a, dir);
    }
    return NULL;
}
