"""The command line imports only what the command it runs uses (issue 14: an instant `kg query`)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest
from support import make_mini_build

from kg.cli import COMMANDS, make_parser

HEAVY = ("rdflib", "networkx", "matplotlib", "pyshacl", "numpy", "scipy", "pyvis")


@pytest.fixture(scope="module")
def mini_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_mini_build(tmp_path_factory.mktemp("mini-build"))


def imported_modules(*args: str) -> set[str]:
    """Every module `python -X importtime -m kg.cli ARGS` imports (the command must succeed)."""
    ran = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "kg.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    lines = [line for line in ran.stderr.splitlines() if line.startswith("import time:")]
    assert lines, "python -X importtime printed nothing"
    return {line.rsplit("|", 1)[1].strip() for line in lines}


@pytest.mark.parametrize(
    "args",
    [
        ("query", "tasks-by-keyword", "--param", "keyword=专利"),
        ("query", "region-subgraph", "--param", "region=河北", "--format", "json"),
        ("queries",),
        ("--help",),
        ("query", "--help"),
    ],
)
def test_query_commands_import_no_heavy_library(mini_build: Path, args: tuple[str, ...]) -> None:
    if args[0] == "query" and "--help" not in args:
        args = (*args, "--build", str(mini_build))
    modules = imported_modules(*args)
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert heavy == [], f"kg {' '.join(args)} imports {heavy[:5]}"
    assert not any(m.startswith(("kg.build", "kg.analysis", "kg.validate", "kg.serve")) for m in modules)


def test_kg_help_lists_every_command_as_its_module_registers_it() -> None:
    """COMMANDS (what `kg --help` shows without importing anything) matches each module's own sub-parser."""
    parser = make_parser()  # every module registered
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    registered = {action.dest: action.help for action in subparsers._choices_actions}
    assert registered == {name: help_text for name, (_, help_text) in COMMANDS.items()}
    for name, (module, _) in COMMANDS.items():
        assert sys.modules[module].register, name


def test_an_unknown_command_is_a_usage_error() -> None:
    ran = subprocess.run(
        [sys.executable, "-m", "kg.cli", "nosuch"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert ran.returncode == 2 and "invalid choice: 'nosuch'" in ran.stderr
