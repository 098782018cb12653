from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.public_jwk_crv import PublicJwkCrv
from ..models.public_jwk_kty import PublicJwkKty

T = TypeVar("T", bound="PublicJwk")


@_attrs_define
class PublicJwk:
    """
    Attributes:
        kty (PublicJwkKty):
        crv (PublicJwkCrv):
        x (str):
    """

    kty: PublicJwkKty
    crv: PublicJwkCrv
    x: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kty = self.kty.value

        crv = self.crv.value

        x = self.x

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kty": kty,
                "crv": crv,
                "x": x,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kty = PublicJwkKty(d.pop("kty"))

        crv = PublicJwkCrv(d.pop("crv"))

        x = d.pop("x")

        public_jwk = cls(
            kty=kty,
            crv=crv,
            x=x,
        )

        public_jwk.additional_properties = d
        return public_jwk

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
