/*
 * cmd_cov.c - `codira cov`: tracked files under the coverage roots that no
 * analyzer covers, and files the index holds as only partly analysed.
 * Never builds the index.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "registry.h"

/* ---- shared with `codira index` ------------------------------------- */

typedef struct issue_group {
    const char *suffix, *reason;
    size_t count;
    strbuf dirs;        /* ", "-joined, first appearance first */
} issue_group;

typedef VEC(issue_group) group_list;

static bool dir_listed(const strbuf *dirs, const char *dir)
{
    size_t n = strlen(dir);
    for (const char *s = dirs->buf; s && *s;) {
        const char *e = strstr(s, ", ");
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (len == n && strncmp(s, dir, n) == 0) return true;
        if (!e) break;
        s = e + 2;
    }
    return false;
}

static issue_group *group_of(group_list *groups, const coverage_issue *is)
{
    for (size_t i = 0; i < groups->len; i++) {
        issue_group *g = &groups->items[i];
        if (strcmp(g->suffix, is->suffix) == 0 && strcmp(g->reason, is->reason) == 0) return g;
    }
    issue_group g = {is->suffix, is->reason, 0, {0}};
    sb_init(&g.dirs);
    VEC_PUSH(*groups, g);
    return &groups->items[groups->len - 1];
}

void cov_print_issues(const coverage_report *rep)
{
    printf("Coverage issues: %zu\n", rep->issues.len);
    group_list groups = {0};
    for (size_t i = 0; i < rep->issues.len; i++) {
        const coverage_issue *is = &rep->issues.items[i];
        issue_group *g = group_of(&groups, is);
        g->count++;
        if (!dir_listed(&g->dirs, is->directory))
            sb_addf(&g->dirs, "%s%s", g->dirs.len ? ", " : "", is->directory);
    }
    for (size_t i = 0; i < groups.len; i++) {
        issue_group *g = &groups.items[i];
        printf("coverage: %s x%zu in %s (%s, %s)\n", g->suffix, g->count, g->dirs.buf, g->suffix,
               g->reason);
        sb_free(&g->dirs);
    }
    VEC_FREE(groups);
}

json_t *cov_issues_json(const repo *r, const coverage_report *rep)
{
    json_t *a = json_array();
    for (size_t i = 0; i < rep->issues.len; i++) {
        const coverage_issue *is = &rep->issues.items[i];
        json_t *j = json_object();
        char *abs = cli_abs_path(r, is->path);
        json_object_set_new(j, "path", json_string(abs));
        free(abs);
        json_object_set_new(j, "directory", json_string(is->directory));
        json_object_set_new(j, "suffix", json_string(is->suffix));
        json_object_set_new(j, "reason", json_string(is->reason));
        json_array_append_new(a, j);
    }
    return a;
}

/* ---- the command ------------------------------------------------------ */

static int cmp_analyzer_name(const void *a, const void *b)
{
    return strcmp((*(const codira_analyzer *const *)a)->name,
                  (*(const codira_analyzer *const *)b)->name);
}

/* Loaded analyzers sorted by name; free the array. */
static const codira_analyzer **analyzers_by_name(size_t *n)
{
    *n = registry_analyzer_count();
    const codira_analyzer **list = xcalloc(*n ? *n : 1, sizeof(*list));
    for (size_t i = 0; i < *n; i++) list[i] = registry_analyzer(i);
    sort_array(list, *n, sizeof(*list), cmp_analyzer_name);
    return list;
}

static json_t *string_array(char *const *items, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(a, json_string(items[i]));
    return a;
}

static json_t *cov_json(const repo *r, const coverage_report *rep)
{
    json_t *c = json_object();
    json_object_set_new(c, "source", json_string("analyzer-defaults"));
    json_object_set_new(c, "patterns", string_array(rep->patterns.items, rep->patterns.len));
    json_object_set_new(c, "exclude_suffixes", json_array());
    json_object_set_new(c, "resolved_roots",
                        string_array(rep->resolved_roots.items, rep->resolved_roots.len));
    json_t *q = json_object();
    json_object_set_new(q, "coverage", c);
    json_t *o = cli_envelope("cov", rep->issues.len ? "incomplete" : "ok", q);
    json_object_set_new(o, "results", cov_issues_json(r, rep));
    json_t *as = json_array();
    size_t n;
    const codira_analyzer **list = analyzers_by_name(&n);
    for (size_t i = 0; i < n; i++) {
        json_t *j = json_object();
        json_object_set_new(j, "name", json_string(list[i]->name));
        json_object_set_new(j, "version", json_string(list[i]->version));
        json_t *globs = json_array();
        for (const char *const *p = list[i]->patterns; *p; p++) json_array_append_new(globs, json_string(*p));
        json_object_set_new(j, "discovery_globs", globs);
        json_array_append_new(as, j);
    }
    free(list);
    json_object_set_new(o, "analyzers", as);
    return o;
}

static void cov_text(const coverage_report *rep)
{
    printf("Coverage complete: %s\n", rep->issues.len ? "no" : "yes");
    size_t n;
    const codira_analyzer **list = analyzers_by_name(&n);
    printf("Active analyzers: %zu\n", n);
    for (size_t i = 0; i < n; i++) {
        printf("analyzer: %s version=%s globs=", list[i]->name, list[i]->version);
        for (const char *const *p = list[i]->patterns; *p; p++)
            printf("%s%s", p == list[i]->patterns ? "" : ", ", *p);
        putchar('\n');
    }
    free(list);
    cov_print_issues(rep);
}

static int run_cov(int argc, char **argv)
{
    cli_repo_opts ro = {0};
    bool json = false;
    const cli_opt opts[] = {
        {"json", 'j', OPT_FLAG, &json, NULL, "print JSON"},
        CLI_REPO_OPTIONS(ro),
        {0},
    };
    int rc = cli_parse(&cmd_cov, opts, argc, argv, NULL, 0, 0, NULL);
    if (rc) return rc < 0 ? 0 : rc;
    repo r;
    if ((rc = cli_open_repo(&ro, &r))) return rc;
    coverage_report rep;
    codira_error err = {0};
    if (coverage_audit(&r, &rep, &err)) {
        coverage_report_free(&rep);
        repo_free(&r);
        return cli_fail_json("cov", json, EXIT_USAGE, "coverage audit failed: %s", err.message);
    }
    if (rep.index_note) notice("%s", rep.index_note);
    if (json) cli_print_json(cov_json(&r, &rep));
    else cov_text(&rep);
    rc = rep.issues.len && !json ? EXIT_NO_MATCH : 0;
    coverage_report_free(&rep);
    repo_free(&r);
    return rc;
}

const cli_command cmd_cov = {
    .name = "cov",
    .summary = "files under the coverage roots that no analyzer covers",
    .usage = "cov [-h] [-j] [-p PATH] [-o DIR]",
    .description =
        "Report the tracked files under the analyzers' coverage roots that no loaded analyzer\n"
        "accepts (files without a suffix, .md, .txt, .typed and binary files are not reported),\n"
        "and the files the index holds as only partly analysed. Never builds the index.\n"
        "Text output exits 1 when there are issues; --json exits 0 with status \"incomplete\".",
    .examples = "  codira cov            # coverage summary, exit 1 when incomplete\n"
                "  codira cov --json     # issues, roots and analyzers as JSON\n",
    .run = run_cov,
};
