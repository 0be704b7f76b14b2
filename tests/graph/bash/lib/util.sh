# lib/util.sh - sources log.sh itself (transitive)
. "$(dirname "$0")"/../lib/log.sh
require() { command -v "$1" >/dev/null || die "missing $1"; }
cleanup() { rm -rf "$TMP"; }
