#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

/* ---- allocation ------------------------------------------------------ */

void die_oom(void)
{
    static const char msg[] = "codira: out of memory\n";
    ssize_t ignored = write(2, msg, sizeof(msg) - 1);
    (void)ignored;
    _exit(70);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) die_oom();
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p) die_oom();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) die_oom();
    return q;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
    strbuf sb;
    sb_init(&sb);
    sb_vaddf(&sb, fmt, ap);
    return sb_steal(&sb);
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    return s;
}

/* ---- strbuf ---------------------------------------------------------- */

void sb_init(strbuf *sb)
{
    sb->buf = NULL;
    sb->len = sb->cap = 0;
}

void sb_free(strbuf *sb)
{
    free(sb->buf);
    sb_init(sb);
}

void sb_reserve(strbuf *sb, size_t extra)
{
    if (sb->len + extra + 1 <= sb->cap) return;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < sb->len + extra + 1) cap *= 2;
    sb->buf = xrealloc(sb->buf, cap);
    sb->cap = cap;
    sb->buf[sb->len] = '\0'; /* a fresh buffer is a valid empty string */
}

void sb_add(strbuf *sb, const char *s, size_t n)
{
    sb_reserve(sb, n);
    if (n) memcpy(sb->buf + sb->len, s, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
}

void sb_adds(strbuf *sb, const char *s)
{
    sb_add(sb, s, strlen(s));
}

void sb_addc(strbuf *sb, char c)
{
    sb_reserve(sb, 1);
    sb->buf[sb->len++] = c;
    sb->buf[sb->len] = '\0';
}

void sb_vaddf(strbuf *sb, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) return;
    sb_reserve(sb, (size_t)n);
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void sb_addf(strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vaddf(sb, fmt, ap);
    va_end(ap);
}

void sb_clear(strbuf *sb)
{
    sb->len = 0;
    if (sb->buf) sb->buf[0] = '\0';
}

char *sb_steal(strbuf *sb)
{
    char *p = sb->buf ? sb->buf : xstrdup("");
    sb_init(sb);
    return p;
}

const char *sb_str(const strbuf *sb)
{
    return sb->buf ? sb->buf : "";
}

void sb_add_collapsed(strbuf *sb, const char *s, size_t n)
{
    bool pending_space = false;
    size_t start_len = sb->len;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            pending_space = true;
            continue;
        }
        if (pending_space && sb->len > start_len) sb_addc(sb, ' ');
        pending_space = false;
        sb_addc(sb, (char)c);
    }
}

/* ---- arena ----------------------------------------------------------- */

struct arena_block {
    arena_block *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
};

void arena_init(arena *a)
{
    a->head = NULL;
    a->total = 0;
}

void arena_free(arena *a)
{
    arena_block *b = a->head;
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    arena_init(a);
}

