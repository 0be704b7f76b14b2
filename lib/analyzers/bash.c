/*
 * bash.c - the Bash analyzer (tree-sitter-bash 0.25).
 *
 * One module per script (`*.sh`, `*.bash`; extension-less scripts with a
 * shebang are not routed: patterns are globs on the file name and `*`
 * would make every extension-less file of a repository pay for a sniff).
 *
 *   - `function` symbols for `f() {...}`, `function f {...}` and
 *     `function f() {...}` at any depth (inside functions, `if` blocks,
 *     subshells): a function defined inside another has it as its parent,
 *     but its qualname is its bare name, since Bash functions share one
 *     global namespace. Same-named functions get the stable IDs
 *     `...:name:1`, `...:name:2` (ordinal) instead of failing. Signature
 *     `name()` / `function name` / `function name()`; the comment block
 *     directly above (no blank line, each comment alone on its line) is
 *     the docstring.
 *   - `variable` symbols for top-level assignments (`X=1`, `readonly X=1`,
 *     `declare [-r] X[=v]`, `typeset`), outside functions, subshells and
 *     command prefixes (`X=1 make`); `local` never. One symbol per name, at
 *     its first assignment; `export X[=v]` or `declare -x` anywhere at top
 *     level marks it CODIRA_SYM_PUBLIC (exported to child processes).
 *   - imports of kind "source" for `source FILE` and `. FILE`: the name is
 *     the argument as written (quotes included); the resolver follows
 *     static paths and the static tail of dynamic ones.
 *   - call sites for every `command` with a static name (pipelines,
 *     subshells, `$(...)`, unquoted heredocs included), owned by the
 *     innermost function containing them (the module at top level).
 *     Labels: none when the file defines the name, `Bash:<builtin>` for
 *     Bash builtins, `Bash:<external>` otherwise; a dynamic name (`$cmd`)
 *     is an unresolved site labelled `Bash:<dynamic>`.
 *
 * The walk uses one TSTreeCursor and an explicit stack of frames: nothing
 * recurses with the nesting of the input, nothing is quadratic.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "analyzers/ts_util.h"
#include "codira/plugin.h"
#include "util.h"

const TSLanguage *tree_sitter_bash(void);

#define SIG_MAX 160
#define MAX_SYNTAX_DIAGS 20

#define BASH_NODE_TYPES(X)                                                          \
    X(function_definition) X(command) X(command_name) X(declaration_command)       \
    X(variable_assignment) X(variable_name) X(subscript) X(comment) X(word)        \
    X(subshell) X(command_substitution) X(process_substitution) X(string)          \
    X(raw_string) X(string_content) X(concatenation)

#define BASH_FIELDS(X) X(name) X(body) X(argument) X(value)

enum {
#define X(n) N_##n,
    BASH_NODE_TYPES(X)
#undef X
    N_COUNT
};
enum {
#define X(n) F_##n,
    BASH_FIELDS(X)
#undef X
    F_COUNT
};

typedef struct bash_thread {
    TSParser *parser;
    TSSymbol sym[N_COUNT];
    TSFieldId field[F_COUNT];
} bash_thread;

static void bash_thread_setup(bash_thread *t)
{
    const TSLanguage *lang = tree_sitter_bash();
    static const char *const node_names[N_COUNT] = {BASH_NODE_TYPES(TS_NAME_OF)};
    static const char *const field_names[F_COUNT] = {BASH_FIELDS(TS_NAME_OF)};
    t->parser = ts_parser_with_names(lang, node_names, N_COUNT, t->sym, field_names, F_COUNT,
                                     t->field);
}

static void *bash_thread_init(const codira_analyzer *self)
{
    (void)self;
    bash_thread *t = xcalloc(1, sizeof(*t));
    bash_thread_setup(t);
    return t;
}

static void bash_thread_fini(const codira_analyzer *self, void *state)
{
    (void)self;
    bash_thread *t = state;
    if (!t) return;
    ts_parser_delete(t->parser);
    free(t);
}

/* Bash builtins and special builtins, sorted (strcmp) for bsearch. */
static const char *const bash_builtins[] = {
    ".",       ":",        "[",        "alias",   "bg",       "bind",     "break",
    "builtin", "caller",   "cd",       "command", "compgen",  "complete", "compopt",
    "continue", "declare", "dirs",     "disown",  "echo",     "enable",   "eval",
    "exec",    "exit",     "export",   "false",   "fc",       "fg",       "getopts",
    "hash",    "help",     "history",  "jobs",    "kill",     "let",      "local",
    "logout",  "mapfile",  "popd",     "printf",  "pushd",    "pwd",      "read",
    "readarray", "readonly", "return", "set",     "shift",    "shopt",    "source",
    "suspend", "test",     "times",    "trap",    "true",     "type",     "typeset",
    "ulimit",  "umask",    "unalias",  "unset",   "wait",
};

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool is_builtin(const char *name)
{
    return bsearch(&name, bash_builtins, sizeof(bash_builtins) / sizeof(*bash_builtins),
                   sizeof(*bash_builtins), cmp_cstr) != NULL;
}

