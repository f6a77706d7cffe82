"""kg.analysis.run: the analyses give the same files whether their jobs run in forked workers or here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kg.analysis.run import run_analyses


@pytest.mark.skipif(sys.platform != "linux", reason="forked workers are used on Linux only")
def test_forked_and_in_process_analyses_write_identical_files(fresh_mini_store, tmp_path: Path) -> None:
    forked = run_analyses(fresh_mini_store(), tmp_path / "forked", parallel=True)
    serial = run_analyses(fresh_mini_store(), tmp_path / "serial", parallel=False)
    relative = [p.relative_to(tmp_path / "forked") for p in forked.files]
    assert relative == [p.relative_to(tmp_path / "serial") for p in serial.files]
    assert len([p for p in relative if p.parts[0] == "figures"]) == 12  # 4 figures × PNG, SVG, caption
    for path in relative:
        assert (tmp_path / "forked" / path).read_bytes() == (tmp_path / "serial" / path).read_bytes(), path
