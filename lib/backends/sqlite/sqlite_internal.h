/*
 * sqlite_internal.h - private to the sqlite backend folder. Nothing outside
 * lib/backends/sqlite/ includes this file.
 */
#ifndef CODIRA_SQLITE_INTERNAL_H
#define CODIRA_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "codira/plugin.h"
#include "util.h"

/* Bump whenever the schema or the meaning of a stored column changes: an
 * index with another version is rebuilt by the next `codira index`. */
#define SQ_SCHEMA_VERSION 3
#define SQ_SCHEMA_VERSION_STR "3"
/* 'codi' - marks the file as a codira index */
#define SQ_APPLICATION_ID 0x636f6469
/* Version of the derived tables' logic (call graph...). A change makes
 * needs_maintenance() true so that derived data is rebuilt. */
#define SQ_DERIVED_VERSION "1"
#define SQ_DB_NAME "index.db"

/* Ids of a file's rows: [file_id << SQ_ROW_BITS, (file_id + 1) << SQ_ROW_BITS).
 * Files over the host's size limit are never analysed, so no file comes
 * near 2^24 rows in one table. */
#define SQ_ROW_BITS 24
static inline int64_t sq_row_id(int64_t file_id, int64_t n)
{
    return (file_id << SQ_ROW_BITS) + n;
}

struct codira_store {
    sqlite3 *db;
    sqlite3_stmt *find_symbols; /* prepared on first use, kept */
};

struct codira_session {
    sqlite3 *db;
    char *db_path;
    bool in_tx, committed, indexes_dropped, corrupt;
    bool fresh; /* a new database: written with a rollback journal, WAL after commit */
    sqlite3_stmt *find_file, *ins_file, *ins_symbol, *ins_edge, *ins_import, *ins_doc, *ins_diag,
        *touch, *del_file, *del_rows[8], *del_links_into, *ins_link, *del_link;
};

/* The whole schema, executed on a new database. */
extern const char sq_schema_sql[];
/* Tables whose rows belong to a file (ids from sq_row_id), NULL-terminated. */
extern const char *const sq_file_tables[];
/* Secondary indexes: dropped before and recreated after a full reload. */
extern const char *const sq_index_names[];
extern const char *const sq_index_sql[];

/* Map an sqlite result code to a codira status and fill err. */
int sq_fail(sqlite3 *db, int rc, codira_error *err, const char *what);
/* Prepare or fail. */
int sq_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, codira_error *err);
int sq_exec(sqlite3 *db, const char *sql, codira_error *err);
/* Path of the database file inside a state folder (malloc'ed). */
char *sq_db_path(const char *state_dir);
/* Read the schema version of an open database: 0 for an empty file. */
int sq_schema_version(sqlite3 *db, int *version, codira_error *err);
/* Apply the connection pragmas used by both sides. */
void sq_tune(sqlite3 *db);

/* backend.c: helpers shared by the queries */
/* The 17 columns of a symbol row (id, stable_id, kind, name, qualname,
 * module, path, language, parent stable_id, line, end_line, flags,
 * ordinal, signature, docstring, decorators, parameters) for the aliases
 * of the symbol, its file and its parent; sq_read_symbol reads them. */
#define SQ_SYMBOL_COLUMNS(s, f, p)                                                         \
    s ".id, " s ".stable_id, " s ".kind, " s ".name, " s ".qualname, " s ".module, " f       \
    ".path, " f ".language, " p ".stable_id, " s ".line, " s ".end_line, " s ".flags, " s   \
    ".ordinal, " s ".signature, " s ".docstring, " s ".decorators, " s ".parameters"
#define SQ_SYMBOL_NCOLS 17
/* ?10 = prefix, ?11 = prefix + "/", ?12 = prefix + "0" ('0' follows '/') */
#define SQ_PREFIX_WHERE(f) "(?10 = '' OR " f ".path = ?10 OR (" f ".path >= ?11 AND " f ".path < ?12))"
void sq_read_symbol(sqlite3_stmt *st, int first_col, codira_symbol_row *r);
void sq_bind_prefix(sqlite3_stmt *st, const char *prefix);
const char *sq_text(sqlite3_stmt *st, int i);
const char *sq_text_or_null(sqlite3_stmt *st, int i);

/* session.c: helpers shared with graph.c */
int sq_session_fail(codira_session *s, int rc, codira_error *err, const char *what);
int sq_run(codira_session *s, sqlite3_stmt *st, codira_error *err, const char *what);
void sq_bind_str(sqlite3_stmt *st, int i, codira_str v);

/* graph.c */
int sq_find_sites(codira_store *store, const codira_site_query *q, codira_site_cb cb, void *ctx,
                  codira_error *err);
int sq_session_graph_symbols(codira_session *s, const codira_graph_scope *scope,
                             codira_graph_symbol_cb cb, void *ctx, codira_error *err);
int sq_session_graph_imports(codira_session *s, const codira_graph_scope *scope,
                             codira_graph_import_cb cb, void *ctx, codira_error *err);
int sq_session_graph_sites(codira_session *s, const codira_graph_scope *scope,
                           codira_graph_site_cb cb, void *ctx, codira_error *err);
int sq_session_store_links(codira_session *s, const codira_link *links, size_t n,
                           codira_error *err);
/* Bind a list of strings or ids as one JSON array parameter (json_each). */
void sq_bind_json_strings(sqlite3_stmt *st, int i, const char *const *v, size_t n);
void sq_bind_json_ids(sqlite3_stmt *st, int i, const int64_t *v, size_t n);

/* session.c */
int sq_begin_index_session(const codira_backend *self, const codira_store_args *args,
                           codira_session **out, codira_error *err);
int sq_session_cleanup_stale(codira_session *s, codira_error *err);
int sq_session_prepare(codira_session *s, const codira_prepare_args *args, codira_error *err);
int sq_session_persist_file(codira_session *s, const codira_file_analysis *a, codira_error *err);
int sq_session_touch_file(codira_session *s, const codira_file_state *f, codira_error *err);
int sq_session_rebuild_derived(codira_session *s, codira_error *err);
int sq_session_persist_runtime(codira_session *s, const codira_runtime_write *rt,
                               codira_error *err);
int sq_session_commit(codira_session *s, codira_error *err);
void sq_session_abort(codira_session *s);
void sq_session_close(codira_session *s);

#endif
