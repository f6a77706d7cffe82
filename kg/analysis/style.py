"""Shared visual choices: one colour per agency type, the same on pages and in figures."""

from __future__ import annotations

from matplotlib import colormaps
from matplotlib.colors import to_hex

from kg.analysis.graphdata import AgencyType

IPO_COLOR = "#d62728"


def palette() -> list[str]:
    """About fifty distinguishable colours: the qualitative matplotlib maps, in a fixed order."""
    colors: list[str] = []
    for name in ("tab10", "Dark2", "Set2", "tab20b", "Accent", "Set1"):
        cmap = colormaps[name]
        colors += [to_hex(cmap(i)) for i in range(cmap.N)]
    unique = []
    for color in colors:
        if color not in unique and color != IPO_COLOR:
            unique.append(color)
    return unique


def type_colors(types: list[AgencyType]) -> dict[str, str]:
    """Colour by the scheme's order (stable across builds); the IP office always red, Other always grey."""
    colors = iter(palette())
    out = {}
    for kind in types:
        if kind.code == "IPO":
            out[kind.code] = IPO_COLOR
        elif kind.code == "OTH":
            out[kind.code] = "#9e9e9e"
        else:
            out[kind.code] = next(colors, "#777777")
    return out
