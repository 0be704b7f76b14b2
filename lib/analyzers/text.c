/*
 * text.c - the plain-text analyzer: reStructuredText and plain-text
 * documents (README, CHANGELOG, NEWS, files under docs-like folders) as
 * documentation records, split into sections at their headings. No
 * symbols.
 *
 * Headings:
 *   - underlined titles (a line at column 0, then a line of at least 3
 *     repeated punctuation characters `= - ~ ^ " ' # * + ` : . _`, at
 *     least as long as the title or 4 long) and over- and underlined
 *     titles (same character and length above and below, the title may be
 *     indented); a title starts after a blank line, the top of the file or
 *     another title. Levels follow the order in which the styles (character,
 *     overlined or not) first appear, as in reStructuredText;
 *   - in .txt files (not .rst), also Markdown-like `#` to `######` lines,
 *     at the level of their number of #s.
 * A document without headings becomes one `file` record, or, past
 * DOC_CHUNK_BYTES, chunks of whole paragraphs (a longer paragraph is cut at
 * line ends) with their exact lines. See doc_outline.h for the record
 * model.
 *
 * Which files: *.rst anywhere; *.txt and the usual extension-less names
 * (README, CHANGELOG, NEWS...) when the name is a project document
 * (README*, CHANGELOG*, NEWS*, HISTORY*, LICENSE*...) or the file lies under
 * a docs-like folder (doc, docs, documentation, adr, manual, guide...);
 * never under vendored, generated, build, fixture or log folders, never
 * logs (*.log.txt, *.out.txt, *.err.txt), requirement lists or
 * CMakeLists.txt, never binary content.
 */
#include <string.h>
#include <strings.h>

#include "codira/plugin.h"
#include "doc_outline.h"

/* ---- which files ---------------------------------------------------------- */

static bool in_list_ci(const char *s, size_t n, const char *const *list)
{
    for (const char *const *p = list; *p; p++)
        if (strlen(*p) == n && strncasecmp(s, *p, n) == 0) return true;
    return false;
}

static bool ends_with_ci(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && strncasecmp(s + n - k, suffix, k) == 0;
}

static bool starts_with_ci(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static const char *const rejected_dirs[] = {
    ".git", "node_modules", "vendor", "vendors", "third_party", "thirdparty", "third-party",
    "external", "externals", "build", "_build", "dist", "out", "target", "generated",
    ".artifacts", "snapshots", "fixtures", "fixture", "testdata", "test-data", "logs", "log",
    "__pycache__", ".tox", ".nox", ".venv", "venv", "site-packages", ".mypy_cache",
    ".pytest_cache", ".ruff_cache", NULL};
static const char *const docs_dirs[] = {"doc", "docs", "documentation", "adr", "manual",
                                        "manuals", "guide", "guides", "handbook", "wiki",
                                        "howto", NULL};
/* project documents, by the start of their name */
static const char *const doc_names[] = {"readme", "changelog", "changes", "news", "history",
                                        "license", "licence", "copying", "authors",
                                        "contributing", "contributors", "install", "notice",
                                        "releasenotes", "release-notes", "release_notes",
                                        "upgrading", "security", "code_of_conduct", "hacking",
                                        "todo", NULL};

static bool doc_name(const char *name)
{
    for (const char *const *p = doc_names; *p; p++) {
        size_t k = strlen(*p);
        if (strncasecmp(name, *p, k) == 0 &&
            (name[k] == '\0' || name[k] == '.' || name[k] == '-' || name[k] == '_'))
            return true;
    }
    return false;
}

/* The path policy (repository-relative path). */
static bool text_path_allowed(const char *path)
{
    const char *name = path_basename(path);
    size_t nlen = strlen(name);
    bool docs_dir = false;
    for (const char *s = path, *e; (e = strchr(s, '/')); s = e + 1) {
        size_t n = (size_t)(e - s);
        if (in_list_ci(s, n, rejected_dirs) || ends_with_ci(s, n, ".egg-info")) return false;
        if (in_list_ci(s, n, docs_dirs)) docs_dir = true;
    }
    if (ends_with_ci(name, nlen, ".log.txt") || ends_with_ci(name, nlen, ".out.txt") ||
        ends_with_ci(name, nlen, ".err.txt") || starts_with_ci(name, "requirements") ||
        starts_with_ci(name, "constraints") || strcasecmp(name, "CMakeLists.txt") == 0 ||
        strcasecmp(name, "robots.txt") == 0)
        return false;
    if (ends_with_ci(name, nlen, ".rst")) return true;
    return doc_name(name) || docs_dir;
}

static int text_claims(const codira_analyzer *self, const char *path, const char *head,
                       size_t head_len)
{
    (void)self;
    if (!text_path_allowed(path)) return 0;
    return memchr(head, '\0', head_len) == NULL; /* binary (or UTF-16) content */
}

/* ---- headings --------------------------------------------------------------- */

typedef struct tline {
    const char *s;
    size_t len;        /* without the line break or trailing blanks */
    uint32_t no;       /* 1-based */
    bool blank;
    char adorn;        /* the repeated character of an adornment line, else 0 */
} tline;

static bool is_adorn_char(char c)
{
    return c && strchr("=-~^\"'#*+`:._", c) != NULL;
}

static void classify(tline *l)
{
    while (l->len && (l->s[l->len - 1] == ' ' || l->s[l->len - 1] == '\t' ||
                      l->s[l->len - 1] == '\f' || l->s[l->len - 1] == '\v'))
        l->len--;
    l->blank = true;
    for (size_t i = 0; i < l->len && l->blank; i++)
        l->blank = l->s[i] == ' ' || l->s[i] == '\t' || l->s[i] == '\f' || l->s[i] == '\v';
    l->adorn = 0;
    if (l->len >= 3 && is_adorn_char(l->s[0])) {
        size_t i = 1;
        while (i < l->len && l->s[i] == l->s[0]) i++;
        if (i == l->len) l->adorn = l->s[0];
    }
}

/* Display width of a title, in code points. */
static size_t width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) w += ((unsigned char)s[i] & 0xC0) != 0x80;
    return w;
}

