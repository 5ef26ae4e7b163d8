#!/usr/bin/env bash
# Back up and restore what a Junction node needs to carry on where it stopped: the database, the
# broker journal, the keystore and the audit checkpoint file, always together. A backup of one
# without the others restores a hub that cannot open its referrals (keystore), loses queued
# deliveries (journal) or reports its own ledger as truncated (checkpoints).
#
#   restore-drill.sh backup  --data-dir DIR --out ARCHIVE [--keystore FILE] [--checkpoint-file FILE]
#   restore-drill.sh restore --archive ARCHIVE --data-dir NEW_DIR [--keystore-to FILE] [--checkpoint-file-to FILE]
#   restore-drill.sh verify  --url https://hub.example:8443     (JUNCTION_AUTH_HEADER: an IG lead's credentials)
#
# backup reads the embedded default's data directory (H2 database under db/, Artemis journal under
# broker/, generated keys under keys/, checkpoints under audit/) and refuses while a hub holds it
# open: stop the node first (systemctl stop junction-hub). A keystore or checkpoint file kept
# outside the data directory (hub.keys.keystore, hub.audit.checkpoint-file) is named with
# --keystore / --checkpoint-file and goes into the same archive. The archive carries a SHA-256
# manifest that restore checks before it writes anything. restore refuses a non-empty target.
# For PostgreSQL and an external broker pair see deploy/README.md ("Backup" and "Restore drill").
set -euo pipefail

die() { echo "restore-drill: $*" >&2; exit 1; }

held_open() {
  local target
  target=$(readlink -f "$1")
  [ -n "$(find /proc/[0-9]*/fd -maxdepth 1 -lname "$target" -print -quit 2>/dev/null)" ]
}

usage() { sed -n '7,9p' "$0" | sed 's/^# \{0,2\}//' >&2; exit 2; }

command=${1:-}; [ -n "$command" ] || usage; shift
data_dir= out= archive= keystore= keystore_to= checkpoint= checkpoint_to= url=
while [ $# -gt 0 ]; do
  case "$1" in
    --data-dir) data_dir=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --archive) archive=$2; shift 2 ;;
    --keystore) keystore=$2; shift 2 ;;
    --keystore-to) keystore_to=$2; shift 2 ;;
    --checkpoint-file) checkpoint=$2; shift 2 ;;
    --checkpoint-file-to) checkpoint_to=$2; shift 2 ;;
    --url) url=$2; shift 2 ;;
    *) die "unknown argument: $1" ;;
  esac
done

backup() {
  [ -n "$data_dir" ] && [ -n "$out" ] || usage
  [ -d "$data_dir/db" ] || die "$data_dir has no db/: not a hub data directory"
  # H2 and Artemis lock their files with POSIX locks, which flock(1) cannot see: look for a process
  # holding the database or the broker's lock file open instead (needs the hub's user, or root).
  local held
  for held in "$data_dir"/db/*.mv.db "$data_dir"/broker/journal/server.lock; do
    [ -e "$held" ] || continue
    if held_open "$held"; then
      die "a running process holds $held open: stop the hub first (systemctl stop junction-hub)"
    fi
  done
  local stage; stage=$(mktemp -d); trap 'rm -rf "$stage"' RETURN
  mkdir -p "$stage/data" "$stage/external"
  # Copy, not move: the node's own directory stays as it was until the restore is proven.
  cp -a "$data_dir/." "$stage/data/"
  [ -z "$keystore" ] || { [ -f "$keystore" ] || die "no keystore at $keystore"; cp -a "$keystore" "$stage/external/keystore.p12"; }
  [ -z "$checkpoint" ] || { [ -f "$checkpoint" ] || die "no checkpoint file at $checkpoint"; cp -a "$checkpoint" "$stage/external/checkpoints.jsonl"; }
  [ -e "$stage/data/broker" ] || echo "restore-drill: note: no broker/ (external broker): back its journal up with it" >&2
  if [ ! -e "$stage/data/keys" ] && [ -z "$keystore" ]; then
    die "no keys/ in $data_dir and no --keystore: a backup without its keystore cannot be opened"
  fi
  (cd "$stage" && find data external -type f -print0 | sort -z | xargs -0 -r sha256sum > MANIFEST.sha256)
  umask 077
  tar -C "$stage" -czf "$out" MANIFEST.sha256 data external
  echo "restore-drill: backed up $data_dir to $out ($(wc -l < "$stage/MANIFEST.sha256") files)"
}

restore() {
  [ -n "$archive" ] && [ -n "$data_dir" ] || usage
  [ -f "$archive" ] || die "no archive at $archive"
  if [ -e "$data_dir" ] && [ -n "$(ls -A "$data_dir" 2>/dev/null)" ]; then
    die "$data_dir is not empty: restore into a fresh directory"
  fi
  local stage; stage=$(mktemp -d); trap 'rm -rf "$stage"' RETURN
  tar -C "$stage" -xzf "$archive" || die "$archive is not a readable backup archive: not restored"
  (cd "$stage" && sha256sum --quiet -c MANIFEST.sha256) || die "$archive does not match its manifest: not restored"
  # Everything is checked before anything is written: a refused restore leaves no half-restored node.
  if [ -f "$stage/external/keystore.p12" ] && [ -z "$keystore_to" ]; then
    die "the archive holds an external keystore: name where it goes with --keystore-to"
  fi
  if [ -f "$stage/external/checkpoints.jsonl" ] && [ -z "$checkpoint_to" ]; then
    die "the archive holds an external checkpoint file: name where it goes with --checkpoint-file-to"
  fi
  mkdir -p "$data_dir"
  cp -a "$stage/data/." "$data_dir/"
  # Referrals (sealed), keys and the ledger: the hub's user only.
  chmod 700 "$data_dir"
  [ -f "$stage/external/keystore.p12" ] && install -m 600 "$stage/external/keystore.p12" "$keystore_to"
  [ -f "$stage/external/checkpoints.jsonl" ] && install -m 600 "$stage/external/checkpoints.jsonl" "$checkpoint_to"
  echo "restore-drill: restored $archive into $data_dir; start the hub on it, then: $0 verify --url <hub>"
}

verify() {
  [ -n "$url" ] || usage
  [ -n "${JUNCTION_AUTH_HEADER:-}" ] || die "set JUNCTION_AUTH_HEADER to a hub-wide IG lead's or admin's credentials (e.g. 'Cookie: JUNCTION_SESSION=...')"
  local result
  result=$(curl -fsS -H "$JUNCTION_AUTH_HEADER" "$url/api/v1/audit/verify") || die "GET $url/api/v1/audit/verify failed"
  echo "$result"
  case "$result" in
    *'"valid":true'*) echo "restore-drill: the ledger verifies" ;;
    *) die "the ledger does not verify: keep this archive and the old checkpoint file as evidence" ;;
  esac
}

case "$command" in
  backup) backup ;;
  restore) restore ;;
  verify) verify ;;
  *) usage ;;
esac
