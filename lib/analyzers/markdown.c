/*
 * markdown.c - the Markdown analyzer: CommonMark (libcmark) sections as
 * documentation records. No symbols: a Markdown file is documentation only.
 *
 * The document is parsed by cmark with source positions. Headings (ATX and
 * setext) that are direct children of the document cut sections; headings
 * inside block quotes and list items, and anything in code blocks or HTML
 * blocks, are content. Titles are the headings' inline content as plain
 * text (markup removed, closing #s gone). A section's text is its Markdown
 * source, so fenced code blocks keep their fences and info strings (the
 * language). YAML front matter (a `---` line 1 closed by `---` or `...`)
 * is skipped; its `title:` names the file record. See doc_outline.h for
 * the record model.
 */
#include <cmark.h>
#include <string.h>

#include "codira/plugin.h"
#include "doc_outline.h"

static bool blank_rest(const char *s, const char *e)
{
    for (; s < e; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r') return false;
    return true;
}

/* A line that is exactly `mark` (3 chars), trailing blanks allowed. */
static bool is_fence_line(const char *s, const char *e, const char *mark)
{
    return e - s >= 3 && memcmp(s, mark, 3) == 0 && blank_rest(s + 3, e);
}

/* The value of a `title:` line of front matter, unquoted. */
static void front_matter_title(const char *s, const char *e, strbuf *out)
{
    if (e - s < 6 || memcmp(s, "title:", 6) != 0) return;
    s += 6;
    while (s < e && (*s == ' ' || *s == '\t')) s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) e--;
    if (e - s >= 2 && (*s == '"' || *s == '\'') && e[-1] == *s) s++, e--;
    sb_clear(out);
    sb_add(out, s, (size_t)(e - s));
}

/* Skip YAML front matter: sets body_off/body_line and the file title. */
static void skip_front_matter(doc_outline *o)
{
    const char *d = o->data, *end = d + o->size, *p = d;
    if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol || !is_fence_line(p, eol, "---")) return;
    uint32_t line = 2;
    strbuf title;
    sb_init(&title);
    for (const char *s = eol + 1; s < end; line++) {
        const char *e = memchr(s, '\n', (size_t)(end - s));
        if (!e) e = end;
        if (is_fence_line(s, e, "---") || is_fence_line(s, e, "...")) {
            o->body_off = (size_t)(e - d) + (e < end ? 1 : 0);
            o->body_line = line + 1;
            if (title.len) {
                sb_clear(&o->file_title);
                sb_add(&o->file_title, title.buf, title.len);
            }
            break;
        }
        front_matter_title(s, e, &title);
        s = e + 1;
    }
    sb_free(&title);
}

/* Plain text of a heading's inline content. */
static void heading_text(cmark_node *h, strbuf *sb)
{
    sb_clear(sb);
    cmark_iter *it = cmark_iter_new(h);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node *n = cmark_iter_get_node(it);
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE: {
            const char *lit = cmark_node_get_literal(n);
            if (lit) sb_adds(sb, lit);
            break;
        }
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            sb_addc(sb, ' ');
            break;
        default:
            break;
        }
        if (sb->len > 4 * DOC_TITLE_CAP) break;
    }
    cmark_iter_free(it);
}

static int md_analyze(const codira_analyzer *self, void *state, const codira_source *src,
                      const codira_host *host, codira_emitter *out, codira_error *err)
{
    (void)self;
    (void)state;
    (void)err;
    doc_outline o;
    doc_outline_init(&o, src, "markdown_section");
    strbuf repaired;
    sb_init(&repaired);
    doc_outline_repair_utf8(&o, host, out, &repaired);
    skip_front_matter(&o);
    cmark_node *doc = cmark_parse_document(o.data + o.body_off, o.size - o.body_off,
                                           CMARK_OPT_SOURCEPOS | CMARK_OPT_VALIDATE_UTF8);
    if (doc) {
        strbuf title;
        sb_init(&title);
        uint32_t shift = o.body_line - 1;
        for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
            if (cmark_node_get_type(n) != CMARK_NODE_HEADING) continue;
            int level = cmark_node_get_heading_level(n);
            int line = cmark_node_get_start_line(n), last = cmark_node_get_end_line(n);
            if (line < 1) continue;
            heading_text(n, &title);
            doc_outline_add(&o, (uint32_t)level, (uint32_t)line + shift,
                            (uint32_t)(last < line ? line : last) + shift, title.buf ? title.buf : "",
                            title.len);
        }
        sb_free(&title);
        cmark_node_free(doc);
    } else {
        doc_diag(host, out, CODIRA_DIAG_ERROR, "parse_error", 0, "cmark could not parse the file");
    }
    doc_outline_emit(&o, host, out);
    doc_outline_free(&o);
    sb_free(&repaired);
    return CODIRA_OK;
}

static const char *const md_patterns[] = {"*.md", "*.MD", "*.markdown", "*.mdown", "*.mkd", NULL};
static const char *const md_kinds[] = {NULL};
static const char *const md_edge_kinds[] = {NULL};
static const char *const md_roots[] = {"docs", NULL};
static const char *const md_doc_formats[] = {"markdown_section", NULL};

const codira_analyzer codira_analyzer_markdown = {
    .struct_size = sizeof(codira_analyzer),
    .iVersion = 1,
    .name = "markdown",
    .version = "1",
    .provider = "codira",
    .language = "Markdown",
    .patterns = md_patterns,
    .kinds = md_kinds,
    .edge_kinds = md_edge_kinds,
    .coverage_roots = md_roots,
    .priority = 50,
    .flags = CODIRA_ANALYZER_THREAD_SAFE,
    .analyze = md_analyze,
    .doc_formats = md_doc_formats,
};
