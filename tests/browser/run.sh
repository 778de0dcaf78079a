#!/usr/bin/env bash
# The browser test of `cchc serve` (issue 15): a workspace with the sample's configuration,
# the server on a free loopback port, Debian's chromium driven by playwright-core.
#
#   tests/browser/run.sh [CCHC_BINARY] [SHOTS_DIR]
# Screenshots go to SHOTS_DIR (default: a temporary folder; `docs` refreshes the README's).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${1:-$root/target/debug/cchc}
shots=${2:-$(mktemp -d)}
mkdir -p "$shots"

if [ ! -d "$here/node_modules/playwright-core" ]; then
    (cd "$here" && npm install --no-audit --no-fund --silent)
fi

work=$(mktemp -d)
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/input" "$work/upload"
cp "$root/input/cchc.toml" "$work/input/"
cp "$root/input/tuan-giao-2019.xlsx" "$work/upload/"

# A free port: bind 0, read what the server printed.
"$bin" serve "$work" --listen 127.0.0.1:0 >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do
    grep -q "http://" "$work/serve.log" 2>/dev/null && break
    sleep 0.1
done
url=$(grep -o "http://[0-9.:]*" "$work/serve.log" | head -1)
[ -n "$url" ] || { cat "$work/serve.log"; echo "the server did not start"; exit 1; }

node "$here/page.mjs" "$url" "$work/upload/tuan-giao-2019.xlsx" "$shots"
echo "screenshots: $shots"
