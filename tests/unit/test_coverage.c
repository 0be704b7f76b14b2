/*
 * test_coverage.c - the coverage audit: roots (declared, globbed,
 * resolved), which files are issues (unclaimed by name or by content) and
 * which are not (ignored suffixes, binary heads, skipped folders, files
 * outside the roots, untracked files in git mode), the order of the
 * issues, and partial files read from an index.
 *
 * The analyzer with globbed roots and a claims() check is the test plugin
 * tests/plugins/roots_analyzer.c, built by `make tools` into
 * <build>/test-plugins/ and loaded through CODIRA_PLUGIN_PATH.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "coverage.h"
#include "indexer.h"
#include "registry.h"
#include "state.h"
#include "util.h"

static char *plugin_dir; /* canonical <build>/test-plugins */
static char *base;       /* canonical temporary folder, per test */
static char *root;       /* <base>/repo: the repository */

/* ---- helpers --------------------------------------------------------- */

/* root/rel holding `size` bytes of `data`, folders created */
static void put_bytes(const char *rel, const char *data, size_t size)
{
    char *abs = path_join(root, rel);
    *strrchr(abs, '/') = '\0';
    assert_int_equal(mkdir_p(abs, 0755), 0);
    abs[strlen(abs)] = '/';
    assert_int_equal(write_file_atomic(abs, data, size, 0644), 0);
    free(abs);
}

static void put(const char *rel, const char *text)
{
    put_bytes(rel, text, strlen(text));
}

static void sh(const char *fmt, ...) CODIRA_PRINTF(1, 2);
static void sh(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *cmd = xvasprintf(fmt, ap);
    va_end(ap);
    char *full = xasprintf("cd '%s' && { %s; } >/dev/null 2>&1", root, cmd);
    if (system(full) != 0) fail_msg("command failed: %s", cmd);
    free(full);
    free(cmd);
}

/* Load the built-in analyzers, plus the roots analyzer when asked. */
static void load_plugins(bool with_roots_analyzer)
{
    registry_reset();
    if (with_roots_analyzer) {
        sh("mkdir -p ../plugins && cp '%s/roots_analyzer.so' ../plugins/", plugin_dir);
        char *dir = path_join(base, "plugins");
        setenv("CODIRA_PLUGIN_PATH", dir, 1);
        free(dir);
    }
    registry_load(NULL);
    if (with_roots_analyzer) assert_non_null(registry_find_analyzer("roots"));
}

static void open_repo(repo *r)
{
    codira_error err = {0};
    if (repo_resolve(r, root, NULL, &err)) fail_msg("repo_resolve: %s", err.message);
    if (repo_select_backend(r, &err)) fail_msg("repo_select_backend: %s", err.message);
}

static void audit_tree(coverage_report *rep)
{
    repo r;
    open_repo(&r);
    codira_error err = {0};
    if (coverage_audit_tree(&r, rep, &err)) fail_msg("coverage_audit_tree: %s", err.message);
    repo_free(&r);
}

/* "a,b" from a list of strings */
static char *joined(char *const *items, size_t n)
{
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n; i++) sb_addf(&sb, "%s%s", i ? "," : "", items[i]);
    return sb_steal(&sb);
}

static void assert_list(const coverage_strings *l, const char *expected)
{
    char *got = joined(l->items, l->len);
    assert_string_equal(got, expected);
    free(got);
}

/* "path|directory|suffix" per issue, ";"-separated, in report order */
static void assert_issues(const coverage_report *rep, const char *expected)
{
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < rep->issues.len; i++) {
        const coverage_issue *is = &rep->issues.items[i];
        sb_addf(&sb, "%s%s|%s|%s", i ? ";" : "", is->path, is->directory, is->suffix);
    }
    assert_string_equal(sb.buf ? sb.buf : "", expected);
    sb_free(&sb);
}

static int test_setup(void **state)
{
    (void)state;
    char tmpl[] = "/tmp/codira-unit-coverage-XXXXXX";
    char real[PATH_MAX];
    if (!mkdtemp(tmpl) || !realpath(tmpl, real)) return -1;
    base = xstrdup(real);
    root = path_join(base, "repo");
    if (mkdir_p(root, 0755)) return -1;
    unsetenv("CODIRA_PLUGIN_PATH");
    unsetenv("CODIRA_INDEX_BACKEND");
    unsetenv("CODIRA_OUTPUT_DIR");
    unsetenv("CODIRA_TARGET_DIR");
    load_plugins(false);
    return 0;
}

