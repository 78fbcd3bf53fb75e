# Mounts into a chroot for the length of a script, undone in reverse order however it ends. Sourced by
# scripts/debian13.sh and installer/test-package.sh:
#   . scripts/chroot-mounts.sh
#   chroot_mount_proc ROOT; chroot_bind --rbind /dev ROOT /dev; ...
#   trap 'chroot_unmount_all' EXIT
# shellcheck shell=bash
chroot_mounted=()

chroot_unmount_all() {
    local i
    for ((i = ${#chroot_mounted[@]} - 1; i >= 0; i--)); do
        umount -R "${chroot_mounted[i]}" 2>/dev/null || umount -l "${chroot_mounted[i]}" || true
    done
    chroot_mounted=()
}

chroot_mount_proc() { # chroot_mount_proc ROOT
    mount -t proc proc "$1/proc"
    chroot_mounted+=("$1/proc")
}

chroot_bind() { # chroot_bind --bind|--rbind SOURCE ROOT TARGET-INSIDE-ROOT
    mkdir -p "$3$4"
    mount "$1" "$2" "$3$4"
    # Unmounting later must not propagate to the host's own /dev or /sys.
    mount --make-rslave "$3$4"
    chroot_mounted+=("$3$4")
}
