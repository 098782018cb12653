from enum import Enum


class AgentApprovalViewStatus(str, Enum):
    APPROVED = "APPROVED"
    DENIED = "DENIED"
    EXPIRED = "EXPIRED"
    PENDING = "PENDING"
    USED = "USED"

    def __str__(self) -> str:
        return str(self.value)
