"""The whole build: CLI, outputs, exports that round-trip, determinism and stable IRIs."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib.compare import isomorphic
from support import alive, children, dead_pid, run_kg

from kg.build import BuildResult, build
from kg.source.reader import bundled_source
from kg.staging import BUILD_MARKER
from kg.store import dataset_triples

CONTRACT_COLUMNS = {
    "region",
    "row",
    "focus_no",
    "focus_area",
    "measures",
    "task",
    "deliverable",
    "agencies_raw",
    "first_line",
    "last_line",
}


def test_cli_build_reports_progress_and_a_per_region_summary(tmp_path: Path) -> None:
    result = run_kg("build", "--out", str(tmp_path / "b"), "--no-analysis")
    assert result.returncode == 0, result.stderr
    assert "parsed" in result.stderr and "store loaded" in result.stderr  # progress on stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].split() == ["region", "tasks", "lines"]
    assert len(lines) == 1 + 31 + 1
    assert lines[-1].startswith("31 regions, ") and "1687 lines read" in lines[-1]
    per_region = sum(int(line.split()[1]) for line in lines[1:-1])
    total = int(lines[-1].split(", ")[1].split()[0])
    assert per_region == total
    with (tmp_path / "b" / "tasks.csv").open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == total


def test_help_everywhere() -> None:
    for command in ([], ["build"], ["validate"], ["queries"], ["query"], ["serve"], ["push"], ["analyze"]):
        result = run_kg(*command, "--help")
        assert result.returncode == 0, (command, result.stderr)
        assert "usage: kg" in result.stdout


def test_tasks_csv_has_the_contract_columns(build_result: BuildResult) -> None:
    with (build_result.out / "tasks.csv").open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert CONTRACT_COLUMNS <= set(reader.fieldnames or [])
    (document,) = build_result.documents
    assert len(rows) == len(document.rows)
    assert {row["region"] for row in rows} == {r.region for r in document.regions}
    assert {row["year"] for row in rows} == {"2017"}
    first = rows[0]  # 北京市 row 1, source line 46
    assert (first["region"], first["row"], first["focus_no"], first["first_line"]) == (
        "北京市",
        "1",
        "1",
        "46",
    )
    assert first["measures"] == "知识产权服务业集聚区建设"
    assert first["agencies_raw"] == "市知识产权局、中关村管委会"
    assert first["agencies"] == "北京市知识产权局 | 中关村管委会"
    assert first["agency_types"] == "IPO | ZON"


def _store_triples(build_dir: Path) -> set[pyoxigraph.Triple]:
    store = pyoxigraph.Store.read_only(str(build_dir / "store"))
    return set(dataset_triples(store))


def test_exports_parse_back_to_the_store_triples_with_pyoxigraph(built_kg: Path) -> None:
    expected = _store_triples(built_kg)
    for name, fmt in (
        ("kg.nt", pyoxigraph.RdfFormat.N_TRIPLES),
        ("kg.ttl", pyoxigraph.RdfFormat.TURTLE),
        ("kg.jsonld", pyoxigraph.RdfFormat.JSON_LD),
    ):
        with (built_kg / name).open("rb") as handle:
            assert {q.triple for q in pyoxigraph.parse(handle, format=fmt)} == expected, name


def test_exports_parse_back_to_the_same_graph_with_rdflib(built_kg: Path) -> None:
    graphs = {}
    for name, fmt in (("kg.nt", "nt"), ("kg.ttl", "turtle"), ("kg.jsonld", "json-ld")):
        graphs[name] = rdflib.Graph().parse(built_kg / name, format=fmt)
    assert len(graphs["kg.nt"]) == len(_store_triples(built_kg))
    assert isomorphic(graphs["kg.nt"], graphs["kg.ttl"])
    assert isomorphic(graphs["kg.nt"], graphs["kg.jsonld"])


def test_ntriples_are_sorted_and_byte_identical_across_builds(built_kg: Path, tmp_path: Path) -> None:
    again = build([bundled_source()], tmp_path / "again").out
    first = (built_kg / "kg.nt").read_bytes()
    assert first == (again / "kg.nt").read_bytes()
    lines = first.splitlines()
    assert lines == sorted(lines)


def _task_descriptions(build_dir: Path) -> dict[str, str]:
    store = pyoxigraph.Store.read_only(str(build_dir / "store"))
    query = """PREFIX ipkg: <https://w3id.org/ipkg/def#> PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT ?t ?d WHERE { ?t a ipkg:Task ; dcterms:description ?d }"""
    return {row["t"].value: row["d"].value for row in store.query(query)}


