/* Reading inputs, confining paths to the document folder, writing output
 * atomically. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* errno in words a user can act on; the C library's strerror for the rest. */
static const char *plain_reason(int err)
{
    switch (err) {
    case ENOENT: return _("no such file");
    case EACCES:
    case EPERM: return _("permission denied");
    case ENOTDIR: return _("a part of the path is a file, not a folder");
    case EISDIR: return _("it is a folder, not a file");
    case ELOOP: return _("too many symbolic links (a link may point to itself)");
    case ENAMETOOLONG: return _("the name is too long");
    case EMFILE:
    case ENFILE: return _("too many files are open");
    case ENOSPC: return _("the disk is full");
    case EDQUOT: return _("the disk quota is used up");
    case EROFS: return _("the file system is read-only");
    case EIO: return _("input/output error on the disk");
    case ENOMEM: ts_oom();
    default: return strerror(err);
    }
}

char *ts_read_file(ts_arena *a, ts_diag *d, ts_pos at, const char *path,
                   size_t *len)
{
    /* O_NONBLOCK: opening a FIFO must not wait for a writer before fstat
     * can refuse it. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        ts_error(d, at, "cannot read '%s': %s", path, plain_reason(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        ts_error(d, at, "cannot read '%s': %s", path, plain_reason(errno));
        close(fd);
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        ts_error(d, at, "'%s' is a folder, not a file", path);
        close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        ts_error(d, at, "'%s' is not a regular file", path);
        close(fd);
        return NULL;
    }
    if (st.st_size < 0 || (uintmax_t)st.st_size > TS_MAX_INPUT_BYTES) {
        ts_error(d, at, "'%s' is too big (%jd bytes; the limit is %u MB)", path,
                 (intmax_t)st.st_size, TS_MAX_INPUT_BYTES / (1024u * 1024u));
        close(fd);
        return NULL;
    }

    /* The size fstat gave is the most we read: a file that grows meanwhile
     * is cut there, one that shrinks ends at its end. */
    size_t size = (size_t)st.st_size;
    char *data = ts_arena_alloc(a, size + 1);
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, data + got, size - got);
        if (n < 0) {
            if (errno == EINTR) continue;
            ts_error(d, at, "cannot read '%s': %s", path, plain_reason(errno));
            close(fd);
            return NULL;
        }
        if (n == 0) break;
        got += (size_t)n;
    }
    close(fd);
    data[got] = '\0';
    if (len) *len = got;
    return data;
}

char *ts_path_dirname(ts_arena *a, const char *path)
{
    size_t end = strlen(path);
    while (end > 1 && path[end - 1] == '/') end--;       /* "a/b/" is "a/b" */
    while (end > 0 && path[end - 1] != '/') end--;       /* drop the last name */
    if (end == 0) return ts_arena_strdup(a, ".");
    while (end > 1 && path[end - 1] == '/') end--;       /* "a//b" -> "a" */
    return ts_arena_strndup(a, path, end);
}

char *ts_path_join(ts_arena *a, const char *dir, const char *name)
{
    if (name[0] == '/' || !dir || !dir[0] || strcmp(dir, ".") == 0)
        return ts_arena_strdup(a, name);
    size_t n = strlen(dir);
    if (dir[n - 1] == '/') return ts_arena_printf(a, "%s%s", dir, name);
    return ts_arena_printf(a, "%s/%s", dir, name);
}

/* `path` without "." and empty components, each ".." cancelling the name
 * before it. Any ".." left stands at the start of a relative path (an
 * absolute path cannot go above "/"). The empty path is ".". */
static char *clean_path(ts_arena *a, const char *path)
{
    int absolute = path[0] == '/';
    /* Each kept name is written with a '/' after it, so the result is at
     * most one byte longer than the input before that last '/' goes. */
    char *out = ts_arena_alloc(a, strlen(path) + 2);
    size_t len = 0;
    if (absolute) out[len++] = '/';
    size_t fixed = len;          /* out[0..fixed) is "/" or "../../": kept */

    const char *p = path;
    while (*p) {
        while (*p == '/') p++;
        const char *name = p;
        while (*p && *p != '/') p++;
        size_t part = (size_t)(p - name);
        if (part == 0 || (part == 1 && name[0] == '.')) continue;
        if (part == 2 && name[0] == '.' && name[1] == '.') {
            if (len > fixed) {
                len--;                                   /* its '/' */
                while (len > fixed && out[len - 1] != '/') len--;
                continue;
            }
            if (absolute) continue;
            memcpy(out + len, "../", 3);
            len += 3;
            fixed = len;
            continue;
        }
        memcpy(out + len, name, part);
        len += part;
        out[len++] = '/';
    }
    if (len > 1 && out[len - 1] == '/') len--;
    if (len == 0) out[len++] = '.';
    out[len] = '\0';
    return out;
}

/* True when `real` (an absolute, resolved path) is `root` or below it. */
static int inside(const char *root, const char *real)
{
    size_t n = strlen(root);
    while (n > 1 && root[n - 1] == '/') n--;
    if (n == 1 && root[0] == '/') return real[0] == '/';
    return strncmp(real, root, n) == 0 && (real[n] == '\0' || real[n] == '/');
}

/* True when `cleaned` (a cleaned path, relative to the current folder or
 * absolute) lies inside `root` by its names alone, before any symlink is
 * followed: then a path that resolves outside got there through a link. */
static int inside_by_name(ts_arena *a, const char *root, const char *cleaned)
{
    if (cleaned[0] == '/') return inside(root, cleaned);
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) return 0;
    return inside(root, clean_path(a, ts_path_join(a, cwd, cleaned)));
}

