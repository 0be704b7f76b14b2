/*
 * test_util.c - the building blocks of lib/util.c: strbuf, arena, strmap,
 * UTF-8 validation and repair, hashing, paths, file helpers, fmt_count.
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

#include "util.h"

/* ---- helpers --------------------------------------------------------- */

static char *make_tmpdir(void)
{
    char tmpl[] = "/tmp/codira-unit-util-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return xstrdup(d);
}

static void rm_rf(const char *path)
{
    char *cmd = xasprintf("rm -rf '%s'", path);
    int rc = system(cmd);
    assert_int_equal(rc, 0);
    free(cmd);
}

/* The repaired form of [s, s+n) as a fresh string. */
static char *repaired(const char *s, size_t n)
{
    strbuf sb;
    sb_init(&sb);
    utf8_append_repaired(&sb, s, n);
    assert_true(utf8_is_clean(sb_str(&sb), sb.len));
    return sb_steal(&sb);
}

/* ---- strbuf ---------------------------------------------------------- */

static void test_strbuf_starts_empty_and_str_is_never_null(void **state)
{
    (void)state;
    strbuf sb;
    sb_init(&sb);
    assert_null(sb.buf);
    assert_string_equal(sb_str(&sb), "");
    char *s = sb_steal(&sb);
    assert_string_equal(s, "");
    free(s);
    sb_free(&sb);
}

static void test_strbuf_grows_past_many_reallocations(void **state)
{
    (void)state;
    strbuf sb;
    sb_init(&sb);
    for (int i = 0; i < 10000; i++) sb_addc(&sb, (char)('a' + i % 26));
    assert_int_equal(sb.len, 10000);
    assert_true(sb.cap > sb.len);
    assert_int_equal(strlen(sb.buf), 10000);
    for (int i = 0; i < 10000; i++) assert_int_equal(sb.buf[i], 'a' + i % 26);
    /* one large append on top */
    char big[70000];
    memset(big, 'x', sizeof(big));
    sb_add(&sb, big, sizeof(big));
    assert_int_equal(sb.len, 80000);
    assert_int_equal(sb.buf[sb.len], '\0');
    assert_int_equal(sb.buf[79999], 'x');
    sb_free(&sb);
    assert_null(sb.buf);
    assert_int_equal(sb.len, 0);
}

static void test_strbuf_add_keeps_embedded_bytes_and_terminates(void **state)
{
    (void)state;
    strbuf sb;
    sb_init(&sb);
    sb_add(&sb, "a\0b", 3);
    assert_int_equal(sb.len, 3);
    assert_memory_equal(sb.buf, "a\0b", 4);
    sb_add(&sb, NULL, 0);
    assert_int_equal(sb.len, 3);
    sb_adds(&sb, "cd");
    assert_int_equal(sb.len, 5);
    assert_memory_equal(sb.buf, "a\0bcd", 6);
    sb_free(&sb);
}

static void test_strbuf_addf_formats_and_appends(void **state)
{
    (void)state;
    strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, "n=");
    sb_addf(&sb, "%d %s %05.1f|%c", 42, "str", 3.14159, 'z');
    assert_string_equal(sb.buf, "n=42 str 003.1|z");
    sb_addf(&sb, "%s", "");
    assert_string_equal(sb.buf, "n=42 str 003.1|z");
    /* a formatted piece larger than the current capacity */
    sb_clear(&sb);
    assert_string_equal(sb_str(&sb), "");
    sb_addf(&sb, "%5000d|", 7);
    assert_int_equal(sb.len, 5001);
    assert_int_equal(sb.buf[4999], '7');
    assert_int_equal(sb.buf[5000], '|');
    assert_int_equal(sb.buf[5001], '\0');
    char *s = sb_steal(&sb);
    assert_null(sb.buf);
    assert_int_equal(sb.len, 0);
    assert_int_equal(strlen(s), 5001);
    free(s);

    char *a = xasprintf("%s-%u", "id", 7u);
    assert_string_equal(a, "id-7");
    free(a);
}

