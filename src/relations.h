/*
 * relations.h - what `calls` and `refs` share: one engine, two sets of
 * words (arrows, JSON keys, nouns). See src/relations.c.
 */
#ifndef CODIRA_RELATIONS_H
#define CODIRA_RELATIONS_H

#include <stdint.h>

#include "cli.h"

typedef struct relation_words {
    uint32_t relation;                 /* CODIRA_REL_CALL or CODIRA_REL_REF */
    const char *arrow;                 /* flat view: "->", "=>" */
    const char *out_marker, *in_marker; /* tree view: "-> "/"<- ", "=> "/"<= " */
    const char *src_module_key, *src_name_key; /* JSON: caller_*, owner_* */
    const char *dst_module_key, *dst_name_key; /* JSON: callee_*, target_* */
    const char *noun;                  /* "call edges", "callable references" */
    const char *out_word, *in_word;    /* "caller"/"callee", "owner"/"target" */
    const char *graph_name;            /* DOT: codira_calls, codira_refs */
} relation_words;

int relations_run(const cli_command *cmd, const relation_words *w, int argc, char **argv);

#endif
