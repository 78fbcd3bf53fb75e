#!/usr/bin/env bash
# Builds Deepterra and runs its test suite on Debian 13 (trixie: Qt 6.8, LibTorch 2.6, GDAL 3.10) from a
# Debian 12 machine, inside a debootstrap root (chroot). Needs root: debootstrap, mount and chroot.
#   scripts/debian13.sh               every test
#   scripts/debian13.sh -L unit       any ctest arguments select a subset
#   scripts/debian13.sh --shell       a shell in the root, with the source tree mounted (for debugging)
# Idempotent and quick the second time: the root, its packages and a ccache live in /var/cache/deepterra
# (outside any checkout), so CI runs on the same machine reuse them. The build goes to build/debian13,
# never mixed with the Debian 12 build. The source tree is mounted at the same path inside the root.
# Environment: DEEPTERRA_CACHE_DIR (default /var/cache/deepterra: the root, its ccache, logs),
# DEEPTERRA_DEBIAN13_ROOT (the root itself), DEEPTERRA_DEBIAN_MIRROR (default deb.debian.org).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd -P)
cache=${DEEPTERRA_CACHE_DIR:-/var/cache/deepterra}
chroot_dir=${DEEPTERRA_DEBIAN13_ROOT:-$cache/debian13-root}
mirror=${DEEPTERRA_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security_mirror=${mirror%/debian}/debian-security
ccache_dir=$cache/ccache-debian13
marker=etc/deepterra-root-complete

say() { echo "debian13: $*"; }
die() { echo "debian13: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, mount, chroot); run it with sudo"
case "$chroot_dir" in
    /*) ;;
    *) die "DEEPTERRA_DEBIAN13_ROOT must be an absolute path" ;;
esac

mkdir -p "$cache" "$ccache_dir" "$(dirname "$chroot_dir")"
# One run at a time per root: apt inside the root and the mounts must not interleave.
exec 9>"$chroot_dir.lock"
if ! flock -n 9; then
    say "another run uses $chroot_dir; waiting"
    flock 9
fi

# Mount points under a directory, deepest first.
mounts_under() {
    findmnt -rn -o TARGET | awk -v dir="$1" 'index($0, dir "/") == 1' | sort -r
}
unmount_all_under() {
    local target
    for target in $(mounts_under "$1"); do
        umount -R "$target" 2>/dev/null || umount -l "$target"
    done
}
# Never delete a root while anything (the source tree, /dev) is still mounted inside it.
remove_root() {
    unmount_all_under "$1"
    [ -z "$(mounts_under "$1")" ] || die "cannot unmount everything under $1; not deleting it"
    rm -rf --one-file-system "$1"
}

# A run killed before its clean-up leaves mounts behind; this run holds the lock, so they are stale.
unmount_all_under "$chroot_dir"

total_start=$SECONDS

# 1. The root: debootstrap into a side folder, renamed once complete, so an interrupted run starts over.
if [ ! -e "$chroot_dir/$marker" ]; then
    if ! command -v debootstrap >/dev/null; then
        say "installing debootstrap"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap >/dev/null ||
            { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap; }
    fi
    partial="$chroot_dir.partial"
    [ ! -e "$partial" ] || remove_root "$partial"
    [ ! -e "$chroot_dir" ] || remove_root "$chroot_dir"
    say "debootstrap --variant=minbase trixie $chroot_dir ($mirror)"
    step=$SECONDS
    debootstrap --variant=minbase trixie "$partial" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
        { tail -n 30 "$cache/debootstrap.log" >&2; die "debootstrap failed (log: $cache/debootstrap.log)"; }
    cat >"$partial/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: trixie trixie-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security_mirror
Suites: trixie-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    rm -f "$partial/etc/apt/sources.list"
    # No daemons start in the root; no manuals or translations, so that the package install is quicker.
    echo 'Acquire::Languages "none";' >"$partial/etc/apt/apt.conf.d/90deepterra-no-translations"
    printf '#!/bin/sh\nexit 101\n' >"$partial/usr/sbin/policy-rc.d"
    chmod 755 "$partial/usr/sbin/policy-rc.d"
    cat >"$partial/etc/dpkg/dpkg.cfg.d/01-deepterra-nodoc" <<'EOF'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
EOF
    touch "$partial/$marker"
    mv "$partial" "$chroot_dir"
    say "debootstrap took $((SECONDS - step)) s"
else
    say "root $chroot_dir already there"
fi

# 2. Mounts for the duration of the run; undone however the script ends.
. "$src/scripts/chroot-mounts.sh"
trap chroot_unmount_all EXIT
trap 'exit 130' INT TERM # so that the EXIT trap unmounts on Ctrl+C and kill too
chroot_mount_proc "$chroot_dir"
chroot_bind --rbind /sys "$chroot_dir" /sys # LibTorch's CPU detection reads /sys/devices/system/cpu
chroot_bind --rbind /dev "$chroot_dir" /dev
chroot_bind --bind "$ccache_dir" "$chroot_dir" /var/cache/ccache
chroot_bind --bind "$src" "$chroot_dir" "$src" # not recursive: the root itself may sit inside the checkout
cp -L /etc/resolv.conf "$chroot_dir/etc/resolv.conf"

# The ccache serves every checkout (CI clones each run into a new folder): paths relative to the
# checkout, and the working directory left out of the hash of -g compilations.
in_root() {
    chroot "$chroot_dir" /usr/bin/env -i \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
        TERM="${TERM:-dumb}" DEBIAN_FRONTEND=noninteractive \
        CCACHE_DIR=/var/cache/ccache CCACHE_BASEDIR="$src" CCACHE_NOHASHDIR=1 CCACHE_MAXSIZE=3G \
        /bin/bash -c 'cd "$1" && shift && "$@"' in_root "$src" "$@"
}

if [ "${1:-}" = "--shell" ]; then
    in_root /bin/bash || true # interactive on a terminal, else runs the commands on stdin
    exit 0
fi

# 3. The same packages as on Debian 12, through the same script (apt is only called for missing ones).
step=$SECONDS
install_log=$cache/debian13-install-deps.log
if ! in_root scripts/install-deps.sh --test >"$install_log" 2>&1; then
    tail -n 40 "$install_log" >&2
    die "installing the packages failed (log: $install_log)"
fi
grep '^install-deps:' "$install_log" | sed 's/^/debian13: /'
say "dependencies ready in $((SECONDS - step)) s"

# The samples are fetched on the host (its apt knows where they are) and seen through the mount.
"$src/scripts/fetch-samples.sh"

# 4. Build and test, at low priority: the machine is shared.
step=$SECONDS
in_root cmake --preset debian13
in_root nice -n 10 cmake --build --preset debian13
build_seconds=$((SECONDS - step))
say "build took $build_seconds s"
in_root build/debian13/app/deepterra-cli version | sed 's/^/debian13: /'

# The format check is a property of the sources, not of the platform: it runs on Debian 12, with the
# clang-format (14) the code is formatted with. Debian 13's clang-format 19 lays out a few constructs
# differently.
say "skipping the format check (label lint): Debian 12 runs it with the reference clang-format 14"
step=$SECONDS
status=0
in_root nice -n 10 ctest --preset debian13 -LE lint "$@" || status=$?
say "tests took $((SECONDS - step)) s (ctest -LE lint${*:+ $*}): $([ $status -eq 0 ] && echo passed || echo FAILED)"
"$src/scripts/reliability-counts.sh" "$src/build/debian13"
say "total $((SECONDS - total_start)) s"
exit $status
