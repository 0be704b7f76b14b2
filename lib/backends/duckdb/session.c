/*
 * session.c - the duckdb backend's write side.
 *
 * A session writes <state>/index.duckdb.new and never index.duckdb itself.
 * The new file is opened on first use: empty for a full rebuild (prepare
 * with `full` before anything else) or a copy of the current index for an
 * incremental run. Everything happens in one DuckDB transaction; commit
 * checkpoints the file (so that it is complete without a WAL), closes it
 * and renames it over index.duckdb. Readers keep their snapshot, no run
 * ever waits for a reader, and a killed run leaves only a stale .new file
 * that the next session removes.
 *
 * Bulk path: rows go in through DuckDB appenders, a data chunk at a time; a full
 * load builds its secondary indexes once, at the end. Appended rows are
 * flushed before any statement that must see them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "duckdb_internal.h"

static void remove_new(const char *new_path)
{
    dk_buf b = {0};
    unlink(new_path);
    dk_buf_addf(&b, "%s.wal", new_path);
    unlink(b.buf);
    dk_buf_free(&b);
}

/* Copy a file with copy_file_range (in-kernel, a reflink where the file
 * system can); `missing_ok` for optional files. The source is read under a
 * shared lock: another program writing it with DuckDB holds the exclusive
 * one, and a copy taken meanwhile could be torn. */
static int copy_file(const char *from, const char *to, bool missing_ok, codira_error *err)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        if (errno == ENOENT && missing_ok) return CODIRA_OK;
        return dk_set_error(err, CODIRA_E_IO, "cannot read %s: %s", from, strerror(errno));
    }
    int code = dk_read_lock(in, from, err);
    if (code) {
        close(in);
        return code;
    }
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) {
        int e = errno;
        close(in);
        return dk_set_error(err, e == EACCES || e == EROFS ? CODIRA_E_READONLY : CODIRA_E_IO,
                            "cannot write %s: %s", to, strerror(e));
    }
    struct stat st;
    if (fstat(in, &st) != 0) code = dk_set_error(err, CODIRA_E_IO, "cannot stat %s", from);
    off_t left = st.st_size;
    bool plain = false;
    while (!code && left > 0) {
        ssize_t n;
        if (!plain) {
            n = copy_file_range(in, NULL, out, NULL, (size_t)left, 0);
            if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL ||
                          errno == EOPNOTSUPP)) {
                plain = true;
                continue;
            }
        } else {
            char buf[1 << 16];
            n = read(in, buf, sizeof(buf));
            if (n > 0 && write(out, buf, (size_t)n) != n) n = -1;
        }
        if (n < 0) code = dk_set_error(err, CODIRA_E_IO, "cannot copy %s: %s", from, strerror(errno));
        else if (n == 0) break;
        else left -= n;
    }
    close(in);
    if (close(out) != 0 && !code)
        code = dk_set_error(err, CODIRA_E_IO, "cannot write %s: %s", to, strerror(errno));
    return code;
}

