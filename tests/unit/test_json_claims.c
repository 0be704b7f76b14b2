/*
 * test_json_claims.c - which JSON files the json analyzer claims (from the
 * path and the first 8 KiB, without parsing), and the routing of Bash and
 * JSON files through route_file().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "codira/plugin.h"
#include "indexer.h"
#include "registry.h"
#include "util.h"

extern const codira_analyzer codira_analyzer_json;
extern const codira_analyzer codira_analyzer_bash;

typedef struct claim_case {
    const char *path, *head;
    int claimed;
} claim_case;

static const char *const SCHEMA = "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", "
                                  "\"properties\": {}}";
static const char *const PKG = "{\"name\": \"x\", \"version\": \"1.0.0\"}";

static void check(const claim_case *cases, size_t n)
{
    const codira_analyzer *an = &codira_analyzer_json;
    for (size_t i = 0; i < n; i++) {
        int got = an->claims(an, cases[i].path, cases[i].head, strlen(cases[i].head)) != 0;
        if (got != cases[i].claimed)
            fail_msg("claims(\"%s\", %.40s) = %d, expected %d", cases[i].path, cases[i].head, got,
                     cases[i].claimed);
    }
}

static void test_families_by_name(void **state)
{
    (void)state;
    static const claim_case cases[] = {
        {"package.json", "{}", 1},
        {"web/app/package.json", "", 1},           /* by name: whatever the head */
        {".releaserc.json", "{\"branches\": []}", 1},
        {"tools/.releaserc.json", "{}", 1},
        {"package.json.bak", "{}", 0},            /* not a family name */
        {"my-package.json", PKG, 0},
    };
    check(cases, sizeof(cases) / sizeof(*cases));
}

static void test_lockfiles_and_editor_folders_never(void **state)
{
    (void)state;
    static const claim_case cases[] = {
        {"package-lock.json", PKG, 0},
        {"web/package-lock.json", SCHEMA, 0},
        {"npm-shrinkwrap.json", PKG, 0},
        {"deps.lock.json", SCHEMA, 0},
        {"flake-lock.json", SCHEMA, 0},
        {".vscode/settings.json", SCHEMA, 0},
        {".vscode/package.json", PKG, 0},
        {"a/.vscode/x.schema.json", SCHEMA, 0},
        {"node_modules/left-pad/package.json", PKG, 0},
    };
    check(cases, sizeof(cases) / sizeof(*cases));
}

static void test_schemas_by_path_and_sniff(void **state)
{
    (void)state;
    static const claim_case cases[] = {
        {"schema/context.json", "{\"properties\": {}}", 1},
        {"api/schemas/user.json", "{\"$defs\": {}}", 1},
        {"context.schema.json", "{\"definitions\": {}}", 1},
        {"Config.Schema.JSON.json", "{\"$schema\": \"x\"}", 1}, /* any case */
        {"schema/plain.json", "{\"task\": \"build\"}", 0},      /* schema path, no markers */
        {"x.schema.json", "{\"items\": [1]}", 0},
        /* elsewhere: a $schema naming a json-schema.org meta-schema */
        {"config/user.json", SCHEMA, 1},
        {"config/user.json", "{\n  \"$schema\"  :\n \"http://json-schema.org/draft-07/schema#\"}", 1},
        {"tsconfig.json", "{\"$schema\": \"https://json.schemastore.org/tsconfig\"}", 0},
        {"geo.json", "{\"type\": \"Feature\", \"properties\": {\"a\": 1}}", 0},
        {"data.json", "{\"task\": \"build\"}", 0},
        {"data.json", "", 0},
        {"data.json", "{\"$schema\": ", 0},                      /* cut by the 8 KiB head */
    };
    check(cases, sizeof(cases) / sizeof(*cases));
}

static void put(const char *root, const char *rel, const char *text)
{
    char *path = path_join(root, rel);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    mkdir_p(path, 0755);
    *slash = '/';
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(path);
}

static void test_routing(void **state)
{
    (void)state;
    char tmpl[] = "/tmp/codira-json-claims.XXXXXX";
    char *root = mkdtemp(tmpl);
    assert_non_null(root);
    registry_load(root);
    put(root, "package.json", PKG);
    put(root, "package-lock.json", PKG);
    put(root, "data.json", "{\"task\": \"build\"}");
    put(root, "s/x.schema.json", SCHEMA);
    put(root, "run.sh", "echo hi\n");
    put(root, "lib/x.bash", "f() { :; }\n");
    const codira_analyzer *an = route_file(root, "package.json");
    assert_non_null(an);
    assert_string_equal(an->name, "json");
    assert_null(route_file(root, "package-lock.json"));
    assert_null(route_file(root, "data.json"));
    an = route_file(root, "s/x.schema.json");
    assert_non_null(an);
    assert_string_equal(an->name, "json");
    an = route_file(root, "run.sh");
    assert_non_null(an);
    assert_string_equal(an->name, "bash");
    an = route_file(root, "lib/x.bash");
    assert_non_null(an);
    assert_string_equal(an->name, "bash");
    char *cmd = xasprintf("rm -rf '%s'", root);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_families_by_name),
        cmocka_unit_test(test_lockfiles_and_editor_folders_never),
        cmocka_unit_test(test_schemas_by_path_and_sniff),
        cmocka_unit_test(test_routing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
