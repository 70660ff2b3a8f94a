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
    # Debian 12+ marks its Python externally managed (PEP 668); uv is a standalone binary.
    python3 -m pip install --quiet --user uv 2>/dev/null ||
        python3 -m pip install --quiet uv 2>/dev/null ||
        python3 -m pip install --quiet --user --break-system-packages uv
    export PATH="$HOME/.local/bin:$PATH"
fi

if [[ $want_test == 1 ]]; then
    uv sync --frozen --all-extras --group dev
else
    uv sync --frozen
fi

sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"

apt_update() {
    if [[ -z "${APT_UPDATED:-}" ]]; then
        $sudo apt-get update -qq || true
        APT_UPDATED=1
    fi
}

apt_install() {
    apt_update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@"
}

# Spark 4 runs on Java 17 or 21. Read the version first: `java -version | grep -q` can fail
# under pipefail when grep exits before java has written everything.
java_ok() {
    local v
    v=$(java -version 2>&1) || return 1
    grep -qE 'version "(17|21)[."]' <<<"$v"
}

# Debian 12 packages Java 17; Debian 13 only 21. (Call apt_update first.)
jre_package() {
    local p
    for p in openjdk-17-jre-headless openjdk-21-jre-headless; do
        if apt-cache show "$p" >/dev/null 2>&1; then
            echo "$p"
            return
        fi
    done
    echo openjdk-17-jre-headless
}

if [[ $want_test == 1 ]]; then
    if [[ ! -x /usr/bin/chromium ]]; then
        echo "setup: installing Debian's chromium for the browser tests"
        apt_install chromium fonts-dejavu-core fonts-noto-core
    fi
    if ! java_ok; then
        apt_update
        jre=$(jre_package)
        echo "setup: installing Java ($jre) for the Spark linkage backend"
        apt_install "$jre"
    fi
    if ! command -v pg_dump >/dev/null 2>&1; then
        echo "setup: installing the PostgreSQL client (pg_dump) for backups"
        apt_install postgresql-client
    fi
fi