/* ------------------------------------------------------------------ */

typedef struct bsym {
    const char *kind;
    codira_str name;
    codira_str signature;
    const char *doc;     /* NULL: none */
    int32_t parent;      /* index into syms, -1 for the module */
    uint32_t line, end_line, col, flags, ordinal;
    codira_handle handle;
} bsym;

typedef struct bedge {
    int32_t owner;
    bool dynamic;
    codira_str target;   /* static name, or the text of a dynamic one */
    uint32_t line, col;
} bedge;

typedef struct bimport {
    int32_t owner;
    codira_str name;
    uint32_t line;
} bimport;

typedef struct bcomment {
    uint32_t start, end, row, end_row;
    bool alone;          /* only blanks before it on its line */
} bcomment;

enum { FR_FUNC, FR_NOVAR };

typedef struct frame {
    uint32_t depth;
    uint8_t kind;
    int32_t fn;
} frame;

typedef struct bctx {
    bash_thread *t;
    const char *src;
    uint32_t len;
    arena mem;
    strbuf tmp;
    VEC(bsym) syms;
    VEC(bedge) edges;
    VEC(bimport) imports;
    VEC(bcomment) comments;
    VEC(frame) frames;
    strmap fn_count;     /* function name -> definitions in the file */
    strmap var_index;    /* variable name -> index into syms */
    uint32_t diags;
} bctx;

static bool is_sym(const bctx *c, TSNode n, int which)
{
    return ts_node_symbol(n) == c->t->sym[which];
}

static TSNode field(const bctx *c, TSNode n, int which)
{
    return ts_node_child_by_field_id(n, c->t->field[which]);
}

static const char *key_of(bctx *c, codira_str s)
{
    return arena_strndup(&c->mem, s.ptr, s.len);
}

/* The innermost function containing the walk, or -1 (the module). */
static int32_t owner(const bctx *c)
{
    for (size_t i = c->frames.len; i-- > 0;)
        if (c->frames.items[i].kind == FR_FUNC) return c->frames.items[i].fn;
    return -1;
}

static bool top_level(const bctx *c)
{
    return c->frames.len == 0;
}

/* Collapsed text of [s, e), cut at SIG_MAX bytes (on a UTF-8 boundary). */
static codira_str collapsed(bctx *c, uint32_t s, uint32_t e)
{
    sb_clear(&c->tmp);
    sb_add_collapsed(&c->tmp, c->src + s, e - s);
    size_t n = c->tmp.len;
    if (n > SIG_MAX) {
        n = SIG_MAX;
        while (n > 0 && ((unsigned char)c->tmp.buf[n] & 0xC0) == 0x80) n--;
        c->tmp.len = n;
        sb_adds(&c->tmp, "...");
        n = c->tmp.len;
    }
    char *copy = arena_strndup(&c->mem, c->tmp.buf, n);
    return (codira_str){copy, n};
}

