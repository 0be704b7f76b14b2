# Bad input never crashes and never costs the rest of the index: each case
# gets a diagnostic, every good file stays queryable.
source "$(dirname "$0")/lib.sh"
use_plugins slow_analyzer
export CODIRA_TEST_SLOW_MS=0
probe="$CODIRA_BUILD/tests/index_probe"

new_git_repo r
printf 'def good_function():\n    return 1\n' > good.py
printf 'int good_c(void) { return 0; }\n' > good.c
printf '\x7fELF\x02\x01\x01\x00\x00\x00binary\x00junk' > binary.py
printf 'def caf\xe9_latin():\n    return "\xff\xfe"\n' > invalid_utf8.py
: > empty.py
: > empty.c
yes 'value_0123456789 = 1' | head -c 20000000 > huge.py || true
printf 'def ok_before():\n    pass\n\ndef broken(:\n    pass\n\ndef ok_after():\n    pass\n' > syntax.py
{ printf 'x = '; head -c 10000 /dev/zero | tr '\0' '('; head -c 10000 /dev/zero | tr '\0' ')'; printf '\ndef after_parens():\n    pass\n'; } > deep.py
{ for i in $(seq 10000); do echo '#if 1'; done; echo 'int deep_inner(void);'; for i in $(seq 10000); do echo '#endif'; done; echo 'int after_deep(void) { return 0; }'; } > deep.c
# truncated mid-construct: cut inside a definition, a string, a comment
printf 'def before_cut():\n    pass\n\ndef cut_here(a, b' > truncated.py
printf 'int before_cut_c(void) { return 1; }\nint cut_c(int a, ' > truncated.c
printf 'int before_comment(void);\n/* never closed\nint hidden(void);\n' > open_comment.c
printf '/* caf\xe9 */\nint latin_c(void) { return "\xff"[0]; }\n' > invalid_utf8.c
ln -s loop_b.py loop_a.py; ln -s loop_a.py loop_b.py
printf 'DELETE victim.py\n' > a_trigger.slow
printf 'def victim_function():\n    pass\n' > victim.py
commit_all

cx index --json --jobs 1
assert_rc 0 "bad input must not fail the run"
assert_json
failures=$(jqv '[.failures[] | "\(.path | split("/") | last):\(.error_type)"] | sort | join(" ")')
assert_eq "$failures" "binary.py:binary huge.py:too_large"
warnings=$(jqv '[.warnings[] | "\(.path | split("/") | last):\(.warning_type)"] | join(" ")')
assert_contains "$warnings" "loop_a.py:symlink_loop"
assert_contains "$warnings" "loop_b.py:symlink_loop"
assert_contains "$(jqv '.failures[] | select(.error_type=="too_large") | .reason')" "CODIRA_MAX_FILE_BYTES"
for s in good_function good_c; do cx sym "$s"; assert_rc 0 "$s must survive the bad input"; done
cx sym victim_function; assert_rc 1 "a file deleted during the run must not be indexed"
# what each bad file yields
assert_contains "$warnings" "syntax.py:syntax_error"
assert_contains "$warnings" "invalid_utf8.py:encoding"
assert_contains "$warnings" "truncated.py:syntax_error"
assert_contains "$warnings" "truncated.c:syntax_error"
for s in ok_before ok_after after_parens after_deep deep_inner before_cut before_cut_c before_comment latin_c; do
  cx sym "$s"; assert_rc 0 "$s must be recovered"
done
cx sym "café_latin" --json
assert_rc 0 "a Latin-1 byte in a UTF-8 file is read as Latin-1"
assert_eq "$(jqv '.results[0].file')" "$PWD/invalid_utf8.py"
cx sym empty --json
assert_eq "$(jqv '[.results[].type] | join(" ")')" "module module" "empty files still have their module"

# the failures are remembered: an unchanged bad file is not retried
cx index --json
assert_eq "$(jqv .summary.failed)" 0
assert_eq "$(jqv .summary.indexed)" 0

# a corrupt index is rebuilt by the next query, which still answers
printf 'this is not a database at all, just text that replaced it\n%.0s' $(seq 200) > .codira/index.db
rm -f .codira/index.db-wal .codira/index.db-shm
cx sym good_function --json
assert_rc 0
assert_json
assert_contains "$err" "unreadable"; assert_contains "$err" "rebuil"
assert_contains "$("$probe" .codira)" "integrity=ok"
# ... and by `codira index`
printf 'garbage' > .codira/index.db
cx index
assert_rc 0
assert_contains "$out" "full rebuild: the index was unreadable"
cx sym good_c; assert_rc 0

# an index in another storage format is rebuilt, never read
"$probe" .codira --set-user-version 999
cx sym good_function
assert_rc 0
assert_contains "$err" "another storage format"; assert_contains "$err" "rebuil"
"$probe" .codira --set-user-version 999
cx index
assert_contains "$out" "full rebuild: the index was written in another storage format"

# an unreadable file: a failure for that file only
if [ "$(id -u)" = 0 ]; then
  command -v setpriv > /dev/null || fail "setpriv is needed to test unreadable files as root"
  mkdir -p "$TMP/u"; cp good.py "$TMP/u/"; printf 'def secret():\n    pass\n' > "$TMP/u/secret.py"
  chmod 000 "$TMP/u/secret.py"; chown -R nobody "$TMP/u"
  as_user() { setpriv --reuid=nobody --regid=nogroup --clear-groups --reset-env env CODIRA_PLUGIN_PATH= "$@"; }
  (cd "$TMP/u" && run as_user "$CODIRA" index --json
   assert_rc 0; assert_json
   assert_eq "$(jqv '[.failures[] | "\(.path | split("/") | last):\(.error_type)"] | join(" ")')" "secret.py:read_error"
   run as_user "$CODIRA" sym good_function; assert_rc 0)
else
  mkdir -p "$TMP/u"; cp good.py "$TMP/u/"; printf 'def secret():\n    pass\n' > "$TMP/u/secret.py"; chmod 000 "$TMP/u/secret.py"
  (cd "$TMP/u" && run "$CODIRA" index --json
   assert_rc 0; assert_eq "$(jqv '.failures[0].error_type')" read_error)
fi
echo ok
