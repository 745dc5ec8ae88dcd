# Sourced by the Lighthouse benchmarks: a Release build of the app with the Development demo data on a loopback port
# (stopped, and its data folder removed, when the script exits), and the Cookie header of a demo account signed in
# through the form. Usage: source demo-app.sh; start_demo <port> <log file>; cookie=$(demo_cookie <port> <email>)
start_demo() {
  local port="$1" log="$2" root dll
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  dotnet build -c Release "$root/src/Allyship.Web" >/dev/null
  dll="$root/src/Allyship.Web/bin/Release/net10.0/Allyship.Web.dll"
  demo_data=$(mktemp -d)
  export Storage__DataDirectory="$demo_data" ASPNETCORE_ENVIRONMENT=Development App__BaseUrl="http://127.0.0.1:$port" Jobs__ServerEnabled=false
  export Logging__LogLevel__Default=Warning
  (cd "$(dirname "$dll")" && exec dotnet "$dll" --urls "http://127.0.0.1:$port" >"$log" 2>&1) &
  demo_pid=$!
  trap 'kill $demo_pid 2>/dev/null || true; rm -rf "$demo_data"' EXIT
  for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$port/account/sign-in" && break; sleep 0.5; done
}

demo_cookie() {
  local port="$1" jar t; jar=$(mktemp)
  t=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$port/account/sign-in" | grep -oP 'name="__RequestVerificationToken" type="hidden" value="\K[^"]+' | head -1)
  curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "__RequestVerificationToken=$t" --data-urlencode "Input.Email=$2" \
    --data-urlencode "Input.Password=Pledge-36-demo" "http://127.0.0.1:$port/account/sign-in"
  awk '!/^#/ && NF >= 7 { printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 } /^#HttpOnly_/ { sub(/^#HttpOnly_/, ""); printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$jar"
}
