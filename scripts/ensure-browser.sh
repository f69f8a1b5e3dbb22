#!/usr/bin/env bash
# Install Debian's chromium if no headless browser is there: the HTML export's tests take real
# screenshots with it (a page not blank, no horizontal scroll at phone width).
set -euo pipefail
for browser in chromium chromium-browser google-chrome; do
  command -v "$browser" >/dev/null 2>&1 && exit 0
done
echo "cvtool setup: no chromium; installing Debian's chromium (for the HTML export's browser tests)" >&2
bash "$(dirname "$0")/apt-install.sh" chromium
