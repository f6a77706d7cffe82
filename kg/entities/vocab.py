"""The shared vocabularies bundled with the package: regions and agency types."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class RegionInfo:
    label_zh: str
    label_en: str
    gb2260: str  # "" where the vocabulary gives none (the XPCC)
    wikidata: str  # "" where the vocabulary gives none

    @property
    def key(self) -> str:
        """The IRI key: the GB/T 2260 code, or ``xpcc`` for the Production and Construction Corps."""
        return self.gb2260 or "xpcc"


@dataclass(frozen=True)
class AgencyTypeInfo:
    code: str
    label_zh: str
    label_en: str


def _rows(name: str) -> list[dict[str, str]]:
    with (resources.files("kg") / "data" / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@cache
def regions() -> dict[str, RegionInfo]:
    """Regions by their printed section name."""
    return {
        row["label_zh"]: RegionInfo(row["label_zh"], row["label_en"], row["gb2260"], row["wikidata"])
        for row in _rows("regions.csv")
    }


@cache
def agency_types() -> dict[str, AgencyTypeInfo]:
    rows = _rows("agency-types.csv")
    return {row["code"]: AgencyTypeInfo(row["code"], row["label_zh"], row["label_en"]) for row in rows}
