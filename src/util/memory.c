/* Arena, heap helpers, growable buffers.
 *
 * The arena is a list of chunks obtained with calloc, so every byte handed
 * out is zero and none is ever reused: that is what lets ts_arena_realloc
 * grow the newest block in place without clearing it. */
#include "util.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* Room in an ordinary chunk (bytes). Requests larger than a quarter of it
 * get a chunk of their own, so one big table does not waste the rest of a
 * half-used chunk. */
#define CHUNK_BYTES ((size_t)64 * 1024)
#define BIG_BYTES (CHUNK_BYTES / 4)
#define ALIGN alignof(max_align_t)

typedef struct chunk {
    struct chunk *next;
    size_t cap;            /* bytes in data */
    size_t used;           /* bytes handed out, a multiple of ALIGN */
    max_align_t data[];    /* max_align_t elements give the alignment */
} chunk;

/* Something to do when an arena is dropped (ts_arena_on_drop); on the
 * heap, so that ts_arena_release cannot take it back. */
typedef struct drop_action {
    void (*fn)(void *);
    void *arg;
    struct drop_action *next;
} drop_action;

struct ts_arena {
    drop_action *on_drop;  /* newest first */
    chunk *spare;          /* one chunk of CHUNK_BYTES given back by
                              ts_arena_release, zeroed, for the next chunk:
                              working memory taken and given back a row at a
                              time would otherwise allocate and clear a
                              whole chunk each time it crosses into one */
    chunk *current;        /* small allocations come from here */
    chunk *full;           /* every other chunk, for ts_arena_drop */
    void *newest;          /* the last block taken from current, or NULL */
    size_t reserved;       /* sum of chunk capacities */
    struct ts_arena *parent, *children, *next_child;
};

_Noreturn void ts_oom(void)
{
    ts_atomic_remove_pending();
    fputs("trycksak: ", stderr);
    fputs(_("out of memory"), stderr);
    fputc('\n', stderr);
    exit(2);
}

/* Fault injection, for tests only: built with -DTS_FAULT_INJECTION, the
 * Nth allocation of trycksak's own code (ts_xmalloc, ts_xrealloc, an arena
 * and its chunks) fails when TRYCKSAK_FAIL_ALLOC=N, as if the memory had
 * run out there; tests/faults.sh sweeps N. Libraries allocate on their own
 * and are not counted. */
#ifdef TS_FAULT_INJECTION
static int fail_now(void)
{
    static long countdown = -2;           /* -2 not read yet, -1 never */
    if (countdown == -2) {
        const char *e = getenv("TRYCKSAK_FAIL_ALLOC");
        countdown = e && *e ? strtol(e, NULL, 10) : -1;
        if (countdown <= 0) countdown = -1;
    }
    return countdown > 0 && --countdown == 0;
}
#define FAIL_NOW() fail_now()
#else
#define FAIL_NOW() 0
#endif

void *ts_xmalloc(size_t n)
{
    void *p = FAIL_NOW() ? NULL : malloc(n ? n : 1);
    if (!p) ts_oom();
    return p;
}

void *ts_xrealloc(void *p, size_t n)
{
    void *q = FAIL_NOW() ? NULL : realloc(p, n ? n : 1);
    if (!q) ts_oom();
    return q;
}

/* size rounded up to ALIGN; exits on overflow, which only a corrupt
 * size can cause. */
static size_t round_up(size_t size)
{
    if (size > SIZE_MAX - ALIGN) ts_oom();
    return (size + ALIGN - 1) / ALIGN * ALIGN;
}

static chunk *chunk_new(size_t cap)
{
    if (cap > SIZE_MAX - sizeof(chunk)) ts_oom();
    chunk *c = FAIL_NOW() ? NULL : calloc(1, sizeof(chunk) + cap);
    if (!c) ts_oom();
    c->cap = cap;
    return c;
}

ts_arena *ts_arena_new(void)
{
    ts_arena *a = FAIL_NOW() ? NULL : calloc(1, sizeof *a);
    if (!a) ts_oom();
    return a;
}

static void free_chunks(chunk *c)
{
    while (c) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
}

ts_arena *ts_arena_new_child(ts_arena *parent)
{
    ts_arena *a = ts_arena_new();
    a->parent = parent;
    a->next_child = parent->children;
    parent->children = a;
    return a;
}

void ts_arena_drop(ts_arena *a)
{
    if (!a) return;
    while (a->children) {
        ts_arena *child = a->children;
        a->children = child->next_child;
        child->parent = NULL;
        ts_arena_drop(child);
    }
    while (a->on_drop) {
        drop_action *act = a->on_drop;
        a->on_drop = act->next;
        act->fn(act->arg);
        free(act);
    }
    if (a->parent) {
        ts_arena **link = &a->parent->children;
        while (*link != a) link = &(*link)->next_child;
        *link = a->next_child;
    }
    free_chunks(a->current);
    free_chunks(a->full);
    free(a->spare);
    free(a);
}

/* A chunk ts_arena_release takes back: kept as the spare when there is
 * none (its used bytes zeroed again), else freed. */
static void give_back(ts_arena *a, chunk *c)
{
    a->reserved -= c->cap;
    if (a->spare || c->cap != CHUNK_BYTES) {
        free(c);
        return;
    }
    memset(c->data, 0, c->used);
    POISON(c->data, c->cap);
    c->used = 0;
    c->next = NULL;
    a->spare = c;
}

