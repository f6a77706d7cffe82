"""The query pack: named, documented SPARQL queries, run on the built store or on any SPARQL endpoint.

Pack files are ``queries/*.rq`` at the top of the project (the source of truth). ``kg/queries`` is a
symlink to that folder, so the same files are package data (``kg = ["queries/*.rq"]`` in pyproject):
an installed ``kg`` finds them through ``importlib.resources`` from any working directory, and there is
only one copy to edit.

Each file starts with grlc-style decorators (``#+ summary:``, ``#+ description:``, ``#+ tags:``,
``#+ defaults:``) and names its parameters as grlc does: ``?_name`` is a required parameter,
``?__name`` an optional one, and a suffix gives the type: ``?_year_integer`` (any XSD datatype),
``?_region_iri``, ``?_n_number``, ``?_label_en`` (a two-letter language tag).

Binding never splices text into the query. Each value becomes a typed RDF term (a pyoxigraph
``Literal``/``NamedNode``, which validates and escapes it) and the terms are injected as a
``VALUES`` block at the start of the outermost ``WHERE`` group, so the same bound text runs on the
embedded store and on remote endpoints with the same answers. Parameters must therefore be used in
that outermost group (a FILTER there sees them; a FILTER inside a nested group or sub-select does not).

Language tags: a plain ``?_keyword`` is bound as a plain ``xsd:string``; the graph's Chinese text is
``@zh``, so pack queries compare with ``CONTAINS(STR(?text), ?_keyword)`` (``STR`` drops the tag).
Use a ``?_name_zh`` parameter only where an exact ``@zh`` term must be matched.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import importlib.resources
import io
import json
import re
import sys
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal as TypingLiteral

import pyoxigraph as ox

from kg.errors import InputError
from kg.rdf.terms import PREFIXES

XSD = PREFIXES["xsd"]

FORMATS = ("table", "csv", "tsv", "json")
TABLE_CELL_WIDTH = 60  # display columns; csv/tsv/json always carry the full text

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


# ---------------------------------------------------------------------------------------------------
# Parameters


def _integer(sign: str | None) -> re.Pattern[str]:
    return re.compile(
        {
            None: r"[+-]?\d+",
            "+": r"\+?0*[1-9]\d*",
            "0+": r"\+?\d+|-0+",
            "-": r"-0*[1-9]\d*",
            "0-": r"-\d+|\+?0+",
        }[sign]
    )


_TZ = r"(Z|[+-]\d\d:\d\d)?"
_LEXICAL: dict[str, re.Pattern[str] | None] = {
    "integer": _integer(None),
    "int": _integer(None),
    "long": _integer(None),
    "short": _integer(None),
    "byte": _integer(None),
    "positiveInteger": _integer("+"),
    "nonNegativeInteger": _integer("0+"),
    "negativeInteger": _integer("-"),
    "nonPositiveInteger": _integer("0-"),
    "unsignedInt": _integer("0+"),
    "unsignedLong": _integer("0+"),
    "decimal": re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)"),
    "double": re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN"),
    "float": re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN"),
    "boolean": re.compile(r"true|false|1|0"),
    "date": re.compile(r"-?\d{4,}-\d\d-\d\d" + _TZ),
    "dateTime": re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?" + _TZ),
    "gYear": re.compile(r"-?\d{4,}" + _TZ),
    "gYearMonth": re.compile(r"-?\d{4,}-\d\d" + _TZ),
    "duration": re.compile(r"-?P(?=\d|T)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?"),
    "anyURI": None,
    "normalizedString": None,
    "token": None,
    "language": None,
}
_PARAM_VAR = re.compile(r"(_{1,2})([A-Za-z][A-Za-z0-9]*)(?:_([A-Za-z][A-Za-z0-9]*))?")


@dataclass(frozen=True)
class Parameter:
    """One ``?_name[_type]`` variable of a pack query: what the user passes as ``--param name=value``."""

    name: str
    variable: str  # the SPARQL variable without "?", e.g. "_year_integer"
    kind: TypingLiteral["string", "iri", "number", "typed", "lang"]
    required: bool
    datatype: str | None = None  # full IRI, for kind == "typed"
    language: str | None = None  # for kind == "lang"
    default: str | None = None

    @property
    def type_label(self) -> str:
        """How the web form and the help text name the type."""
        if self.kind == "typed":
            return "xsd:" + (self.datatype or "").removeprefix(XSD)
        if self.kind == "lang":
            return f"string@{self.language}"
        return self.kind

    def term(self, value: str) -> ox.NamedNode | ox.Literal:
        """The typed RDF term for a user value; a value that does not fit the type is an InputError."""
        bad = f"parameter '{self.name}' ({self.type_label}): "
        if self.kind == "string":
            return ox.Literal(value)
        if self.kind == "lang":
            return ox.Literal(value, language=self.language)
        if self.kind == "iri":
            iri = value.strip().removeprefix("<").removesuffix(">")
            if ":" not in iri:
                raise InputError(bad + f"not an absolute IRI: {value!r}")
            try:
                return ox.NamedNode(iri)
            except ValueError as error:
                raise InputError(bad + f"not an IRI: {value!r} ({error})") from None
        if self.kind == "number":
            for local in ("integer", "decimal", "double"):
                if _full_match(_LEXICAL[local], value.strip()):
                    return ox.Literal(value.strip(), datatype=ox.NamedNode(XSD + local))
            raise InputError(bad + f"not a number: {value!r}")
        assert self.datatype is not None
        local = self.datatype.removeprefix(XSD)
        pattern = _LEXICAL.get(local)
        lexical = value.strip() if pattern is not None else value
        if pattern is not None and not _full_match(pattern, lexical):
            raise InputError(bad + f"not a valid {local}: {value!r}")
        if local == "date" and re.fullmatch(r"\d{4}-\d\d-\d\d", lexical):
            try:
                date.fromisoformat(lexical)
            except ValueError:
                raise InputError(bad + f"not a valid date: {value!r}") from None
        return ox.Literal(lexical, datatype=ox.NamedNode(self.datatype))


def _full_match(pattern: re.Pattern[str] | None, text: str) -> bool:
    return pattern is None or pattern.fullmatch(text) is not None


def _parameter(variable: str, where: str) -> Parameter | None:
    """grlc's naming rules for one variable name (without "?"); None when it is not a parameter."""
    if not variable.startswith("_"):
        return None
    match = _PARAM_VAR.fullmatch(variable)
    if match is None:
        raise InputError(
            f"{where}: bad parameter variable ?{variable}: use ?_name or ?__name (optional), with at "
            "most one type suffix (?_name_iri, ?_name_integer, ?_name_en) and no other underscores"
        )
    underscores, name, suffix = match.groups()
    required = underscores == "_"
    if suffix is None or suffix in ("string", "literal"):
        return Parameter(name, variable, "string", required)
    if suffix == "iri":
        return Parameter(name, variable, "iri", required)
    if suffix == "number":
        return Parameter(name, variable, "number", required)
    if suffix in _LEXICAL:
        return Parameter(name, variable, "typed", required, datatype=XSD + suffix)
    if re.fullmatch(r"[a-z]{2}", suffix):
        return Parameter(name, variable, "lang", required, language=suffix)
    raise InputError(f"{where}: parameter ?{variable}: unknown type suffix '_{suffix}'")


