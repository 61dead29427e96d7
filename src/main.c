/* trycksak: the command line. Everything else lives in the stages.
 *
 * typeset() typesets a document once; watch() runs it again whenever an
 * input changes (--watch). Messages go through gettext (po/sv.po). */
#include <dirent.h>
#include <errno.h>
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "layout/layout.h"
#include "pdf/pdf.h"
#include "read/read.h"
#include "start/start.h"
#include "text/text.h"

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

/* --help, in the user's language. */
static const char *usage_text(void)
{
    return _("Usage: trycksak [options] DOCUMENT_DIR\n"
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
           "  --watch     typeset again whenever a file of the document or its\n"
           "              layout changes; Ctrl-C ends it\n"
           "  --trace     print the drawing calls instead of writing a PDF\n"
           "  -q          quieter: errors only\n"
           "  -v          a summary: pages, tables, charts, warnings, time;\n"
           "              on a long run, a line on progress every second\n"
           "  --version   print the version and exit\n"
           "  --help      print this help and exit\n"
           "\n"
           "Exit status: 0 done (warnings allowed), 1 the document has errors and\n"
           "no PDF was written, 2 a usage or system error.\n"
           "Layouts and fonts are looked up in $TRYCKSAK_DATA, then in the installed\n"
           "data folder, then beside the program. Messages are in Swedish when the\n"
           "locale is Swedish (LANG=sv_SE.UTF-8), in English otherwise.\n");
}

typedef struct options {
    const char *dir;
    const char *output;
    int check, trace, print, watch;
    int quiet, verbose;
} options;

static int usage_error(const char *fmt, const char *arg) __attribute__((format(printf, 1, 0)));
static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "trycksak: %s: ", _("error"));
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    fputs(_("Try 'trycksak --help' for the options."), stderr);
    fputc('\n', stderr);
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
                fputs(usage_text(), stdout);
                return EXIT_OK;
            } else if (strcmp(a, "--layout") == 0) {
                if (i + 1 >= argc) return usage_error(_("%s needs a layout name, e.g. --layout bokslut"), a);
                new_layout = argv[++i];
            } else if (strncmp(a, "--layout=", 9) == 0) {
                new_layout = a + 9;
            } else if (a[0] == '-' && a[1]) {
                return usage_error(_("unknown option '%s' for 'trycksak new'"), a);
            } else if (new_dir) {
                return usage_error(_("more than one folder given: '%s'"), a);
            } else {
                new_dir = a;
            }
        }
        if (!new_dir)
            return usage_error("%s", _("'trycksak new' needs the name of the new folder: "
                                       "trycksak new DIR [--layout NAME]"));
        ts_arena *arena = ts_arena_new();
        const char *data_dir = rd_data_dir(arena);
        char date[11];
        int rc = EXIT_USAGE;
        if (!data_dir)
            fprintf(stderr, "trycksak: %s: %s\n", _("error"),
                    _("cannot find trycksak's templates; set TRYCKSAK_DATA to "
                      "the folder that holds templates/ and layouts/"));
        else if (st_start_date(date) == 0 &&
                 st_new(arena, new_dir, new_layout, data_dir, date) == 0) {
            printf(_("Created the document folder %s (layout %s).\n"
                   "Write in %s/document.ini and the files in %s/text/, then run:\n"
                   "  trycksak %s\n"), new_dir, new_layout, new_dir, new_dir, new_dir);
            rc = EXIT_OK;
        }
        ts_arena_drop(arena);
        return rc;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage_text(), stdout);
            return EXIT_OK;
        } else if (strcmp(a, "--version") == 0) {
            printf("trycksak %s\n", TS_VERSION);
            return EXIT_OK;
        } else if (strcmp(a, "-o") == 0) {
            if (i + 1 >= argc) return usage_error(_("%s needs a file name"), a);
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
            if (o->dir) return usage_error(_("more than one document folder given: '%s'"), argv[i + 1]);
            o->dir = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            return usage_error(_("unknown option '%s'"), a);
        } else {
            if (o->dir) return usage_error(_("more than one document folder given: '%s'"), a);
            o->dir = a;
        }
    }
    if (!o->dir) return usage_error("%s", _("no document folder given"));
    if (o->quiet && o->verbose) return usage_error("%s", _("-q and -v cannot be used together"));
    if (o->check + o->trace > 1) return usage_error("%s", _("--check and --trace cannot be used together"));
    if (o->print && (o->check || o->trace))
        return usage_error("%s", o->check ? _("--print and --check cannot be used together")
                                          : _("--print and --trace cannot be used together"));
    if (o->watch && o->trace)
        return usage_error("%s", _("--watch and --trace cannot be used together"));
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
            fprintf(stderr, "trycksak: %s: ", _("error"));
            fprintf(stderr, _("SOURCE_DATE_EPOCH='%s' is not a number of seconds"), sde);
            fputc('\n', stderr);
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

