/*
 * test_analysis.c - the host side of record emission (codira_host_services
 * emit_*): validation, defaults, UTF-8 repair, the diagnostics cap and
 * the renaming of duplicate stable IDs by analysis_finish.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "analysis.h"
#include "util.h"

static const codira_host *H = &codira_host_services;

static codira_str S(const char *s)
{
    return (codira_str){s, s ? strlen(s) : 0};
}

static codira_handle emit(analysis *a, const char *kind, const char *name, const char *stable_id,
                          codira_handle parent)
{
    codira_emitter em = {a};
    codira_symbol s = {0};
    s.struct_size = sizeof(s);
    s.kind = S(kind);
    s.name = S(name);
    s.stable_id = S(stable_id);
    s.parent = parent;
    s.line = 3;
    s.end_line = 1; /* before line: raised to it */
    return H->emit_symbol(&em, &s);
}

static void test_host_services_header(void **state)
{
    (void)state;
    assert_int_equal(H->struct_size, sizeof(codira_host));
    assert_int_equal(H->abi_version, CODIRA_ABI_VERSION);
    assert_string_equal(H->codira_version, CODIRA_VERSION);
    assert_non_null(H->find_backend);
    assert_non_null(H->log_message);
}

static void test_symbols_get_defaults_and_module_parent(void **state)
{
    (void)state;
    analysis a;
    analysis_init(&a);
    assert_string_equal(analysis_module_name(&a), "");
    assert_int_equal(emit(&a, "module", "pkg.mod", "m", CODIRA_NO_HANDLE), 0);
    codira_handle f = emit(&a, "function", "helper", "f", CODIRA_NO_HANDLE);
    assert_int_equal(f, 1);
    const codira_symbol *s = &a.symbols.items[1];
    assert_int_equal(s->parent, 0);                 /* hangs off the module */
    assert_string_equal(s->qualname.ptr, "helper"); /* empty qualname = name */
    assert_int_equal(s->end_line, 3);
    assert_string_equal(s->signature.ptr, "");
    assert_null(s->docstring.ptr);                  /* none, not empty */
    assert_int_equal(s->struct_size, sizeof(codira_symbol));
    assert_string_equal(analysis_module_name(&a), "pkg.mod");
    /* a module symbol itself has no parent */
    assert_int_equal(a.symbols.items[0].parent, CODIRA_NO_HANDLE);
    analysis_free(&a);
}

static void test_invalid_symbols_are_dropped_with_a_diagnostic(void **state)
{
    (void)state;
    analysis a;
    analysis_init(&a);
    assert_int_equal(emit(&a, "function", "early", "e", CODIRA_NO_HANDLE), 0);
    /* the module must come first */
    assert_int_equal(emit(&a, "module", "late", "m", CODIRA_NO_HANDLE), CODIRA_NO_HANDLE);
    assert_int_equal(emit(&a, "", "x", "x", CODIRA_NO_HANDLE), CODIRA_NO_HANDLE);
    assert_int_equal(emit(&a, "function", "", "x", CODIRA_NO_HANDLE), CODIRA_NO_HANDLE);
    assert_int_equal(emit(&a, "function", "x", "", CODIRA_NO_HANDLE), CODIRA_NO_HANDLE);
    assert_int_equal(emit(&a, "function", "x", "x", 7), CODIRA_NO_HANDLE);
    assert_int_equal(emit(&a, "function", "x", "x", -5), CODIRA_NO_HANDLE);
    assert_int_equal(a.symbols.len, 1);
    /* without a module, top-level symbols have no parent */
    assert_int_equal(a.symbols.items[0].parent, CODIRA_NO_HANDLE);
    assert_int_equal(a.diagnostics.len, 6);
    for (size_t i = 0; i < a.diagnostics.len; i++) {
        assert_int_equal(a.diagnostics.items[i].severity, CODIRA_DIAG_WARNING);
        assert_string_equal(a.diagnostics.items[i].category.ptr, "analyzer_record");
        assert_non_null(strstr(a.diagnostics.items[i].message.ptr, "dropped"));
    }
    assert_non_null(strstr(a.diagnostics.items[0].message.ptr, "module symbol not emitted first"));
    assert_int_equal(a.error_count, 0);
    analysis_free(&a);
}

