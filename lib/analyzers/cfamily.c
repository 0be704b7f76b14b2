/*
 * cfamily.c - the C-family analysis engine: the C analyzer (c.c,
 * tree-sitter-c 0.24) and the C++ analyzer (cpp.c, tree-sitter-cpp 0.23),
 * parametrised by a cf_lang (cfamily.h). tree-sitter-cpp keeps
 * tree-sitter-c's node names, so one walk serves both; the C++ parts
 * (namespaces, class bodies, templates, qualified names) only run when
 * cf_lang.cpp is set, and leave C's output as it was. docs/ARCHITECTURE.md
 * ("The C-family engine") lists what C++ adds to each pass.
 *
 * tree-sitter parses C as written, before preprocessing, and real C is
 * full of things that only make sense after it. So the analysis runs in
 * three passes:
 *
 *   1. A small lexer reads the raw bytes once. It records every comment
 *      (signatures drop them, docstrings come from them), every #define
 *      and #include, and writes the copy of the source that tree-sitter
 *      parses. In the copy, things that are not C yet are blanked out
 *      (replaced by spaces, so byte offsets and lines never move):
 *      - all directives but conditionals (macros and includes are taken
 *        from the lexer), `#if 0` / `#ifdef __cplusplus` branches,
 *        `extern "C" {` with its brace, *_BEGIN_DECLS markers;
 *      - conditionals inside code or inside a declaration: their
 *        directive lines, and every branch but the first when the
 *        branches do not balance braces and parentheses (like ctags);
 *      - attribute-like macros between a declaration's type and its name
 *        (`void CAIRO_PRINTF_FORMAT (2, 3) f(...)`, `int EXPORT f(...)`)
 *        or after its parameters (`f(...) G_GNUC_CONST;`);
 *      - file-scope macro calls without a semicolon
 *        (`static GIT_PATH_FUNC(name, "x")`), and macros standing alone
 *        on a line as a statement, a member or a table entry
 *        (`Py_BEGIN_ALLOW_THREADS`, `PyObject_HEAD`, `X_METHODDEF`);
 *      - C, in declarations (c_statement_rules): leading attribute macros
 *        (`CURL_EXTERN CURL *f(void)`, `Py_DEPRECATED(3.9) int f(void)`),
 *        macros after a parameter's name (`int level UNUSED`), calling
 *        conventions in declarators (`BOOL (WINAPI *fn)(...)`); a macro
 *        alone on its line before a declaration, or a macro (call) ending
 *        the file without ';' (`UNITTEST_STOP`, `MPD_PRAGMA(x)`); a head
 *        macro before a member on its line (`PyObject_HEAD Imaging im;`);
 *      - C, in bodies and initializers (code_token): macros wrapping
 *        statements (`CURL_IGNORE_DEPRECATION(f(); g();)`), the arguments
 *        of `__builtin_available`; a type argument of a macro
 *        (`va_arg(ap, struct x *)`) is reduced to its name (or `0`); a
 *        macro call missing its ';' or ',' (`Py_TRASHCAN_BEGIN(op, f)`,
 *        `PyVarObject_HEAD_INIT(NULL, 0)` before `"name",`) gets one in
 *        the blank before the next token; a macro call starting a
 *        statement and followed by a name on its line stands for a type
 *        (`VEC(char *) names = {0};`): its parenthesised arguments are
 *        blanked.
 *   2. tree-sitter parses the copy. A walk over the file scope (the
 *      translation unit, preprocessor branches, linkage blocks, ERROR nodes
 *      where loose declarators are pieced back together, and blocks that
 *      tree-sitter opened by mistake) collects symbols; function bodies and
 *      file-scope initializers are walked for calls and references.
 *   3. Symbols are put in source order, colliding stable IDs are
 *      disambiguated, and everything is emitted. Texts (signatures,
 *      docstrings) always come from the original bytes.
 *
 * Every walk uses a TSTreeCursor or an explicit stack: nothing recurses
 * with the nesting depth of the input, and nothing is quadratic in the
 * size of a file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "analyzers/cfamily.h"
#include "analyzers/ts_util.h"
#include "codira/plugin.h"
#include "util.h"

#define SIG_MAX 240
#define TS_SYM_ERROR ((TSSymbol)-1) /* ts_builtin_sym_error */

/* ------------------------------------------------------------------ */
/* grammar symbols and fields, resolved once per thread                 */

#define C_NODE_TYPES(X)                                                            \
    X(translation_unit) X(preproc_if) X(preproc_ifdef) X(preproc_else)             \
    X(preproc_elif) X(preproc_elifdef) X(linkage_specification)                    \
    X(declaration_list) X(function_definition) X(declaration) X(type_definition)   \
    X(struct_specifier) X(union_specifier) X(enum_specifier) X(enumerator_list)    \
    X(enumerator) X(field_declaration_list) X(field_declaration)                   \
    X(init_declarator) X(function_declarator) X(pointer_declarator)                \
    X(array_declarator) X(parenthesized_declarator) X(attributed_declarator)       \
    X(identifier) X(type_identifier) X(field_identifier) X(primitive_type)         \
    X(sized_type_specifier) X(storage_class_specifier) X(type_qualifier)           \
    X(macro_type_specifier) X(compound_statement) X(call_expression)               \
    X(field_expression) X(argument_list) X(return_statement)                       \
    X(assignment_expression) X(initializer_list) X(initializer_pair)               \
    X(pointer_expression) X(parenthesized_expression) X(cast_expression)           \
    X(parameter_list) X(parameter_declaration) X(comment)                          \
    X(expression_statement) X(attribute_specifier) X(ms_declspec_modifier)           \
    /* C++ only (0 in the C grammar, which never produces them) */                 \
    X(namespace_definition) X(nested_namespace_specifier) X(namespace_identifier)  \
    X(class_specifier) X(template_declaration) X(access_specifier)                 \
    X(qualified_identifier) X(destructor_name) X(operator_name) X(operator_cast)   \
    X(template_function) X(template_type) X(template_method) X(template_argument_list) \
    X(reference_declarator) X(alias_declaration) X(base_class_clause)              \
    X(new_expression) X(this) X(optional_parameter_declaration)                    \
    X(variadic_parameter_declaration) X(friend_declaration) X(type_descriptor)     \
    X(abstract_function_declarator) X(field_initializer_list) X(field_initializer) \
    X(ref_qualifier) X(virtual_specifier) X(using_declaration) X(concept_definition) \
    X(lambda_expression) X(type_parameter_declaration) X(template_instantiation)

#define C_FIELDS(X)                                                                \
    X(declarator) X(type) X(body) X(name) X(value) X(function) X(field)            \
    X(argument) X(parameters) X(right) X(operator) X(scope) X(arguments)

enum {
#define X(n) N_##n,
    C_NODE_TYPES(X)
#undef X
    N_COUNT
};
enum {
#define X(n) F_##n,
    C_FIELDS(X)
#undef X
    F_COUNT
};

typedef struct c_thread {
    const cf_lang *lang;
    TSParser *parser;
    TSSymbol sym[N_COUNT];
    TSFieldId field[F_COUNT];
} c_thread;

static void c_thread_setup(c_thread *t, const cf_lang *l)
{
    const TSLanguage *lang = l->language();
    t->lang = l;
    static const char *const node_names[N_COUNT] = {C_NODE_TYPES(TS_NAME_OF)};
    static const char *const field_names[F_COUNT] = {C_FIELDS(TS_NAME_OF)};
    t->parser = ts_parser_with_names(lang, node_names, N_COUNT, t->sym, field_names, F_COUNT,
                                     t->field);
}

void *cf_thread_init(const cf_lang *lang)
{
    c_thread *t = xcalloc(1, sizeof(*t));
    c_thread_setup(t, lang);
    return t;
}

void cf_thread_fini(void *state)
{
    c_thread *t = state;
    if (!t) return;
    ts_parser_delete(t->parser);
    free(t);
}

/* ------------------------------------------------------------------ */
/* static tables                                                        */

/* Standard C and POSIX library functions (sorted, for bsearch). */
static const char *const libc_names[] = {
    "_Exit", "_exit", "abort", "abs", "accept", "access", "acos", "acosf", "acosh", "acosl",
    "alarm", "aligned_alloc", "asctime", "asctime_r", "asin", "asinf", "asinh", "asinl",
    "asprintf", "assert", "atan", "atan2", "atan2f", "atanf", "atanh", "atanl", "atexit",
    "atof", "atoi", "atol", "atoll", "basename", "bcmp", "bcopy", "bind", "bsearch", "btowc",
    "bzero", "calloc", "cbrt", "ceil", "ceilf", "ceill", "cfgetispeed", "cfgetospeed",
    "cfsetispeed", "cfsetospeed", "chdir", "chmod", "chown", "clearerr", "clock",
    "clock_getres", "clock_gettime", "clock_nanosleep", "clock_settime", "close", "closedir",
    "closelog", "confstr", "connect", "copysign", "cos", "cosf", "cosh", "cosl", "creat",
    "ctime", "ctime_r", "difftime", "dirname", "div", "dlclose", "dlerror", "dlopen", "dlsym",
    "dprintf", "drand48", "dup", "dup2", "dup3", "endgrent", "endpwent", "erand48", "erf",
    "erfc", "execl", "execle", "execlp", "execv", "execve", "execvp", "exit", "exp", "exp2",
    "expf", "expl", "explicit_bzero", "expm1", "fabs", "fabsf", "fabsl", "faccessat", "fchdir",
    "fchmod", "fchmodat", "fchown", "fclose", "fcntl", "fdatasync", "fdim", "fdopen",
    "fdopendir", "feof", "ferror", "fflush", "ffs", "fgetc", "fgetpos", "fgets", "fgetwc",
    "fgetws", "fileno", "flock", "flockfile", "floor", "floorf", "floorl", "fma", "fmax",
    "fmin", "fmod", "fmodf", "fnmatch", "fopen", "fork", "fpathconf", "fprintf", "fputc",
    "fputs", "fputwc", "fputws", "fread", "free", "freeaddrinfo", "freopen", "frexp", "fscanf",
    "fseek", "fseeko", "fsetpos", "fstat", "fstatat", "fsync", "ftell", "ftello", "ftruncate",
    "ftw", "funlockfile", "futimens", "fwide", "fwprintf", "fwrite", "fwscanf", "gai_strerror",
    "getaddrinfo", "getc", "getc_unlocked", "getchar", "getchar_unlocked", "getcwd", "getdelim",
    "getegid", "getentropy", "getenv", "geteuid", "getgid", "getgrgid", "getgrgid_r",
    "getgrnam", "getgrnam_r", "getgroups", "gethostbyaddr", "gethostbyname", "gethostname",
    "getline", "getlogin", "getlogin_r", "getnameinfo", "getopt", "getopt_long", "getpagesize",
    "getpeername", "getpgid", "getpgrp", "getpid", "getppid", "getpriority", "getpwnam",
    "getpwnam_r", "getpwuid", "getpwuid_r", "getrandom", "getrlimit", "getrusage", "gets",
    "getsid", "getsockname", "getsockopt", "gettimeofday", "getuid", "getwc", "getwchar",
    "glob", "globfree", "gmtime", "gmtime_r", "htonl", "htons", "hypot", "iconv", "iconv_close",
    "iconv_open", "inet_addr", "inet_aton", "inet_ntoa", "inet_ntop", "inet_pton", "ioctl",
    "isalnum", "isalpha", "isascii", "isatty", "isblank", "iscntrl", "isdigit", "isfinite",
    "isgraph", "isinf", "islower", "isnan", "isprint", "ispunct", "isspace", "isupper",
    "iswalnum", "iswalpha", "iswdigit", "iswlower", "iswspace", "iswupper", "isxdigit", "kill",
    "labs", "lchown", "ldexp", "ldiv", "link", "linkat", "listen", "llabs", "lldiv", "llrint",
    "llround", "localeconv", "localtime", "localtime_r", "log", "log10", "log10f", "log1p",
    "log2", "logb", "logf", "logl", "longjmp", "lrand48", "lrint", "lround", "lseek", "lstat",
    "madvise", "malloc", "mblen", "mbrlen", "mbrtowc", "mbsinit", "mbsrtowcs", "mbstowcs",
    "mbtowc", "memchr", "memcmp", "memcpy", "memmem", "memmove", "memrchr", "memset", "mkdir",
    "mkdirat", "mkdtemp", "mkfifo", "mknod", "mkstemp", "mkstemps", "mktemp", "mktime", "mlock",
    "mmap", "modf", "mprotect", "mrand48", "msync", "munlock", "munmap", "nanosleep",
    "nearbyint", "nextafter", "nice", "nl_langinfo", "ntohl", "ntohs", "open", "openat",
    "opendir", "openlog", "pathconf", "pause", "pclose", "perror", "pipe", "pipe2", "poll",
    "popen", "posix_memalign", "posix_spawn", "posix_spawnp", "pow", "powf", "powl", "pread",
    "printf", "pselect", "pthread_atfork", "pthread_attr_destroy", "pthread_attr_init",
    "pthread_attr_setdetachstate", "pthread_attr_setstacksize", "pthread_cancel",
    "pthread_cond_broadcast", "pthread_cond_destroy", "pthread_cond_init",
    "pthread_cond_signal", "pthread_cond_timedwait", "pthread_cond_wait", "pthread_create",
    "pthread_detach", "pthread_equal", "pthread_exit", "pthread_getspecific", "pthread_join",
    "pthread_key_create", "pthread_key_delete", "pthread_kill", "pthread_mutex_destroy",
    "pthread_mutex_init", "pthread_mutex_lock", "pthread_mutex_trylock", "pthread_mutex_unlock",
    "pthread_mutexattr_destroy", "pthread_mutexattr_init", "pthread_mutexattr_settype",
    "pthread_once", "pthread_rwlock_destroy", "pthread_rwlock_init", "pthread_rwlock_rdlock",
    "pthread_rwlock_unlock", "pthread_rwlock_wrlock", "pthread_self", "pthread_setspecific",
    "pthread_sigmask", "putc", "putc_unlocked", "putchar", "putchar_unlocked", "putenv", "puts",
    "putwc", "putwchar", "pwrite", "qsort", "qsort_r", "raise", "rand", "rand_r", "random",
    "read", "readdir", "readdir_r", "readlink", "readlinkat", "readv", "realloc", "realpath",
    "recv", "recvfrom", "recvmsg", "regcomp", "regerror", "regexec", "regfree", "remainder",
    "remove", "rename", "renameat", "rewind", "rewinddir", "rint", "rmdir", "round", "roundf",
    "sbrk", "scalbn", "scanf", "sched_yield", "seekdir", "select", "sem_close", "sem_destroy",
    "sem_init", "sem_open", "sem_post", "sem_timedwait", "sem_trywait", "sem_unlink",
    "sem_wait", "send", "sendmsg", "sendto", "setbuf", "setegid", "setenv", "seteuid", "setgid",
    "setgrent", "setgroups", "sethostname", "setitimer", "setjmp", "setlocale", "setlogmask",
    "setpgid", "setpgrp", "setpriority", "setpwent", "setregid", "setreuid", "setrlimit",
    "setsid", "setsockopt", "setuid", "setvbuf", "shm_open", "shm_unlink", "shutdown",
    "sigaction", "sigaddset", "sigaltstack", "sigdelset", "sigemptyset", "sigfillset",
    "sigismember", "siglongjmp", "signal", "signbit", "sigpending", "sigprocmask", "sigsetjmp",
    "sigsuspend", "sigwait", "sin", "sinf", "sinh", "sinl", "sleep", "snprintf", "socket",
    "socketpair", "sprintf", "sqrt", "sqrtf", "sqrtl", "srand", "srand48", "srandom", "sscanf",
    "stat", "statvfs", "stpcpy", "stpncpy", "strcasecmp", "strcat", "strchr", "strchrnul",
    "strcmp", "strcoll", "strcpy", "strcspn", "strdup", "strerror", "strerror_r", "strftime",
    "strlcat", "strlcpy", "strlen", "strncasecmp", "strncat", "strncmp", "strncpy", "strndup",
    "strnlen", "strpbrk", "strptime", "strrchr", "strsep", "strsignal", "strspn", "strstr",
    "strtod", "strtof", "strtoimax", "strtok", "strtok_r", "strtol", "strtold", "strtoll",
    "strtoul", "strtoull", "strtoumax", "strxfrm", "swprintf", "swscanf", "symlink",
    "symlinkat", "sync", "sysconf", "syslog", "system", "tan", "tanf", "tanh", "tanl",
    "tcdrain", "tcflow", "tcflush", "tcgetattr", "tcgetpgrp", "tcsendbreak", "tcsetattr",
    "tcsetpgrp", "telldir", "tempnam", "time", "timegm", "timer_create", "timer_delete",
    "timer_settime", "times", "tmpfile", "tmpnam", "toascii", "tolower", "toupper", "towlower",
    "towupper", "trunc", "truncate", "ttyname", "tzset", "umask", "uname", "ungetc", "ungetwc",
    "unlink", "unlinkat", "unsetenv", "usleep", "utime", "utimensat", "utimes", "va_arg",
    "va_copy", "va_end", "va_start", "vasprintf", "vdprintf", "vfprintf", "vfscanf",
    "vfwprintf", "vprintf", "vscanf", "vsnprintf", "vsprintf", "vsscanf", "vswprintf",
    "vwprintf", "wait", "wait3", "wait4", "waitid", "waitpid", "wcrtomb", "wcscat", "wcschr",
    "wcscmp", "wcscoll", "wcscpy", "wcscspn", "wcsftime", "wcslen", "wcsncat", "wcsncmp",
    "wcsncpy", "wcsrchr", "wcsrtombs", "wcsspn", "wcsstr", "wcstod", "wcstok", "wcstol",
    "wcstombs", "wcstoul", "wctob", "wctomb", "wmemchr", "wmemcmp", "wmemcpy", "wmemmove",
    "wmemset", "wprintf", "write", "writev", "wscanf",
};

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool is_libc(codira_str s)
{
    char key[64];
    if (s.len == 0 || s.len >= sizeof(key)) return false;
    memcpy(key, s.ptr, s.len);
    key[s.len] = '\0';
    const char *k = key;
    return bsearch(&k, libc_names, sizeof(libc_names) / sizeof(*libc_names),
                   sizeof(*libc_names), cmp_cstr) != NULL;
}

/* C keywords (and common compiler extensions) that cannot name anything. */
static const char *const c_keywords[] = {
    "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic", "_Noreturn",
    "_Static_assert", "_Thread_local", "__asm", "__asm__", "__attribute", "__attribute__",
    "__declspec", "__extension__", "__forceinline", "__inline", "__inline__", "__restrict",
    "__restrict__", "__thread", "__typeof", "__typeof__", "__volatile__", "alignas", "alignof",
    "asm", "auto", "bool", "break", "case", "char", "const", "constexpr", "continue", "default",
    "do", "double", "else", "enum", "extern", "float", "for", "goto", "if", "inline", "int",
    "long", "register", "restrict", "return", "short", "signed", "sizeof", "static",
    "static_assert", "struct", "switch", "thread_local", "typedef", "typeof", "union",
    "unsigned", "void", "volatile", "while",
};

static const char *const c_type_keywords[] = {
    "_Bool", "_Complex", "bool", "char", "double", "float", "int", "long", "short", "signed",
    "unsigned", "void",
};

static bool in_table(const char *const *tab, size_t n, const char *s, size_t len)
{
    char key[32];
    if (len == 0 || len >= sizeof(key)) return false;
    memcpy(key, s, len);
    key[len] = '\0';
    const char *k = key;
    return bsearch(&k, tab, n, sizeof(*tab), cmp_cstr) != NULL;
}

static bool is_keyword(const char *s, size_t len)
{
    return in_table(c_keywords, sizeof(c_keywords) / sizeof(*c_keywords), s, len);
}

/* C++ keywords that C does not have (sorted) */
static const char *const cpp_keywords[] = {
    "alignas", "catch", "class", "co_await", "co_return", "co_yield", "concept", "const_cast",
    "consteval", "constinit", "decltype", "delete", "dynamic_cast", "explicit", "export",
    "final", "friend", "mutable", "namespace", "new", "noexcept", "nullptr", "operator",
    "override", "private", "protected", "public", "reinterpret_cast", "requires",
    "static_cast", "template", "this", "throw", "try", "typeid", "typename", "using",
    "virtual",
};

static bool is_cpp_keyword(const char *s, size_t len)
{
    return in_table(cpp_keywords, sizeof(cpp_keywords) / sizeof(*cpp_keywords), s, len);
}

static bool is_type_keyword(const char *s, size_t len)
{
    return in_table(c_type_keywords, sizeof(c_type_keywords) / sizeof(*c_type_keywords), s,
                    len);
}

