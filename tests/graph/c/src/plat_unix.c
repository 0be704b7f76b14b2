#include "plat.h"

int plat_init(void)
{
    return 0;
}
