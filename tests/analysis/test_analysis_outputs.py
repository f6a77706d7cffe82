"""The written outputs: tidy CSVs and their data dictionary, RDF results, determinism, `kg analyze`."""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from support import alive, dead_pid

from kg.analysis import data_dictionary, result_triples
from kg.analysis.run import AnalysisSummary, run_analyses
from kg.cli import main
from kg.errors import InputError
from kg.staging import BUILD_MARKER

A = "https://w3id.org/ipkg/id/agency/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_table_written_with_documented_columns(mini_run: tuple[Path, AnalysisSummary]) -> None:
    out, _ = mini_run
    readme = (out / "analysis" / "README.md").read_text(encoding="utf-8")
    for table in data_dictionary.TABLES:
        path = out / "analysis" / table.name
        header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header == [c for c, _ in table.columns]
        assert f"## {table.name}" in readme
        for column in header:
            assert f"| `{column}` |" in readme


def test_csv_values(mini_run: tuple[Path, AnalysisSummary]) -> None:
    out, _ = mini_run
    networks = {r["network"]: r for r in read_csv(out / "analysis" / "networks.csv")}
    assert list(networks) == ["national", "110000", "120000", "xpcc"]
    assert networks["110000"]["density"] == "0.400000"
    assert networks["110000"]["ipo_lead_share"] == "0.500000"
    assert networks["xpcc"]["density"] == ""  # undefined for one agency
    edges = read_csv(out / "analysis" / "co_responsibility_edges.csv")
    ipo_aic = next(
        e
        for e in edges
        if e["network"] == "110000" and {e["agency_a"], e["agency_b"]} == {A + "bj-ipo", A + "bj-aic"}
    )
    assert ipo_aic["shared_tasks"] == "3" and ipo_aic["tasks"] == "110000-1 110000-2 110000-6"
    assert len(edges) == 4 + 3 and {e["network"] for e in edges} == {"110000", "120000"}  # no national copies
    centrality = read_csv(out / "analysis" / "agency_centrality.csv")
    assert not [r for r in centrality if r["network"] == "national"]  # agencies measured in regions only
    assert len(centrality) == 5 + 3 + 1
    assert networks["national"]["density"] == networks["national"]["communities"] == ""
    assert networks["national"]["ties"] == "7"
    similarity = read_csv(out / "analysis" / "region_similarity.csv")
    assert len(similarity) == 9


def test_rdf_results_answer_the_five_most_central_agencies_per_region(
    mini_run: tuple[Path, AnalysisSummary], fresh_mini_store
) -> None:
    _, summary = mini_run
    store = fresh_mini_store()
    store.extend(summary.quads)
    rows = [
        (s["region"].value.rsplit("/", 1)[1], s["agency"].value[len(A) :], float(s["pagerank"].value))
        for s in store.query(result_triples.TOP_AGENCIES_QUERY)
    ]
    by_region: dict[str, list[str]] = {}
    for region, agency, _ in rows:
        by_region.setdefault(region, []).append(agency)
    assert by_region["110000"][0] == "bj-ipo" and len(by_region["110000"]) == 5
    assert set(by_region["120000"]) == {"tj-ipo", "tj-sci", "tj-fin"}
    assert by_region["xpcc"] == ["xpcc-ipo"]
    ask = """PREFIX ipkg: <https://w3id.org/ipkg/def#>
    ASK { <https://w3id.org/ipkg/id/network/110000> a ipkg:Network ; ipkg:density 0.4 ;
          ipkg:region <https://w3id.org/ipkg/id/region/110000> .
          <https://w3id.org/ipkg/id/agency/bj-ipo> ipkg:centrality ?c .
          ?c a ipkg:AgencyCentrality ; ipkg:network <https://w3id.org/ipkg/id/network/110000> ;
             ipkg:degree 3 ; ipkg:weightedDegree 5.0 }"""
    assert store.query(ask)
    national = """PREFIX ipkg: <https://w3id.org/ipkg/def#>
    ASK { { ?c ipkg:network <https://w3id.org/ipkg/id/network/national> }
          UNION { <https://w3id.org/ipkg/id/network/national> ipkg:density ?d } }"""
    assert not store.query(national)


