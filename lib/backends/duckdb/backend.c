/*
 * backend.c - the duckdb backend's engine: its method table (handed to
 * plugin.c, which registers the backend) and the read side.
 *
 * A store opens index.duckdb with DuckDB's read-only access mode and never
 * creates, repairs or migrates anything. Writers never write that file in
 * place (see duckdb_internal.h), so a store reads one snapshot until it is
 * closed, like the contract asks.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "duckdb_internal.h"

CODIRA_PLUGIN_EXPORT const codira_backend *codira_duckdb_engine_v1(void);

static int dk_open(const codira_backend *self, const codira_store_args *args, codira_store **out,
                   codira_error *err)
{
    (void)self;
    char *path = dk_join(args->state_dir, DK_DB_NAME);
    struct stat st;
    if (stat(path, &st) != 0) {
        int e = errno;
        free(path);
        if (e == ENOENT) return dk_set_error(err, CODIRA_NOT_FOUND, "no index yet");
        return dk_set_error(err, CODIRA_E_IO, "cannot access index: %s", strerror(e));
    }
    codira_store *s = calloc(1, sizeof(*s));
    if (!s) {
        free(path);
        return dk_set_error(err, CODIRA_E_NOMEM, "out of memory");
    }
    int code = dk_open_db(path, true, &s->db, &s->con, err);
    free(path);
    char *version = NULL;
    if (!code) code = dk_schema_version(s->con, &version, err);
    if (!code && !version) code = dk_set_error(err, CODIRA_NOT_FOUND, "the index is empty");
    else if (!code && strcmp(version, "?") == 0)
        code = dk_set_error(err, CODIRA_E_CORRUPT, "index.duckdb is not a codira index");
    else if (!code && strcmp(version, DK_SCHEMA_VERSION) != 0)
        code = dk_set_error(err, CODIRA_E_SCHEMA,
                            "the index was written with storage format %s, this codira uses %s",
                            version, DK_SCHEMA_VERSION);
    free(version);
    if (code) {
        if (s->con) duckdb_disconnect(&s->con);
        if (s->db) duckdb_close(&s->db);
        free(s);
        return code;
    }
    *out = s;
    return CODIRA_OK;
}

static void dk_close(codira_store *s)
{
    if (!s) return;
    if (s->find_symbols) duckdb_destroy_prepare(&s->find_symbols);
    duckdb_disconnect(&s->con);
    duckdb_close(&s->db);
    free(s);
}

/* Prepare, run and stream a query; `row` is called for each row. */
typedef int (*row_fn)(void *ctx, const dk_rows *r);

static int stream(duckdb_prepared_statement st, row_fn row, void *ctx, codira_error *err)
{
    dk_rows r;
    int code = dk_rows_open(&r, st, err);
    if (code) return code;
    int n;
    while ((n = dk_rows_next(&r, err)) > 0) {
        if (row(ctx, &r)) {
            code = CODIRA_STOP;
            break;
        }
    }
    if (n < 0) code = err->code;
    dk_rows_close(&r);
    return code;
}

/* A whole statement: prepare, bind nothing, stream, destroy. */
static int stream_sql(duckdb_connection con, const char *sql, row_fn row, void *ctx,
                      codira_error *err)
{
    duckdb_prepared_statement st;
    int code = dk_prepare(con, sql, &st, err);
    if (code) return code;
    code = stream(st, row, ctx, err);
    duckdb_destroy_prepare(&st);
    return code;
}

typedef struct meta_ctx {
    const char *key[9];
    char *value[9];
} meta_ctx;

static int on_meta(void *p, const dk_rows *r)
{
    meta_ctx *m = p;
    for (size_t i = 0; i < 9 && m->key[i]; i++)
        if (r->text[0] && strcmp(r->text[0], m->key[i]) == 0 && r->text[1]) {
            free(m->value[i]);
            m->value[i] = dk_strdup(r->text[1]);
        }
    return 0;
}

static int read_meta(codira_store *s, meta_ctx *m, codira_error *err)
{
    return stream_sql(s->con, "SELECT key, value FROM meta", on_meta, m, err);
}

