#include "discovery.h"

#include "proc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Folders never entered: state, VCS metadata, caches, build output. */
static const char *const skipped_dirs[] = {
    ".codira", ".git",      ".hg",         ".svn",   "__pycache__", ".mypy_cache",
    ".pytest_cache", ".ruff_cache", ".tox", ".nox", ".venv", "venv",
    "node_modules", ".cache", "build",  "dist",   ".eggs",       NULL,
};

bool scan_skipped_dir(const char *name)
{
    for (const char *const *p = skipped_dirs; *p; p++)
        if (strcmp(*p, name) == 0) return true;
    return false;
}

bool scan_name_matches(const char *name, const char *const *patterns, size_t n_patterns)
{
    for (size_t i = 0; i < n_patterns; i++)
        if (fnmatch(patterns[i], name, 0) == 0) return true;
    return false;
}

/* ---- gitignore-style matching ---------------------------------------- */

static bool match_class(const char **pp, char c)
{
    const char *p = *pp + 1; /* after '[' */
    bool negate = false, matched = false;
    if (*p == '!' || *p == '^') {
        negate = true;
        p++;
    }
    bool first = true;
    while (*p && (first || *p != ']')) {
        first = false;
        char lo = *p;
        if (lo == '\\' && p[1]) lo = *++p;
        char hi = lo;
        if (p[1] == '-' && p[2] && p[2] != ']') {
            hi = p[2];
            if (hi == '\\' && p[3]) {
                hi = p[3];
                p++;
            }
            p += 2;
        }
        if (c >= lo && c <= hi) matched = true;
        p++;
    }
    if (*p != ']') return false; /* malformed: no match */
    *pp = p + 1;
    return matched != negate;
}

static bool wm(const char *p, const char *t, bool pathname)
{
    for (; *p; p++, t++) {
        switch (*p) {
        case '?':
            if (!*t || (pathname && *t == '/')) return false;
            break;
        case '*': {
            bool globstar = p[1] == '*';
            while (*p == '*') p++;
            if (globstar && pathname) {
                /* a double star spans folders, and followed by a slash it may match no folder */
                if (*p == '/' && wm(p + 1, t, pathname)) return true;
                for (const char *s = t;; s++) {
                    if (wm(p, s, pathname)) return true;
                    if (!*s) return false;
                }
            }
            if (!*p) return !pathname || !strchr(t, '/');
            for (const char *s = t;; s++) {
                if (wm(p, s, pathname)) return true;
                if (!*s || (pathname && *s == '/')) return false;
            }
        }
        case '[': {
            if (!*t || (pathname && *t == '/')) return false;
            const char *q = p;
            if (!match_class(&q, *t)) return false;
            p = q - 1;
            break;
        }
        case '\\':
            if (p[1]) p++;
            /* fall through */
        default:
            if (*p != *t) return false;
        }
    }
    return !*t;
}

bool wildmatch(const char *pattern, const char *text, bool pathname)
{
    return wm(pattern, text, pathname);
}

typedef struct ignore_rule {
    char *pattern;
    bool negate, dir_only, anchored;
} ignore_rule;

/* The rules of one .gitignore, linked to those of the folders above. */
typedef struct ignore_group {
    struct ignore_group *parent;
    char *base; /* folder of the .gitignore, repository-relative ("" = root) */
    VEC(ignore_rule) rules;
} ignore_group;

