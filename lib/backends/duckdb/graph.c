/*
 * graph.c - the duckdb backend's call-graph storage: sites with their
 * resolution for queries, what the host's resolver reads through the
 * write session, and the links it writes back.
 *
 * A link has its site's id. Sites without a link are unresolved and keep
 * the label their analyzer gave them. Lists (paths, names, ids) are bound
 * as one DuckDB list parameter and joined with unnest().
 */
#include <stdlib.h>
#include <string.h>

#include "duckdb_internal.h"

/* ---- read side: sites ------------------------------------------------- */

/* The ends of a site carry identity and place only (the ABI says so).
 * Same column layout as DK_SYMBOL_COLUMNS. */
#define SITE_SYMBOL_COLUMNS(s, f)                                                           \
    s ".id, " s ".stable_id, " s ".kind, " s ".name, " s ".qualname, " s ".module, " f       \
    ".path, " f ".language, NULL::VARCHAR, " s ".line, " s ".end_line, " s ".flags, " s      \
    ".ordinal, '', NULL::VARCHAR, '', ''"
/* Columns: site fields (0..10), the owner (11..27), the target (28..44). */
#define SITE_COLUMNS                                                                        \
    "SELECT e.relation, coalesce(l.status, 0), e.target_kind, e.base, e.target, e.ref_kind,"  \
    " e.line, e.col,"                                                                       \
    " CASE WHEN l.label_kind <> '' THEN l.label_kind ELSE e.ext_kind END,"                  \
    " CASE WHEN l.label_kind <> '' THEN l.label_name ELSE e.ext_name END,"                  \
    " coalesce(l.candidates, ''), "                                                         \
    SITE_SYMBOL_COLUMNS("s", "f") ", " SITE_SYMBOL_COLUMNS("d", "df")
#define SITE_OWNER_AND_TARGET                                                               \
    " JOIN symbols s ON s.id = e.owner_id JOIN files f ON f.id = s.file_id"                 \
    " LEFT JOIN symbols d ON d.id = l.dst_id LEFT JOIN files df ON df.id = d.file_id"
#define SITE_SELECT SITE_COLUMNS " FROM edges e LEFT JOIN links l ON l.id = e.id" SITE_OWNER_AND_TARGET
/* from the links into given symbols (a link with a target is resolved and
 * has no label) */
#define SITE_SELECT_BY_TARGET                                                               \
    "SELECT e.relation, 1, e.target_kind, e.base, e.target, e.ref_kind, e.line, e.col,"     \
    " '', '', '', " SITE_SYMBOL_COLUMNS("s", "f") ", " SITE_SYMBOL_COLUMNS("d", "df")       \
    " FROM links l JOIN edges e ON e.id = l.id" SITE_OWNER_AND_TARGET
#define SITE_PREFIX DK_PREFIX_WHERE("f", "$3", "$4", "$5")

