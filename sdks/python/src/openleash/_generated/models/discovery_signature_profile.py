from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.discovery_signature_profile_alg import DiscoverySignatureProfileAlg
from ..models.discovery_signature_profile_tag import DiscoverySignatureProfileTag

T = TypeVar("T", bound="DiscoverySignatureProfile")


@_attrs_define
class DiscoverySignatureProfile:
    """
    Attributes:
        alg (DiscoverySignatureProfileAlg):
        tag (DiscoverySignatureProfileTag):
        max_skew_seconds (float):
    """

    alg: DiscoverySignatureProfileAlg
    tag: DiscoverySignatureProfileTag
    max_skew_seconds: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        alg = self.alg.value

        tag = self.tag.value

        max_skew_seconds = self.max_skew_seconds

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "alg": alg,
                "tag": tag,
                "max_skew_seconds": max_skew_seconds,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        alg = DiscoverySignatureProfileAlg(d.pop("alg"))

        tag = DiscoverySignatureProfileTag(d.pop("tag"))

        max_skew_seconds = d.pop("max_skew_seconds")

        discovery_signature_profile = cls(
            alg=alg,
            tag=tag,
            max_skew_seconds=max_skew_seconds,
        )

        discovery_signature_profile.additional_properties = d
        return discovery_signature_profile

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
