# Coverage: `cov` (text, JSON, exit codes, partial files of the index),
# `index --require-full-coverage` (refuses without touching the index),
# the coverage lines of the index report; and the capability contract
# `caps` (text, JSON, --strict with an analyzer whose declarations are
# incomplete).
source "$(dirname "$0")/lib.sh"

REASON="no registered analyzer accepts this file type/content combination"

new_git_repo r
mkdir -p src scripts docs tests src/build
printf 'def ok():\n    return 1\n' > src/app.py
printf 'int main(void) { return 0; }\n' > src/main.c
printf 'fn main() {}\n' > src/x.rs
printf 'fn y() {}\n' > src/Y.RS
printf '{"a": 1}\n' > scripts/run.json
printf 'GIF89a\0\0\1\0' > scripts/logo.gif          # binary: not an issue
printf 'echo hi\n' > tests/run.zsh                   # .sh is claimed (bash)
printf '# Guide\n' > docs/a.md                      # docs: root of markdown and text
printf 'Guide\n=====\n' > docs/b.rst
printf 'read me\n' > src/README.txt                 # ignored suffixes
printf 'all:\n' > src/Makefile
: > src/py.typed
printf 'fn gen() {}\n' > src/build/gen.rs           # skipped folder
commit_all
printf 'package main\n' > src/untracked.go          # not tracked: not a candidate
age_files

# the analyzers' versions, as registered (they change whenever their output does)
cx plugins --json
PYV=$(jqv '.results[] | select(.family == "analyzer" and .name == "python") | .version')
CV=$(jqv '.results[] | select(.family == "analyzer" and .name == "c") | .version')
CPPV=$(jqv '.results[] | select(.family == "analyzer" and .name == "cpp") | .version')
BV=$(jqv '.results[] | select(.family == "analyzer" and .name == "bash") | .version')
JV=$(jqv '.results[] | select(.family == "analyzer" and .name == "json") | .version')
MDV=$(jqv '.results[] | select(.family == "analyzer" and .name == "markdown") | .version')
TV=$(jqv '.results[] | select(.family == "analyzer" and .name == "text") | .version')
TGLOBS="*.txt, *.TXT, *.rst, *.RST, *.text, README, README.*, CHANGELOG, CHANGES, NEWS, HISTORY, AUTHORS, CONTRIBUTING, INSTALL, LICENSE, LICENCE, COPYING, NOTICE, FAQ, TODO, THANKS, BUGS, KNOWN_BUGS, HACKING, ROADMAP"

# ---- cov: text, JSON, never builds the index -------------------------------
cx cov --help; assert_rc 0; assert_contains "$out" "usage: codira cov"; assert_contains "$out" "Examples:"
cx cov
assert_rc 1 "cov text with issues"
assert_eq "$out" "Coverage complete: no
Active analyzers: 7
analyzer: bash version=$BV globs=*.sh, *.bash
analyzer: c version=$CV globs=*.c, *.h
analyzer: cpp version=$CPPV globs=*.cpp, *.cc, *.cxx, *.c++, *.hpp, *.hh, *.hxx, *.h++, *.ipp, *.tpp, *.inl, *.h
analyzer: json version=$JV globs=*.json
analyzer: markdown version=$MDV globs=*.md, *.MD, *.markdown, *.mdown, *.mkd
analyzer: python version=$PYV globs=*.py
analyzer: text version=$TV globs=$TGLOBS
Coverage issues: 4
coverage: .json x1 in scripts (.json, $REASON)
coverage: .rs x2 in src (.rs, $REASON)
coverage: .zsh x1 in tests (.zsh, $REASON)"
[ ! -e .codira ] || fail "cov must not build the index"

cx cov --json
assert_rc 0 "cov --json exits 0 even when incomplete"
assert_json
assert_eq "$(jqv '[.schema_version, .command, .status] | join(" ")')" "1.0 cov incomplete"
assert_eq "$(jqv '.query.coverage | [.source, (.patterns | join(",")), (.exclude_suffixes | length), (.resolved_roots | join(","))] | join(" ")')" \
  "analyzer-defaults docs,include,scripts,src,tests 0 docs,scripts,src,tests"
assert_eq "$(jqv '[.results[] | "\(.directory):\(.suffix):\(.path)"] | join(" ")')" \
  "scripts:.json:$PWD/scripts/run.json src:.rs:$PWD/src/Y.RS src:.rs:$PWD/src/x.rs tests:.zsh:$PWD/tests/run.zsh"
assert_eq "$(jqv '[.results[].reason] | unique | join(",")')" "$REASON"
assert_eq "$(jqv '[.analyzers[] | "\(.name)=\(.version):\(.discovery_globs | join("+"))"] | map(select(test("^(bash|c|json|python)="))) | join(" ")')" "bash=$BV:*.sh+*.bash c=$CV:*.c+*.h json=$JV:*.json python=$PYV:*.py"
assert_eq "$(jqv '[.analyzers[].name] | join(" ")')" "bash c cpp json markdown python text"
assert_eq "$(jqv 'keys_unsorted | join(",")')" "schema_version,command,status,query,results,analyzers"
[ ! -e .codira ] || fail "cov --json must not build the index"

