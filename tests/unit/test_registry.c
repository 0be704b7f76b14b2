/*
 * test_registry.c - the plugin registry: built-ins, external shared
 * objects from CODIRA_PLUGIN_PATH, duplicate names, refused registrations,
 * files that are not plugins, and plugin folders inside the repository.
 *
 * The plugins come from the sources in tests/plugins, built by `make tools` into
 * <build>/test-plugins/, a folder the registry never searches by itself. The
 * tests copy the objects into temporary folders under other names (or into
 * "plugins" next to this binary, which the registry searches as an
 * installed plugin folder) and look at the entries of those folders.
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
#include "util.h"

static char *plugin_dir; /* canonical <build>/test-plugins */
static char *exe_dir;    /* folder of this binary */
static char *tmp_root;   /* canonical, per test */

/* ---- helpers --------------------------------------------------------- */

static char *built_plugin(const char *name)
{
    char *p = xasprintf("%s/%s.so", plugin_dir, name);
    if (access(p, R_OK) != 0) fail_msg("%s is missing: build the test plugins with `make tools`", p);
    return p;
}

static void copy_file(const char *from, const char *to)
{
    char *data;
    size_t size;
    assert_int_equal(read_file(from, &data, &size), 0);
    assert_int_equal(write_file_atomic(to, data, size, 0755), 0);
    free(data);
}

/* Copy the built plugin `name` to <dir>/<as>; returns the new path. */
static char *install(const char *dir, const char *name, const char *as)
{
    char *src = built_plugin(name);
    char *dst = path_join(dir, as);
    copy_file(src, dst);
    free(src);
    return dst;
}

static char *subdir(const char *name)
{
    char *d = path_join(tmp_root, name);
    assert_int_equal(mkdir_p(d, 0755), 0);
    return d;
}

static void reload(const char *plugin_path, const char *repo_root)
{
    registry_reset();
    if (plugin_path) setenv("CODIRA_PLUGIN_PATH", plugin_path, 1);
    else unsetenv("CODIRA_PLUGIN_PATH");
    registry_load(repo_root);
}

static const plugin_entry *entry_for_file(const char *file)
{
    for (size_t i = 0; i < registry_count(); i++) {
        const plugin_entry *e = registry_entry(i);
        if (e->file && strcmp(e->file, file) == 0) return e;
    }
    return NULL;
}

static size_t entries_under(const char *dir)
{
    size_t n = 0;
    for (size_t i = 0; i < registry_count(); i++) {
        const plugin_entry *e = registry_entry(i);
        if (e->file && path_has_prefix(e->file, dir)) n++;
    }
    return n;
}

static const plugin_entry *loaded_entry(codira_family family, const char *name)
{
    for (size_t i = 0; i < registry_count(); i++) {
        const plugin_entry *e = registry_entry(i);
        if (e->family == family && e->status == PLUGIN_LOADED && strcmp(e->name, name) == 0)
            return e;
    }
    return NULL;
}

static int test_setup(void **state)
{
    (void)state;
    char tmpl[] = "/tmp/codira-unit-registry-XXXXXX";
    char *d = mkdtemp(tmpl);
    if (!d) return -1;
    char real[PATH_MAX];
    if (!realpath(d, real)) return -1;
    tmp_root = xstrdup(real);
    registry_reset();
    return 0;
}

static int test_teardown(void **state)
{
    (void)state;
    registry_reset();
    unsetenv("CODIRA_PLUGIN_PATH");
    char *cmd = xasprintf("rm -rf '%s'", tmp_root);
    int rc = system(cmd);
    free(cmd);
    free(tmp_root);
    tmp_root = NULL;
    return rc == 0 ? 0 : -1;
}

/* ---- built-ins ---------------------------------------------------------- */

