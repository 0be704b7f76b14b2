# The example analyzer plugin (examples/plugins/codira_demo_analyzer) builds
# on its own with its Makefile, loads from CODIRA_PLUGIN_PATH, shows in
# `codira plugins`, and indexes the files it claims: symbols, docstrings,
# call sites resolved by the generic rules.
source "$(dirname "$0")/lib.sh"

ex="$CODIRA_TOP/examples/plugins/codira_demo_analyzer"
make -s -C "$ex" OUT="$TMP/plugins" > "$TMP/build.log" 2>&1 || { cat "$TMP/build.log"; fail "demo plugin does not build"; }
[ -f "$TMP/plugins/codira_demo_analyzer.so" ] || fail "no codira_demo_analyzer.so"
export CODIRA_PLUGIN_PATH="$TMP/plugins"

run "$CODIRA" plugins --json
assert_rc 0
assert_eq "$(jqv '[.results[] | select(.name == "demo") | "\(.family) \(.status) \(.origin) \(.provider)"] | join(",")')" \
  "analyzer loaded third_party codira-demo"
run "$CODIRA" plugins
assert_contains "$out" "analyzer: demo [loaded] provider=codira-demo origin=third_party"

new_git_repo repo
cp -r "$ex/sample/." .
mkdir -p ci && printf 'task deploy\n    needs link\n    needs upload\n' > ci/release.tasks
echo "not a task file" > notes.txt
commit_all
run "$CODIRA" index --json
assert_rc 0
assert_json
assert_eq "$(jqv .summary.indexed)" 2 "two task files analysed"
assert_eq "$(jqv .summary.failed)" 0

run "$CODIRA" sym compile --json
assert_rc 0
assert_eq "$(jqv '.results[0] | "\(.type) \(.module) \(.file | split("/") | last):\(.lineno)"')" "function build build.tasks:5"
assert_eq "$(jqv '.results[0].docstring')" "Compile every object file."

# resolved within the file, across files (unique name), and unresolved
run "$CODIRA" calls link --json
assert_rc 0
assert_eq "$(jqv '[.results[] | "\(.caller_module).\(.caller_name) -> \(.callee_module).\(.callee_name) \(.resolved) \(.sites[0].line)"] | sort | join("; ")')" \
  "build.link -> build.compile true 10; build.link -> null.null false 11"
run "$CODIRA" calls link --incoming --json
assert_rc 0
assert_eq "$(jqv '[.results[] | "\(.caller_module).\(.caller_name)"] | join(" ")')" "ci.release.deploy"

# without the plugin path the files are nobody's: the index forgets them
unset CODIRA_PLUGIN_PATH
run "$CODIRA" sym compile
assert_rc 1
echo ok
