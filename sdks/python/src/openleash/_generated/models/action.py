from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.action_payload import ActionPayload
    from ..models.action_relying_party import ActionRelyingParty


T = TypeVar("T", bound="Action")


@_attrs_define
class Action:
    """
    Example:
        {'id': '0b8f6c1e-2f44-4a53-9a9e-3b4f1c1d2e10', 'type': 'purchase', 'relying_party': {'domain':
            'storeco.example'}, 'payload': {'amount_minor': 8500, 'currency': 'USD', 'item': 'headphones'}}

    Attributes:
        id (str):
        type_ (str):
        payload (ActionPayload):
        requested_at (str | Unset):
        relying_party (ActionRelyingParty | Unset):
    """

    id: str
    type_: str
    payload: ActionPayload
    requested_at: str | Unset = UNSET
    relying_party: ActionRelyingParty | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type_

        payload = self.payload.to_dict()

        requested_at = self.requested_at

        relying_party: dict[str, Any] | Unset = UNSET
        if not isinstance(self.relying_party, Unset):
            relying_party = self.relying_party.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "payload": payload,
            }
        )
        if requested_at is not UNSET:
            field_dict["requested_at"] = requested_at
        if relying_party is not UNSET:
            field_dict["relying_party"] = relying_party

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.action_payload import ActionPayload
        from ..models.action_relying_party import ActionRelyingParty

        d = dict(src_dict)
        id = d.pop("id")

        type_ = d.pop("type")

        payload = ActionPayload.from_dict(d.pop("payload"))

        requested_at = d.pop("requested_at", UNSET)

        _relying_party = d.pop("relying_party", UNSET)
        relying_party: ActionRelyingParty | Unset
        if isinstance(_relying_party, Unset):
            relying_party = UNSET
        else:
            relying_party = ActionRelyingParty.from_dict(_relying_party)

        action = cls(
            id=id,
            type_=type_,
            payload=payload,
            requested_at=requested_at,
            relying_party=relying_party,
        )

        action.additional_properties = d
        return action

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
