#!/usr/bin/env bash
# A/B of the embedded default's page-cache hits: two trees (two commits of
# Dateline), each with its own data folder made by migrate, collectstatic,
# load-demo and live demo-channel, served side by side (granian, 2 workers)
# on 127.0.0.1 and loaded in interleaved wrk rounds, so machine noise falls on
# both alike. Prints each round and the median req/s of each tree.
#
#   bench/ab_embedded.sh OLD_TREE OLD_DATA NEW_TREE NEW_DATA [URL_PATH] [ROUNDS]
set -euo pipefail
old_tree=$1 old_data=$2 new_tree=$3 new_data=$4
path=${5:-/en/news/afghanistan/valley-towns-reopen-mountain-road-as-winter-nears/}
rounds=${6:-5}
python=$(cd "$(dirname "$0")/.." && pwd)/.venv/bin/python
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
serve() {  # tree data port
  (cd "$1" && PYTHONPATH=$1 DATELINE_DATA_DIR=$2 DEBUG=0 exec "$python" -m dateline serve \
    --workers 2 --port "$3") >"$2/ab-server.log" 2>&1 &
  pids+=($!)
}
serve "$old_tree" "$old_data" 18761
serve "$new_tree" "$new_data" 18762
for port in 18761 18762; do
  for _ in $(seq 60); do curl -fso /dev/null "http://127.0.0.1:$port$path" && break; sleep 0.5; done
  for _ in 1 2 3; do curl -fso /dev/null "http://127.0.0.1:$port$path"; done
  printf 'port %s: %s\n' "$port" "$(curl -sI "http://127.0.0.1:$port$path" | grep -i '^x-cache')"
done
wrk -t2 -c64 -d2s "http://127.0.0.1:18761$path" >/dev/null
wrk -t2 -c64 -d2s "http://127.0.0.1:18762$path" >/dev/null
declare -A results=([old]="" [new]="")
for round in $(seq "$rounds"); do
  for side in old new; do
    port=$([ $side = old ] && echo 18761 || echo 18762)
    rate=$(wrk -t2 -c64 -d5s "http://127.0.0.1:$port$path" | awk '/Requests\/sec/ {print $2}')
    results[$side]+="$rate "
    echo "round $round $side: $rate req/s"
  done
done
for side in old new; do
  echo "$side median: $(tr ' ' '\n' <<<"${results[$side]}" | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') req/s"
done
