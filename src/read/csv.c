/* CSV files as Excel and LibreOffice export them, through libcsv.
 *
 * What is detected, in this order:
 *   1. the encoding: a UTF-8 byte order mark is dropped; text that is valid
 *      UTF-8 is UTF-8; anything else is read as Windows-1252 (what Excel
 *      writes for "CSV (semikolonavgränsad)" on a Swedish Windows) and
 *      converted, so every later stage sees UTF-8. UTF-16 (its BOM, or NUL
 *      bytes) is refused with advice, as are control characters.
 *   2. the separator: `;`, `,` or tab, whichever occurs (outside quotes) in
 *      the header row and the same number of times in each of the first
 *      rows; when several do, the one occurring most often.
 *   3. the decimal sign: a comma when the separator is `;` or tab, a point
 *      when it is `,` (DESIGN.md).
 *
 * libcsv parses strictly (CSV_STRICT | CSV_STRICT_FINI) but reports no
 * positions and accepts rows of any length. So the bytes are fed to it one
 * at a time while this file tracks line and column (in characters), which
 * gives every cell, and every error, its `file:line:col`. Ragged rows,
 * stray quotes and unterminated quoted fields are errors there. All of it
 * is linear in the size of the file. */
#include "read.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

/* Limits, so a runaway export is a clear error, not minutes of work or an
 * out-of-memory exit. A 100 000-row table of ten columns fits. */
#define RD_CSV_MAX_BYTES   (32u * 1024u * 1024u)
#define RD_CSV_MAX_CELLS   2000000u
#define RD_CSV_MAX_COLUMNS 500
#define RD_CSV_MAX_CELL    65536u       /* bytes in one cell */

static ts_pos mkpos(const char *file, int line, int col)
{
    ts_pos p = { file, line, col };
    return p;
}

/* ---- encoding ----------------------------------------------------------- */

/* Windows-1252 0x80..0x9F; 0 marks the five bytes it leaves undefined. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
};

/* Line and column (characters, from 1) of byte `off` in UTF-8 or
 * single-byte text; for error messages only, so a scan is fine. */
static ts_pos pos_at(const char *path, const char *s, size_t off, int single_byte)
{
    int line = 1;
    size_t ls = 0;
    for (size_t i = 0; i < off; i++)
        if (s[i] == '\n') { line++; ls = i + 1; }
    int col = 1;
    for (size_t i = ls; i < off; i++)
        if (single_byte || ((unsigned char)s[i] & 0xC0) != 0x80) col++;
    return mkpos(path, line, col);
}

/* The text as UTF-8 in *out (arena), without BOM. Returns 0, or -1 after
 * reporting. */
static int to_utf8(ts_arena *a, ts_diag *d, const char *path, const char *bytes,
                   size_t len, const char **out, size_t *out_len, int *was_1252)
{
    *was_1252 = 0;
    if (len >= 2 && (((unsigned char)bytes[0] == 0xFF && (unsigned char)bytes[1] == 0xFE) ||
                     ((unsigned char)bytes[0] == 0xFE && (unsigned char)bytes[1] == 0xFF))) {
        ts_error(d, mkpos(path, 1, 1), "the file is UTF-16 (\"Unicode text\"); save it "
                 "as \"CSV UTF-8\" or \"CSV (semikolonavgränsad)\" instead");
        return -1;
    }
    if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
        bytes += 3;
        len -= 3;
    }
    const void *nul = memchr(bytes, '\0', len);
    if (nul) {
        ts_error(d, pos_at(path, bytes, (size_t)((const char *)nul - bytes), 0),
                 "the file holds NUL bytes: it is not a text CSV file (UTF-16?); save it "
                 "as \"CSV UTF-8\" or \"CSV (semikolonavgränsad)\"");
        return -1;
    }
    size_t bad;
    if (ts_utf8_valid(bytes, len, &bad)) {
        *out = bytes;
        *out_len = len;
        return 0;
    }
    /* Windows-1252: every byte one character. */
    *was_1252 = 1;
    char *u = ts_arena_alloc(a, len * 3 + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)bytes[i];
        uint32_t cp = b;
        if (b >= 0x80 && b <= 0x9F) {
            cp = cp1252_high[b - 0x80];
            if (cp == 0) {
                ts_error(d, pos_at(path, bytes, i, 1),
                         "byte 0x%02X is neither UTF-8 nor Windows-1252; save the file "
                         "as \"CSV UTF-8\"", b);
                return -1;
            }
        }
        n += (size_t)ts_utf8_encode(cp, u + n);
    }
    u[n] = '\0';
    *out = u;
    *out_len = n;
    return 0;
}

/* ---- the separator ------------------------------------------------------ */

