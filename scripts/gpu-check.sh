#!/usr/bin/env bash
# The GPU check: run it on any machine with an NVIDIA GPU whose Python holds a CUDA PyTorch, and put
# its figures in docs/benchmarks.md. Within 10 minutes it
#   1. builds deepterra-cli and the training benchmark (Release) against that PyTorch's LibTorch
#      (its CMake config is Torch_DIR; Debian's LibTorch on a machine without a GPU),
#   2. trains seed-cnn, unet-small and seed-lstm for --steps steps on the device and the same models in
#      PyTorch on the same device (tests/benchmarks/reference_training.py), and prints samples/s side by side,
#   3. on a GPU, trains the same seeded steps on the CPU too and checks that the first epoch's losses agree
#      (relative difference under 1e-3: the CPU fallback is exact, the GPU the same model),
#   4. trains a U-Net on the demo scene on the device (float32, then mixed bfloat16, and on a GPU mixed
#      float16) and predicts a whole raster with it on the device and on the CPU.
# Without a GPU it runs its CPU part: the same steps on the CPU, step 3 left out.
#   scripts/gpu-check.sh [--steps N] [--cpu]
# Qt and GDAL: from the machine, or from Debian packages unpacked under DEEPTERRA_DEB_ROOT (dpkg -x of
# the .debs that scripts/install-deps.sh names, for a machine where nothing can be installed).
# Results: build/gpu-check/ (OUT/ when OUT is set: a device machine's result folder).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
steps=40
force_cpu=""
while [ $# -gt 0 ]; do
    case "$1" in
        --steps) steps=$2; shift 2 ;;
        --cpu) force_cpu=1; shift ;;
        *) echo "usage: $0 [--steps N] [--cpu]" >&2; exit 2 ;;
    esac
done
results=${OUT:-$root/build/gpu-check}
mkdir -p "$results"
say() { echo "gpu-check: $*" | tee -a "$results/summary.txt"; }
: >"$results/summary.txt"
started=$SECONDS

python=python3
device=cpu
torch_dir=""
if [ -z "$force_cpu" ] && command -v nvidia-smi >/dev/null && nvidia-smi -L >/dev/null 2>&1 &&
    python3 -c 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
    device=cuda
    torch_dir="$(python3 -c 'import torch.utils; print(torch.utils.cmake_prefix_path)')/Torch"
    nvidia-smi -L | sed 's/^/gpu-check: /' | tee -a "$results/summary.txt"
    say "PyTorch $(python3 -c 'import torch; print(torch.__version__, "CUDA", torch.version.cuda)')"
else
    python=/usr/bin/python3
    say "no usable NVIDIA GPU (nvidia-smi, or a CUDA PyTorch, missing): the CPU part only"
fi
if [ -n "${DEEPTERRA_DEB_ROOT:-}" ]; then
    export CMAKE_PREFIX_PATH="$DEEPTERRA_DEB_ROOT/usr:${CMAKE_PREFIX_PATH:-}"
    export LD_LIBRARY_PATH="$DEEPTERRA_DEB_ROOT/usr/lib/x86_64-linux-gnu:${LD_LIBRARY_PATH:-}"
fi

# 1. The build.
build=build/release
configure=(--preset release)
if [ "$device" = cuda ]; then
    build=build/gpu-check-cuda
    configure+=(-B "$build" -DTorch_DIR="$torch_dir")
fi
cmake "${configure[@]}" >"$results/configure.log" 2>&1 || { tail -20 "$results/configure.log"; exit 1; }
grep 'Deepterra: Qt' "$results/configure.log" | sed 's/^-- /gpu-check: /' | tee -a "$results/summary.txt"
cmake --build "$build" --target deepterra-cli trainingbenchmark >"$results/build.log" 2>&1 ||
    { tail -30 "$results/build.log"; exit 1; }
cli=$root/$build/app/deepterra-cli
say "built in $((SECONDS - started)) s: $("$cli" version | head -3 | tr '\n' ' ')"

