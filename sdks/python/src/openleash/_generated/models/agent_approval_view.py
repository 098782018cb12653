from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.agent_approval_view_assurance_type_1 import (
    AgentApprovalViewAssuranceType1,
)
from ..models.agent_approval_view_assurance_type_2_type_1 import (
    AgentApprovalViewAssuranceType2Type1,
)
from ..models.agent_approval_view_assurance_type_3_type_1 import (
    AgentApprovalViewAssuranceType3Type1,
)
from ..models.agent_approval_view_status import AgentApprovalViewStatus

T = TypeVar("T", bound="AgentApprovalView")


@_attrs_define
class AgentApprovalView:
    """
    Attributes:
        id (str):
        status (AgentApprovalViewStatus):
        action_hash (str):
        expires_at (str):
        decided_at (None | str):
        assurance (AgentApprovalViewAssuranceType1 | AgentApprovalViewAssuranceType2Type1 |
            AgentApprovalViewAssuranceType3Type1 | None):
        approval_token (None | str): Single-use; present it to POST /v1/authorize
        approval_token_expires_at (None | str):
    """

    id: str
    status: AgentApprovalViewStatus
    action_hash: str
    expires_at: str
    decided_at: None | str
    assurance: (
        AgentApprovalViewAssuranceType1
        | AgentApprovalViewAssuranceType2Type1
        | AgentApprovalViewAssuranceType3Type1
        | None
    )
    approval_token: None | str
    approval_token_expires_at: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status = self.status.value

        action_hash = self.action_hash

        expires_at = self.expires_at

        decided_at: None | str
        decided_at = self.decided_at

        assurance: None | str
        if isinstance(self.assurance, AgentApprovalViewAssuranceType1):
            assurance = self.assurance.value
        elif isinstance(self.assurance, AgentApprovalViewAssuranceType2Type1):
            assurance = self.assurance.value
        elif isinstance(self.assurance, AgentApprovalViewAssuranceType3Type1):
            assurance = self.assurance.value
        else:
            assurance = self.assurance

        approval_token: None | str
        approval_token = self.approval_token

        approval_token_expires_at: None | str
        approval_token_expires_at = self.approval_token_expires_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "action_hash": action_hash,
                "expires_at": expires_at,
                "decided_at": decided_at,
                "assurance": assurance,
                "approval_token": approval_token,
                "approval_token_expires_at": approval_token_expires_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        status = AgentApprovalViewStatus(d.pop("status"))

        action_hash = d.pop("action_hash")

        expires_at = d.pop("expires_at")

        def _parse_decided_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))

        def _parse_assurance(
            data: object,
        ) -> (
            AgentApprovalViewAssuranceType1
            | AgentApprovalViewAssuranceType2Type1
            | AgentApprovalViewAssuranceType3Type1
            | None
        ):
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                assurance_type_1 = AgentApprovalViewAssuranceType1(data)

                return assurance_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                assurance_type_2_type_1 = AgentApprovalViewAssuranceType2Type1(data)

                return assurance_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                assurance_type_3_type_1 = AgentApprovalViewAssuranceType3Type1(data)

                return assurance_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                AgentApprovalViewAssuranceType1
                | AgentApprovalViewAssuranceType2Type1
                | AgentApprovalViewAssuranceType3Type1
                | None,
                data,
            )

        assurance = _parse_assurance(d.pop("assurance"))

        def _parse_approval_token(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        approval_token = _parse_approval_token(d.pop("approval_token"))

        def _parse_approval_token_expires_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        approval_token_expires_at = _parse_approval_token_expires_at(
            d.pop("approval_token_expires_at")
        )

        agent_approval_view = cls(
            id=id,
            status=status,
            action_hash=action_hash,
            expires_at=expires_at,
            decided_at=decided_at,
            assurance=assurance,
            approval_token=approval_token,
            approval_token_expires_at=approval_token_expires_at,
        )

        agent_approval_view.additional_properties = d
        return agent_approval_view

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
