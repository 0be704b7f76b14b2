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
