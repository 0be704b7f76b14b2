/* Attribute and calling-convention macros in file-scope declarations,
 * and structure heads given by a macro. */
#include "curl.h"

CURL_EXTERN CURL *curl_easy_init(void);
CURL_EXTERN const struct curl_easyoption *curl_easy_option_next(const struct curl_easyoption *prev);
CURL_EXTERN ALLOC_FUNC wchar_t *curl_dbg_wcsdup(const wchar_t *str, int line);
Py_DEPRECATED(3.9) PyAPI_FUNC(PyObject *) PyEval_CallObject(PyObject *callable, PyObject *args);
LONG __cdecl _InterlockedExchange(LONG volatile *Target, LONG Value);

typedef HMODULE (APIENTRY *LOADLIBRARYEX_FN)(LPCTSTR name, HANDLE file, DWORD flags);
static BOOL (WINAPI *cancel_io)(HANDLE, LPOVERLAPPED);

static int krb5_check(void *app_data UNUSED_PARAM, int level UNUSED_PARAM,
                      struct connectdata *conn)
{
    return check_conn(conn);
}

static int path_cmp(const void *cmp_data UNUSED, const struct hashmap_entry *a)
{
    return compare(a);
}

typedef struct {
    PyException_HEAD
} PyBaseExceptionObject;

typedef struct {
    PyObject_HEAD Imaging image;
    PyObject_HEAD int (*decode)(Imaging im, UINT8 *buffer, Py_ssize_t bytes);
    UINT32 count;
} ImagingDecoderObject;

_Py_COMP_DIAG_PUSH
static int after_marker(void)
{
    return 1;
}

MPD_PRAGMA(MPD_HIDE_SYMBOLS_END)
