#!/usr/bin/env bash
# Builds a minimal rootfs from Debian's static busybox: scripts/busybox-rootfs.sh DIR
set -euo pipefail
dir=${1:?usage: busybox-rootfs.sh DIR}
mkdir -p "$dir"/{bin,proc,sys,dev,etc,tmp,root,usr/bin,sbin}
cp /bin/busybox "$dir/bin/busybox"
for applet in $("$dir/bin/busybox" --list); do
  [ -e "$dir/bin/$applet" ] || ln -s busybox "$dir/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/tmp:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$dir/etc/passwd"
printf 'root:x:0:\napp:x:1000:\nnogroup:x:65534:\n' > "$dir/etc/group"
touch "$dir/etc/hosts" "$dir/etc/hostname" "$dir/etc/resolv.conf"
chmod 1777 "$dir/tmp"
