"""grlc decorators: the ``#+ key: value`` header of a pack query."""

from __future__ import annotations

import re

from kg.errors import InputError

DecoratorValue = str | list[str | dict[str, str]]


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def parse_decorators(lines: list[tuple[int, str]], where: str) -> dict[str, DecoratorValue]:
    """The YAML subset grlc decorators use: ``key: value``, ``key: |``/``>`` blocks, lists of
    scalars or of ``- name: value``, and ``[a, b]`` flow lists. No PyYAML needed."""
    if not lines:
        return {}
    indent = min(len(text) - len(text.lstrip()) for _, text in lines if text.strip())
    rows = [(number, text[indent:].rstrip()) for number, text in lines]
    result: dict[str, DecoratorValue] = {}
    k = 0
    while k < len(rows):
        number, text = rows[k]
        k += 1
        if not text.strip():
            continue
        match = re.fullmatch(r"([A-Za-z][\w-]*)\s*:(.*)", text)
        if match is None or text[0].isspace():
            raise InputError(f"bad decorator line: {text.strip()!r}", path=where, line=number)
        key, value = match.group(1), match.group(2).strip()
        body: list[tuple[int, str]] = []
        while k < len(rows) and (
            not rows[k][1].strip() or rows[k][1][0].isspace() or rows[k][1].startswith("-")
        ):
            body.append(rows[k])
            k += 1
        if value in ("|", ">", "|-", ">-"):
            texts = [t.strip() for _, t in body]
            result[key] = ("\n" if value.startswith("|") else " ").join(texts).strip()
        elif value.startswith("[") and value.endswith("]"):
            result[key] = [_unquote(v) for v in value[1:-1].split(",") if v.strip()]
        elif value:
            if any(t.strip() for _, t in body):
                value = " ".join([value] + [t.strip() for _, t in body if t.strip()])
            result[key] = _unquote(value)
        else:
            items: list[str | dict[str, str]] = []
            for line_number, item in body:
                item = item.strip()
                if not item:
                    continue
                if not item.startswith("-"):
                    raise InputError(f"expected a '- item' under {key}:", path=where, line=line_number)
                item = item[1:].strip()
                pair = re.fullmatch(r"([A-Za-z][\w-]*)\s*:\s*(.*)", item)
                items.append({pair.group(1): _unquote(pair.group(2))} if pair else _unquote(item))
            result[key] = items
    return result