/* Occurrences of `sep` outside quotes in each of the first `max` records
 * (counts[0] is the header's). Returns the number of records seen. */
static int count_sep(const char *s, size_t len, char sep, int *counts, int max)
{
    int rec = 0, quoted = 0, any = 0;
    counts[0] = 0;
    for (size_t i = 0; i < len && rec < max; i++) {
        char ch = s[i];
        if (ch == '"') quoted = !quoted;
        else if (!quoted && ch == sep) counts[rec]++;
        else if (!quoted && (ch == '\n' || ch == '\r')) {
            if (any) {
                rec++;
                if (rec < max) counts[rec] = 0;
            }
            any = 0;
            continue;
        }
        any = 1;
    }
    if (any && rec < max) rec++;
    return rec;
}

static char detect_separator(const char *s, size_t len)
{
    static const char cands[3] = { ';', '\t', ',' };
    enum { ROWS = 20 };
    char best = ';';
    int best_score = -1;
    for (int k = 0; k < 3; k++) {
        int counts[ROWS];
        int n = count_sep(s, len, cands[k], counts, ROWS);
        if (n == 0 || counts[0] == 0) continue;
        int consistent = 1;
        for (int r = 1; r < n; r++)
            if (counts[r] != counts[0]) consistent = 0;
        /* consistency first, then how many columns it makes */
        int score = consistent * 100000 + (counts[0] < 99999 ? counts[0] : 99999);
        if (score > best_score) {
            best_score = score;
            best = cands[k];
        }
    }
    return best;
}

/* ---- parsing -------------------------------------------------------------- */

typedef struct csv_state {
    ts_arena *a;
    ts_diag *d;
    const char *path;
    char decimal;
    int failed;

    /* where the byte being fed is */
    int line, col;
    /* where the current field starts (the first byte that is not a space) */
    int start_pending;
    int field_line, field_col;

    /* the record being read */
    doc_cell *row;
    int nrow, caprow;
    int row_line, row_col;

    /* every record: header first (heap, copied to the arena at the end) */
    doc_cell *cells;
    size_t ncells, capcells;
    int ncols;                  /* from the header */
    int records;
} csv_state;

/* Trimmed copy: spaces of any kind around the text go, CRLF inside a quoted
 * field becomes LF. */
