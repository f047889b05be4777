#!/bin/sh
# Test support — makes sure Debian's prometheus (the server and promtool) is installed for the
# test that has a real Prometheus scrape `weft serve`'s GET /metrics. Idempotent: does nothing
# when it is there. Needs root (or sudo) only the first time. The package's service is not
# started (no init in a container; the test starts its own server on a free loopback port).
set -e
if [ -x /usr/bin/prometheus ] && [ -x /usr/bin/promtool ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "ensure-prometheus: installing Debian's prometheus (apt-get)" >&2
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends prometheus
[ -x /usr/bin/prometheus ] && [ -x /usr/bin/promtool ]
