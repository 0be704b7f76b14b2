#include "syntax_error.h"

/* Still found before the damage. */
int good_before(int x)
{
    return x + 1;
}

static int broken(int x
{
    return x +;
}

struct ok { int a; };

int also_good(void)
{
    return good_before(1) ]];
}

#define STILL_A_MACRO 1

int good_after(void)
{
    return 2;
}
