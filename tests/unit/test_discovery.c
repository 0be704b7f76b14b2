/*
 * test_discovery.c - file discovery: gitignore-style matching, the folder
 * walk (nested .gitignore files, skipped folders, symbolic links, watch
 * list) and git mode (tracked + untracked-not-ignored files).
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

#include "discovery.h"
#include "util.h"

static const char *const PATTERNS[] = {"*.py", "*.c", "*.h"};
#define N_PATTERNS (sizeof(PATTERNS) / sizeof(PATTERNS[0]))

/* ---- helpers --------------------------------------------------------- */

static char *make_tmpdir(void)
{
    char tmpl[] = "/tmp/codira-unit-scan-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    /* canonical: scan results and issues are compared against it */
    char real[PATH_MAX];
    assert_non_null(realpath(d, real));
    return xstrdup(real);
}

static void rm_rf(const char *path)
{
    char *cmd = xasprintf("rm -rf '%s'", path);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

/* Write root/rel, creating its folders. */
static void put(const char *root, const char *rel, const char *content)
{
    char *abs = path_join(root, rel);
    char *dir = xstrdup(abs);
    *strrchr(dir, '/') = '\0';
    assert_int_equal(mkdir_p(dir, 0755), 0);
    assert_int_equal(write_file_atomic(abs, content, strlen(content), 0644), 0);
    free(dir);
    free(abs);
}

static void mkdirs(const char *root, const char *rel)
{
    char *abs = path_join(root, rel);
    assert_int_equal(mkdir_p(abs, 0755), 0);
    free(abs);
}

static void link_at(const char *root, const char *rel, const char *target)
{
    char *abs = path_join(root, rel);
    if (symlink(target, abs) != 0) fail_msg("symlink %s -> %s: %s", abs, target, strerror(errno));
    free(abs);
}

static void run(const char *fmt, ...) CODIRA_PRINTF(1, 2);
static void run(const char *fmt, ...)
{
    strbuf sb;
    va_list ap;
    sb_init(&sb);
    va_start(ap, fmt);
    sb_vaddf(&sb, fmt, ap);
    va_end(ap);
    int rc = system(sb.buf);
    if (rc != 0) fail_msg("command failed (%d): %s", rc, sb.buf);
    sb_free(&sb);
}

static void scan(const char *root, scan_result *r)
{
    codira_error err = {0};
    int rc = scan_repository(root, PATTERNS, N_PATTERNS, r, &err);
    if (rc != CODIRA_OK) fail_msg("scan_repository: %d %s", rc, err.message);
}

/* "a.py,b/c.py" - the paths of the result, in its order */
static char *file_list(const scan_result *r)
{
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < r->files.len; i++) {
        if (i) sb_addc(&sb, ',');
        sb_adds(&sb, r->files.items[i].path);
    }
    return sb_steal(&sb);
}

static char *watch_list(const scan_result *r)
{
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < r->watch.len; i++) {
        if (i) sb_addc(&sb, ',');
        sb_adds(&sb, *r->watch.items[i].path ? r->watch.items[i].path : "<root>");
    }
    return sb_steal(&sb);
}

static void assert_files(const scan_result *r, const char *expected)
{
    char *got = file_list(r);
    assert_string_equal(got, expected);
    free(got);
}

static const scan_file *find_file(const scan_result *r, const char *path)
{
    for (size_t i = 0; i < r->files.len; i++)
        if (strcmp(r->files.items[i].path, path) == 0) return &r->files.items[i];
    return NULL;
}

static const scan_watch *find_watch(const scan_result *r, const char *path)
{
    for (size_t i = 0; i < r->watch.len; i++)
        if (strcmp(r->watch.items[i].path, path) == 0) return &r->watch.items[i];
    return NULL;
}

static const scan_issue *find_issue(const scan_result *r, const char *path)
{
    for (size_t i = 0; i < r->issues.len; i++)
        if (strcmp(r->issues.items[i].path, path) == 0) return &r->issues.items[i];
    return NULL;
}

#define GIT "git -c user.name=test -c user.email=test@example.invalid -c init.defaultBranch=main" \
            " -c core.autocrlf=false -c commit.gpgsign=false"

/* ---- wildmatch --------------------------------------------------------- */

