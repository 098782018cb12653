from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.post_v1_admin_keys_rotate_response_200_jwks import (
        PostV1AdminKeysRotateResponse200Jwks,
    )


T = TypeVar("T", bound="PostV1AdminKeysRotateResponse200")


@_attrs_define
class PostV1AdminKeysRotateResponse200:
    """
    Attributes:
        active_kid (str):
        jwks (PostV1AdminKeysRotateResponse200Jwks):
    """

    active_kid: str
    jwks: PostV1AdminKeysRotateResponse200Jwks
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active_kid = self.active_kid

        jwks = self.jwks.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active_kid": active_kid,
                "jwks": jwks,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.post_v1_admin_keys_rotate_response_200_jwks import (
            PostV1AdminKeysRotateResponse200Jwks,
        )

        d = dict(src_dict)
        active_kid = d.pop("active_kid")

        jwks = PostV1AdminKeysRotateResponse200Jwks.from_dict(d.pop("jwks"))

        post_v1_admin_keys_rotate_response_200 = cls(
            active_kid=active_kid,
            jwks=jwks,
        )

        post_v1_admin_keys_rotate_response_200.additional_properties = d
        return post_v1_admin_keys_rotate_response_200

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
