# The rules every backend must satisfy (the backend guide: one backend per
# repository instance, selection by CODIRA_INDEX_BACKEND with sqlite as the
# default, unique names, unsupported names fail fast, backends never parse,
# read opens stay read-only, a killed run leaves the previous index), each
# checked for every backend of this build (see setup_backends in lib.sh).
# age_tree (lib.sh) keeps the fixtures out of codira's racy window, so that
# a fresh index stays fresh and queries answer without refreshing.
source "$(dirname "$0")/lib.sh"
setup_backends
plugins="$CODIRA_BUILD/test-plugins"

# a small repository to index: Python, C, a doc
make_repo() { # DIR
  mkdir -p "$1"; cd "$1"
  git init -q .; git config commit.gpgsign false
  mkdir -p src
  printf 'import os\n\n\ndef alpha():\n    return beta(1)\n\n\ndef beta(x):\n    return os.path.join(str(x))\n\n\nHOOKS = [alpha]\n' > src/mod.py
  printf 'int gamma(int x) { return x + 1; }\nint delta(void) { return gamma(2); }\n' > src/lib.c
  printf '# Notes\n\nSee `alpha`.\n' > README.md
  git add -A; git commit -qm init
  age_tree
}
# answers REPO_STATE_ARGS...: the answers of a fixed set of queries
answers() {
  local q
  for q in "sym alpha" "sym beta" "symlist" "calls alpha" "calls beta -i" "refs alpha -i" "calls delta" "cov"; do
    echo "== $q"
    "$CODIRA" $q --json "$@" 2>&1 || echo "exit $?"
  done
}

echo "== selection: CODIRA_INDEX_BACKEND, default sqlite"
make_repo "$TMP/sel"
cx index --json
assert_rc 0
assert_eq "$(jqv .summary.backend)" sqlite "default backend"
assert_eq "$(jq -r .backend_name .codira/metadata.json)" sqlite
CODIRA_INDEX_BACKEND= cx index --json
assert_eq "$(jqv .summary.backend)" sqlite "an empty CODIRA_INDEX_BACKEND is unset"
cx plugins --json
assert_eq "$(jqv '[.results[] | select(.active) | .name] | join(",")')" sqlite "the active backend"
for b in "${BACKENDS[@]}"; do
  CODIRA_INDEX_BACKEND=$b cx index --json
  assert_rc 0 "index with $b"
  assert_eq "$(jqv .summary.backend)" "$b"
  assert_eq "$(jq -r .backend_name .codira/metadata.json)" "$b"
  CODIRA_INDEX_BACKEND=$b cx plugins --json
  assert_eq "$(jqv '[.results[] | select(.active) | "\(.family):\(.name)"] | join(",")')" "backend:$b"
  CODIRA_INDEX_BACKEND=$b cx sym alpha --json
  assert_rc 0
  assert_eq "$err" "" "a query on the index of the active backend says nothing"
  assert_eq "$(jqv '.results[0].name')" alpha
done

