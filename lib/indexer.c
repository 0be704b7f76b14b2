#include "indexer.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis.h"
#include "registry.h"
#include "resolve/resolver.h"
#include "roles.h"
#include "discovery.h"
#include "state.h"

/* Files modified this close to the scan may change again within the same
 * mtime tick: store their mtime as 0 so that the next run checks content. */
#define RACY_WINDOW_NS (2LL * 1000000000LL)
#define HEAD_BYTES ROUTE_HEAD_BYTES
/* Files above this size are analysed one at a time to bound memory. */
#define BIG_FILE_BYTES (4LL << 20)
#define DEFAULT_MAX_FILE_BYTES (16LL << 20)

int64_t indexer_max_file_bytes(void)
{
    const char *v = getenv("CODIRA_MAX_FILE_BYTES");
    if (v && *v) {
        long long n = atoll(v);
        if (n > 0) return n;
    }
    return DEFAULT_MAX_FILE_BYTES;
}

/* ---- analyzer inventory ------------------------------------------- */

/* Fingerprint of one analyzer: name, version and patterns. */
static char *analyzer_fingerprint(const codira_analyzer *an)
{
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, "%s\n%s\n%d\n", an->name, an->version, an->priority);
    for (const char *const *p = an->patterns; *p; p++) sb_addf(&sb, "%s\n", *p);
    char hex[CODIRA_HASH_HEX_LEN + 1];
    hash_hex(sb.buf, sb.len, hex);
    sb_free(&sb);
    hex[16] = '\0';
    return xstrdup(hex);
}

typedef struct inventory {
    VEC(codira_analyzer_info) rows; /* sorted by name */
    char *json;                     /* [[name, version, fingerprint], ...] */
    char *set_fingerprint;          /* one word for the whole set */
} inventory;

static int cmp_info(const void *a, const void *b)
{
    return strcmp(((const codira_analyzer_info *)a)->name, ((const codira_analyzer_info *)b)->name);
}

static void inventory_build(inventory *inv)
{
    memset(inv, 0, sizeof(*inv));
    for (size_t i = 0; i < registry_analyzer_count(); i++) {
        const codira_analyzer *an = registry_analyzer(i);
        codira_analyzer_info info = {sizeof(info), an->name, an->version, analyzer_fingerprint(an)};
        VEC_PUSH(inv->rows, info);
    }
    sort_array(inv->rows.items, inv->rows.len, sizeof(codira_analyzer_info), cmp_info);
    strbuf sb;
    sb_init(&sb);
    sb_addc(&sb, '[');
    for (size_t i = 0; i < inv->rows.len; i++) {
        const codira_analyzer_info *r = &inv->rows.items[i];
        sb_addf(&sb, "%s[\"%s\", \"%s\", \"%s\"]", i ? ", " : "", r->name, r->version,
                r->fingerprint);
    }
    sb_addc(&sb, ']');
    inv->json = sb_steal(&sb);
    char hex[CODIRA_HASH_HEX_LEN + 1];
    hash_hex(inv->json, strlen(inv->json), hex);
    hex[16] = '\0';
    inv->set_fingerprint = xstrdup(hex);
}

static void inventory_free(inventory *inv)
{
    for (size_t i = 0; i < inv->rows.len; i++) free((char *)inv->rows.items[i].fingerprint);
    VEC_FREE(inv->rows);
    free(inv->json);
    free(inv->set_fingerprint);
}

static size_t analyzer_index(const codira_analyzer *an)
{
    for (size_t i = 0; i < registry_analyzer_count(); i++)
        if (registry_analyzer(i) == an) return i;
    return 0;
}

typedef VEC(const char *) str_list;

/* The union of all analyzer patterns. */
static void collect_patterns(str_list *out)
{
    for (size_t i = 0; i < registry_analyzer_count(); i++) {
        const codira_analyzer *an = registry_analyzer(i);
        for (const char *const *p = an->patterns; *p; p++) {
            bool dup = false;
            for (size_t k = 0; k < out->len; k++) dup |= strcmp(out->items[k], *p) == 0;
            if (!dup) VEC_PUSH(*out, *p);
        }
    }
}

/* ---- what the index holds ----------------------------------------- */

typedef struct stored_file {
    char *path, *hash, *analyzer, *analyzer_version;
    int64_t size, mtime_ns;
    uint32_t status;
    bool seen; /* still a candidate in this run */
} stored_file;

typedef struct stored_index {
    int open_code;          /* CODIRA_OK, CODIRA_NOT_FOUND, CODIRA_E_SCHEMA, ... */
    bool runtime_present;
    char *runtime_backend;
    VEC(stored_file) files;
    strmap by_path;
    strbuf analyzers;       /* stored inventory, same format as inventory.json */
    int needs_maintenance;
} stored_index;

static int on_stored_file(void *ctx, const codira_file_state *f)
{
    stored_index *si = ctx;
    stored_file s = {xstrdup(f->path), xstrdup(f->hash), xstrdup(f->analyzer),
                     xstrdup(f->analyzer_version), f->size, f->mtime_ns, f->status, false};
    VEC_PUSH(si->files, s);
    return 0;
}

static int on_stored_analyzer(void *ctx, const codira_analyzer_info *a)
{
    stored_index *si = ctx;
    sb_addf(&si->analyzers, "%s[\"%s\", \"%s\", \"%s\"]", si->analyzers.len > 1 ? ", " : "",
            a->name, a->version, a->fingerprint);
    return 0;
}

static int on_runtime(void *ctx, const codira_runtime_info *rt)
{
    stored_index *si = ctx;
    si->runtime_present = true;
    si->runtime_backend = xstrdup(rt->backend_name);
    return 0;
}

/* Load what the current index knows. Unreadable or incompatible storage
 * is not an error here: the run rebuilds it. */
