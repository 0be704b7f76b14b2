# One transaction per run: a run killed with SIGKILL leaves the previous index
# intact and answering; readers keep answering during a run.
source "$(dirname "$0")/lib.sh"
export CODIRA_PLUGIN_PATH="$CODIRA_BUILD/tests/plugins"
probe="$CODIRA_BUILD/tests/index_probe"

new_git_repo repo
for i in $(seq 1 40); do printf 'def old_%d\n' "$i" > "f$i.slow"; done
commit_all
age_files
CODIRA_TEST_SLOW_MS=0 cx index
assert_rc 0
before=$("$probe" .codira)
assert_contains "$before" "integrity=ok generation=1 files=40"

# change every file, then kill the run half-way
for i in $(seq 1 40); do printf 'def new_fn_%d\n' "$i" > "f$i.slow"; done
age_files
CODIRA_TEST_SLOW_MS=50 "$CODIRA" index --jobs 1 > /dev/null 2>&1 &
pid=$!
sleep 0.8
kill -0 "$pid" 2>/dev/null || fail "the index run finished before it could be killed"
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
after=$("$probe" .codira)
assert_eq "$after" "$before" "the killed run changed the stored index"

# readers during a run get the previous, consistent answers
CODIRA_TEST_SLOW_MS=40 "$CODIRA" index --jobs 1 > "$TMP/run.out" 2>&1 &
pid=$!
sleep 0.3
seen=0
while kill -0 "$pid" 2>/dev/null; do
  CODIRA_TEST_SLOW_MS=0 cx sym old_7 --json
  if kill -0 "$pid" 2>/dev/null; then
    assert_rc 0 "query during an index run"
    assert_json
    assert_eq "$(jqv '.results[0].name')" old_7
    assert_contains "$err" "an index run is in progress"
    seen=$((seen + 1))
  fi
  sleep 0.1
done
wait "$pid" || fail "the index run failed: $(cat "$TMP/run.out")"
[ "$seen" -ge 2 ] || fail "too few queries ran during the index run ($seen)"
# and afterwards the new state
CODIRA_TEST_SLOW_MS=0 cx sym new_fn_7 --json
assert_rc 0
assert_eq "$(jqv '.results[0].file')" "$PWD/f7.slow"
CODIRA_TEST_SLOW_MS=0 cx sym old_7
assert_rc 1
assert_contains "$("$probe" .codira)" "integrity=ok generation=2 files=40"
echo ok
