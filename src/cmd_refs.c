/*
 * cmd_refs.c - `codira refs NAME`: the callables NAME uses as values
 * (callbacks, registries, decorators, function pointers), or (-i) where
 * NAME itself is used so.
 */
#include "commands.h"
#include "relations.h"

static const relation_words refs_words = {
    .relation = CODIRA_REL_REF,
    .arrow = "=>",
    .out_marker = "=> ",
    .in_marker = "<= ",
    .src_module_key = "owner_module",
    .src_name_key = "owner_name",
    .dst_module_key = "target_module",
    .dst_name_key = "target_name",
    .noun = "callable references",
    .out_word = "owner",
    .in_word = "target",
    .graph_name = "codira_refs",
};

static int run_refs(int argc, char **argv)
{
    return relations_run(&cmd_refs, &refs_words, argc, argv);
}

const cli_command cmd_refs = {
    .name = "refs",
    .summary = "callable references: functions used as values, or where NAME is (-i)",
    .usage = "refs [-h] [-m MODULE] [-i] [-j] [-d] [-t] [-D N] [-N N] [-x PREFIX] [-p PATH] [-o DIR] NAME",
    .description =
        "List the callables NAME references without calling them (passed as callbacks,\n"
        "stored in registries, applied as decorators, assigned to function pointers), or\n"
        "with -i where NAME itself is referenced, with the file and line of each use.\n"
        "Same options and output as calls; arrows are => (and <= in incoming trees).\n"
        "Exits 1 when there is no reference.",
    .examples = "  codira refs register                  # what register stores or passes\n"
                "  codira refs handle_signal -i          # where handle_signal is used as a value\n"
                "  codira refs main --tree --json\n",
    .run = run_refs,
};
