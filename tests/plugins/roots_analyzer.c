/*
 * roots_analyzer.so - a third-party analyzer for the coverage and
 * capability tests (tests/unit/test_coverage.c, tests/e2e/test_cov_caps.sh).
 *
 * Its name patterns take *.rt files, and its claims() only those whose
 * content starts with "RT" (the others are left to the coverage audit).
 * It declares globbed coverage roots, roots that leave the repository
 * (which name nothing), an unknown resolver and no edge kinds: the
 * declaration problems `codira caps --strict` refuses. It emits nothing.
 */
#include <string.h>

#include "codira/plugin.h"

static const char *const patterns[] = {"*.rt", NULL};
static const char *const kinds[] = {"module", NULL};
static const char *const roots[] = {"lib*", "docs/*.rst", "../outside", "/etc", NULL};

static int rt_claims(const codira_analyzer *self, const char *path, const char *head,
                     size_t head_len)
{
    (void)self;
    (void)path;
    return head_len >= 2 && memcmp(head, "RT", 2) == 0;
}

static int rt_analyze(const codira_analyzer *self, void *state, const codira_source *src,
                      const codira_host *host, codira_emitter *out, codira_error *err)
{
    (void)self, (void)state, (void)src, (void)host, (void)out, (void)err;
    return CODIRA_OK;
}

static const codira_analyzer roots_analyzer = {
    .struct_size = sizeof(codira_analyzer),
    .iVersion = 1,
    .name = "roots",
    .version = "1",
    .provider = "codira-tests",
    .language = "Roots",
    .patterns = patterns,
    .kinds = kinds,
    .coverage_roots = roots,
    .priority = 600,
    .flags = CODIRA_ANALYZER_THREAD_SAFE,
    .claims = rt_claims,
    .analyze = rt_analyze,
    .resolver = "magic",
};

CODIRA_PLUGIN_EXPORT int codira_plugin_register_v1(const codira_host *host, codira_registrar *reg);

int codira_plugin_register_v1(const codira_host *host, codira_registrar *reg)
{
    (void)host;
    return reg->add_analyzer(reg, &roots_analyzer);
}
