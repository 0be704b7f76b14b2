/* Also defines paired_fn, but main.c sees the prototype of paired.h. */
int paired_fn(void)
{
    return 2;
}

#define lonely() 0

int uses_macro(void)
{
    return lonely();
}
