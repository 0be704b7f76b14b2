/*
 * analyze_bench - analysis throughput per analyzer, for `make bench`.
 *
 *   analyze_bench --root DIR --lists OUT
 *       discover the files of DIR as `codira index` does, route each one,
 *       and write OUT/<analyzer>.txt (repository-relative paths); prints
 *       "<analyzer> <files> <bytes>" per analyzer
 *   analyze_bench --root DIR --analyzer NAME --list FILE
 *       read and analyse every file of the list with that analyzer, on
 *       one thread, records discarded; prints "<files> <bytes> <seconds>"
 *
 * The second form is what gets timed against ctags over the same list.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "discovery.h"
#include "indexer.h"
#include "registry.h"

static int write_lists(const char *root, const char *outdir)
{
    VEC(const char *) patterns = {0};
    for (size_t i = 0; i < registry_analyzer_count(); i++)
        for (const char *const *p = registry_analyzer(i)->patterns; *p; p++) VEC_PUSH(patterns, *p);
    scan_result scan = {0};
    codira_error err = {0};
    if (scan_repository(root, patterns.items, patterns.len, &scan, &err) != 0) {
        fprintf(stderr, "analyze_bench: %s\n", err.message);
        return 2;
    }
    VEC_FREE(patterns);
    size_t n = registry_analyzer_count();
    FILE **fp = xcalloc(n, sizeof(*fp));
    size_t *files = xcalloc(n, sizeof(*files));
    int64_t *bytes = xcalloc(n, sizeof(*bytes));
    for (size_t f = 0; f < scan.files.len; f++) {
        const codira_analyzer *an = route_file(root, scan.files.items[f].path);
        size_t i = 0;
        while (an && i < n && registry_analyzer(i) != an) i++;
        if (!an || i == n) continue;
        if (!fp[i]) {
            char *file = xasprintf("%s/%s.txt", outdir, an->name);
            fp[i] = fopen(file, "w");
            if (!fp[i]) {
                perror(file);
                return 2;
            }
            free(file);
        }
        fprintf(fp[i], "%s\n", scan.files.items[f].path);
        files[i]++;
        bytes[i] += scan.files.items[f].size;
    }
    for (size_t i = 0; i < n; i++) {
        if (!fp[i]) continue;
        fclose(fp[i]);
        printf("%s %zu %lld\n", registry_analyzer(i)->name, files[i], (long long)bytes[i]);
    }
    free(fp);
    free(files);
    free(bytes);
    scan_result_free(&scan);
    return 0;
}

static int analyze_list(const char *root, const codira_analyzer *an, const char *list)
{
    FILE *in = fopen(list, "r");
    if (!in) {
        perror(list);
        return 2;
    }
    void *ts = an->thread_init ? an->thread_init(an) : NULL;
    char line[PATH_MAX];
    size_t files = 0, bytes = 0;
    int64_t start = monotonic_ns();
    while (fgets(line, sizeof(line), in)) {
        line[strcspn(line, "\n")] = '\0';
        if (!*line) continue;
        char *abs = path_join(root, line);
        char *data;
        size_t size;
        if (read_file(abs, &data, &size) == 0) {
            analysis a;
            analysis_init(&a);
            codira_emitter em = {&a};
            codira_source src = {sizeof(src), line, root, data, size};
            codira_error err = {0};
            an->analyze(an, ts, &src, &codira_host_services, &em, &err);
            analysis_finish(&a);
            analysis_free(&a);
            free(data);
            files++;
            bytes += size;
        }
        free(abs);
    }
    double secs = (double)(monotonic_ns() - start) / 1e9;
    if (an->thread_fini) an->thread_fini(an, ts);
    fclose(in);
    printf("%zu %zu %.3f\n", files, bytes, secs);
    return 0;
}

int main(int argc, char **argv)
{
    const char *root = NULL, *lists = NULL, *name = NULL, *list = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--root") == 0) root = argv[i + 1];
        else if (strcmp(argv[i], "--lists") == 0) lists = argv[i + 1];
        else if (strcmp(argv[i], "--analyzer") == 0) name = argv[i + 1];
        else if (strcmp(argv[i], "--list") == 0) list = argv[i + 1];
    }
    char real_root[PATH_MAX];
    if (!root || !realpath(root, real_root) || !(lists || (name && list))) {
        fprintf(stderr, "usage: analyze_bench --root DIR (--lists OUT | --analyzer NAME --list FILE)\n");
        return 2;
    }
    registry_load(NULL);
    int rc;
    if (lists) {
        rc = write_lists(real_root, lists);
    } else {
        const codira_analyzer *an = registry_find_analyzer(name);
        if (!an) {
            fprintf(stderr, "analyze_bench: no analyzer %s\n", name);
            return 2;
        }
        rc = analyze_list(real_root, an, list);
    }
    registry_reset();
    return rc;
}
