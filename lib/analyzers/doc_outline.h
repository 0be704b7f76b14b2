/*
 * doc_outline.h - the documentation record model shared by the Markdown and
 * the plain-text analyzers.
 *
 * An analyzer finds the headings of a document (level, first and last line,
 * title) and hands them over in order; doc_outline_emit turns them into
 * codira_doc records:
 *
 *   - one `section` record per heading: `line` is the heading's first line,
 *     `end_line` the last non-blank line before the next heading of the same
 *     or a higher level (so a section's span covers its subsections), `text`
 *     the section's own source — the heading and its body up to the next
 *     heading of any level, trimmed (a subsection's text is never repeated
 *     in its parent) — `heading_path` the titles from the outermost
 *     ancestor to the section itself, '\n'-separated;
 *   - one `file` record when the document has text before its first
 *     heading (or no heading at all): titled by the front-matter title or
 *     the file stem, its span the whole document, its text that preamble.
 *
 * Stable IDs never contain line numbers: `doc:section:<relpath>:<slug
 * path>:<n>`, where the slug path is the slugged heading path joined with
 * '/' and n counts the sections of the file with that slug path, and
 * `doc:file:<relpath>`. Editing one section leaves the IDs of the others
 * unchanged.
 *
 * Limits (all linear; each cut is reported by a diagnostic): text of one
 * record DOC_TEXT_CAP bytes, titles DOC_TITLE_CAP bytes, DOC_MAX_SECTIONS
 * sections per file (later headings stay in the text of the last one),
 * levels 1..DOC_MAX_LEVEL.
 */
#ifndef CODIRA_DOC_OUTLINE_H
#define CODIRA_DOC_OUTLINE_H

#include "codira/plugin.h"
#include "util.h"

#define DOC_TEXT_CAP (64u * 1024u)
#define DOC_TITLE_CAP 256u
#define DOC_SLUG_CAP 64u
#define DOC_MAX_SECTIONS 50000u
#define DOC_MAX_LEVEL 8u
/* heading-less plain text is cut into chunks of about this many bytes */
#define DOC_CHUNK_BYTES 1800u

typedef struct doc_heading {
    uint32_t level;        /* 1..DOC_MAX_LEVEL */
    uint32_t line;         /* first line of the heading (an RST overline) */
    uint32_t last_line;    /* last line of the heading (a setext/RST underline) */
    size_t title_off, title_len; /* in doc_outline.titles */
} doc_heading;

typedef struct doc_outline {
    const codira_source *src;
    const char *data;            /* the document: src->data, or its UTF-8 repair */
    size_t size;
    const char *source_format;   /* "markdown_section", "plain_text_document" */
    size_t body_off;             /* where the document starts (after front matter) */
    uint32_t body_line;          /* the line of body_off */
    VEC(doc_heading) headings;
    strbuf titles;
    strbuf file_title;           /* front-matter title; the stem when empty */
    size_t dropped_headings;     /* beyond DOC_MAX_SECTIONS */
    /* heading-less documents longer than this are emitted as chunks
     * (0: never, one `file` record) */
    size_t chunk_bytes;
} doc_outline;

void doc_outline_init(doc_outline *o, const codira_source *src, const char *source_format);
void doc_outline_free(doc_outline *o);

/* Append a heading (in document order; one that starts before the end of
 * the previous one is ignored). The title is cleaned: whitespace collapsed,
 * trimmed, cut at DOC_TITLE_CAP bytes. Empty titles are kept (slug
 * "section"). */
void doc_outline_add(doc_outline *o, uint32_t level, uint32_t line, uint32_t last_line,
                     const char *title, size_t title_len);

/* Emit every record. */
void doc_outline_emit(doc_outline *o, const codira_host *host, codira_emitter *out);

/* The file stem ("README" for "docs/README.md"). */
codira_str doc_file_stem(const char *path);

/* A diagnostic with a formatted message. */
void doc_diag(const codira_host *host, codira_emitter *out, codira_severity sev,
              const char *category, uint32_t line, const char *fmt, ...) CODIRA_PRINTF(6, 7);

/* When the source is not valid UTF-8: a warning, and o->data/o->size become
 * a copy where every invalid byte is read as Latin-1 (as the host repairs
 * strings), kept in `repaired`; line numbers do not change. */
void doc_outline_repair_utf8(doc_outline *o, const codira_host *host, codira_emitter *out,
                             strbuf *repaired);

#endif
