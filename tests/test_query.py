"""The query pack and `kg query`: loading, typed binding (never splicing), running, formatting."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from support import make_mini_build, start_server, stop_process
from support import run_kg as kg

from kg.errors import InputError
from kg.formats import TABLE_CELL_WIDTH, XSD, _width, format_result, format_table
from kg.pack.loading import PackQuery, load_pack, load_query_file, parse_query
from kg.run import Result, parse_response, run_local

ID = "https://w3id.org/ipkg/id/"


@pytest.fixture(scope="module")
def mini_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_mini_build(tmp_path_factory.mktemp("mini-build"))


def task_ids(result: Result) -> list[str]:
    column = result.variables.index("task")
    return sorted(row[column].value.removeprefix(ID + "task/") for row in result.rows)


def rq(tmp_path: Path, text: str, name: str = "t") -> PackQuery:
    path = tmp_path / f"{name}.rq"
    path.write_text(text, encoding="utf-8")
    return load_query_file(path)


# --- the pack ----------------------------------------------------------------------------------------


def test_pack_is_installed_package_data_and_documented() -> None:
    pack = load_pack()
    assert {"tasks-by-keyword", "tasks-per-region", "agencies-of-region"} <= set(pack)
    assert list(pack) == sorted(pack)
    for name, query in pack.items():
        assert query.name == name and query.summary, f"{name} has no #+ summary"
        assert query.form in ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK"), name
    keyword = pack["tasks-by-keyword"]
    assert [(p.name, p.kind, p.required, p.default) for p in keyword.parameters] == [
        ("keyword", "string", True, "专利")
    ]
    assert keyword.tags == ("tasks", "search")


def test_every_pack_query_runs_on_the_mini_graph(mini_build: Path) -> None:
    for query in load_pack().values():
        result = run_local(mini_build, query, {})  # binds the defaults; no syntax or binding error
        assert result.kind in ("solutions", "boolean", "graph")
        if query.name in ("tasks-by-keyword", "tasks-per-region", "agencies-of-region"):
            assert result.rows, f"{query.name} finds nothing with its defaults"


def test_every_pack_query_answers_on_the_real_build(built_kg: Path) -> None:
    for query in load_pack().values():
        result = run_local(built_kg, query, {})
        assert result.rows or result.triples or result.boolean is not None, f"{query.name} finds nothing"


def test_keyword_search_finds_exactly_the_matching_tasks(mini_build: Path) -> None:
    query = load_pack()["tasks-by-keyword"]
    assert task_ids(run_local(mini_build, query, {"keyword": "专利"})) == ["2017/110000-2", "2017/110000-3"]
    assert task_ids(run_local(mini_build, query, {"keyword": "保护中心"})) == [
        "2017/110000-1",
        "2017/130000-1",
    ]
    assert task_ids(run_local(mini_build, query, {})) == ["2017/110000-2", "2017/110000-3"]  # the default


@pytest.mark.parametrize(
    "name", ["北京市", "北京", "Beijing", "beijing", "110000", ID + "region/110000", f"<{ID}region/110000>"]
)
def test_region_parameter_takes_every_name_people_use(mini_build: Path, name: str) -> None:
    query = load_pack()["agencies-of-region"]
    result = run_local(mini_build, query, {"region": name})
    names = {row[result.variables.index("name")].value: row for row in result.rows}
    assert set(names) == {"北京市知识产权局", "北京市工商局"}
    leads = names["北京市知识产权局"][result.variables.index("leads")]
    assert leads == ox.Literal("2", datatype=ox.NamedNode(XSD + "integer"))
    assert f"<{ID}region/110000>" in query.bind({"region": name})  # the IRI is what the query sees


def test_unknown_region_fails_with_suggestions(mini_build: Path) -> None:
    with pytest.raises(InputError, match=r"unknown region 'Atlantis'"):
        load_pack()["agencies-of-region"].bind({"region": "Atlantis"})
    ran = kg("query", "agencies-of-region", "--param", "region=Guangdon", "--build", str(mini_build))
    assert ran.returncode == 2 and ran.stdout == "" and ran.stderr.count("\n") == 1
    assert "unknown region 'Guangdon'; did you mean 广东省 (Guangdong, 440000)" in ran.stderr


def test_an_exact_name_the_graph_lacks_fails_with_suggestions(mini_build: Path) -> None:
    """agency-portfolio matches the exact @zh term: a name missing from the graph is not "0 rows"."""
    ran = kg("query", "agency-portfolio", "--param", "agency=河北知识产权局", "--build", str(mini_build))
    assert ran.returncode == 2 and ran.stdout == "" and ran.stderr.count("\n") == 1
    assert "the graph has no @zh term '河北知识产权局'; did you mean 河北省知识产权局" in ran.stderr
    ran = kg("query", "agency-portfolio", "--param", "agency=河北省知识产权局", "--build", str(mini_build))
    assert ran.returncode == 0, ran.stderr  # the mini graph's own name (tests/fixtures/mini.ttl)


@pytest.mark.slow
def test_an_exact_name_the_endpoints_graph_lacks_fails_too(mini_build: Path) -> None:
    """The same check with --endpoint: it asks the endpoint (here a real kg serve) whether the term exists."""
    server = start_server(mini_build)
    try:
        ran = kg("query", "agency-portfolio", "--param", "agency=河北知识产权局", "--endpoint", server.url)
        assert ran.returncode == 2 and ran.stdout == "" and ran.stderr.count("\n") == 1, ran.stderr
        assert "the graph has no @zh term '河北知识产权局'; did you mean 河北省知识产权局" in ran.stderr
        ran = kg("query", "agency-portfolio", "--param", "agency=河北省知识产权局", "--endpoint", server.url)
        assert ran.returncode == 0 and "河北" in ran.stdout, ran.stderr
    finally:
        stop_process(server.process)


@pytest.mark.parametrize("name", ["IPO", "ipo", "知识产权局", "Intellectual Property Office"])
def test_agency_type_parameter_takes_code_chinese_and_english(name: str) -> None:
    assert f"<{ID}agency-type/IPO>" in load_pack()["agencies-of-type"].bind({"agencyType": name})


def test_unknown_agency_type_fails_with_suggestions() -> None:
    with pytest.raises(
        InputError, match=r"unknown agency type 'court'; did you mean 人民法院 \(People's Court, CRT\)"
    ):
        load_pack()["agencies-of-type"].bind({"agencyType": "court"})


def test_tasks_per_region_counts(mini_build: Path) -> None:
    result = run_local(mini_build, load_pack()["tasks-per-region"], {})
    counts = {row[1].value: (int(row[2].value), int(row[3].value), int(row[4].value)) for row in result.rows}
    assert counts == {"Beijing": (3, 2, 2), "Hebei": (1, 1, 1)}


# --- binding is typed, never spliced -------------------------------------------------------------------


@pytest.mark.parametrize(
    "evil", ['"} DROP ALL #', '"} } ; DELETE WHERE { ?s ?p ?o } #', 'a"b\\', "line\nbreak", "'''", '"""']
)
def test_hostile_values_are_just_strings(mini_build: Path, evil: str) -> None:
    query = load_pack()["tasks-by-keyword"]
    text = query.bind({"keyword": evil})
    assert str(ox.Literal(evil)) in text
    assert run_local(mini_build, query, {"keyword": evil}).rows == []
    store = ox.Store.read_only(str(mini_build / "store"))
    assert len(store) == len(ox.Store.read_only(str(mini_build / "store"))) > 100


