"""kg.analysis.run: the analyses give the same files whether their jobs run in forked workers or here."""

from __future__ import annotations

import os
import subprocess
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


@pytest.mark.skipif(sys.platform != "linux", reason="threads are counted in /proc")
def test_the_analyses_start_no_blas_threads_unless_asked() -> None:
    """OpenBLAS starts a thread per CPU when numpy loads; the analyses ask for none (kg/analysis/__init__.py),
    and a user's own OPENBLAS_NUM_THREADS still wins."""
    script = (
        "import os, kg.analysis.run, kg.analysis.figures, numpy\n"
        "print(os.environ['OPENBLAS_NUM_THREADS'], len(os.listdir('/proc/self/task')))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    ours = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert ours.stdout.split() == ["1", "1"]
    theirs = subprocess.run(
        [sys.executable, "-c", script],
        env=env | {"OPENBLAS_NUM_THREADS": "2"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert theirs.stdout.split()[0] == "2"