def _agency_iris(build_dir: Path) -> set[str]:
    store = pyoxigraph.Store.read_only(str(build_dir / "store"))
    query = "SELECT ?a WHERE { ?a a <https://w3id.org/ipkg/def#Agency> }"
    return {row["a"].value for row in store.query(query)}


def test_iris_do_not_change_when_a_row_is_added_elsewhere(built_kg: Path, tmp_path: Path) -> None:
    lines = bundled_source().read_text(encoding="utf-8").split("\n")
    # after 宁夏回族自治区's last row (line 1600) add one more task row to its table
    new_row = "\t\t开展知识产权宣传\t新增的一项测试任务\t\t自治区知识产权局"
    edited = tmp_path / "edited.txt"
    edited.write_text("\n".join(lines[:1600] + [new_row] + lines[1600:]), encoding="utf-8")
    changed = _task_descriptions(build([edited], tmp_path / "edited", analyses=False).out)
    original = _task_descriptions(built_kg)
    added = set(changed) - set(original)
    assert added == {"https://w3id.org/ipkg/id/task/2017/640000-28"}
    assert all(changed[iri] == text for iri, text in original.items())
    # the added row names 自治区知识产权局, an agency already there: no agency IRI appears or disappears
    assert _agency_iris(tmp_path / "edited") == _agency_iris(built_kg) != set()


def test_the_dataset_describes_the_whole_graph(built_kg: Path) -> None:
    lines = (built_kg / "kg.nt").read_bytes().splitlines()
    store = pyoxigraph.Store.read_only(str(built_kg / "store"))
    query = """PREFIX void: <http://rdfs.org/ns/void#> PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT ?triples ?entities ?source WHERE { <https://w3id.org/ipkg/id/dataset/ipkg> void:triples ?triples ;
      void:entities ?entities ; dcterms:source ?source }"""
    (row,) = list(store.query(query))
    assert int(row["triples"].value) == len(lines)
    subjects = {line.split(b" ", 1)[0] for line in lines}
    partitions = {s for s in subjects if s.startswith(b"<https://w3id.org/ipkg/id/dataset/ipkg/class/")}
    assert len(partitions) > 10  # one class partition per class, described apart from the entities
    # the description's own nodes (partitions, distributions, the build, its agents) are not entities
    description = {
        s
        for s in subjects
        if s.startswith((b"<https://w3id.org/ipkg/id/dataset/ipkg/", b"<https://w3id.org/ipkg/id/agent/"))
    }
    assert partitions <= description
    assert int(row["entities"].value) == len(subjects - description)
    assert row["source"].value == "https://w3id.org/ipkg/id/source/2017"


