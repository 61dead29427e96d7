/* read: one Markdown file into the document tree, with cmark-gfm.
 *
 * CommonMark plus the GFM table and strikethrough extensions and footnotes,
 * with source positions. Smart punctuation stays off: Swedish quotes and
 * dashes are the text stage's business, and cmark's would be English.
 *
 * Decisions worth knowing:
 * - Raw HTML (blocks and inline tags) has no place in a printed, tagged
 *   document: each piece is reported as a warning and left out. The text
 *   between inline tags stays. HTML comments (<!-- … -->) are the usual way
 *   to leave notes in Markdown, so they are dropped without a warning.
 * - A paragraph holding one image and nothing else is a figure; its image
 *   must be a PNG or JPEG file inside the document folder.
 * - Fenced blocks named `indicators`, `table` and `chart` hold `key = value`
 *   lines; a chart block's `file =` is read here, so that later stages never
 *   open a chart file themselves. CSV files are only checked to exist.
 * - cmark numbers footnotes per file and drops definitions nobody refers
 *   to; numbers are given again here through the whole document, and the
 *   dropped definitions are found by looking at the source lines.
 * - Adjacent text nodes (cmark splits text at brackets and unmatched
 *   delimiters) are joined into one, so later stages see whole runs. */
#include "read.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Deepest nesting of blocks and inlines kept; deeper input is reported. */
#define MD_MAX_DEPTH 32

#define MD_LINE_VERBATIM 1    /* inside a code or HTML block */
#define MD_LINE_DEF 2         /* a kept footnote definition starts here */

/* Line starts of one text, for turning byte columns into characters. */
typedef struct md_lines {
    const char *file;         /* display path */
    const char *text;
    size_t len;
    size_t *start;            /* heap; start[i] is line i+1 */
    size_t n;
    /* The last column computed: positions are asked for in document
     * order, so counting on from here keeps long lines linear. */
    int memo_line;
    size_t memo_off;
    int memo_col;
} md_lines;

typedef struct md_fn {        /* one footnote, by cmark's per-file index */
    doc_node *def;
    const char *label;
    int number;
} md_fn;

typedef struct md_ref {
    doc_node *node;
    size_t ix;
} md_ref;

typedef struct md_ctx {
    doc_document *doc;
    ts_diag *d;
    ts_arena *a;
    const char *dir;          /* folder of the Markdown file */
    md_lines src;
    md_fn *fn;                /* heap, index 1..nfn-1 */
    size_t nfn;
    md_ref *refs;             /* heap */
    size_t nrefs, caprefs;
    size_t ndefs;             /* definitions met so far (cmark's order) */
    unsigned char *line_flags; /* heap, per source line: MD_LINE_* */
    int depth_reported;
} md_ctx;

/* ---- positions -------------------------------------------------------- */

static void lines_build(md_lines *l, const char *file, const char *text, size_t len)
{
    size_t cap = 64, n = 0;
    size_t *st = ts_xmalloc(cap * sizeof *st);
    st[n++] = 0;
    for (size_t i = 0; i < len; i++) {
        int eol = 0;
        if (text[i] == '\n') eol = 1;
        else if (text[i] == '\r') {
            if (i + 1 < len && text[i + 1] == '\n') i++;
            eol = 1;
        }
        if (eol) {
            if (n == cap) {
                cap *= 2;
                st = ts_xrealloc(st, cap * sizeof *st);
            }
            st[n++] = i + 1;
        }
    }
    l->file = file;
    l->text = text;
    l->len = len;
    l->start = st;
    l->n = n;
    l->memo_line = 0;
}

/* Bytes of line `line` (from 1) without its line ending. */
static size_t line_len(const md_lines *l, int line)
{
    size_t s = l->start[line - 1];
    size_t e = (size_t)line < l->n ? l->start[line] : l->len;
    if (e > s && l->text[e - 1] == '\n') e--;
    if (e > s && l->text[e - 1] == '\r') e--;
    return e - s;
}

/* Position of byte column `bcol` (from 1) on `line`, in characters. */
static ts_pos lines_pos(md_lines *l, int line, int bcol)
{
    ts_pos p = { l->file, 0, 0 };
    if (line < 1 || (size_t)line > l->n) return p;
    p.line = line;
    if (bcol < 1) { p.col = 1; return p; }
    size_t ll = line_len(l, line);
    size_t off = (size_t)(bcol - 1);
    if (off > ll) off = ll;
    const char *ls = l->text + l->start[line - 1];
    if (l->memo_line == line && l->memo_off <= off)
        p.col = l->memo_col - 1 + ts_utf8_column(ls + l->memo_off, off - l->memo_off);
    else
        p.col = ts_utf8_column(ls, off);
    l->memo_line = line;
    l->memo_off = off;
    l->memo_col = p.col;
    return p;
}

