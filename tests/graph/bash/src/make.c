/* a C function named like a shell command: never a Bash target */
int make(void) { return 0; }
int echo(void) { return make(); }
