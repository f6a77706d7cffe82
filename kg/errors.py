"""Errors that the CLI turns into one clear line and exit code 2."""

from __future__ import annotations


class InputError(Exception):
    """Bad input from the user: a file, a parameter, an endpoint. Printed as one line, exit 2."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(f"{where}{message}")
        self.path = path
        self.line = line


def one_line(text: object, limit: int | None = None) -> str:
    """An error's text on one line (whitespace collapsed), cut at ``limit`` characters if given: what a
    server or an engine says can span lines, and the CLI prints one."""
    line = " ".join(str(text).split())
    return line if limit is None or len(line) <= limit else line[: limit - 1] + "…"
