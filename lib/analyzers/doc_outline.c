/*
 * doc_outline.c - headings to documentation records (see doc_outline.h).
 * Everything here is one pass or a bounded stack: no recursion, nothing
 * quadratic in the size of the document.
 */
#include "doc_outline.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static codira_str view(const char *s, size_t n)
{
    return (codira_str){s, n};
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void doc_diag(const codira_host *host, codira_emitter *out, codira_severity sev,
              const char *category, uint32_t line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    codira_diagnostic d = {sizeof(d), (uint32_t)sev, view(category, strlen(category)),
                           view(msg, strlen(msg)), line, 0};
    host->emit_diagnostic(out, &d);
}

/* ---- UTF-8 ------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 when invalid;
 * *cp receives the code point. */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if ((c & 0xE0) == 0xC0) len = 2, v = c & 0x1F, min = 0x80;
    else if ((c & 0xF0) == 0xE0) len = 3, v = c & 0x0F, min = 0x800;
    else if ((c & 0xF8) == 0xF0) len = 4, v = c & 0x07, min = 0x10000;
    else return 0;
    if (len > n) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

static bool check_utf8(const char *data, size_t n, uint32_t *bad_line)
{
    const unsigned char *s = (const unsigned char *)data;
    uint32_t line = 1;
    for (size_t i = 0; i < n;) {
        if (s[i] < 0x80) {
            if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= n || s[i + 1] != '\n'))) line++;
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = utf8_seq(s + i, n - i, &cp);
        if (!k) {
            *bad_line = line;
            return false;
        }
        i += k;
    }
    return true;
}

void doc_outline_repair_utf8(doc_outline *o, const codira_host *host, codira_emitter *out,
                             strbuf *repaired)
{
    uint32_t bad_line;
    if (check_utf8(o->data, o->size, &bad_line)) return;
    doc_diag(host, out, CODIRA_DIAG_WARNING, "encoding", bad_line,
             "not valid UTF-8: invalid bytes read as Latin-1");
    sb_clear(repaired);
    utf8_append_repaired(repaired, o->data, o->size);
    o->data = repaired->buf ? repaired->buf : "";
    o->size = repaired->len;
}

/* The longest prefix of s[0..n) of at most cap bytes that does not cut a
 * UTF-8 sequence. */
static size_t utf8_cut(const char *s, size_t n, size_t cap)
{
    if (n <= cap) return n;
    size_t k = cap;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80 && cap - k < 4) k--;
    return k;
}

/* ---- slugs -------------------------------------------------------------- */

/* Unicode punctuation and spaces outside ASCII that separate slug words
 * (an approximation of the categories P and Z without a Unicode table). */
static bool cp_is_separator(uint32_t cp)
{
    return (cp >= 0x80 && cp <= 0xBF && cp != 0xAA && cp != 0xB2 && cp != 0xB3 && cp != 0xB5 &&
            cp != 0xB9 && cp != 0xBA && (cp < 0xBC || cp > 0xBE)) ||
           cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) ||
           (cp >= 0x2E00 && cp <= 0x2E7F) || (cp >= 0x3000 && cp <= 0x3003) ||
           (cp >= 0x3008 && cp <= 0x3011) || (cp >= 0x3014 && cp <= 0x301F) ||
           (cp >= 0xFE10 && cp <= 0xFE19) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
           (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
           (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) || cp == 0xFEFF ||
           cp == 0xFFFD;
}

/* Simple lower-casing of Latin, Greek and Cyrillic capitals. */
static uint32_t cp_lower(uint32_t cp)
{
    if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) ||
        (cp >= 0x410 && cp <= 0x42F))
        return cp + 0x20;
    if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
    if (((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177)) && !(cp & 1)) return cp + 1;
    if (((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) && (cp & 1)) return cp + 1;
    return cp;
}

