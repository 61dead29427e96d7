/* The INI dialect of document.ini and layout files: inih, fed one line at
 * a time so every pair knows its line and columns. See inifile.h. */
#include "inifile.h"

#include <ini.h>
#include <stdlib.h>
#include <string.h>

typedef struct ini_ctx {
    ts_diag *d;
    const char *path;
    const rd_ini_callbacks *cb;
    void *user;

    const char *next;        /* first byte not yet handed to inih */
    int line;                /* line number of the line handed last */
    const char *raw;         /* that line, after a BOM; not NUL-terminated */
    size_t raw_len;          /* without the newline and any CR */
    size_t lead;             /* bytes of leading blanks stripped */
    int expect_pair;         /* the line should produce a handler call */
    int handled;             /* … and did */
    char *long_value;        /* the value of a line too long for inih */
    int pairs;
} ini_ctx;

static int is_blank(char c) { return c == ' ' || c == '\t'; }

static ts_pos at_offset(const ini_ctx *c, size_t off)
{
    ts_pos p = { c->path, c->line, ts_utf8_column(c->raw, off) };
    return p;
}

static void syntax_error(ini_ctx *c)
{
    ts_error(c->d, at_offset(c, c->lead),
             "line is neither [section] nor key = value");
}

/* The end of a value as inih cuts it: before ` ;` (an inline comment),
 * then without trailing blanks. */
static size_t value_end(const char *v, size_t n)
{
    size_t i = 0;
    for (; i < n; i++)
        if (v[i] == ';' && i > 0 && is_blank(v[i - 1])) break;
    while (i > 0 && is_blank(v[i - 1])) i--;
    return i;
}

/* Offset in the raw line of the key/value separator (the first '=' or
 * ':', as inih takes it), or raw_len when there is none. */
static size_t separator(const ini_ctx *c)
{
    for (size_t i = c->lead; i < c->raw_len; i++)
        if (c->raw[i] == '=' || c->raw[i] == ':') return i;
    return c->raw_len;
}

static void copy_line(char *str, const char *s, size_t n)
{
    memcpy(str, s, n);
    str[n] = '\n';
    str[n + 1] = '\0';
}

/* A line inih did not accept (it calls no handler for those) is reported
 * when the next line is asked for, and after the last. */
static void check_previous(ini_ctx *c)
{
    if (c->expect_pair && !c->handled) syntax_error(c);
    c->expect_pair = 0;
}

static char *reader(char *str, int num, void *stream)
{
    ini_ctx *c = stream;
    check_previous(c);
    if (!*c->next) return NULL;

    const char *s = c->next;
    const char *nl = strchr(s, '\n');
    size_t n = nl ? (size_t)(nl - s) : strlen(s);
    c->next = nl ? nl + 1 : s + n;
    c->line++;
    if (c->line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
        n -= 3;
    }
    while (n > 0 && (s[n - 1] == '\r' || is_blank(s[n - 1]))) n--;
    c->raw = s;
    c->raw_len = n;
    c->handled = 0;
    free(c->long_value);
    c->long_value = NULL;

    /* Leading blanks go, so inih never sees a continuation line. */
    size_t lead = 0;
    while (lead < n && is_blank(s[lead])) lead++;
    c->lead = lead;
    const char *t = s + lead;
    size_t m = n - lead;
    size_t room = num > 2 ? (size_t)num - 2 : 0;   /* for "\n\0" */

    if (m == 0 || *t == ';' || *t == '#') {
        copy_line(str, "", 0);
        return str;
    }
    if (*t == '[') {
        const char *close = memchr(t, ']', m);
        if (!close || close - t - 1 + 2 > (ptrdiff_t)room) {
            syntax_error(c);
            copy_line(str, "", 0);
            return str;
        }
        size_t name_len = (size_t)(close - t - 1);
        /* inih reads the same name from the clean line handed to it. */
        str[0] = '[';
        memcpy(str + 1, t + 1, name_len);
        str[name_len + 1] = ']';
        str[name_len + 2] = '\n';
        str[name_len + 3] = '\0';
        if (c->cb->section) {
            char *name = ts_xmalloc(name_len + 1);
            memcpy(name, t + 1, name_len);
            name[name_len] = '\0';
            c->cb->section(c->user, name, at_offset(c, lead + 1));
            free(name);
        }
        return str;
    }

    c->expect_pair = 1;
    if (m <= room) {
        copy_line(str, t, m);
        return str;
    }
    /* Longer than inih's line buffer: hand it the key alone and keep the
     * value here for the handler. */
    size_t sep = separator(c);
    if (sep == n || sep - lead + 1 > room) {
        copy_line(str, "", 0);   /* reported by check_previous */
        return str;
    }
    size_t vstart = sep + 1;
    while (vstart < n && is_blank(s[vstart])) vstart++;
    size_t vlen = value_end(s + vstart, n - vstart);
    c->long_value = ts_xmalloc(vlen + 1);
    memcpy(c->long_value, s + vstart, vlen);
    c->long_value[vlen] = '\0';
    memcpy(str, t, sep - lead + 1);
    str[sep - lead + 1] = '\n';
    str[sep - lead + 2] = '\0';
    return str;
}