static char *cell_text(ts_arena *a, const char *s, size_t n)
{
    size_t b = 0, e = n, k;
    for (;;) {
        if (b < e && (s[b] == ' ' || s[b] == '\t')) { b++; continue; }
        if (e - b >= 2 && (unsigned char)s[b] == 0xC2 && (unsigned char)s[b + 1] == 0xA0) { b += 2; continue; }
        break;
    }
    for (;;) {
        if (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\n' || s[e - 1] == '\r')) { e--; continue; }
        if (e - b >= 2 && (unsigned char)s[e - 2] == 0xC2 && (unsigned char)s[e - 1] == 0xA0) { e -= 2; continue; }
        break;
    }
    char *out = ts_arena_alloc(a, e - b + 1);
    k = 0;
    for (size_t i = b; i < e; i++) {
        if (s[i] == '\r') {
            if (i + 1 < e && s[i + 1] == '\n') continue;
            out[k++] = '\n';
        } else {
            out[k++] = s[i];
        }
    }
    out[k] = '\0';
    return out;
}

static void on_field(void *data, size_t n, void *user)
{
    csv_state *st = user;
    if (st->failed) return;
    if (st->nrow == 0) {
        st->row_line = st->field_line;
        st->row_col = st->field_col;
    }
    ts_pos pos = { st->path, st->field_line, st->field_col };
    if (n > RD_CSV_MAX_CELL) {
        ts_error(st->d, pos, "this cell holds %zu bytes; a cell may hold at most %u "
                 "(is a quote missing its closing quote?)", n, RD_CSV_MAX_CELL);
        st->failed = 1;
        return;
    }
    if (st->nrow == RD_CSV_MAX_COLUMNS) {
        ts_error(st->d, pos, "this row has more than %d columns, the most a table may have",
                 RD_CSV_MAX_COLUMNS);
        st->failed = 1;
        return;
    }
    if (st->nrow == st->caprow) {
        st->caprow = st->caprow ? st->caprow * 2 : 16;
        st->row = ts_xrealloc(st->row, (size_t)st->caprow * sizeof *st->row);
    }
    doc_cell *c = &st->row[st->nrow++];
    memset(c, 0, sizeof *c);
    c->text = cell_text(st->a, data ? data : "", data ? n : 0);
    c->pos = pos;
    c->kind = rd_number_parse(c->text, st->decimal, c);
    st->start_pending = 1;
}

static void on_record(int term, void *user)
{
    (void)term;
    csv_state *st = user;
    if (st->failed) { st->nrow = 0; return; }
    int n = st->nrow;
    st->nrow = 0;
    st->start_pending = 1;
    if (n == 0) return;
    /* a row of nothing but empty cells (Excel writes ";;;;" for a blank
     * row) is left out */
    int blank = 1;
    for (int k = 0; k < n; k++)
        if (st->row[k].text[0]) { blank = 0; break; }
    if (blank && st->records > 0) return;

    if (st->records == 0) {
        st->ncols = n;
    } else if (n != st->ncols) {
        if (n > st->ncols) {
            ts_error(st->d, st->row[st->ncols].pos,
                     "this row has %d cells but the header has %d; remove the extra "
                     "separators, or quote a cell that holds the separator", n, st->ncols);
        } else {
            ts_pos end = { st->path, st->line, st->col };
            ts_error(st->d, end, "this row has %d cells but the header has %d; add the "
                     "missing cells (empty ones are fine)", n, st->ncols);
        }
        st->records++;
        return;
    }
    if (st->ncells + (size_t)n > RD_CSV_MAX_CELLS) {
        ts_error(st->d, mkpos(st->path, st->row_line, st->row_col),
                 "the file has more than %u cells, the most a table may have; "
                 "split it, or leave out what the document does not show", RD_CSV_MAX_CELLS);
        st->failed = 1;
        return;
    }
    if (st->ncells + (size_t)n > st->capcells) {
        size_t cap = st->capcells ? st->capcells * 2 : 256;
        while (cap < st->ncells + (size_t)n) cap *= 2;
        st->cells = ts_xrealloc(st->cells, cap * sizeof *st->cells);
        st->capcells = cap;
    }
    memcpy(st->cells + st->ncells, st->row, (size_t)n * sizeof *st->row);
    st->ncells += (size_t)n;
    st->records++;
}

static int space_only(unsigned char ch) { return ch == ' '; }

/* ---- column types ---------------------------------------------------------- */

/* A header that is a year ("2024") or starts with "Mål" names a column of
 * values whatever its cells hold. */
static int header_says_number(const doc_cell *h)
{
    const char *t = h->text;
    if (strncmp(t, "Mål", 4) == 0 || strncmp(t, "mål", 4) == 0) return 1;
    return rd_header_year(t) > 0;
}

/* Each column is numbers when its header says so or when more of its
 * values are numbers than not; then every other value in it is an error
 * (DESIGN.md: "anything else in a numeric column is an error"), with a hint
 * when the number only has the other decimal sign. */
static void infer_columns(ts_arena *a, ts_diag *d, doc_table *t)
{
    t->col_kind = ts_arena_alloc(a, (size_t)t->ncols * sizeof *t->col_kind);
    for (int k = 0; k < t->ncols; k++) {
        int nums = 0, texts = 0;
        for (int r = 0; r < t->nrows; r++) {
            doc_cell_kind kind = doc_table_cell(t, r, k)->kind;
            nums += kind == DOC_CELL_NUMBER;
            texts += kind == DOC_CELL_TEXT;
        }
        if (header_says_number(&t->header[k]) || nums > texts) {
            t->col_kind[k] = DOC_CELL_NUMBER;
        } else {
            t->col_kind[k] = nums + texts == 0 ? DOC_CELL_EMPTY : DOC_CELL_TEXT;
            continue;
        }
        for (int r = 0; r < t->nrows; r++) {
            const doc_cell *c = doc_table_cell(t, r, k);
            if (c->kind != DOC_CELL_TEXT) continue;
            char other = t->decimal == ',' ? '.' : ',';
            /* One whole sentence per separator (the separator decides the
             * decimal sign, see rd_csv_read), so a translation never
             * assembles "point", "comma" or "tab" into its own sentence. */
            if (rd_number_parse(c->text, other, NULL) == DOC_CELL_NUMBER) {
                if (t->separator == ',')
                    ts_error(d, c->pos, "'%s' is written with a decimal comma, but in a "
                             "file separated by ',' numbers have a decimal point (38.4)",
                             c->text);
                else if (t->separator == '\t')
                    ts_error(d, c->pos, "'%s' is written with a decimal point, but in a "
                             "file separated by tabs numbers have a decimal comma (38,4)",
                             c->text);
                else
                    ts_error(d, c->pos, "'%s' is written with a decimal point, but in a "
                             "file separated by ';' numbers have a decimal comma (38,4)",
                             c->text);
            } else
                ts_error(d, c->pos, "'%s' is not a number, but column '%s' holds numbers; "
                         "write a number, or leave the cell empty (or '..') for no value",
                         c->text, t->header[k].text);
        }
    }
}

int rd_header_year(const char *text)
{
    if (!text) return 0;
    /* exactly four digits: counting stops at the fifth, so a long run of
     * digits cannot overflow */
    int y = 0, n = 0;
    for (; n < 5 && text[n] >= '0' && text[n] <= '9'; n++) y = y * 10 + (text[n] - '0');
    return n == 4 && text[n] == '\0' && y >= 1000 ? y : 0;
}

static doc_table *parse_utf8(ts_arena *a, ts_diag *d, const char *path, const char *s,
                             size_t n, int was_1252);

doc_table *rd_csv_parse(ts_arena *a, ts_diag *d, const char *path,
                        const char *bytes, size_t len)
{
    if (len > RD_CSV_MAX_BYTES) {
        ts_error(d, mkpos(path, 0, 0), "the file is %zu bytes; a CSV file may be at "
                 "most %u MB", len, RD_CSV_MAX_BYTES / (1024u * 1024u));
        return NULL;
    }
    /* A Windows-1252 file's UTF-8 copy is needed only while it is parsed:
     * every cell's text is copied out of it */
    ts_arena *converted = ts_arena_new();
    const char *s;
    size_t n;
    int was_1252;
    doc_table *t = NULL;
    if (to_utf8(converted, d, path, bytes, len, &s, &n, &was_1252) == 0)
        t = parse_utf8(a, d, path, s, n, was_1252);
    ts_arena_drop(converted);
    return t;
}

static doc_table *parse_utf8(ts_arena *a, ts_diag *d, const char *path, const char *s,
                             size_t n, int was_1252)
{
    char sep = detect_separator(s, n);
    csv_state st;
    memset(&st, 0, sizeof st);
    st.a = a;
    st.d = d;
    st.path = path;
    st.decimal = sep == ',' ? '.' : ',';
    st.line = 1;
    st.col = 1;
    st.start_pending = 1;
    st.field_line = 1;
    st.field_col = 1;

    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) ts_oom();
    csv_set_delim(&p, (unsigned char)sep);
    csv_set_space_func(&p, space_only);

    int errors_before = d->errors;
    int quote_line = 0, quote_col = 0;   /* the opening quote of an open field */
    int in_quotes = 0;
    for (size_t i = 0; i < n && !st.failed; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') {
            ts_error(d, mkpos(path, st.line, st.col),
                     "a control character (0x%02X) in a CSV file; remove it", ch);
            st.failed = 1;
            break;
        }
        if (st.start_pending && ch != ' ' && ch != '\r' && ch != '\n') {
            st.field_line = st.line;
            st.field_col = st.col;
            st.start_pending = 0;
        } else if (st.start_pending && (ch == '\r' || ch == '\n')) {
            /* an empty last field ends here */
            st.field_line = st.line;
            st.field_col = st.col;
        }
        if (ch == '"') {
            if (!in_quotes) { quote_line = st.line; quote_col = st.col; }
            in_quotes = !in_quotes;   /* "" inside a field toggles twice */
        }
        if (csv_parse(&p, s + i, 1, on_field, on_record, &st) != 1) {
            ts_pos at = { path, st.line, st.col };
            if (csv_error(&p) == CSV_EPARSE)
                ts_error(d, at, "a quote (\") inside a cell that is not quoted, or text "
                         "after a closing quote; quote the whole cell and write a quote "
                         "inside it as \"\"");
            else
                ts_error(d, at, "cannot parse the CSV file here: %s", csv_strerror(csv_error(&p)));
            st.failed = 1;
            break;
        }
        if (ch == '\n') {
            st.line++;
            st.col = 1;
        } else if ((ch & 0xC0) != 0x80) {
            st.col++;
        }
    }
    if (!st.failed && csv_fini(&p, on_field, on_record, &st) != 0) {
        ts_error(d, mkpos(path, quote_line, quote_col),
                 "the quoted cell that starts here is never closed; add the closing quote (\")");
        st.failed = 1;
    }
    csv_free(&p);
    free(st.row);

    if (!st.failed && st.records == 0) {
        ts_error(d, mkpos(path, 1, 1), "the file is empty; a table needs a header row");
        st.failed = 1;
    }
    if (st.failed || d->errors > errors_before) {
        free(st.cells);
        return NULL;
    }

    doc_table *t = ts_arena_alloc(a, sizeof *t);
    t->path = path;
    t->ncols = st.ncols;
    t->nrows = (int)(st.ncells / (size_t)st.ncols) - 1;
    t->separator = sep;
    t->decimal = st.decimal;
    t->windows_1252 = was_1252;
    t->header = ts_arena_alloc(a, st.ncells * sizeof *t->header);
    memcpy(t->header, st.cells, st.ncells * sizeof *t->header);
    t->cells = t->header + st.ncols;
    free(st.cells);
    infer_columns(a, d, t);
    if (d->errors > errors_before) return NULL;
    return t;
}
