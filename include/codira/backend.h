/*
 * backend.h - the storage backend contract.
 *
 * Exactly one backend is active for a repository (CODIRA_INDEX_BACKEND,
 * default "sqlite"). A backend stores what analyzers produced and answers
 * queries; it never parses source code.
 *
 * Two sides:
 *   - the read side: open() returns a read-only store handle. Opening must
 *     never create, repair or migrate anything; it fails with
 *     CODIRA_NOT_FOUND when there is no index, CODIRA_E_SCHEMA when the
 *     index was written by an incompatible version, CODIRA_E_CORRUPT when
 *     it cannot be read.
 *   - the write side: begin_index_session() returns the session of one
 *     index run. Everything a run writes becomes visible at commit, at
 *     once; abort (or a killed process) leaves the previous index intact
 *     and readable, also while the run is in progress.
 *
 * Row callbacks receive host-readable structs whose strings stay valid only
 * during the callback. A callback returns 0 to continue, nonzero to stop;
 * the query then returns CODIRA_STOP.
 *
 * Paths are repository-relative and '/'-separated everywhere. A `prefix`
 * is a repository-relative path ("" or NULL for everything) and matches
 * `path == prefix` or `path` starting with `prefix + "/"`, byte-wise.
 */
#ifndef CODIRA_BACKEND_H
#define CODIRA_BACKEND_H

#include "analyzer.h"
#include "codira.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct codira_store codira_store;     /* opaque read handle */
typedef struct codira_session codira_session; /* opaque write session */

/* Where the index of a repository lives. */
typedef struct codira_store_args {
    uint32_t struct_size;
    const char *root;       /* absolute repository root */
    const char *state_dir;  /* absolute path of the state folder (".codira"); it exists
                               for sessions, it may not for reads */
} codira_store_args;

/* Per-file analysis status. */
typedef enum codira_file_status {
    CODIRA_FILE_OK = 0,       /* fully analysed */
    CODIRA_FILE_PARTIAL = 1,  /* analysed with ERROR diagnostics (syntax errors...) */
    CODIRA_FILE_FAILED = 2    /* nothing recovered; diagnostics say why */
} codira_file_status;

/* What the index knows about one file; used to plan incremental runs. */
typedef struct codira_file_state {
    uint32_t struct_size;
    const char *path;
    const char *hash;             /* content hash, lowercase hex */
    int64_t size;
    int64_t mtime_ns;
    const char *analyzer;         /* owning analyzer name */
    const char *analyzer_version;
    uint32_t status;              /* codira_file_status */
} codira_file_state;

/* An analyzer as recorded in the index inventory. */
typedef struct codira_analyzer_info {
    uint32_t struct_size;
    const char *name;
    const char *version;
    const char *fingerprint;      /* patterns and options, hashed */
} codira_analyzer_info;

/* The single runtime row of an index. */
typedef struct codira_runtime_info {
    uint32_t struct_size;
    const char *backend_name;
    const char *backend_version;
    const char *codira_version;   /* version of the codira that wrote it */
    int64_t generation;           /* incremented by every committed run */
    int64_t file_count;
    int64_t symbol_count;
    int32_t coverage_complete;
    int64_t doc_count;            /* documentation records (appended: read it only when
                                     struct_size covers it) */
} codira_runtime_info;

/* Embedding identity (engine, model, dimension). No engine exists yet;
 * the slot is part of the contract so that reuse can be planned. */
typedef struct codira_embedding_spec {
    uint32_t struct_size;
    const char *engine;
    const char *model;
    const char *version;
    int32_t dim;
} codira_embedding_spec;

/* Graph degree of a symbol, as counted from stored edges. */
typedef struct codira_graph_metric {
    int64_t total;
    int64_t unresolved;
} codira_graph_metric;

/* One stored symbol. */
typedef struct codira_symbol_row {
    uint32_t struct_size;
    int64_t id;                   /* backend row id; valid while the store is open */
    const char *stable_id;
    const char *kind;
    const char *name;
    const char *qualname;
    const char *module;
    const char *path;
    const char *language;
    const char *parent_stable_id; /* NULL for modules */
    int64_t line;
    int64_t end_line;
    int64_t flags;                /* CODIRA_SYM_* */
    int64_t ordinal;
    const char *signature;        /* "" when none */
    const char *docstring;        /* NULL when none */
    const char *decorators;
    const char *parameters;
    /* zero from backends; filled by the host for inventories */
    codira_graph_metric calls_out, calls_in, refs_out, refs_in;
} codira_symbol_row;

