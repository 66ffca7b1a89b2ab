#!/usr/bin/env bash
# The project's one test command, on a fresh machine or not:
#   scripts/test.sh [TEST-BINARY ARGS...]     e.g. scripts/test.sh live
#
# The integration tests are one binary (tests/it/), a module per topic, so a filter picks a
# topic by its module name: `live` runs the live moto tests (live:: and live_faults::),
# `report_html::` the browser tests, `check::` those of tests/it/check.rs.
#
# 1. Makes .venv (python3 -m venv) with tests/moto/requirements.txt installed: when .venv is
#    missing, or requirements.txt changed since the last successful install (a stamp file,
#    .venv/.tenet-requirements.sha256, holds the file's hash). A failed pip install stops
#    here with a non-zero exit and leaves no stamp, so the next run tries again.
# 2. Exports TENET_MOTO_PYTHON=<repo>/.venv/bin/python (the live tests spawn
#    tests/moto/serve.py and seed.py with it).
# 3. Exports TENET_CHROMIUM (chromium on PATH, unless already set) for the browser tests of
#    the HTML report; when chromium is missing a full run installs Debian's package where it
#    can (root and apt-get), and otherwise stops here saying what to do.
# 4. Runs `cargo test --release -- --include-ignored "$@"`: the live moto tests and the browser
#    tests are #[ignore]d, so a plain `cargo test` lists them as ignored, never as passed.
#
# Env: PYTHON (default python3) picks the interpreter the venv is made from.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
REQ="$ROOT/tests/moto/requirements.txt"
VENV="$ROOT/.venv"
STAMP="$VENV/.tenet-requirements.sha256"
PYTHON="${PYTHON:-python3}"

die() {
    echo "scripts/test.sh: $*" >&2
    exit 1
}

[ -f "$REQ" ] || die "missing $REQ"
want="$(sha256sum "$REQ" | cut -d' ' -f1)"
have="$(cat "$STAMP" 2>/dev/null || true)"

if [ ! -x "$VENV/bin/python" ] || [ "$want" != "$have" ] || ! "$VENV/bin/python" -c '' 2>/dev/null; then
    echo "scripts/test.sh: setting up $VENV from tests/moto/requirements.txt" >&2
    command -v "$PYTHON" >/dev/null || die "$PYTHON not found (needed for the moto test server)"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV" || die "'$PYTHON -m venv $VENV' failed"
    if ! "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        --no-input -r "$REQ"; then
        die "pip install -r tests/moto/requirements.txt FAILED (see above); .venv left without a stamp"
    fi
    "$VENV/bin/python" -c 'import moto.server, boto3' \
        || die "moto/boto3 do not import after pip install"
    echo "$want" >"$STAMP"
fi

export TENET_MOTO_PYTHON="$VENV/bin/python"

# The browser tests (tests/it/report_html.rs) drive headless chromium. When it is missing and this
# machine can install Debian's package (root, apt-get), it is installed, as moto is above;
# otherwise a full run stops with what to do, and a filtered run warns.
if [ -z "${TENET_CHROMIUM:-}" ]; then
    TENET_CHROMIUM="$(command -v chromium || true)"
fi
if [ -z "$TENET_CHROMIUM" ] && [ "$#" -eq 0 ] && command -v apt-get >/dev/null && [ "$(id -u)" -eq 0 ]; then
    echo "scripts/test.sh: installing chromium (apt-get) for the browser tests" >&2
    apt-get update -qq || die "apt-get update failed; install chromium yourself or set TENET_CHROMIUM"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null \
        || die "apt-get install chromium failed; install chromium yourself or set TENET_CHROMIUM"
    TENET_CHROMIUM="$(command -v chromium || true)"
fi
if [ -n "$TENET_CHROMIUM" ] && [ -x "$TENET_CHROMIUM" ]; then
    export TENET_CHROMIUM
elif [ "$#" -eq 0 ]; then
    die "chromium not found, and the browser tests (tests/it/report_html.rs) need it: install Debian's chromium (sudo apt-get install -y --no-install-recommends chromium), or set TENET_CHROMIUM to a Chromium or Chrome binary"
else
    echo "scripts/test.sh: chromium not found; the browser tests (tests/it/report_html.rs) will fail if selected" >&2
    unset TENET_CHROMIUM
fi

exec cargo test --release -- --include-ignored "$@"
