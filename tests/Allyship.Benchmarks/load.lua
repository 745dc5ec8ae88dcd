-- wrk hooks for load.sh: an optional form POST (LOAD_BODY), and one summary line the script parses.
local body = os.getenv("LOAD_BODY")
if body ~= nil and body ~= "" then
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

-- LOAD_DELAY_MS: each connection waits this long between requests, for a steady background load rather than wrk's flat out.
local pause = tonumber(os.getenv("LOAD_DELAY_MS") or "")
if pause ~= nil then
  delay = function() return pause end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.1f %.1f %.1f %.1f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