echo "== one backend per repository instance"
# For every ordered pair: an index built with A is never read by B. `index`
# with B rebuilds and says why; a query with B rebuilds with a notice; cov
# (which never builds) does not report from B's storage and says why.
for a in "${BACKENDS[@]}"; do
  for b in "${BACKENDS[@]}"; do
    [ "$a" = "$b" ] && continue
    make_repo "$TMP/pair-$a-$b"
    # B's storage exists but is stale: B indexed src/mod.py with a syntax
    # error (a partial analysis, alpha on line 4), then A rebuilt, then the
    # file was fixed (alpha on line 1) and A indexed it
    printf 'import os\n\n\ndef alpha():\n    return 1\n\n\ndef epsilon(:\n' > src/mod.py
    age_tree
    CODIRA_INDEX_BACKEND=$b cx index; assert_rc 0
    CODIRA_INDEX_BACKEND=$a cx index --json; assert_rc 0
    assert_eq "$(jqv .summary.full_rebuild_reason)" "the index was built with another backend" "$a after $b"
    printf 'def alpha():\n    return 2\n' > src/mod.py
    age_tree
    CODIRA_INDEX_BACKEND=$a cx index; assert_rc 0
    CODIRA_INDEX_BACKEND=$a answers > "$TMP/want"
    grep -q '"reason": "analysis is partial"' "$TMP/want" && fail "$a: cov reports a partial analysis of a fixed file"
    # cov with B: B's stale storage (where src/mod.py was complete) is not read
    CODIRA_INDEX_BACKEND=$b cx cov --json
    assert_rc 0 "cov with $b on an index of $a"
    assert_eq "$(jqv '[.results[] | select(.reason == "analysis is partial")] | length')" 0 "cov with $b reports from its stale storage"
    assert_contains "$err" "the index was built with backend '$a', the active one is '$b'"
    [ "$(jq -r .backend_name .codira/metadata.json)" = "$a" ] || fail "cov with $b changed the index"
    # a query with B rebuilds, says so on stderr, and answers from the files
    CODIRA_INDEX_BACKEND=$b cx sym alpha --json
    assert_rc 0 "sym with $b on an index of $a"
    assert_contains "$err" "the index was built with backend '$a', the active one is '$b'; rebuilding the index..."
    assert_eq "$(jqv '.results[0].lineno')" 1 "the answer comes from the files, not from $b's stale storage"
    assert_eq "$(jq -r .backend_name .codira/metadata.json)" "$b"
    CODIRA_INDEX_BACKEND=$b answers > "$TMP/got"
    diff -u "$TMP/want" "$TMP/got" > "$TMP/diffs" || { head -n 30 "$TMP/diffs"; fail "$b answers differently from $a after the rebuild"; }
    # and index with A again: a rebuild, with the reason
    CODIRA_INDEX_BACKEND=$a cx index --json
    assert_rc 0
    assert_eq "$(jqv .summary.full_rebuild_reason)" "the index was built with another backend" "$a after $b"
    assert_eq "$(jqv .summary.reused)" 0 "nothing of $b's index is reused by $a"
  done
done

echo "== duplicate backend names are rejected deterministically"
# two copies of the same backend plugin in one folder: the first file name
# wins, whatever the creation order; across folders, CODIRA_PLUGIN_PATH order
for b in "${BACKENDS[@]}"; do
  so=$(backend_so "$b")
  [ -n "$so" ] || continue # built in: a plugin cannot take its name (test_backend_selection.sh)
  # duckdb's plugin loads its engine from ../duckdb/ relative to itself:
  # the copies below ($TMP/dup-*) find it through $TMP/duckdb
  if [ -d "$(dirname "$so")/../duckdb" ]; then ln -sfn "$(cd "$(dirname "$so")/../duckdb" && pwd)" "$TMP/duckdb"; fi
  for order in "a b" "b a"; do
    d="$TMP/dup-$b-${order// /}"
    mkdir -p "$d"
    for x in $order; do cp "$so" "$d/${x}_$b.so"; touch -d "-$((RANDOM % 50 + 1)) seconds" "$d/${x}_$b.so"; sleep 0.01; done
    for extra in "" "$BACKEND_PLUGINS"; do
      CODIRA_PLUGIN_PATH="$d${extra:+:$extra}" cx plugins --json
      assert_rc 0
      entries() { printf '%s' "$out" | jq -r --arg n "$b" --arg s "$1" \
        '[.results[] | select(.family == "backend" and .name == $n and .status == $s) | .file] | join(",")'; }
      assert_eq "$(entries loaded)" "$d/a_$b.so" "$b: the first file of the first folder wins ($order)"
      [[ ",$(entries duplicate)," == *",$d/b_$b.so,"* ]] || fail "$b: the second copy is not reported as a duplicate: $(entries duplicate)"
      assert_eq "$(printf '%s' "$out" | jq -r --arg f "$d/b_$b.so" '.results[] | select(.file == $f) | .detail')" \
        "duplicate backend name '$b' rejected; kept $d/a_$b.so"
    done
    # and the winner works
    (cd "$TMP/sel" && CODIRA_PLUGIN_PATH="$d" CODIRA_INDEX_BACKEND=$b run "$CODIRA" sym alpha --json &&
      assert_rc 0 && assert_eq "$(jqv '.results[0].name')" alpha)
  done