static int stored_load(const repo *r, stored_index *si, codira_error *err)
{
    memset(si, 0, sizeof(*si));
    sb_init(&si->analyzers);
    sb_addc(&si->analyzers, '[');
    codira_store *store = NULL;
    codira_error oerr = {0};
    si->open_code = r->backend->open(r->backend, &r->args, &store, &oerr);
    if (si->open_code != CODIRA_OK) {
        if (si->open_code == CODIRA_NOT_FOUND || si->open_code == CODIRA_E_SCHEMA ||
            si->open_code == CODIRA_E_CORRUPT)
            return CODIRA_OK;
        *err = oerr;
        return si->open_code;
    }
    int code = r->backend->load_runtime(store, on_runtime, si, err);
    if (code == CODIRA_NOT_FOUND) code = CODIRA_OK;
    if (!code) code = r->backend->load_analyzers(store, on_stored_analyzer, si, err);
    if (!code) code = r->backend->load_files(store, on_stored_file, si, err);
    if (!code) code = r->backend->needs_maintenance(store, &si->needs_maintenance, err);
    r->backend->close(store);
    sb_addc(&si->analyzers, ']');
    if (code == CODIRA_E_CORRUPT) {
        /* readable header, damaged content: rebuild */
        si->open_code = CODIRA_E_CORRUPT;
        return CODIRA_OK;
    }
    if (code) return code;
    strmap_init(&si->by_path, si->files.len);
    for (size_t i = 0; i < si->files.len; i++) strmap_put(&si->by_path, si->files.items[i].path, i);
    return CODIRA_OK;
}

static void stored_free(stored_index *si)
{
    for (size_t i = 0; i < si->files.len; i++) {
        stored_file *f = &si->files.items[i];
        free(f->path);
        free(f->hash);
        free(f->analyzer);
        free(f->analyzer_version);
    }
    VEC_FREE(si->files);
    strmap_free(&si->by_path);
    sb_free(&si->analyzers);
    free(si->runtime_backend);
}

/* ---- routing ------------------------------------------------------ */

/* The head of the file is read only when an analyzer asks for it. */
const codira_analyzer *route_file(const char *root, const char *path)
{
    const char *name = path_basename(path);
    char head[HEAD_BYTES + 1];
    size_t head_len = 0;
    bool head_read = false, unreadable = false;
    const codira_analyzer *chosen = NULL, *first_match = NULL;
    for (size_t i = 0; i < registry_analyzer_count() && !chosen; i++) {
        const codira_analyzer *an = registry_analyzer(i);
        bool match = false;
        for (const char *const *p = an->patterns; *p && !match; p++)
            match = fnmatch(*p, name, 0) == 0;
        if (!match) continue;
        if (!first_match) first_match = an;
        if (!an->claims) {
            chosen = an;
            break;
        }
        if (!head_read) {
            head_read = true;
            char *abs = path_join(root, path);
            FILE *fp = fopen(abs, "rb");
            free(abs);
            if (!fp) {
                unreadable = true; /* the analysis step reports it */
                break;
            }
            head_len = fread(head, 1, HEAD_BYTES, fp);
            head[head_len] = '\0';
            fclose(fp);
        }
        if (an->claims(an, path, head, head_len)) chosen = an;
    }
    /* an unreadable file goes to its first candidate, which reports the error */
    if (!chosen && unreadable) chosen = first_match;
    return chosen;
}

/* ---- jobs and the analysis pipeline ------------------------------- */

typedef enum job_kind { JOB_ANALYZE, JOB_VERIFY } job_kind;
typedef enum job_outcome { OUT_STORE, OUT_TOUCH, OUT_FAILED, OUT_VANISHED } job_outcome;

typedef struct job {
    const scan_file *file;
    const codira_analyzer *an;
    job_kind kind;
    const char *reason;
    const stored_file *stored;
    /* results, written by the worker */
    job_outcome outcome;
    char hash[CODIRA_HASH_HEX_LEN + 1];
    int64_t size, mtime_ns;
    analysis *a;
    const char *fail_type;
    char *fail_reason;
    bool done;
} job;

typedef struct pipeline {
    job *jobs;
    size_t n;
    size_t next;       /* next job to start */
    size_t persisted;  /* jobs handed to the writer */
    size_t window;     /* how far workers may run ahead of the writer */
    bool stop;
    pthread_mutex_t mu;
    pthread_cond_t cv_done, cv_window;
    pthread_mutex_t big_mu;                     /* one big file at a time */
    pthread_mutex_t *analyzer_mu;               /* for analyzers that are not thread-safe */
    const char *root;
    int64_t max_bytes;
} pipeline;

static void fail_job(job *j, const char *type, char *reason)
{
    j->outcome = OUT_FAILED;
    j->fail_type = type;
    j->fail_reason = reason;
}

static void run_job(pipeline *pl, job *j, void **states)
{
    char *abs = path_join(pl->root, j->file->path);
    char *data = NULL;
    size_t size = 0;
    struct stat st;
    int e = read_file_stat(abs, &data, &size, &st);
    free(abs);
    j->size = j->file->size;
    j->mtime_ns = j->file->mtime_ns;
    if (e == ENOENT || e == ENOTDIR) {
        j->outcome = OUT_VANISHED;
        return;
    }
    if (e) {
        fail_job(j, "read_error", xasprintf("cannot read: %s", strerror(e)));
        return;
    }
    j->size = (int64_t)st.st_size;
    j->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
    hash_hex(data, size, j->hash);
    if (j->kind == JOB_VERIFY && j->stored && strcmp(j->stored->hash, j->hash) == 0) {
        j->outcome = OUT_TOUCH;
        free(data);
        return;
    }
    if ((int64_t)size > pl->max_bytes) {
        fail_job(j, "too_large",
                 xasprintf("%.1f MB is over the %.1f MB limit (CODIRA_MAX_FILE_BYTES); not analysed",
                           size / 1048576.0, pl->max_bytes / 1048576.0));
        free(data);
        return;
    }
    if (memchr(data, '\0', size < HEAD_BYTES ? size : HEAD_BYTES)) {
        fail_job(j, "binary", xstrdup("binary content (NUL bytes); not analysed"));
        free(data);
        return;
    }
    size_t ai = analyzer_index(j->an);
    bool big = (int64_t)size > BIG_FILE_BYTES;
    bool serial = !(j->an->flags & CODIRA_ANALYZER_THREAD_SAFE);
    if (big) pthread_mutex_lock(&pl->big_mu);
    if (serial) pthread_mutex_lock(&pl->analyzer_mu[ai]);
    if (!states[ai] && j->an->thread_init) states[ai] = j->an->thread_init(j->an);
    analysis *a = xmalloc(sizeof(*a));
    analysis_init(a);
    codira_emitter em = {a};
    codira_source src = {sizeof(src), j->file->path, pl->root, data, size};
    codira_error err = {0};
    int rc = j->an->analyze(j->an, states[ai], &src, &codira_host_services, &em, &err);
    if (serial) pthread_mutex_unlock(&pl->analyzer_mu[ai]);
    if (big) pthread_mutex_unlock(&pl->big_mu);
    free(data);
    if (rc != CODIRA_OK) {
        analysis_free(a);
        free(a);
        fail_job(j, "analysis_error",
                 xstrdup(err.message[0] ? err.message : "the analyzer could not read this file"));
        return;
    }
    analysis_finish(a);
    j->a = a;
    j->outcome = OUT_STORE;
}

