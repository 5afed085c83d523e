#!/bin/bash
# Does the Varnish/nginx gap close when each request opens a new connection, as a
# reader arriving from a social network does? nginx serving the article's HTML as a
# static file against a Varnish hit on `dateline stack up`, keep-alive then
# "Connection: close", `wrk -t2 -c64 -d5s`, 3 interleaved rounds. 127.0.0.1 only;
# about 2 minutes. Usage: bench/connections.sh [first free port, default 38000]
set -eu
cd "$(dirname "$0")/.."
base=${1:-38000}
tmp=$(mktemp -d)
chmod 755 "$tmp" # PostgreSQL runs as its own user
stack=(.venv/bin/python -m dateline stack)
export DATELINE_DATA_DIR=$tmp/cli
article=/en/news/afghanistan/valley-towns-reopen-mountain-road-as-winter-nears/
cleanup() {
  [ -f "$tmp/nginx/nginx.pid" ] && kill "$(cat "$tmp/nginx/nginx.pid")" 2>/dev/null
  "${stack[@]}" down --dir "$tmp/stack" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
ulimit -n "$(ulimit -Hn)"

# Varnish takes the port after its own for its admin socket.
"${stack[@]}" up --dir "$tmp/stack" --demo 12 --app-port $((base + 1)) \
  --varnish-port $((base + 2)) --pg-port $((base + 4)) --redis-port $((base + 5)) >"$tmp/up.log" 2>&1 \
  || { tail "$tmp/up.log"; exit 1; }
varnish=http://127.0.0.1:$((base + 2))$article
curl -sf -o "$tmp/page.html" "$varnish"

mkdir -p "$tmp/nginx/root$article"
cp "$tmp/page.html" "$tmp/nginx/root$article/index.html"
sed -e "s#@PREFIX@#$tmp/nginx#g" -e "s#@ROOT@#$tmp/nginx/root#g" -e "s#@PORT@#$((base + 6))#g" \
  bench/nginx.conf.template >"$tmp/nginx/nginx.conf"
chmod -R a+rX "$tmp"
/usr/sbin/nginx -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx"
nginx=http://127.0.0.1:$((base + 6))$article
sleep 1

echo "connections  round  nginx req/s  varnish req/s  ratio"
for mode in keep-alive close; do
  header=()
  [ "$mode" = close ] && header=(-H "Connection: close")
  for round in 1 2 3; do
    n=$(wrk -t2 -c64 -d5s "${header[@]}" "$nginx" | awk '/Requests\/sec/ {print $2}')
    v=$(wrk -t2 -c64 -d5s "${header[@]}" "$varnish" | awk '/Requests\/sec/ {print $2}')
    echo "$mode  $round  $n  $v  $(awk "BEGIN {printf \"%.2f\", $v / $n}")"
  done
done
