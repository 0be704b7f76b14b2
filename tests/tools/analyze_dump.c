/*
 * analyze_dump - run one analyzer on files and print every record it
 * emitted as JSON. Used by the golden-record tests and when developing an
 * analyzer:
 *
 *   analyze_dump [--analyzer NAME] [--root DIR] FILE...
 *
 * FILE is relative to --root (default "."). Without --analyzer the file is
 * routed as `codira index` routes it (route_file: patterns, then claims()).
 */
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "indexer.h"
#include "registry.h"

static json_t *jstr(codira_str s)
{
    return json_stringn(s.ptr ? s.ptr : "", s.len);
}

static json_t *dump(const char *path, const codira_analyzer *an, const analysis *a, int rc,
                    const codira_error *err)
{
    json_t *o = json_object();
    json_object_set_new(o, "path", json_string(path));
    json_object_set_new(o, "analyzer", json_string(an->name));
    json_object_set_new(o, "status", json_string(rc != CODIRA_OK ? "failed"
                                                 : a->error_count ? "partial" : "ok"));
    if (rc != CODIRA_OK) json_object_set_new(o, "error", json_string(err->message));
    json_t *syms = json_array();
    for (size_t i = 0; i < a->symbols.len; i++) {
        const codira_symbol *s = &a->symbols.items[i];
        json_t *j = json_object();
        json_object_set_new(j, "handle", json_integer((json_int_t)i));
        json_object_set_new(j, "kind", jstr(s->kind));
        json_object_set_new(j, "name", jstr(s->name));
        json_object_set_new(j, "qualname", jstr(s->qualname));
        json_object_set_new(j, "stable_id", jstr(s->stable_id));
        json_object_set_new(j, "parent", json_integer(s->parent));
        json_object_set_new(j, "line", json_integer(s->line));
        json_object_set_new(j, "end_line", json_integer(s->end_line));
        json_object_set_new(j, "col", json_integer(s->col));
        json_object_set_new(j, "flags", json_integer(s->flags));
        json_object_set_new(j, "ordinal", json_integer(s->ordinal));
        json_object_set_new(j, "signature", jstr(s->signature));
        json_object_set_new(j, "docstring", s->docstring.ptr ? jstr(s->docstring) : json_null());
        json_object_set_new(j, "decorators", jstr(s->decorators));
        json_object_set_new(j, "parameters", jstr(s->parameters));
        json_array_append_new(syms, j);
    }
    json_object_set_new(o, "symbols", syms);
    json_t *edges = json_array();
    for (size_t i = 0; i < a->edges.len; i++) {
        const codira_edge *e = &a->edges.items[i];
        json_t *j = json_object();
        static const char *const rel[] = {"call", "ref"};
        static const char *const tk[] = {"name", "attribute", "unresolved"};
        json_object_set_new(j, "relation", json_string(rel[e->relation]));
        json_object_set_new(j, "owner", json_integer(e->owner));
        json_object_set_new(j, "target_kind", json_string(tk[e->target_kind]));
        json_object_set_new(j, "base", jstr(e->base));
        json_object_set_new(j, "target", jstr(e->target));
        json_object_set_new(j, "line", json_integer(e->line));
        json_object_set_new(j, "col", json_integer(e->col));
        json_object_set_new(j, "ref_kind", jstr(e->ref_kind));
        json_object_set_new(j, "ext_kind", jstr(e->ext_kind));
        json_object_set_new(j, "ext_name", jstr(e->ext_name));
        json_array_append_new(edges, j);
    }
    json_object_set_new(o, "edges", edges);
    json_t *imps = json_array();
    for (size_t i = 0; i < a->imports.len; i++) {
        const codira_import *m = &a->imports.items[i];
        json_t *j = json_object();
        json_object_set_new(j, "owner", json_integer(m->owner));
        json_object_set_new(j, "name", jstr(m->name));
        json_object_set_new(j, "alias", jstr(m->alias));
        json_object_set_new(j, "kind", jstr(m->kind));
        json_object_set_new(j, "line", json_integer(m->line));
        json_array_append_new(imps, j);
    }
    json_object_set_new(o, "imports", imps);
    json_t *docs = json_array();
    for (size_t i = 0; i < a->docs.len; i++) {
        const codira_doc *d = &a->docs.items[i];
        json_t *j = json_object();
        json_object_set_new(j, "stable_id", jstr(d->stable_id));
        json_object_set_new(j, "kind", jstr(d->kind));
        json_object_set_new(j, "source_format", jstr(d->source_format));
        json_object_set_new(j, "line", json_integer(d->line));
        json_object_set_new(j, "end_line", json_integer(d->end_line));
        json_object_set_new(j, "title", jstr(d->title));
        json_object_set_new(j, "heading_path", jstr(d->heading_path));
        json_object_set_new(j, "text", jstr(d->text));
        json_object_set_new(j, "owner", json_integer(d->owner));
        json_array_append_new(docs, j);
    }
    json_object_set_new(o, "docs", docs);
    json_t *diags = json_array();
    for (size_t i = 0; i < a->diagnostics.len; i++) {
        const codira_diagnostic *d = &a->diagnostics.items[i];
        static const char *const sev[] = {"info", "warning", "error"};
        json_t *j = json_object();
        json_object_set_new(j, "severity", json_string(sev[d->severity]));
        json_object_set_new(j, "category", jstr(d->category));
        json_object_set_new(j, "message", jstr(d->message));
        json_object_set_new(j, "line", json_integer(d->line));
        json_object_set_new(j, "col", json_integer(d->col));
        json_array_append_new(diags, j);
    }
    json_object_set_new(o, "diagnostics", diags);
    return o;
}

