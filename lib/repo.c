#include "repo.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "registry.h"

static const char *env_nonempty(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

static bool has_entry(const char *dir, const char *name, bool want_dir)
{
    char *p = path_join(dir, name);
    struct stat st;
    bool ok = stat(p, &st) == 0 && (!want_dir || S_ISDIR(st.st_mode));
    free(p);
    return ok;
}

/* Nearest folder at or above `start` containing `name`, or NULL. */
static char *find_upwards(const char *start, const char *name, bool want_dir)
{
    char *dir = xstrdup(start);
    for (;;) {
        if (has_entry(dir, name, want_dir)) return dir;
        char *slash = strrchr(dir, '/');
        if (!slash) break;
        if (slash == dir) {
            if (!dir[1]) break;
            dir[1] = '\0';
            continue;
        }
        *slash = '\0';
    }
    free(dir);
    return NULL;
}

static char *expand_home(const char *p)
{
    if (p[0] == '~' && (p[1] == '/' || !p[1])) {
        const char *home = getenv("HOME");
        if (home) return xasprintf("%s%s", home, p + 1);
    }
    return xstrdup(p);
}

static int resolve(repo *r, const char *path_flag, const char *output_flag, codira_error *err);

int repo_resolve(repo *r, const char *path_flag, const char *output_flag, codira_error *err)
{
    memset(r, 0, sizeof(*r));
    int code = resolve(r, path_flag, output_flag, err);
    if (code) repo_free(r);
    return code;
}

static int resolve(repo *r, const char *path_flag, const char *output_flag, codira_error *err)
{
    const char *target = path_flag ? path_flag : env_nonempty("CODIRA_TARGET_DIR");
    const char *output = output_flag ? output_flag : env_nonempty("CODIRA_OUTPUT_DIR");
    char real[PATH_MAX];
    if (target) {
        char *t = expand_home(target);
        if (!realpath(t, real)) {
            int e = errno;
            free(t);
            return set_error(err, CODIRA_E_INVALID, "Target directory cannot be resolved: %s: %s",
                             target, strerror(e));
        }
        free(t);
        struct stat st;
        if (stat(real, &st) != 0 || !S_ISDIR(st.st_mode))
            return set_error(err, CODIRA_E_INVALID, "Target path is not a directory: %s", target);
        r->root = xstrdup(real);
    } else {
        if (!getcwd(real, sizeof(real)))
            return set_error(err, CODIRA_E_INVALID, "cannot determine the current folder: %s",
                             strerror(errno));
        char cwd[PATH_MAX];
        if (!realpath(real, cwd)) strcpy(cwd, real);
        char *found = output ? NULL : find_upwards(cwd, ".codira", true);
        if (!found) found = find_upwards(cwd, ".git", false);
        r->root = found ? found : xstrdup(cwd);
    }
    if (output) {
        char *o = expand_home(output);
        struct stat st;
        if (stat(o, &st) == 0 && !S_ISDIR(st.st_mode)) {
            free(o);
            repo_free(r); /* nothing half-resolved is left to the caller */
            return set_error(err, CODIRA_E_INVALID, "Output directory is not a directory: %s",
                             output);
        }
        char *abs = o[0] == '/' ? xstrdup(o) : NULL;
        if (!abs) {
            char cwd[PATH_MAX];
            abs = getcwd(cwd, sizeof(cwd)) ? path_join(cwd, o) : xstrdup(o);
        }
        free(o);
        /* the output folder may not exist yet; its nearest existing ancestor must be writable */
        char *probe = xstrdup(abs);
        while (access(probe, F_OK) != 0) {
            char *slash = strrchr(probe, '/');
            if (!slash || slash == probe) {
                strcpy(probe, "/");
                break;
            }
            *slash = '\0';
        }
        bool writable = access(probe, W_OK | X_OK) == 0;
        free(probe);
        if (!writable) {
            free(abs);
            repo_free(r);
            return set_error(err, CODIRA_E_INVALID, "Output directory is not writable: %s", output);
        }
        r->state_dir = path_join(abs, ".codira");
        free(abs);
    } else {
        r->state_dir = path_join(r->root, ".codira");
    }
    r->args.struct_size = sizeof(r->args);
    r->args.root = r->root;
    r->args.state_dir = r->state_dir;
    return CODIRA_OK;
}

const char *repo_backend_name(void)
{
    const char *name = env_nonempty("CODIRA_INDEX_BACKEND");
    return name ? name : "sqlite";
}

int repo_select_backend(repo *r, codira_error *err)
{
    const char *name = repo_backend_name();
    r->backend = registry_find_backend(name);
    if (r->backend) return CODIRA_OK;
    char *available = registry_backend_names();
    if (strcmp(name, "duckdb") == 0) {
        set_error(err, CODIRA_E_INVALID,
                  "Unsupported codira backend 'duckdb'. Available backends: %s. The first-party "
                  "duckdb backend is not installed: build it with `make duckdb` and install it "
                  "with `make install` (it goes to %s), or put the folder holding "
                  "codira-backend-duckdb.so on CODIRA_PLUGIN_PATH.",
                  available, registry_install_dir());
    } else {
        set_error(err, CODIRA_E_INVALID, "Unsupported codira backend '%s'. Available backends: %s",
                  name, available);
    }
    free(available);
    return CODIRA_E_INVALID;
}

void repo_free(repo *r)
{
    free(r->root);
    free(r->state_dir);
    memset(r, 0, sizeof(*r));
}

char *repo_normalize_prefix(const repo *r, const char *prefix, codira_error *err)
{
    if (!prefix) return xstrdup("");
    /* surrounding blanks are never meant */
    while (*prefix == ' ' || *prefix == '\t') prefix++;
    size_t n = strlen(prefix);
    while (n && (prefix[n - 1] == ' ' || prefix[n - 1] == '\t')) n--;
    char *p = xstrndup(prefix, n);
    if (p[0] == '/') {
        free(p);
        set_error(err, CODIRA_E_INVALID, "Prefix must be relative to the repository root.");
        return NULL;
    }
    char *norm = path_normalize_relative(p);
    if (!norm) {
        free(p);
        set_error(err, CODIRA_E_INVALID, "Prefix must stay under the repository root.");
        return NULL;
    }
    char *abs = *norm ? path_join(r->root, norm) : xstrdup(r->root);
    char real[PATH_MAX];
    if (!realpath(abs, real)) {
        set_error(err, CODIRA_E_INVALID, "Prefix does not exist under repository root: %s", p);
        free(abs);
        free(norm);
        free(p);
        return NULL;
    }
    free(abs);
    if (!path_has_prefix(real, r->root)) {
        set_error(err, CODIRA_E_INVALID, "Prefix must stay under the repository root.");
        free(norm);
        free(p);
        return NULL;
    }
    free(p);
    return norm;
}
