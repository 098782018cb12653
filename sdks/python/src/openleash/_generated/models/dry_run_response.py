from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.dry_run_response_decision import DryRunResponseDecision

if TYPE_CHECKING:
    from ..models.dry_run_response_charges_item import DryRunResponseChargesItem
    from ..models.obligation import Obligation


T = TypeVar("T", bound="DryRunResponse")


@_attrs_define
class DryRunResponse:
    """
    Attributes:
        decision (DryRunResponseDecision):
        reason (str):
        reason_code (str):
        matched_rule (None | str):
        policy_version (str):
        obligations (list[Obligation]):
        charges (list[DryRunResponseChargesItem]):
        trace (list[Any]):
    """

    decision: DryRunResponseDecision
    reason: str
    reason_code: str
    matched_rule: None | str
    policy_version: str
    obligations: list[Obligation]
    charges: list[DryRunResponseChargesItem]
    trace: list[Any]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        decision = self.decision.value

        reason = self.reason

        reason_code = self.reason_code

        matched_rule: None | str
        matched_rule = self.matched_rule

        policy_version = self.policy_version

        obligations = []
        for obligations_item_data in self.obligations:
            obligations_item = obligations_item_data.to_dict()
            obligations.append(obligations_item)

        charges = []
        for charges_item_data in self.charges:
            charges_item = charges_item_data.to_dict()
            charges.append(charges_item)

        trace = self.trace

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "decision": decision,
                "reason": reason,
                "reason_code": reason_code,
                "matched_rule": matched_rule,
                "policy_version": policy_version,
                "obligations": obligations,
                "charges": charges,
                "trace": trace,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dry_run_response_charges_item import DryRunResponseChargesItem
        from ..models.obligation import Obligation

        d = dict(src_dict)
        decision = DryRunResponseDecision(d.pop("decision"))

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

        charges = []
        _charges = d.pop("charges")
        for charges_item_data in _charges:
            charges_item = DryRunResponseChargesItem.from_dict(charges_item_data)

            charges.append(charges_item)

        trace = cast(list[Any], d.pop("trace"))

        dry_run_response = cls(
            decision=decision,
            reason=reason,
            reason_code=reason_code,
            matched_rule=matched_rule,
            policy_version=policy_version,
            obligations=obligations,
            charges=charges,
            trace=trace,
        )

        dry_run_response.additional_properties = d
        return dry_run_response

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
