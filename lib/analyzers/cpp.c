/*
 * cpp.c - the C++ analyzer (tree-sitter-cpp 0.23). The analysis is the
 * C-family engine (cfamily.c) with its C++ parts on: namespaces (named,
 * nested, anonymous), classes and structs with their members, out-of-line
 * definitions attached to their class, templates, overloads kept apart by
 * their parameter types, `using` aliases, qualified and member calls.
 *
 * It claims every file its patterns match. `*.h` is in them, but the C
 * analyzer comes first (priority 10) and keeps the headers that hold no
 * C++ (see c.c).
 */
#include "analyzers/cfamily.h"
#include "codira/plugin.h"

const TSLanguage *tree_sitter_cpp(void);

static const cf_lang cpp_lang = {
    .name = "cpp",
    .language = tree_sitter_cpp,
    .cpp = true,
    .lbl_macro = "C++:<macro>",
    .lbl_system = "C++:<system-header>",
    .lbl_external = "C++:<external>",
    .lbl_fnptr = "C++:<function-pointer>",
    .lbl_std = "C++:<std>",
    .lbl_member = "C++:<member>",
};

static void *cpp_thread_init(const codira_analyzer *self)
{
    (void)self;
    return cf_thread_init(&cpp_lang);
}

static void cpp_thread_fini(const codira_analyzer *self, void *state)
{
    (void)self;
    cf_thread_fini(state);
}

static int cpp_analyze(const codira_analyzer *self, void *state, const codira_source *src,
                       const codira_host *host, codira_emitter *out, codira_error *err)
{
    (void)self;
    (void)err;
    return cf_analyze(&cpp_lang, state, src, host, out);
}

static const char *const cpp_patterns[] = {"*.cpp", "*.cc",  "*.cxx", "*.c++", "*.hpp",
                                           "*.hh",  "*.hxx", "*.h++", "*.ipp", "*.tpp",
                                           "*.inl", "*.h",   NULL};
static const char *const cpp_kinds[] = {
    "module",  "namespace", "class",    "struct",   "union",     "enum",     "enum_member",
    "method",  "function",  "prototype", "typedef", "type_alias", "macro",   "variable",
    "constant", NULL};
static const char *const cpp_roots[] = {"src", "include", "tests", NULL};

static const char *const cpp_edge_kinds[] = {
    "call", "ref:initializer", "ref:assignment_value", "ref:argument", "ref:return_value",
    "ref:base_class", NULL,
};

const codira_analyzer codira_analyzer_cpp = {
    .struct_size = sizeof(codira_analyzer),
    .iVersion = 1,
    .name = "cpp",
    .version = "3",
    .resolver = "cpp",
    .edge_kinds = cpp_edge_kinds,
    .provider = "codira",
    .language = "C++",
    .patterns = cpp_patterns,
    .kinds = cpp_kinds,
    .coverage_roots = cpp_roots,
    .priority = 15,
    .flags = CODIRA_ANALYZER_THREAD_SAFE,
    .thread_init = cpp_thread_init,
    .thread_fini = cpp_thread_fini,
    .analyze = cpp_analyze,
};