static int test_teardown(void **state)
{
    (void)state;
    sh("rm -rf '%s'", base);
    free(root);
    free(base);
    root = base = NULL;
    return 0;
}

/* ---- roots ------------------------------------------------------------- */

static void test_roots_are_the_sorted_union_of_the_declared_ones(void **state)
{
    (void)state;
    put("src/a.py", "");
    put("tests/t.py", "");
    put("Include/x.h", ""); /* roots are case-sensitive */
    coverage_report rep;
    audit_tree(&rep);
    assert_list(&rep.patterns, "docs,include,scripts,src,tests");
    assert_list(&rep.resolved_roots, "src,tests");
    assert_int_equal(rep.candidates, 2);
    coverage_report_free(&rep);
}

static void test_globbed_roots_resolve_to_matching_entries_inside_the_repository(void **state)
{
    (void)state;
    load_plugins(true);
    put("lib/a.rt", "RT");
    put("libexec/b.rt", "RT");
    put("docs/guide.rst", "text");
    put("docs/other.md", "text");
    coverage_report rep;
    audit_tree(&rep);
    assert_list(&rep.patterns, "../outside,/etc,docs,docs/*.rst,include,lib*,scripts,src,tests");
    /* a root can be a file (docs/guide.rst, which the text analyzer claims) */
    assert_list(&rep.resolved_roots, "docs,docs/guide.rst,lib,libexec");
    assert_issues(&rep, "");
    coverage_report_free(&rep);
}

static void test_no_root_in_the_repository_means_no_candidates(void **state)
{
    (void)state;
    put("other/x.rs", "fn main() {}");
    coverage_report rep;
    audit_tree(&rep);
    assert_int_equal(rep.resolved_roots.len, 0);
    assert_int_equal(rep.candidates, 0);
    assert_int_equal(rep.issues.len, 0);
    coverage_report_free(&rep);
}

/* ---- which files are issues ------------------------------------------- */

static void test_unclaimed_files_under_roots_are_issues_in_order(void **state)
{
    (void)state;
    put("src/x.rs", "fn main() {}");
    put("src/Y.RS", "fn y() {}");
    put("src/a.py", "x = 1\n");
    put("src/b.h", "int b;\n");
    put("scripts/run.json", "{}");
    put("tests/t.zsh", "echo\n"); /* .sh is claimed (bash) */
    put("other/z.rs", "outside every root");
    coverage_report rep;
    audit_tree(&rep);
    assert_issues(&rep, "scripts/run.json|scripts|.json;src/Y.RS|src|.rs;src/x.rs|src|.rs;"
                        "tests/t.zsh|tests|.zsh");
    for (size_t i = 0; i < rep.issues.len; i++)
        assert_string_equal(rep.issues.items[i].reason, COVERAGE_REASON_UNCLAIMED);
    assert_int_equal(rep.candidates, 6);
    coverage_report_free(&rep);
}

static void test_ignored_suffixes_are_not_issues(void **state)
{
    (void)state;
    put("src/README.txt", "read me");
    put("src/NOTES.MD", "# notes");
    put("src/Makefile", "all:");
    put("src/py.typed", "");
    put("src/.hidden", "x");
    put("src/trailing.", "x");
    put("src/keep.toml", "x");
    coverage_report rep;
    audit_tree(&rep);
    assert_issues(&rep, "src/keep.toml|src|.toml");
    coverage_report_free(&rep);
}

static void test_binary_heads_are_not_issues(void **state)
{
    (void)state;
    char buf[ROUTE_HEAD_BYTES + 100];
    memset(buf, 'a', sizeof(buf));
    buf[100] = '\0';
    put_bytes("src/early.bin", buf, sizeof(buf));
    memset(buf, 'a', sizeof(buf));
    buf[ROUTE_HEAD_BYTES + 10] = '\0'; /* past the head: text as far as the audit looks */
    put_bytes("src/late.bin", buf, sizeof(buf));
    put("src/empty.dat", "");
    coverage_report rep;
    audit_tree(&rep);
    assert_issues(&rep, "src/late.bin|src|.bin;src/empty.dat|src|.dat"); /* by suffix first */
    coverage_report_free(&rep);
}

static void test_skipped_folders_are_not_searched(void **state)
{
    (void)state;
    put("src/node_modules/a.rs", "x");
    put("src/build/b.rs", "x");
    put("src/__pycache__/c.rs", "x");
    put("src/.venv/d.rs", "x");
    put("src/deep/e.rs", "x");
    coverage_report rep;
    audit_tree(&rep);
    assert_issues(&rep, "src/deep/e.rs|src|.rs");
    coverage_report_free(&rep);
}

