"""Starts a REAL OpenLeash server process (`openleash start`) on a free port and a fresh data folder."""

from __future__ import annotations

import os
import re
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
_URL = re.compile(r"listening on (http://127\.0\.0\.1:\d+)")
_TOKEN = re.compile(r"^\s+(\S{20,})\s*$")

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
    """Runs `node apps/cli/dist/bin.js start --port 0 --data <tmp>` until the block ends."""
    if not CLI.exists():
        raise RuntimeError(f"{CLI} is missing: build the workspace first (pnpm build)")
    data = tempfile.mkdtemp(prefix="openleash-py-")
    log = open(Path(data).with_suffix(".log"), "wb")  # noqa: SIM115 - closed in the finally below
    proc = subprocess.Popen(
        ["node", str(CLI), "start", "--port", "0", "--data", str(Path(data) / "data"), "--log-level", "warn"],
        stdout=subprocess.PIPE,
        stderr=log,
        stdin=subprocess.DEVNULL,
    )
    found: dict[str, str] = {}
    ready = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for raw in proc.stdout:  # keeps draining so the server never blocks on a full pipe
            line = raw.decode("utf-8", "replace")
            if m := _URL.search(line):
                found["url"] = m.group(1)
            elif "url" in found and "token" not in found and (m := _TOKEN.match(line)):
                found["token"] = m.group(1)
            if "url" in found and "token" in found:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        if not ready.wait(timeout=60) or proc.poll() is not None:
            raise RuntimeError(f"server did not start (exit code {proc.poll()}); log: {log.name}")
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
