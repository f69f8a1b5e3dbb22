#!/usr/bin/env bash
# apt-get install the packages named as arguments, through sudo when not root (the one copy of this
# for ensure-tex.sh and ensure-browser.sh). CVTOOL_APT_CACHE: keep the downloaded .debs in that
# folder (the GitHub Action caches it).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "cvtool setup: not root and no sudo; run as root: apt-get install $*" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
cache=()
if [ -n "${CVTOOL_APT_CACHE:-}" ]; then
  mkdir -p "$CVTOOL_APT_CACHE/partial"
  cache=(-o "Dir::Cache::Archives=$CVTOOL_APT_CACHE")
fi
$SUDO apt-get install -y -qq --no-install-recommends "${cache[@]}" "$@" >/dev/null
