/*
 * graph.c - sites grouped into edges between logical nodes; see graph.h.
 */
#include <stdlib.h>
#include <string.h>

#include "graph.h"

const char *graph_node_display(strbuf *sb, const graph_node *n)
{
    sb_clear(sb);
    if (!n->module || !*n->module) sb_adds(sb, n->qualname ? n->qualname : "");
    else if (n->kind && strcmp(n->kind, "module") == 0) sb_adds(sb, n->module);
    else sb_addf(sb, "%s.%s", n->module, n->qualname);
    return sb->buf;
}

const char *graph_label_display(strbuf *sb, const char *label_kind, const char *label_name,
                                const char *target)
{
    sb_clear(sb);
    if (label_kind && *label_kind && label_name && *label_name)
        sb_addf(sb, "%s:%s", label_kind, label_name);
    else if (label_name && *label_name) sb_adds(sb, label_name);
    else if (target && *target) sb_adds(sb, target);
    else sb_adds(sb, "<unresolved>");
    return sb->buf;
}

/* Node identity: module and qualname (modules: their name, whatever the
 * qualname says). */
static const char *node_key(strbuf *sb, const char *module, const char *qualname, const char *kind)
{
    sb_clear(sb);
    sb_adds(sb, module ? module : "");
    sb_addc(sb, '\x1f');
    sb_adds(sb, kind && strcmp(kind, "module") == 0 ? module : qualname);
    return sb->buf;
}

static void node_from_row(arena *mem, graph_node *n, const codira_symbol_row *r)
{
    n->module = arena_strdup(mem, r->module ? r->module : "");
    n->qualname = arena_strdup(mem, strcmp(r->kind, "module") == 0 ? r->module : r->qualname);
    n->kind = arena_strdup(mem, r->kind);
    n->stable_id = arena_strdup(mem, r->stable_id);
    n->path = arena_strdup(mem, r->path);
    n->line = r->line;
}

/* Should `r` represent its node instead of `n`? Definitions come before
 * prototypes and overloads, then the first in (path, line) order. */
static bool better(const graph_node *n, const codira_symbol_row *r)
{
    bool rd = strcmp(r->kind, "prototype") != 0 && strcmp(r->kind, "overload") != 0;
    bool nd = strcmp(n->kind, "prototype") != 0 && strcmp(n->kind, "overload") != 0;
    if (rd != nd) return rd;
    int c = strcmp(r->path, n->path);
    return c < 0 || (c == 0 && r->line < n->line);
}

/* ---- selection --------------------------------------------------------- */

typedef struct select_ctx {
    const char *name, *module;
    arena *mem;
    VEC(codira_symbol_row) rows; /* strings in mem */
} select_ctx;

static int on_select_row(void *p, const codira_symbol_row *r)
{
    select_ctx *c = p;
    if (c->module && strcmp(r->module, c->module) != 0) return 0;
    codira_symbol_row k = *r;
    k.module = arena_strdup(c->mem, r->module);
    k.qualname = arena_strdup(c->mem, r->qualname);
    k.name = arena_strdup(c->mem, r->name);
    k.kind = arena_strdup(c->mem, r->kind);
    k.stable_id = arena_strdup(c->mem, r->stable_id);
    k.path = arena_strdup(c->mem, r->path);
    VEC_PUSH(c->rows, k);
    return 0;
}

static bool logical_match(const codira_symbol_row *r, const char *name)
{
    if (strcmp(r->kind, "module") == 0) return strcmp(r->module, name) == 0;
    if (strcmp(r->qualname, name) == 0) return true;
    /* C++: "DBImpl::Write" names "leveldb::DBImpl::Write" */
    size_t lq = strlen(r->qualname), ln = strlen(name);
    if (strstr(name, "::") && lq > ln + 2 && strcmp(r->qualname + lq - ln, name) == 0 &&
        r->qualname[lq - ln - 1] == ':' && r->qualname[lq - ln - 2] == ':')
        return true;
    size_t lm = strlen(r->module);
    return lm && strncmp(name, r->module, lm) == 0 && name[lm] == '.' &&
           strcmp(name + lm + 1, r->qualname) == 0;
}

static int cmp_node(const void *a, const void *b)
{
    const graph_node *x = a, *y = b;
    int c = strcmp(x->module, y->module);
    return c ? c : strcmp(x->qualname, y->qualname);
}

