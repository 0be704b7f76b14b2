/*
 * python_rules.c - resolving Python call and reference sites the way
 * Python binds names at the site:
 *   - a name: the enclosing function scopes, innermost first, then the
 *     module (a class body is not a scope for its methods), then the
 *     file's imports (`import a.b` binds a, `from a import b` binds b,
 *     `as` binds the alias), then names star-imported from repository
 *     modules;
 *   - a dotted name: its first part as above, then members: a module's
 *     top-level definitions and submodules, a class's members and those of
 *     its bases (inherited methods, bases in declaration order, depth
 *     first);
 *   - self.x and cls.x: a member of the enclosing class or of its bases;
 *   - calling a class calls its constructor: the class is the target.
 * Names imported from outside the repository are labelled
 * Python:<external> with their full dotted name (builtins and the
 * standard library keep the analyzer's labels).
 */
#include <stdlib.h>
#include <string.h>

#include "rules.h"

typedef enum bkind { B_NONE, B_SYM, B_MODULE, B_EXTERNAL, B_AMBIG } bkind;

/* What a name or dotted path denotes. */
typedef struct binding {
    bkind kind;
    int32_t sym;            /* B_SYM: the symbol; B_MODULE: the module symbol */
    const char *external;   /* B_EXTERNAL: full dotted name */
    uint32_t cand[MAX_CANDIDATES];
    size_t n;               /* B_AMBIG */
} binding;

#define MAX_DEPTH 32 /* class hierarchies and dotted paths deeper than this are not followed */

struct py_cache {
    i64map bases_at;        /* class id -> index into `bases` + 1 (0: being resolved) */
    VEC(u32_list) bases;
    strbuf sb;
};

void py_cache_free(struct py_cache *p);
void py_cache_free(struct py_cache *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->bases.len; i++) VEC_FREE(p->bases.items[i]);
    VEC_FREE(p->bases);
    i64map_free(&p->bases_at);
    sb_free(&p->sb);
    free(p);
}

static struct py_cache *cache(model *m)
{
    if (!m->py) {
        m->py = xcalloc(1, sizeof(*m->py));
        sb_init(&m->py->sb);
    }
    return m->py;
}

static int load_name(model *m, const char *name, codira_error *err)
{
    return model_load_names(m, &name, 1, err);
}

/* The module symbol called `name`, or -1. */
static int32_t module_named(model *m, const char *name, int *code, codira_error *err)
{
    *code = load_name(m, name, err);
    for (int32_t i = model_first_named(m, name); i >= 0; i = m->syms.items[i].next_same_name)
        if (m->syms.items[i].kind == SK_MODULE &&
            m->files.items[m->syms.items[i].file].scheme == SCHEME_PYTHON)
            return i; /* `import diff` never means diff.c */
    return -1;
}

/* Children of `parent` called `name` into b (one: B_SYM, several: B_AMBIG). */
static bool children_named(model *m, int64_t parent, const char *name, binding *b)
{
    size_t n = 0;
    int32_t first = -1;
    for (int32_t i = model_first_child(m, parent, name); i >= 0; i = m->syms.items[i].next_same_slot) {
        if (m->syms.items[i].parent_id != parent || strcmp(m->syms.items[i].name, name) != 0) continue;
        if (first < 0) first = i;
        if (n < MAX_CANDIDATES) b->cand[n] = (uint32_t)i;
        n++;
    }
    if (!n) return false;
    if (n == 1) {
        b->kind = B_SYM;
        b->sym = first;
    } else {
        b->kind = B_AMBIG;
        b->n = n < MAX_CANDIDATES ? n : MAX_CANDIDATES;
    }
    return true;
}

static int class_member(model *m, int32_t cls, const char *name, binding *out, int depth,
                        codira_error *err);
static int lookup_name(model *m, uint32_t file, int32_t owner, const char *name, binding *out,
                       codira_error *err);
static int resolve_dotted(model *m, const char *dotted, binding *out, codira_error *err);

