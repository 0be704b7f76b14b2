/*
 * schema.c - the duckdb backend's tables.
 *
 * Paths are repository-relative. Every row that belongs to a file has an
 * id in [file_id << 24, (file_id + 1) << 24): rows are appended file by
 * file, so a file's rows sit together and DuckDB's zone maps skip the rest
 * of a table when a query names one file's id range. No table carries a
 * primary key: keys are maintained by the session, and an ART index per
 * key would slow every append. A site's link (its resolution) has the
 * site's id. Symbols keep their parent's stable id, which every symbol
 * query returns, instead of joining the table to itself.
 */
#include "duckdb_internal.h"

const char dk_schema_sql[] =
    "CREATE TABLE meta(key VARCHAR NOT NULL, value VARCHAR NOT NULL);\n"
    "CREATE TABLE analyzers(name VARCHAR NOT NULL, version VARCHAR NOT NULL,"
    " fingerprint VARCHAR NOT NULL);\n"
    "CREATE TABLE files("
    " id BIGINT NOT NULL,"
    " path VARCHAR NOT NULL,"
    " hash VARCHAR NOT NULL,"
    " size BIGINT NOT NULL,"
    " mtime_ns BIGINT NOT NULL,"
    " analyzer VARCHAR NOT NULL,"
    " analyzer_version VARCHAR NOT NULL,"
    " status INTEGER NOT NULL,"   /* codira_file_status */
    " language VARCHAR NOT NULL,"
    " module VARCHAR NOT NULL,"
    " role VARCHAR NOT NULL);\n"
    "CREATE TABLE symbols("
    " id BIGINT NOT NULL,"
    " file_id BIGINT NOT NULL,"
    " parent_id BIGINT,"
    " parent_stable_id VARCHAR,"
    " stable_id VARCHAR NOT NULL,"
    " kind VARCHAR NOT NULL,"
    " name VARCHAR NOT NULL,"
    " qualname VARCHAR NOT NULL,"
    " module VARCHAR NOT NULL,"
    " line BIGINT NOT NULL,"
    " end_line BIGINT NOT NULL,"
    " col BIGINT NOT NULL,"
    " flags BIGINT NOT NULL,"
    " ordinal BIGINT NOT NULL,"
    " signature VARCHAR NOT NULL,"
    " docstring VARCHAR,"
    " decorators VARCHAR NOT NULL,"
    " parameters VARCHAR NOT NULL);\n"
    "CREATE TABLE edges("
    " id BIGINT NOT NULL,"
    " owner_id BIGINT NOT NULL,"
    " relation INTEGER NOT NULL,"
    " target_kind INTEGER NOT NULL,"
    " base VARCHAR NOT NULL,"
    " target VARCHAR NOT NULL,"
    " line BIGINT NOT NULL,"
    " col BIGINT NOT NULL,"
    " ref_kind VARCHAR NOT NULL,"
    " ext_kind VARCHAR NOT NULL,"
    " ext_name VARCHAR NOT NULL);\n"
    "CREATE TABLE links("
    " id BIGINT NOT NULL,"
    " dst_id BIGINT,"
    " status INTEGER NOT NULL,"
    " label_kind VARCHAR NOT NULL,"
    " label_name VARCHAR NOT NULL,"
    " candidates VARCHAR NOT NULL);\n"
    "CREATE TABLE imports("
    " id BIGINT NOT NULL,"
    " owner_id BIGINT,"
    " name VARCHAR NOT NULL,"
    " alias VARCHAR NOT NULL,"
    " kind VARCHAR NOT NULL,"
    " line BIGINT NOT NULL);\n"
    "CREATE TABLE docs("
    " id BIGINT NOT NULL,"
    " owner_id BIGINT,"
    " stable_id VARCHAR NOT NULL,"
    " kind VARCHAR NOT NULL,"
    " source_format VARCHAR NOT NULL,"
    " line BIGINT NOT NULL,"
    " end_line BIGINT NOT NULL,"
    " title VARCHAR NOT NULL,"
    " heading_path VARCHAR NOT NULL,"
    " text VARCHAR NOT NULL);\n"
    "CREATE TABLE diagnostics("
    " id BIGINT NOT NULL,"
    " severity INTEGER NOT NULL,"
    " category VARCHAR NOT NULL,"
    " message VARCHAR NOT NULL,"
    " line BIGINT NOT NULL,"
    " col BIGINT NOT NULL);\n";

const char *const dk_table_names[T_COUNT] = {"files", "symbols", "edges", "links",
                                             "imports", "docs", "diagnostics"};

const dk_table dk_file_tables[] = {T_SYMBOLS, T_EDGES, T_LINKS, T_IMPORTS, T_DOCS, T_DIAGNOSTICS,
                                   T_COUNT};

/* Point lookups by name (sym, and graph queries per node) and by target
 * (incoming edges). Built once after a bulk load. */
const char *const dk_index_names[] = {"symbols_by_name", "links_by_dst", NULL};
const char *const dk_index_sql[] = {
    "CREATE INDEX IF NOT EXISTS symbols_by_name ON symbols(name)",
    "CREATE INDEX IF NOT EXISTS links_by_dst ON links(dst_id)",
    NULL,
};