done

echo "== unsupported backend names fail before any work"
available=$(printf '%s\n' "${BACKENDS[@]}" | LC_ALL=C sort | paste -sd, - | sed 's/,/, /g')
mkdir -p "$TMP/unsup"; cd "$TMP/unsup"; git init -q .
printf 'def alpha():\n    pass\n' > a.py
for name in bogus SQLITE "sqlite " demo2; do
  for cmd in "index" "index --json" "sym alpha --json" "symlist" "calls alpha" "refs alpha -i" "cov --json"; do
    CODIRA_INDEX_BACKEND=$name cx $cmd
    assert_rc 2 "$cmd with backend '$name'"
    assert_eq "$err" "codira: Unsupported codira backend '$name'. Available backends: $available" "$cmd with backend '$name'"
    assert_eq "$out" "" "nothing on stdout"
    [ ! -e .codira ] || fail "$cmd with backend '$name' created .codira"
    CODIRA_INDEX_BACKEND=$name cx $cmd --output-dir "$TMP/unsup-out"
    assert_rc 2
    [ ! -e "$TMP/unsup-out" ] || fail "$cmd with backend '$name' created its output folder"
  done
done
# the first-party name duckdb, when it is not installed: the installation
# hint. A copy of codira in a folder of its own has no plugins/ next to it
# (the registry also loads <exe dir>/plugins and <exe dir>/../lib/codira/plugins).
mkdir -p "$TMP/bare/bin"
cp "$CODIRA" "$TMP/bare/bin/codira"
hint_check() { # CODIRA_BINARY
  local avail
  avail=$(cd "$TMP/.backends-probe" && CODIRA_PLUGIN_PATH= "$1" plugins --json |
    jq -r '[.results[] | select(.family == "backend" and .status == "loaded") | .name] | sort | join(", ")')
  for cmd in "index" "sym alpha --json" "cov"; do
    CODIRA_PLUGIN_PATH= CODIRA_INDEX_BACKEND=duckdb run "$1" $cmd
    assert_rc 2 "$cmd with duckdb not installed"
    assert_eq "$(printf '%s\n' "$err" | wc -l)" 1 "one line on stderr"
    assert_contains "$err" "codira: Unsupported codira backend 'duckdb'. Available backends: $avail. "
    assert_contains "$err" "make duckdb"
    assert_contains "$err" "make install"
    assert_contains "$err" "codira-backend-duckdb.so on CODIRA_PLUGIN_PATH"
    assert_eq "$out" ""
    [ ! -e .codira ] || fail "the duckdb hint created .codira"
  done
}
hint_check "$TMP/bare/bin/codira"
if [ -f "$CODIRA_BUILD/plugins/codira-backend-duckdb.so" ]; then
  # installed next to this build: selecting it works, no hint
  CODIRA_INDEX_BACKEND=duckdb cx sym alpha --json
  assert_rc 0 "duckdb from $CODIRA_BUILD/plugins"
  rm -rf .codira
else
  hint_check "$CODIRA"
fi

