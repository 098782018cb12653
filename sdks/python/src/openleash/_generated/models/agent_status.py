from enum import Enum


class AgentStatus(str, Enum):
    ACTIVE = "ACTIVE"
    REVOKED = "REVOKED"
    SUSPENDED = "SUSPENDED"

    def __str__(self) -> str:
        return str(self.value)