static void *worker_main(void *arg)
{
    pipeline *pl = arg;
    size_t n_an = registry_analyzer_count();
    void **states = xcalloc(n_an ? n_an : 1, sizeof(void *));
    for (;;) {
        pthread_mutex_lock(&pl->mu);
        while (!pl->stop && pl->next < pl->n && pl->next >= pl->persisted + pl->window)
            pthread_cond_wait(&pl->cv_window, &pl->mu);
        if (pl->stop || pl->next >= pl->n) {
            pthread_mutex_unlock(&pl->mu);
            break;
        }
        job *j = &pl->jobs[pl->next++];
        pthread_mutex_unlock(&pl->mu);
        run_job(pl, j, states);
        pthread_mutex_lock(&pl->mu);
        j->done = true;
        pthread_cond_broadcast(&pl->cv_done);
        pthread_mutex_unlock(&pl->mu);
    }
    for (size_t i = 0; i < n_an; i++) {
        const codira_analyzer *an = registry_analyzer(i);
        if (states[i] && an->thread_fini) an->thread_fini(an, states[i]);
    }
    free(states);
    return NULL;
}

/* ---- progress ----------------------------------------------------- */

typedef struct progress {
    bool on;
    int64_t last_ns;
    size_t total;
} progress;

static void progress_update(progress *p, size_t done, bool final)
{
    if (!p->on || !p->total) return;
    int64_t now = monotonic_ns();
    if (!final && now - p->last_ns < 100000000) return;
    p->last_ns = now;
    char bar[31];
    size_t fill = p->total ? done * 30 / p->total : 30;
    for (size_t i = 0; i < 30; i++) bar[i] = i < fill ? '#' : '.';
    bar[30] = '\0';
    fprintf(stderr, "\rcodira: indexing [%s] %zu/%zu files", bar, done, p->total);
    if (final) fputs("\r\033[K", stderr);
    fflush(stderr);
}

/* ---- report helpers ----------------------------------------------- */

static void add_decision(index_report *rep, const index_options *opt, const char *path,
                         const char *action, const char *reason)
{
    if (!opt->explain) return;
    index_decision d = {xstrdup(path), action, xstrdup(reason)};
    VEC_PUSH(rep->decisions, d);
}

static void add_failure(index_report *rep, const char *path, const char *analyzer,
                        const char *type, const char *reason)
{
    index_failure f = {xstrdup(path), xstrdup(analyzer), xstrdup(type), xstrdup(reason)};
    VEC_PUSH(rep->failures, f);
}

static void add_warning(index_report *rep, const char *path, const char *analyzer,
                        const char *type, int64_t line, const char *reason)
{
    index_warning w = {xstrdup(path), xstrdup(analyzer), xstrdup(type), line, xstrdup(reason)};
    VEC_PUSH(rep->warnings, w);
}

void index_report_free(index_report *rep)
{
    for (size_t i = 0; i < rep->decisions.len; i++) {
        free(rep->decisions.items[i].path);
        free(rep->decisions.items[i].reason);
    }
    for (size_t i = 0; i < rep->failures.len; i++) {
        index_failure *f = &rep->failures.items[i];
        free(f->path);
        free(f->analyzer);
        free(f->error_type);
        free(f->reason);
    }
    for (size_t i = 0; i < rep->warnings.len; i++) {
        index_warning *w = &rep->warnings.items[i];
        free(w->path);
        free(w->analyzer);
        free(w->warning_type);
        free(w->reason);
    }
    VEC_FREE(rep->decisions);
    VEC_FREE(rep->failures);
    VEC_FREE(rep->warnings);
}

static int cmp_decision(const void *a, const void *b)
{
    const index_decision *x = a, *y = b;
    int c = strcmp(x->action, y->action);
    if (!c) c = strcmp(x->path, y->path);
    return c ? c : strcmp(x->reason, y->reason);
}

static int cmp_failure(const void *a, const void *b)
{
    return strcmp(((const index_failure *)a)->path, ((const index_failure *)b)->path);
}

