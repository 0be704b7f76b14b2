/*
 * test_cfamily_route.c - the routing of `*.h` files between the C and C++
 * analyzers: cf_head_is_cpp (the evidence of C++ in a header's first
 * 8 KiB) and route_file through the registered analyzers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "analyzers/cfamily.h"
#include "indexer.h"
#include "registry.h"
#include "util.h"

static bool cpp(const char *s)
{
    return cf_head_is_cpp(s, strlen(s));
}

static void test_c_headers_stay_c(void **state)
{
    (void)state;
    assert_false(cpp(""));
    assert_false(cpp("#ifndef X_H\n#define X_H\nint f(void);\nstruct s { int a; };\n#endif\n"));
    /* the usual extern "C" wrapper */
    assert_false(cpp("#ifdef __cplusplus\nextern \"C\" {\n#endif\nint f(void);\n"
                     "#ifdef __cplusplus\n}\n#endif\n"));
    assert_false(cpp("#if defined(__cplusplus)\nnamespace x { class Y {}; }\n#endif\n"));
    /* words in comments and strings are no code */
    assert_false(cpp("/* namespace x { class Y { public: }; } std::string */\n"
                     "// template <typename T>\nconst char *s = \"a::b\";\n"));
    /* C includes, C labels, C23 attributes, bit fields */
    assert_false(cpp("#include <stdio.h>\n#include <sys/types.h>\n#include \"vector\"\n"));
    assert_false(cpp("void f(void) { goto out; out: return; }\n"));
    assert_false(cpp("[[gnu::unused]] static int x;\n"));
    assert_false(cpp("struct s { unsigned pub:1; int class_id; };\nint template_count;\n"));
    assert_false(cpp("#define CLASS(x) x\nint namespace_id = 1;\n"));
}

static void test_cpp_headers(void **state)
{
    (void)state;
    assert_true(cpp("namespace leveldb {\nclass DB;\n}\n"));
    assert_true(cpp("namespace {\nint x;\n}\n"));
    assert_true(cpp("class LEVELDB_EXPORT DB {\n};\n"));
    assert_true(cpp("class Foo : public Bar {};\n"));
    assert_true(cpp("template <typename T> T max(T a, T b);\n"));
    assert_true(cpp("struct S {\npublic:\n  int x;\n};\n"));
    assert_true(cpp("using namespace std;\n"));
    assert_true(cpp("using Name = int;\n"));
    assert_true(cpp("std::string name();\n"));
    assert_true(cpp("#include <string>\n"));
    assert_true(cpp("#include <cstdio>\n"));
    assert_true(cpp("extern \"C++\" int f();\n"));
    assert_true(cpp("constexpr int k = 3;\n"));
    assert_true(cpp("int *p = nullptr;\n"));
    /* fmt's core.h: the namespace is in a #define body */
    assert_true(cpp("#ifndef FMT_BEGIN_NAMESPACE\n#  define FMT_BEGIN_NAMESPACE \\\n"
                    "    namespace fmt {                  \\\n    inline namespace v9 {\n#endif\n"));
    /* a #ifndef __cplusplus branch is skipped, what follows counts */
    assert_true(cpp("#ifndef __cplusplus\nint c_only;\n#endif\nnamespace n {}\n"));
}

static void test_head_cut(void **state)
{
    (void)state;
    /* a head cut anywhere (in a comment, a string, a directive) */
    const char *s = "/* long comment namespace x { ";
    assert_false(cf_head_is_cpp(s, strlen(s)));
    const char *t = "char *s = \"unterminated";
    assert_false(cf_head_is_cpp(t, strlen(t)));
    const char *u = "#include <vect";
    assert_false(cf_head_is_cpp(u, strlen(u)));
    const char *v = "namespace";
    assert_false(cf_head_is_cpp(v, strlen(v)));
}

static char *tmp_root;

static void write_file(const char *name, const char *text)
{
    char *p = path_join(tmp_root, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(p);
}

static void test_route_file(void **state)
{
    (void)state;
    char templ[] = "/tmp/codira-route.XXXXXX";
    tmp_root = mkdtemp(templ);
    assert_non_null(tmp_root);
    registry_load(NULL);
    write_file("c.h", "#ifdef __cplusplus\nextern \"C\" {\n#endif\nint f(void);\n");
    write_file("cxx.h", "#pragma once\nnamespace n { class C {}; }\n");
    write_file("x.c", "namespace n {}\n"); /* .c is always C */
    write_file("y.cc", "int f(void);\n");
    write_file("z.hpp", "int f(void);\n");
    assert_string_equal(route_file(tmp_root, "c.h")->name, "c");
    assert_string_equal(route_file(tmp_root, "cxx.h")->name, "cpp");
    assert_string_equal(route_file(tmp_root, "x.c")->name, "c");
    assert_string_equal(route_file(tmp_root, "y.cc")->name, "cpp");
    assert_string_equal(route_file(tmp_root, "z.hpp")->name, "cpp");
    const char *names[] = {"c.h", "cxx.h", "x.c", "y.cc", "z.hpp"};
    for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
        char *p = path_join(tmp_root, names[i]);
        unlink(p);
        free(p);
    }
    rmdir(tmp_root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_c_headers_stay_c),
        cmocka_unit_test(test_cpp_headers),
        cmocka_unit_test(test_head_cut),
        cmocka_unit_test(test_route_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