def test_region_comparison(mini_run: tuple[Path, AnalysisSummary]) -> None:
    out, _ = mini_run
    rows = {r["region"]: r for r in read_csv(out / "analysis" / "region_comparison.csv")}
    assert list(rows) == ["110000", "120000", "xpcc"]
    beijing = rows["110000"]
    assert (beijing["agencies"], beijing["ties"], beijing["repeated_ties"]) == ("5", "4", "1")
    assert beijing["weighted_centralization"] == f"{13 / 18:.6f}" and beijing["fragmentation"] == "0.400000"
    assert beijing["ipo_tie_share"] == "0.750000" and beijing["largest_component_share"] == "0.800000"
    assert 0 < float(beijing["ties_p"]) <= 1 and float(beijing["expected_ties"]) > 0
    corps = rows["xpcc"]  # one agency: nothing to randomise
    assert (corps["ties"], corps["expected_ties"], corps["ties_z"], corps["ties_p"]) == (
        "0",
        "0.000000",
        "",
        "1.000000",
    )


def test_two_runs_give_identical_files(
    tmp_path: Path, mini_run: tuple[Path, AnalysisSummary], fresh_mini_store
) -> None:
    first, summary = mini_run
    second = tmp_path / "again"
    again = run_analyses(fresh_mini_store(), second)
    assert [str(q) for q in again.quads] == [str(q) for q in summary.quads]
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for relative in files:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative


def _mini_build(build: Path, mini_ttl: Path) -> ox.Store:
    """A build folder holding only a store with the mini graph (what `kg analyze` needs), open for edits."""
    (build / "store").mkdir(parents=True)
    store = ox.Store(str(build / "store"))
    store.load(path=str(mini_ttl), format=ox.RdfFormat.TURTLE)
    return store


def test_kg_analyze_replaces_earlier_results(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mini_ttl: Path
) -> None:
    build = tmp_path / "build"
    store = _mini_build(build, mini_ttl)
    # a stale result from an earlier run, which must disappear
    stale = ox.NamedNode("https://w3id.org/ipkg/id/centrality/national-gone")
    store.add(ox.Quad(ox.NamedNode(A + "bj-ipo"), result_triples.term("centrality"), stale))
    store.add(ox.Quad(stale, result_triples.term("degree"), result_triples.integer(99)))
    base = len(store) - 2
    del store

    assert main(["analyze", "--build", str(build)]) == 0
    assert "analysed 3 regions" in capsys.readouterr().out
    store = ox.Store(str(build / "store"))
    after_first = len(store)
    assert not store.query("ASK { ?s ?p <https://w3id.org/ipkg/id/centrality/national-gone> }")
    assert after_first > base
    del store

    assert main(["analyze", "--build", str(build)]) == 0
    store = ox.Store(str(build / "store"))
    assert len(store) == after_first
    assert (build / "network.html").is_file() and (build / "networks" / "index.html").is_file()
    assert (build / "analysis" / "README.md").is_file() and (build / "figures").is_dir()


def test_kg_analyze_without_a_build_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", "--build", str(tmp_path / "nothing")]) == 2
    err = capsys.readouterr().err
    assert "no store at" in err and len(err.strip().splitlines()) == 1


def test_real_build_analysis_outputs(built_kg: Path) -> None:
    networks = read_csv(built_kg / "analysis" / "networks.csv")
    assert networks[0]["network"] == "national" and len(networks) == 32
    regional = [r for r in networks if r["network"] != "national"]
    assert sum(int(r["tasks"]) for r in regional) == int(networks[0]["tasks"])
    assert len(list((built_kg / "networks").glob("*.html"))) == 31 + 2
    assert len(list((built_kg / "networks").glob("*.gexf"))) == 31 + 1
    for name in ("tasks-by-focus-area", "region-comparison", "agency-type-ties", "region-similarity"):
        for ext in ("png", "svg", "txt"):
            assert (built_kg / "figures" / f"{name}.{ext}").stat().st_size > 0


def test_real_build_store_answers_top_agencies(built_kg: Path) -> None:
    store = ox.Store.read_only(str(built_kg / "store"))
    rows = list(store.query(result_triples.TOP_AGENCIES_QUERY))
    regions = {s["region"].value for s in rows}
    assert len(regions) >= 25  # every region whose table names agencies
    per_region: dict[str, int] = {}
    for s in rows:
        per_region[s["region"].value] = per_region.get(s["region"].value, 0) + 1
    assert max(per_region.values()) == 5  # ties at the fifth place are broken by IRI


def test_an_empty_graph_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="nothing to analyse"):
        run_analyses(ox.Store(), tmp_path / "out")
    assert not (tmp_path / "out").exists()


