/*
 * util.h - small building blocks shared by the library and the CLI:
 * checked allocation, growable strings and arrays, an arena, UTF-8
 * repair, content hashing, file and path helpers.
 */
#ifndef CODIRA_UTIL_H
#define CODIRA_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h> /* VEC_FREE */
#include <sys/types.h>

#include "codira/codira.h"

#if defined(__GNUC__)
#define CODIRA_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define CODIRA_NORETURN __attribute__((noreturn))
#else
#define CODIRA_PRINTF(a, b)
#define CODIRA_NORETURN
#endif

/* ---- allocation: out of memory is fatal (one line, exit 70) ---------- */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) CODIRA_PRINTF(1, 2);
char *xvasprintf(const char *fmt, va_list ap);
CODIRA_NORETURN void die_oom(void);

/* ---- growable array: VEC(T) v = {0}; VEC_PUSH(v, x); free(v.items) --- */
#define VEC(T) struct { T *items; size_t len, cap; }
#define VEC_RESERVE(v, n)                                                     \
    do {                                                                      \
        if ((v).len + (n) > (v).cap) {                                        \
            size_t vec_cap_ = (v).cap ? (v).cap * 2 : 8;                      \
            while (vec_cap_ < (v).len + (n)) vec_cap_ *= 2;                   \
            (v).items = xrealloc((v).items, vec_cap_ * sizeof(*(v).items));   \
            (v).cap = vec_cap_;                                               \
        }                                                                     \
    } while (0)
#define VEC_PUSH(v, x)                                                        \
    do {                                                                      \
        VEC_RESERVE(v, 1);                                                    \
        (v).items[(v).len++] = (x);                                           \
    } while (0)
#define VEC_FREE(v) (free((v).items), (v).items = NULL, (v).len = (v).cap = 0)

/* Binary search over [0, n): sets `result` to the first index for which
 * `before` (an expression of `mid`) is false, given that `before` holds
 * for a prefix of the range. */
#define PARTITION_POINT(result, n, before)                                    \
    do {                                                                      \
        size_t pp_lo_ = 0, pp_hi_ = (n);                                      \
        while (pp_lo_ < pp_hi_) {                                             \
            size_t mid = pp_lo_ + (pp_hi_ - pp_lo_) / 2;                       \
            if (before) pp_lo_ = mid + 1;                                     \
            else pp_hi_ = mid;                                                \
        }                                                                     \
        (result) = pp_lo_;                                                    \
    } while (0)

/* ---- growable NUL-terminated string ---------------------------------- */
typedef struct strbuf {
    char *buf;
    size_t len, cap;
} strbuf;

void sb_init(strbuf *sb);
void sb_free(strbuf *sb);
void sb_reserve(strbuf *sb, size_t extra);
void sb_add(strbuf *sb, const char *s, size_t n);
void sb_adds(strbuf *sb, const char *s);
void sb_addc(strbuf *sb, char c);
void sb_addf(strbuf *sb, const char *fmt, ...) CODIRA_PRINTF(2, 3);
void sb_vaddf(strbuf *sb, const char *fmt, va_list ap);
void sb_clear(strbuf *sb);
char *sb_steal(strbuf *sb); /* returns the buffer (never NULL), resets sb */
const char *sb_str(const strbuf *sb); /* "" when empty */

/* ---- arena: many small allocations freed at once --------------------- */
typedef struct arena_block arena_block;
typedef struct arena {
    arena_block *head;
    size_t total;
} arena;

void arena_init(arena *a);
void arena_free(arena *a);
void *arena_alloc(arena *a, size_t n); /* 8-byte aligned, zeroed */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);

/* ---- string -> size_t map; keys are borrowed and must outlive the map -- */
typedef struct strmap {
    const char **keys;
    size_t *vals;
    size_t cap, len;
} strmap;

