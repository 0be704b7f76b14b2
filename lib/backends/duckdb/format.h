/*
 * format.h - what both halves of the duckdb backend agree on: the storage
 * format and how the plugin (codira-backend-duckdb.so, loaded by every
 * codira process) finds the engine (libcodira-duckdb.so, linked against
 * libduckdb.so and loaded only when a repository uses this backend).
 */
#ifndef CODIRA_DUCKDB_FORMAT_H
#define CODIRA_DUCKDB_FORMAT_H

/* Bump whenever the schema or the meaning of a stored column changes: an
 * index with another version is rebuilt by the next `codira index`. */
#define DK_SCHEMA_VERSION "1"

/* The engine, relative to the plugin's own folder, and its entry point:
 * `const codira_backend *codira_duckdb_engine_v1(void)`. */
#define DK_ENGINE_PATH "../duckdb/libcodira-duckdb.so"
#define DK_ENGINE_ENTRY "codira_duckdb_engine_v1"

#endif
