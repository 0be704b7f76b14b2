/*
 * record_backend.so - a backend plugin for the end-to-end tests that shows
 * what a write session receives. It registers the backend "recorder",
 * which wraps the built-in sqlite backend (kept in <state>/recorder/) and
 * appends one line per session call to the file named by
 * CODIRA_TEST_RECORD_LOG:
 *
 *   begin
 *   prepare full=<0|1> delete=<n> <path>...
 *   persist <path> lang=<language> module=<module> role=<role> status=<n>
 *           hash=<hex> symbols=<n> edges=<n> imports=<n> docs=<n> diags=<n>
 *           first=<kind>:<name> names=<name,name,...> ok=<0|1>
 *   touch <path>
 *   derived | runtime | commit | abort | close
 *
 * ok=1 when the records are complete analysis results: a module symbol
 * first when there are symbols, every symbol with a kind, a name and a
 * stable id, parents and edge owners pointing at earlier symbols of the
 * same file. The whole persist line is written with one write() on an
 * O_APPEND descriptor, so that lines never interleave.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "codira/plugin.h"

static const codira_backend *inner;
static codira_backend recorder;

static void record(const char *line, size_t n)
{
    const char *path = getenv("CODIRA_TEST_RECORD_LOG");
    if (!path || !*path) return;
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return;
    if (write(fd, line, n) < 0) {
        /* a test tool: the missing line is the report */
    }
    close(fd);
}

static void record_str(const char *s)
{
    record(s, strlen(s));
}

static void inner_args(const codira_store_args *a, codira_store_args *b, char *dir, size_t n)
{
    snprintf(dir, n, "%s/recorder", a->state_dir);
    *b = *a;
    b->state_dir = dir;
}

static int r_open(const codira_backend *self, const codira_store_args *args, codira_store **out,
                  codira_error *err)
{
    (void)self;
    char dir[4096];
    codira_store_args b;
    inner_args(args, &b, dir, sizeof(dir));
    return inner->open(inner, &b, out, err);
}

typedef struct relay {
    codira_runtime_cb cb;
    void *ctx;
} relay;

static int relay_runtime(void *ctx, const codira_runtime_info *row)
{
    const relay *r = ctx;
    codira_runtime_info mine = *row;
    mine.backend_name = recorder.name;
    mine.backend_version = recorder.version;
    return r->cb(r->ctx, &mine);
}

static int r_load_runtime(codira_store *store, codira_runtime_cb cb, void *ctx, codira_error *err)
{
    relay r = {cb, ctx};
    return inner->load_runtime(store, relay_runtime, &r, err);
}

static int r_begin(const codira_backend *self, const codira_store_args *args, codira_session **out,
                   codira_error *err)
{
    (void)self;
    char dir[4096];
    codira_store_args b;
    inner_args(args, &b, dir, sizeof(dir));
    mkdir(dir, 0755);
    record_str("begin\n");
    return inner->begin_index_session(inner, &b, out, err);
}

static int r_prepare(codira_session *s, const codira_prepare_args *a, codira_error *err)
{
    size_t cap = 64;
    for (size_t i = 0; i < a->n_delete; i++) cap += strlen(a->delete_paths[i]) + 1;
    char *line = malloc(cap);
    if (line) {
        size_t n = (size_t)snprintf(line, cap, "prepare full=%d delete=%zu", a->full ? 1 : 0,
                                    a->n_delete);
        for (size_t i = 0; i < a->n_delete; i++)
            n += (size_t)snprintf(line + n, cap - n, " %s", a->delete_paths[i]);
        snprintf(line + n, cap - n, "\n");
        record_str(line);
        free(line);
    }
    return inner->session_prepare(s, a, err);
}

/* append to a growing buffer */
typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

static void add(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1024;
        while (cap < b->len + n + 1) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) return;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void adds(buf *b, const char *s)
{
    add(b, s, strlen(s));
}

static void addv(buf *b, codira_str v)
{
    /* names never hold blanks or commas worth keeping in a log line */
    for (size_t i = 0; i < v.len; i++) {
        char c = v.ptr[i];
        add(b, c == ' ' || c == ',' || c == '\n' || c == '\t' ? "_" : &c, 1);
    }
}