typedef int (*codira_symbol_cb)(void *ctx, const codira_symbol_row *row);

/* ---- call graph ------------------------------------------------------
 * Analyzers record sites (codira_edge); the host resolves each site to the
 * symbol it calls or references and hands the result to the write session
 * as links. Sites without a link are unresolved and keep the analyzer's
 * label. */

typedef enum codira_link_status {
    CODIRA_LINK_UNRESOLVED = 0, /* nothing in the repository fits: see the label */
    CODIRA_LINK_RESOLVED = 1,   /* exactly one target */
    CODIRA_LINK_AMBIGUOUS = 2   /* several candidates fit: listed */
} codira_link_status;

/* One stored site with its resolution. */
typedef struct codira_site_row {
    uint32_t struct_size;
    uint32_t relation;              /* codira_relation */
    uint32_t status;                /* codira_link_status */
    uint32_t target_kind;           /* codira_target_kind, as written at the site */
    const char *base;
    const char *target;
    const char *ref_kind;
    const char *path;               /* file of the site */
    int64_t line, col;
    /* the ends carry identity and place only: id, stable_id, kind, name,
     * qualname, module, path, language, line, end_line, flags; no parent,
     * signature, docstring, decorators or parameters */
    const codira_symbol_row *src;   /* the owner */
    const codira_symbol_row *dst;   /* the target when resolved, else NULL */
    const char *label_kind;         /* unresolved/ambiguous: "Python:<builtin>", "" if none */
    const char *label_name;         /* "print" */
    const char *candidates;         /* ambiguous: '\n'-separated stable ids of the candidates */
} codira_site_row;

typedef int (*codira_site_cb)(void *ctx, const codira_site_row *row);

/* Sites owned by (outgoing) or resolved to (incoming) the given symbols,
 * of one relation. The prefix filters on the owner's file. Order is not
 * specified: the host sorts. symbol_ids NULL means every site. */
typedef struct codira_site_query {
    uint32_t struct_size;
    uint32_t relation;
    int32_t incoming;
    const int64_t *symbol_ids;
    size_t n_symbol_ids;
    const char *prefix;
} codira_site_query;

/* What the resolver reads through the write session (it sees the
 * session's own writes). Ids are the backend's, valid for the session. */
typedef struct codira_graph_symbol {
    uint32_t struct_size;
    int64_t id;
    int64_t parent_id;              /* 0 when none */
    const char *path;
    const char *analyzer;           /* owning analyzer of the file */
    const char *module;
    const char *kind;
    const char *name;
    const char *qualname;
    const char *stable_id;
    int64_t flags;
} codira_graph_symbol;

typedef struct codira_graph_import {
    uint32_t struct_size;
    const char *path;
    int64_t owner_id;
    const char *name;
    const char *alias;
    const char *kind;
} codira_graph_import;

typedef struct codira_graph_site {
    uint32_t struct_size;
    int64_t id;
    int64_t owner_id;
    const char *path;
    const char *analyzer;
    uint32_t relation;
    uint32_t target_kind;
    const char *base;
    const char *target;
    const char *ref_kind;
    const char *ext_kind;
    const char *ext_name;
} codira_graph_site;

/* What to read: rows of the files in `paths`, plus symbols whose name and
 * sites whose target is in `names`, plus (symbols) the module symbol of
 * every file when `modules`, plus (sites) the sites resolved to a symbol
 * of the files in `linked_paths`; `all` for everything. */
typedef struct codira_graph_scope {
    uint32_t struct_size;
    int32_t all;
    const char *const *paths;
    size_t n_paths;
    const char *const *names;
    size_t n_names;
    int32_t modules;
    const char *const *linked_paths;
    size_t n_linked_paths;
} codira_graph_scope;

typedef int (*codira_graph_symbol_cb)(void *ctx, const codira_graph_symbol *row);
typedef int (*codira_graph_import_cb)(void *ctx, const codira_graph_import *row);
typedef int (*codira_graph_site_cb)(void *ctx, const codira_graph_site *row);

