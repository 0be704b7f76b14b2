/*
 * json.c - the JSON analyzer (jansson).
 *
 * Only a few families of JSON files carry code-like facts; everything else
 * (data, fixtures, lockfiles, editor settings) is left alone, and cheaply:
 * claims() decides from the path and a sniff of the first 8 KiB, without
 * parsing.
 *
 *   path                                        claimed when
 *   any folder `.vscode` or `node_modules`,     never, whatever the content
 *   package-lock.json, npm-shrinkwrap.json,
 *   *.lock.json, *-lock.json
 *   package.json                                always (npm manifest)
 *   .releaserc.json                             always (semantic-release)
 *   in a folder `schema`/`schemas`, or a name   the head holds "$schema", "$defs",
 *   containing "schema" (any case)              "definitions" or "properties"
 *   anything else                               the head's "$schema" names a
 *                                               json-schema.org meta-schema
 *
 * analyze() parses the whole file with jansson (a syntax error, invalid
 * UTF-8, or nesting deeper than JSON_PARSER_MAX_DEPTH becomes one ERROR
 * diagnostic with line and column; the module is still recorded), then
 * classifies it (the path family first, else by content: schema) and
 * records:
 *   - schema: `definition` symbols for the keys of `$defs`/`definitions`
 *     (qualname `$defs.Name`, nested ones `$defs.A.$defs.B`), `property`
 *     symbols named by their dotted path through `properties`, `items`
 *     (segment `[]`), `prefixItems`, `allOf`/`anyOf`/`oneOf` (same path),
 *     their parent being the enclosing property or definition; docstring =
 *     `description`; signature `property path=<p> type=<t>[ ref=<$ref>]`;
 *   - package.json: one `package` symbol (name, version, description),
 *     `script` symbols (`scripts.<name>`, signature = the command),
 *     `dependency` symbols (`<section>.<name>`, signature with the range);
 *   - .releaserc.json: `branch` and `plugin` symbols.
 * The module's docstring summarises the document. Stable IDs are
 * `json:<kind>:<repo-relative path>:<qualname>`. Keys are taken in source
 * order. jansson keeps no positions, so files up to JSON_POS_MAX_BYTES are
 * also parsed by tree-sitter-json and the two trees walked side by side
 * (same keys, same order) to give each symbol the lines of its key and
 * value; bigger files keep line 1. Every walk uses an explicit stack; at
 * most JSON_MAX_SYMBOLS symbols are emitted per file.
 */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/ts_util.h"
#include "codira/plugin.h"
#include "util.h"

#define JSON_MAX_SYMBOLS 100000
#define JSON_SIG_MAX 240
/* tree-sitter's tree costs several times the file: positions stop here */
#define JSON_POS_MAX_BYTES (8u << 20)

const TSLanguage *tree_sitter_json(void);

typedef enum json_family {
    FAM_NONE,
    FAM_NEVER,
    FAM_PACKAGE,
    FAM_RELEASE,
    FAM_SCHEMA_PATH
} json_family;

static bool name_is(const char *base, size_t n, const char *s)
{
    return strlen(s) == n && memcmp(base, s, n) == 0;
}

