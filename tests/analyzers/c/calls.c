#include <stdio.h>
#include <string.h>
#include "calls.h"

#define CHECK(x) do { if (!(x)) abort(); } while (0)
#define square(x) ((x) * (x))

enum op { OP_ADD, OP_SUB };

struct command {
    const char *name;
    int (*fn)(int argc, const char **argv);
};

static int cmd_add(int argc, const char **argv);
static int cmd_list(int argc, const char **argv);

/* A dispatch table: the functions are referenced, not called. */
static struct command commands[] = {
    { "add", cmd_add },
    { .name = "list", .fn = &cmd_list },
    { "sub", NULL },
};

static handler_fn default_handler = on_default;
static int table_size = count_entries(commands);

static int cmd_add(int argc, const char **argv)
{
    int total = 0;
    for (int i = 0; i < argc; i++)
        total += atoi(argv[i]);
    printf("%d\n", total);
    return total;
}

static int cmd_list(int argc, const char **argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

void dispatch(struct server *srv, struct request *req, int (*fallback)(int))
{
    handler_fn local = pick_handler(req);
    CHECK(srv != NULL);
    int n = square(req->count);
    srv->ops->start(srv);
    req->done(req, n);
    (*fallback)(n);
    local(n);
    srv->handlers[n](req);
    register_callback(srv, on_request, &on_close, local, fallback, OP_ADD, MAX_CLIENTS);
    srv->on_error = handle_error;
    qsort(req->items, req->count, sizeof(*req->items), compare_items);
    memcpy(req->buf, srv->buf, strlen(srv->buf));
    get_handler(srv)(req);
}

handler_fn choose(int which)
{
    if (which)
        return on_request;
    return NULL;
}