int graph_select(const codira_backend *be, codira_store *store, const char *name,
                 const char *module, graph_selection *out, codira_error *err)
{
    memset(out, 0, sizeof(*out));
    select_ctx c = {name, module && *module ? module : NULL, &out->mem, {0}};
    codira_symbol_query q = {sizeof(q), name, NULL};
    int code = be->find_symbols(store, &q, on_select_row, &c, err);
    if (code < 0) {
        VEC_FREE(c.rows);
        return code;
    }
    bool exact = false;
    for (size_t i = 0; i < c.rows.len && !exact; i++) exact = logical_match(&c.rows.items[i], name);
    strmap seen;
    strmap_init(&seen, c.rows.len);
    strbuf key;
    sb_init(&key);
    for (size_t i = 0; i < c.rows.len; i++) {
        const codira_symbol_row *r = &c.rows.items[i];
        if (exact ? !logical_match(r, name) : strcmp(r->name, name) != 0) continue;
        VEC_PUSH(out->ids, r->id);
        node_key(&key, r->module, r->qualname, r->kind);
        size_t at;
        if (strmap_get(&seen, key.buf, &at)) {
            graph_node *n = &out->nodes.items[at];
            /* a definition represents its node before prototypes and overloads */
            if (better(n, r)) node_from_row(&out->mem, n, r);
            continue;
        }
        graph_node n;
        node_from_row(&out->mem, &n, r);
        VEC_PUSH(out->nodes, n);
        strmap_put(&seen, arena_strdup(&out->mem, key.buf), out->nodes.len - 1);
    }
    sort_array(out->nodes.items, out->nodes.len, sizeof(graph_node), cmp_node);
    strmap_free(&seen);
    sb_free(&key);
    VEC_FREE(c.rows);
    return CODIRA_OK;
}

void graph_selection_free(graph_selection *s)
{
    VEC_FREE(s->ids);
    VEC_FREE(s->nodes);
    arena_free(&s->mem);
    memset(s, 0, sizeof(*s));
}

/* ---- edges ------------------------------------------------------------- */

typedef struct query_ctx {
    graph_edges *g;
    bool keep_sites;
    strbuf key, disp, tmp;
} query_ctx;

static const char *copy(graph_edges *g, const char *s)
{
    return arena_strdup(&g->mem, s ? s : "");
}

static void add_candidates(graph_edges *g, graph_edge *e, const char *list)
{
    const char *p = list;
    while (p && *p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        bool have = false;
        for (size_t i = 0; i < e->candidates.len && !have; i++)
            have = strlen(e->candidates.items[i]) == n && strncmp(e->candidates.items[i], p, n) == 0;
        if (!have && n) VEC_PUSH(e->candidates, arena_strndup(&g->mem, p, n));
        p = nl ? nl + 1 : NULL;
    }
}

static int on_site(void *p, const codira_site_row *r)
{
    query_ctx *c = p;
    graph_edges *g = c->g;
    bool resolved = r->status == CODIRA_LINK_RESOLVED && r->dst;
    node_key(&c->key, r->src->module, r->src->qualname, r->src->kind);
    sb_addc(&c->key, '\x1e');
    if (resolved) {
        sb_addc(&c->key, 'R');
        node_key(&c->tmp, r->dst->module, r->dst->qualname, r->dst->kind);
        sb_adds(&c->key, c->tmp.buf);
    } else {
        graph_label_display(&c->disp, r->label_kind, r->label_name, r->target);
        sb_addc(&c->key, r->status == CODIRA_LINK_AMBIGUOUS ? 'A' : 'U');
        sb_adds(&c->key, c->disp.buf);
    }
    size_t at;
    graph_edge *e;
    if (strmap_get(&g->by_key, c->key.buf, &at)) {
        e = &g->items.items[at];
        if (better(&e->src, r->src)) node_from_row(&g->mem, &e->src, r->src);
        if (resolved && better(&e->dst, r->dst)) node_from_row(&g->mem, &e->dst, r->dst);
    } else {
        graph_edge n;
        memset(&n, 0, sizeof(n));
        node_from_row(&g->mem, &n.src, r->src);
        n.resolved = resolved;
        n.ambiguous = !resolved && r->status == CODIRA_LINK_AMBIGUOUS;
        if (resolved) {
            node_from_row(&g->mem, &n.dst, r->dst);
            n.label_kind = "";
            n.label_name = "";
            n.display = arena_strdup(&g->mem, graph_node_display(&c->disp, &n.dst));
        } else {
            n.label_kind = copy(g, r->label_kind);
            n.label_name = copy(g, *r->label_name || *r->label_kind ? r->label_name : r->target);
            n.display = arena_strdup(&g->mem, c->disp.buf);
        }
        VEC_PUSH(g->items, n);
        at = g->items.len - 1;
        strmap_put(&g->by_key, arena_strdup(&g->mem, c->key.buf), at);
        e = &g->items.items[at];
    }
    if (e->ambiguous) add_candidates(g, e, r->candidates);
    if (c->keep_sites) {
        graph_site s = {copy(g, r->path), r->line, r->col};
        VEC_PUSH(e->sites, s);
    }
    return 0;
}

