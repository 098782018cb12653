from enum import Enum


class GetV1AdminAuditDecision(str, Enum):
    ALLOW = "ALLOW"
    DENY = "DENY"
    REQUIRE_APPROVAL = "REQUIRE_APPROVAL"
    REQUIRE_STEP_UP = "REQUIRE_STEP_UP"

    def __str__(self) -> str:
        return str(self.value)
