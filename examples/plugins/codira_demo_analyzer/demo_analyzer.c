/*
 * demo_analyzer.c - the smallest working codira analyzer plugin.
 *
 * It understands "task files" (*.tasks), a made-up format:
 *
 *     # Compile every object file.        <- comment: docstring of the next task
 *     task compile                        <- a task: a function symbol
 *         needs configure                 <- a dependency: a call site
 *
 * Everything an analyzer plugin needs is here: a definition (name, version,
 * file patterns, the kinds it emits, an analyze function), and the entry
 * point codira looks for, codira_plugin_register_v1. The host copies every
 * record it is given, so records may point into the source buffer.
 */
#include <string.h>

#include <codira/plugin.h>

static codira_str view(const char *p, size_t n) { return (codira_str){p, n}; }

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* `line` starts with `word` followed by a space: return what follows, trimmed. */
static codira_str after_word(const char *line, size_t len, const char *word)
{
    size_t w = strlen(word), i = 0;
    while (i < len && is_space(line[i])) i++;
    if (len - i <= w || memcmp(line + i, word, w) != 0 || !is_space(line[i + w]))
        return view(NULL, 0);
    i += w;
    while (i < len && is_space(line[i])) i++;
    size_t end = len;
    while (end > i && is_space(line[end - 1])) end--;
    return view(line + i, end - i);
}

static int demo_analyze(const codira_analyzer *self, void *state, const codira_source *src,
                        const codira_host *host, codira_emitter *out, codira_error *err)
{
    (void)self, (void)state, (void)err;

    /* Every file with code emits its module symbol first. */
    codira_symbol mod = {.struct_size = sizeof mod};
    mod.kind = CODIRA_STR_LIT("module");
    char name[4096]; /* "ci/build.tasks" -> module "ci.build" */
    size_t n = 0, dot = 0;
    for (const char *c = src->path; *c && n < sizeof name; c++) {
        if (*c == '.') dot = n;
        name[n++] = *c == '/' ? '.' : *c;
    }
    mod.name = view(name, dot ? dot : n); /* the patterns guarantee an extension */
    mod.stable_id = CODIRA_STR_LIT("demo:module");
    mod.parent = CODIRA_NO_HANDLE;
    mod.line = 1;
    codira_handle module = host->emit_symbol(out, &mod);

    codira_handle task = CODIRA_NO_HANDLE; /* the task whose body we are in */
    codira_str comment = view(NULL, 0);
    uint32_t lineno = 0;
    for (const char *p = src->data, *end = src->data + src->size; p < end; ) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        lineno++;
        codira_str name = after_word(p, len, "task");
        codira_str dep = after_word(p, len, "needs");
        if (len > 0 && p[0] == '#') {
            size_t skip = len > 1 && p[1] == ' ' ? 2 : 1;
            comment = view(p + skip, len - skip);
        } else if (name.len) {
            codira_symbol sym = {.struct_size = sizeof sym};
            sym.kind = CODIRA_STR_LIT("function");
            sym.name = name;
            sym.stable_id = name; /* unique per file: the host renames duplicates */
            sym.parent = module;
            sym.line = sym.end_line = lineno;
            sym.flags = CODIRA_SYM_PUBLIC | (comment.len ? CODIRA_SYM_HAS_DOCSTRING : 0);
            sym.signature = view(p, len);
            sym.docstring = comment;
            task = host->emit_symbol(out, &sym);
            comment = view(NULL, 0);
        } else if (dep.len && task != CODIRA_NO_HANDLE) {
            codira_edge e = {.struct_size = sizeof e};
            e.relation = CODIRA_REL_CALL;
            e.owner = task;
            e.target_kind = CODIRA_TARGET_NAME;
            e.target = dep;
            e.line = lineno;
            e.col = (uint32_t)(dep.ptr - p);
            host->emit_edge(out, &e);
        } else {
            comment = view(NULL, 0);
        }
        p = nl ? nl + 1 : end;
    }
    return CODIRA_OK;
}

static const char *const demo_patterns[] = {"*.tasks", NULL};
static const char *const demo_kinds[] = {"module", "function", NULL};
static const char *const demo_edge_kinds[] = {"call", NULL};

static const codira_analyzer demo_analyzer = {
    .struct_size = sizeof(codira_analyzer),
    .iVersion = 1,
    .name = "demo",
    .version = "1",                /* bump when the output for some input changes */
    .provider = "codira-demo",
    .language = "Tasks",
    .patterns = demo_patterns,
    .kinds = demo_kinds,
    .priority = 500,               /* after the built-in analyzers */
    .flags = CODIRA_ANALYZER_THREAD_SAFE, /* no shared state */
    .analyze = demo_analyze,
    .resolver = "generic",         /* same file, then a unique definition anywhere */
    .edge_kinds = demo_edge_kinds,
};

CODIRA_PLUGIN_EXPORT int codira_plugin_register_v1(const codira_host *host, codira_registrar *reg);

int codira_plugin_register_v1(const codira_host *host, codira_registrar *reg)
{
    (void)host;
    return reg->add_analyzer(reg, &demo_analyzer);
}
