from enum import Enum


class AgentApprovalViewAssuranceType1(str, Enum):
    HIGH = "HIGH"
    LOW = "LOW"
    SUBSTANTIAL = "SUBSTANTIAL"

    def __str__(self) -> str:
        return str(self.value)
