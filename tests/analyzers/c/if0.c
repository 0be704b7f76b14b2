#include "live.h"

#if 0
#include "dead.h"
#define DEAD_MACRO 1
int dead_function(void) { return dead_call(); }
This is not even C: it's an old note.
#else
int live_function(void) { return live_call(); }
#endif

#if 1
int always(void);
#else
int never(void);
#endif

int outer(void)
{
#if 0
    disabled_call();
#endif
    return enabled_call();
}
