from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateInviteRequest")


@_attrs_define
class CreateInviteRequest:
    """
    Attributes:
        name (str | Unset): Name the agent gets
        group_ids (list[str] | Unset):
        expires_in_seconds (int | Unset):
    """

    name: str | Unset = UNSET
    group_ids: list[str] | Unset = UNSET
    expires_in_seconds: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        group_ids: list[str] | Unset = UNSET
        if not isinstance(self.group_ids, Unset):
            group_ids = self.group_ids

        expires_in_seconds = self.expires_in_seconds

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if group_ids is not UNSET:
            field_dict["group_ids"] = group_ids
        if expires_in_seconds is not UNSET:
            field_dict["expires_in_seconds"] = expires_in_seconds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        group_ids = cast(list[str], d.pop("group_ids", UNSET))

        expires_in_seconds = d.pop("expires_in_seconds", UNSET)

        create_invite_request = cls(
            name=name,
            group_ids=group_ids,
            expires_in_seconds=expires_in_seconds,
        )

        return create_invite_request
