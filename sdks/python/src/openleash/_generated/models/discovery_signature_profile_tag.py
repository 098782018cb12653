from enum import Enum


class DiscoverySignatureProfileTag(str, Enum):
    OPENLEASH = "openleash"

    def __str__(self) -> str:
        return str(self.value)