static int dk_load_runtime(codira_store *s, codira_runtime_cb cb, void *ctx, codira_error *err)
{
    meta_ctx m = {{"backend_name", "backend_version", "codira_version", "generation", "file_count",
                   "symbol_count", "coverage_complete", "doc_count", NULL},
                  {0}};
    int code = read_meta(s, &m, err);
    if (!code && !m.value[0])
        code = dk_set_error(err, CODIRA_NOT_FOUND, "no completed index run recorded");
    if (!code) {
        codira_runtime_info info = {
            .struct_size = sizeof(info),
            .backend_name = m.value[0],
            .backend_version = m.value[1] ? m.value[1] : "",
            .codira_version = m.value[2] ? m.value[2] : "",
            .generation = m.value[3] ? atoll(m.value[3]) : 0,
            .file_count = m.value[4] ? atoll(m.value[4]) : 0,
            .symbol_count = m.value[5] ? atoll(m.value[5]) : 0,
            .coverage_complete = m.value[6] ? atoi(m.value[6]) : 0,
            .doc_count = m.value[7] ? atoll(m.value[7]) : 0,
        };
        cb(ctx, &info);
    }
    for (size_t i = 0; i < 9; i++) free(m.value[i]);
    return code;
}

typedef struct cb_ctx {
    void *cb;
    void *ctx;
} cb_ctx;

static int on_analyzer(void *p, const dk_rows *r)
{
    cb_ctx *c = p;
    codira_analyzer_info a = {sizeof(a), r->text[0], r->text[1], r->text[2]};
    return ((codira_analyzer_cb)c->cb)(c->ctx, &a);
}

static int dk_load_analyzers(codira_store *s, codira_analyzer_cb cb, void *ctx, codira_error *err)
{
    cb_ctx c = {(void *)cb, ctx};
    return stream_sql(s->con, "SELECT name, version, fingerprint FROM analyzers ORDER BY name",
                      on_analyzer, &c, err);
}

static int on_file(void *p, const dk_rows *r)
{
    cb_ctx *c = p;
    codira_file_state f = {
        .struct_size = sizeof(f),
        .path = r->text[0],
        .hash = r->text[1],
        .size = r->num[2],
        .mtime_ns = r->num[3],
        .analyzer = r->text[4],
        .analyzer_version = r->text[5],
        .status = (uint32_t)r->num[6],
    };
    return ((codira_file_cb)c->cb)(c->ctx, &f);
}

static int dk_load_files(codira_store *s, codira_file_cb cb, void *ctx, codira_error *err)
{
    cb_ctx c = {(void *)cb, ctx};
    return stream_sql(s->con,
                      "SELECT path, hash, size, mtime_ns, analyzer, analyzer_version, status"
                      " FROM files ORDER BY path",
                      on_file, &c, err);
}

static int dk_embedding_state_matches(codira_store *s, const codira_embedding_spec *spec,
                                      int *matches, codira_error *err)
{
    /* no embeddings are stored yet, so any spec matches vacuously */
    (void)s;
    (void)spec;
    (void)err;
    *matches = 1;
    return CODIRA_OK;
}

static int dk_needs_maintenance(codira_store *s, int *needed, codira_error *err)
{
    meta_ctx m = {{"derived_version", NULL}, {0}};
    int code = read_meta(s, &m, err);
    *needed = !m.value[0] || strcmp(m.value[0], DK_DERIVED_VERSION) != 0;
    free(m.value[0]);
    return code;
}

/* ---- symbols ---------------------------------------------------------- */

#define SYMBOL_COLUMNS DK_SYMBOL_COLUMNS("s", "f")
#define SYMBOL_FROM " FROM symbols s JOIN files f ON f.id = s.file_id"

void dk_read_symbol(const dk_rows *r, idx_t c, codira_symbol_row *row)
{
    memset(row, 0, sizeof(*row));
    row->struct_size = sizeof(*row);
#define T(i) (r->text[c + (i)] ? r->text[c + (i)] : "")
    row->id = r->num[c + 0];
    row->stable_id = T(1);
    row->kind = T(2);
    row->name = T(3);
    row->qualname = T(4);
    row->module = T(5);
    row->path = T(6);
    row->language = T(7);
    row->parent_stable_id = r->text[c + 8];
    row->line = r->num[c + 9];
    row->end_line = r->num[c + 10];
    row->flags = r->num[c + 11];
    row->ordinal = r->num[c + 12];
    row->signature = T(13);
    row->docstring = r->text[c + 14];
    row->decorators = T(15);
    row->parameters = T(16);
#undef T
}

