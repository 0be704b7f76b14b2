/*
 * indexer.h - one index run: discover, plan, analyse in parallel, persist
 * through the backend's write session (single writer, one transaction).
 *
 * A file is analysed again only when it is new, its content changed, or
 * the analyzer that owns it changed name or version. A size/mtime check
 * comes first; when it differs a content hash decides. Files that cannot
 * be analysed are stored as failed (with the reason) so that they are not
 * retried until they change.
 */
#ifndef CODIRA_INDEXER_H
#define CODIRA_INDEXER_H

#include "repo.h"
#include "state.h"
#include "util.h"

typedef struct index_options {
    bool full;               /* reanalyse everything */
    bool explain;            /* keep one decision per file */
    bool progress;           /* progress bar on stderr */
    int jobs;                /* analysis threads; 0 = one per core */
    int64_t max_file_bytes;  /* larger files are not analysed; 0 = default */
} index_options;

typedef struct index_decision {
    char *path;
    const char *action;      /* "indexed", "reused", "deleted", "failed", "skipped" */
    char *reason;
} index_decision;

typedef struct index_failure {
    char *path;
    char *analyzer;
    char *error_type;
    char *reason;
} index_failure;

typedef struct index_warning {
    char *path;
    char *analyzer;
    char *warning_type;
    int64_t line;            /* 0 when not tied to a line */
    char *reason;
} index_warning;

typedef struct index_report {
    size_t indexed;          /* analysed and stored (partial ones included) */
    size_t partial;          /* of which had errors (syntax errors...) */
    size_t reused;
    size_t deleted;
    size_t failed;
    int64_t files;           /* files in the index after the run */
    int64_t symbols;         /* symbols in the index after the run */
    int64_t docs;            /* documentation records in the index after the run */
    int64_t elapsed_ns;
    int workers;
    const char *strategy;    /* "off" or "thread" */
    bool wrote;              /* a write session committed */
    size_t graph_sites;      /* call and reference sites resolved in this run */
    size_t graph_resolved;   /* of which found their target */
    bool graph_full;         /* every site of the repository was resolved */
    const char *full_reason; /* why everything was rebuilt, or NULL */
    VEC(index_decision) decisions;
    VEC(index_failure) failures;
    VEC(index_warning) warnings;
} index_report;

/* Run one index pass. The caller holds the index lock. */
int indexer_run(repo *r, const index_options *opt, index_report *rep, codira_error *err);
void index_report_free(index_report *rep);

typedef enum freshness {
    FRESH,        /* nothing relevant changed since the last run */
    MAYBE_STALE,  /* something changed on disk: an index run will tell */
    NO_INDEX,     /* never indexed (or the index was removed) */
    WRONG_INDEX   /* built by another backend, another format, or unreadable */
} freshness;

/* Cheap check for read commands: a few stat() calls, no hashing, no git.
 * `why` gets a short explanation (malloc'ed) unless FRESH. */
freshness indexer_freshness(const repo *r, char **why);
/* Why the index described by `m` (metadata.json) is not the active
 * backend's to read: another backend or storage format wrote it
 * (malloc'ed), or NULL when it is. */
char *indexer_foreign_index(const repo *r, const state_meta *m);

/* For read commands: check freshness, refresh the index when needed
 * (announced on stderr, never waiting for a concurrent run unless there is
 * no index at all), then open it for reading. */
int indexer_open_fresh(repo *r, codira_store **out, codira_error *err);

/* Bytes of a file's head that decide whether it is binary (a NUL byte)
 * and that analyzers' claims() see. */
#define ROUTE_HEAD_BYTES 8192

/* The analyzer that owns the file `path` (repository-relative) of `root`:
 * the first in routing order whose patterns match its name and which
 * claims its first ROUTE_HEAD_BYTES; an unreadable file goes to its first
 * matching analyzer (the analysis reports the error). NULL when none. */
const codira_analyzer *route_file(const char *root, const char *path);

/* The default size limit (bytes) over which files are not analysed;
 * CODIRA_MAX_FILE_BYTES overrides it. */
int64_t indexer_max_file_bytes(void);

#endif
