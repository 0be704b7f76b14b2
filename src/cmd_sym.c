/*
 * cmd_sym.c - `codira sym NAME`: exact symbol lookup.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

typedef struct sym_hit {
    codira_symbol_row row; /* strings below are owned copies */
    char *strs[12];
} sym_hit;

static const char *keep(sym_hit *h, int slot, const char *s)
{
    h->strs[slot] = s ? xstrdup(s) : NULL;
    return h->strs[slot];
}

typedef struct collect {
    VEC(sym_hit) hits;
} collect;

static int on_symbol(void *ctx, const codira_symbol_row *r)
{
    collect *c = ctx;
    if (strcmp(r->kind, "overload") == 0) return 0; /* shown under their implementation */
    sym_hit h = {0};
    h.row = *r;
    h.row.stable_id = keep(&h, 0, r->stable_id);
    h.row.kind = keep(&h, 1, r->kind);
    h.row.name = keep(&h, 2, r->name);
    h.row.qualname = keep(&h, 3, r->qualname);
    h.row.module = keep(&h, 4, r->module);
    h.row.path = keep(&h, 5, r->path);
    h.row.language = keep(&h, 6, r->language);
    h.row.parent_stable_id = keep(&h, 7, r->parent_stable_id);
    h.row.signature = keep(&h, 8, r->signature);
    h.row.docstring = keep(&h, 9, r->docstring);
    h.row.decorators = keep(&h, 10, r->decorators);
    h.row.parameters = keep(&h, 11, r->parameters);
    VEC_PUSH(c->hits, h);
    return 0;
}

typedef struct children {
    json_t *overloads, *members;
} children;

static int on_child(void *ctx, const codira_symbol_row *r)
{
    children *c = ctx;
    json_t *j = json_object();
    if (strcmp(r->kind, "overload") == 0) {
        json_object_set_new(j, "kind", json_string("overload"));
        json_object_set_new(j, "stable_id", json_string(r->stable_id));
        json_object_set_new(j, "parent_stable_id", json_str_or_null(r->parent_stable_id));
        json_object_set_new(j, "ordinal", json_integer(r->ordinal));
        json_object_set_new(j, "signature", json_string(r->signature));
        json_object_set_new(j, "lineno", json_integer(r->line));
        json_object_set_new(j, "end_lineno", json_integer(r->end_line));
        json_object_set_new(j, "docstring", json_str_or_null(r->docstring));
        json_array_append_new(c->overloads, j);
    } else if (strcmp(r->kind, "enum_member") == 0) {
        json_object_set_new(j, "kind", json_string("enum_member"));
        json_object_set_new(j, "stable_id", json_string(r->stable_id));
        json_object_set_new(j, "parent_stable_id", json_str_or_null(r->parent_stable_id));
        json_object_set_new(j, "ordinal", json_integer(r->ordinal));
        json_object_set_new(j, "name", json_string(r->name));
        json_object_set_new(j, "signature", json_string(r->signature));
        json_object_set_new(j, "lineno", json_integer(r->line));
        json_array_append_new(c->members, j);
    } else {
        json_decref(j);
    }
    return 0;
}

/* `NAME[: ANNOTATION] = VALUE` from a constant's signature, or NULL. */
static json_t *constant_detail(const codira_symbol_row *r)
{
    const char *sig = r->signature;
    size_t n = strlen(r->name);
    if (strncmp(sig, r->name, n) != 0) return NULL;
    const char *p = sig + n, *eq = strstr(p, "=");
    if (!eq) return NULL;
    json_t *ann = json_null();
    while (*p == ' ') p++;
    if (*p == ':') {
        const char *a = p + 1;
        while (*a == ' ') a++;
        const char *e = eq;
        while (e > a && e[-1] == ' ') e--;
        ann = json_stringn(a, (size_t)(e - a));
    } else if (p != eq) {
        return NULL;
    }
    const char *v = eq + 1;
    while (*v == ' ') v++;
    json_t *j = json_object();
    json_object_set_new(j, "kind", json_string("constant_detail"));
    json_object_set_new(j, "annotation", ann);
    json_object_set_new(j, "value", json_string(v));
    return j;
}

