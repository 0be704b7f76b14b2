# The backend contract, written once and run against every backend of this
# build (sqlite, the demo backend of examples/plugins, and duckdb when the
# build has it: see setup_backends in lib.sh): the same repository indexed
# with each backend answers every query with byte-identical --json output,
# after an incremental run too.
#
# Fixtures: a small generated repository in several languages (git mode),
# and copies of the jq and git corpora (plain folders). Every backend indexes
# the same tree into a state folder of its own (--output-dir), so that file
# paths in the answers are the same.
#
# Queries: index --json (and --explain for the incremental run), symlist
# (whole repository, with tests, with --prefix, with --limit), sym, calls and
# refs both ways, their --tree forms, calls --module, cov, caps. On the
# fixture every symbol name is asked; on the corpora a deterministic sample
# (every k-th name in sorted order).
#
# The only fields removed before comparing (index --json only):
#   summary.backend     names the backend that wrote the index: it must
#                       differ (and is checked to be the active backend)
#   summary.elapsed_ms  wall-clock time of the run: differs between two runs
#                       of one backend too (checked to be a number)
# Everything else -- exit status, the whole of stdout, and stderr -- must be
# identical; a difference is a backend bug.
#
# Runtime: a plain build queries ~250 names on jq and ~150 on git (about
# 4 min with sqlite, demo and duckdb on two cores: a DuckDB query costs a
# few times a sqlite one). Under CODIRA_TEST_SAMPLE>1 (the
# sanitizer build, several times slower per process) the sample shrinks to
# a few dozen names on jq, every second name on the fixture, and the git
# corpus (52 MB) is skipped: jq and the fixture exercise the same paths.
source "$(dirname "$0")/lib.sh"
source "$CODIRA_TOP/tests/corpora.sh"
sample=${CODIRA_TEST_SAMPLE:-1}
jobs=$(nproc)

setup_backends
[ "${#BACKENDS[@]}" -ge 2 ] || fail "need at least two backends to compare, have: ${BACKENDS[*]}"

# ---- the query runner -----------------------------------------------------
# query.sh OUTDIR REPO STATE < list: each line of the list is a query id and
# the codira arguments, tab-separated; writes OUTDIR/<id> with the exit
# status, stdout and stderr. CODIRA_INDEX_BACKEND picks the backend.
cat > "$TMP/query.sh" <<'SCRIPT'
out=$1; repo=$2; state=$3
while IFS=$'\t' read -r -a q; do
  id=${q[0]}; args=("${q[@]:1}")
  at=(--path "$repo" --output-dir "$state")
  [ "${args[0]}" = caps ] && at=()   # caps reads no repository
  "$CODIRA" "${args[@]}" "${at[@]}" > "$out/$id.stdout" 2> "$out/$id.stderr"
  echo "exit $?" > "$out/$id.rc"
done
SCRIPT

# run_queries LIST FIXTURE PHASE: run LIST with every backend into
# $TMP/res/FIXTURE/PHASE/BACKEND, in parallel
run_queries() {
  local list=$1 fixture=$2 phase=$3 b part
  rm -f "$TMP"/qpart.*
  split -n "l/$jobs" "$list" "$TMP/qpart."
  for b in "${BACKENDS[@]}"; do
    local dir="$TMP/res/$fixture/$phase/$b"
    mkdir -p "$dir"
    for part in "$TMP"/qpart.*; do
      CODIRA="$CODIRA" CODIRA_INDEX_BACKEND="$b" bash "$TMP/query.sh" "$dir" "$REPO" "$TMP/state/$fixture-$b" < "$part" &
    done
    wait
  done
  rm -f "$TMP"/qpart.*
}

