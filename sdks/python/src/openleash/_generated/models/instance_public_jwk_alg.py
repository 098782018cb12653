from enum import Enum


class InstancePublicJwkAlg(str, Enum):
    EDDSA = "EdDSA"

    def __str__(self) -> str:
        return str(self.value)