/* ---- -v progress ---------------------------------------------------------
 * A document that takes more than a second gets a line on stderr after
 * each second of work, saying what is being done. A thread prints it, so
 * the stages need no hooks; it reads the stage and the pages drawn so far
 * (counted by a device that passes every call on to the real one). */

enum { STAGE_READ, STAGE_LAYOUT, STAGE_DRAW, STAGE_SAVE };

typedef struct progress {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    int done;                   /* under lock: the run is over */
    atomic_int stage;
    atomic_int pages_drawn;
    atomic_int pages_total;
    lo_progress layout;         /* the layout counts in here */
} progress;

static void *progress_main(void *arg)
{
    progress *p = arg;
    struct timespec next;
    clock_gettime(CLOCK_REALTIME, &next);
    int seconds = 0;
    pthread_mutex_lock(&p->lock);
    while (!p->done) {
        next.tv_sec += 1;
        if (pthread_cond_timedwait(&p->wake, &p->lock, &next) != ETIMEDOUT) continue;
        if (p->done) break;
        seconds++;
        int stage = atomic_load(&p->stage);
        flockfile(stderr);
        fprintf(stderr, "trycksak: ");
        fprintf(stderr, ngettext("… %d second: ", "… %d seconds: ", (unsigned long)seconds),
                seconds);
        if (stage == STAGE_READ) {
            fputs(_("reading the document"), stderr);
        } else if (stage == STAGE_LAYOUT) {
            int pages = atomic_load(&p->layout.pages);
            int blocks = atomic_load(&p->layout.blocks);
            if (pages > 0)
                fprintf(stderr, ngettext("breaking the pages: %d page so far",
                                         "breaking the pages: %d pages so far",
                                         (unsigned long)pages), pages);
            else if (blocks > 0)
                fprintf(stderr, _("laying out the text: %d %% done"),
                        (int)(100LL * atomic_load(&p->layout.blocks_done) / blocks));
            else
                fputs(_("laying out the pages"), stderr);
        } else if (stage == STAGE_DRAW) {
            int total = atomic_load(&p->pages_total);
            fprintf(stderr, ngettext("%d of %d page drawn", "%d of %d pages drawn",
                                     (unsigned long)total),
                    atomic_load(&p->pages_drawn), total);
        } else {
            fputs(_("writing the PDF"), stderr);
        }
        fputc('\n', stderr);
        fflush(stderr);
        funlockfile(stderr);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

/* Starts the thread; returns 0, or -1 (no progress lines, nothing else
 * changes) when it cannot. */
static int progress_start(progress *p)
{
    memset(p, 0, sizeof *p);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->wake, NULL);
    if (pthread_create(&p->thread, NULL, progress_main, p) != 0) {
        pthread_cond_destroy(&p->wake);
        pthread_mutex_destroy(&p->lock);
        return -1;
    }
    return 0;
}

static void progress_stop(progress *p)
{
    pthread_mutex_lock(&p->lock);
    p->done = 1;
    pthread_cond_signal(&p->wake);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->thread, NULL);
    pthread_cond_destroy(&p->wake);
    pthread_mutex_destroy(&p->lock);
}

/* A device that counts pages for the progress line and passes every call
 * on to `inner`. */
typedef struct counting_device {
    dev_device base;
    dev_device *inner;
    progress *p;
} counting_device;

