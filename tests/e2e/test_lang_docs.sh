# Documentation analyzers end to end: Markdown and text sections, Python
# module docstrings and C Doxygen comments all land in the `docs` table;
# routing of text files (fixtures, logs, requirement lists are never
# claimed); incremental replacement and deletion of a file's records;
# documentation-only files stay out of sym/symlist; caps and cov; bad input
# (deep nesting, invalid UTF-8, truncated and huge files); real corpora
# (curl's Markdown, cpython's and jinja2's reStructuredText) with spot
# checks. Under sanitizers (CODIRA_TEST_SAMPLE > 1) the big inputs shrink.
source "$(dirname "$0")/lib.sh"
source "$CODIRA_TOP/tests/corpora.sh"
command -v sqlite3 > /dev/null || fail "sqlite3 CLI missing (scripts/fetch-deps.sh --test)"
sample=${CODIRA_TEST_SAMPLE:-1}

# q SQL: query the index of the current repository
q() { sqlite3 -batch -noheader .codira/index.db "$1"; }
# the doc rows of one file: "stable_id|kind|source_format|line|end_line"
docs_of() {
  q "SELECT d.stable_id||'|'||d.kind||'|'||d.source_format||'|'||d.line||'|'||d.end_line
     FROM docs d JOIN files f ON f.id = (d.id >> 24) WHERE f.path = '$1' ORDER BY d.id"
}

# ---- storage: every analyzer's documentation records ----------------------
new_git_repo r
mkdir -p docs src tests/fixtures pkg
printf '"""Application entry points."""\n\ndef main():\n    return 0\n' > src/app.py
printf '/** @file\n * Core helpers.\n */\n#include <stdio.h>\n\n/** Adds one to the value. */\nint add1(int x) { return x + 1; }\n' > src/core.c
cat > docs/guide.md <<'EOF'
# Guide

Welcome.

## Install

```sh
# not a heading
make install
```

## Usage

Run it.
EOF
printf 'API\n===\n\nReference.\n\nFunctions\n---------\n\nadd1\n' > docs/api.rst
printf 'Project\n=======\n\nRead me first.\n' > README
printf 'pkg notes\n' > pkg/README.txt
printf 'fixture\n' > tests/fixtures/sample.txt
printf 'log\n' > docs/run.log.txt
printf 'requests\n' > docs/requirements.txt
printf 'cmake_minimum_required(VERSION 3.10)\n' > CMakeLists.txt
commit_all
age_files
cx index --json
assert_rc 0; assert_json
assert_eq "$(jqv .summary.failed)" 0
assert_eq "$(jqv .summary.files)" 6 "2 code files + 4 documents + nothing else"
assert_eq "$(q "SELECT path||':'||analyzer||':'||role FROM files WHERE analyzer IN ('markdown','text') ORDER BY path" | tr '\n' ' ')" \
  "README:text:docs docs/api.rst:text:docs docs/guide.md:markdown:docs pkg/README.txt:text:docs "
for f in tests/fixtures/sample.txt docs/run.log.txt docs/requirements.txt CMakeLists.txt; do
  assert_eq "$(q "SELECT count(*) FROM files WHERE path = '$f'")" 0 "$f must not be claimed"
done
assert_eq "$(q "SELECT source_format||':'||count(*) FROM docs GROUP BY source_format ORDER BY 1" | tr '\n' ' ')" \
  "doxygen:2 markdown_section:3 module_docstring:1 plain_text_document:4 "
assert_eq "$(jqv .summary.docs)" 10
assert_eq "$(docs_of docs/guide.md | tr '\n' ' ')" \
  "doc:section:docs/guide.md:guide:1|section|markdown_section|1|14 doc:section:docs/guide.md:guide/install:1|section|markdown_section|5|10 doc:section:docs/guide.md:guide/usage:1|section|markdown_section|12|14 "
