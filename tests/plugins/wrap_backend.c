/*
 * wrap_backend.so - a third-party backend plugin for the end-to-end tests,
 * built the way the seed recommends starting: by wrapping existing storage.
 * It registers the backend "wrapped", which delegates to the built-in
 * sqlite backend (found through host->find_backend) but keeps its files in
 * <state>/wrapped/.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "codira/plugin.h"

static const codira_backend *inner;
static codira_backend wrapped;

static void inner_args(const codira_store_args *a, codira_store_args *b, char *dir, size_t n)
{
    snprintf(dir, n, "%s/wrapped", a->state_dir);
    *b = *a;
    b->state_dir = dir;
}

static int w_open(const codira_backend *self, const codira_store_args *args, codira_store **out,
                  codira_error *err)
{
    (void)self;
    char dir[4096];
    codira_store_args b;
    inner_args(args, &b, dir, sizeof(dir));
    return inner->open(inner, &b, out, err);
}

static int w_begin(const codira_backend *self, const codira_store_args *args, codira_session **out,
                   codira_error *err)
{
    (void)self;
    char dir[4096];
    codira_store_args b;
    inner_args(args, &b, dir, sizeof(dir));
    mkdir(dir, 0755);
    return inner->begin_index_session(inner, &b, out, err);
}

CODIRA_PLUGIN_EXPORT int codira_plugin_register_v1(const codira_host *host, codira_registrar *reg);

int codira_plugin_register_v1(const codira_host *host, codira_registrar *reg)
{
    inner = host->find_backend("sqlite");
    if (!inner) return CODIRA_E_UNSUPPORTED;
    wrapped = *inner;
    wrapped.name = "wrapped";
    wrapped.version = "7";
    wrapped.provider = "codira-tests";
    wrapped.open = w_open;
    wrapped.begin_index_session = w_begin;
    return reg->add_backend(reg, &wrapped);
}
