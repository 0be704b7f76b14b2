# Shared by the benchmark scripts. Source it after setting $work (a scratch
# folder for hyperfine's JSON exports).

# hf NAME RUNS [hyperfine options...] CMD: median wall time in ms, one decimal
hf() {
  local name=$1 runs=$2; shift 2
  hyperfine --style none --runs "$runs" --export-json "$work/$name.json" "$@" > /dev/null 2>&1 \
    || { echo "bench: hyperfine failed for $name" >&2; return 1; }
  jq -r '.results[0].median * 10000 | floor / 10' "$work/$name.json"
}
# peak resident memory of one run, in MB
peak_mb() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1 | awk '{print int($1 / 1024)}'; }
