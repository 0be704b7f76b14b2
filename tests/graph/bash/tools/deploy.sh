#!/bin/sh
# not sourced by anyone: its functions are found by the unique-name rule
deploy_only() { log deploy; }
setup() { echo other setup; }
# a second log: scripts that source lib/log.sh still get that one
log() { echo "deploy: $*"; }
