#!/usr/bin/env bash
# Installs what Deepterra needs to build, run and test, from Debian packages. Idempotent and quick when
# everything is there: apt is only called for missing packages. Non-interactive (CI has no terminal).
#   scripts/install-deps.sh          build + run dependencies
#   scripts/install-deps.sh --test   also what the test suite and screenshots need
set -euo pipefail

packages=(
    cmake ninja-build g++ pkg-config ccache
    qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev
    libtorch-dev
    # Data-parallel training: the Gloo headers LibTorch's c10d ProcessGroupGloo needs.
    libgloo-dev
    # ONNX export through libonnx (Debian's LibTorch links the same libonnx and libprotobuf).
    libonnx-dev libprotobuf-dev
    # The segmenters' inference runtime calls oneDNN, the library Debian's LibTorch links, itself.
    libdnnl-dev
    # Without OpenBLAS, Debian's LibTorch falls back to the reference BLAS: matrix products ~40x slower.
    libopenblas0-pthread
    libgdal-dev gdal-bin
    libqcustomplot-dev libqcustomplot2.1-qt6
    fonts-dejavu-core
    # The package (installer/): icons rendered from the SVG, CPack's dependency scan (dpkg-shlibdeps, file).
    librsvg2-bin dpkg-dev file
)
if [ "${1:-}" = "--test" ]; then
    # python3-torch, python3-onnx and python3-opencv: the export tests load the exported models in Python;
    # poppler-utils: the report tests read the PDF back (pdftotext, pdftoppm, pdfinfo);
    # lintian and debootstrap: the package test checks the .deb and installs it into a throw-away root.
    packages+=(xvfb xauth x11-apps imagemagick python3-gdal python3-numpy clang-format
        python3-torch python3-onnx python3-opencv poppler-utils lintian debootstrap)
fi

# A virtual package counts as present when an installed package provides it (Debian 13's
# qt6-base-dev provides libqt6opengl6-dev, a real package on Debian 12).
provided=$(dpkg-query -W -f='${Status}|${Provides}\n' 2>/dev/null | sed -n 's/^install ok installed|//p' |
    tr ',' '\n' | sed 's/ *(.*//; s/^ *//')
missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] && continue
    grep -qxF "$p" <<<"$provided" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages present"
    exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
