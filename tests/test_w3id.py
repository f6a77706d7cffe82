"""The w3id.org redirect rules (docs/w3id/.htaccess) send every IRI form to the deployed `kg serve`.

Apache is not available here, so the test reads the file with a small evaluator of exactly the mod_rewrite
directives it uses (RewriteCond on %{HTTP_ACCEPT} with [OR], RewriteRule with $n, %{ENV:…}, [E=…], [L]):
a directive it does not know fails the test instead of being skipped.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

HTACCESS = Path(__file__).resolve().parent.parent / "docs" / "w3id" / ".htaccess"
SERVER = "https://ipkg.example.org"


def _redirect(path: str, accept: str = "") -> tuple[int, str] | None:
    """(status, location) for a request of https://w3id.org/ipkg/<path>, or None when no rule applies."""
    env: dict[str, str] = {}
    conditions: list[tuple[bool, bool]] = []  # (matched, or-flag)
    for raw in HTACCESS.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        words = shlex.split(line.replace("\\", "\\\\"))
        directive, args = words[0], words[1:]
        if directive in ("Options", "RewriteEngine"):
            continue
        if directive == "RewriteCond":
            assert args[0] == "%{HTTP_ACCEPT}", line
            flags = args[2] if len(args) > 2 else ""
            conditions.append((re.search(args[1], accept) is not None, "OR" in flags))
            continue
        assert directive == "RewriteRule", line
        pattern, target, flags = args[0], args[1], (args[2] if len(args) > 2 else "")
        # conditions are ANDed; [OR] joins a condition with the next one
        groups: list[list[bool]] = [[]]
        for matched, or_flag in conditions:
            groups[-1].append(matched)
            if not or_flag:
                groups.append([])
        passed = all(any(group) for group in groups if group)
        conditions = []
        found = re.search(pattern, path)
        if not (passed and found):
            continue
        if (setting := re.search(r"E=(\w+):([^\],]+)", flags)) is not None:
            env[setting.group(1)] = setting.group(2)
        if target == "-":
            continue
        location = re.sub(r"%\{ENV:(\w+)\}", lambda m: env[m.group(1)], target)
        location = found.expand(re.sub(r"\$(\d)", r"\\\1", location))
        status = int(re.search(r"R=(\d+)", flags).group(1))  # type: ignore[union-attr]
        return status, location
    return None


@pytest.mark.parametrize(
    ("path", "accept", "expected"),
    [
        ("id/task/2017/110000-1", "text/turtle", f"{SERVER}/id/task/2017/110000-1.ttl"),
        ("id/task/2017/110000-1", "application/ld+json", f"{SERVER}/id/task/2017/110000-1.jsonld"),
        ("id/region/110000", "application/n-triples", f"{SERVER}/id/region/110000.nt"),
        (
            "id/agency/962ae69c1410",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            f"{SERVER}/id/agency/962ae69c1410.html",
        ),
        ("id/region/110000", "*/*", f"{SERVER}/id/region/110000"),
        ("id/region/110000", "", f"{SERVER}/id/region/110000"),
        ("id/task/2017/110000-1.ttl", "text/html", f"{SERVER}/id/task/2017/110000-1.ttl"),
        ("def", "text/turtle", f"{SERVER}/def.ttl"),
        ("def", "text/html", f"{SERVER}/def.html"),
        ("def.jsonld", "", f"{SERVER}/def.jsonld"),
    ],
)
def test_resources_and_the_ontology_redirect_by_accept(path: str, accept: str, expected: str) -> None:
    assert _redirect(path, accept) == (303, expected)


def test_the_context_the_shapes_the_dumps_and_the_home_redirect_whatever_the_accept() -> None:
    for accept in ("", "text/turtle", "text/html"):
        assert _redirect("context.jsonld", accept) == (302, f"{SERVER}/context.jsonld")
        assert _redirect("shapes", accept) == (302, f"{SERVER}/shapes.ttl")
        assert _redirect("dump/kg.nq", accept) == (302, f"{SERVER}/dump/kg.nq")
        assert _redirect("", accept) == (302, f"{SERVER}/")


def test_nothing_else_is_redirected() -> None:
    for path in ("dump/../secret", "dump/store", "idx/task", "definitions", "shapes.ttl"):
        assert _redirect(path, "text/turtle") is None, path
