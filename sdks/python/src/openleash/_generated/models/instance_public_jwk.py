from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.instance_public_jwk_alg import InstancePublicJwkAlg
from ..models.instance_public_jwk_crv import InstancePublicJwkCrv
from ..models.instance_public_jwk_kty import InstancePublicJwkKty
from ..models.instance_public_jwk_use import InstancePublicJwkUse

T = TypeVar("T", bound="InstancePublicJwk")


@_attrs_define
class InstancePublicJwk:
    """
    Attributes:
        kty (InstancePublicJwkKty):
        crv (InstancePublicJwkCrv):
        x (str):
        kid (str):
        use (InstancePublicJwkUse):
        alg (InstancePublicJwkAlg):
    """

    kty: InstancePublicJwkKty
    crv: InstancePublicJwkCrv
    x: str
    kid: str
    use: InstancePublicJwkUse
    alg: InstancePublicJwkAlg
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kty = self.kty.value

        crv = self.crv.value

        x = self.x

        kid = self.kid

        use = self.use.value

        alg = self.alg.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kty": kty,
                "crv": crv,
                "x": x,
                "kid": kid,
                "use": use,
                "alg": alg,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kty = InstancePublicJwkKty(d.pop("kty"))

        crv = InstancePublicJwkCrv(d.pop("crv"))

        x = d.pop("x")

        kid = d.pop("kid")

        use = InstancePublicJwkUse(d.pop("use"))

        alg = InstancePublicJwkAlg(d.pop("alg"))

        instance_public_jwk = cls(
            kty=kty,
            crv=crv,
            x=x,
            kid=kid,
            use=use,
            alg=alg,
        )

        instance_public_jwk.additional_properties = d
        return instance_public_jwk

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
