/*
 * test_sqlite_backend.c - the sqlite backend through its codira_backend
 * vtable (as found in the registry): write sessions, every read query,
 * replacement and deletion of files, abort, full reloads, snapshot
 * isolation, corrupt / foreign / incompatible databases and read-only
 * copies of the state folder.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "analysis.h"
#include "registry.h"
#include "util.h"

static const codira_backend *B;

/* ---- fixture --------------------------------------------------------- */

typedef struct fx {
    char *root;
    char *state_dir;
    codira_store_args args;
} fx;

static int fx_setup(void **state)
{
    char tmpl[] = "/tmp/codira-unit-sqlite-XXXXXX";
    char *d = mkdtemp(tmpl);
    if (!d) return -1;
    fx *f = xcalloc(1, sizeof(*f));
    f->root = xstrdup(d);
    f->state_dir = path_join(f->root, ".codira");
    if (mkdir(f->state_dir, 0755) != 0) return -1;
    f->args.struct_size = sizeof(f->args);
    f->args.root = f->root;
    f->args.state_dir = f->state_dir;
    *state = f;
    return 0;
}

static int fx_teardown(void **state)
{
    fx *f = *state;
    char *cmd = xasprintf("rm -rf '%s'", f->root);
    int rc = system(cmd);
    free(cmd);
    free(f->root);
    free(f->state_dir);
    free(f);
    return rc == 0 ? 0 : -1;
}

static int group_setup(void **state)
{
    (void)state;
    registry_load(NULL);
    B = registry_find_backend("sqlite");
    return B ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    registry_reset();
    return 0;
}

