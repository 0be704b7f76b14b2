/*
 * cpp_rules.c - resolving C++ call and reference sites. Qualified names
 * use `::`; a site's `base` holds the qualifier of a qualified call
 * (`ns::f()`: base "ns", target "f") or the receiver of a member call
 * (`p->f()`: base "p", target kind attribute).
 *
 *   1. `this->f()`, and a plain `f()` inside a method: a method f of the
 *      method's own class (its qualified name minus the last part), then
 *      of its bases (the class's `base_class` references, followed
 *      breadth-first, a few levels deep);
 *   2. a plain `f()`: a function (or a class: a constructor call) of an
 *      enclosing namespace, innermost first (global scope excluded);
 *   3. then the C rules (c_rules.c): a macro in view, the same file, the
 *      headers included transitively, a unique definition - C functions
 *      and global C++ ones (`extern "C"`) alike;
 *   4. `a::b::f()`: the functions, methods and classes whose qualified
 *      name ends with `a::b::f`; `std::...` keeps its label (C++:<std>);
 *   5. `obj.f()`, `p->f()`: the method f when every method of that name
 *      in the repository belongs to one class; several classes: ambiguous
 *      (up to 16 candidates); none: the label (C++:<member>) stays;
 *   6. base-class references: the class or struct of that name (suffix of
 *      the qualified name when qualified).
 * Among candidates sharing one qualified name, definitions are preferred:
 * a method declared in a header and defined in a source file resolves to
 * the source file's symbol (only the source's symbols are kept when there
 * are both); in the same file, or in a file seen through its includes,
 * before others.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

#define BASE_DEPTH 8

/* The resolved bases of the classes met so far, all in one list: a
 * class's are `flat[at .. at + n)`. */
typedef struct base_span {
    uint32_t at, n;
} base_span;

struct cpp_cache {
    i64map span_of;           /* class id -> 1 + index into spans, 0 = in progress */
    VEC(base_span) spans;
    u32_list flat;
    strbuf sb;
};

void cpp_cache_free(struct cpp_cache *c);
void cpp_cache_free(struct cpp_cache *c)
{
    if (c) {
        i64map_free(&c->span_of);
        VEC_FREE(c->spans);
        VEC_FREE(c->flat);
        sb_free(&c->sb);
    }
    free(c);
}

static struct cpp_cache *cache(model *m)
{
    if (m->cpp) return m->cpp;
    m->cpp = xcalloc(1, sizeof(*m->cpp));
    return m->cpp;
}

int cpp_prepare(model *m, const uint32_t *sites, size_t n, codira_error *err)
{
    /* the sites' own files (owners and their qualified names), then what
     * the C rules load */
    uint8_t *marked = xcalloc(m->files.len ? m->files.len : 1, 1);
    VEC(const char *) files = {0};
    for (size_t i = 0; i < n; i++) {
        uint32_t f = m->sites.items[sites[i]].file;
        if (marked[f]) continue;
        marked[f] = 1;
        VEC_PUSH(files, m->files.items[f].path);
    }
    free(marked);
    int code = model_load_files(m, files.items, files.len, LOAD_SYMBOLS | LOAD_IMPORTS, err);
    VEC_FREE(files);
    if (!code) code = prepare_imports_and_names(m, sites, n, err);
    return code;
}

static bool is_cpp_sym(const model *m, const gsym *g)
{
    return m->files.items[g->file].scheme == SCHEME_CPP;
}

/* a source file (definitions), not a header */
static bool is_source(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/')) return false;
    static const char *const exts[] = {".cc", ".cpp", ".cxx", ".c++", ".c", ".C"};
    for (size_t i = 0; i < sizeof(exts) / sizeof(*exts); i++)
        if (strcmp(dot, exts[i]) == 0) return true;
    return false;
}

/* `a::b::c` ends with `b::c` at a `::` boundary */
static bool qual_ends_with(const char *q, const char *suffix)
{
    size_t lq = strlen(q), ls = strlen(suffix);
    if (ls > lq) return false;
    if (strcmp(q + lq - ls, suffix) != 0) return false;
    return ls == lq || (lq - ls >= 2 && q[lq - ls - 1] == ':' && q[lq - ls - 2] == ':');
}