assert_contains "$(q "SELECT text FROM docs WHERE stable_id = 'doc:section:docs/guide.md:guide/install:1'")" '```sh'
assert_eq "$(q "SELECT heading_path FROM docs WHERE stable_id = 'doc:section:docs/api.rst:api/functions:1'" | tr '\n' '>')" "API>Functions>"
assert_eq "$(q "SELECT title FROM docs WHERE source_format = 'module_docstring'")" app
assert_eq "$(q "SELECT text FROM docs WHERE stable_id LIKE 'doc:function:%add1:doxygen'")" "Adds one to the value."
# documentation-only files have no symbols and stay out of the inventory
assert_eq "$(q "SELECT count(*) FROM symbols s JOIN files f ON f.id = s.file_id WHERE f.analyzer IN ('markdown','text')")" 0
cx symlist --json
assert_rc 0
assert_eq "$(jqv '[.symbols[].file] | map(select(test("\\.(md|rst)$|README"))) | length')" 0
cx sym Guide; assert_rc 1
# cov: nothing to report, caps: both analyzers declared and valid
cx cov; assert_rc 0 "cov: $out"
cx caps --json
assert_eq "$(jqv '[.analyzers[] | select(.doc_formats | length > 0) | "\(.name)=\(.doc_formats | join("+"))"] | join(" ")')" \
  "python=module_docstring c=doxygen markdown=markdown_section text=plain_text_document"
assert_eq "$(jqv .validation.status)" ok

# ---- incremental: edit, unchanged, delete ----------------------------------
api_ids=$(q "SELECT group_concat(id) FROM docs WHERE stable_id LIKE 'doc:section:docs/api.rst:%'")
printf '\n## Uninstall\n\nRemove it.\n' >> docs/guide.md
sed -i 's/Welcome./Welcome, reader./' docs/guide.md
cx index --json
assert_eq "$(jqv '[.summary.indexed, .summary.reused, .summary.deleted] | map(tostring) | join(" ")')" "1 5 0"
assert_eq "$(docs_of docs/guide.md | cut -d'|' -f1,4,5 | tr '\n' ' ')" \
  "doc:section:docs/guide.md:guide:1|1|18 doc:section:docs/guide.md:guide/install:1|5|10 doc:section:docs/guide.md:guide/usage:1|12|14 doc:section:docs/guide.md:guide/uninstall:1|16|18 "
assert_contains "$(q "SELECT text FROM docs WHERE stable_id = 'doc:section:docs/guide.md:guide:1'")" "Welcome, reader."
assert_eq "$(q "SELECT group_concat(id) FROM docs WHERE stable_id LIKE 'doc:section:docs/api.rst:%'")" "$api_ids" "unchanged files keep their rows"
assert_eq "$(jqv .summary.docs)" 11
git rm -qf docs/guide.md && git commit -qm "drop guide"
cx index --json
assert_eq "$(jqv .summary.deleted)" 1
assert_eq "$(q "SELECT count(*) FROM docs WHERE stable_id LIKE 'doc:%docs/guide.md%'")" 0
assert_eq "$(q "SELECT count(*) FROM files WHERE path = 'docs/guide.md'")" 0
assert_eq "$(jqv .summary.docs)" 7
cx index --json
assert_eq "$(jqv .summary.indexed)" 0 "nothing left to do"

