/* Function names hidden behind macros. */

#define T_CTEST_EXPORT2
#define force_inline inline
#define __MPN(x) __gmpn_##x
#define CAIRO_PRINTF_FORMAT(a, b) __attribute__((format(printf, a, b)))

void T_CTEST_EXPORT2
showTests(const char *filter)
{
    run(filter);
}

static force_inline float
minf(float a, float b)
{
    return a < b ? a : b;
}

mp_limb_t __MPN (divexact_by3) (mp_ptr dst, mp_srcptr src, mp_size_t n);

static void CAIRO_PRINTF_FORMAT (2, 3)
_cairo_xml_printf(cairo_xml_t *xml, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    _cairo_xml_vprintf(xml, fmt, ap);
    va_end(ap);
}

int (*pointer_not_prototype)(int);
char *(*returns_pointer(int which))(void);

static int after_all(void) { return 0; }
