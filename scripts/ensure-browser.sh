#!/usr/bin/env bash
# Install Debian's chromium if no headless browser is there: the HTML export's tests take real
# screenshots with it (a page not blank, no horizontal scroll at phone width).
set -euo pipefail
for browser in chromium chromium-browser google-chrome; do
  command -v "$browser" >/dev/null 2>&1 && exit 0
done
echo "cvtool setup: no chromium; installing Debian's chromium (for the HTML export's browser tests)" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "cvtool setup: not root and no sudo; run as root: apt-get install chromium" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
