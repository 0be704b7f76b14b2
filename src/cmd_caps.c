/*
 * cmd_caps.c - `codira caps`: the capability contract of this build: its
 * commands and what each guarantees, the retrieval channels, the plugin
 * families, the loaded plugins and what each analyzer declares, and
 * whether those declarations are complete.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "registry.h"

#define CAPS_SCHEMA_VERSION "1.0"

typedef struct command_caps {
    const char *name;
    const char *intent;
    const char *channels[4];     /* NULL-terminated */
    const char *guarantee;
    const char *limitations[4];  /* NULL-terminated */
} command_caps;

/* Sorted by name. */
static const command_caps command_table[] = {
    {"calls", "static call edges of a symbol: what it calls, or what calls it",
     {"call_graph", NULL},
     "call sites recorded by the analyzers and resolved by the host; unresolved and ambiguous "
     "targets are labelled, never guessed",
     {"static only: dynamic dispatch and calls through data are not followed", NULL}},
    {"caps", "this capability contract", {NULL},
     "describes this build and its loaded plugins; reads no index",
     {NULL}},
    {"cov", "files under the coverage roots that no loaded analyzer covers", {NULL},
     "never builds or changes the index; tracked files only in a git work tree",
     {"roots come from the analyzers' declarations (no configuration file yet)",
      "files without a suffix, .md, .rst, .txt, .typed and binary files are not reported", NULL}},
    {"index", "build or refresh the repository index", {NULL},
     "incremental (new, changed or re-owned files only) and one transaction per run: an "
     "interrupted run leaves the previous index intact",
     {"files no loaded analyzer claims are not indexed (see cov)",
      "binary files and files over CODIRA_MAX_FILE_BYTES are recorded as failed", NULL}},
    {"plugins", "every analyzer and backend, where it came from and whether it loaded", {NULL},
     "reads no index", {NULL}},
    {"refs", "callable references of a symbol (callbacks, registrations): outgoing or incoming",
     {"references", NULL},
     "reference sites recorded by the analyzers and resolved by the host; unresolved targets "
     "are labelled, never guessed",
     {"callables used as values only; no data-flow analysis", NULL}},
    {"sym", "exact symbol lookup by name, Class.method or module.name", {"symbol", NULL},
     "exact, deterministic matches from an index refreshed first when stale",
     {"no fuzzy or semantic matching", NULL}},
    {"symlist", "the symbol inventory with call and reference degrees",
     {"symbol", "call_graph", "references", NULL},
     "deterministic order (module, qualified name)",
     {"test files left out unless --include-tests", "at most --limit rows (default 1000)", NULL}},
};
#define N_COMMANDS (sizeof(command_table) / sizeof(command_table[0]))

typedef struct channel_caps {
    const char *name;
    const char *description;
} channel_caps;

static const channel_caps channel_table[] = {
    {"symbol", "exact lookup of definitions by name, qualified name or module path"},
    {"call_graph", "resolved static call edges between symbols, both directions"},
    {"references", "resolved references to callables used as values, both directions"},
};
#define N_CHANNELS (sizeof(channel_table) / sizeof(channel_table[0]))

static const char *const plugin_families[] = {"analyzer", "backend", NULL};
static const char *const known_resolvers[] = {"bash", "c", "cpp", "generic", "python", NULL};

/* ---- validation -------------------------------------------------------- */

static bool listed(const char *const *list, const char *s)
{
    for (; list && *list; list++)
        if (strcmp(*list, s) == 0) return true;
    return false;
}

static const char *resolver_name(const codira_analyzer *an)
{
    return an->resolver && *an->resolver ? an->resolver : "generic";
}

typedef VEC(char *) problem_list;

/* What the loaded analyzers fail to declare, one message each. */
static size_t declaration_problems(problem_list *out)
{
    for (size_t i = 0; i < registry_analyzer_count(); i++) {
        const codira_analyzer *an = registry_analyzer(i);
        /* a documentation-only analyzer emits no symbols, hence no edges */
        const char *const *docs = CODIRA_ANALYZER_DOC_FORMATS(an);
        bool has_kinds = an->kinds && an->kinds[0], docs_only = !has_kinds && docs && docs[0];
        if (!has_kinds && !docs_only)
            VEC_PUSH(*out, xasprintf("analyzer %s declares no symbol kinds", an->name));
        /* NULL: undeclared; an empty list: declares that it records none */
        if (!an->edge_kinds && !docs_only)
            VEC_PUSH(*out, xasprintf("analyzer %s declares no edge kinds", an->name));
        if (!listed(known_resolvers, resolver_name(an)))
            VEC_PUSH(*out, xasprintf("analyzer %s names an unknown resolver '%s'", an->name,
                                     an->resolver));
    }
    return out->len;
}

