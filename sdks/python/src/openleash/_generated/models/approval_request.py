from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from dateutil.parser import isoparse

from ..models.approval_request_assurance_type_1 import ApprovalRequestAssuranceType1
from ..models.approval_request_assurance_type_2_type_1 import (
    ApprovalRequestAssuranceType2Type1,
)
from ..models.approval_request_assurance_type_3_type_1 import (
    ApprovalRequestAssuranceType3Type1,
)
from ..models.approval_request_kind import ApprovalRequestKind
from ..models.approval_request_min_assurance import ApprovalRequestMinAssurance
from ..models.approval_request_status import ApprovalRequestStatus

if TYPE_CHECKING:
    from ..models.approval_request_action import ApprovalRequestAction
    from ..models.obligation import Obligation


T = TypeVar("T", bound="ApprovalRequest")


@_attrs_define
class ApprovalRequest:
    """
    Attributes:
        id (str):
        agent_id (str):
        kind (ApprovalRequestKind):
        status (ApprovalRequestStatus):
        action (ApprovalRequestAction):
        action_hash (str):
        action_type (str):
        decision_id (str):
        reason (str):
        matched_rule (None | str):
        policy_version (str):
        min_assurance (ApprovalRequestMinAssurance):
        obligations (list[Obligation]):
        created_at (datetime.datetime):  Example: 2026-11-26T10:30:00.000Z.
        expires_at (datetime.datetime):  Example: 2026-11-26T10:30:00.000Z.
        decided_at (datetime.datetime | None):  Example: 2026-11-26T10:30:00.000Z.
        assurance (ApprovalRequestAssuranceType1 | ApprovalRequestAssuranceType2Type1 |
            ApprovalRequestAssuranceType3Type1 | None):
        decision_note (None | str):
    """

    id: str
    agent_id: str
    kind: ApprovalRequestKind
    status: ApprovalRequestStatus
    action: ApprovalRequestAction
    action_hash: str
    action_type: str
    decision_id: str
    reason: str
    matched_rule: None | str
    policy_version: str
    min_assurance: ApprovalRequestMinAssurance
    obligations: list[Obligation]
    created_at: datetime.datetime
    expires_at: datetime.datetime
    decided_at: datetime.datetime | None
    assurance: (
        ApprovalRequestAssuranceType1
        | ApprovalRequestAssuranceType2Type1
        | ApprovalRequestAssuranceType3Type1
        | None
    )
    decision_note: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        agent_id = self.agent_id

        kind = self.kind.value

        status = self.status.value

        action = self.action.to_dict()

        action_hash = self.action_hash

        action_type = self.action_type

        decision_id = self.decision_id

        reason = self.reason

        matched_rule: None | str
        matched_rule = self.matched_rule

        policy_version = self.policy_version

        min_assurance = self.min_assurance.value

        obligations = []
        for obligations_item_data in self.obligations:
            obligations_item = obligations_item_data.to_dict()
            obligations.append(obligations_item)

        created_at = self.created_at.isoformat()

        expires_at = self.expires_at.isoformat()

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        assurance: None | str
        if isinstance(self.assurance, ApprovalRequestAssuranceType1):
            assurance = self.assurance.value
        elif isinstance(self.assurance, ApprovalRequestAssuranceType2Type1):
            assurance = self.assurance.value
        elif isinstance(self.assurance, ApprovalRequestAssuranceType3Type1):
            assurance = self.assurance.value
        else:
            assurance = self.assurance

        decision_note: None | str
        decision_note = self.decision_note

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "agent_id": agent_id,
                "kind": kind,
                "status": status,
                "action": action,
                "action_hash": action_hash,
                "action_type": action_type,
                "decision_id": decision_id,
                "reason": reason,
                "matched_rule": matched_rule,
                "policy_version": policy_version,
                "min_assurance": min_assurance,
                "obligations": obligations,
                "created_at": created_at,
                "expires_at": expires_at,
                "decided_at": decided_at,
                "assurance": assurance,
                "decision_note": decision_note,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.approval_request_action import ApprovalRequestAction
        from ..models.obligation import Obligation

        d = dict(src_dict)
        id = d.pop("id")

        agent_id = d.pop("agent_id")

        kind = ApprovalRequestKind(d.pop("kind"))

        status = ApprovalRequestStatus(d.pop("status"))

        action = ApprovalRequestAction.from_dict(d.pop("action"))

        action_hash = d.pop("action_hash")

        action_type = d.pop("action_type")

        decision_id = d.pop("decision_id")

        reason = d.pop("reason")

        def _parse_matched_rule(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        matched_rule = _parse_matched_rule(d.pop("matched_rule"))

        policy_version = d.pop("policy_version")

        min_assurance = ApprovalRequestMinAssurance(d.pop("min_assurance"))

        obligations = []
        _obligations = d.pop("obligations")
        for obligations_item_data in _obligations:
            obligations_item = Obligation.from_dict(obligations_item_data)

            obligations.append(obligations_item)

        created_at = isoparse(d.pop("created_at"))

        expires_at = isoparse(d.pop("expires_at"))

        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = isoparse(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))

        def _parse_assurance(
            data: object,
        ) -> (
            ApprovalRequestAssuranceType1
            | ApprovalRequestAssuranceType2Type1
            | ApprovalRequestAssuranceType3Type1
            | None
        ):
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                assurance_type_1 = ApprovalRequestAssuranceType1(data)

                return assurance_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                assurance_type_2_type_1 = ApprovalRequestAssuranceType2Type1(data)

                return assurance_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                assurance_type_3_type_1 = ApprovalRequestAssuranceType3Type1(data)

                return assurance_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                ApprovalRequestAssuranceType1
                | ApprovalRequestAssuranceType2Type1
                | ApprovalRequestAssuranceType3Type1
                | None,
                data,
            )

        assurance = _parse_assurance(d.pop("assurance"))

        def _parse_decision_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decision_note = _parse_decision_note(d.pop("decision_note"))

        approval_request = cls(
            id=id,
            agent_id=agent_id,
            kind=kind,
            status=status,
            action=action,
            action_hash=action_hash,
            action_type=action_type,
            decision_id=decision_id,
            reason=reason,
            matched_rule=matched_rule,
            policy_version=policy_version,
            min_assurance=min_assurance,
            obligations=obligations,
            created_at=created_at,
            expires_at=expires_at,
            decided_at=decided_at,
            assurance=assurance,
            decision_note=decision_note,
        )

        approval_request.additional_properties = d
        return approval_request

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