/* A member of what `b` denotes, replacing b. */
static int member_of(model *m, binding *b, const char *seg, codira_error *err)
{
    int code = CODIRA_OK;
    if (b->kind == B_MODULE) {
        const gsym *mod = &m->syms.items[b->sym];
        binding r = {0};
        code = load_name(m, seg, err);
        if (!code && children_named(m, mod->id, seg, &r)) {
            *b = r;
            return CODIRA_OK;
        }
        struct py_cache *pc = cache(m);
        sb_clear(&pc->sb);
        sb_addf(&pc->sb, "%s.%s", mod->name, seg);
        char *sub = xstrdup(pc->sb.buf);
        int32_t s = module_named(m, sub, &code, err);
        free(sub);
        if (s >= 0) b->sym = s;
        else b->kind = B_NONE;
    } else if (b->kind == B_SYM && m->syms.items[b->sym].kind == SK_CLASS) {
        binding r = {0};
        code = class_member(m, b->sym, seg, &r, 0, err);
        *b = r;
    } else if (b->kind == B_EXTERNAL) {
        struct py_cache *pc = cache(m);
        sb_clear(&pc->sb);
        sb_addf(&pc->sb, "%s.%s", b->external, seg);
        b->external = model_intern(m, pc->sb.buf);
    } else {
        b->kind = B_NONE;
    }
    return code;
}

/* The resolved bases of a class (symbol indices of classes). */
static int class_bases(model *m, int32_t cls, const u32_list **out, codira_error *err)
{
    struct py_cache *pc = cache(m);
    static const u32_list none = {0};
    *out = &none;
    int64_t id = m->syms.items[cls].id;
    uint32_t at;
    if (i64map_get(&pc->bases_at, id, &at)) {
        if (at) *out = &pc->bases.items[at - 1];
        return CODIRA_OK; /* at == 0: a cycle; no bases on this path */
    }
    i64map_put(&pc->bases_at, id, 0);
    const char *path = m->files.items[m->syms.items[cls].file].path;
    int code = m->structural_sites ? CODIRA_OK : model_load_files(m, &path, 1, LOAD_FILE, err);
    u32_list list = {0};
    uint32_t file = m->syms.items[cls].file;
    int64_t scope = m->syms.items[cls].parent_id;
    uint32_t scope_index;
    int32_t scope_sym = model_sym_index(m, scope, &scope_index) ? (int32_t)scope_index : -1;
    for (size_t k = 0; !code && k < m->files.items[file].sites.len; k++) {
        gsite s = m->sites.items[m->files.items[file].sites.items[k]];
        if (s.owner_id != id || strcmp(s.ref_kind, "base_class") != 0) continue;
        binding b = {0};
        if (s.target_kind == CODIRA_TARGET_NAME) {
            code = lookup_name(m, file, scope_sym, s.target, &b, err);
        } else if (s.target_kind == CODIRA_TARGET_ATTRIBUTE && *s.base) {
            /* `pkg.mod.Base`: the base path, then the last part */
            struct py_cache *pc2 = cache(m);
            sb_clear(&pc2->sb);
            sb_adds(&pc2->sb, s.base);
            char *path_copy = xstrdup(pc2->sb.buf);
            char *save = NULL, *seg = strtok_r(path_copy, ".", &save);
            code = lookup_name(m, file, scope_sym, seg, &b, err);
            while (!code && (seg = strtok_r(NULL, ".", &save))) code = member_of(m, &b, seg, err);
            free(path_copy);
            if (!code) code = member_of(m, &b, s.target, err);
        }
        if (!code && b.kind == B_SYM && m->syms.items[b.sym].kind == SK_CLASS && b.sym != cls)
            VEC_PUSH(list, (uint32_t)b.sym);
    }
    VEC_PUSH(pc->bases, list);
    i64map_put(&pc->bases_at, id, (uint32_t)pc->bases.len);
    *out = &pc->bases.items[pc->bases.len - 1];
    return code;
}

static int class_member(model *m, int32_t cls, const char *name, binding *out, int depth,
                        codira_error *err)
{
    int code = load_name(m, name, err);
    if (code) return code;
    if (children_named(m, m->syms.items[cls].id, name, out)) return CODIRA_OK;
    if (depth >= MAX_DEPTH) return CODIRA_OK;
    const u32_list *bases;
    code = class_bases(m, cls, &bases, err);
    /* copy: resolving a base can grow the cache */
    u32_list copy = {0};
    for (size_t i = 0; i < bases->len; i++) VEC_PUSH(copy, bases->items[i]);
    for (size_t i = 0; !code && i < copy.len && out->kind == B_NONE; i++)
        code = class_member(m, (int32_t)copy.items[i], name, out, depth + 1, err);
    VEC_FREE(copy);
    return code;
}

