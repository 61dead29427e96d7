/* util: arena memory, growable buffers, UTF-8, diagnostics, confined paths.
 *
 * Prefix ts_. Everything a document allocates lives in one ts_arena that is
 * dropped once at the end; nothing here is freed piecemeal.
 * Lengths are ts_sp: scaled points, 1 pt = 65536 sp, as in TeX, so that line
 * and page breaks are the same on every compiler. */
#ifndef TS_UTIL_H
#define TS_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- lengths ---------------------------------------------------------- */

typedef int32_t ts_sp;                 /* scaled point: 1/65536 pt */
#define TS_PT ((ts_sp)65536)           /* one PostScript point */
#define TS_SP_FROM_PT(x) ((ts_sp)((x) * 65536.0 + ((x) < 0 ? -0.5 : 0.5)))
#define TS_MM_SP(x) ((ts_sp)((x) * 72.0 / 25.4 * 65536.0 + 0.5))
static inline double ts_sp_to_pt(ts_sp v) { return (double)v / 65536.0; }

/* ---- source positions ------------------------------------------------- */

/* A place in an input file. `file` is the path as the user should see it
 * (relative to the current directory when given so); line and col count
 * from 1, col in characters; 0 means unknown. */
typedef struct ts_pos {
    const char *file;
    int line;
    int col;
} ts_pos;

/* ---- arena ------------------------------------------------------------ */

typedef struct ts_arena ts_arena;

ts_arena *ts_arena_new(void);
/* An arena that is dropped with `parent` unless dropped before: for a
 * part of the work that can be given back early (the laid-out pages,
 * once drawn) while whoever owns the parent need not know of it. */
ts_arena *ts_arena_new_child(ts_arena *parent);
void ts_arena_drop(ts_arena *a);
/* Call fn(arg) when a is dropped (after its children, newest first,
 * before its memory is freed): for what an arena's contents own outside
 * it, such as a library object that lives as long as they do. */
void ts_arena_on_drop(ts_arena *a, void (*fn)(void *), void *arg);
/* Zeroed memory aligned for any type; never NULL (out of memory exits 2). */
void *ts_arena_alloc(ts_arena *a, size_t size);
/* Grow a block from this arena: the old contents are copied; the old block
 * is abandoned to the arena. */
