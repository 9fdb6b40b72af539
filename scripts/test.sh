#!/usr/bin/env bash
# Runs every test on a fresh Debian or Ubuntu machine, with nothing installed by hand:
#   1. installs what is missing with apt-get: a JDK, Chromium and its driver (the dashboard's browser tests
#      drive a headless Chromium), RabbitMQ;
#   2. starts RabbitMQ when nothing listens on 127.0.0.1:5672, and a Kafka broker of its own
#      (scripts/kafka-broker.sh, stopped again on exit), exported as PIPELINE_KAFKA_BOOTSTRAP;
#   3. runs the Maven wrapper: ./mvnw -B -ntp verify, with any arguments given to this script; with none, it
#      then model-checks the engine's hand-offs (./mvnw -pl pipeline-core -Pconcurrency verify).
#
#   scripts/test.sh                                    every test and build check
#   scripts/test.sh -pl pipeline-core -Dtest='OrderByTests*' -Dsurefire.failIfNoSpecifiedTests=false
#
# Installing and starting RabbitMQ need root: run as root (CI does), or with sudo available.
#
# Environment:
#   CHROMIUM_BINARY        the browser the dashboard tests drive (default /usr/bin/chromium, Debian's package),
#                          passed on as -Dchromium.binary; chromium and chromium-driver are installed when it is
#                          missing
#   KAFKA_STATE_DIR        where the Kafka broker keeps its files (see scripts/kafka-broker.sh)
#   PIPELINE_TEST_DRY_RUN  "true" prints the commands that install or start something instead of running them
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHROMIUM_BINARY="${CHROMIUM_BINARY:-/usr/bin/chromium}"
DRY_RUN="${PIPELINE_TEST_DRY_RUN:-false}"
APT_UPDATED=false
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

# Runs a command as root: directly when root, else through sudo (without a prompt when there is no terminal).
as_root() {
	if [ "$DRY_RUN" = "true" ]; then
		echo "  (dry run) would run as root: $*"
		return
	fi
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif ! command -v sudo >/dev/null 2>&1; then
		echo "Cannot run '$*': not root and no sudo. Run scripts/test.sh as root, or install sudo." >&2
		exit 1
	elif [ -t 0 ]; then
		sudo "$@"
	else
		sudo -n "$@"
	fi
}

apt_install() {
	echo "  installing $* with apt-get"
	if [ "$APT_UPDATED" != "true" ]; then
		as_root apt-get update -q
		APT_UPDATED=true
	fi
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" </dev/null
}

ensure_tools() {
	local missing=()
	if [ -z "${JAVA_HOME:-}" ]; then
		command -v java >/dev/null 2>&1 || missing+=(default-jdk-headless)
	fi
	command -v python3 >/dev/null 2>&1 || missing+=(python3)
	# the Maven wrapper downloads Maven with either
	command -v curl >/dev/null 2>&1 || command -v wget >/dev/null 2>&1 || missing+=(curl)
	if [ "${#missing[@]}" -gt 0 ]; then
		apt_install "${missing[@]}"
	fi
	if [ "$DRY_RUN" != "true" ]; then
		# the JDK the Maven wrapper runs on: JAVA_HOME's when it is set
		"${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1
	fi
}

ensure_chromium() {
	if [ -x "$CHROMIUM_BINARY" ]; then
		echo "Chromium: $("$CHROMIUM_BINARY" --version 2>/dev/null || echo "$CHROMIUM_BINARY")"
		return
	fi
	echo "Chromium: $CHROMIUM_BINARY is missing"
	apt_install chromium chromium-driver
}

rabbitmq_listening() {
	timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/5672' 2>/dev/null
}

ensure_rabbitmq() {
	if rabbitmq_listening; then
		echo "RabbitMQ: listening on 127.0.0.1:5672"
		return
	fi
	if ! command -v rabbitmq-server >/dev/null 2>&1; then
		echo "RabbitMQ: not installed"
		apt_install rabbitmq-server
	fi
	if [ "$DRY_RUN" = "true" ] || ! rabbitmq_listening; then
		echo "RabbitMQ: starting"
		# Where systemd runs, installing the package has started the service; elsewhere (containers) start it here
		if [ "$DRY_RUN" = "true" ] || ! as_root timeout 30 rabbitmqctl -q status >/dev/null 2>&1; then
			as_root rabbitmq-server -detached
		fi
		as_root timeout 120 rabbitmqctl await_startup
	fi
	if [ "$DRY_RUN" = "true" ]; then
		return
	fi
	for _ in $(seq 30); do
		if rabbitmq_listening; then
			echo "RabbitMQ: listening on 127.0.0.1:5672"
			return
		fi
		sleep 1
	done
	echo "RabbitMQ: not listening on 127.0.0.1:5672 after start-up; see /var/log/rabbitmq" >&2
	exit 1
}

# Starts a Kafka broker of this run's own and stops it on exit, unless one was already running in KAFKA_STATE_DIR.
start_kafka() {
	if [ "$DRY_RUN" = "true" ]; then
		echo "  (dry run) would run: scripts/kafka-broker.sh start"
		return
	fi
	if ! "$ROOT/scripts/kafka-broker.sh" status >/dev/null 2>&1; then
		trap '"$ROOT/scripts/kafka-broker.sh" stop || true' EXIT
		trap 'exit 130' INT TERM
	fi
	PIPELINE_KAFKA_BOOTSTRAP="$("$ROOT/scripts/kafka-broker.sh" start | tail -1)"
	export PIPELINE_KAFKA_BOOTSTRAP
	echo "Kafka: listening on $PIPELINE_KAFKA_BOOTSTRAP"
}

main() {
	cd "$ROOT"
	echo "== Tools"
	ensure_tools
	echo "== Browser"
	ensure_chromium
	echo "== Brokers"
	ensure_rabbitmq
	start_kafka
	echo "== Build and tests: ./mvnw -B -ntp verify $*"
	if [ "$DRY_RUN" = "true" ]; then
		echo "  (dry run) would run: ./mvnw -B -ntp verify -Dchromium.binary=$CHROMIUM_BINARY $*"
		return
	fi
	"$ROOT/mvnw" -B -ntp verify "-Dchromium.binary=$CHROMIUM_BINARY" "$@"
	if [ "$#" -eq 0 ]; then
		# A full run also model-checks the engine's hand-offs (Lincheck, tests tagged "concurrency")
		echo "== Model checking: ./mvnw -B -ntp -pl pipeline-core -Pconcurrency verify"
		"$ROOT/mvnw" -B -ntp -pl pipeline-core -Pconcurrency verify
	fi
}

# Sourced (to try one step on its own), it only defines the steps
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	main "$@"
fi
