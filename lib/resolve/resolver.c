/*
 * resolver.c - which sites to resolve in a run, and the shared parts of
 * resolution. The language rules live in python_rules.c and c_rules.c.
 */
#include "resolver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "rules.h"

struct resolver {
    const codira_backend *be;
    codira_session *s;
    bool full;
    VEC(char *) changed;     /* paths re-analysed or deleted in this run */
    strmap old_names;        /* names the changed files defined before the run */
    strmap old_modules;      /* their module names */
    strmap old_shape;        /* their includes and class bases, as strings */
    strmap linked_paths;     /* files with sites that were resolved into them */
    arena mem;               /* the keys of the maps above */
};

/* ---- shared by the rules ------------------------------------------- */

bool sym_callable(const gsym *s)
{
    return s->kind == SK_FUNCTION || s->kind == SK_METHOD || s->kind == SK_CLASS;
}

const char *file_language(const model *m, uint32_t file)
{
    const codira_analyzer *an = registry_find_analyzer(m->files.items[file].analyzer);
    return an && an->language ? an->language : "unknown";
}

void resolution_from(resolution *out, const uint32_t *cand, size_t n)
{
    if (n == 0) return;
    if (n == 1) {
        out->status = CODIRA_LINK_RESOLVED;
        out->dst = (int32_t)cand[0];
        return;
    }
    out->status = CODIRA_LINK_AMBIGUOUS;
    out->n_cand = n < MAX_CANDIDATES ? n : MAX_CANDIDATES;
    memcpy(out->cand, cand, out->n_cand * sizeof(*cand));
}

/* Generic: a callable of that name in the same file, else exactly one in
 * the repository. */
int resolve_generic(model *m, const gsite *s, resolution *out, codira_error *err)
{
    (void)err;
    if (s->target_kind == CODIRA_TARGET_UNRESOLVED || !*s->target) return CODIRA_OK;
    uint32_t here[MAX_CANDIDATES], anywhere[MAX_CANDIDATES];
    size_t nh = 0, na = 0;
    for (int32_t i = model_first_named(m, s->target); i >= 0; i = m->syms.items[i].next_same_name) {
        const gsym *c = &m->syms.items[i];
        if (!sym_callable(c)) continue;
        if (c->file == s->file && nh < MAX_CANDIDATES) here[nh++] = (uint32_t)i;
        if (na < MAX_CANDIDATES) anywhere[na++] = (uint32_t)i;
    }
    resolution_from(out, nh ? here : anywhere, nh ? nh : na);
    return CODIRA_OK;
}

/* ---- what changed ---------------------------------------------------- */

static void set_add(resolver *r, strmap *set, const char *s)
{
    if (strmap_get(set, s, NULL)) return;
    strmap_put(set, arena_strdup(&r->mem, s), 0);
}

/* The shape of a file that decides how other files resolve beyond the
 * names it defines: its #includes and its classes' bases. */
static void shape_of(model *m, const char *path, strmap *out, resolver *r)
{
    int32_t fi = model_file_index(m, path);
    if (fi < 0) return;
    const gfile *f = &m->files.items[fi];
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < f->imports.len; i++) {
        const gimport *im = &m->imports.items[f->imports.items[i]];
        if (strncmp(im->kind, "include", 7) != 0) continue;
        sb_clear(&sb);
        sb_addf(&sb, "%s\ninclude\n%s\n%s", path, im->kind, im->name);
        set_add(r, out, sb.buf);
    }
    for (size_t i = 0; i < f->sites.len; i++) {
        const gsite *s = &m->sites.items[f->sites.items[i]];
        if (strcmp(s->ref_kind, "base_class") != 0) continue;
        uint32_t oi;
        const char *owner = model_sym_index(m, s->owner_id, &oi) ? m->syms.items[oi].qualname : "?";
        sb_clear(&sb);
        sb_addf(&sb, "%s\nbase\n%s\n%s\n%s", path, owner, s->base, s->target);
        set_add(r, out, sb.buf);
    }
    sb_free(&sb);
}

