#include <stdio.h>
#include "util.h"

/* Same name as the static helper of main.c: each file calls its own. */
static int helper(int x)
{
    return x * 2;
}

int util_add(int a, int b)
{
    return helper(a) + b;
}

void log_msg(const char *msg)
{
    printf("%s\n", msg);
}

void run_callback(handler_t fn)
{
    fn();
}
