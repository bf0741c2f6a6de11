#!/usr/bin/env bash
# Installs the Debian packages the test suite drives (real clients and a real browser) when
# they are missing: psql/pgbench, Chromium, psycopg2 for /usr/bin/python3, the JDBC driver.
# Runs as `pretest`, so `npm test` works on a fresh Debian machine with no manual step.
set -euo pipefail
need=()
command -v psql >/dev/null 2>&1 && command -v pgbench >/dev/null 2>&1 || need+=(postgresql-client)
[ -x /usr/bin/chromium ] || need+=(chromium)
/usr/bin/python3 -c 'import psycopg2' >/dev/null 2>&1 || need+=(python3-psycopg2)
[ -f /usr/share/java/postgresql.jar ] || need+=(libpostgresql-jdbc-java)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
[ ${#need[@]} -eq 0 ] && exit 0
echo "phigate: installing test dependencies with apt-get: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if sudo -n true 2>/dev/null; then SUDO="sudo"; else
    echo "phigate: need root (or passwordless sudo) to apt-get install: ${need[*]}" >&2
    exit 1
  fi
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
