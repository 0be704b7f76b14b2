#include "coverage.h"

#include <ctype.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discovery.h"
#include "indexer.h"
#include "registry.h"
#include "state.h"

typedef coverage_strings str_list;

/* Suffixes that are never reported: files without one, prose, markers. */
static const char *const ignored_suffixes[] = {COVERAGE_NO_SUFFIX, ".md", ".rst", ".txt", ".typed", NULL};

static int cmp_str_ptr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort a list and free the repeated entries. */
static void sort_unique(str_list *l)
{
    sort_array(l->items, l->len, sizeof(char *), cmp_str_ptr);
    size_t kept = 0;
    for (size_t i = 0; i < l->len; i++) {
        if (kept && strcmp(l->items[kept - 1], l->items[i]) == 0) free(l->items[i]);
        else l->items[kept++] = l->items[i];
    }
    l->len = kept;
}

static void free_list(str_list *l)
{
    for (size_t i = 0; i < l->len; i++) free(l->items[i]);
    VEC_FREE(*l);
}

/* ---- roots --------------------------------------------------------- */

static void collect_patterns(str_list *out)
{
    for (size_t i = 0; i < registry_analyzer_count(); i++) {
        const codira_analyzer *an = registry_analyzer(i);
        for (const char *const *p = an->coverage_roots; p && *p; p++)
            if (**p) VEC_PUSH(*out, xstrdup(*p));
    }
    sort_unique(out);
}

/* `s` with glob characters escaped, so that glob() takes it literally. */
static char *glob_escape(const char *s)
{
    strbuf sb;
    sb_init(&sb);
    for (; *s; s++) {
        if (strchr("*?[\\", *s)) sb_addc(&sb, '\\');
        sb_addc(&sb, *s);
    }
    return sb_steal(&sb);
}

/* The repository entries (repository-relative) that the glob `rel` names. */
static void glob_entries(const char *root, const char *rel, str_list *out)
{
    char *esc = glob_escape(root);
    char *pattern = path_join(esc, rel);
    glob_t g;
    if (glob(pattern, 0, NULL, &g) == 0) {
        size_t skip = strlen(root) + 1;
        for (size_t k = 0; k < g.gl_pathc; k++)
            if (strlen(g.gl_pathv[k]) > skip) VEC_PUSH(*out, xstrdup(g.gl_pathv[k] + skip));
    }
    globfree(&g);
    free(pattern);
    free(esc);
}

/* Add what one root pattern names: the folder itself, or its glob matches.
 * Patterns leaving the repository name nothing. */
static void resolve_pattern(const char *root, const char *pattern, str_list *out)
{
    char *rel = pattern[0] == '/' ? NULL : path_normalize_relative(pattern);
    if (rel && *rel) {
        if (strpbrk(rel, "*?[")) {
            glob_entries(root, rel, out);
        } else {
            char *abs = path_join(root, rel);
            struct stat st;
            if (stat(abs, &st) == 0) VEC_PUSH(*out, xstrdup(rel));
            free(abs);
        }
    }
    free(rel);
}

static bool under_resolved_root(const str_list *roots, const char *path)
{
    for (size_t i = 0; i < roots->len; i++)
        if (path_has_prefix(path, roots->items[i])) return true;
    return false;
}

/* ---- classification ------------------------------------------------- */

/* Lower-cased suffix of the file name (".rs"), or COVERAGE_NO_SUFFIX. */
static char *suffix_of(const char *path)
{
    const char *ext = path_extension(path);
    if (!ext[0] || !ext[1]) return xstrdup(COVERAGE_NO_SUFFIX);
    char *s = xstrdup(ext);
    for (char *p = s; *p; p++) *p = (char)tolower((unsigned char)*p);
    return s;
}

static bool suffix_ignored(const char *suffix)
{
    for (const char *const *p = ignored_suffixes; *p; p++)
        if (strcmp(*p, suffix) == 0) return true;
    return false;
}

/* true when the first ROUTE_HEAD_BYTES of the file hold a NUL byte */
static bool head_is_binary(const char *root, const scan_file *f)
{
    if (f->size == 0) return false;
    char *abs = path_join(root, f->path);
    int fd = open(abs, O_RDONLY | O_CLOEXEC);
    free(abs);
    if (fd < 0) return false;
    char head[ROUTE_HEAD_BYTES];
    ssize_t n = read(fd, head, sizeof(head));
    close(fd);
    return n > 0 && memchr(head, '\0', (size_t)n) != NULL;
}

static void add_issue(coverage_report *rep, const char *path, char *suffix, const char *reason)
{
    /* files at the top are grouped under "." rather than under their own name */
    const char *slash = strchr(path, '/');
    coverage_issue is = {xstrdup(path), slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup("."),
                         suffix, reason};
    VEC_PUSH(rep->issues, is);
}

