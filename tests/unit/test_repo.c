/*
 * test_repo.c - the repository a command works on: root and state folder
 * resolution (--path, CODIRA_TARGET_DIR, discovery from the current
 * folder, output folder), prefix normalisation and backend selection.
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

#include "registry.h"
#include "repo.h"
#include "util.h"

static char *tmp_root;  /* canonical, per test */
static char *saved_cwd;
static char *saved_home;

static const char *const ENV_VARS[] = {"CODIRA_TARGET_DIR", "CODIRA_OUTPUT_DIR",
                                       "CODIRA_INDEX_BACKEND"};

static int test_setup(void **state)
{
    (void)state;
    char tmpl[] = "/tmp/codira-unit-repo-XXXXXX";
    char *d = mkdtemp(tmpl);
    if (!d) return -1;
    char real[PATH_MAX];
    if (!realpath(d, real)) return -1;
    tmp_root = xstrdup(real);
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof(cwd))) return -1;
    saved_cwd = xstrdup(cwd);
    const char *home = getenv("HOME");
    saved_home = home ? xstrdup(home) : NULL;
    for (size_t i = 0; i < 3; i++) unsetenv(ENV_VARS[i]);
    return 0;
}

static int test_teardown(void **state)
{
    (void)state;
    int rc = chdir(saved_cwd);
    for (size_t i = 0; i < 3; i++) unsetenv(ENV_VARS[i]);
    if (saved_home) setenv("HOME", saved_home, 1);
    else unsetenv("HOME");
    char *cmd = xasprintf("rm -rf '%s'", tmp_root);
    rc |= system(cmd);
    free(cmd);
    free(tmp_root);
    free(saved_cwd);
    free(saved_home);
    tmp_root = saved_cwd = saved_home = NULL;
    return rc == 0 ? 0 : -1;
}

/* tmp_root/rel as a folder; returns its path */
static char *dir(const char *rel)
{
    char *d = path_join(tmp_root, rel);
    assert_int_equal(mkdir_p(d, 0755), 0);
    return d;
}

static char *file(const char *rel)
{
    char *f = path_join(tmp_root, rel);
    assert_int_equal(write_file_atomic(f, "x", 1, 0644), 0);
    return f;
}

static void resolve_ok(repo *r, const char *path_flag, const char *output_flag)
{
    codira_error err = {0};
    int rc = repo_resolve(r, path_flag, output_flag, &err);
    if (rc != CODIRA_OK) fail_msg("repo_resolve(%s, %s): %d %s", path_flag, output_flag, rc, err.message);
}

static void resolve_fails(const char *path_flag, const char *output_flag, const char *message_part)
{
    repo r;
    codira_error err = {0};
    int rc = repo_resolve(&r, path_flag, output_flag, &err);
    if (rc != CODIRA_E_INVALID)
        fail_msg("repo_resolve(%s, %s) = %d, expected CODIRA_E_INVALID", path_flag, output_flag, rc);
    assert_int_equal(err.code, CODIRA_E_INVALID);
    if (!strstr(err.message, message_part))
        fail_msg("message '%s' lacks '%s'", err.message, message_part);
    /* a failed resolution leaves nothing to free */
    assert_null(r.root);
    assert_null(r.state_dir);
}

static void assert_state_dir(const repo *r, const char *folder)
{
    char *expected = path_join(folder, ".codira");
    assert_string_equal(r->state_dir, expected);
    free(expected);
}

/* ---- repo_resolve: root ------------------------------------------------- */

