#!/usr/bin/env bash
# `make bench`: index real corpora with codira and, in the same run, time
# ctags over the same files (and ctags -R over the whole tree). Timings are
# hyperfine medians; the report is printed and written to bench/results/.
#
#   bench/run.sh [CORPUS...]      default: git cpython
#   CODIRA_BENCH_THROUGHPUT="fmt git"  corpora of the per-language throughput table
#   CODIRA_BENCH_BACKENDS="cpython"    corpora of the sqlite/duckdb table (bench/backends.sh)
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

source "$top/bench/lib.sh"

{
echo "# codira benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "Machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(free -g | awk '/Mem:/ {print $2}') GiB."
echo "codira $("$codira" -V | head -n 1 | cut -d' ' -f2), $(ctags --version | head -n 1 | cut -d, -f1), hyperfine $(hyperfine --version | cut -d' ' -f2)."
echo "Process start-up (\`/bin/true\`, same method): $(hf true 30 -N /bin/true) ms."
echo
echo "| corpus | files | MB | symbols | ctags, same files | ctags -R, whole tree | codira first index | ratio to same files | ratio to -R | --full rebuild | no-change index | one file edited | sym | peak RSS |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
} | tee "$report"

for name in "${corpora[@]}"; do
  dir=$(corpus_dir "$name")
  state="$work/$name"
  opts="--path $dir --output-dir $state"
  # the files codira indexes, for ctags over exactly the same files
  rm -rf "$state"
  "$codira" index $opts --explain --json > "$work/first.json"
  jq -r '.decisions[] | select(.action=="indexed" or .action=="failed") | .path | ltrimstr("'"$dir"'/")' \
    "$work/first.json" > "$work/files.txt"
  nfiles=$(wc -l < "$work/files.txt")
  mb=$(cd "$dir" && xargs -d '\n' du -cb < "$work/files.txt" | tail -n 1 | awk '{printf "%.1f", $1/1048576}')
  symbols=$(jq -r .summary.symbols "$work/first.json")
  case $name in
    git) sname=strbuf_addf ;;
    cpython) sname=PyList_New ;;
    *) sname=main ;;
  esac

  ctags_same=$(cd "$dir" && hf ctags 5 -N "ctags -f $work/tags -L $work/files.txt")
  ctags_tree=$(cd "$dir" && hf ctagsR 5 -N "ctags -R -f $work/tags .")
  first=$(hf first 5 --prepare "rm -rf $state" "$codira index $opts")
  full=$(hf full 5 -N "$codira index $opts --full")
  peak=$(rm -rf "$state"; peak_mb "$codira" index $opts)
  sleep 2.5   # past the window in which fresh mtimes are not trusted
  nochange=$(hf nochange 20 -N "$codira index $opts")
  # one edited file: a comment line appended before each run, restored after
  victim="$dir/$(awk '/\.c$/ {last = $0; if (++n == 200) exit} END {print last}' "$work/files.txt")"
  cp -p "$victim" "$work/victim.bak"
  edit=$(hf edit 10 --prepare "printf '/* bench */\n' >> $victim; touch -d '-10 seconds' $victim" \
    "$codira index $opts")
  cp -p "$work/victim.bak" "$victim"
  "$codira" index $opts > /dev/null
  sleep 2.5
  sym=$(hf sym 30 -N --warmup 3 "$codira sym $sname $opts")
  ratio=$(awk -v a="$first" -v b="$ctags_same" 'BEGIN {printf "%.2fx", (b ? a/b : 0)}')
  ratio_r=$(awk -v a="$first" -v b="$ctags_tree" 'BEGIN {printf "%.2fx", (b ? a/b : 0)}')
  printf '| %s | %s | %s | %s | %s ms | %s ms | %s ms | %s | %s | %s ms | %s ms | %s ms | %s ms | %s MB |\n' \
    "$name" "$nfiles" "$mb" "$symbols" "$ctags_same" "$ctags_tree" "$first" "$ratio" "$ratio_r" \
    "$full" "$nochange" "$edit" "$sym" "$peak" | tee -a "$report"
done

