/*
 * proc.h - run a helper program (git) and capture its standard output.
 */
#ifndef CODIRA_PROC_H
#define CODIRA_PROC_H

#include "util.h"

/* Run argv[0] (looked up in PATH) with stdin and stderr on /dev/null,
 * appending its stdout to `out`. Returns its exit status, or -1 when it
 * could not be started or did not exit normally. */
int proc_capture(char *const argv[], strbuf *out);

#endif
