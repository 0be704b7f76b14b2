/*
 * util.c - the duckdb backend's small helpers: a growing buffer, error
 * mapping, statement execution, parameters and a row cursor that hands out
 * NUL-terminated strings (DuckDB's own are not).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "duckdb_internal.h"

static void *dk_alloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("codira: duckdb backend: out of memory\n", stderr);
        abort();
    }
    return p;
}

void dk_buf_reserve(dk_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap) return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) cap *= 2;
    char *p = dk_alloc(cap);
    if (b->len) memcpy(p, b->buf, b->len);
    free(b->buf);
    b->buf = p;
    b->cap = cap;
}

void dk_buf_add(dk_buf *b, const char *s, size_t n)
{
    dk_buf_reserve(b, n);
    if (n) memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = '\0';
}

void dk_buf_adds(dk_buf *b, const char *s)
{
    dk_buf_add(b, s, strlen(s));
}

void dk_buf_addf(dk_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    dk_buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void dk_buf_clear(dk_buf *b)
{
    b->len = 0;
    if (b->buf) b->buf[0] = '\0';
}

void dk_buf_free(dk_buf *b)
{
    free(b->buf);
    memset(b, 0, sizeof(*b));
}

char *dk_strdup(const char *s)
{
    size_t n = strlen(s);
    char *p = dk_alloc(n + 1);
    memcpy(p, s, n + 1);
    return p;
}

char *dk_join(const char *dir, const char *name)
{
    dk_buf b = {0};
    dk_buf_addf(&b, "%s/%s", dir, name);
    return b.buf;
}

int dk_set_error(codira_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof(err->message), fmt, ap);
        va_end(ap);
        /* one line: DuckDB messages may span several */
        for (char *p = err->message; *p; p++)
            if (*p == '\n' || *p == '\r') *p = ' ';
        err->code = code;
    }
    return code;
}

int dk_fail(codira_error *err, const char *what, const char *message)
{
    const char *m = message ? message : "unknown error";
    int code = CODIRA_E_BACKEND;
    if (strstr(m, "Could not set lock") || strstr(m, "Conflicting lock"))
        code = CODIRA_E_BUSY;
    else if (strstr(m, "not a valid DuckDB database") || strstr(m, "Corrupt") ||
             strstr(m, "corrupt") || strstr(m, "checksum") || strstr(m, "Serialization Error"))
        code = CODIRA_E_CORRUPT;
    else if (strstr(m, "read-only") || strstr(m, "read only") || strstr(m, "Permission denied"))
        code = CODIRA_E_READONLY;
    else if (strstr(m, "Out of Memory"))
        code = CODIRA_E_NOMEM;
    else if (strstr(m, "IO Error"))
        code = CODIRA_E_IO;
    return dk_set_error(err, code, "duckdb: %s: %s", what, m);
}

int dk_exec(duckdb_connection con, const char *sql, codira_error *err)
{
    duckdb_result res;
    if (duckdb_query(con, sql, &res) == DuckDBError) {
        int code = dk_fail(err, "exec", duckdb_result_error(&res));
        duckdb_destroy_result(&res);
        return code;
    }
    duckdb_destroy_result(&res);
    return CODIRA_OK;
}

int dk_prepare(duckdb_connection con, const char *sql, duckdb_prepared_statement *st,
               codira_error *err)
{
    if (duckdb_prepare(con, sql, st) == DuckDBError) {
        int code = dk_fail(err, "prepare", duckdb_prepare_error(*st));
        duckdb_destroy_prepare(st);
        *st = NULL;
        return code;
    }
    return CODIRA_OK;
}

int dk_run(duckdb_prepared_statement st, codira_error *err, const char *what)
{
    duckdb_result res;
    int code = CODIRA_OK;
    if (duckdb_execute_prepared(st, &res) == DuckDBError)
        code = dk_fail(err, what, duckdb_result_error(&res));
    duckdb_destroy_result(&res);
    return code;
}

