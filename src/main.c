#include <stdio.h>
int main(void) { puts("codira"); return 0; }
