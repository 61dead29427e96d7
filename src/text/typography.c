/* Swedish typography for running text.
 *
 * Only ASCII characters are rewritten, and every byte of a multi-byte UTF-8
 * sequence is 0x80 or above, so the rules can work byte by byte without
 * ever splitting a character; all other bytes are copied unchanged. */
#include "text.h"

#include <string.h>

/* True when the text before s[i] ends in a place after which a hyphen
 * followed by a digit is a minus sign: the start of the text, a space (also
 * the no-break, thin and narrow no-break spaces numbers are set with), or an
 * opening parenthesis or bracket ("(-5 °C)"). */
static int minus_may_follow(const unsigned char *s, size_t i)
{
    if (i == 0) return 1;
    unsigned char c = s[i - 1];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == '[')
        return 1;
    if (i >= 2 && s[i - 2] == 0xC2 && c == 0xA0) return 1;           /* U+00A0 */
    if (i >= 3 && s[i - 3] == 0xE2 && s[i - 2] == 0x80 &&
        (c == 0xAF || c == 0x89))                                    /* U+202F, U+2009 */
        return 1;
    return 0;
}

/* Apply the rules to in, writing to out when it is not NULL; returns the
 * length of the result in bytes. */
static size_t rewrite(const unsigned char *in, char *out)
{
    size_t o = 0;
#define EMIT(str)                                              \
    do {                                                       \
        size_t emit_len_ = sizeof(str) - 1;                    \
        if (out) memcpy(out + o, (str), emit_len_);            \
        o += emit_len_;                                        \
    } while (0)
    for (size_t i = 0; in[i];) {
        unsigned char c = in[i];
        if (c == '"') {
            /* Swedish sets ” both before and after a quotation. */
            EMIT("\xE2\x80\x9D");
            i++;
        } else if (c == '\'') {
            /* ’ is both the apostrophe and the single quotation mark. */
            EMIT("\xE2\x80\x99");
            i++;
        } else if (c == '-' && in[i + 1] == '-' && in[i + 2] == '-') {
            EMIT("\xE2\x80\x94");           /* — em dash */
            i += 3;
        } else if (c == '-' && in[i + 1] == '-') {
            /* – en dash: ranges (2023–2026) and the spaced sentence dash. */
            EMIT("\xE2\x80\x93");
            i += 2;
        } else if (c == '-' && in[i + 1] >= '0' && in[i + 1] <= '9' &&
                   minus_may_follow(in, i)) {
            EMIT("\xE2\x88\x92");           /* − minus sign: -5 grader */
            i++;
        } else {
            if (out) out[o] = (char)c;
            o++;
            i++;
        }
    }
#undef EMIT
    return o;
}

/* ---- spaces that must not break ----------------------------------------
 *
 * Words break only at U+0020, so a space that must hold its two sides on
 * one line becomes a no-break space: U+202F (narrow) between the digit
 * groups of a number, U+00A0 elsewhere. */

#define NBSP "\xC2\xA0"
#define NNBSP "\xE2\x80\xAF"

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* Units and counted words that stay with the number before them (`38 st`,
 * `3 mm`, `12 miljoner`). Compared with trailing punctuation removed. */
static const char *const units[] = {
    "st", "kr", "tkr", "mnkr", "mdkr", "Mkr", "Mdkr", "kronor", "öre",
    "miljoner", "miljarder", "procent", "procentenheter", "promille",
    "km", "m", "dm", "cm", "mm", "m²", "m2", "m³", "m3", "km²", "ha", "mil",
    "kg", "g", "t", "ton", "l", "dl", "cl", "ml", "h", "tim", "min", "s", "sek",
    "dB", "dBA", "km/h", "m/s", "kW", "MW", "kWh", "MWh", "GWh", "°C", "°",
    "%", "‰", NULL
};

/* Words after which a number stays on the same line: `kl. 9.00`, `nr 5`,
 * `§ 3`, `s. 12`, `kap. 4`. */
static const char *const before_number[] = {
    "kl.", "kl", "Kl.", "nr", "nr.", "Nr", "Nr.", "§", "§§", "s.", "sid.",
    "kap.", "p.", "bil.", NULL
};

static int in_list(const char *const *list, const unsigned char *w, size_t n)
{
    for (size_t i = 0; list[i]; i++)
        if (strlen(list[i]) == n && memcmp(list[i], w, n) == 0) return 1;
    return 0;
}

/* The token (a run without U+0020) starting at s[i]. */
static size_t token_end(const unsigned char *s, size_t i)
{
    while (s[i] && s[i] != ' ') i++;
    return i;
}

/* Digits at the end of the token s[from..to): how many, when the token
 * ends in one; 0 otherwise. A token like `1 2` joined earlier counts only
 * its last group. */
static size_t trailing_digits(const unsigned char *s, size_t from, size_t to)
{
    size_t k = to;
    while (k > from && is_digit(s[k - 1])) k--;
    return to - k;
}