static dev_device *inner_of(dev_device *dev) { return ((counting_device *)dev)->inner; }
static void cd_begin_page(dev_device *dev, ts_sp w, ts_sp h) { dev_begin_page(inner_of(dev), w, h); }
static void cd_end_page(dev_device *dev)
{
    counting_device *c = (counting_device *)dev;
    dev_end_page(c->inner);
    atomic_fetch_add(&c->p->pages_drawn, 1);
}
static void cd_text(dev_device *dev, const dev_text *t) { dev_draw_text(inner_of(dev), t); }
static void cd_path(dev_device *dev, const dev_path *p) { dev_draw_path(inner_of(dev), p); }
static void cd_image(dev_device *dev, const dev_image *im) { dev_draw_image(inner_of(dev), im); }
static void cd_link(dev_device *dev, const dev_link *l) { dev_add_link(inner_of(dev), l); }
static void cd_bookmark(dev_device *dev, int level, const char *title, ts_sp y)
{
    dev_add_bookmark(inner_of(dev), level, title, y);
}
static void cd_begin_struct(dev_device *dev, const dev_struct *s) { dev_begin_struct(inner_of(dev), s); }
static void cd_end_struct(dev_device *dev) { dev_end_struct(inner_of(dev)); }
static void cd_begin_artifact(dev_device *dev) { dev_begin_artifact(inner_of(dev)); }
static void cd_end_artifact(dev_device *dev) { dev_end_artifact(inner_of(dev)); }
static void cd_page_labels(dev_device *dev, int first, int start)
{
    dev_page_labels(inner_of(dev), first, start);
}

static void render(const lo_result *result, dev_device *dev, progress *p)
{
    if (!p) {
        lo_render(result, dev);
        return;
    }
    counting_device c = {0};
    c.base.begin_page = cd_begin_page;
    c.base.end_page = cd_end_page;
    c.base.text = cd_text;
    c.base.path = cd_path;
    c.base.image = cd_image;
    c.base.link = cd_link;
    c.base.bookmark = cd_bookmark;
    c.base.begin_struct = cd_begin_struct;
    c.base.end_struct = cd_end_struct;
    c.base.begin_artifact = cd_begin_artifact;
    c.base.end_artifact = cd_end_artifact;
    c.base.page_labels = cd_page_labels;
    c.inner = dev;
    c.p = p;
    atomic_store(&p->pages_total, lo_page_count(result));
    atomic_store(&p->stage, STAGE_DRAW);
    lo_render(result, &c.base);
}

/* ---- typesetting once ------------------------------------------------------ */

/* What one run found, for --watch: how it went, and the layout files it
 * read (so they are watched too). */
typedef struct run_report {
    int pages;
    double seconds;
    char layout_dir[PATH_MAX];  /* folder of the layout file used, or "" */
    char layouts_dir[PATH_MAX]; /* the data folder's layouts/, or "" */
} run_report;

