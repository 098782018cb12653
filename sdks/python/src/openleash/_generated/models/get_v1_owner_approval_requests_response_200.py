from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.approval_request import ApprovalRequest


T = TypeVar("T", bound="GetV1OwnerApprovalRequestsResponse200")


@_attrs_define
class GetV1OwnerApprovalRequestsResponse200:
    """
    Attributes:
        approval_requests (list[ApprovalRequest]):
    """

    approval_requests: list[ApprovalRequest]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        approval_requests = []
        for approval_requests_item_data in self.approval_requests:
            approval_requests_item = approval_requests_item_data.to_dict()
            approval_requests.append(approval_requests_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "approval_requests": approval_requests,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.approval_request import ApprovalRequest

        d = dict(src_dict)
        approval_requests = []
        _approval_requests = d.pop("approval_requests")
        for approval_requests_item_data in _approval_requests:
            approval_requests_item = ApprovalRequest.from_dict(
                approval_requests_item_data
            )

            approval_requests.append(approval_requests_item)

        get_v1_owner_approval_requests_response_200 = cls(
            approval_requests=approval_requests,
        )

        get_v1_owner_approval_requests_response_200.additional_properties = d
        return get_v1_owner_approval_requests_response_200

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
