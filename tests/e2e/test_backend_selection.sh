# Backend selection: default sqlite, unknown names fail fast, first-party hint,
# an external backend plugin is used, duplicate names resolve deterministically.
source "$(dirname "$0")/lib.sh"
plugins="$CODIRA_BUILD/test-plugins"

new_git_repo repo
printf 'def alpha\n' > a.slow
commit_all
use_plugins slow_analyzer wrap_backend

# unknown backend: exit 2, one line naming the available backends, no state written
duck=; [ -f "$CODIRA_BUILD/plugins/codira-backend-duckdb.so" ] && duck="duckdb, "
for cmd in "index" "sym alpha" "symlist"; do
  CODIRA_INDEX_BACKEND=bogus cx $cmd
  assert_rc 2 "$cmd with an unknown backend"
  assert_contains "$err" "Unsupported codira backend 'bogus'. Available backends: ${duck}sqlite, wrapped"
  assert_eq "$(printf '%s\n' "$err" | wc -l)" 1 "one line on stderr"
  assert_eq "$out" "" "nothing on stdout"
  [ ! -e .codira ] || fail "$cmd with an unknown backend created .codira"
done

# a first-party name that is not installed: the installation hint (a copy of
# the binary without the build's plugins/ folder beside it)
mkdir -p "$TMP/bare"; cp "$CODIRA" "$TMP/bare/codira"
CODIRA_INDEX_BACKEND=duckdb run "$TMP/bare/codira" sym alpha
assert_rc 2
assert_contains "$err" "make duckdb"
assert_contains "$err" "make install"
[ ! -e .codira ] || fail "duckdb hint created .codira"

# default: sqlite
cx index --json
assert_rc 0
assert_json
assert_eq "$(jqv .summary.backend)" sqlite
assert_eq "$(jq -r .backend_name .codira/metadata.json)" sqlite
[ -f .codira/index.db ] || fail "sqlite index.db missing"

# an external backend from CODIRA_PLUGIN_PATH is used, and switching rebuilds
CODIRA_INDEX_BACKEND=wrapped cx index --json
assert_rc 0
assert_eq "$(jqv .summary.backend)" wrapped
assert_eq "$(jqv .summary.full_rebuild_reason)" "the index was built with another backend"
[ -f .codira/wrapped/index.db ] || fail "the wrapped backend did not write its own storage"
assert_eq "$(jq -r .backend_name .codira/metadata.json)" wrapped
CODIRA_INDEX_BACKEND=wrapped cx sym alpha --json
assert_rc 0
assert_eq "$(jqv '.results[0].name')" alpha
CODIRA_INDEX_BACKEND=wrapped cx plugins --json
assert_eq "$(jqv '.results[] | select(.name=="wrapped") | .active')" true
assert_eq "$(jqv '.results[] | select(.name=="wrapped") | .origin')" third_party
assert_eq "$(jqv '.results[] | select(.name=="wrapped") | .status')" loaded

# reading the index with the other backend is not silent: it rebuilds, and says so
cx sym alpha
assert_rc 0
assert_contains "$err" "built with backend 'wrapped'"

# duplicates: same name in two files; the winner depends on search path and
# file names only, never on creation order
mk_dups() { # DIR FIRST SECOND: create two copies in the given order
  mkdir -p "$1"; cp "$plugins/wrap_backend.so" "$1/$2"; sleep 0.01; cp "$plugins/wrap_backend.so" "$1/$3"
}
mk_dups "$TMP/p1" a_wrap.so b_wrap.so
mk_dups "$TMP/p2" b_wrap.so a_wrap.so
for dir in "$TMP/p1" "$TMP/p2"; do
  CODIRA_PLUGIN_PATH="$dir" cx plugins --json
  assert_rc 0
  assert_eq "$(jqv '[.results[] | select(.name=="wrapped" and .status=="loaded") | .file] | join(",")')" "$dir/a_wrap.so"
  assert_eq "$(jqv '[.results[] | select(.name=="wrapped" and .status=="duplicate") | .file] | join(",")')" "$dir/b_wrap.so"
  assert_contains "$(jqv '.results[] | select(.status=="duplicate") | .detail')" "kept $dir/a_wrap.so"
done
# across folders, CODIRA_PLUGIN_PATH order decides
CODIRA_PLUGIN_PATH="$TMP/p2:$TMP/p1" cx plugins --json
assert_eq "$(jqv '[.results[] | select(.name=="wrapped" and .status=="loaded") | .file] | join(",")')" "$TMP/p2/a_wrap.so"
assert_eq "$(jqv '[.results[] | select(.name=="wrapped" and .status=="duplicate")] | length')" 3
# a built-in name cannot be taken over
mkdir -p "$TMP/p3"; cp "$plugins/slow_analyzer.so" "$TMP/p3/python_clash.so"
CODIRA_PLUGIN_PATH="$TMP/p3" cx plugins
assert_contains "$out" "analyzer: slow [loaded]"
# plugins are never loaded from the repository being indexed
mkdir -p plugins_here; cp "$plugins/wrap_backend.so" plugins_here/
CODIRA_PLUGIN_PATH="$PWD/plugins_here" CODIRA_INDEX_BACKEND=wrapped cx sym alpha
assert_rc 2
assert_contains "$err" "Unsupported codira backend 'wrapped'"
CODIRA_PLUGIN_PATH="$PWD/plugins_here" cx plugins
assert_contains "$out" "inside the repository being indexed"
echo ok
