/*
 * session.c - the sqlite backend's write side.
 *
 * One session is one transaction (BEGIN IMMEDIATE ... COMMIT) in WAL mode:
 * readers keep seeing the previous index until commit, and a killed run
 * leaves it intact. Each file is persisted inside a savepoint so that a
 * failing file never leaves half of its rows behind.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sqlite_internal.h"

/* Remember corruption so that close() moves the file aside. */
int sq_session_fail(codira_session *s, int rc, codira_error *err, const char *what)
{
    int code = sq_fail(s->db, rc, err, what);
    if (code == CODIRA_E_CORRUPT) s->corrupt = true;
    return code;
}

/* The same for failures reported by sq_exec/sq_prepare. */
static int session_code(codira_session *s, int code)
{
    if (code == CODIRA_E_CORRUPT) s->corrupt = true;
    return code;
}

static void remove_db_files(const char *path)
{
    const char *suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < 4; i++) {
        char *p = xasprintf("%s%s", path, suffixes[i]);
        unlink(p);
        free(p);
    }
}

static int open_rw(const char *path, sqlite3 **out, codira_error *err)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                            SQLITE_OPEN_NOMUTEX,
                             NULL);
    if (rc != SQLITE_OK) {
        int code = sq_fail(db, rc, err, "open for writing");
        sqlite3_close(db);
        return code;
    }
    sq_tune(db);
    *out = db;
    return CODIRA_OK;
}

static int create_schema(sqlite3 *db, codira_error *err)
{
    int code = sq_exec(db, "BEGIN", err);
    if (code) return code;
    /* secondary indexes come at the end of the first load (rebuild_derived):
     * building them once is cheaper than maintaining them row by row */
    code = sq_exec(db, sq_schema_sql, err);
    if (!code) {
        char *pragmas = xasprintf("PRAGMA application_id=%d; PRAGMA user_version=%d;",
                                  SQ_APPLICATION_ID, SQ_SCHEMA_VERSION);
        code = sq_exec(db, pragmas, err);
        free(pragmas);
    }
    if (code) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return code;
    }
    return sq_exec(db, "COMMIT", err);
}

static int prepare_statements(codira_session *s, codira_error *err)
{
    struct {
        sqlite3_stmt **st;
        const char *sql;
    } list[] = {
        {&s->find_file, "SELECT id FROM files WHERE path = ?1"},
        {&s->ins_file, "INSERT INTO files(path, hash, size, mtime_ns, analyzer, analyzer_version,"
                       " status, language, module, role) VALUES(?,?,?,?,?,?,?,?,?,?)"},
        {&s->ins_symbol, "INSERT INTO symbols(id, file_id, parent_id, stable_id, kind, name,"
                         " qualname, module, line, end_line, col, flags, ordinal, signature,"
                         " docstring, decorators, parameters)"
                         " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"},
        {&s->ins_edge, "INSERT INTO edges(id, owner_id, relation, target_kind, base, target,"
                       " line, col, ref_kind, ext_kind, ext_name) VALUES(?,?,?,?,?,?,?,?,?,?,?)"},
        {&s->ins_import, "INSERT INTO imports(id, owner_id, name, alias, kind, line)"
                         " VALUES(?,?,?,?,?,?)"},
        {&s->ins_doc, "INSERT INTO docs(id, owner_id, stable_id, kind, source_format, line,"
                      " end_line, title, heading_path, text) VALUES(?,?,?,?,?,?,?,?,?,?)"},
        {&s->ins_diag, "INSERT INTO diagnostics(id, severity, category, message, line, col)"
                       " VALUES(?,?,?,?,?,?)"},
        {&s->touch, "UPDATE files SET size = ?2, mtime_ns = ?3 WHERE path = ?1"},
        {&s->del_file, "DELETE FROM files WHERE id = ?1"},
        {&s->del_links_into, "DELETE FROM links WHERE dst_id >= ?1 AND dst_id < ?2"},
        {&s->ins_link, "INSERT INTO links(id, dst_id, status, label_kind, label_name, candidates)"
                       " VALUES(?,?,?,?,?,?)"},
        {&s->del_link, "DELETE FROM links WHERE id = ?1"},
    };
    for (size_t i = 0; i < sizeof(list) / sizeof(list[0]); i++) {
        int code = sq_prepare(s->db, list[i].sql, list[i].st, err);
        if (code) return code;
    }
    for (size_t i = 0; sq_file_tables[i]; i++) {
        char *sql = xasprintf("DELETE FROM %s WHERE id >= ?1 AND id < ?2", sq_file_tables[i]);
        int code = sq_prepare(s->db, sql, &s->del_rows[i], err);
        free(sql);
        if (code) return code;
    }
    return CODIRA_OK;
}

