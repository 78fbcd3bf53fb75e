#!/usr/bin/env bash
# Training throughput: Deepterra's engine (Release build) beside the PyTorch reference running the
# same models, batch sizes and threads, in the same session. Prints samples/s for both, the ratio,
# and the share of step time Deepterra spent waiting for data. Both sides run ROUNDS times, taking
# turns, and the medians are compared: on a shared virtual machine one run swings by 15-40 %.
#   scripts/benchmark-training.sh [--threads N] [--steps N] [--rounds N]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
threads=$(nproc)
steps=20
rounds=3
while [ $# -gt 0 ]; do
    case "$1" in
        --threads) threads=$2; shift 2 ;;
        --steps) steps=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        *) echo "usage: $0 [--threads N] [--steps N] [--rounds N]" >&2; exit 2 ;;
    esac
done
scripts/install-deps.sh
if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends python3-torch >/dev/null
fi
cmake --preset release >/dev/null
cmake --build --preset release --target trainingbenchmark
results=$(mktemp)
trap 'rm -f "$results"' EXIT
for round in $(seq "$rounds"); do
    echo "round $round of $rounds" >&2
    echo "ours $(build/release/tests/benchmarks/trainingbenchmark --threads "$threads" --steps "$steps" --json)" >>"$results"
    echo "reference $(/usr/bin/python3 tests/benchmarks/reference_training.py --threads "$threads" --steps "$steps" --json)" >>"$results"
done
/usr/bin/python3 - "$results" <<'PY'
import json, statistics, sys
runs = {"ours": [], "reference": []}
for line in open(sys.argv[1]):
    side, text = line.split(" ", 1)
    runs[side].append(json.loads(text))
def rates(side, key="samplesPerSecond"):
    table = {}
    for run in runs[side]:
        for r in run["results"]:
            table.setdefault(r["model"], []).append(r[key])
    return table
ours, ref, waits = rates("ours"), rates("reference"), rates("ours", "dataWaitShare")
batches = {r["model"]: r["batch"] for r in runs["ours"][0]["results"]}
print(f"threads: Deepterra {runs['ours'][0]['threads']}, PyTorch {runs['reference'][0]['torch']} "
      f"{runs['reference'][0]['threads']}; medians of {len(runs['ours'])} rounds")
print(f"{'model':<11} {'batch':>5} {'Deepterra':>12} {'PyTorch':>12} {'ratio':>6} {'data wait':>10}   all rounds (ours / reference)")
for model, values in ours.items():
    o, p = statistics.median(values), statistics.median(ref[model])
    spread = "  ".join(f"{a:.1f}/{b:.1f}" for a, b in zip(values, ref[model]))
    print(f"{model:<11} {batches[model]:>5} {o:>10.1f}/s {p:>10.1f}/s {o / p:>6.2f} "
          f"{100 * max(waits[model]):>9.2f}%   {spread}")
PY
