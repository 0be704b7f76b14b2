/*
 * index_probe - inspect a sqlite index directly, bypassing codira, so that
 * crash tests can prove the stored index is intact:
 *
 *   index_probe STATE_DIR          prints "integrity=<ok|...> generation=N files=N symbols=N"
 *   index_probe STATE_DIR --set-user-version N   (simulate another storage format)
 */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long long scalar(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    long long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: index_probe STATE_DIR [--set-user-version N]\n");
        return 2;
    }
    char path[4096];
    snprintf(path, sizeof(path), "%s/index.db", argv[1]);
    sqlite3 *db;
    bool write = argc >= 4 && strcmp(argv[2], "--set-user-version") == 0;
    if (sqlite3_open_v2(path, &db, write ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY, NULL) !=
        SQLITE_OK) {
        printf("open-failed: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    if (write) {
        char sql[64];
        snprintf(sql, sizeof(sql), "PRAGMA user_version=%d", atoi(argv[3]));
        int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
        sqlite3_close(db);
        return rc == SQLITE_OK ? 0 : 1;
    }
    sqlite3_stmt *st;
    const char *integrity = "error";
    char buf[256] = "";
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW) {
            snprintf(buf, sizeof(buf), "%s", (const char *)sqlite3_column_text(st, 0));
            integrity = buf;
        }
        sqlite3_finalize(st);
    }
    printf("integrity=%s generation=%lld files=%lld symbols=%lld\n", integrity,
           scalar(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key='generation'"),
           scalar(db, "SELECT count(*) FROM files"), scalar(db, "SELECT count(*) FROM symbols"));
    sqlite3_close(db);
    return 0;
}