static char *join_problems(const problem_list *p)
{
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < p->len; i++) sb_addf(&sb, "%s%s", i ? "; " : "", p->items[i]);
    return sb_steal(&sb);
}

/* ---- JSON ---------------------------------------------------------------- */

static json_t *list_json(const char *const *list)
{
    json_t *a = json_array();
    for (; list && *list; list++) json_array_append_new(a, json_string(*list));
    return a;
}

static json_t *commands_json(void)
{
    json_t *o = json_object();
    for (size_t i = 0; i < N_COMMANDS; i++) {
        const command_caps *c = &command_table[i];
        json_t *j = json_object();
        json_object_set_new(j, "intent", json_string(c->intent));
        json_object_set_new(j, "channels", list_json(c->channels));
        json_object_set_new(j, "guarantee", json_string(c->guarantee));
        json_object_set_new(j, "limitations", list_json(c->limitations));
        json_object_set_new(o, c->name, j);
    }
    return o;
}

static json_t *channels_json(void)
{
    json_t *a = json_array();
    for (size_t i = 0; i < N_CHANNELS; i++) {
        json_t *j = json_object();
        json_object_set_new(j, "name", json_string(channel_table[i].name));
        json_object_set_new(j, "description", json_string(channel_table[i].description));
        json_t *users = json_array();
        for (size_t k = 0; k < N_COMMANDS; k++)
            if (listed(command_table[k].channels, channel_table[i].name))
                json_array_append_new(users, json_string(command_table[k].name));
        json_object_set_new(j, "commands", users);
        json_array_append_new(a, j);
    }
    return a;
}

static json_t *families_json(void)
{
    json_t *a = json_array();
    for (const char *const *f = plugin_families; *f; f++) {
        json_t *j = json_object();
        json_object_set_new(j, "name", json_string(*f));
        json_object_set_new(j, "abi_version", json_integer(CODIRA_ABI_VERSION));
        json_object_set_new(j, "entry_point", json_string(CODIRA_PLUGIN_ENTRY_SYMBOL));
        json_array_append_new(a, j);
    }
    return a;
}

/* Loaded plugins in display order; free the array. */
static const plugin_entry **loaded_plugins(size_t *n)
{
    const plugin_entry **list = xcalloc(registry_count() + 1, sizeof(*list));
    *n = 0;
    for (size_t i = 0; i < registry_count(); i++)
        if (registry_entry(i)->status == PLUGIN_LOADED) list[(*n)++] = registry_entry(i);
    sort_array(list, *n, sizeof(*list), plugin_entry_cmp);
    return list;
}

static json_t *plugins_json(void)
{
    json_t *a = json_array();
    size_t n;
    const plugin_entry **list = loaded_plugins(&n);
    for (size_t i = 0; i < n; i++) {
        json_t *j = json_object();
        json_object_set_new(j, "family", json_string(plugin_family_name(list[i]->family)));
        json_object_set_new(j, "name", json_string(list[i]->name));
        json_object_set_new(j, "version", json_string(list[i]->version));
        json_object_set_new(j, "origin", json_string(plugin_origin_name(list[i]->origin)));
        json_array_append_new(a, j);
    }
    free(list);
    return a;
}

static json_t *analyzers_json(void)
{
    json_t *a = json_array();
    for (size_t i = 0; i < registry_analyzer_count(); i++) {
        const codira_analyzer *an = registry_analyzer(i);
        json_t *j = json_object();
        json_object_set_new(j, "name", json_string(an->name));
        json_object_set_new(j, "version", json_string(an->version));
        json_object_set_new(j, "language", json_str_or_null(an->language));
        json_object_set_new(j, "patterns", list_json(an->patterns));
        json_object_set_new(j, "kinds", list_json(an->kinds));
        json_object_set_new(j, "edge_kinds", list_json(an->edge_kinds));
        json_object_set_new(j, "resolver", json_string(resolver_name(an)));
        json_object_set_new(j, "coverage_roots", list_json(an->coverage_roots));
        json_object_set_new(j, "doc_formats", list_json(CODIRA_ANALYZER_DOC_FORMATS(an)));
        json_array_append_new(a, j);
    }
    return a;
}

