/* Unit tests for src/util: arena, buffers, UTF-8, diagnostics, files and
 * confined paths. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/util/util.h"

/* ---- helpers ---------------------------------------------------------- */

/* Everything written to `f` so far, NUL-terminated, into `out` (size n). */
static const char *contents(FILE *f, char *out, size_t n)
{
    fflush(f);
    rewind(f);
    size_t got = fread(out, 1, n - 1, f);
    out[got] = '\0';
    return out;
}

/* A fresh folder under TMPDIR (or /tmp); the caller removes it. */
static char *temp_dir(void)
{
    const char *tmp = getenv("TMPDIR");
    char *path = malloc(4096);
    assert_non_null(path);
    snprintf(path, 4096, "%s/trycksak-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    assert_non_null(mkdtemp(path));
    return path;
}

static char *path_in(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static void remove_in(const char *dir, const char *name)
{
    char *p = path_in(dir, name);
    if (unlink(p) != 0) assert_int_equal(rmdir(p), 0);
    free(p);
}

/* Number of entries in `dir` other than . and .. */
static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) n++;
    closedir(d);
    return n;
}

/* Redirects stderr into a temporary file between begin and end. */
typedef struct { int saved; FILE *file; } capture;

static capture capture_begin(void)
{
    capture c;
    fflush(stderr);
    c.file = tmpfile();
    assert_non_null(c.file);
    c.saved = dup(2);
    assert_true(c.saved >= 0);
    assert_true(dup2(fileno(c.file), 2) >= 0);
    return c;
}

static const char *capture_end(capture *c, char *out, size_t n)
{
    fflush(stderr);
    assert_true(dup2(c->saved, 2) >= 0);
    close(c->saved);
    contents(c->file, out, n);
    fclose(c->file);
    return out;
}

/* ---- arena ------------------------------------------------------------ */

static int aligned(const void *p)
{
    return (uintptr_t)p % alignof(max_align_t) == 0;
}

static int all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i]) return 0;
    return 1;
}

static void test_arena_many_chunks(void **state)
{
    (void)state;
    enum { COUNT = 20000 };
    ts_arena *a = ts_arena_new();
    unsigned char **blocks = malloc(COUNT * sizeof *blocks);
    assert_non_null(blocks);
    for (size_t i = 0; i < COUNT; i++) {
        size_t size = 1 + i % 300;
        blocks[i] = ts_arena_alloc(a, size);
        assert_true(aligned(blocks[i]));
        assert_true(all_zero(blocks[i], size));
        memset(blocks[i], (int)(i & 0xFF), size);
    }
    /* No block was overwritten by a later one. */
    for (size_t i = 0; i < COUNT; i++) {
        size_t size = 1 + i % 300;
        for (size_t k = 0; k < size; k++)
            assert_int_equal(blocks[i][k], i & 0xFF);
    }
    assert_true(ts_arena_bytes(a) >= (size_t)COUNT * 150);
    free(blocks);
    ts_arena_drop(a);
}

static void test_arena_big_blocks(void **state)
{
    (void)state;
    ts_arena *a = ts_arena_new();
    char *small1 = ts_arena_strdup(a, "before");
    size_t big = 8u * 1024u * 1024u;
    unsigned char *b1 = ts_arena_alloc(a, big);
    assert_true(aligned(b1));
    assert_true(all_zero(b1, big));
    memset(b1, 0xAB, big);
    char *small2 = ts_arena_strdup(a, "after");
    unsigned char *b2 = ts_arena_alloc(a, 100000);
    assert_true(all_zero(b2, 100000));
    assert_string_equal(small1, "before");
    assert_string_equal(small2, "after");
    assert_int_equal(b1[0], 0xAB);
    assert_int_equal(b1[big - 1], 0xAB);
    assert_true(ts_arena_bytes(a) >= big + 100000);
    /* Zero bytes still gives a distinct, usable pointer. */
    void *z1 = ts_arena_alloc(a, 0), *z2 = ts_arena_alloc(a, 0);
    assert_ptr_not_equal(z1, z2);
    ts_arena_drop(a);
    ts_arena_drop(NULL);
}

/* Working memory given back: blocks from before a mark survive a release
 * untouched, the bytes and chunks taken after it are returned (the
 * reserved size falls back), and what is handed out next is zero again.
 * Nested marks release like a stack; a chunk retired after the mark
 * (small blocks past a chunk's size) and big blocks are freed. */
