/*
 * rules.h - the per-language resolution rules, and what they share.
 * Private to lib/resolve/.
 */
#ifndef CODIRA_RESOLVE_RULES_H
#define CODIRA_RESOLVE_RULES_H

#include "model.h"

/* At most this many candidates are listed for an ambiguous target. */
#define MAX_CANDIDATES 16

typedef struct resolution {
    codira_link_status status;
    int32_t dst;                      /* RESOLVED: symbol index */
    uint32_t cand[MAX_CANDIDATES];    /* AMBIGUOUS: symbol indices */
    size_t n_cand;
    const char *label_kind;           /* a better label than the analyzer's, or NULL */
    const char *label_name;
} resolution;

/* Set `out` from a list of candidate symbol indices: none leaves it
 * unresolved, one resolves, several are ambiguous. */
void resolution_from(resolution *out, const uint32_t *cand, size_t n);

/* Is this symbol something a call or a reference can target? */
bool sym_callable(const gsym *s);

/* The display language of a file's analyzer ("Python", "C"), for labels. */
const char *file_language(const model *m, uint32_t file);

/* The data the rules will need for these sites, loaded in bulk first
 * (they also load lazily what they find missing). */
int python_prepare(model *m, const uint32_t *sites, size_t n, codira_error *err);
/* The files reachable from one file through #include or `source`, marked
 * with an epoch so that moving on to another file clears nothing.
 * Zero-initialised means empty. */
typedef struct file_closure {
    uint32_t *stamp;           /* per file index */
    size_t cap;
    uint32_t epoch;
    uint32_t of;               /* 1 + the file whose closure is marked, 0 none */
} file_closure;
typedef const u32_list *(*file_edges_fn)(model *m, uint32_t file);
/* Mark `file` and everything `edges` leads to from it, transitively. */
void closure_mark(file_closure *cl, model *m, uint32_t file, file_edges_fn edges);
bool closure_has(const file_closure *cl, uint32_t file);
void closure_free(file_closure *cl);

/* What rules that follow imports or #includes transitively need: every
 * import, the module names, and the symbols the sites name (C, C++, Bash). */
int prepare_imports_and_names(model *m, const uint32_t *sites, size_t n, codira_error *err);
int cpp_prepare(model *m, const uint32_t *sites, size_t n, codira_error *err);

/* C rules shared with C++: is `file` included by `from`, transitively? */
bool c_visible(model *m, uint32_t from, uint32_t file);

int resolve_python(model *m, const gsite *s, resolution *out, codira_error *err);
int resolve_c(model *m, const gsite *s, resolution *out, codira_error *err);
int resolve_bash(model *m, const gsite *s, resolution *out, codira_error *err);
int resolve_cpp(model *m, const gsite *s, resolution *out, codira_error *err);

/* The static path a Bash `source` argument names, or its static tail after
 * an expansion (*tail_only); NULL when nothing static is left. Caller frees. */
char *bash_source_path(const char *written, bool *tail_only);
int resolve_generic(model *m, const gsite *s, resolution *out, codira_error *err);

#endif