static ts_pos lines_pos_offset(const md_lines *l, size_t off)
{
    size_t lo = 0, hi = l->n;          /* last line start <= off */
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (l->start[mid] <= off) lo = mid;
        else hi = mid;
    }
    ts_pos p = { l->file, (int)lo + 1, 0 };
    p.col = ts_utf8_column(l->text + l->start[lo], off - l->start[lo]);
    return p;
}

static ts_pos node_pos(md_ctx *c, cmark_node *n, ts_pos fallback)
{
    ts_pos p = lines_pos(&c->src, cmark_node_get_start_line(n),
                         cmark_node_get_start_column(n));
    return p.line ? p : fallback;
}

/* Checks every input text must pass before it is parsed; on failure the
 * problem is reported and -1 returned. */
static int check_text(ts_diag *d, const md_lines *l)
{
    const char *nul = memchr(l->text, '\0', l->len);
    size_t bad;
    int valid = ts_utf8_valid(l->text, l->len, &bad);
    if (nul && (valid || (size_t)(nul - l->text) < bad)) {
        ts_error(d, lines_pos_offset(l, (size_t)(nul - l->text)),
                 "the file contains a NUL byte; save it as plain UTF-8 text");
        return -1;
    }
    if (!valid) {
        ts_error(d, lines_pos_offset(l, bad), "the file is not UTF-8; save it as UTF-8");
        return -1;
    }
    for (size_t i = 0; i < l->n; i++) {
        size_t n = line_len(l, (int)i + 1);
        if (n > TS_MAX_LINE_BYTES) {
            ts_pos pos = { l->file, (int)i + 1,
                           ts_utf8_column(l->text + l->start[i], TS_MAX_LINE_BYTES) };
            ts_error(d, pos, "line %zu is %zu bytes long; a line may be at most %u KB: "
                     "break the paragraph into lines (a single line break does not "
                     "end a paragraph)", i + 1, n, TS_MAX_LINE_BYTES / 1024u);
            return -1;
        }
    }
    return 0;
}

static void strip_bom(const char **text, size_t *len)
{
    if (*len >= 3 && memcmp(*text, "\xEF\xBB\xBF", 3) == 0) {
        *text += 3;
        *len -= 3;
    }
}

/* ---- key = value blocks ----------------------------------------------- */

static const char *const keys_table[] = { "data", "caption", "source", NULL };
static const char *const keys_chart[] = {
    "type", "title", "data", "x", "series", "unit", "target", "target-label",
    "source", "alt", "caption", "height", NULL
};
static const char *const keys_chart_block[] = {
    "file", "type", "title", "data", "x", "series", "unit", "target",
    "target-label", "source", "alt", "caption", "height", NULL
};

typedef struct kv_item {
    doc_prop *prop;
    ts_pos key_pos;
} kv_item;

typedef struct kv_list {
    kv_item *items;           /* heap */
    size_t n, cap;
} kv_list;

static int is_space(char ch) { return ch == ' ' || ch == '\t'; }

static int key_allowed(const char *key, const char *const *allowed)
{
    for (size_t i = 0; allowed[i]; i++)
        if (strcmp(key, allowed[i]) == 0) return 1;
    return 0;
}

static const kv_item *kv_find(const kv_list *kv, const char *key)
{
    for (size_t i = 0; i < kv->n; i++)
        if (strcmp(kv->items[i].prop->key, key) == 0) return &kv->items[i];
    return NULL;
}

/* Parse one `key = value` line. `s[0..n)` is the line's text; its byte i
 * sits at byte column col0 + i of source line `line` in `l` (col0 from 1).
 * `where` names the place in messages ("table block", "chart file"). */
