#!/usr/bin/env bash
# How responsive the app stays while it trains (issue 14): the longest GUI-thread stall and the
# previews' share of training time, for the demo segmentation set-up with the live preview off (the
# reference) and on, and for seed-lstm on the CO2 series; then while it maps a whole raster from its
# prediction form (issue 15), beside deepterra-cli predict on the same raster. Projects are made with `deepterra-cli init`
# (the defaults the set-up forms use) in a temporary folder; the app trains them in its main window.
#   scripts/benchmark-gui-stall.sh [--epochs N] [--build DIR]
# --build uses an existing build folder (configured with DEEPTERRA_BUILD_BENCHMARKS=ON) instead of
# the Release one this script configures and builds.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
epochs=5
build=""
while [ $# -gt 0 ]; do
    case "$1" in
        --epochs) epochs=$2; shift 2 ;;
        --build) build=$2; shift 2 ;;
        *) echo "usage: $0 [--epochs N] [--build DIR]" >&2; exit 2 ;;
    esac
done
if [ -z "$build" ]; then
    scripts/install-deps.sh
    cmake --preset release >/dev/null
    cmake --build --preset release --target deepterra-cli trainingstallbenchmark predictionstallbenchmark
    build=build/release
fi
scripts/fetch-samples.sh >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cli="$build/app/deepterra-cli"
bench="$build/tests/benchmarks/trainingstallbenchmark"
predictbench="$build/tests/benchmarks/predictionstallbenchmark"
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}

"$cli" init "$work/olinda.deepterra" --task segmentation --image "$root/.samples/tif/L7_ETMs.tif" \
    --band-names blue,green,red,nir,swir1,swir2 --labels "$root/resources/demo/olinda-training.gpkg" \
    --label-field landcover --epochs "$epochs" >/dev/null
"$cli" init "$work/co2.deepterra" --task forecasting --series "$root/.samples/datasets/co2/co2.csv" \
    --target co2 --model seed-lstm --lookback 100 --epochs "$epochs" >/dev/null

# Each project trains without the preview (the reference) and with it; the difference in training
# time is what the previews hold training back by.
slowdown() {
    local off on
    off=$(sed -n 's/.*trained in \([0-9.]*\) s.*/\1/p' "$1")
    on=$(sed -n 's/.*trained in \([0-9.]*\) s.*/\1/p' "$2")
    awk -v off="$off" -v on="$on" 'BEGIN { printf "  training time with previews against without: %.1f s / %.1f s = %+.1f %%\n", on, off, 100 * (on - off) / off }'
}
for case in "olinda:Segmentation (demo set-up)" "co2:Forecasting (seed-lstm, CO2)"; do
    name=${case%%:*}
    echo "${case#*:}, $epochs epochs, preview off (the reference)"
    "$bench" "$work/$name.deepterra" --no-preview 2>/dev/null | tee "$work/$name-off.txt"
    echo "${case#*:}, $epochs epochs, preview on"
    "$bench" "$work/$name.deepterra" 2>/dev/null | tee "$work/$name-on.txt"
    slowdown "$work/$name-off.txt" "$work/$name-on.txt"
done

# Whole-raster prediction from the app's form with the segmentation run just trained, on the demo
# scene enlarged ten times (3490 x 3520 pixels), against deepterra-cli predict on the same raster.
run=$(ls -d "$work"/runs/*segmentation* | tail -n 1)
gdal_translate -q -outsize 1000% 1000% -co TILED=YES "$root/.samples/tif/L7_ETMs.tif" "$work/big.tif"
mkdir -p "$work/app-maps" "$work/cli-maps"
echo "Whole-raster prediction from the app (reference: deepterra-cli predict, the same run and raster)"
"$predictbench" "$work/olinda.deepterra" "$run" "$work/big.tif" "$work/app-maps" 2>/dev/null
start=$(date +%s.%N)
"$cli" predict "$run" --input "$work/big.tif" --output "$work/cli-maps/classes.tif" >"$work/cli.log" 2>&1 \
    || { cat "$work/cli.log"; exit 1; }
awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "  deepterra-cli predict: %.1f s\n", e - s }'