static bool same_set(const strmap *a, const strmap *b)
{
    if (a->len != b->len) return false;
    for (size_t i = 0; i < a->cap; i++)
        if (a->keys[i] && !strmap_get(b, a->keys[i], NULL)) return false;
    return true;
}

static int on_linked_site(void *ctx, const codira_graph_site *g)
{
    resolver *r = ctx;
    set_add(r, &r->linked_paths, g->path);
    return 0;
}

int resolver_begin(resolver **out, const codira_backend *be, codira_session *s, bool full,
                   const char *const *changed, size_t n_changed, codira_error *err)
{
    resolver *r = xcalloc(1, sizeof(*r));
    r->be = be;
    r->s = s;
    r->full = full;
    arena_init(&r->mem);
    for (size_t i = 0; i < n_changed; i++) VEC_PUSH(r->changed, xstrdup(changed[i]));
    *out = r;
    if (full || !n_changed) return CODIRA_OK;
    /* what the changed files held before the run */
    model before;
    model_init(&before, be, s);
    int code = model_load_files(&before, changed, n_changed, LOAD_FILE, err);
    for (size_t i = 0; !code && i < before.syms.len; i++) {
        const gsym *g = &before.syms.items[i];
        set_add(r, &r->old_names, g->name);
        if (g->kind == SK_MODULE) set_add(r, &r->old_modules, g->name);
    }
    for (size_t i = 0; !code && i < n_changed; i++) shape_of(&before, changed[i], &r->old_shape, r);
    model_free(&before);
    /* sites elsewhere that were resolved into them (through aliases too) */
    if (!code) {
        codira_graph_scope sc = {sizeof(sc), 0, NULL, 0, NULL, 0, 0, changed, n_changed};
        code = be->session_graph_sites(s, &sc, on_linked_site, r, err);
    }
    return code;
}

void resolver_free(resolver *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->changed.len; i++) free(r->changed.items[i]);
    VEC_FREE(r->changed);
    strmap_free(&r->old_names);
    strmap_free(&r->old_modules);
    strmap_free(&r->old_shape);
    strmap_free(&r->linked_paths);
    arena_free(&r->mem);
    free(r);
}

/* ---- the run ---------------------------------------------------------- */

typedef VEC(const char *) str_vec;

static void keys_of(const strmap *set, str_vec *out)
{
    for (size_t i = 0; i < set->cap; i++)
        if (set->keys[i]) VEC_PUSH(*out, set->keys[i]);
}

/* Does an import name refer to this module (itself, or something in it)? */
static bool imports_module(const char *imported, const char *module)
{
    size_t n = strlen(module);
    return *module && strncmp(imported, module, n) == 0 && (imported[n] == '\0' || imported[n] == '.');
}

/* Which sites an incremental run must resolve again, into `todo` (site
 * indices of `m`). Returns true when everything must be resolved. */
