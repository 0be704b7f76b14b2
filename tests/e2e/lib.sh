# Shared helpers for the end-to-end tests. Each test is a bash script run
# with CODIRA (the binary under test), CODIRA_BUILD and CODIRA_TOP set.
set -euo pipefail
: "${CODIRA:?CODIRA must point at the codira binary}"
CODIRA_BUILD=${CODIRA_BUILD:-$(dirname "$CODIRA")}
CODIRA_TOP=${CODIRA_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
TMP=$(mktemp -d /tmp/codira-e2e.XXXXXX)
chmod 755 "$TMP"
trap 'rm -rf "$TMP"' EXIT
unset CODIRA_INDEX_BACKEND CODIRA_PLUGIN_PATH CODIRA_TARGET_DIR CODIRA_OUTPUT_DIR CODIRA_MAX_FILE_BYTES
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com

fail() { echo "FAIL: $*" >&2; exit 1; }

# use_plugins NAME...: put these test plugins (tests/plugins/NAME.c) in a
# folder of their own and point CODIRA_PLUGIN_PATH at it
use_plugins() {
  mkdir -p "$TMP/plugins"
  local n
  for n in "$@"; do cp "$CODIRA_BUILD/test-plugins/$n.so" "$TMP/plugins/"; done
  export CODIRA_PLUGIN_PATH="$TMP/plugins"
}

# run CMD...: sets $out, $err, $rc without aborting on failure
run() {
  set +e
  "$@" > "$TMP/.out" 2> "$TMP/.err"
  rc=$?
  set -e
  out=$(cat "$TMP/.out"); err=$(cat "$TMP/.err")
}

# cx ARGS...: run codira in the current folder
cx() { run "$CODIRA" "$@"; }

assert_rc() { [ "$rc" = "$1" ] || fail "expected exit $1, got $rc${2:+ ($2)}; stdout: ${out:0:400}; stderr: ${err:0:400}"; }
assert_eq() { [ "$1" = "$2" ] || fail "expected [$2], got [$1]${3:+ ($3)}"; }
assert_contains() { [[ "$1" == *"$2"* ]] || fail "expected to find [$2] in: ${1:0:600}"; }
assert_not_contains() { [[ "$1" != *"$2"* ]] || fail "did not expect [$2] in: ${1:0:600}"; }
# jqv FILTER: evaluate on $out (must be valid JSON)
jqv() { printf '%s' "$out" | jq -r "$1"; }
assert_json() { printf '%s' "$out" | jq -e . > /dev/null || fail "stdout is not valid JSON: ${out:0:300}"; }

# new_git_repo NAME: create and enter a git repository under $TMP
new_git_repo() {
  mkdir -p "$TMP/$1"; cd "$TMP/$1"
  git init -q .
  git config commit.gpgsign false
}
commit_all() { git add -A && git commit -qm "${1:-change}"; }

# Put mtimes safely in the past, so that stat-based reuse is exercised
# rather than the "too recent to trust" path.
age_files() { find . -path ./.git -prune -o -path ./.codira -prune -o -type f -exec touch -d '-10 seconds' {} +; }
# The same for folders too: a folder changed within codira's racy window is
# not trusted by the scan cache, so the first queries after an index run
# would refresh the index (and say so on stderr, or race to do it).
age_tree() { find . -path ./.git -prune -o -path ./.codira -prune -o -exec touch -h -d '-10 seconds' {} +; }

# ---- the backends of this build ------------------------------------------
# build_demo_backend DIR: build examples/plugins/codira_demo_backend into DIR
# with its own Makefile, as a third party would
build_demo_backend() {
  make -s -C "$CODIRA_TOP/examples/plugins/codira_demo_backend" OUT="$1" > "$TMP/demo-backend.log" 2>&1 \
    || { cat "$TMP/demo-backend.log" >&2; fail "the demo backend does not build"; }
  [ -f "$1/codira_demo_backend.so" ] || fail "no codira_demo_backend.so in $1"
}

# setup_backends: build the demo backend into $TMP/backend-plugins, point
# CODIRA_PLUGIN_PATH there, and set BACKENDS to every backend this build
# has: sqlite (built in) first, then the others by name: demo, and whatever
# the build loads from its own plugins/ folder (duckdb, once built). Asks
# codira itself, from a folder of its own (plugins are never loaded from
# inside the repository being worked on).
setup_backends() {
  BACKEND_PLUGINS="$TMP/backend-plugins"
  build_demo_backend "$BACKEND_PLUGINS"
  export CODIRA_PLUGIN_PATH="$BACKEND_PLUGINS"
  mkdir -p "$TMP/.backends-probe"
  local json
  json=$(cd "$TMP/.backends-probe" && "$CODIRA" plugins --json) || fail "codira plugins failed"
  BACKENDS=(sqlite)
  local b
  for b in $(printf '%s' "$json" | jq -r '[.results[] | select(.family == "backend" and .status == "loaded") | .name] | sort | .[]'); do
    [ "$b" = sqlite ] || BACKENDS+=("$b")
  done
  [[ " ${BACKENDS[*]} " == *" demo "* ]] || fail "the demo backend did not load: $(printf '%s' "$json" | jq -c '.results[] | select(.family != "analyzer")')"
  # a first-party backend built next to codira must load, not be skipped
  if [ -f "$CODIRA_BUILD/plugins/codira-backend-duckdb.so" ] && [[ " ${BACKENDS[*]} " != *" duckdb "* ]]; then
    fail "$CODIRA_BUILD/plugins/codira-backend-duckdb.so exists but did not load: $(printf '%s' "$json" | jq -c '.results[] | select(.family != "analyzer")')"
  fi
  echo "backends: ${BACKENDS[*]}"
}

# backend_so NAME: the shared object that provides backend NAME ("" when built in)
backend_so() {
  (cd "$TMP/.backends-probe" && "$CODIRA" plugins --json) |
    jq -r --arg n "$1" '.results[] | select(.family == "backend" and .name == $n and .status == "loaded") | .file // ""'
}
