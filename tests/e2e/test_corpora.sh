# Real corpora: index jq (C) and jinja2 (Python) and check well-known symbols.
source "$(dirname "$0")/lib.sh"
source "$CODIRA_TOP/tests/corpora.sh"

for name in jq jinja2; do
  dir=$(corpus_dir "$name") || fail "cannot fetch corpus $name"
  [ -d "$dir" ] || fail "corpus $name missing: $dir"
  state="$TMP/state-$name"
  run "$CODIRA" index --path "$dir" --output-dir "$state" --json
  assert_rc 0 "index $name"
  assert_json
  [ "$(jqv .summary.indexed)" -gt 20 ] || fail "$name: too few files analysed: $(jqv .summary)"
  failed=$(jqv .summary.failed)
  [ "$failed" = 0 ] || fail "$name: failures: $(jqv '.failures')"
  eval "q() { run \"\$CODIRA\" sym \"\$1\" --path '$dir' --output-dir '$state' --json; }"
  case $name in
    jq)
      q jv_parse;  assert_rc 0; assert_contains "$(jqv '[.results[] | "\(.type):\(.file | split("/") | last)"] | join(" ")')" "prototype:jv.h"
      q jq_next;   assert_rc 0; assert_contains "$(jqv '[.results[] | "\(.type):\(.file | split("/") | last)"] | join(" ")')" "function:execute.c"
      q jv;        assert_rc 0; assert_contains "$(jqv '[.results[].type] | join(" ")')" "typedef"
      q JV_KIND_NUMBER; assert_rc 0; assert_eq "$(jqv '.results[0].type')" enum_member
      ;;
    jinja2)
      q Environment; assert_rc 0; assert_contains "$(jqv '[.results[] | "\(.type):\(.module)"] | join(" ")')" "class:jinja2.environment"
      q Template.render; assert_rc 0; assert_eq "$(jqv '.results[0].type')" method
      q select_autoescape; assert_rc 0; assert_eq "$(jqv '.results[0].module')" jinja2.utils
      ;;
  esac
  # a second run reuses everything
  run "$CODIRA" index --path "$dir" --output-dir "$state" --json
  assert_eq "$(jqv .summary.indexed)" 0 "$name: second run must reuse every file"
done
echo ok