/* The comment block directly above a function starting on `row`. */
static const char *doc_above(bctx *c, uint32_t row)
{
    size_t n = c->comments.len;
    if (!n) return NULL;
    size_t last = n - 1;
    const bcomment *k = &c->comments.items[last];
    if (!k->alone || k->end_row + 1 != row) return NULL;
    size_t first = last;
    while (first > 0) {
        const bcomment *p = &c->comments.items[first - 1];
        if (!p->alone || p->end_row + 1 != c->comments.items[first].row) break;
        first--;
    }
    strbuf sb;
    sb_init(&sb);
    for (size_t i = first; i <= last; i++) {
        const bcomment *cm = &c->comments.items[i];
        const char *p = c->src + cm->start, *e = c->src + cm->end;
        if (cm->start == 0 && e - p >= 2 && p[1] == '!') continue; /* shebang */
        while (p < e && *p == '#') p++;
        if (p < e && *p == ' ') p++;
        while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) e--;
        if (sb.len) sb_addc(&sb, '\n');
        sb_add(&sb, p, (size_t)(e - p));
    }
    /* blank lines at either end do not count */
    size_t s = 0;
    while (s < sb.len && sb.buf[s] == '\n') s++;
    size_t end = sb.len;
    while (end > s && sb.buf[end - 1] == '\n') end--;
    const char *doc = NULL;
    if (end > s) doc = arena_strndup(&c->mem, sb.buf + s, end - s);
    sb_free(&sb);
    return doc;
}

static void add_function(bctx *c, TSNode n)
{
    TSNode name = field(c, n, F_name), body = field(c, n, F_body);
    if (ts_node_is_null(name)) return;
    bsym s = {0};
    s.kind = "function";
    s.name = ts_text(name, c->src);
    if (!s.name.len) return;
    uint32_t sig_end = ts_node_is_null(body) ? ts_node_end_byte(name) : ts_node_start_byte(body);
    s.signature = collapsed(c, ts_node_start_byte(n), sig_end);
    s.doc = doc_above(c, ts_node_start_point(n).row);
    s.parent = owner(c);
    s.line = ts_line(n);
    s.end_line = ts_end_line(n);
    s.col = ts_col(name);
    s.flags = CODIRA_SYM_PUBLIC | (s.doc ? CODIRA_SYM_HAS_DOCSTRING : 0);
    s.handle = CODIRA_NO_HANDLE;
    const char *key = key_of(c, s.name);
    size_t count = 0;
    strmap_get(&c->fn_count, key, &count);
    strmap_put(&c->fn_count, key, count + 1);
    s.ordinal = (uint32_t)count + 1; /* kept only when the name repeats */
    VEC_PUSH(c->syms, s);
    frame f = {0, FR_FUNC, (int32_t)(c->syms.len - 1)};
    VEC_PUSH(c->frames, f);
}

/* A top-level variable: a new symbol at its first assignment; later ones
 * only add the exported flag. */
static void add_variable(bctx *c, TSNode name_node, TSNode stmt, bool exported)
{
    if (is_sym(c, name_node, N_subscript)) name_node = field(c, name_node, F_name);
    if (ts_node_is_null(name_node)) return;
    codira_str name = ts_text(name_node, c->src);
    if (!name.len) return;
    const char *key = key_of(c, name);
    size_t have;
    if (strmap_get(&c->var_index, key, &have)) {
        if (exported) c->syms.items[have].flags |= CODIRA_SYM_PUBLIC;
        return;
    }
    bsym s = {0};
    s.kind = "variable";
    s.name = name;
    s.signature = collapsed(c, ts_node_start_byte(stmt), ts_node_end_byte(stmt));
    s.parent = -1;
    s.line = ts_line(stmt);
    s.end_line = ts_end_line(stmt);
    s.col = ts_col(name_node);
    s.flags = exported ? CODIRA_SYM_PUBLIC : 0;
    s.handle = CODIRA_NO_HANDLE;
    VEC_PUSH(c->syms, s);
    strmap_put(&c->var_index, key, c->syms.len - 1);
}