int sq_begin_index_session(const codira_backend *self, const codira_store_args *args,
                           codira_session **out, codira_error *err)
{
    (void)self;
    codira_session *s = xcalloc(1, sizeof(*s));
    s->db_path = sq_db_path(args->state_dir);
    int code = open_rw(s->db_path, &s->db, err);
    int version = 0;
    if (!code) code = sq_schema_version(s->db, &version, err);
    if (code == CODIRA_E_CORRUPT || (!code && version != 0 && version != SQ_SCHEMA_VERSION)) {
        /* unreadable or another format: this is the one place that replaces it */
        sqlite3_close(s->db);
        s->db = NULL;
        remove_db_files(s->db_path);
        code = open_rw(s->db_path, &s->db, err);
        version = 0;
    }
    if (!code && version == 0) {
        /* Nobody can read a database that never had a committed run, so the
         * first load needs no WAL: with a rollback journal each page is
         * written once instead of twice (WAL, then checkpoint). WAL is
         * switched on at commit, for the readers of later runs. */
        code = create_schema(s->db, err);
        s->fresh = true;
        s->indexes_dropped = true;
    }
    if (!code) code = sq_exec(s->db, "PRAGMA synchronous=NORMAL", err);
    if (!code) {
        int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        if (rc != SQLITE_OK) code = sq_fail(s->db, rc, err, "begin");
        else s->in_tx = true;
    }
    if (!code) code = prepare_statements(s, err);
    if (code) {
        session_code(s, code); /* a readable header over damaged pages */
        sq_session_close(s);
        return code;
    }
    *out = s;
    return CODIRA_OK;
}

int sq_run(codira_session *s, sqlite3_stmt *st, codira_error *err, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) return CODIRA_OK;
    return sq_session_fail(s, rc, err, what);
}

int sq_session_cleanup_stale(codira_session *s, codira_error *err)
{
    /* rows whose file is gone (left by an older codira or an interrupted
     * maintenance) */
    for (size_t i = 0; sq_file_tables[i]; i++) {
        char *sql = xasprintf("DELETE FROM %s WHERE (id >> %d) NOT IN (SELECT id FROM files)",
                              sq_file_tables[i], SQ_ROW_BITS);
        int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
        free(sql);
        if (rc != SQLITE_OK) return sq_session_fail(s, rc, err, "cleanup");
    }
    return CODIRA_OK;
}

static int delete_path(codira_session *s, const char *path, codira_error *err)
{
    sqlite3_bind_text(s->find_file, 1, path, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s->find_file);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(s->find_file, 0) : 0;
    sqlite3_reset(s->find_file);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return sq_session_fail(s, rc, err, "find file");
    if (!id) return CODIRA_OK;
    for (size_t i = 0; sq_file_tables[i]; i++) {
        sqlite3_bind_int64(s->del_rows[i], 1, sq_row_id(id, 0));
        sqlite3_bind_int64(s->del_rows[i], 2, sq_row_id(id + 1, 0));
        int code = sq_run(s, s->del_rows[i], err, "delete file rows");
        if (code) return code;
    }
    /* links of other files into this one's symbols would dangle: the
     * resolver re-resolves those sites */
    sqlite3_bind_int64(s->del_links_into, 1, sq_row_id(id, 0));
    sqlite3_bind_int64(s->del_links_into, 2, sq_row_id(id + 1, 0));
    int code = sq_run(s, s->del_links_into, err, "delete links into file");
    if (code) return code;
    sqlite3_bind_int64(s->del_file, 1, id);
    return sq_run(s, s->del_file, err, "delete file");
}

