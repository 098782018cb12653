from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.verify_proof_response_claims_type_0 import (
        VerifyProofResponseClaimsType0,
    )


T = TypeVar("T", bound="VerifyProofResponse")


@_attrs_define
class VerifyProofResponse:
    """
    Attributes:
        valid (bool):
        claims (None | VerifyProofResponseClaimsType0):
        reason (None | str): Error code when invalid (TOKEN_EXPIRED, ...)
    """

    valid: bool
    claims: None | VerifyProofResponseClaimsType0
    reason: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.verify_proof_response_claims_type_0 import (
            VerifyProofResponseClaimsType0,
        )

        valid = self.valid

        claims: dict[str, Any] | None
        if isinstance(self.claims, VerifyProofResponseClaimsType0):
            claims = self.claims.to_dict()
        else:
            claims = self.claims

        reason: None | str
        reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "valid": valid,
                "claims": claims,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.verify_proof_response_claims_type_0 import (
            VerifyProofResponseClaimsType0,
        )

        d = dict(src_dict)
        valid = d.pop("valid")

        def _parse_claims(data: object) -> None | VerifyProofResponseClaimsType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                claims_type_0 = VerifyProofResponseClaimsType0.from_dict(data)

                return claims_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | VerifyProofResponseClaimsType0, data)

        claims = _parse_claims(d.pop("claims"))

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        verify_proof_response = cls(
            valid=valid,
            claims=claims,
            reason=reason,
        )

        verify_proof_response.additional_properties = d
        return verify_proof_response

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
