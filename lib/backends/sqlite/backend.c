/*
 * backend.c - the sqlite backend: its definition and the read side.
 *
 * Reads open the database read-only and never create, repair or migrate
 * anything. The write side lives in session.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sqlite_internal.h"

int codira_sqlite_plugin_register(const codira_host *host, codira_registrar *reg);

const char *sq_text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

const char *sq_text_or_null(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL : (const char *)sqlite3_column_text(st, i);
}

static int try_open(const char *uri, sqlite3 **out, codira_error *err)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI,
                             NULL);
    if (rc != SQLITE_OK) {
        int code = sq_fail(db, rc, err, "open");
        sqlite3_close(db);
        return code;
    }
    sq_tune(db);
    /* queries jump between rows all over the file (a caller's symbol, its
     * file, its parent...): mapped pages cost no read() each */
    sqlite3_exec(db, "PRAGMA mmap_size=1073741824", NULL, NULL, NULL);
    /* one read transaction for the whole store: every query of a command
     * sees the same snapshot (an index run may commit meanwhile), and the
     * file is locked once instead of once per statement */
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    int version = 0;
    int code = sq_schema_version(db, &version, err);
    if (code != CODIRA_OK) {
        sqlite3_close(db);
        return code;
    }
    if (version != SQ_SCHEMA_VERSION) {
        sqlite3_close(db);
        if (version == 0) return set_error(err, CODIRA_NOT_FOUND, "the index is empty");
        if (version < 0) return set_error(err, CODIRA_E_CORRUPT, "index.db is not a codira index");
        return set_error(err, CODIRA_E_SCHEMA,
                         "the index was written with storage format %d, this codira uses %d",
                         version, SQ_SCHEMA_VERSION);
    }
    *out = db;
    return CODIRA_OK;
}

static int sq_open(const codira_backend *self, const codira_store_args *args, codira_store **out,
                   codira_error *err)
{
    (void)self;
    char *path = sq_db_path(args->state_dir);
    struct stat st;
    if (stat(path, &st) != 0) {
        int e = errno;
        free(path);
        if (e == ENOENT) return set_error(err, CODIRA_NOT_FOUND, "no index yet");
        return set_error(err, CODIRA_E_IO, "cannot access index: %s", strerror(e));
    }
    char *uri = sqlite3_mprintf("file:%s?mode=ro", path);
    sqlite3 *db = NULL;
    int code = try_open(uri, &db, err);
    sqlite3_free(uri);
    if (code == CODIRA_E_IO || code == CODIRA_E_READONLY) {
        /* a read-only copy of the state folder: WAL needs a writable -shm,
         * so read it as an immutable file instead */
        uri = sqlite3_mprintf("file:%s?immutable=1", path);
        code = try_open(uri, &db, err);
        sqlite3_free(uri);
    }
    free(path);
    if (code != CODIRA_OK) return code;
    codira_store *s = xcalloc(1, sizeof(*s));
    s->db = db;
    *out = s;
    return CODIRA_OK;
}

static void sq_close(codira_store *s)
{
    if (!s) return;
    sqlite3_finalize(s->find_symbols);
    sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(s->db);
    free(s);
}

/* Run a read query whose statement the caller bound, mapping errors. */
static int step_done(sqlite3 *db, sqlite3_stmt *st, int rc, codira_error *err)
{
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE) return CODIRA_OK;
    return sq_fail(db, rc, err, "query");
}

static char *meta_value(sqlite3 *db, const char *key)
{
    sqlite3_stmt *st;
    char *v = NULL;
    if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) v = xstrdup(sq_text(st, 0));
    sqlite3_finalize(st);
    return v;
}