# compare FIXTURE PHASE: every backend's answers equal sqlite's
compare() {
  local fixture=$1 phase=$2 b base="$TMP/res/$1/$2/sqlite"
  local n
  n=$(find "$base" -name '*.rc' | wc -l)
  # identical is not enough: no query may crash or trip a sanitizer (every
  # backend would then fail alike); 0 = answered, 1 = nothing matched
  for b in "${BACKENDS[@]}"; do
    local bad
    bad=$(grep -L -x -e 'exit 0' -e 'exit 1' "$TMP/res/$fixture/$phase/$b"/*.rc | head -n 1 || true)
    [ -z "$bad" ] || fail "$fixture/$phase: $b: $(basename "$bad" .rc) ended with $(cat "$bad"): $(head -c 600 "${bad%.rc}.stderr")"
    bad=$(grep -l -e 'Sanitizer' -e 'runtime error:' "$TMP/res/$fixture/$phase/$b"/*.stderr | head -n 1 || true)
    [ -z "$bad" ] || fail "$fixture/$phase: $b: $(basename "$bad" .stderr): $(head -c 600 "$bad")"
  done
  for b in "${BACKENDS[@]:1}"; do
    if ! diff -r -q "$base" "$TMP/res/$fixture/$phase/$b" > "$TMP/diffs" 2>&1; then
      local first
      first=$(head -n 1 "$TMP/diffs" | awk '{print $2}')
      first=${first##*/}; first=${first%.*}
      echo "$fixture/$phase: $b differs from sqlite in $(wc -l < "$TMP/diffs") files; first: $first" >&2
      echo "query: $(grep -P "^${first}\t" "$TMP/list-$fixture-$phase" | cut -f2- | tr '\t' ' ')" >&2
      diff -u "$base/$first.stdout" "$TMP/res/$fixture/$phase/$b/$first.stdout" | head -n 40 >&2 || true
      diff -u "$base/$first.stderr" "$TMP/res/$fixture/$phase/$b/$first.stderr" | head -n 10 >&2 || true
      diff -u "$base/$first.rc" "$TMP/res/$fixture/$phase/$b/$first.rc" >&2 || true
      fail "$fixture/$phase: backend $b answers differently from sqlite"
    fi
  done
  echo "$fixture/$phase: $n queries answered identically by ${BACKENDS[*]}"
}

# index_all FIXTURE PHASE [ARGS...]: index REPO with every backend; the
# reports must be identical except for summary.backend and summary.elapsed_ms
index_all() {
  local fixture=$1 phase=$2 b
  shift 2
  mkdir -p "$TMP/idx/$fixture/$phase"
  for b in "${BACKENDS[@]}"; do
    CODIRA_INDEX_BACKEND=$b run "$CODIRA" index --json "$@" --path "$REPO" --output-dir "$TMP/state/$fixture-$b"
    assert_rc 0 "index $fixture ($phase) with $b"
    assert_json
    assert_eq "$(jqv .summary.backend)" "$b" "summary.backend names the active backend"
    [[ "$(jqv .summary.elapsed_ms)" =~ ^[0-9]+$ ]] || fail "summary.elapsed_ms is not a number"
    assert_eq "$(jq -r .backend_name "$TMP/state/$fixture-$b/.codira/metadata.json")" "$b"
    printf '%s\n' "$out" | jq 'del(.summary.backend, .summary.elapsed_ms)' > "$TMP/idx/$fixture/$phase/$b.json"
    printf '%s\n' "$err" > "$TMP/idx/$fixture/$phase/$b.stderr"
  done
  for b in "${BACKENDS[@]:1}"; do
    diff -u "$TMP/idx/$fixture/$phase/sqlite.json" "$TMP/idx/$fixture/$phase/$b.json" > "$TMP/diffs" ||
      { head -n 40 "$TMP/diffs" >&2; fail "$fixture/$phase: index --json differs between sqlite and $b"; }
    diff -u "$TMP/idx/$fixture/$phase/sqlite.stderr" "$TMP/idx/$fixture/$phase/$b.stderr" > "$TMP/diffs" ||
      { head -n 20 "$TMP/diffs" >&2; fail "$fixture/$phase: index stderr differs between sqlite and $b"; }
  done
}

