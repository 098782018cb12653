"""JwksCache behaviour against a real local HTTP server publishing the vectors' JWKS."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import load_vectors

from openleash import JwksCache, OpenLeashError

JWKS = json.dumps(load_vectors("proof-tokens.json")["jwks"]).encode()


class _Handler(BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        type(self).hits += 1
        if self.path == "/broken":
            self.send_response(500)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.end_headers()
        self.wfile.write(JWKS)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def base_url() -> Iterator[str]:
    _Handler.hits = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_reuse_forced_refresh_and_bound(base_url: str) -> None:
    cache = JwksCache(max_entries=2)
    url = f"{base_url}/jwks"
    assert cache.get(url)["keys"]
    cache.get(url)
    cache.get(url, force_refresh=True)  # within min_refresh_interval_seconds: reused
    assert _Handler.hits == 1
    cache.min_refresh_interval_seconds = 0
    cache.get(url, force_refresh=True)
    assert _Handler.hits == 2
    cache.get(f"{base_url}/b")
    cache.get(f"{base_url}/c")
    assert len(cache) == 2


def test_a_failing_url_is_not_hammered(base_url: str) -> None:
    cache = JwksCache(min_refresh_interval_seconds=60)
    for _ in range(3):
        with pytest.raises(OpenLeashError) as err:
            cache.get(f"{base_url}/broken")
        assert err.value.code == "JWKS_UNAVAILABLE"
    assert _Handler.hits == 1