/* `export`, `readonly`, `declare`, `typeset` at top level (`local` never). */
static void add_declaration(bctx *c, TSNode n)
{
    if (ts_node_child_count(n) == 0) return;
    const char *kw = ts_node_type(ts_node_child(n, 0));
    if (strcmp(kw, "local") == 0) return;
    bool exported = strcmp(kw, "export") == 0;
    uint32_t nc = ts_node_named_child_count(n);
    /* options first: declare -x / -rx ... */
    for (uint32_t i = 0; i < nc; i++) {
        TSNode k = ts_node_named_child(n, i);
        if (!is_sym(c, k, N_word)) continue;
        codira_str w = ts_text(k, c->src);
        if (w.len > 1 && w.ptr[0] == '-' && memchr(w.ptr, 'x', w.len)) exported = true;
    }
    for (uint32_t i = 0; i < nc; i++) {
        TSNode k = ts_node_named_child(n, i);
        if (is_sym(c, k, N_variable_assignment)) add_variable(c, field(c, k, F_name), n, exported);
        else if (is_sym(c, k, N_variable_name)) add_variable(c, k, n, exported);
    }
}

/* Is an argument a path written without expansions? */
static bool static_word(bctx *c, TSNode n)
{
    if (is_sym(c, n, N_word)) {
        codira_str t = ts_text(n, c->src);
        return t.len && t.ptr[0] != '~' && !memchr(t.ptr, '$', t.len) && !memchr(t.ptr, '`', t.len);
    }
    if (is_sym(c, n, N_raw_string)) return true;
    if (is_sym(c, n, N_string) || is_sym(c, n, N_concatenation)) {
        uint32_t nc = ts_node_named_child_count(n);
        for (uint32_t i = 0; i < nc; i++) {
            TSNode k = ts_node_named_child(n, i);
            if (is_sym(c, k, N_string_content)) continue;
            if (is_sym(c, n, N_concatenation) && static_word(c, k)) continue;
            return false;
        }
        return true;
    }
    return false;
}

/* tree-sitter-bash reads a line of several assignments and the lines
 * after it as one command (`A=1 B=2\nC=3\nmake` is `make` with three
 * prefixes): the prefixes before the last unescaped newline ahead of the
 * command name are assignments of their own. */
static void add_prefix_assignments(bctx *c, TSNode n)
{
    TSNode cn = field(c, n, F_name);
    uint32_t start = ts_node_start_byte(n);
    uint32_t limit = ts_node_is_null(cn) ? ts_node_end_byte(n) : ts_node_start_byte(cn);
    uint32_t cut = start;
    for (uint32_t p = limit; p > start; p--)
        if (c->src[p - 1] == '\n' && !(p >= 2 && c->src[p - 2] == '\\')) {
            cut = p;
            break;
        }
    if (!ts_node_is_null(cn) && cut == start) return;
    uint32_t nc = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode k = ts_node_named_child(n, i);
        if (!is_sym(c, k, N_variable_assignment)) continue;
        if (!ts_node_is_null(cn) && ts_node_end_byte(k) > cut) break;
        add_variable(c, field(c, k, F_name), k, false);
    }
}

