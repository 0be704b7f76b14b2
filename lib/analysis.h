/*
 * analysis.h - the host side of record emission: collects what an analyzer
 * emits for one file into an arena, repaired to valid UTF-8, ready to be
 * handed to a backend write session as a codira_file_analysis.
 */
#ifndef CODIRA_ANALYSIS_H
#define CODIRA_ANALYSIS_H

#include "codira/plugin.h"
#include "util.h"

/* At most this many diagnostics are kept per file; the rest are counted. */
#define CODIRA_MAX_DIAGNOSTICS 50

typedef struct analysis {
    arena mem;
    VEC(codira_symbol) symbols;
    VEC(codira_edge) edges;
    VEC(codira_import) imports;
    VEC(codira_doc) docs;
    VEC(codira_diagnostic) diagnostics;
    size_t dropped_diagnostics;
    size_t error_count;         /* ERROR diagnostics, dropped ones included */
    strbuf scratch;
} analysis;

struct codira_emitter {
    analysis *a;
};

void analysis_init(analysis *a);
void analysis_free(analysis *a);
/* Forget every record (a failed analyze() leaves nothing behind). */
void analysis_reset(analysis *a);

/* Add a host-made diagnostic (printf-style message). */
void analysis_diag(analysis *a, codira_severity sev, const char *category, uint32_t line,
                   const char *fmt, ...) CODIRA_PRINTF(5, 6);

/* Make stable IDs unique within the file (a warning for each rename) and
 * append the summary of dropped diagnostics. Call once after analyze(). */
void analysis_finish(analysis *a);

/* The module name (first symbol of kind "module"), or "". */
const char *analysis_module_name(const analysis *a);

/* The host services table given to plugins. */
extern const codira_host codira_host_services;

#endif
