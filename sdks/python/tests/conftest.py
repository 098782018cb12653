"""Shared test helpers: where the cross-language vectors and the repository are."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[3]
VECTORS = Path(os.environ.get("OPENLEASH_VECTORS", REPO / "spec" / "vectors"))


def load_vectors(name: str) -> dict[str, Any]:
    """One vectors file of spec/vectors (see its README.md)."""
    path = VECTORS / name
    if not path.exists():
        pytest.fail(f"missing vectors file {path}")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
