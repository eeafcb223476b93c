#!/usr/bin/env bash
# A two-shard ClickHouse cluster on one machine, for the cluster tests and the benchmark
# (issue 14): the Debian server already running on 8123/9000 is shard 1, and this script
# starts a second Debian server beside it as shard 2 (HTTP 8124, native 9001, interserver
# 9010, data and config under /var/lib/clickhouse-shard2). Both get the same `remote_servers`
# entry, the cluster `parcours`, in a config.d drop-in.
#
# The first server reads the drop-in without a restart: ClickHouse merges config.d/*.xml
# into its configuration and `SYSTEM RELOAD CONFIG` re-reads the clusters, so the tests of
# anyone else using that server never see it go away. A single-server setup is unchanged
# by the drop-in: it only adds a cluster name.
#
# Idempotent: run it again and it only checks. It stops with a message saying what failed.
#   CLUSTER_NAME (parcours), SHARD2_DIR (/var/lib/clickhouse-shard2) can be overridden.
set -euo pipefail

CLUSTER_NAME=${CLUSTER_NAME:-parcours}
SHARD2_DIR=${SHARD2_DIR:-/var/lib/clickhouse-shard2}
MAIN_CONFIG_DIR=/etc/clickhouse-server
SHARD1_HTTP=http://127.0.0.1:8123
SHARD2_HTTP=http://127.0.0.1:8124

fail() {
  echo "clickhouse-cluster: $*" >&2
  exit 1
}

# One query over HTTP; prints the answer, fails quietly (status 1) when nothing answers.
query() {
  curl -sS --fail --max-time 10 "$1/" --data-binary "$2" 2>/dev/null
}
answers() {
  [ "$(curl -s --max-time 3 "$1/ping" 2>/dev/null)" = "Ok." ]
}

