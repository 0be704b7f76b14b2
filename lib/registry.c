#include "registry.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis.h"

/* Defined in builtins.c: registers the compiled-in plugins through the
 * same entry point type as an external plugin. */
int codira_builtin_register(const codira_host *host, codira_registrar *reg);

typedef struct registry {
    bool loaded;
    VEC(plugin_entry) entries;
    VEC(const codira_analyzer *) analyzers; /* loaded, routing order */
    char *install_dir;
} registry;

static registry R;

/* Context of the registration currently running. */
typedef struct reg_ctx {
    const char *file;
    plugin_origin origin;
    size_t added;
} reg_ctx;

const char *plugin_origin_name(plugin_origin o)
{
    switch (o) {
    case ORIGIN_CORE: return "core";
    case ORIGIN_FIRST_PARTY: return "first_party";
    default: return "third_party";
    }
}

const char *plugin_family_name(codira_family f)
{
    switch (f) {
    case CODIRA_FAMILY_ANALYZER: return "analyzer";
    case CODIRA_FAMILY_BACKEND: return "backend";
    default: return "plugin";
    }
}

static int family_rank(codira_family f)
{
    return f == CODIRA_FAMILY_ANALYZER ? 0 : f == CODIRA_FAMILY_BACKEND ? 1 : 2;
}

int plugin_entry_cmp(const void *a, const void *b)
{
    const plugin_entry *x = *(const plugin_entry *const *)a, *y = *(const plugin_entry *const *)b;
    int c = family_rank(x->family) - family_rank(y->family);
    if (c) return c;
    c = strcmp(x->name, y->name);
    if (c) return c;
    c = (x->status != PLUGIN_LOADED) - (y->status != PLUGIN_LOADED);
    if (c) return c;
    return strcmp(x->file ? x->file : "", y->file ? y->file : "");
}

static bool valid_plugin_name(const char *s)
{
    if (!s || !*s || strlen(s) > 64) return false;
    for (const char *p = s; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    }
    return true;
}

static const plugin_entry *find_loaded(codira_family family, const char *name)
{
    for (size_t i = 0; i < R.entries.len; i++) {
        const plugin_entry *e = &R.entries.items[i];
        if (e->family == family && e->status == PLUGIN_LOADED && strcmp(e->name, name) == 0)
            return e;
    }
    return NULL;
}

static void push_entry(reg_ctx *ctx, codira_family family, const char *name, const char *version,
                       const char *provider, plugin_status status, char *detail,
                       const codira_analyzer *an, const codira_backend *be)
{
    plugin_entry e = {0};
    e.family = family;
    e.name = xstrdup(name && *name ? name : "?");
    e.version = xstrdup(version && *version ? version : "unknown");
    e.provider = xstrdup(provider && *provider ? provider : "unknown");
    e.origin = ctx->origin;
    /* first-party means: shipped by codira and installed in its own folder */
    if (ctx->origin == ORIGIN_FIRST_PARTY && (!provider || strcmp(provider, "codira") != 0))
        e.origin = ORIGIN_THIRD_PARTY;
    e.file = ctx->file ? xstrdup(ctx->file) : NULL;
    e.status = status;
    e.detail = detail;
    e.analyzer = an;
    e.backend = be;
    VEC_PUSH(R.entries, e);
}

/* Common part of add_analyzer / add_backend: duplicate check. */
static bool claim_name(reg_ctx *ctx, codira_family family, const char *name, const char *version,
                       const char *provider, const codira_analyzer *an, const codira_backend *be)
{
    const plugin_entry *winner = find_loaded(family, name);
    if (winner) {
        push_entry(ctx, family, name, version, provider, PLUGIN_DUPLICATE,
                   xasprintf("duplicate %s name '%s' rejected; kept %s", plugin_family_name(family),
                             name, winner->file ? winner->file : "the built-in one"),
                   NULL, NULL);
        return false;
    }
    push_entry(ctx, family, name, version, provider, PLUGIN_LOADED, NULL, an, be);
    ctx->added++;
    return true;
}

static int reg_add_analyzer(codira_registrar *reg, const codira_analyzer *a)
{
    reg_ctx *ctx = reg->host_data;
    const char *problem = NULL;
    if (!a || a->struct_size < CODIRA_ANALYZER_MIN_SIZE || a->iVersion < 1)
        problem = "analyzer definition is older than ABI 1";
    else if (!valid_plugin_name(a->name))
        problem = "analyzer name must be 1-64 characters of [a-z0-9_-]";
    else if (!a->version || !*a->version)
        problem = "analyzer version is empty";
    else if (!a->patterns || !a->patterns[0] || !*a->patterns[0])
        problem = "analyzer declares no file patterns";
    else if (!a->analyze)
        problem = "analyzer has no analyze function";
    if (problem) {
        push_entry(ctx, CODIRA_FAMILY_ANALYZER, a ? a->name : NULL, a ? a->version : NULL,
                   a ? a->provider : NULL, PLUGIN_FAILED, xstrdup(problem), NULL, NULL);
        return CODIRA_E_INVALID;
    }
    claim_name(ctx, CODIRA_FAMILY_ANALYZER, a->name, a->version, a->provider, a, NULL);
    return CODIRA_OK;
}