# ---- bad input ---------------------------------------------------------------
new_git_repo bad
mkdir -p docs
big=$((20000000 / sample)); line=$((10000000 / sample)); depth=$((100000 / sample))
export CODIRA_MAX_FILE_BYTES=$((32 * 1024 * 1024))
head -c "$depth" /dev/zero | tr '\0' '>' > docs/deep_quote.md; printf ' quoted\n# After quotes\n\nok\n' >> docs/deep_quote.md
{ printf '# Lists\n'; for i in $(seq $((depth / 10))); do printf -- '- '; done; printf 'item\n\n# After lists\n'; } > docs/deep_list.md
{ printf '# Brackets\n'; head -c "$depth" /dev/zero | tr '\0' '['; printf '\n'; head -c "$depth" /dev/zero | tr '\0' '*'; printf '\n# After brackets\n'; } > docs/brackets.md
printf '# Caf\xe9\n\nbad \xff\xfe bytes\n\n## Next\n' > docs/latin1.md
printf 'Caf\xe9\n====\n\n\xff\n' > docs/latin1.rst
printf '# Cut\n\n```c\nint main(void) {' > docs/truncated.md
printf 'Cut\n===\n\ntext without newline' > docs/truncated.rst
: > docs/empty.md
{ printf '# One line\n\n'; head -c "$line" /dev/zero | tr '\0' 'x'; printf '\n'; } > docs/oneline.md
python3 - "$big" > docs/huge.md <<'EOF'
import sys
n = int(sys.argv[1]); out = []; size = 0; i = 0
while size < n:
    s = "## Section %d\n\n%s\n\n```python\n# code %d\n```\n\n" % (i, "word " * 200, i)
    out.append(s); size += len(s); i += 1
sys.stdout.write("# Huge\n\n" + "".join(out))
EOF
python3 - "$big" > docs/huge.txt <<'EOF'
import sys
n = int(sys.argv[1]); para = ("plain text " * 30).strip()
sys.stdout.write("\n\n".join([para] * (n // (len(para) + 2))) + "\n")
EOF
# old-Mac line ends only, and more headings than one file may split into
n_cr=$((60000 / sample))
python3 -c "import sys; sys.stdout.write(''.join('## S%d\r\rtext\r\r' % i for i in range($n_cr)))" > docs/cr_only.md
commit_all
start=$(date +%s)
cx index --json --jobs 2
assert_rc 0 "bad documentation input must not fail the run"
assert_json
assert_eq "$(jqv .summary.failed)" 0 "failures: $(jqv .failures)"
assert_eq "$(jqv .summary.indexed)" 12
elapsed=$(( $(date +%s) - start ))
[ "$elapsed" -lt $((60 * (sample > 1 ? 4 : 1))) ] || fail "bad input took ${elapsed}s"
for t in "After quotes" "After lists" "After brackets" "Next"; do
  assert_eq "$(q "SELECT count(*) FROM docs WHERE title = '$t'")" 1 "heading '$t'"
done
assert_eq "$(q "SELECT title FROM docs WHERE stable_id = 'doc:section:docs/latin1.md:café:1'")" "Café"
assert_eq "$(q "SELECT title FROM docs WHERE stable_id = 'doc:section:docs/latin1.rst:café:1'")" "Café"
warnings=$(jqv '[.warnings[] | "\(.path | split("/") | last):\(.warning_type)"] | join(" ")')
assert_contains "$warnings" "latin1.md:encoding"
assert_contains "$warnings" "latin1.rst:encoding"
assert_eq "$(q "SELECT count(*) FROM docs d JOIN files f ON f.id = (d.id >> 24) WHERE f.path = 'docs/empty.md'")" 0
assert_eq "$(q "SELECT end_line FROM docs WHERE stable_id = 'doc:section:docs/truncated.md:cut:1'")" 4
# huge files: every heading kept, stored text bounded per record
n_sections=$(q "SELECT count(*) FROM docs d JOIN files f ON f.id = (d.id >> 24) WHERE f.path = 'docs/huge.md'")
want=$(grep -c '^#' docs/huge.md); want=$((want - $(grep -c '^# code' docs/huge.md)))
assert_eq "$n_sections" "$want" "one record per heading of huge.md"
assert_eq "$(q "SELECT max(length(CAST(text AS BLOB))) <= 65536 + 64 FROM docs")" 1
assert_contains "$(q "SELECT text FROM docs WHERE title = 'One line'")" "more bytes not stored"
assert_eq "$(q "SELECT min(line) > 0 AND min(end_line - line) >= 0 FROM docs")" 1
want=$(( n_cr < 50000 ? n_cr : 50000 ))
assert_eq "$(q "SELECT count(*) FROM docs WHERE stable_id LIKE 'doc:section:docs/cr_only.md:%'")" "$want"
assert_eq "$(q "SELECT line FROM docs WHERE stable_id = 'doc:section:docs/cr_only.md:s$((want - 1)):1'")" $((4 * (want - 1) + 1))
[ "$n_cr" -le 50000 ] || assert_contains "$warnings" "cr_only.md:doc_limit"
unset CODIRA_MAX_FILE_BYTES

# ---- real corpora --------------------------------------------------------------
mkdir -p "$TMP/corp"
for name in curl cpython jinja2; do
  dir=$(corpus_dir "$name") || fail "cannot fetch corpus $name"
  case $name in
    curl) sub=docs ;; cpython) sub="Doc Misc README.rst" ;; jinja2) sub="docs CHANGES.rst" ;;
  esac
  # the documents only (the code is covered by the other corpus tests);
  # under sanitizers every n-th file, plus the spot-checked ones
  (cd "$dir" && find $sub -type f \( -name '*.md' -o -name '*.rst' -o -name '*.txt' -o -name 'README*' \
     -o -name NEWS -o -name HISTORY -o -name FAQ -o -name TODO -o -name KNOWN_BUGS -o -name INSTALL \) |
     LC_ALL=C sort | awk -v s="$sample" 'NR % s == 0 || /HTTP3.md|CODE_STYLE.md|library\/os.rst|templates.rst|CHANGES.rst|README.rst/' |
     { mkdir -p "$TMP/corp/$name"; xargs cp --parents -t "$TMP/corp/$name"; })
