/* C analyzer (tree-sitter-c). Placeholder until implemented. */
#include "codira/plugin.h"

static const char *const c_patterns[] = {"*.c", "*.h", NULL};
static const char *const c_kinds[] = {"module", "function", NULL};
static const char *const c_roots[] = {"src", "include", "tests", NULL};

static int c_analyze(const codira_analyzer *self, void *state, const codira_source *src,
                      const codira_host *host, codira_emitter *out, codira_error *err)
{
    (void)self; (void)state; (void)src; (void)host; (void)out; (void)err;
    return CODIRA_OK;
}

const codira_analyzer codira_analyzer_c = {
    .struct_size = sizeof(codira_analyzer),
    .iVersion = 1,
    .name = "c",
    .version = "0",
    .provider = "codira",
    .language = "C",
    .patterns = c_patterns,
    .kinds = c_kinds,
    .coverage_roots = c_roots,
    .priority = 10,
    .flags = CODIRA_ANALYZER_THREAD_SAFE,
    .analyze = c_analyze,
};