static bool ends_with_n(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* The family a path belongs to, from its name and folders alone. */
static json_family path_family(const char *path)
{
    const char *base = path, *parent = NULL;
    size_t parent_len = 0;
    for (const char *p = path;;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (!slash) {
            base = p;
            break;
        }
        if (name_is(p, n, ".vscode") || name_is(p, n, "node_modules")) return FAM_NEVER;
        parent = p;
        parent_len = n;
        p = slash + 1;
    }
    size_t bn = strlen(base);
    if (name_is(base, bn, "package-lock.json") || name_is(base, bn, "npm-shrinkwrap.json") ||
        ends_with_n(base, bn, ".lock.json") || ends_with_n(base, bn, "-lock.json"))
        return FAM_NEVER;
    if (name_is(base, bn, "package.json")) return FAM_PACKAGE;
    if (name_is(base, bn, ".releaserc.json")) return FAM_RELEASE;
    if (parent && (name_is(parent, parent_len, "schema") || name_is(parent, parent_len, "schemas")))
        return FAM_SCHEMA_PATH;
    for (size_t i = 0; i + 6 <= bn; i++)
        if (strncasecmp(base + i, "schema", 6) == 0) return FAM_SCHEMA_PATH;
    return FAM_NONE;
}

static bool has(const char *head, size_t len, const char *needle)
{
    return memmem(head, len, needle, strlen(needle)) != NULL;
}

/* Does the head hold `"$schema": "...json-schema.org..."`? */
static bool sniff_meta_schema(const char *head, size_t len)
{
    const char *end = head + len, *p = head;
    while ((p = memmem(p, (size_t)(end - p), "\"$schema\"", 9)) != NULL) {
        const char *q = p + 9;
        p = q;
        while (q < end && isspace((unsigned char)*q)) q++;
        if (q >= end || *q != ':') continue;
        q++;
        while (q < end && isspace((unsigned char)*q)) q++;
        if (q >= end || *q != '"') continue;
        q++;
        const char *close = memchr(q, '"', (size_t)(end - q));
        if (!close || close - q > 512) continue;
        if (memmem(q, (size_t)(close - q), "json-schema.org", 15)) return true;
    }
    return false;
}

static int json_claims(const codira_analyzer *self, const char *path, const char *head,
                       size_t head_len)
{
    (void)self;
    switch (path_family(path ? path : "")) {
    case FAM_NEVER: return 0;
    case FAM_PACKAGE:
    case FAM_RELEASE: return 1;
    case FAM_SCHEMA_PATH:
        return has(head, head_len, "\"$schema\"") || has(head, head_len, "\"$defs\"") ||
               has(head, head_len, "\"definitions\"") || has(head, head_len, "\"properties\"");
    case FAM_NONE: break;
    }
    return sniff_meta_schema(head, head_len);
}

/* ------------------------------------------------------------------ */

/* Where a value sits: the lines of its key (or array slot) and its end. */
typedef struct jpos {
    const json_t *v;
    uint32_t line, end_line;
} jpos;

typedef struct jctx {
    const codira_source *src;
    const codira_host *host;
    codira_emitter *out;
    const char *path;
    arena mem;
    strbuf id, sig, tmp;
    strmap seen;            /* stable ids emitted */
    codira_handle module;
    size_t count;
    bool truncated;
    VEC(jpos) pos;          /* sorted by value */
} jctx;

static const char *jstr(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool nonblank(const char *s)
{
    if (!s) return false;
    for (; *s; s++)
        if (!isspace((unsigned char)*s)) return true;
    return false;
}

static void diag(jctx *c, uint32_t severity, const char *category, const char *message,
                 uint32_t line, uint32_t col)
{
    codira_diagnostic d = {0};
    d.struct_size = sizeof(d);
    d.severity = severity;
    d.category = cstr(category);
    d.message = cstr(message);
    d.line = line;
    d.col = col;
    c->host->emit_diagnostic(c->out, &d);
}

/* Emit one symbol; CODIRA_NO_HANDLE when it repeats an emitted one or the
 * file reached its limit. */
static const jpos *position_of(const jctx *c, const json_t *v);

static codira_handle add(jctx *c, const json_t *v, const char *kind, const char *name,
                         const char *qualname, codira_handle parent, const char *signature,
                         const char *doc)
{
    if (c->count >= JSON_MAX_SYMBOLS) {
        c->truncated = true;
        return CODIRA_NO_HANDLE;
    }
    sb_clear(&c->id);
    sb_addf(&c->id, "json:%s:%s:%s", kind, c->path, qualname);
    if (strmap_get(&c->seen, c->id.buf, NULL)) return CODIRA_NO_HANDLE;
    strmap_put(&c->seen, arena_strdup(&c->mem, c->id.buf), 0);
    codira_symbol s = {0};
    s.struct_size = sizeof(s);
    s.kind = cstr(kind);
    s.name = cstr(name);
    s.qualname = cstr(qualname);
    s.stable_id = sbstr(&c->id);
    s.parent = parent;
    const jpos *at = position_of(c, v);
    s.line = at ? at->line : 1;
    s.end_line = at ? at->end_line : 1;
    s.flags = CODIRA_SYM_PUBLIC | (doc ? CODIRA_SYM_HAS_DOCSTRING : 0);
    sb_clear(&c->tmp);
    sb_add_collapsed(&c->tmp, signature, strlen(signature));
    if (c->tmp.len > JSON_SIG_MAX) {
        size_t n = JSON_SIG_MAX;
        while (n > 0 && ((unsigned char)c->tmp.buf[n] & 0xC0) == 0x80) n--;
        c->tmp.len = n;
        sb_adds(&c->tmp, "...");
    }
    s.signature = sbstr(&c->tmp);
    s.docstring = doc ? cstr(doc) : CODIRA_STR_NULL;
    codira_handle h = c->host->emit_symbol(c->out, &s);
    if (h != CODIRA_NO_HANDLE) c->count++;
    return h;
}

/* "string", "string|null", "unknown" */
static void type_of(json_t *schema, strbuf *out)
{
    json_t *t = json_object_get(schema, "type");
    size_t before = out->len;
    if (json_is_string(t)) {
        sb_adds(out, json_string_value(t));
    } else if (json_is_array(t)) {
        size_t i;
        json_t *v;
        json_array_foreach(t, i, v) {
            if (!json_is_string(v)) continue;
            if (out->len > before) sb_addc(out, '|');
            sb_adds(out, json_string_value(v));
        }
    }
    if (out->len == before) sb_adds(out, "unknown");
    const char *ref = jstr(schema, "$ref");
    if (ref) sb_addf(out, " ref=%s", ref);
}

static const char *doc_of(json_t *schema)
{
    const char *d = jstr(schema, "description");
    if (!nonblank(d)) d = jstr(schema, "title");
    return nonblank(d) ? d : NULL;
}

/* ---- JSON Schema -------------------------------------------------- */

typedef struct pending {
    json_t *node;
    const char *prefix;    /* arena; "" at the root */
    codira_handle parent;
} pending;

typedef VEC(pending) pending_vec;

static const char *join(jctx *c, const char *prefix, const char *sep, const char *key)
{
    sb_clear(&c->tmp);
    if (*prefix) sb_addf(&c->tmp, "%s%s", prefix, sep);
    sb_adds(&c->tmp, key);
    return arena_strdup(&c->mem, c->tmp.buf);
}

static void schema_node(jctx *c, const pending *p, pending_vec *later)
{
    static const char *const def_keys[] = {"$defs", "definitions"};
    for (size_t d = 0; d < 2; d++) {
        json_t *defs = json_object_get(p->node, def_keys[d]);
        if (!json_is_object(defs)) continue;
        const char *key;
        json_t *v;
        json_object_foreach(defs, key, v) {
            const char *base = join(c, p->prefix, ".", def_keys[d]);
            const char *qn = join(c, base, ".", key);
            sb_clear(&c->sig);
            sb_addf(&c->sig, "definition %s type=", qn);
            type_of(v, &c->sig);
            char *sig = arena_strdup(&c->mem, c->sig.buf);
            codira_handle h = add(c, v, "definition", key, qn, p->parent, sig,
                                  json_is_object(v) ? doc_of(v) : NULL);
            if (h != CODIRA_NO_HANDLE && json_is_object(v)) VEC_PUSH(*later, ((pending){v, qn, h}));
        }
    }
    json_t *props = json_object_get(p->node, "properties");
    if (json_is_object(props)) {
        const char *key;
        json_t *v;
        json_object_foreach(props, key, v) {
            const char *qn = join(c, p->prefix, ".", key);
            sb_clear(&c->sig);
            sb_addf(&c->sig, "property path=%s type=", qn);
            if (json_is_object(v)) type_of(v, &c->sig);
            else sb_adds(&c->sig, "unknown");
            char *sig = arena_strdup(&c->mem, c->sig.buf);
            codira_handle h = add(c, v, "property", key, qn, p->parent, sig,
                                  json_is_object(v) ? doc_of(v) : NULL);
            if (h != CODIRA_NO_HANDLE && json_is_object(v)) VEC_PUSH(*later, ((pending){v, qn, h}));
        }
    }
    /* array items: the same path with "[]" */
    static const char *const item_keys[] = {"items", "prefixItems"};
    for (size_t k = 0; k < 2; k++) {
        json_t *items = json_object_get(p->node, item_keys[k]);
        const char *qn = NULL;
        if (json_is_object(items)) {
            sb_clear(&c->tmp);
            sb_addf(&c->tmp, "%s[]", p->prefix);
            qn = arena_strdup(&c->mem, c->tmp.buf);
            VEC_PUSH(*later, ((pending){items, qn, p->parent}));
        } else if (json_is_array(items)) {
            sb_clear(&c->tmp);
            sb_addf(&c->tmp, "%s[]", p->prefix);
            qn = arena_strdup(&c->mem, c->tmp.buf);
            size_t i;
            json_t *v;
            json_array_foreach(items, i, v) if (json_is_object(v)) VEC_PUSH(*later, ((pending){v, qn, p->parent}));
        }
    }
    /* combinators: their properties belong to the same object */
    static const char *const comb_keys[] = {"allOf", "anyOf", "oneOf"};
    for (size_t k = 0; k < 3; k++) {
        json_t *arr = json_object_get(p->node, comb_keys[k]);
        if (!json_is_array(arr)) continue;
        size_t i;
        json_t *v;
        json_array_foreach(arr, i, v) if (json_is_object(v)) VEC_PUSH(*later, ((pending){v, p->prefix, p->parent}));
    }
}

static void walk_schema(jctx *c, json_t *root)
{
    pending_vec stack = {0}, later = {0};
    VEC_PUSH(stack, ((pending){root, "", c->module}));
    while (stack.len && !c->truncated) {
        pending p = stack.items[--stack.len];
        later.len = 0;
        schema_node(c, &p, &later);
        /* reversed, so the first child's subtree comes next */
        for (size_t i = later.len; i-- > 0;) VEC_PUSH(stack, later.items[i]);
    }
    VEC_FREE(stack);
    VEC_FREE(later);
}

/* ---- package.json, .releaserc.json -------------------------------- */

static void walk_package(jctx *c, json_t *root, const char *name, const char *version)
{
    if (nonblank(name)) {
        sb_clear(&c->sig);
        sb_addf(&c->sig, "package name=%s", name);
        if (nonblank(version)) sb_addf(&c->sig, " version=%s", version);
        char *sig = arena_strdup(&c->mem, c->sig.buf);
        const char *d = jstr(root, "description");
        add(c, json_object_get(root, "name"), "package", name, name, c->module, sig, nonblank(d) ? d : NULL);
    }
    json_t *scripts = json_object_get(root, "scripts");
    if (json_is_object(scripts)) {
        const char *key;
        json_t *v;
        json_object_foreach(scripts, key, v) {
            const char *qn = join(c, "scripts", ".", key);
            add(c, v, "script", key, qn, c->module, json_is_string(v) ? json_string_value(v) : "", NULL);
        }
    }
    static const char *const sections[] = {"dependencies", "devDependencies", "peerDependencies",
                                           "optionalDependencies", "bundleDependencies",
                                           "bundledDependencies"};
    for (size_t s = 0; s < sizeof(sections) / sizeof(*sections); s++) {
        json_t *sec = json_object_get(root, sections[s]);
        const char *key;
        json_t *v;
        size_t i;
        if (json_is_object(sec)) {
            json_object_foreach(sec, key, v) {
                const char *qn = join(c, sections[s], ".", key);
                sb_clear(&c->sig);
                sb_addf(&c->sig, "dependency section=%s name=%s version=%s", sections[s], key,
                        json_is_string(v) ? json_string_value(v) : "unknown");
                char *sig = arena_strdup(&c->mem, c->sig.buf);
                add(c, v, "dependency", key, qn, c->module, sig, NULL);
            }
        } else if (json_is_array(sec)) {
            json_array_foreach(sec, i, v) {
                if (!json_is_string(v)) continue;
                const char *dep = json_string_value(v);
                const char *qn = join(c, sections[s], ".", dep);
                sb_clear(&c->sig);
                sb_addf(&c->sig, "dependency section=%s name=%s version=unknown", sections[s], dep);
                char *sig = arena_strdup(&c->mem, c->sig.buf);
                add(c, v, "dependency", dep, qn, c->module, sig, NULL);
            }
        }
    }
}

static const char *branch_name(json_t *v)
{
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_object(v)) return jstr(v, "name");
    return NULL;
}

static const char *plugin_name(json_t *v)
{
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_array(v) && json_is_string(json_array_get(v, 0))) return json_string_value(json_array_get(v, 0));
    return NULL;
}

