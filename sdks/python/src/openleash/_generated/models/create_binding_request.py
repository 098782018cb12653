from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.create_binding_request_scope import CreateBindingRequestScope
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateBindingRequest")


@_attrs_define
class CreateBindingRequest:
    """
    Attributes:
        policy_id (str):
        scope (CreateBindingRequestScope):
        version (int | None | Unset): Pin a version; omit to follow the latest
        target_id (None | str | Unset): Group or agent id
        position (int | Unset): Order within the scope
    """

    policy_id: str
    scope: CreateBindingRequestScope
    version: int | None | Unset = UNSET
    target_id: None | str | Unset = UNSET
    position: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        policy_id = self.policy_id

        scope = self.scope.value

        version: int | None | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        target_id: None | str | Unset
        if isinstance(self.target_id, Unset):
            target_id = UNSET
        else:
            target_id = self.target_id

        position = self.position

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "policy_id": policy_id,
                "scope": scope,
            }
        )
        if version is not UNSET:
            field_dict["version"] = version
        if target_id is not UNSET:
            field_dict["target_id"] = target_id
        if position is not UNSET:
            field_dict["position"] = position

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        policy_id = d.pop("policy_id")

        scope = CreateBindingRequestScope(d.pop("scope"))

        def _parse_version(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        version = _parse_version(d.pop("version", UNSET))

        def _parse_target_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        target_id = _parse_target_id(d.pop("target_id", UNSET))

        position = d.pop("position", UNSET)

        create_binding_request = cls(
            policy_id=policy_id,
            scope=scope,
            version=version,
            target_id=target_id,
            position=position,
        )

        return create_binding_request
