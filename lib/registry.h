/*
 * registry.h - the process-wide plugin registry.
 *
 * Built-in plugins register first, then every shared object found in the
 * folders of CODIRA_PLUGIN_PATH (in order) and in the installed plugin
 * folders, files sorted by name within a folder. The first registration
 * of a (family, name) wins; later ones are kept as `duplicate` entries so
 * that `codira plugins` can report them. The outcome therefore depends on
 * the search path and file names only, never on directory listing order.
 */
#ifndef CODIRA_REGISTRY_H
#define CODIRA_REGISTRY_H

#include "codira/plugin.h"
#include "util.h"

typedef enum plugin_origin {
    ORIGIN_CORE,        /* compiled into codira */
    ORIGIN_FIRST_PARTY, /* shipped by codira, installed next to it */
    ORIGIN_THIRD_PARTY
} plugin_origin;

typedef enum plugin_status {
    PLUGIN_LOADED,
    PLUGIN_DUPLICATE,
    PLUGIN_FAILED
} plugin_status;

typedef struct plugin_entry {
    codira_family family;   /* 0 when a file failed before registering anything */
    char *name;
    char *version;
    char *provider;
    plugin_origin origin;
    char *file;             /* NULL for built-in plugins */
    plugin_status status;
    char *detail;           /* why it failed or lost; NULL when loaded */
    const codira_analyzer *analyzer;
    const codira_backend *backend;
} plugin_entry;

/* Load built-in and external plugins once. Folders inside `repo_root`
 * (when not NULL) are refused: plugins never come from the repository
 * being indexed. */
void registry_load(const char *repo_root);
/* Forget everything (tests only). */
void registry_reset(void);

size_t registry_count(void);
const plugin_entry *registry_entry(size_t i);

/* The loaded backend called `name`, or NULL. */
const codira_backend *registry_find_backend(const char *name);
/* Comma-separated names of the loaded backends, sorted ("duckdb, sqlite"). */
char *registry_backend_names(void);

/* Loaded analyzers in routing order (priority, then name). */
size_t registry_analyzer_count(void);
const codira_analyzer *registry_analyzer(size_t i);
const codira_analyzer *registry_find_analyzer(const char *name);

/* The installed plugin folders, for messages. */
const char *registry_install_dir(void);

/* Display order: analyzers, backends, then files that registered nothing;
 * by name; the loaded entry of a name before its duplicates; by file. */
int plugin_entry_cmp(const void *a, const void *b);

const char *plugin_origin_name(plugin_origin o);
const char *plugin_family_name(codira_family f);

#endif
