/*
 * python.c - the Python analyzer (tree-sitter-python).
 *
 * One file in, records out: the module, classes, functions, methods,
 * overloads, module/class-level constants, variables and type aliases;
 * imports (relative ones resolved against the module name); call sites and
 * callable references with labels for builtins, the standard library and
 * external names; the module docstring as a documentation record; syntax
 * and encoding diagnostics.
 *
 * The tree is walked once with a TSTreeCursor and explicit stacks (never
 * recursion proportional to the input), collecting everything into plain
 * records; they are emitted at the end, once overloads, duplicate stable
 * IDs and the file-wide alias map are known.
 */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <tree_sitter/api.h>

#include "codira/plugin.h"
#include "ts_util.h"
#include "util.h"

const TSLanguage *tree_sitter_python(void);

#define PY_MAX_SCOPE_DEPTH 100 /* deeper definitions are skipped */
#define PY_SIG_MAX 240         /* signatures are truncated beyond this many bytes */

/* ====================================================================== */
/* Static name lists                                                       */
/* ====================================================================== */

/* dir(builtins) of Python 3.12, without the module attributes. */
static const char *const py_builtins[] = {
    "ArithmeticError", "AssertionError", "AttributeError", "BaseException",
    "BaseExceptionGroup", "BlockingIOError", "BrokenPipeError", "BufferError",
    "BytesWarning", "ChildProcessError", "ConnectionAbortedError", "ConnectionError",
    "ConnectionRefusedError", "ConnectionResetError", "DeprecationWarning", "EOFError",
    "Ellipsis", "EncodingWarning", "EnvironmentError", "Exception", "ExceptionGroup",
    "False", "FileExistsError", "FileNotFoundError", "FloatingPointError", "FutureWarning",
    "GeneratorExit", "IOError", "ImportError", "ImportWarning", "IndentationError",
    "IndexError", "InterruptedError", "IsADirectoryError", "KeyError", "KeyboardInterrupt",
    "LookupError", "MemoryError", "ModuleNotFoundError", "NameError", "None",
    "NotADirectoryError", "NotImplemented", "NotImplementedError", "OSError",
    "OverflowError", "PendingDeprecationWarning", "PermissionError", "ProcessLookupError",
    "RecursionError", "ReferenceError", "ResourceWarning", "RuntimeError", "RuntimeWarning",
    "StopAsyncIteration", "StopIteration", "SyntaxError", "SyntaxWarning", "SystemError",
    "SystemExit", "TabError", "TimeoutError", "True", "TypeError", "UnboundLocalError",
    "UnicodeDecodeError", "UnicodeEncodeError", "UnicodeError", "UnicodeTranslateError",
    "UnicodeWarning", "UserWarning", "ValueError", "Warning", "ZeroDivisionError",
    "__build_class__", "__debug__", "__import__", "abs", "aiter", "all", "anext", "any",
    "ascii", "bin", "bool", "breakpoint", "bytearray", "bytes", "callable", "chr",
    "classmethod", "compile", "complex", "copyright", "credits", "delattr", "dict", "dir",
    "divmod", "enumerate", "eval", "exec", "exit", "filter", "float", "format", "frozenset",
    "getattr", "globals", "hasattr", "hash", "help", "hex", "id", "input", "int",
    "isinstance", "issubclass", "iter", "len", "license", "list", "locals", "map", "max",
    "memoryview", "min", "next", "object", "oct", "open", "ord", "pow", "print", "property",
    "quit", "range", "repr", "reversed", "round", "set", "setattr", "slice", "sorted",
    "staticmethod", "str", "sum", "super", "tuple", "type", "vars", "zip"
};

/* sys.stdlib_module_names of Python 3.12. */
static const char *const py_stdlib[] = {
    "__future__", "_abc", "_aix_support", "_ast", "_asyncio", "_bisect", "_blake2", "_bz2",
    "_codecs", "_codecs_cn", "_codecs_hk", "_codecs_iso2022", "_codecs_jp", "_codecs_kr",
    "_codecs_tw", "_collections", "_collections_abc", "_compat_pickle", "_compression",
    "_contextvars", "_crypt", "_csv", "_ctypes", "_curses", "_curses_panel", "_datetime",
    "_dbm", "_decimal", "_elementtree", "_frozen_importlib", "_frozen_importlib_external",
    "_functools", "_gdbm", "_hashlib", "_heapq", "_imp", "_io", "_json", "_locale",
    "_lsprof", "_lzma", "_markupbase", "_md5", "_msi", "_multibytecodec",
    "_multiprocessing", "_opcode", "_operator", "_osx_support", "_overlapped", "_pickle",
    "_posixshmem", "_posixsubprocess", "_py_abc", "_pydatetime", "_pydecimal", "_pyio",
    "_pylong", "_queue", "_random", "_scproxy", "_sha1", "_sha2", "_sha3", "_signal",
    "_sitebuiltins", "_socket", "_sqlite3", "_sre", "_ssl", "_stat", "_statistics",
    "_string", "_strptime", "_struct", "_symtable", "_thread", "_threading_local",
    "_tkinter", "_tokenize", "_tracemalloc", "_typing", "_uuid", "_warnings", "_weakref",
    "_weakrefset", "_winapi", "_wmi", "_zoneinfo", "abc", "aifc", "antigravity", "argparse",
    "array", "ast", "asyncio", "atexit", "audioop", "base64", "bdb", "binascii", "bisect",
    "builtins", "bz2", "cProfile", "calendar", "cgi", "cgitb", "chunk", "cmath", "cmd",
    "code", "codecs", "codeop", "collections", "colorsys", "compileall", "concurrent",
    "configparser", "contextlib", "contextvars", "copy", "copyreg", "crypt", "csv",
    "ctypes", "curses", "dataclasses", "datetime", "dbm", "decimal", "difflib", "dis",
    "doctest", "email", "encodings", "ensurepip", "enum", "errno", "faulthandler", "fcntl",
    "filecmp", "fileinput", "fnmatch", "fractions", "ftplib", "functools", "gc",
    "genericpath", "getopt", "getpass", "gettext", "glob", "graphlib", "grp", "gzip",
    "hashlib", "heapq", "hmac", "html", "http", "idlelib", "imaplib", "imghdr", "importlib",
    "inspect", "io", "ipaddress", "itertools", "json", "keyword", "lib2to3", "linecache",
    "locale", "logging", "lzma", "mailbox", "mailcap", "marshal", "math", "mimetypes",
    "mmap", "modulefinder", "msilib", "msvcrt", "multiprocessing", "netrc", "nis",
    "nntplib", "nt", "ntpath", "nturl2path", "numbers", "opcode", "operator", "optparse",
    "os", "ossaudiodev", "pathlib", "pdb", "pickle", "pickletools", "pipes", "pkgutil",
    "platform", "plistlib", "poplib", "posix", "posixpath", "pprint", "profile", "pstats",
    "pty", "pwd", "py_compile", "pyclbr", "pydoc", "pydoc_data", "pyexpat", "queue",
    "quopri", "random", "re", "readline", "reprlib", "resource", "rlcompleter", "runpy",
    "sched", "secrets", "select", "selectors", "shelve", "shlex", "shutil", "signal",
    "site", "smtplib", "sndhdr", "socket", "socketserver", "spwd", "sqlite3", "sre_compile",
    "sre_constants", "sre_parse", "ssl", "stat", "statistics", "string", "stringprep",
    "struct", "subprocess", "sunau", "symtable", "sys", "sysconfig", "syslog", "tabnanny",
    "tarfile", "telnetlib", "tempfile", "termios", "textwrap", "this", "threading", "time",
    "timeit", "tkinter", "token", "tokenize", "tomllib", "trace", "traceback",
    "tracemalloc", "tty", "turtle", "turtledemo", "types", "typing", "unicodedata",
    "unittest", "urllib", "uu", "uuid", "venv", "warnings", "wave", "weakref", "webbrowser",
    "winreg", "winsound", "wsgiref", "xdrlib", "xml", "xmlrpc", "zipapp", "zipfile",
    "zipimport", "zlib", "zoneinfo"
};

static int py_cmp_name(const char *s, size_t n, const char *entry)
{
    size_t m = strlen(entry);
    int r = memcmp(s, entry, n < m ? n : m);
    if (r) return r;
    return n < m ? -1 : n > m ? 1 : 0;
}

static bool py_in_list(const char *const *list, size_t count, const char *s, size_t n)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = py_cmp_name(s, n, list[mid]);
        if (!r) return true;
        if (r < 0) hi = mid;
        else lo = mid + 1;
    }
    return false;
}

#define PY_COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool py_is_builtin(codira_str s)
{
    return py_in_list(py_builtins, PY_COUNT(py_builtins), s.ptr, s.len);
}

/* Is the top-level package of a dotted name part of the standard library? */
static bool py_is_stdlib(codira_str full)
{
    if (!full.len || full.ptr[0] == '.') return false;
    const char *dot = memchr(full.ptr, '.', full.len);
    size_t n = dot ? (size_t)(dot - full.ptr) : full.len;
    return py_in_list(py_stdlib, PY_COUNT(py_stdlib), full.ptr, n);
}

/* ====================================================================== */
/* Node kinds                                                              */
/* ====================================================================== */

enum {
    N_OTHER = 0,
    N_ERROR,
    N_MODULE,
    N_FUNCTION_DEF,
    N_CLASS_DEF,
    N_DECORATED_DEF,
    N_DECORATOR,
    N_BLOCK,
    N_LAMBDA,
    N_ASSIGNMENT,
    N_TYPE_ALIAS,
    N_EXPR_STMT,
    N_IMPORT,
    N_IMPORT_FROM,
    N_FUTURE_IMPORT,
    N_CALL,
    N_ATTRIBUTE,
    N_IDENTIFIER,
    N_RETURN,
    N_YIELD,
    N_RAISE,
    N_ASSERT,
    N_PRINT_STMT,
    N_EXEC_STMT,
    N_STRING,
    N_CONCAT_STRING,
    N_COMMENT,
    N_LINE_CONT,
    N_PAREN_EXPR,
    N_PAIR,
    N_DICTIONARY,
    N_LIST,
    N_TUPLE,
    N_SET,
    N_LIST_SPLAT,
    N_EXPR_LIST,
    N_ARG_LIST,
    N_KEYWORD_ARG,
    N_NAMED_EXPR,
    N_PARAMETERS,
    N_PATTERN_LIST,
    N_TUPLE_PATTERN,
    N_LIST_PATTERN,
    N_LIST_SPLAT_PATTERN,
    N_DICT_SPLAT_PATTERN,
    N_TYPED_PARAM,
    N_DEFAULT_PARAM,
    N_TYPED_DEFAULT_PARAM,
    N_KEYWORD_SEP,
    N_POSITIONAL_SEP,
    N_DOTTED_NAME,
    N_ALIASED_IMPORT,
    N_RELATIVE_IMPORT,
    N_IMPORT_PREFIX,
    N_WILDCARD_IMPORT,
    N_TYPE,
    N_GENERIC_TYPE,
    T_DEF,   /* anonymous keyword tokens */
    T_CLASS,
    T_ASYNC,
    N_KIND_COUNT
};

static const struct {
    const char *name;
    bool named;
    unsigned char kind;
} py_node_names[] = {
    {"module", true, N_MODULE},
    {"function_definition", true, N_FUNCTION_DEF},
    {"class_definition", true, N_CLASS_DEF},
    {"decorated_definition", true, N_DECORATED_DEF},
    {"decorator", true, N_DECORATOR},
    {"block", true, N_BLOCK},
    {"lambda", true, N_LAMBDA},
    {"assignment", true, N_ASSIGNMENT},
    {"type_alias_statement", true, N_TYPE_ALIAS},
    {"expression_statement", true, N_EXPR_STMT},
    {"import_statement", true, N_IMPORT},
    {"import_from_statement", true, N_IMPORT_FROM},
    {"future_import_statement", true, N_FUTURE_IMPORT},
    {"call", true, N_CALL},
    {"attribute", true, N_ATTRIBUTE},
    {"identifier", true, N_IDENTIFIER},
    {"return_statement", true, N_RETURN},
    {"yield", true, N_YIELD},
    {"raise_statement", true, N_RAISE},
    {"assert_statement", true, N_ASSERT},
    {"print_statement", true, N_PRINT_STMT},
    {"exec_statement", true, N_EXEC_STMT},
    {"string", true, N_STRING},
    {"concatenated_string", true, N_CONCAT_STRING},
    {"comment", true, N_COMMENT},
    {"line_continuation", true, N_LINE_CONT},
    {"parenthesized_expression", true, N_PAREN_EXPR},
    {"pair", true, N_PAIR},
    {"dictionary", true, N_DICTIONARY},
    {"list", true, N_LIST},
    {"tuple", true, N_TUPLE},
    {"set", true, N_SET},
    {"list_splat", true, N_LIST_SPLAT},
    {"expression_list", true, N_EXPR_LIST},
    {"argument_list", true, N_ARG_LIST},
    {"keyword_argument", true, N_KEYWORD_ARG},
    {"named_expression", true, N_NAMED_EXPR},
    {"parameters", true, N_PARAMETERS},
    {"pattern_list", true, N_PATTERN_LIST},
    {"tuple_pattern", true, N_TUPLE_PATTERN},
    {"list_pattern", true, N_LIST_PATTERN},
    {"list_splat_pattern", true, N_LIST_SPLAT_PATTERN},
    {"dictionary_splat_pattern", true, N_DICT_SPLAT_PATTERN},
    {"typed_parameter", true, N_TYPED_PARAM},
    {"default_parameter", true, N_DEFAULT_PARAM},
    {"typed_default_parameter", true, N_TYPED_DEFAULT_PARAM},
    {"keyword_separator", true, N_KEYWORD_SEP},
    {"positional_separator", true, N_POSITIONAL_SEP},
    {"dotted_name", true, N_DOTTED_NAME},
    {"aliased_import", true, N_ALIASED_IMPORT},
    {"relative_import", true, N_RELATIVE_IMPORT},
    {"import_prefix", true, N_IMPORT_PREFIX},
    {"wildcard_import", true, N_WILDCARD_IMPORT},
    {"type", true, N_TYPE},
    {"generic_type", true, N_GENERIC_TYPE},
    {"def", false, T_DEF},
    {"class", false, T_CLASS},
    {"async", false, T_ASYNC},
};