int dk_query_int(duckdb_connection con, const char *sql, int64_t *out, codira_error *err)
{
    duckdb_prepared_statement st;
    int code = dk_prepare(con, sql, &st, err);
    if (code) return code;
    dk_rows r;
    *out = 0;
    code = dk_rows_open(&r, st, err);
    if (!code) {
        int n = dk_rows_next(&r, err);
        if (n > 0) *out = r.num[0];
        else if (n < 0) code = err->code;
        dk_rows_close(&r);
    }
    duckdb_destroy_prepare(&st);
    return code;
}

void dk_bind_text(duckdb_prepared_statement st, idx_t i, const char *s, size_t n)
{
    duckdb_bind_varchar_length(st, i, s ? s : "", s ? n : 0);
}

void dk_bind_prefix(duckdb_prepared_statement st, idx_t first, const char *prefix)
{
    const char *p = prefix ? prefix : "";
    dk_buf b = {0};
    duckdb_bind_varchar(st, first, p);
    dk_buf_addf(&b, "%s/", p);
    duckdb_bind_varchar(st, first + 1, b.buf);
    dk_buf_clear(&b);
    dk_buf_addf(&b, "%s0", p);
    duckdb_bind_varchar(st, first + 2, b.buf);
    dk_buf_free(&b);
}

static int bind_list(duckdb_prepared_statement st, idx_t i, duckdb_type type, duckdb_value *vals,
                     size_t n)
{
    duckdb_logical_type t = duckdb_create_logical_type(type);
    duckdb_value list = duckdb_create_list_value(t, vals, n);
    duckdb_destroy_logical_type(&t);
    for (size_t k = 0; k < n; k++) duckdb_destroy_value(&vals[k]);
    free(vals);
    if (!list) return CODIRA_E_NOMEM;
    duckdb_state rc = duckdb_bind_value(st, i, list);
    duckdb_destroy_value(&list);
    return rc == DuckDBSuccess ? CODIRA_OK : CODIRA_E_BACKEND;
}

int dk_bind_strings(duckdb_prepared_statement st, idx_t i, const char *const *v, size_t n)
{
    duckdb_value *vals = dk_alloc(sizeof(*vals) * (n ? n : 1));
    for (size_t k = 0; k < n; k++) vals[k] = duckdb_create_varchar(v[k]);
    return bind_list(st, i, DUCKDB_TYPE_VARCHAR, vals, n);
}

int dk_bind_ids(duckdb_prepared_statement st, idx_t i, const int64_t *v, size_t n)
{
    duckdb_value *vals = dk_alloc(sizeof(*vals) * (n ? n : 1));
    for (size_t k = 0; k < n; k++) vals[k] = duckdb_create_int64(v[k]);
    return bind_list(st, i, DUCKDB_TYPE_BIGINT, vals, n);
}

/* ---- the row cursor --------------------------------------------------- */

int dk_rows_open(dk_rows *r, duckdb_prepared_statement st, codira_error *err)
{
    memset(r, 0, sizeof(*r));
    if (duckdb_execute_prepared_streaming(st, &r->res) == DuckDBError) {
        int code = dk_fail(err, "query", duckdb_result_error(&r->res));
        duckdb_destroy_result(&r->res);
        return code;
    }
    r->have_res = true;
    r->ncols = duckdb_column_count(&r->res);
    r->types = dk_alloc(sizeof(*r->types) * (r->ncols ? r->ncols : 1));
    r->data = dk_alloc(sizeof(*r->data) * (r->ncols ? r->ncols : 1));
    r->validity = dk_alloc(sizeof(*r->validity) * (r->ncols ? r->ncols : 1));
    r->text = dk_alloc(sizeof(*r->text) * (r->ncols ? r->ncols : 1));
    r->num = dk_alloc(sizeof(*r->num) * (r->ncols ? r->ncols : 1));
    for (idx_t i = 0; i < r->ncols; i++) r->types[i] = duckdb_column_type(&r->res, i);
    return CODIRA_OK;
}

