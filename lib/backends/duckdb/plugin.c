/*
 * plugin.c - codira-backend-duckdb.so: registers the backend "duckdb".
 *
 * Every codira process loads every plugin to learn their names, so this
 * object stays small and links nothing of DuckDB: loading libduckdb.so
 * costs about 10 ms and 12 MB, which a process working with another
 * backend must not pay. The engine (libcodira-duckdb.so, next to
 * libduckdb.so) is loaded the first time a store or a write session is
 * opened; every other method receives a handle the engine made, so it
 * just forwards.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codira/plugin.h"
#include "format.h"

CODIRA_PLUGIN_EXPORT int codira_plugin_register_v1(const codira_host *host,
                                                   codira_registrar *reg);

static const codira_backend *engine;
static char engine_error[4200];
static pthread_once_t engine_once = PTHREAD_ONCE_INIT;

static void load_engine(void)
{
    Dl_info self;
    if (!dladdr((void *)&load_engine, &self) || !self.dli_fname) {
        snprintf(engine_error, sizeof(engine_error), "cannot locate codira-backend-duckdb.so");
        return;
    }
    char path[4096];
    const char *slash = strrchr(self.dli_fname, '/');
    int dir_len = slash ? (int)(slash - self.dli_fname) : 1;
    snprintf(path, sizeof(path), "%.*s/%s", dir_len, slash ? self.dli_fname : ".", DK_ENGINE_PATH);
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *why = dlerror();
        snprintf(engine_error, sizeof(engine_error), "cannot load the DuckDB engine: %s",
                 why ? why : path);
        return;
    }
    const codira_backend *(*entry)(void);
    *(void **)(&entry) = dlsym(h, DK_ENGINE_ENTRY);
    const codira_backend *e = entry ? entry() : NULL;
    if (!e || e->struct_size < sizeof(codira_backend) || !e->find_symbols_batch) {
        snprintf(engine_error, sizeof(engine_error), "%s is not a codira DuckDB engine", path);
        dlclose(h);
        return;
    }
    engine = e; /* stays loaded until the process exits */
}

static int need_engine(codira_error *err)
{
    pthread_once(&engine_once, load_engine);
    if (engine) return CODIRA_OK;
    if (err) {
        err->code = CODIRA_E_UNSUPPORTED;
        snprintf(err->message, sizeof(err->message), "duckdb backend: %.480s", engine_error);
    }
    return CODIRA_E_UNSUPPORTED;
}

/* ---- methods that open: load the engine first ------------------------- */

static int p_open(const codira_backend *self, const codira_store_args *args, codira_store **out,
                  codira_error *err)
{
    (void)self;
    int code = need_engine(err);
    return code ? code : engine->open(engine, args, out, err);
}

static int p_begin_index_session(const codira_backend *self, const codira_store_args *args,
                                 codira_session **out, codira_error *err)
{
    (void)self;
    int code = need_engine(err);
    return code ? code : engine->begin_index_session(engine, args, out, err);
}

/* ---- methods on a handle the engine made: forward --------------------- */

