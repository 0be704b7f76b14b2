/*
 * discovery.h - which files of a repository are candidates for indexing.
 *
 * In a git work tree the candidates are the tracked files plus the
 * untracked files that are not ignored (`git ls-files --cached --others
 * --exclude-standard`). Elsewhere the tree is walked, honouring .gitignore
 * files at every level. In both cases folders such as .git, .codira,
 * __pycache__, node_modules, build and dist are skipped, only files whose
 * name matches an analyzer pattern are kept, and symbolic links are kept
 * only when they lead to a regular file inside the repository.
 *
 * The scan also records what it depended on (directory mtimes, ignore
 * files) so that a later freshness check can tell cheaply whether the
 * candidate set may have changed.
 */
#ifndef CODIRA_DISCOVERY_H
#define CODIRA_DISCOVERY_H

#include "codira/analyzer.h"
#include "util.h"

typedef struct scan_file {
    char *path;        /* repository-relative */
    int64_t size;
    int64_t mtime_ns;
    bool symlink;      /* reached through a symbolic link (inside the repository) */
} scan_file;

/* A path whose stat the candidate set depends on. */
typedef struct scan_watch {
    char *path;        /* repository-relative, "" for the root */
    int64_t mtime_ns;
    int64_t size;      /* -1 for directories */
} scan_watch;

/* Something discovery skipped and wants to tell the user about. */
typedef struct scan_issue {
    char *path;
    const char *kind;  /* "symlink_loop", "symlink_outside", "unreadable_dir", "stat_failed" */
    char *message;
} scan_issue;

typedef struct scan_result {
    bool git;                  /* discovered through git */
    VEC(scan_file) files;      /* sorted by path (byte order) */
    VEC(scan_watch) watch;     /* sorted by path */
    VEC(scan_issue) issues;
} scan_result;

/* Scan `root` (absolute, canonical). The pattern list is the union of the
 * analyzers' patterns. Returns 0 or an errno-like code with err filled. */
int scan_repository(const char *root, const char *const *patterns, size_t n_patterns,
                    scan_result *out, codira_error *err);
void scan_result_free(scan_result *r);

/* Decides whether a repository-relative path is wanted (scan_all_files). */
typedef bool (*scan_keep_fn)(void *ctx, const char *path);

/* Every file of the repository, whatever its name, for audits such as
 * coverage: in a git work tree the tracked files (`git ls-files
 * --cached`: untracked ones are left out), elsewhere the files of the walk
 * (.gitignore files honoured). Skipped folders and the symbolic-link rules
 * apply as for scan_repository; `keep` (NULL: every path) is asked before
 * a file is stat'ed. Fills `files` (sorted by path) and `issues`, not
 * `watch`. */
int scan_all_files(const char *root, scan_keep_fn keep, void *ctx, scan_result *out,
                   codira_error *err);

/* true when `name` (a file name) matches one of the patterns */
bool scan_name_matches(const char *name, const char *const *patterns, size_t n_patterns);

/* true when a folder of this name is never entered */
bool scan_skipped_dir(const char *name);

/* gitignore-style glob matching ("**" spans folders); exposed for tests */
bool wildmatch(const char *pattern, const char *text, bool pathname);

#endif
