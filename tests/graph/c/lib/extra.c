/* Declared in no header: main.c's call still finds the only definition. */
int lonely(void)
{
    return 7;
}