static int on_symbol(void *p, const dk_rows *r)
{
    cb_ctx *c = p;
    codira_symbol_row row;
    dk_read_symbol(r, 0, &row);
    return ((codira_symbol_cb)c->cb)(c->ctx, &row);
}

/* Last part of a logical name: after the final '.' or '::' (the name itself
 * when there is none): the name a symbol must have to match. */
static const char *last_part(const char *name)
{
    const char *dot = strrchr(name, '.'), *colons = strstr(name, "::");
    for (const char *c = colons; c; c = strstr(c + 2, "::")) colons = c;
    if (colons && (!dot || colons + 1 > dot)) dot = colons + 1;
    return dot && dot[1] ? dot + 1 : name;
}

static int dk_find_symbols(codira_store *s, const codira_symbol_query *q, codira_symbol_cb cb,
                           void *ctx, codira_error *err)
{
    /* qualname ends with name, so "A.b" and "pkg.mod.A.b" are found by
     * their last part $2 through the name index; C++ qualified names
     * ("ns::A::b") also by a suffix at a "::" ("A::b") */
    if (!s->find_symbols) {
        int code = dk_prepare(s->con,
                              "SELECT " SYMBOL_COLUMNS SYMBOL_FROM
                              " WHERE s.name IN ($1, $2) AND (s.name = $1 OR s.qualname = $1"
                              " OR s.module || '.' || s.qualname = $1"
                              " OR ($2 <> $1 AND ends_with(s.qualname, '::' || $1)))"
                              " AND " DK_PREFIX_WHERE("f", "$3", "$4", "$5")
                              " ORDER BY s.kind, s.module, f.path, s.line, s.stable_id",
                              &s->find_symbols, err);
        if (code) return code;
    }
    duckdb_prepared_statement st = s->find_symbols;
    duckdb_bind_varchar(st, 1, q->name);
    duckdb_bind_varchar(st, 2, last_part(q->name));
    dk_bind_prefix(st, 3, q->prefix);
    cb_ctx c = {(void *)cb, ctx};
    int code = stream(st, on_symbol, &c, err);
    duckdb_clear_bindings(st);
    return code;
}

typedef struct batch_ctx {
    codira_symbol_batch_cb cb;
    void *ctx;
} batch_ctx;

static int on_batch_symbol(void *p, const dk_rows *r)
{
    batch_ctx *c = p;
    codira_symbol_row row;
    dk_read_symbol(r, 1, &row);
    return c->cb(c->ctx, (size_t)r->num[0], &row);
}

/* One query for the whole batch: the names with their last parts and
 * indexes, joined to symbols by name (a hash join, not one lookup each). */
