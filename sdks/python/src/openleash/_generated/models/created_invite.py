from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

T = TypeVar("T", bound="CreatedInvite")


@_attrs_define
class CreatedInvite:
    """
    Attributes:
        invite_id (str):
        invite_token (str): Shown once; stored only as a hash
        invite_url (str): Register endpoint with the token in the URL fragment
        expires_at (datetime.datetime):  Example: 2026-11-26T10:30:00.000Z.
    """

    invite_id: str
    invite_token: str
    invite_url: str
    expires_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        invite_id = self.invite_id

        invite_token = self.invite_token

        invite_url = self.invite_url

        expires_at = self.expires_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "invite_id": invite_id,
                "invite_token": invite_token,
                "invite_url": invite_url,
                "expires_at": expires_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        invite_id = d.pop("invite_id")

        invite_token = d.pop("invite_token")

        invite_url = d.pop("invite_url")

        expires_at = isoparse(d.pop("expires_at"))

        created_invite = cls(
            invite_id=invite_id,
            invite_token=invite_token,
            invite_url=invite_url,
            expires_at=expires_at,
        )

        created_invite.additional_properties = d
        return created_invite

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
