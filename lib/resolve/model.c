#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codira/plugin.h"
#include "registry.h"

void model_init(model *m, const codira_backend *be, codira_session *s)
{
    memset(m, 0, sizeof(*m));
    m->be = be;
    m->session = s;
    arena_init(&m->mem);
}

void c_cache_free(struct c_cache *c);
void py_cache_free(struct py_cache *p);
void bash_cache_free(struct bash_cache *b);
void cpp_cache_free(struct cpp_cache *p);

void model_free(model *m)
{
    c_cache_free(m->c);
    py_cache_free(m->py);
    bash_cache_free(m->bash);
    cpp_cache_free(m->cpp);
    for (size_t i = 0; i < m->files.len; i++) {
        VEC_FREE(m->files.items[i].imports);
        VEC_FREE(m->files.items[i].sites);
        VEC_FREE(m->files.items[i].includes);
    }
    VEC_FREE(m->files);
    for (size_t i = 0; i < m->basename_lists.len; i++) VEC_FREE(m->basename_lists.items[i]);
    VEC_FREE(m->basename_lists);
    strmap_free(&m->by_basename);
    VEC_FREE(m->syms);
    VEC_FREE(m->imports);
    VEC_FREE(m->sites);
    strmap_free(&m->interned);
    strmap_free(&m->file_by_path);
    strmap_free(&m->first_by_name);
    i64map_free(&m->first_by_slot);
    strmap_free(&m->names_loaded);
    i64map_free(&m->sym_by_id);
    i64map_free(&m->site_by_id);
    arena_free(&m->mem);
}

int32_t model_file_by_suffix(model *m, const char *rel)
{
    if (!m->basenames_done) {
        m->basenames_done = true;
        for (size_t i = 0; i < m->files.len; i++) {
            const char *base = path_basename(m->files.items[i].path);
            size_t li;
            if (!strmap_get(&m->by_basename, base, &li)) {
                u32_list l = {0};
                VEC_PUSH(m->basename_lists, l);
                li = m->basename_lists.len - 1;
                strmap_put(&m->by_basename, base, li);
            }
            VEC_PUSH(m->basename_lists.items[li], (uint32_t)i);
        }
    }
    size_t li;
    if (!strmap_get(&m->by_basename, path_basename(rel), &li)) return -1;
    const u32_list *l = &m->basename_lists.items[li];
    int32_t only = -1;
    size_t matches = 0, ln = strlen(rel);
    for (size_t i = 0; i < l->len; i++) {
        const char *p = m->files.items[l->items[i]].path;
        size_t lp = strlen(p);
        if ((lp == ln && strcmp(p, rel) == 0) ||
            (lp > ln && p[lp - ln - 1] == '/' && strcmp(p + lp - ln, rel) == 0)) {
            only = (int32_t)l->items[i];
            matches++;
        }
    }
    return matches == 1 ? only : -1;
}

const char *model_intern(model *m, const char *s)
{
    if (!s) s = "";
    const char *have = strmap_find_key(&m->interned, s);
    if (have) return have;
    const char *copy = arena_strdup(&m->mem, s);
    strmap_put(&m->interned, copy, 0);
    return copy;
}

scheme model_scheme_of(const char *analyzer)
{
    const codira_analyzer *an = registry_find_analyzer(analyzer);
    const char *r = an ? an->resolver : NULL;
    if (r && strcmp(r, "python") == 0) return SCHEME_PYTHON;
    if (r && strcmp(r, "c") == 0) return SCHEME_C;
    if (r && strcmp(r, "bash") == 0) return SCHEME_BASH;
    if (r && strcmp(r, "cpp") == 0) return SCHEME_CPP;
    return SCHEME_GENERIC;
}