static void test_sb_add_collapsed_collapses_and_trims(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"", ""},
        {"   ", ""},
        {"abc", "abc"},
        {"  a  b  ", "a b"},
        {"def f(\n    x,\n\ty)\r\n", "def f( x, y)"},
        {"a\v\fb", "a b"},
        {"\n\nx", "x"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        strbuf sb;
        sb_init(&sb);
        sb_add_collapsed(&sb, cases[i].in, strlen(cases[i].in));
        assert_string_equal(sb_str(&sb), cases[i].out);
        sb_free(&sb);
    }
    /* appending to existing content: leading blanks of the piece are dropped too */
    strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, "x:");
    sb_add_collapsed(&sb, "  y   z ", 8);
    assert_string_equal(sb.buf, "x:y z");
    /* only the first n bytes count */
    sb_clear(&sb);
    sb_add_collapsed(&sb, "a  b  c", 4);
    assert_string_equal(sb.buf, "a b");
    sb_free(&sb);
}

/* ---- UTF-8 ----------------------------------------------------------- */

static void test_utf8_is_clean_accepts_valid_multibyte(void **state)
{
    (void)state;
    static const char *const valid[] = {
        "",
        "plain ascii",
        "\xC2\x80",                 /* U+0080, smallest 2-byte */
        "caf\xC3\xA9",              /* é */
        "\xDF\xBF",                 /* U+07FF */
        "\xE0\xA0\x80",             /* U+0800, smallest 3-byte */
        "\xE2\x82\xAC",             /* € */
        "\xED\x9F\xBF",             /* U+D7FF, just below the surrogates */
        "\xEE\x80\x80",             /* U+E000, just above */
        "\xEF\xBF\xBF",             /* U+FFFF */
        "\xF0\x90\x80\x80",         /* U+10000, smallest 4-byte */
        "\xF0\x9F\x98\x80",         /* 😀 */
        "\xF4\x8F\xBF\xBF",         /* U+10FFFF, the last code point */
    };
    for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
        assert_true(utf8_is_clean(valid[i], strlen(valid[i])));
        char *r = repaired(valid[i], strlen(valid[i]));
        assert_string_equal(r, valid[i]); /* valid text is never changed */
        free(r);
    }
}

static void test_utf8_is_clean_rejects_invalid_sequences(void **state)
{
    (void)state;
    static const char *const invalid[] = {
        "\x80",                     /* lone continuation byte */
        "\xBF",
        "\xC0\x80",                 /* overlong NUL */
        "\xC1\xBF",                 /* overlong 2-byte */
        "\xE0\x80\x80",             /* overlong 3-byte */
        "\xE0\x9F\xBF",             /* overlong U+07FF */
        "\xF0\x80\x80\x80",         /* overlong 4-byte */
        "\xF0\x8F\xBF\xBF",         /* overlong U+FFFF */
        "\xED\xA0\x80",             /* U+D800, high surrogate */
        "\xED\xBF\xBF",             /* U+DFFF, low surrogate */
        "\xF4\x90\x80\x80",         /* U+110000, beyond Unicode */
        "\xF5\x80\x80\x80",         /* invalid lead byte */
        "\xFF",
        "\xFE",
        "\xC3",                     /* truncated 2-byte */
        "\xE2\x82",                 /* truncated 3-byte */
        "\xF0\x9F\x98",             /* truncated 4-byte */
        "\xC3(",                    /* lead byte followed by ASCII */
        "ok\xE2\x82",               /* truncated at the end of valid text */
    };
    for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
        assert_false(utf8_is_clean(invalid[i], strlen(invalid[i])));
    /* a NUL byte is not clean even though it is valid UTF-8 */
    assert_false(utf8_is_clean("a\0b", 3));
    /* only n bytes are looked at: a cut in the middle of a sequence */
    assert_false(utf8_is_clean("\xE2\x82\xAC", 2));
    assert_true(utf8_is_clean("ab\xE2\x82\xAC", 2));
}