# 2. Training throughput beside PyTorch, on the device.
"$build/tests/benchmarks/trainingbenchmark" --device "$device" --steps "$steps" --json >"$results/deepterra-$device.json"
"$python" tests/benchmarks/reference_training.py --device "$device" --steps "$steps" --json \
    >"$results/pytorch-$device.json"
# 3. The same seeded steps on the CPU: the losses must agree.
if [ "$device" = cuda ]; then
    "$build/tests/benchmarks/trainingbenchmark" --device cpu --steps 4 --json >"$results/deepterra-cpu-agreement.json"
    "$build/tests/benchmarks/trainingbenchmark" --device cuda --steps 4 --json >"$results/deepterra-cuda-agreement.json"
fi
"$python" - "$results" "$device" <<'PY' | tee -a "$results/summary.txt"
import json, os, sys
folder, device = sys.argv[1], sys.argv[2]
ours = json.load(open(os.path.join(folder, f"deepterra-{device}.json")))
ref = json.load(open(os.path.join(folder, f"pytorch-{device}.json")))
rates = {r["model"]: r["samplesPerSecond"] for r in ref["results"]}
print(f"gpu-check: training on {device}: model, batch, Deepterra samples/s, PyTorch {ref['torch']} samples/s, ratio")
for r in ours["results"]:
    p = rates.get(r["model"], float("nan"))
    print(f"gpu-check:   {r['model']:<11} {r['batch']:>4} {r['samplesPerSecond']:>10.1f} {p:>10.1f} {r['samplesPerSecond'] / p:>6.2f}")
agreement = os.path.join(folder, "deepterra-cpu-agreement.json")
if os.path.exists(agreement):
    cpu = {r["model"]: r["firstEpochLoss"] for r in json.load(open(agreement))["results"]}
    gpu = {r["model"]: r["firstEpochLoss"] for r in json.load(open(os.path.join(folder, "deepterra-cuda-agreement.json")))["results"]}
    worst = 0.0
    for model, loss in cpu.items():
        difference = abs(gpu[model] - loss) / max(abs(loss), 1e-12)
        worst = max(worst, difference)
        print(f"gpu-check:   first-epoch loss {model}: cpu {loss:.6f}, cuda {gpu[model]:.6f} (relative {difference:.1e})")
    print(f"gpu-check: CPU and GPU losses {'agree' if worst < 1e-3 else 'DISAGREE'} (largest relative difference {worst:.1e})")
    if worst >= 1e-3:
        sys.exit(1)
PY

# 4. A U-Net trained on the demo scene, and a whole raster predicted with it.
demo=$results/demo
rm -rf "$demo"
mkdir -p "$demo"
scripts/fetch-samples.sh >/dev/null 2>&1 || true
image=$root/.samples/tif/L7_ETMs.tif
if [ -f "$image" ]; then
    (
        cd "$demo"
        "$cli" init olinda.deepterra --task segmentation --image "$image" \
            --labels "$root/resources/demo/olinda-training.gpkg" --label-field landcover --patch 32 --stride 16 \
            --epochs 3 --batch 16 >/dev/null
        precisions="fp32 bf16"
        [ "$device" = cuda ] && precisions="fp32 bf16 fp16"
        for precision in $precisions; do
            "$cli" train olinda.deepterra --out "run-$precision" --device "$device" --precision "$precision" \
                2>"train-$precision.log" >/dev/null
            echo "gpu-check: training in $precision on $device: $(grep -h 'Finished after' "train-$precision.log")"
        done
        for target in $(echo "$device cpu" | tr ' ' '\n' | sort -u); do
            /usr/bin/time -f '%e s, %M KiB peak' "$cli" predict run-fp32 --input "$image" --device "$target" \
                --output "map-$target.tif" --confidence "confidence-$target.tif" 2>"predict-$target.log" >/dev/null
            echo "gpu-check: whole-raster prediction of $(basename "$image") on $target: $(tail -1 "predict-$target.log")"
        done
    ) | tee -a "$results/summary.txt"
else
    say "the demo scene is missing (scripts/fetch-samples.sh needs the network): step 4 left out"
fi
say "done in $((SECONDS - started)) s; figures in $results"
