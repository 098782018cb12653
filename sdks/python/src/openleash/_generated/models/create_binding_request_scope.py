from enum import Enum


class CreateBindingRequestScope(str, Enum):
    AGENT = "agent"
    GROUP = "group"
    OWNER = "owner"

    def __str__(self) -> str:
        return str(self.value)
