from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

T = TypeVar("T", bound="PolicyVersionMeta")


@_attrs_define
class PolicyVersionMeta:
    """
    Attributes:
        policy_id (str):
        version (int):
        sha256 (str):
        created_at (datetime.datetime):  Example: 2026-11-26T10:30:00.000Z.
    """

    policy_id: str
    version: int
    sha256: str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        policy_id = self.policy_id

        version = self.version

        sha256 = self.sha256

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "policy_id": policy_id,
                "version": version,
                "sha256": sha256,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        policy_id = d.pop("policy_id")

        version = d.pop("version")

        sha256 = d.pop("sha256")

        created_at = isoparse(d.pop("created_at"))

        policy_version_meta = cls(
            policy_id=policy_id,
            version=version,
            sha256=sha256,
            created_at=created_at,
        )

        policy_version_meta.additional_properties = d
        return policy_version_meta

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