/* the length of the scope part of a qualified name (`a::b` of `a::b::f`) */
static size_t scope_len(const char *q)
{
    const char *last = NULL;
    for (const char *p = strstr(q, "::"); p; p = strstr(p + 2, "::")) last = p;
    return last ? (size_t)(last - q) : 0;
}

/* Keep, among candidates, the preferred ones: per qualified name, source
 * files over headers; then those of the site's file, else those the file
 * includes, else all. */
static size_t prefer_source(model *m, uint32_t *cand, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const gsym *g = &m->syms.items[cand[i]];
        bool drop = false;
        if (!is_source(m->files.items[g->file].path)) {
            for (size_t j = 0; j < n && !drop; j++) {
                const gsym *o = &m->syms.items[cand[j]];
                drop = j != i && o->qualname == g->qualname && is_source(m->files.items[o->file].path);
            }
        }
        if (!drop) cand[k++] = cand[i];
    }
    return k;
}

static size_t prefer(model *m, const gsite *s, uint32_t *cand, size_t n)
{
    if (n <= 1) return n;
    n = prefer_source(m, cand, n);
    size_t k, here = 0, seen = 0;
    for (size_t i = 0; i < n; i++) {
        const gsym *g = &m->syms.items[cand[i]];
        if (g->file == s->file) here++;
        else if (c_visible(m, s->file, g->file)) seen++;
    }
    if (here || seen) {
        k = 0;
        for (size_t i = 0; i < n; i++) {
            const gsym *g = &m->syms.items[cand[i]];
            bool keep = here ? g->file == s->file : c_visible(m, s->file, g->file);
            if (keep) cand[k++] = cand[i];
        }
        n = k;
    }
    return n;
}

static bool callable_kind(uint8_t k)
{
    return k == SK_FUNCTION || k == SK_METHOD || k == SK_CLASS || k == SK_STRUCT;
}

/* Symbols named `name` whose qualified name is exactly `qual`, of the
 * given kinds (NULL: callable ones). */
static size_t with_qual(model *m, const char *name, const char *qual, bool methods_only,
                        uint32_t *out)
{
    size_t n = 0;
    for (int32_t i = model_first_named(m, name); i >= 0; i = m->syms.items[i].next_same_name) {
        const gsym *g = &m->syms.items[i];
        if (!is_cpp_sym(m, g)) continue;
        if (methods_only ? g->kind != SK_METHOD : !callable_kind(g->kind)) continue;
        if (strcmp(g->qualname, qual) != 0) continue;
        if (n < MAX_CANDIDATES) out[n++] = (uint32_t)i;
    }
    return n;
}

/* The classes (or structs) a qualified class name designates. */
static size_t classes_named(model *m, const char *qual, uint32_t *out, codira_error *err, int *code)
{
    size_t sl = scope_len(qual);
    const char *name = sl ? qual + sl + 2 : qual;
    *code = model_load_names(m, &name, 1, err);
    size_t n = 0;
    for (int32_t i = model_first_named(m, name); !*code && i >= 0; i = m->syms.items[i].next_same_name) {
        const gsym *g = &m->syms.items[i];
        if ((g->kind == SK_CLASS || g->kind == SK_STRUCT) && is_cpp_sym(m, g) &&
            strcmp(g->qualname, qual) == 0 && n < MAX_CANDIDATES)
            out[n++] = (uint32_t)i;
    }
    return n;
}

/* The classes a base-class reference names, seen from `from` (a class):
 * the qualified names ending with `base::target`, preferring the one in
 * the class's own namespaces. */
