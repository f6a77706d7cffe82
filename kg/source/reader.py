"""Reading the source file: bytes -> validated lines, with one-line errors for unreadable input."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kg.errors import InputError

BUNDLED_SOURCE_NAME = "ip-strategy-work-plans-2017.txt"


def bundled_source() -> Path:
    """The bundled copy of the 2017 compilation (the default input of ``kg build``)."""
    return Path(str(resources.files("kg") / "data" / BUNDLED_SOURCE_NAME))


@dataclass(frozen=True)
class SourceText:
    path: str
    lines: tuple[str, ...]  # without line terminators; index 0 is line 1
    ends_with_newline: bool


def read_source(path: Path) -> SourceText:
    """Read a UTF-8 text extraction; reject what cannot be the document (empty, binary, other encodings)."""
    shown = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=shown) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected the source text file", path=shown) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", path=shown) from None
    if not data.strip():
        raise InputError("file is empty", path=shown, line=1)
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise InputError("contains NUL bytes: a binary file, not the text extraction", path=shown, line=line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x}); convert the file to UTF-8 (GBK input is not "
            "supported)",
            path=shown,
            line=line,
        ) from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ends_with_newline = lines[-1] == ""
    if ends_with_newline:
        lines.pop()
    return SourceText(path=shown, lines=tuple(lines), ends_with_newline=ends_with_newline)