char *ts_path_confine(ts_arena *a, ts_diag *d, ts_pos at, const char *root_real,
                      const char *base_dir, const char *name)
{
    if (!name[0]) {
        ts_error(d, at, "a file name is missing here");
        return NULL;
    }
    if (name[0] == '/') {
        ts_error(d, at, "'%s' is an absolute path; name files relative to the "
                 "document folder", name);
        return NULL;
    }
    char *cleaned = clean_path(a, ts_path_join(a, base_dir, name));

    /* Resolve the longest leading part that exists: the names after it
     * do not exist, so no symlink can take them anywhere, and cleaning
     * left no ".." among them. */
    size_t cut = strlen(cleaned);    /* cleaned[0..cut) is tried; 0 is "." */
    char *real;
    for (;;) {
        const char *probe = cut ? ts_arena_strndup(a, cleaned, cut) : ".";
        real = realpath(probe, NULL);
        if (real) break;
        int err = errno;
        if (err == ENOMEM) ts_oom();
        if ((err != ENOENT && err != ENOTDIR) || cut == 0 ||
            strcmp(probe, "/") == 0) {
            ts_error(d, at, "cannot read '%s': %s", cleaned, plain_reason(err));
            return NULL;
        }
        while (cut > 0 && cleaned[cut - 1] != '/') cut--;
        if (cut > 1) cut--;                  /* the separator; "/" stays */
    }
    const char *rest = cleaned + cut;
    while (*rest == '/') rest++;

    int ok;
    if (rest[0]) {
        char *whole = ts_path_join(a, real, rest);
        ok = inside(root_real, whole);
    } else {
        ok = inside(root_real, real);
    }
    free(real);
    if (!ok) {
        if (inside_by_name(a, root_real, cleaned))
            ts_error(d, at, "'%s' lies outside the document folder (through a "
                     "symbolic link)", name);
        else
            ts_error(d, at, "'%s' lies outside the document folder", name);
        return NULL;
    }
    return cleaned;
}

/* Write all of data to fd; 0, or an errno value. */
static int write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        if (w == 0) return EIO;
        p += w;
        left -= (size_t)w;
    }
    return 0;
}

struct ts_atomic {
    char *path;
    char *tmp;                /* the temporary beside path; NULL when written in place */
    int fd;                   /* -1 after a failure */
    const char *reason;       /* the first failure, NULL while there is none */
};

/* The temporary being written, for ts_atomic_remove_pending: one output
 * is written at a time. */
static const char *pending_tmp;

void ts_atomic_remove_pending(void)
{
    if (pending_tmp) unlink(pending_tmp);
    pending_tmp = NULL;
}

/* A target that exists and is neither a regular file nor a folder (a
 * device such as /dev/full or /dev/stdout, a pipe) cannot be replaced by
 * renaming: that would replace the device node itself (as root, /dev/full
 * would become a plain file). It is written in place instead. */
ts_atomic *ts_atomic_open(const char *path)
{
    ts_atomic *f = ts_xmalloc(sizeof *f);
    memset(f, 0, sizeof *f);
    size_t n = strlen(path);
    f->path = ts_xmalloc(n + 1);
    memcpy(f->path, path, n + 1);
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        f->fd = open(path, O_WRONLY | O_CLOEXEC);
        if (f->fd < 0) f->reason = plain_reason(errno);
        return f;
    }
    f->tmp = ts_xmalloc(n + 8);
    memcpy(f->tmp, path, n);
    memcpy(f->tmp + n, ".XXXXXX", 8);
    f->fd = mkstemp(f->tmp);
    if (f->fd < 0) {
        /* The temporary sits beside the target, so ENOENT means its
         * folder is missing. */
        f->reason = errno == ENOENT ? _("no such folder") : plain_reason(errno);
        free(f->tmp);
        f->tmp = NULL;
        return f;
    }
    pending_tmp = f->tmp;
    /* mkstemp makes 0600; the output is an ordinary file. */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(f->fd, 0644 & ~mask) != 0) f->reason = plain_reason(errno);
    return f;
}

void ts_atomic_write(ts_atomic *f, const void *data, size_t len)
{
    if (f->reason) return;
    int err = write_all(f->fd, data, len);
    if (err) f->reason = plain_reason(err);
}

int ts_atomic_close(ts_atomic *f, int commit)
{
    if (!commit && !f->reason) f->reason = "";        /* discarded: no message */
    if (f->tmp && !f->reason && fsync(f->fd) != 0) f->reason = plain_reason(errno);
    if (f->fd >= 0 && close(f->fd) != 0 && !f->reason) f->reason = plain_reason(errno);
    if (f->tmp && !f->reason && rename(f->tmp, f->path) != 0) f->reason = plain_reason(errno);
    int rc = 0;
    if (f->tmp == pending_tmp) pending_tmp = NULL;
    if (f->reason) {
        if (f->tmp) unlink(f->tmp);
        if (*f->reason) {
            fprintf(stderr, "trycksak: %s: ", _("error"));
            fprintf(stderr, _("cannot write '%s': %s"), f->path, f->reason);
            fputc('\n', stderr);
        }
        rc = -1;
    }
    free(f->tmp);
    free(f->path);
    free(f);
    return rc;
}

int ts_write_atomic(const char *path, const void *data, size_t len)
{
    ts_span one = { data, len };
    return ts_write_atomic_spans(path, &one, 1);
}

int ts_write_atomic_spans(const char *path, const ts_span *parts, size_t nparts)
{
    ts_atomic *f = ts_atomic_open(path);
    for (size_t i = 0; i < nparts; i++) ts_atomic_write(f, parts[i].data, parts[i].len);
    return ts_atomic_close(f, 1);
}
