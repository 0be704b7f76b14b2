#ifndef API_H
#define API_H

/* Reached from main.c through util.h: includes are followed transitively. */
int api_call(void);

#endif
