#!/usr/bin/env bash
# What per-pixel uncertainty costs (issue 15): one whole-raster prediction of the demo scene
# enlarged ten times (3490 x 3520 pixels) with a U-Net that has dropout (unet-medium, trained two
# epochs), then the same with Monte Carlo dropout (N passes) and with test-time augmentation (8
# passes). Each pass is one more network evaluation of every tile; reading, blending and writing
# are shared, so N passes should cost about N predictions, not more. Prints the times and the cost
# per pass against one prediction.
#   scripts/benchmark-uncertainty.sh [--passes N] [--build DIR]
# --build uses an existing build folder instead of the Release one this script configures and builds.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
passes=8
build=""
while [ $# -gt 0 ]; do
    case "$1" in
        --passes) passes=$2; shift 2 ;;
        --build) build=$2; shift 2 ;;
        *) echo "usage: $0 [--passes N] [--build DIR]" >&2; exit 2 ;;
    esac
done
if [ -z "$build" ]; then
    scripts/install-deps.sh
    cmake --preset release >/dev/null
    cmake --build --preset release --target deepterra-cli
    build=build/release
fi
scripts/fetch-samples.sh >/dev/null
cli="$build/app/deepterra-cli"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$cli" init "$work/olinda.deepterra" --task segmentation --image "$root/.samples/tif/L7_ETMs.tif" \
    --band-names blue,green,red,nir,swir1,swir2 --labels "$root/resources/demo/olinda-training.gpkg" \
    --label-field landcover --model unet-medium --patch 32 --stride 16 --epochs 2 >/dev/null
"$cli" train "$work/olinda.deepterra" --out "$work/run" >"$work/train.log" 2>&1 || { cat "$work/train.log"; exit 1; }
gdal_translate -q -outsize 1000% 1000% -co TILED=YES "$root/.samples/tif/L7_ETMs.tif" "$work/big.tif"

seconds() { # the wall time of a prediction with the given extra arguments
    local start end
    start=$(date +%s.%N)
    "$cli" predict "$work/run" --input "$work/big.tif" --output "$work/map.tif" "$@" >"$work/predict.log" 2>&1 \
        || { cat "$work/predict.log" >&2; exit 1; }
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }'
}
echo "Whole-raster prediction, 3490 x 3520 pixels, unet-medium, $(nproc) cores"
one=$(seconds)
echo "  one prediction:                $one s"
for method in "mc-dropout:$passes" tta; do
    n=$passes
    [ "$method" = tta ] && n=8
    t=$(seconds --uncertainty "$method" --uncertainty-output "$work/uncertainty.tif")
    awk -v m="$method" -v t="$t" -v one="$one" -v n="$n" \
        'BEGIN { printf "  %-14s %2d passes: %7.2f s = %.2f predictions, %.2f per pass\n", m, n, t, t / one, t / one / n }'
done