static json_t *hit_json(const repo *r, codira_store *store, const codira_symbol_row *h)
{
    json_t *j = json_object();
    char *abs = cli_abs_path(r, h->path);
    json_object_set_new(j, "type", json_string(h->kind));
    json_object_set_new(j, "module", json_string(h->module));
    json_object_set_new(j, "name", json_string(h->name));
    json_object_set_new(j, "file", json_string(abs));
    json_object_set_new(j, "lineno", json_integer(h->line));
    free(abs);
    bool kids = !strcmp(h->kind, "function") || !strcmp(h->kind, "method") ||
                !strcmp(h->kind, "enum") || !strcmp(h->kind, "typedef");
    if (kids) {
        children c = {json_array(), json_array()};
        codira_error err;
        r->backend->symbol_children(store, h->id, on_child, &c, &err);
        if (json_array_size(c.overloads)) json_object_set(j, "overloads", c.overloads);
        if (json_array_size(c.members)) json_object_set(j, "enum_members", c.members);
        json_decref(c.overloads);
        json_decref(c.members);
    }
    if (!strcmp(h->kind, "constant")) {
        json_t *cd = constant_detail(h);
        if (cd) json_object_set_new(j, "constant_detail", cd);
    }
    json_object_set_new(j, "qualname", json_string(h->qualname));
    json_object_set_new(j, "stable_id", json_string(h->stable_id));
    json_object_set_new(j, "end_lineno", json_integer(h->end_line));
    json_object_set_new(j, "language", json_string(h->language));
    json_object_set_new(j, "signature", json_string(h->signature));
    json_object_set_new(j, "docstring", json_str_or_null(h->docstring));
    json_object_set_new(j, "parent", json_str_or_null(h->parent_stable_id));
    return j;
}

static int run_sym(int argc, char **argv)
{
    cli_repo_opts ro = {0};
    bool json = false;
    const char *prefix_raw = NULL, *name = NULL;
    const cli_opt opts[] = {
        {"json", 'j', OPT_FLAG, &json, NULL, "print JSON"},
        {"prefix", 'x', OPT_STRING, &prefix_raw, "PREFIX",
         "only symbols defined under this repository-relative folder or file"},
        CLI_REPO_OPTIONS(ro),
        {0},
    };
    int rc = cli_parse(&cmd_sym, opts, argc, argv, &name, 1, 1, "NAME");
    if (rc) return rc < 0 ? 0 : rc;
    cli_query cq;
    if ((rc = cli_query_open("sym", json, &ro, prefix_raw, &cq))) return rc;
    const repo *r = &cq.r;
    collect c = {0};
    codira_symbol_query q = {sizeof(q), name, cq.prefix};
    codira_error err = {0};
    int code = r->backend->find_symbols(cq.store, &q, on_symbol, &c, &err);
    if (code < 0) {
        cli_query_close(&cq);
        return cli_fail_json("sym", json, 1, "cannot read the index: %s", err.message);
    }
    rc = c.hits.len ? 0 : EXIT_NO_MATCH;
    if (json) {
        json_t *query = json_object();
        json_object_set_new(query, "name", json_string(name));
        json_object_set_new(query, "prefix", json_str_or_null(prefix_raw));
        json_t *o = cli_envelope("sym", c.hits.len ? "ok" : "no_matches", query);
        json_t *results = json_array();
        for (size_t i = 0; i < c.hits.len; i++)
            json_array_append_new(results, hit_json(r, cq.store, &c.hits.items[i].row));
        json_object_set_new(o, "results", results);
        cli_print_json(o);
    } else if (!c.hits.len) {
        printf("No symbol found: %s\n", name);
    } else {
        for (size_t i = 0; i < c.hits.len; i++) {
            const codira_symbol_row *h = &c.hits.items[i].row;
            char *abs = cli_abs_path(r, h->path);
            if (!strcmp(h->kind, "module") || !*h->module)
                printf("%s: %s %s:%lld\n", h->kind, !strcmp(h->kind, "module") ? h->module : h->qualname,
                       abs, (long long)h->line);
            else
                printf("%s: %s.%s %s:%lld\n", h->kind, h->module, h->qualname, abs, (long long)h->line);
            free(abs);
        }
    }
    for (size_t i = 0; i < c.hits.len; i++)
        for (int k = 0; k < 12; k++) free(c.hits.items[i].strs[k]);
    VEC_FREE(c.hits);
    cli_query_close(&cq);
    return rc;
}

const cli_command cmd_sym = {
    .name = "sym",
    .summary = "exact symbol lookup (name, Class.method or module.name)",
    .usage = "sym [-h] [-j] [-x PREFIX] [-p PATH] [-o DIR] NAME",
    .description =
        "Find the definitions of a symbol by its exact name. NAME may be a bare name\n"
        "(helper), a qualified name inside its module (Class.method) or a fully qualified\n"
        "one (pkg.mod.Class.method). Exits 1 when nothing matches.",
    .examples = "  codira sym parse_config           # every definition named parse_config\n"
                "  codira sym Parser.parse --json    # a method, as JSON\n"
                "  codira sym main -x src/cli        # only under src/cli\n",
    .run = run_sym,
};