static void test_resolve_with_path_flag(void **state)
{
    (void)state;
    char *root = dir("project");
    repo r;
    resolve_ok(&r, root, NULL);
    assert_string_equal(r.root, root);
    assert_state_dir(&r, root);
    assert_null(r.backend);
    assert_int_equal(r.args.struct_size, sizeof(r.args));
    assert_ptr_equal(r.args.root, r.root);
    assert_ptr_equal(r.args.state_dir, r.state_dir);
    /* resolving never creates the state folder */
    assert_int_equal(access(r.state_dir, F_OK), -1);
    repo_free(&r);
    assert_null(r.root);

    /* the root is canonical: trailing slash, "..", symbolic links */
    char *messy = xasprintf("%s/project/../project/", tmp_root);
    resolve_ok(&r, messy, NULL);
    assert_string_equal(r.root, root);
    repo_free(&r);
    free(messy);
    char *link = path_join(tmp_root, "link");
    assert_int_equal(symlink(root, link), 0);
    resolve_ok(&r, link, NULL);
    assert_string_equal(r.root, root);
    assert_state_dir(&r, root);
    repo_free(&r);
    free(link);

    /* relative to the current folder */
    assert_int_equal(chdir(tmp_root), 0);
    resolve_ok(&r, "project", NULL);
    assert_string_equal(r.root, root);
    repo_free(&r);
    free(root);
}

static void test_resolve_with_target_dir_environment(void **state)
{
    (void)state;
    char *a = dir("a"), *b = dir("b");
    setenv("CODIRA_TARGET_DIR", a, 1);
    repo r;
    resolve_ok(&r, NULL, NULL);
    assert_string_equal(r.root, a);
    assert_state_dir(&r, a);
    repo_free(&r);
    /* the flag wins over the environment */
    resolve_ok(&r, b, NULL);
    assert_string_equal(r.root, b);
    repo_free(&r);
    /* an empty variable is no variable */
    setenv("CODIRA_TARGET_DIR", "", 1);
    assert_int_equal(chdir(b), 0);
    resolve_ok(&r, NULL, NULL);
    assert_string_equal(r.root, b);
    repo_free(&r);
    free(a);
    free(b);
}

static void test_resolve_expands_home(void **state)
{
    (void)state;
    char *home = dir("home"), *proj = dir("home/proj");
    setenv("HOME", home, 1);
    repo r;
    resolve_ok(&r, "~/proj", NULL);
    assert_string_equal(r.root, proj);
    repo_free(&r);
    resolve_ok(&r, "~", NULL);
    assert_string_equal(r.root, home);
    repo_free(&r);
    free(home);
    free(proj);
}

static void test_resolve_rejects_missing_and_non_folder_targets(void **state)
{
    (void)state;
    char *missing = path_join(tmp_root, "missing");
    resolve_fails(missing, NULL, "cannot be resolved");
    char *f = file("plain.txt");
    resolve_fails(f, NULL, "not a directory");
    setenv("CODIRA_TARGET_DIR", missing, 1);
    resolve_fails(NULL, NULL, "cannot be resolved");
    free(f);
    free(missing);
}

static void test_resolve_discovers_root_from_current_folder(void **state)
{
    (void)state;
    if (access("/.codira", F_OK) == 0 || access("/.git", F_OK) == 0 ||
        access("/tmp/.codira", F_OK) == 0 || access("/tmp/.git", F_OK) == 0)
        skip();
    char *top = dir("top"), *deep = dir("top/a/b");
    repo r;
    /* nothing above: the current folder itself */
    assert_int_equal(chdir(deep), 0);
    resolve_ok(&r, NULL, NULL);
    assert_string_equal(r.root, deep);
    repo_free(&r);
    /* the enclosing git work tree (.git may be a file, as in worktrees) */
    char *git = file("top/.git");
    resolve_ok(&r, NULL, NULL);
    assert_string_equal(r.root, top);
    repo_free(&r);
    /* the nearest folder holding an index wins over git */
    char *indexed = dir("top/a/.codira");
    char *a = path_join(tmp_root, "top/a");
    resolve_ok(&r, NULL, NULL);
    assert_string_equal(r.root, a);
    assert_state_dir(&r, a);
    repo_free(&r);
    /* ...unless the state is redirected elsewhere: then git decides */
    char *out = dir("out");
    resolve_ok(&r, NULL, out);
    assert_string_equal(r.root, top);
    assert_state_dir(&r, out);
    repo_free(&r);
    /* a .codira file (not a folder) is no index */
    char *cmd = xasprintf("rm -rf '%s' && touch '%s'", indexed, indexed);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    resolve_ok(&r, NULL, NULL);
    assert_string_equal(r.root, top);
    repo_free(&r);
    free(out);
    free(a);
    free(indexed);
    free(git);
    free(top);
    free(deep);
}