static bool plan_incremental(resolver *r, model *m, u32_list *todo, int *code, codira_error *err)
{
    const char *const *changed = (const char *const *)r->changed.items;
    size_t n_changed = r->changed.len;
    *code = model_load_files(m, changed, n_changed, LOAD_FILE, err);
    if (*code) return false;
    strmap new_shape = {0}, names = {0}, modules = {0}, paths = {0};
    for (size_t i = 0; i < n_changed; i++) shape_of(m, changed[i], &new_shape, r);
    bool full = !same_set(&r->old_shape, &new_shape);
    strmap_free(&new_shape);
    if (full) return true;

    /* names the changed files define, now and before */
    for (size_t i = 0; i < m->syms.len; i++) {
        const gsym *g = &m->syms.items[i];
        set_add(r, &names, g->name);
        if (g->kind == SK_MODULE) set_add(r, &modules, g->name);
    }
    for (size_t i = 0; i < r->old_names.cap; i++)
        if (r->old_names.keys[i]) set_add(r, &names, r->old_names.keys[i]);
    for (size_t i = 0; i < r->old_modules.cap; i++)
        if (r->old_modules.keys[i]) set_add(r, &modules, r->old_modules.keys[i]);

    /* files to resolve whole: the changed ones, those with sites that were
     * resolved into them, and those importing a changed module */
    for (size_t i = 0; i < n_changed; i++) set_add(r, &paths, changed[i]);
    for (size_t i = 0; i < r->linked_paths.cap; i++)
        if (r->linked_paths.keys[i]) set_add(r, &paths, r->linked_paths.keys[i]);
    if (modules.len) {
        *code = model_load_all_imports(m, err);
        for (size_t i = 0; !*code && i < m->imports.len; i++) {
            const gimport *im = &m->imports.items[i];
            if (strncmp(im->kind, "import", 6) != 0) continue;
            for (size_t k = 0; k < modules.cap; k++) {
                if (!modules.keys[k] || !imports_module(im->name, modules.keys[k])) continue;
                set_add(r, &paths, m->files.items[im->file].path);
                break;
            }
        }
    }
    str_vec path_list = {0}, name_list = {0};
    keys_of(&paths, &path_list);
    keys_of(&names, &name_list);
    if (!*code) *code = model_load_files(m, path_list.items, path_list.len, LOAD_FILE, err);
    if (!*code && name_list.len) {
        codira_graph_scope sc = {sizeof(sc), 0, NULL, 0, name_list.items, name_list.len, 0, NULL, 0};
        *code = model_load_sites(m, &sc, err);
    }
    if (!*code) {
        for (size_t i = 0; i < m->sites.len; i++) {
            const gsite *s = &m->sites.items[i];
            if (strmap_get(&paths, m->files.items[s->file].path, NULL) ||
                strmap_get(&names, s->target, NULL))
                VEC_PUSH(*todo, (uint32_t)i);
        }
    }
    VEC_FREE(path_list);
    VEC_FREE(name_list);
    strmap_free(&names);
    strmap_free(&modules);
    strmap_free(&paths);
    return false;
}

static int cmp_site_id(const void *a, const void *b, void *ctx)
{
    const model *m = ctx;
    const gsite *x = &m->sites.items[*(const uint32_t *)a];
    const gsite *y = &m->sites.items[*(const uint32_t *)b];
    return (x->id > y->id) - (x->id < y->id);
}

static int cmp_stable_id(const void *a, const void *b, void *ctx)
{
    const model *m = ctx;
    return strcmp(m->syms.items[*(const uint32_t *)a].stable_id,
                  m->syms.items[*(const uint32_t *)b].stable_id);
}

/* The link to store for a site's resolution. */
static void make_link(model *m, const gsite *s, resolution *res, codira_link *l, strbuf *cands)
{
    memset(l, 0, sizeof(*l));
    l->struct_size = sizeof(*l);
    l->site_id = s->id;
    l->status = res->status;
    if (res->status == CODIRA_LINK_RESOLVED) {
        l->dst_id = m->syms.items[res->dst].id;
        return;
    }
    if (res->label_kind) {
        l->label_kind = (codira_str){res->label_kind, strlen(res->label_kind)};
        l->label_name = (codira_str){res->label_name, strlen(res->label_name)};
    }
    if (res->status == CODIRA_LINK_AMBIGUOUS) {
        if (res->n_cand > 1) qsort_r(res->cand, res->n_cand, sizeof(uint32_t), cmp_stable_id, m);
        sb_clear(cands);
        for (size_t i = 0; i < res->n_cand; i++)
            sb_addf(cands, "%s%s", i ? "\n" : "", m->syms.items[res->cand[i]].stable_id);
        l->candidates = (codira_str){cands->buf, cands->len};
        if (!res->label_kind) {
            /* "C:<ambiguous>", "Python:<ambiguous>" */
            char *kind = arena_alloc(&m->mem, 64);
            snprintf(kind, 64, "%s:<ambiguous>", file_language(m, s->file));
            l->label_kind = (codira_str){kind, strlen(kind)};
            l->label_name = (codira_str){s->target, strlen(s->target)};
        }
    }
}

