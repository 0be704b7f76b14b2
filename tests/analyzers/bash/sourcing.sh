#!/bin/bash
. ./lib/common.sh
source lib/common.sh
source "lib/common.sh"
. 'lib/common.sh'
. "$HERE"/lib/common.sh
source "${BASH_SOURCE%/*}/lib/common.sh"
. "$1"
source ~/.bashrc
source

main() {
    . ./lib/late.sh
    log "started"
}
main "$@"
