# Read commands refresh a stale index before answering, announce it on stderr
# only, and never loop on changes that touch no indexed file.
source "$(dirname "$0")/lib.sh"
use_plugins slow_analyzer
export CODIRA_TEST_SLOW_MS=0

new_git_repo r
printf 'def alpha\n' > a.slow
commit_all
age_files

# no index yet: built on first use, JSON stays clean
cx sym alpha --json
assert_rc 0
assert_json
assert_contains "$err" "no index yet; building it now"
assert_eq "$(jqv '.results[0].name')" alpha

# fresh: no work, no noise
cx sym alpha --json
assert_rc 0
assert_eq "$err" ""
gen=$(jq -r .generation .codira/metadata.json)

# an edit is picked up, announced on stderr
printf 'def alpha\ndef beta\n' > a.slow
age_files
cx sym beta --json
assert_rc 0
assert_json
assert_contains "$err" "index refreshed: 1 analysed"
cx sym beta
assert_eq "$err" ""

# a commit that touches no indexed file: at most one silent check, then quiet
printf 'notes\n' > notes.cfg   # no analyzer reads .cfg files
commit_all "docs only"
gen=$(jq -r .generation .codira/metadata.json)
cx sym alpha
assert_rc 0
assert_eq "$err" "" "a docs-only commit must not announce a refresh"
cx sym alpha
assert_eq "$err" ""
assert_eq "$(jq -r .generation .codira/metadata.json)" "$gen" "nothing was rewritten"
cx index
assert_eq "$(jq -r .commit .codira/metadata.json)" "$(git rev-parse HEAD)" "HEAD recorded after every run"
cx sym alpha
assert_eq "$err" ""

# a new untracked file and a deletion are both seen by the next query
printf 'def gamma\n' > new.slow
cx sym gamma
assert_rc 0
rm new.slow
cx sym gamma
assert_rc 1
assert_contains "$err" "index refreshed"

# a file edited twice within the same second is still caught (content check)
printf 'def delta\n' > fast.slow
cx sym delta; assert_rc 0
printf 'def omega\n' > fast.slow   # same size, same second
cx sym omega; assert_rc 0
cx sym delta; assert_rc 1

# the index metadata removed: rebuilt on the next query
rm .codira/metadata.json
cx sym alpha --json
assert_rc 0
assert_json
echo ok
