"""Pack query parameters named as grlc does (``?_name``, ``?__name``, ``?_name_type``) and the typed RDF
term each user value becomes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal as TypingLiteral

import pyoxigraph as ox

from kg.errors import InputError
from kg.pack.vocabulary import VOCABULARIES, Vocabulary
from kg.rdf.terms import PREFIXES

XSD = PREFIXES["xsd"]


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
        if self.vocabulary is not None:
            return f"{self.name} ({self.vocabulary.forms})"
        return self.kind

    @property
    def vocabulary(self) -> Vocabulary | None:
        """The names this IRI parameter accepts (regions, agency types), or None for any IRI."""
        lookup = VOCABULARIES.get(self.name) if self.kind == "iri" else None
        return lookup() if lookup is not None else None

    def sample(self) -> ox.NamedNode | ox.Literal:
        """A term of this parameter's kind, to check where the query lets a bound value stand."""
        if self.kind == "iri":
            return ox.NamedNode("https://example.org/sample")
        if self.kind == "typed" and self.datatype is not None:
            return ox.Literal("0", datatype=ox.NamedNode(self.datatype))
        return ox.Literal("0", language=self.language) if self.kind == "lang" else ox.Literal("0")

    def term(self, value: str) -> ox.NamedNode | ox.Literal:
        """The typed RDF term for a user value; a value that does not fit the type is an InputError."""
        bad = f"parameter '{self.name}' ({self.type_label}): "
        if self.kind == "string":
            return ox.Literal(value)
        if self.kind == "lang":
            return ox.Literal(value, language=self.language)
        if self.kind == "iri":
            if self.vocabulary is not None:
                return ox.NamedNode(self.vocabulary.iri(value))
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


def parameter_from_variable(variable: str, where: str) -> Parameter | None:
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
