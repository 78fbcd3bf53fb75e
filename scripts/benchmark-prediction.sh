#!/usr/bin/env bash
# Whole-raster prediction throughput and peak memory: `deepterra-cli predict` (Release build)
# beside the Python reference (tests/benchmarks/reference_prediction.py: python3-gdal +
# python3-torch, same U-Net, tile, overlap, batch and threads), in the same session, on a
# generated SIZE x SIZE six-band Byte raster (tiled DEFLATE GeoTIFF in a temporary folder).
#   scripts/benchmark-prediction.sh [--size N] [--tile N] [--overlap N] [--batch N] [--threads N]
#                                   [--model model.pt] [--cli path/to/deepterra-cli] [--keep DIR]
# The reference runs the run's TorchScript export (`deepterra-cli export --format torchscript`);
# --model gives another .pt instead. Both write the class map and a max-probability confidence
# map. --cli skips the Release build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
size=20000
tile=256
overlap=64
batch=2 # deepterra-cli predict's default for tiles of 256
threads=$(nproc)
model=""
cli=""
keep=""
while [ $# -gt 0 ]; do
    case "$1" in
        --size) size=$2; shift 2 ;;
        --tile) tile=$2; shift 2 ;;
        --overlap) overlap=$2; shift 2 ;;
        --batch) batch=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --model) model=$2; shift 2 ;;
        --cli) cli=$2; shift 2 ;;
        --keep) keep=$2; shift 2 ;;
        *) echo "usage: $0 [--size N] [--tile N] [--overlap N] [--batch N] [--threads N] [--model PT] [--cli EXE] [--keep DIR]" >&2; exit 2 ;;
    esac
done
if [ -z "$cli" ]; then
    cd "$root"
    cmake --preset release >/dev/null
    cmake --build --preset release --target deepterra-cli
    cli="$root/build/release/app/deepterra-cli"
fi
work=${keep:-$(mktemp -d)}
mkdir -p "$work"
[ -n "$keep" ] || trap 'rm -rf "$work"' EXIT
cd "$work"

# A small trained U-Net (unet-small, 6 bands, 4 classes): one epoch on the Olinda demo.
if [ ! -f run/checkpoints/best.pt ]; then
    "$cli" init olinda.deepterra --force --task segmentation --image "$root/.samples/tif/L7_ETMs.tif" \
        --labels "$root/resources/demo/olinda-training.gpkg" --label-field landcover --patch 32 \
        --stride 32 --epochs 1 --batch 16 >/dev/null
    "$cli" train olinda.deepterra --out run --threads "$threads" >/dev/null 2>&1
fi

# The input: the Landsat scene repeated to SIZE x SIZE, written strip by strip.
if [ ! -f input.tif ]; then
    /usr/bin/python3 - "$root/.samples/tif/L7_ETMs.tif" input.tif "$size" <<'PY'
import sys
import numpy as np
from osgeo import gdal
gdal.UseExceptions()
src = gdal.Open(sys.argv[1])
scene = src.ReadAsArray()
size = int(sys.argv[3])
out = gdal.GetDriverByName("GTiff").Create(sys.argv[2], size, size, 6, gdal.GDT_Byte,
                                           ["TILED=YES", "COMPRESS=DEFLATE", "BIGTIFF=YES"])
gt = list(src.GetGeoTransform())
out.SetGeoTransform(gt)
out.SetProjection(src.GetProjection())
h, w = scene.shape[1:]
for y0 in range(0, size, 512):
    rows = min(512, size - y0)
    r = (np.arange(y0, y0 + rows) % h)[:, None]
    c = (np.arange(size) % w)[None, :]
    for b in range(6):
        out.GetRasterBand(b + 1).WriteArray(scene[b][r, c], 0, y0)
out = None
PY
fi

measure() { # label, command...: prints "seconds maxrss_kib"; LABEL.rss: "seconds rss_kib" every 5 s
    local label=$1; shift
    /usr/bin/time -v "$@" >"$label.out" 2>"$label.time" &
    local timer=$!
    (
        start=$SECONDS
        while kill -0 "$timer" 2>/dev/null; do
            child=$(pgrep -P "$timer" | head -n 1 || true)
            [ -n "$child" ] && awk -v t=$((SECONDS - start)) '/^VmRSS/ {print t, $2}' "/proc/$child/status" 2>/dev/null
            sleep 5
        done
    ) >"$label.rss" &
    local sampler=$!
    wait "$timer" || { cat "$label.out" "$label.time" >&2; exit 1; }
    wait "$sampler" || true
    local rss wall
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$label.time")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$label.time")
    echo "$wall $rss"
}
[ -n "$model" ] || { model=$work/model.pt; [ -f "$model" ] || "$cli" export run --format torchscript --output "$model" >/dev/null; }
ours=$(measure deepterra "$cli" predict run --input input.tif --output map.tif --confidence confidence.tif \
    --tile "$tile" --overlap "$overlap" --batch "$batch" --threads "$threads")
reference=$(measure reference /usr/bin/python3 "$root/tests/benchmarks/reference_prediction.py" input.tif \
    reference.tif --tile "$tile" --overlap "$overlap" --batch "$batch" --threads "$threads" --model "$model")
/usr/bin/python3 - "$size" "$ours" "$reference" "$tile" "$overlap" "$batch" "$threads" deepterra.rss reference.rss <<'PY'
import sys
size = int(sys.argv[1])
def quarters(path):
    """Highest resident memory (MiB) in each quarter of the run: a plateau, not a climb."""
    samples = [tuple(map(int, line.split())) for line in open(path) if len(line.split()) == 2]
    if len(samples) < 4:
        return "too short to sample"
    end = samples[-1][0] or 1
    peaks = [0.0] * 4
    for t, rss in samples:
        q = min(3, 4 * t // end)
        peaks[q] = max(peaks[q], rss / 1024)
    return " / ".join(f"{p:.0f}" for p in peaks)
def parse(text):
    wall, rss = text.split()
    parts = [float(p) for p in wall.split(":")]
    seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    return seconds, int(rss) / 1024
mp = size * size / 1e6
ours, ref = parse(sys.argv[2]), parse(sys.argv[3])
print(f"raster {size} x {size} x 6 ({mp:.1f} MP), tile {sys.argv[4]}, overlap {sys.argv[5]}, "
      f"batch {sys.argv[6]}, threads {sys.argv[7]}")
print(f"{'':<10} {'seconds':>9} {'MP/s':>8} {'peak MiB':>9}")
for name, (s, rss) in (("Deepterra", ours), ("Python", ref)):
    print(f"{name:<10} {s:>9.1f} {mp / s:>8.3f} {rss:>9.0f}")
print(f"throughput ratio {ref[0] / ours[0]:.2f}x")
for name, path in (("Deepterra", sys.argv[8]), ("Python", sys.argv[9])):
    print(f"{name} resident MiB by quarter of the run: {quarters(path)}")
PY