/* Should the space between token A = s[a0..a1) and token B = s[b0..b1)
 * be a no-break space? Returns 0, 1 (U+00A0) or 2 (U+202F). */
static int hold_space(const unsigned char *s, size_t a0, size_t a1, size_t b0, size_t b1)
{
    if (a1 == a0 || b1 == b0) return 0;
    size_t ad = trailing_digits(s, a0, a1);
    if (ad > 0) {
        /* 12 450: a group of one to three digits, then exactly three */
        size_t bd = 0;
        while (b0 + bd < b1 && is_digit(s[b0 + bd])) bd++;
        int a_group = ad <= 3 && (ad == a1 - a0 || !is_digit(s[a1 - ad - 1]));
        int b_group = bd == 3 && (b0 + bd == b1 || !is_digit(s[b0 + bd]));
        /* a year (four digits) never starts a grouped number, and a
         * decimal part ends one */
        int a_decimal = a1 - ad > a0 && (s[a1 - ad - 1] == ',' || s[a1 - ad - 1] == '.');
        if (a_group && b_group && !a_decimal) return 2;
        /* 45 %, 38 st, 3 mm (the unit possibly followed by punctuation) */
        size_t e = b1;
        while (e > b0 && (s[e - 1] == ',' || s[e - 1] == '.' || s[e - 1] == ';' ||
                          s[e - 1] == ':' || s[e - 1] == ')' || s[e - 1] == '!' ||
                          s[e - 1] == '?'))
            e--;
        if (in_list(units, s + b0, e - b0) || in_list(units, s + b0, b1 - b0)) return 1;
        if (s[b0] == '%') return 1;
    }
    /* kl. 9.00, nr 5, § 3 */
    if (is_digit(s[b0])) {
        size_t start = a0;
        if (s[start] == '(') start++;
        if (in_list(before_number, s + start, a1 - start)) return 1;
    }
    /* a spaced dash never starts a line: `text – text` */
    if (b1 - b0 == 3 && s[b0] == 0xE2 && s[b0 + 1] == 0x80 &&
        (s[b0 + 2] == 0x93 || s[b0 + 2] == 0x94))
        return 1;
    return 0;
}

/* Apply hold_space to every single U+0020 of in (already rewritten). */
static char *hold_spaces(ts_arena *a, const unsigned char *in, size_t len)
{
    /* each space grows to at most three bytes */
    size_t spaces = 0;
    for (size_t i = 0; i < len; i++) spaces += in[i] == ' ';
    if (spaces == 0) return (char *)in;
    char *out = ts_arena_alloc(a, len + 2 * spaces + 1);
    size_t o = 0, prev = 0;   /* prev: start of the current token */
    for (size_t i = 0; i < len;) {
        if (in[i] != ' ') {
            out[o++] = (char)in[i++];
            continue;
        }
        size_t b0 = i + 1, b1 = token_end(in, b0);
        int h = 0;
        if (i > 0 && in[i - 1] != ' ' && b1 > b0)
            h = hold_space(in, prev, i, b0, b1);
        if (h == 2) { memcpy(out + o, NNBSP, 3); o += 3; }
        else if (h == 1) { memcpy(out + o, NBSP, 2); o += 2; }
        else out[o++] = ' ';
        i++;
        /* the next check looks at this token only, also after a joined
         * group, so 1 234 567 is joined group by group */
        prev = b0;
    }
    out[o] = '\0';
    return out;
}

char *tx_typography(ts_arena *a, const char *utf8)
{
    const unsigned char *in = (const unsigned char *)(utf8 ? utf8 : "");
    size_t len = rewrite(in, NULL);
    char *out = ts_arena_alloc(a, len + 1);   /* zeroed: NUL-terminated */
    rewrite(in, out);
    return hold_spaces(a, (const unsigned char *)out, len);
}

/* The last token of `before` and the first of `after` (both already
 * through tx_typography), joined by one space and judged like a space
 * written on one line (hold_space). */
int tx_hold_line_end(const char *before, const char *after)
{
    const unsigned char *a = (const unsigned char *)(before ? before : "");
    const unsigned char *b = (const unsigned char *)(after ? after : "");
    size_t alen = strlen((const char *)a);
    if (alen == 0 || a[alen - 1] == ' ' || b[0] == '\0' || b[0] == ' ') return 0;
    size_t a0 = alen;
    while (a0 > 0 && a[a0 - 1] != ' ') a0--;
    size_t blen = token_end(b, 0);
    /* the two tokens with a space between, as hold_space reads them */
    unsigned char pair[256];
    if ((alen - a0) + 1 + blen + 1 > sizeof pair) return 0;
    memcpy(pair, a + a0, alen - a0);
    pair[alen - a0] = ' ';
    memcpy(pair + (alen - a0) + 1, b, blen);
    pair[alen - a0 + 1 + blen] = '\0';
    return hold_space(pair, 0, alen - a0, alen - a0 + 1, alen - a0 + 1 + blen);
}
