"""Fixtures of the parser tests: the bundled document, parsed once per session."""

from __future__ import annotations

import pytest

from kg.source.parser import ParsedDocument, parse_document
from kg.source.reader import bundled_source


@pytest.fixture(scope="session")
def document() -> ParsedDocument:
    return parse_document(bundled_source())


@pytest.fixture(scope="session")
def source_lines() -> list[str]:
    """The bundled document's lines; index 0 is line 1."""
    return bundled_source().read_text(encoding="utf-8").split("\n")