static size_t resolve_base(model *m, uint32_t file, const char *scope, const char *base,
                           const char *target, uint32_t *out, codira_error *err, int *code)
{
    *code = model_load_names(m, &target, 1, err);
    if (*code) return 0;
    struct cpp_cache *cc = cache(m);
    strbuf *sb = &cc->sb;
    sb_clear(sb);
    if (*base) sb_addf(sb, "%s::", base);
    sb_adds(sb, target);
    char *suffix = xstrdup(sb_str(sb));
    uint32_t all[MAX_CANDIDATES];
    size_t n = 0;
    for (int32_t i = model_first_named(m, target); i >= 0; i = m->syms.items[i].next_same_name) {
        const gsym *g = &m->syms.items[i];
        if ((g->kind != SK_CLASS && g->kind != SK_STRUCT) || !is_cpp_sym(m, g)) continue;
        if (!qual_ends_with(g->qualname, suffix)) continue;
        if (n < MAX_CANDIDATES) all[n++] = (uint32_t)i;
    }
    /* innermost enclosing namespace first */
    size_t best = 0;
    char *sc = xstrdup(scope);
    for (;;) {
        sb_clear(sb);
        if (*sc) sb_addf(sb, "%s::", sc);
        sb_adds(sb, suffix);
        for (size_t i = 0; i < n; i++)
            if (strcmp(m->syms.items[all[i]].qualname, sb_str(sb)) == 0) out[best++] = all[i];
        if (best || !*sc) break;
        sc[scope_len(sc)] = '\0';
    }
    free(sc);
    free(suffix);
    if (!best) {
        for (size_t i = 0; i < n; i++) out[i] = all[i];
        best = n;
    }
    (void)file;
    return best;
}

/* The resolved bases of a class symbol (class indices), appended to `into`. */
static void class_bases(model *m, uint32_t cls, u32_list *into, codira_error *err, int *code)
{
    struct cpp_cache *cc = cache(m);
    int64_t id = m->syms.items[cls].id;
    uint32_t at;
    if (i64map_get(&cc->span_of, id, &at)) {
        if (!at) return; /* a cycle */
        base_span sp = cc->spans.items[at - 1];
        for (uint32_t i = 0; i < sp.n; i++) VEC_PUSH(*into, cc->flat.items[sp.at + i]);
        return;
    }
    i64map_put(&cc->span_of, id, 0);
    const char *path = m->files.items[m->syms.items[cls].file].path;
    if (!m->structural_sites) *code = model_load_files(m, &path, 1, LOAD_FILE, err);
    base_span sp = {(uint32_t)cc->flat.len, 0};
    uint32_t file = m->syms.items[cls].file;
    char *scope = xstrndup(m->syms.items[cls].qualname, scope_len(m->syms.items[cls].qualname));
    for (size_t k = 0; !*code && k < m->files.items[file].sites.len; k++) {
        gsite s = m->sites.items[m->files.items[file].sites.items[k]];
        if (s.owner_id != id || strcmp(s.ref_kind, "base_class") != 0) continue;
        char *base = xstrdup(s.base), *target = xstrdup(s.target);
        uint32_t found[MAX_CANDIDATES];
        size_t n = resolve_base(m, file, scope, base, target, found, err, code);
        for (size_t i = 0; i < n; i++) {
            if (found[i] == cls) continue;
            VEC_PUSH(cc->flat, found[i]);
            VEC_PUSH(*into, found[i]);
            sp.n++;
        }
        free(base);
        free(target);
    }
    free(scope);
    VEC_PUSH(cc->spans, sp);
    i64map_put(&cc->span_of, id, (uint32_t)cc->spans.len);
}


/* Methods `name` of the class `cls_qual` or of its bases, breadth-first. */
static size_t class_methods(model *m, const char *cls_qual, const char *name, uint32_t *out,
                            codira_error *err, int *code)
{
    struct cpp_cache *cc = cache(m);
    sb_clear(&cc->sb);
    sb_addf(&cc->sb, "%s::%s", cls_qual, name);
    char *q = xstrdup(sb_str(&cc->sb));
    size_t n = with_qual(m, name, q, true, out);
    free(q);
    if (n) return n;
    /* the bases: from every symbol of the class (a header's and a source's) */
    u32_list level = {0}, next = {0};
    uint32_t cls[MAX_CANDIDATES];
    size_t nc = classes_named(m, cls_qual, cls, err, code);
    for (size_t i = 0; i < nc; i++) VEC_PUSH(level, cls[i]);
    for (int depth = 0; depth < BASE_DEPTH && level.len && !n && !*code; depth++) {
        next.len = 0;
        for (size_t i = 0; i < level.len && !*code; i++) class_bases(m, level.items[i], &next, err, code);
        for (size_t i = 0; i < next.len && !*code; i++) {
            sb_clear(&cc->sb);
            sb_addf(&cc->sb, "%s::%s", m->syms.items[next.items[i]].qualname, name);
            q = xstrdup(sb_str(&cc->sb));
            uint32_t got[MAX_CANDIDATES];
            size_t k = with_qual(m, name, q, true, got);
            free(q);
            for (size_t j = 0; j < k && n < MAX_CANDIDATES; j++) {
                bool dup = false;
                for (size_t d = 0; d < n; d++) dup |= out[d] == got[j];
                if (!dup) out[n++] = got[j];
            }
        }
        u32_list t = level;
        level = next;
        next = t;
    }
    VEC_FREE(level);
    VEC_FREE(next);
    return n;
}

