from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.agent import Agent


T = TypeVar("T", bound="AgentMe")


@_attrs_define
class AgentMe:
    """
    Attributes:
        agent (Agent):
        kid (str):
        owner_id (str):
        groups (list[str]):
    """

    agent: Agent
    kid: str
    owner_id: str
    groups: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agent = self.agent.to_dict()

        kid = self.kid

        owner_id = self.owner_id

        groups = self.groups

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agent": agent,
                "kid": kid,
                "owner_id": owner_id,
                "groups": groups,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.agent import Agent

        d = dict(src_dict)
        agent = Agent.from_dict(d.pop("agent"))

        kid = d.pop("kid")

        owner_id = d.pop("owner_id")

        groups = cast(list[str], d.pop("groups"))

        agent_me = cls(
            agent=agent,
            kid=kid,
            owner_id=owner_id,
            groups=groups,
        )

        agent_me.additional_properties = d
        return agent_me

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
