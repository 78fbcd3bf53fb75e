#!/usr/bin/env bash
# The package test (CTest label `package`): builds the .deb and the .tar.gz of BUILD_DIR with CPack,
# checks the .deb with lintian, installs it with `apt-get install ./deepterra_*.deb` into a throw-away
# root of the Debian release this machine runs (a copy of a cached debootstrap root: nothing else of
# Deepterra's is in it), and there, as a user would:
#   runs the installed deepterra-cli through --version, info, init, a two-epoch train on the demo data,
#   predict and export (TorchScript, ONNX, model card), outside any source tree;
#   validates the desktop file and the AppStream metadata, completes a command with bash completion;
#   starts the installed GUI on the demo project under Xvfb and takes a screenshot;
#   purges the package and checks that every file it installed is gone and the user's files stay.
# Also unpacks the tarball and runs its deepterra-cli. Needs root (debootstrap, chroot, mount) and the
# network (apt); exits 77 (skipped) when not root.
#   installer/test-package.sh BUILD_DIR
#   installer/test-package.sh --prepare-root     only makes the cached root (before a build, say)
# Environment: DEEPTERRA_CACHE_DIR (default /var/cache/deepterra: base roots and downloaded packages),
# DEEPTERRA_DEBIAN_MIRROR (default http://deb.debian.org/debian).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd -P)
cache=${DEEPTERRA_CACHE_DIR:-/var/cache/deepterra}
mirror=${DEEPTERRA_DEBIAN_MIRROR:-http://deb.debian.org/debian}
step_start=$SECONDS

say() { echo "package: $*"; }
die() { echo "package: FAILED: $*" >&2; exit 1; }
elapsed() { echo "$((SECONDS - step_start)) s"; }

if [ "$(id -u)" -ne 0 ]; then
    say "skipped: needs root (debootstrap, chroot and mount for the throw-away root)"
    exit 77
fi
. /etc/os-release
suite=$VERSION_CODENAME
[ -n "$suite" ] || die "cannot tell the Debian release from /etc/os-release"
base=$cache/package-root-$suite
archives=$cache/package-archives-$suite

# The cached minimal root of this release (debootstrap once, then kept), with a user `geo`.
prepare_base() {
    mkdir -p "$cache" "$archives/partial"
    exec 9>"$base.lock"
    flock 9
    if [ ! -e "$base/etc/deepterra-root-complete" ]; then
        command -v debootstrap >/dev/null || die "debootstrap is missing (scripts/install-deps.sh --test installs it)"
        rm -rf --one-file-system "$base.partial"
        local log=$cache/package-debootstrap-$suite.log
        say "debootstrap --variant=minbase $suite (once; kept in $base)"
        debootstrap --variant=minbase "$suite" "$base.partial" "$mirror" >"$log" 2>&1 ||
            { tail -n 20 "$log" >&2; die "debootstrap failed (log: $log)"; }
        printf 'deb %s %s main\ndeb %s %s-updates main\ndeb %s %s-security main\n' "$mirror" "$suite" \
            "$mirror" "$suite" "${mirror%/debian}/debian-security" "$suite" >"$base.partial/etc/apt/sources.list"
        echo 'Acquire::Languages "none";' >"$base.partial/etc/apt/apt.conf.d/90deepterra-no-translations"
        printf '#!/bin/sh\nexit 101\n' >"$base.partial/usr/sbin/policy-rc.d"
        chmod 755 "$base.partial/usr/sbin/policy-rc.d"
        chroot "$base.partial" useradd --create-home --shell /bin/bash geo
        touch "$base.partial/etc/deepterra-root-complete"
        mv "$base.partial" "$base"
    fi
    flock -u 9
}

if [ "${1:-}" = "--prepare-root" ]; then
    prepare_base
    say "root $base ready"
    exit 0
fi
build=$(cd "${1:?usage: test-package.sh BUILD_DIR}" && pwd -P)
out=$build/package

# 1. The packages. A run killed before its clean-up may have left mounts in its root: never delete
# through them.
findmnt -rn -o TARGET | awk -v dir="$out" 'index($0, dir "/") == 1' | sort -r | xargs -r -n 1 umount -l
rm -rf --one-file-system "$out"
mkdir -p "$out"
say "cpack (DEB, TGZ) in $build"
(cd "$build" && cpack --config CPackConfig.cmake) >"$out/cpack.log" 2>&1 ||
    { tail -n 30 "$out/cpack.log" >&2; die "cpack failed (log: $out/cpack.log)"; }
deb=$(ls "$out"/deepterra_*.deb)
tarball=$(ls "$out"/deepterra-*.tar.gz)
say "built $(basename "$deb") ($(du -h "$deb" | cut -f1)) and $(basename "$tarball") in $(elapsed)"
dpkg-deb --field "$deb" Package Version Depends Recommends Section | sed 's/^/package:   /'
version=$(dpkg-deb --field "$deb" Version)

# 2. lintian: no errors; each warning's tag must be explained in docs/packaging.md.
lintian --tag-display-limit 0 --display-info "$deb" >"$out/lintian.txt" 2>&1 || true
if grep -q '^E: ' "$out/lintian.txt"; then
    grep '^E: ' "$out/lintian.txt" >&2
    die "lintian reports errors on $(basename "$deb")"
fi
unexplained=()
for tag in $(sed -n 's/^W: [^:]*: *\([a-z0-9-]*\).*/\1/p' "$out/lintian.txt" | sort -u); do
    grep -q "\`$tag\`" "$src/docs/packaging.md" || unexplained+=("$tag")
done
[ ${#unexplained[@]} -eq 0 ] ||
    die "lintian warnings not explained in docs/packaging.md: ${unexplained[*]} (see $out/lintian.txt)"
say "lintian: no errors, $(grep -c '^W: ' "$out/lintian.txt" || true) warnings (each explained in docs/packaging.md)"

# 3. The tarball, unpacked anywhere, runs.
mkdir -p "$out/tarball"
tar -xzf "$tarball" -C "$out/tarball"
unpacked=$(ls -d "$out"/tarball/deepterra-*)
"$unpacked/bin/deepterra-cli" --version | head -n 1 | grep -q "Deepterra" || die "the tarball's deepterra-cli --version"
"$unpacked/bin/deepterra-cli" info "$unpacked/share/deepterra/demo/L7_ETMs.tif" >/dev/null ||
    die "the tarball's deepterra-cli cannot read its own demo data"
say "tarball: unpacks and runs deepterra-cli from $(basename "$unpacked")"

# 4. A throw-away root: a copy of the cached minimal root of this release.
prepare_base
root=$out/root-$suite
cp -a "$base" "$root"

. "$src/scripts/chroot-mounts.sh"
cleanup() {
    chroot_unmount_all
    [ -n "${DEEPTERRA_KEEP_PACKAGE_ROOT:-}" ] || rm -rf --one-file-system "$root"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
chroot_mount_proc "$root"
chroot_bind --rbind /sys "$root" /sys # LibTorch reads the CPU topology there
chroot_bind --rbind /dev "$root" /dev
chroot_bind --bind "$archives" "$root" /var/cache/apt/archives # downloaded packages are kept for the next run
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/"

in_root() {
    chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive /bin/bash -euo pipefail -c "$1"
}
# As the user `geo`, in their home: what a user of the installed package does.
as_user() {
    chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/home/geo USER=geo LANG=C.UTF-8 \
        /usr/sbin/runuser -u geo -- /bin/bash -euo pipefail -c "cd ~ && $1"
}
files_now() { # every file in the root but the ones apt, dpkg and the kernel keep changing
    in_root "find / -xdev \\( -path /proc -o -path /sys -o -path /dev -o -path /tmp -o -path /run \
        -o -path /var/cache -o -path /var/lib/apt -o -path /var/lib/dpkg -o -path /var/log \\) -prune \
        -o \\( -type f -o -type l \\) -print | sort"
}

step_start=$SECONDS
files_now >"$out/files-before.txt"
say "apt-get install ./$(basename "$deb") into a fresh $suite root"
in_root "apt-get update -q && apt-get install -y -q ./tmp/$(basename "$deb")" >"$out/install.log" 2>&1 ||
    { tail -n 30 "$out/install.log" >&2; die "apt-get install of the package failed (log: $out/install.log)"; }
in_root "dpkg-query -L deepterra" >"$out/package-files.txt"
say "installed with its dependencies in $(elapsed): $(grep -c '^Setting up' "$out/install.log") packages set up"

# 5. The installed CLI on the demo data, without the source tree.
step_start=$SECONDS
[ ! -e "$root$src" ] || die "the source tree is visible in the throw-away root"
as_user "deepterra-cli --version" >"$out/cli-version.txt" 2>&1 || die "deepterra-cli --version: $(cat "$out/cli-version.txt")"
grep -q "^Deepterra ${version%%-*}$" "$out/cli-version.txt" ||
    die "deepterra-cli --version does not give the package's version ${version%%-*}: $(head -n 1 "$out/cli-version.txt")"
{
    echo "== deepterra --version"
    as_user "QT_QPA_PLATFORM=offscreen deepterra --version"
    as_user "cp -r /usr/share/deepterra/demo olinda && cd olinda && deepterra-cli info L7_ETMs.tif"
    as_user "cd olinda && deepterra-cli init landcover.deepterra --task segmentation --image L7_ETMs.tif \
        --labels olinda-training.gpkg --label-field landcover --patch 32 --stride 32 --epochs 2 --batch 8"
    as_user "cd olinda && deepterra-cli train landcover.deepterra --out runs/first --threads 2"
    as_user "cd olinda && deepterra-cli predict runs/first --input L7_ETMs.tif --output classes.tif"
    as_user "cd olinda && deepterra-cli info classes.tif"
    as_user "cd olinda && deepterra-cli export runs/first --format torchscript --output landcover.pt"
    as_user "cd olinda && deepterra-cli export runs/first --format onnx --output landcover.onnx"
    as_user "cd olinda && deepterra-cli export runs/first --format card --output landcover.card.json"
} >"$out/cli.log" 2>&1 || { tail -n 30 "$out/cli.log" >&2; die "the installed CLI failed (log: $out/cli.log)"; }
grep -q "^Deepterra ${version%%-*}" "$out/cli.log" || die "deepterra --version does not give ${version%%-*}"
home=$root/home/geo/olinda
epochs=$(($(wc -l <"$home/runs/first/history.csv") - 1))
[ "$epochs" -eq 2 ] || die "train wrote $epochs epochs to history.csv, not 2"
for file in runs/first/checkpoints/best.pt classes.tif landcover.pt landcover.onnx landcover.card.json; do
    [ -s "$home/$file" ] || die "the installed CLI did not write $file"
done
grep -q "${version%%-*}" "$home/landcover.card.json" || die "the model card does not name Deepterra ${version%%-*}"
say "installed CLI: info, init, train (2 epochs), predict, export (TorchScript, ONNX, card) in $(elapsed)"

# 6. Desktop integration, validated on the installed files with the distribution's tools.
step_start=$SECONDS
in_root "apt-get install -y -q --no-install-recommends desktop-file-utils appstream bash-completion xvfb xauth \
    x11-apps netpbm" >"$out/tools.log" 2>&1 || { tail -n 20 "$out/tools.log" >&2; die "installing the check tools failed"; }
in_root "desktop-file-validate /usr/share/applications/org.deepterra.Deepterra.desktop" ||
    die "desktop-file-validate fails on the installed desktop file"
in_root "appstreamcli validate --no-net /usr/share/metainfo/org.deepterra.Deepterra.metainfo.xml" \
    >"$out/appstream.txt" 2>&1 || { cat "$out/appstream.txt" >&2; die "appstreamcli validate fails"; }
for size in 16x16 32x32 48x48 128x128 256x256 512x512 scalable; do
    ls "$root/usr/share/icons/hicolor/$size/apps/org.deepterra.Deepterra."* >/dev/null 2>&1 ||
        die "no $size icon installed"
done
for page in deepterra deepterra-cli; do
    zcat "$root/usr/share/man/man1/$page.1.gz" | grep -q '^\.TH' || die "no manual page for $page"
done
# Loaded on demand, by the command's name, as an interactive shell does on the first Tab.
completion=$(as_user "source /usr/share/bash-completion/bash_completion && __load_completion deepterra-cli && \
    COMP_WORDS=(deepterra-cli tra) COMP_CWORD=1 COMP_LINE='deepterra-cli tra' COMP_POINT=17 && _deepterra_cli && \
    echo \${COMPREPLY[*]} && COMP_WORDS=(deepterra-cli train --ep) COMP_CWORD=2 \
    COMP_LINE='deepterra-cli train --ep' COMP_POINT=25 && _deepterra_cli && \
    echo \${COMPREPLY[*]}")
[ "$completion" = $'train\n--epochs' ] || die "bash completion gave '$completion' for 'tra' and 'train --ep'"
say "desktop-file-validate, appstreamcli validate --no-net, icons, manual pages and bash completion pass"

# 7. The installed GUI on the demo project, under Xvfb.
as_user "xvfb-run -a -s '-screen 0 1400x900x24' bash -c 'deepterra --demo & app=\$!; sleep 25; \
    kill -0 \$app; xwd -root -silent | xwdtopnm 2>/dev/null | pnmtopng > /tmp/deepterra-gui.png; kill \$app; \
    wait \$app || true'" >"$out/gui.log" 2>&1 || { tail -n 20 "$out/gui.log" >&2; die "the installed GUI did not run"; }
cp "$root/tmp/deepterra-gui.png" "$out/deepterra-gui-$suite.png"
colours=$(in_root "pngtopnm /tmp/deepterra-gui.png | ppmhist -noheader | wc -l")
[ "$colours" -gt 1000 ] || die "the GUI's screenshot has only $colours colours: no image on the map ($out/deepterra-gui-$suite.png)"
[ -f "$root/home/geo/.local/share/Deepterra/Deepterra/demo/olinda.deepterra" ] ||
    die "the GUI did not open the demo from a copy in the user's data folder"
say "installed GUI: opened the demo project (a copy in ~/.local/share), screenshot of $colours colours in $out/deepterra-gui-$suite.png"

# 8. Purge: every file of the package goes; the user's projects and settings stay.
in_root "apt-get purge -y -q deepterra" >"$out/purge.log" 2>&1 || die "apt-get purge deepterra failed"
left=()
while read -r path; do
    [ -f "$root$path" ] || [ -L "$root$path" ] && left+=("$path")
done <"$out/package-files.txt"
[ ${#left[@]} -eq 0 ] || die "files left after purge: ${left[*]}"
files_now >"$out/files-after.txt"
stray=$(comm -13 "$out/files-before.txt" "$out/files-after.txt" | grep -i deepterra | grep -v '^/home/' || true)
[ -z "$stray" ] || die "files of Deepterra left outside /home after purge: $stray"
for file in olinda/runs/first/checkpoints/best.pt olinda/landcover.deepterra .local/share/Deepterra/Deepterra/demo/olinda.deepterra; do
    [ -f "$root/home/geo/$file" ] || die "purging the package removed the user's $file"
done
say "purge: all $(wc -l <"$out/package-files.txt") paths of the package gone; the user's projects and runs stay"
say "passed ($suite, $(basename "$deb"))"
