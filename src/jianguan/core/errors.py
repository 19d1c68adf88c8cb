"""One error hierarchy: every error carries a stable code, an HTTP status and a Chinese message.

Services raise these; the web layer turns them into JSON, the CLI into a red line. A user never
sees a traceback for a mistake of theirs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True)
class FieldProblem:
    """One reason a value was refused: which field, which rule, and what to tell the user."""

    field: str
    rule: str
    message: str
    label: str = ""
    value: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "label": self.label,
            "rule": self.rule,
            "message": self.message,
            "value": self.value,
        }


@dataclass
class JianguanError(Exception):
    """Base of every error the platform raises on purpose."""

    message: str
    code: str = ""
    details: list[FieldProblem] = field(default_factory=list)

    default_code: ClassVar[str] = "error"
    http_status: ClassVar[int] = 400

    def __post_init__(self) -> None:
        if not self.code:
            self.code = self.default_code
        super().__init__(self.message)

    def __str__(self) -> str:
        if not self.details:
            return self.message
        lines = "; ".join(p.message for p in self.details)
        return f"{self.message}: {lines}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "details": [p.as_dict() for p in self.details],
        }


class ValidationFailed(JianguanError):
    default_code = "validation_failed"
    http_status = 422


class NotFound(JianguanError):
    default_code = "not_found"
    http_status = 404


class Conflict(JianguanError):
    default_code = "conflict"
    http_status = 409


class Unauthenticated(JianguanError):
    default_code = "unauthenticated"
    http_status = 401


class Forbidden(JianguanError):
    default_code = "forbidden"
    http_status = 403


class PayloadTooLarge(JianguanError):
    default_code = "payload_too_large"
    http_status = 413


class ConfigurationError(JianguanError):
    default_code = "configuration_error"
    http_status = 500