static void test_utf8_repair_reads_invalid_bytes_as_latin1(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t n;
        const char *out;
    } cases[] = {
        /* Latin-1 text: each byte becomes U+0080..U+00FF */
        {"caf\xE9", 4, "caf\xC3\xA9"},
        {"\x80", 1, "\xC2\x80"},
        {"\xFF", 1, "\xC3\xBF"},
        {"\xA0\xBF", 2, "\xC2\xA0\xC2\xBF"},
        /* overlong: both bytes are Latin-1 */
        {"\xC0\x80", 2, "\xC3\x80\xC2\x80"},
        /* surrogate: all three bytes */
        {"\xED\xA0\x80", 3, "\xC3\xAD\xC2\xA0\xC2\x80"},
        /* truncated sequences at the end */
        {"x\xC3", 2, "x\xC3\x83"},
        {"\xE2\x82", 2, "\xC3\xA2\xC2\x82"},
        /* truncated sequence followed by valid text keeps that text */
        {"\xE2\x82" "ab", 4, "\xC3\xA2\xC2\x82" "ab"},
        {"\xC3\xE2\x82\xAC", 4, "\xC3\x83\xE2\x82\xAC"},
        /* NUL becomes U+FFFD */
        {"a\0b", 3, "a\xEF\xBF\xBD" "b"},
        {"\0", 1, "\xEF\xBF\xBD"},
        /* valid sequences between invalid bytes are kept */
        {"\xFF\xC3\xA9\xFF", 4, "\xC3\xBF\xC3\xA9\xC3\xBF"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *r = repaired(cases[i].in, cases[i].n);
        assert_string_equal(r, cases[i].out);
        free(r);
    }
}

static void test_utf8_repair_appends_after_existing_content(void **state)
{
    (void)state;
    strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, "pre:");
    utf8_append_repaired(&sb, "\xE9t\xE9", 3);
    assert_string_equal(sb.buf, "pre:\xC3\xA9t\xC3\xA9");
    assert_int_equal(sb.len, 4 + 5);
    sb_free(&sb);
}

static void test_utf8_repair_of_every_byte_is_clean(void **state)
{
    (void)state;
    /* all 256 byte values, in several alignments */
    unsigned char all[512];
    for (size_t i = 0; i < sizeof(all); i++) all[i] = (unsigned char)(i * 7 + i / 256);
    for (size_t off = 0; off < 4; off++) {
        char *r = repaired((const char *)all + off, sizeof(all) - off);
        free(r);
    }
}

/* ---- paths ----------------------------------------------------------- */

static void test_path_normalize_relative_table(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out; /* out NULL: rejected */
    } cases[] = {
        {"a/./b//c", "a/b/c"},
        {"a/../b", "b"},
        {"../x", NULL},
        {"", ""},
        {".", ""},
        {"./", ""},
        {"a/..", ""},
        {"a/b/../../..", NULL},
        {"a/b/../../c", "c"},
        {"a/", "a"},
        {"./a/", "a"},
        {"a//b/", "a/b"},
        {"..", NULL},
        {"a/../..", NULL},
        {"...", "..."},
        {".hidden/x", ".hidden/x"},
        {"a/..b/c", "a/..b/c"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *r = path_normalize_relative(cases[i].in);
        if (!cases[i].out) {
            if (r) fail_msg("'%s' normalised to '%s', expected rejection", cases[i].in, r);
        } else {
            if (!r) fail_msg("'%s' rejected, expected '%s'", cases[i].in, cases[i].out);
            assert_string_equal(r, cases[i].out);
        }
        free(r);
    }
}

static void test_path_has_prefix_requires_a_folder_boundary(void **state)
{
    (void)state;
    assert_true(path_has_prefix("a", "a"));
    assert_true(path_has_prefix("a/b", "a"));
    assert_true(path_has_prefix("a/b/c.py", "a/b"));
    assert_false(path_has_prefix("ab", "a"));
    assert_false(path_has_prefix("ab/c", "a"));
    assert_false(path_has_prefix("a.py", "a"));
    assert_false(path_has_prefix("b/a", "a"));
    assert_false(path_has_prefix("a", "a/b"));
    /* empty and NULL prefixes mean everything */
    assert_true(path_has_prefix("x/y", ""));
    assert_true(path_has_prefix("x/y", NULL));
    /* absolute paths */
    assert_true(path_has_prefix("/tmp/repo/x", "/tmp/repo"));
    assert_false(path_has_prefix("/tmp/repo2/x", "/tmp/repo"));
}