static int handler(void *user, const char *section, const char *name,
                   const char *value)
{
    ini_ctx *c = user;
    c->handled = 1;
    c->pairs++;

    size_t sep = separator(c);
    size_t vstart = sep < c->raw_len ? sep + 1 : c->raw_len;
    while (vstart < c->raw_len && is_blank(c->raw[vstart])) vstart++;

    const char *v = c->long_value ? c->long_value : (value ? value : "");
    /* `key = ; comment`: inih keeps a comment that starts the value. */
    if (vstart < c->raw_len && c->raw[vstart] == ';' && is_blank(c->raw[vstart - 1]))
        v = "";
    size_t vlen = strlen(v);
    char *unquoted = NULL;
    if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
        unquoted = ts_xmalloc(vlen - 1);
        memcpy(unquoted, v + 1, vlen - 2);
        unquoted[vlen - 2] = '\0';
        v = unquoted;
        vstart++;
    }

    rd_ini_pair p = {
        .section = section ? section : "",
        .key = name ? name : "",
        .value = v,
        .key_pos = at_offset(c, c->lead),
        .value_pos = at_offset(c, vstart),
    };
    if (!*p.key) syntax_error(c);
    else c->cb->pair(c->user, &p);
    free(unquoted);
    return 1;   /* our own messages replace inih's error count */
}

int rd_ini_parse(ts_diag *d, const char *path, const char *text,
                 const rd_ini_callbacks *cb, void *user)
{
    size_t len = strlen(text), bad;
    if (!ts_utf8_valid(text, len, &bad)) {
        int line = 1;
        size_t start = 0;
        for (size_t i = 0; i < bad; i++)
            if (text[i] == '\n') {
                line++;
                start = i + 1;
            }
        ts_pos pos = { path, line, ts_utf8_column(text + start, bad - start) };
        ts_error(d, pos, "this file is not UTF-8 text; save it as UTF-8");
        return -1;
    }

    /* One line at most TS_MAX_LINE_BYTES long: the same bound as the
     * other text inputs, reported before anything is parsed. */
    int line = 1;
    for (const char *s = text; *s; line++) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        if (n > TS_MAX_LINE_BYTES) {
            ts_pos pos = { path, line, ts_utf8_column(s, TS_MAX_LINE_BYTES) };
            ts_error(d, pos, "line %d is %zu bytes long; a line may be at most "
                     "%u KB: break it up, or check that this is the right file",
                     line, n, TS_MAX_LINE_BYTES / 1024u);
            return -1;
        }
        if (!nl) break;
        s = nl + 1;
    }

    ini_ctx c = { .d = d, .path = path, .cb = cb, .user = user, .next = text };
    ini_parse_stream(reader, &c, handler, &c);
    check_previous(&c);
    free(c.long_value);
    return c.pairs;
}
