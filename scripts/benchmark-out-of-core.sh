#!/usr/bin/env bash
# Training from a window larger than memory (issue 19). A synthetic, fully labelled 12-band image
# (Sentinel-2-like) of SIZE x SIZE pixels is trained twice per size: with the task's memory limit at LIMIT MiB (the
# window then streams from its copy on disk) and with the limit out of the way (in memory). Prints
# per run the window's in-memory size against the limit, the preparation time, the peak memory
# (maximum RSS), samples/s and the share of each epoch the trainer waited for batches.
#   scripts/benchmark-out-of-core.sh [--sizes "2048 3400"] [--limit MIB] [--threads N] [--epochs N]
#                                    [--cli PATH] [--keep DIR]
# Without --cli it builds deepterra-cli in Release first.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# 3400 x 3400 pixels of 12 channels need 661 MiB in memory: over ten times the 64 MiB limit.
sizes="2048 3400"
limit=64
threads=$(nproc)
epochs=2
cli=""
keep=""
while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) sizes=$2; shift 2 ;;
        --limit) limit=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --epochs) epochs=$2; shift 2 ;;
        --cli) cli=$2; shift 2 ;;
        --keep) keep=$2; shift 2 ;;
        *) echo "usage: $0 [--sizes \"N ...\"] [--limit MIB] [--threads N] [--epochs N] [--cli PATH] [--keep DIR]" >&2
           exit 2 ;;
    esac
done
if [ -z "$cli" ]; then
    scripts/install-deps.sh
    cmake --preset release >/dev/null
    cmake --build --preset release --target deepterra-cli
    cli=$root/build/release/app/deepterra-cli
fi
if [ -n "$keep" ]; then
    work=$keep
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi

# The image: smooth fields plus noise in UInt16, written by row blocks (bounded memory), tiled; the
# classes follow the bands so that there is something to learn.
make_data() {
    /usr/bin/python3 - "$1" "$2" <<'PY'
import sys
import numpy as np
from osgeo import gdal, osr
size, folder = int(sys.argv[1]), sys.argv[2]
srs = osr.SpatialReference(); srs.ImportFromEPSG(32725)
options = ["TILED=YES", "COMPRESS=DEFLATE", "BIGTIFF=IF_SAFER"]
bands = 12
image = gdal.GetDriverByName("GTiff").Create(f"{folder}/image.tif", size, size, bands, gdal.GDT_UInt16, options)
labels = gdal.GetDriverByName("GTiff").Create(f"{folder}/labels.tif", size, size, 1, gdal.GDT_Byte, options)
for d in (image, labels):
    d.SetGeoTransform((500000, 10, 0, 9200000, 0, -10)); d.SetProjection(srs.ExportToWkt())
labels.GetRasterBand(1).SetNoDataValue(0)
rng = np.random.default_rng(1)
x = np.arange(size, dtype=np.float32)
for top in range(0, size, 512):
    rows = min(512, size - top)
    y = np.arange(top, top + rows, dtype=np.float32)[:, None]
    field = np.sin(x / 97.0) * np.cos(y / 131.0) + 0.5 * np.sin((x + y) / 53.0)
    for b in range(bands):
        band = 2000 + 800 * field * (1 + 0.3 * b) + 200 * b + rng.normal(0, 60, (rows, size))
        image.GetRasterBand(b + 1).WriteArray(band.astype(np.uint16), 0, top)
    classes = 1 + np.digitize(field, [-0.6, 0.0, 0.6])
    labels.GetRasterBand(1).WriteArray(classes.astype(np.uint8), 0, top)
image = labels = None
PY
}

write_project() { # folder limit
    cat >"$1/$2.deepterra" <<JSON
{
    "format": "deepterra-project", "version": 1, "name": "out-of-core benchmark",
    "layers": [
        {"id": "image", "kind": "imagery", "name": "image", "path": "image.tif"},
        {"id": "labels", "kind": "class-raster", "name": "labels", "path": "labels.tif"}
    ],
    "task": {"type": "segmentation", "image": "image", "labels": "labels", "patchSize": 64, "stride": 64,
             "memoryLimitMiB": $2, "split": {"method": "spatial-blocks"}},
    "model": {"preset": "unet-small"},
    "training": {"batchSize": 16, "epochs": $epochs, "learningRate": 0.001, "seed": 42, "device": "cpu",
                 "earlyStopping": {"metric": "val_mean_iou", "patience": 0}}
}
JSON
}

results=$work/results.txt
: >"$results"
for size in $sizes; do
    folder=$work/$size
    mkdir -p "$folder"
    [ -f "$folder/image.tif" ] || { echo "writing a ${size}x${size} image" >&2; make_data "$size" "$folder"; }
    for mib in "$limit" 1048576; do
        write_project "$folder" "$mib"
        run=$folder/run-$mib
        rm -rf "$run"
        echo "training ${size}x${size} with a limit of $mib MiB" >&2
        start=$(date +%s.%N)
        if ! /usr/bin/time -v "$cli" train "$folder/$mib.deepterra" --threads "$threads" --out "$run" \
            >"$folder/train-$mib.log" 2>"$folder/time-$mib.txt"; then
            cat "$folder/time-$mib.txt" >&2
            exit 1
        fi
        end=$(date +%s.%N)
        peak=$(awk -F: '/Maximum resident set size/ {print $2}' "$folder/time-$mib.txt")
        echo "$size $mib $start $end $peak $run" >>"$results"
    done
done

/usr/bin/python3 - "$results" <<'PY'
import csv, datetime, sys
print(f"{'window':>11} {'needs':>8} {'limit':>8} {'mode':>9} {'prepare':>8} {'peak RSS':>9} "
      f"{'samples/s':>10} {'data wait':>10}   (per epoch)")
for line in open(sys.argv[1]):
    size, limit, start, end, peak, run = line.split()
    size, limit = int(size), int(limit)
    needs = size * size * 12 * 5 / 2**20  # 12 channels, float and validity: what the limit is held against
    rows = list(csv.DictReader(open(f"{run}/history.csv")))
    # From "Preparing" to the examples' count in the run's log (whole seconds): placing the labels,
    # reading the image (and copying it when streamed), sampling, splitting, normalising.
    stamps = {}
    for entry in open(f"{run}/training.log"):
        when, text = entry.split(" ", 1)
        if text.startswith("Preparing"):
            stamps["from"] = datetime.datetime.fromisoformat(when)
        elif text.rstrip().endswith("validation examples"):
            stamps["to"] = datetime.datetime.fromisoformat(when)
    prepare = (stamps["to"] - stamps["from"]).total_seconds()
    mode = "disk" if needs > limit else "memory"
    rates = " ".join(f"{float(r['samples_per_second']):.1f}" for r in rows)
    waits = " ".join(f"{100 * float(r['data_wait_share']):.2f}%" for r in rows)
    print(f"{size:>5}x{size:<5} {needs:>6.0f}Mi {limit if limit < 1048576 else '-':>8} {mode:>9} "
          f"{prepare:>7.0f}s {int(peak) / 1024:>7.0f}Mi {rates:>10} {waits:>10}")
PY