static void test_strings_are_copied_and_repaired(void **state)
{
    (void)state;
    analysis a;
    analysis_init(&a);
    codira_emitter em = {&a};
    char name[] = "caf\xE9";              /* Latin-1 */
    char sig[] = "def f(x):\0 trailing";   /* embedded NUL, explicit length */
    codira_symbol s = {0};
    s.struct_size = sizeof(s);
    s.kind = S("function");
    s.name = S(name);
    s.stable_id = (codira_str){"id-with-view-XXXX", 5}; /* not NUL-terminated at len */
    s.signature = (codira_str){sig, sizeof(sig) - 1};
    s.parent = CODIRA_NO_HANDLE;
    assert_int_equal(H->emit_symbol(&em, &s), 0);
    memset(name, '?', sizeof(name) - 1); /* the host kept its own copy */
    const codira_symbol *c = &a.symbols.items[0];
    assert_string_equal(c->name.ptr, "caf\xC3\xA9");
    assert_int_equal(c->name.len, 5);
    assert_string_equal(c->stable_id.ptr, "id-wi");
    assert_int_equal(c->stable_id.len, 5);
    assert_true(utf8_is_clean(c->signature.ptr, c->signature.len));
    assert_int_equal(c->signature.ptr[c->signature.len], '\0');
    assert_non_null(strstr(c->signature.ptr, "\xEF\xBF\xBD"));
    analysis_free(&a);
}

static void test_small_struct_sizes_are_read_safely(void **state)
{
    (void)state;
    /* an older plugin's smaller struct: members past struct_size are zero */
    analysis a;
    analysis_init(&a);
    codira_emitter em = {&a};
    codira_symbol s;
    memset(&s, 0x7f, sizeof(s));
    s.struct_size = (uint32_t)offsetof(codira_symbol, line);
    s.kind = S("module");
    s.name = S("m");
    s.qualname = S("");
    s.stable_id = S("m");
    s.parent = CODIRA_NO_HANDLE;
    assert_int_equal(H->emit_symbol(&em, &s), 0);
    const codira_symbol *c = &a.symbols.items[0];
    assert_int_equal(c->line, 0);
    assert_int_equal(c->flags, 0);
    assert_string_equal(c->signature.ptr, "");
    assert_null(c->docstring.ptr);
    assert_int_equal(c->struct_size, sizeof(codira_symbol));
    analysis_free(&a);
}

static void test_edges_imports_docs_are_validated(void **state)
{
    (void)state;
    analysis a;
    analysis_init(&a);
    codira_emitter em = {&a};
    codira_handle m = emit(&a, "module", "m", "m", CODIRA_NO_HANDLE);
    codira_edge e = {sizeof(e), CODIRA_REL_CALL, m, CODIRA_TARGET_NAME, S(""), S("f"), 1, 0,
                     S(""), S(""), S("")};
    assert_int_equal(H->emit_edge(&em, &e), CODIRA_OK);
    e.owner = 5;
    assert_int_equal(H->emit_edge(&em, &e), CODIRA_E_INVALID);
    e.owner = m;
    e.relation = 7;
    assert_int_equal(H->emit_edge(&em, &e), CODIRA_E_INVALID);
    e.relation = CODIRA_REL_REF;
    e.target_kind = 9;
    assert_int_equal(H->emit_edge(&em, &e), CODIRA_E_INVALID);
    assert_int_equal(a.edges.len, 1);

    codira_import im = {sizeof(im), CODIRA_NO_HANDLE, S("os"), S(""), S(""), 1};
    assert_int_equal(H->emit_import(&em, &im), CODIRA_OK);
    assert_int_equal(a.imports.items[0].owner, m);                /* the module by default */
    assert_string_equal(a.imports.items[0].kind.ptr, "import");   /* the default kind */
    im.name = S("");
    assert_int_equal(H->emit_import(&em, &im), CODIRA_E_INVALID);
    im.name = S("x");
    im.owner = 3;
    assert_int_equal(H->emit_import(&em, &im), CODIRA_E_INVALID);
    assert_int_equal(a.imports.len, 1);

    codira_doc d = {0};
    d.struct_size = sizeof(d);
    d.stable_id = S("doc");
    d.owner = CODIRA_NO_HANDLE;
    d.line = 4;
    assert_int_equal(H->emit_doc(&em, &d), CODIRA_OK);
    assert_int_equal(a.docs.items[0].end_line, 4);
    assert_int_equal(a.docs.items[0].owner, CODIRA_NO_HANDLE); /* docs may be unowned */
    d.stable_id = S("");
    assert_int_equal(H->emit_doc(&em, &d), CODIRA_E_INVALID);
    d.stable_id = S("doc2");
    d.owner = 2;
    assert_int_equal(H->emit_doc(&em, &d), CODIRA_E_INVALID);
    assert_int_equal(a.docs.len, 1);

    codira_diagnostic g = {sizeof(g), 99, S("cat"), S("msg"), 1, 0};
    assert_int_equal(H->emit_diagnostic(&em, &g), CODIRA_OK);
    assert_int_equal(a.diagnostics.items[0].severity, CODIRA_DIAG_ERROR); /* clamped */
    assert_int_equal(a.error_count, 1);
    analysis_free(&a);
}