static void add_command(bctx *c, TSNode n)
{
    TSNode cn = field(c, n, F_name);
    if (ts_node_is_null(cn)) return;
    bedge e = {0};
    e.owner = owner(c);
    e.line = ts_line(cn);
    e.col = ts_col(cn);
    TSNode w = ts_node_named_child_count(cn) == 1 ? ts_node_named_child(cn, 0) : cn;
    if (is_sym(c, w, N_word) && static_word(c, w)) {
        e.target = ts_text(w, c->src);
        if (e.target.len > 1 && e.target.ptr[0] == '\\') { /* \rm: the command, not an alias */
            e.target.ptr++;
            e.target.len--;
        }
    } else {
        e.dynamic = true;
        e.target = collapsed(c, ts_node_start_byte(cn), ts_node_end_byte(cn));
    }
    if (!e.target.len) return;
    VEC_PUSH(c->edges, e);
    if (e.dynamic) return;
    bool dot = e.target.len == 1 && e.target.ptr[0] == '.';
    bool source = e.target.len == 6 && memcmp(e.target.ptr, "source", 6) == 0;
    if (!dot && !source) return;
    TSNode arg = field(c, n, F_argument);
    if (ts_node_is_null(arg)) return;
    bimport im = {e.owner, ts_text(arg, c->src), ts_line(arg)};
    if (im.name.len) VEC_PUSH(c->imports, im);
}

static void add_comment(bctx *c, TSNode n)
{
    bcomment k = {0};
    k.start = ts_node_start_byte(n);
    k.end = ts_node_end_byte(n);
    k.row = ts_node_start_point(n).row;
    k.end_row = ts_node_end_point(n).row;
    uint32_t p = k.start;
    while (p > 0 && (c->src[p - 1] == ' ' || c->src[p - 1] == '\t')) p--;
    k.alone = p == 0 || c->src[p - 1] == '\n';
    VEC_PUSH(c->comments, k);
}

static void pop_frames(bctx *c, uint32_t min_depth)
{
    while (c->frames.len && c->frames.items[c->frames.len - 1].depth >= min_depth) c->frames.len--;
}

static void walk(bctx *c, TSNode root)
{
    TSTreeCursor cur = ts_tree_cursor_new(root);
    uint32_t depth = 0;
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&cur);
        bool descend = ts_node_child_count(n) > 0;
        size_t frames_before = c->frames.len;
        if (is_sym(c, n, N_function_definition)) {
            add_function(c, n);
        } else if (is_sym(c, n, N_command)) {
            if (top_level(c)) add_prefix_assignments(c, n);
            add_command(c, n);
            VEC_PUSH(c->frames, ((frame){0, FR_NOVAR, -1}));
        } else if (is_sym(c, n, N_declaration_command)) {
            if (top_level(c)) add_declaration(c, n);
            VEC_PUSH(c->frames, ((frame){0, FR_NOVAR, -1}));
        } else if (is_sym(c, n, N_variable_assignment)) {
            if (top_level(c)) add_variable(c, field(c, n, F_name), n, false);
        } else if (is_sym(c, n, N_subshell) || is_sym(c, n, N_command_substitution) ||
                   is_sym(c, n, N_process_substitution)) {
            VEC_PUSH(c->frames, ((frame){0, FR_NOVAR, -1}));
        } else if (is_sym(c, n, N_comment)) {
            add_comment(c, n);
            descend = false;
        }
        for (size_t i = frames_before; i < c->frames.len; i++) c->frames.items[i].depth = depth;
        if (descend && ts_tree_cursor_goto_first_child(&cur)) {
            depth++;
            continue;
        }
        /* leaving this node: its frames end */
        pop_frames(c, depth);
        bool done = false;
        while (!ts_tree_cursor_goto_next_sibling(&cur)) {
            if (!ts_tree_cursor_goto_parent(&cur)) {
                done = true;
                break;
            }
            depth--;
            pop_frames(c, depth); /* the parent is left too */
        }
        if (done) break;
    }
    ts_tree_cursor_delete(&cur);
}