static int typeset(const options *o, run_report *report)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);

    struct stat st;
    if (stat(o->dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "trycksak: %s: ", _("error"));
        fprintf(stderr, _("'%s' is not a folder; give the document folder (the one "
                          "with document.ini)"), o->dir);
        fputc('\n', stderr);
        return EXIT_USAGE;
    }

    ts_diag diag;
    ts_diag_init(&diag, stderr);
    diag.quiet = o->quiet;
    diag.max_errors = 50;

    progress prog_store, *prog = NULL;
    if (o->verbose && progress_start(&prog_store) == 0) prog = &prog_store;

    ts_arena *arena = ts_arena_new();
    int status = EXIT_INPUT;
    tx_fonts *fonts = NULL;
    dev_device *dev = NULL;
    lo_result *result = NULL;
    struct { int pages, tables, charts; } counts = { 0, 0, 0 };

    doc_document *doc = rd_document_load(arena, &diag, o->dir);
    if (!doc || diag.errors) goto done;

    const char *data_dir = rd_data_dir(arena);
    if (!data_dir) {
        fprintf(stderr, "trycksak: %s: %s\n", _("error"),
                _("cannot find trycksak's layouts; set TRYCKSAK_DATA to the folder "
                  "that holds layouts/ and fonts/"));
        status = EXIT_USAGE;
        goto done;
    }
    if (report)
        snprintf(report->layouts_dir, sizeof report->layouts_dir, "%s/layouts", data_dir);
    rd_layout *layout = rd_layout_load(arena, &diag, doc->meta.layout_pos,
                                       doc->meta.layout, doc->dir,
                                       doc->root_real, data_dir);
    if (layout && layout->path && report) {
        char *dir = ts_path_dirname(arena, layout->path);
        snprintf(report->layout_dir, sizeof report->layout_dir, "%s", dir);
    }
    if (!layout || diag.errors) goto done;

    fonts = tx_fonts_new(&diag, doc->meta.layout_pos, layout);
    if (!fonts || diag.errors) goto done;

    if (prog) atomic_store(&prog->stage, STAGE_LAYOUT);
    result = lo_layout_progress(doc, layout, fonts, &diag, prog ? &prog->layout : NULL);
    if (!result || diag.errors) goto done;

    const char *output = o->output ? o->output : default_output(arena, o->dir, doc->root_real);
    if (o->check) {
        status = EXIT_OK;
    } else if (o->trace) {
        dev = dev_trace_new(stdout);
        render(result, dev, prog);
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
        render(result, dev, prog);
        if (diag.errors) goto done;
        if (prog) atomic_store(&prog->stage, STAGE_SAVE);
        /* the pages are drawn: what the layout holds is given back before
         * the PDF, which needs memory of its own to save, is written */
        counts.pages = lo_page_count(result);
        counts.tables = lo_table_count(result);
        counts.charts = lo_chart_count(result);
        lo_result_drop(result);
        result = NULL;
        status = pdf_device_save(dev, output) == 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (result) {
        counts.pages = lo_page_count(result);
        counts.tables = lo_table_count(result);
        counts.charts = lo_chart_count(result);
    }

    if (prog) {
        progress_stop(prog);
        prog = NULL;
    }
    if (status == EXIT_OK && o->verbose) {
        int pages = counts.pages, tables = counts.tables, charts = counts.charts;
        long ms = (long)(seconds_since(&t0) * 1000.0 + 0.5);
        /* Each count in its own words (Swedish and English plurals
         * differ); the time with the language's decimal sign. */
        char p[64], t[64], c[64], w[64];
        snprintf(p, sizeof p, ngettext("%d page", "%d pages", (unsigned long)pages), pages);
        snprintf(t, sizeof t, ngettext("%d table", "%d tables", (unsigned long)tables), tables);
        snprintf(c, sizeof c, ngettext("%d chart", "%d charts", (unsigned long)charts), charts);
        snprintf(w, sizeof w, ngettext("%d warning", "%d warnings", (unsigned long)diag.warnings),
                 diag.warnings);
        fprintf(stderr, _("%s: %s, %s, %s, %s, %ld.%03ld s"),
                o->check ? o->dir : o->trace ? "trace" : output, p, t, c, w, ms / 1000, ms % 1000);
        fputc('\n', stderr);
    }

done:
    if (prog) progress_stop(prog);
    if (status == EXIT_INPUT && diag.errors && !o->quiet) {
        fputs("trycksak: ", stderr);
        if (o->watch)
            fprintf(stderr, ngettext("%d error; the PDF from the last good run is kept",
                                     "%d errors; the PDF from the last good run is kept",
                                     (unsigned long)diag.errors), diag.errors);
        else
            fprintf(stderr, ngettext("%d error; no PDF written", "%d errors; no PDF written",
                                     (unsigned long)diag.errors), diag.errors);
        fputc('\n', stderr);
    }
    if (report) {
        report->pages = status == EXIT_OK ? counts.pages : 0;
        report->seconds = seconds_since(&t0);
    }
    dev_drop(dev);
    tx_fonts_drop(fonts);
    ts_arena_drop(arena);
    return status;
}

/* ---- --watch ----------------------------------------------------------------
 * Typeset, then typeset again whenever something changes in the document
 * folder (every folder under it) or in the folders of the layout files.
 * Folders are watched rather than files, so an editor that saves by
 * writing a new file and renaming it over the old one is seen (the rename
 * is an event in the folder). A burst of events (an editor writing several
 * files, a copy) becomes one run: the run starts after WATCH_QUIET_MS
 * without events. SIGINT and SIGTERM are read from a signalfd between
 * runs: a run in progress finishes (the PDF is never left half-written)
 * and the watcher then ends with status 0. */

#define WATCH_QUIET_MS 100
#define WATCH_MAX_DELAY_MS 2000    /* a run starts at the latest this long after a change */
#define WATCH_MAX_DEPTH 8
#define WATCH_MAX_FOLDERS 1000

#define WATCH_MASK (IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | \
                    IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)

/* Watch `dir` and, when `depth` allows, the folders under it (not hidden
 * ones, not through symlinks). Returns the number of folders watched. */
static int watch_tree(int fd, const char *dir, int depth, int budget)
{
    if (budget <= 0 || inotify_add_watch(fd, dir, WATCH_MASK | IN_ONLYDIR) < 0) return 0;
    int count = 1;
    if (depth <= 0) return count;
    DIR *dp = opendir(dir);
    if (!dp) return count;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL && count < budget) {
        if (e->d_name[0] == '.') continue;
        char path[PATH_MAX];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= sizeof path) continue;
        struct stat st;
        if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode)) continue;
        count += watch_tree(fd, path, depth - 1, budget - count);
    }
    closedir(dp);
    return count;
}

