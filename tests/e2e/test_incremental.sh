# Incremental indexing: edit, add, delete, rename; --explain decisions; --full;
# a changed analyzer version re-analyses only its files.
source "$(dirname "$0")/lib.sh"
use_plugins slow_analyzer
export CODIRA_TEST_SLOW_MS=0

new_git_repo repo
mkdir -p pkg
printf 'def one\n' > pkg/a.slow
printf 'def two\n' > pkg/b.slow
printf 'def three\n' > c.slow
commit_all
age_files
cx index --explain
assert_rc 0
assert_contains "$out" "indexed: c.slow (new file)"
assert_contains "$out" "indexed: pkg/a.slow (new file)"
assert_contains "$out" "3 analysed"

# nothing changed: everything reused on size and mtime, no write
cx index --explain --json
assert_eq "$(jqv .summary.indexed)" 0
assert_eq "$(jqv .summary.reused)" 3
assert_eq "$(jqv '[.decisions[] | select(.action=="reused" and .reason=="file unchanged")] | length')" 3
gen=$(jq -r .generation .codira/metadata.json)

# touched but identical content: verified by hash, reused
touch -d '-5 seconds' pkg/a.slow
cx index --explain
assert_contains "$out" "reused: pkg/a.slow (file hash unchanged)"
assert_contains "$out" "0 analysed"

# edit, add, delete, rename
printf 'def one_edited\n' > pkg/a.slow
printf 'def four\n' > pkg/d.slow
rm c.slow
git mv pkg/b.slow pkg/renamed.slow
age_files
cx index --explain
assert_rc 0
assert_contains "$out" "indexed: pkg/a.slow (file content changed)"
assert_contains "$out" "indexed: pkg/d.slow (new file)"
assert_contains "$out" "indexed: pkg/renamed.slow (new file)"
assert_contains "$out" "deleted: c.slow (file removed)"
assert_contains "$out" "deleted: pkg/b.slow (file removed)"
cx sym one;   assert_rc 1
cx sym three; assert_rc 1
cx sym one_edited --json; assert_rc 0; assert_eq "$(jqv '.results[0].file')" "$PWD/pkg/a.slow"
cx sym two --json;        assert_rc 0; assert_eq "$(jqv '.results[0].file')" "$PWD/pkg/renamed.slow"
cx sym four;              assert_rc 0

# --full re-analyses everything
cx index --full --json --explain
assert_eq "$(jqv .summary.indexed)" 3
assert_eq "$(jqv '[.decisions[] | select(.reason=="full rebuild requested")] | length')" 3
[ "$(jq -r .generation .codira/metadata.json)" -gt "$gen" ] || fail "generation did not advance"

# the JSON report keeps the reference's keys
cx index --json
assert_json
for k in schema_version command status query results summary coverage_issues warnings failures; do
  [ "$(jqv "has(\"$k\")")" = true ] || fail "index --json lacks $k"
done
assert_eq "$(jqv .command)" index
assert_eq "$(jqv .summary.analysis_concurrency.requested_strategy)" auto

# an analyzer that changes version re-analyses its own files only
printf 'x = 1\n' > keep.py
age_files
cx index
CODIRA_TEST_SLOW_VERSION=2 cx index --explain
assert_contains "$out" "reused: keep.py (file unchanged)"
assert_contains "$out" "indexed: pkg/a.slow (analyzer plugin or version changed)"
assert_contains "$out" "3 analysed"
CODIRA_TEST_SLOW_VERSION=2 cx index --json
assert_eq "$(jqv .summary.indexed)" 0
echo ok
