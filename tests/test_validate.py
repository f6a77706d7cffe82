"""The SHACL shapes catch what the contract forbids, and `kg validate` reports it readably."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDFS, SKOS

from kg.cli import main
from kg.ontology_doc import ontology_file
from kg.validate import ValidationReport, load_build_graph, validate_graph

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid-mini.ttl"
IPKG = Namespace("https://w3id.org/ipkg/def#")
SCHEMA = Namespace("http://schema.org/")
ID = "https://w3id.org/ipkg/id/"
TASK = URIRef(ID + "task/2017/110000-2")
AGENCY = URIRef(ID + "agency/aaaaaaaaaaaa")
TARGET = URIRef(ID + "target/2017/110000-2-1")
FOCUS = URIRef(ID + "focus-area/2017/110000-2")
REGION = URIRef(ID + "region/110000")


def valid_graph() -> Graph:
    return Graph().parse(VALID, format="turtle")


def test_valid_mini_graph_conforms() -> None:
    report = validate_graph(valid_graph())
    assert report.conforms, report.summary()
    assert report.results == []
    assert report.triples > 100


def test_valid_mini_graph_with_the_six_national_focus_areas_conforms() -> None:
    """The build loads ontology/national-focus-areas.ttl next to its own triples."""
    graph = valid_graph().parse(ontology_file("national-focus-areas.ttl"), format="turtle")
    report = validate_graph(graph)
    assert report.conforms, report.summary()


def _drop(s: URIRef, p: URIRef) -> Callable[[Graph], None]:
    return lambda g: g.remove((s, p, None))


def _set(s: URIRef, p: URIRef, o: Literal | URIRef) -> Callable[[Graph], None]:
    return lambda g: g.set((s, p, o))


def _add(s: URIRef, p: URIRef, o: Literal | URIRef) -> Callable[[Graph], None]:
    return lambda g: g.add((s, p, o))


BROKEN = {
    "task without a region": (_drop(TASK, IPKG.region), "shapes:Task-region", "ipkg:region", str(TASK)),
    "agency without a type": (
        _drop(AGENCY, IPKG.agencyType),
        "shapes:Agency-agencyType",
        "ipkg:agencyType",
        str(AGENCY),
    ),
    "target without a value": (
        _drop(TARGET, SCHEMA.value),
        "shapes:Target-value",
        "schema:value",
        str(TARGET),
    ),
    "row number that is a string": (
        _set(TASK, IPKG.rowNumber, Literal("2")),
        "shapes:Task-rowNumber",
        "ipkg:rowNumber",
        str(TASK),
    ),
    "focus area without broadMatch": (
        _drop(FOCUS, SKOS.broadMatch),
        "shapes:FocusArea-broadMatch",
        "skos:broadMatch",
        str(FOCUS),
    ),
    "focus area matched to a concept outside the national scheme": (
        _set(FOCUS, SKOS.broadMatch, URIRef(ID + "measure/0a1b2c3d4e5f")),
        "shapes:FocusArea-broadMatch",
        "skos:broadMatch",
        str(FOCUS),
    ),
    "agency with two types": (
        _add(AGENCY, IPKG.agencyType, URIRef(ID + "agency-type/CUS")),
        "shapes:Agency-agencyType",
        "ipkg:agencyType",
        str(AGENCY),
    ),
    "lead agency not asserted as responsible": (
        lambda g: g.remove((TASK, IPKG.responsibleAgency, AGENCY)),
        "shapes:Task-rolesAreResponsible",
        "(ipkg:responsibleAgency|ipkg:leadAgency|ipkg:supportingAgency)",
        str(TASK),
    ),
    "region without an English label": (
        lambda g: g.remove((REGION, RDFS.label, Literal("Beijing", lang="en"))),
        "shapes:Region-label-en",
        "rdfs:label",
        str(REGION),
    ),
    "range whose maximum is below its value": (
        _set(
            TARGET,
            SCHEMA.maxValue,
            Literal("10", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")),
        ),
        "shapes:Target-range",
        "schema:value",
        str(TARGET),
    ),
    "task description without a language": (
        _set(TASK, URIRef("http://purl.org/dc/terms/description"), Literal("无语言标签")),
        "shapes:Task-description",
        "dcterms:description",
        str(TASK),
    ),
    "task without involvesCollective": (
        _drop(TASK, IPKG.involvesCollective),
        "shapes:Task-involvesCollective",
        "ipkg:involvesCollective",
        str(TASK),
    ),
    "agency not typed as an AgencyType": (
        lambda g: g.remove((URIRef(ID + "agency-type/IPO"), RDF.type, IPKG.AgencyType)),
        "shapes:Agency-agencyType",
        "ipkg:agencyType",
        str(AGENCY),
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_graph_is_caught_by_its_shape(case: str) -> None:
    mutate, shape, path, focus = BROKEN[case]
    graph = valid_graph()
    mutate(graph)
    report = validate_graph(graph)
    assert not report.conforms
    # exactly the rule that the mutation breaks, nothing else
    assert report.shapes_reported() == {shape}, report.summary()
    assert {r.path for r in report.results} == {path}
    focus_short = focus.replace(ID, "id:")
    assert {r.focus_node for r in report.results} == {focus_short}
    assert all(r.severity == "Violation" and r.message for r in report.results)


DATASET = URIRef(ID + "dataset/ipkg")
DCTERMS = Namespace("http://purl.org/dc/terms/")
OTHER_REGION = URIRef(ID + "region/120000")


def _move_task_to_another_region(graph: Graph) -> None:
    graph.add((OTHER_REGION, RDF.type, IPKG.Region))
    graph.add((OTHER_REGION, RDFS.label, Literal("天津市", lang="zh")))
    graph.add((OTHER_REGION, RDFS.label, Literal("Tianjin", lang="en")))
    graph.set((TASK, IPKG.region, OTHER_REGION))  # its focus area 2017/110000-2 stays 北京市's


def _orphan_deliverable(graph: Graph) -> None:
    orphan = URIRef(ID + "deliverable/2017/110000-9")
    graph.add((orphan, RDF.type, IPKG.Deliverable))
    graph.add((orphan, DCTERMS.description, Literal("无人负责的成果", lang="zh")))


# relational errors: (mutation, the shape that must report it, its focus node, words of its message)
RELATIONAL = {
    "task under a focus area of another region": (
        _move_task_to_another_region,
        "shapes:RegionTasksShape",
        "id:region/120000",
        "a focus area of another region",
    ),
    "two tasks of one region and edition with the same row number": (
        _set(URIRef(ID + "task/2017/110000-3"), IPKG.rowNumber, Literal(2)),
        "shapes:RegionTasksShape",
        "id:region/110000",
        "have the same ipkg:rowNumber 2",
    ),
    "a deliverable no task points to": (
        _orphan_deliverable,
        "shapes:Deliverable-task",
        "id:deliverable/2017/110000-9",
        "belongs to exactly one task",
    ),
    "a predicate of the ipkg namespace the ontology does not declare": (
        _add(TASK, IPKG.priority, Literal("high")),
        "shapes:DeclaredPredicatesShape",
        "id:dataset/ipkg",
        "https://w3id.org/ipkg/def#priority is in the ipkg namespace but the ontology",
    ),
    "a dataset without licence": (
        _drop(DATASET, DCTERMS.license),
        "shapes:Dataset-license",
        "id:dataset/ipkg",
        "needs a dcterms:license",
    ),
    "a range without its minimum": (
        _drop(TARGET, SCHEMA.minValue),
        "shapes:TargetRangeHasMinimumShape/schema:minValue",
        "id:target/2017/110000-2-1",
        "also states its schema:minValue",
    ),
    "two English labels of one measure": (
        lambda g: [
            g.add((URIRef(ID + "measure/0a1b2c3d4e5f"), SKOS.prefLabel, Literal(text, lang="en")))
            for text in ("Rapid protection", "Fast enforcement")
        ],
        "shapes:Measure-prefLabel-languages",
        "id:measure/0a1b2c3d4e5f",
        "one per language",
    ),
}


@pytest.mark.parametrize("case", sorted(RELATIONAL))
def test_relational_errors_are_rejected_with_a_clear_message(case: str) -> None:
    mutate, shape, focus, words = RELATIONAL[case]
    graph = valid_graph()
    mutate(graph)
    report = validate_graph(graph)
    assert not report.conforms
    assert report.shapes_reported() == {shape}, report.summary()
    assert {r.focus_node for r in report.results} == {focus}
    assert all(words in r.message for r in report.results), report.summary()


def test_an_english_label_per_language_is_accepted_on_measures_and_focus_areas() -> None:
    graph = valid_graph()
    measure = URIRef(ID + "measure/0a1b2c3d4e5f")
    graph.add((measure, SKOS.prefLabel, Literal("Rapid IP protection", lang="en")))
    graph.add((FOCUS, SKOS.prefLabel, Literal("Enforcing strict IP protection", lang="en")))
    report = validate_graph(graph)
    assert report.conforms, report.summary()


def test_summary_counts_per_shape_and_lists_focus_nodes() -> None:
    graph = valid_graph()
    graph.remove((None, IPKG.region, REGION))  # both tasks and the focus area lose their region
    report = validate_graph(graph)
    counts = report.counts()
    assert counts[("shapes:Task-region", "ipkg:region", "Violation")] == 2
    assert counts[("shapes:FocusArea-region", "ipkg:region", "Violation")] == 1
    text = report.summary(limit=2)
    assert "Conforms: NO" in text
    assert "3 violation(s)" in text
    assert "First 2 of 3 result(s):" in text
    assert "shapes:Task-region" in text and "A task needs exactly one ipkg:region" in text


def test_report_is_a_plain_dataclass() -> None:
    report = validate_graph(valid_graph())
    assert isinstance(report, ValidationReport)
    assert "Conforms: yes" in report.summary()


# ---------------------------------------------------------------------------
# the command


def _write_nt(graph: Graph, build: Path) -> Path:
    build.mkdir(parents=True, exist_ok=True)
    graph.serialize(build / "kg.nt", format="nt", encoding="utf-8")
    return build


def test_cli_on_a_valid_build_exits_0_with_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build = _write_nt(valid_graph(), tmp_path / "build")
    assert main(["validate", "--build", str(build)]) == 0
    out = capsys.readouterr().out
    assert "kg.nt" in out
    assert "Conforms: yes" in out
    assert "Validated" in out and "triples" in out


def test_cli_on_a_broken_build_exits_1_and_names_the_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graph = valid_graph()
    graph.remove((AGENCY, IPKG.agencyType, None))
    build = _write_nt(graph, tmp_path / "build")
    assert main(["validate", "--build", str(build)]) == 1
    out = capsys.readouterr().out
    assert "Conforms: NO" in out
    assert "shapes:Agency-agencyType" in out
    assert "id:agency/aaaaaaaaaaaa" in out


def test_cli_on_a_missing_build_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere"
    assert main(["validate", "--build", str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert "build directory not found" in lines[0] and str(missing) in lines[0]


def test_cli_on_an_empty_build_dir_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--build", str(tmp_path)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_cli_with_a_negative_limit_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build = _write_nt(valid_graph(), tmp_path / "build")
    assert main(["validate", "--build", str(build), "--limit", "-1"]) == 2
    assert "--limit" in capsys.readouterr().err


def test_cli_on_unparsable_nt_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "kg.nt").write_text("this is not n-triples\n", encoding="utf-8")
    assert main(["validate", "--build", str(tmp_path)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_store_is_read_when_there_is_no_nt(tmp_path: Path) -> None:
    """Without kg.nt the pyoxigraph store is opened read-only and gives the same graph."""
    store = pyoxigraph.Store(str(tmp_path / "store"))
    store.load(VALID.read_bytes(), format=pyoxigraph.RdfFormat.TURTLE)
    store.flush()
    del store
    graph, source = load_build_graph(tmp_path)
    assert source == tmp_path / "store"
    assert len(graph) == len(valid_graph())
    assert validate_graph(graph).conforms


# ---------------------------------------------------------------------------
# the real build (tests/conftest.py builds the bundled document once per session)


@pytest.fixture(scope="module")
def real_graph(built_kg: Path) -> Graph:
    graph, source = load_build_graph(built_kg)
    assert source == built_kg / "kg.nt"
    return graph


def test_every_ipkg_term_of_the_real_build_is_declared(real_graph: Graph) -> None:
    """Catches a writer that coins a term the ontology (and so the docs and the page) lacks."""
    declared = set(Graph().parse(ontology_file("ipkg.ttl"), format="turtle").subjects())
    used = {p for p in real_graph.predicates() if p.startswith(IPKG)}
    used |= {o for o in real_graph.objects(None, RDF.type) if o.startswith(IPKG)}
    assert len(used) > 30
    assert used <= declared, sorted(used - declared)


def test_the_real_build_conforms(built_kg: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Through the command, as users run it: exit 0 and the summary says so."""
    code = main(["validate", "--build", str(built_kg)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Conforms: yes" in out
