"""Building action objects (PROTOCOL.md §2)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

__all__ = ["create_action"]

_NOW: Any = object()


def create_action(
    type: str,
    payload: Mapping[str, Any],
    *,
    relying_party: Mapping[str, str] | None = None,
    id: str | None = None,
    requested_at: datetime | None = _NOW,
) -> dict[str, Any]:
    """Builds an action with a fresh UUID and ``requested_at`` (now, unless given; ``None`` leaves
    it out). Send it as is and keep it: the proof is bound to its hash (RFC 8785 + SHA-256), so the
    counterparty must receive this very object.

    Example::

        action = create_action("purchase", {"amount_minor": 8500, "currency": "USD"},
                               relying_party={"domain": "storeco.example"})
    """
    if not isinstance(type, str) or type == "":
        raise TypeError("type is required")
    if not isinstance(payload, Mapping):
        raise TypeError("payload must be a dict")
    action: dict[str, Any] = {"id": id or str(uuid.uuid4()), "type": type}
    when = datetime.now(timezone.utc) if requested_at is _NOW else requested_at
    if when is not None:
        if when.tzinfo is None:
            raise ValueError("requested_at must be timezone-aware")
        action["requested_at"] = when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if relying_party is not None:
        action["relying_party"] = dict(relying_party)
    action["payload"] = dict(payload)
    return action
