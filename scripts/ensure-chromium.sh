#!/bin/sh
# Test support — makes sure Debian's chromium is at /usr/bin/chromium for the webview browser
# tests (playwright-core drives it; nothing is downloaded by playwright). Idempotent: does
# nothing when chromium is already installed. Needs root (or sudo) only the first time.
set -e
if [ -x /usr/bin/chromium ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "ensure-chromium: installing Debian's chromium (apt-get)" >&2
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium
[ -x /usr/bin/chromium ]
