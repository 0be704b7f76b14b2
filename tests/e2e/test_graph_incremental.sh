# Incremental resolution equals a full one: on copies of the git (C), jinja2
# (Python) and leveldb (C++) corpora (git's shell scripts too), apply edits one after another; after each, the
# call graph an incremental `index` leaves (every site and its resolution,
# tests/tools/graph_dump) must equal the one `index --full` produces. Only
# edits that change what other files see through a file (the #includes of a
# header others include, the bases of a class others subclass) may resolve
# everything again.
source "$(dirname "$0")/lib.sh"
source "$CODIRA_TOP/tests/corpora.sh"
dump="$CODIRA_BUILD/tests/graph_dump"
[ -x "$dump" ] || fail "graph_dump not built (make tools)"

# step NAME incremental|full: index, compare with a full rebuild
step() {
  local name=$1 expect=$2
  run "$CODIRA" index --json
  assert_rc 0 "index after: $name"
  local scope changed sites
  scope=$(jqv .summary.call_graph.scope)
  sites=$(jqv .summary.call_graph.sites_resolved)
  changed=$(jqv '.summary.indexed + .summary.deleted')
  [ "$changed" -gt 0 ] || fail "$name: the edit changed no file"
  [ "$scope" = "$expect" ] || fail "$name: resolution was $scope, expected $expect"
  "$dump" > "$TMP/incremental.txt" || fail "$name: graph_dump failed"
  run "$CODIRA" index --full
  assert_rc 0 "index --full after: $name"
  "$dump" > "$TMP/full.txt" || fail "$name: graph_dump failed"
  if ! diff -u "$TMP/full.txt" "$TMP/incremental.txt" > "$TMP/diff"; then
    fail "$name: the incremental graph differs from the full one:
$(head -n 30 "$TMP/diff")"
  fi
  echo "$name: $sites sites resolved ($scope); the graph equals a full rebuild ($(wc -l < "$TMP/full.txt") sites)"
}

# --- C: git ------------------------------------------------------------------
cp -r "$(corpus_dir git)" "$TMP/git" || fail "cannot fetch corpus git"
cd "$TMP/git"
run "$CODIRA" index
assert_rc 0 "first index of git"

sed -i 's/^void strbuf_addchars(struct strbuf \*sb, int c, size_t n)$/void strbuf_addchars_renamed(struct strbuf *sb, int c, size_t n)/' strbuf.c
grep -q strbuf_addchars_renamed strbuf.c || fail "edit did not apply"
step "a definition renamed (strbuf.c)" incremental

cat > newdefs.c <<'C'
#include "strbuf.h"

void strbuf_addchars(struct strbuf *sb, int c, size_t n)
{
	while (n--)
		strbuf_addch(sb, c);
}

int probe_calls(void)
{
	char *s = xstrdup("x");
	free(s);
	return skip_prefix_mem("ab", 2, "a", NULL, NULL);
}
C
step "a file added that defines the renamed function again" incremental

printf '\n#define skip_prefix_mem(buf, len, prefix, out, outlen) 0\n' >> git-compat-util.h
step "a macro now shadows a static inline function (git-compat-util.h)" incremental

rm wrapper.c
step "a file deleted (wrapper.c: xstrdup, xmalloc...)" incremental

printf '\nstatic void probe_more(void)\n{\n\tdie("%%s", xstrdup_or_null(NULL));\n}\n' >> blob.c
step "a function added with new calls (blob.c)" incremental

sed -i '0,/^#include "repository.h"$/{/^#include "repository.h"$/d}' blob.c
step "an #include removed from a file no #include names (blob.c)" incremental

sed -i '0,/^#include "advice.h"$/{/^#include "advice.h"$/d}' cache.h
step "an #include removed from a header others include (cache.h)" full

# --- Bash: git's shell scripts (same copy) ---------------------------------
sed -i 's/^test_commit () {$/test_commit_renamed () {/' t/test-lib-functions.sh
step "a Bash function renamed (t/test-lib-functions.sh)" incremental

printf 'test_commit () {\n\techo probe\n}\n' > t/lib-probe.sh
step "a script added that defines the renamed function again" incremental

sed -i '0,/^\. \.\/test-lib\.sh$/{/^\. \.\/test-lib\.sh$/d}' t/t0001-init.sh
step "a source removed from a script nothing sources (t/t0001-init.sh)" incremental

sed -i 's|^\. "\$TEST_DIRECTORY/test-lib-functions.sh"$|: no functions|' t/test-lib.sh
step "a source removed from a script others source (t/test-lib.sh)" full

# --- Python: jinja2 ------------------------------------------------------------
cp -r "$(corpus_dir jinja2)" "$TMP/jinja2" || fail "cannot fetch corpus jinja2"
cd "$TMP/jinja2"
run "$CODIRA" index
assert_rc 0 "first index of jinja2"

sed -i 's/^def select_autoescape($/def select_autoescape_renamed(/' src/jinja2/utils.py
grep -q select_autoescape_renamed src/jinja2/utils.py || fail "edit did not apply"
step "a function renamed (utils.py)" incremental

cat > src/jinja2/newmod.py <<'PY'
from .utils import urlize, select_autoescape_renamed as pick
from . import nodes


def probe():
    urlize("x")
    pick()
    return nodes.Const(1)
PY
step "a module added (newmod.py)" incremental

cat >> src/jinja2/newmod.py <<'PY'


class Probe(nodes.Expr):
    def run(self):
        return self.as_const()
PY
step "a class added with a base, no subclass anywhere (newmod.py)" incremental

sed -i 's/^class Probe(nodes.Expr):$/class Probe(nodes.Const):/' src/jinja2/newmod.py
step "the base of a class without subclasses changed (newmod.py)" incremental

rm src/jinja2/bccache.py
step "a module deleted (bccache.py)" incremental

sed -i 's/^class Expr(Node):$/class Expr(Helper):/' src/jinja2/nodes.py
grep -q '^class Expr(Helper):' src/jinja2/nodes.py || fail "edit did not apply"
step "the base of a class with subclasses in other files changed (nodes.py)" full
# --- C++: leveldb (a class's bases in a header others include: full) ----------
cp -r "$(corpus_dir leveldb)" "$TMP/leveldb" || fail "cannot fetch corpus leveldb"
cd "$TMP/leveldb"
run "$CODIRA" index
assert_rc 0 "first index of leveldb"

sed -i 's/^Status DBImpl::MakeRoomForWrite(bool force) {$/Status DBImpl::MakeRoomRenamed(bool force) {/' db/db_impl.cc
grep -q MakeRoomRenamed db/db_impl.cc || fail "edit did not apply"
step "an out-of-line method renamed (db_impl.cc)" incremental

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
step "a file added: the method defined again, a class with a base" incremental

rm util/hash.cc
step "a file deleted (util/hash.cc)" incremental

sed -i 's/^class Probe : public Iterator {$/class Probe : public Comparator {/' db/probe.cc
step "the base of a class without subclasses changed (probe.cc)" incremental

sed -i 's/^class DBImpl : public DB {$/class DBImpl : public Probe {/' db/db_impl.h
grep -q 'class DBImpl : public Probe' db/db_impl.h || fail "edit did not apply"
step "the base of a class in a header others include (db_impl.h)" full
echo ok