enum {
    F_NAME,
    F_BODY,
    F_PARAMETERS,
    F_RETURN_TYPE,
    F_TYPE_PARAMETERS,
    F_SUPERCLASSES,
    F_LEFT,
    F_RIGHT,
    F_TYPE,
    F_VALUE,
    F_FUNCTION,
    F_OBJECT,
    F_ATTRIBUTE,
    F_ALIAS,
    F_MODULE_NAME,
    F_DEFINITION,
    F_COUNT
};

static const char *const py_field_names[F_COUNT] = {
    "name",  "body",  "parameters", "return_type", "type_parameters", "superclasses",
    "left",  "right", "type",       "value",       "function",        "object",
    "attribute", "alias", "module_name", "definition",
};

/* Per-thread state: the parser and lookup tables derived from the grammar. */
typedef struct py_state {
    TSParser *parser;
    uint32_t nsyms;
    unsigned char *kind_of; /* symbol -> N_* */
    TSFieldId fid[F_COUNT];
} py_state;

/* ====================================================================== */
/* Small string map (open addressing, keys copied into an arena)           */
/* ====================================================================== */

typedef struct hm_ent {
    const char *key;
    size_t klen;
    uint64_t hash;
    int64_t a, b;
    codira_str s;
} hm_ent;

typedef struct hmap {
    hm_ent *slots;
    size_t cap, len;
} hmap;

static hm_ent *hm_get(const hmap *m, const char *k, size_t n)
{
    if (!m->cap) return NULL;
    uint64_t h = hash64(k, n);
    size_t mask = m->cap - 1, i = (size_t)h & mask;
    while (m->slots[i].key) {
        hm_ent *e = &m->slots[i];
        if (e->hash == h && e->klen == n && memcmp(e->key, k, n) == 0) return e;
        i = (i + 1) & mask;
    }
    return NULL;
}

static void hm_grow(hmap *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 64;
    hm_ent *ns = xcalloc(ncap, sizeof(*ns));
    for (size_t j = 0; j < m->cap; j++) {
        hm_ent *e = &m->slots[j];
        if (!e->key) continue;
        size_t i = (size_t)e->hash & (ncap - 1);
        while (ns[i].key) i = (i + 1) & (ncap - 1);
        ns[i] = *e;
    }
    free(m->slots);
    m->slots = ns;
    m->cap = ncap;
}

/* Find or add a key; *fresh tells which. */
static hm_ent *hm_put(hmap *m, arena *mem, const char *k, size_t n, bool *fresh)
{
    hm_ent *e = hm_get(m, k, n);
    if (e) {
        if (fresh) *fresh = false;
        return e;
    }
    if ((m->len + 1) * 2 > m->cap) hm_grow(m);
    uint64_t h = hash64(k, n);
    size_t i = (size_t)h & (m->cap - 1);
    while (m->slots[i].key) i = (i + 1) & (m->cap - 1);
    e = &m->slots[i];
    e->key = arena_strndup(mem, k, n);
    e->klen = n;
    e->hash = h;
    m->len++;
    if (fresh) *fresh = true;
    return e;
}

static void hm_free(hmap *m)
{
    free(m->slots);
    m->slots = NULL;
    m->cap = m->len = 0;
}

/* ====================================================================== */
/* Analysis context                                                        */
/* ====================================================================== */

enum { R_MODULE, R_CLASS, R_FUNCTION, R_METHOD, R_CONSTANT, R_VARIABLE, R_TYPE_ALIAS, R_OVERLOAD };

static const char *const py_kind_names[] = {"module",   "class",    "function",   "method",
                                            "constant", "variable", "type_alias", "overload"};

/* A symbol found in the file, in source order. */
typedef struct py_rec {
    unsigned char kind;
    bool overload_deco;
    int32_t parent;            /* enclosing record (scope), 0 = module, -1 for the module */
    int32_t lparent;           /* parent at emission (the implementation for overloads) */
    int32_t first_child, last_child, next_sibling;
    int32_t ovl_next;          /* pending overload chain */
    uint32_t ordinal;
    codira_str name, qualname, stable_id, signature, docstring, decorators, parameters;
    const char *id_suffix;     /* ":setter", ":deleter" or "" */
    uint32_t line, end_line, col, flags;
    codira_handle handle;
} py_rec;

typedef struct py_edge {
    unsigned char relation, target_kind;
    int32_t owner;
    uint32_t line, col;
    codira_str base, target;
    const char *ref_kind;
} py_edge;

typedef struct py_imp {
    int32_t owner;
    codira_str name, alias;
    uint32_t line;
    bool from;  /* `from m import x`: binds x, not m */
} py_imp;

/* One entry per node on the path from the root to the current node. */
typedef struct py_frame {
    TSNode node;
    unsigned char kind;
    unsigned char err_pending; /* ERROR nodes: 1 after `def`, 2 after `class` */
    bool err_async;
    int32_t err_rec;           /* ERROR nodes: definition just recovered, or -1 */
    TSFieldId field;           /* field of this node in its parent */
    int32_t rec;               /* definitions: their record, -1 when skipped */
    uint32_t level;            /* definitions: def/class nesting level */
    TSPoint err_kw;            /* ERROR nodes: position of the pending keyword */
} py_frame;

enum { SC_MODULE, SC_CLASS, SC_FUNCTION, SC_LAMBDA };

typedef struct py_scope {
    TSNode node;       /* popped when the walk leaves this node */
    unsigned char type;
    bool in_function;  /* this scope or an enclosing one is a function */
    int32_t rec;       /* the definition's record, -1 when skipped */
    int32_t owner;     /* nearest emitted record: owner of edges and imports */
    uint32_t level;    /* def/class nesting level */
} py_scope;

typedef struct py_ctx {
    const py_state *st;
    const codira_host *host;
    codira_emitter *out;
    const char *src;   /* the UTF-8 text that was parsed */
    size_t len;
    uint32_t col_shift; /* bytes skipped on the first line (BOM) */
    arena mem;
    codira_str modname, ns;
    bool is_package;
    VEC(py_rec) recs;
    VEC(py_edge) edges;
    VEC(py_imp) imps;
    VEC(py_frame) frames;
    VEC(py_scope) scopes;
    VEC(TSTreeCursor *) cursors;
    size_t cursors_used;
    hmap imports;   /* local name -> s: full dotted name, a: stdlib */
    hmap callables; /* names of functions and classes defined in the file */
    hmap shadows;   /* names that can hide a builtin: imports, and definitions outside
                       class bodies (a method `next` does not hide `next()`) */
    hmap assigned;  /* (scope record, name) of constants/variables/type aliases */
    strbuf sb, sb2, key;
    bool depth_warned;
    bool check_utf8; /* the text should be UTF-8: warn about invalid bytes */
} py_ctx;

/* ====================================================================== */
/* Tree helpers                                                            */
/* ====================================================================== */

static unsigned py_kind(const py_ctx *c, TSNode n)
{
    TSSymbol s = ts_node_symbol(n);
    if (s == (TSSymbol)-1) return N_ERROR;
    return s < c->st->nsyms ? c->st->kind_of[s] : N_OTHER;
}

static TSNode py_field(const py_ctx *c, TSNode n, int f)
{
    return ts_node_child_by_field_id(n, c->st->fid[f]);
}

/* Cursors are pooled: iterating children through a cursor is linear, where
 * ts_node_child(i) and ts_node_next_sibling are not. Use LIFO. */
static TSTreeCursor *cur_get(py_ctx *c, TSNode n)
{
    if (c->cursors_used == c->cursors.len) {
        TSTreeCursor *k = xmalloc(sizeof(*k));
        *k = ts_tree_cursor_new(n);
        VEC_PUSH(c->cursors, k);
    } else {
        ts_tree_cursor_reset(c->cursors.items[c->cursors_used], n);
    }
    return c->cursors.items[c->cursors_used++];
}

static void cur_put(py_ctx *c)
{
    c->cursors_used--;
}

static uint32_t py_line(TSNode n)
{
    return ts_node_start_point(n).row + 1;
}

static uint32_t py_col_at(const py_ctx *c, TSPoint p)
{
    return p.column + (p.row == 0 ? c->col_shift : 0);
}

static uint32_t py_col(const py_ctx *c, TSNode n)
{
    return py_col_at(c, ts_node_start_point(n));
}

static codira_str py_text(const py_ctx *c, TSNode n)
{
    return ts_text(n, c->src);
}

static bool str_eq(codira_str s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len == n && memcmp(s.ptr, lit, n) == 0;
}

static codira_str py_dup(py_ctx *c, const char *s, size_t n)
{
    return (codira_str){arena_strndup(&c->mem, s, n), n};
}

static codira_str py_dup_sb(py_ctx *c, const strbuf *sb)
{
    return py_dup(c, sb_str(sb), sb->len);
}

/* First named child that is not a comment (or a null node). */
static TSNode py_first_stmt(py_ctx *c, TSNode n)
{
    TSNode r = {0};
    TSTreeCursor *k = cur_get(c, n);
    if (ts_tree_cursor_goto_first_child(k)) {
        do {
            TSNode ch = ts_tree_cursor_current_node(k);
            if (ts_node_is_named(ch) && py_kind(c, ch) != N_COMMENT) {
                r = ch;
                break;
            }
        } while (ts_tree_cursor_goto_next_sibling(k));
    }
    cur_put(c);
    return r;
}

/* Last line of a node ignoring trailing comments (tree-sitter keeps the
 * comments that follow the last statement of a block inside the block). */
static uint32_t py_end_line(py_ctx *c, TSNode n)
{
    TSNode cur = n;
    for (;;) {
        TSNode last = {0};
        TSTreeCursor *k = cur_get(c, cur);
        if (ts_tree_cursor_goto_first_child(k)) {
            do {
                TSNode ch = ts_tree_cursor_current_node(k);
                if (py_kind(c, ch) != N_COMMENT) last = ch;
            } while (ts_tree_cursor_goto_next_sibling(k));
        }
        cur_put(c);
        if (ts_node_is_null(last)) break;
        cur = last;
    }
    uint32_t end = ts_end_line(cur);
    return end < py_line(n) ? py_line(n) : end;
}

/* ====================================================================== */
/* Diagnostics                                                             */
/* ====================================================================== */

static void py_diag(py_ctx *c, codira_severity sev, const char *cat, const char *msg,
                    uint32_t line, uint32_t col)
{
    codira_diagnostic d = {sizeof(d), (uint32_t)sev, cstr(cat), cstr(msg), line, col};
    c->host->emit_diagnostic(c->out, &d);
}

/* ====================================================================== */
/* Text: collapsed node text, signatures                                   */
/* ====================================================================== */

/* Append s with every whitespace run turned into one space. */
static void add_squeezed(strbuf *sb, const char *s, size_t n)
{
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v') {
            if (!space) sb_addc(sb, ' ');
            space = true;
            continue;
        }
        space = false;
        sb_addc(sb, ch);
    }
}

/* Append the text of a node token by token: comments and line
 * continuations dropped, whitespace between and inside tokens collapsed to
 * one space. Stops once more than `limit` bytes were added. */
static void add_collapsed(py_ctx *c, strbuf *sb, TSNode n, size_t limit)
{
    size_t start = sb->len;
    uint32_t prev_end = 0;
    bool any = false;
    TSTreeCursor *k = cur_get(c, n);
    for (;;) {
        if (sb->len - start > limit) break;
        TSNode x = ts_tree_cursor_current_node(k);
        unsigned kind = py_kind(c, x);
        bool descend = false;
        if (kind == N_COMMENT || kind == N_LINE_CONT) {
            /* dropped */
        } else if (kind == N_STRING || ts_node_child_count(x) == 0) {
            uint32_t s = ts_node_start_byte(x), e = ts_node_end_byte(x);
            if (e > s) {
                if (any && s > prev_end) sb_addc(sb, ' ');
                add_squeezed(sb, c->src + s, e - s);
                prev_end = e;
                any = true;
            }
        } else {
            descend = true;
        }
        if (descend && ts_tree_cursor_goto_first_child(k)) continue;
        for (;;) {
            if (ts_tree_cursor_goto_next_sibling(k)) break;
            if (!ts_tree_cursor_goto_parent(k)) goto done;
        }
    }
done:
    cur_put(c);
}

