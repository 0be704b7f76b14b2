#!/bin/sh
VERSION=1.2.3
readonly PREFIX=/usr/local
declare -r CONFIG_DIR
declare -x -a PATHS=(/bin /usr/bin)
typeset COUNT=0
export EDITOR=vi PAGER
export VERSION
arr[0]=first
A=1 B=2
VERSION=1.2.4
PATH=/opt/bin:$PATH make install

setup() {
    local tmp=/tmp/x
    LOCAL_ASSIGN=1
    export INSIDE=1
    declare inner=2
}

( SUBSHELL=1 )
RESULT=$(INNER=1 git describe)
if true; then
    IN_IF=yes
fi
