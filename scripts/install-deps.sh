#!/usr/bin/env bash
# Installs what the engine and its tests need from Debian's packages (run as root).
set -euo pipefail
packages=(openjdk-17-jdk-headless maven
  # the isula client's socket library (JNI, cli-bundle/src/main/c)
  gcc libc6-dev
  runc conmon busybox-static iproute2 procps util-linux tmux
  # runtime lcr: liblxc and its lxc-execute / lxc-attach tools
  lxc
  # the image tests: a real registry, an independent image tool, certificates, htpasswd files
  docker-registry skopeo openssl apache2-utils zstd tar
  # the embedded image tests: squashfs application layers (mksquashfs) and an ext4 rootfs image (mkfs.ext4)
  squashfs-tools e2fsprogs
  # the shim v2 runtime (kata's interface): containerd-shim-runc-v2 stands in for containerd-shim-kata-v2;
  # containerd and ctr are the bench's reference
  containerd)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}"
fi
# Debian's docker-registry starts a system registry on :5000 (all interfaces) when the package is installed on a
# machine whose policy allows it. The tests start their own registries on free ports of 127.0.0.1: stop and
# disable the system one (its init script stops only the process of its own pid file).
if [ -x /etc/init.d/docker-registry ]; then
  if /etc/init.d/docker-registry status >/dev/null 2>&1; then /etc/init.d/docker-registry stop >/dev/null || true; fi
  update-rc.d docker-registry disable >/dev/null 2>&1 || true
fi
if [ -d /run/systemd/system ] && systemctl list-unit-files docker-registry.service >/dev/null 2>&1; then
  systemctl disable --now docker-registry.service >/dev/null 2>&1 || true
fi
# Debian's containerd starts a system containerd on install. The engine drives shims itself and the bench starts
# its own containerd in a temporary root: stop and disable the system one (systemctl disable also works offline).
if [ -d /run/systemd/system ] && systemctl is-active --quiet containerd.service 2>/dev/null; then
  systemctl stop containerd.service >/dev/null 2>&1 || true
fi
if [ -e /etc/systemd/system/multi-user.target.wants/containerd.service ]; then
  systemctl disable containerd.service >/dev/null 2>&1 || rm -f /etc/systemd/system/multi-user.target.wants/containerd.service
fi
command -v docker >/dev/null || echo "note: the docker CLI client is not installed; the docker-compatibility tests need it" >&2
# Debian's lxc starts lxc-net (bridge lxcbr0 with dnsmasq), lxc (autostarted containers) and lxcfs on machines whose
# policy allows it. The lcr runtime needs none of them (its containers get an empty network namespace or the host's):
# stop and disable them.
for svc in lxc-net lxc lxcfs; do
  if [ -x "/etc/init.d/$svc" ]; then
    if "/etc/init.d/$svc" status >/dev/null 2>&1; then "/etc/init.d/$svc" stop >/dev/null 2>&1 || true; fi
    update-rc.d "$svc" disable >/dev/null 2>&1 || true
  fi
  if [ -d /run/systemd/system ] && systemctl list-unit-files "$svc.service" >/dev/null 2>&1; then
    systemctl disable --now "$svc.service" >/dev/null 2>&1 || true
  fi
done
