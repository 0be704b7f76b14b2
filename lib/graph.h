/*
 * graph.h - the call graph as queries see it: the sites a backend returns,
 * grouped into edges.
 *
 * A node is a logical symbol, (module, qualname): a C prototype in foo.h
 * and its definition in foo.c (one module) are one node, as are the
 * overloads of a Python function. An edge joins a source node (caller,
 * or owner of a reference) to one target: a resolved node, an unresolved
 * label ("Python:<builtin>:print") or an ambiguous name with its
 * candidates. Every site of the edge (file, line, column) is kept, so a
 * reader can jump to each call.
 *
 * `calls`, `refs` and the `symlist` degrees all count edges through this
 * module, so they always agree.
 */
#ifndef CODIRA_GRAPH_H
#define CODIRA_GRAPH_H

#include "codira/backend.h"
#include "util.h"

typedef struct graph_site {
    const char *path;
    int64_t line, col;
} graph_site;

/* One end of an edge, or a selected node. Strings are owned by the
 * collection that holds it. */
typedef struct graph_node {
    const char *module;
    const char *qualname;     /* "Class.method"; the module name for modules */
    const char *kind;
    const char *stable_id;
    const char *path;         /* of the first symbol of the node (path, line order) */
    int64_t line;
} graph_node;

typedef struct graph_edge {
    graph_node src;
    graph_node dst;           /* resolved edges only, else zeroed */
    bool resolved;
    bool ambiguous;
    const char *label_kind;   /* unresolved: "Python:<builtin>", "" when unknown */
    const char *label_name;   /* unresolved: "print", "" when unknown */
    const char *display;      /* the target as shown: "pkg.mod.f", "C:<macro>:MAX" */
    VEC(const char *) candidates; /* ambiguous: stable ids, sorted */
    VEC(graph_site) sites;    /* sorted by path, line, column */
} graph_edge;

typedef struct graph_edges {
    arena mem;
    strmap by_key;
    VEC(graph_edge) items;    /* sorted as the reference orders rows: source
                                 module, source name, target module, target
                                 name, label kind, label name, resolved */
} graph_edges;

/* The symbols a logical NAME designates, grouped into nodes. NAME is a
 * qualname ("helper", "Class.method") or module + "." + qualname, or a
 * module's name; when nothing has that logical name, symbols whose bare
 * name is NAME ("run" finds A.run). `module` (may be NULL) keeps only
 * that module. */
typedef VEC(int64_t) graph_ids;

typedef struct graph_selection {
    arena mem;
    graph_ids ids;            /* every symbol of every node */
    VEC(graph_node) nodes;    /* sorted by module, qualname */
} graph_selection;

int graph_select(const codira_backend *be, codira_store *store, const char *name,
                 const char *module, graph_selection *out, codira_error *err);
void graph_selection_free(graph_selection *s);

/* The edges of `relation` leaving (incoming = false) or reaching the
 * symbols `ids`, whose source lies under `prefix` ("" or NULL for all).
 * Incoming edges are resolved ones. `out` must be zeroed; edges already in
 * it are kept (call again to add more), and it is sorted on return. */
int graph_query(const codira_backend *be, codira_store *store, uint32_t relation, bool incoming,
                const int64_t *ids, size_t n_ids, const char *prefix, graph_edges *out,
                codira_error *err);
void graph_edges_free(graph_edges *g);

/* Degrees of inventory rows: fills calls_out/in and refs_out/in of each
 * row, counting the edges of its node (rows[i].module, rows[i].qualname).
 * The counts equal what graph_query returns for that node. */
int graph_degrees(const codira_backend *be, codira_store *store, codira_symbol_row *rows,
                  size_t n, codira_error *err);

/* A node as shown: the module for modules, module.qualname otherwise,
 * the bare qualname when there is no module. */
const char *graph_node_display(strbuf *sb, const graph_node *n);

/* An unresolved target as shown: "kind:name", or "name", or the site's
 * written target, or "<unresolved>". */
const char *graph_label_display(strbuf *sb, const char *label_kind, const char *label_name,
                                const char *target);

#endif
