/*
 * analyzer.h - the language analyzer contract and the records it emits.
 *
 * An analyzer turns the bytes of one file into records: symbols, call and
 * reference sites, imports, documentation sections and diagnostics. It
 * never stores anything and never looks at other files; resolution across
 * files happens later, on the host side.
 *
 * Records are passed to the host through the emit_* functions of
 * codira_host (plugin.h). The host copies everything it is given, so an
 * analyzer may pass views into the source buffer or into stack memory.
 */
#ifndef CODIRA_ANALYZER_H
#define CODIRA_ANALYZER_H

#include "codira.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct codira_host codira_host;       /* plugin.h */
typedef struct codira_emitter codira_emitter; /* opaque, host-owned, one per file */

/* Index of an emitted symbol within its file, as returned by emit_symbol. */
typedef int64_t codira_handle;
#define CODIRA_NO_HANDLE ((codira_handle)-1)

/* The file under analysis. Host-owned, valid for the duration of analyze(). */
typedef struct codira_source {
    uint32_t struct_size;
    const char *path;      /* repository-relative, '/'-separated */
    const char *root;      /* absolute repository root */
    const char *data;      /* file contents; data[size] == '\0' */
    size_t size;
} codira_source;

/* Symbol flags. */
enum {
    CODIRA_SYM_PUBLIC = 1u << 0,        /* visible outside its module/file */
    CODIRA_SYM_ASYNC = 1u << 1,         /* async def */
    CODIRA_SYM_STATIC = 1u << 2,        /* C `static`, Python @staticmethod */
    CODIRA_SYM_HAS_DOCSTRING = 1u << 3, /* a docstring exists (it may be empty) */
    CODIRA_SYM_RETURNS_VALUE = 1u << 4, /* some `return <expr>` in its own body */
    CODIRA_SYM_YIELDS = 1u << 5,
    CODIRA_SYM_RAISES = 1u << 6,
    CODIRA_SYM_ASSERTS = 1u << 7,
    CODIRA_SYM_ABSTRACT = 1u << 8,
    CODIRA_SYM_CLASSMETHOD = 1u << 9,
    CODIRA_SYM_PROPERTY = 1u << 10,     /* @property and its setter/deleter */
    CODIRA_SYM_EXTERN = 1u << 11        /* C `extern` declaration */
};

/* A named program entity.
 *
 * Every file that has code emits exactly one symbol of kind "module" first
 * (its `name` is the module name); other symbols name their enclosing
 * symbol in `parent` (the module for top-level ones). Documentation-only
 * files emit no symbols at all. */
typedef struct codira_symbol {
    uint32_t struct_size;
    codira_str kind;        /* "module", "class", "function", "method", "constant", ... */
    codira_str name;        /* bare name: "helper" */
    codira_str qualname;    /* logical name inside the module: "Demo.helper";
                               it ends with `name`; empty means the same as `name` */
    codira_str stable_id;   /* identity defined by the analyzer, unique in the file,
                               independent of line numbers */
    codira_handle parent;   /* enclosing symbol, CODIRA_NO_HANDLE for the module */
    uint32_t line;          /* 1-based first line (the `def` line, not decorators) */
    uint32_t end_line;      /* 1-based last line */
    uint32_t col;           /* 0-based byte column of the name */
    uint32_t flags;         /* CODIRA_SYM_* */
    uint32_t ordinal;       /* 1-based position for enum members and overloads, else 0 */
    codira_str signature;   /* declaration header with whitespace collapsed */
    codira_str docstring;   /* cleaned documentation text attached to the symbol */
    codira_str decorators;  /* '\n'-separated, without '@' */
    codira_str parameters;  /* '\n'-separated logical parameter names */
} codira_symbol;

/* How the target of a call or reference is written at the site. */
typedef enum codira_target_kind {
    CODIRA_TARGET_NAME = 0,       /* helper(...)          target="helper" */
    CODIRA_TARGET_ATTRIBUTE = 1,  /* obj.helper(...)      base="obj", target="helper" */
    CODIRA_TARGET_UNRESOLVED = 2  /* (*fp)(...), f()()    target="" */
} codira_target_kind;

typedef enum codira_relation {
    CODIRA_REL_CALL = 0,  /* the target is called */
    CODIRA_REL_REF = 1    /* the target is used as a value (callback, registry...) */
} codira_relation;

/* One call site or callable reference, owned by the symbol whose own code
 * contains it (the module for top-level code). */
typedef struct codira_edge {
    uint32_t struct_size;
    uint32_t relation;      /* codira_relation */
    codira_handle owner;
    uint32_t target_kind;   /* codira_target_kind */
    codira_str base;        /* static receiver path for attributes ("self", "os.path"),
                               empty when dynamic; C++: the declared type of a local
                               or parameter receiver when known ("Circle" for
                               `Circle c; c.area()`) */
    codira_str target;
    uint32_t line;          /* 1-based */
    uint32_t col;           /* 0-based byte column of the target name */
    codira_str ref_kind;    /* references only: "assignment_value", "return_value",
                               "mapping_value", "sequence_item", "argument", "decorator",
                               "initializer", "base_class" (a class's base, owned by the
                               class: the resolver follows it for inherited methods) */
    codira_str ext_kind;    /* the analyzer's label for a target it believes lies outside
                               the repository: "Python:<builtin>", "C:<system-header>",
                               "C:<macro>", ... (empty when unknown) */
    codira_str ext_name;    /* the name under that label: "print", "os.path.join" */
} codira_edge;