/* `unit.area()` where the analyzer knew `unit`'s declared type (`Circle
 * unit{...}`, `const Shape &unit`): it wrote the type as the site's base.
 * The methods of that class (seen from the caller's namespaces) or of its
 * bases; 0 when the base names no class of the repository. */
static size_t typed_receiver(model *m, const gsite *s, const char *own_scope, uint32_t *out,
                             codira_error *err, int *code)
{
    if (!isalpha((unsigned char)*s->base) && *s->base != '_') return 0;
    for (const char *p = s->base; *p; p++) /* a name, not `a.b`, `f()`, `(*p)` */
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != ':') return 0;
    size_t sl = scope_len(s->base);
    char *base = xstrndup(s->base, sl), *name = xstrdup(sl ? s->base + sl + 2 : s->base);
    uint32_t cls[MAX_CANDIDATES];
    size_t nc = resolve_base(m, s->file, own_scope, base, name, cls, err, code);
    free(base);
    free(name);
    size_t n = 0;
    /* one class (its header and source symbols share the qualified name) */
    for (size_t i = 1; i < nc; i++)
        if (strcmp(m->syms.items[cls[i]].qualname, m->syms.items[cls[0]].qualname) != 0) return 0;
    if (nc && !*code) {
        char *q = xstrdup(m->syms.items[cls[0]].qualname);
        n = class_methods(m, q, s->target, out, err, code);
        free(q);
    }
    return n;
}


