#!/usr/bin/env bash
# functions.sh - both forms of function definition, nesting, duplicates.

# Build the project.
# Runs make with every argument.
build() {
    make all "$@"
}

function clean {
    rm -rf out
}

# not a docstring: a blank line follows

function deploy() {
    build
    clean
}

outer() {
    # a function defined when outer runs
    inner() {
        echo "inner"
    }
    inner
}

if [ -n "$FAST" ]; then
    quick() { :; }
else
    quick() { sleep 1; }
fi

x=1 # trailing comment, not a docstring
helper() ( cd /tmp && ls )

helper() { echo "redefined"; }