done
cd "$TMP/corp"
cx index --json --jobs 2
assert_rc 0; assert_json
assert_eq "$(jqv .summary.failed)" 0 "corpus failures: $(jqv .failures)"
[ "$(jqv .summary.indexed)" -gt $((500 / sample)) ] || fail "too few documents: $(jqv .summary)"
assert_eq "$(jqv '[.warnings[] | select(.warning_type != "doc_truncated")] | length')" 0 "warnings: $(jqv .warnings)"
# spot checks: known sections, their ancestry and text
sec() { q "SELECT replace(heading_path, char(10), ' > ')||'|'||line FROM docs WHERE stable_id = '$1'"; }
assert_eq "$(sec 'doc:section:curl/docs/HTTP3.md:http3-and-quic/quic-libraries:1')" "HTTP3 (and QUIC) > QUIC libraries|10"
assert_contains "$(q "SELECT text FROM docs WHERE stable_id = 'doc:section:curl/docs/CODE_STYLE.md:curl-c-code-style/indenting:1'")" '```c'
assert_eq "$(q "SELECT title FROM docs WHERE stable_id = 'doc:section:cpython/Doc/library/os.rst:os-miscellaneous-operating-system-interfaces:1'")" \
  "os --- Miscellaneous operating system interfaces"
assert_eq "$(q "SELECT count(*) > 10 FROM docs WHERE stable_id LIKE 'doc:section:cpython/Doc/library/os.rst:os-miscellaneous-operating-system-interfaces/%'")" 1
assert_eq "$(sec 'doc:section:jinja2/docs/templates.rst:template-designer-documentation/synopsis:1')" "Template Designer Documentation > Synopsis|14"
assert_eq "$(q "SELECT count(*) > 10 FROM docs WHERE stable_id LIKE 'doc:section:jinja2/CHANGES.rst:%'")" 1
[ "$(q "SELECT count(*) FROM docs WHERE stable_id LIKE 'doc:section:cpython/README.rst:%'")" -gt 5 ] || fail "cpython README.rst sections"
# a second run reuses everything
cx index --json
assert_eq "$(jqv .summary.indexed)" 0
echo ok
