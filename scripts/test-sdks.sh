#!/usr/bin/env bash
# Tests the Python and Go SDKs: generated-code drift, typing/vet, the shared vectors and the
# live-server tests (a real `openleash start` process: build the workspace first), and packaging.
#
# Prerequisites (what CI installs):
#   python3 -m venv sdks/python/.venv && sdks/python/.venv/bin/pip install -e 'sdks/python[dev]'
#   (cd sdks/go && go mod download)
# Usage: scripts/test-sdks.sh [python|go|drift|package]...   (default: all of them)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# The Go toolchain of this machine kind lives in /usr/local/go.
command -v go >/dev/null 2>&1 || export PATH="/usr/local/go/bin:$PATH"
if [ -n "${OPENLEASH_SDK_PYTHON:-}" ]; then PY="$OPENLEASH_SDK_PYTHON"
elif [ -x "$ROOT/sdks/python/.venv/bin/python" ]; then PY="$ROOT/sdks/python/.venv/bin/python"
else PY="$(command -v python3)"; fi
export OPENLEASH_SDK_PYTHON="$PY"

step() { printf '\n==> %s\n' "$*"; }

run_drift() {
  step "sdks: generated code matches spec/openapi.json"
  "$ROOT/scripts/check-sdk-drift.sh"
}

run_python() {
  step "sdks/python: ruff, mypy --strict"
  (cd "$ROOT/sdks/python" && "$PY" -m ruff check src/openleash tests && "$PY" -m ruff format --check src/openleash tests \
    && "$PY" -m mypy)
  step "sdks/python: pytest (vectors + live server)"
  (cd "$ROOT/sdks/python" && "$PY" -m pytest -p no:cacheprovider)
}

run_go() {
  step "sdks/go: gofmt, go vet"
  (cd "$ROOT/sdks/go" && unformatted="$(gofmt -l .)" && { [ -z "$unformatted" ] || { echo "gofmt: $unformatted" >&2; exit 1; }; } \
    && go vet ./...)
  step "sdks/go: go test -race (vectors + live server)"
  (cd "$ROOT/sdks/go" && go test -race -count=1 ./...)
}

run_package() {
  step "sdks/python: wheel and sdist build, wheel installs into a clean venv"
  local tmp
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' RETURN
  "$PY" -m build --outdir "$tmp/dist" "$ROOT/sdks/python" >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log" >&2; return 1; }
  local wheel
  wheel="$(ls "$tmp"/dist/openleash-*.whl)"
  "$PY" -m zipfile -l "$wheel" >"$tmp/wheel.txt"
  grep -q "openleash/py.typed" "$tmp/wheel.txt" || { echo "wheel lacks py.typed" >&2; return 1; }
  grep -q "openleash/_generated/client.py" "$tmp/wheel.txt" || { echo "wheel lacks the generated client" >&2; return 1; }
  "$PY" -m venv "$tmp/venv"
  "$tmp/venv/bin/pip" install --quiet --disable-pip-version-check "$wheel"
  (cd "$tmp" && "$tmp/venv/bin/python" -c 'import openleash; k = openleash.generate_agent_key(); print("wheel ok:", openleash.__version__, len(k.kid))')
  echo "built: $(basename "$wheel") $(cd "$tmp/dist" && ls *.tar.gz)"
}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(drift python go package)
for target in "${targets[@]}"; do
  case "$target" in
    drift) run_drift ;;
    python) run_python ;;
    go) run_go ;;
    package) run_package ;;
    *) echo "unknown target: $target" >&2; exit 2 ;;
  esac
done
