# Bash and JSON: git's shell scripts (functions, sourced test libraries,
# incoming calls across `source`), a generated repository with package.json,
# a JSON Schema, lockfiles and data JSON (routing), and bad input: a 50 MB
# JSON (claimed and unclaimed), JSON nested 100,000 deep, truncated JSON,
# invalid UTF-8 in both languages. Nothing crashes; each bad file gets one
# clear diagnostic or failure reason; `codira index` exits 0.
source "$(dirname "$0")/lib.sh"
source "$CODIRA_TOP/tests/corpora.sh"

# ---- git: shell scripts -------------------------------------------------
dir=$(corpus_dir git) || fail "cannot fetch corpus git"
state="$TMP/state-git"
run "$CODIRA" index --path "$dir" --output-dir "$state" --json
assert_rc 0 "index git"
assert_json
[ "$(jqv .summary.failed)" = 0 ] || fail "git: failures: $(jqv '.failures')"
q() { run "$CODIRA" "$@" --path "$dir" --output-dir "$state"; }
q sym test_expect_success --json
assert_rc 0
assert_contains "$(jqv '[.results[] | "\(.type):\(.file | sub(".*/git/"; ""))"] | join(" ")')" "function:t/test-lib-functions.sh"
q sym test_commit --json
assert_rc 0
assert_eq "$(jqv '.results[0].signature')" "test_commit ()"
# t0001-init.sh sources ./test-lib.sh, which sources
# "$TEST_DIRECTORY/test-lib-functions.sh": its test_commit calls resolve there
q calls test_commit --incoming --module t.test-lib-functions
assert_rc 0
assert_contains "$out" "t.t0001-init.sep_git_dir_worktree -> t.test-lib-functions.test_commit"
q calls test_commit --module t.test-lib-functions
assert_rc 0
assert_contains "$out" "Bash:<builtin>"
# a shell `git` is an external command, never a C function
q calls git --incoming
assert_not_contains "$out" "t/t0001-init.sh"

# ---- a generated repository ----------------------------------------------
new_git_repo r
mkdir -p web schema data .vscode node_modules/dep lib
cat > web/package.json <<'JSON'
{"name": "web-app", "version": "2.0.0", "scripts": {"build": "vite build"},
 "dependencies": {"vue": "^3.4.0"}, "devDependencies": {"vite": "^5.0.0"}}
JSON
cat > schema/config.json <<'JSON'
{"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Config",
 "$defs": {"Server": {"type": "object", "properties": {"port_number": {"type": "integer"}}}},
 "properties": {"server_block": {"$ref": "#/$defs/Server"}}}
JSON
printf '{"name": "web-app", "version": "2.0.0", "lockfileVersion": 3, "packages": {}}\n' > web/package-lock.json
printf '{"name": "locked_pkg", "version": "1.0.0"}\n' > npm-shrinkwrap.json
printf '{"$schema": "https://json-schema.org/draft/2020-12/schema", "properties": {"vscode_prop": {}}}\n' > .vscode/settings.json
printf '{"name": "vendored_pkg", "version": "1.0.0"}\n' > node_modules/dep/package.json
printf '{"task": "build", "steps": [1, 2]}\n' > data/plain.json
printf '#!/bin/sh\n. ./lib/common.sh\nmain() { helper_fn "$@"; }\nmain\n' > run.sh
printf 'helper_fn() { echo "$@"; }\nexport COMMON_VAR=1\n' > lib/common.sh
# bad input
{ printf '{"$schema": "https://json-schema.org/draft/2020-12/schema", "examples": '
  head -c 100000 /dev/zero | tr '\0' '['; } > data/deep.schema.json
printf '{"$schema": "https://json-schema.org/draft/2020-12/schema",\n "properties": {"a": {"type": "str' > data/truncated.schema.json
printf '{"$schema": "https://json-schema.org/draft/2020-12/schema",\n "title": "caf\xe9"}\n' > data/latin1.schema.json
printf '#!/bin/sh\nlatin_fn() { echo "caf\xe9"; }\n' > latin1.sh
printf 'good_before() { :; }\nbroken_fn() { if then\ncase x in\n' > truncated.sh
# 52 MB: a claimed one (a schema) and an unclaimed data file
big_json() { # $1 head, $2 file
  { printf '%s' "$1"; { yes '{"k": "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv"},' | head -n 1000000 || true; }; printf '{}]}\n'; } > "$2"
}
big_json '{"$schema": "https://json-schema.org/draft/2020-12/schema", "examples": [' data/huge.schema.json
big_json '{"rows": [' data/huge.json
commit_all

cx index --json --jobs 1
assert_rc 0 "bad input must not fail the run"
assert_json
failures=$(jqv '[.failures[] | "\(.path | split("/") | last):\(.error_type)"] | sort | join(" ")')
assert_eq "$failures" "huge.schema.json:too_large" "the claimed 50 MB JSON is refused, the unclaimed one never read"
assert_contains "$(jqv '.failures[0].reason')" "CODIRA_MAX_FILE_BYTES"
warnings=$(jqv '[.warnings[] | "\(.path | split("/") | last):\(.warning_type)"] | sort | join(" ")')
assert_contains "$warnings" "deep.schema.json:too_deep"
assert_contains "$warnings" "truncated.schema.json:syntax_error"
assert_contains "$warnings" "latin1.schema.json:encoding"
assert_contains "$warnings" "latin1.sh:encoding"
assert_contains "$warnings" "truncated.sh:syntax_error"
# what was claimed
cx sym web-app --json;      assert_rc 0; assert_eq "$(jqv '.results[0].type')" package
cx sym build --json;        assert_rc 0; assert_eq "$(jqv '.results[0].signature')" "vite build"
cx sym vue --json;          assert_rc 0; assert_eq "$(jqv '.results[0].type')" dependency
cx sym port_number --json;  assert_rc 0; assert_eq "$(jqv '.results[0].type')" property
cx sym Server --json;       assert_rc 0; assert_eq "$(jqv '.results[0].type')" definition
for s in locked_pkg vendored_pkg vscode_prop; do cx sym "$s"; assert_rc 1 "$s: lockfiles, .vscode, node_modules are never claimed"; done
cx symlist --json --limit 1000
assert_not_contains "$out" "package-lock"
assert_not_contains "$out" "data.plain"
assert_not_contains "$out" "data.huge\""
cx sym latin_fn; assert_rc 0
cx sym good_before; assert_rc 0 "a function before a syntax error is kept"
cx sym COMMON_VAR --json; assert_rc 0; assert_eq "$(jqv '.results[0].type')" variable
cx calls main; assert_rc 0; assert_contains "$out" "-> lib.common.helper_fn"
# a claimed 50 MB JSON under a raised limit: parsed, bounded
CODIRA_MAX_FILE_BYTES=104857600 run "$CODIRA" index --json --jobs 1 --full
assert_rc 0; assert_json
assert_eq "$(jqv '[.failures[]] | length')" 0
cx sym data.huge_schema --json; assert_rc 0; assert_eq "$(jqv ".results[0].type")" module
echo ok
