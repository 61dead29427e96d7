/* document.ini: the document's metadata and the ordered list of its text
 * files. The keys and their meaning are the user-facing contract in
 * DESIGN.md; `layout` may be left out and then means "bokslut". */
#include "read.h"
#include "inifile.h"

#include <ctype.h>
#include <string.h>
#include <sys/stat.h>

/* The layout a document.ini without `layout =` gets. */
#define DEFAULT_LAYOUT "bokslut"

static const char *const sections[] = { "document", "contents", NULL };

static const char *const document_keys[] = {
    "layout", "title", "subtitle", "author", "date", "dnr", "language",
    "status", "keywords", "department", "reference", "hyphenation", NULL
};
#define N_DOCUMENT_KEYS (sizeof document_keys / sizeof document_keys[0] - 1)

static const char *const contents_keys[] = { "text", NULL };

typedef struct docini_ctx {
    doc_document *doc;
    ts_diag *d;
    const char *path;
    const char *base_dir;        /* the ini's folder: text paths start here */
    int seen_line[N_DOCUMENT_KEYS];  /* line of each key's first use, 0 none */
    ts_pos document_pos;         /* the [document] line, for missing keys */
    int have_document;
    int text_lines;              /* `text =` lines written, found or not */
} docini_ctx;

static int key_index(const char *key)
{
    for (size_t i = 0; i < N_DOCUMENT_KEYS; i++)
        if (strcmp(document_keys[i], key) == 0) return (int)i;
    return -1;
}

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* The message for a day past the end of its month, one whole sentence per
 * month: a month name set into a sentence cannot be translated apart from
 * it (Swedish writes "februari", lower case; other languages inflect it).
 * Arguments: the date as written, the year, the days the month has. */
static const char *const day_past_month_end[12] = {
    N_("date '%s' is not a date: January %d has %d days"),
    N_("date '%s' is not a date: February %d has %d days"),
    N_("date '%s' is not a date: March %d has %d days"),
    N_("date '%s' is not a date: April %d has %d days"),
    N_("date '%s' is not a date: May %d has %d days"),
    N_("date '%s' is not a date: June %d has %d days"),
    N_("date '%s' is not a date: July %d has %d days"),
    N_("date '%s' is not a date: August %d has %d days"),
    N_("date '%s' is not a date: September %d has %d days"),
    N_("date '%s' is not a date: October %d has %d days"),
    N_("date '%s' is not a date: November %d has %d days"),
    N_("date '%s' is not a date: December %d has %d days"),
};

/* ISO 8601 calendar date, exactly YYYY-MM-DD. */
static void parse_date(docini_ctx *c, const rd_ini_pair *p)
{
    const char *v = p->value;
    int ok = strlen(v) == 10 && v[4] == '-' && v[7] == '-';
    for (int i = 0; ok && i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)v[i])) ok = 0;
    if (!ok) {
        ts_error(c->d, p->value_pos,
                 "date '%s' is not written as YYYY-MM-DD; write e.g. 2027-03-15", v);
        return;
    }
    int y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
    int m = (v[5] - '0') * 10 + (v[6] - '0');
    int day = (v[8] - '0') * 10 + (v[9] - '0');
    if (y < 1 || m < 1 || m > 12) {
        ts_error(c->d, p->value_pos,
                 "date '%s' is not a date: the month must be 01 to 12", v);
        return;
    }
    if (day < 1 || day > days_in_month(y, m)) {
        ts_error(c->d, p->value_pos, day_past_month_end[m - 1], v, y,
                 days_in_month(y, m));
        return;
    }
    c->doc->meta.date.year = y;
    c->doc->meta.date.month = m;
    c->doc->meta.date.day = day;
    c->doc->meta.date_text = ts_arena_strdup(c->doc->arena, v);
}

/* Looks like BCP 47: subtags of 1–8 letters or digits joined by hyphens,
 * the first of 2–8 letters (sv, sv-SE, en-GB, se-Latn-SE). */
