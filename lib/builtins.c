/*
 * builtins.c - the plugins compiled into codira. They register through the
 * same entry point type as an external plugin (see plugin.h).
 */
#include "codira/plugin.h"

extern const codira_analyzer codira_analyzer_python;
extern const codira_analyzer codira_analyzer_c;
extern const codira_analyzer codira_analyzer_cpp;
extern const codira_analyzer codira_analyzer_bash;
extern const codira_analyzer codira_analyzer_json;
extern const codira_analyzer codira_analyzer_markdown;
extern const codira_analyzer codira_analyzer_text;

/* lib/backends/sqlite/ exports its entry point under this name. */
int codira_sqlite_plugin_register(const codira_host *host, codira_registrar *reg);

int codira_builtin_register(const codira_host *host, codira_registrar *reg);

int codira_builtin_register(const codira_host *host, codira_registrar *reg)
{
    reg->add_analyzer(reg, &codira_analyzer_python);
    reg->add_analyzer(reg, &codira_analyzer_c);
    reg->add_analyzer(reg, &codira_analyzer_cpp);
    reg->add_analyzer(reg, &codira_analyzer_bash);
    reg->add_analyzer(reg, &codira_analyzer_json);
    reg->add_analyzer(reg, &codira_analyzer_markdown);
    reg->add_analyzer(reg, &codira_analyzer_text);
    return codira_sqlite_plugin_register(host, reg);
}