static void test_path_extension_and_basename(void **state)
{
    (void)state;
    assert_string_equal(path_extension("a.py"), ".py");
    assert_string_equal(path_extension("dir/a.py"), ".py");
    assert_string_equal(path_extension("a.tar.gz"), ".gz");
    assert_string_equal(path_extension("Makefile"), "");
    assert_string_equal(path_extension(".bashrc"), "");
    assert_string_equal(path_extension("dir/.bashrc"), "");
    assert_string_equal(path_extension("dir.d/file"), "");
    assert_string_equal(path_extension(""), "");
    assert_string_equal(path_basename("a/b/c.h"), "c.h");
    assert_string_equal(path_basename("c.h"), "c.h");
    assert_string_equal(path_basename("a/"), "");
}

static void test_path_join(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b, *out;
    } cases[] = {
        {"a", "b", "a/b"}, {"a/", "b", "a/b"}, {"", "b", "b"}, {"a", "", "a"}, {"/", "x", "/x"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *r = path_join(cases[i].a, cases[i].b);
        assert_string_equal(r, cases[i].out);
        free(r);
    }
}

/* ---- strmap ---------------------------------------------------------- */

static void test_strmap_thousands_of_keys_survive_growth(void **state)
{
    (void)state;
    enum { N = 5000 };
    char **keys = xcalloc(N, sizeof(char *));
    for (size_t i = 0; i < N; i++) keys[i] = xasprintf("key/%zu", i * 7919);
    strmap m;
    strmap_init(&m, 4); /* small on purpose: must grow many times */
    size_t initial_cap = m.cap;
    for (size_t i = 0; i < N; i++) assert_true(strmap_put(&m, keys[i], i));
    assert_int_equal(m.len, N);
    assert_true(m.cap > initial_cap);
    assert_true(m.cap >= 2 * m.len); /* load factor kept at one half */
    for (size_t i = 0; i < N; i++) {
        size_t v = SIZE_MAX;
        assert_true(strmap_get(&m, keys[i], &v));
        assert_int_equal(v, i);
    }
    /* lookups by equal content, not by pointer */
    char probe[32];
    snprintf(probe, sizeof(probe), "key/%d", 3 * 7919);
    size_t v = 0;
    assert_true(strmap_get(&m, probe, &v));
    assert_int_equal(v, 3);
    assert_false(strmap_get(&m, "key/1", NULL));
    assert_false(strmap_get(&m, "", NULL));
    assert_true(strmap_get(&m, keys[0], NULL)); /* val may be NULL */
    strmap_free(&m);
    for (size_t i = 0; i < N; i++) free(keys[i]);
    free(keys);
}

static void test_strmap_put_overwrites_existing_key(void **state)
{
    (void)state;
    strmap m;
    strmap_init(&m, 0);
    assert_true(strmap_put(&m, "a", 1));
    assert_true(strmap_put(&m, "b", 2));
    assert_false(strmap_put(&m, "a", 10)); /* already present */
    assert_int_equal(m.len, 2);
    size_t v = 0;
    assert_true(strmap_get(&m, "a", &v));
    assert_int_equal(v, 10);
    assert_true(strmap_get(&m, "b", &v));
    assert_int_equal(v, 2);
    strmap_free(&m);
    assert_int_equal(m.cap, 0);
}

static void test_strmap_zeroed_map_works_without_init(void **state)
{
    (void)state;
    strmap m = {0};
    assert_false(strmap_get(&m, "x", NULL));
    assert_true(strmap_put(&m, "x", 5));
    size_t v = 0;
    assert_true(strmap_get(&m, "x", &v));
    assert_int_equal(v, 5);
    strmap_free(&m);
}

/* ---- hashing --------------------------------------------------------- */

static void test_hash_hex_is_stable_and_discriminating(void **state)
{
    (void)state;
    char a[CODIRA_HASH_HEX_LEN + 1], b[CODIRA_HASH_HEX_LEN + 1], c[CODIRA_HASH_HEX_LEN + 1];
    hash_hex("hello", 5, a);
    hash_hex("hello", 5, b);
    assert_string_equal(a, b);
    assert_int_equal(strlen(a), CODIRA_HASH_HEX_LEN);
    for (size_t i = 0; i < CODIRA_HASH_HEX_LEN; i++)
        assert_non_null(strchr("0123456789abcdef", a[i]));
    hash_hex("hellp", 5, c);
    assert_string_not_equal(a, c);
    hash_hex("hello", 4, c); /* length matters */
    assert_string_not_equal(a, c);
    hash_hex("", 0, c);
    assert_int_equal(strlen(c), CODIRA_HASH_HEX_LEN);
    assert_string_not_equal(a, c);
    /* a known XXH3-128 value: the hash is persisted, so it must never change */
    hash_hex("", 0, c);
    assert_string_equal(c, "99aa06d3014798d86001c324468d497f");
    assert_true(hash64("a", 1) == hash64("a", 1));
    assert_true(hash64("a", 1) != hash64("b", 1));
}

