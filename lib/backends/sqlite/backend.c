/* SQLite backend - placeholder registration until implemented. */
#include "codira/plugin.h"

int codira_sqlite_plugin_register(const codira_host *host, codira_registrar *reg);

int codira_sqlite_plugin_register(const codira_host *host, codira_registrar *reg)
{
    (void)host;
    (void)reg;
    return CODIRA_OK;
}