echo "== backends never parse"
# 1. what a write session receives: complete analysis results for every
#    file (the recorder backend wraps sqlite and logs each session call)
make_repo "$TMP/parse"
printf 'int gamma(int x);\n' > src/lib.h
printf '#!/bin/sh\nhello() { echo hi; }\nhello\n' > src/run.sh
printf '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",\n "properties": {"name": {"type": "string"}}}\n' > src/config.schema.json
age_tree
export CODIRA_TEST_RECORD_LOG="$TMP/record.log"
CODIRA_PLUGIN_PATH="$plugins" CODIRA_INDEX_BACKEND=recorder cx index --json
assert_rc 0 "index with the recorder backend"
assert_eq "$(jqv .summary.indexed)" 6
grep -c '^persist ' "$TMP/record.log" > "$TMP/n" || true
assert_eq "$(cat "$TMP/n")" 6 "one persist per analysed file"
assert_eq "$(grep -v '^persist ' "$TMP/record.log" | tr '\n' ' ')" "begin prepare full=0 delete=0 derived runtime commit close " "session calls"
grep '^persist ' "$TMP/record.log" | grep -v ' ok=1$' && fail "a file arrived with incomplete records"
rec() { grep "^persist $1 " "$TMP/record.log" || fail "$1 was not persisted"; }
assert_contains "$(rec src/mod.py)" "lang=Python module=mod role=implementation status=0"
assert_contains "$(rec src/mod.py)" "first=module:mod names=mod,alpha,beta,HOOKS"
assert_contains "$(rec src/mod.py)" "edges=4 imports=1"
assert_contains "$(rec src/lib.c)" "names=src.lib,gamma,delta"
assert_contains "$(rec src/lib.h)" "lang=C"
assert_contains "$(rec src/run.sh)" "names=src.run,hello"
assert_contains "$(rec src/config.schema.json)" "lang=JSON"
assert_contains "$(rec README.md)" "lang=Markdown module= role=docs status=0 hash="
assert_contains "$(rec README.md)" "docs=1"
[[ "$(rec src/mod.py)" =~ hash=[0-9a-f]{16,}\  ]] || fail "no content hash: $(rec src/mod.py)"
# an incremental run hands over only what changed, analysed
: > "$TMP/record.log"
printf 'def alpha():\n    return 3\n' > src/mod.py
rm src/run.sh
age_tree
CODIRA_PLUGIN_PATH="$plugins" CODIRA_INDEX_BACKEND=recorder cx index --json
assert_rc 0
assert_eq "$(grep '^persist ' "$TMP/record.log" | cut -d' ' -f2 | tr '\n' ' ')" "src/mod.py " "only the changed file"
assert_contains "$(rec src/mod.py)" "names=mod,alpha ok=1"
assert_contains "$(cat "$TMP/record.log")" "prepare full=0 delete=1 src/run.sh"
unset CODIRA_TEST_RECORD_LOG
# 2. the shared objects of the backends link no parser, and provide only
#    the backend family
for b in "${BACKENDS[@]}"; do
  so=$(backend_so "$b")
  [ -n "$so" ] || continue # sqlite is part of codira
  nm -D "$so" > "$TMP/syms" || fail "nm -D $so"
  bad=$(grep -E ' (ts_parser_|ts_language_|ts_tree_|tree_sitter_|cmark_parse|cmark_parser_|json_load|json_loads|json_loadb|json_loadf)' "$TMP/syms" || true)
  [ -z "$bad" ] || fail "backend $b ($so) uses parser symbols: $bad"
  cd "$TMP/sel"
  cx plugins --json
  assert_eq "$(printf '%s' "$out" | jq -r --arg f "$so" '[.results[] | select(.file == $f) | "\(.family):\(.name)"] | join(",")')" "backend:$b" \
    "$so registers exactly its backend"
done

