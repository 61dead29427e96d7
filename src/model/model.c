/* The document tree: building, naming, flattening to text, dumping. */
#include "model.h"

#include <string.h>

doc_node *doc_node_new(ts_arena *a, doc_kind kind, ts_pos pos)
{
    doc_node *n = ts_arena_alloc(a, sizeof *n);
    n->kind = kind;
    n->pos = pos;
    return n;
}

/* `child` must not be in a tree yet. */
void doc_node_append(doc_node *parent, doc_node *child)
{
    child->parent = parent;
    child->next = NULL;
    child->prev = parent->last;
    if (parent->last) parent->last->next = child;
    else parent->first = child;
    parent->last = child;
}

const char *doc_kind_name(doc_kind kind)
{
    switch (kind) {
    case DOC_ROOT: return "root";
    case DOC_HEADING: return "heading";
    case DOC_PARAGRAPH: return "paragraph";
    case DOC_LIST: return "list";
    case DOC_ITEM: return "item";
    case DOC_QUOTE: return "quote";
    case DOC_CODE_BLOCK: return "code-block";
    case DOC_THEMATIC_BREAK: return "thematic-break";
    case DOC_FIGURE: return "figure";
    case DOC_TABLE: return "table";
    case DOC_TABLE_ROW: return "table-row";
    case DOC_TABLE_CELL: return "table-cell";
    case DOC_INDICATORS: return "indicators";
    case DOC_DATA_TABLE: return "data-table";
    case DOC_CHART: return "chart";
    case DOC_FOOTNOTE_DEF: return "footnote-def";
    case DOC_TEXT: return "text";
    case DOC_CODE: return "code";
    case DOC_EMPH: return "emph";
    case DOC_STRONG: return "strong";
    case DOC_STRIKE: return "strike";
    case DOC_LINK: return "link";
    case DOC_IMAGE: return "image";
    case DOC_SOFTBREAK: return "softbreak";
    case DOC_LINEBREAK: return "linebreak";
    case DOC_FOOTNOTE_REF: return "footnote-ref";
    }
    return "unknown";
}

static int is_block(doc_kind kind)
{
    return kind < DOC_TEXT;
}

/* The next node of n's subtree in document order, never leaving `top`;
 * NULL when the walk is done. Iterative, so depth costs no stack. */
static const doc_node *walk_next(const doc_node *n, const doc_node *top,
                                 int descend)
{
    if (descend && n->first) return n->first;
    while (n != top) {
        if (n->next) return n->next;
        n = n->parent;
    }
    return NULL;
}

/* Images and figures carry their alt text in `text`; their children (if a
 * reader kept them) say the same and are skipped. Footnote references add
 * nothing: a heading's outline entry should not end in a number. */
char *doc_plain_text(ts_arena *a, const doc_node *top)
{
    ts_buf buf = {0};
    for (const doc_node *n = top; n; ) {
        int descend = 1;
        switch (n->kind) {
        case DOC_TEXT:
        case DOC_CODE:
        case DOC_CODE_BLOCK:
            if (n->text) ts_buf_puts(&buf, n->text);
            break;
        case DOC_IMAGE:
        case DOC_FIGURE:
            if (n->text) {
                ts_buf_puts(&buf, n->text);
                descend = 0;
            }
            break;
        case DOC_SOFTBREAK:
        case DOC_LINEBREAK:
            ts_buf_putc(&buf, ' ');
            break;
        case DOC_FOOTNOTE_REF:
            descend = 0;
            break;
        default:
            /* Separate the text of neighbouring blocks by a space. */
            if (n != top && is_block(n->kind) && buf.len > 0 &&
                buf.data[buf.len - 1] != ' ')
                ts_buf_putc(&buf, ' ');
            break;
        }
        n = walk_next(n, top, descend);
    }
    char *s = ts_arena_strndup(a, buf.len ? buf.data : "", buf.len);
    ts_buf_free(&buf);
    return s;
}

/* The first prop named `key`. */
const char *doc_block_get(const doc_block *b, const char *key)
{
    if (!b) return NULL;
    for (const doc_prop *p = b->props; p; p = p->next)
        if (p->key && strcmp(p->key, key) == 0) return p->value;
    return NULL;
}

/* A string in double quotes with C escapes for '"', '\\' and control
 * bytes; other bytes (UTF-8 included) as they are. */
static void dump_string(FILE *out, const char *key, const char *s)
{
    if (!s) return;
    fputc(' ', out);
    if (key) fprintf(out, "%s=", key);
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (*p < 0x20 || *p == 0x7F) fprintf(out, "\\x%02X", *p);
            else fputc(*p, out);
        }
    }
    fputc('"', out);
}

static void dump_fields(FILE *out, const doc_node *n)
{
    static const char align_letter[] = { '-', 'l', 'c', 'r' };
    switch (n->kind) {
    case DOC_HEADING:
        fprintf(out, " level=%d", n->level);
        break;
    case DOC_LIST:
        fprintf(out, " level=%d ordered=%d start=%d tight=%d", n->level,
                n->ordered, n->start, n->tight);
        break;
    case DOC_TEXT:
    case DOC_CODE:
    case DOC_CODE_BLOCK:
        dump_string(out, NULL, n->text);
        break;
    case DOC_FIGURE:
    case DOC_IMAGE:
        dump_string(out, "url", n->url);
        dump_string(out, "alt", n->text);
        dump_string(out, "title", n->title);
        break;
    case DOC_LINK:
        dump_string(out, "url", n->url);
        dump_string(out, "title", n->title);
        break;
    case DOC_TABLE:
        fprintf(out, " ncols=%d", n->ncols);
        if (n->align && n->ncols > 0) {
            fputs(" align=", out);
            for (int i = 0; i < n->ncols; i++) {
                doc_align al = n->align[i];
                fputc(al <= DOC_ALIGN_RIGHT ? align_letter[al] : '?', out);
            }
        }
        break;
    case DOC_TABLE_ROW:
        fprintf(out, " header=%d", n->header);
        break;
    case DOC_FOOTNOTE_DEF:
    case DOC_FOOTNOTE_REF:
        fprintf(out, " number=%d", n->number);
        dump_string(out, "label", n->label);
        break;
    case DOC_INDICATORS:
    case DOC_DATA_TABLE:
    case DOC_CHART:
        if (n->block)
            for (const doc_prop *p = n->block->props; p; p = p->next)
                dump_string(out, p->key ? p->key : "?", p->value);
        break;
    default:
        break;
    }
}

/* `kind line:col fields`, indented two spaces per level below `top`. */
void doc_dump(FILE *out, const doc_node *top)
{
    int depth = 0;
    const doc_node *n = top;
    while (n) {
        fprintf(out, "%*s%s %d:%d", depth * 2, "", doc_kind_name(n->kind),
                n->pos.line, n->pos.col);
        dump_fields(out, n);
        fputc('\n', out);

        if (n->first) {
            n = n->first;
            depth++;
            continue;
        }
        while (n != top && !n->next) {
            n = n->parent;
            depth--;
        }
        n = n == top ? NULL : n->next;
    }
}
