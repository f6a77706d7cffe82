"""Bad input through the real command line: exit code 2, one line on stderr, the previous build intact.

Every case runs ``kg build --source FILE --out DIR`` in a subprocess against a folder that already
holds a good build, and checks that stderr is exactly one line naming the file, the line and the
problem (no traceback), and that the good build is byte-for-byte as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.source.parser import parse_document
from kg.source.reader import MAX_SOURCE_BYTES, bundled_source

DOCUMENT = bundled_source().read_text(encoding="utf-8")
LINES = DOCUMENT.split("\n")


def kg_command() -> list[str]:
    script = Path(sys.executable).with_name("kg")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kg.cli"]


def run_build(source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*kg_command(), "build", "--source", str(source), "--out", str(out), "--no-analysis", "--quiet"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def snapshot(folder: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file under ``folder``."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("previous") / "build"
    result = run_build(bundled_source(), out)
    assert result.returncode == 0, result.stderr
    assert (out / "tasks.csv").is_file()
    return out


# --- the bad files --------------------------------------------------------------------------------


def _with_extra_fields() -> bytes:
    lines = list(LINES)
    lines[56] += "\t多余的一列\t再多一列"  # line 57, a 北京市 row: 6 columns, 8 fields
    return "\n".join(lines).encode("utf-8")


def _with_nul_bytes() -> bytes:
    data = DOCUMENT.encode("utf-8")
    at = data.index("北京海关".encode())  # first on line 49
    return data[:at] + b"\x00\x00" + data[at:]


def _with_a_region_twice() -> bytes:
    # 天津市's section (heading line 97 to line 150) printed a second time right after itself: line 151
    return "\n".join(LINES[:150] + LINES[96:150] + LINES[150:]).encode("utf-8")


def _with_two_years() -> bytes:
    lines = list(LINES)
    lines[96] = lines[96].replace("2017", "2018")  # 天津市's heading, line 97
    return "\n".join(lines).encode("utf-8")


HEADER = "序号\t工作重点\t工作内容\t具体任务\t成果形式\t责任部门\n"

#: name -> (file content, expected line, words the message must contain)
CASES: dict[str, tuple[Callable[[], bytes], int, tuple[str, ...]]] = {
    "empty": (lambda: b"", 1, ("empty",)),
    "blank": (lambda: b"  \n\n\t\n", 1, ("empty",)),
    "binary": (lambda: bytes(range(256)) * 8, 1, ("NUL", "binary")),
    "binary-without-nul": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(128, 256)) * 4, 1, ("UTF-8",)),
    "gbk": (lambda: "\n".join(LINES[:150]).encode("gbk"), 3, ("UTF-8", "GBK")),
    "no-section-headings": (lambda: "一份普通的文本。\n没有章节。\n".encode(), 1, ("no section headings",)),
    "only-headers": (lambda: ((HEADER + "\n") * 5).encode(), 1, ("no section headings",)),
    "heading-and-headers-only": (
        lambda: ("北京市 2017 年工作要点\n\n" + HEADER * 3).encode(),
        1,
        ("北京市", "no table rows"),
    ),
    "cut-off-mid-table": (lambda: ("\n".join(LINES[:900]) + "\n").encode(), 900, ("湖南省", "cut off")),
    "cut-off-mid-row": (lambda: "\n".join(LINES[:51]).encode(), 51, ("cut off",)),
    "too-many-fields": (_with_extra_fields, 57, ("8 fields", "6 columns")),
    "nul-bytes": (_with_nul_bytes, 49, ("NUL",)),
    "region-twice": (_with_a_region_twice, 151, ("天津市", "twice", "lines 97 and 151")),
    "two-years": (_with_two_years, 97, ("two years", "2017 on line 43", "2018")),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_fails_cleanly(case: str, good_build: Path, tmp_path: Path) -> None:
    content, line, words = CASES[case]
    source = tmp_path / f"{case}.txt"
    source.write_bytes(content())
    before = snapshot(good_build)
    tasks_csv = (good_build / "tasks.csv").read_bytes()

    result = run_build(source, good_build)

    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and result.stderr.endswith("\n"), result.stderr
    message = lines[0]
    assert f"{source}:{line}:" in message, message
    for word in words:
        assert word in message, message
    assert (good_build / "tasks.csv").read_bytes() == tasks_csv
    assert snapshot(good_build) == before
    assert sorted(path.name for path in good_build.parent.iterdir()) == [good_build.name]


def test_missing_source_file(good_build: Path, tmp_path: Path) -> None:
    source = tmp_path / "nowhere.txt"
    result = run_build(source, good_build)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"kg build: error: {source}: no such file"]
    assert (good_build / "tasks.csv").is_file()


@pytest.mark.parametrize("case", ["gbk", "too-many-fields", "cut-off-mid-table", "no-section-headings"])
def test_parse_document_raises_input_error_with_the_line(case: str, tmp_path: Path) -> None:
    content, line, words = CASES[case]
    source = tmp_path / "source.txt"
    source.write_bytes(content())
    with pytest.raises(InputError) as raised:
        parse_document(source)
    assert raised.value.path == str(source)
    assert raised.value.line == line
    assert "\n" not in str(raised.value)


def test_a_good_copy_still_builds(tmp_path: Path) -> None:
    """The same command on an unchanged copy succeeds: the failures above are about the input."""
    source = tmp_path / "copy.txt"
    shutil.copyfile(bundled_source(), source)
    result = run_build(source, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "tasks.csv").is_file()


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo.txt"
    os.mkfifo(path)  # nobody writes to it: reading it would wait for ever
    return path


def _oversized(tmp_path: Path) -> Path:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: 17 MB without writing them
        handle.truncate(MAX_SOURCE_BYTES + 1024 * 1024)
    return path


#: name -> (the --source path, words the message must contain)
NOT_A_SOURCE: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "dev-zero": (lambda _: Path("/dev/zero"), ("not a regular file",)),
    "directory": (lambda tmp_path: tmp_path, ("is a directory",)),
    "fifo": (_fifo, ("not a regular file",)),
    "oversized": (_oversized, ("larger than 16 MB",)),
}


@pytest.mark.parametrize("case", sorted(NOT_A_SOURCE))
def test_what_is_not_a_source_file_is_refused_before_reading(
    case: str, good_build: Path, tmp_path: Path
) -> None:
    make, words = NOT_A_SOURCE[case]
    source = make(tmp_path)
    before = snapshot(good_build)
    result = run_build(source, good_build)  # a FIFO or /dev/zero read would hang or fill the memory: timeout
    assert result.returncode == 2, result.stderr
    (message,) = result.stderr.splitlines()
    assert message.startswith(f"kg build: error: {source}: "), message
    assert all(word in message for word in words), message
    assert snapshot(good_build) == before
