/* GNU attributes in every position tree-sitter-c may or may not accept. */

__attribute__((format (printf,2,3)))
void f1(struct strbuf *sb, const char *fmt, ...);
void f2(void) __attribute__((noreturn));
static inline int * __attribute__((always_inline)) f3(void);
int __attribute__((unused)) f4(void) { return 0; }
void __attribute__((noreturn)) f5(void);
extern int f6(int) __attribute__((pure)) __attribute__((nothrow));
int v1 __attribute__((aligned(8))) = 3;