/* ---- repo_resolve: output folder ------------------------------------------ */

static void test_output_dir_that_does_not_exist_yet_is_accepted(void **state)
{
    (void)state;
    char *root = dir("root");
    char *out = path_join(tmp_root, "out/nested/deeper");
    repo r;
    resolve_ok(&r, root, out);
    assert_string_equal(r.root, root);
    assert_state_dir(&r, out);
    /* nothing is created by resolving */
    char *parent = path_join(tmp_root, "out");
    assert_int_equal(access(parent, F_OK), -1);
    free(parent);
    repo_free(&r);
    /* the environment variable works the same way; the flag wins */
    setenv("CODIRA_OUTPUT_DIR", out, 1);
    resolve_ok(&r, root, NULL);
    assert_state_dir(&r, out);
    repo_free(&r);
    char *other = dir("other");
    resolve_ok(&r, root, other);
    assert_state_dir(&r, other);
    repo_free(&r);
    /* relative output folders are taken from the current folder */
    unsetenv("CODIRA_OUTPUT_DIR");
    assert_int_equal(chdir(tmp_root), 0);
    resolve_ok(&r, root, "rel/out");
    char *abs = path_join(tmp_root, "rel/out");
    assert_state_dir(&r, abs);
    repo_free(&r);
    free(abs);
    free(other);
    free(out);
    free(root);
}

static void test_output_path_that_is_a_file_is_rejected(void **state)
{
    (void)state;
    char *root = dir("root");
    char *f = file("state-file");
    resolve_fails(root, f, "not a directory");
    setenv("CODIRA_OUTPUT_DIR", f, 1);
    resolve_fails(root, NULL, "not a directory");
    unsetenv("CODIRA_OUTPUT_DIR");
    /* below a file: the nearest existing ancestor is not a usable folder */
    char *below = path_join(f, "sub");
    resolve_fails(root, below, "not writable");
    free(below);
    free(f);
    free(root);
}

/* ---- repo_normalize_prefix --------------------------------------------------- */

typedef struct prefix_case {
    const char *in, *out, *message; /* out NULL: rejected with message */
} prefix_case;

static void test_normalize_prefix_table(void **state)
{
    (void)state;
    char *root = dir("repo");
    char *ab = dir("repo/a/b");
    char *x = file("repo/a/x.py");
    char *outside = dir("outside");
    char *sibling = dir("repo-sibling");
    char *l1 = path_join(root, "out"), *l2 = path_join(root, "inlink"),
         *l3 = path_join(root, "sib");
    assert_int_equal(symlink(outside, l1), 0);
    assert_int_equal(symlink("a", l2), 0);
    assert_int_equal(symlink(sibling, l3), 0);
    repo r;
    resolve_ok(&r, root, NULL);
    static const prefix_case cases[] = {
        {"", "", NULL},
        {".", "", NULL},
        {"./", "", NULL},
        {"a", "a", NULL},
        {"./a/", "a", NULL},
        {"a//b/", "a/b", NULL},
        {"a/../a/b", "a/b", NULL},
        {"  a/b  ", "a/b", NULL},
        {"\ta\t", "a", NULL},
        {"a/x.py", "a/x.py", NULL},        /* a file is a prefix too */
        {"inlink", "inlink", NULL},        /* a link that stays inside */
        {"/abs", NULL, "relative"},
        {"  /abs", NULL, "relative"},
        {"../x", NULL, "stay under"},
        {"a/../../x", NULL, "stay under"},
        {"..", NULL, "stay under"},
        {"missing", NULL, "does not exist"},
        {"a/missing.py", NULL, "does not exist"},
        {"out", NULL, "stay under"},       /* a link leading outside */
        {"sib", NULL, "stay under"},       /* ...to a folder whose name extends the root's */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        codira_error err = {0};
        char *got = repo_normalize_prefix(&r, cases[i].in, &err);
        if (cases[i].out) {
            if (!got) fail_msg("prefix '%s' rejected: %s", cases[i].in, err.message);
            if (strcmp(got, cases[i].out) != 0)
                fail_msg("prefix '%s' -> '%s', expected '%s'", cases[i].in, got, cases[i].out);
        } else {
            if (got) fail_msg("prefix '%s' accepted as '%s'", cases[i].in, got);
            assert_int_equal(err.code, CODIRA_E_INVALID);
            if (!strstr(err.message, cases[i].message))
                fail_msg("prefix '%s': message '%s' lacks '%s'", cases[i].in, err.message,
                         cases[i].message);
        }
        free(got);
    }
    codira_error err = {0};
    char *all = repo_normalize_prefix(&r, NULL, &err);
    assert_string_equal(all, "");
    free(all);
    repo_free(&r);
    free(l1);
    free(l2);
    free(l3);
    free(sibling);
    free(outside);
    free(x);
    free(ab);
    free(root);
}

