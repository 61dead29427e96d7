/* The floor: the least a PDF of a document's text can cost with libharu.
 *
 *   floor TRACE OUT.pdf FONT0.ttf FONT1.ttf ...
 *
 * Reads a `trycksak --trace` and writes every `text` line's string with
 * libharu at the same position, in the same font (fN is the Nth file
 * given: trycksak's font numbering, the layout's faces then its
 * fallbacks) and size, on pages of the same size, compressed as trycksak
 * compresses. No shaping, no kerning, no line or page breaking, no
 * structure tags: only what any program that writes these glyphs must
 * pay (font loading and subsetting, content streams, deflate). bench/perf.sh
 * reports trycksak's time as a ratio to this program's.
 *
 * This is a benchmark tool, not part of trycksak: it calls libharu
 * directly, outside src/pdf/, because its whole point is to measure the
 * PDF library without trycksak's stages in between. */
#include <hpdf.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FONTS 16

static jmp_buf fail;

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
    (void)data;
    fprintf(stderr, "floor: libharu error %04X (%u)\n", (unsigned)error, (unsigned)detail);
    longjmp(fail, 1);
}

/* The quoted string of a trace text line, unescaped in place (\" and \\). */
static char *quoted(char *s)
{
    char *q = strchr(s, '"');
    if (!q) return NULL;
    char *out = ++q, *w = q;
    for (; *q && *q != '"'; q++) {
        if (*q == '\\' && q[1]) q++;
        *w++ = *q;
    }
    *w = '\0';
    return out;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: floor TRACE OUT.pdf FONT.ttf...\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "r");
    if (!in) {
        perror(argv[1]);
        return 2;
    }
    HPDF_Doc doc = HPDF_New(on_error, NULL);
    if (!doc || setjmp(fail)) return 1;
    HPDF_SetCompressionMode(doc, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(doc);

    int nfiles = argc - 3 < MAX_FONTS ? argc - 3 : MAX_FONTS;
    HPDF_Font font[MAX_FONTS] = { 0 };
    HPDF_Page page = NULL;
    double height = 0;
    static char line[1 << 16];
    while (fgets(line, sizeof line, in)) {
        char *s = line;
        while (*s == ' ') s++;
        double w, h, x, y, size;
        int f;
        if (sscanf(s, "page %*d %lf %lf", &w, &h) == 2) {
            page = HPDF_AddPage(doc);
            HPDF_Page_SetWidth(page, (HPDF_REAL)w);
            HPDF_Page_SetHeight(page, (HPDF_REAL)h);
            height = h;
        } else if (page && sscanf(s, "text %lf %lf f%d %lf", &x, &y, &f, &size) == 4 &&
                   f >= 0 && f < nfiles) {
            char *text = quoted(s);
            if (!text || !*text) continue;
            if (!font[f]) {
                /* loaded on first use, as trycksak's PDF device does */
                const char *name = HPDF_LoadTTFontFromFile(doc, argv[3 + f], HPDF_TRUE);
                font[f] = HPDF_GetFont(doc, name, "UTF-8");
            }
            HPDF_Page_BeginText(page);
            HPDF_Page_SetFontAndSize(page, font[f], (HPDF_REAL)size);
            HPDF_Page_MoveTextPos(page, (HPDF_REAL)x, (HPDF_REAL)(height - y));
            HPDF_Page_ShowText(page, text);
            HPDF_Page_EndText(page);
        }
    }
    fclose(in);
    HPDF_SaveToFile(doc, argv[2]);
    HPDF_Free(doc);
    return 0;
}
