/*
 * cli.h - what the command files (src/cmd_*.c) share: option parsing,
 * repository set-up, JSON output and error reporting.
 *
 * Exit codes: 0 success, 1 nothing found or the index could not be
 * refreshed/read, 2 usage or configuration errors and other failures.
 */
#ifndef CODIRA_CLI_H
#define CODIRA_CLI_H

#include <jansson.h>
#include <stdbool.h>

#include "repo.h"
#include "util.h"

#define EXIT_NO_MATCH 1
#define EXIT_USAGE 2

typedef enum cli_opt_type { OPT_FLAG, OPT_STRING, OPT_INT } cli_opt_type;

typedef struct cli_opt {
    const char *long_name;   /* without "--" */
    char short_name;         /* 0 when none */
    cli_opt_type type;
    void *target;            /* bool*, const char**, long long* */
    const char *metavar;
    const char *help;
} cli_opt;

typedef struct cli_command {
    const char *name;
    const char *summary;     /* one line, for the top-level help */
    const char *usage;       /* after "usage: codira " */
    const char *description;
    const char *examples;    /* lines "  codira ...    # comment" */
    int (*run)(int argc, char **argv);
} cli_command;

/* Parse argv (argv[0] is the command name). Positionals go to pos (at
 * most max_pos of them, at least min_pos). Returns 0, -1 when help was
 * printed (exit 0), or EXIT_USAGE after printing the error. */
int cli_parse(const cli_command *cmd, const cli_opt *opts, int argc, char **argv,
              const char **pos, int min_pos, int max_pos, const char *pos_names);

/* Options every repository-bound command accepts. */
typedef struct cli_repo_opts {
    const char *path;
    const char *output_dir;
} cli_repo_opts;

#define CLI_REPO_OPTIONS(ro)                                                                   \
    {"path", 'p', OPT_STRING, &(ro).path, "PATH",                                              \
     "repository to work on (default: the enclosing indexed or git folder; CODIRA_TARGET_DIR)"}, \
    {"output-dir", 'o', OPT_STRING, &(ro).output_dir, "DIR",                                  \
     "folder under which .codira/ lives (default: the repository; CODIRA_OUTPUT_DIR)"}

/* Resolve the repository, load plugins and select the backend. Prints the
 * error and returns the exit code on failure, 0 on success. */
int cli_open_repo(const cli_repo_opts *ro, repo *r);

/* A query command's context: repository, validated prefix, open index. */
typedef struct cli_query {
    repo r;
    char *prefix;          /* normalised, "" for everything */
    codira_store *store;
} cli_query;

/* Open the repository, validate --prefix (usage error), then open the
 * index for reading, refreshing it first when needed. Prints the error and
 * returns the exit code on failure; on success call cli_query_close. */
int cli_query_open(const char *command, bool json, const cli_repo_opts *ro, const char *prefix_raw,
                   cli_query *q);
void cli_query_close(cli_query *q);

/* "codira: error: ..." on stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) CODIRA_PRINTF(1, 2);
/* "codira: ..." on stderr; returns `code`. */
int cli_fail(int code, const char *fmt, ...) CODIRA_PRINTF(2, 3);
/* The same, and with --json also {"schema_version", "command", "status":
 * "error", "error": message} on stdout, so that stdout is always JSON. */
int cli_fail_json(const char *command, bool json, int code, const char *fmt, ...)
    CODIRA_PRINTF(4, 5);

/* {"schema_version": "1.0", "command": ..., "status": ..., "query": ...} */
json_t *cli_envelope(const char *command, const char *status, json_t *query);
/* Print pretty JSON (2-space indent, ASCII) and a newline, then free it. */
void cli_print_json(json_t *root);
/* A string or null. */
json_t *json_str_or_null(const char *s);
/* Absolute path of a repository-relative one. */
char *cli_abs_path(const repo *r, const char *rel);

#endif
