/* trycksak: the command line. Everything else lives in the stages. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "layout/layout.h"
#include "pdf/pdf.h"
#include "read/read.h"
#include "start/start.h"
#include "text/text.h"

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

static const char usage_text[] =
    "Usage: trycksak [options] DOCUMENT_DIR\n"
    "       trycksak new DIR [--layout NAME]\n"
    "\n"
    "Typesets a document folder (document.ini, text/*.md, data/*.csv,\n"
    "charts/*.chart) into one PDF in the layout document.ini names.\n"
    "'trycksak new DIR' starts a new document folder DIR from a template,\n"
    "with guidance in every file; --layout NAME chooses bokslut (the\n"
    "default), strategi or tjansteskrivelse.\n"
    "\n"
    "Options:\n"
    "  -o FILE     write the PDF to FILE (default: ./NAME.pdf, NAME being\n"
    "              the document folder's name)\n"
    "  --print     the print-shop variant: CMYK, 3 mm bleed, crop marks\n"
    "  --check     read and lay out everything, report problems, write nothing\n"
    "  --watch     typeset again whenever an input changes\n"
    "  --trace     print the drawing calls instead of writing a PDF\n"
    "  -q          quieter: errors only\n"
    "  -v          a summary: pages, tables, charts, warnings, time\n"
    "  --version   print the version and exit\n"
    "  --help      print this help and exit\n"
    "\n"
    "Exit status: 0 done (warnings allowed), 1 the document has errors and\n"
    "no PDF was written, 2 a usage or system error.\n"
    "Layouts and fonts are looked up in $TRYCKSAK_DATA, then in the installed\n"
    "data folder, then beside the program.\n";

typedef struct options {
    const char *dir;
    const char *output;
    int check, trace, print, watch;
    int quiet, verbose;
} options;

static int usage_error(const char *fmt, const char *arg)
{
    fputs("trycksak: error: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'trycksak --help' for the options.\n", stderr);
    return EXIT_USAGE;
}

/* Returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, options *o)
{
    if (argc >= 2 && strcmp(argv[1], "new") == 0) {
        /* trycksak new DIR [--layout NAME]: the start stage does the work;
         * every failure here is a usage or system error (exit 2). */
        const char *new_dir = NULL, *new_layout = "bokslut";
        for (int i = 2; i < argc; i++) {
            const char *a = argv[i];
            if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
                fputs(usage_text, stdout);
                return EXIT_OK;
            } else if (strcmp(a, "--layout") == 0) {
                if (i + 1 >= argc) return usage_error("%s needs a layout name, e.g. --layout bokslut", a);
                new_layout = argv[++i];
            } else if (strncmp(a, "--layout=", 9) == 0) {
                new_layout = a + 9;
            } else if (a[0] == '-' && a[1]) {
                return usage_error("unknown option '%s' for 'trycksak new'", a);
            } else if (new_dir) {
                return usage_error("more than one folder given: '%s'", a);
            } else {
                new_dir = a;
            }
        }
        if (!new_dir)
            return usage_error("%s", "'trycksak new' needs the name of the new folder: "
                                     "trycksak new DIR [--layout NAME]");
        ts_arena *arena = ts_arena_new();
        const char *data_dir = rd_data_dir(arena);
        char date[11];
        int rc = EXIT_USAGE;
        if (!data_dir)
            fputs("trycksak: error: cannot find trycksak's templates; set "
                  "TRYCKSAK_DATA to the folder that holds templates/ and layouts/\n", stderr);
        else if (st_start_date(date) == 0 &&
                 st_new(arena, new_dir, new_layout, data_dir, date) == 0) {
            printf("Created the document folder %s (layout %s).\n"
                   "Write in %s/document.ini and the files in %s/text/, then run:\n"
                   "  trycksak %s\n", new_dir, new_layout, new_dir, new_dir, new_dir);
            rc = EXIT_OK;
        }
        ts_arena_drop(arena);
        return rc;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage_text, stdout);
            return EXIT_OK;
        } else if (strcmp(a, "--version") == 0) {
            printf("trycksak %s\n", TS_VERSION);
            return EXIT_OK;
        } else if (strcmp(a, "-o") == 0) {
            if (i + 1 >= argc) return usage_error("%s needs a file name", a);
            o->output = argv[++i];
        } else if (strncmp(a, "-o", 2) == 0 && a[2]) {
            o->output = a + 2;
        } else if (strcmp(a, "--check") == 0) {
            o->check = 1;
        } else if (strcmp(a, "--trace") == 0) {
            o->trace = 1;
        } else if (strcmp(a, "--print") == 0) {
            o->print = 1;
        } else if (strcmp(a, "--watch") == 0) {
            o->watch = 1;
        } else if (strcmp(a, "-q") == 0) {
            o->quiet = 1;
        } else if (strcmp(a, "-v") == 0) {
            o->verbose = 1;
        } else if (strcmp(a, "--") == 0 && i + 1 < argc) {
            if (o->dir) return usage_error("more than one document folder given: '%s'", argv[i + 1]);
            o->dir = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s'", a);
        } else {
            if (o->dir) return usage_error("more than one document folder given: '%s'", a);
            o->dir = a;
        }
    }
    if (!o->dir) return usage_error("%s", "no document folder given");
    if (o->quiet && o->verbose) return usage_error("%s", "-q and -v cannot be used together");
    if (o->check + o->trace > 1) return usage_error("%s", "--check and --trace cannot be used together");
    if (o->print && (o->check || o->trace))
        return usage_error("%s", o->check ? "--print and --check cannot be used together"
                                          : "--print and --trace cannot be used together");
    if (o->watch) {
        fputs("trycksak: error: --watch is not yet supported; run trycksak "
              "again after each change\n", stderr);
        return EXIT_USAGE;
    }
    return -1;
}

