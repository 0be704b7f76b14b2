/*
 * graph_dump - every stored call and reference site of a repository with
 * its resolution, one line each, sorted, through the active backend's read
 * interface (so it works for any backend):
 *
 *   graph_dump [REPO]
 *
 *   pkg/a.py:8:8 call pkg.a.A.run -> pkg.a.A.helper
 *   pkg/a.py:13:8 call pkg.a.A.run -> Python:<builtin>:print (unresolved)
 *   main.c:4:5 call main.main -> C:<ambiguous>:die (ambiguous: c:function:a.c:die c:function:b.c:die)
 *   pkg/a.py:25:19 ref/mapping_value pkg.a -> pkg.a.make
 *
 * Golden graph tests compare it with expected output; the incremental
 * property test compares it after an incremental run and after --full.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "indexer.h"
#include "registry.h"
#include "repo.h"

typedef struct dump {
    VEC(char *) lines;
    strbuf sb, a, b;
} dump;

static int on_site(void *ctx, const codira_site_row *r)
{
    dump *d = ctx;
    graph_node src = {r->src->module, strcmp(r->src->kind, "module") == 0 ? r->src->module : r->src->qualname,
                      r->src->kind, r->src->stable_id, r->src->path, r->src->line};
    sb_clear(&d->sb);
    sb_addf(&d->sb, "%s:%lld:%lld %s", r->path, (long long)r->line, (long long)r->col,
            r->relation == CODIRA_REL_CALL ? "call" : "ref");
    if (r->relation == CODIRA_REL_REF && r->ref_kind && *r->ref_kind) sb_addf(&d->sb, "/%s", r->ref_kind);
    sb_addf(&d->sb, " %s -> ", graph_node_display(&d->a, &src));
    if (r->status == CODIRA_LINK_RESOLVED && r->dst) {
        graph_node dst = {r->dst->module,
                          strcmp(r->dst->kind, "module") == 0 ? r->dst->module : r->dst->qualname,
                          r->dst->kind, r->dst->stable_id, r->dst->path, r->dst->line};
        sb_adds(&d->sb, graph_node_display(&d->b, &dst));
    } else {
        sb_adds(&d->sb, graph_label_display(&d->b, r->label_kind, r->label_name, r->target));
        if (r->status == CODIRA_LINK_AMBIGUOUS) {
            sb_adds(&d->sb, " (ambiguous:");
            for (const char *p = r->candidates; p && *p;) {
                const char *nl = strchr(p, '\n');
                size_t n = nl ? (size_t)(nl - p) : strlen(p);
                sb_addf(&d->sb, " %.*s", (int)n, p);
                p = nl ? nl + 1 : NULL;
            }
            sb_addc(&d->sb, ')');
        } else {
            sb_adds(&d->sb, " (unresolved)");
        }
    }
    VEC_PUSH(d->lines, xstrdup(d->sb.buf));
    return 0;
}

static int cmp_line(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    repo r;
    codira_error err = {0};
    if (repo_resolve(&r, argc > 1 ? argv[1] : NULL, NULL, &err)) {
        fprintf(stderr, "graph_dump: %s\n", err.message);
        return 2;
    }
    registry_load(r.root);
    codira_store *store = NULL;
    if (repo_select_backend(&r, &err) || indexer_open_fresh(&r, &store, &err)) {
        fprintf(stderr, "graph_dump: %s\n", err.message);
        return 2;
    }
    dump d = {0};
    sb_init(&d.sb);
    sb_init(&d.a);
    sb_init(&d.b);
    int rc = 0;
    for (uint32_t rel = CODIRA_REL_CALL; rel <= CODIRA_REL_REF && !rc; rel++) {
        codira_site_query q = {sizeof(q), rel, 0, NULL, 0, ""};
        if (r.backend->find_sites(store, &q, on_site, &d, &err) < 0) {
            fprintf(stderr, "graph_dump: %s\n", err.message);
            rc = 2;
        }
    }
    sort_array(d.lines.items, d.lines.len, sizeof(char *), cmp_line);
    for (size_t i = 0; i < d.lines.len; i++) {
        puts(d.lines.items[i]);
        free(d.lines.items[i]);
    }
    VEC_FREE(d.lines);
    sb_free(&d.sb);
    sb_free(&d.a);
    sb_free(&d.b);
    r.backend->close(store);
    repo_free(&r);
    return rc;
}
