/* Shared helpers for the libFuzzer harnesses in tests/fuzz/.
 *
 * Each harness works in a document folder of its own under /tmp, made
 * once per process by fuzz_folder() and removed at exit; inputs are
 * written into it as files when the code under test reads files. Messages
 * go to /dev/null: the harnesses look for crashes, hangs, leaks and
 * undefined behaviour, not for wording. */
#ifndef TS_FUZZ_H
#define TS_FUZZ_H

#define _XOPEN_SOURCE 700     /* nftw */
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char fuzz_dir[64];
static FILE *fuzz_devnull;

static inline int fuzz_rm_one(const char *path, const struct stat *st, int flag,
                       struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(path);
}

static inline void fuzz_cleanup(void)
{
    if (fuzz_dir[0]) nftw(fuzz_dir, fuzz_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Write `len` bytes to fuzz_dir/name (folders must exist). */
static inline void fuzz_put(const char *name, const void *bytes, size_t len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", fuzz_dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) { perror(path); abort(); }
    if (len && fwrite(bytes, 1, len, f) != len) { perror(path); abort(); }
    fclose(f);
}

static inline void fuzz_puts(const char *name, const char *text)
{
    fuzz_put(name, text, strlen(text));
}

static inline void fuzz_mkdir(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", fuzz_dir, name);
    mkdir(path, 0755);
}

static inline void fuzz_symlink(const char *target, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", fuzz_dir, name);
    if (symlink(target, path) != 0) { perror(path); abort(); }
}

/* Make the document folder with the usual subfolders, a few files that
 * fuzzed text may name, and the hostile entries paths must refuse: a
 * symlink out of the folder, a symlink loop, a link to a device, a folder
 * where a file is expected. */
static inline void fuzz_folder(const char *name)
{
    snprintf(fuzz_dir, sizeof fuzz_dir, "/tmp/trycksak-fuzz-%s.XXXXXX", name);
    if (!mkdtemp(fuzz_dir)) { perror("mkdtemp"); abort(); }
    atexit(fuzz_cleanup);
    fuzz_devnull = fopen("/dev/null", "w");
    if (!fuzz_devnull) abort();

    fuzz_mkdir("text");
    fuzz_mkdir("data");
    fuzz_mkdir("charts");
    fuzz_mkdir("images");
    fuzz_mkdir("text/folder.md");
    fuzz_puts("text/01.md", "# Rubrik\n\nText.\n");
    fuzz_puts("text/02.md", "Mer text.[^1]\n\n[^1]: En not.\n");
    fuzz_puts("data/a.csv", "År;2024;2025\nTrygghet;70,5;74,5\n");
    fuzz_puts("data/b.csv", "Indikator;Enhet;Riktning;2024;2025;Mål 2026\n"
                            "Andel trygga;%;högre;70,5;74,5;80\n");
    fuzz_puts("charts/a.chart", "type = bar\ntitle = Ärenden\ndata = ../data/a.csv\n"
                                "alt = Stapeldiagram\n");
    fuzz_puts("images/a.png", "\x89PNG\r\n\x1a\n not really");
    fuzz_puts("images/b.jpg", "\xff\xd8\xff not really");
    fuzz_symlink("/etc/passwd", "data/outside.csv");
    fuzz_symlink("loop-b.md", "text/loop-a.md");
    fuzz_symlink("loop-a.md", "text/loop-b.md");
    fuzz_symlink("/dev/zero", "data/zero.csv");
    fuzz_symlink("/dev/zero", "text/zero.md");
}

static inline void fuzz_diag(ts_diag *d)
{
    ts_diag_init(d, fuzz_devnull);
    d->max_errors = 50;
}

#endif