static void kv_line(md_ctx *c, md_lines *l, int line, int col0,
                    const char *s, size_t n, const char *where,
                    const char *const *allowed, kv_list *kv)
{
    size_t i = 0;
    while (i < n && is_space(s[i])) i++;
    if (i == n || s[i] == ';' || s[i] == '#') return;
    ts_pos key_pos = lines_pos(l, line, col0 + (int)i);

    const char *eq = memchr(s + i, '=', n - i);
    size_t ke = eq ? (size_t)(eq - s) : i;
    while (ke > i && is_space(s[ke - 1])) ke--;
    if (!eq || ke == i) {
        ts_error(c->d, key_pos, "expected key = value");
        return;
    }
    char *key = ts_arena_strndup(c->a, s + i, ke - i);

    size_t v = (size_t)(eq - s) + 1;
    while (v < n && is_space(s[v])) v++;
    size_t ve = v;
    while (ve < n && !(s[ve] == ';' && (ve == v || is_space(s[ve - 1])))) ve++;
    while (ve > v && is_space(s[ve - 1])) ve--;
    ts_pos val_pos = lines_pos(l, line, col0 + (int)v);

    if (!key_allowed(key, allowed)) {
        const char *sug = ts_suggest(key, allowed);
        if (sug) {
            ts_error(c->d, key_pos, "unknown key '%s' in %s; did you mean '%s'?",
                     key, where, sug);
        } else {
            ts_buf b = { 0 };
            for (size_t k = 0; allowed[k]; k++) {
                if (k) ts_buf_puts(&b, ", ");
                ts_buf_puts(&b, allowed[k]);
            }
            ts_error(c->d, key_pos, "unknown key '%s' in %s; the keys are %s",
                     key, where, ts_buf_cstr(&b));
            ts_buf_free(&b);
        }
        return;
    }
    const kv_item *prev = kv_find(kv, key);
    if (prev) {
        ts_error(c->d, key_pos, "'%s' is given twice in %s (first on line %d); keep one",
                 key, where, prev->key_pos.line);
        return;
    }
    /* An empty value is reported but kept, so the key does not also count
     * as missing; callers skip empty values. */
    if (ve == v)
        ts_error(c->d, val_pos, "'%s' has no value; write %s = …", key, key);
    doc_prop *p = ts_arena_alloc(c->a, sizeof *p);
    p->key = key;
    p->value = ts_arena_strndup(c->a, s + v, ve - v);
    p->pos = val_pos;
    if (kv->n == kv->cap) {
        kv->cap = kv->cap ? kv->cap * 2 : 8;
        kv->items = ts_xrealloc(kv->items, kv->cap * sizeof *kv->items);
    }
    kv->items[kv->n].prop = p;
    kv->items[kv->n].key_pos = key_pos;
    kv->n++;
}

/* A file named in a block: resolved against `base_dir`, confined to the
 * document folder, and present as a regular file. `what` names it in
 * messages ("data file"). NULL after reporting otherwise. */
static const char *block_file(md_ctx *c, const doc_prop *p, const char *base_dir,
                              const char *what)
{
    char *path = ts_path_confine(c->a, c->d, p->pos, c->doc->root_real, base_dir,
                                 p->value);
    if (!path) return NULL;
    struct stat st;
    if (stat(path, &st) != 0) {
        ts_error(c->d, p->pos, "cannot find %s '%s'", what, p->value);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        ts_error(c->d, p->pos, "%s '%s' is not a file", what, p->value);
        return NULL;
    }
    return path;
}

static void block_fill(doc_block *b)
{
    b->caption = doc_block_get(b, "caption");
    b->source = doc_block_get(b, "source");
    b->alt = doc_block_get(b, "alt");
    b->title = doc_block_get(b, "title");
    b->type = doc_block_get(b, "type");
}

static void props_append(doc_block *b, doc_prop **tail, doc_prop *p)
{
    p->next = NULL;
    if (*tail) (*tail)->next = p;
    else b->props = p;
    *tail = p;
}

/* Read the chart file named by a chart block's `file =` into `b`: its
 * props follow the block's (a `caption` in the block wins), and its `data`
 * is resolved against the chart file's folder. */
static void chart_file_read(md_ctx *c, doc_block *b, doc_prop **tail,
                            const doc_prop *file, const char *path)
{
    size_t len = 0;
    const char *text = ts_read_file(c->a, c->d, file->pos, path, &len);
    if (!text) return;
    strip_bom(&text, &len);
    md_lines l;
    lines_build(&l, path, text, len);
    if (check_text(c->d, &l) != 0) {
        free(l.start);
        return;
    }
    kv_list kv = { 0 };
    for (size_t i = 0; i < l.n; i++)
        kv_line(c, &l, (int)i + 1, 1, text + l.start[i], line_len(&l, (int)i + 1),
                _("chart file"), keys_chart, &kv);
    int block_caption = doc_block_get(b, "caption") != NULL;
    for (size_t i = 0; i < kv.n; i++) {
        doc_prop *p = kv.items[i].prop;
        if (block_caption && strcmp(p->key, "caption") == 0) continue;
        props_append(b, tail, p);
        if (strcmp(p->key, "data") == 0 && *p->value) {
            b->data = block_file(c, p, ts_path_dirname(c->a, path), _("data file"));
            b->data_pos = p->pos;
        }
    }
    if (!kv_find(&kv, "data")) {
        ts_pos top = { l.file, 1, 1 };
        ts_error(c->d, top, "the chart file has no 'data'; add data = path/to/file.csv");
    }
    free(kv.items);
    free(l.start);
}

/* A fenced `indicators`, `table` or `chart` block. The body's line i sits
 * on source line fence+1+i; cmark has removed the fence's indentation and
 * any container prefixes (`> `), which are found again as the part of the
 * source line before the body line. */
