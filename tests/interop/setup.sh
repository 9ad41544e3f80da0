#!/usr/bin/env bash
# Installs the real clients that `cargo test --test testsuite interop::` runs. Idempotent:
# run it again after a pull; it only installs what is missing or changed.
#
#   tests/interop/setup.sh
#
# - libical through its GObject binding (Debian gir1.2-ical-3.0 + python3-gi,
#   used with Debian's /usr/bin/python3), via apt-get when run as root;
#   otherwise it prints the command to run;
# - Python clients (icalendar, vobject, recurring-ical-events, feedparser) in a
#   venv at tests/interop/.venv, pinned in requirements.txt (PYTHON=... picks
#   the interpreter, default python3);
# - ical.js (Thunderbird's parser) in tests/interop/node_modules, pinned in
#   package-lock.json.
#
# Needs: python3 (3.9+), npm (Node.js 18+); for libical, Debian/Ubuntu apt-get.
# CI runs it before `cargo test`; with CI set, the suite fails on any missing client.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
py="${PYTHON:-python3}"

say() { printf 'interop setup: %s\n' "$*"; }

can_apt() { command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; }

apt_updated=
apt_install() {
    say "apt-get install $*"
    if [ -z "$apt_updated" ]; then
        apt-get update -qq
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# 1. libical's GObject binding, for Debian's python3.
if ! /usr/bin/python3 -c 'import gi; gi.require_version("ICalGLib", "3.0"); from gi.repository import ICalGLib' 2>/dev/null; then
    if can_apt; then
        apt_install gir1.2-ical-3.0 python3-gi
    else
        say "libical binding missing; as root run: apt-get update && apt-get install -y gir1.2-ical-3.0 python3-gi"
    fi
fi

# 2. Python clients in a venv.
if [ -e .venv ] && ! .venv/bin/python -c '' 2>/dev/null; then
    say "removing a broken .venv"
    rm -rf .venv
fi
if [ ! -e .venv ]; then
    say "creating .venv with $("$py" --version 2>&1)"
    if ! "$py" -m venv .venv; then
        rm -rf .venv
        # Debian's python3 needs python3-venv for ensurepip.
        if can_apt; then
            apt_install python3-venv
            "$py" -m venv .venv
        else
            say "cannot create a venv; as root run: apt-get install -y python3-venv"
            exit 1
        fi
    fi
fi
if ! .venv/bin/python - <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
want = {}
for line in open("requirements.txt"):
    line = line.split("#")[0].strip()
    if line:
        name, _, v = line.partition("==")
        want[name] = v
sys.exit(0 if all(version(n) == v for n, v in want.items()) else 1)
PY
then
    say "pip install -r requirements.txt"
    .venv/bin/python -m pip install --disable-pip-version-check --quiet -r requirements.txt
fi

# 3. ical.js, exactly as package-lock.json pins it.
if command -v npm >/dev/null 2>&1; then
    if ! node -e 'const l=require("./package-lock.json"),i=require("./node_modules/ical.js/package.json");process.exit(l.packages["node_modules/ical.js"].version===i.version?0:1)' 2>/dev/null; then
        say "npm ci"
        npm ci --no-audit --no-fund --loglevel=error
    fi
else
    say "npm not found: ical.js not installed (install Node.js 18+ and npm)"
fi

say "done"
