/* UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates
 * (U+D800..U+DFFF), nothing above U+10FFFF. */
#include "util.h"

#define REPLACEMENT 0xFFFDu

/* len 0 yields U+FFFD and 0 bytes: there is nothing to consume. */
int ts_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    *cp = REPLACEMENT;
    if (len == 0) return 0;

    const unsigned char *u = (const unsigned char *)s;
    unsigned char b0 = u[0];
    if (b0 < 0x80) {
        *cp = b0;
        return 1;
    }

    size_t need;           /* continuation bytes */
    uint32_t min;          /* smallest value this length may encode */
    uint32_t value;
    if (b0 >= 0xC2 && b0 <= 0xDF) { need = 1; min = 0x80; value = b0 & 0x1Fu; }
    else if (b0 >= 0xE0 && b0 <= 0xEF) { need = 2; min = 0x800; value = b0 & 0x0Fu; }
    else if (b0 >= 0xF0 && b0 <= 0xF4) { need = 3; min = 0x10000; value = b0 & 0x07u; }
    else return 1;         /* continuation byte, C0/C1, or F5..FF */

    if (len < need + 1) return 1;
    for (size_t i = 1; i <= need; i++) {
        if ((u[i] & 0xC0) != 0x80) return 1;
        value = (value << 6) | (u[i] & 0x3Fu);
    }
    if (value < min || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        return 1;
    *cp = value;
    return (int)need + 1;
}

/* Surrogates and values above U+10FFFF are written as U+FFFD. */
int ts_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = REPLACEMENT;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

int ts_utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        int n = ts_utf8_decode(s + i, len - i, &cp);
        /* A real U+FFFD in the input takes three bytes; one byte means
         * the decoder rejected the sequence. */
        if (cp == REPLACEMENT && n == 1) {
            if (bad_offset) *bad_offset = i;
            return 0;
        }
        i += (size_t)n;
    }
    return 1;
}

/* Each invalid byte counts as one character, as the decoder reads it. */
int ts_utf8_column(const char *line_start, size_t off)
{
    int col = 1;
    size_t i = 0;
    while (i < off) {
        uint32_t cp;
        i += (size_t)ts_utf8_decode(line_start + i, off - i, &cp);
        col++;
    }
    return col;
}
