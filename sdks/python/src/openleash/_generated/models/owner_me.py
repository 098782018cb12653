from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.owner_me_assurance import OwnerMeAssurance

if TYPE_CHECKING:
    from ..models.owner import Owner


T = TypeVar("T", bound="OwnerMe")


@_attrs_define
class OwnerMe:
    """
    Attributes:
        owner (Owner):
        assurance (OwnerMeAssurance):
    """

    owner: Owner
    assurance: OwnerMeAssurance
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        owner = self.owner.to_dict()

        assurance = self.assurance.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "owner": owner,
                "assurance": assurance,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.owner import Owner

        d = dict(src_dict)
        owner = Owner.from_dict(d.pop("owner"))

        assurance = OwnerMeAssurance(d.pop("assurance"))

        owner_me = cls(
            owner=owner,
            assurance=assurance,
        )

        owner_me.additional_properties = d
        return owner_me

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
