#!/usr/bin/env bash
# Runs Anonymous Access locally: moto_server (DynamoDB-compatible) on loopback, the table and a demo client app
# (demo-app), and one function in Quarkus dev mode behind the Lambda mock event server on http://localhost:$PORT.
#   ./run-local.sh                        # the create function, a fresh moto_server on a free port
#   FUNCTION=authorize ./run-local.sh     # another function
#   MOTO_PORT=5000 ./run-local.sh         # use (or start, and leave running) moto_server on port 5000, so that
#                                         # users survive switching functions
set -euo pipefail
cd "$(dirname "$0")"

FUNCTION="${FUNCTION:-create}"
PORT="${PORT:-8080}"
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [[ -n "${MOTO_PORT:-}" ]] && listening "$MOTO_PORT"; then
  echo "using the moto_server already listening on 127.0.0.1:$MOTO_PORT"
else
  if ! command -v moto_server >/dev/null 2>&1; then
    echo "moto_server not found; installing it with pip (moto[server])" >&2
    python3 -m pip install --quiet "moto[server]"
  fi
  KEEP_MOTO="${MOTO_PORT:+yes}"
  MOTO_PORT="${MOTO_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
  mkdir -p .local
  moto_server -H 127.0.0.1 -p "$MOTO_PORT" > .local/moto.log 2>&1 &
  MOTO_PID=$!
  if [[ -z "$KEEP_MOTO" ]]; then
    trap 'kill "$MOTO_PID" 2>/dev/null || true' EXIT INT TERM
  fi
  for _ in $(seq 1 100); do
    if listening "$MOTO_PORT"; then break; fi
    sleep 0.1
  done
  echo "moto_server on 127.0.0.1:$MOTO_PORT (log: .local/moto.log)"
fi

echo "starting function '$FUNCTION' on http://localhost:$PORT"
export MOTO_PORT QUARKUS_FUNQY_EXPORT="$FUNCTION"
./mvnw -B -q quarkus:dev -Ddebug=false -Dquarkus.lambda.mock-event-server.dev-port="$PORT"