/* The title text of an RST title: roles and interpreted-text backquotes
 * removed (":mod:`!abc` --- x" -> "abc --- x"). */
static void rst_title(const char *s, size_t n, strbuf *out)
{
    sb_clear(out);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ':') { /* :role:` */
            size_t j = i + 1;
            while (j < n && (s[j] == '_' || s[j] == '-' || s[j] == '.' || s[j] == '+' ||
                             s[j] == ':' || (s[j] >= 'a' && s[j] <= 'z') ||
                             (s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= '0' && s[j] <= '9')))
                j++;
            if (j > i + 2 && s[j - 1] == ':' && j < n && s[j] == '`') {
                i = j - 1;
                continue;
            }
        }
        if (c == '`') {
            size_t j = i;
            while (j < n && s[j] == '`') j++;
            bool opening = i == 0 || strchr(" (\"':", s[i - 1]);
            if (opening && j < n && (s[j] == '!' || s[j] == '~')) j++;
            if (!opening)
                while (j < n && s[j] == '_' && j - i < 8) j++;
            i = j - 1;
            continue;
        }
        sb_addc(out, c);
    }
}

/* The level of an RST adornment style, by first appearance. */
typedef struct styles {
    char ch[DOC_MAX_LEVEL];
    bool over[DOC_MAX_LEVEL];
    uint32_t n;
} styles;

static uint32_t style_level(styles *st, char c, bool over)
{
    for (uint32_t i = 0; i < st->n; i++)
        if (st->ch[i] == c && st->over[i] == over) return i + 1;
    if (st->n == DOC_MAX_LEVEL) return DOC_MAX_LEVEL;
    st->ch[st->n] = c;
    st->over[st->n] = over;
    return ++st->n;
}

/* An ATX-like "## Title ##" line of a .txt file: its level, the title in
 * *t / *tn. */
static uint32_t atx_heading(const tline *l, const char **t, size_t *tn)
{
    size_t k = 0;
    while (k < l->len && l->s[k] == '#') k++;
    if (k < 1 || k > 6 || k >= l->len || (l->s[k] != ' ' && l->s[k] != '\t')) return 0;
    size_t a = k, b = l->len;
    while (a < b && (l->s[a] == ' ' || l->s[a] == '\t')) a++;
    size_t c = b;
    while (c > a && l->s[c - 1] == '#') c--;
    if (c < b && (c == a || l->s[c - 1] == ' ' || l->s[c - 1] == '\t')) b = c;
    while (b > a && (l->s[b - 1] == ' ' || l->s[b - 1] == '\t')) b--;
    if (b == a) return 0;
    *t = l->s + a;
    *tn = b - a;
    return (uint32_t)k;
}

