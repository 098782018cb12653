#!/usr/bin/env bash
# Fails when the committed generated SDK code differs from what the pinned generators produce from
# spec/openapi.json (generated code is never patched by hand: fix the spec, then run
# scripts/generate-sdks.sh). Regenerates into a temporary folder; the work tree is not touched.
# The TypeScript SDK's generated types are checked by its own test (sdks/typescript).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
"$ROOT/scripts/generate-sdks.sh" --out "$TMP" --only python >/dev/null
"$ROOT/scripts/generate-sdks.sh" --out "$TMP" --only go >/dev/null
status=0
if ! diff -r -x __pycache__ "$ROOT/sdks/python/src/openleash/_generated" "$TMP/python/_generated" >"$TMP/python.diff"; then
  echo "sdks/python/src/openleash/_generated is stale (run scripts/generate-sdks.sh):" >&2
  head -40 "$TMP/python.diff" >&2
  status=1
fi
if ! diff "$ROOT/sdks/go/openleashapi/client.gen.go" "$TMP/go/client.gen.go" >"$TMP/go.diff"; then
  echo "sdks/go/openleashapi/client.gen.go is stale (run scripts/generate-sdks.sh):" >&2
  head -40 "$TMP/go.diff" >&2
  status=1
fi
[ "$status" -eq 0 ] && echo "generated SDK code matches spec/openapi.json (python, go)"
exit "$status"