# ---------------------------------------------------------------------------------------------------
# A small SPARQL lexer: enough to find variables and the outermost WHERE group, never fooled by
# braces, "#" or "?" inside strings, IRIs and comments.

_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_VARIABLE = re.compile(r"[?$]([A-Za-z0-9_\u00B7\u00C0-\U000EFFFF]+)")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*(:[^\s{}()<>,;\"'#]*)?|:[^\s{}()<>,;\"'#]*")


@dataclass(frozen=True)
class _Token:
    kind: str  # "var", "word", "{", "}", "(", ")", "string", "iri"
    start: int
    end: int
    text: str


def _tokens(query: str) -> Iterator[_Token]:
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c == "#":
            j = query.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c in "\"'":
            quote = query[i : i + 3] if query[i : i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and not query.startswith(quote, j):
                j += 2 if query[j] == "\\" else 1
            end = min(n, j + len(quote))
            yield _Token("string", i, end, query[i:end])
            i = end
            continue
        match = None
        if c == "<":
            match, kind = _IRIREF.match(query, i), "iri"
        elif c in "?$":
            match, kind = _VARIABLE.match(query, i), "var"
        elif c.isalpha() or c == ":":
            match, kind = _WORD.match(query, i), "word"
        if match is not None:
            yield _Token(kind, i, match.end(), match.group(1) if kind == "var" else match.group(0))
            i = match.end()
            continue
        if c in "{}()":
            yield _Token(c, i, i + 1, c)
        i += 1


def query_form(query: str) -> str | None:
    """SELECT, CONSTRUCT, DESCRIBE or ASK (upper case), or None when the text is none of them."""
    for token in _tokens(query):
        if token.kind == "word" and token.text.upper() in ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK"):
            return token.text.upper()
    return None


def _where_group_offset(query: str) -> int | None:
    """Offset just after the "{" that opens the outermost WHERE group (None if there is none)."""
    tokens = list(_tokens(query))
    start = next(
        (
            k
            for k, t in enumerate(tokens)
            if t.kind == "word" and t.text.upper() in ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
        ),
        None,
    )
    if start is None:
        return None
    k = start + 1
    if tokens[start].text.upper() == "CONSTRUCT" and k < len(tokens) and tokens[k].kind == "{":
        depth = 0  # skip the template; "CONSTRUCT WHERE { … }" has none: its first group is WHERE
        for end in range(k, len(tokens)):
            depth += {"{": 1, "}": -1}.get(tokens[end].kind, 0)
            if depth == 0:
                break
        k = end + 1
    parens = 0
    for token in tokens[k:]:
        if token.kind == "(":
            parens += 1
        elif token.kind == ")":
            parens -= 1
        elif token.kind == "{" and parens == 0:
            return token.end
    return None


def inject_values(query: str, bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """The query with a ``VALUES`` block binding each variable (name without "?") to its term.

    Terms are written with pyoxigraph's own serialisation (``str(term)``), which escapes quotes,
    backslashes and newlines: a value can never end the literal and become query text.
    """
    if not bindings:
        return query
    offset = _where_group_offset(query)
    if offset is None:
        raise InputError("cannot bind parameters: the query has no WHERE group")
    variables = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(term) for term in bindings.values())
    block = f" VALUES ({variables}) {{ ({values}) }}"
    return query[:offset] + block + query[offset:]


# ---------------------------------------------------------------------------------------------------
# Pack files


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


# a decorator's value: a scalar, or a list of scalars and ``name: value`` pairs
DecoratorValue = str | list[str | dict[str, str]]


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def _parse_decorators(lines: list[tuple[int, str]], where: str) -> dict[str, DecoratorValue]:
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


def parse_query(text: str, name: str, path: Path | None = None) -> PackQuery:
    """A PackQuery from the text of a .rq file (decorators, parameters, defaults checked)."""
    where = str(path) if path is not None else name
    decorator_lines = [(n, line[2:]) for n, line in enumerate(text.splitlines(), 1) if line.startswith("#+")]
    meta = _parse_decorators(decorator_lines, where)
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
    for token in _tokens(text):
        if token.kind != "var":
            continue
        parameter = _parameter(token.text, where)
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


def resolve(name_or_file: str, pack: Mapping[str, PackQuery] | None = None) -> PackQuery:
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


# ---------------------------------------------------------------------------------------------------
# Running


@dataclass
class Result:
    """A query's answer, whatever ran it: solutions (SELECT), a boolean (ASK) or triples."""

    kind: TypingLiteral["solutions", "boolean", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)


def _from_pyoxigraph(answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | ox.QuadParser) -> Result:
    if isinstance(answer, ox.QueryBoolean):
        return Result("boolean", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        return Result("solutions", variables, [tuple(solution) for solution in answer])
    return Result("graph", triples=[t.triple if isinstance(t, ox.Quad) else t for t in answer])


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


def open_store(build_dir: str | Path) -> ox.Store:
    """The build's store, read-only, so that queries can run while a server has it open."""
    store_dir = Path(build_dir) / "store"
    if not store_dir.is_dir():
        raise InputError(f"no built store at {store_dir}: run `kg build` first (or pass --build DIR)")
    try:
        return ox.Store.read_only(str(store_dir))
    except OSError as error:
        raise InputError(f"cannot open the store at {store_dir}: {_one_line(error)}") from None


def run_text(store: ox.Store, text: str, name: str = "query") -> Result:
    """Run ready-bound SPARQL text on an open store; engine errors become one-line InputErrors."""
    try:
        return _from_pyoxigraph(store.query(text))
    except SyntaxError as error:
        raise InputError(f"syntax error in {name}: {_one_line(error)}") from None
    except (OSError, ValueError, RuntimeError) as error:
        raise InputError(f"query {name} failed: {_one_line(error)}") from None


def run_local(build_dir: str | Path, query: PackQuery, params: Mapping[str, str] | None = None) -> Result:
    """Run a pack query on the embedded on-disk store of a build directory."""
    text = query.bind(params)
    return run_text(open_store(build_dir), text, query.name)


REMOTE_ACCEPT = (
    "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
    "application/sparql-results+xml;q=0.5"
)


def run_remote(
    endpoint_url: str, query: PackQuery, params: Mapping[str, str] | None = None, timeout: float = 60.0
) -> Result:
    """Run a pack query on any SPARQL 1.1 Protocol endpoint (POST, form-encoded; stdlib only)."""
    text = query.bind(params)
    body = urllib.parse.urlencode({"query": text}).encode("utf-8")
    request = urllib.request.Request(
        endpoint_url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": REMOTE_ACCEPT},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            media = response.headers.get_content_type()
            payload = response.read()
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", "replace").strip().splitlines()
        message = detail[0][:300] if detail else error.reason
        raise InputError(f"endpoint {endpoint_url} answered {error.code}: {message}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise InputError(f"cannot reach endpoint {endpoint_url}: {_one_line(reason)}") from None
    return parse_response(payload, media, endpoint_url)


_RESULT_MEDIA = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_MEDIA = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


def parse_response(payload: bytes, media: str, source: str = "endpoint") -> Result:
    """A Result from an HTTP answer body and its media type."""
    try:
        if media in _RESULT_MEDIA:
            return _from_pyoxigraph(ox.parse_query_results(payload, format=_RESULT_MEDIA[media]))
        if media in _GRAPH_MEDIA:
            return _from_pyoxigraph(ox.parse(payload, format=_GRAPH_MEDIA[media]))
    except (SyntaxError, ValueError, OSError) as error:
        raise InputError(f"{source} sent an unreadable {media} answer: {_one_line(error)}") from None
    raise InputError(f"{source} answered with unsupported media type {media}")


# ---------------------------------------------------------------------------------------------------
# Formatting


def display(term: Term | None) -> str:
    """A term as people read it: literal text without quotes or tags, IRIs with the usual prefixes."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in PREFIXES.items():
            if term.value.startswith(namespace) and len(term.value) > len(namespace):
                return f"{prefix}:{term.value[len(namespace) :]}"
        return term.value
    return str(term)


def _width(text: str) -> int:
    """Terminal columns: CJK wide and full-width characters take two, combining marks none."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text
    )


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if _width(text) <= limit:
        return text
    out, used = [], 0
    for c in text:
        w = _width(c)
        if used + w > limit - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


_NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger")}


def _numeric(term: Term | None) -> bool:
    return isinstance(term, ox.Literal) and term.datatype.value in _NUMERIC


def format_table(result: Result) -> str:
    """Aligned columns for a terminal (CJK-width aware); numeric columns are right-aligned."""
    if result.kind != "solutions":
        return format_result(result, "table")
    header = list(result.variables)
    body = [[_clip(display(term), TABLE_CELL_WIDTH) for term in row] for row in result.rows]
    widths = [max([_width(h)] + [_width(row[i]) for row in body]) for i, h in enumerate(header)]
    right = [
        bool(result.rows) and all(_numeric(row[i]) or row[i] is None for row in result.rows)
        for i in range(len(header))
    ]

    def line(cells: list[str]) -> str:
        return "  ".join(
            " " * (w - _width(c)) + c if r else _pad(c, w)
            for c, w, r in zip(cells, widths, right, strict=True)
        ).rstrip()

    lines = [line(header), "  ".join("-" * w for w in widths)] + [line(row) for row in body]
    lines.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


_TSV_SHORT = {
    XSD + "integer": r"[+-]?\d+",
    XSD + "decimal": r"[+-]?\d*\.\d+",
    XSD + "double": r"[+-]?(\d+(\.\d*)?|\.\d+)[eE][+-]?\d+",
    XSD + "boolean": r"true|false",
}


def _tsv_value(term: Term | None) -> str:
    """SPARQL TSV: terms in Turtle syntax, numbers and booleans in their short form."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and term.datatype.value in _TSV_SHORT:
        if re.fullmatch(_TSV_SHORT[term.datatype.value], term.value):
            return term.value
    return str(term)


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def to_sparql_json(result: Result) -> dict[str, object]:
    """The standard SPARQL 1.1 Query Results JSON document."""
    if result.kind == "boolean":
        return {"head": {}, "boolean": bool(result.boolean)}
    bindings = [
        {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]
    return {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}


def format_result(result: Result, fmt: str) -> str:
    """The answer in one of FORMATS; graphs (CONSTRUCT/DESCRIBE) are always Turtle."""
    if result.kind == "graph":
        turtle = ox.serialize(result.triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        assert turtle is not None  # no output given: serialize returns the bytes
        return turtle.decode("utf-8")
    if fmt == "json":
        return json.dumps(to_sparql_json(result), ensure_ascii=False, indent=2) + "\n"
    if result.kind == "boolean":
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "table":
        return format_table(result)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)  # RFC 4180 with CRLF, as SPARQL 1.1 CSV results specify
        writer.writerow(result.variables)
        writer.writerows([_csv_value(t) for t in row] for row in result.rows)
        return out.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        lines += ["\t".join(_tsv_value(t) for t in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    raise InputError(f"unknown format '{fmt}' (one of {', '.join(FORMATS)})")


# ---------------------------------------------------------------------------------------------------
# Command line


def _write(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InputError(f"bad --param {pair!r}: use NAME=VALUE")
        params[name.strip()] = value
    return params


def cmd_queries(args: argparse.Namespace) -> int:
    pack = load_pack()
    width = max((len(name) for name in pack), default=0)
    _write("".join(f"{name.ljust(width)}  {q.summary}\n" for name, q in pack.items()))
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    query = resolve(args.query)
    params = _parse_params(args.param)
    if args.endpoint:
        result = run_remote(args.endpoint, query, params, timeout=args.timeout)
    else:
        result = run_local(args.build, query, params)
    _write(format_result(result, args.format))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    listing = subparsers.add_parser("queries", help="list the query pack (name, then summary)")
    listing.set_defaults(func=cmd_queries)

    parser = subparsers.add_parser(
        "query",
        help="run a pack query (or a .rq file) on the build or on a SPARQL endpoint",
        description="Run a query of the pack by name, or any .rq file. Parameters are bound as typed "
        "RDF terms (never pasted into the text). Tables clip long cells; csv, tsv and json "
        "carry full text. CONSTRUCT/DESCRIBE answers print as Turtle.",
    )
    parser.add_argument("query", metavar="NAME|FILE.rq")
    parser.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE", help="a parameter value (repeatable)"
    )
    parser.add_argument("--format", choices=FORMATS, default="table")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--build", default="build", metavar="DIR", help="build directory (default: build)")
    where.add_argument("--endpoint", metavar="URL", help="a SPARQL 1.1 query endpoint instead of the build")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for an endpoint")
    parser.set_defaults(func=cmd_query)