int dk_find_sites(codira_store *store, const codira_site_query *q, codira_site_cb cb, void *ctx,
                  codira_error *err)
{
    const char *sql;
    if (!q->symbol_ids)
        sql = SITE_SELECT " WHERE e.relation = $1 AND " DK_PREFIX_WHERE("f", "$2", "$3", "$4");
    else if (!q->incoming)
        sql = SITE_SELECT " WHERE e.owner_id IN (SELECT unnest($2::BIGINT[]))"
                          " AND e.relation = $1 AND " SITE_PREFIX;
    else
        sql = SITE_SELECT_BY_TARGET " WHERE l.dst_id IN (SELECT unnest($2::BIGINT[]))"
                                    " AND e.relation = $1 AND " SITE_PREFIX;
    duckdb_prepared_statement st;
    int code = dk_prepare(store->con, sql, &st, err);
    if (code) return code;
    duckdb_bind_int32(st, 1, (int32_t)q->relation);
    if (q->symbol_ids) code = dk_bind_ids(st, 2, q->symbol_ids, q->n_symbol_ids);
    dk_bind_prefix(st, q->symbol_ids ? 3 : 2, q->prefix);
    dk_rows r;
    if (!code) code = dk_rows_open(&r, st, err);
    else dk_set_error(err, code, "duckdb: cannot bind the symbol list");
    if (code) {
        duckdb_destroy_prepare(&st);
        return code;
    }
    int n;
    codira_symbol_row src, dst;
    while ((n = dk_rows_next(&r, err)) > 0) {
        codira_site_row row;
        memset(&row, 0, sizeof(row));
        row.struct_size = sizeof(row);
        row.relation = (uint32_t)r.num[0];
        row.status = (uint32_t)r.num[1];
        row.target_kind = (uint32_t)r.num[2];
        row.base = r.text[3] ? r.text[3] : "";
        row.target = r.text[4] ? r.text[4] : "";
        row.ref_kind = r.text[5] ? r.text[5] : "";
        row.line = r.num[6];
        row.col = r.num[7];
        row.label_kind = r.text[8] ? r.text[8] : "";
        row.label_name = r.text[9] ? r.text[9] : "";
        row.candidates = r.text[10] ? r.text[10] : "";
        dk_read_symbol(&r, 11, &src);
        row.src = &src;
        row.path = src.path;
        /* the target's stable id is NULL when the symbol is gone */
        if (row.status == CODIRA_LINK_RESOLVED && r.text[11 + DK_SYMBOL_NCOLS + 1]) {
            dk_read_symbol(&r, 11 + DK_SYMBOL_NCOLS, &dst);
            row.dst = &dst;
        } else if (row.status == CODIRA_LINK_RESOLVED) {
            row.status = CODIRA_LINK_UNRESOLVED; /* never dangle */
        }
        if (cb(ctx, &row)) {
            code = CODIRA_STOP;
            break;
        }
    }
    if (n < 0) code = err->code;
    dk_rows_close(&r);
    duckdb_destroy_prepare(&st);
    return code;
}

/* ---- write side: what the resolver reads ------------------------------ */

/* The parts of a graph read: `all_sql` reads everything; otherwise the
 * union of `by_file` (rows of the files in a list of paths), `by_name`
 * (a list of names), `extra` (when its condition holds) and `by_link`
 * (rows resolved into the files in a list of paths). Each list part has
 * one "%d" for its parameter's number. Rows come ordered by `order`. */
typedef struct scoped_sql {
    const char *all_sql, *by_file, *by_name, *extra, *by_link, *order;
    bool extra_on;
} scoped_sql;

static int scoped_query(codira_session *s, const codira_graph_scope *scope, const scoped_sql *q,
                        duckdb_prepared_statement *out, codira_error *err)
{
    *out = NULL;
    int code = dk_session_ready(s, err);
    if (!code) code = dk_session_flush(s, err);
    if (code) return code;
    dk_buf sql = {0};
    const char *const *lists[3] = {NULL, NULL, NULL};
    size_t lens[3] = {0, 0, 0};
    int nparams = 0;
    if (scope->all) {
        /* rows come in insertion order (DuckDB's preserve_insertion_order),
         * which is id order: sorting everything would cost more than the
         * read itself */
        dk_buf_adds(&sql, q->all_sql);
    } else {
        struct {
            const char *part;
            const char *const *list;
            size_t n;
        } parts[4] = {{scope->n_paths ? q->by_file : NULL, scope->paths, scope->n_paths},
                      {scope->n_names ? q->by_name : NULL, scope->names, scope->n_names},
                      {q->extra_on ? q->extra : NULL, NULL, 0},
                      {scope->n_linked_paths ? q->by_link : NULL, scope->linked_paths,
                       scope->n_linked_paths}};
        for (size_t i = 0; i < 4; i++) {
            if (!parts[i].part) continue;
            if (sql.len) dk_buf_adds(&sql, " UNION ");
            if (parts[i].list) {
                lists[nparams] = parts[i].list;
                lens[nparams] = parts[i].n;
                nparams++;
                dk_buf_addf(&sql, parts[i].part, nparams);
            } else {
                dk_buf_adds(&sql, parts[i].part);
            }
        }
        if (!sql.len) return CODIRA_OK;
        dk_buf_addf(&sql, " ORDER BY %s", q->order);
    }
    code = dk_prepare(s->con, sql.buf, out, err);
    dk_buf_free(&sql);
    for (int i = 0; !code && i < nparams; i++)
        if (dk_bind_strings(*out, (idx_t)i + 1, lists[i], lens[i]) != CODIRA_OK)
            code = dk_set_error(err, CODIRA_E_BACKEND, "duckdb: cannot bind a list of names");
    if (code && *out) duckdb_destroy_prepare(out);
    return code;
}

