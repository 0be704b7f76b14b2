# Locate and fetch the real source trees used by tests and benchmarks.
# Source it, then: corpus_dir NAME  -> prints the extracted folder.
corpora_fetch_script() {
  local c
  for c in "${CODIRA_CORPORA_FETCH:-}" "$CODIRA_TOP/../shared/corpora/fetch" /work/shared/corpora/fetch; do
    [ -n "$c" ] && [ -x "$c" ] && { echo "$c"; return 0; }
  done
  return 1
}
corpus_dir() {
  local name=$1 fetch cache=${CODIRA_CORPORA_DIR:-$HOME/.cache/codira-corpora}
  if [ -f "$cache/$name/.complete" ]; then echo "$cache/$name"; return 0; fi
  fetch=$(corpora_fetch_script) || { echo "corpora: no fetch script (set CODIRA_CORPORA_FETCH)" >&2; return 1; }
  "$fetch" "$name" | tail -n 1
}
