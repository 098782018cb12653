from enum import Enum


class InstanceKeyStatus(str, Enum):
    ACTIVE = "active"
    NEXT = "next"
    RETIRED = "retired"

    def __str__(self) -> str:
        return str(self.value)