static void test_builtins_are_registered_with_core_origin(void **state)
{
    (void)state;
    reload(NULL, NULL);
    static const struct {
        codira_family family;
        const char *name;
    } builtins[] = {
        {CODIRA_FAMILY_ANALYZER, "python"},
        {CODIRA_FAMILY_ANALYZER, "c"},
        {CODIRA_FAMILY_ANALYZER, "cpp"},
        {CODIRA_FAMILY_ANALYZER, "bash"},
        {CODIRA_FAMILY_ANALYZER, "json"},
        {CODIRA_FAMILY_ANALYZER, "markdown"},
        {CODIRA_FAMILY_ANALYZER, "text"},
        {CODIRA_FAMILY_BACKEND, "sqlite"},
    };
    size_t n_builtins = sizeof(builtins) / sizeof(*builtins);
    for (size_t i = 0; i < n_builtins; i++) {
        const plugin_entry *e = loaded_entry(builtins[i].family, builtins[i].name);
        if (!e) fail_msg("built-in %s is not loaded", builtins[i].name);
        assert_int_equal(e->origin, ORIGIN_CORE);
        assert_null(e->file);
        assert_null(e->detail);
        assert_string_equal(e->provider, "codira");
        assert_string_equal(plugin_origin_name(e->origin), "core");
        if (builtins[i].family == CODIRA_FAMILY_ANALYZER) {
            assert_non_null(e->analyzer);
            assert_null(e->backend);
            assert_ptr_equal(registry_find_analyzer(builtins[i].name), e->analyzer);
        } else {
            assert_non_null(e->backend);
            assert_null(e->analyzer);
            assert_ptr_equal(registry_find_backend(builtins[i].name), e->backend);
        }
    }
    /* the first entries are the built-ins, in registration order */
    for (size_t i = 0; i < n_builtins; i++)
        assert_string_equal(registry_entry(i)->name, builtins[i].name);
    const codira_backend *b = registry_find_backend("sqlite");
    assert_string_equal(b->name, "sqlite");
    assert_null(registry_find_backend("nope"));
    assert_null(registry_find_backend(NULL));
    assert_null(registry_find_analyzer("nope"));
    assert_null(registry_entry(registry_count()));
    assert_string_equal(plugin_family_name(CODIRA_FAMILY_ANALYZER), "analyzer");
    assert_string_equal(plugin_family_name(CODIRA_FAMILY_BACKEND), "backend");
}

static void test_analyzers_are_in_routing_order(void **state)
{
    (void)state;
    reload(NULL, NULL);
    size_t n = registry_analyzer_count();
    assert_true(n >= 2);
    /* python (priority 0), json (5: before c), c (10), cpp (15: the .h
     * files c leaves), bash (20) */
    assert_string_equal(registry_analyzer(0)->name, "python");
    assert_string_equal(registry_analyzer(1)->name, "json");
    assert_string_equal(registry_analyzer(2)->name, "c");
    assert_string_equal(registry_analyzer(3)->name, "cpp");
    assert_string_equal(registry_analyzer(4)->name, "bash");
    for (size_t i = 1; i < n; i++) {
        const codira_analyzer *a = registry_analyzer(i - 1), *b = registry_analyzer(i);
        assert_true(a->priority < b->priority ||
                    (a->priority == b->priority && strcmp(a->name, b->name) < 0));
    }
    assert_null(registry_analyzer(n));
    /* a refused analyzer is not routed to */
    assert_null(registry_find_analyzer("nopatterns"));
}

static void test_backend_names_are_sorted_and_comma_separated(void **state)
{
    (void)state;
    char *d = subdir("p");
    char *f = install(d, "dup_backend_a", "dup.so");
    reload(d, NULL);
    char *names = registry_backend_names();
    assert_string_equal(names, "dup, sqlite");
    free(names);
    free(f);
    free(d);
}

static void test_load_is_idempotent_until_reset(void **state)
{
    (void)state;
    reload(NULL, NULL);
    size_t n = registry_count(), na = registry_analyzer_count();
    registry_load(NULL);
    assert_int_equal(registry_count(), n);
    assert_int_equal(registry_analyzer_count(), na);
    registry_reset();
    assert_int_equal(registry_count(), 0);
    assert_int_equal(registry_analyzer_count(), 0);
    assert_null(registry_find_backend("sqlite"));
    registry_load(NULL);
    assert_int_equal(registry_count(), n);
}

