/*
 * state.h - the files codira keeps in the state folder (.codira/) besides
 * the backend's own storage:
 *
 *   index.lock      flock()ed by the one index run allowed at a time
 *   metadata.json   what the last committed run recorded (backend,
 *                   analyzers, file count, git commit), for tools and for
 *                   cheap checks
 *   scan.cache      the candidate files with their stat and routing, and
 *                   the folders the scan depended on: lets a query decide
 *                   in a few stat() calls that nothing changed
 *   .gitignore      "*", so that the state never shows up in git status
 */
#ifndef CODIRA_STATE_H
#define CODIRA_STATE_H

#include "discovery.h"
#include "util.h"

int state_ensure_dir(const char *state_dir, codira_error *err);

typedef struct state_lock {
    int fd;
} state_lock;

/* Take the index lock. With wait=false a held lock gives CODIRA_E_BUSY.
 * With wait=true a note is printed to stderr while waiting. */
int state_lock_acquire(const char *state_dir, bool wait, state_lock *l, codira_error *err);
void state_lock_release(state_lock *l);

typedef struct state_meta {
    char *backend_name;
    char *backend_version;
    char *analyzer_inventory; /* JSON text: [[name, version, fingerprint], ...] */
    char *codira_version;
    char *commit;             /* git HEAD at the last run, or NULL */
    int64_t generation;
    int64_t file_count;
} state_meta;

/* 0, ENOENT when absent, EINVAL when unreadable. */
int state_meta_read(const char *state_dir, state_meta *m);
int state_meta_write(const char *state_dir, const state_meta *m);
void state_meta_free(state_meta *m);

typedef struct cache_file {
    char *path;
    int64_t size;
    int64_t mtime_ns;  /* 0 = too recent to trust: verify by content next time */
    char *analyzer;    /* routing decision; NULL when no analyzer claims it */
} cache_file;

typedef struct state_cache {
    int64_t generation;    /* index generation the cache belongs to */
    char *backend;
    char *analyzers;       /* fingerprint of the analyzer set that routed the files */
    bool git;
    VEC(scan_watch) watch; /* sorted by path */
    VEC(cache_file) files; /* sorted by path */
} state_cache;

/* 0, ENOENT, or EINVAL when malformed. */
int state_cache_read(const char *state_dir, state_cache *c);

/* A read-only view of scan.cache without per-entry allocations: paths
 * point into the file's buffer. What freshness checks use. */
typedef struct cache_entry {
    char kind;          /* 'W' watched path, 'F' candidate file */
    int64_t size;       /* -1 for watched folders */
    int64_t mtime_ns;
    const char *analyzer; /* F only; NULL when unclaimed */
    const char *path;
} cache_entry;

typedef struct cache_view {
    char *data;
    int64_t generation;
    bool git;
    char backend[128];
    char analyzers[128];
    VEC(cache_entry) entries; /* W entries first, then F, each sorted by path */
} cache_view;

int state_cache_view(const char *state_dir, cache_view *v);
void state_cache_view_free(cache_view *v);
int state_cache_write(const char *state_dir, const state_cache *c);
void state_cache_free(state_cache *c);

/* git HEAD of the repository at root (40 hex), or NULL. */
char *state_git_head(const char *root);

#endif
