"""Every name people use for a region, an agency type or an edition, mapped to the IRI the graph uses.

A pack parameter named ``region`` or ``agencyType`` with the ``_iri`` suffix (``?_region_iri``,
``?_agencyType_iri``) takes any of these names; the query itself only ever sees the IRI, so the bound
text runs the same on any endpoint. The names come from the bundled vocabularies
(``kg/data/regions.csv``, ``kg/data/agency-types.csv``, through ``kg.entities.vocab``): one place.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache

from kg.entities import vocab
from kg.errors import InputError
from kg.rdf.terms import ID, source_document

# the part of a region's name people leave out: 广东省 → 广东, 广西壮族自治区 → 广西
_REGION_SUFFIX = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$")


@dataclass(frozen=True)
class Entry:
    iri: str
    label: str  # how suggestions name it: 广东省 (Guangdong, 440000)


def _normal(name: str) -> str:
    """Case, spaces and punctuation do not matter: ``Inner Mongolia`` = ``inner-mongolia``."""
    return re.sub(r"[\W_]+", "", name.strip().removeprefix("<").removesuffix(">")).casefold()


@dataclass(frozen=True)
class Vocabulary:
    what: str  # "region", "agency type"
    names: dict[str, Entry]  # normalised name -> entry
    forms: str = "name, code or IRI"  # what a value may be, as help texts and the page's form say
    suggest: bool = True  # near names as suggestions (not for years: 2099 is no hint for 1899)

    def iri(self, value: str) -> str:
        """The IRI for any accepted name; an unknown name is an InputError with the closest names."""
        entry = self.names.get(_normal(value))
        if entry is not None:
            return entry.iri
        if not self.suggest:
            raise InputError(f"unknown {self.what} {value!r}: give {self.forms}")
        close = difflib.get_close_matches(_normal(value), list(self.names), n=6, cutoff=0.5)
        labels = list(dict.fromkeys(self.names[name].label for name in close))[:3]
        hint = f"; did you mean {' or '.join(labels)}?" if labels else ""
        raise InputError(f"unknown {self.what} {value!r}{hint}")


@cache
def regions() -> Vocabulary:
    names: dict[str, Entry] = {}
    for info in vocab.regions().values():
        code = info.gb2260
        entry = Entry(
            f"{ID}region/{info.key}", f"{info.label_zh} ({info.label_en}{', ' + code if code else ''})"
        )
        short = "兵团" if info.key == "xpcc" else _REGION_SUFFIX.sub("", info.label_zh)
        for name in (info.label_zh, short, info.label_en, code, info.key, entry.iri):
            if name:
                names.setdefault(_normal(name), entry)
    return Vocabulary("region", names)


@cache
def agency_types() -> Vocabulary:
    names: dict[str, Entry] = {}
    for info in vocab.agency_types().values():
        entry = Entry(f"{ID}agency-type/{info.code}", f"{info.label_zh} ({info.label_en}, {info.code})")
        for name in (info.code, info.label_zh, info.label_en, entry.iri):
            names.setdefault(_normal(name), entry)
    return Vocabulary("agency type", names)


#: The years an edition may carry (kg.edition reads a file's year from its own headings).
EDITION_YEARS = range(2000, 2100)


@cache
def editions() -> Vocabulary:
    """An edition by its year (``2018``, ``2018年``) or its source document's IRI (``…/id/source/2018``,
    what a task ``prov:wasDerivedFrom``). Whether the graph holds that edition is the graph's to say
    (kg.pack.checks)."""
    names: dict[str, Entry] = {}
    for year in EDITION_YEARS:
        entry = Entry(source_document(year).value, f"{year}")
        for name in (str(year), f"{year}年", entry.iri):
            names.setdefault(_normal(name), entry)
    return Vocabulary("edition", names, "a year, or its source document's IRI", suggest=False)


#: parameter names (with the _iri suffix) whose values are looked up by name
VOCABULARIES = {"region": regions, "agencyType": agency_types, "edition": editions}