static void walk_release(jctx *c, json_t *root)
{
    json_t *branches = json_object_get(root, "branches"), *plugins = json_object_get(root, "plugins");
    size_t i;
    json_t *v;
    if (json_is_string(branches) || json_is_object(branches)) {
        const char *b = branch_name(branches);
        if (nonblank(b)) {
            sb_clear(&c->sig);
            sb_addf(&c->sig, "semantic-release branch %s", b);
            char *sig = arena_strdup(&c->mem, c->sig.buf);
            add(c, branches, "branch", b, join(c, "branches", ".", b), c->module, sig, NULL);
        }
    }
    if (json_is_array(branches)) json_array_foreach(branches, i, v) {
            const char *b = branch_name(v);
            if (!nonblank(b)) continue;
            sb_clear(&c->sig);
            sb_addf(&c->sig, "semantic-release branch %s", b);
            char *sig = arena_strdup(&c->mem, c->sig.buf);
            add(c, v, "branch", b, join(c, "branches", ".", b), c->module, sig, NULL);
        }
    if (json_is_array(plugins)) json_array_foreach(plugins, i, v) {
            const char *pl = plugin_name(v);
            if (!nonblank(pl)) continue;
            sb_clear(&c->sig);
            sb_addf(&c->sig, "semantic-release plugin %s", pl);
            char *sig = arena_strdup(&c->mem, c->sig.buf);
            add(c, v, "plugin", pl, join(c, "plugins", ".", pl), c->module, sig, NULL);
        }
}