def test_kg_analyze_keeps_the_exports_consistent_with_the_store(built_kg: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(built_kg, copy)
    (copy / "kg.nt").write_bytes(b"")  # stale exports are rewritten from the store
    result = run_kg("analyze", "--build", str(copy))
    assert result.returncode == 0, result.stderr
    for name in ("kg.nt", "kg.ttl", "kg.jsonld"):
        assert (copy / name).read_bytes() == (built_kg / name).read_bytes(), name


def test_build_never_replaces_a_folder_that_is_not_a_build(tmp_path: Path) -> None:
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work", encoding="utf-8")
    result = run_kg("build", "--no-analysis", "--out", str(precious))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "refusing to replace" in result.stderr
    assert [p.name for p in precious.iterdir()] == ["thesis.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["notes"]  # no staging folder left behind


def test_every_output_is_identical_whatever_the_hash_seed(built_kg: Path, tmp_path: Path) -> None:
    """Pages, figures and tables too: nothing may depend on set order (PYTHONHASHSEED)."""
    result = run_kg(
        "build",
        "--quiet",
        "--out",
        str(tmp_path / "b"),
        timeout=600,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
    )
    assert result.returncode == 0, result.stderr
    outputs = (p for p in built_kg.rglob("*") if p.is_file() and "store" not in p.parts)
    files = sorted(p.relative_to(built_kg) for p in outputs)
    assert len(files) > 50
    different = [str(f) for f in files if (built_kg / f).read_bytes() != (tmp_path / "b" / f).read_bytes()]
    assert different == []


def test_the_forked_and_the_in_process_build_write_the_same_files(built_kg: Path, tmp_path: Path) -> None:
    """`kg build` analyses in a forked process (kg.analysis.process) where it can; on one CPU or off Linux
    it does the same steps one after another. Both give every file byte for byte."""
    serial = build([bundled_source()], tmp_path / "serial", parallel=False).out
    outputs = (p for p in built_kg.rglob("*") if p.is_file() and "store" not in p.parts)
    files = sorted(p.relative_to(built_kg) for p in outputs)
    assert len(files) > 50
    assert files == sorted(
        p.relative_to(serial) for p in serial.rglob("*") if p.is_file() and "store" not in p.parts
    )
    assert [str(f) for f in files if (built_kg / f).read_bytes() != (serial / f).read_bytes()] == []


# --- a build that cannot be written, or is killed, never leaves less than the previous build -------


def _previous_build(folder: Path) -> dict[str, bytes]:
    """A stand-in for an earlier build (the marker is what makes it replaceable): its files, as written."""
    folder.mkdir(parents=True)
    files = {BUILD_MARKER: b"made by `kg build`\n", "kg.nt": b"<urn:a> <urn:b> <urn:c> .\n"}
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return files


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def _in_small_filesystem(tmp_path: Path, shell: str) -> Path:
    """Run ``shell`` with a 1 MB tmpfs mounted at $DISK (a private mount namespace: root inside an
    unprivileged user namespace, so the test needs no privileges) and return a copy of what it left there.

    A real filesystem that runs out of space or is mounted read-only gives the real errors (ENOSPC,
    EROFS), which a permission bit cannot give to root and RLIMIT_FSIZE (EFBIG) only imitates.
    """
    if shutil.which("unshare") is None:
        pytest.skip("util-linux unshare is not installed")
    disk, after = tmp_path / "disk", tmp_path / "after"
    disk.mkdir()
    setup = subprocess.run(
        ["unshare", "-rm", "sh", "-c", f'mount -t tmpfs -o size=1m tmpfs "{disk}"'], capture_output=True
    )
    if setup.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs in a user namespace here: {setup.stderr.decode().strip()}")
    mount = 'mount -t tmpfs -o size=1m tmpfs "$DISK"'
    script = f'{mount} && {shell}; status=$?; cp -a "$DISK" "{after}"; exit $status'
    result = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "DISK": str(disk), "KG": f"{sys.executable} -m kg.cli"},
        cwd=Path(__file__).resolve().parent.parent,
    )
    (after / "result").write_text(f"{result.returncode}\n{result.stderr}", encoding="utf-8")
    return after


def _one_line_error(after: Path) -> str:
    status, stderr = (after / "result").read_text(encoding="utf-8").split("\n", 1)
    assert status == "2", stderr
    assert "Traceback" not in stderr and stderr.count("\n") == 1, stderr
    return stderr


def test_a_full_disk_is_one_line_and_the_previous_build_stays(tmp_path: Path) -> None:
    files = _previous_build(tmp_path / "seed" / "b")
    shell = f'cp -a "{tmp_path / "seed" / "b"}" "$DISK/b" && $KG build --no-analysis --quiet --out "$DISK/b"'
    after = _in_small_filesystem(tmp_path, shell)
    assert "No space left on device" in _one_line_error(after)
    assert _files(after / "b") == files
    assert sorted(p.name for p in after.iterdir()) == ["b", "result"]  # no staging folder left


def test_a_read_only_folder_is_one_line_and_the_previous_build_stays(tmp_path: Path) -> None:
    files = _previous_build(tmp_path / "seed" / "b")
    shell = (
        f'cp -a "{tmp_path / "seed" / "b"}" "$DISK/b" && mount -o remount,ro "$DISK" && '
        '$KG build --no-analysis --quiet --out "$DISK/b"'
    )
    after = _in_small_filesystem(tmp_path, shell)
    assert "Read-only file system" in _one_line_error(after)
    assert _files(after / "b") == files


