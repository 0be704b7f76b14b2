/*
 * relations.c - the engine behind `calls` and `refs`: flat edge lists,
 * bounded trees (text, JSON, Graphviz DOT), each edge with the places it
 * happens. The tree walk follows the reference's algorithm step by step
 * so that its output matches codira's for the same graph.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "relations.h"

#define SITES_SHOWN 8 /* text views list this many sites of an edge, then "+N more" */

typedef struct rel_opts {
    const char *name, *module, *prefix_raw;
    bool incoming, json, dot, tree;
    long long max_depth, max_nodes;
} rel_opts;

typedef struct rel_ctx {
    const char *command;
    const relation_words *w;
    rel_opts o;
    cli_query q;
    strbuf sb;
} rel_ctx;

/* The edges of the node (name, module) in the query's direction. */
static int fetch(rel_ctx *c, const char *name, const char *module, graph_edges *out,
                 codira_error *err)
{
    graph_selection sel;
    memset(out, 0, sizeof(*out));
    int code = graph_select(c->q.r.backend, c->q.store, name, module, &sel, err);
    if (code >= 0)
        code = graph_query(c->q.r.backend, c->q.store, c->w->relation, c->o.incoming, sel.ids.items,
                           sel.ids.len, c->q.prefix, out, err);
    graph_selection_free(&sel);
    return code;
}

/* The node on the selected side of an edge: the target when incoming. */
static const graph_node *selected_side(const rel_ctx *c, const graph_edge *e)
{
    return c->o.incoming ? &e->dst : &e->src;
}

static bool same_node(const graph_node *a, const graph_node *b)
{
    return strcmp(a->module, b->module) == 0 && strcmp(a->qualname, b->qualname) == 0;
}

/* Distinct selected-side nodes of the edges, in edge order. */
static size_t distinct_selected(const rel_ctx *c, const graph_edges *g, const graph_node **out,
                                size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < g->items.len; i++) {
        const graph_node *s = selected_side(c, &g->items.items[i]);
        bool seen = false;
        for (size_t k = 0; k < n && !seen; k++) seen = same_node(out[k], s);
        if (!seen && n < max) out[n++] = s;
    }
    return n;
}

static void text_sites(strbuf *sb, const graph_site *sites, size_t n)
{
    if (!n) return;
    sb_adds(sb, "  (");
    for (size_t i = 0; i < n && i < SITES_SHOWN; i++)
        sb_addf(sb, "%s%s:%lld", i ? ", " : "", sites[i].path, (long long)sites[i].line);
    if (n > SITES_SHOWN) sb_addf(sb, ", +%zu more", n - SITES_SHOWN);
    sb_addc(sb, ')');
}

static json_t *json_sites(const rel_ctx *c, const graph_site *sites, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *s = json_object();
        char *abs = cli_abs_path(&c->q.r, sites[i].path);
        json_object_set_new(s, "file", json_string(abs));
        json_object_set_new(s, "line", json_integer(sites[i].line));
        json_object_set_new(s, "column", json_integer(sites[i].col));
        json_array_append_new(a, s);
        free(abs);
    }
    return a;
}

static json_t *node_json(const rel_ctx *c, const graph_node *n)
{
    strbuf sb;
    sb_init(&sb);
    json_t *j = json_object();
    char *abs = cli_abs_path(&c->q.r, n->path);
    json_object_set_new(j, "module", json_string(n->module));
    json_object_set_new(j, "name", json_string(n->qualname));
    json_object_set_new(j, "display", json_string(graph_node_display(&sb, n)));
    json_object_set_new(j, "type", json_string(n->kind));
    json_object_set_new(j, "file", json_string(abs));
    json_object_set_new(j, "lineno", json_integer(n->line));
    json_object_set_new(j, "stable_id", json_string(n->stable_id));
    free(abs);
    sb_free(&sb);
    return j;
}

/* "NAME" or "MODULE.NAME", as the no-match line and ambiguous roots show it. */
static const char *asked(rel_ctx *c)
{
    sb_clear(&c->sb);
    if (c->o.module && *c->o.module) sb_addf(&c->sb, "%s.", c->o.module);
    sb_adds(&c->sb, c->o.name);
    return c->sb.buf;
}