static uint32_t file_for(model *m, const char *path, const char *analyzer)
{
    size_t i;
    /* rows come file by file: most ask for the file of the row before */
    if (m->last_file < m->files.len && strcmp(m->files.items[m->last_file].path, path) == 0 &&
        (*m->files.items[m->last_file].analyzer || !analyzer || !*analyzer))
        return m->last_file;
    if (strmap_get(&m->file_by_path, path, &i)) {
        m->last_file = (uint32_t)i;
        gfile *have = &m->files.items[i];
        if (!*have->analyzer && analyzer && *analyzer) { /* first seen through an import */
            have->analyzer = model_intern(m, analyzer);
            have->scheme = model_scheme_of(analyzer);
        }
        return (uint32_t)i;
    }
    gfile f = {0};
    f.path = model_intern(m, path);
    f.analyzer = model_intern(m, analyzer);
    f.module = "";
    f.scheme = model_scheme_of(analyzer);
    f.module_sym = -1;
    VEC_PUSH(m->files, f);
    strmap_put(&m->file_by_path, f.path, m->files.len - 1);
    m->last_file = (uint32_t)(m->files.len - 1);
    return m->last_file;
}

int32_t model_file_index(const model *m, const char *path)
{
    size_t i;
    return strmap_get(&m->file_by_path, path, &i) ? (int32_t)i : -1;
}

static sym_kind kind_of(const char *k)
{
    if (strcmp(k, "function") == 0) return SK_FUNCTION;
    if (strcmp(k, "method") == 0) return SK_METHOD;
    if (strcmp(k, "class") == 0) return SK_CLASS;
    if (strcmp(k, "module") == 0) return SK_MODULE;
    if (strcmp(k, "prototype") == 0) return SK_PROTOTYPE;
    if (strcmp(k, "macro") == 0) return SK_MACRO;
    if (strcmp(k, "struct") == 0 || strcmp(k, "union") == 0) return SK_STRUCT;
    if (strcmp(k, "namespace") == 0) return SK_NAMESPACE;
    return SK_OTHER;
}

/* The key of the children of `parent` called `name` (an interned string):
 * a mix of the two. Two slots may share a key; chains are filtered on
 * parent and name when walked. */
static int64_t slot_key(int64_t parent, const char *interned_name)
{
    uint64_t x = (uint64_t)parent * 0x9E3779B97F4A7C15ull ^ (uint64_t)(uintptr_t)interned_name;
    x ^= x >> 31;
    int64_t k = (int64_t)(x & 0x7FFFFFFFFFFFFFFFull);
    return k == INT64_MIN ? 0 : k;
}

static int on_symbol(void *ctx, const codira_graph_symbol *g)
{
    model *m = ctx;
    if (i64map_get(&m->sym_by_id, g->id, NULL)) return 0;
    gsym s = {0};
    s.id = g->id;
    s.parent_id = g->parent_id;
    s.file = file_for(m, g->path, g->analyzer);
    s.kind = (uint8_t)kind_of(g->kind);
    s.is_static = (g->flags & CODIRA_SYM_STATIC) != 0;
    s.name = model_intern(m, g->name);
    s.qualname = model_intern(m, g->qualname);
    s.module = model_intern(m, g->module);
    s.stable_id = arena_strdup(&m->mem, g->stable_id); /* unique: nothing to share */
    uint32_t index = (uint32_t)m->syms.len;
    size_t head;
    s.next_same_name = strmap_get(&m->first_by_name, s.name, &head) ? (int32_t)head : -1;
    strmap_put(&m->first_by_name, s.name, index);
    int64_t key = slot_key(s.parent_id, s.name);
    uint32_t slot_head;
    s.next_same_slot = i64map_get(&m->first_by_slot, key, &slot_head) ? (int32_t)slot_head : -1;
    i64map_put(&m->first_by_slot, key, index);
    VEC_PUSH(m->syms, s);
    i64map_put(&m->sym_by_id, s.id, index);
    gfile *f = &m->files.items[s.file];
    if (s.kind == SK_MODULE) {
        f->module_sym = (int32_t)index;
        f->module = s.name;
    } else if (!*f->module) {
        f->module = s.module;
    }
    return 0;
}