static void test_arena_mark_release(void **state)
{
    (void)state;
    ts_arena *a = ts_arena_new();
    char *before = ts_arena_strdup(a, "kept");
    size_t reserved = ts_arena_bytes(a);
    ts_arena_mark outer = ts_arena_mark_now(a);
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 5000; i++)             /* many chunks' worth */
            memset(ts_arena_alloc(a, 100), 0x5A, 100);
        memset(ts_arena_alloc(a, 1u << 20), 0x5A, 1u << 20);   /* a big block */
        ts_arena_mark inner = ts_arena_mark_now(a);
        memset(ts_arena_alloc(a, 3000), 0x77, 3000);
        ts_arena_release(a, inner);
        unsigned char *again = ts_arena_alloc(a, 3000);
        assert_true(all_zero(again, 3000));
        assert_true(ts_arena_bytes(a) > reserved + (1u << 20));
        ts_arena_release(a, outer);
        assert_int_equal(ts_arena_bytes(a), reserved);
        assert_string_equal(before, "kept");
        unsigned char *fresh = ts_arena_alloc(a, 100);
        assert_true(all_zero(fresh, 100));
        assert_true(fresh > (unsigned char *)before);
        ts_arena_release(a, outer);
    }
    /* A mark on an empty arena gives everything back. */
    ts_arena *b = ts_arena_new();
    ts_arena_mark empty = ts_arena_mark_now(b);
    ts_arena_strdup(b, "gone");
    ts_arena_alloc(b, 1u << 20);
    ts_arena_release(b, empty);
    assert_int_equal(ts_arena_bytes(b), 0);
    assert_true(all_zero(ts_arena_alloc(b, 64), 64));
    ts_arena_drop(b);
    ts_arena_drop(a);
}

/* A child arena goes with its parent, or before it on its own (then the
 * parent forgets it); children of children too. */
static void test_arena_children(void **state)
{
    (void)state;
    ts_arena *parent = ts_arena_new();
    ts_arena *early = ts_arena_new_child(parent);
    ts_arena *late = ts_arena_new_child(parent);
    ts_arena *grandchild = ts_arena_new_child(late);
    char *kept = ts_arena_strdup(parent, "parent");
    memset(ts_arena_alloc(early, 1u << 20), 1, 1u << 20);
    memset(ts_arena_alloc(late, 1000), 2, 1000);
    memset(ts_arena_alloc(grandchild, 1000), 3, 1000);
    ts_arena_drop(early);           /* the one in the middle of the list */
    ts_arena *another = ts_arena_new_child(parent);
    ts_arena_strdup(another, "x");
    assert_string_equal(kept, "parent");
    ts_arena_drop(parent);          /* late, grandchild and another with it */
}

/* ts_arena_on_drop: what an arena's contents own elsewhere goes with it,
 * its children's first, then its own newest first; a release does not
 * take an action back. */
static char drop_log[16];
static size_t drop_len;
static void log_drop(void *tag) { drop_log[drop_len++] = *(const char *)tag; }

static void test_arena_on_drop(void **state)
{
    (void)state;
    static const char a = 'a', b = 'b', c = 'c';
    drop_len = 0;
    memset(drop_log, 0, sizeof drop_log);
    ts_arena *parent = ts_arena_new();
    ts_arena *child = ts_arena_new_child(parent);
    ts_arena_on_drop(parent, log_drop, (void *)&a);
    ts_arena_mark m = ts_arena_mark_now(parent);
    ts_arena_on_drop(parent, log_drop, (void *)&b);
    ts_arena_release(parent, m);
    ts_arena_on_drop(child, log_drop, (void *)&c);
    assert_int_equal(drop_len, 0);
    ts_arena_drop(parent);
    assert_string_equal(drop_log, "cba");
}

