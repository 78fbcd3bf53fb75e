#!/usr/bin/env bash
# README command 1: install, fetch the samples, build, and start Deepterra on the demo project.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/install-deps.sh
scripts/fetch-samples.sh
cmake --preset release >/dev/null
cmake --build --preset release --target deepterra deepterra-cli
exec build/release/app/deepterra resources/demo/olinda.deepterra "$@"