static int reg_add_backend(codira_registrar *reg, const codira_backend *b)
{
    reg_ctx *ctx = reg->host_data;
    const char *problem = NULL;
    if (!b || b->struct_size < CODIRA_BACKEND_MIN_SIZE || b->iVersion < 1)
        problem = "backend definition is older than ABI 1";
    else if (!valid_plugin_name(b->name))
        problem = "backend name must be 1-64 characters of [a-z0-9_-]";
    else if (!b->version || !*b->version)
        problem = "backend version is empty";
    else if (!b->open || !b->close || !b->load_runtime || !b->load_analyzers || !b->load_files ||
             !b->embedding_state_matches || !b->needs_maintenance || !b->find_symbols ||
             !b->symbol_inventory || !b->symbol_children || !b->begin_index_session ||
             !b->session_cleanup_stale || !b->session_prepare || !b->session_persist_file ||
             !b->session_touch_file || !b->session_rebuild_derived ||
             !b->session_persist_runtime || !b->session_commit || !b->session_abort ||
             !b->session_close)
        problem = "backend is missing required methods";
    if (problem) {
        push_entry(ctx, CODIRA_FAMILY_BACKEND, b ? b->name : NULL, b ? b->version : NULL,
                   b ? b->provider : NULL, PLUGIN_FAILED, xstrdup(problem), NULL, NULL);
        return CODIRA_E_INVALID;
    }
    claim_name(ctx, CODIRA_FAMILY_BACKEND, b->name, b->version, b->provider, NULL, b);
    return CODIRA_OK;
}

static void run_register(codira_plugin_register_fn fn, reg_ctx *ctx)
{
    codira_registrar reg = {sizeof(reg), reg_add_analyzer, reg_add_backend, ctx};
    size_t before = R.entries.len;
    int rc = fn(&codira_host_services, &reg);
    if (rc != CODIRA_OK && R.entries.len == before) {
        push_entry(ctx, 0, path_basename(ctx->file ? ctx->file : "builtin"), NULL, NULL,
                   PLUGIN_FAILED, xasprintf("registration returned error %d", rc), NULL, NULL);
    }
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void load_file(const char *file, plugin_origin origin)
{
    reg_ctx ctx = {file, origin, 0};
    void *h = dlopen(file, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *why = dlerror();
        push_entry(&ctx, 0, path_basename(file), NULL, NULL, PLUGIN_FAILED,
                   xasprintf("cannot load: %s", why ? why : "unknown error"), NULL, NULL);
        return;
    }
    codira_plugin_register_fn fn;
    *(void **)(&fn) = dlsym(h, CODIRA_PLUGIN_ENTRY_SYMBOL);
    if (!fn) {
        push_entry(&ctx, 0, path_basename(file), NULL, NULL, PLUGIN_FAILED,
                   xstrdup("no " CODIRA_PLUGIN_ENTRY_SYMBOL " symbol"), NULL, NULL);
        dlclose(h);
        return;
    }
    run_register(fn, &ctx);
    /* keep the object mapped when it provides anything: its definitions live there */
    if (!ctx.added) dlclose(h);
}

static void load_dir(const char *dir, plugin_origin origin, const char *repo_real)
{
    char real[PATH_MAX];
    if (!realpath(dir, real)) return; /* a missing folder is not an error */
    if (repo_real && path_has_prefix(real, repo_real)) {
        reg_ctx ctx = {dir, ORIGIN_THIRD_PARTY, 0};
        push_entry(&ctx, 0, path_basename(dir), NULL, NULL, PLUGIN_FAILED,
                   xstrdup("plugin folder is inside the repository being indexed; not loaded"),
                   NULL, NULL);
        return;
    }
    DIR *d = opendir(real);
    if (!d) return;
    VEC(char *) names = {0};
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.' || !str_ends_with(de->d_name, ".so")) continue;
        VEC_PUSH(names, xstrdup(de->d_name));
    }
    closedir(d);
    sort_array(names.items, names.len, sizeof(char *), cmp_cstr);
    for (size_t i = 0; i < names.len; i++) {
        char *file = path_join(real, names.items[i]);
        struct stat st;
        if (stat(file, &st) == 0 && S_ISREG(st.st_mode)) load_file(file, origin);
        free(file);
        free(names.items[i]);
    }
    VEC_FREE(names);
}

static char *exe_dir(void)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
    if (n <= 0) return NULL;
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (!slash) return NULL;
    *slash = '\0';
    return xstrdup(buf);
}

