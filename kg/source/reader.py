"""Reading the source file: bytes -> validated lines, with one-line errors for unreadable input."""

from __future__ import annotations

import hashlib
import stat
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kg.edition import DEFAULT_EDITION
from kg.errors import InputError

#: The largest source accepted: the bundled edition is 0.4 MB; forty times that is still one
#: compilation, while /dev/zero-like input or a wrong file stops before it fills the memory.
MAX_SOURCE_BYTES = 16 * 1024 * 1024


def bundled_source() -> Path:
    """The bundled copy of the default edition (the default input of ``kg build``)."""
    assert DEFAULT_EDITION.bundled_file is not None
    return Path(str(resources.files("kg") / "data" / DEFAULT_EDITION.bundled_file))


@dataclass(frozen=True)
class SourceText:
    path: str
    lines: tuple[str, ...]  # without line terminators; index 0 is line 1
    ends_with_newline: bool
    sha256: str  # of the bytes read


def read_source(path: Path) -> SourceText:
    """Read a UTF-8 text extraction; reject what cannot be the document (not a regular file, over
    ``MAX_SOURCE_BYTES``, empty, binary, other encodings)."""
    shown = str(path)
    try:
        mode = path.stat().st_mode  # stat, not open: opening a FIFO would wait for a writer
        if stat.S_ISDIR(mode):
            raise InputError("is a directory, expected the source text file", path=shown)
        if not stat.S_ISREG(mode):
            raise InputError(
                "not a regular file (a device, FIFO or socket): give the source text file", path=shown
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_SOURCE_BYTES + 1)  # bounded even if the file grows after the stat
    except FileNotFoundError:
        raise InputError("no such file", path=shown) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", path=shown) from None
    if len(data) > MAX_SOURCE_BYTES:
        raise InputError(
            f"larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MB: not one edition of the compilation",
            path=shown,
        )
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
    return SourceText(
        path=shown,
        lines=tuple(lines),
        ends_with_newline=ends_with_newline,
        sha256=hashlib.sha256(data).hexdigest(),
    )
