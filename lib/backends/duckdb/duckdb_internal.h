/*
 * duckdb_internal.h - private to the duckdb backend folder. Nothing outside
 * lib/backends/duckdb/ includes this file, and this backend includes nothing
 * of codira but the public plugin headers (include/codira/): it is built as
 * a plugin of its own: plugin.c is codira-backend-duckdb.so, the rest is
 * the engine, libcodira-duckdb.so, loaded on first use (format.h).
 *
 * Storage: <state>/index.duckdb. Readers open it with DuckDB's read-only
 * access mode. A write session never touches it: it writes
 * <state>/index.duckdb.new (a fresh file for a full rebuild, a copy of the
 * current one for an incremental run), commits and checkpoints it, and
 * renames it over index.duckdb. Readers keep the snapshot they opened, an
 * index run never waits for readers, and a killed run leaves the previous
 * index as it was.
 */
#ifndef CODIRA_DUCKDB_INTERNAL_H
#define CODIRA_DUCKDB_INTERNAL_H

#include <duckdb.h>
#include <stdbool.h>
#include <stdint.h>

#include "codira/plugin.h"
#include "format.h"
/* Version of the derived data's logic; a change makes needs_maintenance()
 * true so that derived data is rebuilt. */
#define DK_DERIVED_VERSION "1"
#define DK_DB_NAME "index.duckdb"
#define DK_NEW_SUFFIX ".new"

/* Ids of a file's rows: [file_id << DK_ROW_BITS, (file_id + 1) << DK_ROW_BITS),
 * so that a file's rows are one id range (zone maps prune everything else). */
#define DK_ROW_BITS 24
static inline int64_t dk_row_id(int64_t file_id, int64_t n)
{
    return (int64_t)((uint64_t)file_id << DK_ROW_BITS) + n;
}

/* ---- small helpers (util.c) ------------------------------------------- */

typedef struct dk_buf {
    char *buf;
    size_t len, cap;
} dk_buf;