/* ---- arena ----------------------------------------------------------- */

static void test_arena_small_and_big_allocations_are_zeroed_and_aligned(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    unsigned char *ptrs[2000];
    size_t sizes[2000];
    for (size_t i = 0; i < 2000; i++) {
        /* mostly small, every 100th far larger than a block */
        sizes[i] = i % 100 == 99 ? 200000 + i : 1 + i % 61;
        ptrs[i] = arena_alloc(&a, sizes[i]);
        assert_non_null(ptrs[i]);
        assert_int_equal((uintptr_t)ptrs[i] % 8, 0);
        for (size_t k = 0; k < sizes[i]; k++) assert_int_equal(ptrs[i][k], 0);
        memset(ptrs[i], (int)(i & 0xff), sizes[i]);
    }
    /* nothing overlapped: every allocation still holds its own pattern */
    for (size_t i = 0; i < 2000; i++)
        for (size_t k = 0; k < sizes[i]; k++) assert_int_equal(ptrs[i][k], i & 0xff);
    assert_true(a.total >= 20 * 200000);
    char *s = arena_strdup(&a, "text");
    assert_string_equal(s, "text");
    char *t = arena_strndup(&a, "abcdef", 3);
    assert_string_equal(t, "abc");
    char *e = arena_strndup(&a, NULL, 0);
    assert_string_equal(e, "");
    arena_free(&a);
    assert_null(a.head);
    assert_int_equal(a.total, 0);
    /* usable again after free */
    assert_non_null(arena_alloc(&a, 10));
    arena_free(&a);
}

static void test_arena_big_allocation_keeps_filling_current_block(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    char *first = arena_alloc(&a, 16);
    size_t total_after_first = a.total;
    char *big = arena_alloc(&a, 100000);
    assert_int_equal(a.total, total_after_first + 100000);
    char *second = arena_alloc(&a, 16);
    /* the small allocation continues right after the first one */
    assert_ptr_equal(second, first + 16);
    assert_true(big < first || big >= first + 64 * 1024);
    arena_free(&a);
}

/* ---- files ----------------------------------------------------------- */

static void test_read_file_missing_is_enoent(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    char *p = path_join(dir, "nope.txt");
    char *data = (char *)0x1;
    size_t size = 77;
    assert_int_equal(read_file(p, &data, &size), ENOENT);
    assert_ptr_equal(data, (char *)0x1); /* untouched on error */
    assert_int_equal(size, 77);
    free(p);
    rm_rf(dir);
    free(dir);
}

static void test_read_file_folder_is_eisdir(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    char *data;
    size_t size;
    assert_int_equal(read_file(dir, &data, &size), EISDIR);
    rm_rf(dir);
    free(dir);
}

static void test_read_file_fifo_does_not_block_and_is_einval(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    char *p = path_join(dir, "fifo");
    assert_int_equal(mkfifo(p, 0600), 0);
    char *data;
    size_t size;
    /* no writer: a blocking open would hang here forever */
    alarm(10);
    assert_int_equal(read_file(p, &data, &size), EINVAL);
    alarm(0);
    free(p);
    rm_rf(dir);
    free(dir);
}