def test_out_inside_a_file_is_one_line(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("not a folder", encoding="utf-8")
    result = run_kg("build", "--no-analysis", "--quiet", "--out", str(note / "b"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and f"{note} is a file, not a folder" in result.stderr, (
        result.stderr
    )
    assert note.read_text(encoding="utf-8") == "not a folder"


def test_a_build_killed_midway_leaves_the_previous_build_and_the_next_build_tidies_up(tmp_path: Path) -> None:
    out = tmp_path / "b"
    files = _previous_build(out)
    process = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "build", "--no-analysis", "--quiet", "--out", str(out)],
        cwd=Path(__file__).resolve().parent.parent,
    )
    staging = tmp_path / f".b.building-{process.pid}"
    try:
        deadline = time.monotonic() + 120
        while not (staging / "store").exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        process.kill()
        process.wait()
    assert staging.is_dir(), "the build ended before it could be killed while writing"
    assert _files(out) == files

    result = run_kg("build", "--no-analysis", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert f"removed {staging.name}, left by a killed build" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b"]
    assert (out / "kg.nt").stat().st_size > 1_000_000


@pytest.mark.skipif(sys.platform != "linux", reason="the analyses are forked on Linux only")
def test_a_whole_build_killed_while_analysing_leaves_no_process_writing(tmp_path: Path) -> None:
    """The analysis process and its workers die with a killed `kg build`: nothing writes on into the
    abandoned staging folder, and the next build removes it."""
    out = tmp_path / "b"
    process = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "build", "--quiet", "--out", str(out)],
        cwd=Path(__file__).resolve().parent.parent,
        stdout=subprocess.DEVNULL,
    )
    staging = tmp_path / f".b.building-{process.pid}"
    helpers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while not (staging / "analysis").exists() and process.poll() is None and time.monotonic() < deadline:
            helpers |= children(process.pid)
            time.sleep(0.01)
        helpers |= {worker for helper in helpers for worker in children(helper)}
    finally:
        process.kill()
        process.wait()
    assert (staging / "analysis").is_dir(), "the build ended before it could be killed while analysing"
    assert helpers, "no analysis process was seen"
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in helpers):
        assert time.monotonic() < deadline, "an analysis process outlived the killed build"
        time.sleep(0.05)
    result = run_kg("build", "--no-analysis", "--quiet", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b"]


def test_a_build_killed_between_the_two_renames_of_the_swap_is_recovered(tmp_path: Path) -> None:
    """The state a kill between ``build -> .build.old-PID`` and ``staging -> build`` leaves (made by hand:
    no test can time a kill into that gap): the next build first puts the previous build back, so even
    when that build fails there is a build."""
    pid = dead_pid()
    files = _previous_build(tmp_path / f".b.old-{pid}")
    _previous_build(tmp_path / f".b.building-{pid}")
    result = run_kg(
        "build", "--no-analysis", "--source", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "b")
    )
    assert result.returncode == 2 and "no such file" in result.stderr
    assert _files(tmp_path / "b") == files
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b"]


def test_tasks_csv_escapes_cells_a_spreadsheet_would_run_as_formulas(tmp_path: Path) -> None:
    """Line 46 (北京市 row 1) edited so that its task, deliverable and agency cells start like formulas:
    tasks.csv prefixes them with ' (shown as text by spreadsheets), the graph keeps the exact text."""
    lines = bundled_source().read_text(encoding="utf-8").split("\n")
    fields = lines[45].split("\t")
    fields[3] = '=HYPERLINK("http://example.org")' + fields[3]
    fields[4] = "+1" + fields[4]
    fields[5] = "@" + fields[5]
    lines[45] = "\t".join(fields)
    edited = tmp_path / "formulas.txt"
    edited.write_text("\n".join(lines), encoding="utf-8")
    out = build([edited], tmp_path / "b", analyses=False).out
    with (out / "tasks.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    first = rows[0]
    assert first["task"] == '\'=HYPERLINK("http://example.org")促进三大科技城、中关村知识产权服务业高端发展'
    assert first["deliverable"].startswith("'+1") and first["agencies_raw"].startswith("'@")
    assert not any(v.startswith("'") for row in rows[1:] for v in row.values())  # nothing else changes
    exact = '"=HYPERLINK(\\"http://example.org\\")促进三大科技城'
    assert exact in (out / "kg.nt").read_text(encoding="utf-8")
