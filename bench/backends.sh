#!/usr/bin/env bash
# sqlite against duckdb, in the same run, on the same corpora: full index,
# no-change index, one edited file, `sym`, `symlist` over the whole
# repository, `calls --incoming` on a hot function, the index's size on disk
# and the peak memory of a full index. Hyperfine medians. Part of
# `make bench`; alone:
#
#   bench/backends.sh [CORPUS...]        default: cpython rocksdb
#   CODIRA_BENCH_REPORT=FILE             also append the table to FILE
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
CODIRA_TOP=$top
source "$top/tests/corpora.sh"
codira="$top/build/codira"
[ -f "$top/build/plugins/codira-backend-duckdb.so" ] || { echo "bench: build the duckdb backend first (make duckdb)" >&2; exit 2; }
corpora=("$@"); [ ${#corpora[@]} -gt 0 ] || corpora=(cpython rocksdb)
work=$(mktemp -d /tmp/codira-bench-be.XXXXXX)
trap 'rm -rf "$work"' EXIT
report=${CODIRA_BENCH_REPORT:-/dev/null}

source "$top/bench/lib.sh"
size_mb() { { du -cb "$@" 2>/dev/null || true; } | tail -n 1 | awk '{printf "%.1f", $1 / 1048576}'; }

{
  echo
  echo "Storage backends, same corpora, same run (\`bench/backends.sh\`, hyperfine medians; one edited file = a comment appended to one file):"
  echo
  echo "| corpus | backend | full index | no-change index | one file edited | sym | symlist, whole repository | calls --incoming (sites) | index on disk | peak RSS, full index |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
} | tee -a "$report"

for name in "${corpora[@]}"; do
  dir=$(corpus_dir "$name")
  case $name in
    cpython) sname=PyList_New; hot=PyErr_SetString; victim=Objects/listobject.c ;;
    rocksdb) sname=DBImpl::Write; hot=Status::OK; victim=db/db_impl/db_impl_write.cc ;;
    git) sname=strbuf_addf; hot=strbuf_addstr; victim=strbuf.c ;;
    *) sname=main; hot=main; victim=$(cd "$dir" && git ls-files 2>/dev/null | grep -m1 '\.c$' || true) ;;
  esac
  for be in sqlite duckdb; do
    state="$work/$name-$be"
    opts="--path $dir --output-dir $state"
    export CODIRA_INDEX_BACKEND=$be
    full=$(hf "full-$name-$be" 3 --prepare "rm -rf $state" "$codira index $opts")
    peak=$(rm -rf "$state"; peak_mb "$codira" index $opts)
    sleep 2.5   # past the window in which fresh mtimes are not trusted
    nochange=$(hf "noch-$name-$be" 10 -N "$codira index $opts")
    cp -p "$dir/$victim" "$work/victim.bak"
    edit=$(hf "edit-$name-$be" 10 --prepare "printf '/* bench */\n' >> $dir/$victim; touch -d '-10 seconds' $dir/$victim" \
      "$codira index $opts")
    cp -p "$work/victim.bak" "$dir/$victim"
    "$codira" index $opts > /dev/null
    sleep 2.5
    sym=$(hf "sym-$name-$be" 20 -N --warmup 3 "$codira sym $sname $opts")
    symlist=$(hf "sl-$name-$be" 5 --warmup 1 "$codira symlist --json --limit 100000000 $opts > /dev/null")
    sites=$("$codira" calls "$hot" --incoming --json $opts | jq '[.results[].sites | length] | add // 0')
    calls=$(hf "calls-$name-$be" 20 -N --warmup 3 "$codira calls $hot --incoming $opts")
    size=$(size_mb "$state/.codira/index.db" "$state/.codira/index.db-wal" "$state/.codira/index.duckdb")
    printf '| %s | %s | %s ms | %s ms | %s ms | %s ms | %s ms | %s ms (%s) | %s MB | %s MB |\n' \
      "$name" "$be" "$full" "$nochange" "$edit" "$sym" "$symlist" "$calls" "$sites" "$size" "$peak" | tee -a "$report"
  done
done
unset CODIRA_INDEX_BACKEND
