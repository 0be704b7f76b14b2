/*
 * cmd_plugins.c - `codira plugins`: every plugin, where it came from, and
 * whether it loaded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "registry.h"

static const char *status_name(plugin_status s)
{
    return s == PLUGIN_LOADED ? "loaded" : s == PLUGIN_DUPLICATE ? "duplicate" : "failed";
}

static int run_plugins(int argc, char **argv)
{
    bool json = false;
    const cli_opt opts[] = {
        {"json", 'j', OPT_FLAG, &json, NULL, "print JSON"},
        {0},
    };
    int rc = cli_parse(&cmd_plugins, opts, argc, argv, NULL, 0, 0, NULL);
    if (rc) return rc < 0 ? 0 : rc;
    repo r;
    codira_error err = {0};
    bool have_root = repo_resolve(&r, NULL, NULL, &err) == 0;
    registry_load(have_root ? r.root : NULL);
    const char *active = repo_backend_name();
    VEC(const plugin_entry *) list = {0};
    for (size_t i = 0; i < registry_count(); i++) VEC_PUSH(list, registry_entry(i));
    sort_array(list.items, list.len, sizeof(*list.items), plugin_entry_cmp);
    json_t *results = json ? json_array() : NULL;
    for (size_t i = 0; i < list.len; i++) {
        const plugin_entry *e = list.items[i];
        bool is_active = e->family == CODIRA_FAMILY_BACKEND && e->status == PLUGIN_LOADED &&
                         strcmp(e->name, active) == 0;
        const char *source = e->file ? "shared_object" : "builtin";
        if (json) {
            json_t *j = json_object();
            json_object_set_new(j, "family", json_string(plugin_family_name(e->family)));
            json_object_set_new(j, "name", json_string(e->name));
            json_object_set_new(j, "active", json_boolean(is_active));
            json_object_set_new(j, "provider", json_string(e->provider));
            json_object_set_new(j, "origin", json_string(plugin_origin_name(e->origin)));
            json_object_set_new(j, "source", json_string(source));
            json_object_set_new(j, "status", json_string(status_name(e->status)));
            json_object_set_new(j, "version", json_string(e->version));
            json_object_set_new(j, "entry_point", json_null());
            json_object_set_new(j, "detail", json_str_or_null(e->detail));
            json_object_set_new(j, "file", json_str_or_null(e->file));
            json_array_append_new(results, j);
            continue;
        }
        printf("%s: %s [%s%s] provider=%s origin=%s source=%s version=%s",
               plugin_family_name(e->family), e->name, is_active ? "active, " : "",
               status_name(e->status), e->provider, plugin_origin_name(e->origin), source,
               e->version);
        if (e->file) printf(" file=%s", e->file);
        if (e->detail) printf(" detail=%s", e->detail);
        putchar('\n');
    }
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "schema_version", json_string("1.0"));
        json_object_set_new(o, "command", json_string("plugins"));
        json_object_set_new(o, "status", json_string("ok"));
        json_object_set_new(o, "results", results);
        cli_print_json(o);
    }
    VEC_FREE(list);
    if (have_root) repo_free(&r);
    return 0;
}

const cli_command cmd_plugins = {
    .name = "plugins",
    .summary = "list analyzers and backends, their origin and status",
    .usage = "plugins [-h] [-j]",
    .description =
        "List every plugin: built in (core), shipped by codira (first_party) or not\n"
        "(third_party), with the file it came from and whether it loaded. Plugins are\n"
        "searched in the folders of CODIRA_PLUGIN_PATH, then in the installed plugin folder.",
    .examples = "  codira plugins          # one line per plugin\n"
                "  codira plugins --json   # as JSON\n",
    .run = run_plugins,
};