static int on_import(void *ctx, const codira_graph_import *g)
{
    model *m = ctx;
    int32_t fi = model_file_index(m, g->path);
    /* a file with imports but no symbol yet: its analyzer is unknown here,
     * which is harmless (imports are looked up from the site's file) */
    uint32_t file = fi >= 0 ? (uint32_t)fi : file_for(m, g->path, "");
    gimport im = {file, g->owner_id, model_intern(m, g->name), model_intern(m, g->alias),
                  model_intern(m, g->kind)};
    VEC_PUSH(m->imports, im);
    VEC_PUSH(m->files.items[file].imports, (uint32_t)(m->imports.len - 1));
    return 0;
}

/* A site from a row: its strings interned (kept), or the row's own
 * (borrowed: valid during the row's callback only). */
static gsite site_of_row(model *m, const codira_graph_site *g, bool keep)
{
    gsite s = {0};
    s.id = g->id;
    s.owner_id = g->owner_id;
    s.file = file_for(m, g->path, g->analyzer);
    s.relation = (uint8_t)g->relation;
    s.target_kind = (uint8_t)g->target_kind;
    const char *const *from[] = {&g->base, &g->target, &g->ref_kind, &g->ext_kind, &g->ext_name};
    const char **to[] = {&s.base, &s.target, &s.ref_kind, &s.ext_kind, &s.ext_name};
    for (size_t i = 0; i < 5; i++) {
        const char *v = *from[i] ? *from[i] : "";
        *to[i] = keep ? model_intern(m, v) : v;
    }
    return s;
}

static int on_site(void *ctx, const codira_graph_site *g)
{
    model *m = ctx;
    if (i64map_get(&m->site_by_id, g->id, NULL)) return 0;
    gsite s = site_of_row(m, g, true);
    VEC_PUSH(m->sites, s);
    i64map_put(&m->site_by_id, s.id, (uint32_t)(m->sites.len - 1));
    VEC_PUSH(m->files.items[s.file].sites, (uint32_t)(m->sites.len - 1));
    return 0;
}

/* Sites owned by a macro or naming a class base: what rules look up
 * beyond the site at hand (c_rules' wrapper macros, python_rules' bases). */
static bool structural(const model *m, const codira_graph_site *g)
{
    if (strcmp(g->ref_kind, "base_class") == 0) return true;
    uint32_t oi;
    return model_sym_index(m, g->owner_id, &oi) && m->syms.items[oi].kind == SK_MACRO;
}

static int on_structural_site(void *ctx, const codira_graph_site *g)
{
    model *m = ctx;
    if (structural(m, g)) on_site(m, g);
    return 0;
}