/* ./NAME.pdf for the folder's own name, trailing slashes ignored. */
static char *default_output(ts_arena *a, const char *dir, const char *root_real)
{
    char *name = ts_arena_strdup(a, dir);
    size_t n = strlen(name);
    while (n > 1 && name[n - 1] == '/') name[--n] = '\0';
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 || !*base) {
        const char *real_base = strrchr(root_real, '/');
        base = real_base && real_base[1] ? real_base + 1 : "document";
    }
    return ts_arena_printf(a, "%s.pdf", base);
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static long long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153LL * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Day of month of the last Sunday of a month. */
static int last_sunday(int y, int m)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int last = mdays[m - 1];
    long long days = days_from_civil(y, m, last);
    int weekday = (int)(((days % 7) + 11) % 7); /* 1970-01-01 was a Thursday: 0 = Sunday */
    return last - weekday;
}

/* The document's date at 00:00 in Europe/Stockholm, in seconds since the
 * epoch. Summer time (UTC+2) runs from the last Sunday of March to the last
 * Sunday of October; midnight is before either switch (01:00 UTC), so
 * those two days still have the previous offset. */
static long long stockholm_midnight(doc_date date)
{
    int md = date.month * 100 + date.day;
    int start = 300 + last_sunday(date.year, 3);
    int end = 1000 + last_sunday(date.year, 10);
    int offset_hours = (md > start && md <= end) ? 2 : 1;
    return days_from_civil(date.year, date.month, date.day) * 86400LL - offset_hours * 3600LL;
}

/* SOURCE_DATE_EPOCH when set (reproducible builds), else the document's
 * date; never the clock, so the same input gives the same bytes. */
