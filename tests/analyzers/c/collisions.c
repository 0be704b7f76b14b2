/* The same names defined in several preprocessor branches. */

#ifdef _WIN32
static int platform_init(void)
{
    return win_init();
}
#define PLATFORM "windows"
#elif defined(__APPLE__)
static int platform_init(void)
{
    return mac_init();
}
#define PLATFORM "mac"
#else
static int platform_init(void)
{
    return 0;
}
#define PLATFORM "posix"
#endif

#ifdef FAST
int compute(int x);
#else
int compute(int x);
#endif

int main(void)
{
    return platform_init() + compute(1);
}