static void test_arena_realloc(void **state)
{
    (void)state;
    ts_arena *a = ts_arena_new();
    char *p = ts_arena_alloc(a, 6);
    memcpy(p, "hello", 6);
    /* The newest block grows; the new tail is zero. */
    char *q = ts_arena_realloc(a, p, 6, 200);
    assert_string_equal(q, "hello");
    assert_true(all_zero((unsigned char *)q + 6, 194));
    memset(q + 6, 'x', 193);
    /* A block allocated after it does not overlap it. */
    char *after = ts_arena_alloc(a, 50);
    assert_true(all_zero((unsigned char *)after, 50));
    memset(after, 'y', 49);
    /* Growing an older block copies it. */
    char *r = ts_arena_realloc(a, q, 200, 400);
    assert_memory_equal(r, "hello", 5);
    assert_int_equal(r[6], 'x');
    assert_int_equal(r[198], 'x');
    assert_int_equal(r[199], '\0');
    assert_true(all_zero((unsigned char *)r + 200, 200));
    assert_int_equal(after[0], 'y');
    assert_int_equal(after[49], '\0');
    /* Past a chunk's size. */
    char *s = ts_arena_realloc(a, r, 400, 300000);
    assert_memory_equal(s, "hello", 5);
    assert_int_equal(s[198], 'x');
    assert_true(all_zero((unsigned char *)s + 400, 300000 - 400));
    /* From NULL, and shrinking. */
    char *t = ts_arena_realloc(a, NULL, 0, 10);
    assert_true(all_zero((unsigned char *)t, 10));
    assert_ptr_equal(ts_arena_realloc(a, s, 300000, 10), s);
    ts_arena_drop(a);
}

static void test_arena_strings(void **state)
{
    (void)state;
    ts_arena *a = ts_arena_new();
    assert_string_equal(ts_arena_strdup(a, "Malmö"), "Malmö");
    assert_string_equal(ts_arena_strndup(a, "Malmö stad", 6), "Malmö");
    assert_string_equal(ts_arena_strndup(a, "", 0), "");
    assert_string_equal(ts_arena_printf(a, "%d (%d)", 2, 12), "2 (12)");
    /* Longer than a chunk. */
    size_t n = 200000;
    char *long_text = malloc(n + 1);
    assert_non_null(long_text);
    memset(long_text, 'a', n);
    long_text[n] = '\0';
    char *p = ts_arena_printf(a, "<%s>", long_text);
    assert_int_equal(strlen(p), n + 2);
    assert_int_equal(p[0], '<');
    assert_int_equal(p[n + 1], '>');
    free(long_text);
    ts_arena_drop(a);
}

static void test_buf(void **state)
{
    (void)state;
    ts_buf b = {0};
    assert_string_equal(ts_buf_cstr(&b), "");
    assert_int_equal(b.len, 0);
    for (int i = 0; i < 1000; i++) ts_buf_putc(&b, (char)('a' + i % 26));
    assert_int_equal(b.len, 1000);
    assert_int_equal(b.data[999], 'a' + 999 % 26);
    ts_buf_puts(&b, "|");
    ts_buf_printf(&b, "%s=%d", "sida", 12);
    ts_buf_append(&b, "xyz", 2);
    ts_buf_append(&b, "", 0);
    assert_int_equal(b.len, 1000 + 1 + 7 + 2);
    assert_string_equal(ts_buf_cstr(&b) + 1000, "|sida=12xy");
    ts_buf_free(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
}

static void test_ptrvec(void **state)
{
    (void)state;
    ts_arena *a = ts_arena_new();
    ts_ptrvec v = {0};
    static int items[1000];
    for (int i = 0; i < 1000; i++) ts_ptrvec_push(a, &v, &items[i]);
    assert_int_equal(v.len, 1000);
    assert_true(v.cap >= 1000);
    for (int i = 0; i < 1000; i++) assert_ptr_equal(v.items[i], &items[i]);
    ts_arena_drop(a);
}

/* ---- UTF-8 ------------------------------------------------------------ */

static void test_utf8_round_trip(void **state)
{
    (void)state;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        char buf[4];
        int n = ts_utf8_encode(cp, buf);
        int expected = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        assert_int_equal(n, expected);
        uint32_t back;
        assert_int_equal(ts_utf8_decode(buf, (size_t)n, &back), n);
        assert_int_equal(back, cp);
    }
    char buf[4];
    assert_int_equal(ts_utf8_encode(0xE5, buf), 2);        /* å */
    assert_memory_equal(buf, "\xC3\xA5", 2);
    assert_int_equal(ts_utf8_encode(0x2212, buf), 3);      /* minus sign */
    assert_memory_equal(buf, "\xE2\x88\x92", 3);
    /* What cannot be encoded becomes U+FFFD. */
    assert_int_equal(ts_utf8_encode(0xD800, buf), 3);
    assert_memory_equal(buf, "\xEF\xBF\xBD", 3);
    assert_int_equal(ts_utf8_encode(0x110000, buf), 3);
    assert_memory_equal(buf, "\xEF\xBF\xBD", 3);
}