static int creation_time(const doc_meta *meta, long long *out)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        if (errno || *end || v < 0) {
            fprintf(stderr, "trycksak: error: SOURCE_DATE_EPOCH='%s' is not a "
                    "number of seconds\n", sde);
            return -1;
        }
        *out = v;
        return 0;
    }
    *out = stockholm_midnight(meta->date);
    return 0;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int typeset(const options *o)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);

    struct stat st;
    if (stat(o->dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "trycksak: error: '%s' is not a folder; give the "
                "document folder (the one with document.ini)\n", o->dir);
        return EXIT_USAGE;
    }

    ts_diag diag;
    ts_diag_init(&diag, stderr);
    diag.quiet = o->quiet;
    diag.max_errors = 50;

    ts_arena *arena = ts_arena_new();
    int status = EXIT_INPUT;
    tx_fonts *fonts = NULL;
    dev_device *dev = NULL;

    doc_document *doc = rd_document_load(arena, &diag, o->dir);
    if (!doc || diag.errors) goto done;

    const char *data_dir = rd_data_dir(arena);
    if (!data_dir) {
        fputs("trycksak: error: cannot find trycksak's layouts; set "
              "TRYCKSAK_DATA to the folder that holds layouts/ and fonts/\n", stderr);
        status = EXIT_USAGE;
        goto done;
    }
    rd_layout *layout = rd_layout_load(arena, &diag, doc->meta.layout_pos,
                                       doc->meta.layout, doc->dir,
                                       doc->root_real, data_dir);
    if (!layout || diag.errors) goto done;

    fonts = tx_fonts_new(&diag, doc->meta.layout_pos, layout);
    if (!fonts || diag.errors) goto done;

    lo_result *result = lo_layout(doc, layout, fonts, &diag);
    if (!result || diag.errors) goto done;

    const char *output = o->output ? o->output : default_output(arena, o->dir, doc->root_real);
    if (o->check) {
        status = EXIT_OK;
    } else if (o->trace) {
        dev = dev_trace_new(stdout);
        lo_render(result, dev);
        fflush(stdout);
        status = diag.errors ? EXIT_INPUT : EXIT_OK;
    } else {
        pdf_info info = {0};
        info.title = doc->meta.title;
        info.subject = doc->meta.subtitle;
        info.author = doc->meta.author ? doc->meta.author : doc->meta.department;
        info.keywords = doc->meta.keywords;
        info.language = doc->meta.language;
        info.draft = doc->meta.status == DOC_STATUS_DRAFT;
        info.print = o->print;      /* CMYK, bleed, crop marks; else PDF/A-2b */
        if (creation_time(&doc->meta, &info.created) != 0) {
            status = EXIT_USAGE;
            goto done;
        }
        dev = pdf_device_new(&info, &diag);
        if (!dev) {
            status = EXIT_USAGE;
            goto done;
        }
        lo_render(result, dev);
        if (diag.errors) goto done;
        status = pdf_device_save(dev, output) == 0 ? EXIT_OK : EXIT_USAGE;
    }

    if (status == EXIT_OK && o->verbose) {
        int pages = lo_page_count(result), tables = lo_table_count(result);
        int charts = lo_chart_count(result);
        fprintf(stderr, "%s: %d page%s, %d table%s, %d chart%s, %d warning%s, %.3f s\n",
                o->check ? o->dir : o->trace ? "trace" : output,
                pages, pages == 1 ? "" : "s", tables, tables == 1 ? "" : "s",
                charts, charts == 1 ? "" : "s", diag.warnings,
                diag.warnings == 1 ? "" : "s", seconds_since(&t0));
    }

done:
    if (status == EXIT_INPUT && diag.errors && !o->quiet)
        fprintf(stderr, "trycksak: %d error%s; no PDF written\n", diag.errors,
                diag.errors == 1 ? "" : "s");
    dev_drop(dev);
    tx_fonts_drop(fonts);
    ts_arena_drop(arena);
    return status;
}

int main(int argc, char **argv)
{
    options o = {0};
    int status = parse_options(argc, argv, &o);
    if (status >= 0) return status;
    return typeset(&o);
}