static json_t *caps_json(const problem_list *problems)
{
    json_t *o = json_object();
    json_object_set_new(o, "schema_version", json_string(CAPS_SCHEMA_VERSION));
    json_object_set_new(o, "commands", commands_json());
    json_object_set_new(o, "channels", channels_json());
    json_object_set_new(o, "plugin_families", families_json());
    json_object_set_new(o, "plugins", plugins_json());
    json_object_set_new(o, "analyzers", analyzers_json());
    json_t *v = json_object();
    json_object_set_new(v, "status", json_string(problems->len ? "degraded" : "ok"));
    json_t *issues = json_array();
    for (size_t i = 0; i < problems->len; i++) json_array_append_new(issues, json_string(problems->items[i]));
    json_object_set_new(v, "issues", issues);
    json_object_set_new(o, "validation", v);
    return o;
}

/* ---- text ---------------------------------------------------------------- */

/* "label: a, b, c" */
static void print_list(const char *label, const char *const *list)
{
    printf("%s:", label);
    for (const char *const *p = list; p && *p; p++) printf("%s %s", p == list ? "" : ",", *p);
    putchar('\n');
}

static void caps_text(const problem_list *problems)
{
    printf("schema_version: %s\n", CAPS_SCHEMA_VERSION);
    printf("commands:");
    for (size_t i = 0; i < N_COMMANDS; i++) printf("%s %s", i ? "," : "", command_table[i].name);
    printf("\nchannels:");
    for (size_t i = 0; i < N_CHANNELS; i++) printf("%s %s", i ? "," : "", channel_table[i].name);
    putchar('\n');
    print_list("plugin_families", plugin_families);
    size_t n;
    const plugin_entry **list = loaded_plugins(&n);
    printf("plugins:");
    for (size_t i = 0; i < n; i++)
        printf("%s %s %s %s (%s)", i ? "," : "", plugin_family_name(list[i]->family), list[i]->name,
               list[i]->version, plugin_origin_name(list[i]->origin));
    putchar('\n');
    free(list);
    for (size_t i = 0; i < registry_analyzer_count(); i++) {
        const codira_analyzer *an = registry_analyzer(i);
        printf("analyzer: %s version=%s language=%s resolver=%s\n", an->name, an->version,
               an->language ? an->language : "-", resolver_name(an));
        print_list("  patterns", an->patterns);
        print_list("  kinds", an->kinds);
        print_list("  edge_kinds", an->edge_kinds);
        print_list("  coverage_roots", an->coverage_roots);
        print_list("  doc_formats", CODIRA_ANALYZER_DOC_FORMATS(an));
    }
    printf("validation: %s\n", problems->len ? "degraded" : "ok");
    if (problems->len) {
        char *all = join_problems(problems);
        printf("validation_issues: %s\n", all);
        free(all);
    }
}

static int run_caps(int argc, char **argv)
{
    bool json = false, strict = false;
    const cli_opt opts[] = {
        {"json", 'j', OPT_FLAG, &json, NULL, "print the capability contract as JSON"},
        {"strict", 's', OPT_FLAG, &strict, NULL,
         "exit 2 when an analyzer's declarations are incomplete"},
        {0},
    };
    int rc = cli_parse(&cmd_caps, opts, argc, argv, NULL, 0, 0, NULL);
    if (rc) return rc < 0 ? 0 : rc;
    repo r;
    codira_error err = {0};
    bool have_root = repo_resolve(&r, NULL, NULL, &err) == 0;
    registry_load(have_root ? r.root : NULL);
    problem_list problems = {0};
    if (declaration_problems(&problems) && strict) {
        char *all = join_problems(&problems);
        rc = cli_fail_json("caps", json, EXIT_USAGE, "invalid capability declarations: %s", all);
        free(all);
    } else if (json) {
        cli_print_json(caps_json(&problems));
    } else {
        caps_text(&problems);
    }
    for (size_t i = 0; i < problems.len; i++) free(problems.items[i]);
    VEC_FREE(problems);
    if (have_root) repo_free(&r);
    return rc;
}

const cli_command cmd_caps = {
    .name = "caps",
    .summary = "the capability contract: commands, channels, plugins, analyzer declarations",
    .usage = "caps [-h] [-j] [-s]",
    .description =
        "Describe what this build can do: each command's intent, channels, guarantee and\n"
        "limitations, the retrieval channels, the plugin families, the loaded plugins and\n"
        "what every analyzer declares (patterns, symbol kinds, edge kinds, resolver, coverage\n"
        "roots, documentation formats). Incomplete declarations make the validation\n"
        "\"degraded\"; with --strict they are an error (exit 2). Reads no index.",
    .examples = "  codira caps            # summary\n"
                "  codira caps --json     # the whole contract as JSON\n"
                "  codira caps --strict   # exit 2 when a plugin's declarations are incomplete\n",
    .run = run_caps,
};