static void expect_invalid(const char *s, size_t len)
{
    uint32_t cp = 0;
    assert_int_equal(ts_utf8_decode(s, len, &cp), 1);
    assert_int_equal(cp, 0xFFFD);
    size_t bad = 99;
    assert_false(ts_utf8_valid(s, len, &bad));
    assert_int_equal(bad, 0);
}

static void test_utf8_invalid(void **state)
{
    (void)state;
    expect_invalid("\xC0\x80", 2);                 /* overlong NUL */
    expect_invalid("\xC1\xBF", 2);                 /* overlong */
    expect_invalid("\xE0\x80\x80", 3);             /* overlong, 3 bytes */
    expect_invalid("\xF0\x80\x80\x80", 4);         /* overlong, 4 bytes */
    expect_invalid("\x80", 1);                     /* lone continuation */
    expect_invalid("\xBF", 1);
    expect_invalid("\xE2\x82", 2);                 /* truncated */
    expect_invalid("\xE2\x82\x41", 3);             /* interrupted */
    expect_invalid("\xC3", 1);
    expect_invalid("\xED\xA0\x80", 3);             /* surrogate U+D800 */
    expect_invalid("\xED\xBF\xBF", 3);             /* surrogate U+DFFF */
    expect_invalid("\xF4\x90\x80\x80", 4);         /* U+110000 */
    expect_invalid("\xF5\x80\x80\x80", 4);
    expect_invalid("\xFF", 1);

    uint32_t cp;
    assert_int_equal(ts_utf8_decode("", 0, &cp), 0);
    assert_int_equal(cp, 0xFFFD);

    /* A real U+FFFD is valid text. */
    assert_int_equal(ts_utf8_decode("\xEF\xBF\xBD", 3, &cp), 3);
    assert_int_equal(cp, 0xFFFD);
    size_t bad = 99;
    assert_true(ts_utf8_valid("Malm\xC3\xB6 \xEF\xBF\xBD", 10, &bad));
    assert_int_equal(bad, 99);
    assert_true(ts_utf8_valid("", 0, NULL));
    /* The offset of the first bad byte, after good ones. */
    assert_false(ts_utf8_valid("s\xC3\xA4k\xED\xA0\x80", 7, &bad));
    assert_int_equal(bad, 4);
    assert_false(ts_utf8_valid("ok \xC3", 4, &bad));
    assert_int_equal(bad, 3);
}

static void test_utf8_column(void **state)
{
    (void)state;
    const char *line = "\xC3\x85sa \xC3\xA4r h\xC3\xA4r";   /* "Åsa är här" */
    assert_int_equal(ts_utf8_column(line, 0), 1);
    assert_int_equal(ts_utf8_column(line, 2), 2);     /* after Å */
    assert_int_equal(ts_utf8_column(line, 5), 5);     /* the ä of "är" */
    assert_int_equal(ts_utf8_column(line, 9), 8);     /* the h of "här" */
    assert_int_equal(ts_utf8_column("abc", 3), 4);
    /* An invalid byte counts as one character. */
    assert_int_equal(ts_utf8_column("\xFF" "a", 1), 2);
}

/* ---- diagnostics ------------------------------------------------------ */

static void test_diag_format(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    ts_diag d;
    ts_diag_init(&d, f);
    ts_error(&d, ((ts_pos){"text/a.md", 3, 7}), "unknown key '%s'", "titel");
    ts_warning(&d, ((ts_pos){"data/x.csv", 12, 0}), "empty row");
    ts_error(&d, ((ts_pos){"document.ini", 0, 0}), "no [document] section");
    ts_error(&d, ((ts_pos){NULL, 0, 0}), "no document folder given");
    ts_warning(&d, ((ts_pos){NULL, 5, 5}), "file unknown");
    char out[1024];
    assert_string_equal(contents(f, out, sizeof out),
        "text/a.md:3:7: error: unknown key 'titel'\n"
        "data/x.csv:12: warning: empty row\n"
        "document.ini: error: no [document] section\n"
        "trycksak: error: no document folder given\n"
        "trycksak: warning: file unknown\n");
    assert_int_equal(d.errors, 3);
    assert_int_equal(d.warnings, 2);
    fclose(f);
}

