/* commands.h - one cli_command per src/cmd_*.c file. */
#ifndef CODIRA_COMMANDS_H
#define CODIRA_COMMANDS_H

#include "cli.h"
#include "coverage.h"

extern const cli_command cmd_index;
extern const cli_command cmd_sym;
extern const cli_command cmd_symlist;
extern const cli_command cmd_calls;
extern const cli_command cmd_refs;
extern const cli_command cmd_plugins;
extern const cli_command cmd_cov;
extern const cli_command cmd_caps;

/* `Coverage issues: N` and one `coverage:` line per (suffix, reason)
 * group, shared by `cov` and `index`. */
void cov_print_issues(const coverage_report *rep);
/* The issues as JSON objects {path (absolute), directory, suffix, reason}. */
json_t *cov_issues_json(const repo *r, const coverage_report *rep);

#endif