static void find_headings(doc_outline *o, bool rst)
{
    const char *d = o->data;
    size_t n = o->size, pos = o->body_off;
    /* the last four lines: w[3] is the current one */
    tline w[4];
    memset(w, 0, sizeof(w));
    for (int i = 0; i < 4; i++) w[i].blank = true;
    uint32_t no = 0;
    uint32_t title_end = 0;  /* last line of the last title */
    styles st = {{0}, {0}, 0};
    strbuf title;
    sb_init(&title);
    while (pos < n) {
        size_t eol = pos;
        while (eol < n && d[eol] != '\n' && d[eol] != '\r') eol++;
        memmove(w, w + 1, 3 * sizeof(tline));
        w[3] = (tline){d + pos, eol - pos, ++no, false, 0};
        classify(&w[3]);
        pos = eol;
        if (pos < n) pos += (d[pos] == '\r' && pos + 1 < n && d[pos + 1] == '\n') ? 2 : 1;

        tline *cur = &w[3], *p1 = &w[2], *p2 = &w[1], *p3 = &w[0];
        /* over- and underlined: p2 adornment, p1 title, cur adornment */
        if (cur->adorn && p2->adorn == cur->adorn && p2->len == cur->len && p2->no > title_end &&
            !p1->blank && !p1->adorn && (p3->blank || p3->no == title_end || p2->no == 1)) {
            size_t a = 0, b = p1->len;
            while (a < b && (p1->s[a] == ' ' || p1->s[a] == '\t')) a++;
            uint32_t level = style_level(&st, cur->adorn, true);
            rst_title(p1->s + a, b - a, &title);
            doc_outline_add(o, level, p2->no + o->body_line - 1, cur->no + o->body_line - 1,
                            title.buf ? title.buf : "", title.len);
            title_end = cur->no;
            continue;
        }
        /* underlined: p1 title at column 0, cur adornment */
        if (cur->adorn && !p1->blank && !p1->adorn && p1->no > title_end && p1->s &&
            p1->s[0] != ' ' && p1->s[0] != '\t' && (p2->blank || p2->no == title_end || p1->no == 1) &&
            (cur->len >= 4 || cur->len >= width(p1->s, p1->len))) {
            uint32_t level = style_level(&st, cur->adorn, false);
            if (rst) rst_title(p1->s, p1->len, &title);
            else sb_clear(&title), sb_add(&title, p1->s, p1->len);
            doc_outline_add(o, level, p1->no + o->body_line - 1, cur->no + o->body_line - 1,
                            title.buf ? title.buf : "", title.len);
            title_end = cur->no;
            continue;
        }
        if (!rst && cur->len && cur->s[0] == '#' && cur->no > title_end) {
            const char *t;
            size_t tn;
            uint32_t level = atx_heading(cur, &t, &tn);
            if (level) {
                doc_outline_add(o, level, cur->no + o->body_line - 1, cur->no + o->body_line - 1, t,
                                tn);
                title_end = cur->no;
            }
        }
    }
    sb_free(&title);
}

static int text_analyze(const codira_analyzer *self, void *state, const codira_source *src,
                        const codira_host *host, codira_emitter *out, codira_error *err)
{
    (void)self;
    (void)state;
    (void)err;
    if (!text_path_allowed(src->path)) {
        /* routing never sends such a file here; a forced run says why */
        doc_diag(host, out, CODIRA_DIAG_INFO, "not_documentation", 0,
                 "not a documentation path (vendored, generated, fixture or log file, or outside "
                 "the documentation folders): no records");
        return CODIRA_OK;
    }
    doc_outline o;
    doc_outline_init(&o, src, "plain_text_document");
    o.chunk_bytes = DOC_CHUNK_BYTES;
    strbuf repaired;
    sb_init(&repaired);
    doc_outline_repair_utf8(&o, host, out, &repaired);
    if (o.size >= 3 && memcmp(o.data, "\xEF\xBB\xBF", 3) == 0) o.body_off = 3;
    const char *name = path_basename(src->path);
    find_headings(&o, ends_with_ci(name, strlen(name), ".rst"));
    doc_outline_emit(&o, host, out);
    doc_outline_free(&o);
    sb_free(&repaired);
    return CODIRA_OK;
}

static const char *const text_patterns[] = {
    "*.txt", "*.TXT", "*.rst", "*.RST", "*.text", "README", "README.*", "CHANGELOG", "CHANGES", "NEWS",
    "HISTORY", "AUTHORS", "CONTRIBUTING", "INSTALL", "LICENSE", "LICENCE", "COPYING", "NOTICE",
    "FAQ", "TODO", "THANKS", "BUGS", "KNOWN_BUGS", "HACKING", "ROADMAP", NULL};
static const char *const text_kinds[] = {NULL};
static const char *const text_edge_kinds[] = {NULL};
static const char *const text_roots[] = {"docs", NULL};
static const char *const text_doc_formats[] = {"plain_text_document", NULL};

const codira_analyzer codira_analyzer_text = {
    .struct_size = sizeof(codira_analyzer),
    .iVersion = 1,
    .name = "text",
    .version = "1",
    .provider = "codira",
    .language = "Text",
    .patterns = text_patterns,
    .kinds = text_kinds,
    .edge_kinds = text_edge_kinds,
    .coverage_roots = text_roots,
    .priority = 60,
    .flags = CODIRA_ANALYZER_THREAD_SAFE,
    .claims = text_claims,
    .analyze = text_analyze,
    .doc_formats = text_doc_formats,
};