static void test_diag_quiet(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    ts_diag d;
    ts_diag_init(&d, f);
    d.quiet = 1;
    ts_warning(&d, ((ts_pos){"a.md", 1, 1}), "hidden");
    ts_error(&d, ((ts_pos){"a.md", 2, 1}), "shown");
    char out[256];
    assert_string_equal(contents(f, out, sizeof out), "a.md:2:1: error: shown\n");
    assert_int_equal(d.warnings, 1);
    assert_int_equal(d.errors, 1);
    fclose(f);
}

static void test_diag_max_errors(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    ts_diag d;
    ts_diag_init(&d, f);
    d.max_errors = 2;
    ts_warning(&d, ((ts_pos){"a.csv", 1, 0}), "w1");
    for (int i = 1; i <= 5; i++) ts_error(&d, ((ts_pos){"a.csv", i + 1, 1}), "e%d", i);
    ts_warning(&d, ((ts_pos){"a.csv", 9, 0}), "w2");
    char out[512];
    assert_string_equal(contents(f, out, sizeof out),
        "a.csv:1: warning: w1\n"
        "a.csv:2:1: error: e1\n"
        "a.csv:3:1: error: e2\n"
        "too many errors, stopping the list here\n");
    assert_int_equal(d.errors, 5);
    assert_int_equal(d.warnings, 2);
    fclose(f);
}

static void test_diag_init_defaults(void **state)
{
    (void)state;
    ts_diag d;
    memset(&d, 0x55, sizeof d);
    ts_diag_init(&d, NULL);
    assert_ptr_equal(d.out, stderr);
    assert_int_equal(d.errors, 0);
    assert_int_equal(d.warnings, 0);
    assert_int_equal(d.quiet, 0);
    assert_int_equal(d.max_errors, 0);
}

static void test_suggest(void **state)
{
    (void)state;
    static const char *const keys[] = {
        "layout", "title", "subtitle", "author", "date", "dnr", "language",
        "status", "keywords", "department", "reference", NULL };
    assert_string_equal(ts_suggest("titel", keys), "title");
    assert_string_equal(ts_suggest("Titel", keys), "title");
    assert_string_equal(ts_suggest("dnr2", keys), "dnr");
    assert_string_equal(ts_suggest("languge", keys), "language");
    assert_string_equal(ts_suggest("subtitel", keys), "subtitle");
    assert_string_equal(ts_suggest("athor", keys), "author");
    assert_string_equal(ts_suggest("keyword", keys), "keywords");
    assert_null(ts_suggest("xyz", keys));
    assert_null(ts_suggest("colour", keys));
    assert_null(ts_suggest("", keys));
    static const char *const few[] = { "title", "date", "dnr", NULL };
    assert_null(ts_suggest("xyz", few));
    static const char *const none[] = { NULL };
    assert_null(ts_suggest("title", none));
    char huge[200];
    memset(huge, 'a', sizeof huge - 1);
    huge[sizeof huge - 1] = '\0';
    assert_null(ts_suggest(huge, keys));
}

/* ---- files ------------------------------------------------------------ */

