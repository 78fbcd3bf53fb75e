#!/usr/bin/env bash
# Training throughput: Deepterra's engine (Release build) beside the PyTorch reference running the
# same models, batch sizes and threads, in the same session. Prints samples/s for both, the ratio,
# and the share of step time Deepterra spent waiting for data.
#   scripts/benchmark-training.sh [--threads N] [--steps N]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
threads=$(nproc)
steps=20
while [ $# -gt 0 ]; do
    case "$1" in
        --threads) threads=$2; shift 2 ;;
        --steps) steps=$2; shift 2 ;;
        *) echo "usage: $0 [--threads N] [--steps N]" >&2; exit 2 ;;
    esac
done
scripts/install-deps.sh
if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends python3-torch >/dev/null
fi
cmake --preset release >/dev/null
cmake --build --preset release --target trainingbenchmark
ours=$(build/release/tests/benchmarks/trainingbenchmark --threads "$threads" --steps "$steps" --json)
reference=$(/usr/bin/python3 tests/benchmarks/reference_training.py --threads "$threads" --steps "$steps" --json)
/usr/bin/python3 - "$ours" "$reference" <<'PY'
import json, sys
ours, ref = json.loads(sys.argv[1]), json.loads(sys.argv[2])
refs = {r["model"]: r for r in ref["results"]}
print(f"threads: Deepterra {ours['threads']}, PyTorch {ref['torch']} {ref['threads']}")
print(f"{'model':<11} {'batch':>5} {'Deepterra':>12} {'PyTorch':>12} {'ratio':>6} {'data wait':>10}")
for r in ours["results"]:
    p = refs[r["model"]]
    print(f"{r['model']:<11} {r['batch']:>5} {r['samplesPerSecond']:>10.1f}/s {p['samplesPerSecond']:>10.1f}/s "
          f"{r['samplesPerSecond'] / p['samplesPerSecond']:>6.2f} {100 * r['dataWaitShare']:>9.2f}%")
PY