static bool is_upper_c(char ch) { return ch >= 'A' && ch <= 'Z'; }
static bool is_lower_c(char ch) { return ch >= 'a' && ch <= 'z'; }
static bool is_digit_c(char ch) { return ch >= '0' && ch <= '9'; }
static bool is_ident_c(unsigned char ch)
{
    return is_upper_c((char)ch) || is_lower_c((char)ch) || is_digit_c((char)ch) || ch == '_' ||
           ch == '$' || ch >= 0x80;
}
static bool is_space_c(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

/* letters, digits and underscores, at least one letter, no lower case */
static bool is_all_upper(const char *s, size_t n)
{
    bool letter = false;
    for (size_t i = 0; i < n; i++) {
        if (is_upper_c(s[i])) letter = true;
        else if (!is_digit_c(s[i]) && s[i] != '_') return false;
    }
    return letter;
}

/* Looks like a macro name: all upper case, or a lower-case prefix and an
 * upper-case rest (`Py_DEPRECATED`, `G_GNUC_PRINTF`, `_Py_NO_RETURN`). */
static bool is_macroish(const char *s, size_t n)
{
    if (n == 0) return false;
    if (is_all_upper(s, n)) return true;
    size_t i = 0;
    while (i < n && s[i] == '_') i++;
    while (i < n && s[i] != '_') i++;
    if (i >= n - 1 || i == 0) return false;
    return is_all_upper(s + i + 1, n - i - 1);
}

/* ------------------------------------------------------------------ */
/* a set of names                                                       */

typedef struct nameset {
    codira_str *slots;
    size_t cap, len;
    VEC(uint32_t) used; /* occupied slots, for a cheap clear */
} nameset;

static size_t ns_slot(const nameset *s, const char *p, size_t n)
{
    size_t mask = s->cap - 1, i = (size_t)hash64(p, n) & mask;
    while (s->slots[i].ptr &&
           !(s->slots[i].len == n && memcmp(s->slots[i].ptr, p, n) == 0))
        i = (i + 1) & mask;
    return i;
}

static void ns_add(nameset *s, const char *p, size_t n)
{
    if (!n) return;
    if ((s->len + 1) * 2 > s->cap) {
        nameset big = {xcalloc(s->cap ? s->cap * 2 : 64, sizeof(codira_str)),
                       s->cap ? s->cap * 2 : 64, 0, {0}};
        for (size_t k = 0; k < s->used.len; k++) {
            codira_str v = s->slots[s->used.items[k]];
            size_t j = ns_slot(&big, v.ptr, v.len);
            big.slots[j] = v;
            VEC_PUSH(big.used, (uint32_t)j);
            big.len++;
        }
        free(s->slots);
        VEC_FREE(s->used);
        *s = big;
    }
    size_t i = ns_slot(s, p, n);
    if (s->slots[i].ptr) return;
    s->slots[i] = (codira_str){p, n};
    VEC_PUSH(s->used, (uint32_t)i);
    s->len++;
}

static bool ns_has(const nameset *s, const char *p, size_t n)
{
    if (!s->len || !n) return false;
    return s->slots[ns_slot(s, p, n)].ptr != NULL;
}

static void ns_clear(nameset *s)
{
    for (size_t k = 0; k < s->used.len; k++) s->slots[s->used.items[k]] = (codira_str){0};
    s->used.len = 0;
    s->len = 0;
}

static void ns_free(nameset *s)
{
    free(s->slots);
    VEC_FREE(s->used);
    memset(s, 0, sizeof(*s));
}

/* ------------------------------------------------------------------ */
/* per-file context                                                     */

typedef struct crange {
    uint32_t start, end;
} crange;

/* A documentation candidate: one block comment, or a run of line
 * comments on consecutive lines. */
typedef struct cblock {
    uint32_t start, end, line, end_line;
    uint8_t is_line;  /* made of // comments */
    uint8_t trailing; /* code precedes it on its first line */
    uint8_t doxygen;  /* slash-star-star, slash-star-bang, ///, //! */
    uint8_t back;     /* the same with '<': documents what precedes it */
    uint8_t module;   /* taken as the module docstring */
    uint8_t doc_done; /* its codira_doc was emitted */
    uint32_t first_raw, nraw;
    codira_str text;  /* cleaned, once needed */
} cblock;

typedef struct cmacro {
    uint32_t start, end, name, name_len, line, end_line, col;
    uint32_t pstart, pend; /* parameter text, function-like only */
    bool fnlike;
} cmacro;

typedef struct cinclude {
    uint32_t name, len, line;
    bool system;
} cinclude;

typedef struct csym {
    const char *kind;
    codira_str name;
    int parent;          /* index into syms, 0 = the module */
    uint32_t line, end_line, col, flags, ordinal;
    codira_str sig, params;
    uint32_t key;        /* ordering position (start of the declaration) */
    uint32_t seq;
    int doc;             /* cblock index or -1 */
    bool forward, dropped;
    /* C++ */
    codira_str qual;     /* qualified name (C: the name) */
    codira_str tkey;     /* functions: parameter types and qualifiers, "(int,char*)const" */
    bool has_body;       /* functions and methods defined here */
    bool ool;            /* defined out of its class: `int W::run(int) {...}` */
    char *stable_id;
    codira_handle handle;
} csym;

typedef struct cedge {
    uint8_t rel, tk;
    int owner;
    codira_str base, target;
    const char *ref_kind, *ext_kind;
    uint32_t line, col;
} cedge;

/* A local variable or parameter whose declared type is a named type:
 * `Circle unit{1.0}`, `const Shape &a`. */
typedef struct typed_local {
    codira_str name, type;
} typed_local;

typedef struct cctx {
    const c_thread *t;
    const cf_lang *lang;
    bool cpp;
    uint32_t tpl_start;  /* C++: start of the template declaration being handled */
    int scope;           /* C++: the enclosing namespace or class symbol, 0 the module */
    bool anon;           /* C++: inside an anonymous namespace (internal linkage) */
    strmap by_qual;      /* C++: namespace and class qualnames -> symbol index */
    nameset ns_names;    /* C++: names of the file's namespaces */
    strbuf tmp3;
    const codira_source *srcinfo;
    const char *src; /* original bytes */
    char *pbuf;      /* the copy handed to the parser */
    uint32_t len;
    arena mem;
    strbuf tmp, tmp2;
    VEC(crange) raw; /* every comment, in order */
    VEC(cblock) blocks;
    VEC(cmacro) macros;
    VEC(cinclude) includes;
    VEC(csym) syms;
    VEC(cedge) edges;
    nameset macro_names, fn_macros, enum_names, locals;
    VEC(typed_local) typed; /* C++: locals and parameters of a class type */
    VEC(uint32_t) line_starts;
    VEC(crange) bodies; /* function bodies as the lexer sees them */
    VEC(crange) dirs;   /* preprocessor lines and dropped branches, by start */
    VEC(uint32_t) stmt_starts; /* first token of each file-scope statement */
    uint32_t first_code; /* first byte of live code, len when none */
    uint32_t lines;
} cctx;

static codira_str arena_view(cctx *c, const char *p, size_t n)
{
    return (codira_str){arena_strndup(&c->mem, p, n), n};
}

static TSNode child_field(const cctx *c, TSNode n, int f)
{
    return ts_node_child_by_field_id(n, c->t->field[f]);
}

static bool is_sym(const cctx *c, TSNode n, int s)
{
    return !ts_node_is_null(n) && ts_node_symbol(n) == c->t->sym[s];
}

/* ------------------------------------------------------------------ */
/* pass 1: the lexer                                                    */

enum { T_IDENT, T_NUM, T_STR, T_PUNCT };

typedef struct ltok {
    uint32_t start, end, line;
    uint8_t kind;
    char ch; /* T_PUNCT */
} ltok;

/* One branch of a conditional: the directive opening it and, once it
 * ended, its brace and parenthesis balance. */
typedef struct cbranch {
    uint32_t dir_start, dir_end;
    int dbrace, dparen;
    bool dead;
} cbranch;

/* C: a '(' open inside braces (see code_token) */
typedef struct pframe {
    uint32_t name_start, name_end, open_end; /* the callee, when a call */
    uint32_t arg_start, arg_end;             /* the current argument */
    uint32_t name_ref, name_ref_end;         /* its last name */
    uint32_t ntok;
    int depth;  /* lx->depth at the '(' */
    char kind;  /* ';' a statement, ',' an initializer item, 0 other */
    bool call, wrap, avail;
    bool typeish, typekw, star; /* the current argument so far */
} pframe;

typedef struct condframe {
    bool parent_dead, taken, nested, any_live;
    bool stmt;          /* opened in the middle of a file-scope declaration */
    bool old_suppress;
    int depth_at_if, parens_at_if;
    size_t branch_base; /* its branches in lexer.branches */
} condframe;

typedef struct lexer {
    cctx *c;
    const char *s;
    char *b;
    uint32_t n, i, line;
    bool bol, code_on_line, dead;
    int depth, pdepth, parens;
    uint32_t init_start; /* '{' of the current file-scope brace */
    bool pending_macro, enum_seen, has_cand;
    bool cand_wait; /* C: cand, then a name on its line: decided by the next token */
    bool lone0;    /* C++: the statement so far is one macro name */
    bool strmac;   /* C++: `"%" PRIu64` - a macro after a string, in cand2 */
    ltok cand2;
    int attr;      /* C++: inside __attribute__((...)): paren depth + 1 */
    uint32_t attr_start;
    uint32_t enum_base; /* C++: the ':' of `enum : int {`, 0 when none */
    ltok prev, cand;
    ltok prev2, prev3; /* the two tokens before prev */
    VEC(pframe) pf;    /* C: parentheses open in braces */
    char sep_ch;       /* C: a macro call ended; ';' or ',' may be missing */
    uint32_t sep_line, sep_end, sep_tok;
    uint32_t sep_open; /* where that call's '(' is */
    VEC(char) kinds;
    bool suppress; /* in a later branch of a conditional splitting a declaration */
    VEC(condframe) conds;
    VEC(cbranch) branches;
    VEC(ltok) st; /* tokens of the current file-scope statement */
    VEC(char) scopes; /* C++: open file-scope braces that are not bodies: 'n'
                         namespace, 'm' namespace opened by a macro, 'x' extern "C" */
} lexer;

static void blank(lexer *lx, uint32_t from, uint32_t to)
{
    for (uint32_t k = from; k < to && k < lx->n; k++)
        if (lx->b[k] != '\n' && lx->b[k] != '\r') lx->b[k] = ' ';
}

static bool tok_is(const lexer *lx, const ltok *t, const char *s)
{
    size_t n = strlen(s);
    return t->kind == T_IDENT && t->end - t->start == n && memcmp(lx->s + t->start, s, n) == 0;
}

static bool tok_punct(const ltok *t, char ch) { return t->kind == T_PUNCT && t->ch == ch; }

/* a keyword of the file's language (C++ adds its own to C's) */
static bool lx_kw(const lexer *lx, const char *p, size_t n)
{
    return is_keyword(p, n) || (lx->c->cpp && is_cpp_keyword(p, n));
}

static bool tok_macroish(const lexer *lx, const ltok *t)
{
    return t->kind == T_IDENT && !lx_kw(lx, lx->s + t->start, t->end - t->start) &&
           is_macroish(lx->s + t->start, t->end - t->start);
}

/* a token that can end the type part of a declaration */
static bool tok_typebearing(const lexer *lx, const ltok *t)
{
    if (tok_punct(t, ')')) return true;
    if (t->kind != T_IDENT) return false;
    const char *p = lx->s + t->start;
    size_t n = t->end - t->start;
    return is_type_keyword(p, n) || !lx_kw(lx, p, n);
}

static bool tok_plain_ident(const lexer *lx, const ltok *t)
{
    return t->kind == T_IDENT && !lx_kw(lx, lx->s + t->start, t->end - t->start);
}

/* index of the ')' matching the '(' at k, or 0 */
static size_t match_paren(const ltok *t, size_t m, size_t k)
{
    int d = 0;
    for (size_t j = k; j < m; j++) {
        if (t[j].kind != T_PUNCT) continue;
        if (t[j].ch == '(') d++;
        else if (t[j].ch == ')' && --d == 0) return j;
        else if (t[j].ch == ';' || t[j].ch == '{' || t[j].ch == '}') return 0;
    }
    return 0;
}

/* index of the '(' matching the ')' at k, or SIZE_MAX */
static size_t match_paren_back(const ltok *t, size_t k)
{
    int d = 0;
    for (size_t j = k + 1; j-- > 0;) {
        if (t[j].kind != T_PUNCT) continue;
        if (t[j].ch == ')') d++;
        else if (t[j].ch == '(' && --d == 0) return j;
    }
    return SIZE_MAX;
}

/* Macro names that stand for attributes or specifiers: *_CONSTEXPR(20),
 * *_INLINE, *_API, *_EXPORT, *_NODISCARD, *_DEPRECATED, *_NOINLINE... */
static bool attr_macro_name(const char *p, size_t n)
{
    static const char *const suffixes[] = {"_CONSTEXPR", "_CONSTEVAL", "_INLINE", "_API",
                                           "_EXPORT", "_NODISCARD", "_DEPRECATED", "_NOINLINE",
                                           "_NORETURN", "_VISIBLE", "_UNUSED", "_EXTERN",
                                           "_MAYBE_UNUSED", "_FUNC"};
    while (n && is_digit_c(p[n - 1])) n--;
    for (size_t i = 0; i < sizeof(suffixes) / sizeof(*suffixes); i++) {
        size_t k = strlen(suffixes[i]);
        if (n > k && memcmp(p + n - k, suffixes[i], k) == 0) return true;
    }
    return false;
}

/* C rules of statement_rules that run first; returns the number of tokens
 * left (blanked leading macros are dropped from t):
 * - leading attribute macros before the type: `CURL_EXTERN CURL *f(void);`
 *   (a macro then two names or a name and '*'), `CURL_EXTERN const char
 *   *f(void);` (a macro named like an attribute then a keyword),
 *   `Py_DEPRECATED(3.0) int f(void);` (a macro call whose arguments name
 *   nothing);
 * - a macro after a parameter's name: `int f(int level UNUSED_PARAM, ...)`;
 * - a calling convention in a declarator: `typedef BOOL (WINAPI *fn)(...)`. */
static size_t c_statement_rules(lexer *lx, ltok *t, size_t m)
{
    size_t p = 0;
    while (p < m && (tok_is(lx, &t[p], "static") || tok_is(lx, &t[p], "extern") ||
                     tok_is(lx, &t[p], "inline") || tok_is(lx, &t[p], "typedef")))
        p++;
    size_t first = p;
    while (p + 2 < m && tok_macroish(lx, &t[p])) {
        if (tok_punct(&t[p + 1], '(')) {
            size_t cl = match_paren(t, m, p + 1);
            if (!cl || cl + 1 >= m || t[cl + 1].kind != T_IDENT) break;
            bool names = false;
            for (size_t j = p + 2; j < cl; j++)
                if (t[j].kind == T_IDENT) names = true;
            if (names) break;
            blank(lx, t[p].start, t[cl].end);
            p = cl + 1;
            continue;
        }
        const ltok *a = &t[p + 1], *b = &t[p + 2];
        /* `LONG __cdecl f(...)`, `DWORD WINAPI f(...)`: the type comes
         * first, unless the macro is named like an attribute */
        bool attr = attr_macro_name(lx->s + t[p].start, t[p].end - t[p].start);
        bool ok = (tok_plain_ident(lx, a) && (b->kind == T_IDENT || tok_punct(b, '*')) &&
                   (attr || !(tok_macroish(lx, a) || lx->s[a->start] == '_'))) ||
                  (a->kind == T_IDENT && lx_kw(lx, lx->s + a->start, a->end - a->start) &&
                   !tok_is(lx, a, "sizeof") && attr);
        if (!ok) break;
        blank(lx, t[p].start, t[p].end);
        p++;
    }
    if (p > first) {
        memmove(t + first, t + p, (m - p) * sizeof(*t));
        m -= p - first;
    }
    int pd = 0;
    for (size_t k = 0; k < m; k++) {
        if (tok_punct(&t[k], '(')) pd++;
        else if (tok_punct(&t[k], ')')) pd--;
        if (k < 2 || k + 1 >= m || !tok_macroish(lx, &t[k])) continue;
        if (pd > 0 && (tok_punct(&t[k + 1], ',') || tok_punct(&t[k + 1], ')')) &&
            tok_plain_ident(lx, &t[k - 1]) && !tok_macroish(lx, &t[k - 1]) &&
            (tok_typebearing(lx, &t[k - 2]) || tok_punct(&t[k - 2], '*')) &&
            !tok_punct(&t[k - 2], ')'))
            blank(lx, t[k].start, t[k].end);
        else if (k + 4 < m && tok_punct(&t[k - 1], '(') && t[k - 2].kind == T_IDENT &&
                 tok_typebearing(lx, &t[k - 2]) && tok_punct(&t[k + 1], '*') &&
                 tok_plain_ident(lx, &t[k + 2]) && tok_punct(&t[k + 3], ')') &&
                 tok_punct(&t[k + 4], '('))
            blank(lx, t[k].start, t[k].end);
    }
    return m;
}

/* Blank attribute-like macros in one file-scope statement (see the top of
 * the file). Tokens from `from` to `to` inclusive are blanked. */
static void statement_rules(lexer *lx)
{
    ltok *t = lx->st.items;
    size_t m = lx->st.len;
    /* GNU attributes where tree-sitter-c does not expect them: after a
     * '*' (`int * __attribute__((x)) f(void)`) or before an initializer
     * (`int v __attribute__((aligned(8))) = 3;`) */
    for (size_t k = 0; k + 1 < m; k++) {
        if ((tok_is(lx, &t[k], "__attribute__") || tok_is(lx, &t[k], "__attribute")) &&
            tok_punct(&t[k + 1], '(')) {
            size_t close = match_paren(t, m, k + 1);
            if (!close || !((k > 0 && tok_punct(&t[k - 1], '*')) ||
                            (close + 1 < m && tok_punct(&t[close + 1], '='))))
                continue;
            blank(lx, t[k].start, t[close].end);
            memmove(t + k, t + close + 1, (m - close - 1) * sizeof(*t));
            m -= close + 1 - k;
            k--;
        }
    }
    lx->st.len = m;
    if (!lx->c->cpp) m = lx->st.len = c_statement_rules(lx, t, m);
    /* C++: `class LEVELDB_EXPORT DB {`, `struct FMT_API x :`: an export
     * macro between the class key and the name */
    for (size_t k = 0; lx->c->cpp && k + 2 < m; k++) {
        if ((tok_is(lx, &t[k], "class") || tok_is(lx, &t[k], "struct") ||
             tok_is(lx, &t[k], "union")) &&
            tok_macroish(lx, &t[k + 1])) {
            if (tok_plain_ident(lx, &t[k + 2])) {
                blank(lx, t[k + 1].start, t[k + 1].end);
            } else if (tok_punct(&t[k + 2], '(')) { /* `class ALIGN_AS(64) X` */
                size_t cl = match_paren(t, m, k + 2);
                if (cl && cl + 1 < m && tok_plain_ident(lx, &t[cl + 1]))
                    blank(lx, t[k + 1].start, t[cl].end);
            }
        }
    }
    /* C++: `FMT_CONSTEXPR`, `FMT_INLINE`, `ROCKSDB_API`, `FMT_NODISCARD`...:
     * macros named like attributes, before a name or a keyword */
    for (size_t k = 0; lx->c->cpp && k + 1 < m; k++) {
        if (tok_macroish(lx, &t[k]) && attr_macro_name(lx->s + t[k].start, t[k].end - t[k].start) &&
            (t[k + 1].kind == T_IDENT || tok_punct(&t[k + 1], '~')))
            blank(lx, t[k].start, t[k].end);
    }
    /* C++: `LEVELDB_EXPORT Iterator* NewIterator();`,
     * `FOO_API const Bar* f();`, `ABSL_DEPRECATED virtual void f();`:
     * a leading macro before a type and what follows it */
    /* C++: `FMT_TYPE_CONSTANT(int, int_type);`, `DISALLOW_COPY(Foo);`: a
     * macro call as a whole declaration declares nothing tree-sitter can
     * read (its arguments may be types) */
    if (lx->c->cpp && m >= 4 && tok_macroish(lx, &t[0]) && tok_punct(&t[1], '(') &&
        tok_punct(&t[m - 1], ';') && match_paren(t, m, 1) == m - 2) {
        blank(lx, t[0].start, t[m - 1].end);
        return;
    }
    /* C++: `FMT_MSC_WARNING(suppress : 4566) constexpr int x`,
     * `template <typename T, FMT_ENABLE_IF(cond)>`: macro calls where a
     * declaration or a template parameter is expected */
    if (lx->c->cpp && m >= 4 && tok_macroish(lx, &t[0]) && tok_punct(&t[1], '(')) {
        size_t close = match_paren(t, m, 1);
        if (close && close + 1 < m && t[close + 1].kind == T_IDENT &&
            t[close + 1].line == t[close].line)
            blank(lx, t[0].start, t[close].end);
    }
    for (size_t k = 0; lx->c->cpp && k + 3 < m; k++) {
        if (!tok_is(lx, &t[k], "template") || !tok_punct(&t[k + 1], '<')) continue;
        int ang = 0;
        for (size_t j = k + 1; j < m; j++) {
            if (tok_punct(&t[j], '(')) {
                size_t cl = match_paren(t, m, j);
                if (!cl) break;
                j = cl;
                continue;
            }
            if (tok_punct(&t[j], '<')) ang++;
            else if (tok_punct(&t[j], '>') && --ang == 0) break;
            else if (ang == 1 && (tok_punct(&t[j], ',') || j == k + 1) && j + 2 < m &&
                     tok_macroish(lx, &t[j + 1]) && tok_punct(&t[j + 2], '(')) {
                size_t cl = match_paren(t, m, j + 2);
                if (!cl || cl + 1 >= m || !(tok_punct(&t[cl + 1], '>') || tok_punct(&t[cl + 1], ',')))
                    continue;
                /* the parameter and its comma */
                blank(lx, tok_punct(&t[j], ',') ? t[j].start : t[j + 1].start, t[cl].end);
                j = cl;
            }
        }
    }
    bool lead = false;
    if (lx->c->cpp && m >= 3 && tok_macroish(lx, &t[0]) &&
        ((tok_plain_ident(lx, &t[1]) &&
          (t[2].kind == T_IDENT || tok_punct(&t[2], '*') || tok_punct(&t[2], '&') ||
           tok_punct(&t[2], '<'))) ||
         (t[1].kind == T_IDENT && lx_kw(lx, lx->s + t[1].start, t[1].end - t[1].start) &&
          !tok_is(lx, &t[1], "sizeof")))) {
        blank(lx, t[0].start, t[0].end);
        lead = true;
    }
    /* C++: `std::deque<W*> writers_ GUARDED_BY(mutex_);`: a macro after
     * the name of a data member or variable */
    for (size_t k = 1; lx->c->cpp && k + 2 < m; k++) {
        if (!(tok_plain_ident(lx, &t[k - 1]) || tok_punct(&t[k - 1], ']')) ||
            !tok_macroish(lx, &t[k]) ||
            !tok_punct(&t[k + 1], '('))
            continue;
        size_t close = match_paren(t, m, k + 1);
        /* not `Status OK();` nor `Foo BAR(int x);`: a function */
        bool params = close == k + 2;
        for (size_t j = k + 2; j + 1 < close; j++)
            if (t[j].kind == T_IDENT && t[j + 1].kind == T_IDENT) params = true;
        if (close && !params && close + 1 < m &&
            (tok_punct(&t[close + 1], ';') || tok_punct(&t[close + 1], ',')))
            blank(lx, t[k].start, t[close].end);
    }
    /* `EXPORT int f(...)`, `static force_inline float f(...)`: a name
     * followed by a type keyword is a macro */
    for (size_t k = 0; k + 1 < m; k++) {
        if (!tok_plain_ident(lx, &t[k]) || t[k + 1].kind != T_IDENT) continue;
        const char *p = lx->s + t[k + 1].start;
        size_t n = t[k + 1].end - t[k + 1].start;
        if (is_type_keyword(p, n) || tok_is(lx, &t[k + 1], "struct") ||
            tok_is(lx, &t[k + 1], "union") || tok_is(lx, &t[k + 1], "enum") ||
            tok_is(lx, &t[k + 1], "static") || tok_is(lx, &t[k + 1], "inline") ||
            tok_is(lx, &t[k + 1], "extern"))
            blank(lx, t[k].start, t[k].end);
    }
    for (size_t k = 1; k < m; k++) {
        if (!tok_plain_ident(lx, &t[k])) continue;
        if (!tok_macroish(lx, &t[k])) {
            /* `type NAME name(` is not C: NAME is a macro (`internal_function`) */
            if (k + 2 < m && !(lead && k == 1) &&
                !(lx->c->cpp && tok_macroish(lx, &t[k + 1])) &&
                (tok_typebearing(lx, &t[k - 1]) || tok_punct(&t[k - 1], '*')) &&
                tok_plain_ident(lx, &t[k + 1]) && tok_punct(&t[k + 2], '(')) {
                blank(lx, t[k].start, t[k].end);
                continue;
            }
            /* `f(args) internal_function;` */
            if (tok_punct(&t[k - 1], ')') && k + 1 < m &&
                (tok_punct(&t[k + 1], ';') || tok_punct(&t[k + 1], '{') ||
                 tok_punct(&t[k + 1], ','))) {
                size_t open = match_paren_back(t, k - 1);
                if (open != SIZE_MAX && open >= 2 && tok_plain_ident(lx, &t[open - 1]))
                    blank(lx, t[k].start, t[k].end);
            }
            continue;
        }
        size_t close = 0;
        bool fnlike = k + 1 < m && tok_punct(&t[k + 1], '(');
        if (fnlike) {
            close = match_paren(t, m, k + 1);
            if (!close) continue;
        }
        size_t after = fnlike ? close + 1 : k + 1;
        /* trailing: `f(args) ATTR ATTR(x) ;` */
        if (tok_punct(&t[k - 1], ')')) {
            size_t open = match_paren_back(t, k - 1);
            bool declarator = open != SIZE_MAX && open >= 2 &&
                              (tok_plain_ident(lx, &t[open - 1]) || tok_punct(&t[open - 1], ')'));
            size_t r = k;
            while (r < m && (tok_macroish(lx, &t[r]) ||
                             (tok_plain_ident(lx, &t[r]) && lx->s[t[r].start] == '_' &&
                              t[r].end - t[r].start > 1 && lx->s[t[r].start + 1] == '_'))) {
                if (r + 1 < m && tok_punct(&t[r + 1], '(')) {
                    size_t cl = match_paren(t, m, r + 1);
                    if (!cl) break;
                    r = cl + 1;
                } else {
                    r++;
                }
            }
            if (declarator && r > k && r < m &&
                (tok_punct(&t[r], ';') || tok_punct(&t[r], '{') || tok_punct(&t[r], ',') ||
                 tok_punct(&t[r], '=') || (lx->c->cpp && tok_punct(&t[r], ':')))) {
                blank(lx, t[k].start, t[r - 1].end);
                k = r - 1;
                continue;
            }
        }
        bool storage = tok_is(lx, &t[k - 1], "static") || tok_is(lx, &t[k - 1], "inline") ||
                       tok_is(lx, &t[k - 1], "extern") || tok_is(lx, &t[k - 1], "__inline") ||
                       tok_is(lx, &t[k - 1], "__inline__");
        if (!(tok_typebearing(lx, &t[k - 1]) || (!fnlike && tok_punct(&t[k - 1], '*')) ||
              (fnlike && storage)) ||
            after >= m)
            continue;
        if (fnlike) {
            /* middle: `void ATTR(2, 3) name(...)`; the arguments must not
             * look like a parameter list (two names in a row) */
            bool params = false;
            for (size_t j = k + 2; j + 1 < close; j++)
                if (t[j].kind == T_IDENT && t[j + 1].kind == T_IDENT) params = true;
            if (params) continue;
            /* what follows must end a declaration: maybe more of the type,
             * then a name that is not a macro itself unless it is followed
             * by its parameters */
            size_t a = after, typetoks = 0;
            while (a + 1 < m && (tok_punct(&t[a], '*') ||
                                 (t[a].kind == T_IDENT && !tok_punct(&t[a + 1], '(') &&
                                  !tok_punct(&t[a + 1], ';') && !tok_punct(&t[a + 1], ',') &&
                                  !tok_punct(&t[a + 1], '=') && !tok_punct(&t[a + 1], '[')))) {
                if (t[a].kind == T_IDENT) typetoks++;
                a++;
            }
            /* `static MACRO(type) name(...)`: the macro is the return type */
            if (storage && !typetoks && !(tok_macroish(lx, &t[a]) && a + 1 < m &&
                                          tok_punct(&t[a + 1], '(')))
                continue;
            if (a + 1 < m && tok_plain_ident(lx, &t[a]) &&
                (!tok_macroish(lx, &t[a]) || tok_punct(&t[a + 1], '('))) {
                blank(lx, t[k].start, t[close].end);
                k = close;
            }
        } else if (tok_plain_ident(lx, &t[after]) && after + 1 < m &&
                   tok_punct(&t[after + 1], '(') && !tok_punct(&t[k - 1], '*')) {
            /* middle, object-like: `void EXPORT name(...)`,
             * `PyAPI_FUNC(void) _Py_NO_RETURN name(...)` */
            blank(lx, t[k].start, t[k].end);
        }
    }
}

static void flush_statement(lexer *lx)
{
    lx->pending_macro = false;
    if (lx->st.len > 1) statement_rules(lx);
    lx->st.len = 0;
    lx->pdepth = 0;
}

static bool decls_marker(const char *p, size_t n)
{
    static const char *const marks[] = {"BEGIN_DECLS", "END_DECLS", "EXTERN_C_BEGIN",
                                         "EXTERN_C_END", "BEGIN_C_DECLS", "END_C_DECLS"};
    for (size_t k = 0; k < sizeof(marks) / sizeof(*marks); k++) {
        size_t m = strlen(marks[k]);
        if (n >= m && memcmp(p + n - m, marks[k], m) == 0) return true;
    }
    return false;
}

/* A file-scope macro invocation without a semicolon, such as
 * `static GIT_PATH_FUNC(name, "x")` or `weak_alias (a, b)`, followed on a
 * later line by `next`. tree-sitter would glue it to what follows. */
static int macro_statement(const lexer *lx, const ltok *next)
{
    const ltok *t = lx->st.items;
    size_t m = lx->st.len, f = 0;
    if (m < 3 || !tok_punct(&t[m - 1], ')') || next->line <= t[m - 1].line) return 0;
    while (f < m && (tok_is(lx, &t[f], "static") || tok_is(lx, &t[f], "extern") ||
                     tok_is(lx, &t[f], "inline")))
        f++;
    if (f + 2 >= m || !tok_plain_ident(lx, &t[f]) || !tok_punct(&t[f + 1], '(') ||
        match_paren(t, m, f + 1) != m - 1)
        return 0;
    if (next->kind == T_PUNCT || next->kind == T_NUM) return 0;
    if (next->kind == T_IDENT) {
        const char *p = lx->s + next->start;
        size_t n = next->end - next->start;
        if ((is_keyword(p, n) && !is_type_keyword(p, n) && !tok_is(lx, next, "static") &&
                                      !tok_is(lx, next, "extern") &&
                                      !tok_is(lx, next, "typedef") &&
                                      !tok_is(lx, next, "struct") && !tok_is(lx, next, "union") &&
                                      !tok_is(lx, next, "enum") && !tok_is(lx, next, "const")))
            return 0;
        /* `Py_LOCAL_INLINE(int)\nname(...)`: a return type, unless the next
         * line repeats the same macro */
        size_t ln = t[f].end - t[f].start;
        bool same = n == ln && memcmp(p, lx->s + t[f].start, n) == 0;
        if (!lx_kw(lx, p, n) && !same) return 2; /* decided by the token after */
    }
    return 1;
}

/* File-scope initializers longer than this are not parsed (see lex_token_live). */
#define BIG_INITIALIZER_BYTES (64u * 1024)

/* What a '{' opens: 'c' code, 's' struct or union body, 'e' enum body,
 * 'i' initializer. Kept per depth in lx->kinds. */
static char brace_kind(const lexer *lx, int depth)
{
    if (depth <= 0) return 'c';
    if ((size_t)depth > lx->kinds.len) return 'c';
    return lx->kinds.items[depth - 1];
}

static void brace_open(lexer *lx)
{
    const ltok *p = &lx->prev;
    char parent = brace_kind(lx, lx->depth), k = 'c';
    if (lx->enum_seen) k = 'e';
    else if (parent == 'i' || tok_punct(p, '=') || tok_punct(p, ',') || tok_punct(p, '(') ||
             tok_punct(p, '[') || tok_punct(p, '{'))
        k = parent == 'c' && (tok_punct(p, '{') || tok_punct(p, ',')) ? 'c' : 'i';
    else if (p->kind == T_IDENT && !tok_is(lx, p, "else") && !tok_is(lx, p, "do"))
        k = 's';
    /* C++: `struct X : base<T> {` opens a class body */
    if (k == 'c' && lx->c->cpp && tok_punct(p, '>') && !(parent == 'c' && lx->depth > 0))
        k = 's';
    /* C++: `f() const {`, `f() override {`, `f() noexcept {`, `try {` open code */
    if (k == 's' && lx->c->cpp &&
        (tok_is(lx, p, "const") || tok_is(lx, p, "override") || tok_is(lx, p, "noexcept") ||
         tok_is(lx, p, "try") || tok_is(lx, p, "mutable") || tok_is(lx, p, "volatile")))
        k = 'c';
    lx->enum_seen = false;
    lx->kinds.len = lx->depth > 0 ? (size_t)lx->depth : 0;
    while (lx->kinds.len < (size_t)lx->depth) VEC_PUSH(lx->kinds, 'c');
    VEC_PUSH(lx->kinds, k);
}

static bool typeish_token(const lexer *lx, const ltok *t, bool *kw);

/* A macro used as a statement or a member on its own line
 * (`Py_BEGIN_ALLOW_THREADS`, `PyObject_HEAD`): tree-sitter cannot tell it
 * from the start of an expression and loses the end of the block. */
static void lone_macro(lexer *lx, const ltok *t)
{
    bool after_lone = false;
    if (lx->cand_wait) {
        /* C: `PyObject_HEAD Imaging im;`, `PyObject_HEAD Foo *p;` - a
         * macro, then a type and a name on the same line: two names
         * cannot both be the type */
        lx->cand_wait = false;
        if (lx->depth > 0 && (tok_plain_ident(lx, t) || tok_punct(t, '*')))
            blank(lx, lx->cand.start, lx->cand.end);
    }
    if (lx->has_cand) {
        lx->has_cand = false;
        char k = brace_kind(lx, lx->depth);
        if (k == 's' && !lx->c->cpp && t->line == lx->cand.line && t->kind == T_IDENT) {
            bool kw = false;
            if (tok_plain_ident(lx, t))
                lx->cand_wait = true;
            else if (typeish_token(lx, t, &kw) && kw) /* `PyObject_HEAD int (*f)(void);` */
                blank(lx, lx->cand.start, lx->cand.end);
        }
        bool ok = t->line > lx->cand.line &&
                  ((t->kind == T_IDENT && !tok_is(lx, t, "sizeof")) || tok_punct(t, '{') ||
                   (tok_punct(t, '}') && (k == 'c' || (k == 's' && !lx->c->cpp))) || (t->kind == T_STR && k == 'i'));
        if (ok && lx->depth > 0) {
            blank(lx, lx->cand.start, lx->cand.end);
            /* in code, an empty statement keeps `label: MACRO }` valid */
            if (k == 'c') lx->b[lx->cand.start] = ';';
            after_lone = true;
        }
    }
    if (lx->depth > 0 && tok_macroish(lx, t)) {
        char k = brace_kind(lx, lx->depth);
        const ltok *p = &lx->prev;
        bool ok = false;
        if (k == 'c' || k == 's')
            ok = tok_punct(p, ';') || tok_punct(p, '{') || tok_punct(p, '}') || tok_punct(p, ':') ||
                 (lx->sep_tok == t->start && t->start); /* code_token put a ';' before it */
        else if (k == 'i') /* table entries: `METHODDEF` macros */
            ok = tok_punct(p, ',') || tok_punct(p, '{') || after_lone;
        if (ok && t->line > p->line) {
            lx->cand = *t;
            lx->has_cand = true;
        }
    }
}

/* a C token that can be part of a type name in a macro argument
 * (`va_arg(ap, const char *)`); *kw is set for the ones only a type has */
static bool typeish_token(const lexer *lx, const ltok *t, bool *kw)
{
    if (tok_punct(t, '*')) return true;
    if (t->kind != T_IDENT) return false;
    const char *p = lx->s + t->start;
    size_t n = t->end - t->start;
    if (is_type_keyword(p, n) || tok_is(lx, t, "struct") || tok_is(lx, t, "union") ||
        tok_is(lx, t, "enum")) {
        *kw = true;
        return true;
    }
    return tok_is(lx, t, "const") || tok_is(lx, t, "volatile") || !lx_kw(lx, p, n);
}

/* The argument of a call that ends here: a type name (`void *`,
 * `struct x`, `unsigned int`) reads `0` in the parsed copy. */
static void end_argument(lexer *lx, pframe *f)
{
    if (f->call && !f->wrap && !f->avail && f->typeish && f->ntok &&
        (f->typekw || (f->star && f->ntok >= 2))) {
        blank(lx, f->arg_start, f->arg_end);
        if (f->name_ref < f->name_ref_end) /* the type's name stays a reference */
            memcpy(lx->b + f->name_ref, lx->s + f->name_ref, f->name_ref_end - f->name_ref);
        else
            lx->b[f->arg_start] = '0';
    }
    f->name_ref = f->name_ref_end = 0;
    f->ntok = 0;
    f->typeish = true;
    f->typekw = f->star = false;
}

/* C rules for the tokens inside braces (function bodies, initializers),
 * where statement_rules does not run:
 * - a type as a macro argument (`va_arg(ap, char *)`, `offsetof(struct
 *   s, m)`, `PyMem_New(PyObject *, n)`) becomes `0`;
 * - a macro call standing for a statement or an initializer item without
 *   its ';' or ',' (`Py_TRASHCAN_BEGIN(op, f)`, `PyVarObject_HEAD_INIT(NULL,
 *   0)` before `"name",`) gets it, in the blank before the next token; so
 *   does a loop macro before its block (`for_each_string_list_item(i, l) {`
 *   reads `...(i, l);{`);
 * - a macro wrapping statements (`CURL_IGNORE_DEPRECATION(f(); g();)`,
 *   not `DEBUG_OUT({ f(); })`, which parses) loses its name and
 *   parentheses;
 * - `__builtin_available(macOS 10.12, *)` loses its arguments.
 * Parentheses are tracked on an explicit stack (lx->pf). */
static void code_token(lexer *lx, const ltok *t)
{
    if (lx->depth == 0 || lx->pf.len > 4096) {
        lx->pf.len = 0;
        lx->sep_ch = 0;
        return;
    }
    if (lx->sep_ch) {
        char ch = lx->sep_ch;
        lx->sep_ch = 0;
        /* not `MACRO(x)\n else`: the macro ends in an if statement */
        bool ok = ch == ';' ? (t->line > lx->sep_line && !tok_is(lx, t, "else") &&
                               (t->kind == T_IDENT || tok_punct(t, '}'))) ||
                                  tok_punct(t, '{') /* `for_each_item(x, list) {` */
                            : t->kind == T_IDENT || t->kind == T_STR || t->kind == T_NUM ||
                                  tok_punct(t, '{');
        if (ok && t->start > 0 && (lx->b[t->start - 1] == ' ' || lx->b[t->start - 1] == '\t'))
            lx->b[t->start - 1] = ch;
        else if (ok && lx->sep_end < t->start &&
                 (lx->b[lx->sep_end] == ' ' || lx->b[lx->sep_end] == '\t'))
            lx->b[lx->sep_end] = ch;
        else
            ok = false;
        if (ok) lx->sep_tok = t->start; /* starts an item or a statement */
        /* `VEC(char *) names = {0};`: a macro standing for a type (a name
         * follows on its line) reads as that type's name */
        if (!ok && ch == ';' && t->line == lx->sep_line && tok_plain_ident(lx, t) &&
            !is_keyword(lx->s + t->start, t->end - t->start))
            blank(lx, lx->sep_open, lx->sep_end);
    }
    pframe *top = lx->pf.len ? &lx->pf.items[lx->pf.len - 1] : NULL;
    if (tok_punct(t, '(')) {
        if (top) top->typeish = false;
        pframe f = {0};
        const ltok *c = &lx->prev, *b = &lx->prev2;
        char k = brace_kind(lx, lx->depth);
        if (tok_plain_ident(lx, c) && k != 's' && k != 'e') {
            /* not a declaration: `int f(int);`, `T *f(int);` */
            bool typed = tok_plain_ident(lx, b) ||
                         (b->kind == T_IDENT && is_type_keyword(lx->s + b->start, b->end - b->start));
            if (tok_punct(b, '*') && lx->prev3.kind == T_IDENT) typed = true;
            f.call = !typed;
            f.name_start = c->start;
            f.name_end = c->end;
            f.avail = tok_is(lx, c, "__builtin_available");
            bool sep = lx->sep_tok == c->start && c->start;
            if (k == 'c' && (tok_punct(b, ';') || tok_punct(b, '{') || tok_punct(b, '}') ||
                             tok_punct(b, ':') || sep))
                f.kind = ';';
            else if (k == 'i' && (tok_punct(b, '{') || tok_punct(b, ',') || sep))
                f.kind = ',';
        }
        f.open_end = t->end;
        f.depth = lx->depth;
        f.typeish = true;
        VEC_PUSH(lx->pf, f);
        return;
    }
    if (!top) return;
    if (tok_punct(t, ')')) {
        end_argument(lx, top);
        lx->pf.len--;
        if (top->wrap) blank(lx, t->start, t->end);
        if (top->avail) blank(lx, top->open_end, t->start);
        if (top->kind && !top->wrap) {
            lx->sep_ch = top->kind;
            lx->sep_line = t->line;
            lx->sep_end = t->end;
            lx->sep_open = top->open_end - 1;
        }
        return;
    }
    if (tok_punct(t, ',')) {
        end_argument(lx, top);
        return;
    }
    if (tok_punct(t, ';') && top->kind == ';' && !top->wrap && lx->depth == top->depth &&
        is_macroish(lx->s + top->name_start, top->name_end - top->name_start)) {
        top->wrap = true;
        blank(lx, top->name_start, top->open_end);
    }
    if (!top->ntok) top->arg_start = t->start;
    top->arg_end = t->end;
    top->ntok++;
    if (!typeish_token(lx, t, &top->typekw)) top->typeish = false;
    if (tok_plain_ident(lx, t))
        top->name_ref = t->start, top->name_ref_end = t->end;
    top->star = tok_punct(t, '*');
}

/* C++: does the pending file-scope statement open a namespace
 * (`namespace a {`, `namespace a::b {`, `inline namespace v1 {`,
 * `namespace {`)? A macro standing for the name (`namespace
 * ROCKSDB_NAMESPACE {`) is replaced in the parsed copy by its lower-case
 * prefix (`rocksdb`): its definition lives in another header. */
static bool cpp_namespace_open(lexer *lx)
{
    const ltok *t = lx->st.items;
    size_t m = lx->st.len, k = 0;
    while (k < m && !tok_is(lx, &t[k], "namespace")) {
        if (!tok_is(lx, &t[k], "inline") && !tok_is(lx, &t[k], "export")) return false;
        k++;
    }
    if (k >= m) return false;
    for (size_t j = k + 1; j < m; j++) {
        if (tok_punct(&t[j], ':')) continue;
        if (t[j].kind != T_IDENT) return false;
        const char *p = lx->s + t[j].start;
        size_t n = t[j].end - t[j].start;
        if (n > 10 && memcmp(p + n - 10, "_NAMESPACE", 10) == 0 && is_all_upper(p, n)) {
            for (size_t q = 0; q < n; q++) {
                char ch = q < n - 10 ? p[q] : ' ';
                lx->b[t[j].start + q] = is_upper_c(ch) ? (char)(ch - 'A' + 'a') : ch;
            }
        }
    }
    return true;
}

/* C++: `FMT_BEGIN_NAMESPACE` / `FMT_END_NAMESPACE` at file scope open and
 * close a namespace named after the macro's prefix (`fmt`); the parsed
 * copy reads `namespace fmt{` and `}` in their place. */
static bool cpp_namespace_macro(lexer *lx, const ltok *t)
{
    const char *p = lx->s + t->start;
    size_t n = t->end - t->start;
    if (!is_all_upper(p, n) || lx->pdepth) return false;
    bool begin = n > 16 && memcmp(p + n - 16, "_BEGIN_NAMESPACE", 16) == 0;
    bool end = n > 14 && memcmp(p + n - 14, "_END_NAMESPACE", 14) == 0;
    if (!begin && !end) return false;
    if (lx->st.len) {
        /* `FMT_GCC_PRAGMA("x")` before it: a macro call standing alone */
        const ltok *st = lx->st.items;
        if (tok_macroish(lx, &st[0]) && tok_punct(&st[lx->st.len - 1], ')'))
            blank(lx, st[0].start, st[lx->st.len - 1].end);
        lx->st.len = 0;
        lx->pending_macro = false;
        lx->lone0 = false;
    }
    if (begin) {
        size_t pre = n - 16;
        if (10 + pre + 1 > n) return false;
        blank(lx, t->start, t->end);
        memcpy(lx->b + t->start, "namespace ", 10);
        for (size_t q = 0; q < pre; q++)
            lx->b[t->start + 10 + q] = is_upper_c(p[q]) ? (char)(p[q] - 'A' + 'a') : p[q];
        lx->b[t->start + 10 + pre] = '{';
        VEC_PUSH(lx->scopes, 'm');
        return true;
    }
    {
        blank(lx, t->start, t->end);
        if (lx->scopes.len && lx->scopes.items[lx->scopes.len - 1] == 'm') {
            lx->b[t->start] = '}';
            lx->scopes.len--;
        }
        return true;
    }
    return false;
}

/* C++ rewrites at every depth, token by token:
 * - `"%" PRIu64 "x"`: a macro between strings becomes an empty string
 *   (tree-sitter-cpp does not take a name in a string concatenation);
 * - `__attribute__((...))` anywhere is blanked (tree-sitter-cpp takes it
 *   in fewer places than GCC: `Status s __attribute__((unused)) = f();`). */
static void cpp_token(lexer *lx, const ltok *t)
{
    /* `enum : int { A }`: tree-sitter-cpp wants a name before the base
     * type; the parsed copy reads `enum { A }` (the signature keeps it) */
    if (lx->enum_base) {
        if (tok_punct(t, '{')) blank(lx, lx->enum_base, t->start);
        if (t->kind == T_PUNCT && t->ch != ':') lx->enum_base = 0;
    } else if (tok_punct(t, ':') && tok_is(lx, &lx->prev, "enum")) {
        lx->enum_base = t->start;
    }
    if (lx->strmac) {
        lx->strmac = false;
        if (t->kind == T_STR || tok_punct(t, ')') || tok_punct(t, ',') || tok_punct(t, ';')) {
            blank(lx, lx->cand2.start, lx->cand2.end);
            lx->b[lx->cand2.start] = '"';
            lx->b[lx->cand2.start + 1] = '"';
        }
    }
    /* not a literal suffix: `"abc"sv` has no space */
    if (lx->prev.kind == T_STR && t->kind == T_IDENT && t->end - t->start >= 2 &&
        t->start > lx->prev.end && tok_plain_ident(lx, t)) {
        lx->strmac = true;
        lx->cand2 = *t;
    }
    if (lx->attr) {
        if (lx->attr == 1 && !tok_punct(t, '(')) {
            lx->attr = 0;
        } else if (tok_punct(t, '(')) {
            lx->attr++;
        } else if (tok_punct(t, ')') && --lx->attr == 1) {
            blank(lx, lx->attr_start, t->end);
            lx->attr = 0;
        }
    } else if (tok_is(lx, t, "__attribute__") || tok_is(lx, t, "__attribute")) {
        lx->attr = 1;
        lx->attr_start = t->start;
    }
}

static void lex_token_live(lexer *lx, ltok t)
{
    if (tok_punct(&t, '(')) lx->parens++;
    else if (tok_punct(&t, ')')) lx->parens--;
    if (lx->depth > 0 && lx->c->cpp && brace_kind(lx, lx->depth) == 's') {
        /* C++: the members of a class body get the rules of file-scope
         * declarations (`Status Recover(...) EXCLUSIVE_LOCKS_REQUIRED(mu_);`) */
        if (tok_punct(&t, '{') || (tok_punct(&t, ';') && lx->pdepth == 0)) {
            VEC_PUSH(lx->st, t);
            flush_statement(lx);
        } else if (tok_punct(&t, '}')) {
            lx->st.len = 0, lx->pdepth = 0;
        } else if (tok_punct(&t, ':') && lx->st.len == 1 &&
                   (tok_is(lx, &lx->st.items[0], "public") ||
                    tok_is(lx, &lx->st.items[0], "private") ||
                    tok_is(lx, &lx->st.items[0], "protected"))) {
            lx->st.len = 0;
        } else {
            VEC_PUSH(lx->st, t);
            if (tok_punct(&t, '(')) lx->pdepth++;
            else if (tok_punct(&t, ')') && lx->pdepth > 0) lx->pdepth--;
            if (lx->st.len > 65536) flush_statement(lx);
        }
    } else if (lx->depth > 0 && lx->c->cpp) {
        lx->st.len = 0, lx->pdepth = 0;
    }
    if (lx->depth > 0) {
        if (tok_punct(&t, '{')) {
            brace_open(lx);
            lx->depth++;
        } else if (tok_punct(&t, '}')) {
            lx->depth--;
            if (lx->depth == 0) {
                lx->st.len = 0, lx->pdepth = 0, lx->pending_macro = false;
                if (lx->c->bodies.len && brace_kind(lx, 1) == 'c')
                    lx->c->bodies.items[lx->c->bodies.len - 1].end = t.end;
                /* a huge file-scope initializer is data (generated tables):
                 * the variable keeps its symbol, the parser skips the
                 * values, which would cost tens of bytes of tree per byte */
                if (brace_kind(lx, 1) == 'i' && t.start > lx->init_start &&
                    t.start - lx->init_start > BIG_INITIALIZER_BYTES)
                    blank(lx, lx->init_start + 1, t.start);
            }
        }
        return;
    }
    if (lx->c->cpp && lx->lone0) {
        /* `FMT_MODULE_EXPORT_BEGIN` alone on its line before a keyword, a
         * macro or a '}': a marker that expands to nothing of interest */
        lx->lone0 = false;
        if (lx->st.len == 1 && t.line > lx->st.items[0].line &&
            ((t.kind == T_IDENT && (lx_kw(lx, lx->s + t.start, t.end - t.start) ||
                                    tok_macroish(lx, &t))) ||
             tok_punct(&t, '}') || tok_punct(&t, '['))) {
            blank(lx, lx->st.items[0].start, lx->st.items[0].end);
            lx->st.len = 0;
        }
    }
    if (!lx->c->cpp && lx->st.len == 1 && lx->pdepth == 0 && tok_macroish(lx, &lx->st.items[0]) &&
        t.line > lx->st.items[0].line &&
        (tok_is(lx, &t, "static") || tok_is(lx, &t, "extern") || tok_is(lx, &t, "typedef") ||
         tok_is(lx, &t, "struct") || tok_is(lx, &t, "void"))) {
        /* C: a macro alone on its line before a declaration (`UNITTEST_STOP`,
         * `_Py_COMP_DIAG_POP`). Not before a '{' (`UNITTEST_START {...}`):
         * tree-sitter's recovery makes a function of it, which keeps the
         * calls of the block. */
        blank(lx, lx->st.items[0].start, lx->st.items[0].end);
        lx->st.len = 0;
    }
    if (t.kind == T_IDENT && decls_marker(lx->s + t.start, t.end - t.start) &&
        is_macroish(lx->s + t.start, t.end - t.start)) {
        blank(lx, t.start, t.end);
        return;
    }
    if (tok_punct(&t, '{')) {
        size_t m = lx->st.len;
        ltok *st = lx->st.items;
        if (m >= 2 && st[m - 1].kind == T_STR && tok_is(lx, &st[m - 2], "extern")) {
            /* extern "C" { ... }: drop the wrapper, keep the contents */
            blank(lx, st[m - 2].start, t.end);
            lx->st.len -= 2;
            flush_statement(lx);
            if (lx->c->cpp) VEC_PUSH(lx->scopes, 'x');
            return;
        }
        if (lx->c->cpp && cpp_namespace_open(lx)) {
            /* the contents of a namespace are at file scope for the lexer */
            lx->st.len = 0, lx->pdepth = 0, lx->pending_macro = false;
            VEC_PUSH(lx->scopes, 'n');
            return;
        }
        VEC_PUSH(lx->st, t);
        flush_statement(lx);
        brace_open(lx);
        lx->depth = 1;
        lx->init_start = t.start;
        if (brace_kind(lx, 1) == 'c') {
            crange r = {t.start, lx->n};
            VEC_PUSH(lx->c->bodies, r);
        }
        return;
    }
    if (tok_punct(&t, '}')) {
        if (lx->c->cpp && lx->scopes.len && lx->scopes.items[lx->scopes.len - 1] != 'x') {
            /* the end of a namespace: tree-sitter sees it */
            lx->scopes.len--;
            flush_statement(lx);
            return;
        }
        if (lx->scopes.len) lx->scopes.len--;
        /* a brace closing nothing: the end of an extern "C" block */
        blank(lx, t.start, t.end);
        flush_statement(lx);
        return;
    }
    if (lx->c->cpp && t.kind == T_IDENT && cpp_namespace_macro(lx, &t)) return;
    if (lx->pending_macro) {
        /* `MACRO(x)\nname name2`: the macro call stands alone */
        size_t m = lx->st.len;
        lx->pending_macro = false;
        if (m >= 2 && !tok_punct(&t, '(')) {
            blank(lx, lx->st.items[0].start, lx->st.items[m - 2].end);
            lx->st.items[0] = lx->st.items[m - 1];
            lx->st.len = 1;
            VEC_PUSH(lx->c->stmt_starts, lx->st.items[0].start);
        }
    } else if (lx->pdepth == 0) {
        int ms = macro_statement(lx, &t);
        if (ms == 1) {
            blank(lx, lx->st.items[0].start, lx->st.items[lx->st.len - 1].end);
            lx->st.len = 0;
        } else if (ms == 2) {
            lx->pending_macro = true;
        }
    }
    if (!lx->st.len) VEC_PUSH(lx->c->stmt_starts, t.start);
    VEC_PUSH(lx->st, t);
    if (lx->c->cpp && lx->st.len == 1 && tok_macroish(lx, &t)) lx->lone0 = true;
    if (tok_punct(&t, '(')) lx->pdepth++;
    else if (tok_punct(&t, ')') && lx->pdepth > 0) lx->pdepth--;
    else if (tok_punct(&t, ';') && lx->pdepth == 0) flush_statement(lx);
    if (lx->st.len > 65536) flush_statement(lx);
}

static void record_comment(lexer *lx, uint32_t start, uint32_t end, uint32_t line,
                           uint32_t end_line, bool is_line, bool trailing)
{
    cctx *c = lx->c;
    VEC_PUSH(c->raw, ((crange){start, end}));
    if (lx->dead) return;
    const char *p = lx->s + start;
    uint32_t n = end - start;
    /* a // comment alone on the line right after another one joins its block */
    if (is_line && !trailing && c->blocks.len) {
        cblock *b = &c->blocks.items[c->blocks.len - 1];
        if (b->is_line && !b->trailing && b->end_line + 1 == line) {
            uint32_t k = b->end;
            while (k < start && is_space_c(lx->s[k])) k++;
            if (k == start) {
                b->end = end;
                b->end_line = end_line;
                b->nraw++;
                return;
            }
        }
    }
    cblock b = {0};
    b.start = start;
    b.end = end;
    b.line = line;
    b.end_line = end_line;
    b.is_line = is_line;
    b.trailing = trailing;
    b.first_raw = (uint32_t)c->raw.len - 1;
    b.nraw = 1;
    if (is_line) {
        bool three = n >= 3 && (p[2] == '/' || p[2] == '!');
        b.doxygen = three && !(n >= 4 && p[2] == '/' && p[3] == '/');
        b.back = three && n >= 4 && p[3] == '<';
    } else {
        bool three = n >= 4 && (p[2] == '*' || p[2] == '!') && p[3] != '/';
        b.doxygen = three && !(p[2] == '*' && p[3] == '*');
        b.back = three && p[3] == '<';
    }
    VEC_PUSH(c->blocks, b);
}

/* skip a block comment starting at i; returns its end */
static uint32_t skip_block_comment(lexer *lx, uint32_t i)
{
    uint32_t k = i + 2;
    while (k < lx->n && !(lx->s[k] == '*' && k + 1 < lx->n && lx->s[k + 1] == '/')) {
        if (lx->s[k] == '\n') lx->line++;
        k++;
    }
    return k < lx->n ? k + 2 : lx->n;
}

/* a line comment runs to the end of the line, backslash continuations included */
static uint32_t skip_line_comment(lexer *lx, uint32_t i)
{
    uint32_t k = i + 2;
    while (k < lx->n && lx->s[k] != '\n') k++;
    while (k < lx->n && lx->s[k] == '\n' &&
           ((k > 0 && lx->s[k - 1] == '\\') ||
            (k > 1 && lx->s[k - 1] == '\r' && lx->s[k - 2] == '\\'))) {
        lx->line++;
        k++;
        while (k < lx->n && lx->s[k] != '\n') k++;
    }
    uint32_t e = k;
    if (e > i && lx->s[e - 1] == '\r') e--;
    return e;
}

static void lex_comment(lexer *lx)
{
    uint32_t start = lx->i, line = lx->line;
    bool is_line = lx->s[start + 1] == '/';
    uint32_t end = is_line ? skip_line_comment(lx, start) : skip_block_comment(lx, start);
    record_comment(lx, start, end, line, lx->line, is_line, lx->code_on_line);
    /* documentation comes from the recorded comments: the parser does not
     * need them, and fewer tokens parse faster */
    blank(lx, start, end);
    lx->i = end;
}

static uint32_t skip_quoted(lexer *lx, uint32_t i)
{
    char q = lx->s[i];
    uint32_t k = i + 1;
    while (k < lx->n && lx->s[k] != q && lx->s[k] != '\n') {
        if (lx->s[k] == '\\' && k + 1 < lx->n) {
            k++;
            if (lx->s[k] == '\r' && k + 1 < lx->n && lx->s[k + 1] == '\n') k++;
            if (lx->s[k] == '\n') lx->line++;
        }
        k++;
    }
    return k < lx->n && lx->s[k] == q ? k + 1 : k;
}

static codira_str dir_word(const lexer *lx, uint32_t *k, uint32_t end)
{
    while (*k < end && (lx->s[*k] == ' ' || lx->s[*k] == '\t')) (*k)++;
    uint32_t w = *k;
    while (*k < end && is_ident_c((unsigned char)lx->s[*k])) (*k)++;
    return (codira_str){lx->s + w, *k - w};
}

static bool str_is(codira_str s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len == n && memcmp(s.ptr, lit, n) == 0;
}

/* The value of a conditional: 0, 1, or -1 when unknown. `#if 0`, `#if 1`
 * and tests of __cplusplus (never defined in C) are known. */
static int cond_value(cctx *c, codira_str word, uint32_t from, uint32_t to)
{
    strbuf *sb = &c->tmp;
    sb_clear(sb);
    size_t r = c->raw.len;
    while (r > 0 && c->raw.items[r - 1].end > from) r--;
    for (uint32_t k = from; k < to; k++) {
        while (r < c->raw.len && c->raw.items[r].end <= k) r++;
        if (r < c->raw.len && c->raw.items[r].start <= k) continue; /* comment */
        if (is_space_c(c->src[k]) || c->src[k] == '\\') continue;
        sb_addc(sb, c->src[k]);
        if (sb->len > 40) break;
    }
    const char *t = sb_str(sb);
    bool ifdef = str_is(word, "ifdef") || str_is(word, "elifdef");
    bool ifndef = str_is(word, "ifndef") || str_is(word, "elifndef");
    if (ifdef || ifndef) return strcmp(t, "__cplusplus") == 0 ? (ifdef ? 0 : 1) : -1;
    if (strcmp(t, "0") == 0 || strcmp(t, "(0)") == 0) return 0;
    if (strcmp(t, "1") == 0 || strcmp(t, "(1)") == 0) return 1;
    static const char *const cxx[] = {"defined(__cplusplus)", "defined__cplusplus", "__cplusplus"};
    for (size_t k = 0; k < sizeof(cxx) / sizeof(*cxx); k++) {
        size_t n = strlen(cxx[k]);
        if (strncmp(t, cxx[k], n) == 0 && (t[n] == '\0' || strncmp(t + n, "&&", 2) == 0))
            return 0;
        if (t[0] == '!' && strncmp(t + 1, cxx[k], n) == 0 && t[n + 1] == '\0') return 1;
    }
    return -1;
}

static void parse_define(lexer *lx, uint32_t hash, uint32_t k, uint32_t end, uint32_t line)
{
    cctx *c = lx->c;
    while (k < end && (lx->s[k] == ' ' || lx->s[k] == '\t')) k++;
    uint32_t name = k;
    while (k < end && is_ident_c((unsigned char)lx->s[k])) k++;
    if (k == name || is_digit_c(lx->s[name])) return;
    cmacro m = {0};
    m.start = hash;
    m.end = end;
    m.name = name;
    m.name_len = k - name;
    m.line = line;
    m.end_line = lx->line;
    uint32_t ls = name;
    while (ls > 0 && lx->s[ls - 1] != '\n') ls--;
    m.col = name - ls;
    if (k < end && lx->s[k] == '(') {
        m.fnlike = true;
        m.pstart = k + 1;
        uint32_t q = k + 1;
        while (q < end && lx->s[q] != ')') q++;
        m.pend = q;
    }
    VEC_PUSH(c->macros, m);
    ns_add(&c->macro_names, lx->s + m.name, m.name_len);
    if (m.fnlike) ns_add(&c->fn_macros, lx->s + m.name, m.name_len);
}

static void parse_include(lexer *lx, uint32_t k, uint32_t end, uint32_t line)
{
    while (k < end && (lx->s[k] == ' ' || lx->s[k] == '\t')) k++;
    if (k >= end || (lx->s[k] != '"' && lx->s[k] != '<')) return;
    char close = lx->s[k] == '"' ? '"' : '>';
    uint32_t q = k + 1;
    while (q < end && lx->s[q] != close && lx->s[q] != '\n') q++;
    if (q >= end || lx->s[q] != close || q == k + 1) return;
    cinclude inc = {k + 1, q - k - 1, line, close == '>'};
    VEC_PUSH(lx->c->includes, inc);
}

/* #endif (or the end of the file) closes the innermost conditional */
static void close_cond(lexer *lx, uint32_t hash, uint32_t end)
{
    condframe f = lx->conds.items[--lx->conds.len];
    cbranch *br = lx->branches.items + f.branch_base;
    size_t nb = lx->branches.len - f.branch_base;
    br[nb - 1].dbrace = lx->depth - f.depth_at_if;
    br[nb - 1].dparen = lx->parens - f.parens_at_if;
    lx->dead = f.parent_dead;
    lx->suppress = f.old_suppress;
    lx->branches.len = f.branch_base;
    if (f.parent_dead) {
        blank(lx, hash, end);
        return;
    }
    /* Branches that leave braces or parentheses open cannot all be
     * parsed: keep the first live one only, like ctags. Inside code,
     * drop the directives so that tree-sitter sees plain C. */
    size_t first = nb;
    bool balanced = true;
    for (size_t k = 0; k < nb; k++) {
        if (br[k].dead) continue;
        if (first == nb) first = k;
        if (br[k].dbrace || br[k].dparen) balanced = false;
    }
    if (first < nb) {
        lx->depth = f.depth_at_if + br[first].dbrace;
        lx->parens = f.parens_at_if + br[first].dparen;
    } else {
        lx->depth = f.depth_at_if;
        lx->parens = f.parens_at_if;
    }
    if (lx->depth < 0) lx->depth = 0;
    if (f.stmt) balanced = false;
    if (!balanced) {
        for (size_t k = first + 1; k < nb; k++) {
            crange r = {br[k].dir_end, k + 1 < nb ? br[k + 1].dir_start : hash};
            blank(lx, r.start, r.end);
            if (f.stmt) VEC_PUSH(lx->c->dirs, r); /* not part of a signature */
        }
    }
    if (!balanced || f.nested) {
        for (size_t k = 0; k < nb; k++) blank(lx, br[k].dir_start, br[k].dir_end);
        blank(lx, hash, end);
    }
}

static void lex_directive(lexer *lx)
{
    cctx *c = lx->c;
    uint32_t hash = lx->i, line = lx->line;
    uint32_t k = hash + 1;
    /* find the end of the logical line */
    while (k < lx->n && lx->s[k] != '\n') {
        char ch = lx->s[k];
        if (ch == '/' && k + 1 < lx->n && (lx->s[k + 1] == '*' || lx->s[k + 1] == '/')) {
            uint32_t cl = lx->line;
            bool is_line = lx->s[k + 1] == '/';
            uint32_t e = is_line ? skip_line_comment(lx, k) : skip_block_comment(lx, k);
            record_comment(lx, k, e, cl, lx->line, is_line, true);
            k = e;
            continue;
        }
        if (ch == '\\' && k + 1 < lx->n &&
            (lx->s[k + 1] == '\n' ||
             (lx->s[k + 1] == '\r' && k + 2 < lx->n && lx->s[k + 2] == '\n'))) {
            k += lx->s[k + 1] == '\n' ? 2 : 3;
            lx->line++;
            continue;
        }
        if (ch == '"' || ch == '\'') {
            k = skip_quoted(lx, k);
            continue;
        }
        k++;
    }
    uint32_t end = k;
    while (end > hash && (lx->s[end - 1] == '\r')) end--;
    lx->i = k;
    crange dr = {hash, end};
    VEC_PUSH(c->dirs, dr);

    uint32_t w = hash + 1;
    codira_str word = dir_word(lx, &w, end);
    if (c->cpp && (str_is(word, "if") || str_is(word, "elif")) && w + 2 < end) {
        /* tree-sitter-cpp cannot parse `__has_include("x.h")` and its kind
         * (`FMT_HAS_INCLUDE("x.h")`) in a condition; the walk does not
         * depend on conditions (the lexer judged them on the raw bytes) */
        blank(lx, w, end);
        lx->b[w + 1] = '1';
    }
    if (str_is(word, "if") || str_is(word, "ifdef") || str_is(word, "ifndef")) {
        condframe f = {0};
        f.parent_dead = lx->dead;
        f.nested = lx->depth > 0 || lx->pdepth > 0;
        f.stmt = lx->depth == 0 && !lx->dead && (lx->st.len > 0 || lx->pdepth > 0);
        f.old_suppress = lx->suppress;
        f.depth_at_if = lx->depth;
        f.parens_at_if = lx->parens;
        f.branch_base = lx->branches.len;
        int v = cond_value(c, word, w, end);
        if (v == 1) f.taken = true;
        f.any_live = !(f.parent_dead || v == 0);
        VEC_PUSH(lx->conds, f);
        lx->dead = f.parent_dead || v == 0;
        cbranch b = {hash, end, 0, 0, lx->dead};
        VEC_PUSH(lx->branches, b);
        if (f.parent_dead) blank(lx, hash, end);
        return;
    }
    bool is_else = str_is(word, "else");
    if (str_is(word, "elif") || str_is(word, "elifdef") || str_is(word, "elifndef") || is_else) {
        if (!lx->conds.len) return;
        condframe *f = &lx->conds.items[lx->conds.len - 1];
        cbranch *prev = &lx->branches.items[lx->branches.len - 1];
        prev->dbrace = lx->depth - f->depth_at_if;
        prev->dparen = lx->parens - f->parens_at_if;
        lx->depth = f->depth_at_if;
        lx->parens = f->parens_at_if;
        int v = is_else ? -1 : cond_value(c, word, w, end);
        lx->dead = f->parent_dead || f->taken || v == 0;
        if (!lx->dead && (v == 1 || is_else)) f->taken = true;
        bool had_live = f->any_live;
        if (!lx->dead) f->any_live = true;
        cbranch b = {hash, end, 0, 0, lx->dead};
        VEC_PUSH(lx->branches, b);
        if (f->parent_dead) blank(lx, hash, end);
        if (f->stmt) {
            /* the declaration goes on with the first branch only */
            lx->suppress = f->old_suppress || had_live;
            return;
        }
        lx->st.len = 0;
        lx->pdepth = 0;
        lx->pending_macro = false;
        return;
    }
    if (str_is(word, "endif")) {
        if (lx->conds.len) close_cond(lx, hash, end);
        return;
    }
    if (lx->dead) {
        blank(lx, hash, end);
        return;
    }
    if (str_is(word, "define")) parse_define(lx, hash, w, end, line);
    else if (str_is(word, "include") || str_is(word, "include_next"))
        parse_include(lx, w, end, line);
    /* The parser does not need the other directives (macros and includes
     * are taken from here), and comments inside multi-line macros confuse
     * it. */
    blank(lx, hash, end);
}

static int cmp_range(const void *a, const void *b)
{
    const crange *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

static void lex(cctx *c)
{
    lexer lx = {0};
    lx.c = c;
    lx.s = c->src;
    lx.b = c->pbuf;
    lx.n = c->len;
    lx.line = 1;
    lx.bol = true;
    c->first_code = c->len;
    if (lx.n >= 3 && memcmp(lx.s, "\xEF\xBB\xBF", 3) == 0) { /* UTF-8 byte order mark */
        blank(&lx, 0, 3);
        lx.i = 3;
    }
    while (lx.i < lx.n) {
        char ch = lx.s[lx.i];
        if (ch == '\n') {
            lx.line++;
            lx.bol = true;
            lx.code_on_line = false;
            lx.i++;
            continue;
        }
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v') {
            lx.i++;
            continue;
        }
        if (ch == '\\' && lx.i + 1 < lx.n &&
            (lx.s[lx.i + 1] == '\n' ||
             (lx.s[lx.i + 1] == '\r' && lx.i + 2 < lx.n && lx.s[lx.i + 2] == '\n'))) {
            lx.line++;
            lx.i += lx.s[lx.i + 1] == '\n' ? 2 : 3;
            continue;
        }
        if (ch == '/' && lx.i + 1 < lx.n && (lx.s[lx.i + 1] == '*' || lx.s[lx.i + 1] == '/')) {
            lex_comment(&lx);
            continue;
        }
        if (ch == '#' && lx.bol) {
            lex_directive(&lx);
            continue;
        }
        lx.bol = false;
        ltok t = {lx.i, lx.i + 1, lx.line, T_PUNCT, ch};
        if (ch == '"' || ch == '\'') {
            t.kind = T_STR;
            t.end = skip_quoted(&lx, lx.i);
        } else if (is_digit_c(ch) || (ch == '.' && lx.i + 1 < lx.n && is_digit_c(lx.s[lx.i + 1]))) {
            uint32_t k = lx.i + 1;
            while (k < lx.n) {
                char d = lx.s[k];
                if (is_ident_c((unsigned char)d) || d == '.' || d == '\'') k++;
                else if ((d == '+' || d == '-') && strchr("eEpP", lx.s[k - 1])) k++;
                else break;
            }
            t.kind = T_NUM;
            t.end = k;
        } else if (is_ident_c((unsigned char)ch)) {
            uint32_t k = lx.i + 1;
            while (k < lx.n && is_ident_c((unsigned char)lx.s[k])) k++;
            /* string prefixes: L"x", u8"x" */
            if (k < lx.n && (lx.s[k] == '"' || lx.s[k] == '\'') && k - lx.i <= 2) {
                t.kind = T_STR;
                t.end = skip_quoted(&lx, k);
            } else {
                t.kind = T_IDENT;
                t.end = k;
            }
        }
        lx.i = t.end;
        lx.code_on_line = true;
        if (lx.dead) {
            blank(&lx, t.start, t.end);
            continue;
        }
        if (c->first_code == c->len) c->first_code = t.start;
        if (lx.suppress) continue;
        if (c->cpp) cpp_token(&lx, &t);
        else code_token(&lx, &t);
        lone_macro(&lx, &t);
        lex_token_live(&lx, t);
        if (tok_is(&lx, &t, "enum")) lx.enum_seen = true;
        else if (tok_punct(&t, ';') || tok_punct(&t, '}')) lx.enum_seen = false;
        lx.prev3 = lx.prev2;
        lx.prev2 = lx.prev;
        lx.prev = t;
    }
    /* conditionals left open at the end of the file */
    while (lx.conds.len) close_cond(&lx, lx.n, lx.n);
    if (!c->cpp && lx.st.len && lx.pdepth == 0 && tok_plain_ident(&lx, &lx.st.items[0]) &&
        (lx.st.len == 1 ? tok_macroish(&lx, &lx.st.items[0])
                        : tok_punct(&lx.st.items[1], '(') &&
                              match_paren(lx.st.items, lx.st.len, 1) == lx.st.len - 1)) {
        /* C: `UNITTEST_STOP`, `MPD_PRAGMA(x)` ending the file without ';' */
        blank(&lx, lx.st.items[0].start, lx.st.items[lx.st.len - 1].end);
        lx.st.len = 0;
    }
    flush_statement(&lx);
    if (c->dirs.len > 1) qsort(c->dirs.items, c->dirs.len, sizeof(*c->dirs.items), cmp_range);
    VEC_FREE(lx.conds);
    VEC_FREE(lx.branches);
    VEC_FREE(lx.kinds);
    VEC_FREE(lx.st);
    VEC_FREE(lx.scopes);
    VEC_FREE(lx.pf);
}

/* ------------------------------------------------------------------ */
/* text helpers                                                         */

/* first range of v ending after pos */
static size_t first_range_after(const crange *v, size_t n, uint32_t pos)
{
    size_t lo;
    PARTITION_POINT(lo, n, v[mid].end <= pos);
    return lo;
}

/* The source text of [s, e) with comments, preprocessor lines (other than
 * one starting at s) and line continuations dropped, whitespace
 * collapsed, and cut after SIG_MAX bytes. */
static codira_str collapse(cctx *c, uint32_t s, uint32_t e)
{
    strbuf *sb = &c->tmp;
    sb_clear(sb);
    size_t ci = first_range_after(c->raw.items, c->raw.len, s);
    size_t lo;
    PARTITION_POINT(lo, c->dirs.len, c->dirs.items[mid].start < s);
    size_t di = lo;
    bool space = false;
    if (e > c->len) e = c->len;
    for (uint32_t i = s; i < e;) {
        if (ci < c->raw.len && c->raw.items[ci].start <= i) {
            if (c->raw.items[ci].end > i) {
                i = c->raw.items[ci].end;
                space = true;
            }
            ci++;
            continue;
        }
        if (di < c->dirs.len && c->dirs.items[di].start <= i) {
            if (c->dirs.items[di].end > i && c->dirs.items[di].start > s) {
                i = c->dirs.items[di].end;
                space = true;
            }
            di++;
            continue;
        }
        char ch = c->src[i];
        if (ch == '\\' && i + 1 < e && (c->src[i + 1] == '\n' || c->src[i + 1] == '\r')) {
            space = true;
            i++;
            continue;
        }
        if (is_space_c(ch) || ch == '\0') {
            space = true;
            i++;
            continue;
        }
        if (space && sb->len) sb_addc(sb, ' ');
        space = false;
        sb_addc(sb, ch);
        i++;
        if (sb->len > SIG_MAX + 4) break;
    }
    if (sb->len > SIG_MAX) {
        size_t cut = SIG_MAX;
        while (cut > 0 && ((unsigned char)sb->buf[cut] & 0xC0) == 0x80) cut--;
        sb->len = cut;
        sb->buf[cut] = '\0';
        sb_adds(sb, "...");
    }
    return arena_view(c, sb->buf ? sb->buf : "", sb->len);
}

/* collapse() without a trailing ';' */
static codira_str collapse_decl(cctx *c, uint32_t s, uint32_t e)
{
    codira_str r = collapse(c, s, e);
    while (r.len && (r.ptr[r.len - 1] == ';' || r.ptr[r.len - 1] == ' ')) r.len--;
    return r;
}

typedef struct dline {
    const char *p;
    size_t n;
    bool star;  /* had a leading '*' */
    bool first; /* text right after the opening marker */
} dline;

typedef VEC(dline) dlinevec;

static void dline_push(dlinevec *v, const char *p, size_t n, bool star, bool first)
{
    while (n && (is_space_c(p[n - 1]))) n--;
    dline d = {p, n, star, first};
    VEC_PUSH(*v, d);
}

/* The cleaned text of a comment block: the comment markers (opening
 * slash-stars with their `*`, `!` or `<`, the closing star-slash, a leading
 * `*` on each line, `///`, `//!`, `//`) stripped, common indentation
 * removed, leading and trailing empty lines dropped. */
static codira_str clean_comment_text(cctx *c, const cblock *b)
{
    dlinevec lines = {0};
    for (uint32_t r = b->first_raw; r < b->first_raw + b->nraw && r < c->raw.len; r++) {
        const char *p = c->src + c->raw.items[r].start;
        const char *e = c->src + c->raw.items[r].end;
        if (e - p < 2) continue;
        bool is_line = p[1] == '/';
        p += 2;
        if (is_line) {
            if (p < e && (*p == '/' || *p == '!')) p++;
            if (p < e && *p == '<') p++;
        } else {
            if (e - p >= 2 && e[-1] == '/' && e[-2] == '*') e -= 2;
            while (p < e && *p == '*') p++;
            if (p < e && *p == '!') p++;
            if (p < e && *p == '<') p++;
        }
        bool first = !is_line;
        while (p <= e) {
            const char *nl = memchr(p, '\n', (size_t)(e - p));
            const char *le = nl ? nl : e;
            const char *q = p;
            bool star = false;
            if (first) {
                while (q < le && is_space_c(*q)) q++;
            } else if (!is_line) {
                const char *w = q;
                while (w < le && (*w == ' ' || *w == '\t')) w++;
                if (w < le && *w == '*') {
                    star = true;
                    q = w + 1;
                    if (q < le && (*q == ' ' || *q == '\t')) q++;
                }
            }
            /* decoration: a line made of '*' only */
            const char *z = q;
            while (z < le && (*z == '*' || is_space_c(*z))) z++;
            if (z == le) q = le;
            dline_push(&lines, q, (size_t)(le - q), star, first);
            first = false;
            if (!nl) break;
            p = nl + 1;
        }
    }
    /* common indentation of the lines that had no marker of their own */
    size_t indent = SIZE_MAX;
    for (size_t k = 0; k < lines.len; k++) {
        dline *d = &lines.items[k];
        if (d->star || d->first || !d->n) continue;
        size_t w = 0;
        while (w < d->n && (d->p[w] == ' ' || d->p[w] == '\t')) w++;
        if (w < indent) indent = w;
    }
    if (indent == SIZE_MAX) indent = 0;
    size_t first = 0, last = lines.len;
    while (first < last && lines.items[first].n == 0) first++;
    while (last > first && lines.items[last - 1].n == 0) last--;
    strbuf *sb = &c->tmp2;
    sb_clear(sb);
    bool blank_pending = false;
    for (size_t k = first; k < last; k++) {
        dline *d = &lines.items[k];
        if (!d->n) {
            blank_pending = true;
            continue;
        }
        if (sb->len) sb_adds(sb, blank_pending ? "\n\n" : "\n");
        blank_pending = false;
        size_t skip = (d->star || d->first) ? 0 : indent;
        if (skip > d->n) skip = d->n;
        sb_add(sb, d->p + skip, d->n - skip);
    }
    VEC_FREE(lines);
    return arena_view(c, sb->buf ? sb->buf : "", sb->len);
}

static codira_str clean_comment(cctx *c, cblock *b)
{
    if (!b->text.ptr) b->text = clean_comment_text(c, b);
    return b->text;
}

/* the comment block documenting a declaration that starts at `start` */
static int doc_before(const cctx *c, uint32_t start)
{
    size_t lo;
    PARTITION_POINT(lo, c->blocks.len, c->blocks.items[mid].end <= start);
    if (lo == 0) return -1;
    const cblock *b = &c->blocks.items[lo - 1];
    if (b->trailing || b->back || b->module) return -1;
    int nl = 0;
    for (uint32_t k = start; k > b->end; k--) {
        char ch = c->src[k - 1];
        if (ch == '\n') {
            if (++nl > 2) return -1;
        } else if (!is_space_c(ch)) {
            return -1;
        }
    }
    return (int)(lo - 1);
}

/* a comment after a declaration on its last line (`int x; ///< doc`) */
static int doc_after(const cctx *c, uint32_t end)
{
    size_t lo;
    PARTITION_POINT(lo, c->blocks.len, c->blocks.items[mid].start < end);
    if (lo >= c->blocks.len) return -1;
    const cblock *b = &c->blocks.items[lo];
    if (!b->trailing || b->module) return -1;
    for (uint32_t k = end; k < b->start; k++) {
        char ch = c->src[k];
        if (ch != ' ' && ch != '\t' && ch != ',' && ch != ';' && ch != '\r') return -1;
    }
    return (int)lo;
}

/* the preceding comment, unless a back-pointing (`///<`) comment follows */
static int pick_doc(const cctx *c, uint32_t start, uint32_t end, bool trailing_ok)
{
    int before = doc_before(c, start);
    int after = trailing_ok ? doc_after(c, end) : -1;
    if (after >= 0 && (c->blocks.items[after].back || before < 0)) return after;
    return before;
}

/* ------------------------------------------------------------------ */
/* symbols                                                              */

/* The name a C++ declarator node gives: `operator bool` for a conversion
 * operator (without its parameters), `operator==`, `~Widget`, with their
 * whitespace collapsed. */
static codira_str cpp_name(cctx *c, TSNode n)
{
    const TSSymbol *S = c->t->sym;
    TSSymbol s = ts_node_symbol(n);
    if (s == S[N_operator_cast]) {
        TSNode d = child_field(c, n, F_declarator);
        uint32_t e = ts_node_is_null(d) ? ts_node_end_byte(n) : ts_node_start_byte(d);
        return collapse(c, ts_node_start_byte(n), e);
    }
    if (s == S[N_operator_name] || s == S[N_destructor_name])
        return collapse(c, ts_node_start_byte(n), ts_node_end_byte(n));
    return ts_text(n, c->src);
}

/* Qualified names stop growing past this many bytes: 100,000 nested
 * namespaces must not cost 100,000 ever longer names (quadratic). Deeper
 * symbols are named from their innermost scope that fits. */
#define QUAL_MAX 1024

/* `outer::name`, or `name` at the top */
static codira_str qual_join(cctx *c, codira_str outer, codira_str name)
{
    if (!outer.len || outer.len > QUAL_MAX) return name;
    strbuf *sb = &c->tmp3;
    sb_clear(sb);
    sb_add(sb, outer.ptr, outer.len);
    sb_adds(sb, "::");
    sb_add(sb, name.ptr, name.len);
    return arena_view(c, sb->buf, sb->len);
}

static int add_sym(cctx *c, const char *kind, TSNode name, int parent, uint32_t key,
                   uint32_t line, uint32_t end_line, uint32_t flags, codira_str sig)
{
    csym s = {0};
    s.kind = kind;
    s.name = ts_text(name, c->src);
    if (c->cpp) s.name = cpp_name(c, name);
    s.parent = parent;
    s.line = line;
    s.end_line = end_line;
    s.col = ts_col(name);
    s.flags = flags;
    s.sig = sig;
    s.key = key;
    s.seq = (uint32_t)c->syms.len;
    s.doc = -1;
    s.handle = CODIRA_NO_HANDLE;
    if (c->cpp) {
        if (parent == 0) s.parent = parent = c->scope;
        if (c->anon) s.flags = (s.flags & ~(uint32_t)CODIRA_SYM_PUBLIC) | CODIRA_SYM_STATIC;
        s.qual = qual_join(c, c->syms.items[parent].qual, s.name);
    }
    VEC_PUSH(c->syms, s);
    return (int)c->syms.len - 1;
}

static uint32_t line_of(const cctx *c, uint32_t byte);
static uint32_t decl_start(const cctx *c, uint32_t s);

enum { SPEC_STATIC = 1, SPEC_EXTERN = 2, SPEC_CONST = 4 };

/* storage class and const-ness of a declaration's specifiers */
static unsigned spec_flags(cctx *c, TSNode decl, TSTreeCursor *cur)
{
    unsigned f = 0;
    ts_tree_cursor_reset(cur, decl);
    if (!ts_tree_cursor_goto_first_child(cur)) return 0;
    do {
        TSNode k = ts_tree_cursor_current_node(cur);
        TSSymbol s = ts_node_symbol(k);
        if (s == c->t->sym[N_storage_class_specifier]) {
            if (ts_text_eq(k, c->src, "static")) f |= SPEC_STATIC;
            else if (ts_text_eq(k, c->src, "extern")) f |= SPEC_EXTERN;
        } else if (s == c->t->sym[N_type_qualifier]) {
            if (ts_text_eq(k, c->src, "const") || ts_text_eq(k, c->src, "constexpr"))
                f |= SPEC_CONST;
        } else if (ts_tree_cursor_current_field_id(cur) == c->t->field[F_declarator] ||
                   s == c->t->sym[N_compound_statement]) {
            break;
        }
    } while (ts_tree_cursor_goto_next_sibling(cur));
    return f;
}

static uint32_t decl_flags(unsigned spec)
{
    uint32_t f = (spec & SPEC_STATIC) ? CODIRA_SYM_STATIC : CODIRA_SYM_PUBLIC;
    if (spec & SPEC_EXTERN) f |= CODIRA_SYM_EXTERN;
    return f;
}

typedef struct dclass {
    TSNode name;
    TSNode fdecl;  /* innermost function declarator */
    bool is_func;  /* the name is declared as a function */
    bool has_ptr;  /* ... as a pointer (possibly to a function) */
    bool ptr_const;
    TSNode qual;   /* C++: the qualified name around it (`W::run`), else null */
} dclass;

/* Descend a declarator to the declared name. */
static dclass classify(cctx *c, TSNode d)
{
    const TSSymbol *S = c->t->sym;
    dclass r;
    memset(&r, 0, sizeof(r));
    int last = 0; /* 1 pointer, 2 function */
    TSNode lastptr = {0};
    while (!ts_node_is_null(d)) {
        TSSymbol s = ts_node_symbol(d);
        if (s == S[N_identifier] || s == S[N_type_identifier] || s == S[N_field_identifier]) {
            r.name = d;
            break;
        }
        if (c->cpp) {
            if (s == S[N_destructor_name] || s == S[N_operator_name]) {
                r.name = d;
                break;
            }
            if (s == S[N_operator_cast]) { /* `operator bool() const` */
                r.name = d;
                r.fdecl = child_field(c, d, F_declarator);
                last = 2;
                break;
            }
            if (s == S[N_qualified_identifier]) {
                if (ts_node_is_null(r.qual)) r.qual = d;
                d = child_field(c, d, F_name);
                continue;
            }
            if (s == S[N_template_function]) { /* a specialisation: `f<int>` */
                r.name = child_field(c, d, F_name);
                break;
            }
            if (s == S[N_reference_declarator]) {
                uint32_t nc = ts_node_named_child_count(d);
                d = nc ? ts_node_named_child(d, nc - 1) : (TSNode){0};
                continue;
            }
        }
        if (s == S[N_pointer_declarator]) {
            last = 1;
            lastptr = d;
            d = child_field(c, d, F_declarator);
        } else if (s == S[N_function_declarator]) {
            last = 2;
            r.fdecl = d;
            d = child_field(c, d, F_declarator);
            /* `__MPN (name) (args)`: a function cannot return a function,
             * so the inner "call" is a macro wrapping the name */
            if (!ts_node_is_null(d) && ts_node_symbol(d) == S[N_function_declarator]) {
                TSNode pl = child_field(c, d, F_parameters);
                if (!ts_node_is_null(pl) && ts_node_named_child_count(pl) == 1) {
                    TSNode p = ts_node_named_child(pl, 0);
                    if (ts_node_symbol(p) == S[N_parameter_declaration] &&
                        ts_node_is_null(child_field(c, p, F_declarator))) {
                        TSNode ty = child_field(c, p, F_type);
                        if (ts_node_symbol(ty) == S[N_type_identifier]) {
                            r.name = ty;
                            break;
                        }
                    }
                }
            }
        } else if (s == S[N_init_declarator] || s == S[N_array_declarator]) {
            d = child_field(c, d, F_declarator);
        } else if (s == S[N_parenthesized_declarator] || s == S[N_attributed_declarator]) {
            TSNode k = ts_node_named_child(d, 0);
            while (!ts_node_is_null(k) && (ts_node_symbol(k) == S[N_comment] ||
                                           ts_node_symbol(k) == S[N_attribute_specifier] ||
                                           ts_node_symbol(k) == S[N_ms_declspec_modifier]))
                k = ts_node_next_named_sibling(k);
            d = k;
        } else {
            break;
        }
    }
    if (ts_node_is_null(r.name)) return r;
    r.is_func = last == 2;
    if (last == 1) {
        r.has_ptr = true;
        uint32_t n = ts_node_child_count(lastptr);
        for (uint32_t i = 0; i < n && i < 16; i++) {
            TSNode k = ts_node_child(lastptr, i);
            if (ts_node_symbol(k) == S[N_type_qualifier] && ts_text_eq(k, c->src, "const"))
                r.ptr_const = true;
        }
    }
    return r;
}

/* '\n'-separated parameter names of a function declarator */
/* ---- C++: the declared class of locals and parameters ------------- */

#define TYPED_LOOKBACK 64 /* how many recent declarations a receiver is looked up in */

static void locals_reset(cctx *c)
{
    ns_clear(&c->locals);
    c->typed.len = 0;
}

/* Remember `name`'s type when the declaration's type is a named type
 * (`Circle`, `geo::Circle`, `std::vector<int>` by its template name). */
static void note_typed(cctx *c, TSNode type, TSNode name)
{
    if (!c->cpp || ts_node_is_null(type) || ts_node_is_null(name)) return;
    TSNode t = type;
    if (is_sym(c, t, N_template_type)) t = child_field(c, t, F_name);
    if (ts_node_is_null(t) || !(is_sym(c, t, N_type_identifier) || is_sym(c, t, N_qualified_identifier)))
        return;
    VEC_PUSH(c->typed, ((typed_local){ts_text(name, c->src), ts_text(t, c->src)}));
}

/* The declared type of a receiver that is a plain local or parameter. */
static codira_str typed_of(const cctx *c, codira_str name)
{
    size_t stop = c->typed.len > TYPED_LOOKBACK ? c->typed.len - TYPED_LOOKBACK : 0;
    for (size_t i = c->typed.len; i-- > stop;) {
        const typed_local *l = &c->typed.items[i];
        if (l->name.len == name.len && memcmp(l->name.ptr, name.ptr, name.len) == 0) return l->type;
    }
    return (codira_str){NULL, 0};
}

static codira_str params_of(cctx *c, TSNode fdecl, TSTreeCursor *cur, nameset *into)
{
    const TSSymbol *S = c->t->sym;
    if (ts_node_is_null(fdecl)) return (codira_str){"", 0};
    TSNode pl = child_field(c, fdecl, F_parameters);
    if (ts_node_is_null(pl)) return (codira_str){"", 0};
    strbuf *sb = &c->tmp;
    sb_clear(sb);
    ts_tree_cursor_reset(cur, pl);
    if (ts_tree_cursor_goto_first_child(cur)) {
        do {
            TSNode p = ts_tree_cursor_current_node(cur);
            TSNode name = {0};
            if (ts_node_symbol(p) == S[N_parameter_declaration]) {
                TSNode d = child_field(c, p, F_declarator);
                if (!ts_node_is_null(d)) name = classify(c, d).name;
                if (into) note_typed(c, child_field(c, p, F_type), name);
            } else if (ts_node_symbol(p) == S[N_identifier]) {
                name = p;
            }
            if (ts_node_is_null(name)) continue;
            codira_str t = ts_text(name, c->src);
            if (sb->len) sb_addc(sb, '\n');
            sb_add(sb, t.ptr, t.len);
            if (into) ns_add(into, t.ptr, t.len);
        } while (ts_tree_cursor_goto_next_sibling(cur));
    }
    return arena_view(c, sb->buf ? sb->buf : "", sb->len);
}

/* ------------------------------------------------------------------ */
/* calls and callable references inside code                           */

static const char *call_label(cctx *c, codira_str name)
{
    if (ns_has(&c->fn_macros, name.ptr, name.len) || is_all_upper(name.ptr, name.len))
        return c->lang->lbl_macro;
    if (is_libc(name)) return c->lang->lbl_system;
    return c->lang->lbl_external;
}

typedef struct walkstate {
    VEC(TSSymbol) parents;
    TSTreeCursor sub;
    bool sub_ok;
} walkstate;

static void add_ref(cctx *c, TSNode id, int owner, const char *kind)
{
    codira_str name = ts_text(id, c->src);
    if (is_all_upper(name.ptr, name.len) || ns_has(&c->macro_names, name.ptr, name.len))
        return;
    cedge e = {0};
    e.rel = CODIRA_REL_REF;
    e.tk = CODIRA_TARGET_NAME;
    e.owner = owner;
    e.target = name;
    e.ref_kind = kind;
    e.ext_kind = c->lang->lbl_external;
    e.line = ts_line(id);
    e.col = ts_col(id);
    VEC_PUSH(c->edges, e);
}

/* the ref kind of a value at this position, or NULL */
static const char *ref_context(cctx *c, TSSymbol parent, TSFieldId field)
{
    const TSSymbol *S = c->t->sym;
    if (parent == S[N_argument_list]) return "argument";
    if (parent == S[N_initializer_list]) return "initializer";
    if (parent == S[N_initializer_pair] && field == c->t->field[F_value]) return "initializer";
    if (parent == S[N_init_declarator] && field == c->t->field[F_value]) return "initializer";
    if (parent == S[N_return_statement]) return "return_value";
    if (parent == S[N_assignment_expression] && field == c->t->field[F_right])
        return "assignment_value";
    return NULL;
}

/* The qualifier of a qualified name without template arguments and
 * spaces (`std::vector<int>::size` -> base `std::vector`), and its last
 * name. Returns the node of the last name (null when there is none). */
static TSNode cpp_split_qualified(cctx *c, TSNode q, codira_str *base)
{
    const TSSymbol *S = c->t->sym;
    strbuf *sb = &c->tmp3;
    sb_clear(sb);
    TSNode n = q;
    for (int guard = 0; guard < 64 && is_sym(c, n, N_qualified_identifier); guard++) {
        TSNode sc = child_field(c, n, F_scope);
        if (!ts_node_is_null(sc)) {
            TSNode nm = is_sym(c, sc, N_template_type) ? child_field(c, sc, F_name) : sc;
            codira_str t = ts_text(nm, c->src);
            if (sb->len) sb_adds(sb, "::");
            sb_add(sb, t.ptr, t.len);
        }
        n = child_field(c, n, F_name);
    }
    if (is_sym(c, n, N_template_function) || is_sym(c, n, N_template_type) ||
        is_sym(c, n, N_template_method))
        n = child_field(c, n, F_name);
    if (!ts_node_is_null(n) && ts_node_symbol(n) == S[N_qualified_identifier]) n = (TSNode){0};
    *base = arena_view(c, sb->buf ? sb->buf : "", sb->len);
    return n;
}

static bool is_std(codira_str b)
{
    return b.len >= 3 && memcmp(b.ptr, "std", 3) == 0 && (b.len == 3 || b.ptr[3] == ':');
}

/* C++ call forms: `ns::f()` (a name with its qualifier as base),
 * `f<int>()`, `obj.f()`, `p->f()`, `this->f()`, `obj.template f<T>()`.
 * Returns false for the forms C handles the same way. */
static bool cpp_call(cctx *c, TSNode fn, cedge *e)
{
    const TSSymbol *S = c->t->sym;
    TSSymbol s = ts_node_symbol(fn);
    if (s == S[N_qualified_identifier]) {
        codira_str base;
        TSNode nm = cpp_split_qualified(c, fn, &base);
        if (ts_node_is_null(nm)) {
            e->tk = CODIRA_TARGET_UNRESOLVED;
            return true;
        }
        e->tk = CODIRA_TARGET_NAME;
        e->target = cpp_name(c, nm);
        e->base = base;
        e->line = ts_line(nm);
        e->col = ts_col(nm);
        e->ext_kind = is_std(base) ? c->lang->lbl_std
                      : base.len   ? c->lang->lbl_external
                                   : call_label(c, e->target);
        return true;
    }
    if (s == S[N_template_function]) {
        TSNode nm = child_field(c, fn, F_name);
        if (ts_node_is_null(nm)) return false;
        if (ts_text_eq(nm, c->src, "static_cast") || ts_text_eq(nm, c->src, "dynamic_cast") ||
            ts_text_eq(nm, c->src, "const_cast") || ts_text_eq(nm, c->src, "reinterpret_cast")) {
            e->tk = UINT8_MAX; /* a cast, not a call */
            return true;
        }
        e->tk = CODIRA_TARGET_NAME;
        e->target = ts_text(nm, c->src);
        e->ext_kind = call_label(c, e->target);
        return true;
    }
    if (s == S[N_field_expression]) {
        TSNode f = child_field(c, fn, F_field), a = child_field(c, fn, F_argument);
        if (ts_node_is_null(f)) return false;
        if (is_sym(c, f, N_template_method)) f = child_field(c, f, F_name);
        else if (is_sym(c, f, N_qualified_identifier)) {
            codira_str ignored;
            f = cpp_split_qualified(c, f, &ignored);
        }
        if (ts_node_is_null(f)) return false;
        e->tk = CODIRA_TARGET_ATTRIBUTE;
        e->target = cpp_name(c, f);
        e->line = ts_line(f);
        e->col = ts_col(f);
        if (!ts_node_is_null(a))
            e->base = collapse(c, ts_node_start_byte(a), ts_node_end_byte(a));
        /* a local or parameter of a known class: the class is the receiver */
        codira_str ty = is_sym(c, a, N_identifier) ? typed_of(c, ts_text(a, c->src))
                                                   : (codira_str){NULL, 0};
        if (ty.len) e->base = ty;
        e->ext_kind = c->lang->lbl_member;
        return true;
    }
    return false;
}

static void add_call(cctx *c, TSNode call, int owner)
{
    const TSSymbol *S = c->t->sym;
    TSNode fn = child_field(c, call, F_function);
    if (ts_node_is_null(fn)) return;
    cedge e = {0};
    e.rel = CODIRA_REL_CALL;
    e.owner = owner;
    e.line = ts_line(fn);
    e.col = ts_col(fn);
    TSSymbol s = ts_node_symbol(fn);
    if (c->cpp && cpp_call(c, fn, &e)) {
        /* C++ forms: qualified, template and member calls */
    } else if (s == S[N_identifier]) {
        e.tk = CODIRA_TARGET_NAME;
        e.target = ts_text(fn, c->src);
        e.ext_kind = call_label(c, e.target);
    } else if (s == S[N_field_expression]) {
        TSNode f = child_field(c, fn, F_field), a = child_field(c, fn, F_argument);
        if (ts_node_is_null(f)) return;
        e.tk = CODIRA_TARGET_ATTRIBUTE;
        e.target = ts_text(f, c->src);
        e.line = ts_line(f);
        e.col = ts_col(f);
        if (!ts_node_is_null(a))
            e.base = collapse(c, ts_node_start_byte(a), ts_node_end_byte(a));
        e.ext_kind = c->lang->lbl_fnptr; /* a member called: ops->run() */
    } else {
        e.tk = CODIRA_TARGET_UNRESOLVED;
    }
    if (e.tk == UINT8_MAX) return;
    VEC_PUSH(c->edges, e);
}

/* `new Widget(...)`, `Widget w(...)`, `Widget w{...}`: a call of the
 * class (its constructor), given the node naming the type */
static void add_ctor_call(cctx *c, TSNode ty, int owner)
{
    if (ts_node_is_null(ty)) return;
    codira_str base = {"", 0};
    TSNode nm = ty;
    if (is_sym(c, ty, N_qualified_identifier)) nm = cpp_split_qualified(c, ty, &base);
    if (is_sym(c, nm, N_template_type)) nm = child_field(c, nm, F_name);
    if (ts_node_is_null(nm) || !is_sym(c, nm, N_type_identifier)) return;
    cedge e = {0};
    e.rel = CODIRA_REL_CALL;
    e.owner = owner;
    e.tk = CODIRA_TARGET_NAME;
    e.target = ts_text(nm, c->src);
    e.base = base;
    e.line = ts_line(nm);
    e.col = ts_col(nm);
    e.ext_kind = is_std(base) ? c->lang->lbl_std : c->lang->lbl_external;
    VEC_PUSH(c->edges, e);
}

/* `Widget w(1, 2);`, `Widget w{1};`: each variable constructed with
 * arguments calls the constructor (`Widget w;` and `Widget w = x;` do not
 * name one). */
static void add_direct_inits(cctx *c, TSNode decl, int owner)
{
    TSNode ty = child_field(c, decl, F_type);
    if (ts_node_is_null(ty)) return;
    TSTreeCursor cur = ts_tree_cursor_new(decl);
    for (bool more = ts_tree_cursor_goto_first_child(&cur); more;
         more = ts_tree_cursor_goto_next_sibling(&cur)) {
        TSNode d = ts_tree_cursor_current_node(&cur);
        if (!is_sym(c, d, N_init_declarator)) continue;
        TSNode v = child_field(c, d, F_value);
        if (is_sym(c, v, N_argument_list) || is_sym(c, v, N_initializer_list))
            add_ctor_call(c, ty, owner);
    }
    ts_tree_cursor_delete(&cur);
}

/* names declared by a declaration inside a body */
static void add_locals(cctx *c, walkstate *w, TSNode decl)
{
    if (!w->sub_ok) {
        w->sub = ts_tree_cursor_new(decl);
        w->sub_ok = true;
    } else {
        ts_tree_cursor_reset(&w->sub, decl);
    }
    if (!ts_tree_cursor_goto_first_child(&w->sub)) return;
    do {
        if (ts_tree_cursor_current_field_id(&w->sub) != c->t->field[F_declarator]) continue;
        dclass d = classify(c, ts_tree_cursor_current_node(&w->sub));
        if (ts_node_is_null(d.name)) continue;
        codira_str t = ts_text(d.name, c->src);
        ns_add(&c->locals, t.ptr, t.len);
        note_typed(c, child_field(c, decl, F_type), d.name);
    } while (ts_tree_cursor_goto_next_sibling(&w->sub));
}

/* Walk a function body (or a file-scope initializer) for calls, returns
 * and callable references. `root_parent`/`root_field` give the context
 * of the root node itself. c->locals holds the parameters. */
static void walk_code(cctx *c, walkstate *w, TSNode root, int owner, TSSymbol root_parent,
                      TSFieldId root_field)
{
    const TSSymbol *S = c->t->sym;
    w->parents.len = 0;
    size_t first_edge = c->edges.len;
    VEC_PUSH(w->parents, root_parent);
    TSTreeCursor cur = ts_tree_cursor_new(root);
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&cur);
        TSSymbol s = ts_node_symbol(n);
        TSSymbol parent = w->parents.items[w->parents.len - 1];
        if (s == S[N_call_expression]) {
            add_call(c, n, owner);
        } else if (s == S[N_new_expression] && c->cpp) {
            add_ctor_call(c, child_field(c, n, F_type), owner);
        } else if (s == S[N_lambda_expression] && c->cpp) {
            /* a lambda's parameters are locals of the enclosing code */
            TSNode d = child_field(c, n, F_declarator);
            if (!ts_node_is_null(d)) {
                TSTreeCursor lc = ts_tree_cursor_new(d);
                params_of(c, d, &lc, &c->locals);
                ts_tree_cursor_delete(&lc);
            }
        } else if (s == S[N_return_statement]) {
            TSNode v = ts_node_named_child(n, 0);
            if (!ts_node_is_null(v) && ts_node_symbol(v) != S[N_comment])
                c->syms.items[owner].flags |= CODIRA_SYM_RETURNS_VALUE;
        } else if (s == S[N_declaration] && parent != 0) {
            add_locals(c, w, n);
            if (c->cpp) add_direct_inits(c, n, owner);
        } else if (s == S[N_identifier] || s == S[N_pointer_expression]) {
            TSFieldId field = w->parents.len == 1 ? root_field
                                                  : ts_tree_cursor_current_field_id(&cur);
            const char *kind = ref_context(c, parent, field);
            if (kind && s == S[N_pointer_expression]) {
                TSNode op = child_field(c, n, F_operator), a = child_field(c, n, F_argument);
                if (!ts_node_is_null(op) && ts_text_eq(op, c->src, "&") &&
                    ts_node_symbol(a) == S[N_identifier])
                    add_ref(c, a, owner, kind);
            } else if (kind) {
                add_ref(c, n, owner, kind);
            }
        }
        if (ts_tree_cursor_goto_first_child(&cur)) {
            /* only a plain `=` assigns a callable (not `+=`, `|=`...) */
            if (s == S[N_assignment_expression]) {
                TSNode op = child_field(c, n, F_operator);
                if (ts_node_is_null(op) || !ts_text_eq(op, c->src, "=")) s = 0;
            }
            VEC_PUSH(w->parents, s);
            continue;
        }
        bool done = false;
        while (!ts_tree_cursor_goto_next_sibling(&cur)) {
            if (!ts_tree_cursor_goto_parent(&cur)) {
                done = true;
                break;
            }
            w->parents.len--;
        }
        if (done) break;
    }
    ts_tree_cursor_delete(&cur);
    /* references to parameters and locals are dropped once all are known;
     * calls through them go through a function pointer */
    size_t keep = first_edge;
    for (size_t k = first_edge; k < c->edges.len; k++) {
        cedge *e = &c->edges.items[k];
        bool local = e->tk == CODIRA_TARGET_NAME && !e->base.len &&
                     ns_has(&c->locals, e->target.ptr, e->target.len);
        if (e->rel == CODIRA_REL_REF && local) continue;
        if (e->rel == CODIRA_REL_CALL && local) e->ext_kind = c->lang->lbl_fnptr;
        c->edges.items[keep++] = *e;
    }
    c->edges.len = keep;
    locals_reset(c);
}

