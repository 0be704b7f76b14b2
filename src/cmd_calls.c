/*
 * cmd_calls.c - `codira calls NAME`: who NAME calls, or (-i) who calls it.
 */
#include "commands.h"
#include "relations.h"

static const relation_words calls_words = {
    .relation = CODIRA_REL_CALL,
    .arrow = "->",
    .out_marker = "-> ",
    .in_marker = "<- ",
    .src_module_key = "caller_module",
    .src_name_key = "caller_name",
    .dst_module_key = "callee_module",
    .dst_name_key = "callee_name",
    .noun = "call edges",
    .out_word = "caller",
    .in_word = "callee",
    .graph_name = "codira_calls",
};

static int run_calls(int argc, char **argv)
{
    return relations_run(&cmd_calls, &calls_words, argc, argv);
}

const cli_command cmd_calls = {
    .name = "calls",
    .summary = "call edges of a function: callees, or callers with -i",
    .usage = "calls [-h] [-m MODULE] [-i] [-j] [-d] [-t] [-D N] [-N N] [-x PREFIX] [-p PATH] [-o DIR] NAME",
    .description =
        "List the calls NAME makes (or, with -i, the calls that reach it), one edge per\n"
        "line with the file and line of every call. NAME is a logical name (helper,\n"
        "Class.method, pkg.mod.helper); when none has it, symbols whose bare name is NAME\n"
        "are used. Unresolved targets keep a label saying why (Python:<builtin>:print,\n"
        "C:<macro>:MAX, C:<ambiguous>:die with its candidates). --tree walks the graph\n"
        "within --max-depth and --max-nodes; --dot prints that tree for Graphviz.\n"
        "Exits 1 when there is no edge.",
    .examples = "  codira calls main                     # what main calls\n"
                "  codira calls xstrdup -i               # every caller of xstrdup\n"
                "  codira calls Parser.parse --tree -D 3 # three levels of callees\n"
                "  codira calls run -i -t -d | dot -Tsvg > run.svg\n",
    .run = run_calls,
};