echo "== read opens stay read-only"
# (index files whose content may change when read: none. SQLite readers of
# a WAL database map and update <db>-shm, its shared-memory index, so the
# modification time of *-shm files is not compared; their content is.)
snapshot() { # DIR: content of every file, and mtimes except *-shm
  (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum
   find . \( -type f -o -type d \) ! -name '*-shm' -printf '%p %T@ %m\n' | LC_ALL=C sort)
}
queries=("sym alpha" "symlist" "calls alpha" "calls beta --incoming" "refs alpha --incoming" "calls delta --tree")
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
for b in "${BACKENDS[@]}"; do
  export CODIRA_INDEX_BACKEND=$b
  make_repo "$TMP/ro-src-$b"
  cx index; assert_rc 0
  # creating .codira changed the root folder just now: too recent for the
  # scan cache to trust, so the first query would refresh it (index.lock,
  # scan.cache, metadata.json). Settle it: an index run that finds nothing
  # to do but records the folder. From then on the index is fresh.
  age_tree
  cx index; assert_rc 0
  # a query never modifies a fresh index
  snapshot .codira > "$TMP/before"
  sleep 0.05
  for q in "${queries[@]}" cov; do
    cx $q --json
    assert_rc 0 "$q with $b"
    assert_eq "$err" "" "$q with $b on a fresh index"
    printf '%s\n' "$out" > "$TMP/want-${q// /_}"
  done
  snapshot .codira > "$TMP/after"
  diff "$TMP/before" "$TMP/after" > "$TMP/diffs" || { cat "$TMP/diffs"; fail "a query with $b modified the index"; }
  if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
    # a copy of the state folder, read-only to the reader, in an output
    # folder the reader may write (repo.c refuses an output folder that is
    # not writable, see below)
    ro="$TMP/ro-$b"
    mkdir -p "$ro"; chmod 1777 "$ro"
    cp -a .codira "$ro/.codira"
    chown -R root:root "$ro/.codira"; chmod -R a-w "$ro/.codira"
    snapshot "$ro/.codira" > "$TMP/before"
    for q in "${queries[@]}"; do
      run as_nobody "$CODIRA" $q --json --output-dir "$ro"
      assert_rc 0 "$q with $b on a read-only state folder"
      assert_eq "$err" "" "$q with $b on a read-only state folder"
      assert_eq "$out" "$(cat "$TMP/want-${q// /_}")" "$q with $b on a read-only state folder"
    done
    snapshot "$ro/.codira" > "$TMP/after"
    diff "$TMP/before" "$TMP/after" > "$TMP/diffs" || { cat "$TMP/diffs"; fail "a read with $b modified the read-only copy"; }
    # the whole repository read-only, with its index inside: same answers
    # (the paths in them name the copy)
    rocopy="$TMP/ro-repo-$b" here=$PWD
    cp -a . "$rocopy"; chown -R root:root "$rocopy"; chmod -R a-w "$rocopy"
    snapshot "$rocopy/.codira" > "$TMP/before"
    for q in "${queries[@]}"; do
      (cd "$rocopy" && run as_nobody "$CODIRA" $q --json
       assert_rc 0 "$q with $b in a read-only repository"
       assert_eq "$err" "" "$q with $b in a read-only repository"
       sed "s#$here/#$rocopy/#g" "$TMP/want-${q// /_}" > "$TMP/want-copy"
       printf '%s\n' "$out" | diff -u "$TMP/want-copy" - > "$TMP/diffs" ||
         { head -n 30 "$TMP/diffs"; fail "$q with $b in a read-only repository answers differently"; })
    done
    snapshot "$rocopy/.codira" > "$TMP/after"
    diff "$TMP/before" "$TMP/after" > "$TMP/diffs" || { cat "$TMP/diffs"; fail "a read with $b modified the read-only repository"; }
    # what codira does now with an output folder the reader cannot write:
    # refused up front, even when the index in it is fresh
    chmod 755 "$ro"
    run as_nobody "$CODIRA" sym alpha --json --output-dir "$ro"
    assert_rc 2
    assert_eq "$err" "codira: error: Output directory is not writable: $ro"
    chmod -R u+w "$rocopy" "$ro"
  fi
  unset CODIRA_INDEX_BACKEND
done

echo "== a killed index run leaves the previous index answering"
# (no tests/tools/index_probe, which reads sqlite: the answers are compared)
mkdir -p "$TMP/crash-plugins"
cp "$plugins/slow_analyzer.so" "$BACKEND_PLUGINS/codira_demo_backend.so" "$TMP/crash-plugins/"
export CODIRA_PLUGIN_PATH="$TMP/crash-plugins"
slow_answers() {
  local q
  for q in "sym old_3" "sym new_fn_3" "symlist"; do
    echo "== $q"; CODIRA_TEST_SLOW_MS=0 "$CODIRA" $q --json 2>&1 || echo "exit $?"
  done
}
start_and_kill() { # run an index, kill it with SIGKILL half-way
  CODIRA_TEST_SLOW_MS=50 "$CODIRA" index --jobs 1 > /dev/null 2>&1 &
  local pid=$!
  sleep 0.8
  kill -0 "$pid" 2>/dev/null || fail "$CODIRA_INDEX_BACKEND: the index run finished before it could be killed"
  kill -9 "$pid"; wait "$pid" 2>/dev/null || true
}
for b in "${BACKENDS[@]}"; do
  export CODIRA_INDEX_BACKEND=$b
  new_git_repo "crash-$b"
  for i in $(seq 1 40); do printf 'def old_%d\n' "$i" > "f$i.slow"; done
  commit_all
  age_tree
  mkdir -p "$TMP/pristine-$b"; cp -a ./*.slow "$TMP/pristine-$b/"
  # a killed first run: nothing half-built is read; the next query builds
  start_and_kill
  [ ! -f .codira/metadata.json ] || fail "$b: a killed first run left metadata behind"
  CODIRA_TEST_SLOW_MS=0 cx sym old_3 --json
  assert_rc 0 "$b: the index is built on the next query"
  assert_contains "$err" "no index yet"
  assert_eq "$(jqv '.results[0].name')" old_3
  # settle the index (the root folder changed when .codira appeared, too
  # recently to be trusted): from now on queries read it without refreshing
  age_tree
  CODIRA_TEST_SLOW_MS=0 cx index; assert_rc 0
  # a killed later run: the previous answers, byte for byte
  slow_answers > "$TMP/want"
  grep -q '"name": "old_3"' "$TMP/want" || fail "$b: no answer before the kill"
  grep -q '^codira:' "$TMP/want" && fail "$b: the queries before the kill did not read a fresh index: $(grep '^codira:' "$TMP/want")"
  cp .codira/metadata.json "$TMP/meta-before"
  for i in $(seq 1 40); do printf 'def new_fn_%d\n' "$i" > "f$i.slow"; done
  age_tree
  start_and_kill
  cmp -s .codira/metadata.json "$TMP/meta-before" || fail "$b: the killed run changed metadata.json"
  # put the files back as they were (content and mtimes): the index is
  # fresh again, so the queries read it as it is, without refreshing
  cp -a "$TMP/pristine-$b/." .
  slow_answers > "$TMP/got"
  grep -q '^codira:' "$TMP/got" && fail "$b: the queries after the kill refreshed the index: $(grep '^codira:' "$TMP/got")"
  diff -u "$TMP/want" "$TMP/got" > "$TMP/diffs" || { head -n 30 "$TMP/diffs"; fail "$b: the killed run changed the answers"; }
  # and the next run completes
  for i in $(seq 1 40); do printf 'def new_fn_%d\n' "$i" > "f$i.slow"; done
  age_tree
  CODIRA_TEST_SLOW_MS=0 cx index --json
  assert_rc 0
  assert_eq "$(jqv .summary.indexed)" 40 "$b: the run after the kill"
  CODIRA_TEST_SLOW_MS=0 cx sym new_fn_3 --json
  assert_rc 0
  assert_eq "$(jqv '.results[0].name')" new_fn_3
  unset CODIRA_INDEX_BACKEND
done
echo ok
