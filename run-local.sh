#!/usr/bin/env bash
# Runs Anonymous Access on this machine, without Docker (docs/local-api.md):
#   ./run-local.sh                    the HTTP API of template.yaml on http://localhost:8080, the demo web app on
#                                     http://localhost:3000, moto_server with the table and the demo client app;
#                                     says "ready" once requests can be served; Ctrl-C stops everything.
#   ./run-local.sh expire <userId>    deletes an anonymous user of the running deployment as DynamoDB's TTL would
#                                     (moto has no TTL), so that its UserExpired event can be seen.
#   ./run-local.sh admin '<json>'     invokes the admin function of the running deployment, as `aws lambda invoke`
#                                     does in AWS, and prints its answer (on the port that deployment opened, which it
#                                     wrote to target/local/lambda-port; LAMBDA_PORT, when set, wins).
# Environment: API_PORT (8080), JWT_API_PORT (8081), DEMO_PORT (3000), LAMBDA_PORT (3001), PARAMETER_OVERRIDES
# ("Name=value ...": template parameters, as `sam deploy --parameter-overrides`).
set -euo pipefail
cd "$(dirname "$0")"

if [[ "${1:-}" == "expire" ]]; then
  user="${2:?usage: ./run-local.sh expire <userId>   (deletes an anonymous user as the TTL of DynamoDB would)}"
  port="${LAMBDA_PORT:-}"
  if [[ -z "$port" && -f target/local/lambda-port ]]; then
    port=$(cat target/local/lambda-port)
  fi
  status=0
  curl -sS --fail-with-body -X POST "http://127.0.0.1:${port:-3001}/local/expire/$user" || status=$?
  echo
  exit $status
fi

if [[ "${1:-}" == "admin" ]]; then
  payload="${2:?usage: ./run-local.sh admin '{\"action\":\"getClient\",\"clientId\":\"demo-app\"}'}"
  port="${LAMBDA_PORT:-}"
  if [[ -z "$port" && -f target/local/lambda-port ]]; then
    port=$(cat target/local/lambda-port)
  fi
  url="http://127.0.0.1:${port:-3001}/2015-03-31/functions/AdminFunction/invocations"
  if ! curl -sS --fail-with-body -X POST "$url" -H 'Content-Type: application/json' --data-binary "$payload" \
      -D .admin-headers -o .admin-answer; then
    echo "no local deployment answers on $url: start it with ./run-local.sh" >&2
    rm -f .admin-headers .admin-answer
    exit 1
  fi
  cat .admin-answer; echo
  failed=$(grep -ci '^x-amz-function-error' .admin-headers || true)
  rm -f .admin-headers .admin-answer
  [[ "$failed" == "0" ]] || exit 1
  exit 0
fi

export LOCAL_STARTED_AT_MS=$(( $(date +%s%N) / 1000000 ))
if ! command -v moto_server >/dev/null 2>&1; then
  echo "moto_server not found; installing it with pip (moto[server])" >&2
  python3 -m pip install --quiet "moto[server]"
fi

# What the user calls is what is deployed: the packaged function.zip (JVM build) under AWS's runtime interface client,
# one process per function. The local API is a developer tool of its own (src/local/java, compiled to
# target/local-classes), never part of function.zip; its run classpath holds no test dependency.
# The tool's classpath file is written last: when no source is newer, the build is skipped (the demo app needs none).
stamp=target/local-tool-classpath.txt
if [[ -f "$stamp" && -f target/function.zip && -f target/local-runtime-classpath.txt && -d target/lambda-ric \
      && -z "$(find src pom.xml -newer "$stamp" -print -quit)" ]]; then
  echo "target/function.zip is up to date with src/ and pom.xml"
else
  echo "building target/function.zip and the local API (./mvnw package)"
  rm -f "$stamp"
  ./mvnw -B -q package dependency:copy@lambda-runtime-interface-client -DskipTests -Dmaven.test.skip=true
  touch "$stamp" # the plugin leaves an unchanged classpath file as it was
  echo "built in $(( $(date +%s) - LOCAL_STARTED_AT_MS / 1000 )) s"
fi

exec java -cp "target/local-classes:target/classes:$(cat target/local-runtime-classpath.txt):$(cat "$stamp")" \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  dev.anonymousaccess.local.LocalDeployment
