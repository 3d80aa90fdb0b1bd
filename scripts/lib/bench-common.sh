# Shared by scripts/bench and its parts (sourced, not run). Expects `work` (a temporary directory)
# and a `pids` array that the caller's cleanup kills.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Waits up to 30 s for a URL to answer 2xx.
wait_for() {
  for _ in $(seq 1 300); do curl -fs -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "not ready: $1" >&2
  exit 1
}

# Prints "req/s p99_ms" of one wrk run pinned to CPU 1 (wrk's --latency prints "99% X(us|ms|s)").
run_wrk() {
  local output rps p99
  output=$(taskset -c 1 wrk -t1 -c"${connections:-64}" -d"${duration:-10}s" --latency "$@")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$output")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; print v}' <<<"$output")
  echo "$rps $p99"
}

# The median of its arguments.
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

bench_password='Bench-Admin-Passw0rd!'

# start_tessera NAME [serve options…]: tessera on CPU 0 with one I/O and one worker thread, its
# log in $work/NAME.log. Sets tessera_base (its URL) and tessera_pid.
start_tessera() {
  local name=$1 port
  shift
  port="$(free_port)"
  TESSERA_ADMIN_PASSWORD="$bench_password" taskset -c 0 build/tessera serve --data-dir "$work/$name" \
    --listen "127.0.0.1:$port" --io-threads 1 --worker-threads 1 "$@" >"$work/$name.log" 2>&1 &
  tessera_pid=$!
  pids+=("$tessera_pid")
  tessera_base="http://127.0.0.1:$port"
  wait_for "$tessera_base/readyz"
}

# login BASE: the bootstrap admin's access token.
login() {
  curl -fs "$1/auth/realms/default/protocol/openid-connect/token" -d grant_type=password \
    -d username=admin@tessera.local --data-urlencode "password=$bench_password" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

# create_pat BASE ACCESS_TOKEN NAME: a PAT with quotes.write on every tenant.
create_pat() {
  curl -fs -H "Authorization: Bearer $2" -H 'Content-Type: application/json' "$1/auth/users/tokens" \
    -d "{\"name\":\"$3\",\"permissions\":[\"quotes.write\"],\"tenants\":[\"any\"]}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin))'
}
