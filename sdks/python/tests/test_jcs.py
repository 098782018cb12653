"""RFC 8785 details beyond the shared vectors: the Appendix B number table, string escaping,
UTF-16 key order, and what has no canonical form."""

from __future__ import annotations

import json
import math
import struct
from typing import Any

import pytest

from openleash import CanonicalizationError, action_hash, canonicalize

# RFC 8785 Appendix B: IEEE 754 bit patterns and their required serialization.
APPENDIX_B = [
    ("0000000000000000", "0"),
    ("8000000000000000", "0"),
    ("0000000000000001", "5e-324"),
    ("8000000000000001", "-5e-324"),
    ("7fefffffffffffff", "1.7976931348623157e+308"),
    ("ffefffffffffffff", "-1.7976931348623157e+308"),
    ("4340000000000000", "9007199254740992"),
    ("c340000000000000", "-9007199254740992"),
    ("4430000000000000", "295147905179352830000"),
    ("44b52d02c7e14af5", "9.999999999999997e+22"),
    ("44b52d02c7e14af6", "1e+23"),
    ("44b52d02c7e14af7", "1.0000000000000001e+23"),
    ("444b1ae4d6e2ef4e", "999999999999999700000"),
    ("444b1ae4d6e2ef4f", "999999999999999900000"),
    ("444b1ae4d6e2ef50", "1e+21"),
    ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"),
    ("3eb0c6f7a0b5ed8d", "0.000001"),
    ("41b3de4355555553", "333333333.3333332"),
    ("41b3de4355555554", "333333333.33333325"),
    ("41b3de4355555555", "333333333.3333333"),
    ("41b3de4355555556", "333333333.3333334"),
    ("41b3de4355555557", "333333333.33333343"),
    ("becbf647612f3696", "-0.0000033333333333333333"),
    ("43143ff3c1cb0959", "1424953923781206.2"),
]


@pytest.mark.parametrize(("bits", "expected"), APPENDIX_B)
def test_numbers_of_rfc8785_appendix_b(bits: str, expected: str) -> None:
    (value,) = struct.unpack(">d", bytes.fromhex(bits))
    assert canonicalize(value) == expected


def test_section_3_2_4_example() -> None:
    text = (
        '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],'
        '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}'
    )
    assert canonicalize(json.loads(text)) == (
        '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    )


def test_members_sort_by_utf16_code_units() -> None:
    # U+FB33 (one unit 0xFB33) sorts after U+1F600 (units 0xD83D 0xDE00); "\r" first.
    text = canonicalize({"\ufb33": 1, "\U0001f600": 2, "a": 3, "\r": 4, "\u00f6": 5})
    assert text == '{"\\r":4,"a":3,"ö":5,"\U0001f600":2,"\ufb33":1}'


def test_integers_beyond_2_53_are_doubles_like_json_parse() -> None:
    assert canonicalize([9007199254740993, 2**60, -(2**64), 10**21]) == (
        "[9007199254740992,1152921504606847000,-18446744073709552000,1e+21]"
    )


@pytest.mark.parametrize(
    "value",
    [
        math.nan,
        math.inf,
        {"a": -math.inf},
        {1: "non-string key"},
        {"s": "\ud800"},
        b"bytes",
        {1, 2},
        object(),
    ],
    ids=["nan", "inf", "nested-inf", "int-key", "lone-surrogate", "bytes", "set", "object"],
)
def test_values_without_a_canonical_form_are_refused(value: Any) -> None:
    with pytest.raises(CanonicalizationError) as err:
        canonicalize(value)
    assert err.value.code == "INVALID_JSON_VALUE"


def test_action_hash_ignores_member_order_and_number_spelling() -> None:
    a = json.loads('{"type":"t","payload":{"amount":1.50,"n":1E2},"id":"x"}')
    b = {"id": "x", "payload": {"n": 100, "amount": 1.5}, "type": "t"}
    assert action_hash(a) == action_hash(b)
    assert len(action_hash(a)) == 43
    assert action_hash(a) != action_hash({**b, "id": "y"})