# make_list FIXTURE PHASE TARGET PREFIX...: the query list, names taken from
# sqlite's inventory: all of them when TARGET is 0, else about TARGET of
# them, every k-th in sorted order; --tree forms for every 4th chosen name
make_list() {
  local fixture=$1 phase=$2 target=$3 p
  shift 3
  local list="$TMP/list-$fixture-$phase"
  CODIRA_INDEX_BACKEND=sqlite run "$CODIRA" symlist --json --include-tests --limit 100000000 --path "$REPO" --output-dir "$TMP/state/$fixture-sqlite"
  assert_rc 0 "symlist on $fixture"
  # bare names, Class.method names and module-qualified names
  printf '%s\n' "$out" | jq -r '.symbols[] | .name, (select(.qualname | contains(".")) | .qualname)' | LC_ALL=C sort -u > "$TMP/names"
  local total k
  total=$(wc -l < "$TMP/names")
  k=1
  [ "$target" -gt 0 ] && [ "$total" -gt "$target" ] && k=$(((total + target - 1) / target))
  awk -v k="$k" '(NR - 1) % k == 0' "$TMP/names" > "$TMP/chosen"
  local qk=$((k * 7))
  [ "$target" = 0 ] && qk=1
  printf '%s\n' "$out" | jq -r '.symbols[] | "\(.module)\t\(.qualname)"' | LC_ALL=C sort -u |
    awk -v k="$qk" '(NR - 1) % k == 0' > "$TMP/qualified"
  {
    printf 'symlist\tsymlist\t--json\n'
    printf 'symlist-tests\tsymlist\t--json\t--include-tests\t--limit\t100000000\n'
    printf 'symlist-limit\tsymlist\t--json\t--limit\t7\n'
    for p in "$@"; do
      printf 'symlist-prefix-%s\tsymlist\t--json\t--include-tests\t--limit\t100000000\t--prefix\t%s\n' "${p//\//_}" "$p"
    done
    printf 'cov\tcov\t--json\n'
    printf 'caps\tcaps\t--json\n'
    awk -F'\t' '{
      n = NR
      printf "sym-%d\tsym\t%s\t--json\n", n, $1
      printf "calls-%d\tcalls\t%s\t--json\n", n, $1
      printf "callers-%d\tcalls\t%s\t--incoming\t--json\n", n, $1
      printf "refs-%d\trefs\t%s\t--json\n", n, $1
      printf "refs-in-%d\trefs\t%s\t--incoming\t--json\n", n, $1
      if (n % 4 == 1) {
        printf "calls-tree-%d\tcalls\t%s\t--tree\t--max-depth\t3\t--max-nodes\t40\t--json\n", n, $1
        printf "callers-tree-%d\tcalls\t%s\t--incoming\t--tree\t--json\n", n, $1
        printf "refs-tree-%d\trefs\t%s\t--tree\t--json\n", n, $1
        printf "refs-in-tree-%d\trefs\t%s\t--incoming\t--tree\t--json\n", n, $1
      }
    }' "$TMP/chosen"
    # the module-qualified forms, and --module
    awk -F'\t' '{
      printf "sym-q-%d\tsym\t%s.%s\t--json\n", NR, $1, $2
      printf "calls-m-%d\tcalls\t%s\t--module\t%s\t--json\n", NR, $2, $1
      printf "callers-m-%d\tcalls\t%s\t--module\t%s\t--incoming\t--json\n", NR, $2, $1
    }' "$TMP/qualified"
    for p in "$@"; do
      awk -F'\t' -v p="$p" -v tag="${p//\//_}" 'NR % 5 == 1 {
        printf "sym-prefix-%s-%d\tsym\t%s\t--prefix\t%s\t--json\n", tag, NR, $1, p
        printf "callers-prefix-%s-%d\tcalls\t%s\t--incoming\t--prefix\t%s\t--json\n", tag, NR, $1, p
      }' "$TMP/chosen"
    done
  } > "$list"
  echo "$fixture/$phase: $(wc -l < "$TMP/chosen") of $total names, $(wc -l < "$list") queries"
}

# check FIXTURE PHASE TARGET PREFIX...: index, query, compare
check() {
  local fixture=$1 phase=$2
  make_list "$@"
  run_queries "$TMP/list-$fixture-$phase" "$fixture" "$phase"
  compare "$fixture" "$phase"
  # the answers are real answers: not all empty, not all errors
  local base="$TMP/res/$fixture/$phase/sqlite"
  local found
  found=$(grep -l '"results": \[$' "$base"/calls-*.stdout 2>/dev/null | wc -l)
  [ "$found" -gt 0 ] || fail "$fixture/$phase: no calls query found an edge"
  grep -q '"status": "ok"' "$base/symlist.stdout" || fail "$fixture/$phase: symlist failed: $(cat "$base/symlist.stderr")"
}