static int fsync_path(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int dk_begin_index_session(const codira_backend *self, const codira_store_args *args,
                           codira_session **out, codira_error *err)
{
    (void)self;
    codira_session *s = calloc(1, sizeof(*s));
    if (!s) return dk_set_error(err, CODIRA_E_NOMEM, "out of memory");
    s->final_path = dk_join(args->state_dir, DK_DB_NAME);
    dk_buf b = {0};
    dk_buf_addf(&b, "%s%s", s->final_path, DK_NEW_SUFFIX);
    s->new_path = b.buf;
    /* what a killed run left behind */
    remove_new(s->new_path);
    *out = s;
    return CODIRA_OK;
}

static int prepare_statements(codira_session *s, codira_error *err)
{
    struct {
        duckdb_prepared_statement *st;
        const char *sql;
    } list[] = {
        {&s->find_file, "SELECT id FROM files WHERE path = $1"},
        {&s->touch, "UPDATE files SET size = $2, mtime_ns = $3 WHERE path = $1"},
        {&s->del_file, "DELETE FROM files WHERE id = $1"},
        {&s->del_links_into, "DELETE FROM links WHERE dst_id >= $1 AND dst_id < $2"},
    };
    for (size_t i = 0; i < sizeof(list) / sizeof(list[0]); i++) {
        int code = dk_prepare(s->con, list[i].sql, list[i].st, err);
        if (code) return code;
    }
    for (size_t i = 0; dk_file_tables[i] != T_COUNT; i++) {
        dk_buf sql = {0};
        dk_buf_addf(&sql, "DELETE FROM %s WHERE id >= $1 AND id < $2",
                    dk_table_names[dk_file_tables[i]]);
        int code = dk_prepare(s->con, sql.buf, &s->del_rows[dk_file_tables[i]], err);
        dk_buf_free(&sql);
        if (code) return code;
    }
    return CODIRA_OK;
}

static void close_db(codira_session *s)
{
    for (size_t i = 0; i < T_COUNT; i++) {
        dk_writer_close(&s->w[i]);
        if (s->del_rows[i]) duckdb_destroy_prepare(&s->del_rows[i]);
    }
    duckdb_prepared_statement *all[] = {&s->find_file, &s->touch, &s->del_file,
                                        &s->del_links_into};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        if (*all[i]) duckdb_destroy_prepare(all[i]);
    if (s->con) duckdb_disconnect(&s->con);
    if (s->db) duckdb_close(&s->db);
    s->con = NULL;
    s->db = NULL;
    s->opened = false;
}

static int begin_tx(codira_session *s, codira_error *err)
{
    int code = dk_exec(s->con, "BEGIN TRANSACTION", err);
    if (!code) s->in_tx = true;
    return code;
}

/* A new, empty index: the schema without secondary indexes. */
static int open_fresh(codira_session *s, codira_error *err)
{
    remove_new(s->new_path);
    int code = dk_open_db(s->new_path, false, &s->db, &s->con, err);
    if (code) return code;
    s->opened = true;
    code = begin_tx(s, err);
    if (!code) code = dk_exec(s->con, dk_schema_sql, err);
    if (!code)
        code = dk_exec(s->con,
                       "INSERT INTO meta VALUES ('schema_version', '" DK_SCHEMA_VERSION "')", err);
    if (!code) code = prepare_statements(s, err);
    s->bulk = true;
    s->rewritten = true;
    s->next_file_id = 1;
    return code;
}

/* DuckDB keeps deleted rows until their row group is rewritten, and each
 * incremental run adds small row groups: a file updated in place grows
 * run after run. When the copy uses more than twice the blocks the index
 * had when it was last written afresh, the rows are copied into a new
 * file instead (rows in id order, indexes built once). */
static int maybe_compact(codira_session *s, codira_error *err)
{
    int64_t used = 0, baseline = 0;
    int code = dk_query_int(s->con, "SELECT used_blocks::BIGINT FROM pragma_database_size()",
                            &used, err);
    if (!code)
        code = dk_query_int(s->con,
                            "SELECT coalesce(max(TRY_CAST(value AS BIGINT)), 0)::BIGINT FROM meta"
                            " WHERE key = 'compact_blocks'",
                            &baseline, err);
    if (code || !baseline || used <= 2 * baseline + 8) return code;
    close_db(s);
    remove_new(s->new_path);
    code = dk_open_db(s->new_path, false, &s->db, &s->con, err);
    if (code) return code;
    s->opened = true;
    code = dk_exec(s->con, dk_schema_sql, err);
    dk_buf sql = {0};
    dk_buf_adds(&sql, "ATTACH '");
    for (const char *p = s->final_path; *p; p++) {
        if (*p == '\'') dk_buf_add(&sql, "'", 1);
        dk_buf_add(&sql, p, 1);
    }
    dk_buf_adds(&sql, "' AS previous (READ_ONLY)");
    if (!code) code = dk_exec(s->con, sql.buf, err);
    for (size_t i = 0; !code && i < T_COUNT; i++) {
        dk_buf_clear(&sql);
        dk_buf_addf(&sql, "INSERT INTO %s SELECT * FROM previous.%s ORDER BY id", dk_table_names[i],
                    dk_table_names[i]);
        code = dk_exec(s->con, sql.buf, err);
    }
    if (!code) code = dk_exec(s->con, "INSERT INTO meta SELECT * FROM previous.meta", err);
    if (!code) code = dk_exec(s->con, "INSERT INTO analyzers SELECT * FROM previous.analyzers", err);
    if (!code) code = dk_exec(s->con, "DETACH previous", err);
    dk_buf_free(&sql);
    for (size_t i = 0; !code && dk_index_sql[i]; i++) code = dk_exec(s->con, dk_index_sql[i], err);
    s->rewritten = true;
    return code;
}

/* A copy of the current index, when it is one of ours in this format;
 * anything else is replaced (only here). */
static int open_copy(codira_session *s, codira_error *err)
{
    struct stat st;
    if (stat(s->final_path, &st) != 0) return open_fresh(s, err);
    int code = copy_file(s->final_path, s->new_path, false, err);
    if (!code) {
        /* committed changes of a writer that was not checkpointed (another
         * tool's): DuckDB replays them into the copy */
        dk_buf a = {0}, b = {0};
        dk_buf_addf(&a, "%s.wal", s->final_path);
        dk_buf_addf(&b, "%s.wal", s->new_path);
        code = copy_file(a.buf, b.buf, true, err);
        dk_buf_free(&a);
        dk_buf_free(&b);
    }
    if (code) return code;
    code = dk_open_db(s->new_path, false, &s->db, &s->con, err);
    char *version = NULL;
    if (!code) {
        s->opened = true;
        code = dk_schema_version(s->con, &version, err);
    }
    bool ours = !code && version && strcmp(version, DK_SCHEMA_VERSION) == 0;
    free(version);
    if (code == CODIRA_E_BUSY || code == CODIRA_E_NOMEM) return code;
    if (!ours) {
        /* unreadable or another format */
        close_db(s);
        return open_fresh(s, err);
    }
    s->bulk = false;
    s->next_file_id = 0;
    code = maybe_compact(s, err);
    if (!code) code = begin_tx(s, err);
    if (!code) code = prepare_statements(s, err);
    return code;
}

static int run_cleanup(codira_session *s, codira_error *err);

int dk_session_ready(codira_session *s, codira_error *err)
{
    if (s->opened) return CODIRA_OK;
    int code = open_copy(s, err);
    if (!code && s->cleanup_pending) code = run_cleanup(s, err);
    s->cleanup_pending = false;
    return code;
}

int dk_session_flush(codira_session *s, codira_error *err)
{
    if (!s->unflushed) return CODIRA_OK;
    for (size_t i = 0; i < T_COUNT; i++) {
        int code = dk_writer_flush(&s->w[i], err);
        if (code) return code;
    }
    s->unflushed = false;
    return CODIRA_OK;
}

static int run_cleanup(codira_session *s, codira_error *err)
{
    /* rows whose file is gone (left by an interrupted maintenance) */
    int code = dk_session_flush(s, err);
    for (size_t i = 0; !code && dk_file_tables[i] != T_COUNT; i++) {
        dk_buf sql = {0};
        dk_buf_addf(&sql, "DELETE FROM %s WHERE (id >> %d) NOT IN (SELECT id FROM files)",
                    dk_table_names[dk_file_tables[i]], DK_ROW_BITS);
        code = dk_exec(s->con, sql.buf, err);
        dk_buf_free(&sql);
    }
    return code;
}

int dk_session_cleanup_stale(codira_session *s, codira_error *err)
{
    if (!s->opened) {
        /* a full rebuild may still make it moot */
        s->cleanup_pending = true;
        return CODIRA_OK;
    }
    return run_cleanup(s, err);
}

static int run_range(duckdb_prepared_statement st, int64_t a, int64_t b, codira_error *err,
                     const char *what)
{
    duckdb_bind_int64(st, 1, a);
    duckdb_bind_int64(st, 2, b);
    return dk_run(st, err, what);
}

static int delete_path(codira_session *s, const char *path, codira_error *err)
{
    int code = dk_session_flush(s, err);
    if (code) return code;
    duckdb_bind_varchar(s->find_file, 1, path);
    dk_rows r;
    code = dk_rows_open(&r, s->find_file, err);
    if (code) return code;
    int n = dk_rows_next(&r, err);
    int64_t id = n > 0 ? r.num[0] : 0;
    dk_rows_close(&r);
    if (n < 0) return err->code;
    if (!id) return CODIRA_OK;
    for (size_t i = 0; !code && dk_file_tables[i] != T_COUNT; i++)
        code = run_range(s->del_rows[dk_file_tables[i]], dk_row_id(id, 0), dk_row_id(id + 1, 0),
                         err, "delete file rows");
    /* links of other files into this one's symbols would dangle: the
     * resolver re-resolves those sites */
    if (!code)
        code = run_range(s->del_links_into, dk_row_id(id, 0), dk_row_id(id + 1, 0), err,
                         "delete links into file");
    if (code) return code;
    duckdb_bind_int64(s->del_file, 1, id);
    return dk_run(s->del_file, err, "delete file");
}

static int drop_indexes(codira_session *s, codira_error *err)
{
    int code = CODIRA_OK;
    for (size_t i = 0; !code && dk_index_names[i]; i++) {
        dk_buf sql = {0};
        dk_buf_addf(&sql, "DROP INDEX IF EXISTS %s", dk_index_names[i]);
        code = dk_exec(s->con, sql.buf, err);
        dk_buf_free(&sql);
    }
    return code;
}

int dk_session_prepare(codira_session *s, const codira_prepare_args *args, codira_error *err)
{
    if (args->full) {
        s->cleanup_pending = false;
        if (!s->opened) return open_fresh(s, err);
        if (s->bulk && s->next_file_id == 1 && !s->unflushed) return CODIRA_OK;
        /* a copy was opened already (the resolver looked at it): empty it */
        int code = dk_session_flush(s, err);
        for (size_t i = 0; !code && i < T_COUNT; i++) {
            dk_buf sql = {0};
            dk_buf_addf(&sql, "DELETE FROM %s", dk_table_names[i]);
            code = dk_exec(s->con, sql.buf, err);
            dk_buf_free(&sql);
        }
        if (!code) code = drop_indexes(s, err);
        s->bulk = true;
        s->next_file_id = 1;
        return code;
    }
    int code = dk_session_ready(s, err);
    for (size_t i = 0; !code && i < args->n_delete; i++)
        code = delete_path(s, args->delete_paths[i], err);
    return code;
}

/* ---- appending -------------------------------------------------------- */

static dk_writer *writer(codira_session *s, dk_table t, codira_error *err)
{
    if (!s->w[t].ap && dk_writer_open(&s->w[t], s->con, dk_table_names[t], err)) return NULL;
    s->unflushed = true;
    return &s->w[t];
}

static void w_str(dk_writer *w, codira_str v)
{
    dk_writer_str(w, v.ptr, v.len);
}

static void w_cstr(dk_writer *w, const char *v)
{
    dk_writer_str(w, v, v ? strlen(v) : 0);
}

/* A symbol handle of the file being stored, as a row id (NULL for none). */
static void w_owner(dk_writer *w, int64_t file_id, size_t n_symbols, codira_handle h)
{
    if (h >= 0 && (size_t)h < n_symbols) dk_writer_int(w, dk_row_id(file_id, h));
    else dk_writer_null(w);
}

static int store_file(codira_session *s, const codira_file_analysis *a, codira_error *err)
{
    int code = CODIRA_OK;
    /* refused before anything is appended (no savepoints here): a site
     * must belong to a symbol of its file */
    for (size_t i = 0; i < a->n_edges; i++)
        if (a->edges[i].owner < 0 || (size_t)a->edges[i].owner >= a->n_symbols)
            return dk_set_error(err, CODIRA_E_INVALID, "a call site of %s has no owner",
                                a->file.path);
    int64_t file_id;
    if (s->next_file_id > 0) {
        file_id = s->next_file_id++;
    } else {
        /* like an integer primary key: one past the largest id */
        if ((code = delete_path(s, a->file.path, err))) return code;
        if ((code = dk_query_int(s->con, "SELECT (coalesce(max(id), 0) + 1)::BIGINT FROM files",
                                 &file_id, err)))
            return code;
    }
    dk_writer *w = writer(s, T_FILES, err);
    if (!w) return err->code;
    dk_writer_int(w, file_id);
    w_cstr(w, a->file.path);
    w_cstr(w, a->file.hash);
    dk_writer_int(w, a->file.size);
    dk_writer_int(w, a->file.mtime_ns);
    w_cstr(w, a->file.analyzer);
    w_cstr(w, a->file.analyzer_version);
    dk_writer_int(w, (int64_t)a->file.status);
    w_cstr(w, a->language);
    w_cstr(w, a->module);
    w_cstr(w, a->role ? a->role : "implementation");
    if ((code = dk_writer_end_row(w, err))) return code;

    const char *module = a->module ? a->module : "";
    if (a->n_symbols && !(w = writer(s, T_SYMBOLS, err))) return err->code;
    for (size_t i = 0; i < a->n_symbols; i++) {
        const codira_symbol *sym = &a->symbols[i];
        dk_writer_int(w, dk_row_id(file_id, (int64_t)i));
        dk_writer_int(w, file_id);
        w_owner(w, file_id, a->n_symbols, sym->parent);
        if (sym->parent >= 0 && (size_t)sym->parent < a->n_symbols)
            w_str(w, a->symbols[sym->parent].stable_id);
        else
            dk_writer_null(w);
        w_str(w, sym->stable_id);
        w_str(w, sym->kind);
        w_str(w, sym->name);
        w_str(w, sym->qualname);
        w_cstr(w, module);
        dk_writer_int(w, sym->line);
        dk_writer_int(w, sym->end_line);
        dk_writer_int(w, sym->col);
        dk_writer_int(w, sym->flags);
        dk_writer_int(w, sym->ordinal);
        w_str(w, sym->signature);
        if (sym->docstring.ptr) w_str(w, sym->docstring);
        else dk_writer_null(w);
        w_str(w, sym->decorators);
        w_str(w, sym->parameters);
        if ((code = dk_writer_end_row(w, err))) return code;
    }
    if (a->n_edges && !(w = writer(s, T_EDGES, err))) return err->code;
    for (size_t i = 0; i < a->n_edges; i++) {
        const codira_edge *e = &a->edges[i];
        dk_writer_int(w, dk_row_id(file_id, (int64_t)i));
        dk_writer_int(w, dk_row_id(file_id, e->owner));
        dk_writer_int(w, (int64_t)e->relation);
        dk_writer_int(w, (int64_t)e->target_kind);
        w_str(w, e->base);
        w_str(w, e->target);
        dk_writer_int(w, e->line);
        dk_writer_int(w, e->col);
        w_str(w, e->ref_kind);
        w_str(w, e->ext_kind);
        w_str(w, e->ext_name);
        if ((code = dk_writer_end_row(w, err))) return code;
    }
    if (a->n_imports && !(w = writer(s, T_IMPORTS, err))) return err->code;
    for (size_t i = 0; i < a->n_imports; i++) {
        const codira_import *im = &a->imports[i];
        dk_writer_int(w, dk_row_id(file_id, (int64_t)i));
        w_owner(w, file_id, a->n_symbols, im->owner);
        w_str(w, im->name);
        w_str(w, im->alias);
        w_str(w, im->kind);
        dk_writer_int(w, im->line);
        if ((code = dk_writer_end_row(w, err))) return code;
    }
    if (a->n_docs && !(w = writer(s, T_DOCS, err))) return err->code;
    for (size_t i = 0; i < a->n_docs; i++) {
        const codira_doc *d = &a->docs[i];
        dk_writer_int(w, dk_row_id(file_id, (int64_t)i));
        w_owner(w, file_id, a->n_symbols, d->owner);
        w_str(w, d->stable_id);
        w_str(w, d->kind);
        w_str(w, d->source_format);
        dk_writer_int(w, d->line);
        dk_writer_int(w, d->end_line);
        w_str(w, d->title);
        w_str(w, d->heading_path);
        w_str(w, d->text);
        if ((code = dk_writer_end_row(w, err))) return code;
    }
    if (a->n_diagnostics && !(w = writer(s, T_DIAGNOSTICS, err))) return err->code;
    for (size_t i = 0; i < a->n_diagnostics; i++) {
        const codira_diagnostic *d = &a->diagnostics[i];
        dk_writer_int(w, dk_row_id(file_id, (int64_t)i));
        dk_writer_int(w, (int64_t)d->severity);
        w_str(w, d->category);
        w_str(w, d->message);
        dk_writer_int(w, d->line);
        dk_writer_int(w, d->col);
        if ((code = dk_writer_end_row(w, err))) return code;
    }
    return CODIRA_OK;
}

int dk_session_persist_file(codira_session *s, const codira_file_analysis *a, codira_error *err)
{
    int code = dk_session_ready(s, err);
    if (!code) code = store_file(s, a, err);
    return code;
}

int dk_session_touch_file(codira_session *s, const codira_file_state *f, codira_error *err)
{
    int code = dk_session_ready(s, err);
    if (!code) code = dk_session_flush(s, err);
    if (code) return code;
    duckdb_bind_varchar(s->touch, 1, f->path);
    duckdb_bind_int64(s->touch, 2, f->size);
    duckdb_bind_int64(s->touch, 3, f->mtime_ns);
    return dk_run(s->touch, err, "update file stat");
}

static int put_meta(codira_session *s, const char *key, const char *value, codira_error *err)
{
    duckdb_prepared_statement st;
    int code = dk_prepare(s->con, "DELETE FROM meta WHERE key = $1", &st, err);
    if (code) return code;
    duckdb_bind_varchar(st, 1, key);
    code = dk_run(st, err, "write meta");
    duckdb_destroy_prepare(&st);
    if (code) return code;
    code = dk_prepare(s->con, "INSERT INTO meta VALUES ($1, $2)", &st, err);
    if (code) return code;
    duckdb_bind_varchar(st, 1, key);
    duckdb_bind_varchar(st, 2, value);
    code = dk_run(st, err, "write meta");
    duckdb_destroy_prepare(&st);
    return code;
}

/* Build the secondary indexes a bulk load went without. */
static int restore_indexes(codira_session *s, codira_error *err)
{
    if (!s->bulk) return CODIRA_OK;
    int code = dk_session_flush(s, err);
    for (size_t i = 0; !code && dk_index_sql[i]; i++) code = dk_exec(s->con, dk_index_sql[i], err);
    if (!code) {
        s->bulk = false;
        s->next_file_id = 0; /* from here on ids come from the table */
    }
    return code;
}

int dk_session_rebuild_derived(codira_session *s, codira_error *err)
{
    int code = dk_session_ready(s, err);
    if (!code) code = restore_indexes(s, err);
    /* the call graph's links are written by the host's resolver; what is
     * derived here is marked current */
    if (!code) code = put_meta(s, "derived_version", DK_DERIVED_VERSION, err);
    return code;
}

int dk_session_persist_runtime(codira_session *s, const codira_runtime_write *rt,
                               codira_error *err)
{
    int code = dk_session_ready(s, err);
    if (!code) code = dk_session_flush(s, err);
    if (code) return code;
    int64_t gen = 0, files = 0, symbols = 0, docs = 0;
    code = dk_query_int(s->con,
                        "SELECT coalesce(max(TRY_CAST(value AS BIGINT)), 0)::BIGINT FROM meta"
                        " WHERE key = 'generation'",
                        &gen, err);
    if (!code) code = dk_query_int(s->con, "SELECT count(*)::BIGINT FROM files", &files, err);
    if (!code) code = dk_query_int(s->con, "SELECT count(*)::BIGINT FROM symbols", &symbols, err);
    if (!code) code = dk_query_int(s->con, "SELECT count(*)::BIGINT FROM docs", &docs, err);
    char num[32];
    if (!code) code = put_meta(s, "backend_name", "duckdb", err);
    if (!code) code = put_meta(s, "backend_version", DK_SCHEMA_VERSION, err);
    if (!code) code = put_meta(s, "codira_version", rt->codira_version, err);
    snprintf(num, sizeof(num), "%lld", (long long)gen + 1);
    if (!code) code = put_meta(s, "generation", num, err);
    snprintf(num, sizeof(num), "%d", rt->coverage_complete ? 1 : 0);
    if (!code) code = put_meta(s, "coverage_complete", num, err);
    snprintf(num, sizeof(num), "%lld", (long long)files);
    if (!code) code = put_meta(s, "file_count", num, err);
    snprintf(num, sizeof(num), "%lld", (long long)symbols);
    if (!code) code = put_meta(s, "symbol_count", num, err);
    snprintf(num, sizeof(num), "%lld", (long long)docs);
    if (!code) code = put_meta(s, "doc_count", num, err);
    if (!code) code = dk_exec(s->con, "DELETE FROM analyzers", err);
    duckdb_prepared_statement st;
    if (!code) code = dk_prepare(s->con, "INSERT INTO analyzers VALUES ($1, $2, $3)", &st, err);
    if (code) return code;
    for (size_t i = 0; i < rt->n_analyzers && !code; i++) {
        duckdb_bind_varchar(st, 1, rt->analyzers[i].name);
        duckdb_bind_varchar(st, 2, rt->analyzers[i].version);
        duckdb_bind_varchar(st, 3,
                            rt->analyzers[i].fingerprint ? rt->analyzers[i].fingerprint : "");
        code = dk_run(st, err, "write analyzer inventory");
    }
    duckdb_destroy_prepare(&st);
    return code;
}

int dk_session_commit(codira_session *s, codira_error *err)
{
    if (s->committed) return CODIRA_OK;
    int code = dk_session_ready(s, err);
    if (!code) code = restore_indexes(s, err);
    if (!code) code = dk_session_flush(s, err);
    for (size_t i = 0; !code && i < T_COUNT; i++) dk_writer_close(&s->w[i]);
    if (!code) code = dk_exec(s->con, "COMMIT", err);
    if (code) return code;
    s->in_tx = false;
    /* fold everything into the file itself: it is complete without a WAL */
    code = dk_exec(s->con, "CHECKPOINT", err);
    if (!code && s->rewritten) {
        /* the size of a file without dead rows: maybe_compact's baseline */
        int64_t used = 0;
        code = dk_query_int(s->con, "SELECT used_blocks::BIGINT FROM pragma_database_size()",
                            &used, err);
        char num[32];
        snprintf(num, sizeof(num), "%lld", (long long)used);
        if (!code) code = put_meta(s, "compact_blocks", num, err);
        if (!code) code = dk_exec(s->con, "CHECKPOINT", err);
    }
    close_db(s);
    if (code) return code;
    dk_buf nwal = {0}; /* checkpointed: the WAL is empty if it remains at all */
    dk_buf_addf(&nwal, "%s.wal", s->new_path);
    unlink(nwal.buf);
    dk_buf_free(&nwal);
    if (fsync_path(s->new_path, O_RDONLY) != 0 && errno != ENOENT)
        return dk_set_error(err, CODIRA_E_IO, "cannot sync %s: %s", s->new_path, strerror(errno));
    if (rename(s->new_path, s->final_path) != 0)
        return dk_set_error(err, CODIRA_E_IO, "cannot replace %s: %s", s->final_path,
                            strerror(errno));
    s->committed = true;
    /* a WAL of the previous file (another tool's writes, folded into the
     * copy) must never be replayed into this one */
    dk_buf wal = {0};
    dk_buf_addf(&wal, "%s.wal", s->final_path);
    unlink(wal.buf);
    dk_buf_free(&wal);
    char *slash = strrchr(s->final_path, '/');
    if (slash) {
        *slash = '\0';
        fsync_path(s->final_path, O_RDONLY | O_DIRECTORY);
        *slash = '/';
    }
    return CODIRA_OK;
}

void dk_session_abort(codira_session *s)
{
    if (s && s->in_tx && !s->committed) {
        for (size_t i = 0; i < T_COUNT; i++) dk_writer_close(&s->w[i]);
        dk_exec(s->con, "ROLLBACK", NULL);
        s->in_tx = false;
    }
}

void dk_session_close(codira_session *s)
{
    if (!s) return;
    dk_session_abort(s);
    close_db(s);
    if (!s->committed) remove_new(s->new_path);
    free(s->final_path);
    free(s->new_path);
    free(s);
}
