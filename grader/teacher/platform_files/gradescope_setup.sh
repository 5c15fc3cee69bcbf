#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (`kata export --for
# gradescope` wrote it). It installs the Python the wheels are for, then the kata and its pinned
# dependencies into their own environment, offline, each wheel checked against its SHA-256.
set -euo pipefail
ROOT="${KATA_AUTOGRADER_ROOT:-/autograder}"
SOURCE="$ROOT/source"
VERSION="$(sed -n 's/.*"python": *"\([0-9.]*\)".*/\1/p' "$SOURCE/bundle.json")"
PYTHON="${KATA_PYTHON:-python$VERSION}"

if ! command -v "$PYTHON" >/dev/null 2>&1; then
    apt-get update
    if ! apt-get install -y "python$VERSION" "python$VERSION-venv"; then
        # Older Ubuntu images: the deadsnakes archive has every current Python.
        apt-get install -y software-properties-common
        add-apt-repository -y ppa:deadsnakes/ppa
        apt-get update
        apt-get install -y "python$VERSION" "python$VERSION-venv"
    fi
fi

"$PYTHON" -m venv "$ROOT/kata-venv"
"$ROOT/kata-venv/bin/python" -m pip install --no-index --find-links "$SOURCE/wheels" --require-hashes --no-deps \
    --no-cache-dir --disable-pip-version-check --quiet -r "$SOURCE/requirements.txt"
