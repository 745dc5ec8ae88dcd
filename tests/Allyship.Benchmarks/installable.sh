#!/usr/bin/env bash
# Lighthouse's installability on the week page (issue 41): Lighthouse 11.7.1, the last with the PWA category (12 dropped
# it), mobile preset, signed in as the demo mentor, against a Release build with the Development demo data. Prints the
# performance score and each PWA check. A benchmark, not a test: results go in docs/performance.md.
# Usage: tests/Allyship.Benchmarks/installable.sh [runs, default 3]
set -euo pipefail
runs="${1:-3}"; port=5094
root="$(cd "$(dirname "$0")/../.." && pwd)"
tools="${LIGHTHOUSE11_DIR:-/tmp/allyship-lighthouse11}"
[ -x "$tools/node_modules/.bin/lighthouse" ] || { mkdir -p "$tools"; (cd "$tools" && npm i -E --no-audit --no-fund --loglevel=error lighthouse@11.7.1 >/dev/null); }
dotnet build -c Release "$root/src/Allyship.Web" >/dev/null
dll="$root/src/Allyship.Web/bin/Release/net10.0/Allyship.Web.dll"
data=$(mktemp -d)
export Storage__DataDirectory="$data" ASPNETCORE_ENVIRONMENT=Development App__BaseUrl="http://127.0.0.1:$port" Jobs__ServerEnabled=false
export Logging__LogLevel__Default=Warning
cd "$(dirname "$dll")"
dotnet "$dll" --urls "http://127.0.0.1:$port" >/tmp/allyship-installable.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$port/account/sign-in" && break; sleep 0.5; done

jar=$(mktemp)
t=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$port/account/sign-in" | grep -oP 'name="__RequestVerificationToken" type="hidden" value="\K[^"]+' | head -1)
curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "__RequestVerificationToken=$t" --data-urlencode "Input.Email=mentor@demo.local" \
  --data-urlencode "Input.Password=Pledge-36-demo" "http://127.0.0.1:$port/account/sign-in"
cookie=$(awk '!/^#/ && NF >= 7 { printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 } /^#HttpOnly_/ { sub(/^#HttpOnly_/, ""); printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$jar")

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
