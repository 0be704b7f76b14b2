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
    /* filled by symbol_inventory only, zero elsewhere */
    codira_graph_metric calls_out, calls_in, refs_out, refs_in;
} codira_symbol_row;

typedef int (*codira_symbol_cb)(void *ctx, const codira_symbol_row *row);
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
 * most `limit` rows (limit < 0: no limit). Graph metrics filled. */
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
} codira_backend;

#ifdef __cplusplus
}
#endif

#endif
