#!/usr/bin/env bash
# Golden-record tests for analyzers: for every fixture
# tests/analyzers/<analyzer>/<case>.<ext>, run analyze_dump and compare with
# <case>.<ext>.golden next to it. The folder's own README.md describes the
# fixtures and is not one.
#
#   tests/golden.sh [BUILD_DIR]        compare (exit 1 on any difference)
#   UPDATE=1 tests/golden.sh [BUILD]   rewrite the .golden files (review the diff!)
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
dump="$here/../$build/tests/analyze_dump"
[ -x "$dump" ] || { echo "golden: $dump not built (make tools)"; exit 2; }
fail=0 count=0
for dir in "$here"/analyzers/*/; do
  analyzer=$(basename "$dir")
  # fixtures may live in subfolders (package layouts); paths stay relative to $dir
  while IFS= read -r rel; do
    want="$dir$rel.golden"
    got=$(cd "$dir" && "$dump" --analyzer "$analyzer" --root . "$rel" 2>&1)
    count=$((count + 1))
    if [ "${UPDATE:-}" = 1 ]; then
      printf '%s\n' "$got" > "$want"
    elif [ ! -f "$want" ]; then
      echo "golden: missing $want (run UPDATE=1 $0)"; fail=1
    elif ! diff -u "$want" <(printf '%s\n' "$got") > /tmp/golden.diff.$$; then
      echo "golden: FAIL $analyzer/$rel"; head -n 40 /tmp/golden.diff.$$; fail=1
    fi
  done < <(cd "$dir" && find . -type f ! -name '*.golden' ! -path ./README.md | sed 's|^\./||' | LC_ALL=C sort)
done
rm -f /tmp/golden.diff.$$
echo "golden: $count fixtures, $([ $fail = 0 ] && echo ok || echo FAILED)"
exit $fail
