void f(void)
{
    VEC(const char *) want = {0};
    VEC(char *) names = {0};
    STACK_OF(X509) *chain = get();
    use(want, names);
    FOO(x)
    bar(y);
}