static void no_match_line(rel_ctx *c)
{
    printf("No %s found for %s: %s\n", c->w->noun, c->o.incoming ? c->w->in_word : c->w->out_word,
           asked(c));
}

static json_t *base_query(const rel_ctx *c)
{
    json_t *q = json_object();
    json_object_set_new(q, "name", json_string(c->o.name));
    json_object_set_new(q, "module", json_str_or_null(c->o.module));
    json_object_set_new(q, "incoming", json_boolean(c->o.incoming));
    json_object_set_new(q, "prefix", json_str_or_null(c->o.prefix_raw));
    return q;
}

/* When NAME designates several nodes, say which (the edges of all are shown). */
static json_t *report_matches(rel_ctx *c, const graph_edges *g)
{
    const graph_node *nodes[16];
    size_t n = distinct_selected(c, g, nodes, 16);
    if (n < 2) return NULL;
    json_t *matches = c->o.json ? json_array() : NULL;
    strbuf list, d;
    sb_init(&list);
    sb_init(&d);
    for (size_t i = 0; i < n; i++) {
        if (matches) json_array_append_new(matches, node_json(c, nodes[i]));
        sb_addf(&list, "%s%s (%s:%lld)", i ? ", " : "", graph_node_display(&d, nodes[i]),
                nodes[i]->path, (long long)nodes[i]->line);
    }
    notice("%s names %s%zu symbols: %s; the edges of all are shown, --module picks one", c->o.name,
           n == 16 ? "16 or more " : "", n, list.buf);
    sb_free(&list);
    sb_free(&d);
    return matches;
}

/* ---- flat view ----------------------------------------------------------- */

static int run_flat(rel_ctx *c, const graph_edges *g)
{
    const relation_words *w = c->w;
    json_t *matches = report_matches(c, g);
    if (c->o.json) {
        json_t *o = cli_envelope(c->command, g->items.len ? "ok" : "no_matches", base_query(c));
        json_t *results = json_array();
        for (size_t i = 0; i < g->items.len; i++) {
            const graph_edge *e = &g->items.items[i];
            json_t *j = json_object();
            json_object_set_new(j, w->src_module_key, json_string(e->src.module));
            json_object_set_new(j, w->src_name_key, json_string(e->src.qualname));
            json_object_set_new(j, w->dst_module_key, e->resolved ? json_string(e->dst.module) : json_null());
            json_object_set_new(j, w->dst_name_key, e->resolved ? json_string(e->dst.qualname) : json_null());
            if (!e->resolved && *e->label_kind)
                json_object_set_new(j, "external_target_kind", json_string(e->label_kind));
            if (!e->resolved && *e->label_name)
                json_object_set_new(j, "external_target_name", json_string(e->label_name));
            json_object_set_new(j, "resolved", json_boolean(e->resolved));
            json_object_set_new(j, "sites", json_sites(c, e->sites.items, e->sites.len));
            if (e->ambiguous) {
                json_t *cands = json_array();
                for (size_t k = 0; k < e->candidates.len; k++)
                    json_array_append_new(cands, json_string(e->candidates.items[k]));
                json_object_set_new(j, "candidates", cands);
            }
            json_array_append_new(results, j);
        }
        json_object_set_new(o, "results", results);
        if (matches) json_object_set_new(o, "matches", matches);
        cli_print_json(o);
        return g->items.len ? 0 : EXIT_NO_MATCH;
    }
    if (!g->items.len) {
        no_match_line(c);
        return EXIT_NO_MATCH;
    }
    strbuf line;
    sb_init(&line);
    for (size_t i = 0; i < g->items.len; i++) {
        const graph_edge *e = &g->items.items[i];
        sb_clear(&line);
        graph_node_display(&c->sb, &e->src);
        sb_addf(&line, "%s %s %s", c->sb.buf, w->arrow, e->display);
        text_sites(&line, e->sites.items, e->sites.len);
        if (e->ambiguous && e->candidates.len) {
            sb_adds(&line, " candidates: ");
            for (size_t k = 0; k < e->candidates.len; k++)
                sb_addf(&line, "%s%s", k ? ", " : "", e->candidates.items[k]);
        }
        puts(line.buf);
    }
    sb_free(&line);
    return 0;
}

