/*
 * cmd_index.c - `codira index`: build or refresh the index.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "indexer.h"
#include "state.h"

static void print_text(const repo *r, const index_report *rep, bool explain,
                       const coverage_report *cov)
{
    char a[32], b[32], c[32], d[32], e[32], f[32];
    printf("Indexed %s with %s in %.2f s: %s analysed", r->root, r->backend->name,
           rep->elapsed_ns / 1e9, fmt_count(a, sizeof(a), (long long)rep->indexed));
    if (rep->partial) printf(" (%s with errors)", fmt_count(f, sizeof(f), (long long)rep->partial));
    printf(", %s reused, %s removed, %s failed; the index holds %s files and %s symbols",
           fmt_count(b, sizeof(b), (long long)rep->reused),
           fmt_count(c, sizeof(c), (long long)rep->deleted),
           fmt_count(d, sizeof(d), (long long)rep->failed),
           fmt_count(e, sizeof(e), (long long)rep->files),
           fmt_count(f, sizeof(f), (long long)rep->symbols));
    if (rep->docs)
        printf(" (%s documentation records)", fmt_count(a, sizeof(a), (long long)rep->docs));
    if (rep->full_reason) printf(" (full rebuild: %s)", rep->full_reason);
    if (rep->graph_sites)
        printf("; call graph: %s sites resolved%s, %s found their target",
               fmt_count(a, sizeof(a), (long long)rep->graph_sites),
               rep->graph_full ? "" : " again (incremental)",
               fmt_count(b, sizeof(b), (long long)rep->graph_resolved));
    if (rep->workers > 1) printf("; %d analysis threads", rep->workers);
    printf(".\n");
    cov_print_issues(cov);
    for (size_t i = 0; i < rep->failures.len; i++) {
        const index_failure *x = &rep->failures.items[i];
        printf("failure: %s (%s, %s, %s)\n", x->path, x->analyzer, x->error_type, x->reason);
    }
    for (size_t i = 0; i < rep->warnings.len; i++) {
        const index_warning *w = &rep->warnings.items[i];
        if (w->line) printf("warning: %s (%s, %s, line %lld, %s)\n", w->path, w->analyzer,
                            w->warning_type, (long long)w->line, w->reason);
        else printf("warning: %s (%s, %s, %s)\n", w->path, w->analyzer, w->warning_type, w->reason);
    }
    if (explain)
        for (size_t i = 0; i < rep->decisions.len; i++) {
            const index_decision *x = &rep->decisions.items[i];
            printf("%s: %s (%s)\n", x->action, x->path, x->reason);
        }
}

static json_t *json_report(const repo *r, const index_report *rep, const index_options *opt,
                           const char *requested, const coverage_report *cov, bool require_cov)
{
    json_t *q = json_object();
    json_object_set_new(q, "full", json_boolean(opt->full));
    json_object_set_new(q, "explain", json_boolean(opt->explain));
    json_object_set_new(q, "require_full_coverage", json_boolean(require_cov));
    json_object_set_new(q, "defer_embeddings", json_false());
    json_object_set_new(q, "embeddings_only", json_false());
    json_t *o = cli_envelope("index", "ok", q);
    json_object_set_new(o, "results", json_array());
    json_t *s = json_object();
    json_object_set_new(s, "indexed", json_integer((json_int_t)rep->indexed));
    json_object_set_new(s, "reused", json_integer((json_int_t)rep->reused));
    json_object_set_new(s, "deleted", json_integer((json_int_t)rep->deleted));
    json_object_set_new(s, "failed", json_integer((json_int_t)rep->failed));
    json_object_set_new(s, "embeddings_recomputed", json_integer(0));
    json_object_set_new(s, "embeddings_reused", json_integer(0));
    json_object_set_new(s, "embeddings_skipped", json_integer(0));
    json_object_set_new(s, "embeddings_pending", json_integer(0));
    json_object_set_new(s, "embedding_index_mode", json_string("immediate"));
    json_object_set_new(s, "embedding_complete", json_true());
    json_t *c = json_object();
    json_object_set_new(c, "requested_strategy", json_string(requested));
    json_object_set_new(c, "effective_strategy", json_string(rep->strategy));
    json_object_set_new(c, "workers", json_integer(rep->workers));
    json_object_set_new(c, "reason", json_null());
    json_object_set_new(s, "analysis_concurrency", c);
    json_object_set_new(s, "partial", json_integer((json_int_t)rep->partial));
    json_object_set_new(s, "files", json_integer(rep->files));
    json_object_set_new(s, "symbols", json_integer(rep->symbols));
    json_object_set_new(s, "docs", json_integer(rep->docs));
    json_object_set_new(s, "elapsed_ms", json_integer(rep->elapsed_ns / 1000000));
    json_object_set_new(s, "backend", json_string(r->backend->name));
    json_object_set_new(s, "full_rebuild_reason", json_str_or_null(rep->full_reason));
    json_t *g = json_object();
    json_object_set_new(g, "sites_resolved", json_integer((json_int_t)rep->graph_sites));
    json_object_set_new(g, "found_target", json_integer((json_int_t)rep->graph_resolved));
    json_object_set_new(g, "scope", json_string(rep->graph_full ? "full" : "incremental"));
    json_object_set_new(s, "call_graph", g);
    json_object_set_new(o, "summary", s);
    json_object_set_new(o, "coverage_issues", cov_issues_json(r, cov));
    json_t *ws = json_array();
    for (size_t i = 0; i < rep->warnings.len; i++) {
        const index_warning *w = &rep->warnings.items[i];
        json_t *j = json_object();
        char *abs = cli_abs_path(r, w->path);
        json_object_set_new(j, "path", json_string(abs));
        free(abs);
        json_object_set_new(j, "analyzer_name", json_string(w->analyzer));
        json_object_set_new(j, "warning_type", json_string(w->warning_type));
        json_object_set_new(j, "line", w->line ? json_integer(w->line) : json_null());
        json_object_set_new(j, "reason", json_string(w->reason));
        json_array_append_new(ws, j);
    }
    json_object_set_new(o, "warnings", ws);
    json_t *fs = json_array();
    for (size_t i = 0; i < rep->failures.len; i++) {
        const index_failure *x = &rep->failures.items[i];
        json_t *j = json_object();
        char *abs = cli_abs_path(r, x->path);
        json_object_set_new(j, "path", json_string(abs));
        free(abs);
        json_object_set_new(j, "analyzer_name", json_string(x->analyzer));
        json_object_set_new(j, "error_type", json_string(x->error_type));
        json_object_set_new(j, "reason", json_string(x->reason));
        json_array_append_new(fs, j);
    }
    json_object_set_new(o, "failures", fs);
    json_t *ds = json_array();
    for (size_t i = 0; opt->explain && i < rep->decisions.len; i++) {
        const index_decision *x = &rep->decisions.items[i];
        json_t *j = json_object();
        char *abs = cli_abs_path(r, x->path);
        json_object_set_new(j, "path", json_string(abs));
        free(abs);
        json_object_set_new(j, "action", json_string(x->action));
        json_object_set_new(j, "reason", json_string(x->reason));
        json_array_append_new(ds, j);
    }
    json_object_set_new(o, "decisions", ds);
    return o;
}

/* The report of a run stopped before indexing: coverage is incomplete. */
static json_t *json_coverage_stop(const repo *r, const index_options *opt,
                                  const coverage_report *cov)
{
    index_report none = {0};
    none.strategy = "unknown";
    json_t *o = json_report(r, &none, opt, "unknown", cov, true);
    json_object_set_new(o, "status", json_string("coverage_incomplete"));
    json_t *s = json_object_get(o, "summary");
    json_object_set_new(s, "embedding_index_mode", json_string("unknown"));
    json_object_set_new(s, "embedding_complete", json_false());
    return o;
}

