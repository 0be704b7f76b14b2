#!/usr/bin/env bash
# Run the whole suite against one or more build folders:
#   tests/run.sh build build-asan
# For each build: unit tests (cmocka), analyzer golden records, end-to-end
# tests (tests/e2e/*.sh). The sanitizer build runs with ASan/UBSan halting
# on the first report. Exit status is non-zero when anything failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:halt_on_error=1:detect_leaks=1:exitcode=99}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1:exitcode=99}
# LeakSanitizer cannot run under ptrace (some sandboxes); detect it once
if [ -x "$top/build-asan/codira" ] && ! "$top/build-asan/codira" --version >/dev/null 2>&1; then
  export ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0"
fi
failed=()
total=0
for build in "${@:-build}"; do
  bdir="$top/$build"
  echo "== $build: unit tests"
  for t in "$bdir"/tests/test_*; do
    [ -x "$t" ] || continue
    total=$((total + 1))
    if ! (cd "$top" && "$t") > "/tmp/codira-unit.$$.log" 2>&1; then
      cat "/tmp/codira-unit.$$.log"; failed+=("$build: $(basename "$t")")
    else
      tail -n 1 "/tmp/codira-unit.$$.log"
    fi
  done
  echo "== $build: analyzer golden records"
  total=$((total + 1))
  "$here/golden.sh" "$build" || failed+=("$build: golden")
  echo "== $build: golden call graphs"
  total=$((total + 1))
  "$here/graph.sh" "$build" || failed+=("$build: graph")
  # corpus-wide checks run on every symbol in the plain build, on a sample
  # under the sanitizers (each process is several times slower there)
  sample=1
  case $build in *asan*) sample=20 ;; esac
  echo "== $build: end-to-end"
  for t in "$here"/e2e/test_*.sh; do
    [ -f "$t" ] || continue
    total=$((total + 1))
    name=$(basename "$t" .sh)
    start=$(date +%s)
    if CODIRA="$bdir/codira" CODIRA_BUILD="$bdir" CODIRA_TOP="$top" CODIRA_TEST_SAMPLE=$sample bash "$t" > "/tmp/codira-e2e.$$.log" 2>&1; then
      echo "ok   $name ($(( $(date +%s) - start )) s)"
    else
      echo "FAIL $name"; sed 's/^/     /' "/tmp/codira-e2e.$$.log" | tail -n 40
      failed+=("$build: $name")
    fi
  done
done
rm -f /tmp/codira-unit.$$.log /tmp/codira-e2e.$$.log
echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED ${#failed[@]} of $total:"; printf '  %s\n' "${failed[@]}"; exit 1
fi
echo "all $total test groups passed"
