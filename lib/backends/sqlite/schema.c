/*
 * schema.c - the sqlite backend's tables and shared helpers.
 *
 * Paths are repository-relative. Every row that belongs to a file has an
 * id in [file_id << 24, (file_id + 1) << 24) (sq_row_id): a file's rows are
 * contiguous, replacing or deleting a file is a range delete on the rowid,
 * and no table needs an index on its file. Parent and owner references
 * are such ids too. A site's link (its resolution) has the site's id.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sqlite_internal.h"

const char sq_schema_sql[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;\n"
    "CREATE TABLE analyzers(name TEXT PRIMARY KEY, version TEXT NOT NULL,"
    " fingerprint TEXT NOT NULL) WITHOUT ROWID;\n"
    "CREATE TABLE files("
    " id INTEGER PRIMARY KEY,"
    " path TEXT NOT NULL UNIQUE,"
    " hash TEXT NOT NULL,"
    " size INTEGER NOT NULL,"
    " mtime_ns INTEGER NOT NULL,"
    " analyzer TEXT NOT NULL,"
    " analyzer_version TEXT NOT NULL,"
    " status INTEGER NOT NULL,"   /* codira_file_status */
    " language TEXT NOT NULL,"
    " module TEXT NOT NULL,"
    " role TEXT NOT NULL);\n"
    "CREATE TABLE symbols("
    " id INTEGER PRIMARY KEY,"    /* sq_row_id(file, handle) */
    " file_id INTEGER NOT NULL,"
    " parent_id INTEGER,"
    " stable_id TEXT NOT NULL,"
    " kind TEXT NOT NULL,"
    " name TEXT NOT NULL,"
    " qualname TEXT NOT NULL,"    /* ends with name: qualified lookups go through name */
    " module TEXT NOT NULL,"
    " line INTEGER NOT NULL,"
    " end_line INTEGER NOT NULL,"
    " col INTEGER NOT NULL,"
    " flags INTEGER NOT NULL,"
    " ordinal INTEGER NOT NULL,"
    " signature TEXT NOT NULL,"
    " docstring TEXT,"
    " decorators TEXT NOT NULL,"
    " parameters TEXT NOT NULL);\n"
    "CREATE TABLE edges("            /* raw call and reference sites */
    " id INTEGER PRIMARY KEY,"
    " owner_id INTEGER NOT NULL,"
    " relation INTEGER NOT NULL,"
    " target_kind INTEGER NOT NULL,"
    " base TEXT NOT NULL,"
    " target TEXT NOT NULL,"
    " line INTEGER NOT NULL,"
    " col INTEGER NOT NULL,"
    " ref_kind TEXT NOT NULL,"
    " ext_kind TEXT NOT NULL,"
    " ext_name TEXT NOT NULL);\n"
    "CREATE TABLE links("            /* the resolution of a site (same id): no row = unresolved */
    " id INTEGER PRIMARY KEY,"
    " dst_id INTEGER,"
    " status INTEGER NOT NULL,"
    " label_kind TEXT NOT NULL,"
    " label_name TEXT NOT NULL,"
    " candidates TEXT NOT NULL);\n"
    "CREATE TABLE imports("
    " id INTEGER PRIMARY KEY,"
    " owner_id INTEGER,"
    " name TEXT NOT NULL,"
    " alias TEXT NOT NULL,"
    " kind TEXT NOT NULL,"
    " line INTEGER NOT NULL);\n"
    "CREATE TABLE docs("
    " id INTEGER PRIMARY KEY,"
    " owner_id INTEGER,"
    " stable_id TEXT NOT NULL,"
    " kind TEXT NOT NULL,"
    " source_format TEXT NOT NULL,"
    " line INTEGER NOT NULL,"
    " end_line INTEGER NOT NULL,"
    " title TEXT NOT NULL,"
    " heading_path TEXT NOT NULL,"
    " text TEXT NOT NULL);\n"
    "CREATE TABLE diagnostics("
    " id INTEGER PRIMARY KEY,"
    " severity INTEGER NOT NULL,"
    " category TEXT NOT NULL,"
    " message TEXT NOT NULL,"
    " line INTEGER NOT NULL,"
    " col INTEGER NOT NULL);\n";

const char *const sq_file_tables[] = {"symbols", "edges", "links", "imports",
                                      "docs",    "diagnostics", NULL};

const char *const sq_index_names[] = {"symbols_by_name", "symbols_by_module", "edges_by_owner",
                                      "edges_by_target", "links_by_dst", NULL};

const char *const sq_index_sql[] = {
    "CREATE INDEX IF NOT EXISTS symbols_by_name ON symbols(name)",
    "CREATE INDEX IF NOT EXISTS symbols_by_module ON symbols(module, qualname, kind)",
    "CREATE INDEX IF NOT EXISTS edges_by_owner ON edges(owner_id)",
    "CREATE INDEX IF NOT EXISTS edges_by_target ON edges(target)",
    "CREATE INDEX IF NOT EXISTS links_by_dst ON links(dst_id) WHERE dst_id IS NOT NULL",
    NULL,
};

int sq_fail(sqlite3 *db, int rc, codira_error *err, const char *what)
{
    int code;
    switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: code = CODIRA_E_CORRUPT; break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: code = CODIRA_E_BUSY; break;
    case SQLITE_READONLY:
    case SQLITE_PERM: code = CODIRA_E_READONLY; break;
    case SQLITE_NOMEM: code = CODIRA_E_NOMEM; break;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_FULL: code = CODIRA_E_IO; break;
    default: code = CODIRA_E_BACKEND; break;
    }
    return set_error(err, code, "sqlite: %s: %s", what,
                     db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

int sq_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, codira_error *err)
{
    int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
    return rc == SQLITE_OK ? CODIRA_OK : sq_fail(db, rc, err, "prepare");
}

int sq_exec(sqlite3 *db, const char *sql, codira_error *err)
{
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? CODIRA_OK : sq_fail(db, rc, err, "exec");
}

char *sq_db_path(const char *state_dir)
{
    return path_join(state_dir, SQ_DB_NAME);
}

int sq_schema_version(sqlite3 *db, int *version, codira_error *err)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, "PRAGMA application_id", -1, &st, NULL);
    if (rc != SQLITE_OK) return sq_fail(db, rc, err, "read header");
    int app = 0;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) app = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW) return sq_fail(db, rc, err, "read header");
    rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
    if (rc != SQLITE_OK) return sq_fail(db, rc, err, "read header");
    int v = 0;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW) return sq_fail(db, rc, err, "read header");
    if (app == 0 && v == 0) {
        /* empty file, or a database that is not ours */
        int tables = 0;
        if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &st, NULL) ==
            SQLITE_OK) {
            if (sqlite3_step(st) == SQLITE_ROW) tables = sqlite3_column_int(st, 0);
            sqlite3_finalize(st);
        }
        *version = tables ? -1 : 0;
        return CODIRA_OK;
    }
    *version = app == SQ_APPLICATION_ID ? v : -1;
    return CODIRA_OK;
}

void sq_tune(sqlite3 *db)
{
    sqlite3_busy_timeout(db, 10000);
    sqlite3_exec(db,
                 "PRAGMA cache_size=-32768;"
                 "PRAGMA temp_store=MEMORY;",
                 NULL, NULL, NULL);
}