static void test_plugins_next_to_the_binary_are_loaded_as_third_party(void **state)
{
    (void)state;
    /* <exe dir>/plugins is searched as an installed folder; the test
     * plugins' provider is not "codira", so they are not first-party even there */
    char *d = xasprintf("%s/plugins", exe_dir);
    assert_int_equal(mkdir_p(d, 0755), 0);
    char *a = install(d, "dup_backend_a", "a.so"), *b = install(d, "dup_backend_b", "b.so");
    reload(NULL, NULL);
    const plugin_entry *ea = entry_for_file(a), *eb = entry_for_file(b);
    assert_non_null(ea);
    assert_non_null(eb);
    assert_int_equal(ea->status, PLUGIN_LOADED);
    assert_int_equal(ea->origin, ORIGIN_THIRD_PARTY);
    assert_string_equal(ea->version, "a");
    assert_int_equal(eb->status, PLUGIN_DUPLICATE);
    assert_ptr_equal(registry_find_backend("dup"), ea->backend);
    unlink(a);
    unlink(b);
    rmdir(d);
    free(a);
    free(b);
    free(d);
}

/* ---- duplicates --------------------------------------------------------- */

static void check_dup_winner(const char *winner_file, const char *version, const char *loser_file)
{
    const codira_backend *dup = registry_find_backend("dup");
    assert_non_null(dup);
    assert_string_equal(dup->version, version);
    const plugin_entry *w = entry_for_file(winner_file);
    assert_non_null(w);
    assert_int_equal(w->status, PLUGIN_LOADED);
    assert_int_equal(w->family, CODIRA_FAMILY_BACKEND);
    assert_int_equal(w->origin, ORIGIN_THIRD_PARTY);
    assert_string_equal(w->provider, "codira-tests");
    assert_null(w->detail);
    assert_ptr_equal(w->backend, dup);
    const plugin_entry *l = entry_for_file(loser_file);
    assert_non_null(l);
    assert_int_equal(l->status, PLUGIN_DUPLICATE);
    assert_int_equal(l->family, CODIRA_FAMILY_BACKEND);
    assert_string_equal(l->name, "dup");
    assert_null(l->backend);
    assert_non_null(l->detail);
    if (!strstr(l->detail, winner_file))
        fail_msg("duplicate detail '%s' does not name the winner %s", l->detail, winner_file);
}

static void test_duplicate_first_folder_on_plugin_path_wins(void **state)
{
    (void)state;
    char *d1 = subdir("first"), *d2 = subdir("second");
    /* the later folder holds the file with the smaller name, created first */
    char *fa = install(d2, "dup_backend_a", "a_dup.so");
    char *fb = install(d1, "dup_backend_b", "z_dup.so");
    char *path = xasprintf("%s:%s", d1, d2);
    reload(path, NULL);
    check_dup_winner(fb, "b", fa);
    free(path);
    /* and the other way round */
    path = xasprintf("%s:%s", d2, d1);
    reload(path, NULL);
    check_dup_winner(fa, "a", fb);
    /* the backend works through the wrapper: no index in an empty folder */
    codira_store_args args = {sizeof(args), tmp_root, d1};
    codira_store *st = NULL;
    codira_error err = {0};
    const codira_backend *dup = registry_find_backend("dup");
    assert_int_equal(dup->open(dup, &args, &st, &err), CODIRA_NOT_FOUND);
    free(path);
    free(fa);
    free(fb);
    free(d1);
    free(d2);
}

static void test_duplicate_in_one_folder_file_name_order_wins(void **state)
{
    (void)state;
    char *d = subdir("one");
    /* created in the opposite order of their names */
    char *late = install(d, "dup_backend_a", "zz.so");
    char *early = install(d, "dup_backend_b", "aa.so");
    reload(d, NULL);
    check_dup_winner(early, "b", late);
    /* and in another folder created in name order: the name decides, not
     * the age (an object already loaded from a path cannot be replaced in
     * this process, hence new paths) */
    char *d2 = subdir("two");
    char *early2 = install(d2, "dup_backend_a", "aa.so");
    char *late2 = install(d2, "dup_backend_b", "zz.so");
    reload(d2, NULL);
    check_dup_winner(early2, "a", late2);
    free(early2);
    free(late2);
    free(d2);
    free(late);
    free(early);
    free(d);
}

static void test_same_folder_twice_on_plugin_path_is_loaded_once(void **state)
{
    (void)state;
    char *d = subdir("twice");
    char *f = install(d, "dup_backend_a", "dup.so");
    char *path = xasprintf("%s:%s/.:%s/../twice", d, d, d);
    reload(path, NULL);
    assert_int_equal(entries_under(d), 1);
    assert_int_equal(entry_for_file(f)->status, PLUGIN_LOADED);
    free(path);
    free(f);
    free(d);
}

/* ---- refused plugins ------------------------------------------------------ */

