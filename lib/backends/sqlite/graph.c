/*
 * graph.c - the sqlite backend's call-graph storage: sites with their
 * resolution for queries, what the host's resolver reads through the
 * write session, and the links it writes back.
 *
 * A link has its site's id. Sites without a link are unresolved and keep
 * the label their analyzer gave them.
 */
#include <stdlib.h>
#include <string.h>

#include "sqlite_internal.h"

/* ---- JSON arrays as parameters (read with json_each) ----------------- */

static void json_escape(strbuf *sb, const char *s)
{
    sb_addc(sb, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            sb_addc(sb, '\\');
            sb_addc(sb, (char)*p);
        } else if (*p < 0x20) {
            sb_addf(sb, "\\u%04x", *p);
        } else {
            sb_addc(sb, (char)*p);
        }
    }
    sb_addc(sb, '"');
}

void sq_bind_json_strings(sqlite3_stmt *st, int i, const char *const *v, size_t n)
{
    strbuf sb;
    sb_init(&sb);
    sb_addc(&sb, '[');
    for (size_t k = 0; k < n; k++) {
        if (k) sb_addc(&sb, ',');
        json_escape(&sb, v[k]);
    }
    sb_addc(&sb, ']');
    sqlite3_bind_text(st, i, sb.buf, (int)sb.len, SQLITE_TRANSIENT);
    sb_free(&sb);
}

void sq_bind_json_ids(sqlite3_stmt *st, int i, const int64_t *v, size_t n)
{
    strbuf sb;
    sb_init(&sb);
    sb_addc(&sb, '[');
    for (size_t k = 0; k < n; k++) sb_addf(&sb, "%s%lld", k ? "," : "", (long long)v[k]);
    sb_addc(&sb, ']');
    sqlite3_bind_text(st, i, sb.buf, (int)sb.len, SQLITE_TRANSIENT);
    sb_free(&sb);
}

/* ---- read side: sites ------------------------------------------------- */

/* Columns: site fields (0..9), the owner (10..26), the target (27..43). */
#define SITE_COLUMNS                                                                        \
    "SELECT e.relation, coalesce(l.status, 0), e.target_kind, e.base, e.target, e.ref_kind,"  \
    " e.line, e.col,"                                                                       \
    " CASE WHEN l.label_kind <> '' THEN l.label_kind ELSE e.ext_kind END,"                  \
    " CASE WHEN l.label_kind <> '' THEN l.label_name ELSE e.ext_name END,"                  \
    " coalesce(l.candidates, ''), "                                                         \
    SITE_SYMBOL_COLUMNS("s", "f") ", " SITE_SYMBOL_COLUMNS("d", "df")
/* The ends of a site carry identity and place only (the ABI says so): no
 * parent, signature, docstring... which would cost a lookup or overflow
 * pages per row. Same column layout as SQ_SYMBOL_COLUMNS. */
#define SITE_SYMBOL_COLUMNS(s, f)                                                           \
    s ".id, " s ".stable_id, " s ".kind, " s ".name, " s ".qualname, " s ".module, " f       \
    ".path, " f ".language, NULL, " s ".line, " s ".end_line, " s ".flags, " s ".ordinal, '', NULL, '', ''"
#define SITE_OWNER_AND_TARGET                                                               \
    " JOIN symbols s ON s.id = e.owner_id JOIN files f ON f.id = s.file_id"                 \
    " LEFT JOIN symbols d ON d.id = l.dst_id LEFT JOIN files df ON df.id = d.file_id"
/* from the sites (every site, or by owner) */
#define SITE_SELECT                                                                         \
    SITE_COLUMNS " FROM edges e LEFT JOIN links l ON l.id = e.id" SITE_OWNER_AND_TARGET
/* from the links into given symbols: the planner starts at links_by_dst,
 * which covers all it needs of a link (a link with a target is resolved
 * and has no label) */
#define SITE_SELECT_BY_TARGET                                                               \
    "SELECT e.relation, 1, e.target_kind, e.base, e.target, e.ref_kind, e.line, e.col,"     \
    " '', '', '', "                                                                         \
    SITE_SYMBOL_COLUMNS("s", "f") ", " SITE_SYMBOL_COLUMNS("d", "df")                       \
    " FROM links l JOIN edges e ON e.id = l.id" SITE_OWNER_AND_TARGET