void *arena_alloc(arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    arena_block *b = a->head;
    if (!b || b->used + n > b->size) {
        size_t size = 64 * 1024;
        if (n > size / 4) size = n; /* big requests get their own block */
        arena_block *nb = xmalloc(sizeof(*nb) + size);
        nb->used = 0;
        nb->size = size;
        if (b && size == n) {
            /* keep filling the current block afterwards */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        a->total += size;
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

/* ---- strmap ---------------------------------------------------------- */

void strmap_init(strmap *m, size_t expected)
{
    m->cap = 16;
    while (m->cap < expected * 2) m->cap *= 2;
    m->keys = xcalloc(m->cap, sizeof(*m->keys));
    m->vals = xcalloc(m->cap, sizeof(*m->vals));
    m->len = 0;
}

void strmap_free(strmap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof(*m));
}

static size_t strmap_slot(const strmap *m, const char *key)
{
    size_t mask = m->cap - 1, i = (size_t)hash64(key, strlen(key)) & mask;
    while (m->keys[i] && strcmp(m->keys[i], key) != 0) i = (i + 1) & mask;
    return i;
}

bool strmap_get(const strmap *m, const char *key, size_t *val)
{
    if (!m->cap) return false;
    size_t i = strmap_slot(m, key);
    if (!m->keys[i]) return false;
    if (val) *val = m->vals[i];
    return true;
}

const char *strmap_find_key(const strmap *m, const char *key)
{
    if (!m->cap) return NULL;
    return m->keys[strmap_slot(m, key)];
}

bool strmap_put(strmap *m, const char *key, size_t val)
{
    if (!m->cap) strmap_init(m, 8);
    if ((m->len + 1) * 2 > m->cap) {
        strmap old = *m;
        strmap_init(m, old.cap);
        for (size_t i = 0; i < old.cap; i++)
            if (old.keys[i]) strmap_put(m, old.keys[i], old.vals[i]);
        strmap_free(&old);
    }
    size_t i = strmap_slot(m, key);
    bool fresh = !m->keys[i];
    if (fresh) m->len++;
    m->keys[i] = key;
    m->vals[i] = val;
    return fresh;
}

/* ---- i64map ---------------------------------------------------------- */

void i64map_free(i64map *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof(*m));
}

static size_t i64map_slot(const i64map *m, int64_t key)
{
    size_t mask = m->cap - 1, i = (size_t)((uint64_t)key * 0x9E3779B97F4A7C15ull >> 17) & mask;
    while (m->keys[i] != INT64_MIN && m->keys[i] != key) i = (i + 1) & mask;
    return i;
}

bool i64map_get(const i64map *m, int64_t key, uint32_t *val)
{
    if (!m->cap) return false;
    size_t i = i64map_slot(m, key);
    if (m->keys[i] == INT64_MIN) return false;
    if (val) *val = m->vals[i];
    return true;
}

void i64map_put(i64map *m, int64_t key, uint32_t val)
{
    if ((m->len + 1) * 2 > m->cap) {
        i64map old = *m;
        m->cap = old.cap ? old.cap * 2 : 64;
        m->len = 0;
        m->keys = xmalloc(m->cap * sizeof(*m->keys));
        m->vals = xmalloc(m->cap * sizeof(*m->vals));
        for (size_t i = 0; i < m->cap; i++) m->keys[i] = INT64_MIN;
        for (size_t i = 0; i < old.cap; i++)
            if (old.keys[i] != INT64_MIN) i64map_put(m, old.keys[i], old.vals[i]);
        i64map_free(&old);
    }
    size_t i = i64map_slot(m, key);
    if (m->keys[i] == INT64_MIN) m->len++;
    m->keys[i] = key;
    m->vals[i] = val;
}

/* ---- UTF-8 ----------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (n bytes available), or 0. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80) return c ? 1 : 0;
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

bool utf8_is_clean(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (p[i] && p[i] < 0x80) {
            i++;
            continue;
        }
        size_t l = utf8_seq_len(p + i, n - i);
        if (!l) return false;
        i += l;
    }
    return true;
}

void utf8_append_repaired(strbuf *sb, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    sb_reserve(sb, n);
    while (i < n) {
        size_t run = i;
        while (run < n && p[run] && p[run] < 0x80) run++;
        if (run > i) {
            sb_add(sb, s + i, run - i);
            i = run;
            continue;
        }
        size_t l = utf8_seq_len(p + i, n - i);
        if (l) {
            sb_add(sb, s + i, l);
            i += l;
        } else if (p[i] == 0) {
            sb_add(sb, "\xEF\xBF\xBD", 3);
            i++;
        } else {
            /* Latin-1 fallback: byte 0x80..0xFF is the code point itself */
            char two[2] = {(char)(0xC0 | (p[i] >> 6)), (char)(0x80 | (p[i] & 0x3F))};
            sb_add(sb, two, 2);
            i++;
        }
    }
}

/* ---- hashing --------------------------------------------------------- */

void hash_hex(const void *data, size_t n, char out[CODIRA_HASH_HEX_LEN + 1])
{
    XXH128_hash_t h = XXH3_128bits(data, n);
    snprintf(out, CODIRA_HASH_HEX_LEN + 1, "%016llx%016llx", (unsigned long long)h.high64,
             (unsigned long long)h.low64);
}

uint64_t hash64(const void *data, size_t n)
{
    return XXH3_64bits(data, n);
}

/* ---- files ----------------------------------------------------------- */

int read_file(const char *path, char **data, size_t *size)
{
    return read_file_stat(path, data, size, NULL);
}

