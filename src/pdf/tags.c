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
 * The structure elements are not libharu objects. A long table has
 * hundreds of thousands of them (a 100 000-row table: 600 000), and as
 * libharu dictionaries each cost about 170 bytes of libharu memory, an
 * entry in its object list and a verbose serialisation through its
 * byte-at-a-time stream. Instead pdf_tags_finish numbers every element
 * that is written after libharu's last object (first: libharu's object
 * count once the StructTreeRoot exists, the last object libharu makes);
 * the objects libharu writes that refer to elements (the StructTreeRoot's
 * /K, the IDTree, the ParentTree) write "N 0 R" with those numbers from
 * write_fn callbacks; and pdf_tags_write_objects writes the elements
 * themselves, compactly, together with their cross-reference entries,
 * for pdf.c to put between libharu's objects and one cross-reference
 * table for the whole file (see pdf_device_save).
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
 * annotation. 16 bytes: a long table holds one for every cell. */
typedef enum { KID_ELEM, KID_MCID, KID_ANNOT } kid_kind;

typedef struct pdf_kid {
    kid_kind kind;
    int page;                 /* MCID, ANNOT: the page's index */
    union {
        pdf_tag *elem;        /* ELEM */
        int mcid;             /* MCID */
        int annot;            /* ANNOT: its index in pdf_tags.annots */
    } u;
} pdf_kid;

/* An annotation kid's annotation. */
typedef struct pdf_annot_ref {
    HPDF_Annotation annot;
    char *fallback;           /* its /Contents when the element shows no text */
} pdf_annot_ref;

/* What few elements have, kept apart so the many table cells and spans
 * that have none of it do not carry it. */
typedef struct pdf_tag_extra {
    char *owned_role;         /* a role that is not a standard type */
    char *alt, *lang, *actual;
    char *id;                 /* Note: its /ID, set at finish */
    pdf_tag *note;            /* Reference: the Note it refers to, or NULL */
    ts_buf text;              /* Link, Lbl, Reference: the text shown inside it */
} pdf_tag_extra;

/* One structure element: 64 bytes, allocated TAG_BLOCK to a block, so a
 * 100 000-row table's 600 000 elements take about 40 MB with their kids. */
struct pdf_tag {
    const char *role;         /* a standard type's static name, or extra->owned_role */
    pdf_tag_extra *extra;     /* NULL until one of its fields is needed */
    pdf_tag *parent;
    pdf_kid *kids;            /* &one while it has at most one kid */
    int nkids, capkids;
    int page;                 /* first page with its content, -1 none yet */
    unsigned has_content : 1; /* set by finish: content somewhere below */
    unsigned num : 31;        /* set by finish: its object number, 0 when
                                 it is not written (no content) */
    pdf_kid one;              /* the kid of most elements (a cell, a span) */
};

#define TAG_BLOCK 4096

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
    ts_buf ops;               /* pdf_tags_paint's operators, reused */

    pdf_page_parents *pages;  /* by page index */
    int npages, cappages;
    /* every element in the order they began (the tree's order), element i
     * at blocks[i / TAG_BLOCK][i % TAG_BLOCK], so none ever moves */
    pdf_tag **blocks;
    int ntags, capblocks;
    pdf_annot_ref *annots;    /* by the index in an ANNOT kid */
    int nannots, capannots;

    pdf_tag **notes;          /* set by finish: the Notes sorted by /ID, for the IDTree */
    int nnotes;
    unsigned first_num;       /* set by finish: the first element's object number */
    unsigned nnums;           /* set by finish: how many elements are written */
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

/* v in decimal */
static void put_uint(ts_buf *b, unsigned long long v)
{
    char d[24];
    size_t n = sizeof d;
    do d[--n] = (char)('0' + v % 10); while (v /= 10);
    ts_buf_append(b, d + n, sizeof d - n);
}

