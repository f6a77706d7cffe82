"""The first Quick start command, `pip install . && kg build`, from a checkout.

pip builds the wheel inside the project folder, and setuptools' scratch folder is ./build by default:
the very folder `kg build` writes to, and refuses to replace when it did not make it. setup.cfg moves
the scratch; this test builds the wheel the way pip does and then runs `kg build` in the same folder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from support import run_kg

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("pyproject.toml", "setup.cfg", "README.md", "kg", "ontology", "queries")


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project as a user clones it, with the wheel built in it as `pip install .` does."""
    folder = tmp_path_factory.mktemp("checkout")
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, symlinks=True, ignore=ignore)
        else:
            shutil.copy2(source, folder / name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--quiet",
            "--wheel-dir",
            "dist",
            ".",
        ],
        cwd=folder,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder


@pytest.mark.slow
def test_building_the_package_leaves_build_to_kg_build(checkout: Path) -> None:
    assert not (checkout / "build").exists()
    done = run_kg("build", "--no-analysis", "--quiet", cwd=checkout)
    assert done.returncode == 0, done.stderr
    assert (checkout / "build" / ".ipkg-build").is_file()
    assert (checkout / "build" / "kg.nt").stat().st_size > 0


@pytest.mark.slow
def test_the_wheel_carries_the_queries_data_pages_and_ontology(checkout: Path) -> None:
    (wheel,) = (checkout / "dist").glob("ipkg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    queries = {p.name for p in (ROOT / "queries").glob("*.rq")}
    assert queries and {f"kg/queries/{q}" for q in queries} <= names
    assert "kg/data/agency-types.csv" in names
    assert "kg/templates/network.html" in names
    ontology = {p.name for p in (ROOT / "ontology").iterdir() if p.suffix in {".ttl", ".jsonld"}}
    assert {n.rsplit("/", 1)[-1] for n in names if "/data/share/ipkg/ontology/" in n} == ontology
