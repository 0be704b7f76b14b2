/*
 * model.h - the resolver's in-memory view of the index: symbols, imports
 * and sites, loaded from the write session by file, by name, or all at
 * once, with the lookups the language rules need. Private to lib/resolve/.
 */
#ifndef CODIRA_RESOLVE_MODEL_H
#define CODIRA_RESOLVE_MODEL_H

#include "codira/backend.h"
#include "util.h"

typedef enum sym_kind {
    SK_MODULE,
    SK_CLASS,
    SK_FUNCTION,
    SK_METHOD,
    SK_PROTOTYPE,
    SK_MACRO,
    SK_STRUCT,                 /* C++ struct and union: classes too */
    SK_NAMESPACE,
    SK_OTHER
} sym_kind;

typedef enum scheme {
    SCHEME_GENERIC,
    SCHEME_PYTHON,
    SCHEME_C,
    SCHEME_BASH,
    SCHEME_CPP
} scheme;

typedef VEC(uint32_t) u32_list;

typedef struct gfile {
    const char *path;
    const char *analyzer;
    const char *module;
    scheme scheme;
    int32_t module_sym;        /* index of its module symbol, -1 unknown */
    uint8_t loaded;            /* LOAD_* parts of the file already in the model */
    u32_list imports;          /* indices into model.imports */
    u32_list sites;            /* indices into model.sites */
    u32_list includes;         /* C: resolved #include "..." targets (file indices) */
    bool includes_done;
} gfile;

typedef struct gsym {
    int64_t id;
    int64_t parent_id;         /* 0 when none */
    uint32_t file;
    uint8_t kind;              /* sym_kind */
    bool is_static;
    const char *name, *qualname, *module, *stable_id;
    int32_t next_same_name;    /* chain of symbols with the same name */
    int32_t next_same_slot;    /* chain of children of one parent with one name */
} gsym;

typedef struct gimport {
    uint32_t file;
    int64_t owner_id;
    const char *name, *alias, *kind;
} gimport;

typedef struct gsite {
    int64_t id;
    int64_t owner_id;
    uint32_t file;
    uint8_t relation, target_kind;
    const char *base, *target, *ref_kind, *ext_kind, *ext_name;
} gsite;

typedef struct model {
    const codira_backend *be;
    codira_session *session;
    arena mem;
    strmap interned;           /* string -> (unused): one copy of each string */
    VEC(gfile) files;
    strmap file_by_path;
    VEC(gsym) syms;
    i64map sym_by_id;
    strmap first_by_name;      /* name -> first symbol index in its chain */
    i64map first_by_slot;      /* (parent id, name) -> first child index */
    uint32_t last_file;        /* file_for's last answer */
    strmap names_loaded;       /* names already asked for */
    VEC(gimport) imports;
    VEC(gsite) sites;
    i64map site_by_id;
    bool all_symbols, all_imports, all_modules;
    bool structural_sites;     /* every class-base site and macro-owned site is loaded */
    struct c_cache *c;         /* the C rules' caches (c_rules.c) */
    struct py_cache *py;       /* the Python rules' caches (python_rules.c) */
    struct bash_cache *bash;   /* the Bash rules' caches (bash_rules.c) */
    struct cpp_cache *cpp;     /* the C++ rules' caches (cpp_rules.c) */
    strmap by_basename;        /* file name -> index into basename_lists */
    VEC(u32_list) basename_lists;
    bool basenames_done;
} model;

enum { LOAD_SYMBOLS = 1, LOAD_IMPORTS = 2, LOAD_SITES = 4, LOAD_FILE = 7 };

void model_init(model *m, const codira_backend *be, codira_session *s);
void model_free(model *m);

/* Loading. Each returns a codira status; rows already present are skipped. */
/* Every symbol and import, and the structural sites (class bases, sites
 * owned by macros); the other sites are streamed (model_stream_sites). */
int model_load_all(model *m, codira_error *err);
/* Call fn for every site of the index, in id order, without keeping it:
 * the site's strings are valid during the call only. */
typedef int (*model_site_fn)(void *ctx, const gsite *site);
int model_stream_sites(model *m, model_site_fn fn, void *ctx, codira_error *err);
/* `what` is a mask of LOAD_*. */
int model_load_files(model *m, const char *const *paths, size_t n, unsigned what,
                     codira_error *err);
int model_load_names(model *m, const char *const *names, size_t n, codira_error *err);
int model_load_all_imports(model *m, codira_error *err);
int model_load_modules(model *m, codira_error *err);
/* One site read earlier (its strings are copied), unless already there. */
void model_add_site(model *m, const codira_graph_site *g);
/* Sites only: of files, named, or resolved into files (scope fields). */
int model_load_sites(model *m, const codira_graph_scope *scope, codira_error *err);

/* Lookups. Chains end at -1. */
int32_t model_first_named(const model *m, const char *name);
int32_t model_first_child(model *m, int64_t parent_id, const char *name);
bool model_sym_index(const model *m, int64_t id, uint32_t *index);
int32_t model_file_index(const model *m, const char *path);
/* The one file whose path is `rel` or ends in "/rel" (-1 when none or
 * several): how an #include or a `source` finds a file it names from
 * somewhere else than its own folder. */
int32_t model_file_by_suffix(model *m, const char *rel);
const char *model_intern(model *m, const char *s);

/* The analyzer's resolution scheme, from its registered definition. */
scheme model_scheme_of(const char *analyzer);

#endif