static int cmp_warning(const void *a, const void *b)
{
    const index_warning *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* ---- persistence (the single writer) ------------------------------ */

static codira_str view(const char *s)
{
    return (codira_str){s, strlen(s)};
}

typedef struct run_ctx {
    repo *r;
    const index_options *opt;
    index_report *rep;
    codira_session *session;
    int64_t racy_after_ns;  /* mtimes at or after this are stored as 0 */
    resolver *resolver;     /* told about files that turn out unchanged */
} run_ctx;

static int64_t trusted_mtime(const run_ctx *rc, int64_t mtime_ns)
{
    return mtime_ns >= rc->racy_after_ns ? 0 : mtime_ns;
}

/* Store one finished job. Returns a fatal error code, or CODIRA_OK. */
static int persist_job(run_ctx *rc, job *j, codira_error *err)
{
    const codira_backend *be = rc->r->backend;
    index_report *rep = rc->rep;
    const char *path = j->file->path;
    codira_file_state fs = {sizeof(fs), path, j->hash, j->size, trusted_mtime(rc, j->mtime_ns),
                            j->an->name, j->an->version, CODIRA_FILE_OK};
    int code = CODIRA_OK;
    switch (j->outcome) {
    case OUT_TOUCH:
        code = be->session_touch_file(rc->session, &fs, err);
        resolver_unchanged(rc->resolver, path);
        rep->reused++;
        add_decision(rep, rc->opt, path, "reused", "file hash unchanged");
        break;
    case OUT_VANISHED:
        if (j->stored) {
            const char *gone[] = {path};
            codira_prepare_args pa = {sizeof(pa), 0, gone, 1};
            code = be->session_prepare(rc->session, &pa, err);
            rep->deleted++;
            add_decision(rep, rc->opt, path, "deleted", "file removed");
        } else {
            add_decision(rep, rc->opt, path, "skipped", "file vanished before it could be read");
        }
        break;
    case OUT_FAILED: {
        codira_diagnostic d = {sizeof(d), CODIRA_DIAG_ERROR, view(j->fail_type),
                               view(j->fail_reason), 0, 0};
        fs.status = CODIRA_FILE_FAILED;
        codira_file_analysis fa = {sizeof(fa), fs, j->an->language, "", file_role(path), NULL, 0,
                                   NULL, 0, NULL, 0, NULL, 0, &d, 1};
        code = be->session_persist_file(rc->session, &fa, err);
        rep->failed++;
        add_failure(rep, path, j->an->name, j->fail_type, j->fail_reason);
        add_decision(rep, rc->opt, path, "failed", j->fail_reason);
        break;
    }
    case OUT_STORE: {
        analysis *a = j->a;
        fs.status = a->error_count ? CODIRA_FILE_PARTIAL : CODIRA_FILE_OK;
        codira_file_analysis fa = {
            sizeof(fa), fs, j->an->language, analysis_module_name(a), file_role(path),
            a->symbols.items, a->symbols.len, a->edges.items, a->edges.len,
            a->imports.items, a->imports.len, a->docs.items, a->docs.len,
            a->diagnostics.items, a->diagnostics.len};
        code = be->session_persist_file(rc->session, &fa, err);
        if (code == CODIRA_E_INVALID) {
            /* the backend refused this file's records: report it, go on */
            rep->failed++;
            add_failure(rep, path, j->an->name, "storage_error", err->message);
            add_decision(rep, rc->opt, path, "failed", err->message);
            code = CODIRA_OK;
            break;
        }
        rep->indexed++;
        add_decision(rep, rc->opt, path, "indexed", j->reason);
        if (a->error_count) rep->partial++;
        /* one report line per file: its first error, else its first warning */
        const codira_diagnostic *worst = NULL;
        for (size_t i = 0; i < a->diagnostics.len; i++) {
            const codira_diagnostic *d = &a->diagnostics.items[i];
            if (d->severity == CODIRA_DIAG_INFO) continue;
            if (!worst || d->severity > worst->severity) worst = d;
            if (d->severity == CODIRA_DIAG_ERROR) break;
        }
        if (worst) {
            char *reason = a->error_count > 1 && worst->severity == CODIRA_DIAG_ERROR
                               ? xasprintf("%s (%zu errors in this file)", worst->message.ptr,
                                           a->error_count)
                               : xstrdup(worst->message.ptr);
            add_warning(rep, path, j->an->name, worst->category.ptr, worst->line, reason);
            free(reason);
        }
        break;
    }
    }
    return code;
}

/* ---- the run -------------------------------------------------------- */

static bool caches_equal(const state_cache *a, const state_cache *b)
{
    if (a->generation != b->generation || a->git != b->git || strcmp(a->backend, b->backend) ||
        strcmp(a->analyzers, b->analyzers) || a->watch.len != b->watch.len ||
        a->files.len != b->files.len)
        return false;
    for (size_t i = 0; i < a->watch.len; i++) {
        const scan_watch *x = &a->watch.items[i], *y = &b->watch.items[i];
        if (strcmp(x->path, y->path) || x->mtime_ns != y->mtime_ns || x->size != y->size) return false;
    }
    for (size_t i = 0; i < a->files.len; i++) {
        const cache_file *x = &a->files.items[i], *y = &b->files.items[i];
        if (strcmp(x->path, y->path) || x->size != y->size || x->mtime_ns != y->mtime_ns ||
            (!x->analyzer != !y->analyzer) || (x->analyzer && strcmp(x->analyzer, y->analyzer)))
            return false;
    }
    return true;
}

typedef struct totals {
    index_report *rep;
    int64_t generation;
} totals;

static int on_runtime_counts(void *ctx, const codira_runtime_info *rt)
{
    totals *t = ctx;
    t->rep->files = rt->file_count;
    t->rep->symbols = rt->symbol_count;
    if (rt->struct_size >= offsetof(codira_runtime_info, doc_count) + sizeof(rt->doc_count))
        t->rep->docs = rt->doc_count;
    t->generation = rt->generation;
    return 0;
}

/* Totals and generation of the committed index (0 when unreadable). */
static int64_t read_totals(const repo *r, index_report *rep)
{
    codira_store *store;
    codira_error err;
    totals t = {rep, 0};
    if (r->backend->open(r->backend, &r->args, &store, &err) != CODIRA_OK) return 0;
    r->backend->load_runtime(store, on_runtime_counts, &t, &err);
    r->backend->close(store);
    return t.generation;
}

/* Find the cache entry of `path` (entries are sorted by path). */
static cache_file *cache_find(state_cache *c, const char *path)
{
    size_t i;
    PARTITION_POINT(i, c->files.len, strcmp(c->files.items[mid].path, path) < 0);
    return i < c->files.len && strcmp(c->files.items[i].path, path) == 0 ? &c->files.items[i] : NULL;
}

/* Rewrite metadata.json when something it records changed (git HEAD is
 * recorded after every run, so that a commit never looks like staleness). */
static void write_metadata(const repo *r, const state_meta *old, const inventory *inv, bool git,
                           bool wrote, int64_t generation, int64_t files)
{
    char *head = git ? state_git_head(r->root) : NULL;
    bool changed = !old || wrote || !old->analyzer_inventory ||
                   strcmp(old->analyzer_inventory, inv->json) != 0 ||
                   (head && (!old->commit || strcmp(head, old->commit) != 0));
    if (changed) {
        state_meta m = {(char *)r->backend->name, (char *)r->backend->version, inv->json,
                        CODIRA_VERSION, head, generation, files};
        state_meta_write(r->state_dir, &m);
    }
    free(head);
}

/* ---- the run ------------------------------------------------------ */

/* What one run will do, decided before anything is written. */
typedef struct plan {
    bool full;
    VEC(job) jobs;               /* files to read: analyse, or verify by content */
    VEC(const char *) deleted;   /* stored files that are no longer candidates */
    state_cache next;            /* scan cache to write once the run succeeded */
} plan;

static int cmp_job_size(const void *a, const void *b)
{
    const job *x = a, *y = b;
    if (x->file->size != y->file->size) return x->file->size > y->file->size ? -1 : 1;
    return strcmp(x->file->path, y->file->path);
}

/* Decide, per candidate, whether to reuse, verify or analyse it. */
static void make_plan(const repo *r, const index_options *opt, const scan_result *scan,
                      stored_index *si, const state_cache *prev, const inventory *inv,
                      int64_t racy_after_ns, plan *p, index_report *rep)
{
    strmap prev_by_path = {0};
    if (prev) {
        strmap_init(&prev_by_path, prev->files.len);
        for (size_t i = 0; i < prev->files.len; i++)
            strmap_put(&prev_by_path, prev->files.items[i].path, i);
    }
    p->next.backend = xstrdup(r->backend->name);
    p->next.analyzers = xstrdup(inv->set_fingerprint);
    p->next.git = scan->git;
    for (size_t i = 0; i < scan->files.len; i++) {
        const scan_file *f = &scan->files.items[i];
        /* routing of an unchanged file is taken from the previous scan */
        const codira_analyzer *an;
        size_t pi;
        if (prev && strmap_get(&prev_by_path, f->path, &pi) && f->mtime_ns != 0 &&
            prev->files.items[pi].size == f->size && prev->files.items[pi].mtime_ns == f->mtime_ns) {
            const char *name = prev->files.items[pi].analyzer;
            an = name ? registry_find_analyzer(name) : NULL;
        } else {
            an = route_file(r->root, f->path);
        }
        cache_file cf = {xstrdup(f->path), f->size, f->mtime_ns >= racy_after_ns ? 0 : f->mtime_ns,
                         an ? xstrdup(an->name) : NULL};
        VEC_PUSH(p->next.files, cf);
        if (!an) continue;

        size_t k;
        stored_file *st = strmap_get(&si->by_path, f->path, &k) ? &si->files.items[k] : NULL;
        if (st) st->seen = true;
        job j = {.file = f, .an = an, .stored = st, .kind = JOB_ANALYZE};
        if (p->full) {
            j.reason = rep->full_reason;
        } else if (!st) {
            j.reason = "new file";
        } else if (strcmp(st->analyzer, an->name) || strcmp(st->analyzer_version, an->version)) {
            j.reason = "analyzer plugin or version changed";
        } else if (st->size == f->size && st->mtime_ns == f->mtime_ns && st->mtime_ns != 0) {
            rep->reused++;
            add_decision(rep, opt, f->path, "reused",
                         st->status == CODIRA_FILE_FAILED ? "file unchanged (analysis failed earlier)"
                                                          : "file unchanged");
            continue;
        } else {
            j.kind = JOB_VERIFY;
            j.reason = "file content changed";
        }
        VEC_PUSH(p->jobs, j);
    }
    if (prev) strmap_free(&prev_by_path);
    /* biggest files first, so that no large file is left to finish alone at
     * the end; ties by path keep the order (and the stored row order)
     * deterministic */
    sort_array(p->jobs.items, p->jobs.len, sizeof(job), cmp_job_size);
    if (p->full) return; /* a full run starts from an empty store */
    for (size_t i = 0; i < si->files.len; i++) {
        if (si->files.items[i].seen) continue;
        VEC_PUSH(p->deleted, si->files.items[i].path);
        rep->deleted++;
        add_decision(rep, opt, si->files.items[i].path, "deleted", "file removed");
    }
}

static void plan_free(plan *p)
{
    for (size_t i = 0; i < p->jobs.len; i++) {
        free(p->jobs.items[i].fail_reason);
        if (p->jobs.items[i].a) { /* results of a run that stopped early */
            analysis_free(p->jobs.items[i].a);
            free(p->jobs.items[i].a);
        }
    }
    VEC_FREE(p->jobs);
    VEC_FREE(p->deleted);
    state_cache_free(&p->next);
}

/* Analyse the jobs on worker threads while this thread persists results in
 * plan order. Returns the first persistence error. */
static int run_pipeline(run_ctx *rc, job *jobs, size_t n, codira_error *err)
{
    pipeline pl = {0};
    pl.jobs = jobs;
    pl.n = n;
    pl.root = rc->r->root;
    pl.max_bytes = rc->opt->max_file_bytes > 0 ? rc->opt->max_file_bytes : indexer_max_file_bytes();
    pthread_mutex_init(&pl.mu, NULL);
    pthread_mutex_init(&pl.big_mu, NULL);
    pthread_cond_init(&pl.cv_done, NULL);
    pthread_cond_init(&pl.cv_window, NULL);
    size_t n_an = registry_analyzer_count();
    pl.analyzer_mu = xcalloc(n_an ? n_an : 1, sizeof(pthread_mutex_t));
    for (size_t i = 0; i < n_an; i++) pthread_mutex_init(&pl.analyzer_mu[i], NULL);

    int workers = rc->opt->jobs > 0 ? rc->opt->jobs : cpu_count();
    if ((size_t)workers > n) workers = (int)n;
    if (workers < 1) workers = 1;
    pl.window = 64 * (size_t)workers;
    rc->rep->workers = workers;
    rc->rep->strategy = workers > 1 ? "thread" : "off";
    pthread_t *threads = xcalloc((size_t)workers, sizeof(pthread_t));
    int started = 0;
    if (workers > 1) {
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, 16u << 20);
        for (int w = 0; w < workers; w++)
            if (pthread_create(&threads[started], &attr, worker_main, &pl) == 0) started++;
        pthread_attr_destroy(&attr);
    }

    progress prog = {rc->opt->progress, 0, n};
    void **inline_states = xcalloc(n_an ? n_an : 1, sizeof(void *));
    int code = CODIRA_OK;
    for (size_t i = 0; i < n && !code; i++) {
        job *j = &jobs[i];
        if (!started) {
            run_job(&pl, j, inline_states); /* one thread: analyse here */
        } else {
            pthread_mutex_lock(&pl.mu);
            while (!j->done) pthread_cond_wait(&pl.cv_done, &pl.mu);
            pthread_mutex_unlock(&pl.mu);
        }
        code = persist_job(rc, j, err);
        if (j->a) {
            analysis_free(j->a);
            free(j->a);
            j->a = NULL;
        }
        pthread_mutex_lock(&pl.mu);
        pl.persisted = i + 1;
        pthread_cond_broadcast(&pl.cv_window);
        pthread_mutex_unlock(&pl.mu);
        progress_update(&prog, i + 1, false);
    }
    progress_update(&prog, n, true);

    pthread_mutex_lock(&pl.mu);
    pl.stop = true;
    pthread_cond_broadcast(&pl.cv_window);
    pthread_mutex_unlock(&pl.mu);
    for (int w = 0; w < started; w++) pthread_join(threads[w], NULL);
    for (size_t i = 0; i < n_an; i++) {
        const codira_analyzer *an = registry_analyzer(i);
        if (inline_states[i] && an->thread_fini) an->thread_fini(an, inline_states[i]);
        pthread_mutex_destroy(&pl.analyzer_mu[i]);
    }
    free(inline_states);
    free(threads);
    free(pl.analyzer_mu);
    pthread_mutex_destroy(&pl.mu);
    pthread_mutex_destroy(&pl.big_mu);
    pthread_cond_destroy(&pl.cv_done);
    pthread_cond_destroy(&pl.cv_window);
    return code;
}