int sq_session_prepare(codira_session *s, const codira_prepare_args *args, codira_error *err)
{
    if (args->full) {
        /* a full reload: empty tables and no secondary indexes to maintain
         * while loading; they come back in rebuild_derived */
        int code = sq_exec(s->db,
                           "DELETE FROM symbols; DELETE FROM edges; DELETE FROM imports;"
                           "DELETE FROM docs; DELETE FROM diagnostics; DELETE FROM files;",
                           err);
        for (size_t i = 0; !code && sq_index_names[i]; i++) {
            char *sql = xasprintf("DROP INDEX IF EXISTS %s", sq_index_names[i]);
            code = sq_exec(s->db, sql, err);
            free(sql);
        }
        if (code) return session_code(s, code);
        s->indexes_dropped = true;
        return CODIRA_OK;
    }
    for (size_t i = 0; i < args->n_delete; i++) {
        int code = delete_path(s, args->delete_paths[i], err);
        if (code) return code;
    }
    return CODIRA_OK;
}

void sq_bind_str(sqlite3_stmt *st, int i, codira_str v)
{
    sqlite3_bind_text(st, i, v.ptr ? v.ptr : "", (int)v.len, SQLITE_STATIC);
}

/* A symbol handle of the file being stored, as a row id (NULL for none). */
static void bind_owner(sqlite3_stmt *st, int i, int64_t file_id, size_t n_symbols, codira_handle h)
{
    if (h >= 0 && (size_t)h < n_symbols) sqlite3_bind_int64(st, i, sq_row_id(file_id, h));
    else sqlite3_bind_null(st, i);
}

static int store_file(codira_session *s, const codira_file_analysis *a, codira_error *err)
{
    int code;
    if (!s->indexes_dropped && (code = delete_path(s, a->file.path, err))) return code;

    sqlite3_stmt *st = s->ins_file;
    sqlite3_bind_text(st, 1, a->file.path, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, a->file.hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, a->file.size);
    sqlite3_bind_int64(st, 4, a->file.mtime_ns);
    sqlite3_bind_text(st, 5, a->file.analyzer, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, a->file.analyzer_version, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 7, (int)a->file.status);
    sqlite3_bind_text(st, 8, a->language ? a->language : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, a->module ? a->module : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, a->role ? a->role : "implementation", -1, SQLITE_STATIC);
    if ((code = sq_run(s, st, err, "insert file"))) return code;
    int64_t file_id = sqlite3_last_insert_rowid(s->db);

    const char *module = a->module ? a->module : "";
    for (size_t i = 0; i < a->n_symbols; i++) {
        const codira_symbol *sym = &a->symbols[i];
        st = s->ins_symbol;
        sqlite3_bind_int64(st, 1, sq_row_id(file_id, (int64_t)i));
        sqlite3_bind_int64(st, 2, file_id);
        bind_owner(st, 3, file_id, a->n_symbols, sym->parent);
        sq_bind_str(st, 4, sym->stable_id);
        sq_bind_str(st, 5, sym->kind);
        sq_bind_str(st, 6, sym->name);
        sq_bind_str(st, 7, sym->qualname);
        sqlite3_bind_text(st, 8, module, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 9, sym->line);
        sqlite3_bind_int64(st, 10, sym->end_line);
        sqlite3_bind_int64(st, 11, sym->col);
        sqlite3_bind_int64(st, 12, sym->flags);
        sqlite3_bind_int64(st, 13, sym->ordinal);
        sq_bind_str(st, 14, sym->signature);
        if (sym->docstring.ptr) sq_bind_str(st, 15, sym->docstring);
        else sqlite3_bind_null(st, 15);
        sq_bind_str(st, 16, sym->decorators);
        sq_bind_str(st, 17, sym->parameters);
        if ((code = sq_run(s, st, err, "insert symbol"))) return code;
    }

    for (size_t i = 0; i < a->n_edges; i++) {
        const codira_edge *e = &a->edges[i];
        st = s->ins_edge;
        sqlite3_bind_int64(st, 1, sq_row_id(file_id, (int64_t)i));
        bind_owner(st, 2, file_id, a->n_symbols, e->owner);
        sqlite3_bind_int(st, 3, (int)e->relation);
        sqlite3_bind_int(st, 4, (int)e->target_kind);
        sq_bind_str(st, 5, e->base);
        sq_bind_str(st, 6, e->target);
        sqlite3_bind_int64(st, 7, e->line);
        sqlite3_bind_int64(st, 8, e->col);
        sq_bind_str(st, 9, e->ref_kind);
        sq_bind_str(st, 10, e->ext_kind);
        sq_bind_str(st, 11, e->ext_name);
        if ((code = sq_run(s, st, err, "insert edge"))) return code;
    }
    for (size_t i = 0; i < a->n_imports; i++) {
        const codira_import *im = &a->imports[i];
        st = s->ins_import;
        sqlite3_bind_int64(st, 1, sq_row_id(file_id, (int64_t)i));
        bind_owner(st, 2, file_id, a->n_symbols, im->owner);
        sq_bind_str(st, 3, im->name);
        sq_bind_str(st, 4, im->alias);
        sq_bind_str(st, 5, im->kind);
        sqlite3_bind_int64(st, 6, im->line);
        if ((code = sq_run(s, st, err, "insert import"))) return code;
    }
    for (size_t i = 0; i < a->n_docs; i++) {
        const codira_doc *d = &a->docs[i];
        st = s->ins_doc;
        sqlite3_bind_int64(st, 1, sq_row_id(file_id, (int64_t)i));
        bind_owner(st, 2, file_id, a->n_symbols, d->owner);
        sq_bind_str(st, 3, d->stable_id);
        sq_bind_str(st, 4, d->kind);
        sq_bind_str(st, 5, d->source_format);
        sqlite3_bind_int64(st, 6, d->line);
        sqlite3_bind_int64(st, 7, d->end_line);
        sq_bind_str(st, 8, d->title);
        sq_bind_str(st, 9, d->heading_path);
        sq_bind_str(st, 10, d->text);
        if ((code = sq_run(s, st, err, "insert doc"))) return code;
    }
    for (size_t i = 0; i < a->n_diagnostics; i++) {
        const codira_diagnostic *d = &a->diagnostics[i];
        st = s->ins_diag;
        sqlite3_bind_int64(st, 1, sq_row_id(file_id, (int64_t)i));
        sqlite3_bind_int(st, 2, (int)d->severity);
        sq_bind_str(st, 3, d->category);
        sq_bind_str(st, 4, d->message);
        sqlite3_bind_int64(st, 5, d->line);
        sqlite3_bind_int64(st, 6, d->col);
        if ((code = sq_run(s, st, err, "insert diagnostic"))) return code;
    }
    return CODIRA_OK;
}

