from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

T = TypeVar("T", bound="Invite")


@_attrs_define
class Invite:
    """
    Attributes:
        id (str):
        agent_name (None | str):
        group_ids (list[str]):
        created_at (datetime.datetime):  Example: 2026-11-26T10:30:00.000Z.
        expires_at (datetime.datetime):  Example: 2026-11-26T10:30:00.000Z.
        used_at (datetime.datetime | None):  Example: 2026-11-26T10:30:00.000Z.
        agent_id (None | str):
    """

    id: str
    agent_name: None | str
    group_ids: list[str]
    created_at: datetime.datetime
    expires_at: datetime.datetime
    used_at: datetime.datetime | None
    agent_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        agent_name: None | str
        agent_name = self.agent_name

        group_ids = self.group_ids

        created_at = self.created_at.isoformat()

        expires_at = self.expires_at.isoformat()

        used_at: None | str
        if isinstance(self.used_at, datetime.datetime):
            used_at = self.used_at.isoformat()
        else:
            used_at = self.used_at

        agent_id: None | str
        agent_id = self.agent_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "agent_name": agent_name,
                "group_ids": group_ids,
                "created_at": created_at,
                "expires_at": expires_at,
                "used_at": used_at,
                "agent_id": agent_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        def _parse_agent_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        agent_name = _parse_agent_name(d.pop("agent_name"))

        group_ids = cast(list[str], d.pop("group_ids"))

        created_at = isoparse(d.pop("created_at"))

        expires_at = isoparse(d.pop("expires_at"))

        def _parse_used_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                used_at_type_0 = isoparse(data)

                return used_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        used_at = _parse_used_at(d.pop("used_at"))

        def _parse_agent_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        agent_id = _parse_agent_id(d.pop("agent_id"))

        invite = cls(
            id=id,
            agent_name=agent_name,
            group_ids=group_ids,
            created_at=created_at,
            expires_at=expires_at,
            used_at=used_at,
            agent_id=agent_id,
        )

        invite.additional_properties = d
        return invite

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