/* CODIRA_DEBUG=1 prints how long each phase of a run took. */
static void phase(const char *name, int64_t *t)
{
    int64_t now = monotonic_ns();
    if (getenv("CODIRA_DEBUG")) notice("phase %-10s %7.1f ms", name, (now - *t) / 1e6);
    *t = now;
}

/* The one write session of a run: everything or nothing. */
static int write_session(run_ctx *rc, plan *p, const stored_index *si, const inventory *inv,
                         codira_error *err)
{
    const codira_backend *be = rc->r->backend;
    int64_t t = monotonic_ns();
    resolver *rz = NULL;
    int code = be->begin_index_session(be, &rc->r->args, &rc->session, err);
    if (!code && si->needs_maintenance) code = be->session_cleanup_stale(rc->session, err);
    if (!code) {
        /* the resolver looks at the files about to change before they do */
        str_list changed = {0};
        size_t analysed = p->deleted.len;
        for (size_t i = 0; i < p->jobs.len; i++) {
            VEC_PUSH(changed, p->jobs.items[i].file->path);
            if (p->jobs.items[i].kind == JOB_ANALYZE) analysed++;
        }
        for (size_t i = 0; i < p->deleted.len; i++) VEC_PUSH(changed, p->deleted.items[i]);
        /* when a quarter of the files change (a first run, a checkout), one
         * pass over everything beats working out what may have moved */
        bool resolve_all = p->full || analysed * 4 > si->files.len;
        code = resolver_begin(&rz, be, rc->session, resolve_all, changed.items, changed.len, err);
        rc->resolver = rz;
        VEC_FREE(changed);
    }
    if (!code) {
        codira_prepare_args pa = {sizeof(pa), p->full, p->deleted.items, p->deleted.len};
        code = be->session_prepare(rc->session, &pa, err);
    }
    phase("prepare", &t);
    if (!code && p->jobs.len) code = run_pipeline(rc, p->jobs.items, p->jobs.len, err);
    phase("analyse", &t);
    if (!code) {
        resolve_stats rs;
        code = resolver_finish(rz, &rs, err);
        rc->rep->graph_sites = rs.sites;
        rc->rep->graph_resolved = rs.resolved;
        rc->rep->graph_full = rs.full;
    }
    resolver_free(rz);
    rc->resolver = NULL;
    phase("resolve", &t);
    if (!code) code = be->session_rebuild_derived(rc->session, err);
    phase("derive", &t);
    if (!code) {
        codira_runtime_write rw = {sizeof(rw), CODIRA_VERSION, 1, inv->rows.items, inv->rows.len};
        code = be->session_persist_runtime(rc->session, &rw, err);
    }
    if (!code) code = be->session_commit(rc->session, err);
    phase("commit", &t);
    if (rc->session) {
        if (code) be->session_abort(rc->session);
        be->session_close(rc->session);
        rc->session = NULL;
    }
    return code;
}

