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
echo "Process start-up, measured the same way (\`/bin/true\`): $(for i in 1 2 3 4 5; do t0=$(date +%s%N); /bin/true; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); done | sort -n | sed -n 3p) ms."
echo
echo "| corpus | files | MB | symbols | ctags (same files) | ctags -R (whole tree) | codira first index | ratio to ctags (same files) | full rebuild (--full) | no-change index | one-file re-index | sym | peak RSS (first index) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
} | tee "$report"

for name in "${corpora[@]}"; do
  dir=$(corpus_dir "$name")
  state="$work/$name"
  opts=(--path "$dir" --output-dir "$state")
  # the file list codira indexes, for ctags over exactly the same files
  rm -rf "$state"
  "$codira" index "${opts[@]}" --explain --json > "$work/first.json"
  jq -r '.decisions[] | select(.action=="indexed" or .action=="failed") | .path | ltrimstr("'"$dir"'/")' \
    "$work/first.json" > "$work/files.txt"
  nfiles=$(wc -l < "$work/files.txt")
  mb=$(cd "$dir" && xargs -d '\n' du -cb < "$work/files.txt" | tail -n 1 | awk '{printf "%.1f", $1/1048576}')
  symbols=$(jq -r .summary.symbols "$work/first.json")

  ctags_runs=(); ctagsr_runs=(); first_runs=(); full_runs=(); nochange_runs=(); edit_runs=(); sym_runs=()
  for i in 1 2 3; do
    ctags_runs+=("$(cd "$dir" && time_ms ctags -f "$work/tags" -L "$work/files.txt")")
    ctagsr_runs+=("$(cd "$dir" && time_ms ctags -R -f "$work/tags" .)")
    rm -rf "$state"
    first_runs+=("$(time_ms "$codira" index "${opts[@]}")")
    full_runs+=("$(time_ms "$codira" index "${opts[@]}" --full)")
  done
  rm -rf "$state"
  peak=$(peak_kb "$codira" index "${opts[@]}")
  sleep 2.5   # past the window in which fresh mtimes are not trusted
  for i in $(seq 10); do nochange_runs+=("$(time_ms "$codira" index "${opts[@]}")"); done
  # one edited file: grow it by a comment line, re-index; restore it at the end
  victim="$dir/$(awk '/\.c$/ {last = $0; if (++n == 200) exit} END {print last}' "$work/files.txt")"
  cp -p "$victim" "$work/victim.bak"
  for i in 1 2 3 4 5; do
    printf '\n/* codira bench edit %s */\n' "$i" >> "$victim"
    touch -d "-$((10 - i)) seconds" "$victim"
    edit_runs+=("$(time_ms "$codira" index "${opts[@]}")")
  done
  cp -p "$work/victim.bak" "$victim"
  "$codira" index "${opts[@]}" > /dev/null
  case $name in
    git) sname=strbuf_addf ;;
    cpython) sname=PyList_New ;;
    *) sname=main ;;
  esac
  sleep 2.5
  "$codira" sym "$sname" "${opts[@]}" > /dev/null
  for i in $(seq 20); do sym_runs+=("$(time_ms "$codira" sym "$sname" "${opts[@]}")"); done
  c=$(printf '%s\n' "${ctags_runs[@]}" | median)
  f=$(printf '%s\n' "${first_runs[@]}" | median)
  ratio=$(awk -v a="$f" -v b="$c" 'BEGIN {printf "%.2fx", (b ? a/b : 0)}')
  printf '| %s | %s | %s | %s | %s ms | %s ms | %s ms | %s | %s ms | %s ms | %s ms | %s ms | %s MB |\n' \
    "$name" "$nfiles" "$mb" "$symbols" "$c" "$(printf '%s\n' "${ctagsr_runs[@]}" | median)" "$f" "$ratio" \
    "$(printf '%s\n' "${full_runs[@]}" | median)" \
    "$(printf '%s\n' "${nochange_runs[@]}" | median)" "$(printf '%s\n' "${edit_runs[@]}" | median)" \
    "$(printf '%s\n' "${sym_runs[@]}" | median)" "$(( peak / 1024 ))" | tee -a "$report"
done
echo
echo "Written to ${report#$top/}. Reproduce with: make bench"