/* ------------------------------------------------------------------ */
/* declarations at file scope                                           */

/* C++: a class, struct, union or enum body waiting to be walked */
typedef struct cframe {
    TSNode spec;
    uint32_t ds, de;  /* the declaration holding it (template header included) */
    int parent;
    bool pub;
} cframe;

typedef struct walker {
    cctx *c;
    walkstate ws;
    TSTreeCursor cur;   /* scratch cursor for small child loops */
    TSTreeCursor body;  /* for struct and enum bodies */
    VEC(TSNode) specs;  /* pending nested specifiers */
    VEC(uint32_t) spec_ctx; /* per pending specifier: doc start, doc end, anon parent */
    VEC(TSNode) decls;
    VEC(struct cframe) frames; /* C++: pending class bodies */
} walker;

static void set_doc(cctx *c, int idx, int doc)
{
    if (idx < 0 || doc < 0) return;
    c->syms.items[idx].doc = doc;
    c->syms.items[idx].flags |= CODIRA_SYM_HAS_DOCSTRING;
}

static bool is_container_preproc(const cctx *c, TSSymbol s)
{
    const TSSymbol *S = c->t->sym;
    return s == S[N_preproc_if] || s == S[N_preproc_ifdef] || s == S[N_preproc_else] ||
           s == S[N_preproc_elif] || s == S[N_preproc_elifdef];
}