static void test_claims_decide_as_for_the_indexer(void **state)
{
    (void)state;
    load_plugins(true);
    put("lib/claimed.rt", "RT and more");
    put("lib/refused.rt", "not mine");
    coverage_report rep;
    audit_tree(&rep);
    assert_issues(&rep, "lib/refused.rt|lib|.rt");
    coverage_report_free(&rep);
}

static void test_git_mode_looks_at_tracked_files_only(void **state)
{
    (void)state;
    put("src/tracked.rs", "x");
    put("src/gone.rs", "x");
    sh("git init -q . && git add -A && git -c user.name=t -c user.email=t@example.invalid "
       "commit -qm init && rm src/gone.rs");
    put("src/untracked.rs", "x");
    coverage_report rep;
    audit_tree(&rep);
    assert_issues(&rep, "src/tracked.rs|src|.rs");
    coverage_report_free(&rep);
}

/* ---- partial files of the index ------------------------------------ */

static void test_partial_files_come_from_an_existing_index_only(void **state)
{
    (void)state;
    put("src/ok.py", "def ok():\n    return 1\n");
    put("src/bad.py", "def broken(:\n");
    put("src/x.rs", "fn main() {}");
    repo r;
    open_repo(&r);
    codira_error err = {0};
    coverage_report rep;
    assert_int_equal(coverage_audit(&r, &rep, &err), CODIRA_OK);
    assert_issues(&rep, "src/x.rs|src|.rs");
    assert_null(rep.index_note);
    coverage_report_free(&rep);
    char *state_dir = path_join(root, ".codira");
    assert_int_not_equal(access(state_dir, F_OK), 0); /* the audit never builds the index */

    assert_int_equal(state_ensure_dir(r.state_dir, &err), CODIRA_OK);
    index_options opt = {0};
    opt.jobs = 1;
    index_report ir;
    if (indexer_run(&r, &opt, &ir, &err)) fail_msg("indexer_run: %s", err.message);
    index_report_free(&ir);
    assert_int_equal(coverage_audit(&r, &rep, &err), CODIRA_OK);
    assert_issues(&rep, "src/x.rs|src|.rs;src/bad.py|src|.py");
    assert_string_equal(rep.issues.items[1].reason, COVERAGE_REASON_PARTIAL);
    coverage_report_free(&rep);
    free(state_dir);
    repo_free(&r);
}

static void test_background_audit_gives_the_same_report(void **state)
{
    (void)state;
    put("src/x.rs", "x");
    put("tests/y.zsh", "x");
    repo r;
    open_repo(&r);
    coverage_audit_job job;
    coverage_audit_start(&job, &r, true);
    assert_int_equal(coverage_audit_finish(&job), CODIRA_OK);
    assert_int_equal(coverage_audit_finish(&job), CODIRA_OK); /* a second wait is a no-op */
    assert_issues(&job.report, "src/x.rs|src|.rs;tests/y.zsh|tests|.zsh");
    coverage_report_free(&job.report);
    repo_free(&r);
}

/* <build>/test-plugins, next to the folder of this binary; NULL when missing */
static char *find_plugin_dir(void)
{
    char exe[PATH_MAX], real[PATH_MAX];
    if (!realpath("/proc/self/exe", exe)) return NULL;
    *strrchr(exe, '/') = '\0';
    char *dir = xasprintf("%s/../test-plugins", exe);
    char *found = realpath(dir, real) ? xstrdup(real) : NULL;
    free(dir);
    return found;
}

int main(void)
{
    plugin_dir = find_plugin_dir();
    if (!plugin_dir) {
        fprintf(stderr, "test_coverage: test-plugins is missing: build them with `make tools`\n");
        return 1;
    }
#define T(name) cmocka_unit_test_setup_teardown(name, test_setup, test_teardown)
    const struct CMUnitTest tests[] = {
        T(test_roots_are_the_sorted_union_of_the_declared_ones),
        T(test_globbed_roots_resolve_to_matching_entries_inside_the_repository),
        T(test_no_root_in_the_repository_means_no_candidates),
        T(test_unclaimed_files_under_roots_are_issues_in_order),
        T(test_ignored_suffixes_are_not_issues),
        T(test_binary_heads_are_not_issues),
        T(test_skipped_folders_are_not_searched),
        T(test_claims_decide_as_for_the_indexer),
        T(test_git_mode_looks_at_tracked_files_only),
        T(test_partial_files_come_from_an_existing_index_only),
        T(test_background_audit_gives_the_same_report),
    };
#undef T
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    free(plugin_dir);
    return rc;
}
