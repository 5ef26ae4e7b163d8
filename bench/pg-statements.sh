#!/usr/bin/env bash
# The hub's statements in PostgreSQL per referral, over a window of a running bench/run.sh (a soak
# is steadiest): calls and execution time of each statement divided by the referrals taken in over
# the window, and the database's transactions per referral. Needs pg_stat_statements loaded
# (shared_preload_libraries, which takes a server restart: this script never restarts anything).
#
#   bench/pg-statements.sh [SECONDS (60)] [LIMIT (25)]
#
# Settings (environment): BENCH_PG_HOST (127.0.0.1), BENCH_PG_PORT (5432), BENCH_PG_USER (postgres),
# the database bench/run.sh gives the hub (junction_bench).
set -euo pipefail

WINDOW="${1:-60}"
LIMIT="${2:-25}"
PG_HOST="${BENCH_PG_HOST:-127.0.0.1}"; PG_PORT="${BENCH_PG_PORT:-5432}"; PG_USER="${BENCH_PG_USER:-postgres}"
DB=junction_bench
admin() { psql "postgresql://$PG_USER@$PG_HOST:$PG_PORT/postgres" -qAt "$@"; }
hub() { psql "postgresql://$PG_USER@$PG_HOST:$PG_PORT/$DB" -qAt "$@"; }

if [[ "$(admin -c "SELECT count(*) FROM pg_settings WHERE name = 'shared_preload_libraries' AND setting LIKE '%pg_stat_statements%'")" != 1 ]]; then
  echo "pg_stat_statements is not loaded: ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'," >&2
  echo "restart the server, run this, then ALTER SYSTEM RESET shared_preload_libraries and restart again" >&2
  exit 2
fi
admin -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" > /dev/null

# Referrals taken in: rows inserted into intake_request, one per accepted referral.
intake() { hub -c "SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 'intake_request'"; }
commits() { admin -c "SELECT xact_commit FROM pg_stat_database WHERE datname = '$DB'"; }

intake_before="$(intake)"; commits_before="$(commits)"
admin -c "SELECT pg_stat_statements_reset()" > /dev/null
sleep "$WINDOW"
referrals=$(( $(intake) - intake_before ))
transactions=$(( $(commits) - commits_before ))
if ((referrals <= 0)); then
  echo "no referral was taken in over the $WINDOW s window: is a bench/run.sh load running?" >&2
  exit 1
fi
awk -v r="$referrals" -v w="$WINDOW" -v t="$transactions" \
    'BEGIN { printf "%d referrals in %d s; %.2f transactions per referral\n", r, w, t / r }'
IFS='|' read -r calls exec_us < <(admin -c "
  SELECT round(sum(calls)::numeric / $referrals, 2), round(sum(total_exec_time)::numeric * 1000 / $referrals)
  FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = '$DB'")
echo "all statements: $calls calls and $exec_us us of execution per referral"
echo
echo "calls per referral | exec us per referral | mean us | statement"
admin -F ' | ' -c "
  SELECT round(calls::numeric / $referrals, 2), round(total_exec_time::numeric * 1000 / $referrals),
         round(mean_exec_time::numeric * 1000), left(regexp_replace(query, '\s+', ' ', 'g'), 120)
  FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = '$DB'
  ORDER BY total_exec_time DESC LIMIT $LIMIT"
