#!/usr/bin/env python3
"""A stand-in OpenTelemetry collector for the telemetry-cost benchmark: accepts OTLP/HTTP posts on /v1/metrics and
/v1/traces (any body), answers 200 at once, and prints how many requests and bytes it took when stopped.
Usage: otlp-sink.py [port=4318]"""
import http.server
import signal
import sys

counts = {}


class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        requests, size = counts.get(self.path, (0, 0))
        counts[self.path] = (requests + 1, size + len(body))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def report(*_):
    for path, (requests, size) in sorted(counts.items()):
        print(f"otlp-sink: {path}: {requests} requests, {size:,} bytes", flush=True)
    sys.exit(0)


signal.signal(signal.SIGTERM, report)
signal.signal(signal.SIGINT, report)
port = int(sys.argv[1]) if len(sys.argv) > 1 else 4318
http.server.ThreadingHTTPServer(("127.0.0.1", port), Sink).serve_forever()
