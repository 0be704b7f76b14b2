# Real mixed-language corpora, whole trees: curl (C, Markdown docs, shell),
# pillow (C, Python, text docs) and cpython (C, Python, reStructuredText).
# No analyzer failure; every partly understood file is reported with its
# analyzer, line and reason, and their number stays under a bound per corpus
# (false syntax errors on valid code are regressions); known symbols, calls
# and documentation sections are spot-checked, and a second run reuses
# every file. cpython runs in the plain build only: under the sanitizers its
# 3,400 files take minutes, and curl and pillow exercise the same analyzers.
source "$(dirname "$0")/lib.sh"
source "$CODIRA_TOP/tests/corpora.sh"

corpora="curl pillow cpython"
[ "${CODIRA_TEST_SAMPLE:-1}" -gt 1 ] && corpora="curl pillow"

for name in $corpora; do
  dir=$(corpus_dir "$name") || fail "cannot fetch corpus $name"
  state="$TMP/state-$name"
  run "$CODIRA" index --path "$dir" --output-dir "$state" --json
  assert_rc 0 "index $name"
  assert_json
  assert_eq "$(jqv .summary.failed)" 0 "$name failures: $(jqv '[.failures[] | "\(.path) \(.reason)"]')"
  # each partial file is reported, with where and why
  partial=$(jqv .summary.partial)
  [ "$(jqv '[.warnings[].path] | unique | length')" -ge "$partial" ] || fail "$name: $partial partial files, fewer reported"
  assert_eq "$(jqv '[.warnings[] | select(.warning_type == "syntax_error") | select(.line > 0 and (.reason | length) > 0 and (.analyzer_name | length) > 0)] | length')" \
    "$(jqv '[.warnings[] | select(.warning_type == "syntax_error")] | length')" "$name: warnings name analyzer, line and reason"
  case $name in
    curl) bound=59 ;; pillow) bound=6 ;; cpython) bound=108 ;;
  esac
  [ "$partial" -le "$bound" ] || fail "$name: $partial partly understood files, more than $bound: $(jqv '[.warnings[] | "\(.path):\(.line) \(.reason)"] | .[:20]')"
  docs=$(jqv .summary.docs)
  q() { run "$CODIRA" "$@" --path "$dir" --output-dir "$state" --json; assert_rc 0 "$*"; }
  sql() { sqlite3 -batch -noheader "$state/.codira/index.db" "$1"; }
  where() { jqv "[.results[] | \"\\(.type):\\(.file | ltrimstr(\"$dir/\"))\"] | join(\" \")"; }
  case $name in
    curl)
      q sym curl_easy_perform; assert_eq "$(where)" "function:lib/easy.c prototype:include/curl/easy.h"
      q calls curl_easy_perform --incoming; [ "$(jqv '.results | length')" -gt 5 ] || fail "curl: callers of curl_easy_perform"
      [ "$docs" -gt 500 ] || fail "curl: $docs documentation records"
      assert_eq "$(sql "SELECT line||' '||title FROM docs WHERE stable_id = 'doc:section:docs/HTTP3.md:http3-and-quic/quic-libraries:1'")" "10 QUIC libraries"
      ;;
    pillow)
      q sym ImagingNew; assert_eq "$(where)" "function:src/libImaging/Storage.c prototype:src/libImaging/Imaging.h"
      q sym open; assert_contains "$(jqv '[.results[] | "\(.type):\(.module)"] | join(" ")')" "function:PIL.Image"
      q calls ImagingNew --incoming; [ "$(jqv '.results | length')" -gt 3 ] || fail "pillow: callers of ImagingNew"
      assert_eq "$(sql "SELECT count(*) > 0 FROM docs WHERE source_format = 'module_docstring'")" 1
      assert_eq "$(sql "SELECT count(*) > 100 FROM docs WHERE source_format = 'plain_text_document'")" 1
      ;;
    cpython)
      q sym PyList_New; assert_eq "$(where)" "function:Objects/listobject.c prototype:Include/listobject.h"
      q calls PyList_New --incoming; [ "$(jqv '.results | length')" -gt 100 ] || fail "cpython: callers of PyList_New"
      q sym dumps; assert_contains "$(where)" "function:Lib/json/__init__.py"
      assert_eq "$(sql "SELECT line||' '||title FROM docs WHERE stable_id = 'doc:section:Doc/library/json.rst:json-json-encoder-and-decoder/basic-usage:1'")" "134 Basic Usage"
      assert_contains "$(sql "SELECT text FROM docs WHERE source_format = 'module_docstring' AND stable_id LIKE '%Lib._pydecimal%'")" "decimal"
      ;;
  esac
  run "$CODIRA" index --path "$dir" --output-dir "$state" --json
  assert_eq "$(jqv .summary.indexed)" 0 "$name: a second run reuses every file"
done
echo ok
