/* Macros inside function bodies and initializers that tree-sitter cannot
 * read without preprocessing. */
#include <stdarg.h>
#include <stddef.h>

struct curl_forms {
    int option;
    const char *value;
};

static int sum_forms(int count, ...)
{
    va_list ap;
    int total = 0;
    va_start(ap, count);
    while (count--) {
        struct curl_forms *f = va_arg(ap, struct curl_forms *);
        const char *name = va_arg(ap, const char *);
        unsigned int n = va_arg(ap, unsigned int);
        total += f->option + (int)strlen(name) + (int)n;
    }
    va_end(ap);
    return total + (int)offsetof(struct curl_forms, value);
}

static PyObject *dealloc_items(PyObject *self, Py_ssize_t n)
{
    PyObject **items = PyMem_New(PyObject *, n);
    Py_TRASHCAN_BEGIN(self, dealloc_items)
    release(items);
    STEP(F, a, b, SET(0), 3)
    STEP(F, b, a, SET(1), 7)
    Py_TRASHCAN_END
    return self;
}

static void quiet(CURL *curl)
{
    CURL_IGNORE_DEPRECATION(
        easy_setopt(curl, CURLOPT_PROGRESSFUNCTION, progress_cb);
        easy_setopt(curl, CURLOPT_PROGRESSDATA, NULL);
    )
    if (__builtin_available(macOS 10.12, iOS 10, *))
        clock_now(curl);
}

static PyTypeObject Custom_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "custom.Custom",
    sizeof(CustomObject),
    .tp_dealloc = custom_dealloc,
};

static void print_all(struct string_list *list)
{
    struct string_list_item *item;
    for_each_string_list_item(item, list) {
        puts(item->string);
    }
}
