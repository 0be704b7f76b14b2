/*
 * slow_analyzer.so - a third-party analyzer plugin for the end-to-end tests.
 *
 * Claims *.slow files. Every line "def NAME" becomes a function symbol.
 * It sleeps CODIRA_TEST_SLOW_MS milliseconds per file (default 30), so that
 * tests can kill or race an index run, and a line "DELETE <path>" removes
 * that repository file while the run is going (a file deleted between
 * discovery and reading). CODIRA_TEST_SLOW_VERSION sets its version
 * (default "1"), to test re-analysis after an analyzer upgrade.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "codira/plugin.h"

static const char *const patterns[] = {"*.slow", NULL};
static const char *const kinds[] = {"module", "function", NULL};

static codira_str view(const char *s, size_t n)
{
    return (codira_str){s, n};
}

static int slow_analyze(const codira_analyzer *self, void *state, const codira_source *src,
                        const codira_host *host, codira_emitter *out, codira_error *err)
{
    (void)self;
    (void)state;
    (void)err;
    const char *ms = getenv("CODIRA_TEST_SLOW_MS");
    long delay = ms ? atol(ms) : 30;
    struct timespec ts = {delay / 1000, (delay % 1000) * 1000000L};
    nanosleep(&ts, NULL);

    char module[512], sid[600];
    snprintf(module, sizeof(module), "%s", src->path);
    char *dot = strrchr(module, '.');
    if (dot) *dot = '\0';
    for (char *p = module; *p; p++)
        if (*p == '/') *p = '.';
    snprintf(sid, sizeof(sid), "slow:module:%s", src->path);
    codira_symbol mod;
    memset(&mod, 0, sizeof(mod));
    mod.struct_size = sizeof(mod);
    mod.kind = view("module", 6);
    mod.name = view(module, strlen(module));
    mod.stable_id = view(sid, strlen(sid));
    mod.parent = CODIRA_NO_HANDLE;
    mod.line = 1;
    codira_handle m = host->emit_symbol(out, &mod);

    const char *s = src->data, *end = src->data + src->size;
    for (uint32_t line = 1; s < end; line++) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *e = nl ? nl : end;
        if (e - s > 4 && memcmp(s, "def ", 4) == 0) {
            char fsid[700];
            snprintf(fsid, sizeof(fsid), "slow:function:%s:%.*s", src->path, (int)(e - s - 4), s + 4);
            codira_symbol f;
            memset(&f, 0, sizeof(f));
            f.struct_size = sizeof(f);
            f.kind = view("function", 8);
            f.name = view(s + 4, (size_t)(e - s - 4));
            f.stable_id = view(fsid, strlen(fsid));
            f.parent = m;
            f.line = f.end_line = line;
            f.flags = CODIRA_SYM_PUBLIC;
            host->emit_symbol(out, &f);
        } else if (e - s > 7 && memcmp(s, "DELETE ", 7) == 0) {
            char victim[4096];
            snprintf(victim, sizeof(victim), "%s/%.*s", src->root, (int)(e - s - 7), s + 7);
            unlink(victim);
        }
        s = nl ? nl + 1 : end;
    }
    return CODIRA_OK;
}

static codira_analyzer slow = {
    .struct_size = sizeof(codira_analyzer),
    .iVersion = 1,
    .name = "slow",
    .version = "1",
    .provider = "codira-tests",
    .language = "Slow",
    .patterns = patterns,
    .kinds = kinds,
    .priority = 500,
    .flags = CODIRA_ANALYZER_THREAD_SAFE,
    .analyze = slow_analyze,
};

CODIRA_PLUGIN_EXPORT int codira_plugin_register_v1(const codira_host *host, codira_registrar *reg);

int codira_plugin_register_v1(const codira_host *host, codira_registrar *reg)
{
    (void)host;
    const char *v = getenv("CODIRA_TEST_SLOW_VERSION");
    if (v && *v) slow.version = v;
    return reg->add_analyzer(reg, &slow);
}
