/* Tagged PDF: the structure tree, marked content and the ParentTree.
 *
 * The layout calls begin_struct/end_struct around what it draws (roles
 * are the standard structure types of ISO 32000-1 14.8.4) and
 * begin_artifact/end_artifact around page furniture. This file turns
 * those calls into
 *
 *  - marked content in the page streams (ISO 32000-1 14.6): a painting
 *    operator is always inside exactly one sequence, `/Role <</MCID n>>
 *    BDC … EMC` for the innermost open element, or `/Artifact BMC … EMC`
 *    (14.8.2.2) while an artifact is open, which is what ISO 14289-1 7.1
 *    asks ("content shall be marked as artifact or tagged as real
 *    content"). Sequences open lazily before the first paint and close at
 *    the next structure call or page end, so none is empty, none crosses
 *    a page, and none straddles the device's own BT/ET or q/Q pairs. An
 *    element with /ActualText (a word hyphenated at a line end) carries it
 *    in the sequence's property list as well (14.9.4), so text extraction
 *    from the page alone reads the replacement too;
 *  - the structure tree (14.7.2): StructTreeRoot -> Document -> the
 *    layout's elements in the order they began, each with /S, /P, /K, /Pg
 *    (the first page with its content), /Alt, /Lang, /ActualText. Kids
 *    are marked-content identifiers (an integer on the element's /Pg, an
 *    MCR dictionary on any other page: an element may run across pages),
 *    child elements, and OBJR references to annotations (14.7.4.3).
 *    Elements without any content (everything inside them was an
 *    artifact) are dropped;
 *  - the ParentTree (14.7.4.4): a number tree whose entry for page i
 *    (/StructParents i) is the array of elements owning MCID 0, 1, … on
 *    that page, and whose entries after the pages map each annotation's
 *    /StructParent to its element;
 *  - notes and their references (ISO 14289-1 7.9): every Note has an /ID
 *    unique in the document (Matterhorn 19-003, 19-004), made from its
 *    key, the number its Lbl shows ("note-3"; the rest of a note carried
 *    to the next page is a second Note, "note-3-2"), and listed in the
 *    StructTreeRoot's /IDTree, which ISO 32000-1 14.7.2 (Table 322)
 *    requires once any element has an /ID. The footnote mark in the text
 *    is a Reference element whose text is that number; it gets /Ref, the
 *    array of the Notes it refers to (ISO 32000-2 14.7.2, Table 355; PDF
 *    1.7 has no key for the pairing, and a 1.7 reader ignores one it does
 *    not know), so a reader can go from the mark to the note;
 *  - /MarkInfo <</Marked true>> in the catalog (14.7.1).
 *
 * Only libharu's object API and the page's content stream are used. */
#include "pdf_internal.h"

#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A kid of an element: a child element, marked content on a page, or an
 * annotation. */
typedef enum { KID_ELEM, KID_MCID, KID_ANNOT } kid_kind;

typedef struct pdf_kid {
    kid_kind kind;
    int page;                 /* MCID, ANNOT: the page's index */
    int mcid;                 /* MCID */
    pdf_tag *elem;            /* ELEM */
    HPDF_Annotation annot;    /* ANNOT */
    char *fallback;           /* ANNOT: its /Contents when e shows no text */
} pdf_kid;

struct pdf_tag {
    const char *role;         /* a standard type's static name, or owned_role */
    char *owned_role;
    char *alt, *lang, *actual;
    char *id;                 /* Note: its /ID, set at finish */
    pdf_tag *note;            /* Reference: the Note it refers to, or NULL */
    pdf_tag *parent;
    pdf_kid *kids;
    int nkids, capkids;
    int page;                 /* first page with its content, -1 none yet */
    int has_content;          /* set by finish: content somewhere below */
    const struct pdf_tags *tags_of;  /* set by finish, for write_elem */
    ts_buf text;              /* Link, Lbl, Reference: the text shown inside it */
    HPDF_Dict dict;           /* made at finish; its entries are written
                                 from this element when the file is saved */
};

/* The elements owning MCID 0, 1, … on one page. */
typedef struct pdf_page_parents {
    pdf_tag **v;
    int n, cap;
} pdf_page_parents;

