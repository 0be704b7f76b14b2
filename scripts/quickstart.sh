#!/usr/bin/env bash
# The main job in one command: index a repository and answer a question.
#   scripts/quickstart.sh [REPO] [SYMBOL]
# Defaults: this repository, and the function that runs an index pass.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
repo=${1:-$top}
symbol=${2:-indexer_run}
codira="$top/build/codira"
echo "\$ codira index --path $repo"
"$codira" index --path "$repo"
echo
echo "\$ codira sym $symbol --path $repo"
"$codira" sym "$symbol" --path "$repo"
echo
echo "\$ codira sym $symbol --path $repo --json"
"$codira" sym "$symbol" --path "$repo" --json
