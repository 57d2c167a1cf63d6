#!/usr/bin/env bash
# Opens the HTML report of the shipped examples in a real headless browser and fails when
# the page logs anything to the console (an error, an uncaught exception, a resource it
# could not load) or refers to anything outside itself; keeps a screenshot.
#
#   scripts/check-report.sh [SCREENSHOT]     (default: docs/report.png)
#
# Needs Chromium (Debian: apt-get install -y --no-install-recommends chromium fonts-noto-cjk);
# exits 77 ("skipped") when it is not installed. POLICYCTL names the binary to use
# (default: .build/debug/policyctl); CHROMIUM the browser.
set -euo pipefail
cd "$(dirname "$0")/.."

screenshot=${1:-docs/report.png}
bin=${POLICYCTL:-.build/debug/policyctl}
browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$browser" ]; then
  echo "check-report: skipped: chromium is not installed" >&2
  exit 77
fi
[ -x "$bin" ] || { echo "check-report: no $bin (run swift build first)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
page="$work/report.html"
"$bin" report --policy policies examples/snapshots.ndjson --out "$page"

# Self-contained: no script, stylesheet, image or frame to fetch, no link out.
if grep -Eq '<(script|link|img|iframe|object|embed)[ >]|(src|href)=|url\(' "$page"; then
  echo "check-report: the page refers to an outside resource" >&2
  exit 1
fi

chrome=("$browser" --headless --disable-gpu --no-sandbox --no-first-run --hide-scrollbars
        --enable-logging=stderr --v=0 --user-data-dir="$work/profile")
"${chrome[@]}" --dump-dom "file://$page" > "$work/dom.html" 2> "$work/console.log"
if grep -E 'CONSOLE|Uncaught' "$work/console.log"; then
  echo "check-report: the page logged to the console (above)" >&2
  exit 1
fi
grep -q 'id="funnel"' "$work/dom.html" || { echo "check-report: the page did not render" >&2; exit 1; }

mkdir -p "$(dirname "$screenshot")"
"${chrome[@]}" --window-size=1200,1500 --screenshot="$work/shot.png" "file://$page" 2> "$work/shot.log"
if command -v pngquant > /dev/null; then
  pngquant --force --quality=60-90 --output "$screenshot" "$work/shot.png"
else
  cp "$work/shot.png" "$screenshot"
fi
echo "check-report: opened in $("$browser" --version 2>/dev/null || echo chromium) without console messages; screenshot $screenshot ($(wc -c < "$screenshot") bytes)"
