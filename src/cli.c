#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indexer.h"
#include "registry.h"

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    notice("error: %s", msg);
    free(msg);
    return EXIT_USAGE;
}

int cli_fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vnotice(fmt, ap);
    va_end(ap);
    return code;
}

static void print_help(const cli_command *cmd, const cli_opt *opts, const char *pos_names)
{
    printf("usage: codira %s\n\n%s\n", cmd->usage, cmd->description);
    if (pos_names && *pos_names) printf("\npositional arguments:\n  %s\n", pos_names);
    printf("\noptions:\n  -h, --help%*sshow this help and exit\n", 22, "");
    for (const cli_opt *o = opts; o && o->long_name; o++) {
        char left[64];
        if (o->short_name)
            snprintf(left, sizeof(left), "-%c, --%s%s%s", o->short_name, o->long_name,
                     o->metavar ? " " : "", o->metavar ? o->metavar : "");
        else
            snprintf(left, sizeof(left), "    --%s%s%s", o->long_name, o->metavar ? " " : "",
                     o->metavar ? o->metavar : "");
        if (strlen(left) < 30) printf("  %-30s  %s\n", left, o->help);
        else printf("  %s\n  %-30s  %s\n", left, "", o->help);
    }
    if (cmd->examples) printf("\nExamples:\n%s", cmd->examples);
}

static int set_value(const cli_opt *o, const char *value, const char *shown)
{
    if (o->type == OPT_STRING) {
        *(const char **)o->target = value;
        return 0;
    }
    char *end;
    errno = 0;
    long long v = strtoll(value, &end, 10);
    if (errno || end == value || *end)
        return cli_usage_error("argument %s: invalid int value: '%s'", shown, value);
    *(long long *)o->target = v;
    return 0;
}

/* Long option by exact name or unambiguous prefix. */
static const cli_opt *find_long(const cli_opt *opts, const char *name, size_t n, bool *ambiguous)
{
    const cli_opt *found = NULL;
    *ambiguous = false;
    for (const cli_opt *o = opts; o && o->long_name; o++) {
        if (strncmp(o->long_name, name, n) != 0) continue;
        if (strlen(o->long_name) == n) return o;
        if (found) *ambiguous = true;
        found = o;
    }
    return *ambiguous ? NULL : found;
}

int cli_parse(const cli_command *cmd, const cli_opt *opts, int argc, char **argv,
              const char **pos, int min_pos, int max_pos, const char *pos_names)
{
    int npos = 0;
    bool only_pos = false;
    strbuf unknown;
    sb_init(&unknown);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_pos || a[0] != '-' || !a[1]) {
            if (npos < max_pos) pos[npos++] = a;
            else sb_addf(&unknown, "%s%s", unknown.len ? " " : "", a);
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_pos = true;
            continue;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            print_help(cmd, opts, pos_names);
            sb_free(&unknown);
            return -1;
        }
        if (a[1] == '-') {
            const char *name = a + 2, *eq = strchr(name, '=');
            size_t n = eq ? (size_t)(eq - name) : strlen(name);
            bool ambiguous;
            const cli_opt *o = find_long(opts, name, n, &ambiguous);
            if (ambiguous) {
                sb_free(&unknown);
                return cli_usage_error("ambiguous option: %.*s", (int)n + 2, a);
            }
            if (!o) {
                sb_addf(&unknown, "%s%s", unknown.len ? " " : "", a);
                continue;
            }
            char shown[80];
            snprintf(shown, sizeof(shown), "--%s", o->long_name);
            if (o->type == OPT_FLAG) {
                if (eq) {
                    sb_free(&unknown);
                    return cli_usage_error("argument %s: ignored explicit argument '%s'", shown, eq + 1);
                }
                *(bool *)o->target = true;
                continue;
            }
            const char *value = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
            if (!value) {
                sb_free(&unknown);
                return cli_usage_error("argument %s: expected one argument", shown);
            }
            if (set_value(o, value, shown)) {
                sb_free(&unknown);
                return EXIT_USAGE;
            }
            continue;
        }
        /* short options, possibly grouped: -je, -x PREFIX, -xPREFIX */
        for (const char *c = a + 1; *c; c++) {
            const cli_opt *o = NULL;
            for (const cli_opt *p = opts; p && p->long_name; p++)
                if (p->short_name == *c) o = p;
            if (!o) {
                sb_addf(&unknown, "%s%s", unknown.len ? " " : "", a);
                break;
            }
            char shown[8] = {'-', *c, '\0'};
            if (o->type == OPT_FLAG) {
                *(bool *)o->target = true;
                continue;
            }
            const char *value = c[1] ? c + 1 : (i + 1 < argc ? argv[++i] : NULL);
            if (!value) {
                sb_free(&unknown);
                return cli_usage_error("argument %s/--%s: expected one argument", shown, o->long_name);
            }
            if (set_value(o, value, shown)) {
                sb_free(&unknown);
                return EXIT_USAGE;
            }
            break;
        }
    }
    if (unknown.len) {
        int rc = cli_usage_error("unrecognized arguments: %s (see 'codira %s --help')", unknown.buf,
                                 cmd->name);
        sb_free(&unknown);
        return rc;
    }
    sb_free(&unknown);
    if (npos < min_pos)
        return cli_usage_error("the following arguments are required: %s (see 'codira %s --help')",
                               pos_names, cmd->name);
    return 0;
}