/* An import, #include or `source`. */
typedef struct codira_import {
    uint32_t struct_size;
    codira_handle owner;    /* symbol containing the statement (module at top level) */
    codira_str name;        /* absolute dotted name ("pkg.mod.func") or include path */
    codira_str alias;       /* local alias, empty when none */
    codira_str kind;        /* "import" (import a.b: binds a), "import_from" (from a import b:
                               binds b), "include_local", "include_system", "source" */
    uint32_t line;
} codira_import;

/* A documentation artifact: a Markdown section, a module docstring, a
 * Doxygen comment. Ranked by the documentation channels. */
typedef struct codira_doc {
    uint32_t struct_size;
    codira_str stable_id;
    codira_str kind;          /* "module", "file" (a whole document, or the text before
                                 its first heading), "section", "declaration" */
    codira_str source_format; /* "module_docstring", "doxygen", "markdown_section"
                                 (a Markdown section), "plain_text_document" (a
                                 section or chunk of plain text or reStructuredText) */
    uint32_t line, end_line;
    codira_str title;
    codira_str heading_path;  /* '\n'-separated headings, outermost first */
    codira_str text;
    codira_handle owner;      /* documented symbol, or CODIRA_NO_HANDLE */
} codira_doc;

typedef enum codira_severity {
    CODIRA_DIAG_INFO = 0,
    CODIRA_DIAG_WARNING = 1,
    CODIRA_DIAG_ERROR = 2     /* the file was only partly understood */
} codira_severity;

typedef struct codira_diagnostic {
    uint32_t struct_size;
    uint32_t severity;        /* codira_severity */
    codira_str category;      /* "syntax_error", "encoding", "target_version", ... */
    codira_str message;
    uint32_t line;            /* 1-based, 0 when not tied to a line */
    uint32_t col;             /* 0-based byte column */
} codira_diagnostic;

/* Analyzer flags. */
enum {
    /* analyze() may run on several threads at once, each with its own
     * thread state. Without it the host serialises calls. */
    CODIRA_ANALYZER_THREAD_SAFE = 1u << 0
};

/* The declarative definition of an analyzer. */
typedef struct codira_analyzer {
    uint32_t struct_size;
    uint32_t iVersion;              /* 1 */
    const char *name;               /* unique among analyzers: "python" */
    const char *version;            /* bump whenever the output for some input changes;
                                       indexed files are reused per (name, version) */
    const char *provider;           /* who ships it: "codira" for first-party */
    const char *language;           /* display name: "Python" */
    const char *const *patterns;    /* NULL-terminated file-name globs: "*.py" */
    const char *const *kinds;       /* NULL-terminated symbol kinds it may emit */
    const char *const *coverage_roots; /* NULL-terminated folders it expects to cover */
    int priority;                   /* routing order when several claim a file: lower first */
    uint32_t flags;                 /* CODIRA_ANALYZER_* */
    void *userdata;

    /* Optional content check for a file whose name matched `patterns`.
     * `head` holds up to the first 8 KiB. Return nonzero to claim the file.
     * NULL means every matching file is claimed. */
    int (*claims)(const struct codira_analyzer *self, const char *path,
                  const char *head, size_t head_len);

    /* Optional per-thread state (a parser, scratch buffers). */
    void *(*thread_init)(const struct codira_analyzer *self);
    void (*thread_fini)(const struct codira_analyzer *self, void *state);

    /* Analyse one file, emitting records through host->emit_*.
     * Return CODIRA_OK (possibly after ERROR diagnostics: a partial
     * result), or CODIRA_E_ANALYSIS with `err` filled when nothing can be
     * recovered; records already emitted are then discarded. */
    int (*analyze)(const struct codira_analyzer *self, void *state,
                   const codira_source *src, const codira_host *host,
                   codira_emitter *out, codira_error *err);

    /* How the host resolves this language's call and reference sites to
     * symbols across files: "python" (scopes, imports, classes and their
     * bases), "c" (same file, then included headers, then a unique
     * definition), or NULL/"generic" (same file, then a unique definition
     * anywhere). */
    const char *resolver;

    /* NULL-terminated list of the edges it records: "call", and
     * "ref:<ref_kind>" for each kind of reference (reported by `caps`). */
    const char *const *edge_kinds;

    /* NULL-terminated list of the documentation formats it emits
     * (codira_doc.source_format: "markdown_section", ...), reported by
     * `caps`. Appended in ABI 1: the host reads it only when struct_size
     * covers it (CODIRA_ANALYZER_DOC_FORMATS). A documentation-only
     * analyzer declares no symbol or edge kinds but this. */
    const char *const *doc_formats;
} codira_analyzer;

/* The analyzer's doc_formats, or NULL when its definition predates them. */
#define CODIRA_ANALYZER_DOC_FORMATS(an)                                            \
    ((an)->struct_size >= offsetof(codira_analyzer, doc_formats) + sizeof(void *)  \
         ? (an)->doc_formats                                                       \
         : NULL)
/* The smallest analyzer definition of ABI 1 the host accepts. */
#define CODIRA_ANALYZER_MIN_SIZE (offsetof(codira_analyzer, edge_kinds) + sizeof(void *))

#ifdef __cplusplus
}
#endif

#endif
