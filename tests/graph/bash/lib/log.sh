# lib/log.sh - logging helpers, sourced by the scripts
log() { printf '%s\n' "$*" >&2; }
die() { log "fatal: $*"; exit 1; }