/* ---- tree ---------------------------------------------------------------- */

typedef struct tnode {
    const char *module;       /* NULL: unresolved, or a root that names several nodes */
    const char *name;
    const char *kind;
    const char *display;
    const char *label_kind, *label_name; /* unresolved leaves */
    bool resolved, cycle;
    size_t parent;            /* SIZE_MAX for the root */
    VEC(size_t) kids;
    VEC(graph_site) sites;    /* of the edges from (or to) the parent */
} tnode;

typedef struct tree {
    arena mem;
    VEC(tnode) nodes;
    long long node_count, edge_count;
    bool by_depth, by_nodes;
} tree;

typedef struct neighbor {
    tnode n;
    const char *sort_module, *sort_name;
} neighbor;

typedef VEC(neighbor) neighbor_list;

static int cmp_neighbor(const void *a, const void *b)
{
    const neighbor *x = a, *y = b;
    if (x->n.resolved != y->n.resolved) return x->n.resolved ? -1 : 1;
    int k = strcmp(x->sort_module, y->sort_module);
    return k ? k : strcmp(x->sort_name, y->sort_name);
}

static int cmp_tsite(const void *a, const void *b)
{
    const graph_site *x = a, *y = b;
    int k = strcmp(x->path, y->path);
    if (k) return k;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    return (x->col > y->col) - (x->col < y->col);
}

static bool on_path(const tree *t, size_t at, const tnode *n)
{
    for (size_t i = at; i != SIZE_MAX; i = t->nodes.items[i].parent) {
        const tnode *p = &t->nodes.items[i];
        if (p->resolved && p->module && strcmp(p->module, n->module) == 0 &&
            strcmp(p->name, n->name) == 0)
            return true;
    }
    return false;
}

/* The neighbors of a node from its edges: deduplicated, sorted resolved
 * first, then by module and name. */
static void neighbors_of(rel_ctx *c, tree *t, const graph_edges *g, neighbor_list *out)
{
    strbuf d;
    sb_init(&d);
    for (size_t i = 0; i < g->items.len; i++) {
        const graph_edge *e = &g->items.items[i];
        neighbor nb;
        memset(&nb, 0, sizeof(nb));
        const graph_node *peer = c->o.incoming ? &e->src : (e->resolved ? &e->dst : NULL);
        if (peer) {
            nb.n.module = arena_strdup(&t->mem, peer->module);
            nb.n.name = arena_strdup(&t->mem, peer->qualname);
            nb.n.kind = arena_strdup(&t->mem, peer->kind);
            nb.n.display = arena_strdup(&t->mem, graph_node_display(&d, peer));
            nb.n.resolved = true;
            nb.sort_module = nb.n.module;
            nb.sort_name = nb.n.name;
        } else {
            nb.n.display = arena_strdup(&t->mem, e->display);
            nb.n.label_kind = arena_strdup(&t->mem, e->label_kind);
            nb.n.label_name = arena_strdup(&t->mem, e->label_name);
            nb.n.name = *e->label_name ? nb.n.label_name : nb.n.display;
            nb.sort_module = "";
            nb.sort_name = nb.n.name;
        }
        size_t k = 0;
        for (; k < out->len; k++) {
            const tnode *o = &out->items[k].n;
            if (o->resolved != nb.n.resolved) continue;
            if (o->resolved ? strcmp(o->module, nb.n.module) == 0 && strcmp(o->name, nb.n.name) == 0
                            : strcmp(o->display, nb.n.display) == 0)
                break;
        }
        if (k == out->len) VEC_PUSH(*out, nb);
        tnode *dst = &out->items[k].n;
        for (size_t s = 0; s < e->sites.len; s++) {
            graph_site gs = e->sites.items[s];
            gs.path = arena_strdup(&t->mem, gs.path);
            VEC_PUSH(dst->sites, gs);
        }
    }
    for (size_t k = 0; k < out->len; k++)
        sort_array(out->items[k].n.sites.items, out->items[k].n.sites.len, sizeof(graph_site),
                   cmp_tsite);
    sort_array(out->items, out->len, sizeof(neighbor), cmp_neighbor);
    sb_free(&d);
}