static void parse_gitignore(ignore_group *g, const char *data, size_t size)
{
    const char *s = data, *end = data + size;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *e = nl ? nl : end;
        size_t n = (size_t)(e - s);
        if (n && s[n - 1] == '\r') n--;
        /* trailing unescaped spaces are not part of the pattern */
        while (n && s[n - 1] == ' ' && !(n >= 2 && s[n - 2] == '\\')) n--;
        if (n && s[0] != '#') {
            ignore_rule r = {0};
            const char *p = s;
            if (*p == '!') {
                r.negate = true;
                p++;
                n--;
            } else if (*p == '\\' && n > 1 && (p[1] == '#' || p[1] == '!')) {
                p++;
                n--;
            }
            if (n && p[n - 1] == '/') {
                r.dir_only = true;
                n--;
            }
            if (n) {
                const char *slash = memchr(p, '/', n);
                r.anchored = slash != NULL;
                if (*p == '/') {
                    p++;
                    n--;
                }
                if (n) {
                    r.pattern = xstrndup(p, n);
                    VEC_PUSH(g->rules, r);
                }
            }
        }
        s = nl ? nl + 1 : end;
    }
}

/* Is `rel` (repository-relative) ignored? Deeper files win, and within one
 * file the last matching rule wins. */
static bool is_ignored(const ignore_group *g, const char *rel, bool is_dir)
{
    const char *base = path_basename(rel);
    for (; g; g = g->parent) {
        const char *sub = rel;
        if (*g->base) {
            size_t bl = strlen(g->base);
            if (strncmp(rel, g->base, bl) != 0 || rel[bl] != '/') continue;
            sub = rel + bl + 1;
        }
        for (size_t i = g->rules.len; i-- > 0;) {
            const ignore_rule *r = &g->rules.items[i];
            if (r->dir_only && !is_dir) continue;
            bool m = r->anchored ? wildmatch(r->pattern, sub, true) : wildmatch(r->pattern, base, false);
            if (m) return !r->negate;
        }
    }
    return false;
}

static void free_group(ignore_group *g)
{
    for (size_t i = 0; i < g->rules.len; i++) free(g->rules.items[i].pattern);
    VEC_FREE(g->rules);
    free(g->base);
    free(g);
}

/* ---- helpers ------------------------------------------------------- */

static void add_issue(scan_result *r, const char *path, const char *kind, const char *fmt, ...)
    CODIRA_PRINTF(4, 5);
static void add_issue(scan_result *r, const char *path, const char *kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    scan_issue is = {xstrdup(path), kind, xvasprintf(fmt, ap)};
    va_end(ap);
    VEC_PUSH(r->issues, is);
}

static int64_t mtime_of(const struct stat *st)
{
    return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

static void add_watch(scan_result *r, const char *rel, const struct stat *st)
{
    scan_watch w = {xstrdup(rel), mtime_of(st), S_ISDIR(st->st_mode) ? -1 : (int64_t)st->st_size};
    VEC_PUSH(r->watch, w);
}

/* Consider one candidate file (name already matched). */
static void consider_file(scan_result *r, const char *root, const char *root_real, const char *rel)
{
    char *abs = path_join(root, rel);
    struct stat st;
    if (lstat(abs, &st) != 0) {
        /* deleted between listing and stat: simply not a candidate */
        if (errno != ENOENT && errno != ENOTDIR)
            add_issue(r, rel, "stat_failed", "cannot stat: %s", strerror(errno));
        free(abs);
        return;
    }
    bool link = false;
    if (S_ISLNK(st.st_mode)) {
        char real[PATH_MAX];
        if (!realpath(abs, real)) {
            if (errno == ELOOP) add_issue(r, rel, "symlink_loop", "symbolic link loop; skipped");
            else add_issue(r, rel, "symlink_broken", "symbolic link target missing; skipped");
            free(abs);
            return;
        }
        if (!path_has_prefix(real, root_real)) {
            add_issue(r, rel, "symlink_outside", "symbolic link leads outside the repository; skipped");
            free(abs);
            return;
        }
        if (stat(real, &st) != 0) {
            free(abs);
            return;
        }
        link = true;
    }
    free(abs);
    if (!S_ISREG(st.st_mode)) return;
    scan_file f = {xstrdup(rel), (int64_t)st.st_size, mtime_of(&st), link};
    VEC_PUSH(r->files, f);
}

static bool has_skipped_component(const char *rel)
{
    char part[NAME_MAX + 1];
    const char *s = rel;
    for (;;) {
        const char *e = strchr(s, '/');
        if (!e) return false; /* the last part is the file itself */
        size_t n = (size_t)(e - s);
        if (n <= NAME_MAX) {
            memcpy(part, s, n);
            part[n] = '\0';
            if (scan_skipped_dir(part)) return true;
        }
        s = e + 1;
    }
}

/* ---- git mode ------------------------------------------------------ */

static bool inside_git_work_tree(const char *root)
{
    char *dir = xstrdup(root);
    for (;;) {
        char *g = path_join(dir, ".git");
        bool found = access(g, F_OK) == 0;
        free(g);
        if (found) {
            free(dir);
            return true;
        }
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir) break;
        *slash = '\0';
    }
    free(dir);
    return false;
}