static int64_t number_at(duckdb_type t, const void *data, idx_t row)
{
    switch (t) {
    case DUCKDB_TYPE_BOOLEAN: return ((const bool *)data)[row];
    case DUCKDB_TYPE_TINYINT: return ((const int8_t *)data)[row];
    case DUCKDB_TYPE_SMALLINT: return ((const int16_t *)data)[row];
    case DUCKDB_TYPE_INTEGER: return ((const int32_t *)data)[row];
    case DUCKDB_TYPE_BIGINT: return ((const int64_t *)data)[row];
    case DUCKDB_TYPE_UTINYINT: return ((const uint8_t *)data)[row];
    case DUCKDB_TYPE_USMALLINT: return ((const uint16_t *)data)[row];
    case DUCKDB_TYPE_UINTEGER: return ((const uint32_t *)data)[row];
    case DUCKDB_TYPE_UBIGINT: return (int64_t)((const uint64_t *)data)[row];
    case DUCKDB_TYPE_HUGEINT: return (int64_t)((const duckdb_hugeint *)data)[row].lower;
    default: return 0;
    }
}

int dk_rows_next(dk_rows *r, codira_error *err)
{
    while (!r->chunk || r->row >= r->size) {
        if (r->chunk) duckdb_destroy_data_chunk(&r->chunk);
        r->chunk = duckdb_fetch_chunk(r->res);
        r->row = 0;
        if (!r->chunk) {
            const char *e = duckdb_result_error(&r->res);
            if (e && *e) return dk_fail(err, "query", e);
            return 0;
        }
        r->size = duckdb_data_chunk_get_size(r->chunk);
        for (idx_t i = 0; i < r->ncols; i++) {
            duckdb_vector v = duckdb_data_chunk_get_vector(r->chunk, i);
            r->data[i] = duckdb_vector_get_data(v);
            r->validity[i] = duckdb_vector_get_validity(v);
        }
    }
    /* strings first measured, then copied into one buffer that does not
     * move while the row's pointers are handed out */
    size_t need = 0;
    for (idx_t i = 0; i < r->ncols; i++) {
        if (r->types[i] != DUCKDB_TYPE_VARCHAR) continue;
        /* the slot of a NULL holds garbage */
        if (r->validity[i] && !duckdb_validity_row_is_valid(r->validity[i], r->row)) continue;
        duckdb_string_t *s = (duckdb_string_t *)r->data[i] + r->row;
        need += duckdb_string_t_length(*s) + 1;
    }
    dk_buf_clear(&r->arena);
    dk_buf_reserve(&r->arena, need);
    for (idx_t i = 0; i < r->ncols; i++) {
        uint64_t *validity = r->validity[i];
        void *data = r->data[i];
        bool valid = !validity || duckdb_validity_row_is_valid(validity, r->row);
        r->text[i] = NULL;
        r->num[i] = 0;
        if (!valid) continue;
        if (r->types[i] == DUCKDB_TYPE_VARCHAR) {
            duckdb_string_t *s = (duckdb_string_t *)data + r->row;
            uint32_t n = duckdb_string_t_length(*s);
            char *dst = r->arena.buf + r->arena.len;
            memcpy(dst, duckdb_string_t_data(s), n);
            dst[n] = '\0';
            r->arena.len += n + 1;
            r->text[i] = dst;
        } else {
            r->num[i] = number_at(r->types[i], data, r->row);
        }
    }
    r->row++;
    return 1;
}

void dk_rows_close(dk_rows *r)
{
    if (r->chunk) duckdb_destroy_data_chunk(&r->chunk);
    if (r->have_res) duckdb_destroy_result(&r->res);
    free(r->types);
    free(r->data);
    free(r->validity);
    free(r->text);
    free(r->num);
    dk_buf_free(&r->arena);
    memset(r, 0, sizeof(*r));
}

/* ---- opening ---------------------------------------------------------- */

/* How long an open waits for another process's lock (DuckDB lets one
 * process write, or any number read); CODIRA_DUCKDB_LOCK_TIMEOUT_MS
 * overrides it. */
static long lock_timeout_ms(void)
{
    const char *v = getenv("CODIRA_DUCKDB_LOCK_TIMEOUT_MS");
    if (v && *v) {
        char *end;
        long ms = strtol(v, &end, 10);
        if (!*end && ms >= 0) return ms;
    }
    return 10000;
}

