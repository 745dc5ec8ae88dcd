#!/usr/bin/env bash
# Lighthouse (mobile preset: a mid-range phone on a throttled 4G network) on the week page and the dashboard, signed in
# as the demo mentor and the demo admin, against a Release build with the Development demo data. Prints each page's
# performance and accessibility scores. Lighthouse 12.2.3 (the last for Node 20) is installed into a temporary folder
# from the npm registry; Chromium is /usr/bin/chromium. A benchmark, not a test: results go in docs/performance.md.
# Usage: tests/Allyship.Benchmarks/lighthouse.sh [runs per page, default 3]
set -euo pipefail
runs="${1:-3}"; port=5093
tools="${LIGHTHOUSE_DIR:-/tmp/allyship-lighthouse}"
[ -x "$tools/node_modules/.bin/lighthouse" ] || { mkdir -p "$tools"; (cd "$tools" && npm i -E --no-audit --no-fund --loglevel=error lighthouse@12.2.3 >/dev/null); }
source "$(dirname "$0")/demo-app.sh"
start_demo "$port" /tmp/allyship-lighthouse.log

measure() {
  local name="$1" url="$2" cookie="$3" scores=()
  for i in $(seq 1 "$runs"); do
    CHROME_PATH=/usr/bin/chromium "$tools/node_modules/.bin/lighthouse" "$url" --quiet --output=json --output-path="/tmp/lighthouse-$name.json" \
      --only-categories=performance,accessibility --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
      --extra-headers="{\"Cookie\": \"$cookie\"}" >/dev/null 2>&1
    scores+=("$(node -e 'const r = require(process.argv[1]); console.log(Math.round(r.categories.performance.score * 100), Math.round(r.categories.accessibility.score * 100), Math.round(r.audits["largest-contentful-paint"].numericValue), r.finalDisplayedUrl)' "/tmp/lighthouse-$name.json")")
  done
  printf '%s\n' "${scores[@]}" | awk -v name="$name" '{ printf "%-10s run %d: performance %s, accessibility %s, LCP %s ms (%s)\n", name, NR, $1, $2, $3, $4 }'
}

measure week "http://127.0.0.1:$port/week" "$(demo_cookie "$port" mentor@demo.local)"
measure dashboard "http://127.0.0.1:$port/admin/programs/1" "$(demo_cookie "$port" admin@demo.local)"
