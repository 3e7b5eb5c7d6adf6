#!/usr/bin/env bash
# Installs the system packages the test suite needs on a fresh Debian machine:
# Chromium (driven headless by playwright-core for the dashboard test).
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