def test_parameters_are_bound_wherever_the_query_uses_them(mini_build: Path) -> None:
    """Each use of the variable becomes the term: in a sub-select, in HAVING, in a FILTER inside OPTIONAL
    or EXISTS; never in strings, IRIs or comments."""
    text = (
        "PREFIX ipkg: <https://w3id.org/ipkg/def#>\n# a comment with { and ?_fake\n"
        "SELECT ?row ?late WHERE {\n"
        "  { SELECT ?task WHERE { ?task ipkg:responsibleAgency ?agency ; ipkg:region ?_region_iri }\n"
        "    GROUP BY ?task HAVING (COUNT(?agency) >= ?_agencies_integer) }\n"
        '  OPTIONAL { ?task ipkg:rowNumber ?r1 FILTER (?r1 > ?_after_integer) BIND ("late" AS ?late) }\n'
        "  FILTER EXISTS { ?task ipkg:rowNumber ?r2 FILTER (?r2 <= ?_upto_integer) }\n"
        "  ?task ipkg:rowNumber ?row .\n"
        '  FILTER (?task != <http://ex/?_upto_integer> && "?_upto_integer" != "")\n'
        "}"
    )
    query = parse_query(text, "everywhere")
    params = {"region": "北京市", "agencies": "1", "after": "1", "upto": "2"}
    bound = query.bind(params)
    assert "# a comment with { and ?_fake" in bound and "<http://ex/?_upto_integer>" in bound
    assert '"?_upto_integer"' in bound and bound.count("?_") == 3  # the comment, the IRI, the string
    result = run_local(mini_build, query, params)
    # mini graph (tests/fixtures/mini.ttl): 北京 has rows 1-3, 河北 row 1; each task names an agency
    assert sorted((int(row[0].value), row[1] is not None) for row in result.rows) == [
        (1, False),  # 北京 row 1: not after 1 (河北's row 1 is another region)
        (2, True),  # 北京 row 2: late (row 3 is beyond upto=2)
    ]


