/*
 * test_state.c - the files of the state folder: metadata.json, scan.cache,
 * index.lock and the folder's own .gitignore; git HEAD lookup.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "state.h"
#include "util.h"

/* ---- helpers --------------------------------------------------------- */

static char *make_tmpdir(void)
{
    char tmpl[] = "/tmp/codira-unit-state-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return xstrdup(d);
}

static void rm_rf(const char *path)
{
    char *cmd = xasprintf("rm -rf '%s'", path);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

static void put(const char *dir, const char *name, const char *data, size_t size)
{
    char *p = path_join(dir, name);
    assert_int_equal(write_file_atomic(p, data, size, 0644), 0);
    free(p);
}

static char *slurp(const char *dir, const char *name, size_t *size)
{
    char *p = path_join(dir, name);
    char *data = NULL;
    size_t n = 0;
    int rc = read_file(p, &data, &n);
    if (rc != 0) fail_msg("cannot read %s: %s", p, strerror(rc));
    free(p);
    if (size) *size = n;
    return data;
}

/* ---- metadata.json ---------------------------------------------------- */

static void test_meta_round_trip_keeps_every_field(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    state_meta m = {
        .backend_name = "sqlite",
        .backend_version = "1",
        .analyzer_inventory = "[[\"c\",\"1\",\"ab\"],[\"python\",\"2\",\"cd\"]] \xC3\xA9",
        .codira_version = "0.1.0",
        .commit = "0123456789abcdef0123456789abcdef01234567",
        .generation = 9000000000LL,
        .file_count = 12345,
    };
    assert_int_equal(state_meta_write(dir, &m), 0);
    state_meta r;
    assert_int_equal(state_meta_read(dir, &r), 0);
    assert_string_equal(r.backend_name, "sqlite");
    assert_string_equal(r.backend_version, "1");
    assert_string_equal(r.analyzer_inventory, m.analyzer_inventory);
    assert_string_equal(r.codira_version, "0.1.0");
    assert_string_equal(r.commit, m.commit);
    assert_int_equal(r.generation, 9000000000LL);
    assert_int_equal(r.file_count, 12345);
    state_meta_free(&r);
    assert_null(r.backend_name);

    /* the file is JSON with string values, ASCII only, newline-terminated */
    size_t n;
    char *text = slurp(dir, "metadata.json", &n);
    assert_non_null(strstr(text, "\"generation\": \"9000000000\""));
    assert_non_null(strstr(text, "\"indexed_file_count\": \"12345\""));
    assert_non_null(strstr(text, "\"backend_name\": \"sqlite\""));
    assert_non_null(strcasestr(text, "\\u00e9"));
    for (size_t i = 0; i < n; i++) assert_true((unsigned char)text[i] < 0x80);
    assert_int_equal(text[n - 1], '\n');
    free(text);
    rm_rf(dir);
    free(dir);
}

static void test_meta_without_commit_reads_back_null(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    state_meta m = {"sqlite", "1", "[]", "0.1.0", NULL, 1, 0};
    assert_int_equal(state_meta_write(dir, &m), 0);
    char *text = slurp(dir, "metadata.json", NULL);
    assert_null(strstr(text, "commit"));
    free(text);
    state_meta r;
    assert_int_equal(state_meta_read(dir, &r), 0);
    assert_null(r.commit);
    assert_int_equal(r.generation, 1);
    assert_int_equal(r.file_count, 0);
    state_meta_free(&r);
    /* rewriting replaces the previous content */
    m.generation = 2;
    m.commit = "ffffffffffffffffffffffffffffffffffffffff";
    assert_int_equal(state_meta_write(dir, &m), 0);
    assert_int_equal(state_meta_read(dir, &r), 0);
    assert_int_equal(r.generation, 2);
    assert_string_equal(r.commit, m.commit);
    state_meta_free(&r);
    rm_rf(dir);
    free(dir);
}

static void test_meta_read_missing_is_enoent(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    state_meta r;
    assert_int_equal(state_meta_read(dir, &r), ENOENT);
    assert_null(r.backend_name);
    char *missing = path_join(dir, "no/such/folder");
    assert_int_equal(state_meta_read(missing, &r), ENOENT);
    free(missing);
    rm_rf(dir);
    free(dir);
}

static void test_meta_read_garbage_is_einval(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    static const char *const bad[] = {
        "",
        "not json at all",
        "{\"backend_name\": \"sqlite\"",               /* truncated */
        "[\"backend_name\", \"sqlite\"]",             /* not an object */
        "{\"backend_version\": \"1\"}",               /* no backend name */
        "{\"backend_name\": 5}",                      /* not a string */
        "\"sqlite\"",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        put(dir, "metadata.json", bad[i], strlen(bad[i]));
        state_meta r;
        int rc = state_meta_read(dir, &r);
        if (rc != EINVAL) fail_msg("metadata.json '%s': got %d, expected EINVAL", bad[i], rc);
        assert_null(r.backend_name);
    }
    /* a folder in its place */
    char *p = path_join(dir, "metadata.json");
    assert_int_equal(unlink(p), 0);
    assert_int_equal(mkdir(p, 0755), 0);
    state_meta r;
    assert_int_equal(state_meta_read(dir, &r), EINVAL);
    free(p);
    rm_rf(dir);
    free(dir);
}

/* ---- scan.cache ------------------------------------------------------- */

static void add_watch(state_cache *c, const char *path, int64_t mtime, int64_t size)
{
    scan_watch w = {xstrdup(path), mtime, size};
    VEC_PUSH(c->watch, w);
}

static void add_file(state_cache *c, const char *path, int64_t size, int64_t mtime,
                     const char *analyzer)
{
    cache_file f = {xstrdup(path), size, mtime, analyzer ? xstrdup(analyzer) : NULL};
    VEC_PUSH(c->files, f);
}

/* A cache with awkward paths: spaces, newlines, colons, digits, UTF-8. */
static void sample_cache(state_cache *c)
{
    memset(c, 0, sizeof(*c));
    c->generation = 42;
    c->backend = xstrdup("sqlite");
    c->analyzers = xstrdup("0123456789abcdef0123456789abcdef");
    c->git = true;
    add_watch(c, "", 1700000000123456789LL, -1);
    add_watch(c, ".gitignore", 1700000000000000001LL, 17);
    add_watch(c, "dir with spaces", 0, -1);
    add_watch(c, "new\nline dir", 5, -1);
    add_file(c, "12:34.py", 10, 1700000000000000000LL, "python");
    add_file(c, "a b/c d.py", 0, 0, "python");
    add_file(c, "line\nbreak.c", 123456789012LL, 99, "c");
    add_file(c, "unclaimed.h", 7, 8, NULL);
    add_file(c, "\xC3\xA9t\xC3\xA9 \n\n.py", 1, 2, "python");
    add_file(c, "trailing space .py ", 3, 4, "python");
}

static void assert_cache_equal(const state_cache *a, const state_cache *b)
{
    assert_int_equal(a->generation, b->generation);
    assert_string_equal(a->backend, b->backend);
    assert_string_equal(a->analyzers, b->analyzers);
    assert_int_equal(a->git, b->git);
    assert_int_equal(a->watch.len, b->watch.len);
    for (size_t i = 0; i < a->watch.len; i++) {
        assert_string_equal(a->watch.items[i].path, b->watch.items[i].path);
        assert_int_equal(a->watch.items[i].mtime_ns, b->watch.items[i].mtime_ns);
        assert_int_equal(a->watch.items[i].size, b->watch.items[i].size);
    }
    assert_int_equal(a->files.len, b->files.len);
    for (size_t i = 0; i < a->files.len; i++) {
        const cache_file *x = &a->files.items[i], *y = &b->files.items[i];
        assert_string_equal(x->path, y->path);
        assert_int_equal(x->size, y->size);
        assert_int_equal(x->mtime_ns, y->mtime_ns);
        if (!x->analyzer || !y->analyzer) {
            assert_null(x->analyzer);
            assert_null(y->analyzer);
        } else {
            assert_string_equal(x->analyzer, y->analyzer);
        }
    }
}

static void test_cache_round_trip_with_awkward_paths(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    state_cache c;
    sample_cache(&c);
    assert_int_equal(state_cache_write(dir, &c), 0);
    state_cache r;
    assert_int_equal(state_cache_read(dir, &r), 0);
    assert_cache_equal(&c, &r);
    /* the unclaimed file is written with the '-' analyzer */
    char *text = slurp(dir, "scan.cache", NULL);
    assert_non_null(strstr(text, "F 7 8 - 11:unclaimed.h\n"));
    assert_true(str_starts_with(text, "codira-scan-cache 1 42 1 sqlite "));
    free(text);
    state_cache_free(&r);
    state_cache_free(&c);
    assert_null(c.backend);
    rm_rf(dir);
    free(dir);
}

static void test_cache_round_trip_without_records(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    state_cache c = {0};
    c.generation = 0;
    c.backend = xstrdup("dup-backend_2");
    c.analyzers = xstrdup("x");
    c.git = false;
    assert_int_equal(state_cache_write(dir, &c), 0);
    state_cache r;
    assert_int_equal(state_cache_read(dir, &r), 0);
    assert_cache_equal(&c, &r);
    assert_int_equal(r.files.len, 0);
    assert_int_equal(r.watch.len, 0);
    assert_false(r.git);
    state_cache_free(&r);
    state_cache_free(&c);
    rm_rf(dir);
    free(dir);
}

static void test_cache_read_missing_is_enoent(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    state_cache r;
    assert_int_equal(state_cache_read(dir, &r), ENOENT);
    assert_int_equal(r.files.len, 0);
    rm_rf(dir);
    free(dir);
}

/* Every prefix of a valid cache file is rejected, except those that end
 * exactly after a complete record: they are valid caches with fewer
 * records. */
static void test_cache_read_truncated_file_is_einval(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    state_cache c;
    sample_cache(&c);
    assert_int_equal(state_cache_write(dir, &c), 0);
    size_t size;
    char *full = slurp(dir, "scan.cache", &size);
    /* record boundaries, computed the way the format is documented */
    VEC(size_t) ends = {0};
    size_t pos = strchr(full, '\n') - full + 1;
    VEC_PUSH(ends, pos);
    for (size_t i = 0; i < c.watch.len; i++) {
        const scan_watch *w = &c.watch.items[i];
        char *rec = xasprintf("W %lld %lld %zu:%s\n", (long long)w->mtime_ns, (long long)w->size,
                              strlen(w->path), w->path);
        assert_memory_equal(full + pos, rec, strlen(rec));
        pos += strlen(rec);
        free(rec);
        VEC_PUSH(ends, pos);
    }
    for (size_t i = 0; i < c.files.len; i++) {
        const cache_file *f = &c.files.items[i];
        char *rec = xasprintf("F %lld %lld %s %zu:%s\n", (long long)f->size, (long long)f->mtime_ns,
                              f->analyzer ? f->analyzer : "-", strlen(f->path), f->path);
        assert_memory_equal(full + pos, rec, strlen(rec));
        pos += strlen(rec);
        free(rec);
        VEC_PUSH(ends, pos);
    }
    assert_int_equal(pos, size);
    for (size_t cut = 0; cut < size; cut++) {
        put(dir, "scan.cache", full, cut);
        state_cache r;
        int rc = state_cache_read(dir, &r);
        size_t records = SIZE_MAX;
        for (size_t k = 0; k < ends.len; k++)
            if (ends.items[k] == cut) records = k;
        if (records == SIZE_MAX) {
            if (rc != EINVAL) fail_msg("cut at %zu of %zu: got %d, expected EINVAL", cut, size, rc);
            assert_int_equal(r.files.len + r.watch.len, 0);
            assert_null(r.backend);
        } else {
            if (rc != 0) fail_msg("cut at record boundary %zu: got %d", cut, rc);
            assert_int_equal(r.watch.len + r.files.len, records);
            state_cache_free(&r);
        }
    }
    VEC_FREE(ends);
    free(full);
    state_cache_free(&c);
    rm_rf(dir);
    free(dir);
}

static void test_cache_read_garbled_file_is_einval(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    static const char *const bad[] = {
        "",
        "\n",
        "codira-scan-cache",
        "codira-scan-cache 1\n",
        "codira-scan-cache 2 1 0 sqlite x\n",           /* another format version */
        "codira-scan-cachE 1 1 0 sqlite x\n",
        "codira-scan-cache 1 x 0 sqlite x\n",
        "codira-scan-cache 1 1 0 sqlite x extra\n",
        "codira-scan-cache 1 1 0 sqlite x\nX 1 2 3:abc\n", /* unknown record */
        "codira-scan-cache 1 1 0 sqlite x\nW 1 2 4:abc\n", /* length too long */
        "codira-scan-cache 1 1 0 sqlite x\nW 1 2 2:abc\n", /* length too short */
        "codira-scan-cache 1 1 0 sqlite x\nW 1 2 abc\n",   /* no length */
        "codira-scan-cache 1 1 0 sqlite x\nW 1 2 -1:abc\n",
        "codira-scan-cache 1 1 0 sqlite x\nW 1 2 99999999999999999999:abc\n",
        "codira-scan-cache 1 1 0 sqlite x\nW x 3:abc\n",
        "codira-scan-cache 1 1 0 sqlite x\nF 1 2 3:abc\n",  /* no analyzer */
        "codira-scan-cache 1 1 0 sqlite x\nF 1 2 python 3:abc",  /* no final newline */
        "codira-scan-cache 1 1 0 sqlite x\nF 1 2 python 3:abc\n\n", /* empty line */
        "codira-scan-cache 1 1 0 sqlite x\nW1 2 3:abc\n",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        put(dir, "scan.cache", bad[i], strlen(bad[i]));
        state_cache r;
        int rc = state_cache_read(dir, &r);
        if (rc != EINVAL) {
            if (rc == 0) state_cache_free(&r);
            fail_msg("case %zu: got %d, expected EINVAL", i, rc);
        }
        assert_null(r.backend);
        assert_null(r.files.items);
        assert_null(r.watch.items);
    }
    /* sanity: the same shape, well formed, is accepted */
    static const char good[] = "codira-scan-cache 1 1 0 sqlite x\nW 1 2 3:abc\nF 1 2 python 3:a\nb\n";
    put(dir, "scan.cache", good, sizeof(good) - 1);
    state_cache r;
    assert_int_equal(state_cache_read(dir, &r), 0);
    assert_int_equal(r.watch.len, 1);
    assert_string_equal(r.watch.items[0].path, "abc");
    assert_int_equal(r.files.len, 1);
    assert_string_equal(r.files.items[0].path, "a\nb");
    assert_string_equal(r.files.items[0].analyzer, "python");
    state_cache_free(&r);
    /* a folder in its place */
    char *p = path_join(dir, "scan.cache");
    assert_int_equal(unlink(p), 0);
    assert_int_equal(mkdir(p, 0755), 0);
    assert_int_equal(state_cache_read(dir, &r), EINVAL);
    free(p);
    rm_rf(dir);
    free(dir);
}

/* ---- lock ------------------------------------------------------------- */

/* Child: take the lock, report on `ready`, hold it until `go` has a byte
 * (or for hold_ms when go_fd < 0), then release and exit. */
static pid_t spawn_holder(const char *dir, int *ready_fd, int go_fd, int hold_ms)
{
    int ready[2];
    assert_int_equal(pipe(ready), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(ready[0]);
        state_lock l;
        codira_error err;
        char c = state_lock_acquire(dir, false, &l, &err) == CODIRA_OK ? 'L' : 'F';
        if (write(ready[1], &c, 1) != 1) _exit(3);
        if (go_fd >= 0) {
            if (read(go_fd, &c, 1) != 1) _exit(4);
        } else {
            usleep((useconds_t)hold_ms * 1000);
        }
        state_lock_release(&l);
        _exit(0);
    }
    close(ready[1]);
    *ready_fd = ready[0];
    return pid;
}

static void wait_child_ok(pid_t pid)
{
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_lock_without_wait_is_busy_while_another_process_holds_it(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    int go[2];
    assert_int_equal(pipe(go), 0);
    int ready;
    pid_t pid = spawn_holder(dir, &ready, go[0], 0);
    char c = 0;
    assert_int_equal(read(ready, &c, 1), 1);
    assert_int_equal(c, 'L');

    state_lock l = {-1};
    codira_error err = {0};
    assert_int_equal(state_lock_acquire(dir, false, &l, &err), CODIRA_E_BUSY);
    assert_int_equal(err.code, CODIRA_E_BUSY);
    assert_non_null(strstr(err.message, "index.lock"));
    /* the holder wrote its pid into the lock file */
    char *text = slurp(dir, "index.lock", NULL);
    assert_int_equal(atol(text), (long)pid);
    free(text);

    /* release: now it is ours */
    assert_int_equal(write(go[1], "g", 1), 1);
    wait_child_ok(pid);
    assert_int_equal(state_lock_acquire(dir, false, &l, &err), CODIRA_OK);
    assert_true(l.fd >= 0);
    text = slurp(dir, "index.lock", NULL);
    assert_int_equal(atol(text), (long)getpid());
    free(text);
    /* held by this process: a second acquisition (another open file) is refused too */
    state_lock again = {-1};
    assert_int_equal(state_lock_acquire(dir, false, &again, &err), CODIRA_E_BUSY);
    state_lock_release(&l);
    assert_int_equal(l.fd, -1);
    state_lock_release(&l); /* twice is harmless */
    assert_int_equal(state_lock_acquire(dir, false, &again, &err), CODIRA_OK);
    state_lock_release(&again);
    close(go[0]);
    close(go[1]);
    close(ready);
    rm_rf(dir);
    free(dir);
}

static void test_lock_with_wait_blocks_until_release_and_names_holder(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    int ready;
    pid_t pid = spawn_holder(dir, &ready, -1, 300);
    char c = 0;
    assert_int_equal(read(ready, &c, 1), 1);
    assert_int_equal(c, 'L');

    /* capture the waiting note */
    char *log = path_join(dir, "stderr.txt");
    fflush(stderr);
    int saved = dup(2);
    int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0 && saved >= 0);
    dup2(fd, 2);
    close(fd);
    int64_t t0 = monotonic_ns();
    state_lock l = {-1};
    codira_error err = {0};
    int rc = state_lock_acquire(dir, true, &l, &err);
    int64_t waited = monotonic_ns() - t0;
    fflush(stderr);
    dup2(saved, 2);
    close(saved);

    assert_int_equal(rc, CODIRA_OK);
    assert_true(waited > 100 * 1000000LL);
    char *note = slurp(dir, "stderr.txt", NULL);
    char *expect = xasprintf("(pid %ld)", (long)pid);
    assert_non_null(strstr(note, "waiting for another index run"));
    assert_non_null(strstr(note, expect));
    free(expect);
    free(note);
    state_lock_release(&l);
    wait_child_ok(pid);
    close(ready);
    free(log);
    rm_rf(dir);
    free(dir);
}

static void test_lock_in_missing_folder_is_io_error(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    char *missing = path_join(dir, "missing");
    state_lock l = {-1};
    codira_error err = {0};
    assert_int_equal(state_lock_acquire(missing, false, &l, &err), CODIRA_E_IO);
    assert_int_equal(err.code, CODIRA_E_IO);
    free(missing);
    rm_rf(dir);
    free(dir);
}

/* ---- state folder ------------------------------------------------------- */

static void test_ensure_dir_creates_folder_with_gitignore_star(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    char *sd = path_join(dir, "a/b/.codira");
    codira_error err = {0};
    assert_int_equal(state_ensure_dir(sd, &err), CODIRA_OK);
    struct stat st;
    assert_int_equal(stat(sd, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    char *gi = slurp(sd, ".gitignore", NULL);
    /* some line is exactly "*" */
    bool star = false;
    for (char *line = strtok(gi, "\n"); line; line = strtok(NULL, "\n")) star |= strcmp(line, "*") == 0;
    assert_true(star);
    free(gi);
    /* an existing .gitignore is left alone */
    put(sd, ".gitignore", "custom\n", 7);
    assert_int_equal(state_ensure_dir(sd, &err), CODIRA_OK);
    gi = slurp(sd, ".gitignore", NULL);
    assert_string_equal(gi, "custom\n");
    free(gi);
    free(sd);
    rm_rf(dir);
    free(dir);
}

static void test_ensure_dir_under_a_file_fails(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    put(dir, "file", "x", 1);
    char *sd = path_join(dir, "file/.codira");
    codira_error err = {0};
    assert_int_equal(state_ensure_dir(sd, &err), CODIRA_E_IO);
    assert_non_null(strstr(err.message, sd));
    free(sd);
    rm_rf(dir);
    free(dir);
}

/* ---- git HEAD ----------------------------------------------------------- */

#define GIT "git -c user.name=test -c user.email=test@example.invalid -c init.defaultBranch=main" \
            " -c commit.gpgsign=false"

static void test_git_head_of_repository_and_of_plain_folder(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    char *head = state_git_head(dir);
    assert_null(head);
    char *cmd = xasprintf("cd '%s' && " GIT " init -q .", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    /* no commit yet */
    assert_null(state_git_head(dir));
    put(dir, "a.py", "", 0);
    cmd = xasprintf("cd '%s' && " GIT " add a.py && " GIT " commit -q -m one && " GIT
                    " rev-parse HEAD > head.txt",
                    dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    char *expected = slurp(dir, "head.txt", NULL);
    expected[strcspn(expected, "\n")] = '\0';
    head = state_git_head(dir);
    assert_non_null(head);
    assert_int_equal(strlen(head), 40);
    assert_string_equal(head, expected);
    free(head);
    free(expected);
    rm_rf(dir);
    free(dir);
}

int main(void)
{
    unsetenv("GIT_DIR");
    unsetenv("GIT_WORK_TREE");
    setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_meta_round_trip_keeps_every_field),
        cmocka_unit_test(test_meta_without_commit_reads_back_null),
        cmocka_unit_test(test_meta_read_missing_is_enoent),
        cmocka_unit_test(test_meta_read_garbage_is_einval),
        cmocka_unit_test(test_cache_round_trip_with_awkward_paths),
        cmocka_unit_test(test_cache_round_trip_without_records),
        cmocka_unit_test(test_cache_read_missing_is_enoent),
        cmocka_unit_test(test_cache_read_truncated_file_is_einval),
        cmocka_unit_test(test_cache_read_garbled_file_is_einval),
        cmocka_unit_test(test_lock_without_wait_is_busy_while_another_process_holds_it),
        cmocka_unit_test(test_lock_with_wait_blocks_until_release_and_names_holder),
        cmocka_unit_test(test_lock_in_missing_folder_is_io_error),
        cmocka_unit_test(test_ensure_dir_creates_folder_with_gitignore_star),
        cmocka_unit_test(test_ensure_dir_under_a_file_fails),
        cmocka_unit_test(test_git_head_of_repository_and_of_plain_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