int cli_open_repo(const cli_repo_opts *ro, repo *r)
{
    codira_error err = {0};
    if (repo_resolve(r, ro->path, ro->output_dir, &err)) return cli_usage_error("%s", err.message);
    registry_load(r->root);
    if (repo_select_backend(r, &err)) {
        repo_free(r);
        return cli_fail(EXIT_USAGE, "%s", err.message);
    }
    return 0;
}

int cli_query_open(const char *command, bool json, const cli_repo_opts *ro, const char *prefix_raw,
                   cli_query *q)
{
    memset(q, 0, sizeof(*q));
    int rc = cli_open_repo(ro, &q->r);
    if (rc) return rc;
    codira_error err = {0};
    q->prefix = repo_normalize_prefix(&q->r, prefix_raw, &err);
    if (!q->prefix) {
        repo_free(&q->r);
        return cli_usage_error("%s", err.message);
    }
    int code = indexer_open_fresh(&q->r, &q->store, &err);
    if (code == CODIRA_OK) return 0;
    free(q->prefix);
    repo_free(&q->r);
    if (code == CODIRA_E_SCHEMA || code == CODIRA_E_CORRUPT || code == CODIRA_NOT_FOUND)
        return cli_fail_json(command, json, 1,
                             "the index cannot be read: %s. Suggested fix: codira index", err.message);
    return cli_fail_json(command, json, 1, "%s", err.message);
}

void cli_query_close(cli_query *q)
{
    if (q->store) q->r.backend->close(q->store);
    free(q->prefix);
    repo_free(&q->r);
    memset(q, 0, sizeof(*q));
}

json_t *cli_envelope(const char *command, const char *status, json_t *query)
{
    json_t *o = json_object();
    json_object_set_new(o, "schema_version", json_string("1.0"));
    json_object_set_new(o, "command", json_string(command));
    json_object_set_new(o, "status", json_string(status));
    json_object_set_new(o, "query", query ? query : json_object());
    return o;
}

void cli_print_json(json_t *root)
{
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
    if (text) {
        fputs(text, stdout);
        fputc('\n', stdout);
        free(text);
    }
    json_decref(root);
}

json_t *json_str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

int cli_fail_json(const char *command, bool json, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    notice("%s", msg);
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "schema_version", json_string("1.0"));
        json_object_set_new(o, "command", json_string(command));
        json_object_set_new(o, "status", json_string("error"));
        json_object_set_new(o, "error", json_string(msg));
        cli_print_json(o);
    }
    free(msg);
    return code;
}

char *cli_abs_path(const repo *r, const char *rel)
{
    return *rel ? path_join(r->root, rel) : xstrdup(r->root);
}
