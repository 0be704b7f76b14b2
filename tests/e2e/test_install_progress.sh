# `make install` honours PREFIX and DESTDIR; the installed binary runs; long
# runs show progress on a terminal (stderr), never in --json output.
source "$(dirname "$0")/lib.sh"
build=$(basename "$CODIRA_BUILD")

make -s -C "$CODIRA_TOP" install BUILD="$build" PREFIX=/opt/cx DESTDIR="$TMP/stage" > "$TMP/install.log" 2>&1 \
  || fail "make install failed: $(cat "$TMP/install.log")"
for f in bin/codira include/codira/codira.h include/codira/analyzer.h include/codira/backend.h include/codira/plugin.h; do
  [ -e "$TMP/stage/opt/cx/$f" ] || fail "make install did not install $f"
done
[ -d "$TMP/stage/opt/cx/lib/codira/plugins" ] || fail "no plugin folder installed"
run "$TMP/stage/opt/cx/bin/codira" -V
assert_rc 0
assert_contains "$out" "backend sqlite"

# the first-party duckdb backend is installed with its engine and DuckDB,
# and works from there
for f in lib/codira/plugins/codira-backend-duckdb.so lib/codira/duckdb/libcodira-duckdb.so lib/codira/duckdb/libduckdb.so; do
  [ -f "$TMP/stage/opt/cx/$f" ] || fail "make install did not install $f"
done
new_git_repo installed
printf 'def alpha():\n    return beta()\n\ndef beta():\n    return 1\n' > m.py
commit_all
CODIRA_INDEX_BACKEND=duckdb run "$TMP/stage/opt/cx/bin/codira" index --json
assert_rc 0
assert_eq "$(jqv .summary.backend)" duckdb
CODIRA_INDEX_BACKEND=duckdb run "$TMP/stage/opt/cx/bin/codira" calls beta --incoming --json
assert_rc 0
assert_eq "$(jqv '[.results[].caller_name] | join(",")')" alpha
[ -f .codira/index.duckdb ] || fail "the installed duckdb backend wrote no index.duckdb"
cd "$TMP"

# progress on a terminal: only for text output, only on stderr
use_plugins slow_analyzer
export CODIRA_TEST_SLOW_MS=20
new_git_repo r
for i in $(seq 1 20); do printf 'def f%d\n' "$i" > "m$i.slow"; done
commit_all
script -qec "$CODIRA index --jobs 1 2>&1 >/dev/null" /dev/null > "$TMP/tty.txt"
grep -q 'codira: indexing \[' "$TMP/tty.txt" || fail "no progress bar on a terminal: $(cat -v "$TMP/tty.txt")"
script -qec "$CODIRA index --full --json --jobs 1" /dev/null > "$TMP/tty-json.txt"
! grep -q 'indexing \[' "$TMP/tty-json.txt" || fail "progress leaked into --json output"
run "$CODIRA" index --full
assert_not_contains "$err" "indexing ["
echo ok
