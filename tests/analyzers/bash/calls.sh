#!/bin/bash
# pipelines, subshells, command substitutions, builtins, dynamic names

run() {
    echo hello; make all
    cat file | grep x | sort -u
    (cd src && make)
    value="$(git rev-parse HEAD)"
    diff <(ls a) <(ls b)
    PATH=$HOME/bin make all
    $cmd --flag
    "${tool}" run
    \rm -f x
    command -v git >/dev/null || exit 1
    test -f x && true
    [ -f y ] || false
    [[ -n "$z" ]]
    read -r line < input
    printf '%s\n' "$line" | tee out.txt
    run_inner
    eval "echo hi"
    exec 3>&1
}

run_inner() { return 0; }

for f in *.txt; do wc -l "$f"; done
while read -r l; do echo "$l"; done < list
case "$1" in
    start) run ;;
    *) usage ;;
esac
trap 'cleanup' EXIT
run
