from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.action import Action


T = TypeVar("T", bound="DryRunRequest")


@_attrs_define
class DryRunRequest:
    """
    Attributes:
        action (Action):  Example: {'id': '0b8f6c1e-2f44-4a53-9a9e-3b4f1c1d2e10', 'type': 'purchase', 'relying_party':
            {'domain': 'storeco.example'}, 'payload': {'amount_minor': 8500, 'currency': 'USD', 'item': 'headphones'}}.
        agent_id (str | Unset): Evaluate as this agent (its groups, its policy)
        source (str | Unset): Policy YAML to test instead of the bound policy
    """

    action: Action
    agent_id: str | Unset = UNSET
    source: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        action = self.action.to_dict()

        agent_id = self.agent_id

        source = self.source

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
            }
        )
        if agent_id is not UNSET:
            field_dict["agent_id"] = agent_id
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.action import Action

        d = dict(src_dict)
        action = Action.from_dict(d.pop("action"))

        agent_id = d.pop("agent_id", UNSET)

        source = d.pop("source", UNSET)

        dry_run_request = cls(
            action=action,
            agent_id=agent_id,
            source=source,
        )

        return dry_run_request