int resolve_cpp(model *m, const gsite *s, resolution *out, codira_error *err)
{
    if (s->target_kind == CODIRA_TARGET_UNRESOLVED || !*s->target) return CODIRA_OK;
    if (strcmp(s->ext_kind, "C++:<function-pointer>") == 0) return CODIRA_OK;
    int code = CODIRA_OK;
    uint32_t cand[MAX_CANDIDATES];
    size_t n = 0;
    /* the owner: its class (when a method) and its namespaces */
    uint32_t oi;
    const gsym *owner = model_sym_index(m, s->owner_id, &oi) ? &m->syms.items[oi] : NULL;
    char *own_scope = owner ? xstrndup(owner->qualname, scope_len(owner->qualname)) : xstrdup("");
    bool in_method = owner && owner->kind == SK_METHOD && *own_scope;

    if (strcmp(s->ref_kind, "base_class") == 0) {
        char *scope = xstrdup(own_scope);
        n = resolve_base(m, s->file, scope, s->base, s->target, cand, err, &code);
        free(scope);
        if (!code) resolution_from(out, cand, prefer(m, s, cand, n));
        free(own_scope);
        return code;
    }

    if (s->target_kind == CODIRA_TARGET_ATTRIBUTE) {
        if (strcmp(s->base, "this") == 0 || strcmp(s->base, "(*this)") == 0) {
            if (in_method) n = class_methods(m, own_scope, s->target, cand, err, &code);
        } else if ((n = typed_receiver(m, s, own_scope, cand, err, &code)) > 0 || code) {
            /* the receiver's declared class (or its bases) has the method */
        } else {
            /* every method of that name: one class, or ambiguous */
            for (int32_t i = model_first_named(m, s->target); i >= 0 && n <= MAX_CANDIDATES;
                 i = m->syms.items[i].next_same_name) {
                const gsym *g = &m->syms.items[i];
                if (g->kind != SK_METHOD || !is_cpp_sym(m, g)) continue;
                if (n == MAX_CANDIDATES) {
                    n++; /* too many: no guess */
                    break;
                }
                cand[n++] = (uint32_t)i;
            }
            if (n > MAX_CANDIDATES) n = 0;
            /* one class's method (declared and defined): resolved; the
             * methods of several classes: ambiguous, whatever file */
            n = prefer_source(m, cand, n);
            bool one = true;
            for (size_t i = 1; i < n; i++) one &= m->syms.items[cand[i]].qualname == m->syms.items[cand[0]].qualname;
            if (!one) {
                resolution_from(out, cand, n);
                free(own_scope);
                return CODIRA_OK;
            }
        }
        if (!code) resolution_from(out, cand, prefer(m, s, cand, n));
        free(own_scope);
        return code;
    }

    if (*s->base) {
        /* qualified: `ns::f`, `Class::static_f`; std keeps its label */
        if (strcmp(s->base, "std") == 0 || strncmp(s->base, "std::", 5) == 0) {
            free(own_scope);
            return CODIRA_OK;
        }
        struct cpp_cache *cc = cache(m);
        sb_clear(&cc->sb);
        sb_addf(&cc->sb, "%s::%s", s->base, s->target);
        char *suffix = xstrdup(sb_str(&cc->sb));
        for (int32_t i = model_first_named(m, s->target); i >= 0; i = m->syms.items[i].next_same_name) {
            const gsym *g = &m->syms.items[i];
            if (!callable_kind(g->kind) || !is_cpp_sym(m, g)) continue;
            if (qual_ends_with(g->qualname, suffix) && n < MAX_CANDIDATES) cand[n++] = (uint32_t)i;
        }
        /* several: the one seen from the caller's namespaces */
        if (n > 1) {
            char *sc = xstrdup(own_scope);
            for (;;) {
                sb_clear(&cc->sb);
                if (*sc) sb_addf(&cc->sb, "%s::", sc);
                sb_adds(&cc->sb, suffix);
                size_t k = 0;
                for (size_t i = 0; i < n; i++)
                    if (strcmp(m->syms.items[cand[i]].qualname, sb_str(&cc->sb)) == 0) k++;
                if (k) {
                    size_t j = 0;
                    for (size_t i = 0; i < n; i++)
                        if (strcmp(m->syms.items[cand[i]].qualname, sb_str(&cc->sb)) == 0) cand[j++] = cand[i];
                    n = j;
                    break;
                }
                if (!*sc) break;
                sc[scope_len(sc)] = '\0';
            }
            free(sc);
        }
        free(suffix);
        resolution_from(out, cand, prefer(m, s, cand, n));
        free(own_scope);
        return CODIRA_OK;
    }

    /* a plain name: own class (and bases), enclosing namespaces, C rules */
    if (in_method) {
        n = class_methods(m, own_scope, s->target, cand, err, &code);
        if (!code && n) {
            resolution_from(out, cand, prefer(m, s, cand, n));
            free(own_scope);
            return CODIRA_OK;
        }
    }
    char *sc = xstrdup(own_scope);
    while (!code && *sc && !n) {
        struct cpp_cache *cc = cache(m);
        sb_clear(&cc->sb);
        sb_addf(&cc->sb, "%s::%s", sc, s->target);
        char *q = xstrdup(sb_str(&cc->sb));
        n = with_qual(m, s->target, q, false, cand);
        free(q);
        /* methods are not reached by a plain name from outside their class */
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (m->syms.items[cand[i]].kind != SK_METHOD) cand[k++] = cand[i];
        n = k;
        sc[scope_len(sc)] = '\0';
    }
    free(sc);
    free(own_scope);
    if (code) return code;
    if (n) {
        resolution_from(out, cand, prefer(m, s, cand, n));
        return CODIRA_OK;
    }
    code = resolve_c(m, s, out, err);
    /* the C rules label macros "C:<macro>" */
    if (out->label_kind && strcmp(out->label_kind, "C:<macro>") == 0) out->label_kind = "C++:<macro>";
    return code;
}