struct pdf_tags {
    HPDF_Page *page_objs;     /* set by finish: the page objects by index */
    HPDF_Dict root;           /* set by finish: the StructTreeRoot */
    int npages_written;       /* set by finish: the document's page count */
    pdf_tag *doc;             /* the Document element, root of the tree */
    pdf_tag **stack;          /* open elements, innermost last */
    int depth, capstack;
    int artifact_depth;

    HPDF_Page page;           /* the current page, NULL between pages */
    int page_index;
    int open;                 /* 0 nothing open, 1 an MCID sequence, 2 an artifact */
    pdf_tag *open_elem;       /* the element whose sequence is open */

    pdf_page_parents *pages;  /* by page index */
    int npages, cappages;
    pdf_tag **all;            /* every element, for freeing */
    int nall, capall;
};

static void *grow(void *p, int *cap, int need, size_t size)
{
    if (need <= *cap) return p;
    int n = *cap ? *cap * 2 : 8;
    while (n < need) n *= 2;
    *cap = n;
    return ts_xrealloc(p, (size_t)n * size);
}

static char *dup(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *r = ts_xmalloc(n);
    memcpy(r, s, n);
    return r;
}

static pdf_tag *new_tag(pdf_tags *t, const char *role)
{
    pdf_tag *e = ts_xmalloc(sizeof *e);
    memset(e, 0, sizeof *e);
    /* a PDF name: the standard types are letters and digits only */
    char buf[32];
    size_t n = 0;
    for (const char *s = role ? role : "Span"; *s && n + 1 < sizeof buf; s++)
        if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9'))
            buf[n++] = *s;
    buf[n] = 0;
    /* the standard types (ISO 32000-1 14.8.4) are not copied for each of
     * a long table's thousands of cells */
    static const char *const standard[] = {
        "Document", "Part", "Sect", "Div", "H1", "H2", "H3", "H4", "H5", "H6",
        "P", "L", "LI", "Lbl", "LBody", "Table", "THead", "TBody", "TFoot", "TR",
        "TH", "TD", "Figure", "Caption", "Note", "Reference", "Link", "Span",
        "TOC", "TOCI", "BlockQuote", "Quote", "Code", "Form", "Formula", "Annot",
    };
    const char *name = n ? buf : "Span";
    e->role = NULL;
    for (size_t i = 0; i < sizeof standard / sizeof standard[0] && !e->role; i++)
        if (strcmp(standard[i], name) == 0) e->role = standard[i];
    if (!e->role) e->role = e->owned_role = dup(name);
    e->page = -1;
    t->all = grow(t->all, &t->capall, t->nall + 1, sizeof *t->all);
    t->all[t->nall++] = e;
    return e;
}

static pdf_kid *add_kid(pdf_tag *e, kid_kind kind)
{
    if (e->nkids == e->capkids) {
        /* most elements (a table cell, a line's span) have one kid */
        e->capkids = e->capkids ? e->capkids * 2 : 1;
        e->kids = ts_xrealloc(e->kids, (size_t)e->capkids * sizeof *e->kids);
    }
    pdf_kid *k = &e->kids[e->nkids++];
    memset(k, 0, sizeof *k);
    k->kind = kind;
    return k;
}

pdf_tags *pdf_tags_new(void)
{
    pdf_tags *t = ts_xmalloc(sizeof *t);
    memset(t, 0, sizeof *t);
    t->doc = new_tag(t, "Document");
    return t;
}

void pdf_tags_free(pdf_tags *t)
{
    if (!t) return;
    for (int i = 0; i < t->nall; i++) {
        pdf_tag *e = t->all[i];
        free(e->owned_role);
        free(e->alt);
        free(e->lang);
        free(e->actual);
        free(e->id);
        for (int k = 0; k < e->nkids; k++) free(e->kids[k].fallback);
        free(e->kids);
        ts_buf_free(&e->text);
        free(e);
    }
    for (int i = 0; i < t->npages; i++) free(t->pages[i].v);
    free(t->pages);
    free(t->all);
    free(t->stack);
    free(t);
}