static void test_read_file_regular_file_with_stat(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    char *p = path_join(dir, "f.bin");
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    char content[10000];
    for (size_t i = 0; i < sizeof(content); i++) content[i] = (char)(i % 251);
    assert_int_equal(fwrite(content, 1, sizeof(content), f), sizeof(content));
    fclose(f);
    char *data;
    size_t size;
    struct stat st;
    assert_int_equal(read_file_stat(p, &data, &size, &st), 0);
    assert_int_equal(size, sizeof(content));
    assert_memory_equal(data, content, sizeof(content));
    assert_int_equal(data[size], '\0');
    assert_int_equal(st.st_size, (off_t)sizeof(content));
    assert_true(S_ISREG(st.st_mode));
    free(data);

    /* empty file */
    f = fopen(p, "wb");
    fclose(f);
    assert_int_equal(read_file(p, &data, &size), 0);
    assert_int_equal(size, 0);
    assert_string_equal(data, "");
    free(data);

    /* a symbolic link to the file is read through */
    char *link = path_join(dir, "link");
    assert_int_equal(symlink(p, link), 0);
    assert_int_equal(read_file(link, &data, &size), 0);
    assert_int_equal(size, 0);
    free(data);
    free(link);
    free(p);
    rm_rf(dir);
    free(dir);
}

static void test_write_file_atomic_replaces_content(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    char *p = path_join(dir, "out.txt");
    assert_int_equal(write_file_atomic(p, "first version, longer\n", 22, 0640), 0);
    char *data;
    size_t size;
    assert_int_equal(read_file(p, &data, &size), 0);
    assert_string_equal(data, "first version, longer\n");
    free(data);
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    mode_t mask = umask(0);
    umask(mask);
    assert_int_equal(st.st_mode & 0777, 0640 & ~mask);
    ino_t first_inode = st.st_ino;

    assert_int_equal(write_file_atomic(p, "second", 6, 0644), 0);
    assert_int_equal(read_file(p, &data, &size), 0);
    assert_int_equal(size, 6);
    assert_string_equal(data, "second");
    free(data);
    /* replaced by rename, not rewritten in place */
    assert_int_equal(stat(p, &st), 0);
    assert_true(st.st_ino != first_inode);

    /* empty content */
    assert_int_equal(write_file_atomic(p, "", 0, 0644), 0);
    assert_int_equal(read_file(p, &data, &size), 0);
    assert_int_equal(size, 0);
    free(data);

    /* no temporary file left behind */
    char *cmd = xasprintf("test $(ls -A '%s' | wc -l) -eq 1", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);

    /* a missing folder is an error, not a crash */
    char *bad = path_join(dir, "missing/out.txt");
    assert_int_equal(write_file_atomic(bad, "x", 1, 0644), ENOENT);
    free(bad);
    free(p);
    rm_rf(dir);
    free(dir);
}

static void test_mkdir_p_creates_nested_folders(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    char *p = path_join(dir, "a/b/c");
    assert_int_equal(mkdir_p(p, 0755), 0);
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(mkdir_p(p, 0755), 0); /* existing is fine */
    char *f = path_join(dir, "file");
    assert_int_equal(write_file_atomic(f, "x", 1, 0644), 0);
    char *under = path_join(f, "sub");
    assert_int_equal(mkdir_p(under, 0755), ENOTDIR);
    free(under);
    free(f);
    free(p);
    rm_rf(dir);
    free(dir);
}

/* ---- misc ------------------------------------------------------------ */

