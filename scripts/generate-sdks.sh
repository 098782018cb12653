#!/usr/bin/env bash
# Regenerates the SDK clients from spec/openapi.json with pinned generators (never edit the output):
#   Python: openapi-python-client 0.28.4 (+ ruff 0.17.6) -> sdks/python/src/openleash/_generated
#   Go:     oapi-codegen v2.8.2 (Go module proxy)        -> sdks/go/openleashapi/client.gen.go
#   TypeScript: `pnpm --filter @openleash/sdk generate`   -> sdks/typescript/src/generated
#
# Usage: scripts/generate-sdks.sh [--out DIR] [--only python|go|typescript]
#   --out DIR  write the Python and Go output under DIR (DIR/python/_generated, DIR/go/client.gen.go)
#              instead of the SDK folders: what scripts/check-sdk-drift.sh compares.
# Environment: OPENLEASH_SPEC (default spec/openapi.json), OPENLEASH_SDK_PYTHON (a python with the
#   pinned generator; default sdks/python/.venv/bin/python, else python3).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# The Go toolchain of this machine kind lives in /usr/local/go.
command -v go >/dev/null 2>&1 || export PATH="/usr/local/go/bin:$PATH"
SPEC="${OPENLEASH_SPEC:-$ROOT/spec/openapi.json}"
OAPI_CODEGEN_VERSION="v2.8.2"
OPENAPI_PYTHON_CLIENT_VERSION="0.28.4"
OUT=""
ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ -f "$SPEC" ] || { echo "spec not found: $SPEC (emit it: pnpm --filter @openleash/server emit-openapi)" >&2; exit 1; }
SPEC="$(cd "$(dirname "$SPEC")" && pwd)/$(basename "$SPEC")"

python_bin() {
  if [ -n "${OPENLEASH_SDK_PYTHON:-}" ]; then echo "$OPENLEASH_SDK_PYTHON"
  elif [ -x "$ROOT/sdks/python/.venv/bin/python" ]; then echo "$ROOT/sdks/python/.venv/bin/python"
  else command -v python3; fi
}

gen_python() {
  local py bindir version work target
  py="$(python_bin)"
  bindir="$(dirname "$py")"
  version="$("$py" -c 'import importlib.metadata as m; print(m.version("openapi-python-client"))' 2>/dev/null || true)"
  if [ "$version" != "$OPENAPI_PYTHON_CLIENT_VERSION" ]; then
    echo "need openapi-python-client==$OPENAPI_PYTHON_CLIENT_VERSION for $py (found '${version:-none}'):" >&2
    echo "  $py -m pip install -e 'sdks/python[dev]'" >&2
    exit 1
  fi
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' RETURN
  # The post hooks call `ruff` (pinned in sdks/python[dev]) from PATH.
  (cd "$work" && PATH="$bindir:$PATH" "$py" -m openapi_python_client generate --path "$SPEC" \
    --config "$ROOT/sdks/python/openapi-python-client.yaml" --meta none --output-path "$work/_generated" \
    >/dev/null)
  if [ -n "$OUT" ]; then target="$OUT/python/_generated"; else target="$ROOT/sdks/python/src/openleash/_generated"; fi
  rm -rf "$target"
  mkdir -p "$(dirname "$target")"
  cp -R "$work/_generated" "$target"
  echo "python: $target"
}

gen_go() {
  local target
  if [ -n "$OUT" ]; then target="$OUT/go/client.gen.go"; else target="$ROOT/sdks/go/openleashapi/client.gen.go"; fi
  mkdir -p "$(dirname "$target")"
  (cd "$ROOT/sdks/go" && go run "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@$OAPI_CODEGEN_VERSION" \
    -config oapi-codegen.yaml -o "$target" "$SPEC")
  echo "go: $target"
}

gen_typescript() {
  [ -z "$OUT" ] || return 0  # the TS SDK checks its own drift (sdks/typescript/src/generated/*.test.ts)
  if node -e 'process.exit(require(process.argv[1]).scripts?.generate ? 0 : 1)' "$ROOT/sdks/typescript/package.json" 2>/dev/null; then
    (cd "$ROOT" && npx -y pnpm@10.34.9 --filter @openleash/sdk generate)
  else
    echo "typescript: no generate script in sdks/typescript (skipped)"
  fi
}

case "$ONLY" in
  "") gen_python; gen_go; gen_typescript ;;
  python) gen_python ;;
  go) gen_go ;;
  typescript) gen_typescript ;;
  *) echo "--only takes python, go or typescript" >&2; exit 2 ;;
esac
