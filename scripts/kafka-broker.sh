#!/usr/bin/env bash
# A standalone single-node Kafka (KRaft) broker for tests that need a broker process of their own
# (kill -9 of a client JVM, broker stop and start). No Docker: the broker runs from Apache Kafka's
# jars on Maven Central, resolved from scripts/kafka/pom.xml with the Maven wrapper.
#
#   scripts/kafka-broker.sh start [--keep]   start (or restart over kept data) and wait until ready;
#                                            prints the bootstrap address on the last line
#   scripts/kafka-broker.sh stop [--keep]    stop; deletes the data unless --keep
#   scripts/kafka-broker.sh status           prints "running <bootstrap>" or "stopped"; exit 0 if running
#
# Environment:
#   KAFKA_STATE_DIR  where the broker keeps its config, data, log and pid (default: a directory under
#                    ${TMPDIR:-/tmp}); one directory per broker, so tests can run their own next to CI's
#   KAFKA_PORT       client port (default 9092; a free port is picked when it is taken)
#   KAFKA_HEAP       heap (default 512m)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE_DIR="${KAFKA_STATE_DIR:-${TMPDIR:-/tmp}/pipeline-kafka-broker}"
HEAP="${KAFKA_HEAP:-512m}"
PID_FILE="$STATE_DIR/broker.pid"
BOOTSTRAP_FILE="$STATE_DIR/bootstrap"
LOG="$STATE_DIR/broker.log"

port_in_use() {
	timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

running() {
	[ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null
}

classpath() {
	local cp_file="$STATE_DIR/classpath"
	if [ ! -s "$cp_file" ]; then
		"$ROOT/mvnw" -B -ntp -q -f "$ROOT/scripts/kafka/pom.xml" dependency:build-classpath \
			-Dmdep.outputFile="$cp_file" >&2
	fi
	cat "$cp_file"
}

write_config() {
	local port="$1" controller="$2"
	cat >"$STATE_DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$STATE_DIR/data
num.partitions=4
num.network.threads=2
num.io.threads=4
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.share.min.record.lock.duration.ms=1000
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
PROPS
	cat >"$STATE_DIR/log4j2.properties" <<'PROPS'
status = error
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.stdout.ref = STDOUT
logger.kafka.name = kafka.server.KafkaRaftServer
logger.kafka.level = INFO
PROPS
}

start() {
	local keep="${1:-}"
	mkdir -p "$STATE_DIR"
	if running; then
		echo "Kafka: already running (pid $(cat "$PID_FILE"))" >&2
		cat "$BOOTSTRAP_FILE"
		return
	fi
	local cp port controller
	cp="$(classpath)"
	if [ "$keep" = "--keep" ] && [ -f "$STATE_DIR/server.properties" ] && [ -f "$BOOTSTRAP_FILE" ]; then
		port="$(sed 's/.*://' "$BOOTSTRAP_FILE")"
	else
		rm -rf "$STATE_DIR/data"
		port="${KAFKA_PORT:-9092}"
		if port_in_use "$port"; then
			port="$(free_port)"
		fi
		controller="$(free_port)"
		write_config "$port" "$controller"
		echo "127.0.0.1:$port" >"$BOOTSTRAP_FILE"
	fi
	if [ ! -f "$STATE_DIR/data/meta.properties" ]; then
		local uuid
		uuid="$(java -cp "$cp" kafka.tools.StorageTool random-uuid)"
		java -cp "$cp" kafka.tools.StorageTool format -t "$uuid" -c "$STATE_DIR/server.properties" >>"$LOG" 2>&1
	fi
	nohup java -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
		-Dlog4j2.configurationFile="$STATE_DIR/log4j2.properties" \
		-cp "$cp" kafka.Kafka "$STATE_DIR/server.properties" >>"$LOG" 2>&1 </dev/null &
	echo $! >"$PID_FILE"
	for _ in $(seq 120); do
		if ! running; then
			echo "Kafka: the broker exited during start-up; see $LOG" >&2
			tail -20 "$LOG" >&2
			exit 1
		fi
		if port_in_use "$port" && java -cp "$cp" org.apache.kafka.tools.TopicCommand \
			--bootstrap-server "127.0.0.1:$port" --list >/dev/null 2>&1; then
			echo "Kafka: ready on 127.0.0.1:$port (pid $(cat "$PID_FILE"), data in $STATE_DIR)" >&2
			cat "$BOOTSTRAP_FILE"
			return
		fi
		sleep 1
	done
	echo "Kafka: not ready on 127.0.0.1:$port after 120 s; see $LOG" >&2
	exit 1
}

stop() {
	local keep="${1:-}"
	if running; then
		local pid
		pid="$(cat "$PID_FILE")"
		kill "$pid"
		for _ in $(seq 60); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.5
		done
		if kill -0 "$pid" 2>/dev/null; then
			kill -9 "$pid"
		fi
		echo "Kafka: stopped (pid $pid)" >&2
	fi
	rm -f "$PID_FILE"
	if [ "$keep" != "--keep" ] && [ -d "$STATE_DIR" ]; then
		rm -rf "$STATE_DIR/data" "$STATE_DIR/server.properties" "$BOOTSTRAP_FILE"
	fi
}

case "${1:-}" in
start) start "${2:-}" ;;
stop) stop "${2:-}" ;;
status)
	if running; then
		echo "running $(cat "$BOOTSTRAP_FILE")"
	else
		echo "stopped"
		exit 1
	fi
	;;
*)
	echo "usage: $0 start [--keep] | stop [--keep] | status" >&2
	exit 2
	;;
esac