static doc_node *fenced_block(md_ctx *c, cmark_node *n, doc_kind kind,
                              const char *name, ts_pos fence_pos)
{
    doc_node *dn = doc_node_new(c->a, kind, fence_pos);
    doc_block *b = ts_arena_alloc(c->a, sizeof *b);
    dn->block = b;
    /* whole phrases, so that each translates as a unit */
    const char *where = kind == DOC_INDICATORS ? _("indicators block")
                        : kind == DOC_CHART    ? _("chart block")
                                               : _("table block");
    const char *const *allowed = kind == DOC_CHART ? keys_chart_block : keys_table;

    kv_list kv = { 0 };
    const char *body = cmark_node_get_literal(n);
    int fence_line = cmark_node_get_start_line(n);
    int fence_col = cmark_node_get_start_column(n);
    size_t i = 0;
    for (int k = 0; body && body[i]; k++) {
        const char *s = body + i;
        size_t m = strcspn(s, "\n");
        i += m + (s[m] == '\n');
        int line = fence_line + 1 + k;
        int col0 = fence_col;
        const char *text = s;
        if (line >= 1 && (size_t)line <= c->src.n) {
            size_t sl = line_len(&c->src, line);
            const char *src = c->src.text + c->src.start[line - 1];
            if (sl >= m && memcmp(src + sl - m, s, m) == 0) {
                col0 = (int)(sl - m) + 1;
                text = src + sl - m;
            }
        }
        kv_line(c, &c->src, line, col0, text, m, where, allowed, &kv);
    }

    doc_prop *tail = NULL;
    for (size_t j = 0; j < kv.n; j++) props_append(b, &tail, kv.items[j].prop);

    const kv_item *file = kind == DOC_CHART ? kv_find(&kv, "file") : NULL;
    if (file) {
        for (size_t j = 0; j < kv.n; j++) {
            const char *key = kv.items[j].prop->key;
            if (strcmp(key, "file") != 0 && strcmp(key, "caption") != 0)
                ts_error(c->d, kv.items[j].key_pos,
                         "'%s' cannot stand beside 'file' in a chart block; "
                         "put it in the chart file", key);
        }
        const char *path = *file->prop->value
                               ? block_file(c, file->prop, c->dir, _("chart file")) : NULL;
        if (path) {
            b->chart_file = path;
            chart_file_read(c, b, &tail, file->prop, path);
        }
    } else {
        const kv_item *data = kv_find(&kv, "data");
        if (data) {
            if (*data->prop->value) b->data = block_file(c, data->prop, c->dir, _("data file"));
            b->data_pos = data->prop->pos;
        } else if (kind == DOC_CHART) {
            ts_error(c->d, fence_pos, "the chart block has neither 'file' nor 'data'; "
                     "add file = path/to/x.chart, or the chart keys with data = path/to/file.csv");
        } else {
            ts_error(c->d, fence_pos, "the %s block has no 'data'; "
                     "add data = path/to/file.csv", name);
        }
    }
    block_fill(b);
    free(kv.items);
    return dn;
}

/* ---- images ----------------------------------------------------------- */

static int has_suffix_ci(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    if (n < m) return 0;
    for (size_t i = 0; i < m; i++) {
        char ch = s[n - m + i];
        if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
        if (ch != suf[i]) return 0;
    }
    return 1;
}

/* "https:", "mailto:": a scheme of two or more letters before a colon. */
static int is_url(const char *s)
{
    size_t i = 0;
    while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
           (i > 0 && ((s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '-' ||
                      s[i] == '.')))
        i++;
    return i >= 2 && s[i] == ':';
}

/* The image's file, resolved and checked; NULL after reporting. */
static const char *image_file(md_ctx *c, const char *url, ts_pos pos)
{
    if (!url || !*url) {
        ts_error(c->d, pos, "the image names no file; write ![alt text](images/x.png)");
        return NULL;
    }
    if (is_url(url)) {
        ts_error(c->d, pos, "image '%s' is a web address; put the image in the "
                 "document folder and name its file", url);
        return NULL;
    }
    if (!has_suffix_ci(url, ".png") && !has_suffix_ci(url, ".jpg") &&
        !has_suffix_ci(url, ".jpeg")) {
        ts_error(c->d, pos, "image '%s' is not a PNG or JPEG file; save it as .png or .jpg",
                 url);
        return NULL;
    }
    char *path = ts_path_confine(c->a, c->d, pos, c->doc->root_real, c->dir, url);
    if (!path) return NULL;
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        ts_error(c->d, pos, "cannot find image '%s'", url);
        return NULL;
    }
    return path;
}

