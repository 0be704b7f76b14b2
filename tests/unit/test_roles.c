/*
 * test_roles.c - file_role(): what a file is for, judged from its path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "roles.h"

typedef struct role_case {
    const char *path, *role;
} role_case;

static void check_table(const role_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *got = file_role(cases[i].path);
        if (strcmp(got, cases[i].role) != 0)
            fail_msg("file_role(\"%s\") = %s, expected %s", cases[i].path, got, cases[i].role);
    }
}

static void test_test_files_by_folder_and_name(void **state)
{
    (void)state;
    static const role_case cases[] = {
        {"tests/x.py", "test"},
        {"pkg/tests/helpers.py", "test"},
        {"test/x.c", "test"},
        {"Tests/X.py", "test"},          /* folder names ignore case */
        {"src/__tests__/a.js", "test"},
        {"t/basic.c", "test"},
        {"spec/models.py", "test"},
        {"test_x.py", "test"},
        {"pkg/test_x.py", "test"},
        {"x_test.c", "test"},
        {"x_tests.py", "test"},
        {"x.test.js", "test"},
        {"x_spec.rb", "test"},
        {"conftest.py", "test"},
        {"pkg/conftest.py", "test"},
        {"tests.py", "test"},
        {"docs/test_x.py", "test"},      /* test wins over docs */
        {"scripts/test_run.sh", "test"}, /* ...and over scripts */
    };
    check_table(cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_docs_by_extension_and_folder(void **state)
{
    (void)state;
    static const role_case cases[] = {
        {"README.md", "docs"},
        {"pkg/NOTES.rst", "docs"},
        {"notes.txt", "docs"},
        {"guide.adoc", "docs"},
        {"docs/x.py", "docs"},
        {"doc/conf.py", "docs"},
        {"Documentation/api.c", "docs"},
        {"scripts/README.md", "docs"}, /* docs win over scripts */
    };
    check_table(cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_scripts_by_folder_and_name(void **state)
{
    (void)state;
    static const role_case cases[] = {
        {"scripts/x.py", "script"},
        {"tools/gen.py", "script"},
        {"bin/run.py", "script"},
        {"ci/check.py", "script"},
        {".github/workflows/lint.py", "script"},
        {"build.sh", "script"},
        {"setup.py", "script"},
        {"pkg/deploy.bash", "script"},
    };
    check_table(cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_everything_else_is_implementation(void **state)
{
    (void)state;
    static const role_case cases[] = {
        {"src/x.c", "implementation"},
        {"x.py", "implementation"},
        {"pkg/module.py", "implementation"},
        /* near misses of the test rules */
        {"contest.py", "implementation"},
        {"latest.py", "implementation"},
        {"testing_utils.py", "implementation"},
        {"attest/x.py", "implementation"},
        {"src/testdata.py", "implementation"},
        {"protest/x.py", "implementation"},
        {"src/tests", "implementation"},      /* a file called tests, not a folder */
        /* near misses of the docs and script rules */
        {"docsite/x.py", "implementation"},
        {"mytools/x.py", "implementation"},
        {"toolsx/a.py", "implementation"},
        {"src/setup_helpers.py", "implementation"},
        {"x.md.py", "implementation"},
        {"", "implementation"},
    };
    check_table(cases, sizeof(cases) / sizeof(cases[0]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_test_files_by_folder_and_name),
        cmocka_unit_test(test_docs_by_extension_and_folder),
        cmocka_unit_test(test_scripts_by_folder_and_name),
        cmocka_unit_test(test_everything_else_is_implementation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
