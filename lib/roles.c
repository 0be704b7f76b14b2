#include "roles.h"

#include <fnmatch.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "util.h"

static bool in_list(const char *s, size_t n, const char *const *list)
{
    for (const char *const *p = list; *p; p++)
        if (strlen(*p) == n && strncasecmp(s, *p, n) == 0) return true;
    return false;
}

/* true when some folder of `path` (not the file name) is in `list` */
static bool has_dir(const char *path, const char *const *list)
{
    const char *s = path;
    for (const char *e; (e = strchr(s, '/')); s = e + 1)
        if (in_list(s, (size_t)(e - s), list)) return true;
    return false;
}

static bool name_matches(const char *name, const char *const *globs)
{
    for (const char *const *g = globs; *g; g++)
        if (fnmatch(*g, name, 0) == 0) return true;
    return false;
}

const char *file_role(const char *path)
{
    static const char *const test_dirs[] = {"test", "tests", "testing", "__tests__", "testsuite",
                                            "t", "unittests", "spec", NULL};
    static const char *const test_names[] = {"test_*", "*_test.*", "*_tests.*", "*.test.*",
                                             "*_spec.*", "conftest.py", "tests.py", NULL};
    static const char *const doc_dirs[] = {"doc", "docs", "documentation", NULL};
    static const char *const doc_names[] = {"*.md", "*.MD", "*.markdown", "*.rst", "*.txt",
                                            "*.adoc", "README", "README.*", "CHANGELOG*",
                                            "CHANGES*", "NEWS*", "HISTORY*", "AUTHORS*",
                                            "CONTRIBUTING*", "LICENSE*", "LICENCE*", "COPYING*",
                                            "NOTICE*", "INSTALL", NULL};
    static const char *const script_dirs[] = {"scripts", "script", "tools", "bin", "ci", ".ci",
                                              ".github", NULL};
    static const char *const script_names[] = {"*.sh", "*.bash", "setup.py", NULL};
    const char *name = path_basename(path);
    if (has_dir(path, test_dirs) || name_matches(name, test_names)) return "test";
    if (name_matches(name, doc_names) || has_dir(path, doc_dirs)) return "docs";
    if (has_dir(path, script_dirs) || name_matches(name, script_names)) return "script";
    return "implementation";
}