/* Alt text: the plain text of an image's inline children. */
static char *alt_text(md_ctx *c, cmark_node *img)
{
    ts_buf b = { 0 };
    cmark_iter *it = cmark_iter_new(img);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node *n = cmark_iter_get_node(it);
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
            ts_buf_puts(&b, cmark_node_get_literal(n));
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            ts_buf_putc(&b, ' ');
            break;
        default:
            break;
        }
    }
    cmark_iter_free(it);
    char *s = ts_arena_strdup(c->a, ts_buf_cstr(&b));
    ts_buf_free(&b);
    return s;
}

static const char *nonempty(ts_arena *a, const char *s)
{
    return s && *s ? ts_arena_strdup(a, s) : NULL;
}

/* ---- footnotes -------------------------------------------------------- */

static md_fn *fn_get(md_ctx *c, size_t ix)
{
    if (ix >= c->nfn) {
        size_t n = c->nfn ? c->nfn : 8;
        while (n <= ix) n *= 2;
        c->fn = ts_xrealloc(c->fn, n * sizeof *c->fn);
        memset(c->fn + c->nfn, 0, (n - c->nfn) * sizeof *c->fn);
        c->nfn = n;
    }
    return &c->fn[ix];
}

/* If `s[0..n)` (one source line) opens a footnote definition `[^label]:`,
 * possibly after quote and list markers, set the label's bytes and the
 * offset of its `[` and return 1. */
static int scan_def(const char *s, size_t n, size_t *open, size_t *lab, size_t *lab_len)
{
    size_t i = 0;
    for (;;) {
        while (i < n && is_space(s[i])) i++;
        if (i < n && s[i] == '>') { i++; continue; }
        if (i + 1 < n && (s[i] == '-' || s[i] == '*' || s[i] == '+') && is_space(s[i + 1])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && j - i < 9 && s[j] >= '0' && s[j] <= '9') j++;
        if (j > i && j + 1 < n && (s[j] == '.' || s[j] == ')') && is_space(s[j + 1])) {
            i = j + 1;
            continue;
        }
        break;
    }
    if (i + 2 >= n || s[i] != '[' || s[i + 1] != '^') return 0;
    size_t j = i + 2;
    while (j < n && s[j] != ']' && !is_space(s[j])) j++;
    if (j == i + 2 || j + 1 >= n || s[j] != ']' || s[j + 1] != ':') return 0;
    *open = i;
    *lab = i + 2;
    *lab_len = j - (i + 2);
    return 1;
}

/* The label of a reference `[^label]` starting at the node's position. */
static const char *ref_label(md_ctx *c, cmark_node *n)
{
    int line = cmark_node_get_start_line(n), col = cmark_node_get_start_column(n);
    if (line < 1 || (size_t)line > c->src.n || col < 1) return NULL;
    const char *s = c->src.text + c->src.start[line - 1];
    size_t ll = line_len(&c->src, line), i = (size_t)col - 1;
    if (i + 2 >= ll || s[i] != '[' || s[i + 1] != '^') return NULL;
    size_t j = i + 2;
    while (j < ll && s[j] != ']') j++;
    if (j == ll) return NULL;
    return ts_arena_strndup(c->a, s + i + 2, j - i - 2);
}

static void flag_lines(md_ctx *c, int first, int last, unsigned char flag)
{
    if (first < 1) first = 1;
    if (last > (int)c->src.n) last = (int)c->src.n;
    for (int i = first; i <= last; i++) c->line_flags[i - 1] |= flag;
}

/* Code and HTML blocks do not nest, so marking their lines costs at most
 * one pass over the file. */
static void add_verbatim(md_ctx *c, cmark_node *n)
{
    flag_lines(c, cmark_node_get_start_line(n), cmark_node_get_end_line(n),
               MD_LINE_VERBATIM);
}

