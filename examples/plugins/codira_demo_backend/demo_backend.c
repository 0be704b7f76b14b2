/*
 * demo_backend.c - the smallest working third-party codira backend.
 *
 * A backend stores what the analyzers produced and answers queries. It is
 * selected per repository with CODIRA_INDEX_BACKEND=demo; exactly one
 * backend is active for a repository instance, and an index written by one
 * backend is never read by another (codira rebuilds it and says why).
 *
 * Writing a storage engine is a lot of work, so this backend starts the way
 * the backend guide recommends: by wrapping existing storage behaviour. At
 * registration it asks the host for the built-in sqlite backend, copies its
 * function table, and changes only what makes it a backend of its own:
 *
 *   - its identity: name "demo", its own version and provider;
 *   - where it keeps its files: <state_dir>/demo/ instead of <state_dir>/,
 *     so that its storage never mixes with sqlite's (open, and
 *     begin_index_session, which may create the folder);
 *   - what the index says about itself: load_runtime reports backend_name
 *     "demo" and the demo's version, not "sqlite".
 *
 * Every other member (the symbol and call-graph queries, the whole write
 * session) is sqlite's own code, reached through the copied table. The
 * handles it returns (codira_store, codira_session) are sqlite's; since
 * the demo never looks inside them, it can hand them back to sqlite's
 * functions unchanged.
 *
 * To grow this into an independent implementation, replace the copied
 * members one at a time with your own (the read side first: find_symbols,
 * symbol_inventory, symbol_children, find_sites...; then the write
 * session), keeping tests/e2e/test_backend_conformance.sh green: it
 * compares every query's answer with the sqlite backend's. When nothing of
 * sqlite is left, drop the find_backend("sqlite") call.
 *
 * Only the public headers of include/codira/ are needed; the plugin does
 * not link against codira (nor against sqlite: the code it wraps lives in
 * the codira process that loads it).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <codira/plugin.h>

/* The storage format version of the demo. codira compares it with the one
 * recorded in the index (.codira/metadata.json) and rebuilds when they
 * differ. The demo's format is whatever the wrapped backend writes, so its
 * version names both: bump DEMO_VERSION when the demo changes what it
 * stores, and a new sqlite format changes it too. */
#define DEMO_VERSION "1"

static const codira_backend *inner; /* the built-in sqlite backend */
static codira_backend demo;         /* definitions must live until exit: static */
static char demo_version[64];       /* DEMO_VERSION "+sqlite." <sqlite's version> */

/* Errors fill the caller's codira_error: a code and one line of text
 * (the host prints it with "codira: " in front). */
static int fail(codira_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->code = code;
        int n = snprintf(err->message, sizeof err->message, "demo backend: ");
        vsnprintf(err->message + n, sizeof err->message - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* The host's store arguments, with state_dir moved to <state_dir>/demo.
 * The host owns `args` and its strings; the copy lives on the caller's
 * stack, which is enough: the wrapped backend copies what it keeps. */
static int demo_args(const codira_store_args *args, codira_store_args *out, char *dir,
                     size_t size, codira_error *err)
{
    int n = snprintf(dir, size, "%s/demo", args->state_dir);
    if (n < 0 || (size_t)n >= size) return fail(err, CODIRA_E_INVALID, "state folder path too long");
    *out = *args;
    out->state_dir = dir;
    return CODIRA_OK;
}

/* ---- read side -------------------------------------------------------
 * open() gives a read-only handle on the last committed index. It must
 * never create, repair or migrate anything: when <state_dir>/demo does not
 * exist, sqlite's open finds no database there and answers
 * CODIRA_NOT_FOUND, which is what the host expects for "no index yet". */
static int demo_open(const codira_backend *self, const codira_store_args *args,
                     codira_store **out, codira_error *err)
{
    (void)self;
    char dir[4096];
    codira_store_args moved;
    int code = demo_args(args, &moved, dir, sizeof dir, err);
    if (code) return code;
    return inner->open(inner, &moved, out, err);
}

/* load_runtime: the wrapped backend reports itself ("sqlite" and its
 * format version); the host checks which backend wrote an index, so the
 * demo puts its own identity in the row and passes the rest through. The
 * row's strings are valid only during the callback: copy the struct, never
 * keep its pointers. */
typedef struct runtime_relay {
    codira_runtime_cb cb;
    void *ctx;
} runtime_relay;

static int relay_runtime(void *ctx, const codira_runtime_info *row)
{
    const runtime_relay *r = ctx;
    codira_runtime_info mine;
    memset(&mine, 0, sizeof mine);
    /* a row may come from a producer built against an older header:
     * copy only what it has, keep its struct_size */
    size_t n = row->struct_size < sizeof mine ? row->struct_size : sizeof mine;
    memcpy(&mine, row, n);
    mine.struct_size = (uint32_t)n;
    mine.backend_name = demo.name;
    mine.backend_version = demo.version;
    return r->cb(r->ctx, &mine);
}

static int demo_load_runtime(codira_store *store, codira_runtime_cb cb, void *ctx,
                             codira_error *err)
{
    runtime_relay r = {cb, ctx};
    return inner->load_runtime(store, relay_runtime, &r, err);
}

/* ---- write side ------------------------------------------------------
 * begin_index_session() starts the one transaction of an index run. Here
 * (and only here) the storage may be created: the demo makes its folder,
 * then lets sqlite create or replace its database inside it. Everything
 * the session receives is analysis results (codira_file_analysis: symbols,
 * call sites, imports, docs, diagnostics), already made by the analyzers:
 * a backend never parses source code. */
static int demo_begin_index_session(const codira_backend *self, const codira_store_args *args,
                                    codira_session **out, codira_error *err)
{
    (void)self;
    char dir[4096];
    codira_store_args moved;
    int code = demo_args(args, &moved, dir, sizeof dir, err);
    if (code) return code;
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        int e = errno;
        return fail(err, e == EROFS || e == EACCES ? CODIRA_E_READONLY : CODIRA_E_IO,
                    "cannot create %s: %s", dir, strerror(e));
    }
    return inner->begin_index_session(inner, &moved, out, err);
}

/* ---- registration ----------------------------------------------------
 * codira calls this once when it loads the .so (from CODIRA_PLUGIN_PATH or
 * the installed plugin folder). The built-in backends are registered
 * before any plugin, so find_backend("sqlite") is available here. */
CODIRA_PLUGIN_EXPORT int codira_plugin_register_v1(const codira_host *host, codira_registrar *reg);

int codira_plugin_register_v1(const codira_host *host, codira_registrar *reg)
{
    if (host->abi_version != CODIRA_ABI_VERSION) return CODIRA_E_UNSUPPORTED;
    inner = host->find_backend("sqlite");
    if (!inner) return CODIRA_E_UNSUPPORTED;
    if (inner->struct_size < sizeof demo) return CODIRA_E_UNSUPPORTED; /* an older host */

    demo = *inner; /* every member sqlite's, then the demo's own ones */
    demo.struct_size = sizeof demo;
    demo.name = "demo"; /* unique among backends: a second "demo" is rejected */
    snprintf(demo_version, sizeof demo_version, DEMO_VERSION "+sqlite.%s", inner->version);
    demo.version = demo_version;
    demo.provider = "codira-demo";
    demo.open = demo_open;
    demo.load_runtime = demo_load_runtime;
    demo.begin_index_session = demo_begin_index_session;
    return reg->add_backend(reg, &demo);
}
