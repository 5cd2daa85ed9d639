#!/usr/bin/env bash
# Runs the Gatewise server: builds the jar when sources changed, then starts it with an
# embedded PostgreSQL in ./gatewise-data (unless SPRING_DATASOURCE_URL points elsewhere).
# The log prints the UI URL and, on the very first start, the admin password.
# Extra arguments go to the server, e.g. --server.port=8081 --gatewise.grpc.server-names=vpn.example.net
set -euo pipefail
cd "$(dirname "$0")"
JAR=server/target/gatewise-server.jar
if [ ! -f "$JAR" ] || [ -n "$(find pom.xml proto migrations web server/pom.xml server/src -newer "$JAR" \
        -not -path '*/target/*' -type f -print -quit)" ]; then
    echo "gatewise: building the server (mvn -q -B -pl server -am package -DskipTests) ..." >&2
    mvn -q -B -pl server -am package -DskipTests
fi
exec java ${JAVA_OPTS:-} -jar "$JAR" "$@"
