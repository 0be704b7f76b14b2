#include <stdlib.h>
#include "util.h"
#include "plat.h"
#include "paired.h"

struct ops {
    handler_t run;
};

static int helper(int x)
{
    return x + 1;
}

static void on_event(void)
{
    log_msg("event");
}

static struct ops default_ops = {.run = on_event};

int main(void)
{
    int x = util_add(1, 2);
    x = MAX(x, 3);
    x = helper(x);
    x += api_call();
    x += plat_init();
    x += paired_fn();
    x += lonely();
    x += zlib_compress(x);
    run_callback(on_event);
    handler_t h = on_event;
    h();
    default_ops.run();
    exit(x);
}
