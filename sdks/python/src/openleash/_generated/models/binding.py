from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.binding_scope import BindingScope

T = TypeVar("T", bound="Binding")


@_attrs_define
class Binding:
    """
    Attributes:
        id (str):
        owner_id (str):
        policy_id (str):
        policy_version (int | None):
        scope (BindingScope):
        target_id (None | str):
        position (int):
        created_at (datetime.datetime):  Example: 2026-11-26T10:30:00.000Z.
    """

    id: str
    owner_id: str
    policy_id: str
    policy_version: int | None
    scope: BindingScope
    target_id: None | str
    position: int
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        owner_id = self.owner_id

        policy_id = self.policy_id

        policy_version: int | None
        policy_version = self.policy_version

        scope = self.scope.value

        target_id: None | str
        target_id = self.target_id

        position = self.position

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "owner_id": owner_id,
                "policy_id": policy_id,
                "policy_version": policy_version,
                "scope": scope,
                "target_id": target_id,
                "position": position,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        owner_id = d.pop("owner_id")

        policy_id = d.pop("policy_id")

        def _parse_policy_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        policy_version = _parse_policy_version(d.pop("policy_version"))

        scope = BindingScope(d.pop("scope"))

        def _parse_target_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        target_id = _parse_target_id(d.pop("target_id"))

        position = d.pop("position")

        created_at = isoparse(d.pop("created_at"))

        binding = cls(
            id=id,
            owner_id=owner_id,
            policy_id=policy_id,
            policy_version=policy_version,
            scope=scope,
            target_id=target_id,
            position=position,
            created_at=created_at,
        )

        binding.additional_properties = d
        return binding

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
