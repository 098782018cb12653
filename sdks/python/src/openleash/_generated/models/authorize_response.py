from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.authorize_response_decision import AuthorizeResponseDecision
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.obligation import Obligation


T = TypeVar("T", bound="AuthorizeResponse")


@_attrs_define
class AuthorizeResponse:
    """
    Attributes:
        decision (AuthorizeResponseDecision):
        decision_id (str):
        action_hash (str):
        reason (str):
        reason_code (str):
        matched_rule (None | str):
        policy_version (str):
        obligations (list[Obligation]):
        proof_token (str | Unset):
        proof_expires_at (str | Unset):
        approval_request_id (str | Unset):
        trace (list[Any] | Unset):
    """

    decision: AuthorizeResponseDecision
    decision_id: str
    action_hash: str
    reason: str
    reason_code: str
    matched_rule: None | str
    policy_version: str
    obligations: list[Obligation]
    proof_token: str | Unset = UNSET
    proof_expires_at: str | Unset = UNSET
    approval_request_id: str | Unset = UNSET
    trace: list[Any] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        decision = self.decision.value

        decision_id = self.decision_id

        action_hash = self.action_hash

        reason = self.reason

        reason_code = self.reason_code

        matched_rule: None | str
        matched_rule = self.matched_rule

        policy_version = self.policy_version

        obligations = []
        for obligations_item_data in self.obligations:
            obligations_item = obligations_item_data.to_dict()
            obligations.append(obligations_item)

        proof_token = self.proof_token

        proof_expires_at = self.proof_expires_at

        approval_request_id = self.approval_request_id

        trace: list[Any] | Unset = UNSET
        if not isinstance(self.trace, Unset):
            trace = self.trace

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "decision": decision,
                "decision_id": decision_id,
                "action_hash": action_hash,
                "reason": reason,
                "reason_code": reason_code,
                "matched_rule": matched_rule,
                "policy_version": policy_version,
                "obligations": obligations,
            }
        )
        if proof_token is not UNSET:
            field_dict["proof_token"] = proof_token
        if proof_expires_at is not UNSET:
            field_dict["proof_expires_at"] = proof_expires_at
        if approval_request_id is not UNSET:
            field_dict["approval_request_id"] = approval_request_id
        if trace is not UNSET:
            field_dict["trace"] = trace

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.obligation import Obligation

        d = dict(src_dict)
        decision = AuthorizeResponseDecision(d.pop("decision"))

        decision_id = d.pop("decision_id")

        action_hash = d.pop("action_hash")

        reason = d.pop("reason")

        reason_code = d.pop("reason_code")

        def _parse_matched_rule(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        matched_rule = _parse_matched_rule(d.pop("matched_rule"))

        policy_version = d.pop("policy_version")

        obligations = []
        _obligations = d.pop("obligations")
        for obligations_item_data in _obligations:
            obligations_item = Obligation.from_dict(obligations_item_data)

            obligations.append(obligations_item)

        proof_token = d.pop("proof_token", UNSET)

        proof_expires_at = d.pop("proof_expires_at", UNSET)

        approval_request_id = d.pop("approval_request_id", UNSET)

        trace = cast(list[Any], d.pop("trace", UNSET))

        authorize_response = cls(
            decision=decision,
            decision_id=decision_id,
            action_hash=action_hash,
            reason=reason,
            reason_code=reason_code,
            matched_rule=matched_rule,
            policy_version=policy_version,
            obligations=obligations,
            proof_token=proof_token,
            proof_expires_at=proof_expires_at,
            approval_request_id=approval_request_id,
            trace=trace,
        )

        authorize_response.additional_properties = d
        return authorize_response

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
