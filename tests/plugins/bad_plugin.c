/*
 * bad_plugin - test plugin for tests/unit/test_registry.c: every
 * registration it attempts is refused. An analyzer without file patterns,
 * a backend without most of its methods, and a complete backend whose
 * name ("sqlite") is already taken by the built-in one.
 */
#include "codira/plugin.h"

CODIRA_PLUGIN_EXPORT int codira_plugin_register_v1(const codira_host *host, codira_registrar *reg);

static int no_analyze(const codira_analyzer *self, void *state, const codira_source *src,
                      const codira_host *host, codira_emitter *out, codira_error *err)
{
    (void)self;
    (void)state;
    (void)src;
    (void)host;
    (void)out;
    (void)err;
    return CODIRA_OK;
}

static const char *const no_patterns[] = {NULL};

static const codira_analyzer nopatterns = {
    .struct_size = sizeof(codira_analyzer),
    .iVersion = 1,
    .name = "nopatterns",
    .version = "1",
    .provider = "codira-tests",
    .language = "None",
    .patterns = no_patterns,
    .analyze = no_analyze,
};

static codira_backend half, shadow;

int codira_plugin_register_v1(const codira_host *host, codira_registrar *reg)
{
    const codira_backend *base = host->find_backend("sqlite");
    if (!base) return CODIRA_E_INVALID;
    /* only the read side's open/close */
    half.struct_size = sizeof(codira_backend);
    half.iVersion = 1;
    half.name = "halfbackend";
    half.version = "1";
    half.provider = "codira-tests";
    half.open = base->open;
    half.close = base->close;
    /* complete, but the name is taken */
    shadow = *base;
    shadow.version = "shadow";
    shadow.provider = "codira-tests";
    reg->add_analyzer(reg, &nopatterns);
    reg->add_backend(reg, &half);
    reg->add_backend(reg, &shadow);
    return CODIRA_OK;
}
