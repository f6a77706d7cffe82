"""Shared visual choices: agency types gathered into a few groups, one colour (and shape) per group,
the same on pages, in figures and in the GEXF files.

Forty-eight types cannot get forty-eight distinguishable colours; nine groups can. The colours are
the Okabe–Ito palette, distinguishable with the common colour-vision deficiencies (M. Okabe and K. Ito
(2008), Color Universal Design, https://jfly.uni-koeln.de/color/); groups beyond its seven colours
repeat a colour with another node shape. Types missing from the table fall into ``other``.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.analysis.graphdata import AgencyType

#: Okabe–Ito without black (node labels are black)
OKABE_ITO = ["#D55E00", "#0072B2", "#E69F00", "#009E73", "#56B4E9", "#CC79A7", "#F0E442"]
OTHER_COLOR = "#999999"
#: vis-network node shapes; matplotlib markers of the same look in ``MARKERS``
SHAPES = ["dot", "square", "triangle"]
MARKERS = {"dot": "o", "square": "s", "triangle": "^"}


@dataclass(frozen=True)
class Group:
    key: str
    label_zh: str
    label_en: str
    types: tuple[str, ...]


GROUPS = [
    Group("ip", "知识产权与版权", "IP and copyright offices", ("IPO", "CPR")),
    Group(
        "justice",
        "司法与执法",
        "Courts, procuratorates, police, justice",
        ("CRT", "PRO", "PSB", "JUS", "LEG", "URB"),
    ),
    Group("market", "市场监管", "Market regulation and inspection", ("AIC", "MSA", "QTS", "FDA", "CIQ")),
    Group(
        "economy",
        "经济与金融",
        "Economy and finance",
        ("FIN", "DRC", "IIT", "SAS", "TAX", "STA", "FNO", "PBC", "CBR", "CSR", "CIR", "ENT"),
    ),
    Group("trade", "海关、商务与外事", "Customs, commerce, foreign affairs", ("CUS", "COM", "FAO")),
    Group("culture", "文化与宣传", "Culture, media, publicity", ("PPB", "CUL", "HER", "PRP")),
    Group("science", "科教与人才", "Science, education, talent", ("SCI", "EDU", "CAS", "UNI", "HRS", "TAL")),
    Group("sector", "农业、林业与卫生", "Agriculture, forestry, health", ("AGR", "FOR", "HLT")),
    Group(
        "government",
        "政府、党委与园区",
        "Government, party, zones, associations",
        ("GOV", "PAR", "LGO", "ORG", "ZON", "ASC"),
    ),
]
OTHER = Group("other", "其他", "Other", ("OTH",))


@dataclass(frozen=True)
class Look:
    group: Group
    color: str
    shape: str


def group_looks() -> dict[str, Look]:
    """Colour and shape of each group, by group key (``other`` grey dots)."""
    out = {
        g.key: Look(g, OKABE_ITO[i % len(OKABE_ITO)], SHAPES[i // len(OKABE_ITO)])
        for i, g in enumerate(GROUPS)
    }
    out[OTHER.key] = Look(OTHER, OTHER_COLOR, SHAPES[0])
    return out


def type_looks(types: list[AgencyType]) -> dict[str, Look]:
    """The look of every agency type of the scheme (by its group)."""
    looks = group_looks()
    group_of = {code: g.key for g in GROUPS for code in g.types}
    return {t.code: looks[group_of.get(t.code, OTHER.key)] for t in types}


def type_colors(types: list[AgencyType]) -> dict[str, str]:
    """The colour of every agency type (its group's)."""
    return {code: look.color for code, look in type_looks(types).items()}
