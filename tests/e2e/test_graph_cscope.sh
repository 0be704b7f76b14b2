# Cross-check against cscope on the git corpus: for the 20 functions of
# tests/data/cscope-git.txt, the callers `cscope -d -L -3 F` reports and the
# callers `codira calls F --incoming` reports, as sets of (file, function),
# differ only where the data file lists and explains it.
source "$(dirname "$0")/lib.sh"
source "$CODIRA_TOP/tests/corpora.sh"
command -v cscope > /dev/null || fail "cscope is missing: scripts/fetch-deps.sh --test"
data="$CODIRA_TOP/tests/data/cscope-git.txt"
dir=$(corpus_dir git) || fail "cannot fetch corpus git"
want_corpus=$(awk '$1 == "corpus" {print $2}' "$data")
have_corpus=$(cat "$dir/.complete")
[ "$want_corpus" = "$have_corpus" ] \
  || fail "the git corpus is $have_corpus, the differences in $data were read from $want_corpus: review them (see the file's header) and update its corpus line"
state="$TMP/state"
run "$CODIRA" index --path "$dir" --output-dir "$state"
assert_rc 0 "index git"
(cd "$TMP" && cscope -b -q -k -R -s "$dir" -f "$TMP/cscope.out") || fail "cscope could not build its database"

awk '$1 == "diff" {print $2 " " $3 " " $4 " " $5}' "$data" | sort > "$TMP/explained"
: > "$TMP/found"
functions=0
for f in $(awk '$1 == "function" {print $2}' "$data"); do
  functions=$((functions + 1))
  cscope -d -L -3 "$f" -f "$TMP/cscope.out" | awk -v root="$dir/" '{sub("^" root, "", $1); print $1 " " $2}' \
    | sort -u > "$TMP/cscope.set"
  run "$CODIRA" calls "$f" --incoming --json --path "$dir" --output-dir "$state"
  assert_rc 0 "calls $f --incoming"
  printf '%s\n' "$out" | jq -r --arg root "$dir/" \
    '.results[] | . as $r | .sites[] | select(.file | test("\\.[ch]$"))
     | "\(.file | ltrimstr($root)) \($r.caller_name)"' | sort -u > "$TMP/codira.set"
  n_cs=$(wc -l < "$TMP/cscope.set"); n_cx=$(wc -l < "$TMP/codira.set")
  [ "$n_cs" -gt 0 ] || fail "cscope finds no caller of $f: is the database right?"
  comm -23 "$TMP/cscope.set" "$TMP/codira.set" | sed "s/^/$f cscope-only /" >> "$TMP/found"
  comm -13 "$TMP/cscope.set" "$TMP/codira.set" | sed "s/^/$f codira-only /" >> "$TMP/found"
  echo "$f: cscope $n_cs callers, codira $n_cx"
done
[ "$functions" = 20 ] || fail "expected 20 functions in $data, found $functions"
sort -o "$TMP/found" "$TMP/found"
unexplained=$(comm -13 "$TMP/explained" "$TMP/found")
stale=$(comm -23 "$TMP/explained" "$TMP/found")
[ -z "$unexplained" ] || fail "differences with cscope that $data does not explain:
$unexplained"
[ -z "$stale" ] || fail "differences listed in $data that no longer occur:
$stale"
echo "ok: $(wc -l < "$TMP/found") differences, all explained"