static int cmp_analyzer(const void *a, const void *b)
{
    const codira_analyzer *x = *(const codira_analyzer *const *)a;
    const codira_analyzer *y = *(const codira_analyzer *const *)b;
    if (x->priority != y->priority) return x->priority < y->priority ? -1 : 1;
    return strcmp(x->name, y->name);
}

void registry_load(const char *repo_root)
{
    if (R.loaded) return;
    R.loaded = true;

    reg_ctx core = {NULL, ORIGIN_CORE, 0};
    run_register(codira_builtin_register, &core);

    char repo_real[PATH_MAX];
    const char *repo = repo_root && realpath(repo_root, repo_real) ? repo_real : NULL;

    VEC(char *) seen = {0};
    const char *env = getenv("CODIRA_PLUGIN_PATH");
    if (env && *env) {
        char *copy = xstrdup(env), *save = NULL;
        for (char *tok = strtok_r(copy, ":", &save); tok; tok = strtok_r(NULL, ":", &save)) {
            if (!*tok) continue;
            char real[PATH_MAX];
            if (!realpath(tok, real)) continue;
            bool dup = false;
            for (size_t i = 0; i < seen.len; i++) dup |= strcmp(seen.items[i], real) == 0;
            if (dup) continue;
            VEC_PUSH(seen, xstrdup(real));
            load_dir(tok, ORIGIN_THIRD_PARTY, repo);
        }
        free(copy);
    }
    char *exe = exe_dir();
    if (exe) {
        const char *rel[] = {"../lib/codira/plugins", "plugins"};
        for (size_t k = 0; k < 2; k++) {
            char *dir = path_join(exe, rel[k]);
            char real[PATH_MAX];
            bool exists = realpath(dir, real) != NULL;
            if (k == 0) R.install_dir = xstrdup(exists ? real : dir);
            if (exists) {
                bool dup = false;
                for (size_t i = 0; i < seen.len; i++) dup |= strcmp(seen.items[i], real) == 0;
                if (!dup) {
                    VEC_PUSH(seen, xstrdup(real));
                    load_dir(dir, ORIGIN_FIRST_PARTY, repo);
                }
            }
            free(dir);
        }
        free(exe);
    }
    for (size_t i = 0; i < seen.len; i++) free(seen.items[i]);
    VEC_FREE(seen);

    for (size_t i = 0; i < R.entries.len; i++) {
        const plugin_entry *e = &R.entries.items[i];
        if (e->status == PLUGIN_LOADED && e->analyzer) VEC_PUSH(R.analyzers, e->analyzer);
    }
    sort_array(R.analyzers.items, R.analyzers.len, sizeof(*R.analyzers.items), cmp_analyzer);
}

void registry_reset(void)
{
    for (size_t i = 0; i < R.entries.len; i++) {
        plugin_entry *e = &R.entries.items[i];
        free(e->name);
        free(e->version);
        free(e->provider);
        free(e->file);
        free(e->detail);
    }
    VEC_FREE(R.entries);
    VEC_FREE(R.analyzers);
    free(R.install_dir);
    memset(&R, 0, sizeof(R));
}

size_t registry_count(void)
{
    return R.entries.len;
}

const plugin_entry *registry_entry(size_t i)
{
    return i < R.entries.len ? &R.entries.items[i] : NULL;
}

const codira_backend *registry_find_backend(const char *name)
{
    const plugin_entry *e = name ? find_loaded(CODIRA_FAMILY_BACKEND, name) : NULL;
    return e ? e->backend : NULL;
}

char *registry_backend_names(void)
{
    VEC(const char *) names = {0};
    for (size_t i = 0; i < R.entries.len; i++) {
        const plugin_entry *e = &R.entries.items[i];
        if (e->family == CODIRA_FAMILY_BACKEND && e->status == PLUGIN_LOADED)
            VEC_PUSH(names, e->name);
    }
    sort_array(names.items, names.len, sizeof(char *), cmp_cstr);
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < names.len; i++) {
        if (i) sb_adds(&sb, ", ");
        sb_adds(&sb, names.items[i]);
    }
    VEC_FREE(names);
    return sb_steal(&sb);
}

size_t registry_analyzer_count(void)
{
    return R.analyzers.len;
}

const codira_analyzer *registry_analyzer(size_t i)
{
    return i < R.analyzers.len ? R.analyzers.items[i] : NULL;
}

const codira_analyzer *registry_find_analyzer(const char *name)
{
    for (size_t i = 0; i < R.analyzers.len; i++)
        if (strcmp(R.analyzers.items[i]->name, name) == 0) return R.analyzers.items[i];
    return NULL;
}

const char *registry_install_dir(void)
{
    return R.install_dir ? R.install_dir : "<prefix>/lib/codira/plugins";
}