void dk_buf_reserve(dk_buf *b, size_t extra);
void dk_buf_add(dk_buf *b, const char *s, size_t n);
void dk_buf_adds(dk_buf *b, const char *s);
void dk_buf_addf(dk_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void dk_buf_clear(dk_buf *b);
void dk_buf_free(dk_buf *b);
/* malloc'ed "a/b" */
char *dk_join(const char *dir, const char *name);
char *dk_strdup(const char *s);

int dk_set_error(codira_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A DuckDB error message as a codira status (lock conflicts are
 * CODIRA_E_BUSY, damaged files CODIRA_E_CORRUPT...), filling err. */
int dk_fail(codira_error *err, const char *what, const char *message);
/* Run statements that return nothing of interest. */
int dk_exec(duckdb_connection con, const char *sql, codira_error *err);
int dk_prepare(duckdb_connection con, const char *sql, duckdb_prepared_statement *st,
               codira_error *err);
/* Run a prepared statement for its side effects. */
int dk_run(duckdb_prepared_statement st, codira_error *err, const char *what);
/* A single BIGINT answer (0 when no row). */
int dk_query_int(duckdb_connection con, const char *sql, int64_t *out, codira_error *err);

/* Parameters. A prefix takes three consecutive parameters from `first`:
 * the prefix, prefix + "/" and prefix + "0" ('0' follows '/'). */
#define DK_PREFIX_WHERE(f, a, b, c)                                                       \
    "(" a " = '' OR " f ".path = " a " OR (" f ".path >= " b " AND " f ".path < " c "))"
void dk_bind_prefix(duckdb_prepared_statement st, idx_t first, const char *prefix);
void dk_bind_text(duckdb_prepared_statement st, idx_t i, const char *s, size_t n);
/* A list parameter: VARCHAR[] or BIGINT[] */
int dk_bind_strings(duckdb_prepared_statement st, idx_t i, const char *const *v, size_t n);
int dk_bind_ids(duckdb_prepared_statement st, idx_t i, const int64_t *v, size_t n);

/* A streaming cursor over the rows of a query. dk_rows_next() loads one
 * row: `text[i]` (NUL-terminated copies, NULL for SQL NULL), `num[i]` for
 * integer columns; both stay valid until the next call. */
typedef struct dk_rows {
    duckdb_result res;
    bool have_res;
    duckdb_data_chunk chunk;
    idx_t row, size, ncols;
    duckdb_type *types;
    void **data;          /* the current chunk's vectors */
    uint64_t **validity;
    const char **text;
    int64_t *num;
    dk_buf arena;
    bool failed;
    char *error;
} dk_rows;

int dk_rows_open(dk_rows *r, duckdb_prepared_statement st, codira_error *err);
/* 1: a row, 0: done, <0: error (err filled) */
int dk_rows_next(dk_rows *r, codira_error *err);
void dk_rows_close(dk_rows *r);

/* Rows for one table, appended a DuckDB data chunk at a time (the bulk
 * path: values go straight into the chunk's vectors). Values are given in
 * column order; dk_writer_end_row() completes a row. */
typedef struct dk_writer {
    duckdb_appender ap;
    duckdb_data_chunk chunk;
    idx_t ncols, row, col, cap;
    duckdb_type *types;
    duckdb_vector *vec;
    void **data;
} dk_writer;

int dk_writer_open(dk_writer *w, duckdb_connection con, const char *table, codira_error *err);
void dk_writer_str(dk_writer *w, const char *s, size_t n);
void dk_writer_int(dk_writer *w, int64_t v);
void dk_writer_null(dk_writer *w);
int dk_writer_end_row(dk_writer *w, codira_error *err);
/* hand buffered rows to the appender and flush it: queries see them */
int dk_writer_flush(dk_writer *w, codira_error *err);
void dk_writer_close(dk_writer *w);

/* ---- handles ---------------------------------------------------------- */

struct codira_store {
    duckdb_database db;
    duckdb_connection con;
    duckdb_prepared_statement find_symbols; /* kept: graph queries run it per node */
};

typedef enum dk_table {
    T_FILES, T_SYMBOLS, T_EDGES, T_LINKS, T_IMPORTS, T_DOCS, T_DIAGNOSTICS, T_COUNT
} dk_table;

struct codira_session {
    char *final_path, *new_path;
    duckdb_database db;
    duckdb_connection con;
    bool opened;     /* index.duckdb.new exists and is open */
    bool bulk;       /* loading from empty: no secondary indexes yet */
    bool in_tx, committed;
    bool cleanup_pending;
    bool rewritten;  /* every row written afresh: its size is the new baseline */
    bool unflushed;  /* appenders hold rows that queries would not see */
    int64_t next_file_id; /* >0 in bulk mode: no file row was deleted */
    dk_writer w[T_COUNT];
    duckdb_prepared_statement find_file, touch, del_file, del_rows[T_COUNT], del_links_into;
};

/* Tables whose rows belong to a file (ids from dk_row_id). */
extern const dk_table dk_file_tables[];
extern const char *const dk_table_names[T_COUNT];
extern const char dk_schema_sql[];
extern const char *const dk_index_names[];
extern const char *const dk_index_sql[];

/* Open a database file with the given access mode, waiting out lock
 * conflicts with other processes for a while. */
int dk_open_db(const char *path, bool read_only, duckdb_database *db, duckdb_connection *con,
               codira_error *err);
/* Take a shared POSIX lock on an open file, as DuckDB's readers do, waiting
 * out a writer like dk_open_db. */
int dk_read_lock(int fd, const char *path, codira_error *err);
/* The stored schema version: 0 for a file without the meta table. */
int dk_schema_version(duckdb_connection con, char **version, codira_error *err);

/* backend.c: a symbol row from 17 columns starting at `c`: id, stable_id,
 * kind, name, qualname, module, path, language, parent stable_id, line,
 * end_line, flags, ordinal, signature, docstring, decorators, parameters */
#define DK_SYMBOL_COLUMNS(s, f)                                                            \
    s ".id, " s ".stable_id, " s ".kind, " s ".name, " s ".qualname, " s ".module, " f       \
    ".path, " f ".language, " s ".parent_stable_id, " s ".line, " s ".end_line, " s          \
    ".flags, " s ".ordinal, " s ".signature, " s ".docstring, " s ".decorators, " s          \
    ".parameters"
#define DK_SYMBOL_NCOLS 17
void dk_read_symbol(const dk_rows *r, idx_t c, codira_symbol_row *row);

/* session.c */
int dk_begin_index_session(const codira_backend *self, const codira_store_args *args,
                           codira_session **out, codira_error *err);
/* Open index.duckdb.new on first use (copy of the current index). */
int dk_session_ready(codira_session *s, codira_error *err);
/* Make appended rows visible to the session's queries. */
int dk_session_flush(codira_session *s, codira_error *err);
int dk_session_cleanup_stale(codira_session *s, codira_error *err);
int dk_session_prepare(codira_session *s, const codira_prepare_args *args, codira_error *err);
int dk_session_persist_file(codira_session *s, const codira_file_analysis *a, codira_error *err);
int dk_session_touch_file(codira_session *s, const codira_file_state *f, codira_error *err);
int dk_session_rebuild_derived(codira_session *s, codira_error *err);
int dk_session_persist_runtime(codira_session *s, const codira_runtime_write *rt,
                               codira_error *err);
int dk_session_commit(codira_session *s, codira_error *err);
void dk_session_abort(codira_session *s);
void dk_session_close(codira_session *s);

/* graph.c */
int dk_find_sites(codira_store *store, const codira_site_query *q, codira_site_cb cb, void *ctx,
                  codira_error *err);
int dk_session_graph_symbols(codira_session *s, const codira_graph_scope *scope,
                             codira_graph_symbol_cb cb, void *ctx, codira_error *err);
int dk_session_graph_imports(codira_session *s, const codira_graph_scope *scope,
                             codira_graph_import_cb cb, void *ctx, codira_error *err);
int dk_session_graph_sites(codira_session *s, const codira_graph_scope *scope,
                           codira_graph_site_cb cb, void *ctx, codira_error *err);
int dk_session_store_links(codira_session *s, const codira_link *links, size_t n,
                           codira_error *err);

#endif