/* The resolution of one site, written by the host. */
typedef struct codira_link {
    uint32_t struct_size;
    int64_t site_id;
    uint32_t status;                /* codira_link_status */
    int64_t dst_id;                 /* RESOLVED: the target symbol */
    codira_str label_kind;          /* UNRESOLVED/AMBIGUOUS: replaces the analyzer's label
                                       when not empty */
    codira_str label_name;
    codira_str candidates;          /* AMBIGUOUS: '\n'-separated stable ids */
} codira_link;
/* A row of find_symbols_batch: `query` indexes the batch's names. */
typedef int (*codira_symbol_batch_cb)(void *ctx, size_t query, const codira_symbol_row *row);
typedef int (*codira_file_cb)(void *ctx, const codira_file_state *row);
typedef int (*codira_analyzer_cb)(void *ctx, const codira_analyzer_info *row);
typedef int (*codira_runtime_cb)(void *ctx, const codira_runtime_info *row);

/* Exact symbol lookup. `name` matches a symbol's name, its qualname
 * ("Class.method") or module + "." + qualname. Rows come ordered by
 * (kind, module, path, line, stable_id). */
typedef struct codira_symbol_query {
    uint32_t struct_size;
    const char *name;
    const char *prefix;
} codira_symbol_query;

/* The symbol inventory: every symbol under `prefix`, files with role
 * "test" left out unless include_tests, ordered by (module, qualname, kind,
 * path, line), keeping only the first row of each (module, qualname), at
 * most `limit` rows (limit < 0: no limit). The graph metrics are left at
 * zero: the host counts them from find_sites, so that every backend counts
 * edges the same way. */
typedef struct codira_inventory_query {
    uint32_t struct_size;
    const char *prefix;
    int32_t include_tests;
    int64_t limit;
} codira_inventory_query;

/* Preparation of an index run. */
typedef struct codira_prepare_args {
    uint32_t struct_size;
    int32_t full;                    /* drop everything stored */
    const char *const *delete_paths; /* files that disappeared */
    size_t n_delete;
} codira_prepare_args;

/* The complete analysis of one file, handed to the write session. The
 * symbol `parent` and record `owner` handles index `symbols`. All strings
 * are NUL-terminated, valid UTF-8. */
typedef struct codira_file_analysis {
    uint32_t struct_size;
    codira_file_state file;
    const char *language;
    const char *module;           /* "" for documentation-only files */
    const char *role;             /* "implementation", "test", "script", "docs" */
    const codira_symbol *symbols;
    size_t n_symbols;
    const codira_edge *edges;
    size_t n_edges;
    const codira_import *imports;
    size_t n_imports;
    const codira_doc *docs;
    size_t n_docs;
    const codira_diagnostic *diagnostics;
    size_t n_diagnostics;
} codira_file_analysis;

/* Runtime inventory written at the end of a run. */
typedef struct codira_runtime_write {
    uint32_t struct_size;
    const char *codira_version;
    int32_t coverage_complete;
    const codira_analyzer_info *analyzers;
    size_t n_analyzers;
} codira_runtime_write;