static int sq_load_runtime(codira_store *s, codira_runtime_cb cb, void *ctx, codira_error *err)
{
    char *name = meta_value(s->db, "backend_name");
    if (!name) return set_error(err, CODIRA_NOT_FOUND, "no completed index run recorded");
    char *version = meta_value(s->db, "backend_version");
    char *writer = meta_value(s->db, "codira_version");
    char *gen = meta_value(s->db, "generation");
    char *files = meta_value(s->db, "file_count");
    char *syms = meta_value(s->db, "symbol_count");
    char *cov = meta_value(s->db, "coverage_complete");
    char *docs = meta_value(s->db, "doc_count");
    codira_runtime_info info = {
        .struct_size = sizeof(info),
        .backend_name = name,
        .backend_version = version ? version : "",
        .codira_version = writer ? writer : "",
        .generation = gen ? atoll(gen) : 0,
        .file_count = files ? atoll(files) : 0,
        .symbol_count = syms ? atoll(syms) : 0,
        .coverage_complete = cov ? atoi(cov) : 0,
        .doc_count = docs ? atoll(docs) : 0,
    };
    cb(ctx, &info);
    free(name);
    free(version);
    free(writer);
    free(gen);
    free(files);
    free(syms);
    free(cov);
    free(docs);
    return CODIRA_OK;
}

static int sq_load_analyzers(codira_store *s, codira_analyzer_cb cb, void *ctx, codira_error *err)
{
    sqlite3_stmt *st;
    int code = sq_prepare(s->db, "SELECT name, version, fingerprint FROM analyzers ORDER BY name",
                          &st, err);
    if (code) return code;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        codira_analyzer_info a = {sizeof(a), sq_text(st, 0), sq_text(st, 1), sq_text(st, 2)};
        if (cb(ctx, &a)) {
            sqlite3_finalize(st);
            return CODIRA_STOP;
        }
    }
    return step_done(s->db, st, rc, err);
}

static int sq_load_files(codira_store *s, codira_file_cb cb, void *ctx, codira_error *err)
{
    sqlite3_stmt *st;
    int code = sq_prepare(s->db,
                          "SELECT path, hash, size, mtime_ns, analyzer, analyzer_version, status"
                          " FROM files ORDER BY path",
                          &st, err);
    if (code) return code;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        codira_file_state f = {
            .struct_size = sizeof(f),
            .path = sq_text(st, 0),
            .hash = sq_text(st, 1),
            .size = sqlite3_column_int64(st, 2),
            .mtime_ns = sqlite3_column_int64(st, 3),
            .analyzer = sq_text(st, 4),
            .analyzer_version = sq_text(st, 5),
            .status = (uint32_t)sqlite3_column_int(st, 6),
        };
        if (cb(ctx, &f)) {
            sqlite3_finalize(st);
            return CODIRA_STOP;
        }
    }
    return step_done(s->db, st, rc, err);
}

static int sq_embedding_state_matches(codira_store *s, const codira_embedding_spec *spec,
                                      int *matches, codira_error *err)
{
    /* no embeddings are stored yet, so any spec matches vacuously */
    (void)s;
    (void)spec;
    (void)err;
    *matches = 1;
    return CODIRA_OK;
}

static int sq_needs_maintenance(codira_store *s, int *needed, codira_error *err)
{
    (void)err;
    char *v = meta_value(s->db, "derived_version");
    *needed = !v || strcmp(v, SQ_DERIVED_VERSION) != 0;
    free(v);
    return CODIRA_OK;
}

#define SYMBOL_COLUMNS SQ_SYMBOL_COLUMNS("s", "f", "p")
#define SYMBOL_FROM                                                                     \
    " FROM symbols s JOIN files f ON f.id = s.file_id LEFT JOIN symbols p ON p.id = s.parent_id"
#define PREFIX_WHERE SQ_PREFIX_WHERE("f")

void sq_read_symbol(sqlite3_stmt *st, int c, codira_symbol_row *r)
{
    memset(r, 0, sizeof(*r));
    r->struct_size = sizeof(*r);
    r->id = sqlite3_column_int64(st, c + 0);
    r->stable_id = sq_text(st, c + 1);
    r->kind = sq_text(st, c + 2);
    r->name = sq_text(st, c + 3);
    r->qualname = sq_text(st, c + 4);
    r->module = sq_text(st, c + 5);
    r->path = sq_text(st, c + 6);
    r->language = sq_text(st, c + 7);
    r->parent_stable_id = sq_text_or_null(st, c + 8);
    r->line = sqlite3_column_int64(st, c + 9);
    r->end_line = sqlite3_column_int64(st, c + 10);
    r->flags = sqlite3_column_int64(st, c + 11);
    r->ordinal = sqlite3_column_int64(st, c + 12);
    r->signature = sq_text(st, c + 13);
    r->docstring = sq_text_or_null(st, c + 14);
    r->decorators = sq_text(st, c + 15);
    r->parameters = sq_text(st, c + 16);
}

