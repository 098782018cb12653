from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

if TYPE_CHECKING:
    from ..models.policy_version_meta import PolicyVersionMeta


T = TypeVar("T", bound="PolicyWithVersions")


@_attrs_define
class PolicyWithVersions:
    """
    Attributes:
        id (str):
        owner_id (str):
        name (str):
        latest_version (int):
        created_at (datetime.datetime):  Example: 2026-11-26T10:30:00.000Z.
        updated_at (datetime.datetime):  Example: 2026-11-26T10:30:00.000Z.
        versions (list[PolicyVersionMeta]):
    """

    id: str
    owner_id: str
    name: str
    latest_version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    versions: list[PolicyVersionMeta]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        owner_id = self.owner_id

        name = self.name

        latest_version = self.latest_version

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        versions = []
        for versions_item_data in self.versions:
            versions_item = versions_item_data.to_dict()
            versions.append(versions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "owner_id": owner_id,
                "name": name,
                "latest_version": latest_version,
                "created_at": created_at,
                "updated_at": updated_at,
                "versions": versions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.policy_version_meta import PolicyVersionMeta

        d = dict(src_dict)
        id = d.pop("id")

        owner_id = d.pop("owner_id")

        name = d.pop("name")

        latest_version = d.pop("latest_version")

        created_at = isoparse(d.pop("created_at"))

        updated_at = isoparse(d.pop("updated_at"))

        versions = []
        _versions = d.pop("versions")
        for versions_item_data in _versions:
            versions_item = PolicyVersionMeta.from_dict(versions_item_data)

            versions.append(versions_item)

        policy_with_versions = cls(
            id=id,
            owner_id=owner_id,
            name=name,
            latest_version=latest_version,
            created_at=created_at,
            updated_at=updated_at,
            versions=versions,
        )

        policy_with_versions.additional_properties = d
        return policy_with_versions

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
