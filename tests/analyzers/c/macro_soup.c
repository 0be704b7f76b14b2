/* Real-world macro soup that tree-sitter cannot parse as written. */

#include "Python.h"

static GIT_PATH_FUNC(git_path_head, "HEAD")
static GIT_PATH_FUNC(git_path_log, "LOG")

static int read_head(void)
{
    return read_file(git_path_head());
}

static reg_errcode_t
internal_function
check_matching(re_match_context_t *mctx, int fl_longest_match)
{
    return mctx_check(mctx, fl_longest_match);
}

static PyObject *
#ifdef WITH_THREADS
lock_acquire(PyObject *self, PyObject *args)
#else
lock_acquire(PyObject *self)
#endif
{
    Py_BEGIN_ALLOW_THREADS
    acquire(self);
    Py_END_ALLOW_THREADS
    Py_RETURN_NONE;
}

static int
get_mode(const char *path, int *mode)
{
    if (!path)
        *mode = 0;
#ifdef _WIN32
    else if (!strcasecmp(path, "nul"))
        *mode = 0;
#endif
    else
        *mode = stat_mode(path);
    return 0;
}

typedef struct {
    PyObject_HEAD
    int count;
} counter_object;

static PyMethodDef counter_methods[] = {
    COUNTER_RESET_METHODDEF
    COUNTER_INCREMENT_METHODDEF
    {"value", (PyCFunction)counter_value, METH_NOARGS, NULL},
    {NULL, NULL}
};

PyAPI_FUNC(PyObject *) PyCounter_New(int start);
extern int strict_compare(const void *a, const void *b) __THROW __attribute_pure__;

static int after_everything(void)
{
    return 1;
}
