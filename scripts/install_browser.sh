#!/usr/bin/env bash
# Install Debian's Chromium (and fonts for Persian) for the browser tests, if missing.
# Playwright drives /usr/bin/chromium directly: no `playwright install` download.
set -euo pipefail
if [[ -x /usr/bin/chromium ]]; then
    exit 0
fi
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
$sudo apt-get update -qq || true
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    chromium fonts-dejavu-core fonts-noto-core
