/* Unit tests for document.ini (src/read/docini.c) and the document loader
 * (src/read/document.c): every key, every message a user can trigger. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/read/read.h"

/* ---- fixture: a temporary document folder and captured messages ------- */

typedef struct fx {
    char dir[256];
    ts_arena *a;
    ts_diag d;
    char *msgs;
    size_t msgs_len;
    FILE *out;
} fx;

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *slash = strrchr(path, '/');
    if (slash > path + strlen(dir)) {
        *slash = '\0';
        mkdir(path, 0755);
        *slash = '/';
    }
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    const char *tmp = getenv("TMPDIR");
    snprintf(f->dir, sizeof f->dir, "%s/trycksak-docini-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    assert_non_null(mkdtemp(f->dir));
    write_file(f->dir, "text/01.md", "# Rubrik\n\nEtt stycke.\n");
    write_file(f->dir, "text/02.md", "## Mer\n\nText.\n");
    f->a = ts_arena_new();
    f->out = open_memstream(&f->msgs, &f->msgs_len);
    ts_diag_init(&f->d, f->out);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    fclose(f->out);
    free(f->msgs);
    ts_arena_drop(f->a);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

static const char *messages(fx *f)
{
    fflush(f->out);
    return f->msgs ? f->msgs : "";
}

/* Parse `ini` as DIR/document.ini; returns the document. */
static doc_document *parse(fx *f, const char *ini)
{
    write_file(f->dir, "document.ini", ini);
    doc_document *doc = rd_document_new(f->a, f->dir);
    char path[300];
    snprintf(path, sizeof path, "%s/document.ini", f->dir);
    rd_docini_parse(doc, &f->d, path, ini);
    return doc;
}

/* The message `expect` appears, after "DIR/document.ini" when it starts
 * with ':'. */
static void assert_message(fx *f, const char *expect)
{
    char want[1024];
    if (expect[0] == ':')
        snprintf(want, sizeof want, "%s/document.ini%s", f->dir, expect);
    else
        snprintf(want, sizeof want, "%s", expect);
    const char *got = messages(f);
    if (!strstr(got, want)) fail_msg("expected message\n  %s\ngot\n%s", want, got);
}

#define MINIMAL_CONTENTS "[contents]\ntext = text/01.md\n"

/* ---- valid files -------------------------------------------------------- */

static void test_full_valid(void **state)
{
    fx *f = *state;
    doc_document *doc = parse(f,
        "; a comment\n"
        "# another comment\n"
        "[document]\n"
        "layout   = strategi                 ; inline comment\n"
        "title    = Trygghets- och säkerhetsbokslut 2026\n"
        "  subtitle = Tekniska nämnden   \n"
        "author=Fastighets- och gatukontoret\n"
        "date     = 2027-03-15\r\n"
        "dnr      = TN-2027-0123\n"
        "language = en-GB\n"
        "status   = final\n"
        "keywords = trygghet, säkerhet\n"
        "department = Fastighets- och gatukontoret\n"
        "reference  = \"Åsa Andersson; enhetschef\"\n"
        "\n"
        "[contents]\n"
        "text = text/01.md   ; first\n"
        "text = ./text/02.md\n");
    assert_int_equal(f->d.errors, 0);
    assert_string_equal(messages(f), "");
    doc_meta *m = &doc->meta;
    assert_string_equal(m->layout, "strategi");
    assert_int_equal(m->layout_pos.line, 4);
    assert_int_equal(m->layout_pos.col, 12);
    assert_string_equal(m->title, "Trygghets- och säkerhetsbokslut 2026");
    assert_string_equal(m->subtitle, "Tekniska nämnden");
    assert_string_equal(m->author, "Fastighets- och gatukontoret");
    assert_int_equal(m->date.year, 2027);
    assert_int_equal(m->date.month, 3);
    assert_int_equal(m->date.day, 15);
    assert_string_equal(m->date_text, "2027-03-15");
    assert_string_equal(m->dnr, "TN-2027-0123");
    assert_string_equal(m->language, "en-GB");
    assert_int_equal(m->status, DOC_STATUS_FINAL);
    assert_string_equal(m->keywords, "trygghet, säkerhet");
    assert_string_equal(m->department, "Fastighets- och gatukontoret");
    assert_string_equal(m->reference, "Åsa Andersson; enhetschef");
    assert_int_equal(m->texts.len, 2);
    char want[400];
    snprintf(want, sizeof want, "%s/text/01.md", f->dir);
    assert_string_equal(m->texts.items[0], want);
    snprintf(want, sizeof want, "%s/text/02.md", f->dir);
    assert_string_equal(m->texts.items[1], want);
    const ts_pos *p = m->text_pos.items[1];
    assert_int_equal(p->line, 18);
    assert_int_equal(p->col, 8);
}

static void test_defaults(void **state)
{
    fx *f = *state;
    doc_document *doc = parse(f, "[document]\ntitle = T\ndate = 2026-01-01\n" MINIMAL_CONTENTS);
    assert_int_equal(f->d.errors, 0);
    assert_string_equal(doc->meta.layout, "bokslut");
    assert_string_equal(doc->meta.language, "sv-SE");
    assert_int_equal(doc->meta.status, DOC_STATUS_DRAFT);
    assert_null(doc->meta.subtitle);
    assert_null(doc->meta.dnr);
}

static void test_empty_optional_and_comment_only_value(void **state)
{
    fx *f = *state;
    doc_document *doc = parse(f, "[document]\ntitle = T\ndate = 2026-01-01\n"
                                 "dnr =\nsubtitle =    ; nothing yet\n" MINIMAL_CONTENTS);
    assert_int_equal(f->d.errors, 0);
    assert_null(doc->meta.dnr);
    assert_null(doc->meta.subtitle);
}

static void test_bom_and_crlf(void **state)
{
    fx *f = *state;
    doc_document *doc = parse(f, "\xEF\xBB\xBF[document]\r\ntitle = Rå\r\n"
                                 "date = 2026-01-01\r\n[contents]\r\ntext = text/01.md\r\n");
    assert_int_equal(f->d.errors, 0);
    assert_string_equal(doc->meta.title, "Rå");
    assert_int_equal(doc->meta.texts.len, 1);
}

static void test_indented_key_is_not_a_continuation(void **state)
{
    fx *f = *state;
    doc_document *doc = parse(f, "[document]\ntitle = T\n    date = 2026-01-01\n" MINIMAL_CONTENTS);
    assert_int_equal(f->d.errors, 0);
    assert_string_equal(doc->meta.title, "T");
    assert_int_equal(doc->meta.date.year, 2026);
}

/* inih reads at most 200 bytes a line; longer values must arrive whole. */
static void test_long_line(void **state)
{
    fx *f = *state;
    char title[401];
    memset(title, 'x', 400);
    title[400] = '\0';
    char ini[1024];
    snprintf(ini, sizeof ini, "[document]\ntitle = %s   ; long\ndate = 2026-01-01\n"
             MINIMAL_CONTENTS, title);
    doc_document *doc = parse(f, ini);
    assert_int_equal(f->d.errors, 0);
    assert_string_equal(doc->meta.title, title);
    assert_int_equal(doc->meta.date.day, 1);
}

static void test_leap_years(void **state)
{
    fx *f = *state;
    doc_document *doc = parse(f, "[document]\ntitle = T\ndate = 2028-02-29\n" MINIMAL_CONTENTS);
    assert_int_equal(f->d.errors, 0);
    assert_int_equal(doc->meta.date.day, 29);
    parse(f, "[document]\ntitle = T\ndate = 2000-02-29\n" MINIMAL_CONTENTS);
    assert_int_equal(f->d.errors, 0);
    parse(f, "[document]\ntitle = T\ndate = 2100-02-29\n" MINIMAL_CONTENTS);
    assert_int_equal(f->d.errors, 1);
    assert_message(f, ":3:8: error: date '2100-02-29' is not a date: February 2100 has 28 days");
}

/* ---- errors ------------------------------------------------------------ */

static void test_unknown_key_suggestion(void **state)
{
    fx *f = *state;
    parse(f, "[document]\ndate = 2026-01-01\ntitel = T\n" MINIMAL_CONTENTS);
    assert_message(f, ":3:1: error: unknown key 'titel' in [document]; did you mean 'title'?");
    /* and title is then missing */
    assert_message(f, ":1:1: error: [document] has no title; add `title = …`");
    assert_int_equal(f->d.errors, 2);
}

static void test_unknown_key_no_suggestion(void **state)
{
    fx *f = *state;
    parse(f, "[document]\ntitle = T\ndate = 2026-01-01\n  färg = röd\n" MINIMAL_CONTENTS);
    assert_message(f, ":4:3: error: unknown key 'färg' in [document]; the keys are layout, title");
}

static void test_unknown_contents_key(void **state)
{
    fx *f = *state;
    parse(f, "[document]\ntitle = T\ndate = 2026-01-01\n[contents]\ntexts = text/01.md\n");
    assert_message(f, ":5:1: error: unknown key 'texts' in [contents]; did you mean 'text'?");
}

static void test_unknown_section(void **state)
{
    fx *f = *state;
    parse(f, "[dokument]\ntitle = T\n[document]\ntitle = T\ndate = 2026-01-01\n" MINIMAL_CONTENTS);
    assert_message(f, ":1:2: error: unknown section [dokument]; did you mean [document]?");
    assert_int_equal(f->d.errors, 1);   /* its keys are not reported again */
}

static void test_key_before_section(void **state)
{
    fx *f = *state;
    parse(f, "title = T\n[document]\ntitle = T\ndate = 2026-01-01\n" MINIMAL_CONTENTS);
    assert_message(f, ":1:1: error: 'title' stands before any section; put it under [document]");
}

static void test_missing_title_and_date(void **state)
{
    fx *f = *state;
    parse(f, "\n[document]\nauthor = A\n" MINIMAL_CONTENTS);
    assert_message(f, ":2:1: error: [document] has no title; add `title = …`");
    assert_message(f, ":2:1: error: [document] has no date; add `date = YYYY-MM-DD`");
    assert_int_equal(f->d.errors, 2);
}

static void test_empty_title(void **state)
{
    fx *f = *state;
    parse(f, "[document]\ntitle =\ndate = 2026-01-01\n" MINIMAL_CONTENTS);
    assert_message(f, ":2:8: error: title is empty; write the document's title");
}

static void test_no_document_section(void **state)
{
    fx *f = *state;
    parse(f, MINIMAL_CONTENTS);
    assert_message(f, ":1:1: error: document.ini has no [document] section");
}

static void test_bad_dates(void **state)
{
    fx *f = *state;
    parse(f, "[document]\ntitle = T\ndate = 2027-02-30\n" MINIMAL_CONTENTS);
    assert_message(f, ":3:8: error: date '2027-02-30' is not a date: February 2027 has 28 days");
    parse(f, "[document]\ntitle = T\ndate = 2027-13-01\n" MINIMAL_CONTENTS);
    assert_message(f, ":3:8: error: date '2027-13-01' is not a date: the month must be 01 to 12");
    parse(f, "[document]\ntitle = T\ndate = 15 mars 2027\n" MINIMAL_CONTENTS);
    assert_message(f, ":3:8: error: date '15 mars 2027' is not written as YYYY-MM-DD; write e.g. 2027-03-15");
    parse(f, "[document]\ntitle = T\ndate = 2027-3-15\n" MINIMAL_CONTENTS);
    assert_message(f, "date '2027-3-15' is not written as YYYY-MM-DD");
    parse(f, "[document]\ntitle = T\ndate = 2027-04-31\n" MINIMAL_CONTENTS);
    assert_message(f, "April 2027 has 30 days");
    assert_int_equal(f->d.errors, 5);
}

static void test_bad_status(void **state)
{
    fx *f = *state;
    parse(f, "[document]\ntitle = T\ndate = 2026-01-01\nstatus = klar\n" MINIMAL_CONTENTS);
    assert_message(f, ":4:10: error: status must be draft or final, not 'klar'");
}

static void test_bad_language(void **state)
{
    fx *f = *state;
    parse(f, "[document]\ntitle = T\ndate = 2026-01-01\nlanguage = sv_SE\n" MINIMAL_CONTENTS);
    assert_message(f, ":4:12: error: language 'sv_SE' is not a language tag; write e.g. sv-SE or en-GB");
    parse(f, "[document]\ntitle = T\ndate = 2026-01-01\nlanguage = sv--SE\n" MINIMAL_CONTENTS);
    parse(f, "[document]\ntitle = T\ndate = 2026-01-01\nlanguage = s\n" MINIMAL_CONTENTS);
    assert_int_equal(f->d.errors, 3);
    doc_document *doc = parse(f, "[document]\ntitle = T\ndate = 2026-01-01\n"
                                 "language = se-Latn-SE\n" MINIMAL_CONTENTS);
    assert_int_equal(f->d.errors, 3);
    assert_string_equal(doc->meta.language, "se-Latn-SE");
}

static void test_duplicate_key(void **state)
{
    fx *f = *state;
    parse(f, "[document]\ntitle = A\ndate = 2026-01-01\n[contents]\ntext = text/01.md\n"
             "[document]\ntitle = B\n");
    assert_message(f, ":7:1: error: 'title' is given twice in [document] (first on line 2); keep one");
    assert_int_equal(f->d.errors, 1);
}

static void test_missing_text_file(void **state)
{
    fx *f = *state;
    parse(f, "[document]\ntitle = T\ndate = 2026-01-01\n[contents]\n"
             "text = text/01.md\ntext = text/03.md\n");
    assert_message(f, ":6:8: error: cannot find text file 'text/03.md'");
    assert_int_equal(f->d.errors, 1);
}

static void test_text_is_a_folder(void **state)
{
    fx *f = *state;
    parse(f, "[document]\ntitle = T\ndate = 2026-01-01\n[contents]\ntext = text\n");
    assert_message(f, ":5:8: error: text file 'text' is not a regular file");
}

static void test_text_outside(void **state)
{
    fx *f = *state;
    parse(f, "[document]\ntitle = T\ndate = 2026-01-01\n[contents]\n"
             "text = ../elsewhere.md\ntext = /etc/passwd\n");
    assert_message(f, ":5:8: error: '../elsewhere.md' lies outside the document folder");
    assert_message(f, ":6:8: error: '/etc/passwd' is an absolute path");
    /* through a symlink */
    char link[400];
    snprintf(link, sizeof link, "%s/text/link.md", f->dir);
    assert_int_equal(symlink("/etc/hostname", link), 0);
    parse(f, "[document]\ntitle = T\ndate = 2026-01-01\n[contents]\ntext = text/link.md\n");
    assert_message(f, ":5:8: error: 'text/link.md' lies outside the document folder");
    assert_int_equal(f->d.errors, 3);
}

static void test_no_texts(void **state)
{
    fx *f = *state;
    parse(f, "[document]\ntitle = T\ndate = 2026-01-01\n");
    assert_message(f, ":1:1: error: document.ini has no text files; add `text = text/01.md` under [contents]");
    parse(f, "[document]\ntitle = T\ndate = 2026-01-01\n[contents]\ntext =\n");
    assert_message(f, ":5:7: error: text has no file name; write e.g. `text = text/01.md`");
    assert_int_equal(f->d.errors, 2);
}

static void test_syntax_errors(void **state)
{
    fx *f = *state;
    parse(f, "[document]\ntitle = T\njust some words\ndate = 2026-01-01\n"
             "[contents\n  = text/01.md\n" MINIMAL_CONTENTS);
    assert_message(f, ":3:1: error: line is neither [section] nor key = value");
    assert_message(f, ":5:1: error: line is neither [section] nor key = value");
    assert_message(f, ":6:3: error: line is neither [section] nor key = value");
    assert_int_equal(f->d.errors, 3);
}

/* A line longer than TS_MAX_LINE_BYTES is an error before anything is
 * parsed. */
static void test_line_too_long(void **state)
{
    fx *f = *state;
    size_t n = TS_MAX_LINE_BYTES;
    char *ini = malloc(n + 64);
    strcpy(ini, "[document]\ntitle = ");
    size_t at = strlen(ini);
    memset(ini + at, 'T', n);
    strcpy(ini + at + n, "\ndate = 2027-03-15\n");
    parse(f, ini);
    char want[160];
    snprintf(want, sizeof want, ":2:%u: error: line 2 is %zu bytes long; a line may "
             "be at most 64 KB", TS_MAX_LINE_BYTES + 1, n + at - strlen("[document]\n"));
    assert_message(f, want);
    free(ini);
}

static void test_not_utf8(void **state)
{
    fx *f = *state;
    parse(f, "[document]\ntitle = R\xe5\n");
    assert_message(f, ":2:10: error: this file is not UTF-8 text; save it as UTF-8");
}

/* ---- the loader ------------------------------------------------------- */

static void test_load_missing_folder(void **state)
{
    fx *f = *state;
    char dir[300];
    snprintf(dir, sizeof dir, "%s/nowhere", f->dir);
    assert_null(rd_document_load(f->a, &f->d, dir));
    char want[400];
    snprintf(want, sizeof want, "trycksak: error: cannot find the document folder '%s'", dir);
    assert_message(f, want);
}

static void test_load_no_ini(void **state)
{
    fx *f = *state;
    assert_null(rd_document_load(f->a, &f->d, f->dir));
    char want[400];
    snprintf(want, sizeof want, "error: '%s' has no document.ini", f->dir);
    assert_message(f, want);
}

static void test_load_whole_document(void **state)
{
    fx *f = *state;
    write_file(f->dir, "document.ini", "[document]\ntitle = T\ndate = 2026-01-01\n"
               "[contents]\ntext = text/01.md\ntext = text/02.md\n");
    doc_document *doc = rd_document_load(f->a, &f->d, f->dir);
    assert_non_null(doc);
    assert_int_equal(f->d.errors, 0);
    assert_string_equal(doc->meta.title, "T");
    assert_non_null(doc->root);
    int blocks = 0;
    for (doc_node *n = doc->root->first; n; n = n->next) blocks++;
    assert_int_equal(blocks, 4);
    assert_int_equal(doc->root->first->kind, DOC_HEADING);
}

static void test_data_dir_from_environment(void **state)
{
    fx *f = *state;
    const char *old = getenv("TRYCKSAK_DATA");
    char *saved = old ? strdup(old) : NULL;
    setenv("TRYCKSAK_DATA", f->dir, 1);
    assert_string_equal(rd_data_dir(f->a), f->dir);
    if (saved) setenv("TRYCKSAK_DATA", saved, 1);
    else unsetenv("TRYCKSAK_DATA");
    free(saved);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_full_valid),
        T(test_defaults),
        T(test_empty_optional_and_comment_only_value),
        T(test_bom_and_crlf),
        T(test_indented_key_is_not_a_continuation),
        T(test_long_line),
        T(test_leap_years),
        T(test_unknown_key_suggestion),
        T(test_unknown_key_no_suggestion),
        T(test_unknown_contents_key),
        T(test_unknown_section),
        T(test_key_before_section),
        T(test_missing_title_and_date),
        T(test_empty_title),
        T(test_no_document_section),
        T(test_bad_dates),
        T(test_bad_status),
        T(test_bad_language),
        T(test_duplicate_key),
        T(test_missing_text_file),
        T(test_text_is_a_folder),
        T(test_text_outside),
        T(test_no_texts),
        T(test_syntax_errors),
        T(test_line_too_long),
        T(test_not_utf8),
        T(test_load_missing_folder),
        T(test_load_no_ini),
        T(test_load_whole_document),
        T(test_data_dir_from_environment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
