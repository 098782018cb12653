from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.create_owner_request_type import CreateOwnerRequestType
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateOwnerRequest")


@_attrs_define
class CreateOwnerRequest:
    """
    Attributes:
        name (str):
        type_ (CreateOwnerRequestType | Unset):  Default: CreateOwnerRequestType.USER.
    """

    name: str
    type_: CreateOwnerRequestType | Unset = CreateOwnerRequestType.USER

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        _type_ = d.pop("type", UNSET)
        type_: CreateOwnerRequestType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = CreateOwnerRequestType(_type_)

        create_owner_request = cls(
            name=name,
            type_=type_,
        )

        return create_owner_request
