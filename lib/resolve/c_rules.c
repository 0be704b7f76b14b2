/*
 * c_rules.c - resolving C call and reference sites:
 *   1. a macro visible from the site (same file or an included header) is a
 *      macro, not a function: unresolved, labelled C:<macro> - unless the
 *      macro wraps the function of its own name (its body calls it);
 *   2. a function defined in the same file (static ones included), or a
 *      static (inline) function of a header the file includes;
 *   3. otherwise the definitions elsewhere (static ones excluded): one is
 *      the target; several are narrowed to the one paired with a prototype
 *      the site sees through its includes (foo.h declares, foo.c defines);
 *      still several: ambiguous, listed;
 *   4. none: the analyzer's label stays (C:<external>, C:<system-header>);
 *      calls through a parameter or local variable are never resolved
 *      (C:<function-pointer>).
 * Includes are followed transitively; "x.h" is looked up next to the
 * including file, then from the repository root, then as the one file of
 * the repository ending in /x.h.
 */
#include <stdlib.h>
#include <string.h>

#include "rules.h"

struct c_cache {
    file_closure included;     /* what the file being resolved includes */
    i64map wraps;              /* macro id -> 1 wraps its own name, 2 does not */
};

void c_cache_free(struct c_cache *c);
void c_cache_free(struct c_cache *c)
{
    if (!c) return;
    closure_free(&c->included);
    i64map_free(&c->wraps);
    free(c);
}

static struct c_cache *cache(model *m)
{
    if (!m->c) m->c = xcalloc(1, sizeof(*m->c));
    return m->c;
}

/* The repository file an #include names, or -1. */
static int32_t include_target(model *m, uint32_t from, const gimport *im)
{
    bool local = strcmp(im->kind, "include_local") == 0;
    strbuf sb;
    sb_init(&sb);
    int32_t found = -1;
    if (local) {
        const char *path = m->files.items[from].path, *slash = strrchr(path, '/');
        if (slash) sb_add(&sb, path, (size_t)(slash - path + 1));
        sb_adds(&sb, im->name);
        char *norm = path_normalize_relative(sb.buf);
        if (norm) found = model_file_index(m, norm);
        free(norm);
    }
    if (found < 0) {
        char *norm = path_normalize_relative(im->name);
        if (norm) found = model_file_index(m, norm);
        free(norm);
    }
    if (found < 0 && local) found = model_file_by_suffix(m, im->name);
    sb_free(&sb);
    return found;
}

static const u32_list *direct_includes(model *m, uint32_t file)
{
    gfile *f = &m->files.items[file];
    if (f->includes_done) return &f->includes;
    f->includes_done = true;
    for (size_t i = 0; i < f->imports.len; i++) {
        const gimport *im = &m->imports.items[f->imports.items[i]];
        if (strncmp(im->kind, "include", 7) != 0) continue;
        int32_t t = include_target(m, file, im);
        f = &m->files.items[file]; /* include_target may grow the file table */
        if (t >= 0 && (uint32_t)t != file) VEC_PUSH(f->includes, (uint32_t)t);
    }
    return &f->includes;
}

/* Is `file` among what `from` includes, transitively (or `from` itself)? */
bool c_visible(model *m, uint32_t from, uint32_t file)
{
    struct c_cache *c = cache(m);
    closure_mark(&c->included, m, from, direct_includes);
    return closure_has(&c->included, file);
}

/* Does the macro's body call its own name (`#define error(...)
 * (error(__VA_ARGS__), ...)`)? Then a use of it calls the function. */
static bool wraps_function(model *m, uint32_t macro, int *code, codira_error *err)
{
    struct c_cache *c = cache(m);
    const gsym *g = &m->syms.items[macro];
    uint32_t v;
    if (i64map_get(&c->wraps, g->id, &v)) return v == 1;
    const char *path = m->files.items[g->file].path;
    if (!m->structural_sites) *code = model_load_files(m, &path, 1, LOAD_SITES, err);
    g = &m->syms.items[macro];
    bool wraps = false;
    const gfile *f = &m->files.items[g->file];
    for (size_t i = 0; !*code && i < f->sites.len && !wraps; i++) {
        const gsite *s = &m->sites.items[f->sites.items[i]];
        wraps = s->owner_id == g->id && strcmp(s->target, g->name) == 0;
    }
    i64map_put(&c->wraps, g->id, wraps ? 1 : 2);
    return wraps;
}

int resolve_c(model *m, const gsite *s, resolution *out, codira_error *err)
{
    if (s->target_kind != CODIRA_TARGET_NAME || !*s->target) return CODIRA_OK;
    /* a parameter or local variable called: whatever function it holds */
    if (strcmp(s->ext_kind, "C:<function-pointer>") == 0 ||
        strcmp(s->ext_kind, "C++:<function-pointer>") == 0)
        return CODIRA_OK;
    uint32_t here[MAX_CANDIDATES], others[MAX_CANDIDATES];
    size_t nh = 0, no = 0;
    int32_t proto = -1;
    for (int32_t i = model_first_named(m, s->target); i >= 0; i = m->syms.items[i].next_same_name) {
        const gsym *c = &m->syms.items[i];
        /* a Python `die` is no C target; C++ ones are when at global scope
         * (`extern "C"` definitions, C++ calling C++ through these rules) */
        scheme sc = m->files.items[c->file].scheme;
        if (sc != SCHEME_C && (sc != SCHEME_CPP || strstr(c->qualname, "::"))) continue;
        if (c->kind == SK_MACRO && c_visible(m, s->file, c->file)) {
            int code = CODIRA_OK;
            bool wraps = wraps_function(m, (uint32_t)i, &code, err);
            if (code) return code;
            if (wraps) continue;
            out->label_kind = "C:<macro>";
            out->label_name = s->target;
            return CODIRA_OK;
        }
        if (c->kind == SK_PROTOTYPE && proto < 0 && c_visible(m, s->file, c->file)) proto = i;
        if (c->kind != SK_FUNCTION) continue;
        if (c->file == s->file || (c->is_static && c_visible(m, s->file, c->file))) {
            /* its own file, or a static (inline) function of an included header */
            if (nh < MAX_CANDIDATES) here[nh++] = (uint32_t)i;
        } else if (!c->is_static && no < MAX_CANDIDATES) {
            others[no++] = (uint32_t)i;
        }
    }
    if (nh) {
        resolution_from(out, here, nh);
        return CODIRA_OK;
    }
    if (no > 1 && proto >= 0) {
        /* the definition paired with the prototype in view: foo.h / foo.c */
        const char *module = m->syms.items[proto].module;
        uint32_t paired[MAX_CANDIDATES];
        size_t np = 0;
        for (size_t i = 0; i < no; i++)
            if (strcmp(m->syms.items[others[i]].module, module) == 0) paired[np++] = others[i];
        if (np == 1) {
            resolution_from(out, paired, 1);
            return CODIRA_OK;
        }
    }
    resolution_from(out, others, no);
    return CODIRA_OK;
}