static void emit_syntax_errors(bctx *c, TSNode root, const codira_host *host, codira_emitter *out)
{
    if (!ts_node_has_error(root)) return;
    TSTreeCursor cur = ts_tree_cursor_new(root);
    uint32_t more = 0;
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&cur);
        bool err = ts_node_is_error(n), missing = ts_node_is_missing(n);
        if (err || missing) {
            if (c->diags < MAX_SYNTAX_DIAGS) {
                c->diags++;
                codira_diagnostic d = {0};
                d.struct_size = sizeof(d);
                d.severity = CODIRA_DIAG_ERROR;
                d.category = cstr("syntax_error");
                sb_clear(&c->tmp);
                if (err) sb_adds(&c->tmp, "syntax error");
                else sb_addf(&c->tmp, "missing \"%s\"", ts_node_type(n));
                d.message = sbstr(&c->tmp);
                d.line = ts_line(n);
                d.col = ts_col(n);
                host->emit_diagnostic(out, &d);
            } else {
                more++;
            }
        }
        /* an ERROR node's own errors are reported once, at the node */
        if (!err && ts_node_has_error(n) && ts_tree_cursor_goto_first_child(&cur)) continue;
        if (!ts_cursor_skip_subtree(&cur)) break;
    }
    ts_tree_cursor_delete(&cur);
    if (more) {
        codira_diagnostic d = {0};
        d.struct_size = sizeof(d);
        d.severity = CODIRA_DIAG_ERROR;
        d.category = cstr("syntax_error");
        sb_clear(&c->tmp);
        sb_addf(&c->tmp, "%u more syntax errors not listed", more);
        d.message = sbstr(&c->tmp);
        host->emit_diagnostic(out, &d);
    }
}

static codira_str module_name(bctx *c, const char *path)
{
    return cstr(path_dotted(&c->mem, path));
}

static void emit_all(bctx *c, const codira_source *src, const codira_host *host, codira_emitter *out)
{
    const char *path = src->path ? src->path : "";
    strbuf id;
    sb_init(&id);
    codira_handle module = CODIRA_NO_HANDLE;
    {
        codira_symbol m = {0};
        m.struct_size = sizeof(m);
        m.kind = cstr("module");
        m.name = module_name(c, path);
        m.qualname = m.name;
        sb_addf(&id, "bash:module:%s", path);
        m.stable_id = sbstr(&id);
        m.parent = CODIRA_NO_HANDLE;
        m.line = 1;
        uint32_t lines = 1;
        for (uint32_t i = 0; i < c->len; i++)
            if (c->src[i] == '\n' && i + 1 < c->len) lines++;
        m.end_line = lines;
        module = host->emit_symbol(out, &m);
    }
    for (size_t i = 0; i < c->syms.len; i++) {
        bsym *s = &c->syms.items[i];
        codira_symbol y = {0};
        y.struct_size = sizeof(y);
        y.kind = cstr(s->kind);
        y.name = s->name;
        y.qualname = s->name;
        sb_clear(&id);
        sb_addf(&id, "bash:%s:%s:%.*s", s->kind, path, (int)s->name.len, s->name.ptr);
        size_t count = 0;
        if (strcmp(s->kind, "function") == 0) {
            char *key = xstrndup(s->name.ptr, s->name.len);
            strmap_get(&c->fn_count, key, &count);
            free(key);
        }
        if (count > 1) {
            sb_addf(&id, ":%u", s->ordinal);
            y.ordinal = s->ordinal;
        }
        y.stable_id = sbstr(&id);
        y.parent = s->parent < 0 ? module : c->syms.items[s->parent].handle;
        y.line = s->line;
        y.end_line = s->end_line;
        y.col = s->col;
        y.flags = s->flags;
        y.signature = s->signature;
        y.docstring = s->doc ? cstr(s->doc) : CODIRA_STR_NULL;
        s->handle = host->emit_symbol(out, &y);
    }
    for (size_t i = 0; i < c->imports.len; i++) {
        const bimport *im = &c->imports.items[i];
        codira_import y = {0};
        y.struct_size = sizeof(y);
        y.owner = im->owner < 0 ? module : c->syms.items[im->owner].handle;
        y.name = im->name;
        y.kind = cstr("source");
        y.line = im->line;
        host->emit_import(out, &y);
    }
    for (size_t i = 0; i < c->edges.len; i++) {
        const bedge *e = &c->edges.items[i];
        codira_edge y = {0};
        y.struct_size = sizeof(y);
        y.relation = CODIRA_REL_CALL;
        y.owner = e->owner < 0 ? module : c->syms.items[e->owner].handle;
        if (y.owner == CODIRA_NO_HANDLE) continue;
        y.line = e->line;
        y.col = e->col;
        if (e->dynamic) {
            y.target_kind = CODIRA_TARGET_UNRESOLVED;
            y.ext_kind = cstr("Bash:<dynamic>");
            y.ext_name = e->target;
        } else {
            y.target_kind = CODIRA_TARGET_NAME;
            y.target = e->target;
            y.ext_name = e->target;
            char *key = xstrndup(e->target.ptr, e->target.len);
            if (strmap_get(&c->fn_count, key, NULL)) y.ext_name = CODIRA_STR_NULL;
            else y.ext_kind = cstr(is_builtin(key) ? "Bash:<builtin>" : "Bash:<external>");
            free(key);
        }
        host->emit_edge(out, &y);
    }
    sb_free(&id);
}