void strmap_init(strmap *m, size_t expected);
void strmap_free(strmap *m);
/* false when absent */
bool strmap_get(const strmap *m, const char *key, size_t *val);
/* insert or overwrite; returns false when the key was already present */
bool strmap_put(strmap *m, const char *key, size_t val);
/* the key as stored (the borrowed pointer), or NULL */
const char *strmap_find_key(const strmap *m, const char *key);

/* ---- int64 -> uint32 map (ids to indices) ---------------------------- */
typedef struct i64map {
    int64_t *keys; /* INT64_MIN marks a free slot */
    uint32_t *vals;
    size_t cap, len;
} i64map;

void i64map_free(i64map *m);
bool i64map_get(const i64map *m, int64_t key, uint32_t *val);
void i64map_put(i64map *m, int64_t key, uint32_t val);

/* ---- UTF-8 ---------------------------------------------------------- */
/* true when [s, s+n) is valid UTF-8 without NUL bytes */
bool utf8_is_clean(const char *s, size_t n);
/* Append [s, s+n) to sb as valid UTF-8: invalid bytes are read as Latin-1,
 * NUL bytes become U+FFFD. */
void utf8_append_repaired(strbuf *sb, const char *s, size_t n);

/* ---- hashing (XXH3-128, lowercase hex, 32 chars + NUL) --------------- */
#define CODIRA_HASH_HEX_LEN 32
void hash_hex(const void *data, size_t n, char out[CODIRA_HASH_HEX_LEN + 1]);
uint64_t hash64(const void *data, size_t n);

/* ---- files ----------------------------------------------------------- */
/* Read a whole regular file. Returns 0, or an errno value. The buffer is
 * NUL-terminated; free with free(). */
int read_file(const char *path, char **data, size_t *size);
struct stat;
/* The same, also returning the stat of the opened file (may be NULL). */
int read_file_stat(const char *path, char **data, size_t *size, struct stat *st);
/* Write a file atomically (temp file in the same folder, fsync, rename).
 * Returns 0 or an errno value. */
int write_file_atomic(const char *path, const char *data, size_t size, mode_t mode);
/* mkdir -p; returns 0 or an errno value */
int mkdir_p(const char *path, mode_t mode);

/* ---- paths ----------------------------------------------------------- */
char *path_join(const char *a, const char *b);
/* Lexically normalise a relative path: drop "." and empty parts, resolve
 * "..". Returns NULL when it climbs above its start. "" for the root. */
char *path_normalize_relative(const char *p);
/* true when `path` equals `prefix` or lies under it ("a/b" under "a") */
bool path_has_prefix(const char *path, const char *prefix);
const char *path_basename(const char *p);
/* the extension including its dot (".py"), or "" */
const char *path_extension(const char *p);
/* The path without its extension, '/' read as '.': "lib/x.sh" ->
 * "lib.x" (the module name of C, C++ and Bash files), in the arena. */
char *path_dotted(arena *a, const char *p);

/* ---- time ----------------------------------------------------------- */
int64_t monotonic_ns(void);
int64_t realtime_ns(void);

/* ---- messages ------------------------------------------------------- */
/* One line on stderr, prefixed "codira: ". */
void notice(const char *fmt, ...) CODIRA_PRINTF(1, 2);
void vnotice(const char *fmt, va_list ap);

/* qsort that accepts an empty (NULL) array */
void sort_array(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

/* ---- misc ----------------------------------------------------------- */
int cpu_count(void);
bool str_starts_with(const char *s, const char *prefix);
bool str_ends_with(const char *s, const char *suffix);
/* Collapse runs of whitespace to one space and trim. */
void sb_add_collapsed(strbuf *sb, const char *s, size_t n);
/* Fill a codira_error and return its code. */
int set_error(codira_error *err, int code, const char *fmt, ...) CODIRA_PRINTF(3, 4);
/* Format a count with thousands separators into buf ("12,345"). */
const char *fmt_count(char *buf, size_t size, long long n);

#endif