# ---- fixture: a small repository in several languages ----------------------
new_git_repo mini
REPO=$PWD
mkdir -p pkg csrc cpp scripts schema docs tests
cat > pkg/__init__.py <<'EOF'
"""The demo package."""
from .shapes import Circle, Square
EOF
cat > pkg/util.py <<'EOF'
"""Helpers shared by the shapes."""
import math

PI = math.pi


def square(x):
    """Return x squared."""
    return x * x


def clamp(value, low, high):
    return max(low, min(value, high))


def apply(fn, values):
    return [fn(v) for v in values]
EOF
cat > pkg/shapes.py <<'EOF'
"""Shapes with areas."""
from pkg.util import square, clamp, apply, PI
from pkg import util


def registered(cls):
    REGISTRY.append(cls)
    return cls


REGISTRY = []


class Shape:
    """Base of every shape."""

    def __init__(self, name):
        self.name = name

    def area(self):
        raise NotImplementedError

    def describe(self):
        return "%s: %.2f" % (self.name, self.area())


@registered
class Circle(Shape):
    def __init__(self, r):
        super().__init__("circle")
        self.r = clamp(r, 0, 100)

    def area(self):
        return PI * square(self.r)


@registered
class Square(Shape):
    def __init__(self, side):
        super().__init__("square")
        self.side = side

    def area(self):
        return util.square(self.side)

    def scaled(self, factors):
        return apply(square, factors)
EOF
cat > app.py <<'EOF'
#!/usr/bin/env python3
"""Entry point."""
import sys

from pkg.shapes import Circle, Square, REGISTRY
from pkg.util import square


def main(argv):
    shapes = [Circle(1.0), Square(2.0)]
    for s in shapes:
        print(s.describe())
    handler = square
    return handler(len(argv)) + len(REGISTRY)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
EOF
cat > tests/test_shapes.py <<'EOF'
from pkg.shapes import Circle


def test_circle_area():
    assert Circle(1).area() > 3
EOF
printf 'def broken(:\n    pass\n\ndef still_found():\n    return broken()\n' > pkg/broken.py
cat > csrc/util.h <<'EOF'
#ifndef UTIL_H
#define UTIL_H
/* Sum of the first n values. */
int sum(const int *v, int n);
int twice(int x);
typedef int (*unary_fn)(int);
int map_first(unary_fn fn, const int *v);
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#endif
EOF
cat > csrc/util.c <<'EOF'
#include "util.h"

int twice(int x) { return x * 2; }

int sum(const int *v, int n)
{
    int total = 0;
    for (int i = 0; i < n; i++) total += v[i];
    return total;
}

int map_first(unary_fn fn, const int *v) { return fn(v[0]); }

static int unused_helper(void) { return twice(21); }
EOF
cat > csrc/main.c <<'EOF'
#include <stdio.h>
#include "util.h"

static int negate(int x) { return -x; }

static const unary_fn table[] = {twice, negate};

int main(void)
{
    int v[] = {1, 2, 3};
    printf("%d\n", sum(v, 3));
    printf("%d\n", map_first(negate, v));
    printf("%d\n", MAX(table[0](1), twice(2)));
    return 0;
}
EOF
cat > cpp/widget.hpp <<'EOF'
#pragma once
#include <string>

namespace ui {
class Widget {
public:
    explicit Widget(std::string name);
    virtual ~Widget() = default;
    virtual void draw() const;
    const std::string &name() const { return name_; }

private:
    std::string name_;
};

class Button : public Widget {
public:
    using Widget::Widget;
    void draw() const override;
    void click();
};
}
EOF
cat > cpp/widget.cpp <<'EOF'
#include "widget.hpp"
#include <iostream>

namespace ui {
Widget::Widget(std::string name) : name_(std::move(name)) {}

void Widget::draw() const { std::cout << name() << "\n"; }

void Button::draw() const
{
    Widget::draw();
    std::cout << "[button]\n";
}

void Button::click() { draw(); }
}