static int cmp_site(const void *a, const void *b)
{
    const graph_site *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    if (c) return c;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    return (x->col > y->col) - (x->col < y->col);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_edge(const void *a, const void *b)
{
    const graph_edge *x = a, *y = b;
    int c;
    if ((c = strcmp(x->src.module, y->src.module))) return c;
    if ((c = strcmp(x->src.qualname, y->src.qualname))) return c;
    if ((c = strcmp(x->resolved ? x->dst.module : "", y->resolved ? y->dst.module : ""))) return c;
    if ((c = strcmp(x->resolved ? x->dst.qualname : "", y->resolved ? y->dst.qualname : "")))
        return c;
    if ((c = strcmp(x->label_kind, y->label_kind))) return c;
    if ((c = strcmp(x->label_name, y->label_name))) return c;
    if (x->resolved != y->resolved) return x->resolved ? 1 : -1;
    return strcmp(x->display, y->display);
}

static int query_edges(const codira_backend *be, codira_store *store, uint32_t relation,
                       bool incoming, const int64_t *ids, size_t n_ids, const char *prefix,
                       bool keep_sites, graph_edges *out, codira_error *err)
{
    if (!out->by_key.cap) strmap_init(&out->by_key, 64);
    query_ctx c = {out, keep_sites, {0}, {0}, {0}};
    sb_init(&c.key);
    sb_init(&c.disp);
    sb_init(&c.tmp);
    codira_site_query q = {sizeof(q), relation, incoming, ids, n_ids, prefix ? prefix : ""};
    int code = n_ids ? be->find_sites(store, &q, on_site, &c, err) : CODIRA_OK;
    sb_free(&c.key);
    sb_free(&c.disp);
    sb_free(&c.tmp);
    if (code < 0) return code;
    /* sorting moves edges: the key map would point at the wrong ones */
    for (size_t i = 0; i < out->items.len; i++) {
        graph_edge *e = &out->items.items[i];
        sort_array(e->sites.items, e->sites.len, sizeof(graph_site), cmp_site);
        sort_array(e->candidates.items, e->candidates.len, sizeof(char *), cmp_str);
    }
    return CODIRA_OK;
}

static void sort_edges(graph_edges *g)
{
    sort_array(g->items.items, g->items.len, sizeof(graph_edge), cmp_edge);
    /* rebuild the key map for the new positions */
    strmap_free(&g->by_key);
    strmap_init(&g->by_key, g->items.len);
    strbuf key, tmp;
    sb_init(&key);
    sb_init(&tmp);
    for (size_t i = 0; i < g->items.len; i++) {
        const graph_edge *e = &g->items.items[i];
        node_key(&key, e->src.module, e->src.qualname, e->src.kind);
        sb_addc(&key, '\x1e');
        if (e->resolved) {
            sb_addc(&key, 'R');
            sb_adds(&key, node_key(&tmp, e->dst.module, e->dst.qualname, e->dst.kind));
        } else {
            sb_addc(&key, e->ambiguous ? 'A' : 'U');
            sb_adds(&key, e->display);
        }
        strmap_put(&g->by_key, arena_strdup(&g->mem, key.buf), i);
    }
    sb_free(&key);
    sb_free(&tmp);
}

int graph_query(const codira_backend *be, codira_store *store, uint32_t relation, bool incoming,
                const int64_t *ids, size_t n_ids, const char *prefix, graph_edges *out,
                codira_error *err)
{
    int code = query_edges(be, store, relation, incoming, ids, n_ids, prefix, true, out, err);
    if (code < 0) return code;
    sort_edges(out);
    return CODIRA_OK;
}

void graph_edges_free(graph_edges *g)
{
    for (size_t i = 0; i < g->items.len; i++) {
        VEC_FREE(g->items.items[i].sites);
        VEC_FREE(g->items.items[i].candidates);
    }
    VEC_FREE(g->items);
    strmap_free(&g->by_key);
    arena_free(&g->mem);
    memset(g, 0, sizeof(*g));
}

/* ---- degrees ----------------------------------------------------------- */

static codira_graph_metric *metric_of(codira_symbol_row *r, int which)
{
    switch (which) {
    case 0: return &r->calls_out;
    case 1: return &r->calls_in;
    case 2: return &r->refs_out;
    default: return &r->refs_in;
    }
}

/* find_symbols for many names: the backend's batch when it has one, else
 * one call per name. */
typedef struct batch_adapter {
    codira_symbol_batch_cb cb;
    void *ctx;
    size_t query;
} batch_adapter;

static int on_batch_adapter_row(void *p, const codira_symbol_row *r)
{
    batch_adapter *a = p;
    return a->cb(a->ctx, a->query, r);
}

static int find_symbols_many(const codira_backend *be, codira_store *store,
                             const char *const *names, size_t n, codira_symbol_batch_cb cb,
                             void *ctx, codira_error *err)
{
    if (!n) return CODIRA_OK;
    if (CODIRA_BACKEND_HAS(be, find_symbols_batch) && be->find_symbols_batch)
        return be->find_symbols_batch(store, names, n, NULL, cb, ctx, err);
    int code = CODIRA_OK;
    for (size_t i = 0; i < n && code >= 0; i++) {
        batch_adapter a = {cb, ctx, i};
        codira_symbol_query q = {sizeof(q), names[i], NULL};
        code = be->find_symbols(store, &q, on_batch_adapter_row, &a, err);
    }
    return code;
}

/* The node whose symbols one query of the batch collects. */
typedef struct degree_query {
    const char *module, *qualname;
} degree_query;

typedef struct degree_ctx {
    const degree_query *queries;
    graph_ids *ids;
} degree_ctx;

static int on_degree_symbol(void *p, size_t query, const codira_symbol_row *r)
{
    degree_ctx *c = p;
    const degree_query *q = &c->queries[query];
    bool is_module = strcmp(r->kind, "module") == 0;
    if (strcmp(r->module, q->module) != 0) return 0;
    if (strcmp(is_module ? r->module : r->qualname, q->qualname) != 0) return 0;
    VEC_PUSH(*c->ids, r->id);
    return 0;
}

int graph_degrees(const codira_backend *be, codira_store *store, codira_symbol_row *rows,
                  size_t n, codira_error *err)
{
    graph_ids ids = {0};
    strmap row_of;
    strmap_init(&row_of, n);
    arena keys;
    arena_init(&keys);
    strbuf sb;
    sb_init(&sb);
    VEC(const char *) names = {0};
    VEC(degree_query) queries = {0};
    for (size_t i = 0; i < n; i++) {
        codira_symbol_row *r = &rows[i];
        for (int k = 0; k < 4; k++) *metric_of(r, k) = (codira_graph_metric){0, 0};
        bool is_module = strcmp(r->kind, "module") == 0;
        node_key(&sb, r->module, r->qualname, r->kind);
        if (!strmap_put(&row_of, arena_strdup(&keys, sb.buf), i)) continue;
        /* the other symbols of the node (a prototype beside its definition) */
        sb_clear(&sb);
        if (is_module || !*r->module) sb_adds(&sb, is_module ? r->module : r->qualname);
        else sb_addf(&sb, "%s.%s", r->module, r->qualname);
        VEC_PUSH(names, arena_strdup(&keys, sb.buf));
        degree_query q = {r->module, is_module ? r->module : r->qualname};
        VEC_PUSH(queries, q);
    }
    degree_ctx dc = {queries.items, &ids};
    int code = find_symbols_many(be, store, names.items, names.len, on_degree_symbol, &dc, err);
    VEC_FREE(names);
    VEC_FREE(queries);
    static const struct {
        uint32_t relation;
        bool incoming;
        int metric; /* for metric_of */
    } passes[] = {{CODIRA_REL_CALL, false, 0}, {CODIRA_REL_CALL, true, 1},
                  {CODIRA_REL_REF, false, 2},  {CODIRA_REL_REF, true, 3}};
    for (size_t p = 0; p < 4 && code >= 0; p++) {
        graph_edges g = {0};
        code = query_edges(be, store, passes[p].relation, passes[p].incoming, ids.items, ids.len,
                           NULL, false, &g, err);
        for (size_t i = 0; code >= 0 && i < g.items.len; i++) {
            const graph_edge *e = &g.items.items[i];
            const graph_node *end = passes[p].incoming ? &e->dst : &e->src;
            size_t at;
            if (!strmap_get(&row_of, node_key(&sb, end->module, end->qualname, end->kind), &at))
                continue;
            codira_graph_metric *m = metric_of(&rows[at], passes[p].metric);
            m->total++;
            if (!e->resolved) m->unresolved++;
        }
        graph_edges_free(&g);
    }
    /* rows naming the same node share its counts */
    for (size_t i = 0; i < n && code >= 0; i++) {
        size_t at;
        strmap_get(&row_of, node_key(&sb, rows[i].module, rows[i].qualname, rows[i].kind), &at);
        if (at != i)
            for (int k = 0; k < 4; k++) *metric_of(&rows[i], k) = *metric_of(&rows[at], k);
    }
    sb_free(&sb);
    arena_free(&keys);
    strmap_free(&row_of);
    VEC_FREE(ids);
    return code < 0 ? code : CODIRA_OK;
}