@pytest.mark.parametrize(
    ("text", "line", "place"),
    [
        ("SELECT ?_x WHERE {\n ?s ?p ?_x }", 1, "the SELECT clause"),
        ("SELECT ?s WHERE {\n ?s ?p ?o\n BIND (?o AS ?_x) }", 3, "AS ?…"),
        ("SELECT ?s WHERE {\n VALUES ?_x { 1 2 }\n ?s ?p ?_x }", 2, "VALUES"),
        ("SELECT ?s WHERE {\n VALUES (?s ?_x) { (1 2) } }", 2, "VALUES"),
        ("SELECT ?s WHERE { ?s ?p ?_x }\nGROUP BY ?s ?_x", 2, "GROUP BY"),
        ("SELECT ?s WHERE { ?s ?p ?o }\nORDER BY ?_x", 2, "ORDER BY"),
        ("SELECT ?s WHERE { ?s ?p ?o\n FILTER (!BOUND(?__x)) }", 2, "BOUND"),
    ],
)
def test_a_parameter_where_no_value_can_stand_is_refused_at_load(
    tmp_path: Path, text: str, line: int, place: str
) -> None:
    with pytest.raises(InputError, match=rf"t\.rq:{line}: parameter \?_+x stands in {re.escape(place)}"):
        rq(tmp_path, text)


def test_other_places_a_value_cannot_stand_are_found_by_the_parser_at_load(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"t\.rq:3: a parameter stands where a bound value cannot"):
        rq(tmp_path, "SELECT ?s WHERE {\n  ?s ?p ?o .\n  ?s ?_p ?o }")  # a literal cannot be a predicate
    assert rq(tmp_path, "SELECT ?s WHERE {\n  ?s ?p ?o .\n  ?s ?_p_iri ?o }").parameters  # an IRI can


def test_every_pack_query_binds_to_valid_sparql() -> None:
    store = ox.Store()
    for query in load_pack().values():
        store.query(query.bind())  # a syntax error would raise


def test_a_required_parameter_without_default_is_refused(tmp_path: Path, mini_build: Path) -> None:
    query = rq(tmp_path, "SELECT ?t WHERE { ?t <https://w3id.org/ipkg/def#rowNumber> ?_row_integer }", "need")
    with pytest.raises(InputError, match=r"query need needs parameter 'row' \(xsd:integer\)"):
        query.bound({})
    ran = kg("query", str(tmp_path / "need.rq"), "--build", str(mini_build))
    assert ran.returncode == 2 and ran.stdout == "" and "needs parameter 'row'" in ran.stderr


def test_a_default_used_is_reported(mini_build: Path) -> None:
    query = load_pack()["tasks-by-keyword"]
    assert dict(query.bound({}).defaults_used) == {"keyword": "专利"}
    assert dict(query.bound({"keyword": "专利"}).defaults_used) == {}
    ran = kg("query", "tasks-by-keyword", "--build", str(mini_build))
    assert ran.returncode == 0
    assert ran.stderr == "kg query: parameter 'keyword' not given: using its default '专利'\n"
    given = kg("query", "tasks-by-keyword", "--param", "keyword=专利", "--build", str(mini_build))
    assert given.returncode == 0 and given.stderr == "" and given.stdout == ran.stdout