/* ---- positions ----------------------------------------------------- */

static int cmp_jpos(const void *a, const void *b)
{
    const json_t *x = ((const jpos *)a)->v, *y = ((const jpos *)b)->v;
    return x < y ? -1 : x > y;
}

static const jpos *position_of(const jctx *c, const json_t *v)
{
    if (!v || !c->pos.len) return NULL;
    jpos key = {v, 0, 0};
    return bsearch(&key, c->pos.items, c->pos.len, sizeof(jpos), cmp_jpos);
}

/* The decoded text of a tree-sitter `string` node, for json_object_get:
 * a view between the quotes, or (with escapes) jansson's decoding of it. */
static const char *key_text(jctx *c, TSNode key, json_t **decoded)
{
    codira_str raw = ts_text(key, c->src->data);
    *decoded = NULL;
    if (raw.len < 2) return NULL;
    if (!memchr(raw.ptr, '\\', raw.len)) {
        sb_clear(&c->tmp);
        sb_add(&c->tmp, raw.ptr + 1, raw.len - 2);
        return c->tmp.buf;
    }
    *decoded = json_loadb(raw.ptr, raw.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    return json_is_string(*decoded) ? json_string_value(*decoded) : NULL;
}

typedef struct locating {
    TSNode node;
    json_t *value;
} locating;

/* Record where every value of `root` sits, walking the jansson tree and the
 * tree-sitter tree of the same bytes together. true, false and null are
 * shared singletons in jansson: they get no position. */
static void locate(jctx *c, TSParser *parser, json_t *root)
{
    const codira_source *src = c->src;
    if (!parser || src->size > JSON_POS_MAX_BYTES) return;
    TSTree *tree = ts_parser_parse_string(parser, NULL, src->data, (uint32_t)src->size);
    if (!tree) return;
    TSNode doc = ts_tree_root_node(tree), top = ts_node_named_child(doc, 0);
    VEC(locating) stack = {0};
    TSTreeCursor cur = ts_tree_cursor_new(doc);
    if (!ts_node_is_null(top)) VEC_PUSH(stack, ((locating){top, root}));
    while (stack.len) {
        locating at = stack.items[--stack.len];
        bool object = json_is_object(at.value);
        size_t index = 0;
        ts_tree_cursor_reset(&cur, at.node);
        for (bool more = ts_tree_cursor_goto_first_child(&cur); more;
             more = ts_tree_cursor_goto_next_sibling(&cur)) {
            TSNode child = ts_tree_cursor_current_node(&cur), value_node = child;
            if (!ts_node_is_named(child) || strcmp(ts_node_type(child), "comment") == 0) continue;
            json_t *value = NULL;
            if (object) {
                if (strcmp(ts_node_type(child), "pair") != 0) continue;
                TSNode key = ts_node_child_by_field_name(child, "key", 3);
                value_node = ts_node_child_by_field_name(child, "value", 5);
                json_t *decoded = NULL;
                const char *k = ts_node_is_null(key) ? NULL : key_text(c, key, &decoded);
                if (k) value = json_object_get(at.value, k);
                json_decref(decoded);
            } else {
                value = json_array_get(at.value, index++);
            }
            if (!value || ts_node_is_null(value_node) || json_is_true(value) ||
                json_is_false(value) || json_is_null(value))
                continue;
            VEC_PUSH(c->pos, ((jpos){value, ts_line(child), ts_end_line(child)}));
            if (json_is_object(value) || json_is_array(value))
                VEC_PUSH(stack, ((locating){value_node, value}));
        }
    }
    ts_tree_cursor_delete(&cur);
    VEC_FREE(stack);
    ts_tree_delete(tree);
    if (c->pos.len) qsort(c->pos.items, c->pos.len, sizeof(jpos), cmp_jpos);
}

static void *json_thread_init(const codira_analyzer *self)
{
    (void)self;
    TSParser *parser = ts_parser_new();
    ts_parser_set_language(parser, tree_sitter_json());
    return parser;
}

static void json_thread_fini(const codira_analyzer *self, void *state)
{
    (void)self;
    if (state) ts_parser_delete(state);
}

/* ---- classification and the module ------------------------------- */

static bool is_schema(json_t *root)
{
    if (nonblank(jstr(root, "$schema"))) return true;
    if (json_is_object(json_object_get(root, "$defs")) ||
        json_is_object(json_object_get(root, "definitions")))
        return true;
    return json_is_object(json_object_get(root, "properties")) &&
           (json_object_get(root, "type") || json_object_get(root, "items"));
}

/* `src/schema/context.schema.json` -> `src.schema.context_schema`: folders
 * and the name without `.json`, `-` and `.` turned into `_`, leading `_`
 * dropped, `json` when nothing is left. */
static codira_str module_name(jctx *c, const char *path)
{
    strbuf *sb = &c->tmp;
    sb_clear(sb);
    size_t n = strlen(path);
    if (ends_with_n(path, n, ".json")) n -= 5;
    const char *p = path, *end = path + n;
    while (p < end) {
        const char *slash = memchr(p, '/', (size_t)(end - p));
        const char *seg_end = slash ? slash : end;
        while (p < seg_end && (*p == '_' || *p == '.' || *p == '-')) p++;
        if (p < seg_end) {
            if (sb->len) sb_addc(sb, '.');
            for (; p < seg_end; p++) sb_addc(sb, (*p == '-' || *p == '.') ? '_' : *p);
        }
        p = slash ? slash + 1 : end;
    }
    if (!sb->len) sb_adds(sb, "json");
    char *m = arena_strdup(&c->mem, sb->buf);
    return (codira_str){m, strlen(m)};
}

static uint32_t count_lines(const char *s, size_t n)
{
    uint32_t lines = 1;
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == '\n') lines++;
    return lines;
}

