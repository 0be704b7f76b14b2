#include "state.h"

#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

int state_ensure_dir(const char *state_dir, codira_error *err)
{
    int e = mkdir_p(state_dir, 0755);
    if (e) return set_error(err, CODIRA_E_IO, "cannot create %s: %s", state_dir, strerror(e));
    char *gi = path_join(state_dir, ".gitignore");
    if (access(gi, F_OK) != 0) {
        static const char body[] = "# codira state: never commit it\n*\n";
        write_file_atomic(gi, body, sizeof(body) - 1, 0644);
    }
    free(gi);
    return CODIRA_OK;
}

/* ---- lock ---------------------------------------------------------- */

int state_lock_acquire(const char *state_dir, bool wait, state_lock *l, codira_error *err)
{
    char *path = path_join(state_dir, "index.lock");
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        int e = errno;
        free(path);
        return set_error(err, e == EROFS || e == EACCES ? CODIRA_E_READONLY : CODIRA_E_IO,
                         "cannot open the index lock: %s", strerror(e));
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK || !wait) {
            close(fd);
            set_error(err, CODIRA_E_BUSY, "another index run holds %s", path);
            free(path);
            return CODIRA_E_BUSY;
        }
        char pid[32] = "";
        ssize_t n = pread(fd, pid, sizeof(pid) - 1, 0);
        pid[n > 0 ? n : 0] = '\0';
        pid[strcspn(pid, "\n")] = '\0';
        fprintf(stderr, "codira: waiting for another index run%s%s%s to finish...\n",
                *pid ? " (pid " : "", pid, *pid ? ")" : "");
        while (flock(fd, LOCK_EX) != 0) {
            if (errno != EINTR) {
                int e = errno;
                close(fd);
                free(path);
                return set_error(err, CODIRA_E_IO, "cannot lock the index: %s", strerror(e));
            }
        }
    }
    char pid[32];
    int n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) == 0 && pwrite(fd, pid, (size_t)n, 0) < 0) {
        /* the pid is informative only */
    }
    free(path);
    l->fd = fd;
    return CODIRA_OK;
}

void state_lock_release(state_lock *l)
{
    if (l->fd >= 0) {
        flock(l->fd, LOCK_UN);
        close(l->fd);
    }
    l->fd = -1;
}

/* ---- metadata.json ------------------------------------------------- */