typedef struct audit {
    const char *root;
    coverage_report *rep;
} audit;

/* Whether a listed file may be an issue, judged without touching it when
 * possible: under a root, a suffix that is not ignored, and no analyzer
 * claims it (which reads its head only for analyzers with claims()). Only
 * these files are stat'ed, and read for the binary test. */
static bool maybe_unclaimed(void *ctx, const char *path)
{
    audit *a = ctx;
    if (!under_resolved_root(&a->rep->resolved_roots, path)) return false;
    a->rep->candidates++;
    char *suffix = suffix_of(path);
    bool maybe = !suffix_ignored(suffix) && !route_file(a->root, path);
    free(suffix);
    return maybe;
}

static int cmp_issue(const void *a, const void *b)
{
    const coverage_issue *x = a, *y = b;
    int c = strcmp(x->directory, y->directory);
    if (!c) c = strcmp(x->suffix, y->suffix);
    return c ? c : strcmp(x->path, y->path);
}

/* ---- entry points --------------------------------------------------- */

int coverage_audit_tree(const repo *r, coverage_report *out, codira_error *err)
{
    memset(out, 0, sizeof(*out));
    collect_patterns(&out->patterns);
    for (size_t i = 0; i < out->patterns.len; i++)
        resolve_pattern(r->root, out->patterns.items[i], &out->resolved_roots);
    sort_unique(&out->resolved_roots);
    if (!out->resolved_roots.len) return CODIRA_OK;
    scan_result scan;
    audit a = {r->root, out};
    int code = scan_all_files(r->root, maybe_unclaimed, &a, &scan, err);
    if (code) return code;
    for (size_t i = 0; i < scan.files.len; i++) {
        const scan_file *f = &scan.files.items[i];
        if (!head_is_binary(r->root, f))
            add_issue(out, f->path, suffix_of(f->path), COVERAGE_REASON_UNCLAIMED);
    }
    scan_result_free(&scan);
    sort_array(out->issues.items, out->issues.len, sizeof(coverage_issue), cmp_issue);
    return CODIRA_OK;
}

static int on_stored_file(void *ctx, const codira_file_state *f)
{
    if (f->status == CODIRA_FILE_PARTIAL) add_issue(ctx, f->path, suffix_of(f->path), COVERAGE_REASON_PARTIAL);
    return 0;
}

int coverage_add_partial(const repo *r, coverage_report *rep, codira_error *err)
{
    /* One backend per repository: when another backend wrote the index,
     * the active one's storage, if any, is a stale leftover of an earlier
     * run and must not be read as if it were the index. */
    state_meta m;
    if (state_meta_read(r->state_dir, &m) == 0) {
        char *why = indexer_foreign_index(r, &m);
        state_meta_free(&m);
        if (why) {
            set_error(err, CODIRA_E_SCHEMA, "%s", why);
            free(why);
            return CODIRA_E_SCHEMA;
        }
    }
    codira_store *store = NULL;
    int code = r->backend->open(r->backend, &r->args, &store, err);
    if (code == CODIRA_NOT_FOUND) return CODIRA_OK;
    if (code) return code;
    /* load_files comes ordered by path */
    code = r->backend->load_files(store, on_stored_file, rep, err);
    r->backend->close(store);
    return code;
}

int coverage_audit(const repo *r, coverage_report *out, codira_error *err)
{
    int code = coverage_audit_tree(r, out, err);
    if (code) return code;
    codira_error ierr = {0};
    if (coverage_add_partial(r, out, &ierr))
        out->index_note = xasprintf("the index cannot be read (%s); partial analyses are not reported",
                                    ierr.message);
    return CODIRA_OK;
}

static void *run_audit_job(void *arg)
{
    coverage_audit_job *job = arg;
    job->code = coverage_audit_tree(job->r, &job->report, &job->err);
    return NULL;
}

void coverage_audit_start(coverage_audit_job *job, const repo *r, bool background)
{
    memset(job, 0, sizeof(*job));
    job->r = r;
    job->threaded = background && pthread_create(&job->thread, NULL, run_audit_job, job) == 0;
    if (!job->threaded) run_audit_job(job);
}

int coverage_audit_finish(coverage_audit_job *job)
{
    if (job->threaded) pthread_join(job->thread, NULL);
    job->threaded = false;
    return job->code;
}

void coverage_report_free(coverage_report *rep)
{
    free_list(&rep->patterns);
    free_list(&rep->resolved_roots);
    for (size_t i = 0; i < rep->issues.len; i++) {
        coverage_issue *is = &rep->issues.items[i];
        free(is->path);
        free(is->directory);
        free(is->suffix);
    }
    VEC_FREE(rep->issues);
    free(rep->index_note);
    memset(rep, 0, sizeof(*rep));
}
