"""Starts a REAL OpenLeash server process (`openleash start`) on a free port and a fresh data folder."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from conftest import REPO

CLI = Path(os.environ.get("OPENLEASH_CLI", REPO / "apps" / "cli" / "dist" / "bin.js"))

# A policy that answers each of the three decisions: small USD purchases are allowed, big ones
# need the owner's approval, anything else (another currency, another action) is denied.
POLICY = """version: 1
name: sdk-tests
default: deny
rules:
  - id: small-purchases
    action: purchase
    effect: allow
    constraints:
      amount: { max: 10000 }
      currencies: [USD]
  - id: big-purchases
    action: purchase
    effect: allow
    constraints:
      amount: { min: 10001 }
      currencies: [USD]
    obligations:
      - type: HUMAN_APPROVAL
"""


@dataclass
class Server:
    """A running server: its base URL (= issuer) and the admin token printed on first start."""

    url: str
    admin_token: str


@contextmanager
def run_server() -> Iterator[Server]:
    """Runs `node apps/cli/dist/bin.js start --port 0 --data <tmp> --json` until the block ends.

    `--json` prints one JSON line once the server listens: its URL and, on this first start of a
    fresh data folder, the admin token.
    """
    if not CLI.exists():
        raise RuntimeError(f"{CLI} is missing: build the workspace first (pnpm build)")
    data = tempfile.mkdtemp(prefix="openleash-py-")
    log = open(Path(data).with_suffix(".log"), "wb")  # noqa: SIM115 - closed in the finally below
    args = ["start", "--port", "0", "--data", str(Path(data) / "data"), "--log-level", "warn", "--json"]
    proc = subprocess.Popen(
        ["node", str(CLI), *args],
        stdout=subprocess.PIPE,
        stderr=log,
        stdin=subprocess.DEVNULL,
    )
    found: dict[str, str] = {}
    ready = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for raw in proc.stdout:  # keeps draining so the server never blocks on a full pipe
            if ready.is_set():
                continue
            try:
                info = json.loads(raw)
                found.update(url=info["url"], token=info["admin_token"])
            except (ValueError, KeyError) as err:  # reported below as a failed start
                found["error"] = f"unexpected first line {raw[:200]!r}: {err!r}"
            ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        if not ready.wait(timeout=60) or proc.poll() is not None or "error" in found:
            reason = found.get("error", "no JSON line")
            raise RuntimeError(f"server did not start (exit code {proc.poll()}, {reason}); log: {log.name}")
        yield Server(url=found["url"], admin_token=found["token"])
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        shutil.rmtree(data, ignore_errors=True)
        os.unlink(log.name)