static char *json_str_dup(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

int state_meta_read(const char *state_dir, state_meta *m)
{
    memset(m, 0, sizeof(*m));
    char *path = path_join(state_dir, "metadata.json");
    char *data;
    size_t size;
    int e = read_file(path, &data, &size);
    free(path);
    if (e) return e == ENOENT ? ENOENT : EINVAL;
    json_t *root = json_loadb(data, size, 0, NULL);
    free(data);
    if (!json_is_object(root)) {
        json_decref(root);
        return EINVAL;
    }
    m->backend_name = json_str_dup(root, "backend_name");
    m->backend_version = json_str_dup(root, "backend_version");
    m->analyzer_inventory = json_str_dup(root, "analyzer_inventory");
    m->codira_version = json_str_dup(root, "codira_version");
    m->commit = json_str_dup(root, "commit");
    char *gen = json_str_dup(root, "generation"), *count = json_str_dup(root, "indexed_file_count");
    m->generation = gen ? atoll(gen) : 0;
    m->file_count = count ? atoll(count) : 0;
    free(gen);
    free(count);
    json_decref(root);
    if (!m->backend_name) {
        state_meta_free(m);
        return EINVAL;
    }
    return 0;
}

int state_meta_write(const char *state_dir, const state_meta *m)
{
    /* every value is a string, as in the original tool's metadata.json */
    char num[32];
    json_t *o = json_object();
    json_object_set_new(o, "schema_version", json_string(m->backend_version));
    json_object_set_new(o, "backend_name", json_string(m->backend_name));
    json_object_set_new(o, "backend_version", json_string(m->backend_version));
    json_object_set_new(o, "analyzer_inventory", json_string(m->analyzer_inventory));
    snprintf(num, sizeof(num), "%lld", (long long)m->file_count);
    json_object_set_new(o, "indexed_file_count", json_string(num));
    if (m->commit) json_object_set_new(o, "commit", json_string(m->commit));
    json_object_set_new(o, "codira_version", json_string(m->codira_version));
    snprintf(num, sizeof(num), "%lld", (long long)m->generation);
    json_object_set_new(o, "generation", json_string(num));
    char *text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
    json_decref(o);
    strbuf sb;
    sb_init(&sb);
    sb_adds(&sb, text);
    sb_addc(&sb, '\n');
    free(text);
    char *path = path_join(state_dir, "metadata.json");
    int e = write_file_atomic(path, sb.buf, sb.len, 0644);
    free(path);
    sb_free(&sb);
    return e;
}

void state_meta_free(state_meta *m)
{
    free(m->backend_name);
    free(m->backend_version);
    free(m->analyzer_inventory);
    free(m->codira_version);
    free(m->commit);
    memset(m, 0, sizeof(*m));
}

/* ---- scan.cache -----------------------------------------------------
 * Text, one record per line; the path comes last, length-prefixed, so any
 * byte can appear in it:
 *   codira-scan-cache 1 <generation> <git 0|1> <backend> <analyzers>
 *   W <mtime_ns> <size> <len>:<path>
 *   F <size> <mtime_ns> <analyzer|-> <len>:<path>
 */
#define CACHE_MAGIC "codira-scan-cache 1"

/* Parse "<len>:<path>" ending at a newline; NUL-terminates the path in place. */
static bool parse_path(char **pp, char *end, const char **out)
{
    char *colon;
    unsigned long long n = strtoull(*pp, &colon, 10);
    if (*colon != ':' || (size_t)(end - colon - 1) < n + 1) return false;
    char *path = colon + 1;
    if (path[n] != '\n') return false;
    path[n] = '\0';
    *out = path;
    *pp = path + n + 1;
    return true;
}

int state_cache_view(const char *state_dir, cache_view *v)
{
    memset(v, 0, sizeof(*v));
    char *path = path_join(state_dir, "scan.cache");
    size_t size;
    int e = read_file(path, &v->data, &size);
    free(path);
    if (e) return e == ENOENT ? ENOENT : EINVAL;
    char *p = v->data, *end = v->data + size;
    long long gen;
    int git, consumed = 0;
    if (size < sizeof(CACHE_MAGIC) || strncmp(p, CACHE_MAGIC " ", sizeof(CACHE_MAGIC)) != 0 ||
        sscanf(p + sizeof(CACHE_MAGIC), "%lld %d %127s %127s%n", &gen, &git, v->backend,
               v->analyzers, &consumed) != 4)
        goto bad;
    v->generation = gen;
    v->git = git != 0;
    p += sizeof(CACHE_MAGIC) + (size_t)consumed;
    if (p >= end || *p != '\n') goto bad;
    p++;
    while (p < end) {
        cache_entry ce = {0};
        char *q;
        ce.kind = p[0];
        if ((ce.kind != 'W' && ce.kind != 'F') || p[1] != ' ') goto bad;
        if (ce.kind == 'W') {
            ce.mtime_ns = strtoll(p + 2, &q, 10);
            ce.size = strtoll(q, &q, 10);
        } else {
            ce.size = strtoll(p + 2, &q, 10);
            ce.mtime_ns = strtoll(q, &q, 10);
        }
        if (*q != ' ') goto bad;
        p = q + 1;
        if (ce.kind == 'F') {
            char *sp = memchr(p, ' ', (size_t)(end - p));
            if (!sp) goto bad;
            *sp = '\0';
            ce.analyzer = strcmp(p, "-") == 0 ? NULL : p;
            p = sp + 1;
        }
        if (!parse_path(&p, end, &ce.path)) goto bad;
        VEC_PUSH(v->entries, ce);
    }
    return 0;
bad:
    state_cache_view_free(v);
    return EINVAL;
}

void state_cache_view_free(cache_view *v)
{
    free(v->data);
    VEC_FREE(v->entries);
    memset(v, 0, sizeof(*v));
}

int state_cache_read(const char *state_dir, state_cache *c)
{
    memset(c, 0, sizeof(*c));
    cache_view v;
    int e = state_cache_view(state_dir, &v);
    if (e) return e;
    c->generation = v.generation;
    c->git = v.git;
    c->backend = xstrdup(v.backend);
    c->analyzers = xstrdup(v.analyzers);
    for (size_t i = 0; i < v.entries.len; i++) {
        const cache_entry *ce = &v.entries.items[i];
        if (ce->kind == 'W') {
            scan_watch w = {xstrdup(ce->path), ce->mtime_ns, ce->size};
            VEC_PUSH(c->watch, w);
        } else {
            cache_file f = {xstrdup(ce->path), ce->size, ce->mtime_ns,
                            ce->analyzer ? xstrdup(ce->analyzer) : NULL};
            VEC_PUSH(c->files, f);
        }
    }
    state_cache_view_free(&v);
    return 0;
}

int state_cache_write(const char *state_dir, const state_cache *c)
{
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, CACHE_MAGIC " %lld %d %s %s\n", (long long)c->generation, c->git ? 1 : 0,
            c->backend, c->analyzers);
    for (size_t i = 0; i < c->watch.len; i++) {
        const scan_watch *w = &c->watch.items[i];
        sb_addf(&sb, "W %lld %lld %zu:", (long long)w->mtime_ns, (long long)w->size, strlen(w->path));
        sb_adds(&sb, w->path);
        sb_addc(&sb, '\n');
    }
    for (size_t i = 0; i < c->files.len; i++) {
        const cache_file *f = &c->files.items[i];
        sb_addf(&sb, "F %lld %lld %s %zu:", (long long)f->size, (long long)f->mtime_ns,
                f->analyzer ? f->analyzer : "-", strlen(f->path));
        sb_adds(&sb, f->path);
        sb_addc(&sb, '\n');
    }
    char *path = path_join(state_dir, "scan.cache");
    int e = write_file_atomic(path, sb_str(&sb), sb.len, 0644);
    free(path);
    sb_free(&sb);
    return e;
}

void state_cache_free(state_cache *c)
{
    for (size_t i = 0; i < c->watch.len; i++) free(c->watch.items[i].path);
    for (size_t i = 0; i < c->files.len; i++) {
        free(c->files.items[i].path);
        free(c->files.items[i].analyzer);
    }
    VEC_FREE(c->watch);
    VEC_FREE(c->files);
    free(c->backend);
    free(c->analyzers);
    memset(c, 0, sizeof(*c));
}

/* ---- git HEAD ------------------------------------------------------ */

char *state_git_head(const char *root)
{
    char *argv[] = {"git", "-C", (char *)root, "rev-parse", "--verify", "-q", "HEAD", NULL};
    strbuf sb;
    sb_init(&sb);
    int rc = proc_capture(argv, &sb);
    char *head = sb_steal(&sb);
    head[strcspn(head, "\n")] = '\0';
    if (rc != 0 || strlen(head) < 40) {
        free(head);
        return NULL;
    }
    return head;
}
