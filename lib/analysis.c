#include "analysis.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"

void analysis_init(analysis *a)
{
    memset(a, 0, sizeof(*a));
    arena_init(&a->mem);
    sb_init(&a->scratch);
}

void analysis_free(analysis *a)
{
    arena_free(&a->mem);
    VEC_FREE(a->symbols);
    VEC_FREE(a->edges);
    VEC_FREE(a->imports);
    VEC_FREE(a->docs);
    VEC_FREE(a->diagnostics);
    sb_free(&a->scratch);
}

void analysis_reset(analysis *a)
{
    arena_free(&a->mem);
    a->symbols.len = a->edges.len = a->imports.len = a->docs.len = a->diagnostics.len = 0;
    a->dropped_diagnostics = a->error_count = 0;
}

/* Copy a plugin-provided view into the arena as clean UTF-8. */
static codira_str copy_str(analysis *a, codira_str s)
{
    if (!s.ptr || !s.len) return (codira_str){"", 0};
    if (utf8_is_clean(s.ptr, s.len)) {
        return (codira_str){arena_strndup(&a->mem, s.ptr, s.len), s.len};
    }
    sb_clear(&a->scratch);
    utf8_append_repaired(&a->scratch, s.ptr, s.len);
    return (codira_str){arena_strndup(&a->mem, a->scratch.buf, a->scratch.len), a->scratch.len};
}

static bool valid_handle(const analysis *a, codira_handle h)
{
    return h >= 0 && (size_t)h < a->symbols.len;
}

static void push_diag(analysis *a, codira_diagnostic d)
{
    if (d.severity == CODIRA_DIAG_ERROR) a->error_count++;
    if (a->diagnostics.len >= CODIRA_MAX_DIAGNOSTICS) {
        a->dropped_diagnostics++;
        return;
    }
    VEC_PUSH(a->diagnostics, d);
}

void analysis_diag(analysis *a, codira_severity sev, const char *category, uint32_t line,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    codira_diagnostic d = {sizeof(d), (uint32_t)sev, {category, strlen(category)},
                           {msg, strlen(msg)}, line, 0};
    d.category = copy_str(a, d.category);
    d.message = copy_str(a, d.message);
    push_diag(a, d);
    free(msg);
}

static codira_handle host_emit_symbol(codira_emitter *out, const codira_symbol *in)
{
    analysis *a = out->a;
    codira_symbol s = {0};
    size_t n = in->struct_size < sizeof(s) ? in->struct_size : sizeof(s);
    memcpy(&s, in, n);
    bool is_module = s.kind.len == 6 && memcmp(s.kind.ptr, "module", 6) == 0;
    const char *problem = NULL;
    if (!s.kind.len) problem = "symbol without kind";
    else if (!s.name.len) problem = "symbol without name";
    else if (!s.stable_id.len) problem = "symbol without stable_id";
    else if (is_module && a->symbols.len) problem = "module symbol not emitted first";
    else if (!is_module && s.parent != CODIRA_NO_HANDLE && !valid_handle(a, s.parent))
        problem = "symbol with an unknown parent";
    if (problem) {
        analysis_diag(a, CODIRA_DIAG_WARNING, "analyzer_record", s.line, "%s dropped", problem);
        return CODIRA_NO_HANDLE;
    }
    /* top-level symbols hang off the module when there is one */
    if (!is_module && s.parent == CODIRA_NO_HANDLE && a->symbols.len &&
        strcmp(a->symbols.items[0].kind.ptr, "module") == 0)
        s.parent = 0;
    s.struct_size = sizeof(s);
    s.kind = copy_str(a, s.kind);
    s.name = copy_str(a, s.name);
    s.qualname = s.qualname.len ? copy_str(a, s.qualname) : s.name;
    s.stable_id = copy_str(a, s.stable_id);
    s.signature = copy_str(a, s.signature);
    s.docstring = s.docstring.ptr ? copy_str(a, s.docstring) : CODIRA_STR_NULL;
    s.decorators = copy_str(a, s.decorators);
    s.parameters = copy_str(a, s.parameters);
    if (s.end_line < s.line) s.end_line = s.line;
    VEC_PUSH(a->symbols, s);
    return (codira_handle)(a->symbols.len - 1);
}

static int host_emit_edge(codira_emitter *out, const codira_edge *in)
{
    analysis *a = out->a;
    codira_edge e = {0};
    memcpy(&e, in, in->struct_size < sizeof(e) ? in->struct_size : sizeof(e));
    if (!valid_handle(a, e.owner) || e.relation > CODIRA_REL_REF ||
        e.target_kind > CODIRA_TARGET_UNRESOLVED)
        return CODIRA_E_INVALID;
    e.struct_size = sizeof(e);
    e.base = copy_str(a, e.base);
    e.target = copy_str(a, e.target);
    e.ref_kind = copy_str(a, e.ref_kind);
    e.ext_kind = copy_str(a, e.ext_kind);
    e.ext_name = copy_str(a, e.ext_name);
    VEC_PUSH(a->edges, e);
    return CODIRA_OK;
}