/* Run git ls-files: the tracked files, and unless `tracked_only` the
 * untracked ones that are not ignored. Returns the NUL-separated output,
 * or NULL. */
static char *git_ls_files(const char *root, bool tracked_only, size_t *len)
{
    char *argv[] = {"git", "-C", (char *)root, "-c", "core.quotepath=off", "ls-files", "-z",
                    "--cached", "--others", "--exclude-standard", NULL};
    if (tracked_only) argv[8] = NULL; /* stop after --cached */
    strbuf sb;
    sb_init(&sb);
    if (proc_capture(argv, &sb) != 0) {
        sb_free(&sb);
        return NULL;
    }
    *len = sb.len;
    return sb_steal(&sb);
}

static int cmp_str_ptr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

typedef VEC(const char *) path_list;

/* The paths of a NUL-separated listing, sorted, each once (unmerged
 * entries repeat); they point into `listing`. */
static void split_listing(const char *listing, size_t len, path_list *paths)
{
    for (size_t i = 0; i < len;) {
        const char *p = listing + i;
        size_t n = strlen(p);
        if (n) VEC_PUSH(*paths, p);
        i += n + 1;
    }
    bool sorted = true; /* git lists the tracked files in order already */
    for (size_t i = 1; i < paths->len && sorted; i++)
        sorted = strcmp(paths->items[i - 1], paths->items[i]) <= 0;
    if (!sorted) sort_array(paths->items, paths->len, sizeof(char *), cmp_str_ptr);
    size_t kept = 0;
    for (size_t i = 0; i < paths->len; i++)
        if (!kept || strcmp(paths->items[kept - 1], paths->items[i]) != 0)
            paths->items[kept++] = paths->items[i];
    paths->len = kept;
}

static bool scan_git(scan_result *r, const char *root, const char *root_real,
                     const char *const *patterns, size_t n_patterns)
{
    size_t len = 0;
    char *out = git_ls_files(root, false, &len);
    if (!out) return false;
    path_list paths = {0};
    split_listing(out, len, &paths);
    VEC(char *) dirs = {0};
    for (size_t i = 0; i < paths.len; i++) {
        const char *p = paths.items[i];
        if (has_skipped_component(p)) continue;
        /* remember every folder on the way: a new file appears as an mtime change there */
        const char *slash = strrchr(p, '/');
        if (slash) {
            size_t n = (size_t)(slash - p);
            if (!dirs.len || strlen(dirs.items[dirs.len - 1]) != n ||
                strncmp(dirs.items[dirs.len - 1], p, n) != 0)
                VEC_PUSH(dirs, xstrndup(p, n));
        }
        const char *base = path_basename(p);
        if (strcmp(base, ".gitignore") == 0) {
            char *abs = path_join(root, p);
            struct stat st;
            if (stat(abs, &st) == 0) add_watch(r, p, &st);
            free(abs);
        }
        if (scan_name_matches(base, patterns, n_patterns)) consider_file(r, root, root_real, p);
    }
    /* folders and all their ancestors, deduplicated */
    VEC(char *) all = {0};
    VEC_PUSH(all, xstrdup(""));
    for (size_t i = 0; i < dirs.len; i++) {
        char *d = dirs.items[i];
        for (const char *s = strchr(d, '/'); s; s = strchr(s + 1, '/'))
            VEC_PUSH(all, xstrndup(d, (size_t)(s - d)));
        VEC_PUSH(all, d);
    }
    VEC_FREE(dirs);
    sort_array(all.items, all.len, sizeof(char *), cmp_str_ptr);
    for (size_t i = 0; i < all.len; i++) {
        if (i && strcmp(all.items[i], all.items[i - 1]) == 0) continue;
        char *abs = *all.items[i] ? path_join(root, all.items[i]) : xstrdup(root);
        struct stat st;
        if (stat(abs, &st) == 0) add_watch(r, all.items[i], &st);
        free(abs);
    }
    for (size_t i = 0; i < all.len; i++) free(all.items[i]);
    VEC_FREE(all);
    VEC_FREE(paths);
    free(out);
    return true;
}