def test_show_query_prints_the_exact_bound_text(mini_build: Path) -> None:
    shown = kg("query", "agencies-of-region", "--param", "region=Hebei", "--show-query")
    assert shown.returncode == 0, shown.stderr
    assert f"ipkg:region <{ID}region/130000>" in shown.stdout and "?_region" not in shown.stdout
    # pasted into any endpoint (here pyoxigraph itself, on the same store) it gives kg query's answer
    store = ox.Store.read_only(str(mini_build / "store"))
    pasted = [[term.value for term in row] for row in store.query(shown.stdout)]
    ran = kg(
        "query",
        "agencies-of-region",
        "--param",
        "region=Hebei",
        "--format",
        "csv",
        "--build",
        str(mini_build),
    )
    assert [row for row in csv.reader(io.StringIO(ran.stdout))][1:] == pasted


def test_typed_parameters(tmp_path: Path, mini_build: Path) -> None:
    query = rq(
        tmp_path,
        """
        PREFIX ipkg: <https://w3id.org/ipkg/def#>
        SELECT ?task WHERE {
          ?task ipkg:rowNumber ?_row_integer ; ipkg:region ?_place_iri .
          OPTIONAL { ?task ipkg:agenciesText ?a }
          FILTER (COALESCE(?a = ?__agencies_zh, true))   # true when the optional parameter is not given
        }""",
    )
    kinds = {p.name: (p.kind, p.required, p.type_label) for p in query.parameters}
    assert kinds == {
        "row": ("typed", True, "xsd:integer"),
        "place": ("iri", True, "iri"),
        "agencies": ("lang", False, "string@zh"),
    }
    beijing = ID + "region/110000"
    assert task_ids(run_local(mini_build, query, {"row": "2", "place": beijing})) == ["2017/110000-2"]
    assert task_ids(
        run_local(mini_build, query, {"row": "1", "place": f"<{beijing}>", "agencies": "市知识产权局"})
    ) == ["2017/110000-1"]
    assert (
        task_ids(run_local(mini_build, query, {"row": "2", "place": beijing, "agencies": "市知识产权局"}))
        == []
    )
    # an optional parameter left out stays a variable, unbound
    assert "COALESCE(?a = ?__agencies_zh, true)" in query.bind({"row": "2", "place": beijing})
    with pytest.raises(InputError, match="not a valid integer"):
        query.bind({"row": "2; DROP", "place": beijing})
    with pytest.raises(InputError, match="not an absolute IRI"):
        query.bind({"row": "2", "place": "beijing"})
    with pytest.raises(InputError, match="not an IRI"):
        query.bind({"row": "2", "place": "http://a b"})
    with pytest.raises(InputError, match="needs parameter 'place'"):
        query.bind({"row": "2"})
    with pytest.raises(InputError, match="unknown parameter 'colour'"):
        query.bind({"row": "2", "place": beijing, "colour": "red"})


@pytest.mark.parametrize(
    ("variable", "good", "bad"),
    [
        ("?_d_date", "2017-04-01", "2017-02-30"),
        ("?_n_number", "1.5e3", "many"),
        ("?_b_boolean", "true", "yes"),
        ("?_v_decimal", "-0.25", "1/4"),
        ("?_y_gYear", "2017", "17"),
    ],
)
def test_lexical_forms_are_checked(variable: str, good: str, bad: str) -> None:
    query = parse_query(f"SELECT * WHERE {{ ?s ?p {variable} }}", "t")
    assert variable not in query.bind({query.parameters[0].name: good})
    with pytest.raises(InputError, match="not a"):
        query.bind({query.parameters[0].name: bad})


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p ?_a_b_c }",
        "SELECT * WHERE { ?s ?p ?_x_nosuch }",
        "SELECT * WHERE { ?s ?p ?_ }",
        "SELECT * WHERE { ?s ?_x ?_x_iri }",
    ],
)
def test_bad_parameter_names_are_refused(text: str) -> None:
    with pytest.raises(InputError):
        parse_query(text, "t")


