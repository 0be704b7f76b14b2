# The call graph on real corpora (jinja2: Python, git: C):
#   - for every symbol, `calls NAME --module M --incoming --json` returns
#     exactly the edges counted in symlist's calls_in (every symbol in the
#     plain build; a sample of one in CODIRA_TEST_SAMPLE under sanitizers);
#   - trees never exceed --max-depth/--max-nodes and count what they show;
#   - DOT output parses with Graphviz and draws the same tree.
source "$(dirname "$0")/lib.sh"
source "$CODIRA_TOP/tests/corpora.sh"
command -v dot > /dev/null || fail "graphviz (dot) is missing: scripts/fetch-deps.sh --test"
sample=${CODIRA_TEST_SAMPLE:-1}
jobs=$(nproc)

for name in jinja2 git; do
  dir=$(corpus_dir "$name") || fail "cannot fetch corpus $name"
  state="$TMP/state-$name"
  at=(--path "$dir" --output-dir "$state")
  run "$CODIRA" index "${at[@]}" --json
  assert_rc 0 "index $name"
  [ "$(jqv .summary.failed)" = 0 ] || fail "$name: failures: $(jqv .failures)"

  # --- calls_in == the incoming edges, symbol by symbol -------------------
  run "$CODIRA" symlist --include-tests --limit 100000000 --json "${at[@]}"
  assert_rc 0
  printf '%s\n' "$out" | jq -r '.symbols[] | [.module, .qualname, .calls_in.total, .calls_out.total] | @tsv' \
    > "$TMP/all.tsv"
  awk -v s="$sample" 'NR % s == 0' "$TMP/all.tsv" > "$TMP/list.tsv"
  total=$(wc -l < "$TMP/list.tsv")
  [ "$total" -gt 100 ] || fail "$name: only $total symbols"
  with_edges=$(awk -F'\t' '$3 > 0' "$TMP/list.tsv" | wc -l)
  [ "$with_edges" -gt $((total / 20)) ] || fail "$name: only $with_edges of $total symbols are called"
  cat > "$TMP/check.sh" <<'SCRIPT'
while IFS=$'\t' read -r m q want _; do
  got=$("$CODIRA" calls "$q" --module "$m" --incoming --json "$@" 2>/dev/null | grep -c '"caller_module"' || true)
  [ "$got" = "$want" ] || echo "mismatch: $m $q: symlist calls_in=$want, calls --incoming: $got edges"
done
SCRIPT
  split -n "l/$jobs" "$TMP/list.tsv" "$TMP/part."
  for part in "$TMP"/part.*; do
    CODIRA="$CODIRA" bash "$TMP/check.sh" "${at[@]}" < "$part" > "$part.out" &
  done
  wait
  cat "$TMP"/part.*.out > "$TMP/mismatch"
  rm -f "$TMP"/part.*
  [ ! -s "$TMP/mismatch" ] || fail "$name: $(wc -l < "$TMP/mismatch") symbols disagree: $(head -n 5 "$TMP/mismatch")"
  echo "$name: calls_in agrees with calls --incoming for $total symbols ($with_edges called)"

  # --- trees stay within their bounds; DOT parses ------------------------
  # the 25 most called and the 25 biggest callers (sorted to files: no SIGPIPE)
  sort -t$'\t' -k3,3nr "$TMP/all.tsv" > "$TMP/by_in.tsv"
  sort -t$'\t' -k4,4nr "$TMP/all.tsv" > "$TMP/by_out.tsv"
  { sed -n 1,25p "$TMP/by_in.tsv"; sed -n 1,25p "$TMP/by_out.tsv"; } > "$TMP/busy.tsv"
  checked=0
  while IFS=$'\t' read -r m q _ _; do
    for dir_flag in "" --incoming; do
      for bounds in "0 1" "1 5" "2 20" "3 60"; do
        read -r d n <<< "$bounds"
        run "$CODIRA" calls "$q" --module "$m" $dir_flag --tree --max-depth "$d" --max-nodes "$n" --json "${at[@]}"
        [ "$rc" = 0 ] || [ "$rc" = 1 ] || fail "calls $q -m $m $dir_flag -t: exit $rc: $err"
        [ "$rc" = 1 ] && continue
        printf '%s\n' "$out" | jq -e --argjson D "$d" --argjson N "$n" '
          def depth: if (.children | length) == 0 then 0 else 1 + ([.children[] | depth] | max) end;
          def count: 1 + ([.children[] | count] | add // 0);
          (.results | length) == 1 and (.results[0] | count) == .node_count
          and .node_count <= $N and (.results[0] | depth) <= $D
          and .edge_count == .node_count - 1
          and (if .truncated.nodes then .node_count == $N else true end)' > /dev/null \
          || fail "$name: tree out of bounds: calls $q -m $m $dir_flag -D $d -N $n: $(printf '%s' "$out" | jq -c '{node_count, edge_count, truncated}')"
        checked=$((checked + 1))
      done
      [ "$rc" = 0 ] || continue # nothing in this direction
      nodes=$(printf '%s\n' "$out" | jq .node_count)
      run "$CODIRA" calls "$q" --module "$m" $dir_flag --tree --max-depth 3 --max-nodes 60 --dot "${at[@]}"
      assert_rc 0 "dot for $q"
      printf '%s\n' "$out" | dot -Tsvg > "$TMP/g.svg" 2> "$TMP/dot.err" || fail "$name: dot rejects calls $q -m $m $dir_flag: $(cat "$TMP/dot.err")"
      grep -q '<svg' "$TMP/g.svg" || fail "$name: no SVG for $q"
      drawn=$(printf '%s\n' "$out" | grep -c '^  n[0-9]* \[label=')
      [ "$drawn" = "$nodes" ] || fail "$name: DOT draws $drawn nodes, the JSON tree has $nodes ($q)"
    done
  done < "$TMP/busy.tsv"
  [ "$checked" -gt 100 ] || fail "$name: only $checked trees checked"
  echo "$name: $checked trees within bounds, DOT parsed"
done
echo ok