int sq_session_persist_file(codira_session *s, const codira_file_analysis *a, codira_error *err)
{
    int rc = sqlite3_exec(s->db, "SAVEPOINT persist_file", NULL, NULL, NULL);
    if (rc != SQLITE_OK) return sq_session_fail(s, rc, err, "savepoint");
    int code = store_file(s, a, err);
    if (code) {
        sqlite3_exec(s->db, "ROLLBACK TO persist_file", NULL, NULL, NULL);
        sqlite3_exec(s->db, "RELEASE persist_file", NULL, NULL, NULL);
        return code;
    }
    rc = sqlite3_exec(s->db, "RELEASE persist_file", NULL, NULL, NULL);
    return rc == SQLITE_OK ? CODIRA_OK : sq_session_fail(s, rc, err, "release");
}

int sq_session_touch_file(codira_session *s, const codira_file_state *f, codira_error *err)
{
    sqlite3_bind_text(s->touch, 1, f->path, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s->touch, 2, f->size);
    sqlite3_bind_int64(s->touch, 3, f->mtime_ns);
    return sq_run(s, s->touch, err, "update file stat");
}

static int put_meta(codira_session *s, const char *key, const char *value, codira_error *err)
{
    sqlite3_stmt *st;
    int code = sq_prepare(s->db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)", &st, err);
    if (code) return code;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    code = sq_run(s, st, err, "write meta");
    sqlite3_finalize(st);
    return code;
}

/* Build the secondary indexes a full or first load went without. */
static int restore_indexes(codira_session *s, codira_error *err)
{
    if (!s->indexes_dropped) return CODIRA_OK;
    for (size_t i = 0; sq_index_sql[i]; i++) {
        int code = sq_exec(s->db, sq_index_sql[i], err);
        if (code) return session_code(s, code);
    }
    s->indexes_dropped = false;
    return CODIRA_OK;
}