void ts_arena_on_drop(ts_arena *a, void (*fn)(void *), void *arg)
{
    drop_action *act = ts_xmalloc(sizeof *act);
    act->fn = fn;
    act->arg = arg;
    act->next = a->on_drop;
    a->on_drop = act;
}

size_t ts_arena_bytes(const ts_arena *a)
{
    return a ? a->reserved : 0;
}

void *ts_arena_alloc(ts_arena *a, size_t size)
{
    size_t need = round_up(size ? size : 1);

    if (need > BIG_BYTES) {
        chunk *c = chunk_new(need);
        c->used = need;
        c->next = a->full;
        a->full = c;
        a->reserved += need;
        return c->data;
    }
    if (!a->current || a->current->cap - a->current->used < need) {
        if (a->current) {
            a->current->next = a->full;
            a->full = a->current;
        }
        if (a->spare) {
            a->current = a->spare;
            a->spare = NULL;
        } else {
            a->current = chunk_new(CHUNK_BYTES);
        }
        a->reserved += CHUNK_BYTES;
    }
    chunk *c = a->current;
    void *p = (unsigned char *)c->data + c->used;
    UNPOISON(p, need);
    c->used += need;
    a->newest = p;
    return p;
}

void *ts_arena_realloc(ts_arena *a, void *old, size_t old_size, size_t new_size)
{
    if (!old) return ts_arena_alloc(a, new_size);
    if (new_size <= old_size) return old;

    /* The newest block of the current chunk can grow into the untouched
     * (still zero) bytes behind it. */
    chunk *c = a->current;
    if (c && old == a->newest) {
        size_t offset = (size_t)((unsigned char *)old - (unsigned char *)c->data);
        size_t need = round_up(new_size);
        if (need <= c->cap - offset) {
            UNPOISON(old, need);
            c->used = offset + need;
            return old;
        }
    }
    void *p = ts_arena_alloc(a, new_size);
    memcpy(p, old, old_size);
    return p;
}

ts_arena_mark ts_arena_mark_now(const ts_arena *a)
{
    ts_arena_mark m = { a->current, a->current ? a->current->used : 0, a->full };
    return m;
}

/* Chunks reach `full` in the order they are retired, newest first: those
 * ahead of the mark's head there came after the mark, except the marked
 * chunk itself when it was retired since. */
void ts_arena_release(ts_arena *a, ts_arena_mark m)
{
    chunk *keep = m.chunk;
    chunk **link = &a->full;
    while (*link && *link != (chunk *)m.full) {
        chunk *c = *link;
        if (c == keep) {
            link = &c->next;
            continue;
        }
        *link = c->next;
        give_back(a, c);
    }
    if (a->current != keep) {
        if (a->current)
            give_back(a, a->current);
        if (keep) {
            /* retired since the mark: alone ahead of the mark's head now */
            a->full = keep->next;
            keep->next = NULL;
        }
        a->current = keep;
    }
    if (keep && keep->used > m.used) {
        unsigned char *from = (unsigned char *)keep->data + m.used;
        memset(from, 0, keep->used - m.used);
        POISON(from, keep->used - m.used);
        keep->used = m.used;
    }
    a->newest = NULL;
}

char *ts_arena_strndup(ts_arena *a, const char *s, size_t n)
{
    if (n == SIZE_MAX) ts_oom();
    char *p = ts_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    return p;
}

char *ts_arena_strdup(ts_arena *a, const char *s)
{
    return ts_arena_strndup(a, s, strlen(s));
}

char *ts_arena_printf(ts_arena *a, const char *fmt, ...)
{
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        /* Only an invalid format or wide-character conversion gets here. */
        va_end(again);
        return ts_arena_strdup(a, "");
    }
    char *p = ts_arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, again);
    va_end(again);
    return p;
}

/* ---- ts_buf ----------------------------------------------------------- */

/* Make room for `extra` more bytes plus the terminating NUL. */
static void buf_reserve(ts_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - 1 - b->len) ts_oom();
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) {
        if (cap > SIZE_MAX / 2) { cap = need; break; }
        cap *= 2;
    }
    b->data = ts_xrealloc(b->data, cap);
    b->cap = cap;
}

void ts_buf_append(ts_buf *b, const void *data, size_t n)
{
    if (n == 0) return;
    buf_reserve(b, n);
    memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void ts_buf_puts(ts_buf *b, const char *s)
{
    ts_buf_append(b, s, strlen(s));
}

void ts_buf_putc(ts_buf *b, char c)
{
    buf_reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void ts_buf_printf(ts_buf *b, const char *fmt, ...)
{
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n > 0) {
        buf_reserve(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
        b->len += (size_t)n;
    }
    va_end(again);
}

const char *ts_buf_cstr(ts_buf *b)
{
    buf_reserve(b, 0);
    b->data[b->len] = '\0';
    return b->data;
}

void ts_buf_free(ts_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* ---- ts_ptrvec -------------------------------------------------------- */

void ts_ptrvec_push(ts_arena *a, ts_ptrvec *v, void *item)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        if (cap > SIZE_MAX / sizeof(void *)) ts_oom();
        v->items = ts_arena_realloc(a, v->items, v->cap * sizeof(void *),
                                    cap * sizeof(void *));
        v->cap = cap;
    }
    v->items[v->len++] = item;
}