command -v curl >/dev/null || fail "curl is needed"
[ -x /usr/sbin/clickhouse-server ] || fail "Debian's clickhouse-server is not installed (apt-get install clickhouse-server)"
answers "$SHARD1_HTTP" || fail "the first ClickHouse server does not answer at $SHARD1_HTTP: start it first (.ci/run does)"
[[ $CLUSTER_NAME =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || fail "CLUSTER_NAME must be letters, digits and underscores"

cluster_xml() {
  cat <<XML
<?xml version="1.0"?>
<!-- Written by scripts/clickhouse-cluster.sh: the Parcours two-shard test cluster. -->
<yandex>
    <remote_servers>
        <$CLUSTER_NAME>
            <shard><replica><host>127.0.0.1</host><port>9000</port></replica></shard>
            <shard><replica><host>127.0.0.1</host><port>9001</port></replica></shard>
        </$CLUSTER_NAME>
        <!-- For the fault tests: the same two shards, shard 2 reached through port 9002, where
             a test puts a proxy it can cut (packages/db/test/clickhouse/cluster.ts). -->
        <${CLUSTER_NAME}_faults>
            <shard><replica><host>127.0.0.1</host><port>9000</port></replica></shard>
            <shard><replica><host>127.0.0.1</host><port>9002</port></replica></shard>
        </${CLUSTER_NAME}_faults>
    </remote_servers>
</yandex>
XML
}

# Writes a file only when its content changes (so a re-run touches nothing).
write_if_changed() {
  local path=$1 content=$2
  if [ ! -f "$path" ] || [ "$(cat "$path")" != "$content" ]; then
    mkdir -p "$(dirname "$path")"
    printf '%s\n' "$content" >"$path.tmp"
    mv "$path.tmp" "$path"
  fi
}

# ------------------------------------------------------------------ shard 2's configuration
# The Debian config and users as they are, with ports and paths overridden in config.d.
mkdir -p "$SHARD2_DIR/config.d" "$SHARD2_DIR/data" "$SHARD2_DIR/tmp" "$SHARD2_DIR/user_files" \
  "$SHARD2_DIR/format_schemas" "$SHARD2_DIR/log"
cp "$MAIN_CONFIG_DIR/config.xml" "$SHARD2_DIR/config.xml"
cp "$MAIN_CONFIG_DIR/users.xml" "$SHARD2_DIR/users.xml"
write_if_changed "$SHARD2_DIR/config.d/shard2.xml" "<?xml version=\"1.0\"?>
<!-- Written by scripts/clickhouse-cluster.sh: shard 2 of the Parcours test cluster. -->
<yandex>
    <logger>
        <log>$SHARD2_DIR/log/clickhouse-server.log</log>
        <errorlog>$SHARD2_DIR/log/clickhouse-server.err.log</errorlog>
    </logger>
    <http_port>8124</http_port>
    <tcp_port>9001</tcp_port>
    <interserver_http_port>9010</interserver_http_port>
    <path>$SHARD2_DIR/data/</path>
    <tmp_path>$SHARD2_DIR/tmp/</tmp_path>
    <user_files_path>$SHARD2_DIR/user_files/</user_files_path>
    <format_schema_path>$SHARD2_DIR/format_schemas/</format_schema_path>
</yandex>"
write_if_changed "$SHARD2_DIR/config.d/parcours-cluster.xml" "$(cluster_xml)"

# ------------------------------------------------------------------ shard 1's drop-in
write_if_changed "$MAIN_CONFIG_DIR/config.d/parcours-cluster.xml" "$(cluster_xml)"

# ------------------------------------------------------------------ start shard 2
if ! answers "$SHARD2_HTTP"; then
  echo "Starting the second ClickHouse server (shard 2) on 8124/9001"
  setsid /usr/sbin/clickhouse-server --config-file="$SHARD2_DIR/config.xml" \
    >"$SHARD2_DIR/log/stdout.log" 2>&1 </dev/null &
  echo $! >"$SHARD2_DIR/clickhouse-server.pid"
  for _ in $(seq 1 60); do
    answers "$SHARD2_HTTP" && break
    sleep 1
  done
  if ! answers "$SHARD2_HTTP"; then
    echo "--- $SHARD2_DIR/log/stdout.log" >&2
    tail -n 30 "$SHARD2_DIR/log/stdout.log" >&2 || true
    echo "--- $SHARD2_DIR/log/clickhouse-server.err.log" >&2
    tail -n 30 "$SHARD2_DIR/log/clickhouse-server.err.log" >&2 || true
    fail "the second ClickHouse server did not answer at $SHARD2_HTTP within 60 s"
  fi
fi

# ------------------------------------------------------------------ both know the cluster
# Either server re-reads config.d on SYSTEM RELOAD CONFIG (and by itself within seconds).
has_cluster() {
  [ "$(query "$1" "SELECT count() FROM system.clusters WHERE cluster IN ('$CLUSTER_NAME', '${CLUSTER_NAME}_faults')")" = "4" ]
}
for server in "$SHARD1_HTTP" "$SHARD2_HTTP"; do
  for _ in $(seq 1 20); do
    has_cluster "$server" && break
    query "$server" "SYSTEM RELOAD CONFIG" >/dev/null || true
    sleep 1
  done
  has_cluster "$server" ||
    fail "$server does not list the cluster '$CLUSTER_NAME' in system.clusters after reloading its config (see its clickhouse-server.err.log)"
  answers "$server" || fail "$server stopped answering after reloading its config"
done

# Each server reaches the other over the native protocol, as a Distributed table will.
for server in "$SHARD1_HTTP" "$SHARD2_HTTP"; do
  reached=$(query "$server" "SELECT count() FROM cluster('$CLUSTER_NAME', system, one)") ||
    fail "$server cannot query the cluster '$CLUSTER_NAME' (is native port 9000 or 9001 closed?)"
  [ "$reached" = "2" ] || fail "$server reached $reached of the 2 shards of '$CLUSTER_NAME'"
done
echo "ClickHouse cluster '$CLUSTER_NAME': shard 1 at $SHARD1_HTTP (native 9000), shard 2 at $SHARD2_HTTP (native 9001)"
