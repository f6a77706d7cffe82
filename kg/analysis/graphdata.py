"""What the analyses need from the graph, read through SPARQL only.

The analysis layer never imports the parser or the entity modules: the store (and its contract) is the
interface, so the analyses work on any build that follows the graph contract. Namespaces come from
``kg.rdf.terms``, their one definition.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources

import pyoxigraph as ox

from kg.rdf.terms import DEF as IPKG
from kg.rdf.terms import PREFIXES as NAMESPACES

PREFIXES = "".join(
    f"PREFIX {name}: <{NAMESPACES[name]}>\n" for name in ("ipkg", "rdfs", "skos", "dcterms", "prov")
)

UNKNOWN_TYPE = "OTH"


@dataclass(frozen=True)
class AgencyType:
    code: str
    label_zh: str
    label_en: str


@dataclass(frozen=True)
class Region:
    iri: str
    key: str  # last segment of the IRI: GB/T 2260 code or ``xpcc``
    label_zh: str
    label_en: str


@dataclass(frozen=True)
class AgencyRecord:
    iri: str
    key: str
    label: str
    type_code: str
    jurisdiction: str  # region key ("" where the graph names none)
    printed: tuple[str, ...] = ()  # the forms printed in the cells (skos:altLabel), longest first


@dataclass(frozen=True)
class FocusAreaRef:
    code: str  # national focus-area notation "1".."6" ("" where unmatched)
    label_zh: str
    label_en: str


@dataclass
class Task:
    iri: str
    key: str
    region: str  # region key
    row: int
    description: str
    national_focus: str  # notation "1".."6" or ""
    measures: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()  # agency IRIs, sorted; includes leads and supporters
    lead: tuple[str, ...] = ()
    supporting: tuple[str, ...] = ()
    collective: bool = False
    agencies_text: str = ""  # the 责任部门 cell as printed (ipkg:agenciesText), for listing order


@dataclass
class GraphData:
    """Everything the analyses read, in deterministic order (regions in document order, the rest sorted)."""

    regions: list[Region]
    agencies: dict[str, AgencyRecord]
    tasks: list[Task]
    measures: dict[str, str]  # IRI -> Chinese label
    focus_areas: list[FocusAreaRef]  # the national focus areas, by notation
    agency_types: list[AgencyType]  # the scheme, in the CSV's order
    type_by_code: dict[str, AgencyType] = field(default_factory=dict)
    #: the editions (years) in the graph; with several, only the latest one's tasks are kept
    editions: list[str] = field(default_factory=list)

    @property
    def edition(self) -> str:
        """The edition analysed ("" for a graph whose tasks name no dated source)."""
        return self.editions[-1] if self.editions else ""

    def tasks_of(self, region_key: str | None) -> list[Task]:
        return [t for t in self.tasks if region_key is None or t.region == region_key]


def iri_key(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def load_agency_types() -> list[AgencyType]:
    """The agency-type scheme as shipped in kg/data (the legend's order and bilingual labels)."""
    text = resources.files("kg").joinpath("data/agency-types.csv").read_text(encoding="utf-8")
    return [AgencyType(r["code"], r["label_zh"], r["label_en"]) for r in csv.DictReader(text.splitlines())]


#: A SPARQL SELECT runner: query text -> rows (variable -> the term's value, "" where unbound). The analyses
#: read the graph through one; ``select_on`` makes it for a pyoxigraph store (any other SPARQL engine can
#: stand in: benchmarks/bench_build.py runs the same analyses reading through rdflib).
Select = Callable[[str], list[dict[str, str]]]


def select_on(store: ox.Store) -> Select:
    def select(query: str) -> list[dict[str, str]]:
        solutions = store.query(query)
        assert isinstance(solutions, ox.QuerySolutions)  # only SELECT queries come here
        names = [v.value for v in solutions.variables]
        out = []
        for solution in solutions:
            row = {}
            for name in names:
                term = solution[name]
                row[name] = "" if term is None else term.value
            out.append(row)
        return out

    return select


def load(store: ox.Store | Select) -> GraphData:
    """Read regions, agencies, tasks (with roles, measures, national focus area) from the store (or through
    any ``Select``)."""
    select = select_on(store) if isinstance(store, ox.Store) else store

    def rows(query: str) -> list[dict[str, str]]:
        return select(PREFIXES + query)

    types = load_agency_types()
    type_by_code = {t.code: t for t in types}

    region_rows = rows(
        """SELECT ?r ?zh ?en (MIN(?line) AS ?first) WHERE {
             ?r a ipkg:Region ; rdfs:label ?zh . FILTER(LANG(?zh) = "zh")
             OPTIONAL { ?r rdfs:label ?en . FILTER(LANG(?en) = "en") }
             OPTIONAL { ?t ipkg:region ?r ; ipkg:firstLine ?line }
           } GROUP BY ?r ?zh ?en""",
    )

    def region_order(row: dict[str, str]) -> tuple[int, str]:
        return (int(row["first"]) if row["first"] else 10**9, row["r"])

    regions = [
        Region(r["r"], iri_key(r["r"]), r["zh"], r["en"] or r["zh"])
        for r in sorted(region_rows, key=region_order)
    ]
    region_keys = {r.iri: r.key for r in regions}

    agencies: dict[str, AgencyRecord] = {}
    printed: dict[str, set[str]] = {}
    for row in rows("SELECT ?a ?alt WHERE { ?a a ipkg:Agency ; skos:altLabel ?alt }"):
        printed.setdefault(row["a"], set()).add(row["alt"])
    for row in rows(
        """SELECT ?a (SAMPLE(?l) AS ?label) (SAMPLE(?code) AS ?type) (SAMPLE(?ty) AS ?typeIri)
                  (SAMPLE(?j) AS ?jur) WHERE {
             ?a a ipkg:Agency .
             OPTIONAL { ?a rdfs:label ?l . FILTER(LANG(?l) = "zh" || LANG(?l) = "") }
             OPTIONAL { ?a ipkg:agencyType ?ty . OPTIONAL { ?ty skos:notation ?code } }
             OPTIONAL { ?a ipkg:jurisdiction ?j }
           } GROUP BY ?a""",
    ):
        code = row["type"] or (iri_key(row["typeIri"]) if row["typeIri"] else UNKNOWN_TYPE)
        if code not in type_by_code:
            code = UNKNOWN_TYPE
        iri = row["a"]
        agencies[iri] = AgencyRecord(
            iri,
            iri_key(iri),
            row["label"] or iri_key(iri),
            code,
            region_keys.get(row["jur"], ""),
            tuple(sorted(printed.get(iri, ()), key=lambda form: (-len(form), form))),
        )

    focus_rows = rows(
        """SELECT ?n ?code ?zh ?en WHERE {
             ?n a ipkg:NationalFocusArea ; skos:notation ?code .
             OPTIONAL { ?n skos:prefLabel ?zh . FILTER(LANG(?zh) = "zh") }
             OPTIONAL { ?n skos:prefLabel ?en . FILTER(LANG(?en) = "en") }
           }""",
    )
    focus_areas = sorted(
        (FocusAreaRef(r["code"], r["zh"], r["en"] or r["zh"]) for r in focus_rows),
        key=lambda f: (len(f.code), f.code),
    )

    # The edition analysed: the latest year a task's source document was issued (docs/contract.md). With
    # several editions in the graph, every task-level query below keeps only that edition's tasks, so
    # reading costs the same at 16 editions as at one.
    issued = rows(
        "SELECT DISTINCT ?source ?issued WHERE { ?t a ipkg:Task ; prov:wasDerivedFrom ?source . "
        "?source dcterms:issued ?issued }",
    )
    editions = sorted({row["issued"][:4] for row in issued})
    only_latest = ""
    if len(editions) > 1:  # one edition's networks: the latest (tasks of two years never mix)
        latest = " ".join(f"<{row['source']}>" for row in issued if row["issued"][:4] == editions[-1])
        only_latest = f"VALUES ?source {{ {latest} }} ?t prov:wasDerivedFrom ?source ."

    # the national focus area of each printed focus area, joined to the tasks in Python: as an OPTIONAL
    # property path inside the task query it tripled that query's time on the on-disk store
    national_of = {
        row["f"]: row["code"]
        for row in rows("SELECT ?f ?code WHERE { ?f skos:broadMatch/skos:notation ?code }")
    }
    task_focus = {
        row["t"]: row["f"] for row in rows(f"SELECT ?t ?f WHERE {{ {only_latest} ?t ipkg:focusArea ?f }}")
    }
    tasks: dict[str, Task] = {}
    for row in rows(
        f"""SELECT ?t ?r ?row (SAMPLE(?d) AS ?desc) (SAMPLE(?c) AS ?coll) (SAMPLE(?x) AS ?text) WHERE {{
             {only_latest}
             ?t a ipkg:Task ; ipkg:region ?r .
             OPTIONAL {{ ?t ipkg:rowNumber ?row }}
             OPTIONAL {{ ?t dcterms:description ?d }}
             OPTIONAL {{ ?t ipkg:involvesCollective ?c }}
             OPTIONAL {{ ?t ipkg:agenciesText ?x }}
           }} GROUP BY ?t ?r ?row""",
    ):
        iri = row["t"]
        tasks[iri] = Task(
            iri=iri,
            key=iri_key(iri),
            region=region_keys.get(row["r"], iri_key(row["r"])),
            row=int(row["row"]) if row["row"] else 0,
            description=row["desc"],
            national_focus=national_of.get(task_focus.get(iri, ""), ""),
            collective=row["coll"] == "true",
            agencies_text=row["text"],
        )

    roles: dict[str, dict[str, set[str]]] = {}
    for row in rows(
        f"""SELECT ?t ?p ?a WHERE {{
             {only_latest}
             VALUES ?p {{ ipkg:responsibleAgency ipkg:leadAgency ipkg:supportingAgency }}
             ?t ?p ?a .  # only the tasks read above are kept
           }}""",
    ):
        by_role = roles.setdefault(row["t"], {"r": set(), "l": set(), "s": set()})
        role = {"responsibleAgency": "r", "leadAgency": "l", "supportingAgency": "s"}[row["p"][len(IPKG) :]]
        by_role[role].add(row["a"])
    for iri, by_role in roles.items():
        task = tasks.get(iri)
        if task is None:
            continue
        for agency in by_role["r"] | by_role["l"] | by_role["s"]:
            if agency not in agencies:  # a dangling link: keep the task analysable
                agencies[agency] = AgencyRecord(agency, iri_key(agency), iri_key(agency), UNKNOWN_TYPE, "")
        task.responsible = tuple(sorted(by_role["r"] | by_role["l"] | by_role["s"]))
        task.lead = tuple(sorted(by_role["l"]))
        task.supporting = tuple(sorted(by_role["s"]))

    measures: dict[str, str] = {}
    task_measures: dict[str, set[str]] = {}
    for row in rows(
        f"""SELECT ?t ?m (SAMPLE(?l) AS ?label) WHERE {{
             {only_latest}
             ?t a ipkg:Task ; ipkg:measure ?m .
             OPTIONAL {{ ?m skos:prefLabel ?l }}
           }} GROUP BY ?t ?m""",
    ):
        measures[row["m"]] = row["label"] or iri_key(row["m"])
        task_measures.setdefault(row["t"], set()).add(row["m"])
    for iri, ms in task_measures.items():
        if iri in tasks:
            tasks[iri].measures = tuple(sorted(ms))

    order = {r.key: i for i, r in enumerate(regions)}
    task_list = sorted(
        tasks.values(), key=lambda t: (order.get(t.region, len(order)), t.region, t.row, t.iri)
    )
    return GraphData(
        regions=regions,
        agencies=dict(sorted(agencies.items())),
        tasks=task_list,
        measures=dict(sorted(measures.items())),
        focus_areas=focus_areas,
        agency_types=types,
        type_by_code=type_by_code,
        editions=editions,
    )
