#!/usr/bin/env bash
# Renders an audit report in a real browser (headless Chromium) and saves a
# screenshot, to check that the self-contained page displays as intended.
#
#   scripts/report-screenshot.sh REPORT.html OUT.png
#
# Needs Debian's chromium package (apt-get install chromium). The page loads
# nothing from the network; --no-sandbox is only needed when running as root.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 REPORT.html OUT.png" >&2
  exit 2
fi
report=$(realpath "$1")
out=$(realpath -m "$2")
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "error: no Chromium found" >&2
  echo "hint: apt-get install chromium" >&2
  exit 1
fi
sandbox=()
if [ "$(id -u)" = 0 ]; then sandbox=(--no-sandbox); fi
"$browser" --headless --disable-gpu "${sandbox[@]}" --hide-scrollbars \
  --window-size=1400,1800 --screenshot="$out" "file://$report" >/dev/null 2>&1
test -s "$out"
echo "Wrote $out"
