# Incremental C++ resolution equals a full one (leveldb): after each edit,
# the call graph of an incremental `index` (tests/tools/graph_dump) must be
# the one `index --full` leaves. Changing the bases of a class in a header
# that other files include resolves everything again; the rest does not.
source "$(dirname "$0")/lib.sh"
source "$CODIRA_TOP/tests/corpora.sh"
dump="$CODIRA_BUILD/tests/graph_dump"
[ -x "$dump" ] || fail "graph_dump not built (make tools)"

# check NAME incremental|full
check() {
  run "$CODIRA" index --json
  assert_rc 0 "index after: $1"
  [ "$(jqv '.summary.indexed + .summary.deleted')" -gt 0 ] || fail "$1: the edit changed no file"
  assert_eq "$(jqv .summary.call_graph.scope)" "$2" "$1: resolution scope"
  "$dump" > "$TMP/inc.txt" || fail "$1: graph_dump failed"
  run "$CODIRA" index --full
  assert_rc 0 "index --full after: $1"
  "$dump" > "$TMP/full.txt" || fail "$1: graph_dump failed"
  diff -u "$TMP/full.txt" "$TMP/inc.txt" > "$TMP/diff" ||
    fail "$1: incremental and full graphs differ:
$(head -n 30 "$TMP/diff")"
  echo "$1: $2, $(wc -l < "$TMP/full.txt") sites equal"
}

cp -r "$(corpus_dir leveldb)" "$TMP/leveldb" || fail "cannot fetch corpus leveldb"
cd "$TMP/leveldb"
run "$CODIRA" index
assert_rc 0 "first index of leveldb"

sed -i 's/^Status DBImpl::MakeRoomForWrite(bool force) {$/Status DBImpl::MakeRoomRenamed(bool force) {/' db/db_impl.cc
grep -q MakeRoomRenamed db/db_impl.cc || fail "edit did not apply"
check "an out-of-line method renamed (db_impl.cc)" incremental

cat > db/probe.cc <<'CC'
#include "db/db_impl.h"
#include "util/coding.h"

namespace leveldb {

Status DBImpl::MakeRoomForWrite(bool force) { return Status::OK(); }

class Probe : public Iterator {
 public:
  bool Valid() const override { return false; }
  void Run() { Valid(); PutFixed32(nullptr, 1); }
};

void ProbeAll(DB* db) {
  std::string s;
  PutVarint32(&s, 3);
  db->Put(WriteOptions(), "k", "v");
}

}  // namespace leveldb
CC
check "a file added: the method defined again, a class with a base" incremental

rm util/hash.cc
check "a file deleted (util/hash.cc)" incremental

sed -i 's/^class Probe : public Iterator {$/class Probe : public Comparator {/' db/probe.cc
check "the base of a class without subclasses changed (probe.cc)" incremental

sed -i 's/^class DBImpl : public DB {$/class DBImpl : public Probe {/' db/db_impl.h
grep -q 'class DBImpl : public Probe' db/db_impl.h || fail "edit did not apply"
check "the base of a class in a header others include (db_impl.h)" full
echo ok
