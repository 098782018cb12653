from enum import Enum


class GetV1OwnerApprovalRequestsStatus(str, Enum):
    APPROVED = "APPROVED"
    DENIED = "DENIED"
    EXPIRED = "EXPIRED"
    PENDING = "PENDING"

    def __str__(self) -> str:
        return str(self.value)
