from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.instance_key_status import InstanceKeyStatus

if TYPE_CHECKING:
    from ..models.instance_public_jwk import InstancePublicJwk


T = TypeVar("T", bound="InstanceKey")


@_attrs_define
class InstanceKey:
    """
    Attributes:
        kid (str): RFC 7638 JWK thumbprint
        status (InstanceKeyStatus): active: signs now; next: published ahead of use; retired: no longer signs, still
            published for verification until publish_until
        created_at (str):
        activated_at (None | str):
        retired_at (None | str):
        publish_until (None | str): Retired keys: when the last token it may have signed expires
        public_jwk (InstancePublicJwk):
    """

    kid: str
    status: InstanceKeyStatus
    created_at: str
    activated_at: None | str
    retired_at: None | str
    publish_until: None | str
    public_jwk: InstancePublicJwk
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kid = self.kid

        status = self.status.value

        created_at = self.created_at

        activated_at: None | str
        activated_at = self.activated_at

        retired_at: None | str
        retired_at = self.retired_at

        publish_until: None | str
        publish_until = self.publish_until

        public_jwk = self.public_jwk.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kid": kid,
                "status": status,
                "created_at": created_at,
                "activated_at": activated_at,
                "retired_at": retired_at,
                "publish_until": publish_until,
                "public_jwk": public_jwk,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.instance_public_jwk import InstancePublicJwk

        d = dict(src_dict)
        kid = d.pop("kid")

        status = InstanceKeyStatus(d.pop("status"))

        created_at = d.pop("created_at")

        def _parse_activated_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        activated_at = _parse_activated_at(d.pop("activated_at"))

        def _parse_retired_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        retired_at = _parse_retired_at(d.pop("retired_at"))

        def _parse_publish_until(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        publish_until = _parse_publish_until(d.pop("publish_until"))

        public_jwk = InstancePublicJwk.from_dict(d.pop("public_jwk"))

        instance_key = cls(
            kid=kid,
            status=status,
            created_at=created_at,
            activated_at=activated_at,
            retired_at=retired_at,
            publish_until=publish_until,
            public_jwk=public_jwk,
        )

        instance_key.additional_properties = d
        return instance_key

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