/* After a successful run: bring the scan cache up to what the jobs saw
 * (their stat is newer than the scan's; vanished files go) and write it
 * when it changed. */
static void update_scan_cache(const repo *r, plan *p, const scan_result *scan,
                              const state_cache *prev, int64_t generation, int64_t racy_after_ns)
{
    state_cache *next = &p->next;
    for (size_t i = 0; i < p->jobs.len; i++) {
        const job *j = &p->jobs.items[i];
        cache_file *cf = cache_find(next, j->file->path);
        if (!cf) continue;
        if (j->outcome == OUT_VANISHED) {
            cf->size = -1; /* dropped below */
        } else {
            cf->size = j->size;
            cf->mtime_ns = j->mtime_ns >= racy_after_ns ? 0 : j->mtime_ns;
        }
    }
    size_t kept = 0;
    for (size_t i = 0; i < next->files.len; i++) {
        cache_file *cf = &next->files.items[i];
        if (cf->size < 0) {
            free(cf->path);
            free(cf->analyzer);
            continue;
        }
        next->files.items[kept++] = *cf;
    }
    next->files.len = kept;
    next->generation = generation;
    for (size_t i = 0; i < scan->watch.len; i++) {
        const scan_watch *w = &scan->watch.items[i];
        scan_watch c = {xstrdup(w->path), w->mtime_ns >= racy_after_ns ? 0 : w->mtime_ns, w->size};
        VEC_PUSH(next->watch, c);
    }
    if (!prev || !caches_equal(prev, next)) state_cache_write(r->state_dir, next);
}