/* ---- walk mode ----------------------------------------------------- */

typedef struct walk_dir {
    char *rel;
    ignore_group *rules;
} walk_dir;

static void scan_walk(scan_result *r, const char *root, const char *root_real,
                      const char *const *patterns, size_t n_patterns)
{
    VEC(walk_dir) stack = {0};
    VEC(ignore_group *) groups = {0};
    walk_dir top = {xstrdup(""), NULL};
    VEC_PUSH(stack, top);
    while (stack.len) {
        walk_dir cur = stack.items[--stack.len];
        char *abs = *cur.rel ? path_join(root, cur.rel) : xstrdup(root);
        DIR *d = opendir(abs);
        if (!d) {
            add_issue(r, *cur.rel ? cur.rel : ".", "unreadable_dir", "cannot read folder: %s",
                      strerror(errno));
            free(abs);
            free(cur.rel);
            continue;
        }
        struct stat st;
        if (fstat(dirfd(d), &st) == 0) add_watch(r, cur.rel, &st);
        ignore_group *rules = cur.rules;
        char *gi_abs = path_join(abs, ".gitignore");
        char *gi_data;
        size_t gi_size;
        if (read_file(gi_abs, &gi_data, &gi_size) == 0) {
            ignore_group *g = xcalloc(1, sizeof(*g));
            g->parent = cur.rules;
            g->base = xstrdup(cur.rel);
            parse_gitignore(g, gi_data, gi_size);
            free(gi_data);
            VEC_PUSH(groups, g);
            rules = g;
            char *gi_rel = path_join(cur.rel, ".gitignore");
            if (stat(gi_abs, &st) == 0) add_watch(r, gi_rel, &st);
            free(gi_rel);
        }
        free(gi_abs);
        struct dirent *de;
        VEC(char *) subdirs = {0};
        while ((de = readdir(d))) {
            const char *name = de->d_name;
            if (name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2]))) continue;
            unsigned char type = de->d_type;
            if (type == DT_UNKNOWN) {
                if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
                type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK
                                                    : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
            }
            char *rel = path_join(cur.rel, name);
            if (type == DT_DIR) {
                if (!scan_skipped_dir(name) && !is_ignored(rules, rel, true)) {
                    VEC_PUSH(subdirs, rel);
                    continue;
                }
            } else if ((type == DT_REG || type == DT_LNK) &&
                       scan_name_matches(name, patterns, n_patterns) &&
                       !is_ignored(rules, rel, false)) {
                /* symbolic links to folders are not followed; to files, checked */
                consider_file(r, root, root_real, rel);
            }
            free(rel);
        }
        closedir(d);
        /* push in reverse name order so that folders pop in name order */
        sort_array(subdirs.items, subdirs.len, sizeof(char *), cmp_str_ptr);
        for (size_t i = subdirs.len; i-- > 0;) {
            walk_dir w = {subdirs.items[i], rules};
            VEC_PUSH(stack, w);
        }
        VEC_FREE(subdirs);
        free(abs);
        free(cur.rel);
    }
    for (size_t i = 0; i < groups.len; i++) free_group(groups.items[i]);
    VEC_FREE(groups);
    VEC_FREE(stack);
}

