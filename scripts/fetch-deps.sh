#!/usr/bin/env bash
# Fetch the pinned third-party sources listed in deps.lock into .deps/ and
# verify each tarball against its npm integrity hash before extracting it.
# Also installs the Debian packages the build and the tests need when missing.
#
#   scripts/fetch-deps.sh            sources + build packages
#   scripts/fetch-deps.sh --test     also the packages the test suite needs
#   scripts/fetch-deps.sh --bench    also the tools `make bench` compares against
#   scripts/fetch-deps.sh --duckdb   also the pinned DuckDB library and header
set -euo pipefail
cd "$(dirname "$0")/.."
DEPS=.deps
mkdir -p "$DEPS/cache"

say() { printf 'fetch-deps: %s\n' "$*" >&2; }

# --- Debian packages ---------------------------------------------------------
# package -> a file that proves it is installed (cheaper and quieter than dpkg)
declare -A PKG_PROBE=(
  [libsqlite3-dev]=/usr/include/sqlite3.h
  [libjansson-dev]=/usr/include/jansson.h
  [libxxhash-dev]=/usr/include/xxhash.h
  [libcmark-dev]=/usr/include/cmark.h
  [pkg-config]=/usr/bin/pkg-config
  [curl]=/usr/bin/curl
  [git]=/usr/bin/git
  [openssl]=/usr/bin/openssl
)
groups=core
want=(libsqlite3-dev libjansson-dev libxxhash-dev libcmark-dev pkg-config curl git openssl)
for arg in "$@"; do
  case "$arg" in
    --test)  PKG_PROBE+=([libcmocka-dev]=/usr/include/cmocka.h [jq]=/usr/bin/jq [util-linux]=/usr/bin/setpriv
                         [graphviz]=/usr/bin/dot [cscope]=/usr/bin/cscope [sqlite3]=/usr/bin/sqlite3)
             want+=(libcmocka-dev jq util-linux graphviz cscope sqlite3) ;;
    --duckdb) groups="$groups duckdb" ;;
    --bench) PKG_PROBE+=([universal-ctags]=/usr/bin/ctags [global]=/usr/bin/global [cscope]=/usr/bin/cscope [time]=/usr/bin/time [hyperfine]=/usr/bin/hyperfine)
             want+=(universal-ctags global cscope time hyperfine) ;;
    *) say "unknown option $arg"; exit 2 ;;
  esac
done
missing=()
for p in "${want[@]}"; do [ -e "${PKG_PROBE[$p]}" ] || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
    $SUDO apt-get update -qq >/dev/null
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  }
fi

# --- pinned npm tarballs -----------------------------------------------------
# A stamp per package records the integrity it was extracted from, so a changed
# pin re-fetches and an unchanged one costs nothing.
grep -v '^[[:space:]]*\(#\|$\)' deps.lock | while read -r name version url integrity group members; do
  case " $groups " in *" ${group:-core} "*) ;; *) continue ;; esac
  dest="$DEPS/$name"
  stamp="$dest/.codira-integrity"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$integrity" ]; then continue; fi
  tgz="$DEPS/cache/$name-$version.tgz"
  if [ ! -f "$tgz" ]; then
    say "downloading $name@$version"
    curl -sSfL --retry 3 -o "$tgz.part" "$url"
    mv "$tgz.part" "$tgz"
  fi
  algo=${integrity%%-*}; want_b64=${integrity#*-}
  got_b64=$(openssl dgst -"$algo" -binary "$tgz" | base64 -w0)
  if [ "$got_b64" != "$want_b64" ]; then
    rm -f "$tgz"
    say "integrity check FAILED for $name@$version (expected $integrity)"; exit 1
  fi
  rm -rf "$dest"; mkdir -p "$dest"
  # shellcheck disable=SC2086 # members is a list
  tar xzf "$tgz" -C "$dest" --strip-components=1 $members
  echo "$integrity" > "$stamp"
  say "verified and extracted $name@$version"
done