int indexer_run(repo *r, const index_options *opt, index_report *rep, codira_error *err)
{
    int64_t t0 = monotonic_ns();
    memset(rep, 0, sizeof(*rep));
    rep->strategy = "off";
    rep->workers = 1;
    int code = state_ensure_dir(r->state_dir, err);
    if (code) return code;

    /* 1. discover */
    inventory inv;
    inventory_build(&inv);
    str_list patterns = {0};
    collect_patterns(&patterns);
    if (!patterns.len) {
        inventory_free(&inv);
        return set_error(err, CODIRA_E_INVALID, "No language analyzers are registered for codira");
    }
    /* mtimes this close to the scan are not trusted (see RACY_WINDOW_NS) */
    int64_t racy_after_ns = realtime_ns() - RACY_WINDOW_NS;
    scan_result scan;
    code = scan_repository(r->root, patterns.items, patterns.len, &scan, err);
    VEC_FREE(patterns);
    if (code) {
        inventory_free(&inv);
        return code;
    }
    for (size_t i = 0; i < scan.issues.len; i++) {
        const scan_issue *is = &scan.issues.items[i];
        add_warning(rep, is->path, "discovery", is->kind, 0, is->message);
        add_decision(rep, opt, is->path, "skipped", is->message);
    }

    int64_t t = t0;
    phase("scan", &t);
    /* 2. what the index holds, and whether it must be rebuilt from scratch */
    stored_index si;
    code = stored_load(r, &si, err);
    state_meta meta;
    bool have_meta = state_meta_read(r->state_dir, &meta) == 0;
    plan p = {0};
    if (opt->full) rep->full_reason = "full rebuild requested";
    else if (si.open_code == CODIRA_E_SCHEMA)
        rep->full_reason = "the index was written in another storage format";
    else if (si.open_code == CODIRA_E_CORRUPT) rep->full_reason = "the index was unreadable";
    else if (have_meta && strcmp(meta.backend_name, r->backend->name) != 0)
        rep->full_reason = "the index was built with another backend";
    p.full = rep->full_reason != NULL;

    /* 3. plan */
    state_cache prev;
    bool prev_loaded = !code && state_cache_read(r->state_dir, &prev) == 0;
    bool prev_usable = prev_loaded && strcmp(prev.analyzers, inv.set_fingerprint) == 0;
    if (!code)
        make_plan(r, opt, &scan, &si, prev_usable ? &prev : NULL, &inv, racy_after_ns, &p, rep);

    phase("plan", &t);
    /* 4. write, unless nothing at all changed */
    bool nothing_to_do = !p.full && !p.jobs.len && !p.deleted.len && si.open_code == CODIRA_OK &&
                         si.runtime_present && strcmp(sb_str(&si.analyzers), inv.json) == 0 &&
                         !si.needs_maintenance;
    if (!code && !nothing_to_do) {
        run_ctx rc = {r, opt, rep, NULL, racy_after_ns, NULL};
        code = write_session(&rc, &p, &si, &inv, err);
        rep->wrote = code == CODIRA_OK;
    }

    t = monotonic_ns();
    /* 5. state files for tools and for the next freshness check */
    if (!code) {
        int64_t generation = read_totals(r, rep);
        if (!generation && have_meta) generation = meta.generation;
        update_scan_cache(r, &p, &scan, prev_loaded ? &prev : NULL, generation, racy_after_ns);
        write_metadata(r, have_meta ? &meta : NULL, &inv, scan.git, rep->wrote, generation,
                       rep->files);
    }
    phase("state", &t);

    if (have_meta) state_meta_free(&meta);
    if (prev_loaded) state_cache_free(&prev);
    plan_free(&p);
    stored_free(&si);
    scan_result_free(&scan);
    inventory_free(&inv);
    sort_array(rep->decisions.items, rep->decisions.len, sizeof(index_decision), cmp_decision);
    sort_array(rep->failures.items, rep->failures.len, sizeof(index_failure), cmp_failure);
    sort_array(rep->warnings.items, rep->warnings.len, sizeof(index_warning), cmp_warning);
    rep->elapsed_ns = monotonic_ns() - t0;
    return code;
}

/* ---- freshness for read commands ---------------------------------- */

/* Stats many repository-relative paths, in path order, cheaply: each
 * lookup starts from an open handle on the path's folder, so the kernel
 * walks one component instead of the whole absolute path. */
typedef struct stat_walker {
    int root_fd;
    int dir_fd;     /* folder of the previous path, or -1 */
    strbuf dir;     /* its repository-relative name */
} stat_walker;

static void walker_open(stat_walker *w, const char *root)
{
    w->root_fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
    w->dir_fd = -1;
    sb_init(&w->dir);
}

static void walker_close(stat_walker *w)
{
    if (w->dir_fd >= 0 && w->dir_fd != w->root_fd) close(w->dir_fd);
    if (w->root_fd >= 0) close(w->root_fd);
    sb_free(&w->dir);
}

static bool walker_stat(stat_walker *w, const char *rel, struct stat *st)
{
    if (w->root_fd < 0) return false;
    if (!*rel) return fstat(w->root_fd, st) == 0;
    const char *slash = strrchr(rel, '/');
    size_t dlen = slash ? (size_t)(slash - rel) : 0;
    if (w->dir_fd < 0 || w->dir.len != dlen || memcmp(w->dir.buf, rel, dlen) != 0) {
        if (w->dir_fd >= 0 && w->dir_fd != w->root_fd) close(w->dir_fd);
        sb_clear(&w->dir);
        sb_add(&w->dir, rel, dlen);
        w->dir_fd = dlen ? openat(w->root_fd, w->dir.buf, O_PATH | O_DIRECTORY | O_CLOEXEC)
                         : w->root_fd;
    }
    if (w->dir_fd < 0) return false;
    return fstatat(w->dir_fd, slash ? slash + 1 : rel, st, 0) == 0;
}

