#!/usr/bin/env bash
# Set up Vigil on a fresh machine: uv, the locked Python environment, and (with --test)
# what the test suite needs beyond Python: Debian's Chromium for browser tests and Java 17
# for the Spark linkage backend. Idempotent: a second run installs nothing new.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

if ! command -v uv >/dev/null 2>&1; then
    echo "setup: installing uv (the Python package manager that reads uv.lock)"
    python3 -m pip install --quiet --user uv 2>/dev/null || python3 -m pip install --quiet uv
    export PATH="$HOME/.local/bin:$PATH"
fi

if [[ $want_test == 1 ]]; then
    uv sync --frozen --all-extras --group dev
else
    uv sync --frozen
fi

apt_install() {
    local sudo=""
    [[ $(id -u) -ne 0 ]] && sudo="sudo"
    if [[ -z "${APT_UPDATED:-}" ]]; then
        $sudo apt-get update -qq || true
        APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@"
}

if [[ $want_test == 1 ]]; then
    if [[ ! -x /usr/bin/chromium ]]; then
        echo "setup: installing Debian's chromium for the browser tests"
        apt_install chromium fonts-dejavu-core fonts-noto-core
    fi
    if ! java -version 2>&1 | grep -qE 'version "(1[7-9]|2[0-9])'; then
        echo "setup: installing Java 17 for the Spark linkage backend"
        apt_install openjdk-17-jre-headless
    fi
    if ! command -v pg_dump >/dev/null 2>&1; then
        echo "setup: installing the PostgreSQL client (pg_dump) for backups"
        apt_install postgresql-client
    fi
fi