static bool is_tag_spec(const cctx *c, TSNode n)
{
    return is_sym(c, n, N_struct_specifier) || is_sym(c, n, N_union_specifier) ||
           is_sym(c, n, N_enum_specifier) || is_sym(c, n, N_class_specifier);
}

static const char *tag_kind(const cctx *c, TSNode n)
{
    if (is_sym(c, n, N_struct_specifier)) return "struct";
    if (is_sym(c, n, N_class_specifier)) return "class";
    if (is_sym(c, n, N_union_specifier)) return "union";
    return "enum";
}

/* A struct/union/enum specifier with a body, and the specifiers nested in
 * it. `anon_parent` parents the enumerators of an anonymous enum. */
static void cpp_tag(walker *w, TSNode spec, uint32_t doc_start, uint32_t doc_end,
                    int anon_parent);

static void do_tag(walker *w, TSNode spec, uint32_t doc_start, uint32_t doc_end, int anon_parent)
{
    cctx *c = w->c;
    const TSSymbol *S = c->t->sym;
    if (c->cpp) {
        cpp_tag(w, spec, doc_start, doc_end, anon_parent);
        return;
    }
    w->specs.len = w->spec_ctx.len = 0;
    VEC_PUSH(w->specs, spec);
    VEC_PUSH(w->spec_ctx, doc_start);
    VEC_PUSH(w->spec_ctx, doc_end);
    VEC_PUSH(w->spec_ctx, (uint32_t)anon_parent);
    while (w->specs.len) {
        TSNode sp = w->specs.items[--w->specs.len];
        w->spec_ctx.len -= 3;
        uint32_t ds = w->spec_ctx.items[w->spec_ctx.len];
        uint32_t de = w->spec_ctx.items[w->spec_ctx.len + 1];
        int ap = (int)w->spec_ctx.items[w->spec_ctx.len + 2];
        TSNode name = child_field(c, sp, F_name), body = child_field(c, sp, F_body);
        if (ts_node_is_null(body)) continue;
        bool is_enum = is_sym(c, sp, N_enum_specifier);
        int self = -1;
        if (!ts_node_is_null(name)) {
            codira_str sig = collapse(c, ts_node_start_byte(sp), ts_node_start_byte(body) + 1);
            strbuf *sb = &c->tmp;
            sb_clear(sb);
            sb_add(sb, sig.ptr, sig.len);
            sb_adds(sb, " ... }");
            self = add_sym(c, tag_kind(c, sp), name, 0, ds, ts_line(sp), ts_end_line(sp),
                           CODIRA_SYM_PUBLIC, arena_view(c, sb->buf, sb->len));
            set_doc(c, self, pick_doc(c, ds, de, true));
        }
        /* walk the body, descending into preprocessor branches */
        ts_tree_cursor_reset(&w->body, body);
        if (!ts_tree_cursor_goto_first_child(&w->body)) continue;
        uint32_t ordinal = 0;
        int depth = 0;
        for (;;) {
            TSNode k = ts_tree_cursor_current_node(&w->body);
            TSSymbol s = ts_node_symbol(k);
            if (is_container_preproc(c, s) && ts_tree_cursor_goto_first_child(&w->body)) {
                depth++;
                continue;
            }
            if (is_enum && s == S[N_enumerator]) {
                TSNode en = child_field(c, k, F_name);
                if (!ts_node_is_null(en)) {
                    int m = add_sym(c, "enum_member", en, self >= 0 ? self : ap,
                                    ts_node_start_byte(k), ts_line(k), ts_end_line(k),
                                    CODIRA_SYM_PUBLIC,
                                    collapse(c, ts_node_start_byte(k), ts_node_end_byte(k)));
                    c->syms.items[m].ordinal = ++ordinal;
                    set_doc(c, m, pick_doc(c, ts_node_start_byte(k), ts_node_end_byte(k), true));
                    codira_str t = ts_text(en, c->src);
                    ns_add(&c->enum_names, t.ptr, t.len);
                }
            } else if (!is_enum && s == S[N_field_declaration]) {
                TSNode ty = child_field(c, k, F_type);
                if (is_tag_spec(c, ty) && !ts_node_is_null(child_field(c, ty, F_body))) {
                    VEC_PUSH(w->specs, ty);
                    VEC_PUSH(w->spec_ctx, ts_node_start_byte(k));
                    VEC_PUSH(w->spec_ctx, ts_node_end_byte(k));
                    VEC_PUSH(w->spec_ctx, 0);
                }
            }
            bool done = false;
            while (!ts_tree_cursor_goto_next_sibling(&w->body)) {
                if (depth == 0 || !ts_tree_cursor_goto_parent(&w->body)) {
                    done = true;
                    break;
                }
                depth--;
            }
            if (done) break;
        }
    }
}

