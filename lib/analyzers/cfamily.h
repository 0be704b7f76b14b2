/*
 * cfamily.h - the C-family analysis engine (cfamily.c), shared by the C
 * analyzer (c.c) and the C++ analyzer (cpp.c). tree-sitter-cpp extends
 * tree-sitter-c and keeps its node type names, and C++ sources need the
 * same raw pass as C (header guards, extern "C", conditionals, attribute
 * and export macros), so one engine parametrised by the language serves
 * both; each analyzer stays one file ending in its declarative definition.
 * Private to lib/analyzers/.
 */
#ifndef CODIRA_CFAMILY_H
#define CODIRA_CFAMILY_H

#include <stdbool.h>
#include <stddef.h>

#include <tree_sitter/api.h>

#include "codira/analyzer.h"

typedef struct cf_lang {
    const char *name;                  /* stable-id prefix: "c", "cpp" */
    const TSLanguage *(*language)(void);
    bool cpp;                          /* namespaces, classes, templates, qualified names */
    /* labels of targets outside the repository */
    const char *lbl_macro, *lbl_system, *lbl_external, *lbl_fnptr;
    const char *lbl_std, *lbl_member;  /* C++ only */
} cf_lang;

void *cf_thread_init(const cf_lang *lang);
void cf_thread_fini(void *state);
/* Analyse one file (state may be NULL: a parser is then made for the call). */
int cf_analyze(const cf_lang *lang, void *state, const codira_source *src,
               const codira_host *host, codira_emitter *out);

/* Does the head of a file hold C++ outside comments, strings and
 * `#ifdef __cplusplus` blocks? Decides the routing of `*.h` files. */
bool cf_head_is_cpp(const char *head, size_t len);

#endif