/* ---- entry point --------------------------------------------------- */

static int cmp_file(const void *a, const void *b)
{
    return strcmp(((const scan_file *)a)->path, ((const scan_file *)b)->path);
}

static int cmp_watch(const void *a, const void *b)
{
    return strcmp(((const scan_watch *)a)->path, ((const scan_watch *)b)->path);
}

int scan_repository(const char *root, const char *const *patterns, size_t n_patterns,
                    scan_result *out, codira_error *err)
{
    memset(out, 0, sizeof(*out));
    char root_real[PATH_MAX];
    if (!realpath(root, root_real))
        return set_error(err, CODIRA_E_IO, "cannot resolve %s: %s", root, strerror(errno));
    if (inside_git_work_tree(root_real) && scan_git(out, root_real, root_real, patterns, n_patterns)) {
        out->git = true;
    } else {
        scan_result_free(out);
        memset(out, 0, sizeof(*out));
        scan_walk(out, root_real, root_real, patterns, n_patterns);
    }
    sort_array(out->files.items, out->files.len, sizeof(scan_file), cmp_file);
    sort_array(out->watch.items, out->watch.len, sizeof(scan_watch), cmp_watch);
    return CODIRA_OK;
}

/* Tracked files under `root` (git mode of scan_all_files); false when git
 * cannot list them. */
static bool list_tracked(scan_result *r, const char *root_real, scan_keep_fn keep, void *ctx)
{
    size_t len = 0;
    char *out = git_ls_files(root_real, true, &len);
    if (!out) return false;
    path_list paths = {0};
    split_listing(out, len, &paths);
    for (size_t i = 0; i < paths.len; i++) {
        const char *p = paths.items[i];
        if (!has_skipped_component(p) && (!keep || keep(ctx, p)))
            consider_file(r, root_real, root_real, p);
    }
    VEC_FREE(paths);
    free(out);
    return true;
}

/* Drop the files `keep` refuses (walk mode of scan_all_files). */
static void filter_files(scan_result *r, scan_keep_fn keep, void *ctx)
{
    size_t kept = 0;
    for (size_t i = 0; i < r->files.len; i++) {
        scan_file *f = &r->files.items[i];
        if (!keep || keep(ctx, f->path)) r->files.items[kept++] = *f;
        else free(f->path);
    }
    r->files.len = kept;
}

int scan_all_files(const char *root, scan_keep_fn keep, void *ctx, scan_result *out,
                   codira_error *err)
{
    static const char *const any_name[] = {"*"};
    memset(out, 0, sizeof(*out));
    char root_real[PATH_MAX];
    if (!realpath(root, root_real))
        return set_error(err, CODIRA_E_IO, "cannot resolve %s: %s", root, strerror(errno));
    if (inside_git_work_tree(root_real) && list_tracked(out, root_real, keep, ctx)) {
        out->git = true;
    } else {
        scan_result_free(out);
        memset(out, 0, sizeof(*out));
        scan_walk(out, root_real, root_real, any_name, 1);
        filter_files(out, keep, ctx);
    }
    for (size_t i = 0; i < out->watch.len; i++) free(out->watch.items[i].path);
    VEC_FREE(out->watch);
    sort_array(out->files.items, out->files.len, sizeof(scan_file), cmp_file);
    return CODIRA_OK;
}

void scan_result_free(scan_result *r)
{
    for (size_t i = 0; i < r->files.len; i++) free(r->files.items[i].path);
    for (size_t i = 0; i < r->watch.len; i++) free(r->watch.items[i].path);
    for (size_t i = 0; i < r->issues.len; i++) {
        free(r->issues.items[i].path);
        free(r->issues.items[i].message);
    }
    VEC_FREE(r->files);
    VEC_FREE(r->watch);
    VEC_FREE(r->issues);
}