/* Stream a scoped query's rows to `row`. */
typedef int (*graph_row_fn)(void *ctx, const dk_rows *r);

static int stream_scoped(codira_session *s, const codira_graph_scope *scope, const scoped_sql *q,
                         graph_row_fn row, void *ctx, codira_error *err)
{
    duckdb_prepared_statement st;
    int code = scoped_query(s, scope, q, &st, err);
    if (code || !st) return code;
    dk_rows r;
    code = dk_rows_open(&r, st, err);
    if (!code) {
        int n;
        while ((n = dk_rows_next(&r, err)) > 0)
            if (row(ctx, &r)) {
                code = CODIRA_STOP;
                break;
            }
        if (n < 0) code = err->code;
        dk_rows_close(&r);
    }
    duckdb_destroy_prepare(&st);
    return code;
}

#define LISTP " IN (SELECT unnest($%d::VARCHAR[]))"

typedef struct graph_cb {
    void *cb;
    void *ctx;
} graph_cb;

#define T(i) (r->text[i] ? r->text[i] : "")

static int on_graph_symbol(void *p, const dk_rows *r)
{
    graph_cb *c = p;
    codira_graph_symbol g = {
        .struct_size = sizeof(g),
        .id = r->num[0],
        .parent_id = r->num[1],
        .path = T(2),
        .analyzer = T(3),
        .module = T(4),
        .kind = T(5),
        .name = T(6),
        .qualname = T(7),
        .stable_id = T(8),
        .flags = r->num[9],
    };
    return ((codira_graph_symbol_cb)c->cb)(c->ctx, &g);
}

#define GSYM_COLS                                                                         \
    "SELECT s.id, coalesce(s.parent_id, 0), f.path, f.analyzer, s.module, s.kind, s.name,"  \
    " s.qualname, s.stable_id, s.flags FROM symbols s JOIN files f ON f.id = s.file_id"

int dk_session_graph_symbols(codira_session *s, const codira_graph_scope *scope,
                             codira_graph_symbol_cb cb, void *ctx, codira_error *err)
{
    /* a file's module symbol, when it has one, is its first row */
    scoped_sql q = {GSYM_COLS,
                    GSYM_COLS " WHERE f.path" LISTP,
                    GSYM_COLS " WHERE s.name" LISTP,
                    GSYM_COLS " WHERE s.id = (f.id << 24) AND s.kind = 'module'",
                    NULL,
                    "1",
                    scope->modules != 0};
    graph_cb c = {(void *)cb, ctx};
    return stream_scoped(s, scope, &q, on_graph_symbol, &c, err);
}

static int on_graph_import(void *p, const dk_rows *r)
{
    graph_cb *c = p;
    codira_graph_import g = {
        .struct_size = sizeof(g),
        .path = T(0),
        .owner_id = r->num[1],
        .name = T(2),
        .alias = T(3),
        .kind = T(4),
    };
    return ((codira_graph_import_cb)c->cb)(c->ctx, &g);
}

#define GIMP_COLS                                                                         \
    "SELECT f.path, coalesce(i.owner_id, 0), i.name, i.alias, i.kind, i.id"               \
    " FROM imports i JOIN files f ON f.id = (i.id >> 24)"

int dk_session_graph_imports(codira_session *s, const codira_graph_scope *scope,
                             codira_graph_import_cb cb, void *ctx, codira_error *err)
{
    scoped_sql q = {GIMP_COLS, GIMP_COLS " WHERE f.path" LISTP, NULL, NULL, NULL, "6", false};
    graph_cb c = {(void *)cb, ctx};
    return stream_scoped(s, scope, &q, on_graph_import, &c, err);
}

