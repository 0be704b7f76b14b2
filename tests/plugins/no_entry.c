/*
 * no_entry - test plugin for tests/unit/test_registry.c: a valid shared
 * object that does not export codira_plugin_register_v1.
 */
#include "codira/plugin.h"

CODIRA_PLUGIN_EXPORT int codira_plugin_register_v0(const codira_host *host, codira_registrar *reg);

int codira_plugin_register_v0(const codira_host *host, codira_registrar *reg)
{
    (void)host;
    (void)reg;
    return CODIRA_OK;
}