static int host_emit_import(codira_emitter *out, const codira_import *in)
{
    analysis *a = out->a;
    codira_import im = {0};
    memcpy(&im, in, in->struct_size < sizeof(im) ? in->struct_size : sizeof(im));
    if (!im.name.len || (im.owner != CODIRA_NO_HANDLE && !valid_handle(a, im.owner)))
        return CODIRA_E_INVALID;
    if (im.owner == CODIRA_NO_HANDLE && a->symbols.len) im.owner = 0;
    im.struct_size = sizeof(im);
    im.name = copy_str(a, im.name);
    im.alias = copy_str(a, im.alias);
    im.kind = im.kind.len ? copy_str(a, im.kind) : (codira_str)CODIRA_STR_LIT("import");
    VEC_PUSH(a->imports, im);
    return CODIRA_OK;
}

static int host_emit_doc(codira_emitter *out, const codira_doc *in)
{
    analysis *a = out->a;
    codira_doc d = {0};
    memcpy(&d, in, in->struct_size < sizeof(d) ? in->struct_size : sizeof(d));
    if (!d.stable_id.len || (d.owner != CODIRA_NO_HANDLE && !valid_handle(a, d.owner)))
        return CODIRA_E_INVALID;
    d.struct_size = sizeof(d);
    d.stable_id = copy_str(a, d.stable_id);
    d.kind = copy_str(a, d.kind);
    d.source_format = copy_str(a, d.source_format);
    d.title = copy_str(a, d.title);
    d.heading_path = copy_str(a, d.heading_path);
    d.text = copy_str(a, d.text);
    if (d.end_line < d.line) d.end_line = d.line;
    VEC_PUSH(a->docs, d);
    return CODIRA_OK;
}

static int host_emit_diagnostic(codira_emitter *out, const codira_diagnostic *in)
{
    analysis *a = out->a;
    codira_diagnostic d = {0};
    memcpy(&d, in, in->struct_size < sizeof(d) ? in->struct_size : sizeof(d));
    if (d.severity > CODIRA_DIAG_ERROR) d.severity = CODIRA_DIAG_ERROR;
    d.struct_size = sizeof(d);
    d.category = copy_str(a, d.category);
    d.message = copy_str(a, d.message);
    push_diag(a, d);
    return CODIRA_OK;
}

static const codira_backend *host_find_backend(const char *name)
{
    return registry_find_backend(name);
}

static void host_log_message(const char *message)
{
    fprintf(stderr, "codira: %s\n", message);
}

const codira_host codira_host_services = {
    .struct_size = sizeof(codira_host),
    .abi_version = CODIRA_ABI_VERSION,
    .codira_version = CODIRA_VERSION,
    .emit_symbol = host_emit_symbol,
    .emit_edge = host_emit_edge,
    .emit_import = host_emit_import,
    .emit_doc = host_emit_doc,
    .emit_diagnostic = host_emit_diagnostic,
    .find_backend = host_find_backend,
    .log_message = host_log_message,
};

const char *analysis_module_name(const analysis *a)
{
    if (a->symbols.len && strcmp(a->symbols.items[0].kind.ptr, "module") == 0)
        return a->symbols.items[0].name.ptr;
    return "";
}

void analysis_finish(analysis *a)
{
    size_t n = a->symbols.len + a->docs.len;
    if (n > 1) {
        strmap set;
        strmap_init(&set, n);
        for (size_t i = 0; i < a->symbols.len + a->docs.len; i++) {
            codira_str *id = i < a->symbols.len ? &a->symbols.items[i].stable_id
                                                : &a->docs.items[i - a->symbols.len].stable_id;
            if (strmap_put(&set, id->ptr, i)) continue;
            /* analyzers should disambiguate; never lose the file over it */
            for (unsigned k = 2;; k++) {
                sb_clear(&a->scratch);
                sb_addf(&a->scratch, "%s:dup%u", id->ptr, k);
                if (strmap_get(&set, a->scratch.buf, NULL)) continue;
                char *alt = arena_strndup(&a->mem, a->scratch.buf, a->scratch.len);
                strmap_put(&set, alt, i);
                analysis_diag(a, CODIRA_DIAG_WARNING, "duplicate_stable_id", 0,
                              "duplicate stable_id %s renamed to %s", id->ptr, alt);
                *id = (codira_str){alt, strlen(alt)};
                break;
            }
        }
        strmap_free(&set);
    }
    if (a->dropped_diagnostics) {
        size_t dropped = a->dropped_diagnostics;
        a->dropped_diagnostics = 0;
        codira_diagnostic d = {sizeof(d), CODIRA_DIAG_INFO, CODIRA_STR_LIT("truncated"),
                               CODIRA_STR_NULL, 0, 0};
        sb_clear(&a->scratch);
        sb_addf(&a->scratch, "%zu more diagnostics not kept", dropped);
        d.message = copy_str(a, (codira_str){a->scratch.buf, a->scratch.len});
        VEC_PUSH(a->diagnostics, d);
    }
}