# --- the call graph, on git: callers of a function with ~1,000 call sites
# against cscope and GNU Global (their databases built beforehand; they do
# not check whether the tree changed, codira does), and re-indexing the file
# that most of the repository calls into
if printf '%s\n' "${corpora[@]}" | grep -qx git; then
  dir=$(corpus_dir git)
  state="$work/graph-git"
  opts="--path $dir --output-dir $state"
  fn=strbuf_addstr
  "$codira" index $opts > /dev/null
  (cd "$work" && cscope -b -q -k -R -s "$dir" -f "$work/cscope.out")
  mkdir -p "$work/gtags" && (cd "$dir" && gtags "$work/gtags")
  sites=$("$codira" calls $fn --incoming --json $opts | jq '[.results[].sites | length] | add')
  callers=$("$codira" calls $fn --incoming --json $opts | jq '.results | length')
  n_cscope=$(cscope -d -L -3 $fn -f "$work/cscope.out" | wc -l)
  n_global=$(cd "$dir" && GTAGSROOT="$dir" GTAGSDBPATH="$work/gtags" global -rx $fn | wc -l)
  sleep 2.5
  t_text=$(hf cx 30 -N --warmup 3 "$codira calls $fn --incoming $opts")
  t_json=$(hf cxj 30 -N --warmup 3 "$codira calls $fn --incoming --json $opts")
  t_cscope=$(hf cs 30 -N --warmup 3 "cscope -d -L -3 $fn -f $work/cscope.out")
  t_global=$(cd "$dir" && hf gl 30 -N --warmup 3 "env GTAGSROOT=$dir GTAGSDBPATH=$work/gtags global -rx $fn")
  heavy="$dir/strbuf.c"
  cp -p "$heavy" "$work/heavy.bak"
  t_heavy=$(hf heavy 10 --prepare "printf '/* bench */\n' >> $heavy; touch -d '-10 seconds' $heavy" \
    "$codira index $opts")
  printf '/* bench */\n' >> "$heavy"; touch -d '-10 seconds' "$heavy"
  relinked=$("$codira" index $opts --json | jq .summary.call_graph.sites_resolved)
  cp -p "$work/heavy.bak" "$heavy"
  "$codira" index $opts > /dev/null
  {
    echo
    echo "Call graph on git: \`calls $fn --incoming\` ($sites call sites in $callers callers; cscope lists $n_cscope lines, global $n_global)."
    echo
    echo "| codira text | codira --json | cscope -d -L -3 | global -rx | ratio to cscope | ratio to global | re-index strbuf.c (sites resolved again) |"
    echo "|---|---|---|---|---|---|---|"
    printf '| %s ms | %s ms | %s ms | %s ms | %s | %s | %s ms (%s) |\n' "$t_text" "$t_json" "$t_cscope" "$t_global" \
      "$(awk -v a="$t_text" -v b="$t_cscope" 'BEGIN {printf "%.2fx", (b ? a/b : 0)}')" \
      "$(awk -v a="$t_text" -v b="$t_global" 'BEGIN {printf "%.2fx", (b ? a/b : 0)}')" "$t_heavy" "$relinked"
  } | tee -a "$report"
fi
# --- analysis throughput per language, one core: every file of a corpus
# is routed as `codira index` would, then each analyzer's files are read and
# analysed on one thread (build/tests/analyze_bench, no storage), against
# ctags forced to the same language over exactly the same files
declare -A CTAGS_LANG=([python]=Python [c]=C [cpp]=C++ [bash]=Sh [json]=JSON [markdown]=Markdown [text]=ReStructuredText)
tp_corpora=(${CODIRA_BENCH_THROUGHPUT:-leveldb fmt rocksdb curl pillow cpython git jinja2})
{
  echo
  echo "Analysis throughput per language, one core (\`build/tests/analyze_bench\` vs \`ctags -f - --language-force=L -L files\`, hyperfine medians):"
  echo
  echo "| corpus | analyzer | files | MB | codira | files/s | MB/s | ctags | ctags MB/s | ratio |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
} | tee -a "$report"
for name in "${tp_corpora[@]}"; do
  dir=$(corpus_dir "$name")
  rm -rf "$work/lists" && mkdir -p "$work/lists"
  "$top/build/tests/analyze_bench" --root "$dir" --lists "$work/lists" > "$work/routes.txt"
  while read -r an nfiles nbytes; do
    [ "$nfiles" -ge 5 ] || continue   # a handful of files measures start-up only
    list="$work/lists/$an.txt"
    t=$(hf "tp-$an" 3 -N "$top/build/tests/analyze_bench --root $dir --analyzer $an --list $list")
    lang=${CTAGS_LANG[$an]:-}
    tc=; [ -n "$lang" ] && tc=$(cd "$dir" && hf "tpc-$an" 3 -N "ctags -f - --language-force=$lang -L $list")
    awk -v c="$name" -v a="$an" -v f="$nfiles" -v b="$nbytes" -v t="$t" -v tc="$tc" 'BEGIN {
      mb = b / 1048576
      printf "| %s | %s | %d | %.1f | %s ms | %.0f | %.1f | %s | %s | %s |\n", c, a, f, mb, t, f / (t / 1000), mb / (t / 1000),
        (tc == "" ? "-" : tc " ms"), (tc == "" ? "-" : sprintf("%.1f", mb / (tc / 1000))), (tc == "" ? "-" : sprintf("%.2fx", t / tc)) }'
  done < "$work/routes.txt" | tee -a "$report"
done
# --- storage backends side by side (bench/backends.sh)
CODIRA_BENCH_REPORT="$report" "$top/bench/backends.sh" ${CODIRA_BENCH_BACKENDS:-cpython rocksdb}
echo
echo "Written to ${report#$top/}. Reproduce with: make bench"
