/*
 * coverage.h - which files of a repository no loaded analyzer covers.
 *
 * Coverage roots are the sorted union of the loaded analyzers'
 * `coverage_roots` (folders or globs, repository-relative). The candidates
 * are the files git tracks under those roots (outside git, the files of
 * the discovery walk), existing regular files outside skipped folders. A
 * candidate is an issue unless an analyzer claims it (the indexer's
 * routing rule), its lower-cased suffix is ignored (no suffix, .md, .txt,
 * .typed), or its first ROUTE_HEAD_BYTES hold a NUL byte (binary).
 *
 * Files the index holds as partial (analysed with errors) are issues too.
 * The audit never builds or changes the index; it reads it only when one
 * exists.
 */
#ifndef CODIRA_COVERAGE_H
#define CODIRA_COVERAGE_H

#include <pthread.h>

#include "repo.h"
#include "util.h"

#define COVERAGE_REASON_UNCLAIMED "no registered analyzer accepts this file type/content combination"
#define COVERAGE_REASON_PARTIAL "analysis is partial"
#define COVERAGE_NO_SUFFIX "<no-suffix>"

typedef struct coverage_issue {
    char *path;          /* repository-relative */
    char *directory;     /* first component of the path; "." for files at the top */
    char *suffix;        /* lower-cased ".rs", or COVERAGE_NO_SUFFIX */
    const char *reason;  /* COVERAGE_REASON_* */
} coverage_issue;

typedef VEC(char *) coverage_strings;

typedef struct coverage_report {
    coverage_strings patterns;       /* declared roots, sorted, each once */
    coverage_strings resolved_roots; /* repository entries they name, sorted, each once */
    size_t candidates;               /* listed files under the roots */
    /* unclaimed files by (directory, suffix, path), then partial files by path */
    VEC(coverage_issue) issues;
    char *index_note;            /* why partial files could not be read, or NULL */
} coverage_report;

/* The whole audit: files on disk, then partial files of the index when
 * one exists (an unreadable index only sets index_note). */
int coverage_audit(const repo *r, coverage_report *out, codira_error *err);

/* The files on disk only: fills everything but the partial files. */
int coverage_audit_tree(const repo *r, coverage_report *out, codira_error *err);

/* Append the files the index holds as partial. No index: nothing added.
 * Returns the backend's code when the index cannot be read. */
int coverage_add_partial(const repo *r, coverage_report *rep, codira_error *err);

/* coverage_audit_tree on a thread of its own, to overlap it with other
 * work such as an index run (analyzers' claims() may then run on two
 * threads at once). Without `background`, or when no thread can be
 * started, it runs at once. */
typedef struct coverage_audit_job {
    const repo *r;
    coverage_report report;  /* complete after coverage_audit_finish */
    codira_error err;
    int code;
    bool threaded;
    pthread_t thread;
} coverage_audit_job;

void coverage_audit_start(coverage_audit_job *job, const repo *r, bool background);
/* Wait for the audit (again: no-op); returns coverage_audit_tree's code.
 * The report stays the caller's to free. */
int coverage_audit_finish(coverage_audit_job *job);

void coverage_report_free(coverage_report *rep);

#endif
