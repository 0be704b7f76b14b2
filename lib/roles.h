/*
 * roles.h - what a file is for, judged from its repository-relative path:
 * "test", "docs", "script" or "implementation". Stored per file at index
 * time; used to leave tests out of inventories and to weigh ranking.
 */
#ifndef CODIRA_ROLES_H
#define CODIRA_ROLES_H

const char *file_role(const char *path);

#endif