static void test_read_file(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char *file = path_in(dir, "a.md");
    char *empty = path_in(dir, "empty.md");
    char *sub = path_in(dir, "sub");
    char *fifo = path_in(dir, "pipe");
    char *big = path_in(dir, "big.csv");
    char *missing = path_in(dir, "missing.md");
    write_text(file, "# Rubrik\n\nText med å.\n");
    write_text(empty, "");
    assert_int_equal(mkdir(sub, 0755), 0);
    assert_int_equal(mkfifo(fifo, 0644), 0);
    int fd = open(big, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)TS_MAX_INPUT_BYTES + 1), 0);
    close(fd);

    ts_arena *a = ts_arena_new();
    FILE *f = tmpfile();
    assert_non_null(f);
    ts_diag d;
    ts_diag_init(&d, f);
    ts_pos at = {"document.ini", 4, 8};

    size_t len = 0;
    char *text = ts_read_file(a, &d, at, file, &len);
    assert_non_null(text);
    assert_int_equal(len, strlen("# Rubrik\n\nText med å.\n"));
    assert_string_equal(text, "# Rubrik\n\nText med å.\n");
    text = ts_read_file(a, &d, at, empty, &len);
    assert_non_null(text);
    assert_int_equal(len, 0);
    assert_string_equal(text, "");
    assert_int_equal(d.errors, 0);

    assert_null(ts_read_file(a, &d, at, sub, &len));
    assert_null(ts_read_file(a, &d, at, fifo, &len));
    assert_null(ts_read_file(a, &d, at, missing, &len));
    assert_null(ts_read_file(a, &d, at, big, &len));
    assert_int_equal(d.errors, 4);

    char out[4096], expected[4096];
    snprintf(expected, sizeof expected,
             "document.ini:4:8: error: '%s' is a folder, not a file\n"
             "document.ini:4:8: error: '%s' is not a regular file\n"
             "document.ini:4:8: error: cannot read '%s': no such file\n",
             sub, fifo, missing);
    contents(f, out, sizeof out);
    assert_memory_equal(out, expected, strlen(expected));
    assert_non_null(strstr(out + strlen(expected), "is too big"));
    fclose(f);
    ts_arena_drop(a);

    remove_in(dir, "a.md");
    remove_in(dir, "empty.md");
    remove_in(dir, "sub");
    remove_in(dir, "pipe");
    remove_in(dir, "big.csv");
    assert_int_equal(rmdir(dir), 0);
    free(file); free(empty); free(sub); free(fifo); free(big); free(missing);
    free(dir);
}

static void test_path_dirname_join(void **state)
{
    (void)state;
    ts_arena *a = ts_arena_new();
    assert_string_equal(ts_path_dirname(a, "a/b/c.md"), "a/b");
    assert_string_equal(ts_path_dirname(a, "c.md"), ".");
    assert_string_equal(ts_path_dirname(a, "/c.md"), "/");
    assert_string_equal(ts_path_dirname(a, "/"), "/");
    assert_string_equal(ts_path_dirname(a, "a/b/"), "a");
    assert_string_equal(ts_path_dirname(a, "a//b"), "a");
    assert_string_equal(ts_path_dirname(a, ""), ".");
    assert_string_equal(ts_path_join(a, "a/b", "c.md"), "a/b/c.md");
    assert_string_equal(ts_path_join(a, "a/b/", "c.md"), "a/b/c.md");
    assert_string_equal(ts_path_join(a, ".", "c.md"), "c.md");
    assert_string_equal(ts_path_join(a, "a", "/etc/x"), "/etc/x");
    ts_arena_drop(a);
}

typedef struct {
    ts_arena *arena;
    ts_diag diag;
    FILE *messages;
    char *root;          /* as mkdtemp gave it */
    char *root_real;
    char *outside;       /* a second folder, not inside root */
} confine_fixture;

static int confine_setup(void **state)
{
    confine_fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    fx->arena = ts_arena_new();
    fx->messages = tmpfile();
    assert_non_null(fx->messages);
    ts_diag_init(&fx->diag, fx->messages);
    fx->root = temp_dir();
    fx->root_real = realpath(fx->root, NULL);
    assert_non_null(fx->root_real);
    fx->outside = temp_dir();

    char *p = path_in(fx->root, "text");
    assert_int_equal(mkdir(p, 0755), 0);
    free(p);
    p = path_in(fx->root, "text/a.md");
    write_text(p, "a");
    free(p);
    p = path_in(fx->root, "b.md");
    write_text(p, "b");
    free(p);
    p = path_in(fx->outside, "secret.txt");
    write_text(p, "secret");
    /* root/evil -> outside/secret.txt, root/elsewhere -> outside */
    char *link = path_in(fx->root, "evil");
    assert_int_equal(symlink(p, link), 0);
    free(link);
    free(p);
    link = path_in(fx->root, "elsewhere");
    assert_int_equal(symlink(fx->outside, link), 0);
    free(link);
    /* root/inner -> root/text, a symlink that stays inside */
    link = path_in(fx->root, "inner");
    assert_int_equal(symlink("text", link), 0);
    free(link);
    *state = fx;
    return 0;
}