static void test_diagnostics_are_capped_and_summarised(void **state)
{
    (void)state;
    analysis a;
    analysis_init(&a);
    codira_emitter em = {&a};
    for (int i = 0; i < CODIRA_MAX_DIAGNOSTICS + 20; i++) {
        codira_diagnostic g = {sizeof(g), i % 2 ? CODIRA_DIAG_ERROR : CODIRA_DIAG_INFO, S("c"),
                               S("m"), (uint32_t)i, 0};
        assert_int_equal(H->emit_diagnostic(&em, &g), CODIRA_OK);
    }
    assert_int_equal(a.diagnostics.len, CODIRA_MAX_DIAGNOSTICS);
    assert_int_equal(a.dropped_diagnostics, 20);
    assert_int_equal(a.error_count, (CODIRA_MAX_DIAGNOSTICS + 20) / 2); /* dropped ones count */
    analysis_finish(&a);
    assert_int_equal(a.diagnostics.len, CODIRA_MAX_DIAGNOSTICS + 1);
    const codira_diagnostic *last = &a.diagnostics.items[CODIRA_MAX_DIAGNOSTICS];
    assert_string_equal(last->category.ptr, "truncated");
    assert_string_equal(last->message.ptr, "20 more diagnostics not kept");
    /* reset forgets everything */
    analysis_reset(&a);
    assert_int_equal(a.diagnostics.len + a.symbols.len + a.dropped_diagnostics + a.error_count, 0);
    analysis_free(&a);
}

static void test_finish_renames_duplicate_stable_ids(void **state)
{
    (void)state;
    analysis a;
    analysis_init(&a);
    codira_emitter em = {&a};
    emit(&a, "module", "m", "m", CODIRA_NO_HANDLE);
    emit(&a, "function", "f", "f", CODIRA_NO_HANDLE);
    emit(&a, "function", "f", "f", CODIRA_NO_HANDLE);
    emit(&a, "function", "f", "f", CODIRA_NO_HANDLE);
    emit(&a, "function", "g", "f:dup2", CODIRA_NO_HANDLE); /* collides with a generated name */
    codira_doc d = {0};
    d.struct_size = sizeof(d);
    d.stable_id = S("f"); /* docs share the ID space */
    d.owner = CODIRA_NO_HANDLE;
    assert_int_equal(H->emit_doc(&em, &d), CODIRA_OK);
    analysis_finish(&a);
    /* every ID unique, the first keeps its own */
    const char *ids[6] = {a.symbols.items[0].stable_id.ptr, a.symbols.items[1].stable_id.ptr,
                          a.symbols.items[2].stable_id.ptr, a.symbols.items[3].stable_id.ptr,
                          a.symbols.items[4].stable_id.ptr, a.docs.items[0].stable_id.ptr};
    assert_string_equal(ids[1], "f");
    assert_string_equal(ids[2], "f:dup2");
    assert_string_equal(ids[3], "f:dup3");
    for (size_t i = 0; i < 6; i++) {
        for (size_t k = i + 1; k < 6; k++)
            if (strcmp(ids[i], ids[k]) == 0) fail_msg("stable_id %s appears twice", ids[i]);
        assert_int_equal(strlen(ids[i]), i < 5 ? a.symbols.items[i].stable_id.len
                                               : a.docs.items[0].stable_id.len);
    }
    /* one warning per rename */
    size_t renames = 0;
    for (size_t i = 0; i < a.diagnostics.len; i++)
        if (strcmp(a.diagnostics.items[i].category.ptr, "duplicate_stable_id") == 0) renames++;
    assert_int_equal(renames, 4);
    analysis_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_host_services_header),
        cmocka_unit_test(test_symbols_get_defaults_and_module_parent),
        cmocka_unit_test(test_invalid_symbols_are_dropped_with_a_diagnostic),
        cmocka_unit_test(test_strings_are_copied_and_repaired),
        cmocka_unit_test(test_small_struct_sizes_are_read_safely),
        cmocka_unit_test(test_edges_imports_docs_are_validated),
        cmocka_unit_test(test_diagnostics_are_capped_and_summarised),
        cmocka_unit_test(test_finish_renames_duplicate_stable_ids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
