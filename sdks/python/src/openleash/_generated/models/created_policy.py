from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.policy import Policy
    from ..models.policy_version_meta import PolicyVersionMeta


T = TypeVar("T", bound="CreatedPolicy")


@_attrs_define
class CreatedPolicy:
    """
    Attributes:
        policy (Policy):
        version (PolicyVersionMeta):
    """

    policy: Policy
    version: PolicyVersionMeta
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        policy = self.policy.to_dict()

        version = self.version.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "policy": policy,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.policy import Policy
        from ..models.policy_version_meta import PolicyVersionMeta

        d = dict(src_dict)
        policy = Policy.from_dict(d.pop("policy"))

        version = PolicyVersionMeta.from_dict(d.pop("version"))

        created_policy = cls(
            policy=policy,
            version=version,
        )

        created_policy.additional_properties = d
        return created_policy

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