static bool stat_matches(stat_walker *w, const char *rel, int64_t mtime_ns, int64_t size)
{
    struct stat st;
    return mtime_ns != 0 && walker_stat(w, rel, &st) &&
           (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec == mtime_ns &&
           (size < 0 ? S_ISDIR(st.st_mode) : (int64_t)st.st_size == size);
}

/* One slice of the cached entries to check, on its own thread. */
typedef struct stat_slice {
    const char *root;
    const cache_entry *entries;
    size_t n;
    const char *changed; /* first changed path of the slice, or NULL */
    atomic_bool *stop;   /* another slice already found a change */
} stat_slice;

static void *check_slice(void *arg)
{
    stat_slice *sl = arg;
    stat_walker w;
    walker_open(&w, sl->root);
    for (size_t i = 0; i < sl->n && !atomic_load(sl->stop); i++) {
        const cache_entry *e = &sl->entries[i];
        if (!stat_matches(&w, e->path, e->mtime_ns, e->size)) {
            sl->changed = *e->path ? e->path : "the repository root";
            atomic_store(sl->stop, true);
        }
    }
    walker_close(&w);
    return NULL;
}

/* The first cached path whose stat changed, or NULL. Large repositories
 * are checked on two threads: a stat() costs about a microsecond, and a
 * query should not wait milliseconds for them. */
static const char *entries_changed(const char *root, const cache_view *v)
{
    atomic_bool stop = false;
    size_t n = v->entries.len;
    size_t half = n >= 1024 && cpu_count() > 1 ? n / 2 : 0;
    stat_slice a = {root, v->entries.items, n - half, NULL, &stop};
    stat_slice b = {root, v->entries.items + a.n, half, NULL, &stop};
    pthread_t helper;
    bool threaded = half && pthread_create(&helper, NULL, check_slice, &b) == 0;
    if (!threaded) a.n = n;
    check_slice(&a);
    if (threaded) pthread_join(helper, NULL);
    return a.changed ? a.changed : b.changed;
}

char *indexer_foreign_index(const repo *r, const state_meta *m)
{
    if (strcmp(m->backend_name, r->backend->name) != 0)
        return xasprintf("the index was built with backend '%s', the active one is '%s'",
                         m->backend_name, r->backend->name);
    if (!m->backend_version || strcmp(m->backend_version, r->backend->version) != 0)
        return xasprintf("the index uses storage format %s, this codira writes %s",
                         m->backend_version ? m->backend_version : "?", r->backend->version);
    return NULL;
}

freshness indexer_freshness(const repo *r, char **why)
{
    *why = NULL;
    state_meta m;
    int e = state_meta_read(r->state_dir, &m);
    if (e == ENOENT) {
        *why = xstrdup("no index yet");
        return NO_INDEX;
    }
    if (e) {
        *why = xstrdup("the index metadata is unreadable");
        return WRONG_INDEX;
    }
    freshness verdict = FRESH;
    inventory inv;
    inventory_build(&inv);
    cache_view c;
    bool have_cache = false;
    if ((*why = indexer_foreign_index(r, &m))) {
        verdict = WRONG_INDEX;
    } else if (!m.analyzer_inventory || strcmp(m.analyzer_inventory, inv.json) != 0) {
        *why = xstrdup("the analyzers changed");
        verdict = MAYBE_STALE;
    } else if (!(have_cache = state_cache_view(r->state_dir, &c) == 0) ||
               c.generation != m.generation || strcmp(c.backend, r->backend->name) != 0 ||
               strcmp(c.analyzers, inv.set_fingerprint) != 0) {
        *why = xstrdup("the scan cache is missing or out of date");
        verdict = MAYBE_STALE;
    } else {
        const char *changed = entries_changed(r->root, &c);
        if (changed) {
            *why = xasprintf("%s changed", changed);
            verdict = MAYBE_STALE;
        }
    }
    if (have_cache) state_cache_view_free(&c);
    inventory_free(&inv);
    state_meta_free(&m);
    return verdict;
}

int indexer_open_fresh(repo *r, codira_store **out, codira_error *err)
{
    char *why = NULL;
    freshness f = indexer_freshness(r, &why);
    if (getenv("CODIRA_DEBUG")) notice("freshness: %s", f == FRESH ? "fresh" : why);
    bool tried_rebuild = false;
    for (;;) {
        if (f != FRESH) {
            state_lock lock = {-1};
            int lc = state_ensure_dir(r->state_dir, err);
            if (!lc) lc = state_lock_acquire(r->state_dir, f == NO_INDEX, &lock, err);
            if (lc == CODIRA_E_BUSY) {
                notice("an index run is in progress; answering from the previous index");
            } else if (lc) {
                if (f == NO_INDEX) {
                    free(why);
                    return set_error(err, CODIRA_E_IO,
                                     "failed to build index automatically: %s. Run manually: codira index",
                                     err->message);
                }
                notice("cannot refresh the index (%s); answering from the existing index",
                       err->message);
            } else {
                free(why);
                f = indexer_freshness(r, &why); /* another process may have refreshed */
                if (tried_rebuild && f == FRESH) f = WRONG_INDEX;
                if (f != FRESH) {
                    if (f == NO_INDEX) notice("no index yet; building it now...");
                    else if (f == WRONG_INDEX) notice("%s; rebuilding the index...", why);
                    index_options opt = {0};
                    opt.full = f == WRONG_INDEX && tried_rebuild;
                    opt.progress = isatty(2);
                    index_report rep;
                    int code = indexer_run(r, &opt, &rep, err);
                    if (code) {
                        state_lock_release(&lock);
                        index_report_free(&rep);
                        free(why);
                        char msg[sizeof(err->message)];
                        snprintf(msg, sizeof(msg), "%s", err->message);
                        return set_error(err, code,
                                         "failed to build index automatically: %s. Run manually: codira index",
                                         msg);
                    }
                    if (f == NO_INDEX || f == WRONG_INDEX) {
                        notice("index ready: %lld files, %lld symbols (%.2f s)", (long long)rep.files,
                               (long long)rep.symbols, rep.elapsed_ns / 1e9);
                    } else if (rep.full_reason) {
                        notice("%s; index rebuilt: %lld files, %lld symbols (%.2f s)",
                               rep.full_reason, (long long)rep.files, (long long)rep.symbols,
                               rep.elapsed_ns / 1e9);
                    } else if (rep.wrote && (rep.indexed || rep.deleted || rep.failed)) {
                        notice("index refreshed: %zu analysed, %zu removed, %zu failed (%.0f ms)",
                               rep.indexed, rep.deleted, rep.failed, rep.elapsed_ns / 1e6);
                    }
                    index_report_free(&rep);
                }
                state_lock_release(&lock);
            }
        }
        free(why);
        why = NULL;
        int code = r->backend->open(r->backend, &r->args, out, err);
        if (code == CODIRA_OK) return CODIRA_OK;
        if (tried_rebuild || (code != CODIRA_NOT_FOUND && code != CODIRA_E_SCHEMA &&
                              code != CODIRA_E_CORRUPT))
            return code;
        /* the metadata said fresh but the storage disagrees: rebuild once */
        tried_rebuild = true;
        f = WRONG_INDEX;
        why = xasprintf("the index is %s",
                        code == CODIRA_NOT_FOUND ? "missing" : code == CODIRA_E_SCHEMA
                                                               ? "in another storage format"
                                                               : "unreadable");
    }
}
