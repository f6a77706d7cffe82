"""Loading pack files: a ``PackQuery`` per ``.rq`` file, its decorators and parameters checked, and
binding a run's values into its text."""

from __future__ import annotations

import dataclasses
import difflib
import importlib.resources
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, one_line
from kg.pack.binding import bind_terms, misplaced_parameters
from kg.pack.decorators import decorator_lines, defaults_of, parse_decorators, tags_of, text_of
from kg.pack.lexer import query_form, tokens
from kg.pack.parameters import Parameter, parameter_from_variable


@dataclass(frozen=True)
class BoundQuery:
    """A query's text with the run's values bound, and the defaults it fell back on (to be shown)."""

    text: str
    defaults_used: Mapping[str, str] = field(default_factory=dict)

    @property
    def notices(self) -> list[str]:
        """One line per default used, for stderr (CLI) or a notice on the page."""
        return [
            f"parameter '{name}' not given: using its default {value!r}"
            for name, value in self.defaults_used.items()
        ]


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

    def bound(self, params: Mapping[str, str] | None = None) -> BoundQuery:
        """The query with every given parameter bound; a required one not given takes its ``#+ defaults``
        value (reported in ``defaults_used``), and without a default the run is refused (InputError)."""
        params = dict(params or {})
        for name in params:
            self.parameter(name)
        terms: dict[str, ox.NamedNode | ox.Literal] = {}
        used: dict[str, str] = {}
        for parameter in self.parameters:
            value = params.get(parameter.name)
            if value is None and parameter.default is not None:
                value = used[parameter.name] = parameter.default
            if value is not None:
                terms[parameter.variable] = parameter.term(value)
            elif parameter.required:
                raise InputError(
                    f"query {self.name} needs parameter '{parameter.name}' ({parameter.type_label}): "
                    f"--param {parameter.name}=VALUE"
                )  # an optional one left out stays a variable, unbound
        return BoundQuery(bind_terms(self.text, terms), used)

    def bind(self, params: Mapping[str, str] | None = None) -> str:
        """The bound text only (see ``bound`` for the defaults it used)."""
        return self.bound(params).text

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


def _parameters(text: str, defaults: Mapping[str, str], where: str) -> tuple[Parameter, ...]:
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
        parameters.append(dataclasses.replace(parameter, default=default))
    # required ones first (as forms and `kg queries` list them), each kind in the order of the text
    return tuple(sorted(parameters, key=lambda p: not p.required))


def parse_query(text: str, name: str, path: Path | None = None) -> PackQuery:
    """A PackQuery from the text of a .rq file (decorators, parameters, defaults and the places the
    parameters stand checked)."""
    where = str(path) if path is not None else name
    meta = parse_decorators(decorator_lines(text), where)
    if query_form(text) is None:
        raise InputError("not a SPARQL query (no SELECT, CONSTRUCT, DESCRIBE or ASK)", path=where)
    defaults = defaults_of(meta, where)
    parameters = _parameters(text, defaults, where)
    for misplaced in misplaced_parameters(text):
        raise InputError(
            f"parameter ?{misplaced.variable} stands in {misplaced.where}, where a bound value cannot "
            "stand: use a plain variable there and the parameter in a pattern or FILTER",
            path=where,
            line=misplaced.line,
        )
    return PackQuery(
        name=name,
        path=path,
        text=text,
        summary=text_of(meta, "summary"),
        description=text_of(meta, "description"),
        tags=tags_of(meta, where),
        defaults=defaults,
        parameters=parameters,
    )


def _check_bindable(query: PackQuery, where: str) -> None:
    """Bind a sample value to every parameter and let pyoxigraph parse the result (on an empty store):
    a place the position checks do not know (a literal as predicate, …) is refused at load time, with
    its line. Files only: the empty store still runs what it parses, and files are the user's own."""
    if not query.parameters or any(
        t.kind == "word" and t.text.upper() == "SERVICE" for t in tokens(query.text)
    ):
        return
    empty = ox.Store()
    try:
        empty.query(query.text)
    except SyntaxError:
        return  # the query itself is wrong: reported, as any syntax error, when it runs
    sample = bind_terms(query.text, {p.variable: p.sample() for p in query.parameters})
    try:
        empty.query(sample)
    except SyntaxError as error:
        message = one_line(error)
        line = int(message.split()[2].split(":")[0]) if message.startswith("error at ") else None
        raise InputError(
            f"a parameter stands where a bound value cannot ({message})", path=where, line=line
        ) from None


def load_query_file(path: str | Path) -> PackQuery:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read query file: {error}", path=str(path)) from None
    query = parse_query(text, path.stem, path)
    _check_bindable(query, str(path))
    return query


def pack_dir() -> Path:
    """Where the installed pack lives (kg/queries, a symlink to the project's queries/ in a checkout)."""
    return Path(str(importlib.resources.files("kg") / "queries"))


def load_pack(directory: str | Path | None = None) -> dict[str, PackQuery]:
    """Every ``*.rq`` of the pack, by name (the file stem), sorted by name."""
    folder = Path(directory) if directory is not None else pack_dir()
    if not folder.is_dir():
        raise InputError(f"query pack folder not found: {folder}")
    return {path.stem: load_query_file(path) for path in sorted(folder.glob("*.rq"), key=lambda p: p.stem)}


def find_query(name_or_file: str) -> PackQuery:
    """A pack query by name (only its own file is read), or a .rq file by path."""
    if name_or_file.endswith(".rq") or "/" in name_or_file or Path(name_or_file).is_file():
        if not Path(name_or_file).is_file():
            raise InputError(f"no such query file: {name_or_file}")
        return load_query_file(name_or_file)
    own_file = pack_dir() / f"{name_or_file}.rq"
    if own_file.is_file():
        return load_query_file(own_file)
    names = sorted(path.stem for path in pack_dir().glob("*.rq"))
    close = difflib.get_close_matches(name_or_file, names, n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else " (see `kg queries`)"
    raise InputError(f"unknown query '{name_or_file}'{hint}")
