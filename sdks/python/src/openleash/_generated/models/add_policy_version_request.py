from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="AddPolicyVersionRequest")


@_attrs_define
class AddPolicyVersionRequest:
    """
    Attributes:
        source (str):
    """

    source: str

    def to_dict(self) -> dict[str, Any]:
        source = self.source

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        source = d.pop("source")

        add_policy_version_request = cls(
            source=source,
        )

        return add_policy_version_request
