/*
 * ts_util.h - helpers shared by the tree-sitter based analyzers: node text,
 * positions, and string views into the source.
 */
#ifndef CODIRA_TS_UTIL_H
#define CODIRA_TS_UTIL_H

#include <stdbool.h>
#include <string.h>
#include <tree_sitter/api.h>

#include "codira/analyzer.h"
#include "util.h"

/* View of the source bytes a node spans. */
static inline codira_str ts_text(TSNode n, const char *src)
{
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    return (codira_str){src + s, e - s};
}

static inline bool ts_is(TSNode n, const char *type)
{
    return !ts_node_is_null(n) && strcmp(ts_node_type(n), type) == 0;
}

static inline bool ts_text_eq(TSNode n, const char *src, const char *s)
{
    codira_str t = ts_text(n, src);
    return t.len == strlen(s) && memcmp(t.ptr, s, t.len) == 0;
}

static inline uint32_t ts_line(TSNode n)
{
    return ts_node_start_point(n).row + 1;
}

static inline uint32_t ts_end_line(TSNode n)
{
    TSPoint p = ts_node_end_point(n);
    /* a node ending at column 0 ends on the previous line */
    return p.column == 0 && p.row > ts_node_start_point(n).row ? p.row : p.row + 1;
}

static inline uint32_t ts_col(TSNode n)
{
    return ts_node_start_point(n).column;
}

/* For the node and field lists an analyzer declares once as an X-macro
 * (`#define MY_NODES(X) X(function_definition) X(command) ...`):
 * `{MY_NODES(TS_NAME_OF)}` is the array of their names. */
#define TS_NAME_OF(n) #n,

/* A parser for `lang`, with the grammar's named node symbols and field ids
 * looked up by name into `syms` and `fields` (0 where the grammar has no
 * such name): what an analyzer's thread_init does once per thread. */
static inline TSParser *ts_parser_with_names(const TSLanguage *lang, const char *const *node_names,
                                             size_t n_nodes, TSSymbol *syms,
                                             const char *const *field_names, size_t n_fields,
                                             TSFieldId *fields)
{
    for (size_t i = 0; i < n_nodes; i++)
        syms[i] = ts_language_symbol_for_name(lang, node_names[i], (uint32_t)strlen(node_names[i]),
                                              true);
    for (size_t i = 0; i < n_fields; i++)
        fields[i] = ts_language_field_id_for_name(lang, field_names[i],
                                                  (uint32_t)strlen(field_names[i]));
    TSParser *parser = ts_parser_new();
    ts_parser_set_language(parser, lang);
    return parser;
}

/* Move a pre-order walk past the current node's subtree: to its next
 * sibling, or to the next sibling of the nearest ancestor that has one.
 * false when the walk is over (the cursor's root is reached). */
static inline bool ts_cursor_skip_subtree(TSTreeCursor *cur)
{
    while (!ts_tree_cursor_goto_next_sibling(cur))
        if (!ts_tree_cursor_goto_parent(cur)) return false;
    return true;
}

static inline codira_str cstr(const char *s)
{
    return (codira_str){s, s ? strlen(s) : 0};
}

static inline codira_str sbstr(const strbuf *sb)
{
    return (codira_str){sb_str(sb), sb->len};
}

#endif