static void add_utf8(strbuf *sb, uint32_t cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) b[0] = (char)cp, n = 1;
    else if (cp < 0x800) b[0] = (char)(0xC0 | (cp >> 6)), b[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
    else if (cp < 0x10000)
        b[0] = (char)(0xE0 | (cp >> 12)), b[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
        b[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
    else
        b[0] = (char)(0xF0 | (cp >> 18)), b[1] = (char)(0x80 | ((cp >> 12) & 0x3F)),
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), b[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
    sb_add(sb, b, n);
}

/* Append the slug of a title: letters lower-cased (ASCII, Latin-1,
 * Latin Extended-A, Greek, Cyrillic; others kept as they are), digits kept, every run of anything else one '-', no '-' at
 * either end, at most DOC_SLUG_CAP bytes; "section" when nothing is left. */
static void add_slug(strbuf *sb, const char *t, size_t n)
{
    size_t start = sb->len;
    bool pending_sep = false;
    const unsigned char *s = (const unsigned char *)t;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = utf8_seq(s + i, n - i, &cp);
        bool sep;
        if (!k) {
            k = 1;
            sep = true;
        } else if (cp < 0x80) {
            sep = !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'));
        } else {
            sep = cp_is_separator(cp);
        }
        if (sep) {
            pending_sep = sb->len > start;
        } else {
            size_t need = k + (pending_sep ? 1 : 0);
            if (sb->len - start + need > DOC_SLUG_CAP) break;
            if (pending_sep) sb_addc(sb, '-');
            pending_sep = false;
            if (cp < 0x80) sb_addc(sb, (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
            else add_utf8(sb, cp_lower(cp));
        }
        i += k;
    }
    if (sb->len == start) sb_adds(sb, "section");
}

codira_str doc_file_stem(const char *path)
{
    const char *base = path_basename(path);
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    return view(base, n);
}

/* ---- the outline ---------------------------------------------------------- */

void doc_outline_init(doc_outline *o, const codira_source *src, const char *source_format)
{
    memset(o, 0, sizeof(*o));
    o->src = src;
    o->data = src->data;
    o->size = src->size;
    o->source_format = source_format;
    o->body_line = 1;
    sb_init(&o->titles);
    sb_init(&o->file_title);
}

void doc_outline_free(doc_outline *o)
{
    VEC_FREE(o->headings);
    sb_free(&o->titles);
    sb_free(&o->file_title);
}

/* Append t[0..n) with whitespace runs collapsed to one space, trimmed,
 * cut at `cap` bytes (on a UTF-8 boundary). Returns the bytes added. */
static size_t add_clean(strbuf *sb, const char *t, size_t n, size_t cap)
{
    size_t start = sb->len;
    bool space = false;
    for (size_t i = 0; i < n && sb->len - start < cap; i++) {
        char c = t[i];
        if (is_ws(c) || c == '\0') {
            space = sb->len > start;
            continue;
        }
        if (space) sb_addc(sb, ' ');
        space = false;
        sb_addc(sb, c);
    }
    size_t len = utf8_cut(sb->buf + start, sb->len - start, cap);
    sb->len = start + len;
    if (sb->buf) sb->buf[sb->len] = '\0';
    return len;
}

void doc_outline_add(doc_outline *o, uint32_t level, uint32_t line, uint32_t last_line,
                     const char *title, size_t title_len)
{
    if (o->headings.len) {
        const doc_heading *prev = &o->headings.items[o->headings.len - 1];
        if (line <= prev->last_line) return;
    }
    if (line < o->body_line) return;
    if (o->headings.len >= DOC_MAX_SECTIONS) {
        o->dropped_headings++;
        return;
    }
    if (level < 1) level = 1;
    if (level > DOC_MAX_LEVEL) level = DOC_MAX_LEVEL;
    if (last_line < line) last_line = line;
    doc_heading h = {level, line, last_line, o->titles.len, 0};
    h.title_len = add_clean(&o->titles, title, title_len, DOC_TITLE_CAP);
    VEC_PUSH(o->headings, h);
}

/* A forward-only position in the source that knows its line number.
 * Line breaks are "\n", "\r\n" and a lone "\r" (as CommonMark counts). */
typedef struct cursor {
    const char *d;
    size_t n, off;
    uint32_t line;
    size_t nl;      /* the next '\n' at or after off (n when none), found once per '\n' */
} cursor;

static void cursor_seek(cursor *c, uint32_t line)
{
    while (c->line < line && c->off < c->n) {
        const char *p = c->d + c->off;
        if (c->nl < c->off || c->nl == SIZE_MAX) {
            const char *f = memchr(p, '\n', c->n - c->off);
            c->nl = f ? (size_t)(f - c->d) : c->n;
        }
        const char *nl = c->nl < c->n ? c->d + c->nl : NULL;
        const char *cr = memchr(p, '\r', c->nl - c->off);
        if (cr) {
            c->off = (size_t)(cr - c->d) + 1;
            if (c->off < c->n && c->d[c->off] == '\n') c->off++;
        } else if (nl) {
            c->off = (size_t)(nl - c->d) + 1;
        } else {
            c->off = c->n;
            break;
        }
        c->line++;
    }
}

/* Is there a line break ending at d[p] (p < n)? */
static bool break_at(const char *d, size_t n, size_t p)
{
    return d[p] == '\n' || (d[p] == '\r' && (p + 1 >= n || d[p + 1] != '\n'));
}

/* [lo, hi) trimmed of whitespace at the end, hi being on line `hi_line`:
 * returns the new hi, and the line of the last byte kept in *last_line. */
static size_t trim_back(const char *d, size_t n, size_t lo, size_t hi, uint32_t hi_line,
                        uint32_t *last_line)
{
    uint32_t breaks = 0;
    while (hi > lo && is_ws(d[hi - 1])) {
        hi--;
        if (break_at(d, n, hi)) breaks++;
    }
    *last_line = hi_line - breaks;
    return hi;
}

/* [lo, hi) trimmed of whitespace at the start, lo being on line `lo_line`:
 * returns the new lo, and its line in *first_line. */
static size_t trim_front(const char *d, size_t n, size_t lo, size_t hi, uint32_t lo_line,
                         uint32_t *first_line)
{
    uint32_t breaks = 0;
    while (lo < hi && is_ws(d[lo])) {
        if (break_at(d, n, lo)) breaks++;
        lo++;
    }
    *first_line = lo_line + breaks;
    return lo;
}

typedef struct emit_ctx {
    doc_outline *o;
    const codira_host *host;
    codira_emitter *out;
    strbuf id, path, text;
} emit_ctx;

/* Emit one record; the text is cut at DOC_TEXT_CAP (with a marker and a
 * diagnostic). */
static void emit_record(emit_ctx *e, const char *kind, codira_str title, codira_str heading_path,
                        uint32_t line, uint32_t end_line, const char *text, size_t len)
{
    codira_doc d;
    memset(&d, 0, sizeof(d));
    d.struct_size = sizeof(d);
    d.stable_id = view(e->id.buf, e->id.len);
    d.kind = view(kind, strlen(kind));
    d.source_format = view(e->o->source_format, strlen(e->o->source_format));
    d.line = line;
    d.end_line = end_line < line ? line : end_line;
    d.title = title;
    d.heading_path = heading_path;
    d.owner = CODIRA_NO_HANDLE;
    if (len > DOC_TEXT_CAP) {
        size_t keep = utf8_cut(text, len, DOC_TEXT_CAP);
        const char *nl = NULL;
        for (size_t k = keep; k > keep / 2; k--)
            if (text[k - 1] == '\n') {
                nl = text + k - 1;
                break;
            }
        if (nl) keep = (size_t)(nl - text);
        sb_clear(&e->text);
        sb_add(&e->text, text, keep);
        sb_addf(&e->text, "\n[... %zu more bytes not stored]", len - keep);
        d.text = view(e->text.buf, e->text.len);
        doc_diag(e->host, e->out, CODIRA_DIAG_INFO, "doc_truncated", line,
                 "the text of '%.*s' is cut at %u bytes (%zu bytes)", (int)(title.len > 80 ? 80 : title.len),
                 title.ptr, DOC_TEXT_CAP, len);
    } else {
        d.text = view(text, len);
    }
    e->host->emit_doc(e->out, &d);
}

static codira_str stem_or_title(const doc_outline *o)
{
    if (o->file_title.len) return view(o->file_title.buf, o->file_title.len);
    return doc_file_stem(o->src->path);
}

/* Heading-less plain text: paragraphs packed into chunks of about
 * chunk_bytes, a paragraph longer than that cut at line ends. Exact lines. */
typedef struct unit {
    size_t lo, hi;
    uint32_t first, last;
} unit;

static void emit_chunks(emit_ctx *e, size_t lo, size_t hi, uint32_t first_line)
{
    doc_outline *o = e->o;
    const char *d = o->data;
    size_t n = o->size;
    VEC(unit) units = {0};
    /* lines, grouped: a blank line ends a unit, and so does the limit */
    size_t pos = lo;
    uint32_t line = first_line;
    unit cur = {0, 0, 0, 0};
    bool open = false;
    while (pos < hi) {
        size_t eol = pos;
        while (eol < hi && d[eol] != '\n' && d[eol] != '\r') eol++;
        size_t next = eol;
        if (next < hi) next += (d[next] == '\r' && next + 1 < n && d[next + 1] == '\n') ? 2 : 1;
        bool blank = true;
        for (size_t k = pos; k < eol && blank; k++) blank = is_ws(d[k]);
        if (blank) {
            if (open) VEC_PUSH(units, cur);
            open = false;
        } else {
            if (open && eol - cur.lo > o->chunk_bytes) {
                VEC_PUSH(units, cur);
                open = false;
            }
            if (!open) {
                cur.lo = pos;
                cur.first = line;
                open = true;
            }
            cur.hi = eol;
            cur.last = line;
        }
        pos = next;
        line++;
    }
    if (open) VEC_PUSH(units, cur);

    /* pack the units */
    size_t n_chunks = 0;
    for (size_t i = 0; i < units.len;) {
        size_t j = i + 1;
        while (j < units.len && units.items[j].hi - units.items[i].lo <= o->chunk_bytes) j++;
        n_chunks++;
        i = j;
    }
    codira_str stem = doc_file_stem(o->src->path);
    size_t k = 0;
    for (size_t i = 0; i < units.len;) {
        size_t j = i + 1;
        while (j < units.len && units.items[j].hi - units.items[i].lo <= o->chunk_bytes) j++;
        const unit *a = &units.items[i], *b = &units.items[j - 1];
        k++;
        sb_clear(&e->id);
        sb_clear(&e->path);
        if (n_chunks == 1) {
            sb_addf(&e->id, "doc:file:%s", o->src->path);
            codira_str t = stem_or_title(o);
            emit_record(e, "file", t, CODIRA_STR_NULL, a->first, b->last, d + a->lo, b->hi - a->lo);
        } else {
            sb_addf(&e->id, "doc:section:%s:part:%zu", o->src->path, k);
            sb_addf(&e->path, "%.*s (part %zu)", (int)stem.len, stem.ptr, k);
            codira_str t = view(e->path.buf, e->path.len);
            emit_record(e, "section", t, t, a->first, b->last, d + a->lo, b->hi - a->lo);
        }
        i = j;
    }
    VEC_FREE(units);
}

typedef struct sec {
    size_t text_lo, text_hi;
    uint32_t own_end, span_end;
    size_t parent;       /* index + 1, 0 for none */
} sec;

void doc_outline_emit(doc_outline *o, const codira_host *host, codira_emitter *out)
{
    const char *d = o->data;
    size_t n = o->size;
    emit_ctx e = {o, host, out, {0}, {0}, {0}};
    sb_init(&e.id);
    sb_init(&e.path);
    sb_init(&e.text);
    size_t nh = o->headings.len;
    sec *secs = nh ? xcalloc(nh, sizeof(sec)) : NULL;

    /* pass 1: byte ranges and own ends, in document order */
    cursor c = {d, n, o->body_off, o->body_line, SIZE_MAX};
    size_t pre_lo = o->body_off, pre_hi;
    uint32_t pre_hi_line;
    if (nh) {
        cursor_seek(&c, o->headings.items[0].line);
        pre_hi = c.off;
        pre_hi_line = c.line;
    }
    for (size_t i = 0; i < nh; i++) {
        size_t lo = c.off;
        uint32_t next_line = i + 1 < nh ? o->headings.items[i + 1].line : UINT32_MAX;
        cursor_seek(&c, next_line);
        uint32_t first;
        secs[i].text_lo = trim_front(d, n, lo, c.off, c.line, &first);
        secs[i].text_hi = trim_back(d, n, secs[i].text_lo, c.off, c.line, &secs[i].own_end);
        if (secs[i].own_end < o->headings.items[i].line) secs[i].own_end = o->headings.items[i].line;
    }
    if (!nh) {
        cursor_seek(&c, UINT32_MAX);
        pre_hi = c.off;
        pre_hi_line = c.line;
    }
    /* the end of the document: the last non-blank line */
    uint32_t doc_end;
    if (nh) {
        doc_end = secs[nh - 1].own_end;
    } else {
        trim_back(d, n, pre_lo, pre_hi, pre_hi_line, &doc_end);
    }

    /* the file record: text before the first heading */
    uint32_t pre_first, pre_last;
    size_t plo = trim_front(d, n, pre_lo, pre_hi, o->body_line, &pre_first);
    size_t phi = trim_back(d, n, plo, pre_hi, pre_hi_line, &pre_last);
    if (phi > plo) {
        if (!nh && o->chunk_bytes && phi - plo > o->chunk_bytes) {
            emit_chunks(&e, plo, phi, pre_first);
        } else {
            sb_clear(&e.id);
            sb_addf(&e.id, "doc:file:%s", o->src->path);
            emit_record(&e, "file", stem_or_title(o), CODIRA_STR_NULL, pre_first, doc_end,
                        d + plo, phi - plo);
        }
    }

    /* pass 2: parents and spans (the open sections form a stack of
     * increasing levels, at most DOC_MAX_LEVEL deep) */
    size_t stack[DOC_MAX_LEVEL + 1];
    size_t depth = 0;
    for (size_t i = 0; i < nh; i++) {
        uint32_t level = o->headings.items[i].level;
        while (depth && o->headings.items[stack[depth - 1]].level >= level) {
            secs[stack[depth - 1]].span_end = secs[i - 1].own_end;
            depth--;
        }
        secs[i].parent = depth ? stack[depth - 1] + 1 : 0;
        stack[depth++] = i;
    }
    while (depth) secs[stack[--depth]].span_end = doc_end;

    /* pass 3: emit in document order */
    strmap seen;
    strmap_init(&seen, nh ? nh : 1);
    arena keys;
    arena_init(&keys);
    VEC(uint32_t) counts = {0};
    for (size_t i = 0; i < nh; i++) {
        size_t chain[DOC_MAX_LEVEL + 1];
        size_t m = 0;
        for (size_t k = i + 1; k && m <= DOC_MAX_LEVEL; k = secs[k - 1].parent) chain[m++] = k - 1;
        sb_clear(&e.path);
        sb_clear(&e.id);
        sb_addf(&e.id, "doc:section:%s:", o->src->path);
        size_t slug_start = e.id.len;
        for (size_t k = m; k-- > 0;) {
            const doc_heading *h = &o->headings.items[chain[k]];
            const char *t = o->titles.buf + h->title_off;
            if (k + 1 < m) {
                sb_addc(&e.path, '\n');
                sb_addc(&e.id, '/');
            }
            sb_add(&e.path, t, h->title_len);
            add_slug(&e.id, t, h->title_len);
        }
        size_t idx, ord;
        if (strmap_get(&seen, e.id.buf + slug_start, &idx)) {
            ord = ++counts.items[idx];
        } else {
            char *key = arena_strndup(&keys, e.id.buf + slug_start, e.id.len - slug_start);
            VEC_PUSH(counts, 1);
            strmap_put(&seen, key, counts.len - 1);
            ord = 1;
        }
        sb_addf(&e.id, ":%zu", ord);
        const doc_heading *h = &o->headings.items[i];
        emit_record(&e, "section", view(o->titles.buf + h->title_off, h->title_len),
                    view(e.path.buf, e.path.len), h->line, secs[i].span_end, d + secs[i].text_lo,
                    secs[i].text_hi - secs[i].text_lo);
    }
    if (o->dropped_headings)
        doc_diag(host, out, CODIRA_DIAG_WARNING, "doc_limit", 0,
                 "%zu headings beyond the first %u are not split into sections (their text stays "
                 "in the last section)",
                 o->dropped_headings, DOC_MAX_SECTIONS);
    strmap_free(&seen);
    arena_free(&keys);
    VEC_FREE(counts);
    free(secs);
    sb_free(&e.id);
    sb_free(&e.path);
    sb_free(&e.text);
}