void *ts_arena_realloc(ts_arena *a, void *old, size_t old_size, size_t new_size);
char *ts_arena_strdup(ts_arena *a, const char *s);
char *ts_arena_strndup(ts_arena *a, const char *s, size_t n);
char *ts_arena_printf(ts_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
size_t ts_arena_bytes(const ts_arena *a);      /* bytes reserved, for -v */

/* A point in an arena's life, for working memory: everything allocated
 * after ts_arena_mark is given back by ts_arena_release (its chunks freed,
 * the rest of the current chunk zeroed for reuse), so a scratch arena
 * can hold one paragraph's horizontal list at a time instead of the
 * whole document's. Marks nest like a stack; a block that must outlive a
 * release belongs in another arena. Under AddressSanitizer the released
 * bytes are poisoned, so a pointer kept past its release is reported. */
typedef struct ts_arena_mark {
    void *chunk;           /* the current chunk then (opaque), or NULL */
    size_t used;           /* its bytes handed out then */
    void *full;            /* the newest retired chunk then (opaque) */
} ts_arena_mark;
ts_arena_mark ts_arena_mark_now(const ts_arena *a);
void ts_arena_release(ts_arena *a, ts_arena_mark m);

/* Out of memory anywhere: message, exit status 2. */
_Noreturn void ts_oom(void);
void *ts_xmalloc(size_t n);
void *ts_xrealloc(void *p, size_t n);

/* ---- growable byte buffer (heap; caller frees with ts_buf_free) -------- */

typedef struct ts_buf {
    char *data;
    size_t len;
    size_t cap;
} ts_buf;

void ts_buf_append(ts_buf *b, const void *data, size_t n);
void ts_buf_puts(ts_buf *b, const char *s);
void ts_buf_putc(ts_buf *b, char c);
void ts_buf_printf(ts_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* NUL-terminated view of the contents (the NUL is not counted in len). */
const char *ts_buf_cstr(ts_buf *b);
void ts_buf_free(ts_buf *b);

/* Growable array of pointers allocated in an arena. */
typedef struct ts_ptrvec {
    void **items;
    size_t len;
    size_t cap;
} ts_ptrvec;
void ts_ptrvec_push(ts_arena *a, ts_ptrvec *v, void *item);

/* ---- UTF-8 ------------------------------------------------------------ */

/* Decode one code point from s[0..len). Returns the number of bytes used
 * (1..4); an invalid or truncated sequence yields U+FFFD and 1. */
int ts_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encode cp into out (at least 4 bytes); returns bytes written. */
int ts_utf8_encode(uint32_t cp, char *out);
/* True when s[0..len) is well-formed UTF-8; *bad_offset gets the first
 * invalid byte otherwise. */
int ts_utf8_valid(const char *s, size_t len, size_t *bad_offset);
/* Column (in characters, from 1) of byte offset `off` within its line. */
int ts_utf8_column(const char *line_start, size_t off);

/* ---- diagnostics ------------------------------------------------------ */

typedef enum { TS_WARNING, TS_ERROR } ts_severity;

/* Collects and prints messages as `path:line:col: error: text`, like a
 * compiler, so editors can jump to them. */
typedef struct ts_diag {
    FILE *out;          /* where messages go; stderr normally; NULL: only
                           counted (what was reported once already) */
    int quiet;          /* when set, warnings are counted but not printed */
    int errors;
    int warnings;
    int max_errors;     /* stop printing after this many errors (0: no limit) */
} ts_diag;

void ts_diag_init(ts_diag *d, FILE *out);
void ts_diag_report(ts_diag *d, ts_severity sev, ts_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void ts_diag_vreport(ts_diag *d, ts_severity sev, ts_pos pos, const char *fmt,
                     va_list ap);
#define ts_error(d, pos, ...) ts_diag_report((d), TS_ERROR, (pos), __VA_ARGS__)
#define ts_warning(d, pos, ...) ts_diag_report((d), TS_WARNING, (pos), __VA_ARGS__)

/* Messages in the user's language (gettext, text domain "trycksak"):
 * main() binds the catalogue; ts_diag_vreport translates every format it
 * is given, so ts_error and ts_warning callers need nothing. Direct
 * messages elsewhere are wrapped as _("…"); N_("…") marks a string for
 * the catalogue that is translated later. Without a catalogue (unit
 * tests, the C locale) each returns its argument. */
#define TS_TEXTDOMAIN "trycksak"
const char *ts_gettext(const char *msgid) __attribute__((format_arg(1)));
const char *ts_ngettext(const char *one, const char *many, unsigned long n)
    __attribute__((format_arg(1), format_arg(2)));
#define _(s) ts_gettext(s)
#define N_(s) (s)

/* The closest of `candidates` (NULL-terminated) to `word` by edit distance,
 * or NULL when none is close enough to suggest ("did you mean …"). */
const char *ts_suggest(const char *word, const char *const *candidates);

/* ---- files and confined paths ----------------------------------------- */

/* Maximum size of any input file read whole (bytes). */
#define TS_MAX_INPUT_BYTES (32u * 1024u * 1024u)
/* Maximum length of one line of a text input (Markdown, document.ini,
 * layout and chart files), in bytes without the line ending: a whole
 * paragraph on one line fits many times over; a longer line is a file
 * that is not text, or text that lost its line breaks. */
#define TS_MAX_LINE_BYTES (64u * 1024u)

/* Read a whole regular file into the arena, NUL-terminated. Refuses
 * directories, FIFOs, devices and files over TS_MAX_INPUT_BYTES. On failure
 * reports an error at `at` (the place that named the file) and returns NULL. */
char *ts_read_file(ts_arena *a, ts_diag *d, ts_pos at, const char *path,
                   size_t *len);

/* The folder part of a path ("a/b/c.md" -> "a/b", "c.md" -> "."). */
char *ts_path_dirname(ts_arena *a, const char *path);
/* Join dir and a relative name; absolute names are returned as given. */
char *ts_path_join(ts_arena *a, const char *dir, const char *name);

/* Resolve `name` (as written in the file at `at`, relative to `base_dir`)
 * to a path for opening and display, and check that after following
 * symlinks it stays inside `root_real` (the realpath of the document
 * folder). Absolute names and names that leave the folder are errors
 * reported at `at`; returns NULL then. The returned path is base_dir/name
 * cleaned, suitable for messages. */
char *ts_path_confine(ts_arena *a, ts_diag *d, ts_pos at, const char *root_real,
                      const char *base_dir, const char *name);

/* Write `len` bytes to `path` atomically: a temporary file in the same
 * folder, fsync, then rename over the target. On failure the temporary is
 * removed, any earlier file at `path` is untouched, and a message naming
 * the path is printed; returns 0 on success, -1 on failure. A target that
 * exists and is a device or pipe (/dev/stdout, /dev/full) is written in
 * place, since renaming over it would replace the device node. */
int ts_write_atomic(const char *path, const void *data, size_t len);
/* The same for a file held in pieces, written one after the other. */
typedef struct ts_span {
    const void *data;
    size_t len;
} ts_span;
int ts_write_atomic_spans(const char *path, const ts_span *parts, size_t nparts);
/* The same for a file written piece by piece, without holding it whole:
 * ts_atomic_open, ts_atomic_write any number of times, ts_atomic_close.
 * A failure (no such folder, the disk full) is kept and ends the writing;
 * ts_atomic_close reports it as ts_write_atomic does and returns -1.
 * With commit 0 the file is discarded instead (an error of the caller's,
 * reported by the caller), and -1 returned, no message printed; a target
 * written in place keeps what was written. */
typedef struct ts_atomic ts_atomic;
ts_atomic *ts_atomic_open(const char *path);
void ts_atomic_write(ts_atomic *f, const void *data, size_t len);
int ts_atomic_close(ts_atomic *f, int commit);
/* Remove the temporary of the output being written, if any: ts_oom calls
 * it before exiting, so running out of memory while a PDF is written
 * leaves nothing behind. */
void ts_atomic_remove_pending(void);

#endif