/* ------------------------------------------------------------------ */
/* C++: qualified definitions, class bodies, namespaces, templates      */

/* Parameter types and the qualifiers that tell overloads apart:
 * `(int,const std::string&)const` - names and default values dropped. */
static codira_str cpp_tkey(cctx *c, TSNode fdecl, TSTreeCursor *cur)
{
    const TSSymbol *S = c->t->sym;
    strbuf key;
    sb_init(&key);
    sb_addc(&key, '(');
    TSNode pl = ts_node_is_null(fdecl) ? fdecl : child_field(c, fdecl, F_parameters);
    bool first = true;
    if (!ts_node_is_null(pl)) {
        ts_tree_cursor_reset(cur, pl);
        if (ts_tree_cursor_goto_first_child(cur)) {
            do {
                TSNode p = ts_tree_cursor_current_node(cur);
                TSSymbol s = ts_node_symbol(p);
                if (!ts_node_is_named(p)) {
                    if (!ts_text_eq(p, c->src, "...")) continue;
                } else if (s == S[N_comment]) {
                    continue;
                }
                uint32_t a = ts_node_start_byte(p), e = ts_node_end_byte(p);
                TSNode d = ts_node_is_named(p) ? child_field(c, p, F_declarator) : (TSNode){0};
                if (s == S[N_optional_parameter_declaration]) {
                    e = !ts_node_is_null(d) ? ts_node_end_byte(d)
                                            : ts_node_end_byte(child_field(c, p, F_type));
                }
                TSNode name = ts_node_is_null(d) ? d : classify(c, d).name;
                if (!first) sb_addc(&key, ',');
                first = false;
                if (!ts_node_is_null(name) && ts_node_start_byte(name) >= a &&
                    ts_node_end_byte(name) <= e) {
                    codira_str x = collapse(c, a, ts_node_start_byte(name));
                    sb_add(&key, x.ptr, x.len);
                    x = collapse(c, ts_node_end_byte(name), e);
                    sb_add(&key, x.ptr, x.len);
                } else {
                    codira_str x = collapse(c, a, e);
                    sb_add(&key, x.ptr, x.len);
                }
            } while (ts_tree_cursor_goto_next_sibling(cur));
        }
    }
    sb_addc(&key, ')');
    /* const, volatile, & and && after the parameters */
    if (!ts_node_is_null(pl)) {
        uint32_t nc = ts_node_child_count(fdecl);
        for (uint32_t i = 0; i < nc; i++) {
            TSNode q = ts_node_child(fdecl, i);
            if (ts_node_start_byte(q) < ts_node_end_byte(pl)) continue;
            if (is_sym(c, q, N_type_qualifier) || is_sym(c, q, N_ref_qualifier)) {
                codira_str x = collapse(c, ts_node_start_byte(q), ts_node_end_byte(q));
                sb_add(&key, x.ptr, x.len);
            }
        }
    }
    /* spaces only where two names meet: `const char*`, not `char *` */
    size_t o = 0;
    for (size_t i = 0; i < key.len; i++) {
        char ch = key.buf[i];
        if (ch == ' ' && !(o > 0 && is_ident_c((unsigned char)key.buf[o - 1]) && i + 1 < key.len &&
                           is_ident_c((unsigned char)key.buf[i + 1])))
            continue;
        key.buf[o++] = ch;
    }
    codira_str r = arena_view(c, key.buf, o);
    sb_free(&key);
    return r;
}

