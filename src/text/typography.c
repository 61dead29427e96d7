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

char *tx_typography(ts_arena *a, const char *utf8)
{
    const unsigned char *in = (const unsigned char *)(utf8 ? utf8 : "");
    size_t len = rewrite(in, NULL);
    char *out = ts_arena_alloc(a, len + 1);   /* zeroed: NUL-terminated */
    rewrite(in, out);
    return out;
}
