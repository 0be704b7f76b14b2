/*
 * main.c - codira's entry point: dispatch to the command files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "registry.h"

static const cli_command *const commands[] = {
    &cmd_index, &cmd_cov, &cmd_sym, &cmd_symlist, &cmd_calls, &cmd_refs, &cmd_plugins, &cmd_caps, NULL,
};

static void top_help(void)
{
    printf("usage: codira [-h] [-V] {help");
    for (size_t i = 0; commands[i]; i++) printf(",%s", commands[i]->name);
    printf("} ...\n\n"
           "Repository-local code index and context retriever for developers and coding agents.\n\n"
           "options:\n"
           "  -h, --help       show this help and exit\n"
           "  -V, --version    show the version and the loaded plugins\n\n"
           "subcommands:\n");
    for (size_t i = 0; commands[i]; i++) printf("  %-10s %s\n", commands[i]->name, commands[i]->summary);
    printf("\nExamples:\n"
           "  codira index                 # build or refresh the index of this repository\n"
           "  codira index --full          # reanalyse every file\n"
           "  codira sym parse_config      # where is parse_config defined?\n"
           "  codira symlist --limit 20    # the first symbols of the inventory\n"
           "  codira calls main            # what main calls (-i: who calls it)\n"
           "  codira index -C              # refuse to index while files are not covered\n"
           "  codira cov                   # files no analyzer covers\n"
           "  codira plugins               # analyzers and backends, and where they come from\n"
           "  codira caps --json           # the capability contract\n"
           "\nEvery query command takes --json. Run 'codira COMMAND --help' for details.\n");
}

static int version(void)
{
    registry_load(NULL);
    printf("codira %s\n", CODIRA_VERSION);
    const char *active = repo_backend_name();
    const plugin_origin order[] = {ORIGIN_CORE, ORIGIN_FIRST_PARTY, ORIGIN_THIRD_PARTY};
    const char *titles[] = {"core plugins:", "first-party plugins:", "third-party plugins:"};
    for (size_t k = 0; k < 3; k++) {
        bool header = false;
        size_t n = registry_count();
        const plugin_entry **list = xcalloc(n ? n : 1, sizeof(*list));
        for (size_t i = 0; i < n; i++) list[i] = registry_entry(i);
        sort_array(list, n, sizeof(*list), plugin_entry_cmp);
        for (size_t i = 0; i < n; i++) {
            const plugin_entry *e = list[i];
            if (e->origin != order[k] || e->status != PLUGIN_LOADED) continue;
            if (!header) puts(titles[k]);
            header = true;
            bool is_active = e->family == CODIRA_FAMILY_BACKEND && strcmp(e->name, active) == 0;
            printf("  %s %s %s%s\n", plugin_family_name(e->family), e->name, e->version,
                   is_active ? " [active]" : "");
        }
        free(list);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "--help") == 0) {
        top_help();
        return 0;
    }
    if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) return version();
    for (size_t i = 0; commands[i]; i++)
        if (strcmp(argv[1], commands[i]->name) == 0) return commands[i]->run(argc - 1, argv + 1);
    if (argv[1][0] == '-')
        return cli_usage_error("options go after the command: codira COMMAND [options] "
                               "(unknown option %s)", argv[1]);
    strbuf names;
    sb_init(&names);
    for (size_t i = 0; commands[i]; i++) sb_addf(&names, "%s'%s'", i ? ", " : "", commands[i]->name);
    int rc = cli_usage_error("argument command: invalid choice: '%s' (choose from 'help', %s)",
                             argv[1], names.buf);
    sb_free(&names);
    return rc;
}