static pdf_tag *current(pdf_tags *t)
{
    return t->depth > 0 ? t->stack[t->depth - 1] : t->doc;
}

pdf_tag *pdf_tags_current(pdf_tags *t) { return current(t); }
int pdf_tags_depth(const pdf_tags *t) { return t->depth; }
int pdf_tags_artifact_depth(const pdf_tags *t) { return t->artifact_depth; }

/* ---- content ----------------------------------------------------------------- */

static void put(pdf_tags *t, const char *s)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)t->page->attr;
    HPDF_Stream_WriteStr(attr->stream, s);
}

/* Close the open sequence, if any. */
static void close_open(pdf_tags *t)
{
    if (t->page && t->open) put(t, "EMC\n");
    t->open = 0;
    t->open_elem = NULL;
}

/* UTF-8 s as a hex UTF-16BE string with a byte order mark, for a property
 * list in the content stream. */
static void hex_utf16(ts_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s);
    ts_buf_puts(b, "<FEFF");
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += (size_t)ts_utf8_decode(s + i, n - i, &cp);
        uint32_t units[2];
        int nu = 0;
        if (cp >= 0x10000) {
            uint32_t v = cp - 0x10000;
            units[nu++] = 0xD800 + (v >> 10);
            units[nu++] = 0xDC00 + (v & 0x3FF);
        } else {
            units[nu++] = cp;
        }
        for (int u = 0; u < nu; u++) {
            char h[4] = {hex[(units[u] >> 12) & 15], hex[(units[u] >> 8) & 15],
                         hex[(units[u] >> 4) & 15], hex[units[u] & 15]};
            ts_buf_append(b, h, 4);
        }
    }
    ts_buf_putc(b, '>');
}

void pdf_tags_paint(pdf_tags *t, const dev_text *text)
{
    if (!t->page) return;
    if (t->artifact_depth > 0) {
        if (t->open != 2) {
            close_open(t);
            put(t, "/Artifact BMC\n");
            t->open = 2;
        }
        return;
    }
    pdf_tag *e = current(t);
    if (text && (strcmp(e->role, "Link") == 0 || strcmp(e->role, "Lbl") == 0 ||
                 strcmp(e->role, "Reference") == 0)) {
        for (int i = 0; i < text->count; i++) {
            char u[4];
            int n = ts_utf8_encode(text->cps[i], u);
            if (n > 0) ts_buf_append(&e->text, u, (size_t)n);
        }
    }
    if (t->open == 1 && t->open_elem == e) return;
    close_open(t);

    pdf_page_parents *pp = &t->pages[t->page_index];
    int mcid = pp->n;
    pp->v = grow(pp->v, &pp->cap, pp->n + 1, sizeof *pp->v);
    pp->v[pp->n++] = e;
    pdf_kid *k = add_kid(e, KID_MCID);
    k->page = t->page_index;
    k->mcid = mcid;
    if (e->page < 0) e->page = t->page_index;

    ts_buf b = {0};
    ts_buf_printf(&b, "/%s <</MCID %d", e->role, mcid);
    if (e->actual) {
        ts_buf_puts(&b, " /ActualText ");
        hex_utf16(&b, e->actual);
    }
    ts_buf_puts(&b, ">> BDC\n");
    put(t, ts_buf_cstr(&b));
    ts_buf_free(&b);
    t->open = 1;
    t->open_elem = e;
}

/* ---- pages ------------------------------------------------------------------- */

void pdf_tags_begin_page(pdf_tags *t, HPDF_Page page, int index)
{
    close_open(t);
    t->page = page;
    t->page_index = index;
    t->pages = grow(t->pages, &t->cappages, index + 1, sizeof *t->pages);
    while (t->npages <= index) {
        memset(&t->pages[t->npages], 0, sizeof t->pages[0]);
        t->npages++;
    }
    /* ISO 32000-1 14.7.4.4: the page's key in the ParentTree; ISO 14289-1
     * 7.18.3: annotations in the order of the structure tree. */
    HPDF_Dict_AddNumber(page, "StructParents", index);
    HPDF_Dict_AddName(page, "Tabs", "S");
}

