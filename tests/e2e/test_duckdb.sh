# The first-party duckdb backend: how it is built and loaded, where it keeps
# its index, what happens when another program writes that file, readers
# during an index run, leftovers of killed runs, damaged files, growth over
# many incremental runs, and a missing engine. (Answers equal to sqlite's
# are checked by test_backend_conformance.sh, crash safety by
# test_backend_rules.sh.)
source "$(dirname "$0")/lib.sh"
plugin="$CODIRA_BUILD/plugins/codira-backend-duckdb.so"
engine="$CODIRA_BUILD/duckdb/libcodira-duckdb.so"
[ -f "$plugin" ] && [ -f "$engine" ] || fail "the duckdb backend is not built (make duckdb)"
export CODIRA_INDEX_BACKEND=duckdb
lock="$CODIRA_BUILD/tests/lock_file"
cd "$TMP" # (plugin folders inside the repository at hand are never loaded)

# ---- build: only the engine links DuckDB ---------------------------------
needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' '; }
assert_not_contains "$(needed "$CODIRA")" libduckdb
assert_not_contains "$(needed "$plugin")" libduckdb
assert_contains "$(needed "$engine")" libduckdb.so

run "$CODIRA" plugins --json
assert_rc 0
assert_eq "$(jqv '.results[] | select(.name == "duckdb") | "\(.family) \(.status) \(.origin) \(.provider) \(.version)"')" \
  "backend loaded first_party codira 1"
# a process working with another backend never loads DuckDB
CODIRA_INDEX_BACKEND=sqlite LD_DEBUG=libs "$CODIRA" plugins > /dev/null 2> "$TMP/ld.txt"
! grep -q 'libduckdb' "$TMP/ld.txt" || fail "libduckdb.so was loaded by a sqlite process"

# ---- a repository --------------------------------------------------------
new_git_repo repo
cat > util.py <<'EOF'
def helper(x):
    """Double x."""
    return x * 2
EOF
cat > main.py <<'EOF'
from util import helper

def run():
    return helper(1) + helper(2)
EOF
commit_all
age_files
LD_DEBUG=libs "$CODIRA" index --json > "$TMP/idx.json" 2> "$TMP/ld.txt"
grep -q 'libduckdb' "$TMP/ld.txt" || fail "the duckdb engine was not loaded for an index run"
out=$(cat "$TMP/idx.json")
assert_eq "$(jqv .summary.backend)" duckdb
assert_eq "$(jqv .summary.files)" 2
[ -f .codira/index.duckdb ] || fail "no .codira/index.duckdb"
[ ! -e .codira/index.db ] || fail "the duckdb backend wrote a sqlite index"
ls .codira | grep -q '\.new\|\.wal' && fail "a committed run left files behind: $(ls .codira)"
cx calls helper --incoming --json
assert_rc 0
assert_eq "$(jqv '[.results[].caller_name] | join(",")')" run

# ---- another program writing index.duckdb --------------------------------
# DuckDB lets one process write a database file and nobody read it
# meanwhile. codira's own runs never do that (they write a copy and rename
# it), but another program might: queries then wait, and give up with one
# clear line after CODIRA_DUCKDB_LOCK_TIMEOUT_MS.
"$lock" .codira/index.duckdb 3 > "$TMP/lock.out" &
holder=$!
for _ in $(seq 1 50); do grep -q locked "$TMP/lock.out" 2>/dev/null && break; sleep 0.1; done
CODIRA_DUCKDB_LOCK_TIMEOUT_MS=300 cx sym helper
assert_rc 1
assert_contains "$err" "is locked by another process"
assert_contains "$err" "lock_file"
assert_eq "$(printf '%s\n' "$err" | wc -l)" 1 "one line on stderr"
echo 'def extra(): pass' >> util.py
CODIRA_DUCKDB_LOCK_TIMEOUT_MS=300 cx index
assert_rc 2 "a failed index run"
assert_contains "$err" "the previous index is unchanged"
# the default wait outlasts a short lock
cx sym extra --json
assert_rc 0
assert_eq "$(jqv '.results[0].name')" extra
wait "$holder" || true

