/*
 * resolver.c - which sites to resolve in a run, and the shared parts of
 * resolution. The language rules live in python_rules.c, c_rules.c and
 * bash_rules.c.
 */
#include "resolver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "rules.h"

/* What one changed file held before the run. */
typedef struct before_file {
    const char *path;
    bool existed;
    bool unchanged;          /* its content turned out the same: forget it */
    VEC(const char *) names, modules, shape;
    VEC(codira_graph_site) linked; /* sites that were resolved into it (strings in mem) */
} before_file;

struct resolver {
    const codira_backend *be;
    codira_session *s;
    bool full;
    VEC(before_file) before; /* one per path given to resolver_begin */
    strmap before_by_path;   /* path -> index into before */
    /* gathered by resolver_finish from the files that did change */
    VEC(char *) changed;     /* paths re-analysed or deleted in this run */
    strmap old_names;        /* names the changed files defined before the run */
    strmap old_modules;      /* their module names */
    strmap old_shape;        /* their includes and class bases, as strings */
    strmap old_paths;        /* those that existed before the run */
    VEC(const codira_graph_site *) linked; /* sites that were resolved into them */
    arena mem;               /* the strings of all the above */
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

void closure_mark(file_closure *cl, model *m, uint32_t file, file_edges_fn edges)
{
    if (cl->of == file + 1) return;
    if (cl->cap < m->files.len) {
        size_t cap = m->files.len * 2;
        cl->stamp = xrealloc(cl->stamp, cap * sizeof(*cl->stamp));
        memset(cl->stamp + cl->cap, 0, (cap - cl->cap) * sizeof(*cl->stamp));
        cl->cap = cap;
    }
    cl->epoch++;
    cl->of = file + 1;
    u32_list queue = {0};
    VEC_PUSH(queue, file);
    cl->stamp[file] = cl->epoch;
    for (size_t q = 0; q < queue.len; q++) {
        const u32_list *next = edges(m, queue.items[q]);
        for (size_t i = 0; i < next->len; i++) {
            uint32_t t = next->items[i];
            if (t >= cl->cap || cl->stamp[t] == cl->epoch) continue;
            cl->stamp[t] = cl->epoch;
            VEC_PUSH(queue, t);
        }
    }
    VEC_FREE(queue);
}

bool closure_has(const file_closure *cl, uint32_t file)
{
    return cl->of && file < cl->cap && cl->stamp[file] == cl->epoch;
}

void closure_free(file_closure *cl)
{
    free(cl->stamp);
    memset(cl, 0, sizeof(*cl));
}

int prepare_imports_and_names(model *m, const uint32_t *sites, size_t n, codira_error *err)
{
    int code = model_load_all_imports(m, err);
    if (!code) code = model_load_modules(m, err);
    VEC(const char *) names = {0};
    for (size_t i = 0; i < n; i++) VEC_PUSH(names, m->sites.items[sites[i]].target);
    if (!code) code = model_load_names(m, names.items, names.len, err);
    VEC_FREE(names);
    return code;
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
        if (strncmp(im->kind, "include", 7) != 0 && strcmp(im->kind, "source") != 0) continue;
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

/* Entries of `a` missing from `b`: their files go into `files`, the
 * classes whose bases they name into `classes` (last name segment). */
static void shape_loss(resolver *r, const strmap *a, const strmap *b, strmap *files,
                       strmap *classes)
{
    for (size_t i = 0; i < a->cap; i++) {
        const char *k = a->keys[i];
        if (!k || strmap_get(b, k, NULL)) continue;
        const char *nl = strchr(k, '\n');
        char *path = xstrndup(k, nl ? (size_t)(nl - k) : strlen(k));
        set_add(r, files, path);
        free(path);
        if (!nl || strncmp(nl, "\nbase\n", 6) != 0) continue;
        const char *owner = nl + 6, *end = strchr(owner, '\n');
        char *cls = xstrndup(owner, end ? (size_t)(end - owner) : strlen(owner));
        const char *dot = strrchr(cls, '.');
        set_add(r, classes, dot ? dot + 1 : cls);
        free(cls);
    }
}

typedef struct linked_ctx {
    resolver *r;
    before_file *b;
} linked_ctx;

static int on_linked_site(void *ctx, const codira_graph_site *g)
{
    linked_ctx *c = ctx;
    /* the row's strings live only during the call */
    arena *a = &c->r->mem;
    codira_graph_site k = *g;
    k.path = arena_strdup(a, g->path);
    k.analyzer = arena_strdup(a, g->analyzer);
    k.base = arena_strdup(a, g->base);
    k.target = arena_strdup(a, g->target);
    k.ref_kind = arena_strdup(a, g->ref_kind);
    k.ext_kind = arena_strdup(a, g->ext_kind);
    k.ext_name = arena_strdup(a, g->ext_name);
    VEC_PUSH(c->b->linked, k);
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
    *out = r;
    for (size_t i = 0; i < n_changed; i++) {
        before_file b;
        memset(&b, 0, sizeof(b));
        b.path = arena_strdup(&r->mem, changed[i]);
        VEC_PUSH(r->before, b);
        strmap_put(&r->before_by_path, b.path, i);
    }
    if (full || !n_changed) return CODIRA_OK;
    /* what the changed files held before the run */
    model before;
    model_init(&before, be, s);
    int code = model_load_files(&before, changed, n_changed, LOAD_FILE, err);
    /* each model file's record, to hand out the symbols in one pass */
    int32_t *record_of = xcalloc(before.files.len ? before.files.len : 1, sizeof(int32_t));
    for (size_t i = 0; i < before.files.len; i++) record_of[i] = -1;
    for (size_t i = 0; !code && i < r->before.len; i++) {
        int32_t fi = model_file_index(&before, r->before.items[i].path);
        r->before.items[i].existed = fi >= 0;
        if (fi >= 0) record_of[fi] = (int32_t)i;
    }
    for (size_t k = 0; !code && k < before.syms.len; k++) {
        const gsym *g = &before.syms.items[k];
        if (g->file >= before.files.len || record_of[g->file] < 0) continue;
        before_file *b = &r->before.items[record_of[g->file]];
        VEC_PUSH(b->names, arena_strdup(&r->mem, g->name));
        if (g->kind == SK_MODULE) VEC_PUSH(b->modules, arena_strdup(&r->mem, g->name));
    }
    free(record_of);
    strmap shape = {0};
    for (size_t i = 0; !code && i < r->before.len; i++) {
        before_file *b = &r->before.items[i];
        strmap_free(&shape);
        memset(&shape, 0, sizeof(shape));
        shape_of(&before, b->path, &shape, r);
        for (size_t k = 0; k < shape.cap; k++)
            if (shape.keys[k]) VEC_PUSH(b->shape, shape.keys[k]);
        /* sites elsewhere that were resolved into it (through aliases too) */
        const char *one[] = {b->path};
        codira_graph_scope sc = {sizeof(sc), 0, NULL, 0, NULL, 0, 0, one, 1};
        linked_ctx lc = {r, b};
        code = be->session_graph_sites(s, &sc, on_linked_site, &lc, err);
    }
    strmap_free(&shape);
    model_free(&before);
    return code;
}

void resolver_unchanged(resolver *r, const char *path)
{
    size_t i;
    if (r && strmap_get(&r->before_by_path, path, &i)) r->before.items[i].unchanged = true;
}

/* The old state of the files that did change, as sets. */
static void gather_before(resolver *r)
{
    for (size_t i = 0; i < r->before.len; i++) {
        const before_file *b = &r->before.items[i];
        if (b->unchanged) continue;
        VEC_PUSH(r->changed, xstrdup(b->path));
        if (b->existed) set_add(r, &r->old_paths, b->path);
        for (size_t k = 0; k < b->names.len; k++) set_add(r, &r->old_names, b->names.items[k]);
        for (size_t k = 0; k < b->modules.len; k++) set_add(r, &r->old_modules, b->modules.items[k]);
        for (size_t k = 0; k < b->shape.len; k++) set_add(r, &r->old_shape, b->shape.items[k]);
        for (size_t k = 0; k < b->linked.len; k++) VEC_PUSH(r->linked, &b->linked.items[k]);
    }
}

void resolver_free(resolver *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->before.len; i++) {
        before_file *b = &r->before.items[i];
        VEC_FREE(b->names);
        VEC_FREE(b->modules);
        VEC_FREE(b->shape);
        VEC_FREE(b->linked);
    }
    VEC_FREE(r->before);
    strmap_free(&r->before_by_path);
    for (size_t i = 0; i < r->changed.len; i++) free(r->changed.items[i]);
    VEC_FREE(r->changed);
    strmap_free(&r->old_names);
    strmap_free(&r->old_modules);
    strmap_free(&r->old_shape);
    strmap_free(&r->old_paths);
    VEC_FREE(r->linked);
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

/* Must every site be resolved again? When a file's #includes change, or
 * the file appears or disappears, what other files see through it changes -
 * if some #include names it; otherwise its own sites, resolved again
 * anyway, are all it affects. When a class's bases change, its subclasses
 * elsewhere inherit through it: if there are any, everything. Sets
 * *bases_changed when some class's bases changed. */
static bool needs_full(resolver *r, model *m, const strmap *new_shape, bool *bases_changed,
                       int *code, codira_error *err)
{
    strmap files = {0}, classes = {0};
    shape_loss(r, &r->old_shape, new_shape, &files, &classes);
    shape_loss(r, new_shape, &r->old_shape, &files, &classes);
    for (size_t i = 0; i < r->changed.len; i++) {
        const char *p = r->changed.items[i];
        bool before = strmap_get(&r->old_paths, p, NULL), now = model_file_index(m, p) >= 0;
        if (before != now) set_add(r, &files, p);
    }
    *bases_changed = classes.len > 0;
    bool full = false;
    if (files.len) {
        /* the file names that some #include in the repository names */
        *code = model_load_all_imports(m, err);
        strmap included = {0};
        for (size_t i = 0; !*code && i < m->imports.len; i++)
            if (strncmp(m->imports.items[i].kind, "include", 7) == 0) {
                strmap_put(&included, path_basename(m->imports.items[i].name), 0);
            } else if (strcmp(m->imports.items[i].kind, "source") == 0) {
                /* a Bash `source`: the file name it may lead to */
                bool tail_only;
                char *rel = bash_source_path(m->imports.items[i].name, &tail_only);
                if (rel) strmap_put(&included, model_intern(m, path_basename(rel)), 0);
                free(rel);
            }
        for (size_t i = 0; !*code && i < files.cap && !full; i++)
            full = files.keys[i] && strmap_get(&included, path_basename(files.keys[i]), NULL);
        strmap_free(&included);
    }
    if (!full && !*code && classes.len) {
        /* their subclasses in the changed files, transitively (only those
         * files' symbols are loaded, and they are resolved again anyway) */
        for (bool grew = true; grew;) {
            grew = false;
            for (size_t i = 0; i < m->sites.len; i++) {
                const gsite *s = &m->sites.items[i];
                uint32_t oi;
                if (strcmp(s->ref_kind, "base_class") != 0 || !strmap_get(&classes, s->target, NULL) ||
                    !model_sym_index(m, s->owner_id, &oi) ||
                    strmap_get(&classes, m->syms.items[oi].name, NULL))
                    continue;
                set_add(r, &classes, m->syms.items[oi].name);
                grew = true;
            }
        }
        /* a class of another file naming one of them as its base */
        str_vec list = {0};
        keys_of(&classes, &list);
        codira_graph_scope sc = {sizeof(sc), 0, NULL, 0, list.items, list.len, 0, NULL, 0};
        *code = model_load_sites(m, &sc, err);
        VEC_FREE(list);
        strmap changed = {0};
        for (size_t i = 0; i < r->changed.len; i++) set_add(r, &changed, r->changed.items[i]);
        for (size_t i = 0; !*code && i < m->sites.len && !full; i++) {
            const gsite *s = &m->sites.items[i];
            full = strcmp(s->ref_kind, "base_class") == 0 && strmap_get(&classes, s->target, NULL) &&
                   !strmap_get(&changed, m->files.items[s->file].path, NULL);
        }
        strmap_free(&changed);
    }
    strmap_free(&files);
    strmap_free(&classes);
    return full;
}

/* Which sites an incremental run must resolve again, into `todo` (site
 * indices of `m`): every site of the changed files; the sites that were
 * resolved into them; the sites whose target is a name they define, now
 * or before; and, when modules appear or disappear or class bases change,
 * every site of the files importing them (an alias may now mean something
 * else). Returns true when everything must be resolved. */
static bool plan_incremental(resolver *r, model *m, u32_list *todo, int *code, codira_error *err)
{
    const char *const *changed = (const char *const *)r->changed.items;
    size_t n_changed = r->changed.len;
    *code = model_load_files(m, changed, n_changed, LOAD_FILE, err);
    if (*code) return false;
    strmap new_shape = {0}, names = {0}, modules = {0}, new_modules = {0}, paths = {0};
    /* names the changed files define, now and before (only they are loaded yet) */
    for (size_t i = 0; i < m->syms.len; i++) {
        const gsym *g = &m->syms.items[i];
        set_add(r, &names, g->name);
        if (g->kind == SK_MODULE) set_add(r, &new_modules, g->name);
    }
    for (size_t i = 0; i < r->old_names.cap; i++)
        if (r->old_names.keys[i]) set_add(r, &names, r->old_names.keys[i]);
    bool modules_changed = false;
    for (size_t i = 0; i < new_modules.cap; i++)
        if (new_modules.keys[i]) {
            set_add(r, &modules, new_modules.keys[i]);
            modules_changed |= !strmap_get(&r->old_modules, new_modules.keys[i], NULL);
        }
    for (size_t i = 0; i < r->old_modules.cap; i++)
        if (r->old_modules.keys[i]) {
            set_add(r, &modules, r->old_modules.keys[i]);
            modules_changed |= !strmap_get(&new_modules, r->old_modules.keys[i], NULL);
        }

    for (size_t i = 0; i < n_changed; i++) shape_of(m, changed[i], &new_shape, r);
    bool bases_changed = false;
    bool full = needs_full(r, m, &new_shape, &bases_changed, code, err);
    if (full || *code) goto done;

    for (size_t i = 0; i < n_changed; i++) set_add(r, &paths, changed[i]);
    if (modules_changed || bases_changed) {
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
    if (!*code) *code = model_load_files(m, path_list.items, path_list.len, LOAD_SITES, err);
    if (!*code && name_list.len) {
        codira_graph_scope sc = {sizeof(sc), 0, NULL, 0, name_list.items, name_list.len, 0, NULL, 0};
        *code = model_load_sites(m, &sc, err);
    }
    /* the sites resolved into the changed files, as read before the run;
     * those of changed files were replaced and are loaded above */
    i64map linked = {0};
    strmap changed_set = {0};
    for (size_t i = 0; i < n_changed; i++) set_add(r, &changed_set, changed[i]);
    for (size_t i = 0; !*code && i < r->linked.len; i++) {
        const codira_graph_site *g = r->linked.items[i];
        if (strmap_get(&changed_set, g->path, NULL)) continue;
        model_add_site(m, g);
        i64map_put(&linked, g->id, 1);
    }
    for (size_t i = 0; !*code && i < m->sites.len; i++) {
        const gsite *s = &m->sites.items[i];
        if (strmap_get(&paths, m->files.items[s->file].path, NULL) ||
            strmap_get(&names, s->target, NULL) || i64map_get(&linked, s->id, NULL))
            VEC_PUSH(*todo, (uint32_t)i);
    }
    if (getenv("CODIRA_DEBUG"))
        notice("resolve: %zu files whole, %zu names, %zu linked sites, %zu sites to resolve",
               paths.len, names.len, linked.len, todo->len);
    i64map_free(&linked);
    strmap_free(&changed_set);
    VEC_FREE(path_list);
    VEC_FREE(name_list);
done:
    strmap_free(&new_shape);
    strmap_free(&names);
    strmap_free(&modules);
    strmap_free(&new_modules);
    strmap_free(&paths);
    return full;
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

/* CODIRA_DEBUG=1: how long each step of the resolution took. */
static void step(const char *name, int64_t *t)
{
    int64_t now = monotonic_ns();
    if (getenv("CODIRA_DEBUG")) notice("resolve %-8s %7.1f ms", name, (now - *t) / 1e6);
    *t = now;
}

/* Resolutions on their way to the backend, in batches. */
typedef struct link_writer {
    resolver *r;
    resolve_stats *stats;
    VEC(codira_link) batch;
    VEC(strbuf) cands;       /* one per link of the batch */
    arena labels;            /* label strings of the batch */
} link_writer;

static int flush_links(link_writer *w, codira_error *err)
{
    int code = w->batch.len ? w->r->be->session_store_links(w->r->s, w->batch.items, w->batch.len, err)
                            : CODIRA_OK;
    w->batch.len = 0;
    arena_free(&w->labels);
    arena_init(&w->labels);
    return code;
}

/* Resolve one site (of model m) and queue its link. */
static int resolve_site(link_writer *w, model *m, const gsite *site, codira_error *err)
{
    resolution res = {CODIRA_LINK_UNRESOLVED, -1, {0}, 0, NULL, NULL};
    int code;
    switch (m->files.items[site->file].scheme) {
    case SCHEME_PYTHON: code = resolve_python(m, site, &res, err); break;
    case SCHEME_C: code = resolve_c(m, site, &res, err); break;
    case SCHEME_BASH: code = resolve_bash(m, site, &res, err); break;
    case SCHEME_CPP: code = resolve_cpp(m, site, &res, err); break;
    default: code = resolve_generic(m, site, &res, err); break;
    }
    if (code) return code;
    w->stats->sites++;
    if (res.status == CODIRA_LINK_RESOLVED) w->stats->resolved++;
    else if (res.status == CODIRA_LINK_AMBIGUOUS) w->stats->ambiguous++;
    if (w->batch.len == w->cands.len) {
        strbuf sb;
        sb_init(&sb);
        VEC_PUSH(w->cands, sb);
    }
    codira_link l;
    make_link(m, site, &res, &l, &w->cands.items[w->batch.len]);
    /* labels may point into the site, which may not outlive this call */
    if (l.label_kind.ptr) l.label_kind.ptr = arena_strndup(&w->labels, l.label_kind.ptr, l.label_kind.len);
    if (l.label_name.ptr) l.label_name.ptr = arena_strndup(&w->labels, l.label_name.ptr, l.label_name.len);
    VEC_PUSH(w->batch, l);
    return w->batch.len == 4096 ? flush_links(w, err) : CODIRA_OK;
}

typedef struct stream_state {
    link_writer *w;
    model *m;
    codira_error *err;
    int code;
} stream_state;

static int on_stream_site(void *ctx, const gsite *site)
{
    stream_state *st = ctx;
    st->code = resolve_site(st->w, st->m, site, st->err);
    return st->code ? 1 : 0;
}

int resolver_finish(resolver *r, resolve_stats *stats, codira_error *err)
{
    memset(stats, 0, sizeof(*stats));
    int64_t t = monotonic_ns();
    model m;
    model_init(&m, r->be, r->s);
    u32_list todo = {0};
    int code = CODIRA_OK;
    bool full = r->full;
    gather_before(r);
    if (!full && !r->changed.len) {
        model_free(&m);
        return CODIRA_OK;
    }
    if (!full) full = plan_incremental(r, &m, &todo, &code, err);
    stats->full = full;
    link_writer w = {r, stats, {0}, {0}, {0}};
    arena_init(&w.labels);
    if (!code && full) {
        /* everything: the symbols and imports in memory, the sites streamed
         * (a large repository has millions) */
        code = model_load_all(&m, err);
        step("load", &t);
        stream_state st = {&w, &m, err, CODIRA_OK};
        if (!code) code = model_stream_sites(&m, on_stream_site, &st, err);
        if (st.code) code = st.code;
    } else if (!code) {
        step("load", &t);
        if (todo.len > 1) qsort_r(todo.items, todo.len, sizeof(uint32_t), cmp_site_id, &m);
        /* bulk loads for each language, before resolving */
        u32_list py = {0}, c = {0}, sh = {0}, cpp = {0};
        for (size_t i = 0; i < todo.len; i++) {
            scheme sc = m.files.items[m.sites.items[todo.items[i]].file].scheme;
            if (sc == SCHEME_PYTHON) VEC_PUSH(py, todo.items[i]);
            else if (sc == SCHEME_C) VEC_PUSH(c, todo.items[i]);
            else if (sc == SCHEME_BASH) VEC_PUSH(sh, todo.items[i]);
            else if (sc == SCHEME_CPP) VEC_PUSH(cpp, todo.items[i]);
        }
        if (!code && py.len) code = python_prepare(&m, py.items, py.len, err);
        if (!code && c.len) code = prepare_imports_and_names(&m, c.items, c.len, err);
        if (!code && sh.len) code = prepare_imports_and_names(&m, sh.items, sh.len, err);
        if (!code && cpp.len) code = cpp_prepare(&m, cpp.items, cpp.len, err);
        if (!code) {
            /* generic sites: candidates by name */
            str_vec names = {0};
            for (size_t i = 0; i < todo.len; i++) VEC_PUSH(names, m.sites.items[todo.items[i]].target);
            code = model_load_names(&m, names.items, names.len, err);
            VEC_FREE(names);
        }
        VEC_FREE(py);
        VEC_FREE(c);
        VEC_FREE(sh);
        VEC_FREE(cpp);
        step("prepare", &t);
        for (size_t i = 0; !code && i < todo.len; i++) {
            /* rules may load more and grow m.sites: copy, never hold a pointer */
            gsite site = m.sites.items[todo.items[i]];
            code = resolve_site(&w, &m, &site, err);
        }
    }
    if (!code) code = flush_links(&w, err);
    step("rules", &t);
    for (size_t i = 0; i < w.cands.len; i++) sb_free(&w.cands.items[i]);
    VEC_FREE(w.cands);
    VEC_FREE(w.batch);
    arena_free(&w.labels);
    VEC_FREE(todo);
    model_free(&m);
    return code;
}