static int expand(rel_ctx *c, tree *t, size_t at, long long depth, const graph_edges *given,
                  codira_error *err)
{
    graph_edges own;
    const graph_edges *g = given;
    if (!g) {
        const tnode *n = &t->nodes.items[at];
        int code = fetch(c, n->name, n->module, &own, err);
        if (code < 0) {
            graph_edges_free(&own);
            return code;
        }
        g = &own;
    }
    int code = CODIRA_OK;
    neighbor_list nbs = {0};
    if (!g->items.len) goto done;
    if (depth >= c->o.max_depth) {
        t->by_depth = true;
        goto done;
    }
    neighbors_of(c, t, g, &nbs);
    for (size_t i = 0; i < nbs.len; i++) {
        if (t->node_count >= c->o.max_nodes) {
            t->by_nodes = true;
            for (size_t k = i; k < nbs.len; k++) VEC_FREE(nbs.items[k].n.sites);
            break;
        }
        t->edge_count++;
        t->node_count++;
        tnode child = nbs.items[i].n;
        child.parent = at;
        child.cycle = child.resolved && on_path(t, at, &child);
        VEC_PUSH(t->nodes, child);
        size_t ci = t->nodes.len - 1;
        VEC_PUSH(t->nodes.items[at].kids, ci);
        if (child.resolved && !child.cycle && (code = expand(c, t, ci, depth + 1, NULL, err)) < 0) {
            for (size_t k = i + 1; k < nbs.len; k++) VEC_FREE(nbs.items[k].n.sites);
            break;
        }
    }
done:
    VEC_FREE(nbs);
    if (!given) graph_edges_free(&own);
    return code;
}

static void tree_free(tree *t)
{
    for (size_t i = 0; i < t->nodes.len; i++) {
        VEC_FREE(t->nodes.items[i].kids);
        VEC_FREE(t->nodes.items[i].sites);
    }
    VEC_FREE(t->nodes);
    arena_free(&t->mem);
}

static void text_tree(rel_ctx *c, const tree *t, size_t at, int depth, strbuf *line)
{
    const tnode *n = &t->nodes.items[at];
    sb_clear(line);
    if (depth) {
        for (int i = 0; i < depth; i++) sb_adds(line, "  ");
        sb_adds(line, c->o.incoming ? c->w->in_marker : c->w->out_marker);
    }
    sb_adds(line, n->display);
    if (n->cycle) sb_adds(line, " [cycle]");
    text_sites(line, n->sites.items, n->sites.len);
    puts(line->buf);
    for (size_t i = 0; i < n->kids.len; i++) text_tree(c, t, n->kids.items[i], depth + 1, line);
}

static json_t *json_tree(const rel_ctx *c, const tree *t, size_t at)
{
    const tnode *n = &t->nodes.items[at];
    json_t *j = json_object();
    json_object_set_new(j, "module", json_str_or_null(n->module));
    json_object_set_new(j, "name", json_string(n->name));
    json_object_set_new(j, "display", json_string(n->display));
    json_object_set_new(j, "resolved", json_boolean(n->resolved));
    if (at == 0) json_object_set_new(j, "incoming", json_boolean(c->o.incoming));
    json_object_set_new(j, "cycle", json_boolean(n->cycle));
    json_t *kids = json_array();
    for (size_t i = 0; i < n->kids.len; i++) json_array_append_new(kids, json_tree(c, t, n->kids.items[i]));
    json_object_set_new(j, "children", kids);
    if (!n->resolved && n->label_kind && *n->label_kind)
        json_object_set_new(j, "external_target_kind", json_string(n->label_kind));
    if (!n->resolved && n->label_name && *n->label_name)
        json_object_set_new(j, "external_target_name", json_string(n->label_name));
    if (at != 0) json_object_set_new(j, "sites", json_sites(c, n->sites.items, n->sites.len));
    return j;
}