/* ---- backend selection ---------------------------------------------------------- */

static void test_select_backend_default_and_named(void **state)
{
    (void)state;
    registry_reset();
    registry_load(NULL);
    char *root = dir("root");
    repo r;
    resolve_ok(&r, root, NULL);
    assert_string_equal(repo_backend_name(), "sqlite");
    codira_error err = {0};
    assert_int_equal(repo_select_backend(&r, &err), CODIRA_OK);
    assert_ptr_equal(r.backend, registry_find_backend("sqlite"));
    setenv("CODIRA_INDEX_BACKEND", "", 1); /* empty: the default */
    assert_string_equal(repo_backend_name(), "sqlite");
    setenv("CODIRA_INDEX_BACKEND", "sqlite", 1);
    assert_int_equal(repo_select_backend(&r, &err), CODIRA_OK);
    assert_string_equal(r.backend->name, "sqlite");
    repo_free(&r);
    registry_reset();
    free(root);
}

static void test_select_unknown_backend_lists_available_ones(void **state)
{
    (void)state;
    registry_reset();
    registry_load(NULL);
    char *root = dir("root");
    repo r;
    resolve_ok(&r, root, NULL);
    setenv("CODIRA_INDEX_BACKEND", "nope", 1);
    codira_error err = {0};
    assert_int_equal(repo_select_backend(&r, &err), CODIRA_E_INVALID);
    assert_null(r.backend);
    assert_non_null(strstr(err.message, "Unsupported codira backend 'nope'"));
    assert_non_null(strstr(err.message, "Available backends: "));
    assert_non_null(strstr(err.message, "sqlite"));
    /* the first-party duckdb backend: how to get it */
    setenv("CODIRA_INDEX_BACKEND", "duckdb", 1);
    assert_int_equal(repo_select_backend(&r, &err), CODIRA_E_INVALID);
    assert_non_null(strstr(err.message, "'duckdb'"));
    assert_non_null(strstr(err.message, "make duckdb"));
    assert_non_null(strstr(err.message, "CODIRA_PLUGIN_PATH"));
    assert_non_null(strstr(err.message, registry_install_dir()));
    repo_free(&r);
    registry_reset();
    free(root);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, test_setup, test_teardown)
    const struct CMUnitTest tests[] = {
        T(test_resolve_with_path_flag),
        T(test_resolve_with_target_dir_environment),
        T(test_resolve_expands_home),
        T(test_resolve_rejects_missing_and_non_folder_targets),
        T(test_resolve_discovers_root_from_current_folder),
        T(test_output_dir_that_does_not_exist_yet_is_accepted),
        T(test_output_path_that_is_a_file_is_rejected),
        T(test_normalize_prefix_table),
        T(test_select_backend_default_and_named),
        T(test_select_unknown_backend_lists_available_ones),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
