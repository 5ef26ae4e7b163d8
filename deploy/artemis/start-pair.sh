#!/usr/bin/env bash
# Starts a replicated Artemis pair (live + backup) on loopback for Junction: fetches the Artemis
# distribution with the Maven wrapper, creates the two broker instances from deploy/artemis/*/broker.xml
# (once; later runs reuse them and their journals), starts both in the background and waits until the
# live broker is active and the backup has synchronised with it. See deploy/artemis/README.md.
#
# Environment (all optional):
#   JUNCTION_ARTEMIS_WORK         where the distribution, instances, passwords and pid files go
#                                 (default: <repo>/target/artemis-pair, never committed)
#   JUNCTION_ARTEMIS_LIVE_PORT    live broker's port (default 61717)
#   JUNCTION_ARTEMIS_BACKUP_PORT  backup broker's port (default 61718)
#   JUNCTION_ARTEMIS_FRESH=true   throw away existing instances and their journals first
#   JUNCTION_ARTEMIS_HEAP         heap of each broker JVM (default 512M)
set -euo pipefail

VERSION=2.40.0
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
WORK="${JUNCTION_ARTEMIS_WORK:-$REPO/target/artemis-pair}"
LIVE_PORT="${JUNCTION_ARTEMIS_LIVE_PORT:-61717}"
BACKUP_PORT="${JUNCTION_ARTEMIS_BACKUP_PORT:-61718}"
HEAP="${JUNCTION_ARTEMIS_HEAP:-512M}"
HOST=127.0.0.1

mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"

for port in "$LIVE_PORT" "$BACKUP_PORT"; do
  case "$port" in
    5672|1883|61616|5432|3306|6379|4222)
      echo "port $port belongs to another service on this machine (DESIGN.md section 8); choose another" >&2
      exit 2 ;;
  esac
done

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
if running "$WORK/live.pid" || running "$WORK/backup.pid"; then
  echo "a pair is already running from $WORK (stop it with deploy/artemis/stop-pair.sh)" >&2
  exit 1
fi

# 1. The distribution: from the local Maven repository, fetched there by the wrapper if missing.
ZIP="$HOME/.m2/repository/org/apache/activemq/apache-artemis/$VERSION/apache-artemis-$VERSION-bin.zip"
if [ ! -f "$ZIP" ]; then
  echo "fetching org.apache.activemq:apache-artemis:$VERSION:zip:bin"
  (cd "$REPO" && ./mvnw -B -q -N dependency:copy \
      -Dartifact="org.apache.activemq:apache-artemis:$VERSION:zip:bin" -DoutputDirectory="$WORK/dist")
  [ -f "$ZIP" ] || ZIP="$WORK/dist/apache-artemis-$VERSION-bin.zip"
fi
ARTEMIS_HOME="$WORK/apache-artemis-$VERSION"
if [ ! -x "$ARTEMIS_HOME/bin/artemis" ]; then
  unzip -q -o "$ZIP" -d "$WORK"
fi

# 2. Secrets: drawn once, kept beside the instances with owner-only access, never printed.
umask 077
secret() { [ -s "$1" ] || head -c 32 /dev/urandom | base64 | tr -d '/+=\n' > "$1"; }
secret "$WORK/hub.password"
secret "$WORK/cluster.password"

# 3. Instances.
if [ "${JUNCTION_ARTEMIS_FRESH:-false}" = "true" ]; then
  rm -rf "$WORK/live" "$WORK/backup"
fi
create() { # name own-port
  local name="$1" dir="$WORK/$1"
  [ -f "$dir/etc/broker.xml" ] && return 0
  # Every acceptor `artemis create` would open (AMQP 5672, MQTT 1883, ...) is switched off; the
  # broker.xml overlaid below declares the only one. The generated password is replaced at once.
  "$ARTEMIS_HOME/bin/artemis" create --silent --force --no-web \
      --no-amqp-acceptor --no-mqtt-acceptor --no-stomp-acceptor --no-hornetq-acceptor \
      --require-login --user hub --password "placeholder" --role junction-hub \
      --host "$HOST" --default-port "$2" --java-memory "$HEAP" --no-autotune \
      --name "junction-$name" "$dir" > "$dir.create.log"
  sed "s|@CLUSTER_PASSWORD@|$(cat "$WORK/cluster.password")|" "$HERE/$name/broker.xml" > "$dir/etc/broker.xml"
  printf 'hub = %s\n' "$(cat "$WORK/hub.password")" > "$dir/etc/artemis-users.properties"
  printf 'junction-hub = hub\n' > "$dir/etc/artemis-roles.properties"
  # `--java-memory` sets the maximum only; the initial heap follows it, or a small one would not start.
  sed -i "s/-Xms[0-9]*[KkMmGg]/-Xms$HEAP/" "$dir/etc/artemis.profile"
  printf '\nJAVA_ARGS_APPEND="-Djunction.broker.host=%s -Djunction.broker.peer.host=%s -Djunction.broker.live.port=%s -Djunction.broker.backup.port=%s"\n' \
      "$HOST" "$HOST" "$LIVE_PORT" "$BACKUP_PORT" >> "$dir/etc/artemis.profile"
}
create live "$LIVE_PORT"
create backup "$BACKUP_PORT"

# 4. Start: the live broker first, so it is the one the backup replicates.
start() { # name
  local dir="$WORK/$1"
  mkdir -p "$dir/log"
  nohup "$dir/bin/artemis" run > "$dir/log/console.log" 2>&1 &
  echo $! > "$WORK/$1.pid"
}
waitfor() { # name pattern seconds what
  local log="$WORK/$1/log/console.log" deadline=$((SECONDS + $3))
  until grep -q "$2" "$log" 2>/dev/null; do
    if ! running "$WORK/$1.pid"; then
      echo "the $1 broker exited while waiting for $4:" >&2
      tail -n 20 "$log" >&2
      exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "timed out waiting for $4 (see $log)" >&2
      exit 1
    fi
    sleep 0.2
  done
}
start live
waitfor live "AMQ221007" 60 "the live broker to become active"
start backup
waitfor backup "AMQ221024" 90 "the backup to synchronise with the live broker"

URL="(tcp://$HOST:$LIVE_PORT,tcp://$HOST:$BACKUP_PORT)?ha=true&reconnectAttempts=-1&retryInterval=500&retryIntervalMultiplier=1.5&maxRetryInterval=5000&initialConnectAttempts=10"
cat <<EOF
Artemis pair running from $WORK
  live   tcp://$HOST:$LIVE_PORT   pid $(cat "$WORK/live.pid")
  backup tcp://$HOST:$BACKUP_PORT   pid $(cat "$WORK/backup.pid")   (synchronised)
Hub settings:
  HUB_BROKER_MODE=EXTERNAL
  HUB_BROKER_URL='$URL'
  HUB_BROKER_USER=hub
  HUB_BROKER_PASSWORD=file:$WORK/hub.password
EOF
