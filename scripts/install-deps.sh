#!/usr/bin/env bash
# Installs what the engine and its tests need from Debian's packages (run as root).
set -euo pipefail
packages=(openjdk-17-jdk-headless maven runc conmon busybox-static iproute2 procps util-linux tmux)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}"
fi
command -v docker >/dev/null || echo "note: the docker CLI client is not installed; the docker-compatibility tests need it" >&2