static const plugin_entry *named_entry_under(const char *dir, const char *name)
{
    for (size_t i = 0; i < registry_count(); i++) {
        const plugin_entry *e = registry_entry(i);
        if (e->file && path_has_prefix(e->file, dir) && strcmp(e->name, name) == 0) return e;
    }
    return NULL;
}

static void test_bad_plugin_registrations_fail_with_reasons(void **state)
{
    (void)state;
    char *d = subdir("bad");
    char *f = install(d, "bad_plugin", "bad.so");
    reload(d, NULL);
    assert_int_equal(entries_under(d), 3);
    const plugin_entry *an = named_entry_under(d, "nopatterns");
    assert_non_null(an);
    assert_int_equal(an->family, CODIRA_FAMILY_ANALYZER);
    assert_int_equal(an->status, PLUGIN_FAILED);
    assert_string_equal(an->detail, "analyzer declares no file patterns");
    assert_null(an->analyzer);
    const plugin_entry *half = named_entry_under(d, "halfbackend");
    assert_non_null(half);
    assert_int_equal(half->family, CODIRA_FAMILY_BACKEND);
    assert_int_equal(half->status, PLUGIN_FAILED);
    assert_string_equal(half->detail, "backend is missing required methods");
    assert_null(half->backend);
    /* a duplicate of a built-in name loses against the built-in */
    const plugin_entry *shadow = named_entry_under(d, "sqlite");
    assert_non_null(shadow);
    assert_int_equal(shadow->status, PLUGIN_DUPLICATE);
    assert_string_equal(shadow->version, "shadow");
    assert_non_null(strstr(shadow->detail, "built-in"));
    /* nothing of it is usable */
    assert_null(registry_find_analyzer("nopatterns"));
    assert_null(registry_find_backend("halfbackend"));
    assert_string_not_equal(registry_find_backend("sqlite")->version, "shadow");
    assert_int_equal(loaded_entry(CODIRA_FAMILY_BACKEND, "sqlite")->origin, ORIGIN_CORE);
    free(f);
    free(d);
}

static void test_files_that_are_not_plugins_give_failed_entries(void **state)
{
    (void)state;
    char *d = subdir("junk");
    char *garbage = path_join(d, "garbage.so");
    assert_int_equal(write_file_atomic(garbage, "not an ELF file\n", 16, 0755), 0);
    char *noentry = install(d, "no_entry", "noentry.so");
    char *regerr = install(d, "register_error", "regerr.so");
    /* not considered at all: other suffixes, hidden files, folders */
    char *txt = path_join(d, "readme.txt"), *hidden = path_join(d, ".hidden.so");
    assert_int_equal(write_file_atomic(txt, "x", 1, 0644), 0);
    copy_file(noentry, hidden);
    char *folder = path_join(d, "folder.so");
    assert_int_equal(mkdir(folder, 0755), 0);
    reload(d, NULL);
    assert_int_equal(entries_under(d), 3);

    const plugin_entry *e = entry_for_file(garbage);
    assert_non_null(e);
    assert_int_equal(e->status, PLUGIN_FAILED);
    assert_int_equal(e->family, 0);
    assert_string_equal(e->name, "garbage.so");
    assert_true(str_starts_with(e->detail, "cannot load: "));

    e = entry_for_file(noentry);
    assert_non_null(e);
    assert_int_equal(e->status, PLUGIN_FAILED);
    assert_string_equal(e->detail, "no codira_plugin_register_v1 symbol");

    e = entry_for_file(regerr);
    assert_non_null(e);
    assert_int_equal(e->status, PLUGIN_FAILED);
    assert_string_equal(e->name, "regerr.so");
    char *expected = xasprintf("registration returned error %d", CODIRA_E_UNSUPPORTED);
    assert_string_equal(e->detail, expected);
    free(expected);

    assert_null(entry_for_file(hidden));
    assert_null(entry_for_file(txt));
    /* the built-ins are unaffected */
    assert_non_null(registry_find_backend("sqlite"));
    free(folder);
    free(txt);
    free(hidden);
    free(regerr);
    free(noentry);
    free(garbage);
    free(d);
}