void sq_bind_prefix(sqlite3_stmt *st, const char *prefix)
{
    const char *p = prefix ? prefix : "";
    sqlite3_bind_text(st, 10, p, -1, SQLITE_TRANSIENT);
    char *lo = xasprintf("%s/", p), *hi = xasprintf("%s0", p);
    sqlite3_bind_text(st, 11, lo, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 12, hi, -1, SQLITE_TRANSIENT);
    free(lo);
    free(hi);
}

/* Stream the symbol rows of a bound statement. A statement the store
 * keeps (`kept`) is reset for its next use rather than finalized. */
static int stream_rows(sqlite3 *db, sqlite3_stmt *st, bool kept, codira_symbol_cb cb, void *ctx,
                       codira_error *err)
{
    int rc;
    codira_symbol_row r;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        sq_read_symbol(st, 0, &r);
        if (cb(ctx, &r)) break;
    }
    int code = rc == SQLITE_ROW    ? CODIRA_STOP
               : rc == SQLITE_DONE ? CODIRA_OK
                                   : sq_fail(db, rc, err, "query");
    if (kept) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    } else {
        sqlite3_finalize(st);
    }
    return code;
}

static int stream_symbols(sqlite3 *db, sqlite3_stmt *st, codira_symbol_cb cb, void *ctx,
                          codira_error *err)
{
    return stream_rows(db, st, false, cb, ctx, err);
}

static int sq_find_symbols(codira_store *s, const codira_symbol_query *q, codira_symbol_cb cb,
                           void *ctx, codira_error *err)
{
    /* qualname ends with name, so "A.b" and "pkg.mod.A.b" are found
     * through the name index by their last part ?2. C++ qualified names
     * ("ns::A::b") are also found by a suffix at a "::" ("A::b"). Kept:
     * graph queries run it once per node. */
    if (!s->find_symbols) {
        int code = sq_prepare(s->db,
                              "SELECT " SYMBOL_COLUMNS SYMBOL_FROM
                              " WHERE s.name IN (?1, ?2) AND (s.name = ?1 OR s.qualname = ?1"
                              " OR s.module || '.' || s.qualname = ?1"
                              " OR (?2 <> ?1 AND substr(s.qualname, -length(?1) - 2) = '::' || ?1))"
                              " AND " PREFIX_WHERE
                              " ORDER BY s.kind, s.module, f.path, s.line, s.stable_id",
                              &s->find_symbols, err);
        if (code) return code;
    }
    sqlite3_stmt *st = s->find_symbols;
    const char *dot = strrchr(q->name, '.'), *colons = strstr(q->name, "::");
    for (const char *c = colons; c; c = strstr(c + 2, "::")) colons = c;
    if (colons && (!dot || colons + 1 > dot)) dot = colons + 1;
    sqlite3_bind_text(st, 1, q->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, dot && dot[1] ? dot + 1 : q->name, -1, SQLITE_TRANSIENT);
    sq_bind_prefix(st, q->prefix);
    return stream_rows(s->db, st, true, cb, ctx, err);
}

/* Deduplicates (module, qualname) and applies the limit while streaming. */
typedef struct inventory_ctx {
    codira_symbol_cb cb;
    void *ctx;
    int64_t limit, emitted;
    strbuf last_module, last_qualname;
    bool have_last;
} inventory_ctx;

