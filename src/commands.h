/* commands.h - one cli_command per src/cmd_*.c file. */
#ifndef CODIRA_COMMANDS_H
#define CODIRA_COMMANDS_H

#include "cli.h"

extern const cli_command cmd_index;
extern const cli_command cmd_sym;
extern const cli_command cmd_symlist;
extern const cli_command cmd_calls;
extern const cli_command cmd_refs;
extern const cli_command cmd_plugins;

#endif