int read_file_stat(const char *path, char **data, size_t *size, struct stat *out_st)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) return errno;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return e;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
    }
    size_t cap = (size_t)st.st_size + 1, len = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (len + 1 >= cap) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
        ssize_t r = read(fd, buf + len, cap - len - 1);
        if (r < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            free(buf);
            close(fd);
            return e;
        }
        if (r == 0) break;
        len += (size_t)r;
    }
    close(fd);
    buf[len] = '\0';
    if (out_st) *out_st = st;
    *data = buf;
    *size = len;
    return 0;
}

int write_file_atomic(const char *path, const char *data, size_t size, mode_t mode)
{
    char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return e;
    }
    size_t off = 0;
    while (off < size) {
        ssize_t w = write(fd, data + off, size - off);
        if (w < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            close(fd);
            unlink(tmp);
            free(tmp);
            return e;
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        int e = errno;
        unlink(tmp);
        free(tmp);
        return e;
    }
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        free(tmp);
        return e;
    }
    free(tmp);
    return 0;
}

int mkdir_p(const char *path, mode_t mode)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        if (mkdir(p, mode) != 0 && errno != EEXIST) {
            int e = errno;
            free(p);
            return e;
        }
        *s = '/';
    }
    int rc = 0;
    if (mkdir(p, mode) != 0 && errno != EEXIST) rc = errno;
    free(p);
    return rc;
}

/* ---- paths ----------------------------------------------------------- */

char *path_join(const char *a, const char *b)
{
    if (!*a) return xstrdup(b);
    if (!*b) return xstrdup(a);
    size_t la = strlen(a);
    if (a[la - 1] == '/') return xasprintf("%s%s", a, b);
    return xasprintf("%s/%s", a, b);
}

char *path_normalize_relative(const char *p)
{
    VEC(const char *) parts = {0};
    VEC(size_t) lens = {0};
    const char *s = p;
    while (*s) {
        const char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == 0 || (n == 1 && s[0] == '.')) {
            /* skip */
        } else if (n == 2 && s[0] == '.' && s[1] == '.') {
            if (parts.len == 0) {
                VEC_FREE(parts);
                VEC_FREE(lens);
                return NULL;
            }
            parts.len--;
            lens.len--;
        } else {
            VEC_PUSH(parts, s);
            VEC_PUSH(lens, n);
        }
        if (!e) break;
        s = e + 1;
    }
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < parts.len; i++) {
        if (i) sb_addc(&sb, '/');
        sb_add(&sb, parts.items[i], lens.items[i]);
    }
    VEC_FREE(parts);
    VEC_FREE(lens);
    return sb_steal(&sb);
}

bool path_has_prefix(const char *path, const char *prefix)
{
    if (!prefix || !*prefix) return true;
    size_t n = strlen(prefix);
    return strncmp(path, prefix, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

const char *path_basename(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

const char *path_extension(const char *p)
{
    const char *base = path_basename(p);
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base) return "";
    return dot;
}

char *path_dotted(arena *a, const char *p)
{
    char *m = arena_strndup(a, p, strlen(p) - strlen(path_extension(p)));
    for (char *c = m; *c; c++)
        if (*c == '/') *c = '.';
    return m;
}

/* ---- time ------------------------------------------------------------ */

int64_t monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t realtime_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- messages --------------------------------------------------------- */

void vnotice(const char *fmt, va_list ap)
{
    char *msg = xvasprintf(fmt, ap);
    fprintf(stderr, "codira: %s\n", msg);
    free(msg);
}

void notice(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vnotice(fmt, ap);
    va_end(ap);
}

/* ---- misc ------------------------------------------------------------ */

void sort_array(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1) qsort(base, n, size, cmp);
}

int cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

bool str_starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_ends_with(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lf = strlen(suffix);
    return ls >= lf && memcmp(s + ls - lf, suffix, lf) == 0;
}

int set_error(codira_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof(err->message), fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

const char *fmt_count(char *buf, size_t size, long long n)
{
    char digits[32];
    /* unsigned negation: -LLONG_MIN does not fit a long long */
    unsigned long long mag = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
    int len = snprintf(digits, sizeof(digits), "%llu", mag);
    size_t o = 0;
    if (n < 0 && o + 1 < size) buf[o++] = '-';
    for (int i = 0; i < len && o + 1 < size; i++) {
        if (i && (len - i) % 3 == 0 && o + 1 < size) buf[o++] = ',';
        if (o + 1 < size) buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}
