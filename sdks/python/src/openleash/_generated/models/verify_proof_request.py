from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.action import Action


T = TypeVar("T", bound="VerifyProofRequest")


@_attrs_define
class VerifyProofRequest:
    """
    Attributes:
        token (str):
        action (Action | Unset):  Example: {'id': '0b8f6c1e-2f44-4a53-9a9e-3b4f1c1d2e10', 'type': 'purchase',
            'relying_party': {'domain': 'storeco.example'}, 'payload': {'amount_minor': 8500, 'currency': 'USD', 'item':
            'headphones'}}.
        audience (str | Unset):
    """

    token: str
    action: Action | Unset = UNSET
    audience: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        token = self.token

        action: dict[str, Any] | Unset = UNSET
        if not isinstance(self.action, Unset):
            action = self.action.to_dict()

        audience = self.audience

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "token": token,
            }
        )
        if action is not UNSET:
            field_dict["action"] = action
        if audience is not UNSET:
            field_dict["audience"] = audience

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.action import Action

        d = dict(src_dict)
        token = d.pop("token")

        _action = d.pop("action", UNSET)
        action: Action | Unset
        if isinstance(_action, Unset):
            action = UNSET
        else:
            action = Action.from_dict(_action)

        audience = d.pop("audience", UNSET)

        verify_proof_request = cls(
            token=token,
            action=action,
            audience=audience,
        )

        verify_proof_request.additional_properties = d
        return verify_proof_request

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
