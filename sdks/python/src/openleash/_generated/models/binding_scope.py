from enum import Enum


class BindingScope(str, Enum):
    AGENT = "agent"
    GROUP = "group"
    OWNER = "owner"

    def __str__(self) -> str:
        return str(self.value)
