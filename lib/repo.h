/*
 * repo.h - the repository a command works on: its root, the state folder
 * and the active backend.
 *
 * Root: --path, else CODIRA_TARGET_DIR, else the nearest folder at or
 * above the current one that holds a .codira/ index (unless the state is
 * redirected), else the top of the enclosing git work tree, else the
 * current folder. State: <output root>/.codira, where the output root is
 * --output-dir, else CODIRA_OUTPUT_DIR, else the root.
 */
#ifndef CODIRA_REPO_H
#define CODIRA_REPO_H

#include "codira/backend.h"
#include "util.h"

typedef struct repo {
    char *root;                    /* absolute, canonical */
    char *state_dir;               /* absolute */
    const codira_backend *backend; /* NULL until repo_select_backend */
    codira_store_args args;
} repo;

/* Resolve root and state folder. Errors are usage errors (exit 2). */
int repo_resolve(repo *r, const char *path_flag, const char *output_flag, codira_error *err);

/* The backend named by CODIRA_INDEX_BACKEND (default "sqlite"). Unknown
 * names fail with the list of available backends, and for first-party
 * names with how to install them. Call after registry_load(). */
int repo_select_backend(repo *r, codira_error *err);
const char *repo_backend_name(void);

void repo_free(repo *r);

/* Make `prefix` (user input) a normalised repository-relative path.
 * Rejects absolute paths, paths leaving the root and missing paths.
 * Returns NULL with err filled; "" means the whole repository. */
char *repo_normalize_prefix(const repo *r, const char *prefix, codira_error *err);

#endif