static int language_tag_ok(const char *v)
{
    size_t run = 0, subtags = 0;
    for (const char *s = v;; s++) {
        if (*s == '-' || *s == '\0') {
            if (run == 0 || run > 8) return 0;
            if (subtags == 0 && run < 2) return 0;
            subtags++;
            run = 0;
            if (!*s) return 1;
            continue;
        }
        if (subtags == 0 ? !isalpha((unsigned char)*s) : !isalnum((unsigned char)*s))
            return 0;
        run++;
    }
}

static void text_entry(docini_ctx *c, const rd_ini_pair *p)
{
    doc_document *doc = c->doc;
    ts_arena *a = doc->arena;
    if (!p->value[0]) {
        ts_error(c->d, p->value_pos,
                 "text has no file name; write e.g. `text = text/01.md`");
        return;
    }
    char *file = ts_path_confine(a, c->d, p->value_pos, doc->root_real,
                                 c->base_dir, p->value);
    if (!file) return;
    struct stat st;
    if (stat(file, &st) != 0) {
        ts_error(c->d, p->value_pos, "cannot find text file '%s'", p->value);
        return;
    }
    if (!S_ISREG(st.st_mode)) {
        ts_error(c->d, p->value_pos, "text file '%s' is not a regular file",
                 p->value);
        return;
    }
    ts_pos *pos = ts_arena_alloc(a, sizeof *pos);
    *pos = p->value_pos;
    ts_ptrvec_push(a, &doc->meta.texts, file);
    ts_ptrvec_push(a, &doc->meta.text_pos, pos);
}

static void document_entry(docini_ctx *c, const rd_ini_pair *p)
{
    doc_meta *meta = &c->doc->meta;
    ts_arena *a = c->doc->arena;
    int k = key_index(p->key);
    if (k < 0) {
        const char *s = ts_suggest(p->key, document_keys);
        if (s)
            ts_error(c->d, p->key_pos,
                     "unknown key '%s' in [document]; did you mean '%s'?", p->key, s);
        else
            ts_error(c->d, p->key_pos,
                     "unknown key '%s' in [document]; the keys are layout, title, "
                     "subtitle, author, date, dnr, language, status, keywords, "
                     "department, reference", p->key);
        return;
    }
    if (c->seen_line[k]) {
        ts_error(c->d, p->key_pos,
                 "'%s' is given twice in [document] (first on line %d); keep one",
                 p->key, c->seen_line[k]);
        return;
    }
    c->seen_line[k] = p->key_pos.line;

    const char *key = p->key, *v = p->value;
    if (strcmp(key, "title") == 0 || strcmp(key, "date") == 0) {
        if (!v[0]) {
            if (key[0] == 't')
                ts_error(c->d, p->value_pos, "title is empty; write the document's title");
            else
                ts_error(c->d, p->value_pos, "date is empty; write the date as YYYY-MM-DD");
            return;
        }
    }
    /* Optional keys left empty count as not given. */
    if (!v[0]) return;
    char *copy = ts_arena_strdup(a, v);

    if (strcmp(key, "layout") == 0) {
        meta->layout = copy;
        meta->layout_pos = p->value_pos;
    } else if (strcmp(key, "title") == 0) {
        meta->title = copy;
    } else if (strcmp(key, "subtitle") == 0) {
        meta->subtitle = copy;
    } else if (strcmp(key, "author") == 0) {
        meta->author = copy;
    } else if (strcmp(key, "date") == 0) {
        parse_date(c, p);
    } else if (strcmp(key, "dnr") == 0) {
        meta->dnr = copy;
    } else if (strcmp(key, "language") == 0) {
        if (!language_tag_ok(v))
            ts_error(c->d, p->value_pos,
                     "language '%s' is not a language tag; write e.g. sv-SE or en-GB", v);
        else
            meta->language = copy;
    } else if (strcmp(key, "status") == 0) {
        if (strcmp(v, "draft") == 0) meta->status = DOC_STATUS_DRAFT;
        else if (strcmp(v, "final") == 0) meta->status = DOC_STATUS_FINAL;
        else
            ts_error(c->d, p->value_pos,
                     "status must be draft or final, not '%s'", v);
    } else if (strcmp(key, "keywords") == 0) {
        meta->keywords = copy;
    } else if (strcmp(key, "department") == 0) {
        meta->department = copy;
    } else if (strcmp(key, "reference") == 0) {
        meta->reference = copy;
    } else if (strcmp(key, "hyphenation") == 0) {
        /* words with their breaks, over the layout's exceptions */
        if (rd_check_hyphenation(c->d, p->value_pos, v) == 0) {
            meta->hyphenation = copy;
            meta->hyphenation_pos = p->value_pos;
        }
    }
}

