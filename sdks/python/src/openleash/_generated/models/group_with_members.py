from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

T = TypeVar("T", bound="GroupWithMembers")


@_attrs_define
class GroupWithMembers:
    """
    Attributes:
        id (str):
        owner_id (str):
        name (str):
        created_at (datetime.datetime):  Example: 2026-11-26T10:30:00.000Z.
        members (list[str]):
    """

    id: str
    owner_id: str
    name: str
    created_at: datetime.datetime
    members: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        owner_id = self.owner_id

        name = self.name

        created_at = self.created_at.isoformat()

        members = self.members

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "owner_id": owner_id,
                "name": name,
                "created_at": created_at,
                "members": members,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        owner_id = d.pop("owner_id")

        name = d.pop("name")

        created_at = isoparse(d.pop("created_at"))

        members = cast(list[str], d.pop("members"))

        group_with_members = cls(
            id=id,
            owner_id=owner_id,
            name=name,
            created_at=created_at,
            members=members,
        )

        group_with_members.additional_properties = d
        return group_with_members

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
