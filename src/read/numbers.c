/* Swedish numbers: reading them from CSV cells, writing them for tables,
 * charts and running text. One module so a value reads and prints the same
 * everywhere.
 *
 * Reading accepts what Excel and LibreOffice export and what people type:
 * `12 450` (digit groups separated by any kind of space), `12450`, `38,4`
 * or `38.4` (the file's decimal sign only), `−3` or `-3`, `+3`, an optional
 * `%` (with or without a space before it). `..`, `–`, `-` and an empty cell
 * are "no value", as in Statistics Sweden's tables.
 *
 * Writing follows Swedish typographic practice (Svenska skrivregler): digit
 * groups of three separated by a narrow no-break space, so a number never
 * breaks across lines and columns of figures line up; a decimal comma; the
 * real minus sign U+2212, whose width equals a digit's in most fonts; and a
 * no-break space before `%`. */
#include "read.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading ------------------------------------------------------------ */

/* Length in bytes of a space character at s (any of the spaces a number may
 * be grouped with), or 0. */
static size_t space_len(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] == ' ' || u[0] == '\t') return 1;
    if (u[0] == 0xC2 && u[1] == 0xA0) return 2;                 /* U+00A0 no-break */
    if (u[0] == 0xE2 && u[1] == 0x80 &&
        (u[2] == 0x87 || u[2] == 0x88 || u[2] == 0x89 ||       /* figure, punctuation, thin */
         u[2] == 0x8A || u[2] == 0xAF))                         /* hair, narrow no-break */
        return 3;
    return 0;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

doc_cell_kind rd_number_parse(const char *text, char decimal, doc_cell *out)
{
    const char *s = text ? text : "";
    const char *end = s + strlen(s);
    size_t n;
    while (s < end && (n = space_len(s)) > 0) s += n;
    while (end > s) {                 /* trailing spaces: step back over any */
        size_t k = 0;
        for (size_t back = 1; back <= 3 && back <= (size_t)(end - s); back++)
            if (space_len(end - back) == back) { k = back; break; }
        if (!k) break;
        end -= k;
    }
    size_t len = (size_t)(end - s);

    if (len == 0 || (len == 2 && s[0] == '.' && s[1] == '.') ||
        (len == 1 && s[0] == '-') ||
        (len == 3 && memcmp(s, "\xE2\x80\x93", 3) == 0) ||     /* – en dash */
        (len == 3 && memcmp(s, "\xE2\x80\x94", 3) == 0) ||     /* — em dash */
        (len == 3 && memcmp(s, "\xE2\x88\x92", 3) == 0))       /* − alone */
        return DOC_CELL_EMPTY;

    const char *p = s;
    int negative = 0, plus = 0;
    if (*p == '-') { negative = 1; p++; }
    else if (*p == '+') { plus = 1; p++; }
    else if ((size_t)(end - p) >= 3 && memcmp(p, "\xE2\x88\x92", 3) == 0) { negative = 1; p += 3; }

    /* Integer part: groups of digits. When grouped, the first group has 1..3
     * digits and every later one exactly 3, so "1 2" or "12 45" (two
     * numbers run together) are not read as one. The digits are gathered
     * into `buf` as "DIGITSe-DECIMALS", which strtod reads with correct
     * rounding and without a decimal sign, so the C locale never matters. */
    char buf[320];
    size_t bl = 0;
    int int_digits = 0, group = 0, grouped = 0;
    while (p < end) {
        if (is_digit(*p)) {
            if (bl >= 300) return DOC_CELL_TEXT;
            buf[bl++] = *p++;
            int_digits++;
            group++;
            continue;
        }
        size_t sl = space_len(p);
        if (sl && p + sl < end && is_digit(p[sl])) {
            if (group == 0 || (grouped && group != 3) || (!grouped && group > 3))
                return DOC_CELL_TEXT;
            grouped = 1;
            group = 0;
            p += sl;
            continue;
        }
        break;
    }
    if (grouped && group != 3) return DOC_CELL_TEXT;

    int decimals = 0;
    if (p < end && *p == decimal) {
        p++;
        while (p < end && is_digit(*p)) {
            if (bl >= 300) return DOC_CELL_TEXT;
            buf[bl++] = *p++;
            decimals++;
        }
        if (decimals == 0) return DOC_CELL_TEXT;     /* "5," */
    }
    if (int_digits == 0) return DOC_CELL_TEXT;       /* ",5" is not how numbers are written */

    int percent = 0;
    if (p < end) {
        const char *q = p;
        while (q < end && (n = space_len(q)) > 0) q += n;
        if (q < end && *q == '%' && q + 1 == end) { percent = 1; p = end; }
    }
    if (p != end) return DOC_CELL_TEXT;

    snprintf(buf + bl, sizeof buf - bl, "e-%d", decimals);
    double v = strtod(buf, NULL);
    if (negative) v = -v;

    if (out) {
        out->kind = DOC_CELL_NUMBER;
        out->value = v;
        out->decimals = decimals;
        out->percent = percent;
        out->plus = plus;
    }
    return DOC_CELL_NUMBER;
}

/* ---- writing ------------------------------------------------------------ */

#define NNBSP "\xE2\x80\xAF"   /* U+202F narrow no-break space: digit groups */
#define NBSP  "\xC2\xA0"       /* U+00A0 no-break space: before % */
#define MINUS "\xE2\x88\x92"   /* U+2212 minus sign */

char *rd_number_format(ts_arena *a, double value, int decimals, int group_from,
                       int percent)
{
    if (!isfinite(value)) return ts_arena_strdup(a, "\xE2\x80\x93");
    if (decimals < 0) decimals = 0;
    if (decimals > 15) decimals = 15;

    /* Digits of |value| rounded to `decimals`, through the C library: it
     * rounds correctly. The decimal sign it writes is whatever non-digit
     * follows the integer part, so the locale does not matter. */
    char digits[400];
    int n = snprintf(digits, sizeof digits, "%.*f", decimals, fabs(value));
    if (n < 0 || (size_t)n >= sizeof digits) return ts_arena_strdup(a, "\xE2\x80\x93");

    int int_len = 0;
    while (is_digit(digits[int_len])) int_len++;
    int nonzero = 0;
    for (int i = 0; i < n; i++) if (digits[i] >= '1' && digits[i] <= '9') nonzero = 1;

    /* At most: minus (3) + digits + a 3-byte separator per group + comma +
     * decimals + nbsp and % + NUL. */
    size_t cap = 3 + (size_t)n + 3 * ((size_t)int_len / 3 + 1) + 1 + 3 + 1;
    char *out = ts_arena_alloc(a, cap);
    char *o = out;
    if (value < 0 && nonzero) { memcpy(o, MINUS, 3); o += 3; }   /* no "−0" */
    int group = group_from > 0 && int_len >= group_from;
    for (int i = 0; i < int_len; i++) {
        if (group && i > 0 && (int_len - i) % 3 == 0) { memcpy(o, NNBSP, 3); o += 3; }
        *o++ = digits[i];
    }
    if (decimals > 0) {
        *o++ = ',';
        memcpy(o, digits + int_len + 1, (size_t)decimals);
        o += decimals;
    }
    if (percent) { memcpy(o, NBSP "%", 3); o += 3; }
    *o = '\0';
    return out;
}