static void p_close(codira_store *s) { engine->close(s); }
static int p_load_runtime(codira_store *s, codira_runtime_cb cb, void *ctx, codira_error *err)
{
    return engine->load_runtime(s, cb, ctx, err);
}
static int p_load_analyzers(codira_store *s, codira_analyzer_cb cb, void *ctx, codira_error *err)
{
    return engine->load_analyzers(s, cb, ctx, err);
}
static int p_load_files(codira_store *s, codira_file_cb cb, void *ctx, codira_error *err)
{
    return engine->load_files(s, cb, ctx, err);
}
static int p_embedding_state_matches(codira_store *s, const codira_embedding_spec *spec,
                                     int *matches, codira_error *err)
{
    return engine->embedding_state_matches(s, spec, matches, err);
}
static int p_needs_maintenance(codira_store *s, int *needed, codira_error *err)
{
    return engine->needs_maintenance(s, needed, err);
}
static int p_find_symbols(codira_store *s, const codira_symbol_query *q, codira_symbol_cb cb,
                          void *ctx, codira_error *err)
{
    return engine->find_symbols(s, q, cb, ctx, err);
}
static int p_symbol_inventory(codira_store *s, const codira_inventory_query *q,
                              codira_symbol_cb cb, void *ctx, codira_error *err)
{
    return engine->symbol_inventory(s, q, cb, ctx, err);
}
static int p_find_symbols_batch(codira_store *s, const char *const *names, size_t n,
                                const char *prefix, codira_symbol_batch_cb cb, void *ctx,
                                codira_error *err)
{
    return engine->find_symbols_batch(s, names, n, prefix, cb, ctx, err);
}
static int p_symbol_children(codira_store *s, int64_t id, codira_symbol_cb cb, void *ctx,
                             codira_error *err)
{
    return engine->symbol_children(s, id, cb, ctx, err);
}
static int p_find_sites(codira_store *s, const codira_site_query *q, codira_site_cb cb, void *ctx,
                        codira_error *err)
{
    return engine->find_sites(s, q, cb, ctx, err);
}
static int p_cleanup_stale(codira_session *s, codira_error *err)
{
    return engine->session_cleanup_stale(s, err);
}
static int p_prepare(codira_session *s, const codira_prepare_args *a, codira_error *err)
{
    return engine->session_prepare(s, a, err);
}
static int p_persist_file(codira_session *s, const codira_file_analysis *a, codira_error *err)
{
    return engine->session_persist_file(s, a, err);
}
static int p_touch_file(codira_session *s, const codira_file_state *f, codira_error *err)
{
    return engine->session_touch_file(s, f, err);
}
static int p_rebuild_derived(codira_session *s, codira_error *err)
{
    return engine->session_rebuild_derived(s, err);
}
static int p_persist_runtime(codira_session *s, const codira_runtime_write *rt, codira_error *err)
{
    return engine->session_persist_runtime(s, rt, err);
}
static int p_commit(codira_session *s, codira_error *err) { return engine->session_commit(s, err); }
static void p_abort(codira_session *s) { engine->session_abort(s); }
static void p_session_close(codira_session *s) { engine->session_close(s); }
static int p_graph_symbols(codira_session *s, const codira_graph_scope *sc,
                           codira_graph_symbol_cb cb, void *ctx, codira_error *err)
{
    return engine->session_graph_symbols(s, sc, cb, ctx, err);
}
static int p_graph_imports(codira_session *s, const codira_graph_scope *sc,
                           codira_graph_import_cb cb, void *ctx, codira_error *err)
{
    return engine->session_graph_imports(s, sc, cb, ctx, err);
}
static int p_graph_sites(codira_session *s, const codira_graph_scope *sc, codira_graph_site_cb cb,
                         void *ctx, codira_error *err)
{
    return engine->session_graph_sites(s, sc, cb, ctx, err);
}
static int p_store_links(codira_session *s, const codira_link *links, size_t n, codira_error *err)
{
    return engine->session_store_links(s, links, n, err);
}

static const codira_backend duckdb_plugin = {
    .struct_size = sizeof(codira_backend),
    .iVersion = 1,
    .name = "duckdb",
    .version = DK_SCHEMA_VERSION,
    .provider = "codira",
    .open = p_open,
    .close = p_close,
    .load_runtime = p_load_runtime,
    .load_analyzers = p_load_analyzers,
    .load_files = p_load_files,
    .embedding_state_matches = p_embedding_state_matches,
    .needs_maintenance = p_needs_maintenance,
    .find_symbols = p_find_symbols,
    .symbol_inventory = p_symbol_inventory,
    .symbol_children = p_symbol_children,
    .begin_index_session = p_begin_index_session,
    .session_cleanup_stale = p_cleanup_stale,
    .session_prepare = p_prepare,
    .session_persist_file = p_persist_file,
    .session_touch_file = p_touch_file,
    .session_rebuild_derived = p_rebuild_derived,
    .session_persist_runtime = p_persist_runtime,
    .session_commit = p_commit,
    .session_abort = p_abort,
    .session_close = p_session_close,
    .find_sites = p_find_sites,
    .session_graph_symbols = p_graph_symbols,
    .session_graph_imports = p_graph_imports,
    .session_graph_sites = p_graph_sites,
    .session_store_links = p_store_links,
    .find_symbols_batch = p_find_symbols_batch,
};

int codira_plugin_register_v1(const codira_host *host, codira_registrar *reg)
{
    (void)host;
    return reg->add_backend(reg, &duckdb_plugin);
}