static void test_missing_folders_on_plugin_path_are_ignored(void **state)
{
    (void)state;
    char *missing = path_join(tmp_root, "does-not-exist");
    char *path = xasprintf("%s::/nonexistent/codira/plugins:", missing);
    reload(path, NULL);
    assert_int_equal(entries_under(tmp_root), 0);
    for (size_t i = 0; i < registry_count(); i++) {
        const plugin_entry *e = registry_entry(i);
        /* only the built-ins and the objects next to this binary */
        if (e->file) assert_true(path_has_prefix(e->file, plugin_dir));
    }
    free(path);
    free(missing);
}

/* ---- plugins never come from the repository ----------------------------- */

static void test_plugin_folder_inside_the_repository_is_refused(void **state)
{
    (void)state;
    char *repo = subdir("repo");
    char *inside = subdir("repo/tools/plugins");
    char *outside = subdir("outside");
    char *fin = install(inside, "dup_backend_b", "evil.so");
    char *fout = install(outside, "bad_plugin", "bad.so");
    char *path = xasprintf("%s:%s", inside, outside);
    reload(path, repo);
    /* one refusal entry for the folder, nothing loaded from it */
    const plugin_entry *refused = NULL;
    for (size_t i = 0; i < registry_count(); i++) {
        const plugin_entry *e = registry_entry(i);
        if (e->file && strcmp(e->file, inside) == 0) refused = e;
    }
    assert_non_null(refused);
    assert_int_equal(refused->status, PLUGIN_FAILED);
    assert_string_equal(refused->name, "plugins");
    assert_non_null(strstr(refused->detail, "inside the repository"));
    assert_null(entry_for_file(fin));
    const plugin_entry *dup = loaded_entry(CODIRA_FAMILY_BACKEND, "dup");
    assert_true(!dup || !path_has_prefix(dup->file, repo));
    /* the folder outside the repository is still searched */
    assert_int_equal(entries_under(outside), 3);

    /* the same through another spelling of the repository root */
    char *spelled = xasprintf("%s/tools/../.", repo);
    reload(path, spelled);
    assert_null(entry_for_file(fin));
    free(spelled);
    /* and when the plugin folder is reached through a symlink */
    char *link = path_join(tmp_root, "link-to-plugins");
    assert_int_equal(symlink(inside, link), 0);
    reload(link, repo);
    assert_null(entry_for_file(fin));
    bool refused_link = false;
    for (size_t i = 0; i < registry_count(); i++) {
        const plugin_entry *e = registry_entry(i);
        if (e->status == PLUGIN_FAILED && e->detail && strstr(e->detail, "inside the repository"))
            refused_link = true;
    }
    assert_true(refused_link);

    /* without a repository root the same folder is an ordinary plugin folder */
    reload(inside, NULL);
    assert_non_null(entry_for_file(fin));
    assert_int_equal(entry_for_file(fin)->status, PLUGIN_LOADED);
    free(link);
    free(path);
    free(fout);
    free(fin);
    free(outside);
    free(inside);
    free(repo);
}

int main(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0) return 1;
    exe[n] = '\0';
    *strrchr(exe, '/') = '\0';
    exe_dir = xstrdup(exe);
    /* <build>/tests/test_registry -> <build>/test-plugins */
    char *dir = xasprintf("%s/../test-plugins", exe);
    char real[PATH_MAX];
    if (!realpath(dir, real)) {
        fprintf(stderr, "test_registry: %s is missing: build the test plugins with `make tools`\n",
                dir);
        free(dir);
        return 1;
    }
    free(dir);
    plugin_dir = xstrdup(real);
#define T(name) cmocka_unit_test_setup_teardown(name, test_setup, test_teardown)
    const struct CMUnitTest tests[] = {
        T(test_builtins_are_registered_with_core_origin),
        T(test_analyzers_are_in_routing_order),
        T(test_backend_names_are_sorted_and_comma_separated),
        T(test_load_is_idempotent_until_reset),
        T(test_plugins_next_to_the_binary_are_loaded_as_third_party),
        T(test_duplicate_first_folder_on_plugin_path_wins),
        T(test_duplicate_in_one_folder_file_name_order_wins),
        T(test_same_folder_twice_on_plugin_path_is_loaded_once),
        T(test_bad_plugin_registrations_fail_with_reasons),
        T(test_files_that_are_not_plugins_give_failed_entries),
        T(test_missing_folders_on_plugin_path_are_ignored),
        T(test_plugin_folder_inside_the_repository_is_refused),
    };
#undef T
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    free(plugin_dir);
    free(exe_dir);
    return rc;
}
