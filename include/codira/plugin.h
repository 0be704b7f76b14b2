/*
 * plugin.h - how plugins register with codira, and what the host offers them.
 *
 * A plugin is a shared object in one of the folders of CODIRA_PLUGIN_PATH
 * (colon-separated) or in the installed plugin folder. It exports
 *
 *     int codira_plugin_register_v1(const codira_host *host,
 *                                   codira_registrar *reg);
 *
 * which calls reg->add_analyzer / reg->add_backend once per plugin it
 * provides and returns CODIRA_OK. The definitions it registers must stay
 * valid until the process exits (static storage is the norm). The
 * first-party analyzers and the sqlite backend register through the same
 * function type.
 *
 * Ownership: the host owns every codira_emitter, codira_store_args and
 * record it passes; a plugin owns its codira_store and codira_session
 * handles and frees them in close()/session_close().
 */
#ifndef CODIRA_PLUGIN_H
#define CODIRA_PLUGIN_H

#include "analyzer.h"
#include "backend.h"
#include "codira.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Services the host offers to plugins. Appended to, never reordered. */
struct codira_host {
    uint32_t struct_size;
    uint32_t abi_version;          /* CODIRA_ABI_VERSION of the host */
    const char *codira_version;

    /* Record emission during analyze(). emit_symbol returns the handle of
     * the new symbol, or CODIRA_NO_HANDLE when the record is invalid (the
     * host then also adds a diagnostic). The others return CODIRA_OK or
     * CODIRA_E_INVALID. Strings are copied and made valid UTF-8 (bytes
     * that are not UTF-8 are read as Latin-1). */
    codira_handle (*emit_symbol)(codira_emitter *out, const codira_symbol *sym);
    int (*emit_edge)(codira_emitter *out, const codira_edge *edge);
    int (*emit_import)(codira_emitter *out, const codira_import *imp);
    int (*emit_doc)(codira_emitter *out, const codira_doc *doc);
    int (*emit_diagnostic)(codira_emitter *out, const codira_diagnostic *diag);

    /* Another registered backend by name (NULL when unknown), so that a
     * backend plugin can wrap an existing one. */
    const codira_backend *(*find_backend)(const char *name);

    /* A line for stderr, shown with `codira: ` in front. */
    void (*log_message)(const char *message);
};

typedef struct codira_registrar codira_registrar;
struct codira_registrar {
    uint32_t struct_size;
    /* Return CODIRA_OK, or CODIRA_E_INVALID when the definition is
     * incomplete (the reason is reported by `codira plugins`). */
    int (*add_analyzer)(codira_registrar *reg, const codira_analyzer *analyzer);
    int (*add_backend)(codira_registrar *reg, const codira_backend *backend);
    void *host_data;
};

typedef int (*codira_plugin_register_fn)(const codira_host *host, codira_registrar *reg);

#define CODIRA_PLUGIN_ENTRY_SYMBOL "codira_plugin_register_v1"

#if defined(__GNUC__)
#define CODIRA_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define CODIRA_PLUGIN_EXPORT
#endif

#ifdef __cplusplus
}
#endif

#endif