int sq_find_sites(codira_store *store, const codira_site_query *q, codira_site_cb cb, void *ctx,
                  codira_error *err)
{
    const char *sql;
    if (!q->symbol_ids)
        sql = SITE_SELECT " WHERE e.relation = ?1 AND " SQ_PREFIX_WHERE("f");
    else if (!q->incoming)
        sql = SITE_SELECT " WHERE e.owner_id IN (SELECT value FROM json_each(?2))"
                          " AND e.relation = ?1 AND " SQ_PREFIX_WHERE("f");
    else
        sql = SITE_SELECT_BY_TARGET " WHERE l.dst_id IN (SELECT value FROM json_each(?2))"
                          " AND e.relation = ?1 AND " SQ_PREFIX_WHERE("f");
    sqlite3_stmt *st;
    int code = sq_prepare(store->db, sql, &st, err);
    if (code) return code;
    sqlite3_bind_int(st, 1, (int)q->relation);
    if (q->symbol_ids) sq_bind_json_ids(st, 2, q->symbol_ids, q->n_symbol_ids);
    sq_bind_prefix(st, q->prefix);
    int rc;
    codira_symbol_row src, dst;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        codira_site_row r;
        memset(&r, 0, sizeof(r));
        r.struct_size = sizeof(r);
        r.relation = (uint32_t)sqlite3_column_int(st, 0);
        r.status = (uint32_t)sqlite3_column_int(st, 1);
        r.target_kind = (uint32_t)sqlite3_column_int(st, 2);
        r.base = sq_text(st, 3);
        r.target = sq_text(st, 4);
        r.ref_kind = sq_text(st, 5);
        r.line = sqlite3_column_int64(st, 6);
        r.col = sqlite3_column_int64(st, 7);
        r.label_kind = sq_text(st, 8);
        r.label_name = sq_text(st, 9);
        r.candidates = sq_text(st, 10);
        sq_read_symbol(st, 11, &src);
        r.src = &src;
        r.path = src.path;
        if (r.status == CODIRA_LINK_RESOLVED && sqlite3_column_type(st, 11 + SQ_SYMBOL_NCOLS) != SQLITE_NULL) {
            sq_read_symbol(st, 11 + SQ_SYMBOL_NCOLS, &dst);
            r.dst = &dst;
        } else if (r.status == CODIRA_LINK_RESOLVED) {
            r.status = CODIRA_LINK_UNRESOLVED; /* its target vanished: never dangle */
        }
        if (cb(ctx, &r)) {
            sqlite3_finalize(st);
            return CODIRA_STOP;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? CODIRA_OK : sq_fail(store->db, rc, err, "query sites");
}

/* ---- write side: what the resolver reads ------------------------------ */

/* The parts of a graph read: `all_sql` reads everything; otherwise the
 * union of `by_file` (rows of the files in ?1, a JSON array of paths),
 * `by_name` (?2, names), `extra` (when its condition holds) and
 * `by_link` (rows resolved into the files in ?3). */
typedef struct scoped_sql {
    const char *all_sql, *by_file, *by_name, *extra, *by_link;
    bool extra_on;
} scoped_sql;

static int scoped_query(codira_session *s, const codira_graph_scope *scope, const scoped_sql *q,
                        sqlite3_stmt **out, codira_error *err)
{
    strbuf sql;
    sb_init(&sql);
    *out = NULL;
    if (scope->all) {
        sb_adds(&sql, q->all_sql);
    } else {
        const char *parts[4] = {scope->n_paths ? q->by_file : NULL,
                                scope->n_names ? q->by_name : NULL,
                                q->extra_on ? q->extra : NULL,
                                scope->n_linked_paths ? q->by_link : NULL};
        for (size_t i = 0; i < 4; i++) {
            if (!parts[i]) continue;
            if (sql.len) sb_adds(&sql, " UNION ");
            sb_adds(&sql, parts[i]);
        }
        if (!sql.len) {
            sb_free(&sql);
            return CODIRA_OK;
        }
    }
    int code = sq_prepare(s->db, sql.buf, out, err);
    sb_free(&sql);
    if (code) return code;
    if (!scope->all) {
        if (scope->n_paths) sq_bind_json_strings(*out, 1, scope->paths, scope->n_paths);
        if (scope->n_names) sq_bind_json_strings(*out, 2, scope->names, scope->n_names);
        if (scope->n_linked_paths)
            sq_bind_json_strings(*out, 3, scope->linked_paths, scope->n_linked_paths);
    }
    return CODIRA_OK;
}

/* the rows of file f: ids in its range */
#define IN_FILE(t) " ON " t ".id >= (f.id << 24) AND " t ".id < ((f.id + 1) << 24)"
#define PATHS " WHERE f.path IN (SELECT value FROM json_each(?1))"

#define GSYM_COLS                                                                        \
    "SELECT s.id, coalesce(s.parent_id, 0), f.path, f.analyzer, s.module, s.kind, s.name," \
    " s.qualname, s.stable_id, s.flags"

int sq_session_graph_symbols(codira_session *s, const codira_graph_scope *scope,
                             codira_graph_symbol_cb cb, void *ctx, codira_error *err)
{
    sqlite3_stmt *st;
    /* a file's module symbol, when it has one, is its first row */
    scoped_sql q = {
        GSYM_COLS " FROM symbols s JOIN files f ON f.id = s.file_id",
        GSYM_COLS " FROM files f JOIN symbols s" IN_FILE("s") PATHS,
        GSYM_COLS " FROM symbols s JOIN files f ON f.id = s.file_id"
                  " WHERE s.name IN (SELECT value FROM json_each(?2))",
        GSYM_COLS " FROM files f JOIN symbols s ON s.id = (f.id << 24) WHERE s.kind = 'module'",
        NULL, scope->modules != 0};
    int code = scoped_query(s, scope, &q, &st, err);
    if (code || !st) return code;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        codira_graph_symbol g = {
            .struct_size = sizeof(g),
            .id = sqlite3_column_int64(st, 0),
            .parent_id = sqlite3_column_int64(st, 1),
            .path = sq_text(st, 2),
            .analyzer = sq_text(st, 3),
            .module = sq_text(st, 4),
            .kind = sq_text(st, 5),
            .name = sq_text(st, 6),
            .qualname = sq_text(st, 7),
            .stable_id = sq_text(st, 8),
            .flags = sqlite3_column_int64(st, 9),
        };
        if (cb(ctx, &g)) {
            sqlite3_finalize(st);
            return CODIRA_STOP;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? CODIRA_OK : sq_session_fail(s, rc, err, "read symbols");
}

#define GIMP_COLS "SELECT f.path, coalesce(i.owner_id, 0), i.name, i.alias, i.kind"

int sq_session_graph_imports(codira_session *s, const codira_graph_scope *scope,
                             codira_graph_import_cb cb, void *ctx, codira_error *err)
{
    sqlite3_stmt *st;
    scoped_sql q = {GIMP_COLS " FROM imports i JOIN files f ON f.id = (i.id >> 24)",
                    GIMP_COLS " FROM files f JOIN imports i" IN_FILE("i") PATHS, NULL, NULL, NULL,
                    false};
    int code = scoped_query(s, scope, &q, &st, err);
    if (code || !st) return code;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        codira_graph_import g = {
            .struct_size = sizeof(g),
            .path = sq_text(st, 0),
            .owner_id = sqlite3_column_int64(st, 1),
            .name = sq_text(st, 2),
            .alias = sq_text(st, 3),
            .kind = sq_text(st, 4),
        };
        if (cb(ctx, &g)) {
            sqlite3_finalize(st);
            return CODIRA_STOP;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? CODIRA_OK : sq_session_fail(s, rc, err, "read imports");
}

#define GSITE_COLS                                                                         \
    "SELECT e.id, e.owner_id, f.path, f.analyzer, e.relation, e.target_kind, e.base, e.target," \
    " e.ref_kind, e.ext_kind, e.ext_name"

int sq_session_graph_sites(codira_session *s, const codira_graph_scope *scope,
                           codira_graph_site_cb cb, void *ctx, codira_error *err)
{
    sqlite3_stmt *st;
    scoped_sql q = {
        GSITE_COLS " FROM edges e JOIN files f ON f.id = (e.id >> 24)",
        GSITE_COLS " FROM files f JOIN edges e" IN_FILE("e") PATHS,
        GSITE_COLS " FROM edges e JOIN files f ON f.id = (e.id >> 24)"
                   " WHERE e.target IN (SELECT value FROM json_each(?2))",
        NULL,
        GSITE_COLS " FROM files t JOIN links l ON l.dst_id >= (t.id << 24)"
                   " AND l.dst_id < ((t.id + 1) << 24) JOIN edges e ON e.id = l.id"
                   " JOIN files f ON f.id = (e.id >> 24)"
                   " WHERE t.path IN (SELECT value FROM json_each(?3))",
        false};
    int code = scoped_query(s, scope, &q, &st, err);
    if (code || !st) return code;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        codira_graph_site g = {
            .struct_size = sizeof(g),
            .id = sqlite3_column_int64(st, 0),
            .owner_id = sqlite3_column_int64(st, 1),
            .path = sq_text(st, 2),
            .analyzer = sq_text(st, 3),
            .relation = (uint32_t)sqlite3_column_int(st, 4),
            .target_kind = (uint32_t)sqlite3_column_int(st, 5),
            .base = sq_text(st, 6),
            .target = sq_text(st, 7),
            .ref_kind = sq_text(st, 8),
            .ext_kind = sq_text(st, 9),
            .ext_name = sq_text(st, 10),
        };
        if (cb(ctx, &g)) {
            sqlite3_finalize(st);
            return CODIRA_STOP;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? CODIRA_OK : sq_session_fail(s, rc, err, "read sites");
}

/* ---- write side: links ------------------------------------------------ */

int sq_session_store_links(codira_session *s, const codira_link *links, size_t n,
                           codira_error *err)
{
    for (size_t i = 0; i < n; i++) {
        const codira_link *l = &links[i];
        bool plain = l->status == CODIRA_LINK_UNRESOLVED && !l->label_kind.len;
        sqlite3_bind_int64(s->del_link, 1, l->site_id);
        int code = sq_run(s, s->del_link, err, "clear link");
        if (code) return code;
        if (plain) continue; /* no row: unresolved with the analyzer's label */
        sqlite3_stmt *st = s->ins_link;
        sqlite3_bind_int64(st, 1, l->site_id);
        if (l->status == CODIRA_LINK_RESOLVED) sqlite3_bind_int64(st, 2, l->dst_id);
        else sqlite3_bind_null(st, 2);
        sqlite3_bind_int(st, 3, (int)l->status);
        sq_bind_str(st, 4, l->label_kind);
        sq_bind_str(st, 5, l->label_name);
        sq_bind_str(st, 6, l->candidates);
        if ((code = sq_run(s, st, err, "store link"))) return code;
    }
    return CODIRA_OK;
}