/* The symbol a qualified name's scope designates in this file (looked up
 * from the innermost enclosing scope outwards), or -1; `full` receives the
 * qualified scope to use when nothing matches. */
static int cpp_lookup_scope(cctx *c, codira_str scope, codira_str *full)
{
    int at = c->scope;
    *full = qual_join(c, c->syms.items[at].qual, scope);
    for (int guard = 0; guard < 256; guard++) {
        codira_str q = qual_join(c, c->syms.items[at].qual, scope);
        char *key = arena_strndup(&c->mem, q.ptr, q.len);
        size_t v;
        if (strmap_get(&c->by_qual, key, &v)) {
            *full = q;
            return (int)v;
        }
        if (at == 0) break;
        at = c->syms.items[at].parent;
    }
    return -1;
}

/* Kind, parent, qualified name and overload key of a C++ function or
 * declaration: `int W::run(int) {...}` is the method run of class W (of
 * this file or another), `int ns::f() {...}` a function of namespace ns. */
static void cpp_fn_setup(walker *w, int idx, const dclass *d)
{
    cctx *c = w->c;
    csym *s = &c->syms.items[idx];
    if (d->is_func) s->tkey = cpp_tkey(c, d->fdecl, &w->cur);
    if (ts_node_is_null(d->qual)) return;
    codira_str scope;
    cpp_split_qualified(c, d->qual, &scope);
    if (!scope.len) return;
    codira_str full;
    int target = cpp_lookup_scope(c, scope, &full);
    s = &c->syms.items[idx];
    s->ool = true;
    s->qual = qual_join(c, full, s->name);
    bool is_class;
    if (target >= 0) {
        s->parent = target;
        const char *k = c->syms.items[target].kind;
        is_class = strcmp(k, "namespace") != 0;
    } else {
        /* a scope defined elsewhere: a namespace if this file opens one of
         * that name, else a class; parented to the namespace around it
         * when this file has it (`int ns::Widget::f()` -> ns) */
        const char *last = scope.ptr + scope.len;
        while (last > scope.ptr && last[-1] != ':') last--;
        is_class = !ns_has(&c->ns_names, last, (size_t)(scope.ptr + scope.len - last));
        if (last - scope.ptr >= 2) {
            codira_str outer = {scope.ptr, (size_t)(last - scope.ptr - 2)}, ignored;
            int up = cpp_lookup_scope(c, outer, &ignored);
            if (up >= 0 && strcmp(c->syms.items[up].kind, "namespace") == 0)
                c->syms.items[idx].parent = up;
        }
    }
    if (d->is_func && (strcmp(s->kind, "function") == 0 || strcmp(s->kind, "prototype") == 0))
        s->kind = is_class ? "method" : s->kind;
}

static void cpp_base_classes(cctx *c, TSNode spec, int owner)
{
    /* children by index: a sibling step walks down from the root (the
     * depth of nested classes would make it quadratic) */
    uint32_t ns = ts_node_named_child_count(spec);
    for (uint32_t i = 0; i < ns; i++) {
        TSNode k = ts_node_named_child(spec, i);
        if (!is_sym(c, k, N_base_class_clause)) continue;
        uint32_t nb = ts_node_named_child_count(k);
        for (uint32_t j = 0; j < nb; j++) {
            TSNode b = ts_node_named_child(k, j);
            codira_str base = {"", 0};
            TSNode nm = b;
            if (is_sym(c, b, N_qualified_identifier)) nm = cpp_split_qualified(c, b, &base);
            if (is_sym(c, nm, N_template_type)) nm = child_field(c, nm, F_name);
            if (ts_node_is_null(nm) || !is_sym(c, nm, N_type_identifier)) continue;
            cedge e = {0};
            e.rel = CODIRA_REL_REF;
            e.tk = CODIRA_TARGET_NAME;
            e.owner = owner;
            e.base = base;
            e.target = ts_text(nm, c->src);
            e.ref_kind = "base_class";
            e.ext_kind = is_std(base) ? c->lang->lbl_std : c->lang->lbl_external;
            e.line = ts_line(nm);
            e.col = ts_col(nm);
            VEC_PUSH(c->edges, e);
        }
    }
}

/* A member function of a class body: defined (`function_definition`) or
 * only declared (a declaration whose declarator is a function). */
static void cpp_method(walker *w, TSNode k, TSNode declarator, TSNode body, int owner,
                       uint32_t flags, uint32_t sig_end)
{
    cctx *c = w->c;
    dclass d = classify(c, declarator);
    if (ts_node_is_null(d.name)) return;
    uint32_t start = decl_start(c, ts_node_start_byte(k)), end = ts_node_end_byte(k);
    unsigned spec = spec_flags(c, k, &w->cur);
    if (spec & SPEC_STATIC) flags |= CODIRA_SYM_STATIC;
    codira_str sig = ts_node_is_null(body) ? collapse_decl(c, start, end) : collapse(c, start, sig_end);
    locals_reset(c);
    codira_str params = params_of(c, d.fdecl, &w->cur, &c->locals);
    int idx = add_sym(c, "method", d.name, owner, start, line_of(c, start), ts_end_line(k), flags,
                      sig);
    c->syms.items[idx].params = params;
    c->syms.items[idx].tkey = cpp_tkey(c, d.fdecl, &w->cur);
    c->syms.items[idx].has_body = !ts_node_is_null(body);
    set_doc(c, idx, pick_doc(c, start, end, ts_node_is_null(body)));
    TSNode init = {0};
    for (uint32_t i = 0, nk = ts_node_named_child_count(k); i < nk; i++)
        if (is_sym(c, ts_node_named_child(k, i), N_field_initializer_list)) init = ts_node_named_child(k, i);
    if (!ts_node_is_null(init)) {
        walk_code(c, &w->ws, init, idx, 0, 0);
        params_of(c, d.fdecl, &w->cur, &c->locals);
    }
    if (!ts_node_is_null(body)) walk_code(c, &w->ws, body, idx, 0, 0);
    locals_reset(c);
}

/* the declaration a template declaration holds (templates of templates
 * unwrapped) */
static TSNode cpp_template_inner(cctx *c, TSNode n)
{
    for (int guard = 0; guard < 64 && is_sym(c, n, N_template_declaration); guard++) {
        uint32_t nc = ts_node_named_child_count(n);
        TSNode last = {0};
        for (uint32_t i = 0; i < nc; i++) {
            TSNode k = ts_node_named_child(n, i);
            if (ts_node_symbol(k) != c->t->sym[N_comment]) last = k;
        }
        if (ts_node_is_null(last) || ts_node_eq(last, n)) return (TSNode){0};
        n = last;
    }
    return n;
}

static void cpp_alias(cctx *c, TSNode n, int parent, uint32_t flags)
{
    TSNode name = child_field(c, n, F_name);
    if (ts_node_is_null(name)) return;
    uint32_t start = decl_start(c, ts_node_start_byte(n)), end = ts_node_end_byte(n);
    int idx = add_sym(c, "type_alias", name, parent, start, line_of(c, start), ts_end_line(n),
                      flags, collapse_decl(c, start, end));
    set_doc(c, idx, pick_doc(c, start, end, true));
}

/* A class, struct, union or enum with a body, and the ones nested in it,
 * with an explicit stack. Members that are functions become methods;
 * data members are not symbols (as in C). */
static void cpp_tag(walker *w, TSNode spec, uint32_t doc_start, uint32_t doc_end, int anon_parent)
{
    cctx *c = w->c;
    const TSSymbol *S = c->t->sym;
    int saved_scope = c->scope;
    uint32_t saved_tpl = c->tpl_start;
    w->frames.len = 0;
    cframe top = {spec, doc_start, doc_end, anon_parent ? anon_parent : c->scope, true};
    VEC_PUSH(w->frames, top);
    while (w->frames.len) {
        cframe f = w->frames.items[--w->frames.len];
        TSNode sp = f.spec;
        TSNode name = child_field(c, sp, F_name), body = child_field(c, sp, F_body);
        if (ts_node_is_null(body)) continue;
        bool is_enum = is_sym(c, sp, N_enum_specifier);
        if (!ts_node_is_null(name) && ts_node_is_missing(name)) name = (TSNode){0};
        codira_str qscope = {"", 0};
        if (is_sym(c, name, N_template_type)) name = child_field(c, name, F_name);
        else if (is_sym(c, name, N_qualified_identifier)) /* `struct DBImpl::Writer {` */
            name = cpp_split_qualified(c, name, &qscope);
        c->scope = f.parent;
        c->tpl_start = f.ds;
        int self = -1;
        if (!ts_node_is_null(name)) {
            uint32_t ds = decl_start(c, f.ds);
            codira_str sig = collapse(c, ds, ts_node_start_byte(body) + 1);
            strbuf *sb = &c->tmp;
            sb_clear(sb);
            sb_add(sb, sig.ptr, sig.len);
            sb_adds(sb, " ... }");
            self = add_sym(c, tag_kind(c, sp), name, f.parent, ds, line_of(c, ds),
                           ts_end_line(sp), f.pub ? CODIRA_SYM_PUBLIC : 0,
                           arena_view(c, sb->buf, sb->len));
            /* a plain comment after `};` (`// class Foo`) documents nothing */
            int after = doc_after(c, f.de);
            set_doc(c, self, after >= 0 && c->blocks.items[after].back ? after : doc_before(c, ds));
            if (qscope.len) {
                codira_str full;
                int target = cpp_lookup_scope(c, qscope, &full);
                c->syms.items[self].qual = qual_join(c, full, c->syms.items[self].name);
                if (target >= 0) c->syms.items[self].parent = target;
            }
            codira_str q = c->syms.items[self].qual;
            strmap_put(&c->by_qual, arena_strndup(&c->mem, q.ptr, q.len), (size_t)self);
            cpp_base_classes(c, sp, self);
        }
        c->tpl_start = UINT32_MAX;
        int owner = self >= 0 ? self : f.parent;
        bool pub = !is_sym(c, sp, N_class_specifier) && f.pub;
        uint32_t ordinal = 0;
        ts_tree_cursor_reset(&w->body, body);
        if (!ts_tree_cursor_goto_first_child(&w->body)) continue;
        int depth = 0;
        for (;;) {
            TSNode k = ts_tree_cursor_current_node(&w->body);
            TSSymbol s = ts_node_symbol(k);
            if ((is_container_preproc(c, s) || s == TS_SYM_ERROR) &&
                ts_tree_cursor_goto_first_child(&w->body)) {
                depth++;
                continue;
            }
            c->scope = owner;
            if (s == S[N_template_declaration]) {
                c->tpl_start = ts_node_start_byte(k);
                k = cpp_template_inner(c, k);
                s = ts_node_is_null(k) ? 0 : ts_node_symbol(k);
            }
            uint32_t mflags = pub && f.pub ? CODIRA_SYM_PUBLIC : 0;
            if (ts_node_is_null(k)) {
                /* nothing */
            } else if (is_enum && s == S[N_enumerator]) {
                TSNode en = child_field(c, k, F_name);
                if (!ts_node_is_null(en)) {
                    int m = add_sym(c, "enum_member", en, owner, ts_node_start_byte(k), ts_line(k),
                                    ts_end_line(k), f.pub ? CODIRA_SYM_PUBLIC : 0,
                                    collapse(c, ts_node_start_byte(k), ts_node_end_byte(k)));
                    c->syms.items[m].ordinal = ++ordinal;
                    set_doc(c, m, pick_doc(c, ts_node_start_byte(k), ts_node_end_byte(k), true));
                    codira_str t = ts_text(en, c->src);
                    ns_add(&c->enum_names, t.ptr, t.len);
                }
            } else if (s == S[N_access_specifier]) {
                pub = ts_text(k, c->src).len >= 6 && memcmp(ts_text(k, c->src).ptr, "public", 6) == 0;
            } else if (s == S[N_function_definition]) {
                TSNode b = child_field(c, k, F_body);
                uint32_t se = ts_node_end_byte(k);
                if (!ts_node_is_null(b)) {
                    se = ts_node_start_byte(b);
                    for (uint32_t i = 0, nk = ts_node_named_child_count(k); i < nk; i++)
                        if (is_sym(c, ts_node_named_child(k, i), N_field_initializer_list))
                            se = ts_node_start_byte(ts_node_named_child(k, i));
                }
                cpp_method(w, k, child_field(c, k, F_declarator), b, owner, mflags, se);
            } else if (s == S[N_field_declaration] || s == S[N_declaration]) {
                TSNode ty = child_field(c, k, F_type);
                if (is_tag_spec(c, ty) && !ts_node_is_null(child_field(c, ty, F_body))) {
                    cframe nf = {ty, ts_node_start_byte(k), ts_node_end_byte(k), owner,
                                 (mflags & CODIRA_SYM_PUBLIC) != 0};
                    if (c->tpl_start < nf.ds) nf.ds = c->tpl_start;
                    VEC_PUSH(w->frames, nf);
                }
                uint32_t nc = ts_node_child_count(k);
                for (uint32_t i = 0; i < nc; i++) {
                    const char *fname = ts_node_field_name_for_child(k, i);
                    if (!fname || strcmp(fname, "declarator") != 0) continue;
                    TSNode dn = ts_node_child(k, i);
                    if (classify(c, dn).is_func)
                        cpp_method(w, k, dn, (TSNode){0}, owner, mflags, 0);
                }
            } else if (s == S[N_type_definition]) {
                TSNode ty = child_field(c, k, F_type);
                uint32_t ts0 = decl_start(c, ts_node_start_byte(k)), te = ts_node_end_byte(k);
                if (is_tag_spec(c, ty) && !ts_node_is_null(child_field(c, ty, F_body))) {
                    cframe nf = {ty, ts0, te, owner, (mflags & CODIRA_SYM_PUBLIC) != 0};
                    VEC_PUSH(w->frames, nf);
                }
                uint32_t nc = ts_node_child_count(k);
                for (uint32_t i = 0; i < nc; i++) {
                    const char *fname = ts_node_field_name_for_child(k, i);
                    if (!fname || strcmp(fname, "declarator") != 0) continue;
                    dclass dc = classify(c, ts_node_child(k, i));
                    if (ts_node_is_null(dc.name)) continue;
                    int idx = add_sym(c, "typedef", dc.name, owner, ts0, line_of(c, ts0),
                                      ts_end_line(k), mflags, collapse_decl(c, ts0, te));
                    set_doc(c, idx, pick_doc(c, ts0, te, true));
                }
            } else if (s == S[N_alias_declaration]) {
                cpp_alias(c, k, owner, mflags);
            }
            c->tpl_start = UINT32_MAX;
            bool done = false;
            while (!ts_tree_cursor_goto_next_sibling(&w->body)) {
                if (depth == 0 || !ts_tree_cursor_goto_parent(&w->body)) {
                    done = true;
                    break;
                }
                depth--;
            }
            if (done) break;
        }
    }
    c->scope = saved_scope;
    c->tpl_start = saved_tpl;
}

/* A namespace being entered: its symbols (one per name of `a::b`; a
 * namespace reopened in the same file is the same symbol). Anonymous
 * namespaces give no symbol: their contents have internal linkage.
 * Inline namespaces are transparent (`fmt::v10::format` is `fmt::format`
 * to its users). */
