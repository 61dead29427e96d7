/* Unit tests for limits that a bad-input case cannot reach in the time a
 * test suite has: the page limit of the page builder (lo_new_page). A
 * document of 20 000 pages takes minutes and gigabytes to lay out, so the
 * builder's page maker is called directly here. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/layout/layout_internal.h"

/* lo_new_page hands out pages up to the limit; the first page beyond is
 * one error naming the document and the limit, and every page after
 * that reuses one spare page, so memory stays bounded. */
static void test_page_limit(void **state)
{
    (void)state;
    char *msgs = NULL;
    size_t msgs_len = 0;
    FILE *out = open_memstream(&msgs, &msgs_len);
    assert_non_null(out);
    ts_diag d;
    ts_diag_init(&d, out);
    doc_document doc;
    memset(&doc, 0, sizeof doc);
    doc.dir = "rapport";
    lo_ctx c;
    memset(&c, 0, sizeof c);
    c.a = ts_arena_new();
    c.d = &d;
    c.doc = &doc;
    lo_result r;
    memset(&r, 0, sizeof r);

    int made = 0;
    while (d.errors == 0 && made < 100000) {
        lo_page *p = lo_new_page(&c, &r);
        assert_non_null(p);
        made++;
    }
    assert_int_equal(d.errors, 1);
    assert_int_equal(made, 20001);          /* the limit is 20 000 pages */
    int npages = r.npages;
    for (int i = 0; i < 1000; i++) {
        lo_page *p = lo_new_page(&c, &r);
        assert_non_null(p);
        assert_int_equal(p->n, 0);          /* a cleared page */
        p->n = 1;                           /* used, as the builder would */
    }
    assert_int_equal(r.npages, npages);     /* no more pages kept */
    assert_int_equal(d.errors, 1);          /* reported once */
    fclose(out);
    assert_non_null(strstr(msgs, "rapport: error: the document runs to more than "
                                 "20000 pages"));
    free(msgs);
    ts_arena_drop(c.a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
