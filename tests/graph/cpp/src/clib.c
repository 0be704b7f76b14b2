#include "clib.h"

int c_add(int a, int b)
{
    return a + b;
}