void pdf_tags_end_page(pdf_tags *t)
{
    close_open(t);
    t->page = NULL;
}

/* ---- structure and artifacts ----------------------------------------------------- */

void pdf_tags_begin(pdf_tags *t, const dev_struct *s)
{
    close_open(t);
    pdf_tag *parent = current(t);
    pdf_tag *e = new_tag(t, s ? s->role : NULL);
    if (s) {
        if (s->alt) e->alt = dup(s->alt);
        if (s->lang && *s->lang) e->lang = dup(s->lang);
        if (s->actual_text) e->actual = dup(s->actual_text);
    }
    e->parent = parent;
    add_kid(parent, KID_ELEM)->elem = e;
    t->stack = grow(t->stack, &t->capstack, t->depth + 1, sizeof *t->stack);
    t->stack[t->depth++] = e;
}

int pdf_tags_end(pdf_tags *t)
{
    if (t->depth == 0) return -1;
    close_open(t);
    t->depth--;
    return 0;
}

void pdf_tags_begin_artifact(pdf_tags *t)
{
    /* the sequence opens at the first paint (a nested artifact joins the
     * open one) */
    if (t->artifact_depth == 0 && t->open == 1) close_open(t);
    t->artifact_depth++;
}

int pdf_tags_end_artifact(pdf_tags *t)
{
    if (t->artifact_depth == 0) return -1;
    if (--t->artifact_depth == 0) close_open(t);
    return 0;
}

void pdf_tags_annot(pdf_tags *t, pdf_tag *e, HPDF_Annotation a, int page,
                    const char *fallback)
{
    if (!a) return;
    if (!e) e = current(t);
    pdf_kid *k = add_kid(e, KID_ANNOT);
    k->annot = a;
    k->page = page;
    k->fallback = dup(fallback);
    if (e->page < 0) e->page = page;
}

/* ---- finish --------------------------------------------------------------------- */

void *pdf_text_string(HPDF_MMgr mmgr, const char *s)
{
    size_t n = strlen(s);
    int ascii = 1;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80 || (unsigned char)s[i] < 0x20) ascii = 0;
    if (ascii) return HPDF_String_New(mmgr, s, NULL);
    HPDF_BYTE *u = ts_xmalloc(2 + n * 4);
    size_t len = 0;
    u[len++] = 0xFE;
    u[len++] = 0xFF;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += (size_t)ts_utf8_decode(s + i, n - i, &cp);
        if (cp >= 0x10000) {
            uint32_t v = cp - 0x10000;
            uint32_t hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
            u[len++] = (HPDF_BYTE)(hi >> 8);
            u[len++] = (HPDF_BYTE)hi;
            u[len++] = (HPDF_BYTE)(lo >> 8);
            u[len++] = (HPDF_BYTE)lo;
        } else {
            u[len++] = (HPDF_BYTE)(cp >> 8);
            u[len++] = (HPDF_BYTE)cp;
        }
    }
    void *r = HPDF_Binary_New(mmgr, u, (HPDF_UINT)len);
    free(u);
    return r;
}

/* Whether anything below e is content; sets has_content on the way. */
static int mark_content(pdf_tag *e, int depth)
{
    int any = 0;
    if (depth > 256) return 0;
    for (int i = 0; i < e->nkids; i++) {
        pdf_kid *k = &e->kids[i];
        if (k->kind != KID_ELEM) any = 1;
        else if (mark_content(k->elem, depth + 1)) any = 1;
    }
    e->has_content = any;
    return any;
}

/* The dictionary of every element with content: made first, so kids and
 * the ParentTree can refer to them. */
static int make_dicts(HPDF_Doc doc, pdf_tag *e, int depth)
{
    if (!e->has_content || depth > 256) return 0;
    e->dict = HPDF_Dict_New(doc->mmgr);
    if (!e->dict || HPDF_Xref_Add(doc->xref, e->dict) != HPDF_OK) {
        e->dict = NULL;
        return -1;
    }
    for (int i = 0; i < e->nkids; i++)
        if (e->kids[i].kind == KID_ELEM && make_dicts(doc, e->kids[i].elem, depth + 1) < 0)
            return -1;
    return 0;
}