static int dk_find_symbols_batch(codira_store *s, const char *const *names, size_t n,
                                 const char *prefix, codira_symbol_batch_cb cb, void *ctx,
                                 codira_error *err)
{
    if (!n) return CODIRA_OK;
#define BATCH_MATCH(join)                                                                      \
    "SELECT q.qi, " SYMBOL_COLUMNS " FROM q JOIN symbols s ON s.name = " join SYMBOL_FROM_JOIN  \
    " WHERE " DK_PREFIX_WHERE("f", "$3", "$4", "$5")
#define SYMBOL_FROM_JOIN " JOIN files f ON f.id = s.file_id"
    duckdb_prepared_statement st;
    int code = dk_prepare(
        s->con,
        "WITH q AS (SELECT unnest($1::VARCHAR[]) AS qname, unnest($2::VARCHAR[]) AS qlast,"
        " unnest(range(0, len($1::VARCHAR[]))) AS qi) "
        BATCH_MATCH("q.qlast") " AND (s.name = q.qname OR s.qualname = q.qname"
        " OR s.module || '.' || s.qualname = q.qname"
        " OR (q.qlast <> q.qname AND ends_with(s.qualname, '::' || q.qname)))"
        " UNION ALL " BATCH_MATCH("q.qname") " AND q.qlast <> q.qname"
        " ORDER BY 1, 4, 7, 8, 11, 3",
        &st, err);
#undef BATCH_MATCH
#undef SYMBOL_FROM_JOIN
    if (code) return code;
    const char **lasts = malloc(sizeof(*lasts) * n);
    if (!lasts) {
        duckdb_destroy_prepare(&st);
        return dk_set_error(err, CODIRA_E_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) lasts[i] = last_part(names[i]);
    if (dk_bind_strings(st, 1, names, n) != CODIRA_OK || dk_bind_strings(st, 2, lasts, n) != CODIRA_OK)
        code = dk_set_error(err, CODIRA_E_BACKEND, "duckdb: cannot bind the name list");
    free(lasts);
    dk_bind_prefix(st, 3, prefix);
    batch_ctx c = {cb, ctx};
    if (!code) code = stream(st, on_batch_symbol, &c, err);
    duckdb_destroy_prepare(&st);
    return code;
}

static int dk_symbol_inventory(codira_store *s, const codira_inventory_query *q,
                               codira_symbol_cb cb, void *ctx, codira_error *err)
{
    if (q->limit == 0) return CODIRA_OK;
    /* the first row of each (module, qualname) in (kind, path, line) order,
     * picked by DuckDB itself */
    duckdb_prepared_statement st;
    int code = dk_prepare(s->con,
                          "SELECT " SYMBOL_COLUMNS SYMBOL_FROM " WHERE "
                          DK_PREFIX_WHERE("f", "$2", "$3", "$4")
                          " AND ($1 OR f.role <> 'test')"
                          " QUALIFY row_number() OVER (PARTITION BY s.module, s.qualname"
                          " ORDER BY s.kind, f.path, s.line, s.id) = 1"
                          " ORDER BY s.module, s.qualname, s.kind, f.path, s.line, s.id"
                          " LIMIT $5",
                          &st, err);
    if (code) return code;
    duckdb_bind_boolean(st, 1, q->include_tests != 0);
    dk_bind_prefix(st, 2, q->prefix);
    duckdb_bind_int64(st, 5, q->limit < 0 ? INT64_MAX : q->limit);
    cb_ctx c = {(void *)cb, ctx};
    code = stream(st, on_symbol, &c, err);
    duckdb_destroy_prepare(&st);
    return code;
}

static int dk_symbol_children(codira_store *s, int64_t symbol_id, codira_symbol_cb cb, void *ctx,
                              codira_error *err)
{
    duckdb_prepared_statement st;
    int code = dk_prepare(s->con,
                          "SELECT " SYMBOL_COLUMNS SYMBOL_FROM
                          " WHERE s.id >= $2 AND s.id < $3 AND s.parent_id = $1"
                          " ORDER BY s.ordinal, s.line, s.name",
                          &st, err);
    if (code) return code;
    /* children live in their parent's file: a range of ids */
    int64_t file_id = symbol_id >> DK_ROW_BITS;
    duckdb_bind_int64(st, 1, symbol_id);
    duckdb_bind_int64(st, 2, dk_row_id(file_id, 0));
    duckdb_bind_int64(st, 3, dk_row_id(file_id + 1, 0));
    cb_ctx c = {(void *)cb, ctx};
    code = stream(st, on_symbol, &c, err);
    duckdb_destroy_prepare(&st);
    return code;
}

static const codira_backend duckdb_backend = {
    .struct_size = sizeof(codira_backend),
    .iVersion = 1,
    .name = "duckdb",
    .version = DK_SCHEMA_VERSION,
    .provider = "codira",
    .open = dk_open,
    .close = dk_close,
    .load_runtime = dk_load_runtime,
    .load_analyzers = dk_load_analyzers,
    .load_files = dk_load_files,
    .embedding_state_matches = dk_embedding_state_matches,
    .needs_maintenance = dk_needs_maintenance,
    .find_symbols = dk_find_symbols,
    .symbol_inventory = dk_symbol_inventory,
    .symbol_children = dk_symbol_children,
    .begin_index_session = dk_begin_index_session,
    .session_cleanup_stale = dk_session_cleanup_stale,
    .session_prepare = dk_session_prepare,
    .session_persist_file = dk_session_persist_file,
    .session_touch_file = dk_session_touch_file,
    .session_rebuild_derived = dk_session_rebuild_derived,
    .session_persist_runtime = dk_session_persist_runtime,
    .session_commit = dk_session_commit,
    .session_abort = dk_session_abort,
    .session_close = dk_session_close,
    .find_sites = dk_find_sites,
    .session_graph_symbols = dk_session_graph_symbols,
    .session_graph_imports = dk_session_graph_imports,
    .session_graph_sites = dk_session_graph_sites,
    .session_store_links = dk_session_store_links,
    .find_symbols_batch = dk_find_symbols_batch,
};

/* The engine's entry point, called by plugin.c when it loads the engine. */
const codira_backend *codira_duckdb_engine_v1(void)
{
    return &duckdb_backend;
}
