#!/bin/bash
# build.sh - sources util.sh (and through it log.sh)
source ../lib/util.sh
compile() {
    require cc
    make -j2 all
    log "built"
}
# a wrapper of the builtin cd: calls to cd resolve to it here
cd() { builtin cd "$@" || die "cd $*"; }
compile
cd out
publish
deploy_only
setup
$RUNNER --check