int resolver_finish(resolver *r, resolve_stats *stats, codira_error *err)
{
    memset(stats, 0, sizeof(*stats));
    model m;
    model_init(&m, r->be, r->s);
    u32_list todo = {0};
    int code = CODIRA_OK;
    bool full = r->full;
    if (!full && !r->changed.len) {
        model_free(&m);
        return CODIRA_OK;
    }
    if (!full) full = plan_incremental(r, &m, &todo, &code, err);
    if (!code && full) {
        todo.len = 0;
        code = model_load_all(&m, err);
        for (size_t i = 0; !code && i < m.sites.len; i++) VEC_PUSH(todo, (uint32_t)i);
    }
    stats->full = full;
    if (todo.len > 1) qsort_r(todo.items, todo.len, sizeof(uint32_t), cmp_site_id, &m);

    /* bulk loads for each language, before resolving */
    u32_list py = {0}, c = {0};
    for (size_t i = 0; i < todo.len; i++) {
        scheme sc = m.files.items[m.sites.items[todo.items[i]].file].scheme;
        if (sc == SCHEME_PYTHON) VEC_PUSH(py, todo.items[i]);
        else if (sc == SCHEME_C) VEC_PUSH(c, todo.items[i]);
    }
    if (!code && py.len) code = python_prepare(&m, py.items, py.len, err);
    if (!code && c.len) code = c_prepare(&m, c.items, c.len, err);
    if (!code) {
        /* generic sites: candidates by name */
        str_vec names = {0};
        for (size_t i = 0; i < todo.len; i++) VEC_PUSH(names, m.sites.items[todo.items[i]].target);
        code = model_load_names(&m, names.items, names.len, err);
        VEC_FREE(names);
    }
    VEC_FREE(py);
    VEC_FREE(c);

    VEC(codira_link) batch = {0};
    VEC(strbuf) cand_bufs = {0};
    for (size_t i = 0; !code && i < todo.len; i++) {
        /* rules may load more and grow m.sites: index, never hold a pointer */
        uint32_t si = todo.items[i];
        gsite site = m.sites.items[si];
        resolution res = {CODIRA_LINK_UNRESOLVED, -1, {0}, 0, NULL, NULL};
        switch (m.files.items[site.file].scheme) {
        case SCHEME_PYTHON: code = resolve_python(&m, &site, &res, err); break;
        case SCHEME_C: code = resolve_c(&m, &site, &res, err); break;
        default: code = resolve_generic(&m, &site, &res, err); break;
        }
        if (code) break;
        stats->sites++;
        if (res.status == CODIRA_LINK_RESOLVED) stats->resolved++;
        else if (res.status == CODIRA_LINK_AMBIGUOUS) stats->ambiguous++;
        if (batch.len == cand_bufs.len) {
            strbuf sb;
            sb_init(&sb);
            VEC_PUSH(cand_bufs, sb);
        }
        codira_link l;
        make_link(&m, &site, &res, &l, &cand_bufs.items[batch.len]);
        VEC_PUSH(batch, l);
        if (batch.len == 4096 || i + 1 == todo.len) {
            code = r->be->session_store_links(r->s, batch.items, batch.len, err);
            batch.len = 0;
        }
    }
    for (size_t i = 0; i < cand_bufs.len; i++) sb_free(&cand_bufs.items[i]);
    VEC_FREE(cand_bufs);
    VEC_FREE(batch);
    VEC_FREE(todo);
    model_free(&m);
    return code;
}
