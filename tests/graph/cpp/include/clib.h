/* A C library used from C++. */
#ifndef CLIB_H
#define CLIB_H

#ifdef __cplusplus
extern "C" {
#endif

int c_add(int a, int b);
#define SQUARE(x) ((x) * (x))

#ifdef __cplusplus
}
#endif

#endif