static int resolve_dotted(model *m, const char *dotted, binding *out, codira_error *err)
{
    int code = CODIRA_OK;
    char *buf = xstrdup(dotted);
    size_t len = strlen(buf);
    /* the longest prefix that is a module of the repository */
    for (size_t end = len; end > 0;) {
        buf[end] = '\0';
        int32_t mod = module_named(m, buf, &code, err);
        if (code) break;
        if (mod >= 0) {
            out->kind = B_MODULE;
            out->sym = mod;
            char *save = NULL;
            for (char *seg = end < len ? strtok_r(buf + end + 1, ".", &save) : NULL;
                 seg && !code && out->kind != B_NONE; seg = strtok_r(NULL, ".", &save))
                code = member_of(m, out, seg, err);
            free(buf);
            return code;
        }
        if (end < len) buf[end] = '.';
        char *dot = memrchr(buf, '.', end);
        end = dot ? (size_t)(dot - buf) : 0;
    }
    free(buf);
    if (!code && strcmp(dotted, "*") != 0) {
        out->kind = B_EXTERNAL;
        out->external = model_intern(m, dotted);
    }
    return code;
}

/* What `name` means inside `owner` (a symbol index, -1 for module level). */
static int lookup_name(model *m, uint32_t file, int32_t owner, const char *name, binding *out,
                       codira_error *err)
{
    int code = load_name(m, name, err);
    if (code) return code;
    if (owner < 0) owner = m->files.items[file].module_sym;
    bool first = true;
    for (int32_t cur = owner; cur >= 0;) {
        const gsym *o = &m->syms.items[cur];
        bool is_scope = o->kind == SK_MODULE || o->kind == SK_FUNCTION || o->kind == SK_METHOD ||
                        (o->kind == SK_CLASS && first);
        if (is_scope && children_named(m, o->id, name, out)) return CODIRA_OK;
        first = false;
        uint32_t pi;
        if (!o->parent_id || !model_sym_index(m, o->parent_id, &pi)) break;
        cur = (int32_t)pi;
    }
    /* the file's imports; star imports last */
    const gfile *f = &m->files.items[file];
    u32_list stars = {0};
    for (size_t i = 0; i < f->imports.len; i++) {
        const gimport *im = &m->imports.items[f->imports.items[i]];
        bool from = strcmp(im->kind, "import_from") == 0;
        if (!from && strcmp(im->kind, "import") != 0) continue;
        size_t n = strlen(im->name);
        if (n >= 2 && strcmp(im->name + n - 2, ".*") == 0) {
            VEC_PUSH(stars, f->imports.items[i]);
            continue;
        }
        const char *local, *target = im->name;
        char *top = NULL;
        if (*im->alias) {
            local = im->alias;
        } else if (from) {
            const char *dot = strrchr(im->name, '.');
            local = dot ? dot + 1 : im->name;
        } else {
            const char *dot = strchr(im->name, '.');
            top = dot ? xstrndup(im->name, (size_t)(dot - im->name)) : NULL;
            local = target = top ? top : im->name;
        }
        bool match = strcmp(local, name) == 0;
        if (match) {
            char *t = xstrdup(target);
            free(top);
            code = resolve_dotted(m, t, out, err);
            free(t);
            VEC_FREE(stars);
            return code;
        }
        free(top);
    }
    for (size_t i = 0; i < stars.len && out->kind == B_NONE && !code; i++) {
        const gimport *im = &m->imports.items[stars.items[i]];
        char *mod = xstrndup(im->name, strlen(im->name) - 2);
        binding b = {0};
        code = resolve_dotted(m, mod, &b, err);
        free(mod);
        if (!code && b.kind == B_MODULE && children_named(m, m->syms.items[b.sym].id, name, out))
            break;
        out->kind = B_NONE;
    }
    VEC_FREE(stars);
    return code;
}

/* The class whose code contains `owner`, or -1. */
static int32_t enclosing_class(const model *m, int32_t owner)
{
    for (int32_t cur = owner; cur >= 0;) {
        const gsym *o = &m->syms.items[cur];
        if (o->kind == SK_CLASS) return cur;
        uint32_t pi;
        if (!o->parent_id || !model_sym_index(m, o->parent_id, &pi)) break;
        cur = (int32_t)pi;
    }
    return -1;
}

/* Turn what the site names into its resolution. */
static void finish(model *m, const gsite *s, const binding *b, resolution *out)
{
    if (b->kind == B_SYM && sym_callable(&m->syms.items[b->sym])) {
        uint32_t one = (uint32_t)b->sym;
        resolution_from(out, &one, 1);
    } else if (b->kind == B_AMBIG) {
        uint32_t callable[MAX_CANDIDATES];
        size_t n = 0;
        for (size_t i = 0; i < b->n; i++)
            if (sym_callable(&m->syms.items[b->cand[i]])) callable[n++] = b->cand[i];
        resolution_from(out, callable, n);
    } else if (b->kind == B_EXTERNAL && strcmp(s->ext_kind, "Python:<builtin>") != 0 &&
               strcmp(s->ext_kind, "Python:<stdlib>") != 0) {
        out->label_kind = "Python:<external>";
        out->label_name = b->external;
    }
}