int main(int argc, char **argv)
{
    const char *root = ".", *name = NULL;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--analyzer") == 0 && i + 1 < argc) name = argv[++i];
        else if (strcmp(argv[i], "--root") == 0 && i + 1 < argc) root = argv[++i];
        else {
            fprintf(stderr, "usage: analyze_dump [--analyzer NAME] [--root DIR] FILE...\n");
            return 2;
        }
    }
    char real_root[PATH_MAX];
    if (!realpath(root, real_root)) {
        perror(root);
        return 2;
    }
    registry_load(NULL);
    json_t *all = json_array();
    int status = 0;
    for (; i < argc; i++) {
        const codira_analyzer *an = name ? registry_find_analyzer(name) : route_file(real_root, argv[i]);
        if (!an) {
            fprintf(stderr, "analyze_dump: no analyzer for %s\n", argv[i]);
            status = 2;
            continue;
        }
        char *abs = path_join(real_root, argv[i]);
        char *data;
        size_t size;
        int e = read_file(abs, &data, &size);
        if (e) {
            fprintf(stderr, "analyze_dump: %s: %s\n", abs, strerror(e));
            free(abs);
            status = 2;
            continue;
        }
        analysis a;
        analysis_init(&a);
        codira_emitter em = {&a};
        codira_source src = {sizeof(src), argv[i], real_root, data, size};
        codira_error err = {0};
        void *ts = an->thread_init ? an->thread_init(an) : NULL;
        int rc = an->analyze(an, ts, &src, &codira_host_services, &em, &err);
        if (an->thread_fini) an->thread_fini(an, ts);
        if (rc != CODIRA_OK) analysis_reset(&a);
        analysis_finish(&a);
        json_array_append_new(all, dump(argv[i], an, &a, rc, &err));
        analysis_free(&a);
        free(data);
        free(abs);
    }
    char *out = json_dumps(json_array_size(all) == 1 ? json_array_get(all, 0) : all,
                           JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
    if (out) {
        puts(out);
        free(out);
    }
    json_decref(all);
    registry_reset();
    return status;
}
