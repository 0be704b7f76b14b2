/*
 * register_error - test plugin for tests/unit/test_registry.c: its entry
 * point fails without registering anything.
 */
#include "codira/plugin.h"

CODIRA_PLUGIN_EXPORT int codira_plugin_register_v1(const codira_host *host, codira_registrar *reg);

int codira_plugin_register_v1(const codira_host *host, codira_registrar *reg)
{
    (void)host;
    (void)reg;
    return CODIRA_E_UNSUPPORTED;
}