static int confine_teardown(void **state)
{
    confine_fixture *fx = *state;
    remove_in(fx->root, "text/a.md");
    remove_in(fx->root, "text");
    remove_in(fx->root, "b.md");
    remove_in(fx->root, "evil");
    remove_in(fx->root, "elsewhere");
    remove_in(fx->root, "inner");
    rmdir(fx->root);
    remove_in(fx->outside, "secret.txt");
    rmdir(fx->outside);
    fclose(fx->messages);
    ts_arena_drop(fx->arena);
    free(fx->root);
    free(fx->root_real);
    free(fx->outside);
    free(fx);
    return 0;
}

/* Confines `name` written in a file in root/`base`; NULL when refused. */
static char *confine(confine_fixture *fx, const char *base, const char *name)
{
    char *base_dir = base ? path_in(fx->root, base) : strdup(fx->root);
    assert_non_null(base_dir);
    ts_pos at = {"text/a.md", 2, 5};
    char *r = ts_path_confine(fx->arena, &fx->diag, at, fx->root_real, base_dir,
                              name);
    free(base_dir);
    return r;
}

static void expect_inside(confine_fixture *fx, const char *base, const char *name,
                          const char *below_root)
{
    int errors = fx->diag.errors;
    char *r = confine(fx, base, name);
    assert_non_null(r);
    assert_int_equal(fx->diag.errors, errors);
    char *expected = path_in(fx->root, below_root);
    assert_string_equal(r, expected);
    free(expected);
}

static void expect_refused(confine_fixture *fx, const char *base, const char *name,
                           const char *message)
{
    int errors = fx->diag.errors;
    long start = ftell(fx->messages);
    assert_null(confine(fx, base, name));
    assert_int_equal(fx->diag.errors, errors + 1);
    char out[1024];
    fflush(fx->messages);
    fseek(fx->messages, start, SEEK_SET);
    size_t got = fread(out, 1, sizeof out - 1, fx->messages);
    out[got] = '\0';
    fseek(fx->messages, 0, SEEK_END);
    char expected[1024];
    snprintf(expected, sizeof expected, "text/a.md:2:5: error: %s\n", message);
    assert_string_equal(out, expected);
}

static void test_confine_inside(void **state)
{
    confine_fixture *fx = *state;
    expect_inside(fx, NULL, "b.md", "b.md");
    expect_inside(fx, NULL, "a/../b.md", "b.md");
    expect_inside(fx, NULL, "./text//a.md", "text/a.md");
    expect_inside(fx, "text", "../b.md", "b.md");
    expect_inside(fx, "text", "a.md", "text/a.md");
    expect_inside(fx, NULL, "inner/a.md", "inner/a.md");
    /* Missing files are the caller's to report. */
    expect_inside(fx, NULL, "missing.md", "missing.md");
    expect_inside(fx, "text", "../nowhere/x/y.csv", "nowhere/x/y.csv");
    expect_inside(fx, NULL, "b.md/x", "b.md/x");
}

static void test_confine_refused(void **state)
{
    confine_fixture *fx = *state;
    expect_refused(fx, NULL, "../x", "'../x' lies outside the document folder");
    expect_refused(fx, "text", "../../x",
                   "'../../x' lies outside the document folder");
    expect_refused(fx, NULL, "text/../../b.md",
                   "'text/../../b.md' lies outside the document folder");
    expect_refused(fx, NULL, "/etc/x",
                   "'/etc/x' is an absolute path; name files relative to the "
                   "document folder");
    expect_refused(fx, NULL, "evil", "'evil' lies outside the document folder "
                   "(through a symbolic link)");
    expect_refused(fx, NULL, "elsewhere/secret.txt",
                   "'elsewhere/secret.txt' lies outside the document folder "
                   "(through a symbolic link)");
    /* Not there, but its folder is a symlink that leads out. */
    expect_refused(fx, NULL, "elsewhere/new.md",
                   "'elsewhere/new.md' lies outside the document folder "
                   "(through a symbolic link)");
    expect_refused(fx, NULL, "elsewhere/no/such/file.md",
                   "'elsewhere/no/such/file.md' lies outside the document folder "
                   "(through a symbolic link)");
    /* Out by name and then back in through a link is still out by name. */
    expect_refused(fx, "text", "../../x", "'../../x' lies outside the document folder");
}