static void on_section(void *user, const char *name, ts_pos pos)
{
    docini_ctx *c = user;
    if (strcmp(name, "document") == 0) {
        if (!c->have_document) {
            c->have_document = 1;
            c->document_pos = pos;
            c->document_pos.col = 1;
        }
        return;
    }
    if (strcmp(name, "contents") == 0) return;
    const char *s = ts_suggest(name, sections);
    if (s)
        ts_error(c->d, pos, "unknown section [%s]; did you mean [%s]?", name, s);
    else
        ts_error(c->d, pos, "unknown section [%s]; document.ini has [document] "
                 "and [contents]", name);
}

static void on_pair(void *user, const rd_ini_pair *p)
{
    docini_ctx *c = user;
    if (strcmp(p->section, "document") == 0) {
        document_entry(c, p);
    } else if (strcmp(p->section, "contents") == 0) {
        if (strcmp(p->key, "text") == 0) {
            c->text_lines++;
            text_entry(c, p);
        } else {
            const char *s = ts_suggest(p->key, contents_keys);
            if (s)
                ts_error(c->d, p->key_pos,
                         "unknown key '%s' in [contents]; did you mean '%s'?", p->key, s);
            else
                ts_error(c->d, p->key_pos,
                         "unknown key '%s' in [contents]; it holds only "
                         "`text = FILE` lines", p->key);
        }
    } else if (p->section[0] == '\0') {
        ts_error(c->d, p->key_pos,
                 "'%s' stands before any section; put it under [document]", p->key);
    }
    /* Keys of an unknown section: the section itself was reported. */
}

int rd_docini_parse(doc_document *doc, ts_diag *d, const char *path,
                    const char *text)
{
    ts_arena *a = doc->arena;
    docini_ctx c = { .doc = doc, .d = d, .path = path,
                     .base_dir = ts_path_dirname(a, path) };
    c.document_pos = (ts_pos){ path, 1, 1 };

    if (!doc->meta.language) doc->meta.language = "sv-SE";
    doc->meta.status = DOC_STATUS_DRAFT;

    rd_ini_callbacks cb = { on_section, on_pair };
    int pairs = rd_ini_parse(d, path, text, &cb, &c);
    if (pairs < 0) return -1;

    if (!c.have_document) {
        ts_error(d, c.document_pos,
                 "document.ini has no [document] section; start it with "
                 "[document] and a title and date");
        return pairs == 0 ? -1 : 0;
    }
    if (!c.seen_line[key_index("title")])
        ts_error(d, c.document_pos,
                 "[document] has no title; add `title = …`");
    if (!c.seen_line[key_index("date")])
        ts_error(d, c.document_pos,
                 "[document] has no date; add `date = YYYY-MM-DD`");
    if (!doc->meta.layout) {
        doc->meta.layout = DEFAULT_LAYOUT;
        doc->meta.layout_pos = c.document_pos;
    }
    /* The no-texts message only when no `text =` was written at all;
     * a named file that is missing has its own message. */
    if (c.text_lines == 0) {
        ts_error(d, c.document_pos,
                 "document.ini has no text files; add `text = text/01.md` "
                 "under [contents]");
    }
    return 0;
}
