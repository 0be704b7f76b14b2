/*
 * guarded_header.h - a public header: guard, C++ linkage block,
 * prototypes and types.
 */
#ifndef GUARDED_HEADER_H
#define GUARDED_HEADER_H

#include <stddef.h>
#include "config.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A forward declaration that is defined below. */
struct node;

/* A forward declaration with no definition in this file. */
struct opaque;

/** A singly linked list node. */
struct node {
    struct node *next;
    int value;
};

union number {
    long i;
    double d;
};

/** Colours, with explicit values. */
enum color {
    RED = 1,  /**< the first */
    GREEN,    /**< the second */
    BLUE = 4
};

enum {
    FLAG_NONE,
    FLAG_ALL = 0xff
};

typedef struct {
    size_t len;
    char *buf;
} buffer_t;

typedef struct node node_t;

typedef enum { MODE_READ, MODE_WRITE } mode_t;

/** Called for each node; returns nonzero to stop. */
typedef int (*visit_fn)(struct node *n, void *data);

int list_length(const struct node *head);
extern struct node *list_find(struct node *head, int value);
void list_walk(struct node *head, visit_fn fn, void *data);
void log_message(const char *fmt, ...);
static inline int list_empty(const struct node *head) { return head == NULL; }

#ifdef __cplusplus
}
#endif

#endif /* GUARDED_HEADER_H */