static int bash_analyze(const codira_analyzer *self, void *state, const codira_source *src,
                        const codira_host *host, codira_emitter *out, codira_error *err)
{
    (void)self;
    (void)err;
    bash_thread local;
    bash_thread *t = state;
    if (!t) {
        memset(&local, 0, sizeof(local));
        bash_thread_setup(&local);
        t = &local;
    }
    bctx c;
    memset(&c, 0, sizeof(c));
    c.t = t;
    c.src = src->data ? src->data : "";
    /* tree-sitter offsets are 32-bit */
    c.len = src->size > UINT32_MAX - 16 ? UINT32_MAX - 16 : (uint32_t)src->size;
    if (!src->data) c.len = 0;
    arena_init(&c.mem);
    sb_init(&c.tmp);

    TSTree *tree = ts_parser_parse_string(t->parser, NULL, c.src, c.len);
    if (tree) walk(&c, ts_tree_root_node(tree));
    emit_all(&c, src, host, out);
    if (tree) emit_syntax_errors(&c, ts_tree_root_node(tree), host, out);
    if (!utf8_is_clean(c.src, c.len)) {
        codira_diagnostic d = {0};
        d.struct_size = sizeof(d);
        d.severity = CODIRA_DIAG_WARNING;
        d.category = cstr("encoding");
        d.message = cstr("not valid UTF-8: names and text read as Latin-1");
        host->emit_diagnostic(out, &d);
    }

    if (tree) ts_tree_delete(tree);
    ts_parser_reset(t->parser);
    if (t == &local) ts_parser_delete(local.parser);
    VEC_FREE(c.syms);
    VEC_FREE(c.edges);
    VEC_FREE(c.imports);
    VEC_FREE(c.comments);
    VEC_FREE(c.frames);
    strmap_free(&c.fn_count);
    strmap_free(&c.var_index);
    sb_free(&c.tmp);
    arena_free(&c.mem);
    return CODIRA_OK;
}

/* ------------------------------------------------------------------ */

static const char *const bash_patterns[] = {"*.sh", "*.bash", NULL};
static const char *const bash_kinds[] = {"module", "function", "variable", NULL};
static const char *const bash_roots[] = {"scripts", NULL};
static const char *const bash_edge_kinds[] = {"call", NULL};

const codira_analyzer codira_analyzer_bash = {
    .struct_size = sizeof(codira_analyzer),
    .iVersion = 1,
    .name = "bash",
    .version = "1",
    .resolver = "bash",
    .edge_kinds = bash_edge_kinds,
    .provider = "codira",
    .language = "Bash",
    .patterns = bash_patterns,
    .kinds = bash_kinds,
    .coverage_roots = bash_roots,
    .priority = 20,
    .flags = CODIRA_ANALYZER_THREAD_SAFE,
    .thread_init = bash_thread_init,
    .thread_fini = bash_thread_fini,
    .analyze = bash_analyze,
};