cx cov --bogus; assert_rc 2; assert_eq "$out" ""
CODIRA_INDEX_BACKEND=bogus run "$CODIRA" cov; assert_rc 2; assert_contains "$err" "codira: "

# ---- index -C refuses and leaves no index ----------------------------------
cx index -C
assert_rc 2 "index -C with issues"
assert_contains "$err" "codira: coverage incomplete: install the missing analyzer plugins or rerun without --require-full-coverage"
assert_eq "$out" "Coverage issues: 4
coverage: .json x1 in scripts (.json, $REASON)
coverage: .rs x2 in src (.rs, $REASON)
coverage: .zsh x1 in tests (.zsh, $REASON)"
[ ! -e .codira/index.db ] || fail "index -C must not create the index"
cx index --require-full-coverage --json
assert_rc 2; assert_json
assert_eq "$(jqv .status)" coverage_incomplete
assert_eq "$(jqv .query.require_full_coverage)" true
assert_eq "$(jqv '.coverage_issues | length')" 4
assert_eq "$(jqv '[.summary.indexed, .summary.embedding_index_mode, .summary.analysis_concurrency.effective_strategy] | join(" ")')" "0 unknown unknown"
[ ! -e .codira/index.db ] || fail "index -C --json must not create the index"

# ---- a normal index reports the issues --------------------------------------
cx index
assert_rc 0 "index without -C indexes anyway"
assert_contains "$out" "Coverage issues: 4
coverage: .json x1 in scripts (.json, $REASON)"
[ -e .codira/index.db ] || fail "index must create the index"
cx index --json
assert_rc 0; assert_json
assert_eq "$(jqv .query.require_full_coverage)" false
assert_eq "$(jqv '[.coverage_issues[] | "\(.directory)/\(.suffix)"] | join(" ")')" "scripts/.json src/.rs src/.rs tests/.zsh"
assert_eq "$(jqv '.coverage_issues[0] | keys_unsorted | join(",")')" "path,directory,suffix,reason"
state_sum() { find .codira -type f | sort | xargs cksum; }
sum_before=$(state_sum)

# -C on an existing index changes nothing
cx index -C; assert_rc 2
assert_eq "$(state_sum)" "$sum_before" "index -C must leave the index as it was"

# ---- complete coverage ------------------------------------------------------
git rm -q src/x.rs src/Y.RS scripts/run.json tests/run.zsh
git commit -qm "drop unclaimed files"
cx cov; assert_rc 0; assert_contains "$out" "Coverage complete: yes"; assert_contains "$out" "Coverage issues: 0"
cx cov --json; assert_rc 0; assert_eq "$(jqv .status)" ok; assert_eq "$(jqv '.results | length')" 0
cx index -C; assert_rc 0 "index -C with full coverage"; assert_contains "$out" "Coverage issues: 0"
cx index -C --json; assert_rc 0; assert_eq "$(jqv .status)" ok; assert_eq "$(jqv '.coverage_issues | length')" 0

# ---- partial files ----------------------------------------------------------
mkdir -p tests && printf 'def broken(:\n    pass\n' > tests/test_broken.py
git add tests/test_broken.py && git commit -qm "broken file"
cx cov; assert_rc 0 "before indexing the partial file is unknown"
cx index
assert_rc 0
assert_contains "$out" "Coverage issues: 1
coverage: .py x1 in tests (.py, analysis is partial)"
cx cov
assert_rc 1 "cov reports partial files of the index"
assert_contains "$out" "coverage: .py x1 in tests (.py, analysis is partial)"
cx cov --json
assert_eq "$(jqv '[.status, .results[0].path, .results[0].reason] | join(" ")')" "incomplete $PWD/tests/test_broken.py analysis is partial"
cx index -C
assert_rc 2 "index -C with a partial file: indexed, but not complete"
assert_contains "$err" "coverage incomplete after indexing"
assert_contains "$out" "Coverage issues: 1"
cx index -C --json; assert_rc 2; assert_eq "$(jqv .status)" ok; assert_eq "$(jqv '.coverage_issues[0].reason')" "analysis is partial"

# ---- outside git: every file of the walk ------------------------------------
mkdir -p "$TMP/plain/src/node_modules" && cd "$TMP/plain"
printf 'x' > src/a.rs
printf 'x' > src/ignored.rs
printf 'ignored.rs\n' > .gitignore
printf 'x' > src/node_modules/b.rs
cx cov --json
assert_rc 0
assert_eq "$(jqv '[.results[].path] | join(" ")')" "$PWD/src/a.rs"

