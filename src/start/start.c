/* start: copying a template into a new document folder. */
#include "start.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Templates are shallow (text/, data/, charts/, images/); the limit only
 * stops a symlink loop in a damaged data folder. */
#define MAX_DEPTH 8

static int st_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int st_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "trycksak: %s: ", _("error"));
    vfprintf(stderr, _(fmt), ap);
    fputc('\n', stderr);
    va_end(ap);
    return -1;
}

/* A template name is a plain word: it becomes a folder name under the data
 * folder, so no '/', no "..". */
static int plain_name(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return 0;
    }
    return 1;
}

static int is_template(ts_arena *a, const char *templates, const char *name)
{
    struct stat st;
    char *ini = ts_arena_printf(a, "%s/%s/document.ini", templates, name);
    return plain_name(name) && stat(ini, &st) == 0 && S_ISREG(st.st_mode);
}

static int compare_names(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

char *st_template_names(ts_arena *a, const char *data_dir)
{
    char *templates = ts_path_join(a, data_dir, "templates");
    DIR *dp = opendir(templates);
    if (!dp) return "";
    ts_ptrvec names = {0};
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.' || !is_template(a, templates, e->d_name)) continue;
        ts_ptrvec_push(a, &names, ts_arena_strdup(a, e->d_name));
    }
    closedir(dp);
    if (names.len == 0) return "";
    qsort(names.items, names.len, sizeof names.items[0], compare_names);
    ts_buf b = {0};
    for (size_t i = 0; i < names.len; i++) {
        if (i) ts_buf_puts(&b, ", ");
        ts_buf_puts(&b, names.items[i]);
    }
    char *out = ts_arena_strdup(a, ts_buf_cstr(&b));
    ts_buf_free(&b);
    return out;
}

int st_start_date(char out[11])
{
    struct tm tm;
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        time_t t = (time_t)v;
        if (errno || *end || v < 0 || (long long)t != v || !gmtime_r(&t, &tm))
            return st_error("SOURCE_DATE_EPOCH='%s' is not a number of seconds; "
                            "unset it or give seconds since 1970", sde);
    } else {
        time_t t = time(NULL);
        if (!localtime_r(&t, &tm)) return st_error("cannot read today's date from the clock");
    }
    if (strftime(out, 11, "%Y-%m-%d", &tm) != 10)
        return st_error("today's date is outside the years 1000-9999");
    return 0;
}

/* Files whose `{date}` is replaced: the text formats of a document folder.
 * Anything else (images) is copied byte for byte. */
static int is_text_file(const char *name)
{
    static const char *const exts[] = { ".ini", ".md", ".csv", ".chart", ".txt", NULL };
    size_t n = strlen(name);
    for (int i = 0; exts[i]; i++) {
        size_t e = strlen(exts[i]);
        if (n > e && strcmp(name + n - e, exts[i]) == 0) return 1;
    }
    return 0;
}

static int read_all(const char *path, ts_buf *out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    char chunk[8192];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int err = errno;
            close(fd);
            errno = err;
            return -1;
        }
        if (n == 0) break;
        ts_buf_append(out, chunk, (size_t)n);
    }
    close(fd);
    return 0;
}

static int write_all(const char *path, const char *data, size_t len)
{
    /* O_EXCL: the target folder is our fresh temporary, so a file already
     * there means something is wrong; never write through it. */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) return -1;
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) {
            int err = errno;
            close(fd);
            errno = err;
            return -1;
        }
        data += w;
        len -= (size_t)w;
    }
    return close(fd);
}

static int copy_file(const char *src, const char *dst, const char *date)
{
    ts_buf in = {0};
    if (read_all(src, &in) != 0) {
        st_error("cannot read the template file '%s': %s", src, strerror(errno));
        ts_buf_free(&in);
        return -1;
    }
    ts_buf out = {0};
    const char *p = ts_buf_cstr(&in), *end = p + in.len;
    if (is_text_file(src)) {
        static const char token[] = "{date}";
        const size_t tn = sizeof token - 1;
        while (p < end) {
            const char *hit = strstr(p, token);
            if (!hit || hit >= end) break;
            ts_buf_append(&out, p, (size_t)(hit - p));
            ts_buf_puts(&out, date);
            p = hit + tn;
        }
    }
    if (end > p) ts_buf_append(&out, p, (size_t)(end - p));
    int rc = write_all(dst, out.data ? out.data : "", out.len);
    if (rc != 0) st_error("cannot write '%s': %s", dst, strerror(errno));
    ts_buf_free(&in);
    ts_buf_free(&out);
    return rc;
}

