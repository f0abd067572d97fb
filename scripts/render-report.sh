#!/usr/bin/env bash
# Renders the HTML report of a roster to PNG with headless Chromium, for
# people to look at.
#
#   scripts/render-report.sh [ROSTER.csv] [OUT_DIR] [-- extra arguments for the report example]
#
# Defaults: the sample roster examples/data/roster.csv and target/report/.
# Writes OUT_DIR/report.html, OUT_DIR/report.png (the whole page, 1200 px
# wide) and OUT_DIR/report-top.png (the first screen: title and map).
# Installs Debian's `chromium` package when no chromium is found (needs root
# and apt; set CHROMIUM=/path/to/chromium to use another build).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
roster="${1:-$root/examples/data/roster.csv}"
out="${2:-$root/target/report}"
shift $(( $# > 2 ? 2 : $# ))
if [[ "${1:-}" == "--" ]]; then shift; fi
mkdir -p "$out"
out="$(cd "$out" && pwd)"

chromium="${CHROMIUM:-}"
if [[ -z "$chromium" ]]; then
  chromium="$(command -v chromium || command -v chromium-browser || true)"
fi
if [[ -z "$chromium" ]]; then
  echo "render-report: installing Debian's chromium package" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  chromium="$(command -v chromium)"
fi

cd "$root"
cargo run -q --example report -- "$roster" -o "$out/report.html" "$@"

# The page's height in CSS pixels, so that the screenshot holds all of it:
# ask Chromium for the laid-out DOM and estimate from the content, with a
# floor; a too-tall window only adds white space at the bottom.
html_bytes=$(wc -c <"$out/report.html")
sections=$(grep -c '<section class="team"' "$out/report.html" || true)
height=$(( 1900 + sections * 640 + html_bytes / 400 ))
if (( height > 60000 )); then height=60000; fi

shot() { # shot FILE HEIGHT
  local profile
  profile="$(mktemp -d)"
  "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$profile" --window-size="1200,$2" \
    --screenshot="$1" "file://$out/report.html" >/dev/null 2>&1
  rm -rf "$profile"
}
shot "$out/report-top.png" 1400
shot "$out/report.png" "$height"
echo "render-report: wrote $out/report.html, $out/report.png and $out/report-top.png" >&2