# ---- caps -------------------------------------------------------------------
cd "$TMP/r"
cx caps --help; assert_rc 0; assert_contains "$out" "usage: codira caps"; assert_contains "$out" "--strict"
cx caps
assert_rc 0
assert_contains "$out" "schema_version: 1.0"
assert_contains "$out" "commands: calls, caps, cov, index, plugins, refs, sym, symlist"
assert_contains "$out" "channels: symbol, call_graph, references"
assert_contains "$out" "plugin_families: analyzer, backend"
assert_contains "$out" "backend sqlite 3 (core)"
assert_contains "$out" "analyzer: c version=$CV language=C resolver=c"
assert_contains "$out" "  edge_kinds: call, ref:"
assert_contains "$out" "validation: ok"
assert_not_contains "$out" "validation_issues"
cx caps --json
assert_rc 0; assert_json
assert_eq "$(jqv 'keys_unsorted | join(",")')" "schema_version,commands,channels,plugin_families,plugins,analyzers,validation"
assert_eq "$(jqv '.commands | keys | join(",")')" "calls,caps,cov,index,plugins,refs,sym,symlist"
assert_eq "$(jqv '.commands.sym | keys_unsorted | join(",")')" "intent,channels,guarantee,limitations"
assert_eq "$(jqv '.commands.calls.channels | join(",")')" "call_graph"
assert_eq "$(jqv '[.channels[].name] | join(",")')" "symbol,call_graph,references"
assert_eq "$(jqv '.channels[] | select(.name == "references") | .commands | join(",")')" "refs,symlist"
assert_eq "$(jqv '[.plugin_families[].name] | join(",")')" "analyzer,backend"
# the first-party duckdb backend is there when the build made it (`make test` does)
duck=; [ -f "$CODIRA_BUILD/plugins/codira-backend-duckdb.so" ] && duck="backend:duckdb:first_party "
assert_eq "$(jqv '[.plugins[] | "\(.family):\(.name):\(.origin)"] | join(" ")')" "analyzer:bash:core analyzer:c:core analyzer:cpp:core analyzer:json:core analyzer:markdown:core analyzer:python:core analyzer:text:core ${duck}backend:sqlite:core"
assert_eq "$(jqv '.analyzers[0] | keys_unsorted | join(",")')" "name,version,language,patterns,kinds,edge_kinds,resolver,coverage_roots,doc_formats"
assert_eq "$(jqv '.analyzers[] | select(.name == "markdown") | [(.kinds | length), (.edge_kinds | length), (.doc_formats | join("+"))] | map(tostring) | join(" ")')" "0 0 markdown_section"
assert_eq "$(jqv '.analyzers[] | select(.name == "python") | [.resolver, (.coverage_roots | join("+")), (.edge_kinds | index("ref:base_class") != null)] | map(tostring) | join(" ")')" "python src+tests+scripts true"
assert_eq "$(jqv '.validation | "\(.status) \(.issues | length)"')" "ok 0"
cx caps --strict; assert_rc 0 "first-party declarations are complete"
cx caps --bogus; assert_rc 2; assert_eq "$out" ""

# an analyzer without edge kinds, with an unknown resolver and globbed roots
use_plugins roots_analyzer
cx caps
assert_rc 0 "caps is degraded, not failing, without --strict"
assert_contains "$out" "validation: degraded"
assert_contains "$out" "validation_issues: analyzer roots declares no edge kinds; analyzer roots names an unknown resolver 'magic'"
cx caps --json
assert_rc 0
assert_eq "$(jqv .validation.status)" degraded
assert_eq "$(jqv '.validation.issues | length')" 2
assert_eq "$(jqv '.analyzers[] | select(.name == "roots") | [.resolver, (.edge_kinds | length)] | map(tostring) | join(" ")')" "magic 0"
assert_eq "$(jqv '.plugins[] | select(.name == "roots") | .origin')" third_party
cx caps --strict
assert_rc 2 "caps --strict refuses incomplete declarations"
assert_eq "$out" ""
assert_contains "$err" "codira: invalid capability declarations: analyzer roots declares no edge kinds"
cx caps -s -j
assert_rc 2; assert_json; assert_eq "$(jqv .status)" error; assert_contains "$(jqv .error)" "invalid capability declarations"

# the plugin's roots and claims count for coverage
mkdir -p lib && printf 'RT claimed\n' > lib/a.rt && printf 'refused\n' > lib/b.rt
git add lib && git commit -qm "rt files"
cx cov --json
assert_contains "$(jqv '.query.coverage.patterns | join(",")')" "lib*"
assert_eq "$(jqv '.query.coverage.resolved_roots | join(",")')" "docs,docs/b.rst,lib,scripts,src,tests"
assert_eq "$(jqv '[.results[] | select(.directory == "lib") | .path] | join(" ")')" "$PWD/lib/b.rt"
echo ok
