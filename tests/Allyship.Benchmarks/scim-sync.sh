#!/usr/bin/env bash
# SCIM initial sync (issue 38, item 5): 20,000 people pushed one by one as Entra ID does (a userName filter, then a POST
# each; scim-sync.py), into a Release build in Production on a seed-demo database, while mentors use the app at a steady
# pace (wrk: their week page about 20 times a second, the log-coffee POST about twice a second). Prints the sync's time
# and rate, its POSTs' p50/p95/p99, 429s and errors, and the mentors' p50/p95/p99 before and during the sync.
# Usage: tests/Allyship.Benchmarks/scim-sync.sh [users=20000] [workers=4] [mentors=2000]
set -euo pipefail
users="${1:-20000}"; workers="${2:-4}"; mentors="${3:-2000}"; port=5094
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../.." && pwd)"
lua="$here/load.lua"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
dotnet build -c Release "$root/src/Allyship.Web" -v quiet -nologo >/dev/null
dll="$root/src/Allyship.Web/bin/Release/net10.0/Allyship.Web.dll"
seeded="/tmp/allyship-scim-$mentors"; data="$seeded-run"
export ASPNETCORE_ENVIRONMENT=Production App__BaseUrl="http://127.0.0.1:$port" Jobs__ServerEnabled=false Security__RequireTwoFactorFor=""
cd "$(dirname "$dll")"
if [ ! -f "$seeded/allyship.db" ]; then
  mkdir -p "$seeded"
  echo "Seeding $mentors mentors x 12 weeks into $seeded (once; later runs reuse it)..."
  Storage__DataDirectory="$seeded" dotnet "$dll" seed-demo --mentors "$mentors" --weeks 12 --seed 1 >/dev/null
fi
rm -rf "$data"; cp -r "$seeded" "$data"
export Storage__DataDirectory="$data"
token=$(dotnet "$dll" create-provisioning-token "Sync benchmark" 2>/dev/null | grep -xE "[A-Za-z0-9_-]{40,}" | tail -1)
[ -n "$token" ] || { echo "No token from create-provisioning-token"; exit 1; }
log=/tmp/allyship-scim-sync.log
if curl -sf -o /dev/null "http://127.0.0.1:$port/health/live"; then echo "Port $port is taken (an earlier run still serving?): stop it first"; exit 1; fi
dotnet "$dll" --urls "http://127.0.0.1:$port" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do curl -sf -o /dev/null "$base/health/live" && break; sleep 0.25; done
before=$(curl -s -H "Authorization: Bearer $token" "$base/scim/v2/Users?count=0" | grep -oP '"totalResults":\K[0-9]+')

token_of() { grep -oP 'name="__RequestVerificationToken" type="hidden" value="\K[^"]+' | head -1; }
cookies() { awk -F'\t' 'NF >= 7 { printf "%s=%s; ", $6, $7 }' "$1"; }
signin() { # jar email
  local t; t=$(curl -s -c "$1" -b "$1" "$base/account/sign-in" | token_of)
  curl -s -c "$1" -b "$1" -o /dev/null --data-urlencode "__RequestVerificationToken=$t" \
    --data-urlencode "Input.Email=$2" --data-urlencode "Input.Password=Pledge-36-demo" "$base/account/sign-in"
}
week_jar=$(mktemp); log_jar=$(mktemp)
signin "$week_jar" mentor00001@seed.local
[ "$(curl -s -b "$week_jar" -o /dev/null -w '%{http_code}' "$base/week")" = 200 ] || { echo "The seeded mentor could not sign in (see $log)"; exit 1; }
signin "$log_jar" mentor00002@seed.local
form=$(curl -s -c "$log_jar" -b "$log_jar" "$base/log/coffee" | tr "\n" " ")
program=$(echo "$form" | grep -oP 'name="Input.ProgramId" value="\K[0-9]+' | head -1)
colleague=$(echo "$form" | grep -oP '<option value="\K[0-9]+' | head -1)
today=$(echo "$form" | grep -oP 'name="Input.OccurredOn"[^>]*value="\K[0-9-]+' | head -1)
body="__RequestVerificationToken=$(echo "$form" | token_of)&Input.ProgramId=$program&Input.Kind=Coffee&Input.ColleagueId=$colleague&Input.OccurredOn=$today&Input.Minutes=30"

loads=()
mentors_load() { # seconds output-prefix: the steady mentor load, for a time or until stopped (SIGINT: wrk prints what it measured)
  LOAD_DELAY_MS=200 wrk -t1 -c4 -d"$1s" -s "$lua" -H "Cookie: $(cookies "$week_jar")" "$base/week" | grep '^RESULT' | sed "s/^RESULT/$2 week/" &
  loads+=($!)
  LOAD_DELAY_MS=500 LOAD_BODY="$body" wrk -t1 -c1 -d"$1s" -s "$lua" -H "Cookie: $(cookies "$log_jar")" "$base/log" | grep '^RESULT' | sed "s/^RESULT/$2 log-coffee/" &
  loads+=($!)
}
echo "Mentors alone, 30 s (after 15 s of warm-up)..."
LOAD_DELAY_MS=200 wrk -t1 -c4 -d15s -s "$lua" -H "Cookie: $(cookies "$week_jar")" "$base/week" >/dev/null
results=$(mktemp)
mentors_load 30 alone >>"$results"; wait "${loads[@]}"; loads=()
echo "Sync of $users users with $workers workers, mentors using the app meanwhile..."
mentors_load 3600 during >>"$results"
sync=$(python3 "$here/scim-sync.py" "$base/scim/v2" "$token" "$users" "$workers" | grep '^RESULT')
pkill -INT -x wrk || true; wait "${loads[@]}" 2>/dev/null || true
after=$(curl -s -H "Authorization: Bearer $token" "$base/scim/v2/Users?count=0" | grep -oP '"totalResults":\K[0-9]+')
rss_mb=$(( $(grep VmRSS /proc/$pid/status | awk '{ print $2 }') / 1024 ))
read -r _ done secs rate p50 p95 p99 throttled errors <<<"$sync"
echo
echo "SCIM initial sync: $users users, $workers workers, a $mentors-mentor seed-demo database, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
echo "| synced | time | minutes | requests/s | POST p50 ms | POST p95 ms | POST p99 ms | 429s | errors | users before → after |"
echo "|---|---|---|---|---|---|---|---|---|---|"
printf "| %s | %s s | %.1f | %s | %s | %s | %s | %s | %s | %s → %s |\n" "$done" "$secs" "$(echo "$secs / 60" | bc -l)" "$rate" "$p50" "$p95" "$p99" "$throttled" "$errors" "$before" "$after"
echo
echo "| mentors | page | requests/s | p50 ms | p95 ms | p99 ms | non-2xx/3xx | socket errors |"
echo "|---|---|---|---|---|---|---|---|"
awk '{ printf "| %s | %s | %.1f | %.1f | %.1f | %.1f | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8 }' "$results"
echo
echo "Resident memory after the sync: ${rss_mb} MB · \"database is locked\" in the log: $(grep -c "database is locked" "$log" || true)"
