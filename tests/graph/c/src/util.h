#ifndef UTIL_H
#define UTIL_H

#include "../include/api.h"

#define MAX(a, b) ((a) > (b) ? (a) : (b))

typedef void (*handler_t)(void);

int util_add(int a, int b);
void log_msg(const char *msg);
void run_callback(handler_t fn);

#endif
