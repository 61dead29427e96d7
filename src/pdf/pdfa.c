/* The archival part of the PDF device: XMP metadata, dates and ICC colour
 * profiles, as PDF/A-2 (ISO 19005-2) needs them. libharu's own PDF/A
 * helpers are not used: they write /SubType for /Subtype, put unescaped
 * text into the XMP and fail on a 'Z' time zone. This file builds the
 * bytes; pdf.c puts them into libharu's objects. */
#include "pdf_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- dates ------------------------------------------------------------------ */

static struct tm utc(long long t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm)) memset(&tm, 0, sizeof tm);
    return tm;
}

void pdf_date_info(char *buf, size_t size, long long t)
{
    struct tm tm = utc(t);
    snprintf(buf, size, "D:%04d%02d%02d%02d%02d%02d+00'00'", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void pdf_date_xmp(char *buf, size_t size, long long t)
{
    struct tm tm = utc(t);
    snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d+00:00", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* ---- XML ----------------------------------------------------------------------- */

void pdf_xml_escape(ts_buf *b, const char *s)
{
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        switch (*c) {
        case '&': ts_buf_puts(b, "&amp;"); break;
        case '<': ts_buf_puts(b, "&lt;"); break;
        case '>': ts_buf_puts(b, "&gt;"); break;
        case '"': ts_buf_puts(b, "&quot;"); break;
        case '\'': ts_buf_puts(b, "&apos;"); break;
        default:
            /* XML 1.0 2.2: no C0 control but tab, LF and CR, even escaped. */
            if (*c < 0x20 && *c != '\t' && *c != '\n' && *c != '\r') break;
            ts_buf_putc(b, (char)*c);
        }
    }
}

void pdf_each_keyword(const char *keywords, void (*fn)(void *ctx, const char *s, size_t n),
                      void *ctx)
{
    if (!keywords) return;
    const char *s = keywords;
    for (;;) {
        const char *end = strchr(s, ',');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        const char *a = s, *z = s + n;
        while (a < z && (*a == ' ' || *a == '\t')) a++;
        while (z > a && (z[-1] == ' ' || z[-1] == '\t')) z--;
        if (z > a) fn(ctx, a, (size_t)(z - a));
        if (!end) break;
        s = end + 1;
    }
}

static void keyword_li(void *ctx, const char *s, size_t n)
{
    ts_buf *b = ctx;
    char *k = ts_xmalloc(n + 1);
    memcpy(k, s, n);
    k[n] = 0;
    ts_buf_puts(b, "     <rdf:li>");
    pdf_xml_escape(b, k);
    ts_buf_puts(b, "</rdf:li>\n");
    free(k);
}

/* <ns:key>value</ns:key> when value is set. */
static void simple(ts_buf *b, const char *key, const char *value)
{
    if (!value || !*value) return;
    ts_buf_printf(b, "   <%s>", key);
    pdf_xml_escape(b, value);
    ts_buf_printf(b, "</%s>\n", key);
}

/* A language alternative with only the x-default entry: what readers and
 * PDF/A validators compare with the information dictionary's text. */
static void lang_alt(ts_buf *b, const char *key, const char *value)
{
    if (!value || !*value) return;
    ts_buf_printf(b, "   <%s>\n    <rdf:Alt>\n     <rdf:li xml:lang=\"x-default\">", key);
    pdf_xml_escape(b, value);
    ts_buf_printf(b, "</rdf:li>\n    </rdf:Alt>\n   </%s>\n", key);
}

/* The namespace of the one property trycksak adds (the document's status).
 * A URN, so it names no host; described by an extension schema below as
 * ISO 19005-2 6.6.2.3 requires for properties outside the predefined
 * schemas. */
#define TRYCKSAK_NS "urn:x-trycksak:xmp:1.0#"
/* The PDF/UA identification schema (ISO 14289-1 5). */
#define PDFUA_NS "http://www.aiim.org/pdfua/ns/id/"

void pdf_xmp_build(ts_buf *b, const pdf_meta *m)
{
    char date[40];
    pdf_date_xmp(date, sizeof date, m->created);

    /* The header's begin attribute is U+FEFF in UTF-8; no bytes= or
     * encoding= attribute (ISO 19005-2 6.6.2.1). */
    ts_buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                   "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                   " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                   "  <rdf:Description rdf:about=\"\"\n"
                   "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                   "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                   "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n");
    if (m->pdfa) ts_buf_puts(b, "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n");
    if (m->pdfua) ts_buf_puts(b, "    xmlns:pdfuaid=\"" PDFUA_NS "\"\n");
    ts_buf_puts(b, "    xmlns:trycksak=\"" TRYCKSAK_NS "\">\n");

    ts_buf_puts(b, "   <dc:format>application/pdf</dc:format>\n");
    lang_alt(b, "dc:title", m->title);               /* = Info /Title */
    if (m->author && *m->author) {                   /* = Info /Author */
        ts_buf_puts(b, "   <dc:creator>\n    <rdf:Seq>\n     <rdf:li>");
        pdf_xml_escape(b, m->author);
        ts_buf_puts(b, "</rdf:li>\n    </rdf:Seq>\n   </dc:creator>\n");
    }
    lang_alt(b, "dc:description", m->subject);       /* = Info /Subject */
    if (m->language && *m->language) {
        ts_buf_puts(b, "   <dc:language>\n    <rdf:Bag>\n     <rdf:li>");
        pdf_xml_escape(b, m->language);
        ts_buf_puts(b, "</rdf:li>\n    </rdf:Bag>\n   </dc:language>\n");
    }
    if (m->keywords && *m->keywords) {
        ts_buf_puts(b, "   <dc:subject>\n    <rdf:Bag>\n");
        pdf_each_keyword(m->keywords, keyword_li, b);
        ts_buf_puts(b, "    </rdf:Bag>\n   </dc:subject>\n");
    }
    simple(b, "xmp:CreatorTool", m->creator);         /* = Info /Creator */
    simple(b, "xmp:CreateDate", date);                /* = Info /CreationDate */
    simple(b, "xmp:ModifyDate", date);                /* = Info /ModDate */
    simple(b, "xmp:MetadataDate", date);
    simple(b, "pdf:Producer", m->producer);           /* = Info /Producer */
    simple(b, "pdf:Keywords", m->keywords);           /* = Info /Keywords */
    if (m->pdfa) {
        /* ISO 19005-2 6.6.4: the part and conformance level. Level A: the
         * file is tagged (6.8: a structure tree, Marked true, Unicode for
         * every glyph, artifacts for the rest; tags.c). */
        ts_buf_puts(b, "   <pdfaid:part>2</pdfaid:part>\n"
                       "   <pdfaid:conformance>A</pdfaid:conformance>\n");
    }
    /* ISO 14289-1 5: the PDF/UA identification, part 1. */
    if (m->pdfua) ts_buf_puts(b, "   <pdfuaid:part>1</pdfuaid:part>\n");
    simple(b, "trycksak:status", m->draft ? "draft" : "final");   /* = Info /Status */
    ts_buf_puts(b, "  </rdf:Description>\n");

    /* The extension schema for trycksak:status (ISO 19005-2 6.6.2.3.2). */
    ts_buf_puts(b,
        "  <rdf:Description rdf:about=\"\"\n"
        "    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
        "    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
        "    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
        "   <pdfaExtension:schemas>\n"
        "    <rdf:Bag>\n"
        "     <rdf:li rdf:parseType=\"Resource\">\n"
        "      <pdfaSchema:schema>trycksak document status</pdfaSchema:schema>\n"
        "      <pdfaSchema:namespaceURI>" TRYCKSAK_NS "</pdfaSchema:namespaceURI>\n"
        "      <pdfaSchema:prefix>trycksak</pdfaSchema:prefix>\n"
        "      <pdfaSchema:property>\n"
        "       <rdf:Seq>\n"
        "        <rdf:li rdf:parseType=\"Resource\">\n"
        "         <pdfaProperty:name>status</pdfaProperty:name>\n"
        "         <pdfaProperty:valueType>Text</pdfaProperty:valueType>\n"
        "         <pdfaProperty:category>external</pdfaProperty:category>\n"
        "         <pdfaProperty:description>draft (a version for review, printed with UTKAST) "
        "or final (the decided version)</pdfaProperty:description>\n"
        "        </rdf:li>\n"
        "       </rdf:Seq>\n"
        "      </pdfaSchema:property>\n"
        "     </rdf:li>\n");
    /* pdfuaid is newer than PDF/A-2's predefined schemas, so it is
     * described too (ISO 14289-1 5 names it; ISO 19005-2 6.6.2.3.1 wants
     * every other schema described). */
    if (m->pdfua)
        ts_buf_puts(b,
        "     <rdf:li rdf:parseType=\"Resource\">\n"
        "      <pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema>\n"
        "      <pdfaSchema:namespaceURI>" PDFUA_NS "</pdfaSchema:namespaceURI>\n"
        "      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
        "      <pdfaSchema:property>\n"
        "       <rdf:Seq>\n"
        "        <rdf:li rdf:parseType=\"Resource\">\n"
        "         <pdfaProperty:name>part</pdfaProperty:name>\n"
        "         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
        "         <pdfaProperty:category>internal</pdfaProperty:category>\n"
        "         <pdfaProperty:description>the part of PDF/UA the file conforms to"
        "</pdfaProperty:description>\n"
        "        </rdf:li>\n"
        "       </rdf:Seq>\n"
        "      </pdfaSchema:property>\n"
        "     </rdf:li>\n");
    ts_buf_puts(b,
        "    </rdf:Bag>\n"
        "   </pdfaExtension:schemas>\n"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        "<?xpacket end=\"w\"?>");
}

/* ---- ICC profiles ----------------------------------------------------------------- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

const char *pdf_icc_problem(const unsigned char *data, size_t len, int components)
{
    if (len < 132) return "too short for an ICC profile";
    if (be32(data) != len) return "its header gives a different size than the file has";
    if (memcmp(data + 36, "acsp", 4) != 0) return "not an ICC profile (no 'acsp' signature)";
    unsigned major = data[8];
    if (major < 2 || major > 4) return "an ICC version PDF/A-2 does not accept (2 to 4 are)";
    if (memcmp(data + 12, "mntr", 4) != 0 && memcmp(data + 12, "prtr", 4) != 0)
        return "not a display or output profile (ISO 19005-2 6.2.3)";
    const char *want = components == 4 ? "CMYK" : components == 1 ? "GRAY" : "RGB ";
    if (memcmp(data + 16, want, 4) != 0) return "its colour space is not the one needed";
    return NULL;
}