/* With --require-full-coverage: refuse to index while files are not
 * covered. Returns the exit code, or 0 to go on. */
static int refuse_incomplete(const repo *r, const index_options *opt, const coverage_report *cov,
                             bool json)
{
    if (!cov->issues.len) return 0;
    notice("coverage incomplete: install the missing analyzer plugins or rerun without "
           "--require-full-coverage");
    if (json) cli_print_json(json_coverage_stop(r, opt, cov));
    else cov_print_issues(cov);
    return EXIT_USAGE;
}

/* Index, then report with the coverage issues: the tree audit's (run
 * alongside unless already done) and the index's partial files. Returns
 * the exit code. */
static int index_and_report(repo *r, const index_options *opt, coverage_audit_job *audit,
                            bool json, const char *requested, bool require_cov)
{
    codira_error err = {0};
    state_lock lock = {-1};
    int code = state_ensure_dir(r->state_dir, &err);
    if (!code) code = state_lock_acquire(r->state_dir, true, &lock, &err);
    if (code) return cli_fail_json("index", json, EXIT_USAGE, "%s", err.message);
    index_report rep;
    code = indexer_run(r, opt, &rep, &err);
    state_lock_release(&lock);
    if (code) {
        index_report_free(&rep);
        return cli_fail_json("index", json, EXIT_USAGE,
                             "index failed, the previous index is unchanged: %s", err.message);
    }
    coverage_report *cov = &audit->report;
    if (coverage_audit_finish(audit)) notice("coverage audit failed: %s", audit->err.message);
    else if (coverage_add_partial(r, cov, &err))
        notice("partial analyses are not reported: %s", err.message);
    if (json) cli_print_json(json_report(r, &rep, opt, requested, cov, require_cov));
    else print_text(r, &rep, opt->explain, cov);
    index_report_free(&rep);
    if (!require_cov || !cov->issues.len) return 0;
    notice("coverage incomplete after indexing: %zu issue(s), see the coverage lines",
           cov->issues.len);
    return EXIT_USAGE;
}