static codira_handle emit_module(jctx *c, const char *doc)
{
    codira_symbol m = {0};
    m.struct_size = sizeof(m);
    m.kind = cstr("module");
    m.name = module_name(c, c->path);
    m.qualname = m.name;
    sb_clear(&c->id);
    sb_addf(&c->id, "json:module:%s", c->path);
    m.stable_id = sbstr(&c->id);
    m.parent = CODIRA_NO_HANDLE;
    m.line = 1;
    m.end_line = count_lines(c->src->data ? c->src->data : "", c->src->size);
    m.flags = doc ? CODIRA_SYM_HAS_DOCSTRING : 0;
    m.docstring = doc ? cstr(doc) : CODIRA_STR_NULL;
    return c->host->emit_symbol(c->out, &m);
}

static void parse_error(jctx *c, const json_error_t *e, const char *data, size_t size)
{
    const char *category = "syntax_error";
    char msg[JSON_ERROR_TEXT_LENGTH + 96];
    switch (json_error_code(e)) {
    case json_error_invalid_utf8: category = "encoding"; break;
    case json_error_stack_overflow:
        snprintf(msg, sizeof(msg), "nested deeper than %d levels (JSON_PARSER_MAX_DEPTH); not analysed",
                 JSON_PARSER_MAX_DEPTH);
        diag(c, CODIRA_DIAG_ERROR, "too_deep", msg, e->line > 0 ? (uint32_t)e->line : 0, 0);
        return;
    default: break;
    }
    /* a 0-based byte column from jansson's byte position */
    uint32_t col = 0;
    if (e->position > 0 && (size_t)e->position <= size) {
        size_t pos = (size_t)e->position - 1, k = pos;
        while (k > 0 && data[k - 1] != '\n') k--;
        col = (uint32_t)(pos - k);
    }
    snprintf(msg, sizeof(msg), "invalid JSON: %s", e->text);
    /* jansson counts a line past a final newline at the end of input */
    uint32_t line = e->line > 0 ? (uint32_t)e->line : 0, lines = count_lines(data, size);
    if (line > lines) line = lines;
    diag(c, CODIRA_DIAG_ERROR, category, msg, line, col);
}