int resolve_python(model *m, const gsite *s, resolution *out, codira_error *err)
{
    if (s->target_kind == CODIRA_TARGET_UNRESOLVED || !*s->target) return CODIRA_OK;
    uint32_t oi;
    int32_t owner = model_sym_index(m, s->owner_id, &oi) ? (int32_t)oi : -1;
    binding b = {0};
    int code = CODIRA_OK;
    if (s->target_kind == CODIRA_TARGET_NAME) {
        code = lookup_name(m, s->file, owner, s->target, &b, err);
        if (!code && b.kind == B_NONE && strcmp(s->target, "cls") == 0) {
            /* `cls()` in a class method builds the class */
            int32_t cls = enclosing_class(m, owner);
            if (cls >= 0) {
                b.kind = B_SYM;
                b.sym = cls;
            }
        }
    } else if (*s->base) {
        if (strcmp(s->base, "self") == 0 || strcmp(s->base, "cls") == 0) {
            int32_t cls = enclosing_class(m, owner);
            if (cls >= 0) code = class_member(m, cls, s->target, &b, 0, err);
        } else if (strcmp(s->base, "super()") == 0) {
            /* the first base (in order, depth first) that has the member */
            int32_t cls = enclosing_class(m, owner);
            const u32_list *bases = NULL;
            if (cls >= 0) code = class_bases(m, cls, &bases, err);
            u32_list copy = {0};
            for (size_t i = 0; bases && i < bases->len; i++) VEC_PUSH(copy, bases->items[i]);
            for (size_t i = 0; !code && i < copy.len && b.kind == B_NONE; i++)
                code = class_member(m, (int32_t)copy.items[i], s->target, &b, 1, err);
            VEC_FREE(copy);
        } else if (strncmp(s->base, "self.", 5) != 0 && strncmp(s->base, "cls.", 4) != 0) {
            char *path = xstrdup(s->base);
            char *save = NULL, *seg = strtok_r(path, ".", &save);
            code = lookup_name(m, s->file, owner, seg, &b, err);
            while (!code && b.kind != B_NONE && (seg = strtok_r(NULL, ".", &save)))
                code = member_of(m, &b, seg, err);
            free(path);
            if (!code && b.kind != B_NONE) code = member_of(m, &b, s->target, err);
        }
    }
    if (!code) finish(m, s, &b, out);
    return code;
}

/* Load in bulk what the sites will look at: their files, every name they
 * use, and every module their files import (all its dotted prefixes). */
int python_prepare(model *m, const uint32_t *sites, size_t n, codira_error *err)
{
    VEC(const char *) paths = {0};
    strmap seen = {0};
    for (size_t i = 0; i < n; i++) {
        const char *p = m->files.items[m->sites.items[sites[i]].file].path;
        if (strmap_put(&seen, p, 0)) VEC_PUSH(paths, p);
    }
    int code = model_load_files(m, paths.items, paths.len, LOAD_SYMBOLS | LOAD_IMPORTS, err);
    strmap_free(&seen);
    VEC(const char *) names = {0};
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; !code && i < n; i++) {
        const gsite *s = &m->sites.items[sites[i]];
        VEC_PUSH(names, s->target);
        /* the segments of the base */
        sb_clear(&sb);
        sb_adds(&sb, s->base);
        for (char *save = NULL, *seg = strtok_r(sb.buf ? sb.buf : (char *)"", ".", &save); seg;
             seg = strtok_r(NULL, ".", &save))
            VEC_PUSH(names, model_intern(m, seg));
    }
    for (size_t k = 0; !code && k < paths.len; k++) {
        const gfile *f = &m->files.items[model_file_index(m, paths.items[k])];
        for (size_t i = 0; i < f->imports.len; i++) {
            const char *name = m->imports.items[f->imports.items[i]].name;
            /* every dotted prefix may be a module; the last part a member */
            for (const char *dot = strchr(name, '.'); dot; dot = strchr(dot + 1, '.')) {
                sb_clear(&sb);
                sb_add(&sb, name, (size_t)(dot - name));
                VEC_PUSH(names, model_intern(m, sb.buf));
            }
            VEC_PUSH(names, name);
            const char *last = strrchr(name, '.');
            if (last) VEC_PUSH(names, last + 1);
        }
    }
    sb_free(&sb);
    if (!code) code = model_load_names(m, names.items, names.len, err);
    VEC_FREE(names);
    VEC_FREE(paths);
    return code;
}
