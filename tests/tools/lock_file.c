/*
 * lock_file - hold a POSIX write lock on a file, as a process writing a
 * DuckDB database does, so that the tests can show what codira does when
 * another program writes its index.
 *
 *   lock_file PATH SECONDS     prints "locked" once it holds the lock
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: lock_file PATH SECONDS\n");
        return 2;
    }
    int fd = open(argv[1], O_RDWR);
    if (fd < 0) {
        perror(argv[1]);
        return 1;
    }
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    if (fcntl(fd, F_SETLK, &fl) != 0) {
        perror("fcntl");
        return 1;
    }
    printf("locked\n");
    fflush(stdout);
    sleep((unsigned)atoi(argv[2]));
    return 0;
}