static int json_analyze(const codira_analyzer *self, void *state, const codira_source *src,
                        const codira_host *host, codira_emitter *out, codira_error *err)
{
    (void)self;
    (void)err;
    jctx c;
    memset(&c, 0, sizeof(c));
    c.src = src;
    c.host = host;
    c.out = out;
    c.path = src->path ? src->path : "";
    arena_init(&c.mem);
    sb_init(&c.id);
    sb_init(&c.sig);
    sb_init(&c.tmp);

    const char *data = src->data ? src->data : "";
    size_t size = src->data ? src->size : 0;
    size_t skip = size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0; /* a UTF-8 BOM */
    json_error_t e;
    json_t *root = json_loadb(data + skip, size - skip, JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL, &e);
    json_family fam = path_family(c.path);

    if (!root) {
        c.module = emit_module(&c, NULL);
        parse_error(&c, &e, data, size);
    } else if (!json_is_object(root)) {
        c.module = emit_module(&c, NULL);
        diag(&c, CODIRA_DIAG_ERROR, "unexpected_content",
             "the top level is not an object: nothing but the module recorded", 1, 0);
    } else {
        locate(&c, state, root);
        strbuf doc;
        sb_init(&doc);
        if (fam == FAM_PACKAGE) {
            const char *name = jstr(root, "name"), *version = jstr(root, "version");
            sb_adds(&doc, "Package manifest");
            if (nonblank(name)) sb_addf(&doc, ": %s", name);
            if (nonblank(name) && nonblank(version)) sb_addf(&doc, " version %s", version);
            sb_addc(&doc, '.');
            c.module = emit_module(&c, doc.buf);
            walk_package(&c, root, name, version);
        } else if (fam == FAM_RELEASE) {
            json_t *b = json_object_get(root, "branches"), *p = json_object_get(root, "plugins");
            sb_addf(&doc, "semantic-release config with %zu branch entries and %zu plugin entries.",
                    json_is_array(b) ? json_array_size(b) : (b ? 1 : 0),
                    json_is_array(p) ? json_array_size(p) : 0);
            c.module = emit_module(&c, doc.buf);
            walk_release(&c, root);
        } else if (is_schema(root)) {
            const char *title = jstr(root, "title"), *desc = jstr(root, "description");
            if (nonblank(title)) {
                size_t tl = strlen(title);
                sb_addf(&doc, "JSON Schema: %s%s", title, title[tl - 1] == '.' ? "" : ".");
            } else {
                sb_adds(&doc, "JSON Schema document.");
            }
            if (nonblank(desc)) sb_addf(&doc, " %s", desc);
            c.module = emit_module(&c, doc.buf);
            walk_schema(&c, root);
        } else {
            c.module = emit_module(&c, NULL);
            diag(&c, CODIRA_DIAG_INFO, "unrecognised",
                 "no JSON Schema markers in the document: nothing but the module recorded", 0, 0);
        }
        sb_free(&doc);
        if (c.truncated) {
            char msg[128];
            snprintf(msg, sizeof(msg), "more than %d declarations: the rest is not recorded",
                     JSON_MAX_SYMBOLS);
            diag(&c, CODIRA_DIAG_WARNING, "truncated", msg, 0, 0);
        }
    }
    if (root) json_decref(root);
    VEC_FREE(c.pos);
    strmap_free(&c.seen);
    sb_free(&c.id);
    sb_free(&c.sig);
    sb_free(&c.tmp);
    arena_free(&c.mem);
    return CODIRA_OK;
}

/* ------------------------------------------------------------------ */

static const char *const json_patterns[] = {"*.json", NULL};
static const char *const json_kinds[] = {"module", "definition", "property", "package", "script",
                                         "dependency", "branch", "plugin", NULL};
/* none: data JSON is not meant to be covered */
static const char *const json_roots[] = {NULL};
static const char *const json_edge_kinds[] = {NULL};

const codira_analyzer codira_analyzer_json = {
    .struct_size = sizeof(codira_analyzer),
    .iVersion = 1,
    .name = "json",
    .version = "2",
    .resolver = NULL,
    .edge_kinds = json_edge_kinds,
    .provider = "codira",
    .language = "JSON",
    .patterns = json_patterns,
    .kinds = json_kinds,
    .coverage_roots = json_roots,
    .priority = 5,
    .flags = CODIRA_ANALYZER_THREAD_SAFE,
    .claims = json_claims,
    .thread_init = json_thread_init,
    .thread_fini = json_thread_fini,
    .analyze = json_analyze,
};
