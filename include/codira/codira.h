/*
 * codira.h - shared types of the codira plugin ABI.
 *
 * Every struct that crosses the plugin boundary starts with `struct_size`
 * (the sizeof the producer compiled against) and, for definitions, an
 * `iVersion`. Members are only ever appended; a reader checks struct_size
 * before touching a member added later. Strings are UTF-8.
 */
#ifndef CODIRA_CODIRA_H
#define CODIRA_CODIRA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped only for incompatible changes; a plugin built for another major
 * ABI is refused at registration. */
#define CODIRA_ABI_VERSION 1

/* A string view: `ptr` need not be NUL-terminated when a plugin passes it to
 * the host. Views the host passes to plugins are always NUL-terminated
 * (ptr[len] == '\0'), valid UTF-8 and free of embedded NUL bytes. */
typedef struct codira_str {
    const char *ptr;
    size_t len;
} codira_str;

#define CODIRA_STR_LIT(s) ((codira_str){(s), sizeof(s) - 1})
#define CODIRA_STR_NULL ((codira_str){NULL, 0})

/* Return codes. Negative values are errors; an error also fills the
 * codira_error given to the call. */
typedef enum codira_status {
    CODIRA_OK = 0,
    CODIRA_STOP = 1,          /* a row callback asked to stop iterating */
    CODIRA_NOT_FOUND = 2,     /* nothing stored yet (no index) */
    CODIRA_E_INVALID = -1,    /* bad argument or record */
    CODIRA_E_IO = -2,         /* operating-system error */
    CODIRA_E_NOMEM = -3,
    CODIRA_E_CORRUPT = -4,    /* storage exists but cannot be read */
    CODIRA_E_SCHEMA = -5,     /* storage written by an incompatible version */
    CODIRA_E_BUSY = -6,       /* another writer holds the storage */
    CODIRA_E_READONLY = -7,   /* storage cannot be written */
    CODIRA_E_BACKEND = -8,    /* any other storage failure */
    CODIRA_E_ANALYSIS = -9,   /* this one file cannot be analysed */
    CODIRA_E_UNSUPPORTED = -10
} codira_status;

/* Filled by the callee on error. `message` is one line, no trailing period
 * needed, no "codira:" prefix (the host adds it). */
typedef struct codira_error {
    int code;
    char message[512];
} codira_error;

/* Plugin families. */
typedef enum codira_family {
    CODIRA_FAMILY_ANALYZER = 1,
    CODIRA_FAMILY_BACKEND = 2
} codira_family;

#ifdef __cplusplus
}
#endif

#endif
