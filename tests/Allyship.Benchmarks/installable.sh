#!/usr/bin/env bash
# Lighthouse's installability on the week page (issue 41): Lighthouse 11.7.1, the last with the PWA category (12 dropped
# it), mobile preset, signed in as the demo mentor, against a Release build with the Development demo data. Prints the
# performance score and each PWA check. A benchmark, not a test: results go in docs/performance.md.
# Usage: tests/Allyship.Benchmarks/installable.sh [runs, default 3]
set -euo pipefail
runs="${1:-3}"; port=5094
tools="${LIGHTHOUSE11_DIR:-/tmp/allyship-lighthouse11}"
[ -x "$tools/node_modules/.bin/lighthouse" ] || { mkdir -p "$tools"; (cd "$tools" && npm i -E --no-audit --no-fund --loglevel=error lighthouse@11.7.1 >/dev/null); }
source "$(dirname "$0")/demo-app.sh"
start_demo "$port" /tmp/allyship-installable.log
cookie=$(demo_cookie "$port" mentor@demo.local)

for i in $(seq 1 "$runs"); do
  CHROME_PATH=/usr/bin/chromium "$tools/node_modules/.bin/lighthouse" "http://127.0.0.1:$port/week" --quiet --output=json --output-path=/tmp/lighthouse-installable.json \
    --only-categories=performance,pwa --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
    --extra-headers="{\"Cookie\": \"$cookie\"}" >/dev/null 2>&1 || true
  node -e '
    const r = require(process.argv[1]);
    const pwa = r.categories.pwa.auditRefs.map(a => r.audits[a.id]).filter(a => a.scoreDisplayMode !== "manual");
    console.log(`run ${process.argv[2]}: performance ${Math.round(r.categories.performance.score * 100)}, LCP ${Math.round(r.audits["largest-contentful-paint"].numericValue)} ms; ` +
      pwa.map(a => `${a.id} ${a.score === 1 ? "pass" : "FAIL"}`).join(", "));' /tmp/lighthouse-installable.json "$i"
done