static int copy_tree(ts_arena *a, const char *src, const char *dst,
                     const char *date, int depth)
{
    if (depth > MAX_DEPTH)
        return st_error("the template folder '%s' is nested too deeply; "
                        "reinstall trycksak", src);
    DIR *dp = opendir(src);
    if (!dp)
        return st_error("cannot read the template folder '%s': %s", src, strerror(errno));
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(dp)) != NULL) {
        /* Dot files are editor and version-control leftovers, not part of
         * a document. */
        if (e->d_name[0] == '.') continue;
        char *from = ts_path_join(a, src, e->d_name);
        char *to = ts_path_join(a, dst, e->d_name);
        struct stat st;
        /* stat, not lstat: a packager may link template files in. */
        if (stat(from, &st) != 0) {
            rc = st_error("cannot read the template file '%s': %s", from, strerror(errno));
        } else if (S_ISDIR(st.st_mode)) {
            if (mkdir(to, 0777) != 0)
                rc = st_error("cannot create the folder '%s': %s", to, strerror(errno));
            else
                rc = copy_tree(a, from, to, date, depth + 1);
        } else if (S_ISREG(st.st_mode)) {
            rc = copy_file(from, to, date);
        }
    }
    closedir(dp);
    return rc;
}

/* Remove a folder this stage made, with everything in it. Only ever called
 * on our own temporary folder. */
static void remove_tree(ts_arena *a, const char *path, int depth)
{
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode) && depth <= MAX_DEPTH + 1) {
        DIR *dp = opendir(path);
        if (dp) {
            struct dirent *e;
            while ((e = readdir(dp)) != NULL) {
                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
                remove_tree(a, ts_path_join(a, path, e->d_name), depth + 1);
            }
            closedir(dp);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* 1 when the folder holds nothing but "." and "..", 0 when it holds
 * something, -1 when it cannot be read. */
static int folder_is_empty(const char *path)
{
    DIR *dp = opendir(path);
    if (!dp) return -1;
    int empty = 1;
    struct dirent *e;
    while (empty && (e = readdir(dp)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) empty = 0;
    closedir(dp);
    return empty;
}

int st_new(ts_arena *a, const char *dir_arg, const char *name, const char *data_dir,
           const char *date)
{
    char *templates = ts_path_join(a, data_dir, "templates");
    if (!is_template(a, templates, name)) {
        const char *names = st_template_names(a, data_dir);
        if (!*names)
            return st_error("no document templates found in '%s'; reinstall "
                            "trycksak or set TRYCKSAK_DATA to its data folder",
                            templates);
        return st_error("there is no template for the layout '%s'; choose one of: %s "
                        "(for example --layout bokslut)", name, names);
    }
    char *src = ts_path_join(a, templates, name);

    /* "mapp/" and "mapp" are the same folder. */
    char *dir = ts_arena_strdup(a, dir_arg);
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') dir[--n] = '\0';
    if (!*dir) return st_error("%s", _("the folder name is empty; give a name for the new document folder"));
    const char *base = strrchr(dir, '/');
    base = base ? base + 1 : dir;
    /* The folder is made by renaming a new one onto the name, which "."
     * and ".." cannot take. */
    if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 || strcmp(dir, "/") == 0)
        return st_error("'%s' cannot be a new document folder; give a new folder's "
                        "name, e.g. trycksak new mitt-bokslut", dir_arg);

    struct stat st;
    if (lstat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            return st_error("'%s' already exists and is not a folder; give a new "
                            "folder name for the document", dir);
        int empty = folder_is_empty(dir);
        if (empty < 0)
            return st_error("cannot read the folder '%s': %s", dir, strerror(errno));
        if (!empty)
            return st_error("the folder '%s' already exists and is not empty; give "
                            "a new folder name, so that nothing in it is overwritten", dir);
    } else if (errno != ENOENT) {
        return st_error("cannot use '%s': %s", dir, strerror(errno));
    }

    char *parent = ts_path_dirname(a, dir);
    if (stat(parent, &st) != 0 || !S_ISDIR(st.st_mode))
        return st_error("the folder '%s' does not exist; create it first, or give "
                        "another place for the new document", parent);

    /* Built beside the target under a hidden name, then renamed into place:
     * rename(2) also replaces an empty folder, and nothing half-made is
     * ever seen under the name the author chose. */
    char *tmp = ts_arena_printf(a, "%s/.%s.new-XXXXXX", parent, base);
    if (!mkdtemp(tmp))
        return st_error("cannot create a folder in '%s': %s", parent, strerror(errno));

    int rc = copy_tree(a, src, tmp, date, 0);
    if (rc == 0) {
        /* mkdtemp makes 0700; a document folder is an ordinary folder. */
        mode_t mask = umask(0);
        umask(mask);
        if (chmod(tmp, 0777 & ~mask) != 0)
            rc = st_error("cannot set the permissions of '%s': %s", tmp, strerror(errno));
    }
    if (rc == 0 && rename(tmp, dir) != 0) {
        if (errno == ENOTEMPTY || errno == EEXIST)
            rc = st_error("the folder '%s' was filled while the new document was "
                          "made; give a new folder name", dir);
        else
            rc = st_error("cannot create '%s': %s", dir, strerror(errno));
    }
    if (rc != 0) remove_tree(a, tmp, 0);
    return rc;
}