/* A device target is written in place: renaming over it would replace
 * the device node (as root) with a plain file. */
static void test_write_atomic_device(void **state)
{
    (void)state;
    assert_int_equal(ts_write_atomic("/dev/null", "%PDF-1.7\n", 9), 0);
    struct stat st;
    assert_int_equal(stat("/dev/null", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
}

static void test_write_atomic(void **state)
{
    (void)state;
    char *dir = temp_dir();
    char *target = path_in(dir, "out.pdf");
    write_text(target, "old contents");

    assert_int_equal(ts_write_atomic(target, "%PDF-1.7 new", 12), 0);
    ts_arena *a = ts_arena_new();
    ts_diag d;
    ts_diag_init(&d, stderr);
    size_t len;
    char *text = ts_read_file(a, &d, (ts_pos){0}, target, &len);
    assert_non_null(text);
    assert_string_equal(text, "%PDF-1.7 new");
    struct stat st;
    assert_int_equal(stat(target, &st), 0);
    mode_t mask = umask(0);
    umask(mask);
    assert_int_equal(st.st_mode & 07777, 0644 & ~mask);
    assert_int_equal(count_entries(dir), 1);

    /* Empty output is still written. */
    assert_int_equal(ts_write_atomic(target, "", 0), 0);
    assert_int_equal(stat(target, &st), 0);
    assert_int_equal(st.st_size, 0);
    ts_arena_drop(a);

    /* Missing folder: nothing created anywhere. */
    char *nowhere = path_in(dir, "no-such-folder/out.pdf");
    char out[1024], expected[1024];
    capture c = capture_begin();
    assert_int_equal(ts_write_atomic(nowhere, "x", 1), -1);
    capture_end(&c, out, sizeof out);
    snprintf(expected, sizeof expected,
             "trycksak: error: cannot write '%s': no such folder\n", nowhere);
    assert_string_equal(out, expected);
    assert_int_equal(count_entries(dir), 1);

    /* The rename fails (the target is a folder that is not empty): the
     * temporary written beside it is removed again. */
    char *folder = path_in(dir, "taken");
    char *inner = path_in(dir, "taken/keep");
    assert_int_equal(mkdir(folder, 0755), 0);
    write_text(inner, "keep");
    c = capture_begin();
    assert_int_equal(ts_write_atomic(folder, "x", 1), -1);
    capture_end(&c, out, sizeof out);
    snprintf(expected, sizeof expected, "trycksak: error: cannot write '%s': ",
             folder);
    assert_memory_equal(out, expected, strlen(expected));
    assert_int_equal(count_entries(dir), 2);     /* out.pdf and taken */
    assert_int_equal(count_entries(folder), 1);

    remove_in(dir, "taken/keep");
    remove_in(dir, "taken");
    remove_in(dir, "out.pdf");
    assert_int_equal(rmdir(dir), 0);
    free(inner); free(folder); free(nowhere); free(target); free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena_many_chunks),
        cmocka_unit_test(test_arena_big_blocks),
        cmocka_unit_test(test_arena_realloc),
        cmocka_unit_test(test_arena_mark_release),
        cmocka_unit_test(test_arena_children),
        cmocka_unit_test(test_arena_on_drop),
        cmocka_unit_test(test_arena_strings),
        cmocka_unit_test(test_buf),
        cmocka_unit_test(test_ptrvec),
        cmocka_unit_test(test_utf8_round_trip),
        cmocka_unit_test(test_utf8_invalid),
        cmocka_unit_test(test_utf8_column),
        cmocka_unit_test(test_diag_format),
        cmocka_unit_test(test_diag_quiet),
        cmocka_unit_test(test_diag_max_errors),
        cmocka_unit_test(test_diag_init_defaults),
        cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_read_file),
        cmocka_unit_test(test_path_dirname_join),
        cmocka_unit_test_setup_teardown(test_confine_inside, confine_setup,
                                        confine_teardown),
        cmocka_unit_test_setup_teardown(test_confine_refused, confine_setup,
                                        confine_teardown),
        cmocka_unit_test(test_write_atomic),
        cmocka_unit_test(test_write_atomic_device),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