def test_decorators(tmp_path: Path) -> None:
    query = rq(
        tmp_path,
        """#+ summary: "Quoted: summary"
#+ description: |
#+   Line one.
#+   Line two.
#+ tags: [a, b]
#+ defaults:
#+   - year: 2017
#+   - region: 北京市
#+ endpoint: http://ignored.example/sparql
SELECT * WHERE { ?s ?p ?_year_integer ; ?q ?_region }""",
    )
    assert query.summary == "Quoted: summary"
    assert query.description == "Line one.\nLine two."
    assert query.tags == ("a", "b")
    assert dict(query.defaults) == {"year": "2017", "region": "北京市"}
    assert '"2017"^^<http://www.w3.org/2001/XMLSchema#integer>' in query.bind()
    with pytest.raises(InputError, match="default for unknown parameter"):
        rq(tmp_path, "#+ defaults:\n#+   - nope: 1\nSELECT * WHERE { ?s ?p ?o }", "u")
    with pytest.raises(InputError, match="not a valid integer"):
        rq(tmp_path, "#+ defaults:\n#+   - n: x\nSELECT * WHERE { ?s ?p ?_n_integer }", "v")


def test_decorators_are_yaml_as_grlc_reads_them(tmp_path: Path) -> None:
    """Plain YAML (yaml.safe_load), not a look-alike: quoting rules, multi-line flow lists, comments."""
    query = rq(
        tmp_path,
        """#+ summary: 'It''s a summary: with a colon'
#+ tags: [a,
#+        b]   # a YAML comment
#+ description: "tab\\there"
#+ defaults:
#+   - flag: true
#+   - day: 2017-04-01
SELECT * WHERE { ?s ?p ?_flag_boolean ; ?q ?_day_date }""",
    )
    assert query.summary == "It's a summary: with a colon"
    assert query.tags == ("a", "b")
    assert query.description == "tab\there"
    assert dict(query.defaults) == {"flag": "true", "day": "2017-04-01"}


def test_bad_yaml_in_decorators_names_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"y\.rq:2: bad #\+ decorators \(YAML\)"):
        rq(tmp_path, "#+ summary: fine\n#+ tags: [unclosed\nSELECT * WHERE { ?s ?p ?o }", "y")


# --- formatting ----------------------------------------------------------------------------------------


AGENCIES = """PREFIX ipkg: <https://w3id.org/ipkg/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?agency ?name ?type (COUNT(DISTINCT ?task) AS ?tasks) (COUNT(DISTINCT ?led) AS ?leads) WHERE {
  ?r rdfs:label ?key . FILTER (STR(?key) = ?_region)
  ?task ipkg:region ?r ; ipkg:responsibleAgency ?agency .
  ?agency rdfs:label ?name ; ipkg:agencyType/skos:notation ?type .
  OPTIONAL { ?task ipkg:leadAgency ?agency . BIND (?task AS ?led) }
} GROUP BY ?agency ?name ?type ORDER BY ?name"""


def test_formats(mini_build: Path) -> None:
    result = run_local(mini_build, parse_query(AGENCIES, "agencies"), {"region": "河北省"})
    table = format_result(result, "table").splitlines()
    assert table[0].split() == ["agency", "name", "type", "tasks", "leads"]
    assert table[2].split() == ["id:agency/bbbbbbbbbbb3", "河北省知识产权局", "IPO", "1", "1"]
    assert table[-1] == "(1 row)"
    rows = list(csv.reader(io.StringIO(format_result(result, "csv"))))
    assert rows == [
        ["agency", "name", "type", "tasks", "leads"],
        [ID + "agency/bbbbbbbbbbb3", "河北省知识产权局", "IPO", "1", "1"],
    ]
    tsv = format_result(result, "tsv").splitlines()
    assert tsv == [
        "?agency\t?name\t?type\t?tasks\t?leads",
        f'<{ID}agency/bbbbbbbbbbb3>\t"河北省知识产权局"@zh\t"IPO"\t1\t1',
    ]
    document = json.loads(format_result(result, "json"))
    assert document["head"]["vars"] == ["agency", "name", "type", "tasks", "leads"]
    binding = document["results"]["bindings"][0]
    assert binding["name"] == {"type": "literal", "value": "河北省知识产权局", "xml:lang": "zh"}
    assert binding["tasks"] == {"type": "literal", "value": "1", "datatype": XSD + "integer"}
    # the JSON is standard: pyoxigraph's own results parser reads it back to the same terms
    parsed = parse_response(format_result(result, "json").encode(), "application/sparql-results+json")
    assert parsed.rows == result.rows and parsed.variables == result.variables