static int inventory_row(void *p, const codira_symbol_row *r)
{
    inventory_ctx *ic = p;
    if (ic->have_last && strcmp(ic->last_module.buf, r->module) == 0 &&
        strcmp(ic->last_qualname.buf, r->qualname) == 0)
        return 0;
    if (ic->limit >= 0 && ic->emitted >= ic->limit) return 1;
    sb_clear(&ic->last_module);
    sb_adds(&ic->last_module, r->module);
    sb_clear(&ic->last_qualname);
    sb_adds(&ic->last_qualname, r->qualname);
    ic->have_last = true;
    ic->emitted++;
    return ic->cb(ic->ctx, r);
}

static int sq_symbol_inventory(codira_store *s, const codira_inventory_query *q,
                               codira_symbol_cb cb, void *ctx, codira_error *err)
{
    if (q->limit == 0) return CODIRA_OK;
    sqlite3_stmt *st;
    int code = sq_prepare(s->db,
                          "SELECT " SYMBOL_COLUMNS SYMBOL_FROM " WHERE " PREFIX_WHERE
                          " AND (?1 OR f.role <> 'test')"
                          " ORDER BY s.module, s.qualname, s.kind, f.path, s.line",
                          &st, err);
    if (code) return code;
    sqlite3_bind_int(st, 1, q->include_tests ? 1 : 0);
    sq_bind_prefix(st, q->prefix);
    inventory_ctx ic = {cb, ctx, q->limit, 0, {0}, {0}, false};
    sb_init(&ic.last_module);
    sb_init(&ic.last_qualname);
    code = stream_symbols(s->db, st, inventory_row, &ic, err);
    sb_free(&ic.last_module);
    sb_free(&ic.last_qualname);
    return code == CODIRA_STOP && ic.limit >= 0 && ic.emitted >= ic.limit ? CODIRA_OK : code;
}

static int sq_symbol_children(codira_store *s, int64_t symbol_id, codira_symbol_cb cb, void *ctx,
                              codira_error *err)
{
    sqlite3_stmt *st;
    int code = sq_prepare(s->db,
                          "SELECT " SYMBOL_COLUMNS SYMBOL_FROM
                          " WHERE s.id >= ?2 AND s.id < ?3 AND s.parent_id = ?1"
                          " ORDER BY s.ordinal, s.line, s.name",
                          &st, err);
    if (code) return code;
    /* children live in their parent's file: a range of ids */
    int64_t file_id = symbol_id >> SQ_ROW_BITS;
    sqlite3_bind_int64(st, 1, symbol_id);
    sqlite3_bind_int64(st, 2, sq_row_id(file_id, 0));
    sqlite3_bind_int64(st, 3, sq_row_id(file_id + 1, 0));
    return stream_symbols(s->db, st, cb, ctx, err);
}

static const codira_backend sqlite_backend = {
    .struct_size = sizeof(codira_backend),
    .iVersion = 1,
    .name = "sqlite",
    .version = SQ_SCHEMA_VERSION_STR,
    .provider = "codira",
    .open = sq_open,
    .close = sq_close,
    .load_runtime = sq_load_runtime,
    .load_analyzers = sq_load_analyzers,
    .load_files = sq_load_files,
    .embedding_state_matches = sq_embedding_state_matches,
    .needs_maintenance = sq_needs_maintenance,
    .find_symbols = sq_find_symbols,
    .symbol_inventory = sq_symbol_inventory,
    .symbol_children = sq_symbol_children,
    .begin_index_session = sq_begin_index_session,
    .session_cleanup_stale = sq_session_cleanup_stale,
    .session_prepare = sq_session_prepare,
    .session_persist_file = sq_session_persist_file,
    .session_touch_file = sq_session_touch_file,
    .session_rebuild_derived = sq_session_rebuild_derived,
    .session_persist_runtime = sq_session_persist_runtime,
    .session_commit = sq_session_commit,
    .session_abort = sq_session_abort,
    .session_close = sq_session_close,
    .find_sites = sq_find_sites,
    .session_graph_symbols = sq_session_graph_symbols,
    .session_graph_imports = sq_session_graph_imports,
    .session_graph_sites = sq_session_graph_sites,
    .session_store_links = sq_session_store_links,
};

int codira_sqlite_plugin_register(const codira_host *host, codira_registrar *reg)
{
    (void)host;
    return reg->add_backend(reg, &sqlite_backend);
}