static int str_cmp(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* A label with ASCII letters lowercased, as cmark matches labels. */
static char *fold_label(ts_arena *a, const char *s, size_t n)
{
    char *f = ts_arena_strndup(a, s, n);
    for (char *p = f; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    return f;
}

/* Numbers, labels and links between references and definitions, once the
 * whole file has been walked; then the definitions nobody refers to. */
static void footnotes_finish(md_ctx *c)
{
    for (size_t i = 0; i < c->nrefs; i++) {
        md_fn *f = fn_get(c, c->refs[i].ix);
        doc_node *r = c->refs[i].node;
        if (!f->label) f->label = r->label;
        if (f->def) {
            r->def = f->def;
        } else {
            /* cmark gave a number without a definition: keep the text. */
            r->kind = DOC_TEXT;
            r->text = ts_arena_printf(c->a, "[^%s]", r->label ? r->label : "");
            r->number = 0;
        }
    }
    for (size_t ix = 1; ix < c->nfn; ix++) {
        md_fn *f = &c->fn[ix];
        if (!f->def) continue;
        if (!f->number) f->number = ++c->doc->footnotes;
        f->def->number = f->number;
        f->def->label = f->label;
    }

    /* Labels compare as cmark compares them: ignoring ASCII case. */
    size_t nlabels = 0;
    char **labels = ts_xmalloc((c->nfn ? c->nfn : 1) * sizeof *labels);
    for (size_t ix = 1; ix < c->nfn; ix++) {
        md_fn *f = &c->fn[ix];
        if (!f->def) continue;
        flag_lines(c, f->def->pos.line, f->def->pos.line, MD_LINE_DEF);
        if (f->label) labels[nlabels++] = fold_label(c->a, f->label, strlen(f->label));
    }
    qsort(labels, nlabels, sizeof *labels, str_cmp);

    for (size_t line = 1; line <= c->src.n; line++) {
        const char *s = c->src.text + c->src.start[line - 1];
        size_t open, lab, lab_len;
        if (!scan_def(s, line_len(&c->src, (int)line), &open, &lab, &lab_len)) continue;
        if (c->line_flags[line - 1] & (MD_LINE_VERBATIM | MD_LINE_DEF)) continue;
        char *key = fold_label(c->a, s + lab, lab_len);
        if (!bsearch(&key, labels, nlabels, sizeof *labels, str_cmp))
            ts_warning(c->d, lines_pos(&c->src, (int)line, (int)open + 1),
                       "footnote '[^%.*s]' is never referred to", (int)lab_len, s + lab);
    }
    free(labels);
}

/* ---- the tree --------------------------------------------------------- */

static int list_depth(const doc_node *parent)
{
    int depth = 1;
    for (const doc_node *p = parent; p; p = p->parent)
        if (p->kind == DOC_LIST) depth++;
    return depth;
}

static int is_comment(const char *html)
{
    while (*html == ' ' || *html == '\t' || *html == '\n') html++;
    return strncmp(html, "<!--", 4) == 0;
}

static doc_align align_of(uint8_t a)
{
    switch (a) {
    case 'l': return DOC_ALIGN_LEFT;
    case 'c': return DOC_ALIGN_CENTER;
    case 'r': return DOC_ALIGN_RIGHT;
    default: return DOC_ALIGN_NONE;
    }
}

/* One cmark node as a doc node, or NULL when it is left out. *skip is set
 * when its children are already taken care of (or dropped). */
static doc_node *convert(md_ctx *c, cmark_node *n, doc_node *parent, int *skip)
{
    ts_pos pos = node_pos(c, n, parent->pos);
    doc_node *dn = NULL;
    *skip = 0;

    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_BLOCK_QUOTE:
        return doc_node_new(c->a, DOC_QUOTE, pos);
    case CMARK_NODE_LIST:
        dn = doc_node_new(c->a, DOC_LIST, pos);
        dn->ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
        dn->start = dn->ordered ? cmark_node_get_list_start(n) : 0;
        dn->tight = cmark_node_get_list_tight(n);
        dn->level = list_depth(parent);
        return dn;
    case CMARK_NODE_ITEM:
        return doc_node_new(c->a, DOC_ITEM, pos);
    case CMARK_NODE_CODE_BLOCK: {
        add_verbatim(c, n);
        int fence_len, fence_off;
        char fence_ch;
        const char *info = cmark_node_get_fenced(n, &fence_len, &fence_off, &fence_ch)
                               ? cmark_node_get_fence_info(n) : NULL;
        size_t w = info ? strcspn(info, " \t") : 0;
        if (info && w == 10 && strncmp(info, "indicators", w) == 0)
            return fenced_block(c, n, DOC_INDICATORS, "indicators", pos);
        if (info && w == 5 && strncmp(info, "table", w) == 0)
            return fenced_block(c, n, DOC_DATA_TABLE, "table", pos);
        if (info && w == 5 && strncmp(info, "chart", w) == 0)
            return fenced_block(c, n, DOC_CHART, "chart", pos);
        dn = doc_node_new(c->a, DOC_CODE_BLOCK, pos);
        dn->text = ts_arena_strdup(c->a, cmark_node_get_literal(n));
        return dn;
    }
    case CMARK_NODE_HTML_BLOCK:
        add_verbatim(c, n);
        /* fall through */
    case CMARK_NODE_HTML_INLINE:
        if (!is_comment(cmark_node_get_literal(n)))
            ts_warning(c->d, pos, "HTML is not supported and is left out");
        *skip = 1;
        return NULL;
    case CMARK_NODE_PARAGRAPH: {
        cmark_node *only = cmark_node_first_child(n);
        if (only && !cmark_node_next(only) && cmark_node_get_type(only) == CMARK_NODE_IMAGE) {
            dn = doc_node_new(c->a, DOC_FIGURE, pos);
            ts_pos ipos = node_pos(c, only, pos);
            dn->url = image_file(c, cmark_node_get_url(only), ipos);
            dn->text = alt_text(c, only);
            dn->title = nonempty(c->a, cmark_node_get_title(only));
            *skip = 1;
            return dn;
        }
        return doc_node_new(c->a, DOC_PARAGRAPH, pos);
    }
    case CMARK_NODE_HEADING:
        dn = doc_node_new(c->a, DOC_HEADING, pos);
        dn->level = cmark_node_get_heading_level(n);
        return dn;
    case CMARK_NODE_THEMATIC_BREAK:
        return doc_node_new(c->a, DOC_THEMATIC_BREAK, pos);
    case CMARK_NODE_FOOTNOTE_DEFINITION: {
        /* cmark moves the definitions that are referred to to the end of
         * the document, in the order of their numbers. */
        dn = doc_node_new(c->a, DOC_FOOTNOTE_DEF, pos);
        md_fn *f = fn_get(c, ++c->ndefs);
        f->def = dn;
        int line = cmark_node_get_start_line(n);
        if (line >= 1 && (size_t)line <= c->src.n) {
            const char *s = c->src.text + c->src.start[line - 1];
            size_t open, lab, lab_len;
            if (scan_def(s, line_len(&c->src, line), &open, &lab, &lab_len)) {
                dn->pos = lines_pos(&c->src, line, (int)open + 1);
                if (!f->label) f->label = ts_arena_strndup(c->a, s + lab, lab_len);
            }
        }
        return dn;
    }
    case CMARK_NODE_TEXT:
        dn = doc_node_new(c->a, DOC_TEXT, pos);
        dn->text = ts_arena_strdup(c->a, cmark_node_get_literal(n));
        return dn;
    case CMARK_NODE_SOFTBREAK:
        return doc_node_new(c->a, DOC_SOFTBREAK, pos);
    case CMARK_NODE_LINEBREAK:
        return doc_node_new(c->a, DOC_LINEBREAK, pos);
    case CMARK_NODE_CODE:
        dn = doc_node_new(c->a, DOC_CODE, pos);
        dn->text = ts_arena_strdup(c->a, cmark_node_get_literal(n));
        return dn;
    case CMARK_NODE_EMPH:
        return doc_node_new(c->a, DOC_EMPH, pos);
    case CMARK_NODE_STRONG:
        return doc_node_new(c->a, DOC_STRONG, pos);
    case CMARK_NODE_LINK:
        dn = doc_node_new(c->a, DOC_LINK, pos);
        dn->url = ts_arena_strdup(c->a, cmark_node_get_url(n) ? cmark_node_get_url(n) : "");
        dn->title = nonempty(c->a, cmark_node_get_title(n));
        return dn;
    case CMARK_NODE_IMAGE:
        dn = doc_node_new(c->a, DOC_IMAGE, pos);
        dn->url = image_file(c, cmark_node_get_url(n), pos);
        dn->text = alt_text(c, n);
        dn->title = nonempty(c->a, cmark_node_get_title(n));
        *skip = 1;
        return dn;
    case CMARK_NODE_FOOTNOTE_REFERENCE: {
        /* cmark's literal is its per-file number of the footnote. */
        const char *lit = cmark_node_get_literal(n);
        size_t ix = lit ? strtoul(lit, NULL, 10) : 0;
        dn = doc_node_new(c->a, DOC_FOOTNOTE_REF, pos);
        dn->label = ref_label(c, n);
        if (ix == 0 || ix > c->src.len) {
            dn->kind = DOC_TEXT;
            dn->text = ts_arena_printf(c->a, "[^%s]", dn->label ? dn->label : "");
            return dn;
        }
        md_fn *f = fn_get(c, ix);
        if (!f->number) f->number = ++c->doc->footnotes;
        dn->number = f->number;
        if (c->nrefs == c->caprefs) {
            c->caprefs = c->caprefs ? c->caprefs * 2 : 8;
            c->refs = ts_xrealloc(c->refs, c->caprefs * sizeof *c->refs);
        }
        c->refs[c->nrefs].node = dn;
        c->refs[c->nrefs].ix = ix;
        c->nrefs++;
        return dn;
    }
    default:
        break;
    }

    /* The extensions' node types are numbered when they are registered;
     * their names are stable. */
    const char *type = cmark_node_get_type_string(n);
    if (strcmp(type, "table") == 0) {
        dn = doc_node_new(c->a, DOC_TABLE, pos);
        int ncols = cmark_gfm_extensions_get_table_columns(n);
        uint8_t *al = cmark_gfm_extensions_get_table_alignments(n);
        dn->ncols = ncols;
        dn->align = ts_arena_alloc(c->a, (size_t)(ncols > 0 ? ncols : 1) * sizeof *dn->align);
        for (int i = 0; i < ncols; i++) dn->align[i] = al ? align_of(al[i]) : DOC_ALIGN_NONE;
        return dn;
    }
    if (strcmp(type, "table_header") == 0 || strcmp(type, "table_row") == 0) {
        dn = doc_node_new(c->a, DOC_TABLE_ROW, pos);
        dn->header = cmark_gfm_extensions_get_table_row_is_header(n) ||
                     strcmp(type, "table_header") == 0;
        return dn;
    }
    if (strcmp(type, "table_cell") == 0) return doc_node_new(c->a, DOC_TABLE_CELL, pos);
    if (strcmp(type, "strikethrough") == 0) return doc_node_new(c->a, DOC_STRIKE, pos);

    *skip = 1;                 /* nothing else is produced from Markdown */
    return NULL;
}

/* Walk cmark's tree with its iterator, keeping the doc node of every open
 * cmark node on a stack bounded by MD_MAX_DEPTH. */
static void walk(md_ctx *c, cmark_node *root)
{
    struct { cmark_node *cm; doc_node *dn; } stack[MD_MAX_DEPTH + 1];
    int top = 0;
    stack[0].cm = root;
    stack[0].dn = c->doc->root;

    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node *n = cmark_iter_get_node(it);
        if (n == root) continue;
        cmark_node *par = cmark_node_parent(n);
        while (top > 0 && stack[top].cm != par) top--;
        int skip = 0;
        doc_node *dn = NULL;
        if (stack[top].cm != par) {
            skip = 1;
        } else if (top >= MD_MAX_DEPTH) {
            if (!c->depth_reported)
                ts_error(c->d, node_pos(c, n, stack[top].dn->pos),
                         "nesting deeper than %d levels; flatten the lists, quotes "
                         "or emphasis", MD_MAX_DEPTH);
            c->depth_reported = 1;
            skip = 1;
        } else {
            dn = convert(c, n, stack[top].dn, &skip);
        }
        if (dn) doc_node_append(stack[top].dn, dn);
        if (!cmark_node_first_child(n)) continue;
        if (skip || !dn) {
            cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
            continue;
        }
        top++;
        stack[top].cm = n;
        stack[top].dn = dn;
    }
    cmark_iter_free(it);
}