static void test_wildmatch_table(void **state)
{
    (void)state;
    static const struct {
        const char *pattern, *text;
        bool pathname, match;
    } cases[] = {
        {"*.py", "a.py", true, true},
        {"*.py", ".py", true, true},
        {"*.py", "a.pyc", true, false},
        {"*.py", "dir/a.py", true, false},   /* '*' does not cross '/' */
        {"*.py", "dir/a.py", false, true},   /* ...unless not in pathname mode */
        {"a*b", "a/b", true, false},
        {"a*b", "axxb", true, true},
        {"**/foo", "foo", true, true},       /* zero folders */
        {"**/foo", "a/foo", true, true},
        {"**/foo", "a/b/c/foo", true, true},
        {"**/foo", "a/xfoo", true, false},
        {"**/foo", "foo/bar", true, false},
        {"a/**/b", "a/b", true, true},
        {"a/**/b", "a/x/b", true, true},
        {"a/**/b", "a/x/y/z/b", true, true},
        {"a/**/b", "a/xb", true, false},
        {"a/**/b", "b/x/b", true, false},
        {"foo/**", "foo/a", true, true},
        {"foo/**", "foo/a/b/c", true, true},
        {"foo/**", "foo", true, false},
        {"foo/**", "foobar/a", true, false},
        {"**", "any/thing/at/all", true, true},
        {"[a-c]x", "ax", true, true},
        {"[a-c]x", "bx", true, true},
        {"[a-c]x", "cx", true, true},
        {"[a-c]x", "dx", true, false},
        {"[a-c]x", "x", true, false},
        {"[!a]x", "bx", true, true},
        {"[!a]x", "ax", true, false},
        {"[^a]x", "ax", true, false},
        {"[!a]x", "/x", true, false},        /* a class never matches '/' in pathname mode */
        {"[]]", "]", true, true},            /* ']' first is a member */
        {"[abc", "a", true, false},          /* malformed class: no match */
        {"?", "a", true, true},
        {"?", "", true, false},
        {"?", "ab", true, false},
        {"a?c", "abc", true, true},
        {"a?c", "a/c", true, false},         /* '?' does not match '/' */
        {"a?c", "a/c", false, true},
        {"\\*x", "*x", true, true},          /* escaped star is literal */
        {"\\*x", "ax", true, false},
        {"a\\?", "a?", true, true},
        {"a\\?", "ab", true, false},
        {"\\[x]", "[x]", true, true},
        {"\\[x]", "x", true, false},
        {"", "", true, true},
        {"", "a", true, false},
        {"abc", "abc", true, true},
        {"abc", "abcd", true, false},
        {"*", "", true, true},
        {"*", "dir/file", true, false},
        {"dir/*", "dir/file", true, true},
        {"dir/*", "dir/sub/file", true, false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        bool got = wildmatch(cases[i].pattern, cases[i].text, cases[i].pathname);
        if (got != cases[i].match)
            fail_msg("wildmatch(\"%s\", \"%s\", %s) = %s, expected %s", cases[i].pattern,
                     cases[i].text, cases[i].pathname ? "true" : "false", got ? "true" : "false",
                     cases[i].match ? "true" : "false");
    }
}

static void test_scan_name_matches_and_skipped_dirs(void **state)
{
    (void)state;
    assert_true(scan_name_matches("a.py", PATTERNS, N_PATTERNS));
    assert_true(scan_name_matches("x.h", PATTERNS, N_PATTERNS));
    assert_false(scan_name_matches("a.pyi", PATTERNS, N_PATTERNS));
    assert_false(scan_name_matches("README.md", PATTERNS, N_PATTERNS));
    assert_false(scan_name_matches("a.py", PATTERNS, 0));
    static const char *const skipped[] = {".git", "node_modules", "__pycache__", ".codira",
                                          ".venv", "build", "dist", ".tox"};
    for (size_t i = 0; i < sizeof(skipped) / sizeof(skipped[0]); i++)
        assert_true(scan_skipped_dir(skipped[i]));
    assert_false(scan_skipped_dir("src"));
    assert_false(scan_skipped_dir("builds"));
    assert_false(scan_skipped_dir(".github"));
}

/* ---- walk mode --------------------------------------------------------- */

static void test_walk_returns_matching_files_sorted(void **state)
{
    (void)state;
    char *root = make_tmpdir();
    /* created in an order unrelated to the expected output */
    put(root, "z/x.py", "");
    put(root, "b.py", "print(1)\n");
    put(root, "a.py", "");
    put(root, "README.md", "# doc\n");
    put(root, "data.json", "{}");
    put(root, "src/m.h", "");
    put(root, "src/m.c", "int x;\n");
    put(root, "src/notes.txt", "");
    put(root, "a.py.bak", "");
    put(root, "B.py", ""); /* byte order: upper case first */
    scan_result r;
    scan(root, &r);
    assert_false(r.git);
    assert_files(&r, "B.py,a.py,b.py,src/m.c,src/m.h,z/x.py");
    const scan_file *f = find_file(&r, "b.py");
    assert_non_null(f);
    assert_int_equal(f->size, 9);
    assert_false(f->symlink);
    struct stat st;
    char *abs = path_join(root, "b.py");
    assert_int_equal(stat(abs, &st), 0);
    assert_int_equal(f->mtime_ns, (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec);
    free(abs);
    assert_int_equal(r.issues.len, 0);
    scan_result_free(&r);
    rm_rf(root);
    free(root);
}

static void test_walk_and_git_keep_unusual_file_names_verbatim(void **state)
{
    (void)state;
    char *root = make_tmpdir();
    put(root, "sp ace/\xC3\xBC.py", "");
    put(root, "new\nline.py", "");
    put(root, "-dash.c", "");
    scan_result r;
    scan(root, &r);
    assert_false(r.git);
    assert_files(&r, "-dash.c,new\nline.py,sp ace/\xC3\xBC.py");
    scan_result_free(&r);
    run("cd '%s' && " GIT " init -q . && " GIT " add . && " GIT " commit -q -m init", root);
    put(root, "untracked \xC3\xA9.h", "");
    scan(root, &r);
    assert_true(r.git);
    /* no quoting, no escaping: the names as they are on disk */
    assert_files(&r, "-dash.c,new\nline.py,sp ace/\xC3\xBC.py,untracked \xC3\xA9.h");
    scan_result_free(&r);
    rm_rf(root);
    free(root);
}

static void test_walk_skips_state_vcs_and_cache_folders(void **state)
{
    (void)state;
    char *root = make_tmpdir();
    put(root, "pkg/ok.py", "");
    put(root, "pkg/.git/hook.py", "");
    put(root, "pkg/node_modules/dep/x.py", "");
    put(root, "pkg/__pycache__/ok.cpython-311.py", "");
    put(root, "pkg/.codira/state.py", "");
    put(root, "pkg/build/gen.c", "");
    put(root, "pkg/.venv/lib.py", "");
    put(root, "node_modules/top.py", "");
    put(root, "pkg/builder/ok.c", ""); /* only exact names are skipped */
    scan_result r;
    scan(root, &r);
    assert_false(r.git);
    assert_files(&r, "pkg/builder/ok.c,pkg/ok.py");
    /* skipped folders are not watched either */
    char *w = watch_list(&r);
    assert_string_equal(w, "<root>,pkg,pkg/builder");
    free(w);
    scan_result_free(&r);
    rm_rf(root);
    free(root);
}

static void test_walk_honours_nested_gitignore_files(void **state)
{
    (void)state;
    char *root = make_tmpdir();
    put(root, ".gitignore",
        "# a comment line, then a blank one\n"
        "\n"
        "ignored.py\n"
        "/top.py\n"
        "out/\n"
        "lib.py/\n"
        "gen/**/*.py\n"
        "**/cache_*.py\n"
        "sub/*.c\n"
        "secret*.py\n"
        "x*.c\n"
        "!x_keep.c\n"
        "\\#hash.py\n"
        "trail.py   \n"
        "crlf.py\r\n");
    put(root, "sub/.gitignore", "*.py\n!keep.py\n!secret_ok.py\n/only.c\nx/y.h\n");
    /* plain and anchored names */
    put(root, "ignored.py", "");
    put(root, "deep/x/ignored.py", "");      /* unanchored: any level */
    put(root, "top.py", "");                 /* anchored: only at the root */
    put(root, "other/top.py", "");
    /* directory-only patterns */
    put(root, "out/a.py", "");
    put(root, "deep/out/b.py", "");
    put(root, "lib.py/inner.py", "");        /* a folder called lib.py is ignored */
    put(root, "x/lib.py", "");               /* a file called lib.py is not */
    /* '**' */
    put(root, "gen/a.py", "");
    put(root, "gen/x/y/b.py", "");
    put(root, "gen/c.c", "");
    put(root, "cache_1.py", "");
    put(root, "a/b/cache_2.py", "");
    /* the root rule for sub/ C files: the star does not cross a slash */
    put(root, "sub/m.c", "");
    put(root, "sub/deeper/m.c", "");
    /* nested .gitignore: *.py with negations, deeper file wins */
    put(root, "sub/a.py", "");
    put(root, "sub/keep.py", "");
    put(root, "sub/deeper/keep.py", "");
    put(root, "sub/deeper/b.py", "");
    put(root, "sub/top.py", "");
    put(root, "secret_x.py", "");
    put(root, "sub/secret_ok.py", "");
    put(root, "other/secret_no.py", "");
    /* within one file the last matching rule wins */
    put(root, "x1.c", "");
    put(root, "x_keep.c", "");
    /* escapes, trailing blanks, CRLF */
    put(root, "#hash.py", "");
    put(root, "trail.py", "");
    put(root, "crlf.py", "");
    put(root, "kept.py", "");
    /* patterns with a slash in a nested .gitignore are relative to its folder */
    put(root, "sub/only.c", "");
    put(root, "sub/deeper/only.c", "");
    put(root, "sub/x/y.h", "");
    put(root, "sub/deeper/x/y.h", "");
    put(root, "x/y.h", "");
    scan_result r;
    scan(root, &r);
    assert_false(r.git);
    assert_files(&r, "gen/c.c,kept.py,other/top.py,sub/deeper/keep.py,sub/deeper/m.c,"
                     "sub/deeper/only.c,sub/deeper/x/y.h,sub/keep.py,sub/secret_ok.py,x/lib.py,"
                     "x/y.h,x_keep.c");
    scan_result_free(&r);
    rm_rf(root);
    free(root);
}

static void test_walk_negation_cannot_reinclude_inside_ignored_folder(void **state)
{
    (void)state;
    char *root = make_tmpdir();
    put(root, ".gitignore", "vendor/\n!vendor/keep.py\n");
    put(root, "vendor/keep.py", "");
    put(root, "vendor/other.py", "");
    put(root, "main.py", "");
    scan_result r;
    scan(root, &r);
    /* as in git: the folder is excluded, so nothing below it comes back */
    assert_files(&r, "main.py");
    assert_null(find_watch(&r, "vendor"));
    scan_result_free(&r);
    rm_rf(root);
    free(root);
}

static void test_walk_symlink_to_file_inside_is_kept_and_marked(void **state)
{
    (void)state;
    char *root = make_tmpdir();
    put(root, "real.py", "x = 1\n");
    link_at(root, "alias.py", "real.py");
    put(root, "pkg/impl.c", "int a;\n");
    link_at(root, "pkg/link.c", "../pkg/impl.c");
    scan_result r;
    scan(root, &r);
    assert_files(&r, "alias.py,pkg/impl.c,pkg/link.c,real.py");
    const scan_file *alias = find_file(&r, "alias.py");
    assert_true(alias->symlink);
    assert_int_equal(alias->size, 6); /* the target's stat, not the link's */
    assert_false(find_file(&r, "real.py")->symlink);
    assert_true(find_file(&r, "pkg/link.c")->symlink);
    assert_int_equal(r.issues.len, 0);
    scan_result_free(&r);
    rm_rf(root);
    free(root);
}

static void test_walk_symlink_outside_is_skipped_with_issue(void **state)
{
    (void)state;
    char *root = make_tmpdir();
    char *outside = make_tmpdir();
    put(outside, "secret.py", "");
    char *target = path_join(outside, "secret.py");
    put(root, "in.py", "");
    link_at(root, "out.py", target);
    /* a sibling whose name merely starts with the root's name is outside too */
    char *sibling = xasprintf("%s-sibling", root);
    assert_int_equal(mkdir(sibling, 0755), 0);
    put(sibling, "s.py", "");
    char *sib_target = path_join(sibling, "s.py");
    link_at(root, "sib.py", sib_target);
    scan_result r;
    scan(root, &r);
    assert_files(&r, "in.py");
    assert_int_equal(r.issues.len, 2);
    const scan_issue *is = find_issue(&r, "out.py");
    assert_non_null(is);
    assert_string_equal(is->kind, "symlink_outside");
    assert_non_null(is->message);
    is = find_issue(&r, "sib.py");
    assert_non_null(is);
    assert_string_equal(is->kind, "symlink_outside");
    scan_result_free(&r);
    rm_rf(sibling);
    rm_rf(outside);
    rm_rf(root);
    free(sib_target);
    free(sibling);
    free(target);
    free(outside);
    free(root);
}

static void test_walk_symlink_loop_and_broken_link_are_reported(void **state)
{
    (void)state;
    char *root = make_tmpdir();
    link_at(root, "loop1.py", "loop2.py");
    link_at(root, "loop2.py", "loop1.py");
    link_at(root, "self.py", "self.py");
    link_at(root, "broken.py", "missing.py");
    put(root, "ok.py", "");
    scan_result r;
    scan(root, &r);
    assert_files(&r, "ok.py");
    assert_int_equal(r.issues.len, 4);
    assert_string_equal(find_issue(&r, "loop1.py")->kind, "symlink_loop");
    assert_string_equal(find_issue(&r, "loop2.py")->kind, "symlink_loop");
    assert_string_equal(find_issue(&r, "self.py")->kind, "symlink_loop");
    assert_string_equal(find_issue(&r, "broken.py")->kind, "symlink_broken");
    scan_result_free(&r);
    rm_rf(root);
    free(root);
}

static void test_walk_does_not_follow_directory_symlinks(void **state)
{
    (void)state;
    char *root = make_tmpdir();
    put(root, "realdir/r.py", "");
    link_at(root, "dirlink", "realdir");
    link_at(root, "dirlink.py", "realdir"); /* matches a pattern but leads to a folder */
    link_at(root, "realdir/up", ".."); /* would loop forever if followed */
    scan_result r;
    scan(root, &r);
    assert_files(&r, "realdir/r.py");
    assert_int_equal(r.issues.len, 0);
    assert_null(find_watch(&r, "dirlink"));
    scan_result_free(&r);
    rm_rf(root);
    free(root);
}

static void test_walk_watch_list_has_folders_and_ignore_files(void **state)
{
    (void)state;
    char *root = make_tmpdir();
    put(root, ".gitignore", "skip/\n");
    put(root, "a/.gitignore", "*.c\n");
    put(root, "a/b/x.py", "");
    put(root, "skip/y.py", "");
    mkdirs(root, "empty");
    scan_result r;
    scan(root, &r);
    char *w = watch_list(&r);
    /* sorted by path; ignored folders are not watched, empty ones are */
    assert_string_equal(w, "<root>,.gitignore,a,a/.gitignore,a/b,empty");
    free(w);
    const scan_watch *gi = find_watch(&r, "a/.gitignore");
    assert_int_equal(gi->size, 4);
    const scan_watch *dir = find_watch(&r, "a/b");
    assert_int_equal(dir->size, -1);
    struct stat st;
    char *abs = path_join(root, "a/b");
    assert_int_equal(stat(abs, &st), 0);
    assert_int_equal(dir->mtime_ns, (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec);
    free(abs);
    assert_int_equal(find_watch(&r, "")->size, -1);
    scan_result_free(&r);
    rm_rf(root);
    free(root);
}

static void test_scan_of_missing_root_fails(void **state)
{
    (void)state;
    scan_result r;
    codira_error err = {0};
    int rc = scan_repository("/nonexistent/codira/root", PATTERNS, N_PATTERNS, &r, &err);
    assert_int_equal(rc, CODIRA_E_IO);
    assert_int_equal(err.code, CODIRA_E_IO);
    assert_true(strlen(err.message) > 0);
    assert_int_equal(r.files.len, 0);
    scan_result_free(&r);
}

/* ---- git mode ---------------------------------------------------------- */

static void test_git_mode_lists_tracked_and_untracked_not_ignored(void **state)
{
    (void)state;
    char *root = make_tmpdir();
    put(root, ".gitignore", "ignored.py\nlogs/\n");
    put(root, "tracked.py", "a = 1\n");
    put(root, "sub/tracked.c", "");
    put(root, "sub/deleted.py", "");
    put(root, "forced.py", "");             /* ignored by .gitignore, but tracked */
    put(root, "node_modules/dep.py", "");   /* tracked, in a skipped folder */
    put(root, "notes.md", "");
    run("cd '%s' && " GIT " init -q . && " GIT " add .gitignore tracked.py sub notes.md"
        " node_modules && " GIT " commit -q -m init", root);
    put(root, "forced.py", "x = 1\n");
    put(root, "ignored.py", "");
    run("cd '%s' && " GIT " add -f forced.py ignored.py && " GIT " commit -q -m forced"
        " && " GIT " rm -q --cached ignored.py && " GIT " commit -q -m untrack", root);
    /* untracked, not ignored */
    put(root, "untracked.py", "");
    put(root, "newdir/new.h", "");
    /* ignored and untracked */
    put(root, "logs/run.py", "");
    /* tracked but deleted from the work tree */
    char *del = path_join(root, "sub/deleted.py");
    assert_int_equal(unlink(del), 0);
    free(del);

    scan_result r;
    scan(root, &r);
    assert_true(r.git);
    assert_files(&r, "forced.py,newdir/new.h,sub/tracked.c,tracked.py,untracked.py");
    assert_int_equal(find_file(&r, "tracked.py")->size, 6);
    assert_int_equal(r.issues.len, 0);
    /* the folders of the candidates, the root and the tracked .gitignore */
    char *w = watch_list(&r);
    assert_string_equal(w, "<root>,.gitignore,newdir,sub");
    free(w);
    scan_result_free(&r);
    rm_rf(root);
    free(root);
}

static void test_git_mode_symlinks_follow_the_same_policy(void **state)
{
    (void)state;
    char *root = make_tmpdir();
    char *outside = make_tmpdir();
    put(outside, "o.py", "");
    char *target = path_join(outside, "o.py");
    put(root, "real.py", "");
    link_at(root, "alias.py", "real.py");
    link_at(root, "out.py", target);
    run("cd '%s' && " GIT " init -q . && " GIT " add . && " GIT " commit -q -m init", root);
    scan_result r;
    scan(root, &r);
    assert_true(r.git);
    assert_files(&r, "alias.py,real.py");
    assert_true(find_file(&r, "alias.py")->symlink);
    assert_int_equal(r.issues.len, 1);
    assert_string_equal(find_issue(&r, "out.py")->kind, "symlink_outside");
    scan_result_free(&r);
    rm_rf(outside);
    rm_rf(root);
    free(target);
    free(outside);
    free(root);
}

static void test_git_mode_scan_of_a_subfolder_of_the_work_tree(void **state)
{
    (void)state;
    char *top = make_tmpdir();
    put(top, "outer.py", "");
    put(top, "inner/a.py", "");
    put(top, "inner/deep/b.py", "");
    run("cd '%s' && " GIT " init -q . && " GIT " add . && " GIT " commit -q -m init", top);
    char *inner = path_join(top, "inner");
    scan_result r;
    scan(inner, &r);
    /* git ls-files run in the subfolder lists paths relative to it */
    assert_true(r.git);
    assert_files(&r, "a.py,deep/b.py");
    scan_result_free(&r);
    rm_rf(top);
    free(inner);
    free(top);
}

int main(void)
{
    /* the tests create their own repositories: nothing from outside */
    unsetenv("GIT_DIR");
    unsetenv("GIT_WORK_TREE");
    unsetenv("GIT_INDEX_FILE");
    unsetenv("GIT_CEILING_DIRECTORIES");
    setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wildmatch_table),
        cmocka_unit_test(test_scan_name_matches_and_skipped_dirs),
        cmocka_unit_test(test_walk_returns_matching_files_sorted),
        cmocka_unit_test(test_walk_and_git_keep_unusual_file_names_verbatim),
        cmocka_unit_test(test_walk_skips_state_vcs_and_cache_folders),
        cmocka_unit_test(test_walk_honours_nested_gitignore_files),
        cmocka_unit_test(test_walk_negation_cannot_reinclude_inside_ignored_folder),
        cmocka_unit_test(test_walk_symlink_to_file_inside_is_kept_and_marked),
        cmocka_unit_test(test_walk_symlink_outside_is_skipped_with_issue),
        cmocka_unit_test(test_walk_symlink_loop_and_broken_link_are_reported),
        cmocka_unit_test(test_walk_does_not_follow_directory_symlinks),
        cmocka_unit_test(test_walk_watch_list_has_folders_and_ignore_files),
        cmocka_unit_test(test_scan_of_missing_root_fails),
        cmocka_unit_test(test_git_mode_lists_tracked_and_untracked_not_ignored),
        cmocka_unit_test(test_git_mode_symlinks_follow_the_same_policy),
        cmocka_unit_test(test_git_mode_scan_of_a_subfolder_of_the_work_tree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
