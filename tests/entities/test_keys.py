"""Identity: generic document titles are scoped by their region, and hash-based keys come from the
committed registry (kg/data/keys.csv), so a cleaning fix never silently mints a new IRI."""

from __future__ import annotations

import dataclasses
from functools import cache

import pytest
from pyoxigraph import Triple

from kg.entities.keys import KeyRegistry, RegisteredKey
from kg.entities.model import Entities, content_key
from kg.entities.resolve import is_generic_title, resolve_entities
from kg.ontology_doc import ontology_file
from kg.rdf.graph import build_triples
from kg.rdf.terms import DCTERMS, OWL, resource
from kg.source.parser import ParsedDocument, parse_document
from kg.source.reader import bundled_source
from kg.source.rows import TableRow

# a work item 26 regions print (tests/entities/test_resolve.py lists the lines: 89 142 189 …)
TRAINING = "加大对各类创新人才的知识产权培训力度"
FIXED = "加大对各类创新人才的知识产权培训工作力度"  # as if a cleaning fix changed the text


@cache
def _document() -> ParsedDocument:
    return parse_document(bundled_source())


def _entities(rows: tuple[TableRow, ...] | None = None, registry: KeyRegistry | None = None) -> Entities:
    document = _document() if rows is None else dataclasses.replace(_document(), rows=rows)
    return resolve_entities([document], registry)


def _graph(entities: Entities) -> list[Triple]:
    return build_triples(entities, ontology_file("national-focus-areas.ttl"), {2017: "0" * 64})


def _fixed_rows() -> tuple[TableRow, ...]:
    return tuple(
        dataclasses.replace(row, measures=tuple(FIXED if m == TRAINING else m for m in row.measures))
        for row in _document().rows
    )


def _registry(edit: dict[str, str] | None = None, successor: str = "") -> KeyRegistry:
    """The committed registry, the TRAINING measure's row edited (label) or given a successor."""
    rows = []
    for row in KeyRegistry.bundled().rows:
        if row.kind == "measure" and row.label == TRAINING:
            row = dataclasses.replace(row, label=(edit or {}).get("label", row.label), replaced_by=successor)
        rows.append(row)
    return KeyRegistry(rows)


@pytest.mark.parametrize(
    ("title", "generic"),
    [
        ("实施意见", True),
        ("若干意见", True),
        ("管理办法", True),
        ("工作任务进度安排表", True),
        ("项目中期进展报告", True),
        ("企业知识产权管理规范", False),
        ("吉林省专利条例", False),
        ("海南省人民政府关于新形势下加快知识产权强省建设的实施意见", False),
    ],
)
def test_generic_titles(title: str, generic: bool) -> None:
    assert is_generic_title(title) is generic


def test_a_generic_title_is_one_document_per_region() -> None:
    documents = [d for d in _entities().documents if d.title == "实施意见"]
    # 吉林省 line 349 (印发《实施意见》重点任务分工方案) and
    # 海南省 line 1139 (…对《实施意见》提出的各项重点工作…)
    assert sorted(d.region_key for d in documents) == ["220000", "460000"]
    assert len({d.key for d in documents}) == 2


def test_a_full_title_named_by_several_regions_stays_one_document() -> None:
    entities = _entities()
    (standard,) = [d for d in entities.documents if d.title == "企业知识产权管理规范"]
    assert standard.region_key == "" and standard.key == content_key("企业知识产权管理规范")
    planners = {
        (t.row.region, t.row.first_line)
        for t in entities.tasks
        if standard.key in t.task_documents + t.deliverable_documents
    }
    # 湖南省 line 896, 广西壮族自治区 lines 1075 and 1093
    assert planners == {("湖南省", 896), ("广西壮族自治区", 1075), ("广西壮族自治区", 1093)}


def test_the_committed_registry_covers_the_bundled_document() -> None:
    entities = _entities()
    assert entities.new_keys == () and entities.retired_keys == ()
    registered = {(r.kind, r.key) for r in KeyRegistry.bundled().rows}
    used = {("agency", a.key) for a in entities.agencies} | {("measure", m.key) for m in entities.measures}
    used |= {("document", d.key) for d in entities.documents}
    assert used == registered


def test_a_cleaning_fix_keeps_the_iri_when_the_registry_row_follows_it() -> None:
    old_key = content_key(TRAINING)
    entities = _entities(_fixed_rows(), _registry(edit={"label": FIXED}))
    (measure,) = [m for m in entities.measures if m.label == FIXED]
    assert measure.key == old_key  # the registry, not the hash of the new text, decides
    assert entities.new_keys == () and entities.retired_keys == ()


def test_a_cleaning_fix_never_silently_mints_a_new_iri() -> None:
    entities = _entities(_fixed_rows())
    new_key = content_key(FIXED)
    assert [(k.kind, k.key, k.label) for k in entities.new_keys] == [("measure", new_key, FIXED)]
    (retired,) = entities.retired_keys
    assert (retired.kind, retired.key, retired.replaced_by) == ("measure", content_key(TRAINING), "")
    triples = _graph(entities)
    old = resource("measure", content_key(TRAINING))
    assert {(t.predicate, t.object.value) for t in triples if t.subject == old} >= {(OWL.deprecated, "true")}
    assert not [t for t in triples if t.subject == old and t.predicate == DCTERMS.isReplacedBy]


def test_a_retired_key_points_to_its_successor() -> None:
    new_key = content_key(FIXED)
    registry = _registry(successor=new_key)
    registry.rows.append(RegisteredKey("measure", new_key, FIXED))
    entities = _entities(_fixed_rows(), KeyRegistry(registry.rows))
    assert entities.new_keys == ()
    old = resource("measure", content_key(TRAINING))
    triples = _graph(entities)
    about_old = {(t.predicate, t.object) for t in triples if t.subject == old}
    assert (DCTERMS.isReplacedBy, resource("measure", new_key)) in about_old
    assert any(p == OWL.deprecated for p, _ in about_old)


def test_the_registry_refuses_a_key_registered_twice() -> None:
    row = RegisteredKey("agency", "0123456789ab", "某局")
    with pytest.raises(ValueError, match="registered twice"):
        KeyRegistry([row, dataclasses.replace(row, label="另一局")])
