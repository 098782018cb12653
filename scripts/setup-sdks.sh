#!/usr/bin/env bash
# Prepares what the Python and Go SDK tests need, from the public registries only: a virtualenv in
# sdks/python/.venv with the SDK installed in editable mode plus its dev tools (pinned in
# sdks/python/pyproject.toml), and the Go module cache for sdks/go. Safe to run again: an existing
# virtualenv is reused and only refreshed when pyproject.toml changed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
command -v go >/dev/null 2>&1 || export PATH="/usr/local/go/bin:$PATH"

missing=()
command -v python3 >/dev/null 2>&1 || missing+=("python3 (>= 3.10)")
command -v go >/dev/null 2>&1 || missing+=("go (>= 1.24)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "The Python and Go SDK tests need: ${missing[*]}. Install them (e.g. apt-get install python3-venv golang) and run again." >&2
  exit 1
fi

VENV="$ROOT/sdks/python/.venv"
STAMP="$VENV/.openleash-pyproject.sha256"
want="$(sha256sum "$ROOT/sdks/python/pyproject.toml" | cut -d' ' -f1)"
if [ ! -x "$VENV/bin/python" ]; then
  echo "==> sdks/python: creating $VENV"
  python3 -m venv "$VENV"
fi
if [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
  echo "==> sdks/python: installing the SDK (editable) and its dev tools"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT/sdks/python[dev]"
  echo "$want" >"$STAMP"
fi

echo "==> sdks/go: downloading modules"
(cd "$ROOT/sdks/go" && go mod download)