static pdf_tag *tag_at(const pdf_tags *t, int i)
{
    return &t->blocks[i / TAG_BLOCK][i % TAG_BLOCK];
}

static pdf_tag_extra *extra_of(pdf_tag *e)
{
    if (!e->extra) {
        e->extra = ts_xmalloc(sizeof *e->extra);
        memset(e->extra, 0, sizeof *e->extra);
    }
    return e->extra;
}

static pdf_tag *new_tag(pdf_tags *t, const char *role)
{
    if (t->ntags % TAG_BLOCK == 0) {
        int nblocks = t->ntags / TAG_BLOCK;
        t->blocks = grow(t->blocks, &t->capblocks, nblocks + 1, sizeof *t->blocks);
        t->blocks[nblocks] = ts_xmalloc(TAG_BLOCK * sizeof **t->blocks);
    }
    pdf_tag *e = tag_at(t, t->ntags++);
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
    if (!e->role) e->role = extra_of(e)->owned_role = dup(name);
    e->page = -1;
    e->kids = &e->one;
    e->capkids = 1;
    return e;
}

static pdf_kid *add_kid(pdf_tag *e, kid_kind kind)
{
    if (e->nkids == e->capkids) {
        int cap = e->capkids * 2;
        if (e->kids == &e->one) {
            e->kids = ts_xmalloc((size_t)cap * sizeof *e->kids);
            e->kids[0] = e->one;
        } else {
            e->kids = ts_xrealloc(e->kids, (size_t)cap * sizeof *e->kids);
        }
        e->capkids = cap;
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
    for (int i = 0; i < t->ntags; i++) {
        pdf_tag *e = tag_at(t, i);
        if (e->extra) {
            free(e->extra->owned_role);
            free(e->extra->alt);
            free(e->extra->lang);
            free(e->extra->actual);
            free(e->extra->id);
            ts_buf_free(&e->extra->text);
            free(e->extra);
        }
        if (e->kids != &e->one) free(e->kids);
    }
    for (int i = 0; i * TAG_BLOCK < t->ntags; i++) free(t->blocks[i]);
    free(t->blocks);
    for (int i = 0; i < t->nannots; i++) free(t->annots[i].fallback);
    free(t->annots);
    for (int i = 0; i < t->npages; i++) free(t->pages[i].v);
    free(t->pages);
    free(t->notes);
    free(t->stack);
    ts_buf_free(&t->ops);
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
            if (n > 0) ts_buf_append(&extra_of(e)->text, u, (size_t)n);
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
    k->u.mcid = mcid;
    if (e->page < 0) e->page = t->page_index;

    /* without printf or an allocation: a long table paints every cell */
    ts_buf *b = &t->ops;
    b->len = 0;
    ts_buf_putc(b, '/');
    ts_buf_puts(b, e->role);
    ts_buf_puts(b, " <</MCID ");
    put_uint(b, (unsigned)mcid);
    if (e->extra && e->extra->actual) {
        ts_buf_puts(b, " /ActualText ");
        hex_utf16(b, e->extra->actual);
    }
    ts_buf_puts(b, ">> BDC\n");
    HPDF_Stream_Write(((HPDF_PageAttr)t->page->attr)->stream, (const HPDF_BYTE *)b->data,
                      (HPDF_UINT)b->len);
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
    /* the page's owners of marked content at their final count: they are
     * held to the end, for the ParentTree */
    if (t->page && t->page_index < t->npages) {
        pdf_page_parents *pp = &t->pages[t->page_index];
        if (pp->cap > pp->n && pp->n > 0) {
            pp->v = ts_xrealloc(pp->v, (size_t)pp->n * sizeof *pp->v);
            pp->cap = pp->n;
        }
    }
    t->page = NULL;
}

/* ---- structure and artifacts ----------------------------------------------------- */

void pdf_tags_begin(pdf_tags *t, const dev_struct *s)
{
    close_open(t);
    pdf_tag *parent = current(t);
    pdf_tag *e = new_tag(t, s ? s->role : NULL);
    if (s) {
        if (s->alt) extra_of(e)->alt = dup(s->alt);
        if (s->lang && *s->lang) extra_of(e)->lang = dup(s->lang);
        if (s->actual_text) extra_of(e)->actual = dup(s->actual_text);
    }
    e->parent = parent;
    add_kid(parent, KID_ELEM)->u.elem = e;
    t->stack = grow(t->stack, &t->capstack, t->depth + 1, sizeof *t->stack);
    t->stack[t->depth++] = e;
}

int pdf_tags_end(pdf_tags *t)
{
    if (t->depth == 0) return -1;
    close_open(t);
    /* Its kids are known now (an annotation may still join it when the
     * file is saved; add_kid grows the array again): at their final
     * count, a table row's five cells no longer keep room for eight. */
    pdf_tag *e = current(t);
    if (e->kids != &e->one && e->capkids > e->nkids) {
        e->kids = ts_xrealloc(e->kids, (size_t)e->nkids * sizeof *e->kids);
        e->capkids = e->nkids;
    }
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
    t->annots = grow(t->annots, &t->capannots, t->nannots + 1, sizeof *t->annots);
    t->annots[t->nannots] = (pdf_annot_ref){ a, dup(fallback) };
    k->u.annot = t->nannots++;
    k->page = page;
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

/* Whether anything below e is content; sets has_content on the way.
 * Elements deeper than 256 count as empty, so they are not written. */
static int mark_content(pdf_tag *e, int depth)
{
    int any = 0;
    if (depth > 256) return 0;
    for (int i = 0; i < e->nkids; i++) {
        pdf_kid *k = &e->kids[i];
        if (k->kind != KID_ELEM) any = 1;
        else if (mark_content(k->u.elem, depth + 1)) any = 1;
    }
    e->has_content = any;
    return any;
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
        if (tr->kids[i].kind == KID_ELEM && strcmp(tr->kids[i].u.elem->role, "TD") == 0)
            return "Row";
    return "Column";
}

/* The object number libharu gave obj. */
static unsigned libharu_num(const void *obj)
{
    return ((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF;
}

/* " N 0 R" into one of libharu's streams, for object number num. */
static HPDF_STATUS put_ref(HPDF_Stream s, unsigned num)
{
    char ref[32];
    snprintf(ref, sizeof ref, " %u 0 R", num);
    return HPDF_Stream_WriteStr(s, ref);
}

#define PUT(str) do { if (r == HPDF_OK) r = HPDF_Stream_WriteStr(s, (str)); } while (0)
#define REF(num) do { if (r == HPDF_OK) r = put_ref(s, (num)); } while (0)

/* The StructTreeRoot's /K, the Document element (libharu calls a
 * dictionary's write_fn after its own entries). */
static HPDF_STATUS write_root(HPDF_Dict d, HPDF_Stream s)
{
    const pdf_tags *t = d->attr;
    HPDF_STATUS r = HPDF_OK;
    PUT("/K");
    REF(t->doc->num);
    PUT("\012");
    return r;
}

/* The IDTree's /Names, a name tree in one node: the Notes' /IDs in byte
 * order, each with its Note. The keys are written by libharu, escaped as
 * it escapes every string. */
static HPDF_STATUS write_id_tree(HPDF_Dict d, HPDF_Stream s)
{
    const pdf_tags *t = d->attr;
    HPDF_STATUS r = HPDF_OK;
    PUT("/Names [");
    for (int i = 0; i < t->nnotes && r == HPDF_OK; i++) {
        HPDF_String key = HPDF_String_New(d->mmgr, t->notes[i]->extra->id, NULL);
        if (!key) return HPDF_FAILD_TO_ALLOC_MEM;
        PUT(" ");
        if (r == HPDF_OK) r = HPDF_Obj_WriteValue(key, s, NULL);
        HPDF_Obj_Free(d->mmgr, key);
        REF(t->notes[i]->num);
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
                if (e->num) REF(e->num);
                else PUT(" null");
            }
        PUT(" ]");
    }
    int key = t->npages_written;
    for (int i = 0; i < t->ntags && r == HPDF_OK; i++) {
        const pdf_tag *e = tag_at(t, i);
        for (int j = 0; j < e->nkids && r == HPDF_OK; j++) {
            if (e->kids[j].kind != KID_ANNOT || !e->num) continue;
            snprintf(buf, sizeof buf, "\012%d", key++);
            PUT(buf);
            REF(e->num);
        }
    }
    PUT(" ]\012");
    return r;
}

#undef PUT
#undef REF

/* The text of e's Lbl when it is e's first child element, else "". */
static const char *label_text(pdf_tag *e)
{
    for (int i = 0; i < e->nkids; i++) {
        pdf_kid *k = &e->kids[i];
        if (k->kind != KID_ELEM || !k->u.elem->has_content) continue;
        pdf_tag *lbl = k->u.elem;
        if (strcmp(lbl->role, "Lbl") != 0) return "";
        return lbl->extra && lbl->extra->text.len ? ts_buf_cstr(&lbl->extra->text) : "";
    }
    return "";
}

static int by_id(const void *a, const void *b)
{
    const pdf_tag *x = *(pdf_tag *const *)a, *y = *(pdf_tag *const *)b;
    return strcmp(x->extra->id, y->extra->id);
}

/* Give every Note that is written its /ID and every Reference its Note
 * (see the top of the file); returns the Notes sorted by /ID, for the
 * IDTree, and their count in *count. The elements are in the order they
 * began, which is the tree's order. */
static pdf_tag **pair_notes(pdf_tags *t, int *count)
{
    int n = 0;
    for (int i = 0; i < t->ntags; i++) {
        pdf_tag *e = tag_at(t, i);
        if (e->num && strcmp(e->role, "Note") == 0) n++;
    }
    pdf_tag **notes = ts_xmalloc(sizeof *notes * (size_t)(n + 1));
    n = 0;
    const char *key = NULL;       /* the number of the last numbered Note */
    int part = 1;                 /* which part of that note this is */
    for (int i = 0; i < t->ntags; i++) {
        pdf_tag *e = tag_at(t, i);
        if (!e->num || strcmp(e->role, "Note") != 0) continue;
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
                taken = strcmp(notes[j]->extra->id, ts_buf_cstr(&id)) == 0;
            if (!taken) break;
            id.len = base;
            ts_buf_printf(&id, "~%d", suffix);
        }
        extra_of(e)->id = dup(ts_buf_cstr(&id));
        ts_buf_free(&id);
        notes[n++] = e;
    }
    /* a mark refers to the first Note numbered as the mark reads, not yet
     * referred to: the footnote it calls */
    unsigned char *taken = ts_xmalloc((size_t)n + 1);
    memset(taken, 0, (size_t)n + 1);
    for (int i = 0; i < t->ntags; i++) {
        pdf_tag *e = tag_at(t, i);
        if (!e->num || strcmp(e->role, "Reference") != 0 || !e->extra || !e->extra->text.len)
            continue;
        for (int j = 0; j < n; j++) {
            if (taken[j] || strcmp(label_text(notes[j]), ts_buf_cstr(&e->extra->text)) != 0)
                continue;
            taken[j] = 1;
            e->extra->note = notes[j];
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
    t->doc->has_content = 1;      /* an empty Document still */

    HPDF_Dict root = HPDF_Dict_New(mmgr);
    if (!root || HPDF_Xref_Add(doc->xref, root) != HPDF_OK) return -1;
    t->root = root;
    t->page_objs = pages;
    t->npages_written = npages;
    HPDF_Dict_AddName(root, "Type", "StructTreeRoot");
    root->attr = t;
    root->write_fn = write_root;

    /* The root is the last object libharu numbers: what follows (the
     * IDTree, the ParentTree, MarkInfo, /Contents strings) is direct. The
     * elements are numbered on from there, in the tree's order; pdf.c
     * checks after saving that libharu's objects ended there. */
    t->first_num = (unsigned)(doc->xref->start_offset + doc->xref->entries->count);
    unsigned long next = t->first_num;
    for (int i = 0; i < t->ntags; i++) {
        pdf_tag *e = tag_at(t, i);
        if (!e->has_content) continue;
        if (next > 0x7FFFFFFF) return -1;     /* what num can hold */
        e->num = (unsigned)next++;
    }
    t->nnums = (unsigned)(next - t->first_num);

    t->notes = pair_notes(t, &t->nnotes);
    if (t->nnotes > 0) {
        HPDF_Dict ids = HPDF_Dict_New(mmgr);
        if (!ids) return -1;
        HPDF_Dict_Add(root, "IDTree", ids);
        ids->attr = t;
        ids->write_fn = write_id_tree;
    }

    HPDF_Dict tree = HPDF_Dict_New(mmgr);
    if (!tree) return -1;
    HPDF_Dict_Add(root, "ParentTree", tree);
    tree->attr = t;
    tree->write_fn = write_parent_tree;
    int key = npages;
    for (int i = 0; i < t->ntags; i++) {
        pdf_tag *e = tag_at(t, i);
        for (int j = 0; j < e->nkids; j++) {
            pdf_kid *k = &e->kids[j];
            if (k->kind != KID_ANNOT || !e->num) continue;
            const pdf_annot_ref *a = &t->annots[k->u.annot];
            HPDF_Dict_AddNumber(a->annot, "StructParent", key);
            key++;
            /* ISO 14289-1 7.18.1: an annotation's alternate description;
             * for a link, the text it covers. */
            const pdf_tag_extra *x = e->extra;
            const char *contents = x && x->text.len ? x->text.data
                                   : x && x->alt ? x->alt : a->fallback;
            if (contents && *contents)
                HPDF_Dict_Add(a->annot, "Contents", pdf_text_string(mmgr, contents));
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

void pdf_tags_objects(const pdf_tags *t, unsigned *first, unsigned *count)
{
    *first = t->first_num;
    *count = t->nnums;
}

/* ---- the elements' objects ------------------------------------------------------- */

/* Where pdf_tags_write_objects writes: the objects not yet handed on,
 * and a libharu stream for the text strings libharu escapes. */
typedef struct elem_writer {
    ts_buf *objs;
    HPDF_MMgr mmgr;
    HPDF_Stream scratch;
} elem_writer;

#define PUTS(b, lit) ts_buf_append((b), (lit), sizeof (lit) - 1)

/* "N 0 R" */
static void put_num_ref(ts_buf *b, unsigned num)
{
    put_uint(b, num);
    PUTS(b, " 0 R");
}

/* key and a text string (UTF-16BE when not ASCII), escaped by libharu as
 * it writes every text string. 0, or -1 when libharu failed. */
static int put_text(elem_writer *w, const char *key, const char *text)
{
    void *obj = pdf_text_string(w->mmgr, text);
    if (!obj) return -1;
    HPDF_STATUS r = HPDF_Obj_WriteValue(obj, w->scratch, NULL);
    HPDF_Obj_Free(w->mmgr, obj);
    size_t n = 0;
    ts_span *spans = r == HPDF_OK ? pdf_stream_spans(w->scratch, &n) : NULL;
    if (!spans) return -1;
    ts_buf_puts(w->objs, key);
    for (size_t i = 0; i < n; i++) ts_buf_append(w->objs, spans[i].data, spans[i].len);
    free(spans);
    HPDF_MemStream_FreeData(w->scratch);
    return 0;
}

/* e as "N 0 obj\n<<…>>\nendobj\n", with every key a libharu dictionary
 * had, without the spaces and line feeds libharu puts between them. */
static int write_elem(elem_writer *w, const pdf_tags *t, const pdf_tag *e)
{
    ts_buf *b = w->objs;
    HPDF_Page *pages = t->page_objs;
    const pdf_tag_extra *x = e->extra;
    put_uint(b, e->num);
    PUTS(b, " 0 obj\012<</Type/StructElem/S/");
    ts_buf_puts(b, e->role);
    PUTS(b, "/P ");
    put_num_ref(b, e->parent && e->parent->num ? e->parent->num : libharu_num(t->root));
    if (e->page >= 0) {
        PUTS(b, "/Pg ");
        put_num_ref(b, libharu_num(pages[e->page]));
    }
    if (x && x->alt && put_text(w, "/Alt", x->alt) < 0) return -1;
    if (x && x->lang && put_text(w, "/Lang", x->lang) < 0) return -1;
    if (x && x->actual && put_text(w, "/ActualText", x->actual) < 0) return -1;
    if (strcmp(e->role, "TH") == 0) {
        PUTS(b, "/A<</O/Table/Scope/");
        ts_buf_puts(b, th_scope(e));
        PUTS(b, ">>");
    }
    if (x && x->id && put_text(w, "/ID", x->id) < 0) return -1;
    if (x && x->note && x->note->num) {
        PUTS(b, "/Ref[");
        put_num_ref(b, x->note->num);
        PUTS(b, "]");
    }
    PUTS(b, "/K[");
    int written = 0;
    for (int i = 0; i < e->nkids; i++) {
        const pdf_kid *k = &e->kids[i];
        if (k->kind == KID_ELEM && !k->u.elem->num) continue;
        if (written++) PUTS(b, " ");
        if (k->kind == KID_ELEM) {
            put_num_ref(b, k->u.elem->num);
        } else if (k->kind == KID_MCID && k->page == e->page) {
            put_uint(b, (unsigned)k->u.mcid);
        } else if (k->kind == KID_MCID) {
            PUTS(b, "<</Type/MCR/Pg ");
            put_num_ref(b, libharu_num(pages[k->page]));
            PUTS(b, "/MCID ");
            put_uint(b, (unsigned)k->u.mcid);
            PUTS(b, ">>");
        } else {
            PUTS(b, "<</Type/OBJR/Pg ");
            put_num_ref(b, libharu_num(pages[k->page]));
            PUTS(b, "/Obj ");
            put_num_ref(b, libharu_num(t->annots[k->u.annot].annot));
            PUTS(b, ">>");
        }
    }
    PUTS(b, "]>>\012endobj\012");
    return 0;
}

int pdf_tags_write_objects(const pdf_tags *t, HPDF_MMgr mmgr, pdf_write_fn emit, void *ctx,
                           size_t *offsets, size_t *written)
{
    ts_buf piece = {0};
    elem_writer w = { &piece, mmgr, HPDF_MemStream_New(mmgr, 256) };
    if (!w.scratch) return -1;
    size_t done = 0, n = 0;
    int rc = 0;
    for (int i = 0; i < t->ntags && rc == 0; i++) {
        const pdf_tag *e = tag_at(t, i);
        if (!e->num) continue;
        offsets[n++] = done + piece.len;
        rc = write_elem(&w, t, e);
        /* handed on in pieces of about 64 KB: the elements of a long
         * table are tens of megabytes */
        if (piece.len >= 65536) {
            emit(ctx, piece.data, piece.len);
            done += piece.len;
            piece.len = 0;
        }
    }
    if (rc == 0 && piece.len) emit(ctx, piece.data, piece.len);
    done += piece.len;
    ts_buf_free(&piece);
    HPDF_Stream_Free(w.scratch);
    *written = done;
    return rc;
}