/* (Re)adds the watches: inotify gives a folder watched already the same
 * watch again, so this is called before and after every run, which picks
 * up new folders and the layout a run found. */
static void watch_inputs(int fd, const char *dir, const run_report *r)
{
    watch_tree(fd, dir, WATCH_MAX_DEPTH, WATCH_MAX_FOLDERS);
    if (r->layout_dir[0]) watch_tree(fd, r->layout_dir, 0, 1);
    /* An inherited layout lives in the data folder's layouts/. */
    if (r->layouts_dir[0]) watch_tree(fd, r->layouts_dir, 0, 1);
}

/* Events that are not a change to an input: editors' swap, backup and
 * lock files, and the PDFs trycksak writes itself (the output may be in
 * the document folder), with their temporaries NAME.pdf.XXXXXX. */
static int ignored_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 0) return 0;                       /* the watched folder itself */
    if (name[0] == '.' || name[n - 1] == '~' || name[0] == '#') return 1;
    if (strcmp(name, "4913") == 0) return 1;    /* vim's test file */
    if (n > 4 && strcmp(name + n - 4, ".swp") == 0) return 1;
    if (n > 4 && strcmp(name + n - 4, ".pdf") == 0) return 1;
    if (strstr(name, ".pdf.") != NULL) return 1;
    return 0;
}

/* Reads the pending events; returns 1 when one of them is a change to an
 * input, 0 when none is, -1 on error. */
static int read_events(int fd)
{
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    int changed = 0;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0) return errno == EAGAIN || errno == EINTR ? changed : -1;
        if (n == 0) return changed;
        for (char *q = buf; q < buf + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)q;
            q += sizeof *ev + ev->len;
            if (ev->mask & IN_Q_OVERFLOW) changed = 1;
            if (ev->mask & IN_IGNORED) continue;
            if (!ignored_name(ev->len ? ev->name : "")) changed = 1;
        }
    }
}

static void watch_line(const options *o, int status, const run_report *r)
{
    if (o->quiet || o->verbose) return;      /* -v prints its own summary */
    time_t now = time(NULL);
    struct tm tm;
    char clock[16] = "";
    if (localtime_r(&now, &tm)) strftime(clock, sizeof clock, "%H:%M:%S", &tm);
    if (status != EXIT_OK) {
        fprintf(stderr, "[%s] ", clock);
        fputs(_("waiting for the next change"), stderr);
        fputc('\n', stderr);
        return;
    }
    long cs = (long)(r->seconds * 100.0 + 0.5);
    fprintf(stderr, "[%s] ", clock);
    if (o->check)
        fprintf(stderr, ngettext("checked %d page in %ld.%02ld s", "checked %d pages in %ld.%02ld s",
                                 (unsigned long)r->pages), r->pages, cs / 100, cs % 100);
    else
        fprintf(stderr, ngettext("typeset %d page in %ld.%02ld s", "typeset %d pages in %ld.%02ld s",
                                 (unsigned long)r->pages), r->pages, cs / 100, cs % 100);
    fputc('\n', stderr);
}

