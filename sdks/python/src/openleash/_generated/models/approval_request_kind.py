from enum import Enum


class ApprovalRequestKind(str, Enum):
    APPROVAL = "APPROVAL"
    STEP_UP = "STEP_UP"

    def __str__(self) -> str:
        return str(self.value)
