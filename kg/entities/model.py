"""Resolved entities: what the graph is made of, independent of RDF.

Keys are deterministic and readable where possible (see docs/graph-model.md); they depend only on
the entity's own content or its position within its own region and edition, so adding a row elsewhere
in the document changes no key. What belongs to one edition's table is keyed by year first.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.edition import Edition
from kg.entities.targets import Target
from kg.source.rows import TableRow

if TYPE_CHECKING:
    from kg.entities.keys import RegisteredKey


def content_key(text: str) -> str:
    """A stable 12-hex-digit key for an entity identified by its text (measures, agencies, documents)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Region:
    key: str  # GB/T 2260 code, or "xpcc"
    label_zh: str
    label_en: str
    gb2260: str
    wikidata: str


@dataclass(frozen=True)
class FocusArea:
    key: str  # "<year>/<region key>-<notation>"
    region_key: str
    notation: str
    label: str
    national: int  # 1..6


@dataclass(frozen=True)
class Measure:
    key: str
    label: str


@dataclass(frozen=True)
class Agency:
    key: str
    name: str
    type_code: str
    jurisdiction_key: str
    alt_labels: tuple[str, ...]  # printed forms that differ from the canonical name
    name_en: str = ""  # English name (kg.entities.english)


@dataclass(frozen=True)
class Document:
    key: str
    title: str  # without 《》
    region_key: str = ""  # the planning region, for a generic title (实施意见) that only it identifies


@dataclass(frozen=True)
class TaskAgency:
    agency_key: str
    role: str  # lead | supporting | responsible


@dataclass(frozen=True)
class TaskTarget:
    target: Target
    field: str  # "task" or "deliverable": where it was read


@dataclass(frozen=True)
class Task:
    key: str  # "<year>/<region key>-<row number>"
    row: TableRow
    year: int  # the edition whose table the row is in
    region_key: str
    focus_key: str
    measure_keys: tuple[str, ...]
    agencies: tuple[TaskAgency, ...]
    involves_collective: bool
    targets: tuple[TaskTarget, ...]
    task_documents: tuple[str, ...]  # document keys named in the task text
    deliverable_documents: tuple[str, ...]  # document keys named in the deliverable


@dataclass(frozen=True)
class Unresolved:
    region: str
    row_number: int
    fragment: str


@dataclass(frozen=True)
class Entities:
    regions: tuple[Region, ...]
    focus_areas: tuple[FocusArea, ...]
    measures: tuple[Measure, ...]
    agencies: tuple[Agency, ...]
    documents: tuple[Document, ...]
    tasks: tuple[Task, ...]
    unresolved: tuple[Unresolved, ...]
    editions: tuple[Edition, ...]  # the editions read, in the order given
    new_keys: tuple[RegisteredKey, ...] = ()  # hash keys minted for text the key registry has not seen
    retired_keys: tuple[RegisteredKey, ...] = ()  # registered keys this input no longer uses
