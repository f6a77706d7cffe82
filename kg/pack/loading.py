"""Loading pack files: a ``PackQuery`` per ``.rq`` file, its decorators and parameters checked."""

from __future__ import annotations

import difflib
import importlib.resources
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.pack.binding import inject_values
from kg.pack.decorators import parse_decorators
from kg.pack.lexer import query_form, tokens
from kg.pack.parameters import Parameter, parameter_from_variable


@dataclass(frozen=True)
class PackQuery:
    """One query of the pack (or a user's .rq file): its text, grlc decorators and parameters."""

    name: str
    path: Path | None
    text: str
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    defaults: Mapping[str, str] = field(default_factory=dict)
    parameters: tuple[Parameter, ...] = ()

    @property
    def form(self) -> str | None:
        return query_form(self.text)

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise InputError(f"unknown parameter '{name}' for query {self.name} (parameters: {known})")

    def bind(self, params: Mapping[str, str] | None = None) -> str:
        """The query text with every parameter bound (value given, else default), ready to run."""
        params = dict(params or {})
        for name in params:
            self.parameter(name)
        bindings: dict[str, ox.NamedNode | ox.Literal] = {}
        for parameter in self.parameters:
            value = params.get(parameter.name, parameter.default)
            if value is None:
                if parameter.required:
                    raise InputError(
                        f"query {self.name} needs parameter '{parameter.name}' "
                        f"(--param {parameter.name}=VALUE)"
                    )
                continue
            bindings[parameter.variable] = parameter.term(value)
        return inject_values(self.text, bindings)

    def as_json(self) -> dict[str, object]:
        """What the web page shows for a canned query."""
        return {
            "name": self.name,
            "summary": self.summary,
            "description": self.description,
            "tags": list(self.tags),
            "form": self.form,
            "text": self.text,
            "parameters": [
                {"name": p.name, "type": p.type_label, "required": p.required, "default": p.default}
                for p in self.parameters
            ],
        }


def parse_query(text: str, name: str, path: Path | None = None) -> PackQuery:
    """A PackQuery from the text of a .rq file (decorators, parameters, defaults checked)."""
    where = str(path) if path is not None else name
    decorator_lines = [(n, line[2:]) for n, line in enumerate(text.splitlines(), 1) if line.startswith("#+")]
    meta = parse_decorators(decorator_lines, where)
    if query_form(text) is None:
        raise InputError("not a SPARQL query (no SELECT, CONSTRUCT, DESCRIBE or ASK)", path=where)

    tags = meta.get("tags", [])
    if isinstance(tags, str):
        tags = [tags]
    defaults: dict[str, str] = {}
    raw_defaults = meta.get("defaults", [])
    for item in raw_defaults if isinstance(raw_defaults, list) else [raw_defaults]:
        if not isinstance(item, dict):
            raise InputError(f"defaults must be a list of '- name: value', got {item!r}", path=where)
        defaults.update({str(k): str(v) for k, v in item.items()})

    found: dict[str, Parameter] = {}
    for token in tokens(text):
        if token.kind != "var":
            continue
        parameter = parameter_from_variable(token.text, where)
        if parameter is None:
            continue
        seen = found.get(parameter.name)
        if seen is not None and seen.variable != parameter.variable:
            raise InputError(
                f"parameter '{parameter.name}' is used as ?{seen.variable} and ?{parameter.variable}",
                path=where,
            )
        found[parameter.name] = parameter
    for key in defaults:
        if key not in found:
            raise InputError(f"default for unknown parameter '{key}'", path=where)
    parameters = []
    for parameter in found.values():
        default = defaults.get(parameter.name)
        if default is not None:
            parameter.term(default)  # a bad default is the pack's bug: say so at load time
        parameters.append(
            Parameter(
                parameter.name,
                parameter.variable,
                parameter.kind,
                parameter.required,
                parameter.datatype,
                parameter.language,
                default,
            )
        )
    return PackQuery(
        name=name,
        path=path,
        text=text,
        summary=str(meta.get("summary", "")),
        description=str(meta.get("description", "")),
        tags=tuple(str(t) for t in tags),
        defaults=defaults,
        parameters=tuple(parameters),
    )


def load_query_file(path: str | Path) -> PackQuery:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read query file: {error}", path=str(path)) from None
    return parse_query(text, path.stem, path)


def pack_dir() -> Path:
    """Where the installed pack lives (kg/queries, a symlink to the project's queries/ in a checkout)."""
    return Path(str(importlib.resources.files("kg") / "queries"))


def load_pack(directory: str | Path | None = None) -> dict[str, PackQuery]:
    """Every ``*.rq`` of the pack, by name (the file stem), sorted by name."""
    folder = Path(directory) if directory is not None else pack_dir()
    if not folder.is_dir():
        raise InputError(f"query pack folder not found: {folder}")
    return {path.stem: load_query_file(path) for path in sorted(folder.glob("*.rq"), key=lambda p: p.stem)}


def find_query(name_or_file: str, pack: Mapping[str, PackQuery] | None = None) -> PackQuery:
    """A pack query by name, or a .rq file by path."""
    if name_or_file.endswith(".rq") or "/" in name_or_file or Path(name_or_file).is_file():
        if not Path(name_or_file).is_file():
            raise InputError(f"no such query file: {name_or_file}")
        return load_query_file(name_or_file)
    pack = load_pack() if pack is None else pack
    if name_or_file in pack:
        return pack[name_or_file]
    close = difflib.get_close_matches(name_or_file, list(pack), n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else " (see `kg queries`)"
    raise InputError(f"unknown query '{name_or_file}'{hint}")
