#!/usr/bin/env bash
# Telemetry's cost under load (issue 37, item 7): load.sh with telemetry off, then on (metrics and traces exported over
# OTLP/HTTP to a local stand-in collector, otlp-sink.py), alternating, ROUNDS times. Compare requests/s and p95 per page.
# Usage: tests/Allyship.Benchmarks/telemetry-cost.sh [mentors=10000] [seconds=15] [warm-up=20]    (ROUNDS=2, PAGES as load.sh)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rounds="${ROUNDS:-2}"
for round in $(seq 1 "$rounds"); do
  echo "=== round $round: telemetry off"
  env -u OTEL_EXPORTER_OTLP_ENDPOINT "$here/load.sh" "$@"
  echo "=== round $round: telemetry on (OTLP/HTTP to a local sink; a metrics export every 10 s, traces in batches)"
  python3 "$here/otlp-sink.py" 4318 & sink=$!
  OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf OTEL_METRIC_EXPORT_INTERVAL=10000 \
    "$here/load.sh" "$@" || { kill $sink; exit 1; }
  kill $sink; wait $sink 2>/dev/null || true
done
