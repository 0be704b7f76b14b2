#include "paired.h"

int paired_fn(void)
{
    return 1;
}