/* Join runs of adjacent text nodes below `n` into their first node. The
 * tree is at most MD_MAX_DEPTH deep, so recursion is bounded. */
static void join_text(ts_arena *a, doc_node *n)
{
    for (doc_node *ch = n->first; ch; ch = ch->next) {
        if (ch->kind != DOC_TEXT) {
            join_text(a, ch);
            continue;
        }
        size_t total = strlen(ch->text);
        int run = 0;
        for (doc_node *x = ch->next; x && x->kind == DOC_TEXT; x = x->next) {
            total += strlen(x->text);
            run++;
        }
        if (!run) continue;
        char *s = ts_arena_alloc(a, total + 1), *p = s;
        doc_node *x = ch;
        for (int i = 0; i <= run; i++, x = x->next) {
            size_t m = strlen(x->text);
            memcpy(p, x->text, m);
            p += m;
        }
        *p = '\0';
        ch->text = s;
        ch->next = x;
        if (x) x->prev = ch;
        else n->last = ch;
    }
}

int rd_markdown_parse(doc_document *doc, ts_diag *d, const char *path,
                      const char *text, size_t len)
{
    static int registered;
    if (!registered) {
        cmark_gfm_core_extensions_ensure_registered();
        registered = 1;
    }
    md_ctx c;
    memset(&c, 0, sizeof c);
    c.doc = doc;
    c.d = d;
    c.a = doc->arena;
    path = ts_arena_strdup(c.a, path);
    c.dir = ts_path_dirname(c.a, path);
    if (!doc->root) doc->root = doc_node_new(c.a, DOC_ROOT, (ts_pos){ path, 1, 1 });

    strip_bom(&text, &len);
    lines_build(&c.src, path, text, len);
    if (check_text(d, &c.src) != 0) {
        free(c.src.start);
        return -1;
    }
    c.line_flags = ts_xmalloc(c.src.n);
    memset(c.line_flags, 0, c.src.n);

    cmark_parser *p = cmark_parser_new(CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES);
    static const char *const exts[] = { "table", "strikethrough" };
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
        if (e) cmark_parser_attach_syntax_extension(p, e);
    }
    cmark_parser_feed(p, text, len);
    cmark_node *root = cmark_parser_finish(p);

    doc_node *before = doc->root->last;
    walk(&c, root);
    footnotes_finish(&c);
    for (doc_node *n = before ? before->next : doc->root->first; n; n = n->next)
        join_text(c.a, n);

    cmark_node_free(root);
    cmark_parser_free(p);
    free(c.fn);
    free(c.refs);
    free(c.line_flags);
    free(c.src.start);
    return 0;
}
