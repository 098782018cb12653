from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.decision_record_decision import DecisionRecordDecision

T = TypeVar("T", bound="DecisionRecord")


@_attrs_define
class DecisionRecord:
    """
    Attributes:
        id (str):
        agent_id (str):
        decision (DecisionRecordDecision):
        reason_code (str):
        reason (str):
        action_id (str):
        action_type (str):
        action_hash (str):
        matched_rule (None | str):
        policy_version (str):
        approval_id (None | str):
        created_at (datetime.datetime):  Example: 2026-11-26T10:30:00.000Z.
    """

    id: str
    agent_id: str
    decision: DecisionRecordDecision
    reason_code: str
    reason: str
    action_id: str
    action_type: str
    action_hash: str
    matched_rule: None | str
    policy_version: str
    approval_id: None | str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        agent_id = self.agent_id

        decision = self.decision.value

        reason_code = self.reason_code

        reason = self.reason

        action_id = self.action_id

        action_type = self.action_type

        action_hash = self.action_hash

        matched_rule: None | str
        matched_rule = self.matched_rule

        policy_version = self.policy_version

        approval_id: None | str
        approval_id = self.approval_id

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "agent_id": agent_id,
                "decision": decision,
                "reason_code": reason_code,
                "reason": reason,
                "action_id": action_id,
                "action_type": action_type,
                "action_hash": action_hash,
                "matched_rule": matched_rule,
                "policy_version": policy_version,
                "approval_id": approval_id,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        agent_id = d.pop("agent_id")

        decision = DecisionRecordDecision(d.pop("decision"))

        reason_code = d.pop("reason_code")

        reason = d.pop("reason")

        action_id = d.pop("action_id")

        action_type = d.pop("action_type")

        action_hash = d.pop("action_hash")

        def _parse_matched_rule(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        matched_rule = _parse_matched_rule(d.pop("matched_rule"))

        policy_version = d.pop("policy_version")

        def _parse_approval_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        approval_id = _parse_approval_id(d.pop("approval_id"))

        created_at = isoparse(d.pop("created_at"))

        decision_record = cls(
            id=id,
            agent_id=agent_id,
            decision=decision,
            reason_code=reason_code,
            reason=reason,
            action_id=action_id,
            action_type=action_type,
            action_hash=action_hash,
            matched_rule=matched_rule,
            policy_version=policy_version,
            approval_id=approval_id,
            created_at=created_at,
        )

        decision_record.additional_properties = d
        return decision_record

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
