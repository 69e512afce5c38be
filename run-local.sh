#!/usr/bin/env bash
# Runs Anonymous Access locally: moto_server (DynamoDB-compatible) on a free loopback port, the table and a demo client
# app, and one function in Quarkus dev mode behind the Lambda mock event server on http://localhost:8080.
#   ./run-local.sh                 # the create function
#   FUNCTION=authorize ./run-local.sh
set -euo pipefail
cd "$(dirname "$0")"

FUNCTION="${FUNCTION:-create}"
if ! command -v moto_server >/dev/null 2>&1; then
  echo "moto_server not found; installing it with pip (moto[server])" >&2
  python3 -m pip install --quiet "moto[server]"
fi

MOTO_PORT="${MOTO_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
mkdir -p .local
moto_server -H 127.0.0.1 -p "$MOTO_PORT" > .local/moto.log 2>&1 &
MOTO_PID=$!
trap 'kill "$MOTO_PID" 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$MOTO_PORT") 2>/dev/null; then break; fi
  sleep 0.1
done
echo "moto_server on 127.0.0.1:$MOTO_PORT (log: .local/moto.log); starting function '$FUNCTION' on http://localhost:8080"

export MOTO_PORT QUARKUS_FUNQY_EXPORT="$FUNCTION"
./mvnw -B -q quarkus:dev