def analysis_triples(store: ox.Store) -> set[str]:
    rows = store.query(
        """PREFIX ipkg: <https://w3id.org/ipkg/def#>
        SELECT ?s ?p ?o WHERE {
          { ?s ?p ?o . ?s a ?c . VALUES ?c { ipkg:Network ipkg:AgencyCentrality } }
          UNION { ?s ipkg:centrality ?o . BIND(ipkg:centrality AS ?p) }
        }"""
    )
    return {f"{r['s']} {r['p']} {r['o']}" for r in rows}


def test_kg_analyze_on_a_real_build_reproduces_the_build_results(
    built_kg: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "build"
    shutil.copytree(built_kg, copy)
    store = ox.Store.read_only(str(copy / "store"))
    before = analysis_triples(store)
    del store
    assert main(["analyze", "--build", str(copy)]) == 0
    assert "analysed 31 regions" in capsys.readouterr().out
    store = ox.Store.read_only(str(copy / "store"))
    assert analysis_triples(store) == before and len(before) > 1000
    for name in ("analysis/networks.csv", "analysis/agency_centrality.csv", "networks/110000.html"):
        assert (copy / name).read_bytes() == (built_kg / name).read_bytes(), name


def test_real_build_region_comparison(built_kg: Path) -> None:
    rows = {r["region"]: r for r in read_csv(built_kg / "analysis" / "region_comparison.csv")}
    assert len(rows) == 31 and "national" not in rows
    # 山西, kg/data/ip-strategy-work-plans-2017.txt lines 202-214: eleven agencies; ties from line 204
    # (商务厅, 知识产权局, 工商局, 文化厅, 太原海关: 10 pairs), 206 (公安厅–高院), 212 (知识产权局, 文化厅,
    # 新闻出版广电局: +2) and 213 (知识产权局, 司法厅, 工商局, 新闻出版广电局: +4) = 17. Pairs on two tasks:
    # 知识产权局 with 文化厅 (204, 212), 工商局 (204, 213), 新闻出版广电局 (212, 213). The IP office is on
    # 6 ties; components of 7 and 2 agencies plus the isolates 考核办 (202) and 太原高新区 (208).
    shanxi = rows["140000"]
    assert (shanxi["agencies"], shanxi["ties"], shanxi["repeated_ties"]) == ("11", "17", "3")
    assert float(shanxi["density"]) == pytest.approx(17 / 55, abs=1e-6)
    assert float(shanxi["ipo_tie_share"]) == pytest.approx(6 / 17, abs=1e-6)
    assert float(shanxi["largest_component_share"]) == pytest.approx(7 / 11, abs=1e-6)
    assert float(shanxi["fragmentation"]) == pytest.approx(1 - (7 * 6 + 2 * 1) / (11 * 10), abs=1e-6)
    for row in rows.values():
        assert 0 < float(row["ties_p"]) <= 1 and 0 < float(row["repeated_ties_p"]) <= 1
        if row["ties_z"]:
            z = (int(row["ties"]) - float(row["expected_ties"])) / float(row["ties_sd"])
            assert float(row["ties_z"]) == pytest.approx(z, abs=1e-4)
    # one agency only (安徽 340000, 江西 360000): nothing to randomise
    assert rows["340000"]["agencies"] == "1" and rows["340000"]["ties_z"] == ""


def file_digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def analyze_processes(build: Path) -> list[int]:
    """Live processes whose command line names ``build`` (a forked worker keeps its parent's)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and str(build) in (proc / "cmdline").read_text().replace("\0", " "):
                if alive(int(proc.name)):
                    found.append(int(proc.name))
        except OSError:
            continue
    return found


def test_kg_analyze_killed_midway_leaves_the_build_intact(built_kg: Path, tmp_path: Path) -> None:
    build = tmp_path / "build"
    shutil.copytree(built_kg, build)
    (build / "networks" / "stale.gexf").write_text("from an earlier run", encoding="utf-8")
    before = file_digests(build)
    process = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "analyze", "--build", str(build)],
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    staging = tmp_path / f".build.analyzing-{process.pid}"
    deadline = time.monotonic() + 60
    while not (staging / "analysis" / "networks.csv").exists():  # midway: tables written, not swapped
        assert process.poll() is None and time.monotonic() < deadline, "analyze ended before it was killed"
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert staging.is_dir()  # what the killed run left behind
    deadline = time.monotonic() + 3
    while analyze_processes(build):  # its forked workers die with it (PR_SET_PDEATHSIG)
        assert time.monotonic() < deadline, "workers of the killed run still running"
        time.sleep(0.05)
    assert file_digests(build) == before  # every file of the previous build, byte for byte
    store = ox.Store.read_only(str(build / "store"))
    assert store.query("ASK { ?n a <https://w3id.org/ipkg/def#Network> }")
    del store
    # a later run replaces everything, the stale file included, and leaves no staging folder of its own
    assert main(["analyze", "--build", str(build)]) == 0
    assert not (build / "networks" / "stale.gexf").exists()
    assert (build / "analysis" / "region_comparison.csv").is_file()
    assert not list(tmp_path.glob(".build.analyzing-*"))  # the killed run's staging folder is gone too


def test_two_editions_are_not_mixed(fresh_mini_store, tmp_path: Path) -> None:
    store = fresh_mini_store()
    prov = "http://www.w3.org/ns/prov#wasDerivedFrom"
    issued = ox.NamedNode("http://purl.org/dc/terms/issued")
    old, new = (ox.NamedNode(f"https://w3id.org/ipkg/id/source/{y}") for y in (2017, 2018))
    store.add(ox.Quad(old, issued, ox.Literal("2017-04", datatype=ox.NamedNode(XSD + "gYearMonth"))))
    store.add(ox.Quad(new, issued, ox.Literal("2018", datatype=ox.NamedNode(XSD + "gYear"))))
    tasks = [s["t"] for s in store.query("SELECT ?t WHERE { ?t a <https://w3id.org/ipkg/def#Task> }")]
    for task in tasks:
        store.add(ox.Quad(task, ox.NamedNode(prov), old))
    # a 2018 Beijing task naming the IP office and the court, who share no task in 2017
    later = ox.NamedNode("https://w3id.org/ipkg/id/task/2018/110000-1")
    for p, o in (
        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", ox.NamedNode("https://w3id.org/ipkg/def#Task")),
        ("https://w3id.org/ipkg/def#region", ox.NamedNode("https://w3id.org/ipkg/id/region/110000")),
        ("https://w3id.org/ipkg/def#rowNumber", ox.Literal("1", datatype=ox.NamedNode(XSD + "integer"))),
        ("https://w3id.org/ipkg/def#responsibleAgency", ox.NamedNode(A + "bj-ipo")),
        ("https://w3id.org/ipkg/def#responsibleAgency", ox.NamedNode(A + "bj-crt")),
        (prov, new),
    ):
        store.add(ox.Quad(later, ox.NamedNode(p), o))
    summary = run_analyses(store, tmp_path / "out", pages=False, figures=False)
    assert summary.editions == ["2017", "2018"] and summary.tasks == 1 and summary.ties == 1
    edges = read_csv(tmp_path / "out" / "analysis" / "co_responsibility_edges.csv")
    assert {(e["agency_a"], e["agency_b"]) for e in edges} == {(A + "bj-crt", A + "bj-ipo")}
    readme = (tmp_path / "out" / "analysis" / "README.md").read_text(encoding="utf-8")
    assert "Edition analysed: 2018, the latest" in readme


def test_kg_analyze_that_cannot_stage_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mini_ttl: Path
) -> None:
    build = tmp_path / "build"
    store = _mini_build(build, mini_ttl)
    del store
    before = file_digests(build)
    # a file where this process's staging folder would go (kg analyze runs in this process here)
    (tmp_path / f".build.analyzing-{os.getpid()}").write_text("in the way", encoding="utf-8")
    assert main(["analyze", "--build", str(build)]) == 2
    err = capsys.readouterr().err
    assert "staging folder" in err and len(err.strip().splitlines()) == 1
    assert file_digests(build) == before


def test_kg_analyze_first_puts_back_a_build_killed_while_swapping(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mini_ttl: Path
) -> None:
    """The state a kill between the swap's two renames leaves (made by hand, as in tests/test_build.py):
    only ``.build.old-PID``. `kg analyze` puts it back first (kg.staging.recover), then analyses it."""
    old = tmp_path / f".build.old-{dead_pid()}"
    store = _mini_build(old, mini_ttl)
    del store
    (old / BUILD_MARKER).write_text("made by `kg build`\n", encoding="utf-8")
    assert main(["analyze", "--build", str(tmp_path / "build")]) == 0
    assert "recovered the previous build" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]
    assert (tmp_path / "build" / "analysis" / "region_comparison.csv").is_file()