static int run_index(int argc, char **argv)
{
    cli_repo_opts ro = {0};
    bool full = false, explain = false, verbose = false, json = false, require_cov = false;
    long long jobs = LLONG_MIN; /* unset */
    const char *concurrency = NULL;
    const cli_opt opts[] = {
        {"full", 'f', OPT_FLAG, &full, NULL, "reanalyse every file instead of reusing unchanged ones"},
        {"explain", 'e', OPT_FLAG, &explain, NULL, "print the decision taken for every file"},
        {"verbose", 0, OPT_FLAG, &verbose, NULL, "same as --explain"},
        {"require-full-coverage", 'C', OPT_FLAG, &require_cov, NULL,
         "exit 2 without indexing when files under the coverage roots are not covered (see cov)"},
        {"json", 'j', OPT_FLAG, &json, NULL, "print the report as JSON"},
        {"jobs", 0, OPT_INT, &jobs, "N", "analysis threads (default: one per core)"},
        {"concurrency", 0, OPT_STRING, &concurrency, "{off,auto,thread,process}",
         "analysis scheduling: off = one thread; process is served by threads"},
        CLI_REPO_OPTIONS(ro),
        {0},
    };
    int rc = cli_parse(&cmd_index, opts, argc, argv, NULL, 0, 0, NULL);
    if (rc) return rc < 0 ? 0 : rc;
    const char *requested = concurrency ? concurrency : "auto";
    if (concurrency && strcmp(concurrency, "off") && strcmp(concurrency, "auto") &&
        strcmp(concurrency, "thread") && strcmp(concurrency, "process"))
        return cli_usage_error("argument --concurrency: invalid choice: '%s' (choose from 'off', "
                               "'auto', 'thread', 'process')", concurrency);
    bool jobs_given = jobs != LLONG_MIN;
    if (jobs_given && jobs < 1) return cli_fail(EXIT_USAGE, "--jobs must be a positive integer.");
    if (!jobs_given) jobs = 0;
    if (concurrency && strcmp(concurrency, "off") == 0 && jobs_given)
        return cli_fail(EXIT_USAGE, "--jobs cannot be combined with --concurrency off.");

    repo r;
    if ((rc = cli_open_repo(&ro, &r))) return rc;
    index_options opt = {0};
    opt.full = full;
    opt.explain = explain || verbose;
    opt.jobs = concurrency && strcmp(concurrency, "off") == 0 ? 1 : (int)jobs;
    opt.progress = isatty(2) && !json;

    /* -C waits for the verdict; otherwise the audit runs alongside the index run */
    coverage_audit_job audit;
    coverage_audit_start(&audit, &r, !require_cov);
    if (require_cov && coverage_audit_finish(&audit))
        rc = cli_fail_json("index", json, EXIT_USAGE, "coverage audit failed: %s", audit.err.message);
    else if (require_cov)
        rc = refuse_incomplete(&r, &opt, &audit.report, json);
    if (!rc) rc = index_and_report(&r, &opt, &audit, json, requested, require_cov);
    coverage_audit_finish(&audit);
    coverage_report_free(&audit.report);
    repo_free(&r);
    return rc;
}

const cli_command cmd_index = {
    .name = "index",
    .summary = "build or refresh the index (incremental: unchanged files are reused)",
    .usage = "index [-h] [-f] [-e] [-C] [-j] [--jobs N] [-p PATH] [-o DIR]",
    .description =
        "Build or refresh the index of a repository. A file is analysed again only when it is\n"
        "new, its content changed, or the analyzer that owns it changed; removed files leave\n"
        "the index. The run is one transaction: interrupted, it leaves the previous index intact.",
    .examples = "  codira index                   # refresh the index of this repository\n"
                "  codira index --full            # reanalyse every file\n"
                "  codira index --explain         # one line per file: what was done and why\n"
                "  codira index -C                # only when every file under the roots is covered\n"
                "  codira index --json            # machine-readable report\n"
                "  codira index -p ~/src/project  # index another repository\n",
    .run = run_index,
};
