# Command-line contract: help, usage errors (exit 2, nothing on stdout),
# --prefix validation, routing options and environment variables, exit codes.
source "$(dirname "$0")/lib.sh"
use_plugins slow_analyzer
export CODIRA_TEST_SLOW_MS=0

new_git_repo r
mkdir -p pkg/sub other
printf 'def alpha\n' > pkg/a.slow
printf 'def alpha\n' > other/a.slow
printf 'def deep\n' > pkg/sub/d.slow
commit_all
age_files

cx; assert_rc 0; assert_contains "$out" "usage: codira"
cx help; assert_rc 0; assert_contains "$out" "subcommands:"
for c in index sym symlist plugins; do
  cx $c --help; assert_rc 0
  assert_contains "$out" "usage: codira $c"; assert_contains "$out" "Examples:"; assert_contains "$out" "  # "
done
cx sym --help; assert_contains "$out" "--json"
cx -V; assert_rc 0; assert_contains "$out" "codira 0."; assert_contains "$out" "backend sqlite"

usage_error() { assert_rc 2 "$1"; assert_eq "$out" "" "$1: stdout"; assert_contains "$err" "codira: error:"; }
cx bogus;                usage_error "unknown command"; assert_contains "$err" "invalid choice: 'bogus'"
cx --path . sym alpha;   usage_error "option before the command"
cx sym;                  usage_error "missing NAME"; assert_contains "$err" "required: NAME"
cx sym alpha --bogus;    usage_error "unknown option"; assert_contains "$err" "unrecognized arguments: --bogus"
cx sym alpha extra;      usage_error "extra positional"
cx sym alpha -x /etc;    usage_error "absolute prefix"; assert_contains "$err" "Prefix must be relative to the repository root."
cx sym alpha -x ../..;   usage_error "escaping prefix"; assert_contains "$err" "Prefix must stay under the repository root."
cx sym alpha -x nope;    usage_error "missing prefix"; assert_contains "$err" "Prefix does not exist under repository root: nope"
[ ! -e .codira ] || fail "usage errors must not build an index"
cx symlist --limit -1;   assert_rc 2; assert_contains "$err" "Limit must be non-negative."
cx symlist --limit x;    usage_error "bad int"
cx index --jobs 0;       assert_rc 2; assert_contains "$err" "--jobs must be a positive integer."
cx index --concurrency off --jobs 2; assert_rc 2
cx index --concurrency bogus; usage_error "bad choice"
cx sym alpha --json=1;   usage_error "flag with a value"

# exact lookup, prefix scoping, long-option prefixes, grouped short flags
cx sym alpha --json
assert_rc 0
assert_eq "$(jqv '.results | length')" 2
assert_eq "$(jqv .command)" sym
assert_eq "$(jqv .status)" ok
assert_eq "$(jqv .query.prefix)" null
cx sym alpha --json --pre pkg
assert_eq "$(jqv '[.results[].file] | join(" ")')" "$PWD/pkg/a.slow"
assert_eq "$(jqv .query.prefix)" pkg
cx sym alpha -jx ./pkg/
assert_eq "$(jqv '.results | length')" 1
cx sym alpha -x pkg/a.slow --json
assert_eq "$(jqv '.results | length')" 1
cx sym alph --json
assert_rc 1; assert_eq "$(jqv .status)" no_matches; assert_eq "$(jqv '.results | length')" 0
cx sym alph
assert_rc 1; assert_eq "$out" "No symbol found: alph"
cx sym pkg.a.alpha --json
assert_eq "$(jqv '.results[0].file')" "$PWD/pkg/a.slow"

# symlist: text grouping, JSON shape, limit, prefix
cx symlist
assert_contains "$out" "other.a"
cx symlist --json --limit 2
assert_eq "$(jqv '.symbols | length')" 2
assert_eq "$(jqv '.symbols[0] | has("calls_in")')" true
cx symlist --json --limit 0
assert_eq "$(jqv '.symbols | length')" 0
cx symlist --json -x pkg/sub
assert_eq "$(jqv '[.symbols[].name] | join(",")')" "deep,pkg.sub.d"

# from a subfolder: the repository root is found
(cd pkg/sub && run "$CODIRA" sym alpha --json && assert_rc 0 && assert_eq "$(jqv '.results | length')" 2)

# --path / CODIRA_TARGET_DIR and --output-dir / CODIRA_OUTPUT_DIR
cd "$TMP"
run "$CODIRA" sym deep --path "$TMP/r" --output-dir "$TMP/state" --json
assert_rc 0
[ -d "$TMP/state/.codira" ] || fail "--output-dir not used"
assert_eq "$(jqv '.results[0].file')" "$TMP/r/pkg/sub/d.slow"
CODIRA_TARGET_DIR="$TMP/r" CODIRA_OUTPUT_DIR="$TMP/state2" run "$CODIRA" sym deep
assert_rc 0
[ -f "$TMP/state2/.codira/index.db" ] || fail "CODIRA_OUTPUT_DIR not used"
run "$CODIRA" sym deep --path "$TMP/nowhere"
assert_rc 2; assert_contains "$err" "Target directory cannot be resolved"
touch "$TMP/afile"
run "$CODIRA" sym deep --path "$TMP/r" --output-dir "$TMP/afile"
assert_rc 2; assert_contains "$err" "Output directory is not a directory"
# a runtime failure under --json still prints JSON on stdout
mkdir -p "$TMP/broken"; cd "$TMP/broken"; git init -q .
printf 'def alpha\n' > a.slow
touch .codira   # a file where the state folder should be
run "$CODIRA" sym alpha --json
assert_rc 1
assert_json
assert_eq "$(jqv .status)" error
assert_eq "$(jqv .command)" sym
assert_contains "$(jqv .error)" "Not a directory"
echo ok