int model_load_all(model *m, codira_error *err)
{
    codira_graph_scope all = {sizeof(all), 1, NULL, 0, NULL, 0, 0, NULL, 0};
    int64_t t0 = monotonic_ns();
    int code = m->be->session_graph_symbols(m->session, &all, on_symbol, m, err);
    int64_t t1 = monotonic_ns();
    if (!code && !m->all_imports) code = m->be->session_graph_imports(m->session, &all, on_import, m, err);
    int64_t t2 = monotonic_ns();
    if (!code) code = m->be->session_graph_sites(m->session, &all, on_structural_site, m, err);
    int64_t t3 = monotonic_ns();
    if (getenv("CODIRA_DEBUG"))
        notice("resolve reads: symbols %.1f ms, imports %.1f ms, structural sites %.1f ms",
               (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
    if (code) return code;
    m->all_symbols = m->all_imports = m->all_modules = m->structural_sites = true;
    for (size_t i = 0; i < m->files.len; i++) m->files.items[i].loaded = LOAD_SYMBOLS | LOAD_IMPORTS;
    return CODIRA_OK;
}

typedef struct stream_ctx {
    model *m;
    model_site_fn fn;
    void *ctx;
} stream_ctx;

static int on_streamed_site(void *p, const codira_graph_site *g)
{
    stream_ctx *c = p;
    gsite s = site_of_row(c->m, g, false); /* transient */
    return c->fn(c->ctx, &s);
}

int model_stream_sites(model *m, model_site_fn fn, void *ctx, codira_error *err)
{
    codira_graph_scope all = {sizeof(all), 1, NULL, 0, NULL, 0, 0, NULL, 0};
    stream_ctx c = {m, fn, ctx};
    return m->be->session_graph_sites(m->session, &all, on_streamed_site, &c, err);
}

int model_load_files(model *m, const char *const *paths, size_t n, unsigned what,
                     codira_error *err)
{
    int code = CODIRA_OK;
    VEC(const char *) want = {0};
    for (unsigned part = LOAD_SYMBOLS; part <= LOAD_SITES && !code; part <<= 1) {
        if (!(what & part)) continue;
        if (part == LOAD_SYMBOLS && m->all_symbols) continue;
        if (part == LOAD_IMPORTS && m->all_imports) continue;
        want.len = 0;
        for (size_t i = 0; i < n; i++) {
            int32_t fi = model_file_index(m, paths[i]);
            if (fi >= 0 && (m->files.items[fi].loaded & part)) continue;
            VEC_PUSH(want, paths[i]);
        }
        if (!want.len) continue;
        codira_graph_scope sc = {sizeof(sc), 0, want.items, want.len, NULL, 0, 0, NULL, 0};
        if (part == LOAD_SYMBOLS) code = m->be->session_graph_symbols(m->session, &sc, on_symbol, m, err);
        else if (part == LOAD_IMPORTS) code = m->be->session_graph_imports(m->session, &sc, on_import, m, err);
        else code = m->be->session_graph_sites(m->session, &sc, on_site, m, err);
        for (size_t i = 0; !code && i < want.len; i++) {
            int32_t fi = model_file_index(m, want.items[i]);
            if (fi >= 0) m->files.items[fi].loaded |= (uint8_t)part;
        }
    }
    VEC_FREE(want);
    return code;
}

int model_load_names(model *m, const char *const *names, size_t n, codira_error *err)
{
    if (m->all_symbols) return CODIRA_OK;
    VEC(const char *) want = {0};
    for (size_t i = 0; i < n; i++) {
        if (!*names[i] || strmap_get(&m->names_loaded, names[i], NULL)) continue;
        const char *in = model_intern(m, names[i]);
        strmap_put(&m->names_loaded, in, 0);
        VEC_PUSH(want, in);
    }
    int code = CODIRA_OK;
    if (want.len) {
        codira_graph_scope sc = {sizeof(sc), 0, NULL, 0, want.items, want.len, 0, NULL, 0};
        code = m->be->session_graph_symbols(m->session, &sc, on_symbol, m, err);
    }
    VEC_FREE(want);
    return code;
}

int model_load_all_imports(model *m, codira_error *err)
{
    if (m->all_imports) return CODIRA_OK;
    /* drop what was loaded per file: everything comes again */
    for (size_t i = 0; i < m->files.len; i++) m->files.items[i].imports.len = 0;
    m->imports.len = 0;
    codira_graph_scope all = {sizeof(all), 1, NULL, 0, NULL, 0, 0, NULL, 0};
    int code = m->be->session_graph_imports(m->session, &all, on_import, m, err);
    if (!code) m->all_imports = true;
    return code;
}

int model_load_modules(model *m, codira_error *err)
{
    if (m->all_modules || m->all_symbols) return CODIRA_OK;
    codira_graph_scope sc = {sizeof(sc), 0, NULL, 0, NULL, 0, 1, NULL, 0};
    int code = m->be->session_graph_symbols(m->session, &sc, on_symbol, m, err);
    if (!code) m->all_modules = true;
    return code;
}

void model_add_site(model *m, const codira_graph_site *g)
{
    on_site(m, g);
}

int model_load_sites(model *m, const codira_graph_scope *scope, codira_error *err)
{
    return m->be->session_graph_sites(m->session, scope, on_site, m, err);
}

int32_t model_first_named(const model *m, const char *name)
{
    size_t i;
    return strmap_get(&m->first_by_name, name, &i) ? (int32_t)i : -1;
}

int32_t model_first_child(model *m, int64_t parent_id, const char *name)
{
    const char *interned = strmap_find_key(&m->interned, name);
    uint32_t head;
    return interned && i64map_get(&m->first_by_slot, slot_key(parent_id, interned), &head)
               ? (int32_t)head
               : -1;
}

bool model_sym_index(const model *m, int64_t id, uint32_t *index)
{
    return i64map_get(&m->sym_by_id, id, index);
}
