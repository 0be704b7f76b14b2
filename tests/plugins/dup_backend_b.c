/*
 * dup_backend_b - test plugin for tests/unit/test_registry.c: registers a
 * backend named "dup", version "b", that wraps the built-in sqlite backend
 * (found through host->find_backend). The twin of dup_backend_a.c.
 */
#include "codira/plugin.h"

CODIRA_PLUGIN_EXPORT int codira_plugin_register_v1(const codira_host *host, codira_registrar *reg);

static codira_backend dup_backend;

int codira_plugin_register_v1(const codira_host *host, codira_registrar *reg)
{
    const codira_backend *base = host->find_backend("sqlite");
    if (!base) return CODIRA_E_INVALID;
    dup_backend = *base;
    dup_backend.name = "dup";
    dup_backend.version = "b";
    dup_backend.provider = "codira-tests";
    return reg->add_backend(reg, &dup_backend);
}
