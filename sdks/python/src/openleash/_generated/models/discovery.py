from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.discovery_protocol_version import DiscoveryProtocolVersion

if TYPE_CHECKING:
    from ..models.discovery_endpoints import DiscoveryEndpoints
    from ..models.discovery_signature_profile import DiscoverySignatureProfile


T = TypeVar("T", bound="Discovery")


@_attrs_define
class Discovery:
    """
    Attributes:
        issuer (str):
        jwks_uri (str):
        protocol_version (DiscoveryProtocolVersion):
        endpoints (DiscoveryEndpoints):
        signature_profile (DiscoverySignatureProfile):
        agent_guide (str):
    """

    issuer: str
    jwks_uri: str
    protocol_version: DiscoveryProtocolVersion
    endpoints: DiscoveryEndpoints
    signature_profile: DiscoverySignatureProfile
    agent_guide: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        issuer = self.issuer

        jwks_uri = self.jwks_uri

        protocol_version = self.protocol_version.value

        endpoints = self.endpoints.to_dict()

        signature_profile = self.signature_profile.to_dict()

        agent_guide = self.agent_guide

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "issuer": issuer,
                "jwks_uri": jwks_uri,
                "protocol_version": protocol_version,
                "endpoints": endpoints,
                "signature_profile": signature_profile,
                "agent_guide": agent_guide,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.discovery_endpoints import DiscoveryEndpoints
        from ..models.discovery_signature_profile import DiscoverySignatureProfile

        d = dict(src_dict)
        issuer = d.pop("issuer")

        jwks_uri = d.pop("jwks_uri")

        protocol_version = DiscoveryProtocolVersion(d.pop("protocol_version"))

        endpoints = DiscoveryEndpoints.from_dict(d.pop("endpoints"))

        signature_profile = DiscoverySignatureProfile.from_dict(
            d.pop("signature_profile")
        )

        agent_guide = d.pop("agent_guide")

        discovery = cls(
            issuer=issuer,
            jwks_uri=jwks_uri,
            protocol_version=protocol_version,
            endpoints=endpoints,
            signature_profile=signature_profile,
            agent_guide=agent_guide,
        )

        discovery.additional_properties = d
        return discovery

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
