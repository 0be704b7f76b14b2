#!/usr/bin/env bash
# `make bench`: index real corpora with codira and, in the same run, measure
# ctags -R over the same files. Prints a Markdown report (also written to
# bench/results/). Timings are wall-clock medians of repeated runs.
#
#   bench/run.sh [CORPUS...]      default: git cpython
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
CODIRA_TOP=$top
source "$top/tests/corpora.sh"
codira="$top/build/codira"
corpora=("$@"); [ ${#corpora[@]} -gt 0 ] || corpora=(git cpython)
work=$(mktemp -d /tmp/codira-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$top/bench/results"
report="$top/bench/results/$(date +%Y-%m-%d-%H%M%S).md"

ms() { echo $(( ($2 - $1) / 1000000 )); }
now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
# time_ms CMD...: wall time of one run in ms
time_ms() { local t0 t1; t0=$(now); "$@" > /dev/null 2>&1; t1=$(now); ms "$t0" "$t1"; }
# peak_kb CMD...: peak resident memory
peak_kb() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1; }

{
echo "# codira benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "Machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(free -g | awk '/Mem:/ {print $2}') GiB."
echo "codira $("$codira" -V | head -n 1 | cut -d' ' -f2), $(ctags --version | head -n 1)."
echo
echo "| corpus | files | MB | symbols | ctags -R | codira full index | ratio | no-change index | one-file re-index | sym | peak RSS (full index) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
} | tee "$report"

for name in "${corpora[@]}"; do
  dir=$(corpus_dir "$name")
  state="$work/$name"
  opts=(--path "$dir" --output-dir "$state")
  # the file list codira indexes, for ctags over exactly the same files
  "$codira" index "${opts[@]}" --explain --json > "$work/first.json"
  jq -r '.decisions[] | select(.action=="indexed" or .action=="failed") | .path' "$work/first.json" > "$work/files.txt"
  nfiles=$(wc -l < "$work/files.txt")
  mb=$(xargs -d '\n' du -cb < "$work/files.txt" | tail -n 1 | awk '{printf "%.1f", $1/1048576}')
  symbols=$(jq -r .summary.symbols "$work/first.json")

  ctags_runs=(); full_runs=(); nochange_runs=(); edit_runs=(); sym_runs=()
  for i in 1 2 3; do
    ctags_runs+=("$(time_ms ctags -f "$work/tags" -L "$work/files.txt")")
    full_runs+=("$(time_ms "$codira" index "${opts[@]}" --full)")
  done
  for i in $(seq 10); do nochange_runs+=("$(time_ms "$codira" index "${opts[@]}")"); done
  # one edited file: grow it by a comment line, re-index, restore
  victim=$(grep -E '\.(c|py)$' "$work/files.txt" | head -n 200 | tail -n 1)
  cp "$victim" "$work/victim.bak"
  for i in 1 2 3 4 5; do
    printf '\n/* codira bench edit %s */\n' "$i" >> "$victim"
    case $victim in *.py) sed -i '$ s|/\* \(.*\) \*/|# \1|' "$victim" ;; esac
    edit_runs+=("$(time_ms "$codira" index "${opts[@]}")")
  done
  cp "$work/victim.bak" "$victim"
  "$codira" index "${opts[@]}" > /dev/null
  case $name in
    git) sname=strbuf_addf ;;
    cpython) sname=PyList_New ;;
    *) sname=main ;;
  esac
  for i in $(seq 20); do sym_runs+=("$(time_ms "$codira" sym "$sname" "${opts[@]}")"); done
  peak=$(peak_kb "$codira" index "${opts[@]}" --full)
  c=$(printf '%s\n' "${ctags_runs[@]}" | median)
  f=$(printf '%s\n' "${full_runs[@]}" | median)
  ratio=$(awk -v a="$f" -v b="$c" 'BEGIN {printf "%.2fx", (b ? a/b : 0)}')
  printf '| %s | %s | %s | %s | %s ms | %s ms | %s | %s ms | %s ms | %s ms | %s MB |\n' \
    "$name" "$nfiles" "$mb" "$symbols" "$c" "$f" "$ratio" \
    "$(printf '%s\n' "${nochange_runs[@]}" | median)" "$(printf '%s\n' "${edit_runs[@]}" | median)" \
    "$(printf '%s\n' "${sym_runs[@]}" | median)" "$(( peak / 1024 ))" | tee -a "$report"
done
echo
echo "Written to ${report#$top/}. Reproduce with: make bench"
