#!/usr/bin/env bash
# Times the rendered dashboard over HTTP: a Release build of the app on a seeded data folder, a program admin created with
# create-admin, then N sequential GETs of /admin/programs/1?period=12. Prints p50, p95 and max in milliseconds.
# Usage: tests/Allyship.Benchmarks/dashboard-http.sh <data-directory seeded by seed-demo> [requests]
set -euo pipefail
data="$1"; n="${2:-100}"; port=5091
root="$(cd "$(dirname "$0")/../.." && pwd)"
dll="$root/src/Allyship.Web/bin/Release/net10.0/Allyship.Web.dll"
[ -f "$dll" ] || dotnet build -c Release "$root/src/Allyship.Web" >/dev/null
export Storage__DataDirectory="$data" ASPNETCORE_ENVIRONMENT=Production App__BaseUrl="http://127.0.0.1:$port" Jobs__ServerEnabled=false
# A benchmark admin without two-factor (Production requires it of admins by default); a 302 would time the redirect instead.
export Security__RequireTwoFactorFor=""
# From the build folder, so the app reads its appsettings.json as in production (from elsewhere it would log every SQL
# command to the console at Information, which costs more than the queries).
cd "$(dirname "$dll")"
link=$(dotnet "$dll" create-admin bench-admin@example.com | grep -o 'http://[^ ]*')
dotnet "$dll" --urls "http://127.0.0.1:$port" >/tmp/allyship-bench-http.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.5; done
jar=$(mktemp)
token() { grep -oP 'name="__RequestVerificationToken" type="hidden" value="\K[^"]+' | head -1; }
t=$(curl -s -c "$jar" -b "$jar" "$link" | token)
query="${link#*\?}"
curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "__RequestVerificationToken=$t" --data-urlencode "Input.Password=Bench-admin-36" \
  --data-urlencode "Input.Confirm=Bench-admin-36" "http://127.0.0.1:$port/account/set-password?$query"
status=$(curl -s -b "$jar" -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/admin/programs/1?period=12")
[ "$status" = 200 ] || { echo "The dashboard answered $status, not 200: not signed in? See /tmp/allyship-bench-http.log"; exit 1; }
times=$(mktemp)
for _ in $(seq 1 "$n"); do
  curl -s -b "$jar" -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port/admin/programs/1?period=12" >>"$times"
done
sort -n "$times" | awk -v n="$n" '{ a[NR] = $1 * 1000 } END { printf "dashboard over HTTP, %d requests: p50 %.0f ms  p95 %.0f ms  max %.0f ms\n", n, a[int(n * 0.5)], a[int(n * 0.95)], a[n] }'