typedef struct codira_backend {
    uint32_t struct_size;
    uint32_t iVersion;            /* 1 */
    const char *name;             /* unique among backends: "sqlite" */
    const char *version;          /* storage format version; a change means rebuild */
    const char *provider;         /* "codira" for first-party */
    void *userdata;

    /* ---- read side -------------------------------------------------- */
    /* A store reads one snapshot: the index as committed when it was
     * opened, whatever later runs commit, until it is closed (ids from one
     * query stay valid for the next). Open a new store to see later
     * commits. Never creates, repairs or migrates anything. */
    int (*open)(const struct codira_backend *self, const codira_store_args *args,
                codira_store **out, codira_error *err);
    void (*close)(codira_store *store);

    /* runtime_info: calls cb once, or returns CODIRA_NOT_FOUND. */
    int (*load_runtime)(codira_store *store, codira_runtime_cb cb, void *ctx,
                        codira_error *err);
    /* analyzer inventory, ordered by name */
    int (*load_analyzers)(codira_store *store, codira_analyzer_cb cb, void *ctx,
                          codira_error *err);
    /* hash, stat and owning analyzer of every file, ordered by path */
    int (*load_files)(codira_store *store, codira_file_cb cb, void *ctx,
                      codira_error *err);
    /* whether stored embeddings were made with `spec` (vacuously true when
     * none are stored) */
    int (*embedding_state_matches)(codira_store *store, const codira_embedding_spec *spec,
                                   int *matches, codira_error *err);
    /* whether a write session has stale state to clean even when no file
     * changed (derived data written by an older codira) */
    int (*needs_maintenance)(codira_store *store, int *needed, codira_error *err);

    int (*find_symbols)(codira_store *store, const codira_symbol_query *q,
                        codira_symbol_cb cb, void *ctx, codira_error *err);
    int (*symbol_inventory)(codira_store *store, const codira_inventory_query *q,
                            codira_symbol_cb cb, void *ctx, codira_error *err);
    /* symbols whose parent is `symbol_id` (from a row of this store),
     * ordered by (ordinal, line, name) */
    int (*symbol_children)(codira_store *store, int64_t symbol_id,
                           codira_symbol_cb cb, void *ctx, codira_error *err);

    /* ---- write side ------------------------------------------------- */
    /* Begin the one transaction of an index run. Creates the storage when
     * missing; an incompatible or corrupt one is replaced (only here). */
    int (*begin_index_session)(const struct codira_backend *self,
                               const codira_store_args *args,
                               codira_session **out, codira_error *err);
    /* remove stale state left by older runs (see needs_maintenance) */
    int (*session_cleanup_stale)(codira_session *s, codira_error *err);
    /* full: clear everything; always: forget delete_paths */
    int (*session_prepare)(codira_session *s, const codira_prepare_args *args,
                           codira_error *err);
    /* store one file, replacing whatever was stored for its path */
    int (*session_persist_file)(codira_session *s, const codira_file_analysis *a,
                                codira_error *err);
    /* record new size/mtime of a file whose content is unchanged */
    int (*session_touch_file)(codira_session *s, const codira_file_state *f,
                              codira_error *err);
    /* recompute data derived from all files (call graph, lexical index) */
    int (*session_rebuild_derived)(codira_session *s, codira_error *err);
    int (*session_persist_runtime)(codira_session *s, const codira_runtime_write *rt,
                                   codira_error *err);
    /* make the run visible; the session can only be closed afterwards */
    int (*session_commit)(codira_session *s, codira_error *err);
    /* roll back; a no-op after commit */
    void (*session_abort)(codira_session *s);
    /* release the session (aborting first when not committed) */
    void (*session_close)(codira_session *s);

    /* ---- call graph (appended in ABI 1) ------------------------------ */
    /* read side: sites and their resolution */
    int (*find_sites)(codira_store *store, const codira_site_query *q, codira_site_cb cb,
                      void *ctx, codira_error *err);
    /* write side: what the resolver reads (symbols and sites by file or by
     * name, imports by file), and its results */
    int (*session_graph_symbols)(codira_session *s, const codira_graph_scope *scope,
                                 codira_graph_symbol_cb cb, void *ctx, codira_error *err);
    int (*session_graph_imports)(codira_session *s, const codira_graph_scope *scope,
                                 codira_graph_import_cb cb, void *ctx, codira_error *err);
    int (*session_graph_sites)(codira_session *s, const codira_graph_scope *scope,
                               codira_graph_site_cb cb, void *ctx, codira_error *err);
    /* set the resolution of these sites, replacing what was stored; a
     * link whose status is UNRESOLVED with no label just clears it */
    int (*session_store_links)(codira_session *s, const codira_link *links, size_t n,
                               codira_error *err);

    /* ---- batches (appended in ABI 1) --------------------------------- *
     * Optional (NULL, or a definition compiled before it: see
     * CODIRA_BACKEND_HAS): the host then loops over the single call. For
     * backends whose every query has a fixed cost (an analytical engine
     * plans and schedules each one), a batch is one query instead of
     * thousands: `symlist` asks for every symbol of a node this way. */
    /* find_symbols for each of names[0..n) under one prefix: the rows of
     * names[0] first, then those of names[1]..., each group ordered as
     * find_symbols orders it; `query` is the name's index. */
    int (*find_symbols_batch)(codira_store *store, const char *const *names, size_t n,
                              const char *prefix, codira_symbol_batch_cb cb, void *ctx,
                              codira_error *err);
} codira_backend;

/* The smallest definition the host accepts (ABI 1 up to session_store_links). */
#define CODIRA_BACKEND_MIN_SIZE                                                             \
    (offsetof(codira_backend, session_store_links) + sizeof(void (*)(void)))
/* Whether a definition is recent enough to have `member` (it may still be NULL). */
#define CODIRA_BACKEND_HAS(b, member)                                                       \
    ((b)->struct_size >= offsetof(codira_backend, member) + sizeof((b)->member))

#ifdef __cplusplus
}
#endif

#endif