static void cpp_namespace(walker *w, TSNode n, int *scope, bool *anon)
{
    cctx *c = w->c;
    TSNode name = child_field(c, n, F_name), body = child_field(c, n, F_body);
    for (uint32_t i = 0; i < ts_node_child_count(n) && i < 4; i++)
        if (ts_text_eq(ts_node_child(n, i), c->src, "inline")) return;
    if (ts_node_is_null(name)) {
        *anon = true;
        return;
    }
    uint32_t start = decl_start(c, ts_node_start_byte(n));
    codira_str sig;
    if (memcmp(c->src + ts_node_start_byte(n), "namespace", 9) == 0) {
        sig = collapse(c, start, ts_node_is_null(body) ? ts_node_end_byte(n)
                                                       : ts_node_start_byte(body) + 1);
        strbuf *sb = &c->tmp;
        sb_clear(sb);
        sb_add(sb, sig.ptr, sig.len);
        if (!ts_node_is_null(body)) sb_adds(sb, " ... }");
        sig = arena_view(c, sb->buf, sb->len);
    } else {
        /* opened by a macro (`FMT_BEGIN_NAMESPACE`): the macro's name */
        uint32_t e = ts_node_start_byte(n);
        while (e < c->len && is_ident_c((unsigned char)c->src[e])) e++;
        sig = collapse(c, ts_node_start_byte(n), e);
    }
    int doc = doc_before(c, start);
    uint32_t nc = is_sym(c, name, N_nested_namespace_specifier) ? ts_node_named_child_count(name) : 1;
    for (uint32_t i = 0; i < nc; i++) {
        TSNode part = is_sym(c, name, N_nested_namespace_specifier) ? ts_node_named_child(name, i) : name;
        if (!is_sym(c, part, N_namespace_identifier)) continue;
        /* the parsed copy: a name macro was replaced there */
        const char *p = c->pbuf + ts_node_start_byte(part);
        size_t len = ts_node_end_byte(part) - ts_node_start_byte(part);
        while (len && p[len - 1] == ' ') len--;
        /* nesting beyond QUAL_MAX: the contents stay in the deepest namespace */
        if (c->syms.items[*scope].qual.len + len + 2 > QUAL_MAX) return;
        codira_str nm = arena_view(c, p, len);
        codira_str q = qual_join(c, c->syms.items[*scope].qual, nm);
        char *key = arena_strndup(&c->mem, q.ptr, q.len);
        size_t v;
        int idx;
        if (strmap_get(&c->by_qual, key, &v)) {
            idx = (int)v;
            if (c->syms.items[idx].end_line < ts_end_line(n)) c->syms.items[idx].end_line = ts_end_line(n);
        } else {
            int saved = c->scope;
            bool saved_anon = c->anon;
            c->scope = *scope;
            c->anon = *anon;
            idx = add_sym(c, "namespace", part, *scope, start, line_of(c, start), ts_end_line(n),
                          CODIRA_SYM_PUBLIC, sig);
            c->scope = saved;
            c->anon = saved_anon;
            c->syms.items[idx].name = nm;
            c->syms.items[idx].qual = q;
            set_doc(c, idx, doc);
            strmap_put(&c->by_qual, key, (size_t)idx);
            ns_add(&c->ns_names, nm.ptr, nm.len);
        }
        *scope = idx;
    }
}

static void do_function(walker *w, TSNode def, TSNode declarator, TSNode body, uint32_t start,
                        unsigned spec)
{
    cctx *c = w->c;
    dclass d = classify(c, declarator);
    if (ts_node_is_null(d.name)) return;
    start = decl_start(c, start);
    /* C++: a constructor's signature stops before its initializer list */
    TSNode init = {0};
    for (uint32_t i = 0, nk = ts_node_is_null(def) || !c->cpp ? 0 : ts_node_named_child_count(def);
         i < nk; i++)
        if (is_sym(c, ts_node_named_child(def, i), N_field_initializer_list))
            init = ts_node_named_child(def, i);
    codira_str sig = collapse(c, start, ts_node_start_byte(ts_node_is_null(init) ? body : init));
    locals_reset(c);
    codira_str params = params_of(c, d.fdecl, &w->cur, &c->locals);
    int idx = add_sym(c, "function", d.name, 0, start, line_of(c, start), ts_end_line(body),
                      decl_flags(spec), sig);
    c->syms.items[idx].params = params;
    set_doc(c, idx, doc_before(c, start));
    if (c->cpp) {
        cpp_fn_setup(w, idx, &d);
        c->syms.items[idx].has_body = true;
        if (!ts_node_is_null(init)) {
            walk_code(c, &w->ws, init, idx, 0, 0);
            params_of(c, d.fdecl, &w->cur, &c->locals);
        }
    }
    walk_code(c, &w->ws, body, idx, 0, 0);
}

static void do_declaration(walker *w, TSNode n)
{
    cctx *c = w->c;
    const TSSymbol *S = c->t->sym;
    unsigned spec = spec_flags(c, n, &w->cur);
    uint32_t start = decl_start(c, ts_node_start_byte(n)), end = ts_node_end_byte(n);
    uint32_t line = line_of(c, start);
    TSNode type = child_field(c, n, F_type);
    int doc = -2;
    bool any = false;
    codira_str sig = {0};
    if (is_tag_spec(c, type)) {
        if (!ts_node_is_null(child_field(c, type, F_body))) do_tag(w, type, start, end, 0);
    }
    /* declarators (collected first: the cursor is reused below) */
    w->decls.len = 0;
    ts_tree_cursor_reset(&w->cur, n);
    if (ts_tree_cursor_goto_first_child(&w->cur)) {
        do {
            if (ts_tree_cursor_current_field_id(&w->cur) == c->t->field[F_declarator])
                VEC_PUSH(w->decls, ts_tree_cursor_current_node(&w->cur));
        } while (ts_tree_cursor_goto_next_sibling(&w->cur));
    }
    for (size_t di = 0; di < w->decls.len; di++) {
        TSNode d = w->decls.items[di];
        any = true;
        TSNode value = {0};
        if (ts_node_symbol(d) == S[N_init_declarator]) value = child_field(c, d, F_value);
        dclass dc = classify(c, d);
        if (ts_node_is_null(dc.name)) continue;
        if (!sig.ptr) sig = collapse_decl(c, start, end);
        if (doc == -2) doc = pick_doc(c, start, end, true);
        const char *kind;
        if (dc.is_func) kind = "prototype";
        else if (dc.has_ptr ? dc.ptr_const : (spec & SPEC_CONST) != 0) kind = "constant";
        else kind = "variable";
        int idx = add_sym(c, kind, dc.name, 0, start, line, ts_end_line(n),
                          decl_flags(spec), sig);
        set_doc(c, idx, doc);
        if (c->cpp) cpp_fn_setup(w, idx, &dc);
        if (dc.is_func) {
            c->syms.items[idx].params = params_of(c, dc.fdecl, &w->cur, NULL);
        } else if (!ts_node_is_null(value)) {
            locals_reset(c);
            walk_code(c, &w->ws, value, idx, S[N_init_declarator], c->t->field[F_value]);
        }
    }
    if (!any && is_tag_spec(c, type) && ts_node_is_null(child_field(c, type, F_body))) {
        TSNode name = child_field(c, type, F_name);
        if (!ts_node_is_null(name)) {
            int idx = add_sym(c, tag_kind(c, type), name, 0, start, line, ts_end_line(n),
                              CODIRA_SYM_PUBLIC, collapse_decl(c, start, end));
            c->syms.items[idx].forward = true;
            set_doc(c, idx, pick_doc(c, start, end, true));
        }
    }
}

static void do_typedef(walker *w, TSNode n)
{
    cctx *c = w->c;
    uint32_t start = decl_start(c, ts_node_start_byte(n)), end = ts_node_end_byte(n);
    uint32_t line = line_of(c, start);
    TSNode type = child_field(c, n, F_type);
    bool has_body = is_tag_spec(c, type) && !ts_node_is_null(child_field(c, type, F_body));
    bool anon_enum = has_body && is_sym(c, type, N_enum_specifier) &&
                     ts_node_is_null(child_field(c, type, F_name));
    if (has_body && !anon_enum) do_tag(w, type, start, end, 0);
    int doc = pick_doc(c, start, end, true);
    codira_str sig = collapse_decl(c, start, end);
    int first = -1;
    w->decls.len = 0;
    ts_tree_cursor_reset(&w->cur, n);
    if (ts_tree_cursor_goto_first_child(&w->cur)) {
        do {
            if (ts_tree_cursor_current_field_id(&w->cur) == c->t->field[F_declarator])
                VEC_PUSH(w->decls, ts_tree_cursor_current_node(&w->cur));
        } while (ts_tree_cursor_goto_next_sibling(&w->cur));
    }
    for (size_t k = 0; k < w->decls.len; k++) {
        dclass dc = classify(c, w->decls.items[k]);
        if (ts_node_is_null(dc.name)) continue;
        int idx = add_sym(c, "typedef", dc.name, 0, start, line, ts_end_line(n),
                          CODIRA_SYM_PUBLIC, sig);
        set_doc(c, idx, doc);
        if (first < 0) first = idx;
    }
    if (anon_enum) do_tag(w, type, start, end, first >= 0 ? first : 0);
}

/* Pieces of a declaration that tree-sitter left loose inside an ERROR. */
typedef struct loose {
    int scope;  /* C++: the enclosing namespace symbol */
    bool anon;  /* C++: in an anonymous namespace */
    bool in_error, active, has_type, has_fdecl, has_fwd;
    uint32_t start;
    unsigned spec;
    TSNode fdecl, fwd;
} loose;

static void loose_reset(loose *l)
{
    bool e = l->in_error, anon = l->anon;
    int scope = l->scope;
    memset(l, 0, sizeof(*l));
    l->in_error = e;
    l->scope = scope;
    l->anon = anon;
}

static void loose_mark(loose *l, TSNode n)
{
    if (!l->active) {
        l->active = true;
        l->start = ts_node_start_byte(n);
    }
}

/* a loose function declarator followed by `;` (or nothing) */
static void loose_prototype(walker *w, loose *l, uint32_t end)
{
    cctx *c = w->c;
    dclass d = classify(c, l->fdecl);
    if (ts_node_is_null(d.name) || !d.is_func || !l->has_type) return;
    uint32_t start = decl_start(c, l->active ? l->start : ts_node_start_byte(l->fdecl));
    int idx = add_sym(c, "prototype", d.name, 0, start, line_of(c, start),
                      line_of(c, end > start ? end - 1 : start), decl_flags(l->spec),
                      collapse_decl(c, start, end));
    c->syms.items[idx].params = params_of(c, d.fdecl, &w->cur, NULL);
    set_doc(c, idx, pick_doc(c, start, end, true));
}

static void loose_flush(walker *w, loose *l)
{
    if (l->has_fdecl) loose_prototype(w, l, ts_node_end_byte(l->fdecl));
    loose_reset(l);
}

static void handle_item(walker *w, TSNode n, loose *l)
{
    cctx *c = w->c;
    const TSSymbol *S = c->t->sym;
    TSSymbol s = ts_node_symbol(n);
    if (c->cpp && s == S[N_template_declaration]) {
        /* the template header starts the declaration it holds */
        TSNode inner = cpp_template_inner(c, n);
        loose_reset(l);
        if (ts_node_is_null(inner)) return;
        c->tpl_start = ts_node_start_byte(n);
        handle_item(w, inner, l); /* once: inner is no template declaration */
        c->tpl_start = UINT32_MAX;
        loose_reset(l);
        return;
    }
    if (c->cpp && s == S[N_alias_declaration]) {
        cpp_alias(c, n, 0, CODIRA_SYM_PUBLIC);
        loose_reset(l);
        return;
    }
    if (c->cpp && s == S[N_class_specifier] && !ts_node_is_null(child_field(c, n, F_body))) {
        uint32_t st = decl_start(c, ts_node_start_byte(n));
        do_tag(w, n, st, ts_node_end_byte(n), 0);
        loose_reset(l);
        return;
    }
    if (s == S[N_function_definition]) {
        TSNode decl = child_field(c, n, F_declarator), body = child_field(c, n, F_body);
        if (!ts_node_is_null(decl) && !ts_node_is_null(body))
            do_function(w, n, decl, body, ts_node_start_byte(n), spec_flags(c, n, &w->cur));
        loose_reset(l);
    } else if (s == S[N_declaration]) {
        do_declaration(w, n);
        loose_reset(l);
    } else if (s == S[N_type_definition]) {
        do_typedef(w, n);
        loose_reset(l);
    } else if (s == S[N_struct_specifier] || s == S[N_union_specifier] ||
               s == S[N_enum_specifier]) {
        if (!ts_node_is_null(child_field(c, n, F_body))) {
            uint32_t st = decl_start(c, l->active ? l->start : ts_node_start_byte(n));
            do_tag(w, n, st, ts_node_end_byte(n), 0);
            loose_reset(l);
        } else if (!ts_node_is_null(child_field(c, n, F_name))) {
            loose_mark(l, n);
            l->has_fwd = true;
            l->has_type = true;
            l->fwd = n;
        }
    } else if (!ts_node_is_named(n) && ts_text_eq(n, c->src, ";")) {
        if (l->has_fdecl) {
            loose_prototype(w, l, ts_node_end_byte(n));
        } else if (l->has_fwd && l->start == ts_node_start_byte(l->fwd)) {
            TSNode name = child_field(c, l->fwd, F_name);
            uint32_t st = l->start, en = ts_node_end_byte(n);
            int idx = add_sym(c, tag_kind(c, l->fwd), name, 0, st, ts_line(l->fwd), ts_line(n),
                              CODIRA_SYM_PUBLIC, collapse_decl(c, st, en));
            c->syms.items[idx].forward = true;
            set_doc(c, idx, pick_doc(c, st, en, true));
        }
        loose_reset(l);
    } else if (!l->in_error) {
        /* outside ERROR nodes only complete items count */
        loose_reset(l);
    } else if (s == S[N_compound_statement]) {
        if (l->has_fdecl && l->has_type)
            do_function(w, (TSNode){0}, l->fdecl, n, l->active ? l->start : ts_node_start_byte(l->fdecl),
                        l->spec);
        loose_reset(l);
    } else if (s == S[N_function_declarator] || s == S[N_pointer_declarator]) {
        dclass d = classify(c, n);
        if (ts_node_is_null(d.name) || !d.is_func) {
            loose_reset(l);
            return;
        }
        if (l->has_fdecl) loose_flush(w, l);
        loose_mark(l, n);
        l->has_fdecl = true;
        l->fdecl = n;
    } else if (s == S[N_parameter_declaration]) {
        /* after an unclosed '(' tree-sitter reads whole declarations as
         * parameters: `int f(void)` followed by a block is a function */
        if (l->has_fdecl) loose_flush(w, l);
        loose_reset(l);
        TSNode d = child_field(c, n, F_declarator);
        if (ts_node_is_null(d) || !classify(c, d).is_func) return;
        loose_mark(l, n);
        l->has_type = true;
        l->has_fdecl = true;
        l->fdecl = d;
        l->spec = spec_flags(c, n, &w->cur);
    } else if (s == S[N_storage_class_specifier]) {
        if (l->has_fdecl) loose_flush(w, l);
        loose_mark(l, n);
        if (ts_text_eq(n, c->src, "static")) l->spec |= SPEC_STATIC;
        if (ts_text_eq(n, c->src, "extern")) l->spec |= SPEC_EXTERN;
    } else if (s == S[N_type_qualifier] || s == S[N_primitive_type] ||
               s == S[N_sized_type_specifier] || s == S[N_type_identifier] ||
               s == S[N_macro_type_specifier] || s == S[N_identifier]) {
        if (l->has_fdecl) loose_flush(w, l);
        loose_mark(l, n);
        l->has_type = true;
    } else if (s == S[N_comment] || s == TS_SYM_ERROR) {
        /* neutral */
    } else if (ts_node_is_named(n) || !l->has_fdecl) {
        loose_reset(l);
    }
}

/* Where a file-scope declaration that tree-sitter starts at `s` really
 * starts: the lexer blanked macros in front of it (`EXPORT int f(void)`)
 * that belong to its signature, its line and the search for its
 * comment. */
static uint32_t decl_start(const cctx *c, uint32_t s)
{
    if (c->tpl_start < s) s = c->tpl_start; /* C++: `template <...>` starts it */
    size_t lo;
    PARTITION_POINT(lo, c->stmt_starts.len, c->stmt_starts.items[mid] <= s);
    if (!lo) return s;
    uint32_t p = c->stmt_starts.items[lo - 1];
    for (uint32_t k = p; k < s; k++)
        if (!is_space_c(c->pbuf[k])) return s;
    return p;
}

/* inside a function body, according to the lexer */
static bool in_body(const cctx *c, uint32_t pos)
{
    size_t lo;
    PARTITION_POINT(lo, c->bodies.len, c->bodies.items[mid].start <= pos);
    return lo > 0 && pos < c->bodies.items[lo - 1].end;
}

static bool is_container(const cctx *c, TSNode n)
{
    const TSSymbol *S = c->t->sym;
    TSSymbol s = ts_node_symbol(n);
    return s == TS_SYM_ERROR || is_container_preproc(c, s) ||
           s == S[N_linkage_specification] || s == S[N_declaration_list] ||
           s == S[N_namespace_definition];
}

static void walk_file(walker *w, TSNode root)
{
    cctx *c = w->c;
    VEC(loose) ls = {0};
    loose top = {0};
    top.in_error = ts_node_symbol(root) == TS_SYM_ERROR;
    VEC_PUSH(ls, top);
    TSTreeCursor cur = ts_tree_cursor_new(root);
    if (ts_tree_cursor_goto_first_child(&cur)) {
        for (;;) {
            TSNode n = ts_tree_cursor_current_node(&cur);
            loose *lc = &ls.items[ls.len - 1];
            /* a block that is nobody's body: tree-sitter lost a '{' and the
             * rest of the file may sit inside it */
            bool orphan = ts_node_symbol(n) == c->t->sym[N_compound_statement] &&
                          !(lc->in_error && lc->has_fdecl && lc->has_type) &&
                          !in_body(c, ts_node_start_byte(n));
            if ((orphan || is_container(c, n)) && ts_tree_cursor_goto_first_child(&cur)) {
                if (orphan) loose_flush(w, lc);
                loose l = {0};
                l.in_error = ts_node_symbol(n) == TS_SYM_ERROR;
                l.scope = lc->scope;
                l.anon = lc->anon;
                if (is_sym(c, n, N_namespace_definition)) cpp_namespace(w, n, &l.scope, &l.anon);
                VEC_PUSH(ls, l);
                continue;
            }
            c->scope = lc->scope;
            c->anon = lc->anon;
            if (!orphan && !is_container(c, n)) handle_item(w, n, lc);
            bool done = false;
            while (!ts_tree_cursor_goto_next_sibling(&cur)) {
                loose *done_l = &ls.items[--ls.len];
                if (ls.len && done_l->has_fdecl && ls.items[ls.len - 1].in_error) {
                    /* the body may follow the ERROR that ended here */
                    loose *up = &ls.items[ls.len - 1];
                    loose_flush(w, up);
                    int scope = up->scope;
                    bool anon = up->anon;
                    *up = *done_l;
                    up->in_error = true;
                    up->scope = scope;
                    up->anon = anon;
                } else {
                    loose_flush(w, done_l);
                }
                if (!ls.len || !ts_tree_cursor_goto_parent(&cur)) {
                    done = true;
                    break;
                }
            }
            if (done) break;
        }
    }
    while (ls.len) loose_flush(w, &ls.items[--ls.len]);
    ts_tree_cursor_delete(&cur);
    VEC_FREE(ls);
}

/* ------------------------------------------------------------------ */
/* macros, lines, diagnostics                                           */

static uint32_t line_of(const cctx *c, uint32_t byte)
{
    size_t lo;
    PARTITION_POINT(lo, c->line_starts.len, c->line_starts.items[mid] <= byte);
    return (uint32_t)(lo ? lo : 1);
}

/* Identifiers that look like calls in a macro body but are not. */
static bool macro_body_keyword(codira_str w)
{
    static const char *const kw[] = {"sizeof", "alignof", "_Alignof", "typeof", "__typeof__",
                                     "__typeof", "__attribute__", "__attribute", "defined",
                                     "if", "while", "for", "switch", "return", "_Generic",
                                     "__has_include", "__has_attribute", "__builtin_expect",
                                     "__builtin_constant_p", "__builtin_offsetof",
                                     "__builtin_types_compatible_p", "offsetof", "va_arg"};
    for (size_t i = 0; i < sizeof(kw) / sizeof(*kw); i++)
        if (str_is(w, kw[i])) return true;
    return false;
}

/* The calls a macro expands to: `#define BUG(...) BUG_fl(__FILE__, ...)`
 * makes every use of BUG a call of BUG_fl, and a macro that calls its own
 * name (`#define error(...) (error(__VA_ARGS__), ...)`) wraps the function
 * of that name; the resolver sees both through these sites, owned by the
 * macro. Parameters, member calls (x->f(), x.f()), token pasting and
 * strings are skipped. */
static void macro_body_calls(cctx *c, const cmacro *m, int owner, codira_str params)
{
    uint32_t k = m->fnlike ? m->pend + 1 : m->name + m->name_len, end = m->end;
    const char *s = c->src;
    while (k < end) {
        char ch = s[k];
        if (ch == '"' || ch == '\'') {
            uint32_t q = k + 1;
            while (q < end && s[q] != ch && s[q] != '\n') q += s[q] == '\\' ? 2 : 1;
            k = q + 1;
            continue;
        }
        if (ch == '/' && k + 1 < end && s[k + 1] == '*') {
            uint32_t q = k + 2;
            while (q + 1 < end && !(s[q] == '*' && s[q + 1] == '/')) q++;
            k = q + 2;
            continue;
        }
        if (ch == '/' && k + 1 < end && s[k + 1] == '/') {
            while (k < end && s[k] != '\n') k++;
            continue;
        }
        if (!is_ident_c((unsigned char)ch) || is_digit_c(ch)) {
            k++;
            continue;
        }
        uint32_t w = k;
        while (k < end && is_ident_c((unsigned char)s[k])) k++;
        codira_str word = {s + w, k - w};
        uint32_t q = k;
        while (q < end && (s[q] == ' ' || s[q] == '\t' || s[q] == '\\' || s[q] == '\n' ||
                           s[q] == '\r'))
            q++;
        if (q >= end || s[q] != '(') continue;
        if (str_is(word, "__attribute__") || str_is(word, "__attribute") || str_is(word, "__declspec") ||
            str_is(word, "__asm__") || str_is(word, "asm")) {
            /* `__attribute__((format(printf, 1, 2)))` names no call: skip it whole */
            int depth = 0;
            for (k = q; k < end; k++) {
                if (s[k] == '(') depth++;
                else if (s[k] == ')' && --depth == 0) break;
            }
            k++;
            continue;
        }
        uint32_t b = w;
        while (b > m->start && (s[b - 1] == ' ' || s[b - 1] == '\t')) b--;
        if (b > m->start && (s[b - 1] == '.' || s[b - 1] == '#' || (s[b - 1] == '>' && b >= 2 && s[b - 2] == '-')))
            continue;
        if (q + 1 < end && s[q] == '#') continue;
        if (macro_body_keyword(word)) continue;
        bool param = false;
        for (const char *p = params.ptr, *pe = params.ptr + params.len; p && p < pe && !param;) {
            const char *nl = memchr(p, '\n', (size_t)(pe - p));
            size_t n = nl ? (size_t)(nl - p) : (size_t)(pe - p);
            param = n == word.len && memcmp(p, word.ptr, n) == 0;
            p = nl ? nl + 1 : pe;
        }
        if (param) continue;
        cedge e = {0};
        e.rel = CODIRA_REL_CALL;
        e.tk = CODIRA_TARGET_NAME;
        e.owner = owner;
        e.target = word;
        e.ext_kind = call_label(c, word);
        e.line = line_of(c, w);
        e.col = w - c->line_starts.items[e.line - 1];
        VEC_PUSH(c->edges, e);
    }
}

static void add_macros(cctx *c)
{
    for (size_t k = 0; k < c->macros.len; k++) {
        cmacro *m = &c->macros.items[k];
        csym s = {0};
        s.kind = "macro";
        s.name = (codira_str){c->src + m->name, m->name_len};
        s.parent = 0;
        s.line = m->line;
        s.end_line = m->end_line;
        s.col = m->col;
        s.flags = CODIRA_SYM_PUBLIC;
        s.sig = collapse(c, m->start, m->end);
        s.key = m->start;
        s.seq = (uint32_t)c->syms.len;
        s.doc = -1;
        s.handle = CODIRA_NO_HANDLE;
        if (m->fnlike) {
            strbuf *sb = &c->tmp;
            sb_clear(sb);
            const char *p = c->src + m->pstart, *e = c->src + m->pend;
            while (p < e) {
                const char *q = p;
                while (q < e && *q != ',') q++;
                const char *a = p, *b = q;
                while (a < b && is_space_c(*a)) a++;
                while (b > a && is_space_c(b[-1])) b--;
                if (b - a >= 3 && memcmp(b - 3, "...", 3) == 0) b -= 3;
                while (b > a && is_space_c(b[-1])) b--;
                if (b > a) {
                    if (sb->len) sb_addc(sb, '\n');
                    sb_add(sb, a, (size_t)(b - a));
                }
                p = q + 1;
            }
            s.params = arena_view(c, sb->buf ? sb->buf : "", sb->len);
        }
        VEC_PUSH(c->syms, s);
        int idx = (int)c->syms.len - 1;
        macro_body_calls(c, m, idx, s.params);
        int doc = doc_before(c, m->start);
        /* `#define X 1 ///< doc`: a comment ending the directive */
        size_t lo;
        PARTITION_POINT(lo, c->blocks.len, c->blocks.items[mid].start < m->name);
        if (lo < c->blocks.len && c->blocks.items[lo].end <= m->end &&
            c->blocks.items[lo].line == m->end_line) {
            const cblock *b = &c->blocks.items[lo];
            bool last = true;
            for (uint32_t q = b->end; q < m->end; q++)
                if (!is_space_c(c->src[q])) last = false;
            if (last && (b->back || doc < 0)) doc = (int)lo;
        }
        set_doc(c, idx, doc);
    }
}

