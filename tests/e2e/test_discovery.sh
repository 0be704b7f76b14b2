# Discovery: git (tracked + untracked not ignored), plain folders (.gitignore
# at every level), skipped folders, symbolic links.
source "$(dirname "$0")/lib.sh"
use_plugins slow_analyzer
export CODIRA_TEST_SLOW_MS=0

new_git_repo g
mkdir -p src build node_modules/x __pycache__ ignored_dir
printf 'def tracked\n' > src/t.slow
printf 'ignored_dir/\n*.gen.slow\n' > .gitignore
commit_all
printf 'def untracked_new\n' > src/new.slow          # an agent's brand-new file
printf 'def in_build\n' > build/b.slow
printf 'def in_modules\n' > node_modules/x/m.slow
printf 'def in_ignored\n' > ignored_dir/i.slow
printf 'def generated\n' > src/out.gen.slow
cx index --json --explain
assert_rc 0
paths=$(jqv '[.decisions[] | select(.action=="indexed") | .path] | sort | join(" ")')
assert_eq "$paths" "$PWD/src/new.slow $PWD/src/t.slow"
cx sym untracked_new; assert_rc 0
for s in in_build in_modules in_ignored generated; do cx sym "$s"; assert_rc 1 "$s must not be indexed"; done

# outside git: a walk that honours nested .gitignore files and negation
mkdir -p "$TMP/plain/sub/deep" "$TMP/plain/docs"; cd "$TMP/plain"
printf '*.skip.slow\n/top_only.slow\n' > .gitignore
printf '!keep.skip.slow\ndeep/\n' > sub/.gitignore
printf 'def root_file\n' > a.slow
printf 'def top_only\n' > top_only.slow
printf 'def sub_top_only\n' > sub/top_only.slow
printf 'def skipped\n' > sub/x.skip.slow
printf 'def kept\n' > sub/keep.skip.slow
printf 'def deep\n' > sub/deep/d.slow
printf 'def doc\n' > docs/d.slow
cx index --json --explain
assert_rc 0
paths=$(jqv '[.decisions[] | select(.action=="indexed") | .path | ltrimstr("'"$PWD"'/")] | sort | join(" ")')
assert_eq "$paths" "a.slow docs/d.slow sub/keep.skip.slow sub/top_only.slow"

# symbolic links: inside kept, outside refused, loops reported, never fatal
printf 'def outside\n' > "$TMP/outside.slow"
ln -s a.slow link_in.slow
ln -s "$TMP/outside.slow" link_out.slow
ln -s loop2.slow loop1.slow; ln -s loop1.slow loop2.slow
ln -s .. sub/up_and_away
cx index --json --explain
assert_rc 0
assert_contains "$out" "symlink_outside"
assert_contains "$out" "symlink_loop"
cx sym outside; assert_rc 1
cx sym root_file --json
assert_eq "$(jqv '[.results[].file] | sort | join(" ")')" "$PWD/a.slow $PWD/link_in.slow"
echo ok
