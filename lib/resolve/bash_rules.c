/*
 * bash_rules.c - resolving Bash call sites. Only Bash functions are
 * targets (a shell `make` never becomes a C function `make`):
 *   1. a function defined in the site's own file (several: the last one
 *      defined, as Bash would run);
 *   2. else a function of the files it sources, transitively (one per
 *      file, the last one defined there); several files: ambiguous;
 *   3. else, unless the analyzer labelled the name a builtin
 *      (Bash:<builtin>), the one Bash function of that name in the
 *      repository (several files: ambiguous);
 *   4. none: the analyzer's label stays (Bash:<builtin>, Bash:<external>;
 *      dynamic names are never resolved: Bash:<dynamic>).
 * `source PATH` / `. PATH` (imports of kind "source", the argument as
 * written): quotes are dropped; a static path is looked up next to the
 * sourcing script, then from the repository root, then as the one file of
 * the repository ending in /PATH; a dynamic one ("$DIR"/lib.sh,
 * ${0%%/...}/lib.sh) by its static tail after the last expansion, as the one
 * file ending in /tail.
 */
#include <stdlib.h>
#include <string.h>

#include "rules.h"

struct bash_cache {
    VEC(u32_list) sources;     /* per file index: the files it sources */
    VEC(uint8_t) sources_done;
    file_closure sourced;      /* what the file being resolved sources */
};

void bash_cache_free(struct bash_cache *c);
void bash_cache_free(struct bash_cache *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->sources.len; i++) VEC_FREE(c->sources.items[i]);
    VEC_FREE(c->sources);
    VEC_FREE(c->sources_done);
    closure_free(&c->sourced);
    free(c);
}

static struct bash_cache *cache(model *m)
{
    if (!m->bash) m->bash = xcalloc(1, sizeof(*m->bash));
    return m->bash;
}

/* The static path a `source` argument names: quotes dropped; for a
 * dynamic one, the tail after its last expansion (sets *tail_only).
 * NULL when nothing static is left. Caller frees. */
char *bash_source_path(const char *written, bool *tail_only);
char *bash_source_path(const char *written, bool *tail_only)
{
    strbuf sb;
    sb_init(&sb);
    for (const char *p = written; *p; p++)
        if (*p != '"' && *p != '\'') sb_addc(&sb, *p);
    char *s = sb_steal(&sb);
    *tail_only = false;
    const char *last = NULL;
    for (const char *p = s; *p; p++)
        if (*p == '$' || *p == '`' || *p == '~' || *p == '*' || *p == '?') last = p;
    const char *start = s;
    if (last) {
        /* after the expansion: `${...}`, `$(...)`, `$NAME`; the tail
         * starts at the next '/' */
        const char *slash = strchr(last, '/');
        if (!slash || !slash[1]) {
            free(s);
            return NULL;
        }
        start = slash + 1;
        *tail_only = true;
    }
    while (start[0] == '.' && start[1] == '/') start += 2;
    if (!*start || *start == '/' ) {
        free(s);
        return NULL;
    }
    char *out = xstrdup(start);
    free(s);
    return out;
}

static int32_t source_target(model *m, uint32_t from, const gimport *im)
{
    bool tail_only = false;
    char *rel = bash_source_path(im->name, &tail_only);
    if (!rel) return -1;
    int32_t found = -1;
    if (!tail_only) {
        const char *path = m->files.items[from].path, *slash = strrchr(path, '/');
        strbuf sb;
        sb_init(&sb);
        if (slash) sb_add(&sb, path, (size_t)(slash - path + 1));
        sb_adds(&sb, rel);
        char *norm = path_normalize_relative(sb_str(&sb));
        if (norm) found = model_file_index(m, norm);
        free(norm);
        sb_free(&sb);
        if (found < 0) {
            norm = path_normalize_relative(rel);
            if (norm) found = model_file_index(m, norm);
            free(norm);
        }
    }
    if (found < 0) {
        /* by suffix: "$DIR"/../lib/x.sh is the one file ending in lib/x.sh */
        const char *tail = rel;
        while (strncmp(tail, "../", 3) == 0) tail += 3;
        if (*tail && !strstr(tail, "../")) found = model_file_by_suffix(m, tail);
    }
    free(rel);
    return found;
}

static const u32_list *direct_sources(model *m, uint32_t file)
{
    struct bash_cache *c = cache(m);
    while (c->sources.len < m->files.len) {
        u32_list l = {0};
        VEC_PUSH(c->sources, l);
        VEC_PUSH(c->sources_done, 0);
    }
    if (!c->sources_done.items[file]) {
        c->sources_done.items[file] = 1;
        const gfile *f = &m->files.items[file];
        for (size_t i = 0; i < f->imports.len; i++) {
            const gimport *im = &m->imports.items[f->imports.items[i]];
            if (strcmp(im->kind, "source") != 0) continue;
            int32_t t = source_target(m, file, im);
            f = &m->files.items[file];
            if (t >= 0 && (uint32_t)t != file) VEC_PUSH(c->sources.items[file], (uint32_t)t);
        }
    }
    return &c->sources.items[file];
}

/* Keep one candidate per file: the last defined (highest id). */
static void add_per_file(const model *m, uint32_t *cand, size_t *n, uint32_t sym)
{
    for (size_t k = 0; k < *n; k++) {
        if (m->syms.items[cand[k]].file != m->syms.items[sym].file) continue;
        if (m->syms.items[sym].id > m->syms.items[cand[k]].id) cand[k] = sym;
        return;
    }
    if (*n < MAX_CANDIDATES) cand[(*n)++] = sym;
}

int resolve_bash(model *m, const gsite *s, resolution *out, codira_error *err)
{
    (void)err;
    if (s->target_kind != CODIRA_TARGET_NAME || !*s->target) return CODIRA_OK;
    uint32_t here[MAX_CANDIDATES], sourced[MAX_CANDIDATES], anywhere[MAX_CANDIDATES];
    size_t nh = 0, ns = 0, na = 0;
    bool closure = false;
    for (int32_t i = model_first_named(m, s->target); i >= 0; i = m->syms.items[i].next_same_name) {
        const gsym *c = &m->syms.items[i];
        if (c->kind != SK_FUNCTION || m->files.items[c->file].scheme != SCHEME_BASH) continue;
        if (c->file == s->file) {
            add_per_file(m, here, &nh, (uint32_t)i);
            continue;
        }
        if (!closure) {
            closure_mark(&cache(m)->sourced, m, s->file, direct_sources);
            closure = true;
        }
        c = &m->syms.items[i];
        if (closure_has(&m->bash->sourced, c->file))
            add_per_file(m, sourced, &ns, (uint32_t)i);
        add_per_file(m, anywhere, &na, (uint32_t)i);
    }
    if (nh) resolution_from(out, here, nh);
    else if (ns) resolution_from(out, sourced, ns);
    else if (strcmp(s->ext_kind, "Bash:<builtin>") != 0) resolution_from(out, anywhere, na);
    return CODIRA_OK;
}
