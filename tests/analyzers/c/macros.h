#ifndef MACROS_H
#define MACROS_H

/** Maximum path length. */
#define PATH_MAX_LEN 4096
#define EMPTY
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define LOG(fmt, ...) log_message(fmt, __VA_ARGS__)
#define TRACE(args...) trace args

/* Swap two values of the given type. */
#define SWAP(type, x, y) \
    do {                 \
        type tmp_ = (x); \
        (x) = (y);       \
        (y) = tmp_;      \
    } while (0)

#define VERSION_MAJOR 2 /**< major version */

#ifdef _WIN32
#define PATH_SEP '\\'
#define OPEN_FLAGS 1
#else
#define PATH_SEP '/'
#define OPEN_FLAGS 1
#endif

#undef EMPTY
#  define  INDENTED  1   /* spaces around */

#endif
