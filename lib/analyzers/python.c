/* Python analyzer (tree-sitter-python). Placeholder until implemented. */
#include "codira/plugin.h"

static const char *const py_patterns[] = {"*.py", NULL};
static const char *const py_kinds[] = {"module", "class", "function", "method", NULL};
static const char *const py_roots[] = {"src", "tests", "scripts", NULL};

static int py_analyze(const codira_analyzer *self, void *state, const codira_source *src,
                      const codira_host *host, codira_emitter *out, codira_error *err)
{
    (void)self; (void)state; (void)src; (void)host; (void)out; (void)err;
    return CODIRA_OK;
}

const codira_analyzer codira_analyzer_python = {
    .struct_size = sizeof(codira_analyzer),
    .iVersion = 1,
    .name = "python",
    .version = "0",
    .provider = "codira",
    .language = "Python",
    .patterns = py_patterns,
    .kinds = py_kinds,
    .coverage_roots = py_roots,
    .priority = 0,
    .flags = CODIRA_ANALYZER_THREAD_SAFE,
    .analyze = py_analyze,
};
