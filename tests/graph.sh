#!/usr/bin/env bash
# Golden call graphs: every fixture repository tests/graph/<case>/ is copied
# to a temporary folder and indexed; then each line of tests/graph/<case>.cmds
# is run (`graph` prints every site with its resolution, through
# tests/tools/graph_dump; anything else is a codira command line) and the
# transcript (stdout, stderr lines prefixed "[stderr] ", the exit status)
# is compared with tests/graph/<case>.golden. The temporary root reads <ROOT>.
#
#   tests/graph.sh [BUILD_DIR]        compare (exit 1 on any difference)
#   UPDATE=1 tests/graph.sh [BUILD]   rewrite the .golden files (review the diff!)
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
codira="$here/../$build/codira"
dump="$here/../$build/tests/graph_dump"
[ -x "$dump" ] || { echo "graph: $dump not built (make tools)"; exit 2; }
unset CODIRA_INDEX_BACKEND CODIRA_PLUGIN_PATH CODIRA_TARGET_DIR CODIRA_OUTPUT_DIR
fail=0 count=0
work=$(mktemp -d /tmp/codira-graph.XXXXXX)
trap 'rm -rf "$work"' EXIT
for cmds in "$here"/graph/*.cmds; do
  case=$(basename "$cmds" .cmds)
  root="$work/$case"
  cp -r "$here/graph/$case" "$root"
  if ! (cd "$root" && "$codira" index > /dev/null 2> "$work/index.err"); then
    echo "graph: FAIL $case: index failed"; cat "$work/index.err"; fail=1; continue
  fi
  transcript="$work/$case.out"
  : > "$transcript"
  while IFS= read -r line; do
    [ -z "$line" ] && continue
    case $line in '#'*) continue ;; esac
    count=$((count + 1))
    echo "\$ $line" >> "$transcript"
    read -r -a args <<< "$line"
    if [ "$line" = graph ]; then
      (cd "$root" && "$dump") > "$work/o" 2> "$work/e"
    else
      (cd "$root" && "$codira" "${args[@]}") > "$work/o" 2> "$work/e"
    fi
    rc=$?
    cat "$work/o" >> "$transcript"
    sed 's/^/[stderr] /' "$work/e" >> "$transcript"
    echo "[exit $rc]" >> "$transcript"
  done < "$cmds"
  sed -i "s|$root|<ROOT>|g" "$transcript"
  want="$here/graph/$case.golden"
  if [ "${UPDATE:-}" = 1 ]; then
    cp "$transcript" "$want"
  elif [ ! -f "$want" ]; then
    echo "graph: missing $want (run UPDATE=1 $0)"; fail=1
  elif ! diff -u "$want" "$transcript" > "$work/diff"; then
    echo "graph: FAIL $case"; head -n 60 "$work/diff"; fail=1
  fi
done
echo "graph: $count commands, $([ $fail = 0 ] && echo ok || echo FAILED)"
exit $fail