static int watch(const options *o)
{
    struct stat st;
    if (stat(o->dir, &st) != 0 || !S_ISDIR(st.st_mode)) return typeset(o, NULL);

    /* The signals are taken from a signalfd between runs, never by a
     * handler in the middle of one. */
    sigset_t mask, old;
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGTERM);
    if (sigprocmask(SIG_BLOCK, &mask, &old) != 0) return EXIT_USAGE;
    int sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
    int ifd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (sfd < 0 || ifd < 0) {
        fprintf(stderr, "trycksak: %s: ", _("error"));
        fprintf(stderr, _("cannot watch '%s' for changes: %s"), o->dir, strerror(errno));
        fputc('\n', stderr);
        if (sfd >= 0) close(sfd);
        if (ifd >= 0) close(ifd);
        sigprocmask(SIG_SETMASK, &old, NULL);
        return EXIT_USAGE;
    }

    if (!o->quiet) {
        fputs("trycksak: ", stderr);
        fprintf(stderr, _("watching '%s' and its layout; the PDF is typeset again after "
                          "each change (Ctrl-C ends)"), o->dir);
        fputc('\n', stderr);
    }
    run_report r;
    memset(&r, 0, sizeof r);
    int run = 1;
    for (;;) {
        if (run) {
            watch_inputs(ifd, o->dir, &r);
            run_report now;
            memset(&now, 0, sizeof now);
            int status = typeset(o, &now);
            /* A run that stopped before the layout keeps the folders
             * found before. */
            if (now.layout_dir[0]) memcpy(r.layout_dir, now.layout_dir, sizeof r.layout_dir);
            if (now.layouts_dir[0]) memcpy(r.layouts_dir, now.layouts_dir, sizeof r.layouts_dir);
            r.pages = now.pages;
            r.seconds = now.seconds;
            watch_line(o, status, &r);
            watch_inputs(ifd, o->dir, &r);
            run = 0;
        }

        struct pollfd fds[2] = {{sfd, POLLIN, 0}, {ifd, POLLIN, 0}};
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (fds[0].revents & POLLIN) break;
        if (!(fds[1].revents & POLLIN)) continue;
        int changed = read_events(ifd);
        if (changed < 0) break;
        if (!changed) continue;
        /* Let the burst settle: WATCH_QUIET_MS without events, at most
         * WATCH_MAX_DELAY_MS in all. */
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        int stop = 0;
        while (seconds_since(&t0) * 1000.0 < WATCH_MAX_DELAY_MS) {
            int n = poll(fds, 2, WATCH_QUIET_MS);
            if (n == 0) break;
            if (n < 0 && errno != EINTR) break;
            if (fds[0].revents & POLLIN) {
                stop = 1;
                break;
            }
            if ((fds[1].revents & POLLIN) && read_events(ifd) < 0) break;
        }
        if (stop) break;
        run = 1;
    }
    /* Take the signal that ended the watch, so unblocking does not
     * deliver it again. */
    struct signalfd_siginfo si;
    while (read(sfd, &si, sizeof si) == (ssize_t)sizeof si) {}
    close(ifd);
    close(sfd);
    sigprocmask(SIG_SETMASK, &old, NULL);
    return EXIT_OK;
}

/* ---- messages in the user's language --------------------------------------- */

static int has_catalogue(const char *dir)
{
    char path[PATH_MAX];
    if ((size_t)snprintf(path, sizeof path, "%s/sv/LC_MESSAGES/" TS_TEXTDOMAIN ".mo", dir) >= sizeof path)
        return 0;
    return access(path, R_OK) == 0;
}

/* The folder that holds the compiled catalogues: the installed
 * PREFIX/share/locale (beside the data folder TS_DATADIR), else
 * share/locale beside the running binary's bin/ (installed under another
 * PREFIX), else in a source tree build/locale (the binary being ./trycksak
 * or build/trycksak, build-asan/trycksak). NULL when there is none: messages stay English. */
static const char *locale_dir(char *buf, size_t size)
{
    const char *slash = strrchr(TS_DATADIR, '/');
    if (slash && (size_t)snprintf(buf, size, "%.*s/locale", (int)(slash - TS_DATADIR), TS_DATADIR) < size &&
        has_catalogue(buf))
        return buf;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return NULL;
    exe[n] = '\0';
    char *cut = strrchr(exe, '/');
    if (!cut) return NULL;
    *cut = '\0';
    if ((size_t)snprintf(buf, size, "%s/../share/locale", exe) < size && has_catalogue(buf)) return buf;
    for (int up = 0; up <= 3 && exe[0]; up++) {
        if ((size_t)snprintf(buf, size, "%s/locale", exe) < size && has_catalogue(buf)) return buf;
        if ((size_t)snprintf(buf, size, "%s/build/locale", exe) < size && has_catalogue(buf)) return buf;
        cut = strrchr(exe, '/');
        if (!cut) break;
        *cut = '\0';
    }
    return NULL;
}

/* Only the messages' category follows the user's locale: numbers, the
 * order of letters and the rest stay as in C, so the output is the same
 * everywhere. Characters are UTF-8 (the catalogues and the documents
 * are). */
static void init_messages(void)
{
    setlocale(LC_MESSAGES, "");
    if (!setlocale(LC_CTYPE, "C.UTF-8")) setlocale(LC_CTYPE, "C.utf8");
    char buf[PATH_MAX];
    const char *dir = locale_dir(buf, sizeof buf);
    if (dir) bindtextdomain(TS_TEXTDOMAIN, dir);
    bind_textdomain_codeset(TS_TEXTDOMAIN, "UTF-8");
    textdomain(TS_TEXTDOMAIN);
}

int main(int argc, char **argv)
{
    init_messages();
    options o = {0};
    int status = parse_options(argc, argv, &o);
    if (status >= 0) return status;
    return o.watch ? watch(&o) : typeset(&o, NULL);
}
