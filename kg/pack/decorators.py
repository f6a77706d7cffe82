"""grlc decorators: the ``#+ key: value`` header of a pack query, read as YAML with the loader of
``yaml.safe_load``, as grlc reads it (``summary``, ``description``, ``tags``, ``defaults``; any other
key grlc knows is kept but unused here)."""

from __future__ import annotations

import datetime
import textwrap

import yaml

from kg.errors import InputError, one_line

# yaml.safe_load's loader, in C (libyaml) where PyYAML was built with it: the same safe constructor,
# several times faster, which `kg queries` (every file of the pack) feels
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def decorator_lines(text: str) -> list[tuple[int, str]]:
    """The ``#+`` lines of a query, with their line numbers and without the ``#+`` mark."""
    return [(number, line[2:]) for number, line in enumerate(text.splitlines(), 1) if line.startswith("#+")]


def parse_decorators(lines: list[tuple[int, str]], where: str) -> dict[str, object]:
    """The decorators as a mapping; YAML that does not parse, or is not a mapping, names its line."""
    if not lines:
        return {}
    document = textwrap.dedent("\n".join(text for _, text in lines))
    try:
        meta = yaml.load(document, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader: yaml.safe_load's
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = lines[min(mark.line, len(lines) - 1)][0] if mark is not None else lines[0][0]
        problem = getattr(error, "problem", None) or str(error)
        message = one_line(problem)
        raise InputError(f"bad #+ decorators (YAML): {message}", path=where, line=line) from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise InputError("#+ decorators must be 'key: value' lines", path=where, line=lines[0][0])
    return {str(key): value for key, value in meta.items()}


def scalar(value: object) -> str:
    """A YAML scalar as the text a user would have typed (``true``, not ``True``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def text_of(meta: dict[str, object], key: str) -> str:
    value = meta.get(key)
    return "" if value is None else scalar(value).strip()


def tags_of(meta: dict[str, object], where: str) -> tuple[str, ...]:
    tags = meta.get("tags") or []
    if not isinstance(tags, list):
        tags = [tags]
    return tuple(scalar(tag) for tag in tags)


def defaults_of(meta: dict[str, object], where: str) -> dict[str, str]:
    """``defaults`` as grlc writes them (a list of one-key mappings); a plain mapping is accepted too."""
    raw = meta.get("defaults") or []
    items = [raw] if isinstance(raw, dict) else raw
    if not isinstance(items, list):
        raise InputError(f"defaults must be a list of '- name: value', got {raw!r}", path=where)
    defaults: dict[str, str] = {}
    for item in items:
        if not isinstance(item, dict):
            raise InputError(f"defaults must be a list of '- name: value', got {item!r}", path=where)
        defaults.update({str(k): scalar(v) for k, v in item.items()})
    return defaults
