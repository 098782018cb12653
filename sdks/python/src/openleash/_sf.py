"""A strict RFC 8941 Dictionary parser, enough for RFC 9421 Signature-Input / Signature and RFC 9530
Content-Digest. Deliberately stricter than §4.2.2 in one way: a duplicate key or parameter is an
error (a second ``created`` must not silently win)."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from typing import Union

BareItem = Union[int, float, str, bytes, bool, "Token"]

_KEY = re.compile(r"[a-z*][a-z0-9_\-.*]*")
_TOKEN = re.compile(r"[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*")
_NUMBER = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,3})?")
_BYTES = re.compile(r":([A-Za-z0-9+/=]*):")


class SfError(ValueError):
    """The field is not a valid structured field."""


@dataclass(frozen=True)
class Token:
    """An sf-token (distinct from an sf-string)."""

    value: str


@dataclass
class Item:
    """A bare item with its parameters (in order)."""

    value: BareItem
    params: dict[str, BareItem] = field(default_factory=dict)


@dataclass
class InnerList:
    """An inner list of items with its parameters (in order)."""

    items: list[Item]
    params: dict[str, BareItem] = field(default_factory=dict)


class _Cursor:
    def __init__(self, text: str) -> None:
        self.text, self.pos = text, 0

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def take(self, char: str) -> None:
        if self.peek() != char:
            raise SfError(f"expected {char!r} at {self.pos}")
        self.pos += 1

    def match(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        m = pattern.match(self.text, self.pos)
        if m:
            self.pos = m.end()
        return m

    def skip(self, chars: str) -> None:
        while self.peek() and self.peek() in chars:
            self.pos += 1


def _bare_item(c: _Cursor) -> BareItem:
    ch = c.peek()
    if ch == '"':
        c.pos += 1
        out: list[str] = []
        while True:
            ch = c.peek()
            if ch == "":
                raise SfError("unterminated string")
            c.pos += 1
            if ch == '"':
                return "".join(out)
            if ch == "\\":
                ch = c.peek()
                if ch not in ('"', "\\") or ch == "":
                    raise SfError("invalid string escape")
                c.pos += 1
            elif not 0x20 <= ord(ch) <= 0x7E:
                raise SfError("invalid character in string")
            out.append(ch)
    if ch == ":":
        m = c.match(_BYTES)
        if not m:
            raise SfError("invalid byte sequence")
        try:
            return base64.b64decode(m.group(1), validate=True)
        except (binascii.Error, ValueError):
            raise SfError("invalid base64 in byte sequence") from None
    if ch == "?":
        c.pos += 1
        if c.peek() not in ("0", "1") or c.peek() == "":
            raise SfError("invalid boolean")
        c.pos += 1
        return c.text[c.pos - 1] == "1"
    if ch == "-" or ch.isdigit():
        m = c.match(_NUMBER)
        if not m or (c.peek().isdigit()):
            raise SfError("invalid number")
        return float(m.group(0)) if m.group(1) else int(m.group(0))
    m = c.match(_TOKEN)
    if not m:
        raise SfError(f"invalid item at {c.pos}")
    return Token(m.group(0))


def _params(c: _Cursor) -> dict[str, BareItem]:
    params: dict[str, BareItem] = {}
    while c.peek() == ";":
        c.pos += 1
        c.skip(" ")
        m = c.match(_KEY)
        if not m:
            raise SfError("invalid parameter key")
        key = m.group(0)
        if key in params:
            raise SfError(f"duplicate parameter {key}")
        value: BareItem = True
        if c.peek() == "=":
            c.pos += 1
            value = _bare_item(c)
        params[key] = value
    return params


def _member(c: _Cursor) -> Item | InnerList:
    if c.peek() != "(":
        value = _bare_item(c)
        return Item(value, _params(c))
    c.pos += 1
    items: list[Item] = []
    while True:
        c.skip(" ")
        if c.peek() == ")":
            c.pos += 1
            return InnerList(items, _params(c))
        value = _bare_item(c)
        items.append(Item(value, _params(c)))
        if c.peek() not in (" ", ")"):
            raise SfError(f"invalid inner list at {c.pos}")


def parse_dictionary(text: str) -> dict[str, Item | InnerList]:
    """Parses an RFC 8941 §3.2 Dictionary; raises :class:`SfError`."""
    c = _Cursor(text)
    c.skip(" ")
    out: dict[str, Item | InnerList] = {}
    while True:
        m = c.match(_KEY)
        if not m:
            raise SfError(f"invalid key at {c.pos}")
        key = m.group(0)
        if key in out:
            raise SfError(f"duplicate dictionary key {key}")
        if c.peek() == "=":
            c.pos += 1
            out[key] = _member(c)
        else:
            out[key] = Item(True, _params(c))
        c.skip(" \t")
        if c.peek() == "":
            return out
        c.take(",")
        c.skip(" \t")
        if c.peek() == "":
            raise SfError("trailing comma")


def serialize_inner_list(inner: InnerList) -> str:
    """RFC 8941 §4.1.1.1 serialization of an inner list of strings with its parameters."""
    parts = []
    for item in inner.items:
        if not isinstance(item.value, str):
            raise SfError("component identifiers must be strings")
        parts.append(_serialize_bare(item.value) + _serialize_params(item.params))
    return "(" + " ".join(parts) + ")" + _serialize_params(inner.params)


def _serialize_params(params: dict[str, BareItem]) -> str:
    return "".join(f";{k}" if v is True else f";{k}={_serialize_bare(v)}" for k, v in params.items())


def _serialize_bare(value: BareItem) -> str:
    if isinstance(value, bool):
        return "?1" if value else "?0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.1f}"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bytes):
        return ":" + base64.b64encode(value).decode("ascii") + ":"
    return value.value