/* Cut a signature longer than PY_SIG_MAX bytes at a UTF-8 boundary, add "...". */
static void sig_finish(strbuf *sb)
{
    if (sb->len <= PY_SIG_MAX) return;
    size_t cut = PY_SIG_MAX;
    while (cut > 0 && ((unsigned char)sb->buf[cut] & 0xC0) == 0x80) cut--;
    sb->len = cut;
    sb->buf[cut] = '\0';
    sb_adds(sb, "...");
}

/* ====================================================================== */
/* String literals and docstrings                                          */
/* ====================================================================== */

static void put_utf8(strbuf *sb, uint32_t cp)
{
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    sb_add(sb, b, n);
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

/* Decode one string literal token (prefix, quotes, body) and append its
 * value. False for bytes, f-strings and anything that is not a plain str. */
static bool decode_literal(strbuf *sb, const char *p, size_t n)
{
    size_t i = 0;
    bool raw = false;
    while (i < n && ((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z'))) {
        char ch = (char)(p[i] | 0x20);
        if (ch == 'r') raw = true;
        else if (ch != 'u') return false;
        i++;
    }
    if (i >= n || (p[i] != '"' && p[i] != '\'')) return false;
    char q = p[i];
    size_t ql = (i + 2 < n && p[i + 1] == q && p[i + 2] == q) ? 3 : 1;
    size_t b = i + ql, e = n;
    if (e >= b + ql) {
        bool closed = true;
        for (size_t j = e - ql; j < e; j++) closed = closed && p[j] == q;
        if (closed) e -= ql;
    }
    for (size_t j = b; j < e; j++) {
        char ch = p[j];
        if (ch == '\r') { /* universal newlines */
            if (j + 1 < e && p[j + 1] == '\n') j++;
            sb_addc(sb, '\n');
            continue;
        }
        if (ch != '\\' || raw || j + 1 >= e) {
            sb_addc(sb, ch);
            continue;
        }
        char x = p[j + 1];
        uint32_t cp;
        int digits = 0;
        switch (x) {
        case '\n':
            j++;
            continue;
        case '\r':
            j++;
            if (j + 1 < e && p[j + 1] == '\n') j++;
            continue;
        case '\\': case '\'': case '"':
            sb_addc(sb, x);
            j++;
            continue;
        case 'a': sb_addc(sb, '\a'); j++; continue;
        case 'b': sb_addc(sb, '\b'); j++; continue;
        case 'f': sb_addc(sb, '\f'); j++; continue;
        case 'n': sb_addc(sb, '\n'); j++; continue;
        case 'r': sb_addc(sb, '\r'); j++; continue;
        case 't': sb_addc(sb, '\t'); j++; continue;
        case 'v': sb_addc(sb, '\v'); j++; continue;
        case 'x': digits = 2; break;
        case 'u': digits = 4; break;
        case 'U': digits = 8; break;
        default:
            if (x >= '0' && x <= '7') {
                cp = 0;
                size_t k = j + 1;
                while (k < e && k < j + 4 && p[k] >= '0' && p[k] <= '7')
                    cp = cp * 8 + (uint32_t)(p[k++] - '0');
                put_utf8(sb, cp);
                j = k - 1;
                continue;
            }
            sb_addc(sb, ch); /* unknown escape and \N{...}: kept verbatim */
            continue;
        }
        cp = 0;
        bool ok = j + 1 + (size_t)digits < e;
        for (int d = 0; ok && d < digits; d++) {
            int v = hexval(p[j + 2 + (size_t)d]);
            if (v < 0) ok = false;
            else cp = cp * 16 + (uint32_t)v;
        }
        if (!ok) {
            sb_addc(sb, ch);
            continue;
        }
        put_utf8(sb, cp);
        j += 1 + (size_t)digits;
    }
    return true;
}

/* The value of a string / concatenated_string / parenthesized string node. */
static bool decode_string_node(py_ctx *c, TSNode n, strbuf *sb)
{
    while (py_kind(c, n) == N_PAREN_EXPR) {
        TSNode inner = py_first_stmt(c, n);
        if (ts_node_is_null(inner)) return false;
        n = inner;
    }
    unsigned kind = py_kind(c, n);
    if (kind == N_STRING) {
        codira_str t = py_text(c, n);
        return decode_literal(sb, t.ptr, t.len);
    }
    if (kind != N_CONCAT_STRING) return false;
    bool ok = true;
    TSTreeCursor *k = cur_get(c, n);
    if (ts_tree_cursor_goto_first_child(k)) {
        do {
            TSNode ch = ts_tree_cursor_current_node(k);
            if (py_kind(c, ch) != N_STRING) continue;
            codira_str t = py_text(c, ch);
            if (!decode_literal(sb, t.ptr, t.len)) {
                ok = false;
                break;
            }
        } while (ts_tree_cursor_goto_next_sibling(k));
    }
    cur_put(c);
    return ok;
}

/* Decode one UTF-8 code point (invalid bytes count as one code point each). */
static uint32_t next_cp(const char *s, size_t n, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    size_t left = n - *i;
    unsigned char b = p[0];
    uint32_t cp;
    size_t len;
    if (b < 0x80) {
        *i += 1;
        return b;
    } else if (b >= 0xC2 && b <= 0xDF) {
        len = 2;
        cp = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
        len = 3;
        cp = b & 0x0F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        len = 4;
        cp = b & 0x07;
    } else {
        *i += 1;
        return 0xFFFD;
    }
    if (left < len) {
        *i += 1;
        return 0xFFFD;
    }
    for (size_t j = 1; j < len; j++) {
        if ((p[j] & 0xC0) != 0x80) {
            *i += 1;
            return 0xFFFD;
        }
        cp = (cp << 6) | (p[j] & 0x3F);
    }
    *i += len;
    return cp;
}

/* str.isspace() */
static bool py_isspace(uint32_t cp)
{
    return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 ||
           cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* inspect.cleandoc(): expand tabs, drop the common indentation of the lines
 * after the first, strip the first line's indentation and surrounding blank
 * lines. `in` and `out` must differ. */
static void cleandoc(const char *s, size_t n, strbuf *tmp, strbuf *out)
{
    /* expandtabs(8): columns count code points and restart at \n and \r */
    sb_clear(tmp);
    size_t col = 0;
    for (size_t i = 0; i < n;) {
        size_t st = i;
        uint32_t cp = next_cp(s, n, &i);
        if (cp == '\t') {
            size_t sp = 8 - col % 8;
            for (size_t k = 0; k < sp; k++) sb_addc(tmp, ' ');
            col += sp;
        } else {
            sb_add(tmp, s + st, i - st);
            col = (cp == '\n' || cp == '\r') ? 0 : col + 1;
        }
    }
    const char *t = sb_str(tmp);
    size_t tn = tmp->len;
    /* margin: smallest indentation of the non-blank lines after the first */
    size_t margin = SIZE_MAX;
    const char *nl = memchr(t, '\n', tn);
    for (size_t ls = nl ? (size_t)(nl - t) + 1 : tn; nl && ls <= tn;) {
        const char *e = memchr(t + ls, '\n', tn - ls);
        size_t le = e ? (size_t)(e - t) : tn;
        size_t i = ls, indent = 0;
        bool content = false;
        while (i < le) {
            uint32_t cp = next_cp(t, le, &i);
            if (!py_isspace(cp)) {
                content = true;
                break;
            }
            indent++;
        }
        if (content && indent < margin) margin = indent;
        if (!e) break;
        ls = le + 1;
    }
    /* lines, trimmed; blank lines at both ends dropped */
    sb_clear(out);
    size_t pending_blank = 0; /* empty lines not yet written */
    bool started = false;
    size_t ls = 0;
    for (size_t li = 0;; li++) {
        const char *e = memchr(t + ls, '\n', tn - ls);
        size_t le = e ? (size_t)(e - t) : tn;
        size_t i = ls;
        if (li == 0) {
            while (i < le) {
                size_t st = i;
                if (!py_isspace(next_cp(t, le, &i))) {
                    i = st;
                    break;
                }
            }
        } else if (margin != SIZE_MAX) {
            for (size_t k = 0; k < margin && i < le; k++) next_cp(t, le, &i);
        }
        if (i == le) {
            if (started) pending_blank++;
        } else {
            if (started) sb_addc(out, '\n');
            for (; pending_blank; pending_blank--) sb_addc(out, '\n');
            sb_add(out, t + i, le - i);
            started = true;
        }
        if (!e) break;
        ls = le + 1;
    }
}

/* The docstring of a module or a body block: its first statement when that
 * is a plain string literal. */
static bool docstring_of(py_ctx *c, TSNode body, strbuf *out, TSNode *lit)
{
    if (ts_node_is_null(body)) return false;
    TSNode st = py_first_stmt(c, body);
    if (ts_node_is_null(st) || py_kind(c, st) != N_EXPR_STMT) return false;
    if (ts_node_named_child_count(st) < 1) return false;
    TSNode e = py_first_stmt(c, st);
    /* exactly one expression in the statement */
    unsigned named = 0;
    TSTreeCursor *k = cur_get(c, st);
    if (ts_tree_cursor_goto_first_child(k)) {
        do {
            TSNode ch = ts_tree_cursor_current_node(k);
            if (ts_node_is_named(ch) && py_kind(c, ch) != N_COMMENT) named++;
        } while (named < 2 && ts_tree_cursor_goto_next_sibling(k));
    }
    cur_put(c);
    if (named != 1) return false;
    unsigned kind = py_kind(c, e);
    if (kind != N_STRING && kind != N_CONCAT_STRING && kind != N_PAREN_EXPR) return false;
    sb_clear(&c->sb2);
    if (!decode_string_node(c, e, &c->sb2)) return false;
    strbuf tmp;
    sb_init(&tmp);
    cleandoc(sb_str(&c->sb2), c->sb2.len, &tmp, out);
    sb_free(&tmp);
    if (lit) *lit = e;
    return true;
}

/* ====================================================================== */
/* Names                                                                   */
/* ====================================================================== */

/* Rough str.isupper()/islower() for identifiers: ASCII, Latin-1, Greek and
 * Cyrillic letters. */
static int cp_case(uint32_t cp)
{
    if (cp >= 'A' && cp <= 'Z') return 1;
    if (cp >= 'a' && cp <= 'z') return -1;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return 1;
    if (cp >= 0xDF && cp <= 0xFF && cp != 0xF7) return -1;
    if (cp >= 0x391 && cp <= 0x3A9) return 1;
    if (cp >= 0x3AC && cp <= 0x3CE) return -1;
    if (cp >= 0x400 && cp <= 0x42F) return 1;
    if (cp >= 0x430 && cp <= 0x45F) return -1;
    return 0;
}

/* UPPER_CASE: some cased letter, no lowercase one. */
static bool is_constant_name(codira_str s)
{
    bool upper = false;
    for (size_t i = 0; i < s.len;) {
        int k = cp_case(next_cp(s.ptr, s.len, &i));
        if (k < 0) return false;
        if (k > 0) upper = true;
    }
    return upper;
}

/* Static dotted path of an identifier/attribute chain into sb; false when
 * some part is dynamic. */
static bool static_path(py_ctx *c, TSNode n, strbuf *sb)
{
    VEC(codira_str) parts = {0};
    bool ok = false;
    for (;;) {
        unsigned kind = py_kind(c, n);
        if (kind == N_IDENTIFIER) {
            VEC_PUSH(parts, py_text(c, n));
            ok = true;
            break;
        }
        if (kind != N_ATTRIBUTE) break;
        TSNode a = py_field(c, n, F_ATTRIBUTE);
        if (ts_node_is_null(a) || ts_node_start_byte(a) == ts_node_end_byte(a)) break;
        VEC_PUSH(parts, py_text(c, a));
        n = py_field(c, n, F_OBJECT);
        if (ts_node_is_null(n)) break;
    }
    if (ok) {
        for (size_t i = parts.len; i-- > 0;) {
            sb_add(sb, parts.items[i].ptr, parts.items[i].len);
            if (i) sb_addc(sb, '.');
        }
    }
    VEC_FREE(parts);
    return ok;
}

/* Join the identifiers of a dotted_name with '.' (spaces are legal there). */
static void add_dotted(py_ctx *c, strbuf *sb, TSNode n)
{
    if (py_kind(c, n) != N_DOTTED_NAME) {
        codira_str t = py_text(c, n);
        sb_add(sb, t.ptr, t.len);
        return;
    }
    bool first = true;
    TSTreeCursor *k = cur_get(c, n);
    if (ts_tree_cursor_goto_first_child(k)) {
        do {
            TSNode ch = ts_tree_cursor_current_node(k);
            if (py_kind(c, ch) != N_IDENTIFIER) continue;
            if (!first) sb_addc(sb, '.');
            codira_str t = py_text(c, ch);
            sb_add(sb, t.ptr, t.len);
            first = false;
        } while (ts_tree_cursor_goto_next_sibling(k));
    }
    cur_put(c);
}

/* ====================================================================== */
/* Scopes and records                                                      */
/* ====================================================================== */

static py_scope *scope_top(py_ctx *c)
{
    return &c->scopes.items[c->scopes.len - 1];
}

static void name_add(py_ctx *c, hmap *m, codira_str name)
{
    hm_put(m, &c->mem, name.ptr, name.len, NULL);
}

static void add_edge(py_ctx *c, unsigned rel, unsigned tk, TSNode at, codira_str base,
                     codira_str target, const char *ref_kind)
{
    py_edge e;
    e.relation = (unsigned char)rel;
    e.target_kind = (unsigned char)tk;
    e.owner = scope_top(c)->owner;
    e.line = py_line(at);
    e.col = py_col(c, at);
    e.base = base;
    e.target = target;
    e.ref_kind = ref_kind;
    VEC_PUSH(c->edges, e);
}

/* A new record under the innermost scope; returns its index. */
static int32_t rec_new(py_ctx *c, unsigned kind, codira_str name, const py_scope *sc)
{
    py_rec r;
    memset(&r, 0, sizeof(r));
    r.kind = (unsigned char)kind;
    r.parent = sc->owner;
    r.lparent = r.parent;
    r.first_child = r.last_child = r.next_sibling = r.ovl_next = -1;
    r.name = name;
    r.id_suffix = "";
    r.handle = CODIRA_NO_HANDLE;
    if (r.parent > 0) {
        const py_rec *p = &c->recs.items[r.parent];
        sb_clear(&c->sb);
        sb_add(&c->sb, p->qualname.ptr, p->qualname.len);
        sb_addc(&c->sb, '.');
        sb_add(&c->sb, name.ptr, name.len);
        r.qualname = py_dup_sb(c, &c->sb);
    } else {
        r.qualname = name;
    }
    if (name.len && name.ptr[0] != '_' && !sc->in_function) r.flags |= CODIRA_SYM_PUBLIC;
    VEC_PUSH(c->recs, r);
    return (int32_t)(c->recs.len - 1);
}

/* Decorator effects on a def. */
typedef struct py_decos {
    uint32_t flags;
    bool is_static, overload;
    const char *suffix;
} py_decos;

static void deco_classify(codira_str d, py_decos *out)
{
    static const struct {
        const char *text;
        uint32_t flags;
    } table[] = {
        {"staticmethod", CODIRA_SYM_STATIC},
        {"classmethod", CODIRA_SYM_CLASSMETHOD},
        {"property", CODIRA_SYM_PROPERTY},
        {"functools.cached_property", CODIRA_SYM_PROPERTY},
        {"cached_property", CODIRA_SYM_PROPERTY},
        {"abstractmethod", CODIRA_SYM_ABSTRACT},
        {"abc.abstractmethod", CODIRA_SYM_ABSTRACT},
        {"abstractclassmethod", CODIRA_SYM_ABSTRACT | CODIRA_SYM_CLASSMETHOD},
        {"abc.abstractclassmethod", CODIRA_SYM_ABSTRACT | CODIRA_SYM_CLASSMETHOD},
        {"abstractstaticmethod", CODIRA_SYM_ABSTRACT | CODIRA_SYM_STATIC},
        {"abc.abstractstaticmethod", CODIRA_SYM_ABSTRACT | CODIRA_SYM_STATIC},
        {"abstractproperty", CODIRA_SYM_ABSTRACT | CODIRA_SYM_PROPERTY},
        {"abc.abstractproperty", CODIRA_SYM_ABSTRACT | CODIRA_SYM_PROPERTY},
    };
    for (size_t i = 0; i < PY_COUNT(table); i++) {
        if (str_eq(d, table[i].text)) {
            out->flags |= table[i].flags;
            if (table[i].flags & CODIRA_SYM_STATIC) out->is_static = true;
            return;
        }
    }
    if (str_eq(d, "overload") || str_eq(d, "typing.overload") ||
        str_eq(d, "typing_extensions.overload")) {
        out->overload = true;
        return;
    }
    /* <name>.setter / .deleter / .getter of a property */
    const char *dot = memchr(d.ptr, '.', d.len);
    if (!dot || dot == d.ptr) return;
    codira_str rest = {dot + 1, d.len - (size_t)(dot - d.ptr) - 1};
    if (str_eq(rest, "setter")) {
        out->flags |= CODIRA_SYM_PROPERTY;
        out->suffix = ":setter";
    } else if (str_eq(rest, "deleter")) {
        out->flags |= CODIRA_SYM_PROPERTY;
        out->suffix = ":deleter";
    } else if (str_eq(rest, "getter")) {
        out->flags |= CODIRA_SYM_PROPERTY;
    }
}

/* Decorators of a decorated_definition: '\n'-joined into sb, effects into d. */
static void collect_decorators(py_ctx *c, TSNode decorated, strbuf *sb, py_decos *d)
{
    strbuf one;
    sb_init(&one);
    TSTreeCursor *k = cur_get(c, decorated);
    if (ts_tree_cursor_goto_first_child(k)) {
        do {
            TSNode ch = ts_tree_cursor_current_node(k);
            if (py_kind(c, ch) != N_DECORATOR) continue;
            sb_clear(&one);
            add_collapsed(c, &one, ch, 4096);
            const char *t = sb_str(&one);
            size_t n = one.len;
            if (n && t[0] == '@') t++, n--;
            while (n && t[0] == ' ') t++, n--;
            if (!n) continue;
            deco_classify((codira_str){t, n}, d);
            if (sb->len) sb_addc(sb, '\n');
            sb_add(sb, t, n);
        } while (ts_tree_cursor_goto_next_sibling(k));
    }
    cur_put(c);
    sb_free(&one);
}

/* The name a parameter binds ("" for `*` and `/`). */
static codira_str param_name(py_ctx *c, TSNode p, bool *positional)
{
    *positional = false;
    for (int guard = 0; guard < 4; guard++) {
        unsigned kind = py_kind(c, p);
        switch (kind) {
        case N_IDENTIFIER:
            if (guard == 0) *positional = true;
            return py_text(c, p);
        case N_DEFAULT_PARAM:
        case N_TYPED_DEFAULT_PARAM: {
            TSNode nm = py_field(c, p, F_NAME);
            if (ts_node_is_null(nm)) return (codira_str){"", 0};
            *positional = true;
            if (py_kind(c, nm) == N_IDENTIFIER) return py_text(c, nm);
            sb_clear(&c->sb2);
            add_collapsed(c, &c->sb2, nm, 256);
            return py_dup_sb(c, &c->sb2);
        }
        case N_TYPED_PARAM: {
            TSNode inner = py_first_stmt(c, p);
            if (ts_node_is_null(inner)) return (codira_str){"", 0};
            if (py_kind(c, inner) == N_IDENTIFIER) {
                *positional = true;
                return py_text(c, inner);
            }
            p = inner;
            guard = 1;
            continue;
        }
        case N_LIST_SPLAT_PATTERN:
        case N_DICT_SPLAT_PATTERN: {
            TSNode inner = py_first_stmt(c, p);
            if (ts_node_is_null(inner)) return (codira_str){"", 0};
            return py_text(c, inner);
        }
        case N_TUPLE_PATTERN: {
            *positional = guard == 0;
            sb_clear(&c->sb2);
            add_collapsed(c, &c->sb2, p, 256);
            return py_dup_sb(c, &c->sb2);
        }
        default:
            return (codira_str){"", 0};
        }
    }
    return (codira_str){"", 0};
}

/* "(a, b: int = 1, *args)" into sig, the parameter names ('\n'-joined)
 * into names; the first positional one is left out when skip_self. */
static void add_parameters(py_ctx *c, TSNode params, bool skip_self, strbuf *sig, strbuf *names)
{
    sb_addc(sig, '(');
    if (!ts_node_is_null(params)) {
        bool any = false;
        TSTreeCursor *k = cur_get(c, params);
        if (ts_tree_cursor_goto_first_child(k)) {
            do {
                TSNode ch = ts_tree_cursor_current_node(k);
                unsigned ck = py_kind(c, ch);
                if (!ts_node_is_named(ch) || ck == N_COMMENT || ck == N_ERROR) continue;
                if (sig->len <= PY_SIG_MAX) {
                    if (any) sb_adds(sig, ", ");
                    add_collapsed(c, sig, ch, PY_SIG_MAX);
                }
                any = true;
                bool positional;
                codira_str pname = param_name(c, ch, &positional);
                if (!pname.len) continue;
                if (skip_self) {
                    skip_self = false;
                    if (positional) continue;
                }
                if (names->len) sb_addc(names, '\n');
                sb_add(names, pname.ptr, pname.len);
            } while (ts_tree_cursor_goto_next_sibling(k));
        }
        cur_put(c);
    }
    sb_addc(sig, ')');
}

/* Docstring and flags shared by classes and functions. */
static void rec_set_doc(py_ctx *c, py_rec *r, TSNode body)
{
    sb_clear(&c->sb);
    if (docstring_of(c, body, &c->sb, NULL)) {
        r->docstring = py_dup_sb(c, &c->sb);
        r->flags |= CODIRA_SYM_HAS_DOCSTRING;
    }
}

static int32_t def_record(py_ctx *c, TSNode n, bool is_class, TSNode decorated,
                          const py_scope *sc)
{
    TSNode name = py_field(c, n, F_NAME);
    codira_str nm = ts_node_is_null(name) ? (codira_str){"", 0} : py_text(c, name);
    if (!nm.len) return -1;
    name_add(c, &c->callables, nm);
    if (sc->type != SC_CLASS) name_add(c, &c->shadows, nm);
    unsigned kind = is_class ? R_CLASS : sc->type == SC_CLASS ? R_METHOD : R_FUNCTION;
    int32_t idx = rec_new(c, kind, nm, sc);
    py_rec *r = &c->recs.items[idx];
    r->line = py_line(n);
    r->end_line = py_end_line(c, n);
    r->col = py_col(c, name);

    py_decos d = {0, false, false, ""};
    sb_clear(&c->sb);
    if (!ts_node_is_null(decorated)) collect_decorators(c, decorated, &c->sb, &d);
    r->decorators = py_dup_sb(c, &c->sb);
    r->flags |= d.flags;
    r->overload_deco = d.overload && !is_class;
    r->id_suffix = d.suffix;

    /* signature */
    strbuf *sb = &c->sb;
    sb_clear(sb);
    TSNode tp = py_field(c, n, F_TYPE_PARAMETERS);
    if (is_class) {
        sb_adds(sb, "class ");
        sb_add(sb, nm.ptr, nm.len);
        if (!ts_node_is_null(tp)) add_collapsed(c, sb, tp, PY_SIG_MAX);
        TSNode sup = py_field(c, n, F_SUPERCLASSES);
        if (!ts_node_is_null(sup)) {
            size_t mark = sb->len;
            bool any = false;
            sb_addc(sb, '(');
            TSTreeCursor *k = cur_get(c, sup);
            if (ts_tree_cursor_goto_first_child(k)) {
                do {
                    TSNode ch = ts_tree_cursor_current_node(k);
                    unsigned ck = py_kind(c, ch);
                    if (!ts_node_is_named(ch) || ck == N_COMMENT || ck == N_ERROR) continue;
                    if (any) sb_adds(sb, ", ");
                    add_collapsed(c, sb, ch, PY_SIG_MAX);
                    any = true;
                } while (sb->len <= PY_SIG_MAX && ts_tree_cursor_goto_next_sibling(k));
            }
            cur_put(c);
            if (any) sb_addc(sb, ')');
            else sb->len = mark, sb->buf[mark] = '\0';
        }
    } else {
        TSNode first = ts_node_child(n, 0);
        if (py_kind(c, first) == T_ASYNC) {
            r->flags |= CODIRA_SYM_ASYNC;
            sb_adds(sb, "async ");
        }
        sb_adds(sb, "def ");
        sb_add(sb, nm.ptr, nm.len);
        if (!ts_node_is_null(tp)) add_collapsed(c, sb, tp, PY_SIG_MAX);
        TSNode params = py_field(c, n, F_PARAMETERS);
        strbuf *pn = &c->key;
        sb_clear(pn);
        add_parameters(c, params, kind == R_METHOD && !d.is_static, sb, pn);
        r = &c->recs.items[idx];
        r->parameters = py_dup_sb(c, pn);
        TSNode rt = py_field(c, n, F_RETURN_TYPE);
        if (!ts_node_is_null(rt) && sb->len <= PY_SIG_MAX) {
            sb_adds(sb, " -> ");
            add_collapsed(c, sb, rt, PY_SIG_MAX);
        }
    }
    sig_finish(sb);
    r = &c->recs.items[idx];
    r->signature = py_dup_sb(c, sb);
    rec_set_doc(c, r, py_field(c, n, F_BODY));
    return idx;
}

/* A definition whose header tree-sitter could only place in an ERROR node:
 * `def name` / `class name` tokens. */
static int32_t recovered_def(py_ctx *c, const py_frame *ef, TSNode name)
{
    py_scope *sc = scope_top(c);
    if (sc->type == SC_LAMBDA || sc->level + 1 > PY_MAX_SCOPE_DEPTH) return -1;
    codira_str nm = py_text(c, name);
    if (!nm.len) return -1;
    bool is_class = ef->err_pending == 2;
    name_add(c, &c->callables, nm);
    if (sc->type != SC_CLASS) name_add(c, &c->shadows, nm);
    unsigned kind = is_class ? R_CLASS : sc->type == SC_CLASS ? R_METHOD : R_FUNCTION;
    int32_t idx = rec_new(c, kind, nm, sc);
    py_rec *r = &c->recs.items[idx];
    r->line = ef->err_kw.row + 1;
    r->end_line = py_line(name);
    r->col = py_col(c, name);
    sb_clear(&c->sb);
    if (ef->err_async && !is_class) {
        sb_adds(&c->sb, "async ");
        r->flags |= CODIRA_SYM_ASYNC;
    }
    sb_adds(&c->sb, is_class ? "class " : "def ");
    sb_add(&c->sb, nm.ptr, nm.len);
    sig_finish(&c->sb);
    r->signature = py_dup_sb(c, &c->sb);
    return idx;
}

/* `def name(params)` in an ERROR node: complete the recovered record. */
static void recovered_params(py_ctx *c, int32_t idx, TSNode params)
{
    py_rec *r = &c->recs.items[idx];
    if (r->kind == R_CLASS) return;
    sb_clear(&c->sb);
    sb_add(&c->sb, r->signature.ptr, r->signature.len);
    sb_clear(&c->key);
    add_parameters(c, params, r->kind == R_METHOD, &c->sb, &c->key);
    sig_finish(&c->sb);
    r = &c->recs.items[idx];
    r->signature = py_dup_sb(c, &c->sb);
    r->parameters = py_dup_sb(c, &c->key);
}

/* Constants, variables and type aliases bound at module or class level. */
static void assigned_record(py_ctx *c, TSNode id, TSNode stmt, bool type_alias)
{
    py_scope *sc = scope_top(c);
    codira_str nm = py_text(c, id);
    if (!nm.len) return;
    if (sc->type != SC_CLASS) name_add(c, &c->shadows, nm);
    sb_clear(&c->key);
    int32_t scope_rec = sc->rec;
    sb_add(&c->key, (const char *)&scope_rec, sizeof(scope_rec));
    sb_add(&c->key, nm.ptr, nm.len);
    bool fresh;
    hm_put(&c->assigned, &c->mem, c->key.buf, c->key.len, &fresh);
    if (!fresh) return;
    unsigned kind = type_alias ? R_TYPE_ALIAS : is_constant_name(nm) ? R_CONSTANT : R_VARIABLE;
    int32_t idx = rec_new(c, kind, nm, sc);
    py_rec *r = &c->recs.items[idx];
    r->line = py_line(stmt);
    r->end_line = ts_end_line(stmt);
    r->col = py_col(c, id);
    sb_clear(&c->sb);
    add_collapsed(c, &c->sb, stmt, PY_SIG_MAX);
    sig_finish(&c->sb);
    r = &c->recs.items[idx];
    r->signature = py_dup_sb(c, &c->sb);
}

static bool is_type_alias_annotation(py_ctx *c, TSNode type)
{
    if (ts_node_is_null(type)) return false;
    sb_clear(&c->sb2);
    add_collapsed(c, &c->sb2, type, 64);
    codira_str t = {sb_str(&c->sb2), c->sb2.len};
    return str_eq(t, "TypeAlias") || str_eq(t, "typing.TypeAlias") ||
           str_eq(t, "typing_extensions.TypeAlias");
}

static void on_assignment(py_ctx *c, TSNode n)
{
    py_scope *sc = scope_top(c);
    if (sc->rec < 0 || (sc->type != SC_MODULE && sc->type != SC_CLASS)) return;
    /* the statement: outermost assignment of a chain, then its statement */
    size_t fi = c->frames.len - 1;
    while (fi > 0 && c->frames.items[fi - 1].kind == N_ASSIGNMENT) fi--;
    TSNode stmt = c->frames.items[fi].node;
    if (fi > 0 && c->frames.items[fi - 1].kind == N_EXPR_STMT) stmt = c->frames.items[fi - 1].node;
    TSNode left = py_field(c, n, F_LEFT);
    if (ts_node_is_null(left)) return;
    if (py_kind(c, left) == N_IDENTIFIER) {
        assigned_record(c, left, stmt, is_type_alias_annotation(c, py_field(c, n, F_TYPE)));
        return;
    }
    /* tuple targets, nested ones included, in source order */
    VEC(TSNode) todo = {0};
    VEC(TSNode) kids = {0};
    VEC_PUSH(todo, left);
    while (todo.len) {
        TSNode t = todo.items[--todo.len];
        unsigned kind = py_kind(c, t);
        if (kind == N_IDENTIFIER) {
            assigned_record(c, t, stmt, false);
            continue;
        }
        if (kind != N_PATTERN_LIST && kind != N_TUPLE_PATTERN && kind != N_LIST_PATTERN &&
            kind != N_LIST_SPLAT_PATTERN)
            continue;
        kids.len = 0;
        TSTreeCursor *k = cur_get(c, t);
        if (ts_tree_cursor_goto_first_child(k)) {
            do {
                TSNode ch = ts_tree_cursor_current_node(k);
                if (ts_node_is_named(ch)) VEC_PUSH(kids, ch);
            } while (ts_tree_cursor_goto_next_sibling(k));
        }
        cur_put(c);
        for (size_t i = kids.len; i-- > 0;) VEC_PUSH(todo, kids.items[i]);
    }
    VEC_FREE(todo);
    VEC_FREE(kids);
}

static void on_type_alias(py_ctx *c, TSNode n)
{
    TSNode left = py_field(c, n, F_LEFT);
    for (int guard = 0; guard < 3 && !ts_node_is_null(left); guard++) {
        unsigned kind = py_kind(c, left);
        if (kind == N_IDENTIFIER) {
            py_scope *sc = scope_top(c);
            if (sc->rec >= 0 && (sc->type == SC_MODULE || sc->type == SC_CLASS))
                assigned_record(c, left, n, true);
            return;
        }
        if (kind != N_TYPE && kind != N_GENERIC_TYPE) break;
        left = py_first_stmt(c, left);
    }
    /* `type(x).attr = v` is parsed as a type alias statement: keep the call */
    TSNode kw = ts_node_child(n, 0);
    uint32_t e = ts_node_end_byte(kw);
    if (ts_node_end_byte(kw) - ts_node_start_byte(kw) == 4 && e < c->len && c->src[e] == '(')
        add_edge(c, CODIRA_REL_CALL, CODIRA_TARGET_NAME, kw, (codira_str){"", 0},
                 py_text(c, kw), "");
}

/* ====================================================================== */
/* Imports                                                                 */
/* ====================================================================== */

static void bind_import(py_ctx *c, codira_str local, codira_str full)
{
    if (!local.len) return;
    name_add(c, &c->shadows, local);
    bool fresh;
    hm_ent *e = hm_put(&c->imports, &c->mem, local.ptr, local.len, &fresh);
    if (!fresh) return; /* the first binding wins */
    e->s = full;
    e->a = py_is_stdlib(full);
}

static void add_import(py_ctx *c, codira_str full, codira_str alias, uint32_t line, bool from)
{
    py_imp im = {scope_top(c)->owner, full, alias, line, from};
    VEC_PUSH(c->imps, im);
}

/* Resolve `from <dots><mod> import ...` against the module name. */
static void resolve_relative(py_ctx *c, size_t level, codira_str mod, strbuf *out)
{
    codira_str pkg = c->modname;
    if (!c->is_package) {
        const char *dot = NULL;
        for (size_t i = pkg.len; i-- > 0;)
            if (pkg.ptr[i] == '.') {
                dot = pkg.ptr + i;
                break;
            }
        pkg.len = dot ? (size_t)(dot - pkg.ptr) : 0;
    }
    size_t segs = 0;
    if (pkg.len) {
        segs = 1;
        for (size_t i = 0; i < pkg.len; i++) segs += pkg.ptr[i] == '.';
    }
    if (level > segs) { /* above the top: keep the dots */
        for (size_t i = 0; i < level; i++) sb_addc(out, '.');
        sb_add(out, mod.ptr, mod.len);
        return;
    }
    size_t keep = segs - (level - 1), seen = 0, cut = pkg.len;
    for (size_t i = 0; i < pkg.len; i++)
        if (pkg.ptr[i] == '.' && ++seen == keep) {
            cut = i;
            break;
        }
    sb_add(out, pkg.ptr, cut);
    if (mod.len) {
        if (cut) sb_addc(out, '.');
        sb_add(out, mod.ptr, mod.len);
    }
}

static void on_import(py_ctx *c, TSNode n, unsigned kind)
{
    uint32_t line = py_line(n);
    strbuf *base = &c->sb;
    sb_clear(base);
    bool base_dots_only = false;
    if (kind == N_IMPORT_FROM) {
        TSNode m = py_field(c, n, F_MODULE_NAME);
        if (ts_node_is_null(m)) return;
        if (py_kind(c, m) == N_RELATIVE_IMPORT) {
            size_t level = 0;
            strbuf mod;
            sb_init(&mod);
            TSTreeCursor *k = cur_get(c, m);
            if (ts_tree_cursor_goto_first_child(k)) {
                do {
                    TSNode ch = ts_tree_cursor_current_node(k);
                    unsigned ck = py_kind(c, ch);
                    if (ck == N_IMPORT_PREFIX) {
                        codira_str t = py_text(c, ch);
                        for (size_t i = 0; i < t.len; i++) level += t.ptr[i] == '.';
                    } else if (ck == N_DOTTED_NAME) {
                        add_dotted(c, &mod, ch);
                    }
                } while (ts_tree_cursor_goto_next_sibling(k));
            }
            cur_put(c);
            resolve_relative(c, level, (codira_str){sb_str(&mod), mod.len}, base);
            sb_free(&mod);
            base_dots_only = base->len && base->buf[base->len - 1] == '.';
        } else {
            add_dotted(c, base, m);
        }
    } else if (kind == N_FUTURE_IMPORT) {
        sb_adds(base, "__future__");
    }
    codira_str basev = py_dup_sb(c, base);
    strbuf *full = &c->sb2;
    TSTreeCursor *k = cur_get(c, n);
    if (ts_tree_cursor_goto_first_child(k)) {
        do {
            TSNode ch = ts_tree_cursor_current_node(k);
            unsigned ck = py_kind(c, ch);
            sb_clear(full);
            if (ck == N_WILDCARD_IMPORT) {
                sb_add(full, basev.ptr, basev.len);
                if (basev.len && !base_dots_only) sb_addc(full, '.');
                sb_addc(full, '*');
                add_import(c, py_dup_sb(c, full), (codira_str){"", 0}, line, true);
                continue;
            }
            if (ts_tree_cursor_current_field_id(k) != c->st->fid[F_NAME]) continue;
            TSNode name = ch, alias = {0};
            if (ck == N_ALIASED_IMPORT) {
                name = py_field(c, ch, F_NAME);
                alias = py_field(c, ch, F_ALIAS);
                if (ts_node_is_null(name)) continue;
            }
            size_t name_at = 0;
            if (kind != N_IMPORT) {
                sb_add(full, basev.ptr, basev.len);
                if (basev.len && !base_dots_only) sb_addc(full, '.');
                name_at = full->len;
            }
            add_dotted(c, full, name);
            if (full->len == name_at) continue;
            codira_str fv = py_dup_sb(c, full);
            codira_str av = ts_node_is_null(alias) ? (codira_str){"", 0} : py_text(c, alias);
            add_import(c, fv, av, line, kind != N_IMPORT);
            if (av.len) {
                bind_import(c, av, fv);
            } else if (kind == N_IMPORT) {
                /* `import a.b` binds `a` */
                const char *dot = memchr(fv.ptr, '.', fv.len);
                codira_str top = {fv.ptr, dot ? (size_t)(dot - fv.ptr) : fv.len};
                bind_import(c, top, top);
            } else {
                bind_import(c, (codira_str){fv.ptr + name_at, fv.len - name_at}, fv);
            }
        } while (ts_tree_cursor_goto_next_sibling(k));
    }
    cur_put(c);
}

/* ====================================================================== */
/* Calls and references                                                    */
/* ====================================================================== */

/* `super()` or `super(Class, self)`: the resolver looks in the bases. */
static bool is_super_call(py_ctx *c, TSNode n)
{
    if (py_kind(c, n) != N_CALL) return false;
    TSNode f = py_field(c, n, F_FUNCTION);
    return !ts_node_is_null(f) && py_kind(c, f) == N_IDENTIFIER && str_eq(py_text(c, f), "super");
}

static void on_call(py_ctx *c, TSNode n)
{
    TSNode fn = py_field(c, n, F_FUNCTION);
    unsigned kind = ts_node_is_null(fn) ? N_OTHER : py_kind(c, fn);
    if (kind == N_LIST_SPLAT) { /* `{*f(x)}` is parsed as a call of `*f` */
        fn = py_first_stmt(c, fn);
        kind = ts_node_is_null(fn) ? N_OTHER : py_kind(c, fn);
    }
    if (kind == N_IDENTIFIER && ts_node_end_byte(fn) > ts_node_start_byte(fn)) {
        add_edge(c, CODIRA_REL_CALL, CODIRA_TARGET_NAME, fn, (codira_str){"", 0},
                 py_text(c, fn), "");
        return;
    }
    if (kind == N_ATTRIBUTE) {
        TSNode attr = py_field(c, fn, F_ATTRIBUTE);
        if (!ts_node_is_null(attr) && ts_node_end_byte(attr) > ts_node_start_byte(attr)) {
            codira_str base = {"", 0};
            TSNode obj = py_field(c, fn, F_OBJECT);
            sb_clear(&c->sb);
            if (!ts_node_is_null(obj) && static_path(c, obj, &c->sb)) base = py_dup_sb(c, &c->sb);
            else if (!ts_node_is_null(obj) && is_super_call(c, obj)) base = cstr("super()");
            add_edge(c, CODIRA_REL_CALL, CODIRA_TARGET_ATTRIBUTE, attr, base, py_text(c, attr),
                     "");
            return;
        }
    }
    add_edge(c, CODIRA_REL_CALL, CODIRA_TARGET_UNRESOLVED, n, (codira_str){"", 0},
             (codira_str){"", 0}, "");
}

/* The value context of the current node (top frame), or NULL. */
static const char *value_context(py_ctx *c)
{
    size_t i = c->frames.len - 1;
    TSFieldId f = c->frames.items[i].field;
    const TSFieldId *fid = c->st->fid;
    while (i > 0 && c->frames.items[i - 1].kind == N_PAREN_EXPR) {
        i--;
        f = c->frames.items[i].field;
    }
    if (i == 0) return NULL;
    const py_frame *p = &c->frames.items[i - 1];
    const py_frame *g = i >= 2 ? &c->frames.items[i - 2] : NULL;
    const py_frame *gg = i >= 3 ? &c->frames.items[i - 3] : NULL;
    switch (p->kind) {
    case N_ASSIGNMENT:
        return f == fid[F_RIGHT] ? "assignment_value" : NULL;
    case N_NAMED_EXPR:
        return f == fid[F_VALUE] ? "assignment_value" : NULL;
    case N_RETURN:
        return "return_value";
    case N_PAIR:
        return f == fid[F_VALUE] && g && g->kind == N_DICTIONARY ? "mapping_value" : NULL;
    case N_LIST:
    case N_TUPLE:
    case N_SET:
        return "sequence_item";
    case N_EXPR_LIST:
        if (g && (g->kind == N_RETURN || (g->kind == N_ASSIGNMENT && p->field == fid[F_RIGHT])))
            return "sequence_item";
        return NULL;
    case N_ARG_LIST:
        if (g && g->kind == N_CLASS_DEF && p->field == fid[F_SUPERCLASSES]) return "base_class";
        return g && g->kind == N_CALL ? "argument" : NULL;
    case N_KEYWORD_ARG:
        return f == fid[F_VALUE] && g && g->kind == N_ARG_LIST && gg && gg->kind == N_CALL
                   ? "argument"
                   : NULL;
    case N_DECORATOR:
        return "decorator";
    case N_CALL:
        return f == fid[F_FUNCTION] && g && g->kind == N_DECORATOR ? "decorator" : NULL;
    default:
        return NULL;
    }
}

static void on_value_edge(py_ctx *c, TSNode n, unsigned kind, const char *rk);

static bool ref_worthy(py_ctx *c, codira_str first, bool alone)
{
    /* self.method is a reference; self alone is the instance */
    if (str_eq(first, "self") || str_eq(first, "cls")) return !alone;
    return hm_get(&c->callables, first.ptr, first.len) || hm_get(&c->imports, first.ptr, first.len);
}

/* The class whose base list holds the current node (a base_class
 * reference is owned by its class), or -1. */
static int32_t base_list_class(py_ctx *c)
{
    size_t i = c->frames.len - 1;
    while (i > 0 && c->frames.items[i - 1].kind == N_PAREN_EXPR) i--;
    return i >= 2 && c->frames.items[i - 2].kind == N_CLASS_DEF ? c->frames.items[i - 2].rec : -1;
}

/* Callable references are checked after the walk, once every definition
 * and import of the file is known: here the candidates are only noted. */
static void on_value(py_ctx *c, TSNode n, unsigned kind)
{
    const char *rk = value_context(c);
    if (!rk) return;
    size_t before = c->edges.len;
    on_value_edge(c, n, kind, rk);
    if (c->edges.len > before && strcmp(rk, "base_class") == 0) {
        int32_t cls = base_list_class(c);
        if (cls >= 0) c->edges.items[before].owner = cls;
    }
}

static void on_value_edge(py_ctx *c, TSNode n, unsigned kind, const char *rk)
{
    if (kind == N_IDENTIFIER) {
        codira_str t = py_text(c, n);
        if (t.len) add_edge(c, CODIRA_REL_REF, CODIRA_TARGET_NAME, n, (codira_str){"", 0}, t, rk);
        return;
    }
    sb_clear(&c->sb);
    if (!static_path(c, n, &c->sb)) return;
    const char *s = sb_str(&c->sb);
    const char *dot = strrchr(s, '.');
    if (!dot) return;
    size_t blen = (size_t)(dot - s);
    codira_str base = py_dup(c, s, blen);
    codira_str target = py_dup(c, dot + 1, c->sb.len - blen - 1);
    add_edge(c, CODIRA_REL_REF, CODIRA_TARGET_ATTRIBUTE, n, base, target, rk);
}

/* ====================================================================== */
/* The walk                                                                */
/* ====================================================================== */

static void push_scope(py_ctx *c, TSNode node, unsigned type, int32_t rec, uint32_t level)
{
    py_scope *top = scope_top(c);
    py_scope s;
    s.node = node;
    s.type = (unsigned char)type;
    s.in_function = top->in_function || type == SC_FUNCTION;
    s.rec = rec;
    s.owner = rec >= 0 ? rec : top->owner;
    s.level = level;
    VEC_PUSH(c->scopes, s);
}

static void flag_function(py_ctx *c, uint32_t flag)
{
    py_scope *sc = scope_top(c);
    if (sc->type == SC_FUNCTION && sc->rec >= 0) c->recs.items[sc->rec].flags |= flag;
}

/* Track `def`/`class` NAME token sequences directly inside ERROR nodes. */
static void error_child(py_ctx *c, TSNode n, unsigned kind)
{
    py_frame *ef = &c->frames.items[c->frames.len - 2];
    int32_t last = ef->err_rec;
    ef->err_rec = -1;
    switch (kind) {
    case T_ASYNC:
        ef->err_async = true;
        ef->err_pending = 0;
        return;
    case T_DEF:
    case T_CLASS:
        ef->err_pending = kind == T_DEF ? 1 : 2;
        ef->err_kw = ts_node_start_point(n);
        return;
    case N_COMMENT:
        ef->err_rec = last;
        return;
    case N_IDENTIFIER:
        if (ef->err_pending) ef->err_rec = recovered_def(c, ef, n);
        break;
    case N_PARAMETERS:
        if (last >= 0) recovered_params(c, last, n);
        break;
    default:
        break;
    }
    ef->err_pending = 0;
    ef->err_async = false;
}

static void enter(py_ctx *c, TSNode n, TSFieldId field)
{
    unsigned kind = py_kind(c, n);
    py_frame fr;
    memset(&fr, 0, sizeof(fr));
    fr.node = n;
    fr.kind = (unsigned char)kind;
    fr.field = field;
    fr.rec = -1;
    fr.err_rec = -1;
    VEC_PUSH(c->frames, fr);
    size_t depth = c->frames.len;
    const py_frame *parent = depth >= 2 ? &c->frames.items[depth - 2] : NULL;

    if (ts_node_is_missing(n)) {
        sb_clear(&c->sb);
        sb_addf(&c->sb, "missing \"%s\"", ts_node_type(n));
        TSPoint p = ts_node_start_point(n);
        py_diag(c, CODIRA_DIAG_ERROR, "syntax_error", sb_str(&c->sb), p.row + 1, py_col_at(c, p));
    }
    if (parent && parent->kind == N_ERROR) error_child(c, n, kind);

    switch (kind) {
    case N_ERROR: {
        TSPoint p = ts_node_start_point(n);
        py_diag(c, CODIRA_DIAG_ERROR, "syntax_error", "syntax error", p.row + 1, py_col_at(c, p));
        break;
    }
    case N_PRINT_STMT:
    case N_EXEC_STMT: {
        TSPoint p = ts_node_start_point(n);
        py_diag(c, CODIRA_DIAG_ERROR, "syntax_error",
                kind == N_PRINT_STMT ? "Python 2 print statement" : "Python 2 exec statement",
                p.row + 1, py_col_at(c, p));
        break;
    }
    case N_FUNCTION_DEF:
    case N_CLASS_DEF: {
        py_scope *sc = scope_top(c);
        uint32_t level = sc->level + 1;
        int32_t idx = -1;
        if (level > PY_MAX_SCOPE_DEPTH) {
            if (!c->depth_warned) {
                c->depth_warned = true;
                TSPoint p = ts_node_start_point(n);
                py_diag(c, CODIRA_DIAG_WARNING, "nesting",
                        "definitions nested deeper than 100 scopes skipped", p.row + 1,
                        py_col_at(c, p));
            }
            TSNode name = py_field(c, n, F_NAME);
            if (!ts_node_is_null(name)) {
                name_add(c, &c->callables, py_text(c, name));
                if (sc->type != SC_CLASS) name_add(c, &c->shadows, py_text(c, name));
            }
        } else {
            TSNode decorated = {0};
            if (parent && parent->kind == N_DECORATED_DEF && field == c->st->fid[F_DEFINITION])
                decorated = parent->node;
            idx = def_record(c, n, kind == N_CLASS_DEF, decorated, sc);
        }
        py_frame *me = &c->frames.items[depth - 1];
        me->rec = idx;
        me->level = level;
        break;
    }
    case N_BLOCK:
        if (parent && (parent->kind == N_FUNCTION_DEF || parent->kind == N_CLASS_DEF) &&
            field == c->st->fid[F_BODY])
            push_scope(c, n, parent->kind == N_CLASS_DEF ? SC_CLASS : SC_FUNCTION, parent->rec,
                       parent->level);
        break;
    case N_LAMBDA:
        push_scope(c, n, SC_LAMBDA, -1, scope_top(c)->level);
        break;
    case N_ASSIGNMENT:
        on_assignment(c, n);
        break;
    case N_TYPE_ALIAS:
        on_type_alias(c, n);
        break;
    case N_IMPORT:
    case N_IMPORT_FROM:
    case N_FUTURE_IMPORT:
        on_import(c, n, kind);
        break;
    case N_CALL:
        on_call(c, n);
        break;
    case N_IDENTIFIER:
    case N_ATTRIBUTE:
        on_value(c, n, kind);
        break;
    case N_RETURN:
        if (!ts_node_is_null(py_first_stmt(c, n))) flag_function(c, CODIRA_SYM_RETURNS_VALUE);
        break;
    case N_YIELD:
        flag_function(c, CODIRA_SYM_YIELDS);
        break;
    case N_RAISE:
        flag_function(c, CODIRA_SYM_RAISES);
        break;
    case N_ASSERT:
        flag_function(c, CODIRA_SYM_ASSERTS);
        break;
    default:
        break;
    }
}

static void leave(py_ctx *c)
{
    py_frame *fr = &c->frames.items[c->frames.len - 1];
    if (c->scopes.len > 1 && ts_node_eq(scope_top(c)->node, fr->node)) c->scopes.len--;
    c->frames.len--;
}

static void walk(py_ctx *c, TSNode root)
{
    TSTreeCursor k = ts_tree_cursor_new(root);
    for (;;) {
        enter(c, ts_tree_cursor_current_node(&k), ts_tree_cursor_current_field_id(&k));
        if (ts_tree_cursor_goto_first_child(&k)) continue;
        for (;;) {
            leave(c);
            if (ts_tree_cursor_goto_next_sibling(&k)) break;
            if (!ts_tree_cursor_goto_parent(&k)) goto done;
        }
    }
done:
    ts_tree_cursor_delete(&k);
}

/* ====================================================================== */
/* Emission                                                                */
/* ====================================================================== */

static void resolve_overloads(py_ctx *c)
{
    hmap pending = {0};
    for (size_t i = 1; i < c->recs.len; i++) {
        py_rec *r = &c->recs.items[i];
        if (r->kind != R_FUNCTION && r->kind != R_METHOD) continue;
        sb_clear(&c->key);
        sb_add(&c->key, (const char *)&r->parent, sizeof(r->parent));
        sb_add(&c->key, r->name.ptr, r->name.len);
        bool fresh;
        hm_ent *e = hm_put(&pending, &c->mem, c->key.buf, c->key.len, &fresh);
        if (fresh) e->a = e->b = -1; /* head, tail of the pending chain */
        if (r->overload_deco) {
            if (e->b >= 0) c->recs.items[e->b].ovl_next = (int32_t)i;
            else e->a = (int64_t)i;
            e->b = (int64_t)i;
            continue;
        }
        uint32_t ord = 0;
        for (int64_t j = e->a; j >= 0; j = c->recs.items[j].ovl_next) {
            py_rec *o = &c->recs.items[j];
            o->kind = R_OVERLOAD;
            o->lparent = (int32_t)i;
            o->ordinal = ++ord;
        }
        e->a = e->b = -1;
    }
    hm_free(&pending);
}

static void assign_stable_ids(py_ctx *c)
{
    hmap ids = {0};
    strbuf *sb = &c->sb;
    for (size_t i = 0; i < c->recs.len; i++) {
        py_rec *r = &c->recs.items[i];
        sb_clear(sb);
        if (r->kind == R_MODULE) {
            sb_addf(sb, "python:module:%.*s", (int)c->ns.len, c->ns.ptr);
        } else {
            sb_addf(sb, "python:%s:%.*s:%.*s%s", py_kind_names[r->kind], (int)c->ns.len, c->ns.ptr,
                    (int)r->qualname.len, r->qualname.ptr, r->id_suffix);
            if (r->kind == R_OVERLOAD) sb_addf(sb, ":%u", r->ordinal);
        }
        r->stable_id = py_dup_sb(c, sb);
        bool fresh;
        hm_ent *e = hm_put(&ids, &c->mem, sb->buf, sb->len, &fresh);
        if (fresh) e->a = e->b = 0;
        e->a++;
    }
    for (size_t i = 0; i < c->recs.len; i++) {
        py_rec *r = &c->recs.items[i];
        hm_ent *e = hm_get(&ids, r->stable_id.ptr, r->stable_id.len);
        if (!e || e->a < 2) continue;
        sb_clear(sb);
        sb_addf(sb, "%.*s:%lld", (int)r->stable_id.len, r->stable_id.ptr, (long long)++e->b);
        r->stable_id = py_dup_sb(c, sb);
    }
    hm_free(&ids);
}

static void emit_symbols(py_ctx *c)
{
    /* children lists in source order (overloads precede their implementation) */
    for (size_t i = 1; i < c->recs.len; i++) {
        py_rec *p = &c->recs.items[c->recs.items[i].lparent];
        if (p->last_child >= 0) c->recs.items[p->last_child].next_sibling = (int32_t)i;
        else p->first_child = (int32_t)i;
        p->last_child = (int32_t)i;
    }
    VEC(int32_t) stack = {0};
    VEC_PUSH(stack, 0);
    while (stack.len) {
        int32_t i = stack.items[--stack.len];
        py_rec *r = &c->recs.items[i];
        codira_symbol s;
        memset(&s, 0, sizeof(s));
        s.struct_size = sizeof(s);
        s.kind = cstr(py_kind_names[r->kind]);
        s.name = r->name;
        s.qualname = r->qualname;
        s.stable_id = r->stable_id;
        s.parent = i == 0 ? CODIRA_NO_HANDLE : c->recs.items[r->lparent].handle;
        s.line = r->line;
        s.end_line = r->end_line;
        s.col = r->col;
        s.flags = r->flags;
        s.ordinal = r->ordinal;
        s.signature = r->signature;
        s.docstring = r->docstring;
        s.decorators = r->decorators;
        s.parameters = r->parameters;
        r->handle = c->host->emit_symbol(c->out, &s);
        /* push children in reverse so that they come out in order */
        size_t mark = stack.len;
        for (int32_t k = r->first_child; k >= 0; k = c->recs.items[k].next_sibling)
            VEC_PUSH(stack, k);
        for (size_t a = mark, b = stack.len; b > a + 1; a++, b--) {
            int32_t t = stack.items[a];
            stack.items[a] = stack.items[b - 1];
            stack.items[b - 1] = t;
        }
    }
    VEC_FREE(stack);
}

static codira_handle owner_handle(const py_ctx *c, int32_t rec)
{
    codira_handle h = c->recs.items[rec >= 0 ? rec : 0].handle;
    return h == CODIRA_NO_HANDLE ? c->recs.items[0].handle : h;
}

/* ext_kind / ext_name of a call or reference target. */
static void edge_label(py_ctx *c, const py_edge *e, const char **kind, strbuf *name)
{
    *kind = "";
    sb_clear(name);
    if (e->target_kind == CODIRA_TARGET_NAME) {
        if (py_is_builtin(e->target) && !hm_get(&c->shadows, e->target.ptr, e->target.len)) {
            *kind = "Python:<builtin>";
            sb_add(name, e->target.ptr, e->target.len);
            return;
        }
        const hm_ent *imp = hm_get(&c->imports, e->target.ptr, e->target.len);
        if (imp) {
            *kind = imp->a ? "Python:<stdlib>" : "Python:<external>";
            sb_add(name, imp->s.ptr, imp->s.len);
            return;
        }
    } else if (e->target_kind == CODIRA_TARGET_ATTRIBUTE && e->base.len) {
        const char *dot = memchr(e->base.ptr, '.', e->base.len);
        size_t flen = dot ? (size_t)(dot - e->base.ptr) : e->base.len;
        const hm_ent *imp = hm_get(&c->imports, e->base.ptr, flen);
        if (imp && imp->a) {
            *kind = "Python:<stdlib>";
            sb_add(name, imp->s.ptr, imp->s.len);
            sb_add(name, e->base.ptr + flen, e->base.len - flen);
        } else {
            *kind = "Python:<object-method>";
            sb_add(name, e->base.ptr, e->base.len);
        }
        sb_addc(name, '.');
        sb_add(name, e->target.ptr, e->target.len);
        return;
    }
    if (e->target.len) {
        *kind = "Python:<external>";
        sb_add(name, e->target.ptr, e->target.len);
    }
}

static void emit_rest(py_ctx *c, const char *doc_text, size_t doc_len, TSNode doc_lit)
{
    py_rec *m = &c->recs.items[0];
    if (doc_len) {
        sb_clear(&c->sb);
        sb_addf(&c->sb, "doc:module:%.*s:module_docstring", (int)m->stable_id.len,
                m->stable_id.ptr);
        codira_doc d;
        memset(&d, 0, sizeof(d));
        d.struct_size = sizeof(d);
        d.stable_id = sbstr(&c->sb);
        d.kind = cstr("module");
        d.source_format = cstr("module_docstring");
        d.line = py_line(doc_lit);
        d.end_line = ts_end_line(doc_lit);
        d.title = m->name;
        d.text = (codira_str){doc_text, doc_len};
        d.owner = m->handle;
        c->host->emit_doc(c->out, &d);
    }
    for (size_t i = 0; i < c->imps.len; i++) {
        const py_imp *im = &c->imps.items[i];
        codira_import x;
        memset(&x, 0, sizeof(x));
        x.struct_size = sizeof(x);
        x.owner = owner_handle(c, im->owner);
        x.name = im->name;
        x.alias = im->alias;
        /* `import a.b` binds a, `from a import b` binds b: same name, other kinds */
        x.kind = cstr(im->from ? "import_from" : "import");
        x.line = im->line;
        c->host->emit_import(c->out, &x);
    }
    for (size_t i = 0; i < c->edges.len; i++) {
        const py_edge *e = &c->edges.items[i];
        if (e->relation == CODIRA_REL_REF) {
            const char *first_end = e->target_kind == CODIRA_TARGET_NAME
                                        ? NULL
                                        : memchr(e->base.ptr, '.', e->base.len);
            codira_str first = e->target_kind == CODIRA_TARGET_NAME
                                   ? e->target
                                   : (codira_str){e->base.ptr,
                                                  first_end ? (size_t)(first_end - e->base.ptr)
                                                            : e->base.len};
            /* bases are kept whatever they name: inheritance needs them */
            if (strcmp(e->ref_kind, "base_class") != 0 &&
                !ref_worthy(c, first, e->target_kind == CODIRA_TARGET_NAME))
                continue;
        }
        const char *ek;
        edge_label(c, e, &ek, &c->sb);
        codira_edge x;
        memset(&x, 0, sizeof(x));
        x.struct_size = sizeof(x);
        x.relation = e->relation;
        x.owner = owner_handle(c, e->owner);
        x.target_kind = e->target_kind;
        x.base = e->base;
        x.target = e->target;
        x.line = e->line;
        x.col = e->col;
        x.ref_kind = cstr(e->ref_kind);
        x.ext_kind = cstr(ek);
        x.ext_name = sbstr(&c->sb);
        c->host->emit_edge(c->out, &x);
    }
}

/* ====================================================================== */
/* Module name                                                             */
/* ====================================================================== */

static void module_names(py_ctx *c, const codira_source *src)
{
    const char *path = src->path ? src->path : "";
    size_t plen = strlen(path);
    bool has_py = plen >= 3 && memcmp(path + plen - 3, ".py", 3) == 0;
    size_t stem_len = has_py ? plen - 3 : plen;
    VEC(codira_str) parts = {0};
    for (size_t i = 0; i < stem_len;) {
        size_t j = i;
        while (j < stem_len && path[j] != '/') j++;
        codira_str part = {path + i, j - i};
        if (part.len && !str_eq(part, ".")) VEC_PUSH(parts, part);
        i = j + 1;
    }
    size_t from = 0;
    for (size_t i = 0; i + 1 < parts.len; i++)
        if (str_eq(parts.items[i], "src")) {
            from = i + 1;
            break;
        }
    size_t to = parts.len;
    c->is_package = to > 0 && str_eq(parts.items[to - 1], "__init__");
    if (c->is_package && to - from > 1) to--;
    sb_clear(&c->sb);
    for (size_t i = from; i < to; i++) {
        if (i > from) sb_addc(&c->sb, '.');
        sb_add(&c->sb, parts.items[i].ptr, parts.items[i].len);
    }
    if (!c->sb.len) sb_adds(&c->sb, "__init__");
    c->modname = py_dup_sb(c, &c->sb);
    c->ns = c->modname;
    /* pkg/mod.py next to pkg/mod/__init__.py */
    if (has_py && !c->is_package && src->root && stem_len) {
        char *p = xasprintf("%s/%.*s/__init__.py", src->root, (int)stem_len, path);
        struct stat stt;
        if (stat(p, &stt) == 0 && S_ISREG(stt.st_mode)) {
            sb_clear(&c->sb);
            sb_addf(&c->sb, "%.*s:path:%s", (int)c->modname.len, c->modname.ptr, path);
            c->ns = py_dup_sb(c, &c->sb);
        }
        free(p);
    }
    VEC_FREE(parts);
}

/* ====================================================================== */
/* Encoding                                                                */
/* ====================================================================== */

/* PEP 263: `[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)` on one line. */
static bool find_cookie(const char *l, size_t n, char *enc, size_t encsz)
{
    size_t i = 0;
    while (i < n && (l[i] == ' ' || l[i] == '\t' || l[i] == '\f')) i++;
    if (i >= n || l[i] != '#') return false;
    for (; i + 7 <= n; i++) {
        if (memcmp(l + i, "coding", 6) != 0 || (l[i + 6] != ':' && l[i + 6] != '=')) continue;
        size_t j = i + 7;
        while (j < n && (l[j] == ' ' || l[j] == '\t')) j++;
        size_t k = 0;
        while (j < n && k + 1 < encsz) {
            char ch = l[j];
            if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                  ch == '-' || ch == '_' || ch == '.'))
                break;
            enc[k++] = ch;
            j++;
        }
        enc[k] = '\0';
        if (k) return true;
    }
    return false;
}

static bool line_is_blank_or_comment(const char *l, size_t n)
{
    size_t i = 0;
    while (i < n && (l[i] == ' ' || l[i] == '\t' || l[i] == '\f')) i++;
    return i >= n || l[i] == '#' || l[i] == '\r' || l[i] == '\n';
}

/* Offset of the first invalid UTF-8 sequence, or n. */
static size_t utf8_first_bad(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        size_t j = i;
        uint32_t cp = next_cp(s, n, &j);
        size_t len = j - i;
        if (cp == 0xFFFD && !(len == 3 && (unsigned char)s[i] == 0xEF)) return i;
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i = j;
    }
    return n;
}

static iconv_t open_decoder(const char *norm)
{
    static const struct {
        const char *py, *iconv;
    } aliases[] = {
        {"latin", "ISO-8859-1"},      {"latin-1", "ISO-8859-1"},  {"iso-latin-1", "ISO-8859-1"},
        {"l1", "ISO-8859-1"},         {"8859", "ISO-8859-1"},     {"cp819", "ISO-8859-1"},
        {"mac-roman", "MACINTOSH"},   {"macroman", "MACINTOSH"},  {"mac-cyrillic", "MAC-CYRILLIC"},
        {"mac-greek", "MAC-GREEK"},   {"mac-latin2", "MAC-CENTRALEUROPE"},
        {"u-jis", "EUC-JP"},          {"s-jis", "SHIFT_JIS"},     {"shiftjis", "SHIFT_JIS"},
        {"windows-1250", "CP1250"},   {"windows-1251", "CP1251"}, {"windows-1252", "CP1252"},
    };
    for (size_t i = 0; i < PY_COUNT(aliases); i++)
        if (strcmp(norm, aliases[i].py) == 0) return iconv_open("UTF-8", aliases[i].iconv);
    iconv_t cd = iconv_open("UTF-8", norm);
    if (cd != (iconv_t)-1) return cd;
    char alt[80];
    size_t k = 0;
    for (size_t i = 0; norm[i] && k + 1 < sizeof(alt); i++)
        if (norm[i] != '-') alt[k++] = norm[i];
    alt[k] = '\0';
    cd = iconv_open("UTF-8", alt);
    if (cd != (iconv_t)-1) return cd;
    if (strncmp(norm, "iso8859-", 8) == 0) { /* iso8859-15 -> iso-8859-15 */
        snprintf(alt, sizeof(alt), "iso-%s", norm + 3);
        cd = iconv_open("UTF-8", alt);
    }
    return cd;
}

/* Convert to UTF-8 (malformed input becomes U+FFFD). */
static char *convert(iconv_t cd, const char *in, size_t n, size_t *out_len, size_t *bad_at)
{
    size_t cap = n * 2 + 16, used = 0;
    char *out = xmalloc(cap + 1);
    char *ip = (char *)in;
    size_t ileft = n;
    *bad_at = SIZE_MAX;
    while (ileft) {
        char *op = out + used;
        size_t oleft = cap - used;
        size_t r = iconv(cd, &ip, &ileft, &op, &oleft);
        used = (size_t)(op - out);
        if (r != (size_t)-1) continue;
        if (errno == E2BIG || cap - used < 4) {
            cap *= 2;
            out = xrealloc(out, cap + 1);
            if (errno == E2BIG) continue;
        }
        /* EILSEQ / EINVAL: one byte becomes U+FFFD */
        if (*bad_at == SIZE_MAX) *bad_at = (size_t)(ip - in);
        memcpy(out + used, "\xEF\xBF\xBD", 3);
        used += 3;
        ip++;
        ileft--;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    for (;;) { /* flush the shift state */
        char *op = out + used;
        size_t oleft = cap - used;
        size_t r = iconv(cd, NULL, NULL, &op, &oleft);
        used = (size_t)(op - out);
        if (r == (size_t)-1 && errno == E2BIG) {
            cap *= 2;
            out = xrealloc(out, cap + 1);
            continue;
        }
        break;
    }
    out[used] = '\0';
    *out_len = used;
    return out;
}

static uint32_t line_of(const char *s, size_t off)
{
    uint32_t line = 1;
    for (size_t i = 0; i < off; i++) line += s[i] == '\n';
    return line;
}

static uint32_t col_of(const char *s, size_t off)
{
    size_t i = off;
    while (i > 0 && s[i - 1] != '\n') i--;
    return (uint32_t)(off - i);
}

/* Sets c->src/len (converting when needed); returns the buffer to free. */
static char *decode_source(py_ctx *c, const codira_source *src)
{
    const char *data = src->data ? src->data : "";
    size_t n = src->data ? src->size : 0;
    c->src = data;
    c->len = n;
    if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        c->src = data + 3;
        c->len = n - 3;
        c->col_shift = 3;
    } else {
        char enc[64] = "";
        uint32_t cookie_line = 0;
        const char *nl = memchr(data, '\n', n);
        size_t l1 = nl ? (size_t)(nl - data) : n;
        if (find_cookie(data, l1, enc, sizeof(enc))) {
            cookie_line = 1;
        } else if (nl && line_is_blank_or_comment(data, l1)) {
            const char *l2 = nl + 1;
            const char *nl2 = memchr(l2, '\n', n - l1 - 1);
            size_t len2 = nl2 ? (size_t)(nl2 - l2) : n - l1 - 1;
            if (find_cookie(l2, len2, enc, sizeof(enc))) cookie_line = 2;
        }
        if (cookie_line) {
            char norm[64];
            size_t k = 0;
            for (; enc[k] && k + 1 < sizeof(norm); k++) {
                char ch = enc[k];
                if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
                if (ch == '_') ch = '-';
                norm[k] = ch;
            }
            norm[k] = '\0';
            bool utf8 = strcmp(norm, "utf-8") == 0 || strncmp(norm, "utf-8-", 6) == 0 ||
                        strcmp(norm, "utf8") == 0 || strcmp(norm, "u8") == 0 ||
                        strcmp(norm, "utf") == 0 || strcmp(norm, "cp65001") == 0 ||
                        strcmp(norm, "ascii") == 0 || strcmp(norm, "us-ascii") == 0 ||
                        strcmp(norm, "646") == 0;
            if (!utf8) {
                iconv_t cd = open_decoder(norm);
                if (cd == (iconv_t)-1) {
                    sb_clear(&c->sb);
                    sb_addf(&c->sb, "unknown encoding \"%s\"", enc);
                    py_diag(c, CODIRA_DIAG_ERROR, "encoding", sb_str(&c->sb), cookie_line, 0);
                    return NULL;
                }
                size_t out_len, bad;
                char *buf = convert(cd, data, n, &out_len, &bad);
                iconv_close(cd);
                if (bad != SIZE_MAX) {
                    sb_clear(&c->sb);
                    sb_addf(&c->sb, "bytes not valid in %s replaced", enc);
                    py_diag(c, CODIRA_DIAG_WARNING, "encoding", sb_str(&c->sb),
                            line_of(data, bad), col_of(data, bad));
                }
                c->src = buf;
                c->len = out_len;
                return buf;
            }
        }
    }
    c->check_utf8 = true;
    return NULL;
}

/* Bytes that are not UTF-8 in a file without a coding cookie are read as
 * Latin-1 (the host's rule for every string), before parsing: a legacy
 * `café` identifier stays one name instead of a syntax error. Returns the
 * buffer to free (a new one replacing `owned`), and warns once. */
static char *check_utf8(py_ctx *c, char *owned)
{
    size_t bad = utf8_first_bad(c->src, c->len);
    if (bad >= c->len) return owned;
    uint32_t line = line_of(c->src, bad);
    sb_clear(&c->sb);
    sb_addf(&c->sb, "invalid UTF-8 (first at line %u); read as Latin-1", line);
    py_diag(c, CODIRA_DIAG_WARNING, "encoding", sb_str(&c->sb), line,
            col_of(c->src, bad) + (line == 1 ? c->col_shift : 0));
    strbuf fixed;
    sb_init(&fixed);
    utf8_append_repaired(&fixed, c->src, c->len);
    free(owned);
    c->len = fixed.len;
    c->src = fixed.buf;
    return sb_steal(&fixed);
}

/* Python reads a lone CR as a line break, tree-sitter counts rows by LF
 * only: turn lone CRs into LFs (same length, so byte offsets are kept).
 * Returns the buffer to free (a new one, or `owned` itself). */
static char *normalize_newlines(py_ctx *c, char *owned)
{
    const char *p = memchr(c->src, '\r', c->len);
    bool lone = false;
    for (; p; p = memchr(p + 1, '\r', c->len - (size_t)(p + 1 - c->src)))
        if ((size_t)(p + 1 - c->src) >= c->len || p[1] != '\n') {
            lone = true;
            break;
        }
    if (!lone) return owned;
    char *buf = owned;
    if (!buf) {
        buf = xmalloc(c->len + 1);
        memcpy(buf, c->src, c->len);
        buf[c->len] = '\0';
    }
    for (size_t i = 0; i < c->len; i++)
        if (buf[i] == '\r' && (i + 1 >= c->len || buf[i + 1] != '\n')) buf[i] = '\n';
    c->src = buf;
    return buf;
}

/* ====================================================================== */
/* Analyzer entry points                                                   */
/* ====================================================================== */

static void *py_thread_init(const codira_analyzer *self)
{
    (void)self;
    const TSLanguage *lang = tree_sitter_python();
    py_state *st = xcalloc(1, sizeof(*st));
    st->parser = ts_parser_new();
    if (!ts_parser_set_language(st->parser, lang)) {
        ts_parser_delete(st->parser);
        free(st);
        return NULL;
    }
    st->nsyms = ts_language_symbol_count(lang);
    st->kind_of = xcalloc(st->nsyms ? st->nsyms : 1, 1);
    for (uint32_t s = 0; s < st->nsyms; s++) {
        const char *name = ts_language_symbol_name(lang, (TSSymbol)s);
        TSSymbolType type = ts_language_symbol_type(lang, (TSSymbol)s);
        if (!name || type == TSSymbolTypeAuxiliary) continue;
        for (size_t i = 0; i < PY_COUNT(py_node_names); i++) {
            if (py_node_names[i].named != (type == TSSymbolTypeRegular)) continue;
            if (strcmp(name, py_node_names[i].name) == 0) {
                st->kind_of[s] = py_node_names[i].kind;
                break;
            }
        }
    }
    for (int f = 0; f < F_COUNT; f++)
        st->fid[f] = ts_language_field_id_for_name(lang, py_field_names[f],
                                                   (uint32_t)strlen(py_field_names[f]));
    return st;
}

static void py_thread_fini(const codira_analyzer *self, void *state)
{
    (void)self;
    py_state *st = state;
    if (!st) return;
    ts_parser_delete(st->parser);
    free(st->kind_of);
    free(st);
}

static int py_analyze(const codira_analyzer *self, void *state, const codira_source *src,
                      const codira_host *host, codira_emitter *out, codira_error *err)
{
    py_state *st = state, *own = NULL;
    if (!st) {
        st = own = py_thread_init(self);
        if (!st) return set_error(err, CODIRA_E_ANALYSIS, "cannot load the Python grammar");
    }
    if (src->size >= UINT32_MAX) {
        if (own) py_thread_fini(self, own);
        return set_error(err, CODIRA_E_ANALYSIS, "%s: file too large", src->path);
    }
    py_ctx c;
    memset(&c, 0, sizeof(c));
    c.st = st;
    c.host = host;
    c.out = out;
    arena_init(&c.mem);
    sb_init(&c.sb);
    sb_init(&c.sb2);
    sb_init(&c.key);
    char *converted = decode_source(&c, src);
    converted = normalize_newlines(&c, converted);
    if (c.check_utf8) converted = check_utf8(&c, converted);

    int rc = CODIRA_OK;
    TSTree *tree = ts_parser_parse_string(st->parser, NULL, c.src, (uint32_t)c.len);
    if (!tree) {
        rc = set_error(err, CODIRA_E_ANALYSIS, "%s: the parser failed", src->path);
        ts_parser_reset(st->parser);
        goto out;
    }
    TSNode root = ts_tree_root_node(tree);

    module_names(&c, src);
    /* the module record */
    py_rec m;
    memset(&m, 0, sizeof(m));
    m.kind = R_MODULE;
    m.parent = m.lparent = 0;
    m.first_child = m.last_child = m.next_sibling = m.ovl_next = -1;
    m.name = c.modname;
    m.qualname = c.modname;
    m.id_suffix = "";
    m.line = 1;
    m.end_line = 1;
    for (size_t i = 0; i < c.len; i++) m.end_line += c.src[i] == '\n';
    if (c.len && c.src[c.len - 1] == '\n' && m.end_line > 1) m.end_line--;
    m.handle = CODIRA_NO_HANDLE;
    strbuf doc;
    sb_init(&doc);
    TSNode doc_lit = {0};
    if (docstring_of(&c, root, &doc, &doc_lit)) {
        m.docstring = py_dup_sb(&c, &doc);
        m.flags |= CODIRA_SYM_HAS_DOCSTRING;
    }
    VEC_PUSH(c.recs, m);
    py_scope top = {root, SC_MODULE, false, 0, 0, 0};
    VEC_PUSH(c.scopes, top);

    walk(&c, root);

    resolve_overloads(&c);
    assign_stable_ids(&c);
    emit_symbols(&c);
    emit_rest(&c, sb_str(&doc), doc.len, doc_lit);
    sb_free(&doc);
    ts_tree_delete(tree);

out:
    for (size_t i = 0; i < c.cursors.len; i++) {
        ts_tree_cursor_delete(c.cursors.items[i]);
        free(c.cursors.items[i]);
    }
    VEC_FREE(c.cursors);
    VEC_FREE(c.recs);
    VEC_FREE(c.edges);
    VEC_FREE(c.imps);
    VEC_FREE(c.frames);
    VEC_FREE(c.scopes);
    hm_free(&c.imports);
    hm_free(&c.callables);
    hm_free(&c.shadows);
    hm_free(&c.assigned);
    sb_free(&c.sb);
    sb_free(&c.sb2);
    sb_free(&c.key);
    arena_free(&c.mem);
    free(converted);
    if (own) py_thread_fini(self, own);
    return rc;
}

/* ====================================================================== */
/* Definition                                                              */
/* ====================================================================== */

static const char *const py_patterns[] = {"*.py", NULL};
static const char *const py_kinds[] = {"module",   "class",    "function",   "method",
                                       "constant", "variable", "type_alias", "overload",
                                       NULL};
static const char *const py_roots[] = {"src", "tests", "scripts", NULL};

static const char *const py_edge_kinds[] = {
    "call",          "ref:assignment_value", "ref:return_value", "ref:mapping_value",
    "ref:sequence_item", "ref:argument",     "ref:decorator",    "ref:base_class",
    NULL,
};

static const char *const py_doc_formats[] = {"module_docstring", NULL};

const codira_analyzer codira_analyzer_python = {
    .struct_size = sizeof(codira_analyzer),
    .iVersion = 1,
    .name = "python",
    .version = "2",
    .resolver = "python",
    .edge_kinds = py_edge_kinds,
    .doc_formats = py_doc_formats,
    .provider = "codira",
    .language = "Python",
    .patterns = py_patterns,
    .kinds = py_kinds,
    .coverage_roots = py_roots,
    .priority = 0,
    .flags = CODIRA_ANALYZER_THREAD_SAFE,
    .thread_init = py_thread_init,
    .thread_fini = py_thread_fini,
    .analyze = py_analyze,
};
