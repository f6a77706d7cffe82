"""Tests for kg.staging, the one staging swap of `kg build` and `kg analyze` (their own tests kill real runs:
tests/test_build.py, tests/analysis/test_analysis_outputs.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support import dead_pid

from kg.staging import BUILD_MARKER, recover, staged


def _folder(path: Path, content: str, marker: bool = True) -> Path:
    path.mkdir()
    (path / "kg.nt").write_text(content, encoding="utf-8")
    if marker:
        (path / BUILD_MARKER).write_text("made by `kg build`\n", encoding="utf-8")
    return path


def test_staged_swaps_in_on_success_and_leaves_nothing_beside(tmp_path: Path) -> None:
    out = _folder(tmp_path / "b", "old")
    with staged(out, "analyzing") as staging:
        assert staging.name.startswith(".b.analyzing-") and (staging / BUILD_MARKER).is_file()
        (staging / "kg.nt").write_text("new", encoding="utf-8")
    assert (out / "kg.nt").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b"]


def test_staged_keeps_the_previous_folder_when_the_run_fails(tmp_path: Path) -> None:
    out = _folder(tmp_path / "b", "old")
    with pytest.raises(RuntimeError), staged(out, "building") as staging:
        (staging / "kg.nt").write_text("half", encoding="utf-8")
        raise RuntimeError("a stage failed")
    assert (out / "kg.nt").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b"]


def test_recover_puts_back_a_build_a_kill_left_between_the_renames(tmp_path: Path) -> None:
    pid = dead_pid()
    _folder(tmp_path / f".b.old-{pid}", "previous")
    _folder(tmp_path / f".b.analyzing-{pid}", "half")
    done = recover(tmp_path / "b")
    assert (tmp_path / "b" / "kg.nt").read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b"]
    assert f"removed .b.analyzing-{pid}, left by a killed analysis" in done


def test_recover_touches_no_folder_without_the_marker_nor_a_live_run(tmp_path: Path) -> None:

    _folder(tmp_path / "b", "current")
    _folder(tmp_path / f".b.building-{dead_pid()}", "someone's", marker=False)
    _folder(tmp_path / f".b.building-{os.getpid()}", "running")
    _folder(tmp_path / f".b.x.building-{dead_pid()}", "the staging folder of the build b.x")
    assert recover(tmp_path / "b") == []
    assert len(list(tmp_path.iterdir())) == 4
