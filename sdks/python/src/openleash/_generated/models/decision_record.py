from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.decision_record_decision import DecisionRecordDecision
from ..types import UNSET, Unset

T = TypeVar("T", bound="DecisionRecord")


@_attrs_define
class DecisionRecord:
    """
    Attributes:
        id (str):
        agent_id (str):
        decision (DecisionRecordDecision):
        reason_code (str):
        action_id (str):
        action_type (str):
        action_hash (str):
        matched_rule (None | str):
        policy_version (str):
        created_at (datetime.datetime):  Example: 2026-11-26T10:30:00.000Z.
        approval_id (str | Unset):
        proof_jti (str | Unset):
    """

    id: str
    agent_id: str
    decision: DecisionRecordDecision
    reason_code: str
    action_id: str
    action_type: str
    action_hash: str
    matched_rule: None | str
    policy_version: str
    created_at: datetime.datetime
    approval_id: str | Unset = UNSET
    proof_jti: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        agent_id = self.agent_id

        decision = self.decision.value

        reason_code = self.reason_code

        action_id = self.action_id

        action_type = self.action_type

        action_hash = self.action_hash

        matched_rule: None | str
        matched_rule = self.matched_rule

        policy_version = self.policy_version

        created_at = self.created_at.isoformat()

        approval_id = self.approval_id

        proof_jti = self.proof_jti

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "agent_id": agent_id,
                "decision": decision,
                "reason_code": reason_code,
                "action_id": action_id,
                "action_type": action_type,
                "action_hash": action_hash,
                "matched_rule": matched_rule,
                "policy_version": policy_version,
                "created_at": created_at,
            }
        )
        if approval_id is not UNSET:
            field_dict["approval_id"] = approval_id
        if proof_jti is not UNSET:
            field_dict["proof_jti"] = proof_jti

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        agent_id = d.pop("agent_id")

        decision = DecisionRecordDecision(d.pop("decision"))

        reason_code = d.pop("reason_code")

        action_id = d.pop("action_id")

        action_type = d.pop("action_type")

        action_hash = d.pop("action_hash")

        def _parse_matched_rule(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        matched_rule = _parse_matched_rule(d.pop("matched_rule"))

        policy_version = d.pop("policy_version")

        created_at = isoparse(d.pop("created_at"))

        approval_id = d.pop("approval_id", UNSET)

        proof_jti = d.pop("proof_jti", UNSET)

        decision_record = cls(
            id=id,
            agent_id=agent_id,
            decision=decision,
            reason_code=reason_code,
            action_id=action_id,
            action_type=action_type,
            action_hash=action_hash,
            matched_rule=matched_rule,
            policy_version=policy_version,
            created_at=created_at,
            approval_id=approval_id,
            proof_jti=proof_jti,
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
