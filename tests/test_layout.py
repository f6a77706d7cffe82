"""Module sizes stay within issue 10's layout limits: a top-level module of kg/ (kg/*.py) at most 400 lines,
any module under kg/ at most 650. A module past them does several jobs and is split by job."""

from __future__ import annotations

from pathlib import Path

KG = Path(__file__).resolve().parent.parent / "kg"
TOP_LEVEL_LIMIT = 400
ANY_MODULE_LIMIT = 650


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_top_level_modules_are_small() -> None:
    too_long = {p.name: n for p in sorted(KG.glob("*.py")) if (n := _lines(p)) > TOP_LEVEL_LIMIT}
    assert not too_long, f"top-level modules over {TOP_LEVEL_LIMIT} lines: {too_long}"


def test_no_module_is_over_the_limit() -> None:
    modules = sorted(KG.rglob("*.py"))
    assert len(modules) > 20  # the walk found the package
    too_long = {str(p.relative_to(KG)): n for p in modules if (n := _lines(p)) > ANY_MODULE_LIMIT}
    assert not too_long, f"modules over {ANY_MODULE_LIMIT} lines: {too_long}"