def test_table_is_aligned_for_cjk_and_clips_long_cells() -> None:
    result = Result(
        "solutions",
        ["a", "b"],
        [(ox.Literal("北京"), ox.Literal("x")), (ox.Literal("abcd"), ox.Literal("长" * 100))],
    )
    lines = format_table(result).splitlines()
    # "北京" is four columns wide, like "abcd": the second column starts at the same screen column
    assert _width(lines[2][: lines[2].index("x")]) == _width(lines[3][: lines[3].index("长")]) == 6
    clipped = lines[3][lines[3].index("长") :]
    assert clipped.endswith("…") and TABLE_CELL_WIDTH - 1 <= _width(clipped) <= TABLE_CELL_WIDTH


def test_ask_and_construct_output(mini_build: Path, tmp_path: Path) -> None:
    ask = rq(tmp_path, "ASK { ?t <https://w3id.org/ipkg/def#rowNumber> ?_n_integer }", "ask")
    assert format_result(run_local(mini_build, ask, {"n": "3"}), "table") == "true\n"
    assert json.loads(format_result(run_local(mini_build, ask, {"n": "9"}), "json")) == {
        "head": {},
        "boolean": False,
    }
    construct = rq(
        tmp_path,
        """PREFIX ipkg: <https://w3id.org/ipkg/def#>
        CONSTRUCT { ?t ipkg:rowNumber ?n } WHERE { ?t ipkg:rowNumber ?n ; ipkg:region ?_r_iri }""",
        "c",
    )
    turtle = format_result(run_local(mini_build, construct, {"r": ID + "region/130000"}), "csv")
    assert "@prefix ipkg: <https://w3id.org/ipkg/def#>" in turtle
    graph = list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))
    assert [(t.subject.value, t.object.value) for t in graph] == [(ID + "task/2017/130000-1", "1")]
    # --format json on a graph is JSON-LD: the same triples read back
    jsonld = format_result(run_local(mini_build, construct, {"r": ID + "region/130000"}), "json")
    assert list(ox.parse(jsonld.encode(), format=ox.RdfFormat.JSON_LD)) == graph
    assert json.loads(jsonld)[0]["@id"] == graph[0].subject.value


# --- the command line ----------------------------------------------------------------------------------


def test_cli_lists_and_runs(mini_build: Path) -> None:
    listing = kg("queries")
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    assert any(
        line.split(None, 1) == ["tasks-by-keyword", load_pack()["tasks-by-keyword"].summary] for line in lines
    )
    ran = kg(
        "query",
        "tasks-by-keyword",
        "--param",
        "keyword=保护中心",
        "--format",
        "csv",
        "--build",
        str(mini_build),
    )
    assert ran.returncode == 0, ran.stderr
    header, *rows = csv.reader(io.StringIO(ran.stdout))
    assert [row[header.index("task")] for row in rows] == [
        ID + "task/2017/110000-1",
        ID + "task/2017/130000-1",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "no-such-query"], "unknown query 'no-such-query'"),
        (["query", "tasks-by-keyword", "--param", "colour=red"], "unknown parameter 'colour'"),
        (["query", "tasks-by-keyword", "--param", "keyword"], "bad --param"),
        (["query", "agencies-of-region", "--build", "/nonexistent/build"], "no built store"),
        (["query", "tasks-by-keyword", "--endpoint", "http://127.0.0.1:9/query"], "cannot reach endpoint"),
        (["query", "missing.rq"], "no such query file"),
    ],
)
def test_cli_errors_are_one_line(mini_build: Path, args: list[str], message: str) -> None:
    if "--build" not in args and "--endpoint" not in args:
        args = [*args, "--build", str(mini_build)]
    ran = kg(*args)
    assert ran.returncode == 2
    assert ran.stdout == ""
    assert ran.stderr.count("\n") == 1 and message in ran.stderr and "Traceback" not in ran.stderr


def test_cli_syntax_error_is_one_line(mini_build: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE { ?x ?y }", encoding="utf-8")
    ran = kg("query", str(bad), "--build", str(mini_build))
    assert ran.returncode == 2 and ran.stderr.startswith("kg query: error: syntax error in bad")
    assert ran.stderr.count("\n") == 1
