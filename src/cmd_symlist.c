/*
 * cmd_symlist.c - `codira symlist`: the symbol inventory with graph degrees.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "graph.h"

typedef struct list_ctx {
    const repo *r;
    bool json;
    json_t *rows;
    strbuf last_module;
    bool have_module;
} list_ctx;

/* The inventory rows, kept so that their degrees can be counted. */
typedef struct collected {
    arena mem;
    VEC(codira_symbol_row) rows;
} collected;

static int on_collect(void *ctx, const codira_symbol_row *r)
{
    collected *c = ctx;
    codira_symbol_row k = *r;
    k.stable_id = arena_strdup(&c->mem, r->stable_id);
    k.kind = arena_strdup(&c->mem, r->kind);
    k.name = arena_strdup(&c->mem, r->name);
    k.qualname = arena_strdup(&c->mem, r->qualname);
    k.module = arena_strdup(&c->mem, r->module);
    k.path = arena_strdup(&c->mem, r->path);
    /* the rest is not shown */
    k.language = k.parent_stable_id = k.signature = k.docstring = k.decorators = k.parameters = NULL;
    VEC_PUSH(c->rows, k);
    return 0;
}

static json_t *metric(codira_graph_metric m)
{
    json_t *j = json_object();
    json_object_set_new(j, "total", json_integer(m.total));
    json_object_set_new(j, "unresolved", json_integer(m.unresolved));
    return j;
}

static void text_metric(strbuf *sb, const char *name, codira_graph_metric m)
{
    if (!m.total) return;
    sb_addf(sb, " %s=%lld", name, (long long)m.total);
    if (m.unresolved) sb_addf(sb, " (%lld unresolved)", (long long)m.unresolved);
}

static void print_row(list_ctx *c, const codira_symbol_row *s)
{
    if (c->json) {
        json_t *j = json_object();
        char *id = xasprintf("%s:%s", s->module, s->qualname);
        char *abs = cli_abs_path(c->r, s->path);
        json_object_set_new(j, "id", json_string(id));
        json_object_set_new(j, "type", json_string(s->kind));
        json_object_set_new(j, "module", json_string(s->module));
        json_object_set_new(j, "name", json_string(s->name));
        json_object_set_new(j, "file", json_string(abs));
        json_object_set_new(j, "lineno", json_integer(s->line));
        json_object_set_new(j, "calls_out", metric(s->calls_out));
        json_object_set_new(j, "calls_in", metric(s->calls_in));
        json_object_set_new(j, "refs_out", metric(s->refs_out));
        json_object_set_new(j, "refs_in", metric(s->refs_in));
        json_object_set_new(j, "qualname", json_string(s->qualname));
        json_object_set_new(j, "stable_id", json_string(s->stable_id));
        json_array_append_new(c->rows, j);
        free(id);
        free(abs);
        return;
    }
    if (!c->have_module || strcmp(c->last_module.buf, s->module) != 0) {
        printf("%s\n", s->module);
        sb_clear(&c->last_module);
        sb_adds(&c->last_module, s->module);
        c->have_module = true;
    }
    strbuf line;
    sb_init(&line);
    sb_addf(&line, "  %s", strcmp(s->kind, "module") == 0 ? s->module : s->qualname);
    strbuf m;
    sb_init(&m);
    text_metric(&m, "calls_out", s->calls_out);
    text_metric(&m, "calls_in", s->calls_in);
    text_metric(&m, "refs_out", s->refs_out);
    text_metric(&m, "refs_in", s->refs_in);
    if (m.len) sb_addf(&line, " %s", m.buf);
    puts(line.buf);
    sb_free(&line);
    sb_free(&m);
}

static int run_symlist(int argc, char **argv)
{
    cli_repo_opts ro = {0};
    bool json = false, include_tests = false;
    const char *prefix_raw = NULL;
    long long limit = 1000;
    const cli_opt opts[] = {
        {"json", 'j', OPT_FLAG, &json, NULL, "print JSON"},
        {"prefix", 'x', OPT_STRING, &prefix_raw, "PREFIX",
         "only symbols defined under this repository-relative folder or file"},
        {"include-tests", 'T', OPT_FLAG, &include_tests, NULL,
         "also list symbols of test files (left out by default)"},
        {"limit", 'l', OPT_INT, &limit, "N", "at most N symbols (default 1000)"},
        CLI_REPO_OPTIONS(ro),
        {0},
    };
    int rc = cli_parse(&cmd_symlist, opts, argc, argv, NULL, 0, 0, NULL);
    if (rc) return rc < 0 ? 0 : rc;
    if (limit < 0) return cli_fail(EXIT_USAGE, "Limit must be non-negative.");
    cli_query cq;
    if ((rc = cli_query_open("symlist", json, &ro, prefix_raw, &cq))) return rc;
    list_ctx c = {&cq.r, json, json ? json_array() : NULL, {0}, false};
    sb_init(&c.last_module);
    codira_inventory_query q = {sizeof(q), cq.prefix, include_tests, limit};
    codira_error err = {0};
    collected rows = {0};
    int code = cq.r.backend->symbol_inventory(cq.store, &q, on_collect, &rows, &err);
    if (code >= 0) code = graph_degrees(cq.r.backend, cq.store, rows.rows.items, rows.rows.len, &err);
    for (size_t i = 0; code >= 0 && i < rows.rows.len; i++) print_row(&c, &rows.rows.items[i]);
    VEC_FREE(rows.rows);
    arena_free(&rows.mem);
    if (code < 0) {
        json_decref(c.rows);
        rc = cli_fail_json("symlist", json, 1, "cannot read the index: %s", err.message);
    } else if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "schema_version", json_string("1.0"));
        json_object_set_new(o, "command", json_string("symlist"));
        json_object_set_new(o, "status", json_string("ok"));
        json_t *query = json_object();
        json_object_set_new(query, "prefix", json_str_or_null(prefix_raw));
        json_object_set_new(query, "include_tests", json_boolean(include_tests));
        json_object_set_new(query, "limit", json_integer(limit));
        json_object_set_new(o, "query", query);
        json_object_set_new(o, "symbols", c.rows);
        cli_print_json(o);
    }
    sb_free(&c.last_module);
    cli_query_close(&cq);
    return rc;
}

const cli_command cmd_symlist = {
    .name = "symlist",
    .summary = "symbol inventory with call and reference counts",
    .usage = "symlist [-h] [-j] [-x PREFIX] [-T] [-l N] [-p PATH] [-o DIR]",
    .description =
        "List the symbols of the repository, grouped by module, one row per (module, name),\n"
        "with their call and reference degrees. Test files are left out unless -T.",
    .examples = "  codira symlist --limit 20         # the first 20 symbols\n"
                "  codira symlist -x src/core --json # one folder, as JSON\n"
                "  codira symlist -T                 # tests included\n",
    .run = run_symlist,
};