#define CHECK(call)                                                                       \
    do {                                                                                  \
        codira_error err_ = {0};                                                          \
        int rc_ = (call);                                                                 \
        if (rc_ != CODIRA_OK) fail_msg("%s: %d %s", #call, rc_, err_.message);            \
    } while (0)
/* `err_` is the name the CHECKed calls pass */
#define ERR (&err_)

static codira_session *begin(const fx *f)
{
    codira_session *s = NULL;
    CHECK(B->begin_index_session(B, &f->args, &s, ERR));
    assert_non_null(s);
    return s;
}

static codira_store *open_store_at(const codira_store_args *args)
{
    codira_store *st = NULL;
    CHECK(B->open(B, args, &st, ERR));
    assert_non_null(st);
    return st;
}

static codira_store *open_store(const fx *f)
{
    return open_store_at(&f->args);
}

static int open_code(const fx *f, codira_error *err)
{
    codira_store *st = NULL;
    int rc = B->open(B, &f->args, &st, err);
    if (rc == CODIRA_OK) B->close(st);
    else assert_null(st);
    return rc;
}

/* ---- synthetic analyses, built through the host's emitter --------------- */

static codira_str S(const char *s)
{
    return (codira_str){s, s ? strlen(s) : 0};
}

typedef struct file_builder {
    analysis a;
    codira_emitter em;
} file_builder;

static void fb_init(file_builder *b)
{
    analysis_init(&b->a);
    b->em.a = &b->a;
}

static codira_handle sym(file_builder *b, const char *kind, const char *name, const char *qualname,
                         const char *stable_id, codira_handle parent, uint32_t line,
                         uint32_t end_line, uint32_t ordinal)
{
    codira_symbol s = {0};
    s.struct_size = sizeof(s);
    s.kind = S(kind);
    s.name = S(name);
    s.qualname = S(qualname);
    s.stable_id = S(stable_id);
    s.parent = parent;
    s.line = line;
    s.end_line = end_line;
    s.ordinal = ordinal;
    codira_handle h = codira_host_services.emit_symbol(&b->em, &s);
    assert_true(h != CODIRA_NO_HANDLE);
    return h;
}

static void edge(file_builder *b, codira_handle owner, uint32_t relation, const char *base,
                 const char *target, uint32_t line)
{
    codira_edge e = {0};
    e.struct_size = sizeof(e);
    e.relation = relation;
    e.owner = owner;
    e.target_kind = *base ? CODIRA_TARGET_ATTRIBUTE : CODIRA_TARGET_NAME;
    e.base = S(base);
    e.target = S(target);
    e.line = line;
    assert_int_equal(codira_host_services.emit_edge(&b->em, &e), CODIRA_OK);
}

static void import(file_builder *b, const char *name, const char *alias, uint32_t line)
{
    codira_import im = {sizeof(im), CODIRA_NO_HANDLE, S(name), S(alias), S("import"), line};
    assert_int_equal(codira_host_services.emit_import(&b->em, &im), CODIRA_OK);
}

static void doc(file_builder *b, const char *stable_id, const char *title, const char *text,
                codira_handle owner)
{
    codira_doc d = {0};
    d.struct_size = sizeof(d);
    d.stable_id = S(stable_id);
    d.kind = S("section");
    d.source_format = S("markdown_section");
    d.line = 1;
    d.end_line = 3;
    d.title = S(title);
    d.heading_path = S(title);
    d.text = S(text);
    d.owner = owner;
    assert_int_equal(codira_host_services.emit_doc(&b->em, &d), CODIRA_OK);
}

static void diag(file_builder *b, uint32_t severity, const char *category, const char *message)
{
    codira_diagnostic d = {sizeof(d), severity, S(category), S(message), 2, 0};
    assert_int_equal(codira_host_services.emit_diagnostic(&b->em, &d), CODIRA_OK);
}

typedef struct file_meta {
    const char *path, *module, *language, *role, *analyzer, *content;
    uint32_t status;
    int64_t mtime_ns;
} file_meta;

/* Hand the file to the session and free the builder. */
static void persist(codira_session *s, file_builder *b, const file_meta *m)
{
    analysis_finish(&b->a);
    char hash[CODIRA_HASH_HEX_LEN + 1];
    hash_hex(m->content, strlen(m->content), hash);
    codira_file_analysis fa = {0};
    fa.struct_size = sizeof(fa);
    fa.file.struct_size = sizeof(fa.file);
    fa.file.path = m->path;
    fa.file.hash = hash;
    fa.file.size = (int64_t)strlen(m->content);
    fa.file.mtime_ns = m->mtime_ns;
    fa.file.analyzer = m->analyzer;
    fa.file.analyzer_version = "1";
    fa.file.status = m->status;
    fa.language = m->language;
    fa.module = m->module;
    fa.role = m->role;
    fa.symbols = b->a.symbols.items;
    fa.n_symbols = b->a.symbols.len;
    fa.edges = b->a.edges.items;
    fa.n_edges = b->a.edges.len;
    fa.imports = b->a.imports.items;
    fa.n_imports = b->a.imports.len;
    fa.docs = b->a.docs.items;
    fa.n_docs = b->a.docs.len;
    fa.diagnostics = b->a.diagnostics.items;
    fa.n_diagnostics = b->a.diagnostics.len;
    CHECK(B->session_persist_file(s, &fa, ERR));
    analysis_free(&b->a);
}

/* pkg/a.py: module, class with two methods (emitted out of line order),
 * a function, edges, an import, a doc and a warning. */
static void persist_pkg_a(codira_session *s, bool second_version)
{
    file_builder b;
    fb_init(&b);
    codira_handle mod = sym(&b, "module", "pkg.a", NULL, "py:module", CODIRA_NO_HANDLE, 1, 30, 0);
    codira_symbol cls = {0};
    cls.struct_size = sizeof(cls);
    cls.kind = S("class");
    cls.name = S("Demo");
    cls.stable_id = S("py:class:Demo");
    cls.parent = CODIRA_NO_HANDLE; /* the host hangs it off the module */
    cls.line = 3;
    cls.end_line = 20;
    cls.flags = CODIRA_SYM_PUBLIC | CODIRA_SYM_HAS_DOCSTRING;
    cls.signature = S("class Demo(Base):");
    cls.docstring = S("A demo class.");
    cls.decorators = S("dataclass");
    codira_handle demo = codira_host_services.emit_symbol(&b.em, &cls);
    assert_int_equal(demo, 1);
    codira_symbol run = {0};
    run.struct_size = sizeof(run);
    run.kind = S("method");
    run.name = S("run");
    run.qualname = S("Demo.run");
    run.stable_id = S("py:function:Demo.run");
    run.parent = demo;
    run.line = 10;
    run.end_line = 14;
    run.flags = CODIRA_SYM_PUBLIC | CODIRA_SYM_RETURNS_VALUE;
    run.signature = S("def run(self, n: int) -> int:");
    run.parameters = S("self\nn");
    codira_handle h_run = codira_host_services.emit_symbol(&b.em, &run);
    assert_true(h_run != CODIRA_NO_HANDLE);
    if (!second_version)
        sym(&b, "method", "__init__", "Demo.__init__", "py:function:Demo.__init__", demo, 5, 8, 0);
    codira_handle helper = sym(&b, "function", "helper", NULL, "py:function:helper", mod, 22, 25, 0);
    edge(&b, mod, CODIRA_REL_CALL, "", "helper", 28);
    edge(&b, h_run, CODIRA_REL_CALL, "self", "helper", 12);
    edge(&b, helper, CODIRA_REL_REF, "", "run", 24);
    import(&b, "os.path", "osp", 1);
    doc(&b, "py:doc:module", "pkg.a", "Module docs.", mod);
    diag(&b, CODIRA_DIAG_WARNING, "style", "something odd");
    file_meta m = {"pkg/a.py", "pkg.a", "Python", "implementation", "python",
                   second_version ? "class Demo: v2" : "class Demo: v1", CODIRA_FILE_OK, 1000};
    persist(s, &b, &m);
}

/* pkg/b.c: an enum whose members are emitted out of ordinal order, and a
 * function; analysed with an ERROR diagnostic (partial). */
static void persist_pkg_b_c(codira_session *s)
{
    file_builder b;
    fb_init(&b);
    sym(&b, "module", "b", NULL, "c:module", CODIRA_NO_HANDLE, 1, 40, 0);
    codira_handle color = sym(&b, "enum", "Color", NULL, "c:enum:Color", CODIRA_NO_HANDLE, 3, 8, 0);
    sym(&b, "enum_member", "BLUE", "Color.BLUE", "c:enum_member:Color.BLUE", color, 6, 6, 3);
    sym(&b, "enum_member", "RED", "Color.RED", "c:enum_member:Color.RED", color, 7, 7, 1);
    sym(&b, "enum_member", "GREEN", "Color.GREEN", "c:enum_member:Color.GREEN", color, 5, 5, 2);
    sym(&b, "function", "helper", NULL, "c:function:helper", CODIRA_NO_HANDLE, 10, 12, 0);
    diag(&b, CODIRA_DIAG_ERROR, "syntax_error", "unexpected token");
    file_meta m = {"pkg/b.c", "b", "C", "implementation", "c", "enum Color {...}",
                   CODIRA_FILE_PARTIAL, 2000};
    persist(s, &b, &m);
}

static void persist_simple(codira_session *s, const char *path, const char *module,
                           const char *role, const char *const *names, const char *const *kinds,
                           const uint32_t *lines, size_t n)
{
    file_builder b;
    fb_init(&b);
    char *mod_id = xasprintf("module:%s", path);
    sym(&b, "module", module, NULL, mod_id, CODIRA_NO_HANDLE, 1, 50, 0);
    for (size_t i = 0; i < n; i++) {
        char *id = xasprintf("%s:%s", kinds[i], names[i]);
        sym(&b, kinds[i], names[i], NULL, id, CODIRA_NO_HANDLE, lines[i], lines[i] + 1, 0);
        free(id);
    }
    const char *lang = str_ends_with(path, ".py") ? "Python" : "C";
    file_meta m = {path, module, lang, role, str_ends_with(path, ".py") ? "python" : "c", path,
                   CODIRA_FILE_OK, 3000};
    persist(s, &b, &m);
    free(mod_id);
}

static void persist_docs_only(codira_session *s)
{
    file_builder b;
    fb_init(&b);
    doc(&b, "md:section:intro", "Intro", "Hello.", CODIRA_NO_HANDLE);
    file_meta m = {"README.md", "", "Markdown", "docs", "markdown", "# Intro\nHello.\n",
                   CODIRA_FILE_OK, 4000};
    persist(s, &b, &m);
}

static void persist_failed(codira_session *s)
{
    file_builder b;
    fb_init(&b);
    diag(&b, CODIRA_DIAG_ERROR, "decode", "cannot read");
    file_meta m = {"broken.py", "", "Python", "implementation", "python", "\xff\xfe",
                   CODIRA_FILE_FAILED, 5000};
    persist(s, &b, &m);
}

static void persist_runtime(codira_session *s, const char *version)
{
    /* given out of name order on purpose */
    codira_analyzer_info an[] = {
        {sizeof(codira_analyzer_info), "python", "1", "fp-python"},
        {sizeof(codira_analyzer_info), "markdown", "3", "fp-md"},
        {sizeof(codira_analyzer_info), "c", "2", NULL},
    };
    codira_runtime_write rt = {sizeof(rt), version, 1, an, 3};
    CHECK(B->session_persist_runtime(s, &rt, ERR));
}

/* Files persisted by build_base, and their symbol count. */
#define BASE_FILES 8
#define BASE_SYMBOLS 21

static void persist_base_files(codira_session *s)
{
    persist_docs_only(s);
    persist_failed(s);
    persist_pkg_a(s, false);
    persist_pkg_b_c(s);
    static const char *const h_names[] = {"helper"}, *const h_kinds[] = {"function"};
    static const uint32_t h_lines[] = {2};
    persist_simple(s, "pkg/b.h", "b", "implementation", h_names, h_kinds, h_lines, 1);
    static const char *const t_names[] = {"test_helper", "helper"},
                             *const t_kinds[] = {"function", "function"};
    static const uint32_t t_lines[] = {1, 5};
    persist_simple(s, "pkg/tests/test_a.py", "pkg.tests.test_a", "test", t_names, t_kinds,
                   t_lines, 2);
    static const char *const p2_names[] = {"helper", "Demo"},
                             *const p2_kinds[] = {"function", "variable"};
    static const uint32_t p2_lines[] = {3, 1};
    persist_simple(s, "pkg2/b.py", "pkg2.b", "implementation", p2_names, p2_kinds, p2_lines, 2);
    static const char *const top_names[] = {"top"}, *const top_kinds[] = {"function"};
    static const uint32_t top_lines[] = {1};
    persist_simple(s, "pkg.py", "pkg", "implementation", top_names, top_kinds, top_lines, 1);
}

/* One committed run with every base file. */
static void build_base(const fx *f)
{
    codira_session *s = begin(f);
    CHECK(B->session_cleanup_stale(s, ERR));
    codira_prepare_args pa = {sizeof(pa), 1, NULL, 0};
    CHECK(B->session_prepare(s, &pa, ERR));
    persist_base_files(s);
    CHECK(B->session_rebuild_derived(s, ERR));
    persist_runtime(s, "9.9.9-test");
    CHECK(B->session_commit(s, ERR));
    B->session_close(s);
}

/* ---- row collectors ------------------------------------------------------ */

typedef struct rows {
    strbuf text; /* one row per line, formatted by the query's formatter */
    size_t n;
    int64_t first_id;
    size_t stop_after; /* stop once this many rows arrived (0: never) */
} rows;

static void rows_init(rows *r)
{
    memset(r, 0, sizeof(*r));
    sb_init(&r->text);
}

static int row_stop(rows *r)
{
    return r->stop_after && r->n >= r->stop_after;
}

/* kind module path line */
static int sym_row(void *ctx, const codira_symbol_row *row)
{
    rows *r = ctx;
    if (!r->n) r->first_id = row->id;
    r->n++;
    sb_addf(&r->text, "%s %s %s %lld\n", row->kind, row->module, row->path, (long long)row->line);
    return row_stop(r);
}

/* module:qualname:path */
static int inv_row(void *ctx, const codira_symbol_row *row)
{
    rows *r = ctx;
    r->n++;
    sb_addf(&r->text, "%s:%s:%s\n", row->module, row->qualname, row->path);
    return row_stop(r);
}

/* name */
static int child_row(void *ctx, const codira_symbol_row *row)
{
    rows *r = ctx;
    r->n++;
    sb_addf(&r->text, "%s ", row->name);
    return 0;
}

static int file_row(void *ctx, const codira_file_state *row)
{
    rows *r = ctx;
    r->n++;
    sb_addf(&r->text, "%s %lld %lld %s %s %u\n", row->path, (long long)row->size,
            (long long)row->mtime_ns, row->analyzer, row->analyzer_version, row->status);
    return 0;
}

static int analyzer_row(void *ctx, const codira_analyzer_info *row)
{
    rows *r = ctx;
    r->n++;
    sb_addf(&r->text, "%s %s %s\n", row->name, row->version, row->fingerprint);
    return 0;
}

static char *find(codira_store *st, const char *name, const char *prefix)
{
    rows r;
    rows_init(&r);
    codira_symbol_query q = {sizeof(q), name, prefix};
    CHECK(B->find_symbols(st, &q, sym_row, &r, ERR));
    return sb_steal(&r.text);
}

static int64_t find_id(codira_store *st, const char *name, const char *prefix)
{
    rows r;
    rows_init(&r);
    codira_symbol_query q = {sizeof(q), name, prefix};
    CHECK(B->find_symbols(st, &q, sym_row, &r, ERR));
    assert_int_equal(r.n, 1);
    sb_free(&r.text);
    return r.first_id;
}

static char *inventory(codira_store *st, const char *prefix, int include_tests, int64_t limit)
{
    rows r;
    rows_init(&r);
    codira_inventory_query q = {sizeof(q), prefix, include_tests, limit};
    CHECK(B->symbol_inventory(st, &q, inv_row, &r, ERR));
    return sb_steal(&r.text);
}

static char *children(codira_store *st, int64_t id)
{
    rows r;
    rows_init(&r);
    CHECK(B->symbol_children(st, id, child_row, &r, ERR));
    return sb_steal(&r.text);
}

static char *files(codira_store *st)
{
    rows r;
    rows_init(&r);
    CHECK(B->load_files(st, file_row, &r, ERR));
    return sb_steal(&r.text);
}

typedef struct runtime_copy {
    int calls;
    char backend_name[32], backend_version[32], codira_version[32];
    int64_t generation, file_count, symbol_count;
    int32_t coverage_complete;
} runtime_copy;

static int runtime_row(void *ctx, const codira_runtime_info *row)
{
    runtime_copy *c = ctx;
    c->calls++;
    snprintf(c->backend_name, sizeof(c->backend_name), "%s", row->backend_name);
    snprintf(c->backend_version, sizeof(c->backend_version), "%s", row->backend_version);
    snprintf(c->codira_version, sizeof(c->codira_version), "%s", row->codira_version);
    c->generation = row->generation;
    c->file_count = row->file_count;
    c->symbol_count = row->symbol_count;
    c->coverage_complete = row->coverage_complete;
    return 0;
}

static runtime_copy runtime(codira_store *st)
{
    runtime_copy c = {0};
    CHECK(B->load_runtime(st, runtime_row, &c, ERR));
    assert_int_equal(c.calls, 1);
    return c;
}

static void assert_text(char *got, const char *expected)
{
    if (strcmp(got, expected) != 0) fail_msg("got:\n%s\nexpected:\n%s", got, expected);
    free(got);
}

/* Direct sqlite access, for checks the vtable does not expose. */
static int64_t sql_count(const fx *f, const char *sql)
{
    char *path = path_join(f->state_dir, "index.db");
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    free(path);
    return n;
}

static void sql_exec(const fx *f, const char *sql)
{
    char *path = path_join(f->state_dir, "index.db");
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", sql, msg);
    sqlite3_close(db);
    free(path);
}

static void write_db_file(const fx *f, const void *data, size_t size)
{
    char *path = path_join(f->state_dir, "index.db");
    assert_int_equal(write_file_atomic(path, data, size, 0644), 0);
    free(path);
}

/* ---- tests: empty state ----------------------------------------------------- */

static void test_open_without_index_is_not_found(void **state)
{
    fx *f = *state;
    codira_error err = {0};
    assert_int_equal(open_code(f, &err), CODIRA_NOT_FOUND);
    assert_int_equal(err.code, CODIRA_NOT_FOUND);
    /* opening never creates anything */
    char *db = path_join(f->state_dir, "index.db");
    assert_int_equal(access(db, F_OK), -1);
    free(db);
    /* nor does a missing state folder bother it */
    codira_store_args args = f->args;
    char *missing = path_join(f->root, "no-state");
    args.state_dir = missing;
    codira_store *st = NULL;
    assert_int_equal(B->open(B, &args, &st, &err), CODIRA_NOT_FOUND);
    assert_int_equal(access(missing, F_OK), -1);
    free(missing);
}

static void test_open_of_empty_database_file_is_not_found(void **state)
{
    fx *f = *state;
    write_db_file(f, "", 0);
    codira_error err = {0};
    assert_int_equal(open_code(f, &err), CODIRA_NOT_FOUND);
}

static void test_session_committed_without_runtime_has_no_runtime(void **state)
{
    fx *f = *state;
    codira_session *s = begin(f);
    CHECK(B->session_commit(s, ERR));
    B->session_close(s);
    codira_store *st = open_store(f);
    runtime_copy c = {0};
    codira_error err = {0};
    assert_int_equal(B->load_runtime(st, runtime_row, &c, &err), CODIRA_NOT_FOUND);
    assert_int_equal(c.calls, 0);
    char *fl = files(st);
    assert_string_equal(fl, "");
    free(fl);
    B->close(st);
}

/* ---- tests: the base index ---------------------------------------------------- */

static void test_runtime_after_first_commit(void **state)
{
    fx *f = *state;
    build_base(f);
    codira_store *st = open_store(f);
    runtime_copy c = runtime(st);
    assert_string_equal(c.backend_name, "sqlite");
    assert_string_equal(c.backend_version, B->version);
    assert_string_equal(c.codira_version, "9.9.9-test");
    assert_int_equal(c.generation, 1);
    assert_int_equal(c.file_count, BASE_FILES);
    assert_int_equal(c.symbol_count, BASE_SYMBOLS);
    assert_int_equal(c.coverage_complete, 1);
    int v = -1;
    CHECK(B->needs_maintenance(st, &v, ERR));
    assert_int_equal(v, 0);
    codira_embedding_spec spec = {sizeof(spec), "none", "none", "0", 8};
    CHECK(B->embedding_state_matches(st, &spec, &v, ERR));
    assert_int_equal(v, 1);
    B->close(st);
    /* the raw records are stored too */
    assert_int_equal(sql_count(f, "SELECT count(*) FROM edges"), 3);
    assert_int_equal(sql_count(f, "SELECT count(*) FROM imports WHERE name = 'os.path'"
                                  " AND alias = 'osp' AND owner_id IS NOT NULL"),
                     1);
    assert_int_equal(sql_count(f, "SELECT count(*) FROM docs"), 2);
    assert_int_equal(sql_count(f, "SELECT count(*) FROM docs WHERE owner_id IS NULL"), 1);
    assert_int_equal(sql_count(f, "SELECT count(*) FROM diagnostics"), 3);
    /* edge owners point at the right symbols */
    assert_int_equal(sql_count(f, "SELECT count(*) FROM edges e JOIN symbols s ON s.id = e.owner_id"
                                  " WHERE s.qualname = 'Demo.run' AND e.base = 'self'"
                                  " AND e.target = 'helper' AND e.line = 12"),
                     1);
    /* the WAL was folded back at commit */
    char *wal = path_join(f->state_dir, "index.db-wal");
    struct stat sb;
    assert_true(stat(wal, &sb) != 0 || sb.st_size == 0);
    free(wal);
}

static void test_load_analyzers_ordered_by_name(void **state)
{
    fx *f = *state;
    build_base(f);
    codira_store *st = open_store(f);
    rows r;
    rows_init(&r);
    CHECK(B->load_analyzers(st, analyzer_row, &r, ERR));
    assert_text(sb_steal(&r.text), "c 2 \nmarkdown 3 fp-md\npython 1 fp-python\n");
    B->close(st);
}

static void test_load_files_ordered_by_path_with_stat_and_status(void **state)
{
    fx *f = *state;
    build_base(f);
    codira_store *st = open_store(f);
    assert_text(files(st), "README.md 15 4000 markdown 1 0\n"
                           "broken.py 2 5000 python 1 2\n"
                           "pkg.py 6 3000 python 1 0\n"
                           "pkg/a.py 14 1000 python 1 0\n"
                           "pkg/b.c 16 2000 c 1 1\n"
                           "pkg/b.h 7 3000 c 1 0\n"
                           "pkg/tests/test_a.py 19 3000 python 1 0\n"
                           "pkg2/b.py 9 3000 python 1 0\n");
    B->close(st);
}

typedef struct hash_probe {
    const char *path;
    char hash[CODIRA_HASH_HEX_LEN + 1];
} hash_probe;

static int hash_row(void *ctx, const codira_file_state *row)
{
    hash_probe *p = ctx;
    if (strcmp(row->path, p->path) == 0) snprintf(p->hash, sizeof(p->hash), "%s", row->hash);
    return 0;
}

static void test_load_files_returns_stored_hash(void **state)
{
    fx *f = *state;
    build_base(f);
    codira_store *st = open_store(f);
    hash_probe p = {"pkg/a.py", ""};
    CHECK(B->load_files(st, hash_row, &p, ERR));
    char expected[CODIRA_HASH_HEX_LEN + 1];
    hash_hex("class Demo: v1", 14, expected);
    assert_string_equal(p.hash, expected);
    B->close(st);
}

typedef struct row_copy {
    int n;
    codira_symbol_row row;
    char *strs[12];
} row_copy;

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

static int copy_row(void *ctx, const codira_symbol_row *row)
{
    row_copy *c = ctx;
    c->n++;
    c->row = *row;
    const char **fields[] = {&c->row.stable_id,  &c->row.kind,      &c->row.name,
                             &c->row.qualname,   &c->row.module,    &c->row.path,
                             &c->row.language,   &c->row.parent_stable_id, &c->row.signature,
                             &c->row.docstring,  &c->row.decorators, &c->row.parameters};
    for (size_t i = 0; i < 12; i++) {
        c->strs[i] = dup_or_null(*fields[i]);
        *fields[i] = c->strs[i];
    }
    return 0;
}

static void row_copy_free(row_copy *c)
{
    for (size_t i = 0; i < 12; i++) free(c->strs[i]);
}

static void test_find_symbols_returns_complete_rows(void **state)
{
    fx *f = *state;
    build_base(f);
    codira_store *st = open_store(f);
    row_copy c = {0};
    codira_symbol_query q = {sizeof(q), "Demo.run", NULL};
    CHECK(B->find_symbols(st, &q, copy_row, &c, ERR));
    assert_int_equal(c.n, 1);
    const codira_symbol_row *r = &c.row;
    assert_true(r->id > 0);
    assert_string_equal(r->stable_id, "py:function:Demo.run");
    assert_string_equal(r->kind, "method");
    assert_string_equal(r->name, "run");
    assert_string_equal(r->qualname, "Demo.run");
    assert_string_equal(r->module, "pkg.a");
    assert_string_equal(r->path, "pkg/a.py");
    assert_string_equal(r->language, "Python");
    assert_string_equal(r->parent_stable_id, "py:class:Demo");
    assert_int_equal(r->line, 10);
    assert_int_equal(r->end_line, 14);
    assert_int_equal(r->flags, CODIRA_SYM_PUBLIC | CODIRA_SYM_RETURNS_VALUE);
    assert_int_equal(r->ordinal, 0);
    assert_string_equal(r->signature, "def run(self, n: int) -> int:");
    assert_null(r->docstring);
    assert_string_equal(r->decorators, "");
    assert_string_equal(r->parameters, "self\nn");
    assert_int_equal(r->calls_out.total, 0);
    row_copy_free(&c);

    /* the class: docstring, decorators, parent = the module */
    memset(&c, 0, sizeof(c));
    q.name = "Demo";
    q.prefix = "pkg/a.py";
    CHECK(B->find_symbols(st, &q, copy_row, &c, ERR));
    assert_int_equal(c.n, 1);
    assert_string_equal(c.row.docstring, "A demo class.");
    assert_string_equal(c.row.decorators, "dataclass");
    assert_string_equal(c.row.parent_stable_id, "py:module");
    assert_int_equal(c.row.flags, CODIRA_SYM_PUBLIC | CODIRA_SYM_HAS_DOCSTRING);
    row_copy_free(&c);

    /* modules have no parent */
    memset(&c, 0, sizeof(c));
    q.name = "pkg.a";
    q.prefix = NULL;
    CHECK(B->find_symbols(st, &q, copy_row, &c, ERR));
    assert_int_equal(c.n, 1);
    assert_string_equal(c.row.kind, "module");
    assert_null(c.row.parent_stable_id);
    row_copy_free(&c);
    B->close(st);
}

static void test_find_symbols_by_name_qualname_and_module_qualname(void **state)
{
    fx *f = *state;
    build_base(f);
    codira_store *st = open_store(f);
    /* bare name: every kind, ordered by (kind, module, path, line) */
    assert_text(find(st, "helper", NULL), "function b pkg/b.c 10\n"
                                          "function b pkg/b.h 2\n"
                                          "function pkg.a pkg/a.py 22\n"
                                          "function pkg.tests.test_a pkg/tests/test_a.py 5\n"
                                          "function pkg2.b pkg2/b.py 3\n");
    assert_text(find(st, "Demo", NULL), "class pkg.a pkg/a.py 3\n"
                                        "variable pkg2.b pkg2/b.py 1\n");
    assert_text(find(st, "run", NULL), "method pkg.a pkg/a.py 10\n");
    /* qualname */
    assert_text(find(st, "Demo.run", NULL), "method pkg.a pkg/a.py 10\n");
    assert_text(find(st, "Color.RED", NULL), "enum_member b pkg/b.c 7\n");
    /* module + "." + qualname */
    assert_text(find(st, "pkg.a.Demo.run", NULL), "method pkg.a pkg/a.py 10\n");
    assert_text(find(st, "pkg.a.helper", NULL), "function pkg.a pkg/a.py 22\n");
    assert_text(find(st, "b.Color", NULL), "enum b pkg/b.c 3\n");
    assert_text(find(st, "pkg2.b.Demo", NULL), "variable pkg2.b pkg2/b.py 1\n");
    /* the module symbol by its name; the module name alone is not doubled */
    assert_text(find(st, "pkg.a", NULL), "module pkg.a pkg/a.py 1\n");
    assert_text(find(st, "pkg.a.pkg.a", NULL), "");
    /* no match, partial names do not match */
    assert_text(find(st, "nothing", NULL), "");
    assert_text(find(st, "help", NULL), "");
    assert_text(find(st, "a.Demo.run", NULL), "");
    B->close(st);
}

static void test_find_symbols_prefix_is_a_folder_or_file_boundary(void **state)
{
    fx *f = *state;
    build_base(f);
    codira_store *st = open_store(f);
    assert_text(find(st, "helper", "pkg"), "function b pkg/b.c 10\n"
                                           "function b pkg/b.h 2\n"
                                           "function pkg.a pkg/a.py 22\n"
                                           "function pkg.tests.test_a pkg/tests/test_a.py 5\n");
    assert_text(find(st, "helper", "pkg2"), "function pkg2.b pkg2/b.py 3\n");
    assert_text(find(st, "helper", "pkg/a.py"), "function pkg.a pkg/a.py 22\n");
    assert_text(find(st, "helper", "pkg/tests"), "function pkg.tests.test_a pkg/tests/test_a.py 5\n");
    assert_text(find(st, "helper", ""), "function b pkg/b.c 10\n"
                                        "function b pkg/b.h 2\n"
                                        "function pkg.a pkg/a.py 22\n"
                                        "function pkg.tests.test_a pkg/tests/test_a.py 5\n"
                                        "function pkg2.b pkg2/b.py 3\n");
    /* "pkg" is neither "pkg.py" nor "pkg2/..." nor a prefix of a file name */
    assert_text(find(st, "top", "pkg"), "");
    assert_text(find(st, "top", "pkg.py"), "function pkg pkg.py 1\n");
    assert_text(find(st, "helper", "pk"), "");
    assert_text(find(st, "helper", "pkg/a"), "");
    assert_text(find(st, "helper", "missing"), "");
    B->close(st);
}

static void test_find_symbols_callback_can_stop(void **state)
{
    fx *f = *state;
    build_base(f);
    codira_store *st = open_store(f);
    rows r;
    rows_init(&r);
    r.stop_after = 2;
    codira_symbol_query q = {sizeof(q), "helper", NULL};
    codira_error err = {0};
    assert_int_equal(B->find_symbols(st, &q, sym_row, &r, &err), CODIRA_STOP);
    assert_int_equal(r.n, 2);
    sb_free(&r.text);
    /* the store is still usable afterwards */
    assert_text(find(st, "run", NULL), "method pkg.a pkg/a.py 10\n");
    B->close(st);
}

static void test_symbol_children_ordered_by_ordinal_line_name(void **state)
{
    fx *f = *state;
    build_base(f);
    codira_store *st = open_store(f);
    /* methods were emitted run (line 10) then __init__ (line 5) */
    assert_text(children(st, find_id(st, "Demo", "pkg/a.py")), "__init__ run ");
    /* members emitted BLUE(3), RED(1), GREEN(2); lines do not follow ordinals */
    assert_text(children(st, find_id(st, "Color", NULL)), "RED GREEN BLUE ");
    /* the module's own children: top-level symbols, by line */
    assert_text(children(st, find_id(st, "pkg.a", NULL)), "Demo helper ");
    assert_text(children(st, find_id(st, "helper", "pkg/a.py")), "");
    assert_text(children(st, 999999), "");
    B->close(st);
}

static const char INVENTORY_ALL[] = "b:Color:pkg/b.c\n"
                                    "b:Color.BLUE:pkg/b.c\n"
                                    "b:Color.GREEN:pkg/b.c\n"
                                    "b:Color.RED:pkg/b.c\n"
                                    "b:b:pkg/b.c\n"
                                    "b:helper:pkg/b.c\n"
                                    "pkg:pkg:pkg.py\n"
                                    "pkg:top:pkg.py\n"
                                    "pkg.a:Demo:pkg/a.py\n"
                                    "pkg.a:Demo.__init__:pkg/a.py\n"
                                    "pkg.a:Demo.run:pkg/a.py\n"
                                    "pkg.a:helper:pkg/a.py\n"
                                    "pkg.a:pkg.a:pkg/a.py\n"
                                    "pkg2.b:Demo:pkg2/b.py\n"
                                    "pkg2.b:helper:pkg2/b.py\n"
                                    "pkg2.b:pkg2.b:pkg2/b.py\n";

static void test_symbol_inventory_orders_dedups_and_skips_tests(void **state)
{
    fx *f = *state;
    build_base(f);
    codira_store *st = open_store(f);
    /* (module, qualname) pairs once each (b.c wins over b.h by path), no test files */
    assert_text(inventory(st, NULL, 0, -1), INVENTORY_ALL);
    assert_text(inventory(st, "", 0, -1), INVENTORY_ALL);
    B->close(st);
}

static void test_symbol_inventory_includes_tests_on_request(void **state)
{
    fx *f = *state;
    build_base(f);
    codira_store *st = open_store(f);
    char *all = inventory(st, NULL, 1, -1);
    const char *tests = "pkg.tests.test_a:helper:pkg/tests/test_a.py\n"
                        "pkg.tests.test_a:pkg.tests.test_a:pkg/tests/test_a.py\n"
                        "pkg.tests.test_a:test_helper:pkg/tests/test_a.py\n";
    /* inserted between pkg.a and pkg2.b */
    const char *split = strstr(INVENTORY_ALL, "pkg2.b:");
    char *expected = xasprintf("%.*s%s%s", (int)(split - INVENTORY_ALL), INVENTORY_ALL, tests, split);
    assert_text(all, expected);
    free(expected);
    assert_text(inventory(st, "pkg/tests", 0, -1), "");
    assert_text(inventory(st, "pkg/tests", 1, -1),
                "pkg.tests.test_a:helper:pkg/tests/test_a.py\n"
                "pkg.tests.test_a:pkg.tests.test_a:pkg/tests/test_a.py\n"
                "pkg.tests.test_a:test_helper:pkg/tests/test_a.py\n");
    B->close(st);
}

static void test_symbol_inventory_limit_and_prefix(void **state)
{
    fx *f = *state;
    build_base(f);
    codira_store *st = open_store(f);
    assert_text(inventory(st, NULL, 0, 3), "b:Color:pkg/b.c\nb:Color.BLUE:pkg/b.c\nb:Color.GREEN:pkg/b.c\n");
    assert_text(inventory(st, NULL, 0, 0), "");
    /* the limit counts distinct (module, qualname) rows, not raw rows */
    assert_text(inventory(st, NULL, 0, 6), "b:Color:pkg/b.c\nb:Color.BLUE:pkg/b.c\n"
                                           "b:Color.GREEN:pkg/b.c\nb:Color.RED:pkg/b.c\n"
                                           "b:b:pkg/b.c\nb:helper:pkg/b.c\n");
    assert_text(inventory(st, NULL, 0, 1000), INVENTORY_ALL);
    /* a file as prefix; b.h alone keeps its own rows */
    assert_text(inventory(st, "pkg/b.h", 0, -1), "b:b:pkg/b.h\nb:helper:pkg/b.h\n");
    assert_text(inventory(st, "pkg2", 0, -1), "pkg2.b:Demo:pkg2/b.py\n"
                                              "pkg2.b:helper:pkg2/b.py\n"
                                              "pkg2.b:pkg2.b:pkg2/b.py\n");
    assert_text(inventory(st, "pkg2", 0, 2), "pkg2.b:Demo:pkg2/b.py\npkg2.b:helper:pkg2/b.py\n");
    /* a callback stop is reported */
    rows r;
    rows_init(&r);
    r.stop_after = 1;
    codira_inventory_query q = {sizeof(q), NULL, 0, -1};
    codira_error err = {0};
    assert_int_equal(B->symbol_inventory(st, &q, inv_row, &r, &err), CODIRA_STOP);
    assert_int_equal(r.n, 1);
    sb_free(&r.text);
    B->close(st);
}

/* ---- tests: later sessions ---------------------------------------------------- */

static void test_touch_file_updates_stat_only(void **state)
{
    fx *f = *state;
    build_base(f);
    codira_session *s = begin(f);
    codira_file_state fs = {sizeof(fs), "pkg/a.py", NULL, 77, 123456789, NULL, NULL, 0};
    CHECK(B->session_touch_file(s, &fs, ERR));
    /* touching an unknown path is harmless */
    fs.path = "not/stored.py";
    CHECK(B->session_touch_file(s, &fs, ERR));
    persist_runtime(s, "9.9.9-test");
    CHECK(B->session_commit(s, ERR));
    B->session_close(s);
    codira_store *st = open_store(f);
    char *fl = files(st);
    assert_non_null(strstr(fl, "pkg/a.py 77 123456789 python 1 0\n"));
    assert_null(strstr(fl, "not/stored.py"));
    free(fl);
    hash_probe p = {"pkg/a.py", ""};
    CHECK(B->load_files(st, hash_row, &p, ERR));
    char expected[CODIRA_HASH_HEX_LEN + 1];
    hash_hex("class Demo: v1", 14, expected);
    assert_string_equal(p.hash, expected);
    /* symbols untouched, generation incremented */
    assert_text(children(st, find_id(st, "Demo", "pkg/a.py")), "__init__ run ");
    assert_int_equal(runtime(st).generation, 2);
    B->close(st);
}

static void test_persisting_a_file_again_replaces_its_rows(void **state)
{
    fx *f = *state;
    build_base(f);
    codira_session *s = begin(f);
    persist_pkg_a(s, true); /* without __init__ */
    persist_runtime(s, "9.9.9-test");
    CHECK(B->session_commit(s, ERR));
    B->session_close(s);
    codira_store *st = open_store(f);
    assert_text(children(st, find_id(st, "Demo", "pkg/a.py")), "run ");
    assert_text(find(st, "Demo.__init__", NULL), "");
    assert_text(find(st, "run", NULL), "method pkg.a pkg/a.py 10\n");
    runtime_copy c = runtime(st);
    assert_int_equal(c.file_count, BASE_FILES);
    assert_int_equal(c.symbol_count, BASE_SYMBOLS - 1);
    assert_int_equal(c.generation, 2);
    char *fl = files(st);
    assert_non_null(strstr(fl, "pkg/a.py 14 1000"));
    assert_null(strstr(strstr(fl, "pkg/a.py") + 1, "pkg/a.py"));
    free(fl);
    B->close(st);
    /* no orphan rows of the old version */
    assert_int_equal(sql_count(f, "SELECT count(*) FROM edges"), 3);
    assert_int_equal(sql_count(f, "SELECT count(*) FROM imports"), 1);
    assert_int_equal(sql_count(f, "SELECT count(*) FROM docs"), 2);
    assert_int_equal(sql_count(f, "SELECT count(*) FROM diagnostics"), 3);
    assert_int_equal(sql_count(f, "SELECT count(*) FROM symbols WHERE file_id NOT IN"
                                  " (SELECT id FROM files)"),
                     0);
    assert_int_equal(sql_count(f, "SELECT count(*) FROM edges WHERE owner_id NOT IN"
                                  " (SELECT id FROM symbols)"),
                     0);
}

static void test_prepare_with_delete_paths_removes_files_and_symbols(void **state)
{
    fx *f = *state;
    build_base(f);
    codira_session *s = begin(f);
    const char *gone[] = {"pkg2/b.py", "pkg/a.py", "never/stored.py"};
    codira_prepare_args pa = {sizeof(pa), 0, gone, 3};
    CHECK(B->session_prepare(s, &pa, ERR));
    persist_runtime(s, "9.9.9-test");
    CHECK(B->session_commit(s, ERR));
    B->session_close(s);
    codira_store *st = open_store(f);
    assert_text(find(st, "helper", NULL), "function b pkg/b.c 10\n"
                                          "function b pkg/b.h 2\n"
                                          "function pkg.tests.test_a pkg/tests/test_a.py 5\n");
    assert_text(find(st, "Demo", NULL), "");
    char *fl = files(st);
    assert_null(strstr(fl, "pkg2/b.py"));
    assert_null(strstr(fl, "pkg/a.py"));
    assert_non_null(strstr(fl, "pkg/b.c"));
    free(fl);
    runtime_copy c = runtime(st);
    assert_int_equal(c.file_count, BASE_FILES - 2);
    assert_int_equal(c.symbol_count, BASE_SYMBOLS - 5 - 3);
    B->close(st);
    assert_int_equal(sql_count(f, "SELECT count(*) FROM edges"), 0);
    assert_int_equal(sql_count(f, "SELECT count(*) FROM imports"), 0);
    assert_int_equal(sql_count(f, "SELECT count(*) FROM docs"), 1);
}

static void check_base_intact(const fx *f)
{
    codira_store *st = open_store(f);
    runtime_copy c = runtime(st);
    assert_int_equal(c.generation, 1);
    assert_int_equal(c.file_count, BASE_FILES);
    assert_int_equal(c.symbol_count, BASE_SYMBOLS);
    assert_text(inventory(st, NULL, 0, -1), INVENTORY_ALL);
    assert_text(children(st, find_id(st, "Demo", "pkg/a.py")), "__init__ run ");
    B->close(st);
}

static void test_aborted_session_leaves_previous_index_intact(void **state)
{
    fx *f = *state;
    build_base(f);
    codira_session *s = begin(f);
    const char *gone[] = {"pkg/a.py"};
    codira_prepare_args pa = {sizeof(pa), 0, gone, 1};
    CHECK(B->session_prepare(s, &pa, ERR));
    persist_pkg_b_c(s);
    persist_runtime(s, "other");
    B->session_abort(s);
    B->session_abort(s); /* twice is harmless */
    B->session_close(s);
    check_base_intact(f);
}

static void test_session_closed_without_commit_leaves_previous_index_intact(void **state)
{
    fx *f = *state;
    build_base(f);
    codira_session *s = begin(f);
    codira_prepare_args pa = {sizeof(pa), 1, NULL, 0}; /* even a full reload */
    CHECK(B->session_prepare(s, &pa, ERR));
    persist_docs_only(s);
    persist_runtime(s, "other");
    B->session_close(s);
    check_base_intact(f);
    /* the secondary indexes dropped by the full prepare came back with the rollback */
    assert_int_equal(sql_count(f, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                                  " AND name LIKE 'symbols_by_%'"),
                     2);
}

static void test_full_prepare_clears_everything(void **state)
{
    fx *f = *state;
    build_base(f);
    int64_t indexes = sql_count(f, "SELECT count(*) FROM sqlite_master WHERE type = 'index'");
    codira_session *s = begin(f);
    codira_prepare_args pa = {sizeof(pa), 1, NULL, 0};
    CHECK(B->session_prepare(s, &pa, ERR));
    static const char *const names[] = {"only"}, *const kinds[] = {"function"};
    static const uint32_t lines[] = {4};
    persist_simple(s, "new.py", "new", "implementation", names, kinds, lines, 1);
    persist_runtime(s, "9.9.9-test");
    /* no rebuild_derived: commit restores the secondary indexes itself */
    CHECK(B->session_commit(s, ERR));
    B->session_close(s);
    codira_store *st = open_store(f);
    assert_text(files(st), "new.py 6 3000 python 1 0\n");
    assert_text(inventory(st, NULL, 1, -1), "new:new:new.py\nnew:only:new.py\n");
    assert_text(find(st, "helper", NULL), "");
    runtime_copy c = runtime(st);
    assert_int_equal(c.generation, 2);
    assert_int_equal(c.file_count, 1);
    assert_int_equal(c.symbol_count, 2);
    B->close(st);
    assert_int_equal(sql_count(f, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"),
                     indexes);
    assert_int_equal(sql_count(f, "SELECT count(*) FROM edges"), 0);
    assert_int_equal(sql_count(f, "SELECT count(*) FROM docs"), 0);
    assert_int_equal(sql_count(f, "SELECT count(*) FROM diagnostics"), 0);
}

static void test_needs_maintenance_until_derived_data_is_rebuilt(void **state)
{
    fx *f = *state;
    codira_session *s = begin(f);
    persist_docs_only(s);
    persist_runtime(s, "9.9.9-test");
    CHECK(B->session_commit(s, ERR));
    B->session_close(s);
    codira_store *st = open_store(f);
    int needed = -1;
    CHECK(B->needs_maintenance(st, &needed, ERR));
    assert_int_equal(needed, 1);
    B->close(st);
    s = begin(f);
    CHECK(B->session_cleanup_stale(s, ERR));
    CHECK(B->session_rebuild_derived(s, ERR));
    CHECK(B->session_commit(s, ERR));
    CHECK(B->session_commit(s, ERR)); /* a second commit is a no-op */
    B->session_close(s);
    st = open_store(f);
    CHECK(B->needs_maintenance(st, &needed, ERR));
    assert_int_equal(needed, 0);
    B->close(st);
}

static void test_cleanup_stale_removes_orphan_rows(void **state)
{
    fx *f = *state;
    build_base(f);
    /* simulate rows left behind by an older writer */
    /* row ids of file 9999 (there is no such file): 9999 << 24 */
    sql_exec(f, "INSERT INTO symbols(id, file_id, parent_id, stable_id, kind, name, qualname,"
                " module, line, end_line, col, flags, ordinal, signature, docstring, decorators,"
                " parameters) VALUES(9999 << 24, 9999, NULL, 'x', 'function', 'orphan', 'orphan',"
                " 'm', 1, 1, 0, 0, 0, '', NULL, '', '');"
                "INSERT INTO diagnostics(id, severity, category, message, line, col)"
                " VALUES(9999 << 24, 0, 'c', 'm', 0, 0);");
    codira_store *st = open_store(f);
    assert_text(find(st, "orphan", NULL), ""); /* no file row: invisible to queries */
    B->close(st);
    codira_session *s = begin(f);
    CHECK(B->session_cleanup_stale(s, ERR));
    CHECK(B->session_commit(s, ERR));
    B->session_close(s);
    assert_int_equal(sql_count(f, "SELECT count(*) FROM symbols WHERE name = 'orphan'"), 0);
    assert_int_equal(sql_count(f, "SELECT count(*) FROM diagnostics WHERE (id >> 24) = 9999"), 0);
    assert_int_equal(sql_count(f, "SELECT count(*) FROM symbols"), BASE_SYMBOLS);
}

/* ---- tests: isolation ------------------------------------------------------------ */

static void test_store_opened_during_uncommitted_session_sees_old_data(void **state)
{
    fx *f = *state;
    build_base(f);
    codira_store *before = open_store(f);
    codira_session *s = begin(f);
    const char *gone[] = {"pkg/a.py"};
    codira_prepare_args pa = {sizeof(pa), 0, gone, 1};
    CHECK(B->session_prepare(s, &pa, ERR));
    persist_runtime(s, "9.9.9-test");
    /* both a store opened before the session and one opened during it */
    codira_store *during = open_store(f);
    assert_text(find(during, "Demo.run", NULL), "method pkg.a pkg/a.py 10\n");
    assert_text(find(before, "Demo.run", NULL), "method pkg.a pkg/a.py 10\n");
    assert_int_equal(runtime(during).generation, 1);
    CHECK(B->session_commit(s, ERR));
    B->session_close(s);
    /* a store keeps the snapshot it opened with; a new one sees the commit */
    assert_text(find(during, "Demo.run", NULL), "method pkg.a pkg/a.py 10\n");
    assert_text(find(before, "Demo.run", NULL), "method pkg.a pkg/a.py 10\n");
    assert_int_equal(runtime(before).generation, 1);
    B->close(during);
    B->close(before);
    codira_store *after = open_store(f);
    assert_text(find(after, "Demo.run", NULL), "");
    assert_int_equal(runtime(after).generation, 2);
    B->close(after);
}

/* While a query is streaming rows, a commit by the writer does not change
 * what that query, or the next ones of the same store, return (WAL snapshot
 * isolation), and the writer does not wait for the reader. */
typedef struct midstream {
    const fx *f;
    size_t n;
    strbuf paths;
    int64_t commit_ns;
} midstream;

static int commit_during_query(void *ctx, const codira_symbol_row *row)
{
    midstream *m = ctx;
    sb_addf(&m->paths, "%s\n", row->path);
    if (m->n++ == 0) {
        int64_t t0 = monotonic_ns();
        codira_session *s = begin(m->f);
        const char *gone[] = {"pkg2/b.py", "pkg/tests/test_a.py"};
        codira_prepare_args pa = {sizeof(pa), 0, gone, 2};
        CHECK(B->session_prepare(s, &pa, ERR));
        persist_runtime(s, "9.9.9-test");
        CHECK(B->session_commit(s, ERR));
        B->session_close(s);
        m->commit_ns = monotonic_ns() - t0;
    }
    return 0;
}

static void test_running_query_keeps_its_snapshot_across_a_commit(void **state)
{
    fx *f = *state;
    build_base(f);
    codira_store *st = open_store(f);
    midstream m = {f, 0, {0}, 0};
    sb_init(&m.paths);
    codira_symbol_query q = {sizeof(q), "helper", NULL};
    CHECK(B->find_symbols(st, &q, commit_during_query, &m, ERR));
    /* all five rows of the old snapshot, although two files were deleted meanwhile */
    assert_string_equal(m.paths.buf, "pkg/b.c\npkg/b.h\npkg/a.py\npkg/tests/test_a.py\npkg2/b.py\n");
    sb_free(&m.paths);
    /* the writer does not wait for the reader to finish */
    if (m.commit_ns > 2000000000LL)
        fail_msg("commit blocked %.1f s behind an active reader", m.commit_ns / 1e9);
    /* the store keeps its snapshot for its next queries too */
    assert_text(find(st, "helper", NULL), "function b pkg/b.c 10\n"
                                          "function b pkg/b.h 2\n"
                                          "function pkg.a pkg/a.py 22\n"
                                          "function pkg.tests.test_a pkg/tests/test_a.py 5\n"
                                          "function pkg2.b pkg2/b.py 3\n");
    B->close(st);
    st = open_store(f);
    assert_text(find(st, "helper", NULL), "function b pkg/b.c 10\n"
                                          "function b pkg/b.h 2\n"
                                          "function pkg.a pkg/a.py 22\n");
    B->close(st);
    /* the WAL is folded back once nobody reads any more */
    codira_session *s = begin(f);
    CHECK(B->session_commit(s, ERR));
    B->session_close(s);
    char *wal = path_join(f->state_dir, "index.db-wal");
    struct stat sb;
    assert_true(stat(wal, &sb) != 0 || sb.st_size == 0);
    free(wal);
}

/* ---- tests: damaged and foreign databases ------------------------------------------ */

static void check_fresh_session_replaces(const fx *f)
{
    codira_session *s = begin(f);
    persist_docs_only(s);
    persist_runtime(s, "9.9.9-test");
    CHECK(B->session_commit(s, ERR));
    B->session_close(s);
    codira_store *st = open_store(f);
    runtime_copy c = runtime(st);
    assert_int_equal(c.generation, 1);
    assert_int_equal(c.file_count, 1);
    assert_text(files(st), "README.md 15 4000 markdown 1 0\n");
    B->close(st);
}

static void test_garbage_database_is_corrupt_and_session_replaces_it(void **state)
{
    fx *f = *state;
    char garbage[8192];
    for (size_t i = 0; i < sizeof(garbage); i++) garbage[i] = (char)(i * 131 + 7);
    write_db_file(f, garbage, sizeof(garbage));
    codira_error err = {0};
    assert_int_equal(open_code(f, &err), CODIRA_E_CORRUPT);
    assert_int_equal(err.code, CODIRA_E_CORRUPT);
    assert_true(strlen(err.message) > 0);
    check_fresh_session_replaces(f);
}

static void test_short_garbage_database_is_corrupt(void **state)
{
    fx *f = *state;
    write_db_file(f, "this is not a database\n", 23);
    codira_error err = {0};
    assert_int_equal(open_code(f, &err), CODIRA_E_CORRUPT);
    check_fresh_session_replaces(f);
}

static void test_overwritten_index_is_corrupt(void **state)
{
    fx *f = *state;
    build_base(f);
    /* keep the sqlite header, destroy every page after the first */
    char *path = path_join(f->state_dir, "index.db");
    char *data;
    size_t size;
    assert_int_equal(read_file(path, &data, &size), 0);
    assert_true(size > 8192);
    for (size_t i = 4096; i < size; i++) data[i] = (char)0xA5;
    assert_int_equal(write_file_atomic(path, data, size, 0644), 0);
    free(data);
    free(path);
    codira_store *st = NULL;
    codira_error err = {0};
    int rc = B->open(B, &f->args, &st, &err);
    if (rc == CODIRA_OK) {
        /* the header page survived: the damage shows on the first real read */
        rows r;
        rows_init(&r);
        codira_symbol_query q = {sizeof(q), "helper", NULL};
        rc = B->find_symbols(st, &q, sym_row, &r, &err);
        sb_free(&r.text);
        B->close(st);
    }
    assert_int_equal(rc, CODIRA_E_CORRUPT);
    /* what the indexer does then: a full run. The damage may only show
     * inside the session; that run may fail, but it must not leave the
     * damaged file in place for the next one */
    codira_session *s = NULL;
    rc = B->begin_index_session(B, &f->args, &s, &err);
    if (rc == CODIRA_OK) {
        codira_prepare_args pa = {sizeof(pa), 1, NULL, 0};
        rc = B->session_prepare(s, &pa, &err);
        if (rc == CODIRA_OK) {
            persist_docs_only(s);
            persist_runtime(s, "9.9.9-test");
            rc = B->session_commit(s, &err);
        }
        B->session_close(s);
    }
    if (rc != CODIRA_OK) {
        assert_int_equal(rc, CODIRA_E_CORRUPT);
        char *aside = path_join(f->state_dir, "index.db.corrupt");
        assert_int_equal(access(aside, F_OK), 0);
        free(aside);
    }
    check_fresh_session_replaces(f);
}

static void test_foreign_sqlite_database_is_corrupt(void **state)
{
    fx *f = *state;
    sql_exec(f, "CREATE TABLE notes(x TEXT); INSERT INTO notes VALUES('mine');");
    codira_error err = {0};
    assert_int_equal(open_code(f, &err), CODIRA_E_CORRUPT);
    assert_non_null(strstr(err.message, "not a codira index"));
}

static void test_schema_version_mismatch_is_schema_error(void **state)
{
    fx *f = *state;
    build_base(f);
    sql_exec(f, "PRAGMA user_version=999");
    codira_error err = {0};
    assert_int_equal(open_code(f, &err), CODIRA_E_SCHEMA);
    assert_non_null(strstr(err.message, "999"));
    /* the write side replaces it */
    check_fresh_session_replaces(f);
    int64_t format = sql_count(f, "PRAGMA user_version"); /* the current format again */
    assert_true(format > 0 && format != 999);
}

/* ---- tests: read-only copies --------------------------------------------------------- */

static void copy_file(const char *from, const char *to)
{
    char *data;
    size_t size;
    assert_int_equal(read_file(from, &data, &size), 0);
    assert_int_equal(write_file_atomic(to, data, size, 0444), 0);
    free(data);
}

static void test_copy_of_index_db_alone_is_readable(void **state)
{
    fx *f = *state;
    build_base(f);
    char *copy_dir = path_join(f->root, "copy-state");
    assert_int_equal(mkdir(copy_dir, 0755), 0);
    char *src = path_join(f->state_dir, "index.db"), *dst = path_join(copy_dir, "index.db");
    copy_file(src, dst);
    /* no -wal, no -shm next to it */
    char *wal = path_join(copy_dir, "index.db-wal"), *shm = path_join(copy_dir, "index.db-shm");
    assert_int_equal(access(wal, F_OK), -1);
    assert_int_equal(access(shm, F_OK), -1);
    codira_store_args args = {sizeof(args), f->root, copy_dir};
    codira_store *st = open_store_at(&args);
    runtime_copy c = runtime(st);
    assert_int_equal(c.generation, 1);
    assert_int_equal(c.symbol_count, BASE_SYMBOLS);
    assert_text(inventory(st, NULL, 0, -1), INVENTORY_ALL);
    assert_text(find(st, "pkg.a.Demo.run", NULL), "method pkg.a pkg/a.py 10\n");
    B->close(st);
    /* reading changed nothing in the copied database file */
    char *a, *b;
    size_t na, nb;
    assert_int_equal(read_file(src, &a, &na), 0);
    assert_int_equal(read_file(dst, &b, &nb), 0);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    free(a);
    free(b);
    free(wal);
    free(shm);
    free(src);
    free(dst);
    free(copy_dir);
}

static void test_copy_of_whole_state_folder_is_readable(void **state)
{
    fx *f = *state;
    build_base(f);
    char *copy_root = path_join(f->root, "copy");
    char *cmd = xasprintf("cp -a '%s' '%s'", f->state_dir, copy_root);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    codira_store_args args = {sizeof(args), f->root, copy_root};
    codira_store *st = open_store_at(&args);
    assert_int_equal(runtime(st).file_count, BASE_FILES);
    assert_text(children(st, find_id(st, "Color", NULL)), "RED GREEN BLUE ");
    B->close(st);
    free(copy_root);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)
    const struct CMUnitTest tests[] = {
        T(test_open_without_index_is_not_found),
        T(test_open_of_empty_database_file_is_not_found),
        T(test_session_committed_without_runtime_has_no_runtime),
        T(test_runtime_after_first_commit),
        T(test_load_analyzers_ordered_by_name),
        T(test_load_files_ordered_by_path_with_stat_and_status),
        T(test_load_files_returns_stored_hash),
        T(test_find_symbols_returns_complete_rows),
        T(test_find_symbols_by_name_qualname_and_module_qualname),
        T(test_find_symbols_prefix_is_a_folder_or_file_boundary),
        T(test_find_symbols_callback_can_stop),
        T(test_symbol_children_ordered_by_ordinal_line_name),
        T(test_symbol_inventory_orders_dedups_and_skips_tests),
        T(test_symbol_inventory_includes_tests_on_request),
        T(test_symbol_inventory_limit_and_prefix),
        T(test_touch_file_updates_stat_only),
        T(test_persisting_a_file_again_replaces_its_rows),
        T(test_prepare_with_delete_paths_removes_files_and_symbols),
        T(test_aborted_session_leaves_previous_index_intact),
        T(test_session_closed_without_commit_leaves_previous_index_intact),
        T(test_full_prepare_clears_everything),
        T(test_needs_maintenance_until_derived_data_is_rebuilt),
        T(test_cleanup_stale_removes_orphan_rows),
        T(test_store_opened_during_uncommitted_session_sees_old_data),
        T(test_running_query_keeps_its_snapshot_across_a_commit),
        T(test_garbage_database_is_corrupt_and_session_replaces_it),
        T(test_short_garbage_database_is_corrupt),
        T(test_overwritten_index_is_corrupt),
        T(test_foreign_sqlite_database_is_corrupt),
        T(test_schema_version_mismatch_is_schema_error),
        T(test_copy_of_index_db_alone_is_readable),
        T(test_copy_of_whole_state_folder_is_readable),
    };
#undef T
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