static void emit_diagnostics(cctx *c, TSNode root, const codira_host *host, codira_emitter *out)
{
    if (!ts_node_has_error(root)) return;
    TSTreeCursor cur = ts_tree_cursor_new(root);
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&cur);
        bool err = ts_node_is_error(n), missing = ts_node_is_missing(n);
        if (err || missing) {
            codira_diagnostic d = {0};
            d.struct_size = sizeof(d);
            d.severity = CODIRA_DIAG_ERROR;
            d.category = cstr("syntax_error");
            strbuf *sb = &c->tmp;
            sb_clear(sb);
            if (err) sb_adds(sb, "syntax error");
            else sb_addf(sb, "missing \"%s\"", ts_node_type(n));
            d.message = sbstr(sb);
            d.line = ts_line(n);
            d.col = ts_col(n);
            host->emit_diagnostic(out, &d);
        }
        if (ts_node_has_error(n) && ts_tree_cursor_goto_first_child(&cur)) continue;
        if (!ts_cursor_skip_subtree(&cur)) break;
    }
    ts_tree_cursor_delete(&cur);
}

/* ------------------------------------------------------------------ */
/* pass 3: order, disambiguate, emit                                    */

typedef struct sortent {
    const csym *s;
    uint32_t idx;
} sortent;

static int cmp_pos(const void *a, const void *b)
{
    const csym *x = ((const sortent *)a)->s, *y = ((const sortent *)b)->s;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_name(const void *a, const void *b)
{
    const csym *x = ((const sortent *)a)->s, *y = ((const sortent *)b)->s;
    int r = strcmp(x->kind, y->kind);
    if (r) return r;
    size_t n = x->qual.len < y->qual.len ? x->qual.len : y->qual.len;
    r = memcmp(x->qual.ptr, y->qual.ptr, n);
    if (r) return r;
    if (x->qual.len != y->qual.len) return x->qual.len < y->qual.len ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static bool same_name(const csym *x, const csym *y)
{
    return strcmp(x->kind, y->kind) == 0 && x->qual.len == y->qual.len &&
           memcmp(x->qual.ptr, y->qual.ptr, x->qual.len) == 0;
}

static void make_stable_ids(cctx *c, const char *path)
{
    size_t n = c->syms.len;
    sortent *v = xcalloc(n ? n : 1, sizeof(*v));
    size_t m = 0;
    /* identity: the kind and the qualified name (C: the name) */
    for (size_t k = 1; k < n; k++)
        if (!c->syms.items[k].qual.ptr) c->syms.items[k].qual = c->syms.items[k].name;
    for (size_t k = 1; k < n; k++)
        if (!c->syms.items[k].dropped) v[m++] = (sortent){&c->syms.items[k], (uint32_t)k};
    qsort(v, m, sizeof(*v), cmp_name);
    strbuf *sb = &c->tmp;
    for (size_t g = 0; g < m;) {
        size_t e = g + 1;
        while (e < m && same_name(v[g].s, v[e].s)) e++;
        for (size_t k = g; k < e; k++) {
            csym *s = &c->syms.items[v[k].idx];
            sb_clear(sb);
            sb_addf(sb, "%s:%s:%s:", c->lang->name, s->kind, path);
            sb_add(sb, s->qual.ptr, s->qual.len);
            if (e - g > 1 && c->cpp && s->tkey.ptr) {
                /* C++ overloads: told apart by their parameter types */
                sb_add(sb, s->tkey.ptr, s->tkey.len);
                unsigned dup = 1;
                for (size_t q = g; q < k; q++) {
                    const csym *o = &c->syms.items[v[q].idx];
                    if (o->tkey.ptr && o->tkey.len == s->tkey.len &&
                        memcmp(o->tkey.ptr, s->tkey.ptr, s->tkey.len) == 0)
                        dup++;
                }
                if (dup > 1) sb_addf(sb, ":%u", dup);
            } else if (e - g > 1) {
                uint64_t h = hash64(s->sig.ptr ? s->sig.ptr : "", s->sig.len);
                char hex[17];
                snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)h);
                sb_addc(sb, ':');
                sb_add(sb, hex, 12);
                /* same signature as an earlier one: :2, :3, ... */
                unsigned dup = 1;
                for (size_t q = g; q < k; q++) {
                    const csym *o = &c->syms.items[v[q].idx];
                    if (o->sig.len == s->sig.len &&
                        memcmp(o->sig.ptr ? o->sig.ptr : "", s->sig.ptr ? s->sig.ptr : "",
                               s->sig.len) == 0)
                        dup++;
                }
                if (dup > 1) sb_addf(sb, ":%u", dup);
            }
            s->stable_id = arena_strndup(&c->mem, sb->buf, sb->len);
        }
        g = e;
    }
    free(v);
}

/* forward declarations are dropped when the file defines the tag, and
 * only the first one is kept */
static void drop_forwards(cctx *c)
{
    nameset defined = {0}, seen = {0};
    strbuf *sb = &c->tmp;
    for (size_t k = 1; k < c->syms.len; k++) {
        csym *s = &c->syms.items[k];
        if (s->forward || (strcmp(s->kind, "struct") && strcmp(s->kind, "union") &&
                           strcmp(s->kind, "enum") && strcmp(s->kind, "class")))
            continue;
        codira_str nm = c->cpp ? s->qual : s->name;
        sb_clear(sb);
        sb_addf(sb, "%s ", s->kind);
        sb_add(sb, nm.ptr, nm.len);
        char *key = arena_strndup(&c->mem, sb->buf, sb->len);
        ns_add(&defined, key, sb->len);
    }
    for (size_t k = 1; k < c->syms.len; k++) {
        csym *s = &c->syms.items[k];
        if (!s->forward) continue;
        codira_str nm = c->cpp ? s->qual : s->name;
        sb_clear(sb);
        sb_addf(sb, "%s ", s->kind);
        sb_add(sb, nm.ptr, nm.len);
        if (ns_has(&defined, sb->buf, sb->len) || ns_has(&seen, sb->buf, sb->len)) {
            s->dropped = true;
            continue;
        }
        char *key = arena_strndup(&c->mem, sb->buf, sb->len);
        ns_add(&seen, key, sb->len);
    }
    ns_free(&defined);
    ns_free(&seen);
}

/* C++: a method declared in its class and defined out of line in the same
 * file is one symbol, the definition (it takes the declaration's comment
 * when it has none). */
static void cpp_merge_methods(cctx *c)
{
    strmap decls = {0};
    strbuf *sb = &c->tmp;
    for (size_t k = 1; k < c->syms.len; k++) {
        csym *s = &c->syms.items[k];
        if (s->has_body || s->ool || strcmp(s->kind, "method") != 0 || !s->qual.ptr) continue;
        sb_clear(sb);
        sb_add(sb, s->qual.ptr, s->qual.len);
        sb_addc(sb, '\x01');
        sb_add(sb, s->tkey.ptr ? s->tkey.ptr : "", s->tkey.len);
        if (!strmap_get(&decls, sb_str(sb), NULL))
            strmap_put(&decls, arena_strndup(&c->mem, sb->buf, sb->len), k);
    }
    for (size_t k = 1; k < c->syms.len && decls.len; k++) {
        csym *s = &c->syms.items[k];
        if (!s->ool || !s->has_body || strcmp(s->kind, "method") != 0) continue;
        sb_clear(sb);
        sb_add(sb, s->qual.ptr, s->qual.len);
        sb_addc(sb, '\x01');
        sb_add(sb, s->tkey.ptr ? s->tkey.ptr : "", s->tkey.len);
        size_t d;
        if (!strmap_get(&decls, sb_str(sb), &d)) continue;
        csym *decl = &c->syms.items[d];
        if (decl->dropped) continue;
        decl->dropped = true;
        if (s->doc < 0 && decl->doc >= 0) {
            s->doc = decl->doc;
            s->flags |= CODIRA_SYM_HAS_DOCSTRING;
        }
    }
    strmap_free(&decls);
}

static codira_str module_name(cctx *c, const char *path)
{
    return cstr(path_dotted(&c->mem, path));
}

/* the first comment, before any code, set apart from what follows */
static int module_doc(cctx *c)
{
    if (!c->blocks.len) return -1;
    cblock *b = &c->blocks.items[0];
    if (b->trailing || b->start > c->first_code) return -1;
    uint32_t k = b->end;
    int nl = 0;
    while (k < c->len && is_space_c(c->src[k])) {
        if (c->src[k] == '\n') nl++;
        k++;
    }
    bool directive = false;
    if (k < c->len && c->src[k] == '#') {
        /* a directive other than #define, which the comment would document */
        uint32_t q = k + 1;
        while (q < c->len && (c->src[q] == ' ' || c->src[q] == '\t')) q++;
        directive = !(c->len - q >= 6 && memcmp(c->src + q, "define", 6) == 0);
    }
    bool apart = k >= c->len || nl >= 2 || directive ||
                 (c->src[k] == '/' && k + 1 < c->len &&
                  (c->src[k + 1] == '*' || c->src[k + 1] == '/'));
    if (!apart) return -1;
    b->module = 1;
    return 0;
}

static bool has_file_tag(codira_str text)
{
    for (size_t k = 0; k + 5 <= text.len; k++)
        if ((text.ptr[k] == '@' || text.ptr[k] == '\\') &&
            memcmp(text.ptr + k + 1, "file", 4) == 0 &&
            (k + 5 == text.len || !is_ident_c((unsigned char)text.ptr[k + 5])))
            return true;
    return false;
}

static void emit_doc_record(cctx *c, const codira_host *host, codira_emitter *out, int block,
                            const char *kind, const char *owner_kind, const char *owner_id,
                            codira_str title, codira_str text, codira_handle owner)
{
    cblock *b = &c->blocks.items[block];
    if (b->doc_done) return;
    b->doc_done = 1;
    strbuf *sb = &c->tmp;
    sb_clear(sb);
    sb_addf(sb, "doc:%s:%s:doxygen", owner_kind, owner_id);
    codira_doc d = {0};
    d.struct_size = sizeof(d);
    d.stable_id = sbstr(sb);
    d.kind = cstr(kind);
    d.source_format = cstr("doxygen");
    d.line = b->line;
    d.end_line = b->end_line;
    d.title = title;
    d.text = text;
    d.owner = owner;
    host->emit_doc(out, &d);
}

static void emit_all(cctx *c, const codira_host *host, codira_emitter *out, TSNode root,
                     bool have_tree)
{
    const char *path = c->srcinfo->path ? c->srcinfo->path : "";
    csym *mod = &c->syms.items[0];
    drop_forwards(c);
    if (c->cpp) cpp_merge_methods(c);
    make_stable_ids(c, path);
    strbuf *sb = &c->tmp;

    /* module */
    sb_clear(sb);
    sb_addf(sb, "%s:module:%s", c->lang->name, path);
    mod->stable_id = arena_strndup(&c->mem, sb->buf, sb->len);
    codira_str mod_doc = CODIRA_STR_NULL;
    if (mod->doc >= 0) mod_doc = clean_comment(c, &c->blocks.items[mod->doc]);
    codira_symbol ms = {0};
    ms.struct_size = sizeof(ms);
    ms.kind = cstr("module");
    ms.name = mod->name;
    ms.stable_id = cstr(mod->stable_id);
    ms.parent = CODIRA_NO_HANDLE;
    ms.line = 1;
    ms.end_line = c->lines;
    ms.flags = mod->flags;
    ms.docstring = mod_doc;
    mod->handle = host->emit_symbol(out, &ms);
    if (mod->handle == CODIRA_NO_HANDLE) return;

    /* everything else in source order */
    size_t n = c->syms.len;
    sortent *v = xcalloc(n ? n : 1, sizeof(*v));
    size_t m = 0;
    for (size_t k = 1; k < n; k++)
        if (!c->syms.items[k].dropped) v[m++] = (sortent){&c->syms.items[k], (uint32_t)k};
    qsort(v, m, sizeof(*v), cmp_pos);
    for (size_t k = 0; k < m; k++) {
        csym *s = &c->syms.items[v[k].idx];
        codira_symbol y = {0};
        y.struct_size = sizeof(y);
        y.kind = cstr(s->kind);
        y.name = s->name;
        if (c->cpp) y.qualname = s->qual;
        y.stable_id = cstr(s->stable_id);
        codira_handle ph = c->syms.items[s->parent].handle;
        y.parent = ph == CODIRA_NO_HANDLE ? mod->handle : ph;
        y.line = s->line;
        y.end_line = s->end_line;
        y.col = s->col;
        y.flags = s->flags;
        y.ordinal = s->ordinal;
        y.signature = s->sig;
        y.parameters = s->params;
        codira_str doc = CODIRA_STR_NULL;
        if (s->doc >= 0) doc = clean_comment(c, &c->blocks.items[s->doc]);
        y.docstring = doc;
        s->handle = host->emit_symbol(out, &y);
    }

    /* documentation records, module first */
    if (mod->doc >= 0) {
        cblock *b = &c->blocks.items[mod->doc];
        if (b->doxygen || has_file_tag(mod_doc))
            emit_doc_record(c, host, out, mod->doc, "module", "module", mod->stable_id,
                            mod->name, mod_doc, mod->handle);
    }
    for (size_t k = 0; k < m; k++) {
        csym *s = &c->syms.items[v[k].idx];
        if (s->doc < 0 || s->handle == CODIRA_NO_HANDLE || !c->blocks.items[s->doc].doxygen)
            continue;
        emit_doc_record(c, host, out, s->doc, "declaration", s->kind, s->stable_id, s->name,
                        clean_comment(c, &c->blocks.items[s->doc]), s->handle);
    }
    free(v);

    for (size_t k = 0; k < c->includes.len; k++) {
        cinclude *inc = &c->includes.items[k];
        codira_import im = {0};
        im.struct_size = sizeof(im);
        im.owner = mod->handle;
        im.name = (codira_str){c->src + inc->name, inc->len};
        im.kind = cstr(inc->system ? "include_system" : "include_local");
        im.line = inc->line;
        host->emit_import(out, &im);
    }

    for (size_t k = 0; k < c->edges.len; k++) {
        cedge *e = &c->edges.items[k];
        if (e->rel == CODIRA_REL_REF && ns_has(&c->enum_names, e->target.ptr, e->target.len))
            continue;
        codira_handle owner = c->syms.items[e->owner].handle;
        if (owner == CODIRA_NO_HANDLE) continue;
        codira_edge y = {0};
        y.struct_size = sizeof(y);
        y.relation = e->rel;
        y.owner = owner;
        y.target_kind = e->tk;
        y.base = e->base;
        y.target = e->target;
        y.line = e->line;
        y.col = e->col;
        y.ref_kind = e->ref_kind ? cstr(e->ref_kind) : CODIRA_STR_NULL;
        y.ext_kind = e->ext_kind ? cstr(e->ext_kind) : CODIRA_STR_NULL;
        if (e->tk != CODIRA_TARGET_UNRESOLVED) y.ext_name = e->target;
        if (c->cpp && e->tk == CODIRA_TARGET_NAME && e->base.len)
            y.ext_name = qual_join(c, e->base, e->target); /* std::move */
        host->emit_edge(out, &y);
    }

    if (have_tree) emit_diagnostics(c, root, host, out);
}

int cf_analyze(const cf_lang *lang, void *state, const codira_source *src,
               const codira_host *host, codira_emitter *out)
{
    c_thread local;
    c_thread *t = state;
    if (!t) {
        memset(&local, 0, sizeof(local));
        c_thread_setup(&local, lang);
        t = &local;
    }
    cctx c;
    memset(&c, 0, sizeof(c));
    c.t = t;
    c.lang = lang;
    c.cpp = lang->cpp;
    c.tpl_start = UINT32_MAX;
    c.srcinfo = src;
    c.src = src->data ? src->data : "";
    /* tree-sitter offsets are 32-bit */
    c.len = src->size > UINT32_MAX - 16 ? UINT32_MAX - 16 : (uint32_t)src->size;
    if (!src->data) c.len = 0;
    arena_init(&c.mem);
    sb_init(&c.tmp);
    sb_init(&c.tmp2);
    sb_init(&c.tmp3);
    c.pbuf = xmalloc((size_t)c.len + 1);
    memcpy(c.pbuf, c.src, c.len);
    c.pbuf[c.len] = '\0';
    VEC_PUSH(c.line_starts, 0);
    for (const char *p = c.src, *e = c.src + c.len; p < e;) {
        const char *nl = memchr(p, '\n', (size_t)(e - p));
        if (!nl) break;
        VEC_PUSH(c.line_starts, (uint32_t)(nl + 1 - c.src));
        p = nl + 1;
    }

    lex(&c);
    /* the last line: a final newline does not start another one */
    c.lines = (uint32_t)c.line_starts.len;
    if (c.len && c.src[c.len - 1] == '\n' && c.lines > 1) c.lines--;

    /* the module is symbol 0 */
    csym mod = {0};
    mod.kind = "module";
    mod.name = module_name(&c, src->path ? src->path : "");
    mod.flags = 0; /* like the other analyzers: a module is not "public" */
    mod.doc = module_doc(&c);
    if (mod.doc >= 0) mod.flags |= CODIRA_SYM_HAS_DOCSTRING;
    mod.handle = CODIRA_NO_HANDLE;
    VEC_PUSH(c.syms, mod);

    add_macros(&c);

    TSTree *tree = ts_parser_parse_string(t->parser, NULL, c.pbuf, c.len);
    TSNode root = {0};
    walker w;
    memset(&w, 0, sizeof(w));
    w.c = &c;
    if (tree) {
        root = ts_tree_root_node(tree);
        w.cur = ts_tree_cursor_new(root);
        w.body = ts_tree_cursor_new(root);
        walk_file(&w, root);
        ts_tree_cursor_delete(&w.cur);
        ts_tree_cursor_delete(&w.body);
        if (w.ws.sub_ok) ts_tree_cursor_delete(&w.ws.sub);
    }
    emit_all(&c, host, out, root, tree != NULL);

    VEC_FREE(w.ws.parents);
    VEC_FREE(w.specs);
    VEC_FREE(w.spec_ctx);
    VEC_FREE(w.decls);
    VEC_FREE(w.frames);
    if (tree) ts_tree_delete(tree);
    ts_parser_reset(t->parser);
    if (t == &local) ts_parser_delete(local.parser);
    free(c.pbuf);
    VEC_FREE(c.raw);
    VEC_FREE(c.blocks);
    VEC_FREE(c.macros);
    VEC_FREE(c.includes);
    VEC_FREE(c.syms);
    VEC_FREE(c.edges);
    VEC_FREE(c.line_starts);
    VEC_FREE(c.bodies);
    VEC_FREE(c.dirs);
    VEC_FREE(c.stmt_starts);
    ns_free(&c.macro_names);
    ns_free(&c.fn_macros);
    ns_free(&c.enum_names);
    ns_free(&c.locals);
    VEC_FREE(c.typed);
    sb_free(&c.tmp);
    sb_free(&c.tmp2);
    sb_free(&c.tmp3);
    strmap_free(&c.by_qual);
    ns_free(&c.ns_names);
    arena_free(&c.mem);
    return CODIRA_OK;
}


/* ------------------------------------------------------------------ */
/* routing: does a header hold C++?                                     */

/* One token of a header's head: an identifier, `::`, or one punctuation
 * character. Comments, strings, character literals and whitespace are
 * skipped; `#` at the start of a line reports a directive. */
typedef struct htok {
    const char *p;
    size_t n;
    bool ident, directive;
} htok;

static size_t head_skip(const char *s, size_t len, size_t i, bool *bol)
{
    for (;;) {
        while (i < len && is_space_c(s[i])) {
            if (s[i] == '\n') *bol = true;
            i++;
        }
        if (i + 1 < len && s[i] == '\\' && (s[i + 1] == '\n' || s[i + 1] == '\r')) {
            i += 2;
            continue;
        }
        if (i + 1 < len && s[i] == '/' && s[i + 1] == '*') {
            i += 2;
            while (i + 1 < len && !(s[i] == '*' && s[i + 1] == '/')) i++;
            i = i + 2 < len ? i + 2 : len;
            continue;
        }
        if (i + 1 < len && s[i] == '/' && s[i + 1] == '/') {
            while (i < len && s[i] != '\n') i++;
            continue;
        }
        return i;
    }
}

static size_t head_next(const char *s, size_t len, size_t i, bool *bol, htok *t)
{
    i = head_skip(s, len, i, bol);
    memset(t, 0, sizeof(*t));
    if (i >= len) return len;
    t->p = s + i;
    if (s[i] == '#' && *bol) t->directive = true;
    *bol = false;
    if (s[i] == '"' || s[i] == '\'') {
        char q = s[i];
        size_t k = i + 1;
        while (k < len && s[k] != q && s[k] != '\n') k += s[k] == '\\' ? 2 : 1;
        k = k < len ? k + 1 : len;
        t->n = k - i;
        return k;
    }
    if (is_ident_c((unsigned char)s[i])) {
        size_t k = i;
        while (k < len && is_ident_c((unsigned char)s[k])) k++;
        t->n = k - i;
        t->ident = !is_digit_c(s[i]);
        return k;
    }
    t->n = (i + 1 < len && s[i] == ':' && s[i + 1] == ':') ? 2 : 1;
    return i + t->n;
}

static bool htok_is(const htok *t, const char *w)
{
    size_t n = strlen(w);
    return t->n == n && memcmp(t->p, w, n) == 0;
}

/* the end of the line holding position i (continuations included) */
static size_t head_eol(const char *s, size_t len, size_t i)
{
    while (i < len && s[i] != '\n') {
        if (s[i] == '\\' && i + 1 < len && s[i + 1] == '\n') i++;
        i++;
    }
    return i;
}

/* Evidence of C++ (any one decides): `namespace x {`, `namespace {`,
 * `class X {` / `class X :` (an export macro may sit between), `template <`,
 * `public:` / `private:` / `protected:`, `using namespace`, `using X =`,
 * `a::b` (outside C23 `[[attributes]]`), `extern "C++"`, `constexpr`,
 * `nullptr`, and `#include <name>` without an extension (<string>, <cstdio>).
 * Everything under `#if(def) __cplusplus` is skipped, both branches: C
 * headers wrap their `extern "C" {` in it. */
bool cf_head_is_cpp(const char *s, size_t len)
{
    bool bol = true;
    size_t i = 0;
    int attr = 0;   /* inside [[ ]] */
    htok w[4];      /* the last tokens, w[3] the newest */
    memset(w, 0, sizeof(w));
    while (i < len) {
        htok t;
        i = head_next(s, len, i, &bol, &t);
        if (!t.p) break;
        if (t.directive) {
            size_t eol = head_eol(s, len, i);
            bool b2 = false;
            htok d;
            size_t k = head_next(s, eol, i, &b2, &d);
            if (htok_is(&d, "include") || htok_is(&d, "include_next")) {
                size_t q = k;
                while (q < eol && (s[q] == ' ' || s[q] == '\t')) q++;
                if (q < eol && s[q] == '<') {
                    size_t e = q + 1;
                    bool dot = false;
                    while (e < eol && s[e] != '>') dot |= s[e++] == '.';
                    if (e < eol && e > q + 1 && !dot) return true;
                }
            } else if (htok_is(&d, "if") || htok_is(&d, "ifdef") || htok_is(&d, "ifndef")) {
                bool cxx = false;
                for (size_t q = k; q + 11 <= eol && !cxx; q++)
                    cxx = memcmp(s + q, "__cplusplus", 11) == 0;
                if (cxx) {
                    /* skip to the matching #endif */
                    int depth = 1;
                    size_t q = eol;
                    while (q < len && depth > 0) {
                        q++;
                        size_t ls = q;
                        while (q < len && (s[q] == ' ' || s[q] == '\t')) q++;
                        if (q < len && s[q] == '#') {
                            q++;
                            while (q < len && (s[q] == ' ' || s[q] == '\t')) q++;
                            if (len - q >= 2 && memcmp(s + q, "if", 2) == 0) depth++;
                            else if (len - q >= 5 && memcmp(s + q, "endif", 5) == 0) depth--;
                        }
                        (void)ls;
                        q = head_eol(s, len, q);
                    }
                    eol = q;
                }
            }
            if (!htok_is(&d, "define")) {
                i = eol;
                bol = true;
                continue;
            }
            /* a #define body is read as code: `#define NS_BEGIN namespace x {` */
            i = k;
            continue;
        }
        w[0] = w[1], w[1] = w[2], w[2] = w[3], w[3] = t;
        if (t.n == 1 && t.p[0] == '[' && w[2].n == 1 && w[2].p[0] == '[') attr++;
        else if (t.n == 1 && t.p[0] == ']' && w[2].n == 1 && w[2].p[0] == ']' && attr > 0) attr--;
        if (htok_is(&t, "constexpr") || htok_is(&t, "nullptr")) return true;
        if (htok_is(&w[2], "template") && htok_is(&t, "<")) return true;
        if (htok_is(&w[2], "using") && htok_is(&t, "namespace")) return true;
        if (htok_is(&w[1], "using") && w[2].ident && htok_is(&t, "=")) return true;
        if (htok_is(&w[2], "extern") && htok_is(&t, "\"C++\"")) return true;
        if ((htok_is(&w[2], "public") || htok_is(&w[2], "private") ||
             htok_is(&w[2], "protected")) && htok_is(&t, ":") && !htok_is(&w[1], "::"))
            return true;
        if (htok_is(&w[2], "namespace") && (htok_is(&t, "{") || t.ident)) return true;
        if (htok_is(&w[1], "class") && w[2].ident && (htok_is(&t, "{") || htok_is(&t, ":") ||
                                                       htok_is(&t, "final") || t.ident))
            return true;
        if (htok_is(&w[2], "::") && t.ident && !attr) return true;
    }
    return false;
}