static void test_fmt_count_inserts_thousands_separators(void **state)
{
    (void)state;
    static const struct {
        long long n;
        const char *out;
    } cases[] = {
        {0, "0"},
        {7, "7"},
        {999, "999"},
        {1000, "1,000"},
        {12345, "12,345"},
        {123456, "123,456"},
        {1234567, "1,234,567"},
        {-1, "-1"},
        {-1234, "-1,234"},
        {-999999, "-999,999"},
        {LLONG_MAX, "9,223,372,036,854,775,807"},
        {LLONG_MIN, "-9,223,372,036,854,775,808"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char buf[64];
        assert_ptr_equal(fmt_count(buf, sizeof(buf), cases[i].n), buf);
        assert_string_equal(buf, cases[i].out);
    }
}

static void test_fmt_count_truncates_within_the_buffer(void **state)
{
    (void)state;
    char buf[8];
    memset(buf, 'Z', sizeof(buf));
    fmt_count(buf, 5, 1234567);
    assert_int_equal(strlen(buf), 4);
    assert_string_equal(buf, "1,23");
    assert_int_equal(buf[5], 'Z'); /* nothing written past size */
    fmt_count(buf, 1, 5);
    assert_string_equal(buf, "");
}

static void test_str_starts_and_ends_with(void **state)
{
    (void)state;
    assert_true(str_starts_with("prefix.rest", "prefix"));
    assert_true(str_starts_with("x", ""));
    assert_false(str_starts_with("pre", "prefix"));
    assert_true(str_ends_with("lib.so", ".so"));
    assert_false(str_ends_with("so", ".so"));
    assert_true(str_ends_with("x", ""));
}

static void test_set_error_fills_code_and_message(void **state)
{
    (void)state;
    codira_error err = {0};
    assert_int_equal(set_error(&err, CODIRA_E_IO, "cannot %s: %d", "read", 5), CODIRA_E_IO);
    assert_int_equal(err.code, CODIRA_E_IO);
    assert_string_equal(err.message, "cannot read: 5");
    assert_int_equal(set_error(NULL, CODIRA_E_INVALID, "ignored"), CODIRA_E_INVALID);
    /* long messages are cut, still terminated */
    char long_text[2000];
    memset(long_text, 'm', sizeof(long_text) - 1);
    long_text[sizeof(long_text) - 1] = '\0';
    set_error(&err, CODIRA_E_BACKEND, "%s", long_text);
    assert_int_equal(strlen(err.message), sizeof(err.message) - 1);
}

static void test_vec_push_reserve_and_free(void **state)
{
    (void)state;
    VEC(int) v = {0};
    for (int i = 0; i < 1000; i++) VEC_PUSH(v, i * 3);
    assert_int_equal(v.len, 1000);
    assert_true(v.cap >= 1000);
    for (int i = 0; i < 1000; i++) assert_int_equal(v.items[i], i * 3);
    VEC_RESERVE(v, 5000);
    assert_true(v.cap >= 6000);
    assert_int_equal(v.items[999], 2997);
    VEC_FREE(v);
    assert_null(v.items);
    assert_int_equal(v.len, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strbuf_starts_empty_and_str_is_never_null),
        cmocka_unit_test(test_strbuf_grows_past_many_reallocations),
        cmocka_unit_test(test_strbuf_add_keeps_embedded_bytes_and_terminates),
        cmocka_unit_test(test_strbuf_addf_formats_and_appends),
        cmocka_unit_test(test_sb_add_collapsed_collapses_and_trims),
        cmocka_unit_test(test_utf8_is_clean_accepts_valid_multibyte),
        cmocka_unit_test(test_utf8_is_clean_rejects_invalid_sequences),
        cmocka_unit_test(test_utf8_repair_reads_invalid_bytes_as_latin1),
        cmocka_unit_test(test_utf8_repair_appends_after_existing_content),
        cmocka_unit_test(test_utf8_repair_of_every_byte_is_clean),
        cmocka_unit_test(test_path_normalize_relative_table),
        cmocka_unit_test(test_path_has_prefix_requires_a_folder_boundary),
        cmocka_unit_test(test_path_extension_and_basename),
        cmocka_unit_test(test_path_join),
        cmocka_unit_test(test_strmap_thousands_of_keys_survive_growth),
        cmocka_unit_test(test_strmap_put_overwrites_existing_key),
        cmocka_unit_test(test_strmap_zeroed_map_works_without_init),
        cmocka_unit_test(test_hash_hex_is_stable_and_discriminating),
        cmocka_unit_test(test_arena_small_and_big_allocations_are_zeroed_and_aligned),
        cmocka_unit_test(test_arena_big_allocation_keeps_filling_current_block),
        cmocka_unit_test(test_read_file_missing_is_enoent),
        cmocka_unit_test(test_read_file_folder_is_eisdir),
        cmocka_unit_test(test_read_file_fifo_does_not_block_and_is_einval),
        cmocka_unit_test(test_read_file_regular_file_with_stat),
        cmocka_unit_test(test_write_file_atomic_replaces_content),
        cmocka_unit_test(test_mkdir_p_creates_nested_folders),
        cmocka_unit_test(test_fmt_count_inserts_thousands_separators),
        cmocka_unit_test(test_fmt_count_truncates_within_the_buffer),
        cmocka_unit_test(test_str_starts_and_ends_with),
        cmocka_unit_test(test_set_error_fills_code_and_message),
        cmocka_unit_test(test_vec_push_reserve_and_free),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