int dk_read_lock(int fd, const char *path, codira_error *err)
{
    long waited = 0, limit = lock_timeout_ms();
    struct flock fl = {.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    while (fcntl(fd, F_SETLK, &fl) != 0) {
        if ((errno != EACCES && errno != EAGAIN) || waited >= limit)
            return dk_set_error(err, CODIRA_E_BUSY,
                                "duckdb: %s is locked by another process (DuckDB allows one "
                                "writer and no reader beside it); gave up after %ld ms",
                                path, waited);
        struct timespec ts = {0, 50 * 1000000L};
        nanosleep(&ts, NULL);
        waited += 50;
    }
    return CODIRA_OK;
}

int dk_open_db(const char *path, bool read_only, duckdb_database *db, duckdb_connection *con,
               codira_error *err)
{
    long waited = 0, limit = lock_timeout_ms();
    for (;;) {
        duckdb_config cfg;
        if (duckdb_create_config(&cfg) == DuckDBError)
            return dk_set_error(err, CODIRA_E_NOMEM, "duckdb: cannot create a configuration");
        duckdb_set_config(cfg, "access_mode", read_only ? "READ_ONLY" : "READ_WRITE");
        /* nothing may be fetched at run time; everything used is built in */
        duckdb_set_config(cfg, "autoinstall_known_extensions", "false");
        duckdb_set_config(cfg, "autoload_known_extensions", "false");
        /* an index run's cores belong to the analyzers: DuckDB's own
         * worker threads would compete with them (and spin on locks) */
        if (!read_only) duckdb_set_config(cfg, "threads", "1");
        const char *ml = getenv("CODIRA_DUCKDB_MEMORY_LIMIT");
        if (ml && *ml) duckdb_set_config(cfg, "memory_limit", ml);
        char *open_err = NULL;
        duckdb_state st = duckdb_open_ext(path, db, cfg, &open_err);
        duckdb_destroy_config(&cfg);
        if (st == DuckDBSuccess) {
            if (duckdb_connect(*db, con) == DuckDBError) {
                duckdb_close(db);
                return dk_set_error(err, CODIRA_E_BACKEND, "duckdb: cannot connect to %s", path);
            }
            return CODIRA_OK;
        }
        codira_error e;
        int code = dk_fail(&e, read_only ? "open" : "open for writing", open_err);
        if (code == CODIRA_E_BUSY && waited < limit) {
            duckdb_free(open_err);
            struct timespec ts = {0, 50 * 1000000L};
            nanosleep(&ts, NULL);
            waited += 50;
            continue;
        }
        if (code == CODIRA_E_BUSY) {
            /* DuckDB names the holder: "Conflicting lock is held in PROGRAM (PID N)" */
            const char *who = open_err ? strstr(open_err, "Conflicting lock") : NULL;
            const char *end = who ? strstr(who, ". See also") : NULL;
            dk_set_error(&e, CODIRA_E_BUSY,
                         "duckdb: %s is locked by another process (DuckDB allows one writer and "
                         "no reader beside it); gave up after %ld ms%s%.*s",
                         path, waited, who ? ": " : "", who ? (int)(end ? end - who : 200) : 0,
                         who ? who : "");
        }
        duckdb_free(open_err);
        if (err) *err = e;
        return code;
    }
}

int dk_schema_version(duckdb_connection con, char **version, codira_error *err)
{
    *version = NULL;
    duckdb_prepared_statement st;
    int64_t tables = 0;
    int code = dk_query_int(con,
                            "SELECT count(*)::BIGINT FROM duckdb_tables()"
                            " WHERE database_name = current_database() AND table_name = 'meta'",
                            &tables, err);
    if (code || !tables) return code;
    code = dk_prepare(con, "SELECT value FROM meta WHERE key = 'schema_version'", &st, err);
    if (code) return code;
    dk_rows r;
    code = dk_rows_open(&r, st, err);
    if (!code) {
        int n = dk_rows_next(&r, err);
        if (n > 0 && r.text[0]) *version = dk_strdup(r.text[0]);
        else if (n < 0) code = err->code;
        dk_rows_close(&r);
    }
    duckdb_destroy_prepare(&st);
    if (!code && !*version) *version = dk_strdup("?");
    return code;
}

/* ---- the chunk writer -------------------------------------------------- */

static void writer_bind_vectors(dk_writer *w)
{
    for (idx_t i = 0; i < w->ncols; i++) {
        w->vec[i] = duckdb_data_chunk_get_vector(w->chunk, i);
        w->data[i] = duckdb_vector_get_data(w->vec[i]);
    }
}

int dk_writer_open(dk_writer *w, duckdb_connection con, const char *table, codira_error *err)
{
    memset(w, 0, sizeof(*w));
    if (duckdb_appender_create(con, NULL, table, &w->ap) == DuckDBError) {
        int code = dk_fail(err, "create appender", duckdb_appender_error(w->ap));
        duckdb_appender_destroy(&w->ap);
        w->ap = NULL;
        return code;
    }
    w->ncols = duckdb_appender_column_count(w->ap);
    w->cap = duckdb_vector_size();
    duckdb_logical_type *lt = dk_alloc(sizeof(*lt) * w->ncols);
    w->types = dk_alloc(sizeof(*w->types) * w->ncols);
    w->vec = dk_alloc(sizeof(*w->vec) * w->ncols);
    w->data = dk_alloc(sizeof(*w->data) * w->ncols);
    for (idx_t i = 0; i < w->ncols; i++) {
        lt[i] = duckdb_appender_column_type(w->ap, i);
        w->types[i] = duckdb_get_type_id(lt[i]);
    }
    w->chunk = duckdb_create_data_chunk(lt, w->ncols);
    for (idx_t i = 0; i < w->ncols; i++) duckdb_destroy_logical_type(&lt[i]);
    free(lt);
    writer_bind_vectors(w);
    return CODIRA_OK;
}

void dk_writer_str(dk_writer *w, const char *s, size_t n)
{
    if (w->col < w->ncols && w->types[w->col] == DUCKDB_TYPE_VARCHAR)
        duckdb_vector_assign_string_element_len(w->vec[w->col], w->row, s ? s : "", s ? n : 0);
    w->col++;
}

void dk_writer_int(dk_writer *w, int64_t v)
{
    if (w->col < w->ncols) {
        if (w->types[w->col] == DUCKDB_TYPE_INTEGER) ((int32_t *)w->data[w->col])[w->row] = (int32_t)v;
        else if (w->types[w->col] == DUCKDB_TYPE_BIGINT) ((int64_t *)w->data[w->col])[w->row] = v;
    }
    w->col++;
}

void dk_writer_null(dk_writer *w)
{
    if (w->col < w->ncols) {
        duckdb_vector_ensure_validity_writable(w->vec[w->col]);
        duckdb_validity_set_row_invalid(duckdb_vector_get_validity(w->vec[w->col]), w->row);
    }
    w->col++;
}

static int writer_append_chunk(dk_writer *w, codira_error *err)
{
    if (!w->row) return CODIRA_OK;
    duckdb_data_chunk_set_size(w->chunk, w->row);
    int code = CODIRA_OK;
    if (duckdb_append_data_chunk(w->ap, w->chunk) == DuckDBError)
        code = dk_fail(err, "append", duckdb_appender_error(w->ap));
    duckdb_data_chunk_reset(w->chunk);
    writer_bind_vectors(w);
    w->row = 0;
    return code;
}

int dk_writer_end_row(dk_writer *w, codira_error *err)
{
    if (w->col != w->ncols)
        return dk_set_error(err, CODIRA_E_BACKEND, "duckdb: a row of %zu values for %zu columns",
                            (size_t)w->col, (size_t)w->ncols);
    w->col = 0;
    w->row++;
    return w->row == w->cap ? writer_append_chunk(w, err) : CODIRA_OK;
}

int dk_writer_flush(dk_writer *w, codira_error *err)
{
    if (!w->ap) return CODIRA_OK;
    int code = writer_append_chunk(w, err);
    if (!code && duckdb_appender_flush(w->ap) == DuckDBError)
        code = dk_fail(err, "append", duckdb_appender_error(w->ap));
    return code;
}

void dk_writer_close(dk_writer *w)
{
    if (w->chunk) duckdb_destroy_data_chunk(&w->chunk);
    if (w->ap) duckdb_appender_destroy(&w->ap);
    free(w->types);
    free(w->vec);
    free(w->data);
    memset(w, 0, sizeof(*w));
}