static void dot_escape(strbuf *sb, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\' || *s == '"') sb_addc(sb, '\\');
        sb_addc(sb, *s);
    }
}

static void dot_tree(const rel_ctx *c, const tree *t, size_t at, size_t parent_no, size_t *next,
                     strbuf *out)
{
    const tnode *n = &t->nodes.items[at];
    size_t no = (*next)++;
    sb_addf(out, "  n%zu [label=\"", no);
    dot_escape(out, n->display);
    sb_addc(out, '"');
    if (!n->resolved) sb_adds(out, ", style=\"dashed\"");
    if (n->cycle) sb_adds(out, ", peripheries=\"2\"");
    sb_adds(out, "];\n");
    if (at != 0) {
        if (c->o.incoming) sb_addf(out, "  n%zu -> n%zu;\n", no, parent_no);
        else sb_addf(out, "  n%zu -> n%zu;\n", parent_no, no);
    }
    for (size_t i = 0; i < n->kids.len; i++) dot_tree(c, t, n->kids.items[i], no, next, out);
}

static const char *truncation(const tree *t, strbuf *sb, bool with_values, const rel_ctx *c)
{
    sb_clear(sb);
    if (t->by_depth) {
        sb_adds(sb, "max_depth");
        if (with_values) sb_addf(sb, "=%lld", c->o.max_depth);
    }
    if (t->by_nodes) {
        sb_addf(sb, "%smax_nodes", t->by_depth ? ", " : "");
        if (with_values) sb_addf(sb, "=%lld", c->o.max_nodes);
    }
    return sb->buf;
}

static int run_tree(rel_ctx *c, graph_edges *first, codira_error *err)
{
    tree t;
    memset(&t, 0, sizeof(t));
    bool found = first->items.len > 0;
    json_t *matches = report_matches(c, first); /* the tree shows them under one root */
    int code = CODIRA_OK;
    if (found) {
        const graph_node *cands[2];
        size_t n = distinct_selected(c, first, cands, 2);
        tnode root;
        memset(&root, 0, sizeof(root));
        root.parent = SIZE_MAX;
        root.resolved = true;
        if (n == 1) {
            root.module = arena_strdup(&t.mem, cands[0]->module);
            root.name = arena_strdup(&t.mem, cands[0]->qualname);
            root.kind = arena_strdup(&t.mem, cands[0]->kind);
            root.display = arena_strdup(&t.mem, graph_node_display(&c->sb, cands[0]));
        } else {
            root.module = c->o.module && *c->o.module ? c->o.module : NULL;
            root.name = c->o.name;
            root.display = arena_strdup(&t.mem, asked(c));
        }
        VEC_PUSH(t.nodes, root);
        t.node_count = 1;
        code = expand(c, &t, 0, 0, n == 1 ? NULL : first, err);
    }
    int rc = found ? 0 : EXIT_NO_MATCH;
    if (code < 0) {
        rc = cli_fail_json(c->command, c->o.json, 1, "cannot read the index: %s", err->message);
    } else if (c->o.json) {
        json_t *q = base_query(c);
        json_object_set_new(q, "tree", json_true());
        json_object_set_new(q, "max_depth", json_integer(c->o.max_depth));
        json_object_set_new(q, "max_nodes", json_integer(c->o.max_nodes));
        json_t *o = cli_envelope(c->command, found ? "ok" : "no_matches", q);
        json_t *results = json_array();
        if (found) json_array_append_new(results, json_tree(c, &t, 0));
        json_object_set_new(o, "results", results);
        json_t *tr = json_object();
        json_object_set_new(tr, "depth", json_boolean(t.by_depth));
        json_object_set_new(tr, "nodes", json_boolean(t.by_nodes));
        json_object_set_new(o, "truncated", tr);
        json_object_set_new(o, "node_count", json_integer(t.node_count));
        json_object_set_new(o, "edge_count", json_integer(t.edge_count));
        if (matches) json_object_set(o, "matches", matches);
        cli_print_json(o);
    } else if (!found) {
        no_match_line(c);
    } else if (c->o.dot) {
        strbuf out, tr;
        sb_init(&out);
        sb_init(&tr);
        sb_addf(&out, "digraph %s {\n  rankdir=LR;\n", c->w->graph_name);
        size_t next = 0;
        dot_tree(c, &t, 0, 0, &next, &out);
        if (t.by_depth || t.by_nodes)
            sb_addf(&out, "  graph [label=\"truncated by %s\", labelloc=\"b\"];\n",
                    truncation(&t, &tr, false, c));
        sb_adds(&out, "}\n");
        fputs(out.buf, stdout);
        sb_free(&out);
        sb_free(&tr);
    } else {
        strbuf line, tr;
        sb_init(&line);
        sb_init(&tr);
        text_tree(c, &t, 0, 0, &line);
        if (t.by_depth || t.by_nodes) printf("truncated: %s\n", truncation(&t, &tr, true, c));
        sb_free(&line);
        sb_free(&tr);
    }
    json_decref(matches);
    tree_free(&t);
    return rc;
}

