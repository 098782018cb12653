from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.action import Action


T = TypeVar("T", bound="AuthorizeRequest")


@_attrs_define
class AuthorizeRequest:
    """
    Attributes:
        action (Action):  Example: {'id': '0b8f6c1e-2f44-4a53-9a9e-3b4f1c1d2e10', 'type': 'purchase', 'relying_party':
            {'domain': 'storeco.example'}, 'payload': {'amount_minor': 8500, 'currency': 'USD', 'item': 'headphones'}}.
        approval_token (str | Unset):
        presented_proofs (list[str] | Unset):
        explain (bool | Unset):
    """

    action: Action
    approval_token: str | Unset = UNSET
    presented_proofs: list[str] | Unset = UNSET
    explain: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action.to_dict()

        approval_token = self.approval_token

        presented_proofs: list[str] | Unset = UNSET
        if not isinstance(self.presented_proofs, Unset):
            presented_proofs = self.presented_proofs

        explain = self.explain

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
            }
        )
        if approval_token is not UNSET:
            field_dict["approval_token"] = approval_token
        if presented_proofs is not UNSET:
            field_dict["presented_proofs"] = presented_proofs
        if explain is not UNSET:
            field_dict["explain"] = explain

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.action import Action

        d = dict(src_dict)
        action = Action.from_dict(d.pop("action"))

        approval_token = d.pop("approval_token", UNSET)

        presented_proofs = cast(list[str], d.pop("presented_proofs", UNSET))

        explain = d.pop("explain", UNSET)

        authorize_request = cls(
            action=action,
            approval_token=approval_token,
            presented_proofs=presented_proofs,
            explain=explain,
        )

        authorize_request.additional_properties = d
        return authorize_request

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
