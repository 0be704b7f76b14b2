/*
 * c.c - the C analyzer (tree-sitter-c 0.24). The analysis itself is the
 * C-family engine (cfamily.c); this file is the declarative definition.
 *
 * `*.h` files are shared with the C++ analyzer: a header is C unless its
 * first 8 KiB hold C++ outside comments, strings and `#ifdef __cplusplus`
 * blocks (cf_head_is_cpp), then the C++ analyzer (lower priority) takes it.
 */
#include <string.h>

#include "analyzers/cfamily.h"
#include "codira/plugin.h"

const TSLanguage *tree_sitter_c(void);

static const cf_lang c_lang = {
    .name = "c",
    .language = tree_sitter_c,
    .cpp = false,
    .lbl_macro = "C:<macro>",
    .lbl_system = "C:<system-header>",
    .lbl_external = "C:<external>",
    .lbl_fnptr = "C:<function-pointer>",
};

static void *c_thread_init(const codira_analyzer *self)
{
    (void)self;
    return cf_thread_init(&c_lang);
}

static void c_thread_fini(const codira_analyzer *self, void *state)
{
    (void)self;
    cf_thread_fini(state);
}

static int c_analyze(const codira_analyzer *self, void *state, const codira_source *src,
                     const codira_host *host, codira_emitter *out, codira_error *err)
{
    (void)self;
    (void)err;
    return cf_analyze(&c_lang, state, src, host, out);
}

/* `*.c` is always C; a header is C unless it holds C++ */
static int c_claims(const codira_analyzer *self, const char *path, const char *head,
                    size_t head_len)
{
    (void)self;
    size_t n = strlen(path);
    if (n < 2 || strcmp(path + n - 2, ".h") != 0) return 1;
    return !cf_head_is_cpp(head, head_len);
}

static const char *const c_patterns[] = {"*.c", "*.h", NULL};
static const char *const c_kinds[] = {"module",  "function", "prototype", "struct",
                                      "union",   "enum",     "enum_member", "typedef",
                                      "macro",   "variable", "constant",  NULL};
static const char *const c_roots[] = {"src", "include", "tests", NULL};

static const char *const c_edge_kinds[] = {
    "call", "ref:initializer", "ref:assignment_value", "ref:argument", "ref:return_value", NULL,
};

static const char *const c_doc_formats[] = {"doxygen", NULL};

const codira_analyzer codira_analyzer_c = {
    .struct_size = sizeof(codira_analyzer),
    .iVersion = 1,
    .name = "c",
    .version = "4",
    .resolver = "c",
    .edge_kinds = c_edge_kinds,
    .doc_formats = c_doc_formats,
    .provider = "codira",
    .language = "C",
    .patterns = c_patterns,
    .kinds = c_kinds,
    .coverage_roots = c_roots,
    .priority = 10,
    .flags = CODIRA_ANALYZER_THREAD_SAFE,
    .claims = c_claims,
    .thread_init = c_thread_init,
    .thread_fini = c_thread_fini,
    .analyze = c_analyze,
};
