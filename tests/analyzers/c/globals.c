#include "globals.h"

int counter;
static int hidden = 3;
extern int shared_count;
const int ANSWER = 42;
static const char *const PROGRAM_NAME = "demo";
const char *greeting = "hello";
char *const fixed_buffer = 0;
static const double weights[3] = { 0.5, 0.25, 0.25 };
int matrix[4][4], *cursor;
int (*on_event)(int code);
static void (*handlers[8])(void);
volatile unsigned long ticks;
struct point { int x, y; } origin = { 0, 0 };
static struct { int depth; } state;
