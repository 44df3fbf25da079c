"""What a conformance check reports, and how a missing validator is told apart."""

from __future__ import annotations

from dataclasses import dataclass, field

PASS, FAIL, SKIPPED = "pass", "fail", "skipped"


class ToolMissing(Exception):
    """A validator is not installed. ``how`` says how to install it."""

    def __init__(self, tool: str, how: str) -> None:
        super().__init__(f"{tool} is not installed: {how}")
        self.tool = tool
        self.how = how


@dataclass(frozen=True)
class CheckResult:
    check: str  # e.g. "EPUBCheck"
    target: str  # the file checked, relative to the article's output folder
    status: str  # PASS, FAIL or SKIPPED
    summary: str  # one line a person can act on
    details: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        return {
            "check": self.check,
            "target": self.target,
            "status": self.status,
            "summary": self.summary,
            "details": list(self.details),
        }
