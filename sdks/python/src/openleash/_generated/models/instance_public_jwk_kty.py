from enum import Enum


class InstancePublicJwkKty(str, Enum):
    OKP = "OKP"

    def __str__(self) -> str:
        return str(self.value)
