#!/usr/bin/env bash
# Fetches the real sample data that the demo and the end-to-end tests use, from Debian packages,
# into .samples/ (git-ignored). Each file is checked against scripts/samples.sha256; nothing is
# downloaded when every file is already there and intact. Provenance: docs/sample-data.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
dest=${DEEPTERRA_SAMPLES_DIR:-$root/.samples}
sums="$here/samples.sha256"
mkdir -p "$dest"

verify() { (cd "$dest" && sha256sum --quiet --check "$sums" >/dev/null 2>&1); }

if verify; then
    echo "samples: all present in $dest"
    exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# package -> files inside it (relative to the package's data root) -> name in .samples
fetch() {
    local package=$1 prefix=$2; shift 2
    echo "samples: downloading $package"
    if ! apt-get download "$package" >/dev/null 2>"$work/apt.err"; then
        echo "samples: 'apt-get download $package' failed; run 'apt-get update' first." >&2
        cat "$work/apt.err" >&2
        exit 1
    fi
    mkdir -p "x-$package"
    dpkg-deb -x "$package"_*.deb "x-$package"
    local file
    for file in "$@"; do
        local src="x-$package/$prefix/$file"
        if [ ! -f "$src" ]; then
            echo "samples: $package no longer contains $prefix/$file" >&2
            exit 1
        fi
        mkdir -p "$dest/$(dirname "$file")"
        cp "$src" "$dest/$file"
    done
}

fetch r-cran-stars usr/lib/R/site-library/stars \
    tif/L7_ETMs.tif tif/olinda_dem_utm25s.tif tif/lc.tif tif/lc.tif.aux.xml \
    nc/test_stageiv_xyt.nc nc/test_stageiv_xyt_borked.nc nc/bcsd_obs_1999.nc
fetch python3-statsmodels usr/lib/python3/dist-packages/statsmodels \
    datasets/co2/co2.csv datasets/elnino/elnino.csv

if ! verify; then
    echo "samples: checksum mismatch in $dest:" >&2
    (cd "$dest" && sha256sum --check "$sums" 2>&1 | grep -v ': OK$') >&2 || true
    exit 1
fi
echo "samples: fetched into $dest"