static int on_graph_site(void *p, const dk_rows *r)
{
    graph_cb *c = p;
    codira_graph_site g = {
        .struct_size = sizeof(g),
        .id = r->num[0],
        .owner_id = r->num[1],
        .path = T(2),
        .analyzer = T(3),
        .relation = (uint32_t)r->num[4],
        .target_kind = (uint32_t)r->num[5],
        .base = T(6),
        .target = T(7),
        .ref_kind = T(8),
        .ext_kind = T(9),
        .ext_name = T(10),
    };
    return ((codira_graph_site_cb)c->cb)(c->ctx, &g);
}

#define GSITE_COLS                                                                         \
    "SELECT e.id, e.owner_id, f.path, f.analyzer, e.relation, e.target_kind, e.base, e.target," \
    " e.ref_kind, e.ext_kind, e.ext_name"
#define GSITE_FROM GSITE_COLS " FROM edges e JOIN files f ON f.id = (e.id >> 24)"

int dk_session_graph_sites(codira_session *s, const codira_graph_scope *scope,
                           codira_graph_site_cb cb, void *ctx, codira_error *err)
{
    scoped_sql q = {GSITE_FROM,
                    GSITE_FROM " WHERE f.path" LISTP,
                    GSITE_FROM " WHERE e.target" LISTP,
                    NULL,
                    GSITE_COLS " FROM links l JOIN files t ON t.id = (l.dst_id >> 24)"
                               " JOIN edges e ON e.id = l.id JOIN files f ON f.id = (e.id >> 24)"
                               " WHERE t.path" LISTP,
                    "1",
                    false};
    graph_cb c = {(void *)cb, ctx};
    return stream_scoped(s, scope, &q, on_graph_site, &c, err);
}

#undef T

/* ---- write side: links ------------------------------------------------ */

int dk_session_store_links(codira_session *s, const codira_link *links, size_t n,
                           codira_error *err)
{
    int code = dk_session_ready(s, err);
    if (code || !n) return code;
    /* a bulk load starts with no links and resolves each site once: there
     * is nothing to replace */
    if (!s->bulk) {
        code = dk_session_flush(s, err);
        duckdb_prepared_statement st;
        if (!code)
            code = dk_prepare(s->con, "DELETE FROM links WHERE id IN (SELECT unnest($1::BIGINT[]))",
                              &st, err);
        if (code) return code;
        int64_t *ids = malloc(sizeof(*ids) * n);
        if (!ids) {
            duckdb_destroy_prepare(&st);
            return dk_set_error(err, CODIRA_E_NOMEM, "out of memory");
        }
        for (size_t i = 0; i < n; i++) ids[i] = links[i].site_id;
        if (dk_bind_ids(st, 1, ids, n) != CODIRA_OK)
            code = dk_set_error(err, CODIRA_E_BACKEND, "duckdb: cannot bind the site list");
        free(ids);
        if (!code) code = dk_run(st, err, "clear links");
        duckdb_destroy_prepare(&st);
        if (code) return code;
    }
    dk_writer *w = &s->w[T_LINKS];
    if (!w->ap && (code = dk_writer_open(w, s->con, "links", err))) return code;
    for (size_t i = 0; i < n; i++) {
        const codira_link *l = &links[i];
        if (l->status == CODIRA_LINK_UNRESOLVED && !l->label_kind.len) continue;
        s->unflushed = true;
        dk_writer_int(w, l->site_id);
        if (l->status == CODIRA_LINK_RESOLVED) dk_writer_int(w, l->dst_id);
        else dk_writer_null(w);
        dk_writer_int(w, (int64_t)l->status);
        dk_writer_str(w, l->label_kind.ptr, l->label_kind.len);
        dk_writer_str(w, l->label_name.ptr, l->label_name.len);
        dk_writer_str(w, l->candidates.ptr, l->candidates.len);
        if ((code = dk_writer_end_row(w, err))) return code;
    }
    return CODIRA_OK;
}