/* /Scope of a header cell (ISO 32000-1 14.8.5.7, Table 348; ISO 14289-1
 * 7.5): Column when its row is a header row (in THead, or all header
 * cells), else Row (a header cell leading an ordinary row). */
static const char *th_scope(const pdf_tag *th)
{
    const pdf_tag *tr = th->parent;
    if (!tr || strcmp(tr->role, "TR") != 0) return "Column";
    if (tr->parent && strcmp(tr->parent->role, "THead") == 0) return "Column";
    for (int i = 0; i < tr->nkids; i++)
        if (tr->kids[i].kind == KID_ELEM && strcmp(tr->kids[i].elem->role, "TD") == 0)
            return "Row";
    return "Column";
}

/* "N 0 R" for an object libharu has numbered. */
static HPDF_STATUS put_ref(HPDF_Stream s, const void *obj)
{
    char ref[32];
    unsigned id = ((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF;
    snprintf(ref, sizeof ref, " %u 0 R", id);
    return HPDF_Stream_WriteStr(s, ref);
}

/* A text string entry (UTF-16BE when not ASCII) through a short-lived
 * libharu object, which escapes it as libharu always does. */
static HPDF_STATUS put_text(HPDF_Stream s, HPDF_MMgr mmgr, const char *key, const char *text)
{
    void *obj = pdf_text_string(mmgr, text);
    if (!obj) return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS r = HPDF_Stream_WriteStr(s, key);
    if (r == HPDF_OK) r = HPDF_Obj_WriteValue(obj, s, NULL);
    if (r == HPDF_OK) r = HPDF_Stream_WriteStr(s, "\012");
    HPDF_Obj_Free(mmgr, obj);
    return r;
}

/* A structure element's entries, written when the file is saved
 * (libharu calls a dictionary's write_fn after its own entries, of which
 * it has none). A long table has tens of thousands of elements: kept as
 * libharu dictionaries of names, numbers, arrays and references they took
 * about 1.5 KB each until saving; written from the element, only the
 * empty dictionary that gives it its object number is held. */
static HPDF_STATUS write_elem(HPDF_Dict d, HPDF_Stream s)
{
    const pdf_tag *e = d->attr;
    const pdf_tags *t = e->tags_of;
    HPDF_Page *pages = t->page_objs;
    HPDF_STATUS r = HPDF_OK;
    char buf[96];
#define PUT(str) do { if (r == HPDF_OK) r = HPDF_Stream_WriteStr(s, (str)); } while (0)
#define REF(obj) do { if (r == HPDF_OK) r = put_ref(s, (obj)); } while (0)
    PUT("/Type /StructElem\012/S /");
    PUT(e->role);
    PUT("\012/P");
    REF(e->parent && e->parent->dict ? (void *)e->parent->dict : (void *)t->root);
    PUT("\012");
    if (e->page >= 0) {
        PUT("/Pg");
        REF(pages[e->page]);
        PUT("\012");
    }
    if (e->alt && r == HPDF_OK) r = put_text(s, d->mmgr, "/Alt ", e->alt);
    if (e->lang && r == HPDF_OK) r = put_text(s, d->mmgr, "/Lang ", e->lang);
    if (e->actual && r == HPDF_OK) r = put_text(s, d->mmgr, "/ActualText ", e->actual);
    if (strcmp(e->role, "TH") == 0) {
        PUT("/A <</O /Table /Scope /");
        PUT(th_scope(e));
        PUT(">>\012");
    }
    if (e->id && r == HPDF_OK) r = put_text(s, d->mmgr, "/ID ", e->id);
    if (e->note && e->note->dict) {
        PUT("/Ref [");
        REF(e->note->dict);
        PUT(" ]\012");
    }
    PUT("/K [");
    for (int i = 0; i < e->nkids && r == HPDF_OK; i++) {
        const pdf_kid *k = &e->kids[i];
        if (k->kind == KID_ELEM) {
            if (k->elem->dict) REF(k->elem->dict);
        } else if (k->kind == KID_MCID && k->page == e->page) {
            snprintf(buf, sizeof buf, " %d", k->mcid);
            PUT(buf);
        } else if (k->kind == KID_MCID) {
            PUT(" <</Type /MCR /Pg");
            REF(pages[k->page]);
            snprintf(buf, sizeof buf, " /MCID %d>>", k->mcid);
            PUT(buf);
        } else {
            PUT(" <</Type /OBJR /Pg");
            REF(pages[k->page]);
            PUT(" /Obj");
            REF(k->annot);
            PUT(">>");
        }
    }
    PUT(" ]\012");
    return r;
}

/* The ParentTree's /Nums, one flat array, keys ascending: the pages (the
 * elements owning MCID 0, 1, … on each), then the annotations. */
static HPDF_STATUS write_parent_tree(HPDF_Dict d, HPDF_Stream s)
{
    const pdf_tags *t = d->attr;
    HPDF_STATUS r = HPDF_OK;
    char buf[32];
    PUT("/Nums [");
    for (int i = 0; i < t->npages_written && r == HPDF_OK; i++) {
        snprintf(buf, sizeof buf, "\012%d [", i);
        PUT(buf);
        if (i < t->npages)
            for (int m = 0; m < t->pages[i].n && r == HPDF_OK; m++) {
                const pdf_tag *e = t->pages[i].v[m];
                if (e->dict) REF(e->dict);
                else PUT(" null");
            }
        PUT(" ]");
    }
    int key = t->npages_written;
    for (int i = 0; i < t->nall && r == HPDF_OK; i++) {
        const pdf_tag *e = t->all[i];
        for (int j = 0; j < e->nkids && r == HPDF_OK; j++) {
            if (e->kids[j].kind != KID_ANNOT || !e->dict) continue;
            snprintf(buf, sizeof buf, "\012%d", key++);
            PUT(buf);
            REF(e->dict);
        }
    }
    PUT(" ]\012");
#undef PUT
#undef REF
    return r;
}

/* The text of e's Lbl when it is e's first child element, else "". */
static const char *label_text(pdf_tag *e)
{
    for (int i = 0; i < e->nkids; i++) {
        pdf_kid *k = &e->kids[i];
        if (k->kind != KID_ELEM || !k->elem->has_content) continue;
        if (strcmp(k->elem->role, "Lbl") != 0) return "";
        return k->elem->text.len ? ts_buf_cstr(&k->elem->text) : "";
    }
    return "";
}

static int by_id(const void *a, const void *b)
{
    const pdf_tag *x = *(pdf_tag *const *)a, *y = *(pdf_tag *const *)b;
    return strcmp(x->id, y->id);
}

/* Give every Note with content its /ID and every Reference its Note (see
 * the top of the file); returns the Notes sorted by /ID, for the IDTree
 * (the caller frees the array), and their count in *count. t->all holds
 * the elements in the order they began, which is the tree's order. */
static pdf_tag **pair_notes(pdf_tags *t, int *count)
{
    pdf_tag **notes = ts_xmalloc(sizeof *notes * (size_t)(t->nall + 1));
    int n = 0;
    const char *key = NULL;       /* the number of the last numbered Note */
    int part = 1;                 /* which part of that note this is */
    for (int i = 0; i < t->nall; i++) {
        pdf_tag *e = t->all[i];
        if (!e->dict || strcmp(e->role, "Note") != 0) continue;
        const char *label = label_text(e);
        ts_buf id = {0};
        if (*label) {
            key = label;
            part = 1;
            ts_buf_printf(&id, "note-%s", label);
        } else if (key) {
            ts_buf_printf(&id, "note-%s-%d", key, ++part);
        } else {
            ts_buf_printf(&id, "note-%d", n + 1);
        }
        /* unique whatever the labels are: a number printed twice gets a
         * suffix (notes are few, a linear search will do) */
        size_t base = id.len;
        for (int suffix = 2;; suffix++) {
            int taken = 0;
            for (int j = 0; j < n && !taken; j++)
                taken = strcmp(notes[j]->id, ts_buf_cstr(&id)) == 0;
            if (!taken) break;
            id.len = base;
            ts_buf_printf(&id, "~%d", suffix);
        }
        e->id = dup(ts_buf_cstr(&id));
        ts_buf_free(&id);
        notes[n++] = e;
    }
    /* a mark refers to the first Note numbered as the mark reads, not yet
     * referred to: the footnote it calls */
    unsigned char *taken = ts_xmalloc((size_t)n + 1);
    memset(taken, 0, (size_t)n + 1);
    for (int i = 0; i < t->nall; i++) {
        pdf_tag *e = t->all[i];
        if (!e->dict || strcmp(e->role, "Reference") != 0 || !e->text.len) continue;
        for (int j = 0; j < n; j++) {
            if (taken[j] || strcmp(label_text(notes[j]), ts_buf_cstr(&e->text)) != 0) continue;
            taken[j] = 1;
            e->note = notes[j];
            break;
        }
    }
    free(taken);
    qsort(notes, (size_t)n, sizeof *notes, by_id);
    *count = n;
    return notes;
}

int pdf_tags_finish(pdf_tags *t, HPDF_Doc doc, HPDF_Page *pages, int npages)
{
    HPDF_MMgr mmgr = doc->mmgr;
    mark_content(t->doc, 0);
    if (!t->doc->has_content) t->doc->has_content = 1;   /* an empty Document still */
    if (make_dicts(doc, t->doc, 0) < 0) return -1;

    HPDF_Dict root = HPDF_Dict_New(mmgr);
    if (!root || HPDF_Xref_Add(doc->xref, root) != HPDF_OK) return -1;
    t->root = root;
    t->page_objs = pages;
    t->npages_written = npages;
    HPDF_Dict_AddName(root, "Type", "StructTreeRoot");
    int nnotes = 0;
    pdf_tag **notes = pair_notes(t, &nnotes);
    for (int i = 0; i < t->nall; i++) {
        pdf_tag *e = t->all[i];
        if (!e->dict) continue;
        e->tags_of = t;
        e->dict->attr = e;
        e->dict->write_fn = write_elem;
    }
    HPDF_Dict_Add(root, "K", t->doc->dict);
    if (nnotes > 0) {
        /* the IDTree, a name tree in one node: keys in byte order */
        HPDF_Dict ids = HPDF_Dict_New(mmgr);
        HPDF_Array names = ids ? HPDF_Array_New(mmgr) : NULL;
        if (!names) {
            free(notes);
            return -1;
        }
        HPDF_Dict_Add(root, "IDTree", ids);
        HPDF_Dict_Add(ids, "Names", names);
        for (int i = 0; i < nnotes; i++) {
            HPDF_Array_Add(names, HPDF_String_New(mmgr, notes[i]->id, NULL));
            HPDF_Array_Add(names, notes[i]->dict);
        }
    }
    free(notes);

    HPDF_Dict tree = HPDF_Dict_New(mmgr);
    if (!tree) return -1;
    HPDF_Dict_Add(root, "ParentTree", tree);
    tree->attr = t;
    tree->write_fn = write_parent_tree;
    int key = npages;
    for (int i = 0; i < t->nall; i++) {
        pdf_tag *e = t->all[i];
        for (int j = 0; j < e->nkids; j++) {
            pdf_kid *k = &e->kids[j];
            if (k->kind != KID_ANNOT || !e->dict) continue;
            HPDF_Dict_AddNumber(k->annot, "StructParent", key);
            key++;
            /* ISO 14289-1 7.18.1: an annotation's alternate description;
             * for a link, the text it covers. */
            const char *contents = e->text.len ? ts_buf_cstr(&e->text)
                                   : e->alt ? e->alt : k->fallback;
            if (contents && *contents)
                HPDF_Dict_Add(k->annot, "Contents", pdf_text_string(mmgr, contents));
        }
    }
    HPDF_Dict_AddNumber(root, "ParentTreeNextKey", key);

    HPDF_Dict_Add(doc->catalog, "StructTreeRoot", root);
    HPDF_Dict mark = HPDF_Dict_New(mmgr);
    if (!mark) return -1;
    HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE);
    HPDF_Dict_Add(doc->catalog, "MarkInfo", mark);
    return 0;
}
