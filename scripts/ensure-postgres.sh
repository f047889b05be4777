#!/bin/sh
# Test support — makes sure Debian's PostgreSQL server is installed for the tests of the
# PostgreSQL run store (test/support/postgres-server.ts starts a throwaway cluster of its own
# on a free loopback port for each test process, and removes it after). Idempotent: does nothing
# when a server binary is there. Needs root (or sudo) only the first time. The package's own
# cluster and service are not used (no init in a container).
set -e
if ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then exit 0; fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "ensure-postgres: installing Debian's postgresql (apt-get)" >&2
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends postgresql
ls /usr/lib/postgresql/*/bin/postgres >/dev/null
