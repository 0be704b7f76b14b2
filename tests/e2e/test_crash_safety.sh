# One transaction per run: a run killed with SIGKILL leaves the previous index
# intact and answering; readers keep answering during a run.
source "$(dirname "$0")/lib.sh"
use_plugins slow_analyzer
probe="$CODIRA_BUILD/tests/index_probe"

new_git_repo repo
for i in $(seq 1 40); do printf 'def old_%d\n' "$i" > "f$i.slow"; done
commit_all
age_files

# a first run killed half-way (a brand-new index, written with a rollback
# journal): nothing half-built is ever read, the next run starts clean
CODIRA_TEST_SLOW_MS=50 "$CODIRA" index --jobs 1 > /dev/null 2>&1 &
pid=$!
sleep 0.8
kill -0 "$pid" 2>/dev/null || fail "the first index run finished before it could be killed"
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
[ ! -f .codira/metadata.json ] || fail "a killed first run left metadata behind"
CODIRA_TEST_SLOW_MS=0 cx sym old_3 --json
assert_rc 0 "the index is built on the next query"
assert_contains "$err" "no index yet"
assert_contains "$("$probe" .codira)" "integrity=ok generation=1 files=40"
rm -rf .codira

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

# readers during a run get consistent answers: the whole previous index or
# the whole new one, never a mix
names() { jqv '[.symbols[] | select(.type=="function") | .name] | sort | join(" ")'; }
old_set=$(for i in $(seq 1 40); do echo "old_$i"; done | sort | tr '\n' ' ' | sed 's/ $//')
new_set=$(for i in $(seq 1 40); do echo "new_fn_$i"; done | sort | tr '\n' ' ' | sed 's/ $//')
CODIRA_TEST_SLOW_MS=40 "$CODIRA" index --jobs 1 > "$TMP/run.out" 2>&1 &
pid=$!
sleep 0.3
old_answers=0
while kill -0 "$pid" 2>/dev/null; do
  CODIRA_TEST_SLOW_MS=0 cx symlist --json
  assert_rc 0 "query during an index run"
  assert_json
  got=$(names)
  if [ "$got" = "$old_set" ]; then
    old_answers=$((old_answers + 1))
    assert_contains "$err" "an index run is in progress"
  elif [ "$got" != "$new_set" ]; then
    fail "a query during the run saw a mix of old and new symbols: $got"
  fi
  sleep 0.1
done
wait "$pid" || fail "the index run failed: $(cat "$TMP/run.out")"
[ "$old_answers" -ge 2 ] || fail "too few queries answered during the index run ($old_answers)"
# and afterwards the new state
CODIRA_TEST_SLOW_MS=0 cx sym new_fn_7 --json
assert_rc 0
assert_eq "$(jqv '.results[0].file')" "$PWD/f7.slow"
CODIRA_TEST_SLOW_MS=0 cx sym old_7
assert_rc 1
assert_contains "$("$probe" .codira)" "integrity=ok generation=2 files=40"
echo ok
