"""Replacing a build folder without ever damaging it: the one staging swap of ``kg build`` and ``kg analyze``.

A run writes into a staging folder beside the build (``.build.building-PID``, ``.build.analyzing-PID``)
that holds the build marker from its first moment, and swaps it in only when everything is written. The
swap is two renames (``build`` -> ``.build.old-PID``, staging -> ``build``); a run killed between them
leaves the previous build as ``.build.old-PID``, and the next run's first step (``recover``) puts it back
before anything else, as it also removes the staging folders of runs that were killed.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import InputError

#: Written into every build: only a folder holding it (or an empty one) is ever replaced or tidied away.
BUILD_MARKER = ".ipkg-build"
#: What each kind of staging folder is left by, in the words of ``recover``'s report.
_RUNS = {"building": "build", "analyzing": "analysis"}


@contextmanager
def staged(out: Path, kind: str) -> Iterator[Path]:
    """A fresh staging folder ``.<out>.<kind>-PID`` beside ``out``, holding the build marker: swapped in
    for ``out`` when the block ends normally, removed when it raises (``out`` then stays as it was)."""
    if kind not in _RUNS:
        raise ValueError(f"unknown kind of staging folder: {kind}")
    staging = out.parent / f".{out.name}.{kind}-{os.getpid()}"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        (staging / BUILD_MARKER).write_text(
            "made by `kg build`, which replaces this folder\n", encoding="utf-8"
        )
        yield staging
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def recover(out: Path) -> list[str]:
    """Undo what killed runs left beside ``out``; returns what was done, for the progress log.

    * no ``out`` but a ``.out.old-PID`` (killed between the two renames of the swap): it was the
      previous build and is renamed back;
    * ``.out.old-PID`` beside an ``out`` (killed before removing it) and a staging folder
      (``.out.building-PID``, ``.out.analyzing-PID``) of a process that is gone (killed midway): removed.
    Only folders holding the build marker are touched.
    """
    done: list[str] = []
    if not out.parent.is_dir():
        return done
    name = re.compile(rf"\.{re.escape(out.name)}\.(old|{'|'.join(_RUNS)})-(\d+)")
    leftovers = sorted(
        (
            (path, match[1], match[2])
            for path in out.parent.iterdir()
            if (match := name.fullmatch(path.name)) and (path / BUILD_MARKER).is_file()
        ),
        key=lambda leftover: leftover[0].stat().st_mtime,
    )
    old = [path for path, kind, _ in leftovers if kind == "old"]
    try:
        if old and not out.exists():
            old[-1].rename(out)
            done.append(f"recovered the previous build from {old[-1].name} (a run was killed while swapping)")
            old = old[:-1]
        for path in old:
            shutil.rmtree(path)
            done.append(f"removed {path.name}, left by a killed run")
        for path, kind, pid in leftovers:
            if kind in _RUNS and not _alive(int(pid)):
                shutil.rmtree(path)
                done.append(f"removed {path.name}, left by a killed {_RUNS[kind]}")
    except OSError as error:
        raise InputError(
            f"cannot tidy what a killed run left: {describe(error)}", path=str(out.parent)
        ) from None
    return done


def check_replaceable(out: Path) -> None:
    """Never replace a folder that is not an earlier build (``kg build --out ~`` must not eat a home)."""
    inside_a_file = next((p for p in out.parents if p.exists() and not p.is_dir()), None)
    if inside_a_file is not None:
        raise InputError(f"{inside_a_file} is a file, not a folder: --out must name a folder", path=str(out))
    if out.exists() and not (out / BUILD_MARKER).exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputError(
            f"refusing to replace {out}: it is not an earlier build (no {BUILD_MARKER}); "
            "choose an empty or new folder",
            path=str(out),
        )


def describe(error: OSError) -> str:
    """An OS error in words, with the file it concerns (pyoxigraph's errors carry their text only)."""
    reason = error.strerror or str(error) or errno.errorcode.get(error.errno or 0, "unknown error")
    return f"{reason} ({error.filename})" if error.filename else reason


def _alive(pid: int) -> bool:
    """Whether a process with this id runs (a staging folder of a running process is not touched)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


def _swap(staging: Path, out: Path) -> None:
    """Put the finished folder in place: two renames (a kill between them is undone by ``recover``)."""
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    try:
        staging.rename(out)
    except OSError:
        if old.exists():
            old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)
