/*
 * resolver.h - resolving call and reference sites to the symbols they
 * name, across files, on the host side: every backend stores the same
 * result.
 *
 * One index run:
 *   resolver_begin()    before files are replaced: remembers what the
 *                       changed files held (names, includes, class bases,
 *                       and which sites elsewhere were resolved into them)
 *   ... the session persists the changed files ...
 *   resolver_finish()   re-resolves every site that may resolve
 *                       differently now, and stores the links
 *
 * A full run resolves everything. An incremental run resolves the sites
 * of changed files, the sites elsewhere that name something the changed
 * files define(d) or were resolved into them, and the sites of files that
 * import a changed module; when a changed file's includes or class bases
 * changed, everything is resolved again. Either way the result equals a
 * full resolution.
 */
#ifndef CODIRA_RESOLVER_H
#define CODIRA_RESOLVER_H

#include "codira/backend.h"
#include "util.h"

typedef struct resolver resolver;

typedef struct resolve_stats {
    size_t sites;      /* sites resolved in this run */
    size_t resolved;
    size_t ambiguous;
    bool full;         /* everything was resolved again */
} resolve_stats;

/* `changed` are the paths about to be re-analysed or deleted; full = true
 * resolves everything anyway. */
int resolver_begin(resolver **out, const codira_backend *be, codira_session *s, bool full,
                   const char *const *changed, size_t n_changed, codira_error *err);
/* A path given to resolver_begin whose content turned out unchanged (its
 * stat data had changed): it plays no part. */
void resolver_unchanged(resolver *r, const char *path);
int resolver_finish(resolver *r, resolve_stats *stats, codira_error *err);
void resolver_free(resolver *r);

#endif
