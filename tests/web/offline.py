"""A browser context whose requests stay on this machine: what the page tests record and check."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

LOOPBACK = ("127.0.0.1", "localhost")


@dataclass
class Offline:
    """One browser context whose requests stay on this machine."""

    context: object
    base: str
    shots: Path
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    expected_failures: int = 0  # failed requests a test provokes on purpose (a query with a syntax error)
    taken: int = 0

    def new_page(self):
        page = self.context.new_page()  # type: ignore[attr-defined]
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        return page

    def shot(self, page, name: str) -> Path:
        self.taken += 1
        path = self.shots / f"{self.taken:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    def assert_clean(self) -> None:
        failed = [e for e in self.errors if e.startswith("Failed to load resource") and "status of 400" in e]
        others = [e for e in self.errors if e not in failed]
        assert self.blocked == [], f"the page tried to reach the internet: {self.blocked}"
        assert others == [], f"console errors: {others}"
        assert len(failed) == self.expected_failures, self.errors
