from enum import Enum


class ApprovalRequestAssuranceType3Type1(str, Enum):
    HIGH = "HIGH"
    LOW = "LOW"
    SUBSTANTIAL = "SUBSTANTIAL"

    def __str__(self) -> str:
        return str(self.value)