int sq_session_rebuild_derived(codira_session *s, codira_error *err)
{
    int code = restore_indexes(s, err);
    if (code) return code;
    /* the call graph's links are written by the host's resolver; what is
     * derived here is marked current */
    return session_code(s, put_meta(s, "derived_version", SQ_DERIVED_VERSION, err));
}

static int64_t count_rows(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    int64_t n = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return 0;
    if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

int sq_session_persist_runtime(codira_session *s, const codira_runtime_write *rt,
                               codira_error *err)
{
    char num[32];
    int64_t gen = 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = 'generation'", -1, &st,
                           NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW) gen = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    int code = put_meta(s, "backend_name", "sqlite", err);
    if (!code) code = put_meta(s, "backend_version", SQ_SCHEMA_VERSION_STR, err);
    if (!code) code = put_meta(s, "codira_version", rt->codira_version, err);
    snprintf(num, sizeof(num), "%lld", (long long)gen + 1);
    if (!code) code = put_meta(s, "generation", num, err);
    snprintf(num, sizeof(num), "%d", rt->coverage_complete ? 1 : 0);
    if (!code) code = put_meta(s, "coverage_complete", num, err);
    snprintf(num, sizeof(num), "%lld", (long long)count_rows(s->db, "SELECT count(*) FROM files"));
    if (!code) code = put_meta(s, "file_count", num, err);
    snprintf(num, sizeof(num), "%lld", (long long)count_rows(s->db, "SELECT count(*) FROM symbols"));
    if (!code) code = put_meta(s, "symbol_count", num, err);
    snprintf(num, sizeof(num), "%lld", (long long)count_rows(s->db, "SELECT count(*) FROM docs"));
    if (!code) code = put_meta(s, "doc_count", num, err);
    if (!code) code = sq_exec(s->db, "DELETE FROM analyzers", err);
    if (code) return session_code(s, code);
    code = sq_prepare(s->db, "INSERT INTO analyzers(name, version, fingerprint) VALUES(?,?,?)", &st,
                      err);
    if (code) return session_code(s, code);
    for (size_t i = 0; i < rt->n_analyzers && !code; i++) {
        sqlite3_bind_text(st, 1, rt->analyzers[i].name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, rt->analyzers[i].version, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, rt->analyzers[i].fingerprint ? rt->analyzers[i].fingerprint : "",
                          -1, SQLITE_STATIC);
        code = sq_run(s, st, err, "write analyzer inventory");
    }
    sqlite3_finalize(st);
    return code;
}

int sq_session_commit(codira_session *s, codira_error *err)
{
    if (s->committed) return CODIRA_OK;
    int code = restore_indexes(s, err);
    if (code) return code;
    int rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) return sq_session_fail(s, rc, err, "commit");
    s->in_tx = false;
    s->committed = true;
    if (s->fresh) {
        rc = sqlite3_exec(s->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
        return rc == SQLITE_OK ? CODIRA_OK : sq_session_fail(s, rc, err, "switch to WAL");
    }
    /* fold the WAL back so that index.db alone is complete (copies, backups),
     * without waiting for readers: the busy handler would stall the run for
     * the whole busy timeout behind any open query; what a reader still
     * needs is folded back by a later commit */
    sqlite3_busy_timeout(s->db, 0);
    sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    return CODIRA_OK;
}

void sq_session_abort(codira_session *s)
{
    if (s && s->in_tx && !s->committed) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        s->in_tx = false;
    }
}

void sq_session_close(codira_session *s)
{
    if (!s) return;
    sq_session_abort(s);
    sqlite3_stmt *all[] = {s->find_file, s->ins_file, s->ins_symbol, s->ins_edge, s->ins_import,
                           s->ins_doc,   s->ins_diag, s->touch,      s->del_file,
                           s->del_links_into, s->ins_link, s->del_link};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) sqlite3_finalize(all[i]);
    for (size_t i = 0; i < sizeof(s->del_rows) / sizeof(s->del_rows[0]); i++)
        sqlite3_finalize(s->del_rows[i]);
    sqlite3_close(s->db);
    if (s->corrupt) {
        /* keep the evidence, and let the next run start from scratch */
        char *aside = xasprintf("%s.corrupt", s->db_path);
        rename(s->db_path, aside);
        free(aside);
        char *wal = xasprintf("%s-wal", s->db_path);
        unlink(wal);
        free(wal);
    }
    free(s->db_path);
    free(s);
}