# ---- readers never wait for an index run ---------------------------------
use_plugins slow_analyzer
export CODIRA_INDEX_BACKEND=duckdb
for i in $(seq 1 30); do printf 'def old_%d\n' "$i" > "f$i.slow"; done
commit_all
age_files
CODIRA_TEST_SLOW_MS=0 cx index
assert_rc 0
for i in $(seq 1 30); do printf 'def new_%d\n' "$i" > "f$i.slow"; done
age_files
CODIRA_TEST_SLOW_MS=60 "$CODIRA" index --jobs 1 > "$TMP/run.out" 2>&1 &
pid=$!
sleep 0.4
answered=0
while kill -0 "$pid" 2>/dev/null; do
  start=$(date +%s%N)
  CODIRA_TEST_SLOW_MS=0 cx sym old_7 --json
  took=$(( ($(date +%s%N) - start) / 1000000 ))
  kill -0 "$pid" 2>/dev/null || break
  [ "$took" -lt 1500 ] || fail "a query waited ${took} ms for the index run"
  if [ "$rc" = 1 ]; then
    # the run renamed its new index in place just before this query opened
    # it (it is still writing its state files): the new answers, whole
    CODIRA_TEST_SLOW_MS=0 cx sym new_7 --json
    assert_rc 0 "old_7 is gone, so the new index must answer"
    break
  fi
  assert_rc 0 "query during an index run"
  assert_eq "$(jqv '.results[0].name')" old_7
  answered=$((answered + 1))
  sleep 0.1
done
wait "$pid" || fail "the index run failed: $(cat "$TMP/run.out")"
[ "$answered" -ge 2 ] || fail "only $answered queries ran during the index run"
CODIRA_TEST_SLOW_MS=0 cx sym new_7 --json
assert_rc 0
assert_eq "$(jqv '.results[0].name')" new_7

# ---- leftovers of a killed run are removed -------------------------------
head -c 100000 /dev/urandom > .codira/index.duckdb.new
head -c 1000 /dev/urandom > .codira/index.duckdb.new.wal
printf 'def another(): pass\n' > another.py
commit_all
CODIRA_TEST_SLOW_MS=0 cx index --json
assert_rc 0
assert_eq "$(jqv .summary.full_rebuild_reason)" null
ls .codira | grep -q '\.new' && fail "a stale index.duckdb.new survived a run"
CODIRA_TEST_SLOW_MS=0 cx sym another --json
assert_eq "$(jqv '.results[0].name')" another

# ---- a damaged index is rebuilt, never read ------------------------------
head -c 300000 /dev/urandom > .codira/index.duckdb
CODIRA_TEST_SLOW_MS=0 cx sym helper --json
assert_rc 0
assert_eq "$(jqv '.results[0].name')" helper
assert_contains "$err" "rebuil"
head -c 300000 /dev/urandom > .codira/index.duckdb
CODIRA_TEST_SLOW_MS=0 cx index --json
assert_rc 0
assert_eq "$(jqv .summary.full_rebuild_reason)" "the index was unreadable"

# ---- many incremental runs: the file stays bounded -----------------------
unset CODIRA_PLUGIN_PATH
rm -f ./*.slow && commit_all
cx index --full
fresh=$(stat -c %s .codira/index.duckdb)
for i in $(seq 1 25); do
  printf 'def grow_%d():\n    return helper(%d)\n' "$i" "$i" >> main.py
  cx index
  assert_rc 0
done
size=$(stat -c %s .codira/index.duckdb)
# DuckDB keeps deleted rows until a row group is rewritten: the backend
# rewrites the file once it holds twice its live blocks (plus 2 MiB)
[ "$size" -le $((3 * fresh + 4 * 1024 * 1024)) ] || fail "index.duckdb grew from $fresh to $size bytes in 25 runs"
cx calls helper --incoming --json
assert_eq "$(jqv '[.results[].caller_name] | sort | length')" 26

# ---- a plugin without its engine fails with one clear line ---------------
mkdir -p "$TMP/inst/bin/plugins"
cp "$CODIRA" "$TMP/inst/bin/codira"
cp "$plugin" "$TMP/inst/bin/plugins/"
new_git_repo noengine
printf 'def a(): pass\n' > a.py
commit_all
run "$TMP/inst/bin/codira" index
[ "$rc" != 0 ] || fail "indexing without the DuckDB engine succeeded"
assert_contains "$err" "cannot load the DuckDB engine"
assert_eq "$(printf '%s\n' "$err" | wc -l)" 1 "one line on stderr"
[ ! -e .codira/index.duckdb ] || fail "a failed run left an index behind"
echo ok
