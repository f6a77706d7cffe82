"""The key registry: every hash-based key ever published (agencies, measures, documents), committed in
``kg/data/keys.csv``.

Why: such a key is a hash of the entity's identifying text, so a cleaning fix that changes one character
of a measure or an agency name would silently mint a new IRI and drop the old one, breaking every link
from outside. With the registry the key comes from the registry first and from the hash only for text it
has never seen; a build reports the keys it had to mint (``new``) and keeps every registered key it did not
use as a retired resource (``owl:deprecated``, with ``dcterms:isReplacedBy`` where the row names a
successor). After a deliberate change a maintainer either edits the row's label (the IRI stays) or lets the
new key be minted and writes the successor into the old row's ``replaced_by``; ``python -m kg.entities.keys``
adds the newly minted keys of the bundled build to the file (rows are never removed).

Columns: ``kind`` (agency | measure | document), ``key``, ``label`` (the identifying text the key was
minted from), ``replaced_by`` (a key of the same kind, or empty).
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kg.entities.model import content_key

KINDS = ("agency", "measure", "document")
COLUMNS = ("kind", "key", "label", "replaced_by")


@dataclass(frozen=True)
class RegisteredKey:
    kind: str
    key: str
    label: str
    replaced_by: str = ""


class KeyRegistry:
    """Keys by (kind, label); records which it handed out and which it had to mint, for one build."""

    def __init__(self, rows: Iterable[RegisteredKey]) -> None:
        self.rows: list[RegisteredKey] = list(rows)
        self._by_label: dict[tuple[str, str], str] = {}
        taken: dict[tuple[str, str], str] = {}
        for row in self.rows:
            if row.kind not in KINDS:
                raise ValueError(f"key registry: unknown kind {row.kind!r} (key {row.key})")
            if (row.kind, row.key) in taken:
                raise ValueError(f"key registry: {row.kind} key {row.key} is registered twice")
            taken[(row.kind, row.key)] = row.label
            if not row.replaced_by:
                self._by_label.setdefault((row.kind, row.label), row.key)
        self._taken = taken
        self.used: set[tuple[str, str]] = set()
        self.new: list[RegisteredKey] = []

    @classmethod
    def bundled(cls) -> KeyRegistry:
        text = (resources.files("kg") / "data" / "keys.csv").read_text(encoding="utf-8")
        return cls.parse(text)

    @classmethod
    def parse(cls, text: str) -> KeyRegistry:
        return cls(
            RegisteredKey(row["kind"], row["key"], row["label"], row["replaced_by"])
            for row in csv.DictReader(io.StringIO(text))
        )

    def key(self, kind: str, label: str) -> str:
        """The key of the entity identified by ``label``: the registered one, else a newly minted hash."""
        key = self._by_label.get((kind, label))
        if key is None:
            key = content_key(label)
            if self._taken.get((kind, key), label) != label:
                raise ValueError(f"key registry: minted {kind} key {key} for {label!r} is already registered")
            self._by_label[(kind, label)] = key
            self._taken[(kind, key)] = label
            self.new.append(RegisteredKey(kind, key, label))
        self.used.add((kind, key))
        return key

    def retired(self) -> list[RegisteredKey]:
        """Registered keys this build did not use (deprecated in the graph), in file order."""
        return [row for row in self.rows if (row.kind, row.key) not in self.used]

    def updated_text(self) -> str:
        """The registry with this build's newly minted keys appended (sorted within the new ones)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        new = sorted(self.new, key=lambda r: (KINDS.index(r.kind), r.key))
        for row in [*self.rows, *new]:
            writer.writerow([row.kind, row.key, row.label, row.replaced_by])
        return out.getvalue()


def main() -> int:
    """Add the keys the bundled build mints to ``kg/data/keys.csv`` (run from a checkout)."""
    from kg.entities.resolve import resolve_entities
    from kg.source.parser import parse_document
    from kg.source.reader import bundled_source

    registry = KeyRegistry.bundled()
    resolve_entities([parse_document(bundled_source())], registry)
    path = Path(__file__).resolve().parent.parent / "data" / "keys.csv"
    path.write_text(registry.updated_text(), encoding="utf-8")
    retired = registry.retired()
    print(f"{path}: {len(registry.new)} keys added, {len(retired)} registered keys unused (retired)")
    for row in retired:
        successor = f" -> {row.replaced_by}" if row.replaced_by else " (no successor given)"
        print(f"  retired {row.kind} {row.key} {row.label}{successor}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
