#!/usr/bin/env bash
# Installs the Debian packages the platform needs, only those missing.
# Used by `make run` and `make test`; safe to run again.
set -euo pipefail

packages=(pkg-config libpq-dev libxml2-dev libssl-dev libmicrohttpd-dev postgresql postgresql-contrib "$@")
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "Installing missing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null; then
  SUDO=(sudo)
else
  echo "error: the packages ${missing[*]} are missing and we are not root (no sudo either)." >&2
  echo "Install them with: apt-get install ${missing[*]}" >&2
  exit 69
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
# The postgresql package must not start Debian's own cluster: we run a private one.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee /usr/sbin/policy-rc.d >/dev/null
  "${SUDO[@]}" chmod +x /usr/sbin/policy-rc.d
  trap '"${SUDO[@]}" rm -f /usr/sbin/policy-rc.d' EXIT
fi
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
