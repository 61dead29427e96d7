/* deflate.c: page content streams deflated on a second thread.
 *
 * Deflating the page streams was a quarter of a long document's time, all
 * of it on the one thread that also lays out and draws. Each finished
 * page's bytes are handed to a worker instead; the main thread takes the
 * results back in the order the pages were pushed, and only the main
 * thread touches libharu. The output is what one thread would write: the
 * same zlib level on the same bytes gives the same stream.
 *
 * The worker holds no libharu object and reports nothing; a page it could
 * not deflate comes back as it went in, marked so, and libharu compresses
 * it on saving as before. When no thread can be started, pushing deflates
 * at once. */
#include "pdf_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Pages waiting at most: beyond this the main thread waits for the
 * oldest, so a document never holds more than this many raw pages. */
#define PDF_DEFLATE_BACKLOG 16

typedef struct job {
    void *key;
    unsigned char *data;    /* raw, then deflated when `compressed` */
    size_t len;
    int compressed;
    int done;
    struct job *next;
} job;

struct pdf_deflater {
    pthread_t thread;
    int threaded;           /* the worker runs */
    pthread_mutex_t lock;
    pthread_cond_t wake;    /* work arrived, or stop */
    pthread_cond_t finished;/* a job is done */
    job *head, *tail;       /* every job not yet collected, push order */
    job *next_todo;         /* the oldest job the worker has not begun */
    int pending;
    int stop;
};

/* Deflate j in place; on failure it stays raw. */
static void run_job(job *j)
{
    uLong cap = compressBound((uLong)j->len);
    unsigned char *out = malloc(cap ? cap : 1);
    if (!out)
        return;
    uLongf got = cap;
    if (compress2(out, &got, j->data, (uLong)j->len, Z_DEFAULT_COMPRESSION) != Z_OK) {
        free(out);
        return;
    }
    free(j->data);
    j->data = out;
    j->len = got;
    j->compressed = 1;
}

static void *worker(void *arg)
{
    pdf_deflater *z = arg;
    pthread_mutex_lock(&z->lock);
    for (;;) {
        while (!z->stop && !z->next_todo)
            pthread_cond_wait(&z->wake, &z->lock);
        if (!z->next_todo)
            break;              /* stopping, nothing left */
        job *j = z->next_todo;
        z->next_todo = j->next;
        pthread_mutex_unlock(&z->lock);
        run_job(j);
        pthread_mutex_lock(&z->lock);
        j->done = 1;
        pthread_cond_broadcast(&z->finished);
    }
    pthread_mutex_unlock(&z->lock);
    return NULL;
}

pdf_deflater *pdf_deflater_new(void)
{
    pdf_deflater *z = ts_xmalloc(sizeof *z);
    memset(z, 0, sizeof *z);
    pthread_mutex_init(&z->lock, NULL);
    pthread_cond_init(&z->wake, NULL);
    pthread_cond_init(&z->finished, NULL);
    z->threaded = pthread_create(&z->thread, NULL, worker, z) == 0;
    return z;
}

void pdf_deflater_push(pdf_deflater *z, void *key, unsigned char *data, size_t len)
{
    job *j = ts_xmalloc(sizeof *j);
    memset(j, 0, sizeof *j);
    j->key = key;
    j->data = data;
    j->len = len;
    if (!z->threaded) {
        run_job(j);
        j->done = 1;
    }
    pthread_mutex_lock(&z->lock);
    if (z->tail)
        z->tail->next = j;
    else
        z->head = j;
    z->tail = j;
    if (!j->done && !z->next_todo)
        z->next_todo = j;
    z->pending++;
    pthread_cond_signal(&z->wake);
    pthread_mutex_unlock(&z->lock);
}

void pdf_deflater_collect(pdf_deflater *z, int wait, pdf_deflated_fn fn, void *ctx)
{
    for (;;) {
        pthread_mutex_lock(&z->lock);
        if (z->head && !z->head->done &&
            (wait || z->pending > PDF_DEFLATE_BACKLOG))
            while (!z->head->done)
                pthread_cond_wait(&z->finished, &z->lock);
        job *j = z->head && z->head->done ? z->head : NULL;
        if (j) {
            z->head = j->next;
            if (!z->head)
                z->tail = NULL;
            z->pending--;
        }
        pthread_mutex_unlock(&z->lock);
        if (!j)
            return;
        fn(ctx, j->key, j->data, j->len, j->compressed);
        free(j->data);
        free(j);
    }
}

void pdf_deflater_drop(pdf_deflater *z)
{
    if (!z)
        return;
    pthread_mutex_lock(&z->lock);
    z->stop = 1;
    z->next_todo = NULL;    /* what was not begun is not wanted */
    pthread_cond_signal(&z->wake);
    pthread_mutex_unlock(&z->lock);
    if (z->threaded)
        pthread_join(z->thread, NULL);
    for (job *j = z->head; j;) {
        job *next = j->next;
        free(j->data);
        free(j);
        j = next;
    }
    pthread_cond_destroy(&z->finished);
    pthread_cond_destroy(&z->wake);
    pthread_mutex_destroy(&z->lock);
    free(z);
}