static bool complete(const codira_file_analysis *a)
{
    codira_handle n = (codira_handle)a->n_symbols;
    for (size_t i = 0; i < a->n_symbols; i++) {
        const codira_symbol *s = &a->symbols[i];
        if (!s->kind.len || !s->name.ptr || !s->stable_id.len) return false;
        if (i == 0 && (s->kind.len != 6 || memcmp(s->kind.ptr, "module", 6) != 0)) return false;
        if (i > 0 && (s->parent < 0 || s->parent >= (codira_handle)i)) return false;
    }
    for (size_t i = 0; i < a->n_edges; i++)
        if (a->edges[i].owner < 0 || a->edges[i].owner >= n) return false;
    for (size_t i = 0; i < a->n_imports; i++)
        if (a->imports[i].owner != CODIRA_NO_HANDLE && a->imports[i].owner >= n) return false;
    return true;
}

static int r_persist(codira_session *s, const codira_file_analysis *a, codira_error *err)
{
    buf b = {0};
    char num[512];
    adds(&b, "persist ");
    adds(&b, a->file.path);
    snprintf(num, sizeof(num), " lang=%s module=%s role=%s status=%u hash=%s", a->language,
             a->module, a->role, a->file.status, a->file.hash);
    adds(&b, num);
    snprintf(num, sizeof(num), " symbols=%zu edges=%zu imports=%zu docs=%zu diags=%zu", a->n_symbols,
             a->n_edges, a->n_imports, a->n_docs, a->n_diagnostics);
    adds(&b, num);
    adds(&b, " first=");
    if (a->n_symbols) {
        addv(&b, a->symbols[0].kind);
        adds(&b, ":");
        addv(&b, a->symbols[0].name);
    }
    adds(&b, " names=");
    for (size_t i = 0; i < a->n_symbols; i++) {
        if (i) adds(&b, ",");
        addv(&b, a->symbols[i].name);
    }
    adds(&b, complete(a) ? " ok=1\n" : " ok=0\n");
    if (b.p) record(b.p, b.len);
    free(b.p);
    return inner->session_persist_file(s, a, err);
}

static int r_touch(codira_session *s, const codira_file_state *f, codira_error *err)
{
    char line[4200];
    snprintf(line, sizeof(line), "touch %s\n", f->path);
    record_str(line);
    return inner->session_touch_file(s, f, err);
}

static int r_derived(codira_session *s, codira_error *err)
{
    record_str("derived\n");
    return inner->session_rebuild_derived(s, err);
}

static int r_runtime(codira_session *s, const codira_runtime_write *rt, codira_error *err)
{
    record_str("runtime\n");
    return inner->session_persist_runtime(s, rt, err);
}

static int r_commit(codira_session *s, codira_error *err)
{
    record_str("commit\n");
    return inner->session_commit(s, err);
}

static void r_abort(codira_session *s)
{
    record_str("abort\n");
    inner->session_abort(s);
}

static void r_close(codira_session *s)
{
    record_str("close\n");
    inner->session_close(s);
}

CODIRA_PLUGIN_EXPORT int codira_plugin_register_v1(const codira_host *host, codira_registrar *reg);

int codira_plugin_register_v1(const codira_host *host, codira_registrar *reg)
{
    inner = host->find_backend("sqlite");
    if (!inner) return CODIRA_E_UNSUPPORTED;
    recorder = *inner;
    recorder.name = "recorder";
    recorder.version = "1";
    recorder.provider = "codira-tests";
    recorder.open = r_open;
    recorder.load_runtime = r_load_runtime;
    recorder.begin_index_session = r_begin;
    recorder.session_prepare = r_prepare;
    recorder.session_persist_file = r_persist;
    recorder.session_touch_file = r_touch;
    recorder.session_rebuild_derived = r_derived;
    recorder.session_persist_runtime = r_runtime;
    recorder.session_commit = r_commit;
    recorder.session_abort = r_abort;
    recorder.session_close = r_close;
    return reg->add_backend(reg, &recorder);
}