int run_ui()
{
    ui::Button ok("ok");
    ok.click();
    ui::Widget plain("plain");
    plain.draw();
    return 0;
}
EOF
cat > scripts/build.sh <<'EOF'
#!/usr/bin/env bash
# Build everything.
set -euo pipefail
OUT=${OUT:-build}

log() { echo "[build] $*"; }

compile() {
    log "compiling $1"
    cc -c "$1" -o "$OUT/$(basename "$1" .c).o"
}

main() {
    mkdir -p "$OUT"
    for f in csrc/*.c; do compile "$f"; done
    log done
}

main "$@"
EOF
cat > schema/config.schema.json <<'EOF'
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "Config",
  "type": "object",
  "properties": {
    "name": {"type": "string", "description": "Project name"},
    "jobs": {"type": "integer", "minimum": 1},
    "paths": {"type": "array", "items": {"$ref": "#/$defs/path"}}
  },
  "$defs": {"path": {"type": "string"}}
}
EOF
cat > docs/guide.md <<'EOF'
# Guide

How the demo fits together.

## Shapes

`Circle` and `Square` derive from `Shape`; see `pkg/shapes.py`.

## Building

Run `scripts/build.sh`, which calls `compile` for every C file.
EOF
commit_all
age_tree

mini_target=0                             # every name
[ "$sample" -gt 1 ] && mini_target=30     # every second one
index_all mini initial
check mini initial "$mini_target" pkg csrc cpp

# incremental: edit one file, add one, delete one; every backend re-indexes
# the same change (--explain: the per-file decisions are compared too)
cat >> pkg/util.py <<'EOF'


def cube(x):
    return square(x) * x
EOF
sed -i 's/return PI \* square(self.r)/return PI * square(self.r) + util.cube(0)/' pkg/shapes.py
cat > csrc/extra.c <<'EOF'
#include "util.h"

int extra(int x) { return sum(&x, 1) + twice(x); }
EOF
git rm -q scripts/build.sh
commit_all "incremental"
age_tree
index_all mini incremental --explain
[ "$(jq -r '[.decisions[] | select(.action == "reused")] | length' "$TMP/idx/mini/incremental/sqlite.json")" -gt 5 ] ||
  fail "the incremental run reused nothing: $(jq -c .summary "$TMP/idx/mini/incremental/sqlite.json")"
assert_eq "$(jq -r .summary.deleted "$TMP/idx/mini/incremental/sqlite.json")" 1 "one file deleted"
check mini incremental "$mini_target" pkg csrc

# ---- the corpora ------------------------------------------------------------
# edit_corpus: edit the first C file (sorted), delete the second, add one
edit_corpus() {
  local files
  mapfile -t files < <(cd "$REPO" && find . -path ./.codira -prune -o -name '*.c' -type f -print | LC_ALL=C sort)
  [ "${#files[@]}" -ge 2 ] || fail "the corpus has too few C files"
  printf '\nint conformance_edited(int x)\n{\n    return x + 1;\n}\n' >> "$REPO/${files[0]}"
  rm -f "$REPO/${files[1]}"
  printf 'int conformance_edited(int x);\nint conformance_added(void)\n{\n    return conformance_edited(41);\n}\n' \
    > "$REPO/$(dirname "${files[0]}")/conformance_added.c"
  (cd "$REPO" && age_tree)
}

corpora=(jq git)
[ "$sample" -gt 1 ] && corpora=(jq)
for name in "${corpora[@]}"; do
  src=$(corpus_dir "$name") || fail "cannot fetch corpus $name"
  cp -r "$src" "$TMP/$name"
  rm -f "$TMP/$name/.complete"
  REPO="$TMP/$name"
  (cd "$REPO" && age_tree)
  case $name in
    jq) target=250; prefixes=(src docs tests) ;;
    git) target=150; prefixes=(builtin t contrib/subtree) ;;
  esac
  [ "$sample" -gt 1 ] && target=$((target / sample * 2))
  index_all "$name" initial
  check "$name" initial "$target" "${prefixes[@]}"
  edit_corpus
  index_all "$name" incremental --explain
  check "$name" incremental "$((target / 3))" "${prefixes[@]}"
done
echo ok
