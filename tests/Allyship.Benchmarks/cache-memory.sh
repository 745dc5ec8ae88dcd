#!/usr/bin/env bash
# The one cache's memory (issue 33, item 6): every seeded mentor opens /week within one burst, the cache's worst case
# (week entries live 30 s, so only mentors active together are held at once), then the cache's own estimate
# (/health/ready's cache check) and the process's resident memory are read. A Release build in Production on a
# seed-demo database (seeded once into /tmp/allyship-load-<mentors>, shared with load.sh), the job server off, the
# sign-in rate limit raised for the run (every sign-in comes from 127.0.0.1).
# Usage: tests/Allyship.Benchmarks/cache-memory.sh [mentors seeded=10000] [mentors who open /week=all] [parallel sign-ins=4]
set -euo pipefail
mentors="${1:-10000}"; count="${2:-$mentors}"; parallel="${3:-4}"; port=5094
root="$(cd "$(dirname "$0")/../.." && pwd)"
dotnet build -c Release "$root/src/Allyship.Web" -v quiet -nologo >/dev/null
dll="$root/src/Allyship.Web/bin/Release/net10.0/Allyship.Web.dll"
seeded="/tmp/allyship-load-$mentors"; data="$seeded-memory"
export ASPNETCORE_ENVIRONMENT=Production App__BaseUrl="http://127.0.0.1:$port" Jobs__ServerEnabled=false Security__RequireTwoFactorFor="" \
  Security__RateLimitPerMinute=100000000
cd "$(dirname "$dll")"
if [ ! -f "$seeded/rolled-up" ]; then
  mkdir -p "$seeded"
  echo "Seeding $mentors mentors x 52 weeks into $seeded and rolling up (once; load.sh reuses it)..."
  Storage__DataDirectory="$seeded" dotnet "$dll" seed-demo --mentors "$mentors" --weeks 52 --seed 1 >/dev/null
  Storage__DataDirectory="$seeded" dotnet "$dll" roll-up >/dev/null && touch "$seeded/rolled-up"
fi
rm -rf "$data"; cp -r "$seeded" "$data"
export Storage__DataDirectory="$data"
log=/tmp/allyship-cache-memory.log
dotnet "$dll" --urls "http://127.0.0.1:$port" >"$log" 2>&1 &
pid=$!
jars=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$jars" "$data"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do curl -sf -o /dev/null "$base/health/live" && break; sleep 0.25; done
rss() { echo $(( $(grep VmRSS /proc/$pid/status | awk '{ print $2 }') / 1024 )); }
cache() { curl -s "$base/health/ready" | grep -oP 'Cache: \K[^"]*' | head -1; }

# Each mentor signs in once, with her own cookie jar (not counted: the password hash is most of it).
export base jars
signin() {
  local jar="$jars/$1" t
  t=$(curl -s -c "$jar" -b "$jar" "$base/account/sign-in" | grep -oP 'name="__RequestVerificationToken" type="hidden" value="\K[^"]+' | head -1)
  curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "__RequestVerificationToken=$t" \
    -w '%{http_code}\n' --data-urlencode "Input.Email=mentor$1@seed.local" --data-urlencode "Input.Password=Pledge-36-demo" "$base/account/sign-in"
}
export -f signin
started=$(date +%s)
signed=$(seq -f '%05g' 1 "$count" | xargs -P "$parallel" -I{} bash -c 'signin {}' | grep -c '^302$' || true)
echo "Signed in $signed of $count mentors in $(( $(date +%s) - started )) s"

# The cache after the sign-ins (the directory, the dashboards' shared reads): the baseline.
sleep 31 # week entries of the sign-ins' own redirects expire
before_rss=$(rss); before_cache=$(cache)

# The burst: every mentor's /week, as fast as 8 connections go (well inside the entries' 30 s).
export -n signin
# Sampled every 2 s while it runs: the most the cache held (what it held at the end is only the last 30 s).
samples="$jars/samples"
( while kill -0 $pid 2>/dev/null; do echo "$(cache | grep -oP '^[0-9]+') $(cache | grep -oP 'about \K[0-9.]+') $(rss)" >>"$samples"; sleep 2; done ) &
sampler=$!
started=$(date +%s%N)
seq -f '%05g' 1 "$count" | xargs -P 8 -I{} curl -s -o /dev/null -b "$jars/{}" "$base/week"
burst_ms=$(( ($(date +%s%N) - started) / 1000000 ))
kill $sampler 2>/dev/null || true
after_rss=$(rss); after_cache=$(cache)
echo "$(echo "$after_cache" | grep -oP '^[0-9]+') $(echo "$after_cache" | grep -oP 'about \K[0-9.]+') $after_rss" >>"$samples"
peak=$(sort -k2 -g "$samples" | tail -1)
echo "Cache memory: $count of $mentors mentors x 52 weeks open /week, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
echo "| moment | cache (its own estimate) | resident memory |"
echo "|---|---|---|"
echo "| after $signed sign-ins, 31 s idle | $before_cache | $before_rss MB |"
echo "| the most held while every mentor's /week was served ($burst_ms ms in all) | $(echo "$peak" | awk '{ print $1 }') entries, about $(echo "$peak" | awk '{ print $2 }') MB | $(echo "$peak" | awk '{ print $3 }') MB |"
echo "| right after | $after_cache | $after_rss MB |"
