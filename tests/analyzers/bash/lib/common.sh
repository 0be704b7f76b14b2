# common helpers
log() { printf '%s\n' "$*" >&2; }
