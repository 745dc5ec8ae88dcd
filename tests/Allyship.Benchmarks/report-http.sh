#!/usr/bin/env bash
# Times the HR exports over HTTP and samples the app's resident memory while each streams.
# Usage: tests/Allyship.Benchmarks/report-http.sh <data-directory seeded by seed-demo and rolled up> <quarter, e.g. FY2026-Q3>
set -euo pipefail
data="$1"; quarter="$2"; port=5092
root="$(cd "$(dirname "$0")/../.." && pwd)"
dll="$root/src/Allyship.Web/bin/Release/net10.0/Allyship.Web.dll"
[ -f "$dll" ] || dotnet build -c Release "$root/src/Allyship.Web" >/dev/null
export Storage__DataDirectory="$data" ASPNETCORE_ENVIRONMENT=Production App__BaseUrl="http://127.0.0.1:$port" Jobs__ServerEnabled=false
# A benchmark HR user without two-factor (Production requires it of HR by default); a 302 would time the redirect instead.
export Security__RequireTwoFactorFor=""
cd "$(dirname "$dll")" # the app reads its appsettings.json from here, as in production
link=$(dotnet "$dll" create-user bench-hr@example.com HR | grep -o 'http://[^ ]*')
dotnet "$dll" --urls "http://127.0.0.1:$port" >/tmp/allyship-report-http.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.5; done
jar=$(mktemp)
token() { grep -oP 'name="__RequestVerificationToken" type="hidden" value="\K[^"]+' | head -1; }
t=$(curl -s -c "$jar" -b "$jar" "$link" | token)
curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "__RequestVerificationToken=$t" --data-urlencode "Input.Password=Bench-hr-36-pass" \
  --data-urlencode "Input.Confirm=Bench-hr-36-pass" "http://127.0.0.1:$port/account/set-password?${link#*\?}"
status=$(curl -s -b "$jar" -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/reports")
[ "$status" = 200 ] || { echo "The reports page answered $status, not 200: not signed in? See /tmp/allyship-report-http.log"; exit 1; }
rss() { awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$pid/status"; }
# Anonymous memory only (heaps, SQLite's caches): the mapped program files are not what an export allocates.
anon() { awk '/RssAnon/ { print int($2 / 1024) }' "/proc/$pid/status"; }
# Warm up once on every export (JIT, query compilation, the GC sizing its heap: one-time costs), then let the process
# settle. COLD=1 warms up on the small Summary sheet only, to see the first export after a start.
warm=${SHEETS:-"format=csv&sheet=mentors" "format=xlsx"}
[ "${COLD:-0}" = 1 ] && warm="format=csv&sheet=summary"
for what in $warm; do
  curl -s -b "$jar" -o /dev/null "http://127.0.0.1:$port/reports/download?quarter=$quarter&program=all&$what"
done
sleep 2
for what in ${SHEETS:-"format=csv&sheet=mentors" "format=xlsx"}; do
  idle=$(rss); peak=$idle; idle_anon=$(anon); peak_anon=$idle_anon
  curl -s -b "$jar" -o /tmp/allyship-export.out -w '%{time_total} %{size_download}\n' "http://127.0.0.1:$port/reports/download?quarter=$quarter&program=all&$what" >/tmp/allyship-export.time &
  cpid=$!
  while kill -0 $cpid 2>/dev/null; do
    r=$(rss); [ "$r" -gt "$peak" ] && peak=$r
    a=$(anon); [ "$a" -gt "$peak_anon" ] && peak_anon=$a
    sleep 0.05
  done
  read -r secs bytes </tmp/allyship-export.time
  echo "$what: ${secs} s, $((bytes / 1024)) KiB, RSS idle ${idle} MB, peak ${peak} MB, +$((peak - idle)) MB; anonymous +$((peak_anon - idle_anon)) MB"
  sleep 2
done