/* ---- the command ---------------------------------------------------------- */

int relations_run(const cli_command *cmd, const relation_words *w, int argc, char **argv)
{
    rel_ctx c;
    memset(&c, 0, sizeof(c));
    c.command = cmd->name;
    c.w = w;
    c.o.max_depth = 2;
    c.o.max_nodes = 20;
    cli_repo_opts ro = {0};
    const char *side_in = w->relation == CODIRA_REL_CALL ? "callers" : "owners";
    char incoming_help[96], module_help[128];
    snprintf(incoming_help, sizeof(incoming_help), "edges that reach NAME (its %s) instead of leaving it",
             side_in);
    snprintf(module_help, sizeof(module_help), "only NAME in this module (with -i: the %s side)",
             w->in_word);
    const cli_opt opts[] = {
        {"module", 'm', OPT_STRING, &c.o.module, "MODULE", module_help},
        {"incoming", 'i', OPT_FLAG, &c.o.incoming, NULL, incoming_help},
        {"json", 'j', OPT_FLAG, &c.o.json, NULL, "print JSON"},
        {"dot", 'd', OPT_FLAG, &c.o.dot, NULL, "print the tree as Graphviz DOT (needs --tree)"},
        {"tree", 't', OPT_FLAG, &c.o.tree, NULL, "a bounded traversal tree instead of a flat list"},
        {"max-depth", 'D', OPT_INT, &c.o.max_depth, "N", "tree depth limit (default 2)"},
        {"max-nodes", 'N', OPT_INT, &c.o.max_nodes, "N", "tree size limit, root included (default 20)"},
        {"prefix", 'x', OPT_STRING, &c.o.prefix_raw, "PREFIX",
         "only edges whose source lies under this repository-relative folder or file"},
        CLI_REPO_OPTIONS(ro),
        {0},
    };
    int rc = cli_parse(cmd, opts, argc, argv, &c.o.name, 1, 1, "NAME");
    if (rc) return rc < 0 ? 0 : rc;
    if (c.o.dot && !c.o.tree) return cli_usage_error("--dot requires --tree for %s", cmd->name);
    if (c.o.dot && c.o.json) return cli_usage_error("--dot cannot be combined with --json for %s", cmd->name);
    if (c.o.max_depth < 0) return cli_fail(EXIT_USAGE, "--max-depth must be >= 0");
    if (c.o.max_nodes < 1) return cli_fail(EXIT_USAGE, "--max-nodes must be >= 1");
    if ((rc = cli_query_open(cmd->name, c.o.json, &ro, c.o.prefix_raw, &c.q))) return rc;
    sb_init(&c.sb);
    graph_edges g;
    codira_error err = {0};
    if (fetch(&c, c.o.name, c.o.module, &g, &err) < 0)
        rc = cli_fail_json(cmd->name, c.o.json, 1, "cannot read the index: %s", err.message);
    else if (c.o.tree)
        rc = run_tree(&c, &g, &err);
    else
        rc = run_flat(&c, &g);
    graph_edges_free(&g);
    sb_free(&c.sb);
    cli_query_close(&c.q);
    return rc;
}
