from enum import Enum


class InstancePublicJwkUse(str, Enum):
    SIG = "sig"

    def __str__(self) -> str:
        return str(self.value)
